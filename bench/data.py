"""Synthetic data at scale: one plan whose 2022Q3 holds a given number of submitted reports.

The shape follows the real 000 plan: each task has one lead department and the 16 county
governments of 黔东南州 as responsible units; half the tasks have a numeric annual target with
a Q3 milestone. Besides the counted reports, a plan made `with_reserved` has tasks kept for the
timed parts, whose lead units have not reported (their counties have):
- 520 led by 州测试局（模板填报）, for the Excel upload of 500+ rows;
- 40 led by 州测试局（时延）, for the submit-to-figure latency;
- 10 units 州测试局（并发01…10） leading 20 tasks each, with a draft lead report each, which
  the 50-client load saves, submits, approves and returns.

Rows go in with PostgreSQL's COPY (ids given here, so values can name their reports without a
round trip): 1,000,000 reports take minutes, where the services would take hours. Every column
the models have is written, from the row or the field's default, so a new field with a default
needs no change here.
"""

import datetime
import io
import json
import random
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone

from plans.models import Plan, Region, Section, Unit
from plans.services import regions_load
from progress.models import Period, ProgressReport, ReportValue
from progress.services import periods_ensure
from tasks.models import Target, Task, TaskAssignment

COUNTIES = 16
DEPARTMENTS = 40
EXCEL_TASKS = 520
LATENCY_TASKS = 40
LOAD_UNITS = 10
LOAD_TASKS = 20  # per load unit

EXCEL_UNIT = "州测试局（模板填报）"
LATENCY_UNIT = "州测试局（时延）"
SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))
ON_TIME = datetime.datetime(2022, 9, 10, 10, tzinfo=SHANGHAI)
LATE = datetime.datetime(2022, 9, 25, 10, tzinfo=SHANGHAI)


def load_unit_name(n):
    return f"州测试局（并发{n:02d}）"


@dataclass
class BenchPlan:
    plan: Plan
    period: Period
    reports: int
    tasks: int
    excel_unit: Unit | None = None
    latency_unit: Unit | None = None
    load_units: list = field(default_factory=list)


# COPY -----------------------------------------------------------------------------------------


def _text(value):
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, list | dict):
        value = json.dumps(value, ensure_ascii=False)
    text = str(value)
    if any(c in text for c in "\\\t\n\r"):
        text = (
            text.replace("\\", "\\\\")
            .replace("\t", "\\t")
            .replace("\n", "\\n")
            .replace("\r", "\\r")
        )
    return text


