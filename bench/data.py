"""Synthetic data at scale: one plan whose period holds a given number of reports.

Rows are written with bulk_create (the services would take hours for 200,000 reports); the
shape follows the real 000 plan: each task has one lead unit and the county governments of
黔东南州 as responsible units, half the tasks have a numeric target with a quarterly milestone.
"""

import datetime
import random
from decimal import Decimal

from django.db import connection

from plans.models import Plan, Region, Section, Unit
from plans.services import regions_load
from progress.models import Period, ProgressReport, ReportValue
from progress.services import periods_ensure
from tasks.models import Target, Task, TaskAssignment

BATCH = 5000


def bench_plan_create(*, reports, seed=7):
    """A plan for 2022 whose 2022Q3 has `reports` submitted reports. Returns (plan, period)."""
    rng = random.Random(seed)
    regions = regions_load()
    prefecture = regions["522600"]
    counties = list(Region.objects.filter(parent=prefecture).order_by("code"))
    governments = [
        Unit.objects.get_or_create(
            region=c, name=f"{c.short_name}人民政府", defaults={"kind": "government"}
        )[0]
        for c in counties
    ]
    departments = [
        Unit.objects.get_or_create(region=prefecture, name=f"州测试局{i:02d}")[0] for i in range(40)
    ]
    per_task = 1 + len(governments)
    task_count = max(1, reports // per_task)

    plan = Plan.objects.create(
        key=f"bench-{reports}",
        title=f"基准测试计划（{reports}份报告）",
        region=prefecture,
        level="prefecture",
        year_start=2022,
        year_end=2022,
        source="bench",
        layout="table",
    )
    sections = [
        Section.objects.create(
            plan=plan, key=str(i + 1), numbering=f"{i + 1}、", title=f"部分{i + 1}", order=i
        )
        for i in range(10)
    ]
    tasks = Task.objects.bulk_create(
        [
            Task(
                plan=plan,
                section=sections[i % 10],
                number=str(i + 1),
                order=i,
                annual_target=f"任务{i + 1}",
                q2_plan="推进",
                q3_plan="推进",
                q4_plan="完成",
            )
            for i in range(task_count)
        ],
        batch_size=BATCH,
    )
    assignments, targets = [], []
    for i, task in enumerate(tasks):
        assignments.append(
            TaskAssignment(
                task=task, unit=departments[i % 40], role="lead", order=0, as_written="x"
            )
        )
        assignments += [
            TaskAssignment(
                task=task, unit=g, role="responsible", order=j + 1, as_written="各县（市）人民政府"
            )
            for j, g in enumerate(governments)
        ]
        if i % 2 == 0:
            targets.append(
                Target(
                    task=task,
                    metric="指标",
                    comparator=">=",
                    value=Decimal(1000),
                    unit="人",
                    value_as_written="1000人",
                    due_year=2022,
                    source_field="annual",
                    source_text="1000人以上",
                    order=0,
                )
            )
    TaskAssignment.objects.bulk_create(assignments, batch_size=BATCH)
    Target.objects.bulk_create(targets, batch_size=BATCH)
    annual = {t.task_id: t for t in Target.objects.filter(task__plan=plan)}
    Target.objects.bulk_create(
        [
            Target(
                task_id=task_id,
                metric="指标",
                comparator=">=",
                value=Decimal(700),
                unit="人",
                value_as_written="700人",
                due_year=2022,
                due_quarter=3,
                source_field="Q3",
                source_text="累计700人",
                order=1,
                annual=a,
                cumulative=True,
            )
            for task_id, a in annual.items()
        ],
        batch_size=BATCH,
    )
    periods_ensure(plan=plan)
    period = Period.objects.get(plan=plan, year=2022, quarter=3)
    shanghai = datetime.timezone(datetime.timedelta(hours=8))
    on_time = datetime.datetime(2022, 9, 10, 10, tzinfo=shanghai)
    late = datetime.datetime(2022, 9, 25, 10, tzinfo=shanghai)
    rows = []
    for task in tasks:
        for unit in [departments[(task.order) % 40], *governments]:
            if len(rows) >= reports:
                break
            when = late if rng.random() < 0.1 else on_time
            rows.append(
                ProgressReport(
                    task=task,
                    unit=unit,
                    period=period,
                    state="submitted",
                    narrative="进展",
                    percent=None if task.id in annual else Decimal(rng.randint(30, 100)),
                    first_submitted_at=when,
                    submitted_at=when,
                    version=2,
                )
            )
    created = ProgressReport.objects.bulk_create(rows, batch_size=BATCH)
    values = [
        ReportValue(report=r, target=annual[r.task_id], value=Decimal(rng.randint(300, 1200)))
        for r in created
        if r.task_id in annual
    ]
    ReportValue.objects.bulk_create(values, batch_size=BATCH)
    if connection.vendor == "postgresql":
        # As autovacuum would after a load: without statistics the planner guesses badly.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return plan, period