def _next_ids(model, count):
    """`count` fresh ids for model's table (the identity moved past them)."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")
        start = cursor.fetchone()[0] + 1
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence(%s, 'id'), %s)", [table, start + count]
        )
    return start


def copy_rows(model, rows):
    """COPY dicts (by attname, ids included) into model's table; missing fields get their
    defaults (auto_now fields: now)."""
    now = timezone.now()
    fields = model._meta.concrete_fields
    defaults = {}
    for f in fields:
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            defaults[f.attname] = now
        else:
            defaults[f.attname] = f.get_default()  # "" for a text column without a default
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    names = [f.attname for f in fields]
    buffer = io.StringIO()
    count = 0
    for row in rows:
        buffer.write("\t".join(_text(row.get(n, defaults[n])) for n in names))
        buffer.write("\n")
        count += 1
    buffer.seek(0)
    with connection.cursor() as cursor:
        cursor.copy_expert(
            f"COPY {model._meta.db_table} ({columns}) FROM STDIN WITH (FORMAT text)", buffer
        )
    return count


# The plan ---------------------------------------------------------------------------------------


def _units():
    regions = regions_load()
    prefecture = regions["522600"]
    counties = list(Region.objects.filter(parent=prefecture).order_by("code"))[:COUNTIES]
    governments = [
        Unit.objects.get_or_create(
            region=c, name=f"{c.short_name}人民政府", defaults={"kind": "government"}
        )[0]
        for c in counties
    ]

    def department(name):
        return Unit.objects.get_or_create(region=prefecture, name=name)[0]

    departments = [department(f"州测试局{i:02d}") for i in range(DEPARTMENTS)]
    return prefecture, governments, departments, department


def bench_plan_create(*, reports, key=None, with_reserved=True, seed=7):
    """A plan for 2022 whose 2022Q3 has exactly `reports` submitted reports (and, with
    reserved tasks, the drafts of the load units), then VACUUM ANALYZE. Returns a BenchPlan."""
    with transaction.atomic():
        bench = _plan_create(reports=reports, key=key, with_reserved=with_reserved, seed=seed)
    with connection.cursor() as cursor:
        # As autovacuum does after a load (PostgreSQL 13 and later vacuum after inserts too):
        # without statistics the planner guesses badly, and without the visibility map a
        # count reads every row instead of the index alone.
        cursor.execute("VACUUM ANALYZE")
    return bench


def _plan_create(*, reports, key, with_reserved, seed):
    rng = random.Random(seed)
    prefecture, governments, departments, department = _units()
    plan = Plan.objects.create(
        key=key or f"bench-{reports}",
        title=f"基准测试计划（{reports:,}份报告）",
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
    bench = BenchPlan(plan=plan, period=None, reports=reports, tasks=0)

    # (lead unit, kind) of every task, in plan order: the reserved ones first.
    leads = []
    if with_reserved:
        bench.excel_unit = department(EXCEL_UNIT)
        bench.latency_unit = department(LATENCY_UNIT)
        bench.load_units = [department(load_unit_name(n)) for n in range(1, LOAD_UNITS + 1)]
        leads += [(bench.excel_unit, "excel")] * EXCEL_TASKS
        leads += [(bench.latency_unit, "latency")] * LATENCY_TASKS
        for unit in bench.load_units:
            leads += [(unit, "load")] * LOAD_TASKS
    counted = len(leads) * COUNTIES  # the reserved tasks' county reports
    while counted < reports:
        leads.append((departments[len(leads) % DEPARTMENTS], "counted"))
        counted += 1 + COUNTIES

    task_id = _next_ids(Task, len(leads))
    tasks = []  # (id, index, lead, kind, has_target)
    for i, (lead, kind) in enumerate(leads):
        tasks.append((task_id + i, i, lead, kind, i % 2 == 0 and kind != "load"))
    copy_rows(
        Task,
        (
            {
                "id": tid,
                "plan_id": plan.pk,
                "section_id": sections[i % 10].pk,
                "number": str(i + 1),
                "order": i,
                "annual_target": f"任务{i + 1}：年度完成1000人" if target else f"任务{i + 1}",
                "q2_plan": "推进",
                "q3_plan": "累计完成700人" if target else "推进",
                "q4_plan": "完成",
            }
            for tid, i, _lead, _kind, target in tasks
        ),
    )
    bench.tasks = len(tasks)

    assignment_id = _next_ids(TaskAssignment, len(tasks) * (1 + COUNTIES))

    def assignments():
        n = assignment_id
        for tid, _i, lead, _kind, _target in tasks:
            yield {"id": n, "task_id": tid, "unit_id": lead.pk, "role": "lead", "as_written": "x"}
            n += 1
            for j, g in enumerate(governments):
                yield {
                    "id": n,
                    "task_id": tid,
                    "unit_id": g.pk,
                    "role": "responsible",
                    "order": j + 1,
                    "as_written": "各县（市）人民政府",
                }
                n += 1

    copy_rows(TaskAssignment, assignments())

    with_target = [t for t in tasks if t[4]]
    target_id = _next_ids(Target, 2 * len(with_target))
    annual = {}  # task id -> annual target id
    rows = []
    for n, (tid, *_rest) in enumerate(with_target):
        annual[tid] = target_id + 2 * n
        common = {"task_id": tid, "metric": "农村劳动力转移就业", "comparator": ">=", "unit": "人"}
        rows.append(
            {
                **common,
                "id": annual[tid],
                "value": Decimal(1000),
                "value_as_written": "1000人",
                "due_year": 2022,
                "source_field": "annual",
                "source_text": "年度完成1000人",
                "role": "annual",
                "judged": True,
                "order": 0,
            }
        )
        rows.append(
            {
                **common,
                "id": annual[tid] + 1,
                "value": Decimal(700),
                "value_as_written": "700人",
                "due_year": 2022,
                "due_quarter": 3,
                "cumulative": True,
                "source_field": "Q3",
                "source_text": "累计完成700人",
                "annual_id": annual[tid],
                "role": "milestone",
                "judged": True,
                "year_to_date": Decimal(700),
                "order": 1,
            }
        )
    copy_rows(Target, rows)

    periods_ensure(plan=plan)
    period = Period.objects.get(plan=plan, year=2022, quarter=3)
    bench.period = period

    report_rows, value_rows = [], []
    report_id = _next_ids(ProgressReport, reports + LOAD_UNITS * LOAD_TASKS)
    count = 0
    for tid, _i, lead, kind, target in tasks:
        units = governments if kind != "counted" else [lead, *governments]
        for unit in units:
            if count >= reports:
                break
            when = LATE if rng.random() < 0.1 else ON_TIME
            report_rows.append(
                {
                    "id": report_id,
                    "task_id": tid,
                    "unit_id": unit.pk,
                    "period_id": period.pk,
                    "state": "submitted",
                    "narrative": "进展",
                    "percent": None if target else Decimal(rng.randint(30, 100)),
                    "first_submitted_at": when,
                    "submitted_at": when,
                    "version": 2,
                }
            )
            if target:
                value_rows.append(
                    {
                        "report_id": report_id,
                        "target_id": annual[tid],
                        "value": Decimal(rng.randint(300, 1200)),
                    }
                )
            report_id += 1
            count += 1
        if kind == "load":
            report_rows.append(
                {
                    "id": report_id,
                    "task_id": tid,
                    "unit_id": lead.pk,
                    "period_id": period.pk,
                    "state": "draft",
                    "narrative": "草稿",
                    "percent": Decimal(50),
                    "problems": "无",
                    "version": 1,
                }
            )
            report_id += 1
    copy_rows(ProgressReport, report_rows)
    value_id = _next_ids(ReportValue, len(value_rows))
    for n, row in enumerate(value_rows):
        row["id"] = value_id + n
    copy_rows(ReportValue, value_rows)
    return bench


def bench_plan_find(key):
    """The BenchPlan of a plan made earlier (a kept database), or None."""
    plan = Plan.objects.filter(key=key).first()
    if plan is None:
        return None
    period = Period.objects.get(plan=plan, year=2022, quarter=3)
    units = {u.name: u for u in Unit.objects.filter(name__startswith="州测试局（")}
    return BenchPlan(
        plan=plan,
        period=period,
        reports=ProgressReport.objects.filter(period=period, state="submitted").count(),
        tasks=Task.objects.filter(plan=plan).count(),
        excel_unit=units.get(EXCEL_UNIT),
        latency_unit=units.get(LATENCY_UNIT),
        load_units=[
            units[load_unit_name(n)] for n in range(1, LOAD_UNITS + 1) if load_unit_name(n) in units
        ],
    )
