"""What a unit is asked to report: the plans and tasks assigned to it (with its reports in a
period), how its report on each task counts (reporting_roles), and the values each report is
asked for (Asked: a judged target and the goal the unit's actual is judged against)."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch

from plans.models import Plan, Unit
from progress.judging import county_level
from progress.models import JudgedTarget, ProgressReport, TargetShare
from tasks.amounts import amount_text, target_text, written_unit
from tasks.models import Target, Task, TaskAssignment


def plans_for_unit(unit):
    return Plan.objects.filter(tasks__assignments__unit=unit).distinct()


def unit_tasks(unit, plan):
    """The tasks of plan assigned to unit, with the unit's assignments (`unit_assignments`)."""
    tasks = (
        Task.objects.filter(plan=plan, assignments__unit=unit)
        .distinct()
        .select_related("section", "closure", "closure__period")
        .prefetch_related(
            Prefetch(
                "assignments",
                queryset=TaskAssignment.objects.filter(unit=unit),
                to_attr="unit_assignments",
            ),
        )
        .order_by("order")
    )
    return tasks


def my_tasks(unit, period):
    """[(task, role labels, report or None)] for unit in period, in plan order."""
    tasks = list(unit_tasks(unit, period.plan))
    reports = {
        r.task_id: r
        for r in ProgressReport.objects.filter(unit=unit, period=period).prefetch_related("values")
    }
    rows = []
    for task in tasks:
        role_labels = [a.get_role_display() for a in task.unit_assignments]
        rows.append((task, role_labels, reports.get(task.pk)))
    return rows


def reporting_roles(unit, plan, tasks):
    """{task id: how unit's report on it counts} for `tasks` (ids) of plan: "lead" (a lead
    unit), "county" (a government one level below the plan's region, responsible for the task:
    judged on its own share), or "responsible" (another responsible unit, not counted)."""
    level = county_level(plan.region.level)
    is_county = unit.kind == Unit.Kind.GOVERNMENT and level and unit.region.level == level
    found = {}
    assignments = TaskAssignment.objects.filter(unit=unit, task__any=tasks).order_by()
    for task_id, role in assignments.values_list("task_id", "role"):
        if role == TaskAssignment.Role.LEAD:
            found[task_id] = "lead"
        else:
            found.setdefault(task_id, "county" if is_county else "responsible")
    return found


@dataclass(frozen=True)
class Asked:
    """A value a unit is asked for in a period: a judged target, with the figure the unit's
    actual is judged against (its share, for a county judged on shares)."""

    judged: JudgedTarget
    goal: Decimal
    share: TargetShare | None = None

    @property
    def target(self):
        return self.judged.target

    @property
    def label(self):
        """What is asked, so that a person can tell the values apart: 农村劳动力转移就业
        （年度目标≥9500人，本季度节点累计≥8000人）; 创业担保贷款余额（本季度节点≥4.1亿元）;
        a county's: 农村劳动力转移就业（本县分解目标≥650人，全州年度目标≥9500人）."""
        target = self.target
        if self.share is not None:
            whole = f"全部年度目标{target_text(target)}"
            return f"{target.metric}（本单位分解目标{target_text(target, self.goal)}，{whole}）"
        if self.judged.kind == JudgedTarget.Kind.QUARTER:
            return f"{target.metric}（本季度节点{target_text(target)}）"
        text = f"年度目标{target_text(target)}"
        milestone = self.judged.milestone
        if milestone is not None:
            ytd = milestone.year_to_date if milestone.year_to_date is not None else milestone.value
            text += f"，本季度节点{target_text(milestone, ytd)}"
            if milestone.own_amount:
                text += f"（含本季度新增{amount_text(milestone.value, milestone)}）"
        return f"{target.metric}（{text}）"

    @property
    def input_unit(self):
        """The unit an actual is typed in (亿元 for a target written 4.2亿元)."""
        return written_unit(self.target)[0]


def judged_of(period, tasks):
    """{task id: [JudgedTarget with target and milestone]} of `tasks` (ids) in period."""
    # By the task's id, not the task: ordering by the relation would join the task and its
    # plan (their own orderings) for nothing.
    rows = list(
        JudgedTarget.objects.filter(period=period, task__any=tasks).order_by("task_id", "order")
    )
    # The targets and milestones then by their ids, in one query: joined to them, the planner
    # hashes the whole target table twice (28 ms at 1,000,000 reports, 3 ms this way).
    ids = {j.target_id for j in rows} | {j.milestone_id for j in rows if j.milestone_id}
    # Unordered (no join to tasks, plans); by `any` (plans/bulk.py): an upload's 500 ids
    # bound as one.
    targets = {t.pk: t for t in Target.objects.order_by().filter(pk__any=ids)}
    judged = {}
    for row in rows:
        row.target = targets[row.target_id]
        row.milestone = targets.get(row.milestone_id)
        judged.setdefault(row.task_id, []).append(row)
    return judged


def asked_targets_of(unit, period, tasks, reporting=None):
    """{task id: [Asked]} of unit's reports on `tasks` (ids) in period, in four queries: a
    county judged on shares is asked for the targets it has a share of (none: it reports a
    percent); any other unit for every target judged in the period. `reporting`: the
    reporting_roles of these tasks, when the caller has read them."""
    judged = judged_of(period, tasks)
    roles_by_task = reporting_roles(unit, period.plan, tasks) if reporting is None else reporting
    county_targets = [
        j.target_id
        for task_id, rows in judged.items()
        if roles_by_task.get(task_id) == "county"
        for j in rows
    ]
    shares = {
        s.target_id: s for s in TargetShare.objects.filter(unit=unit, target__in=county_targets)
    }
    asked = {}
    for task_id in tasks:
        rows = judged.get(task_id, [])
        if roles_by_task.get(task_id) != "county":
            asked[task_id] = [Asked(j, j.target.value) for j in rows]
        else:
            asked[task_id] = [
                Asked(j, shares[j.target_id].value, shares[j.target_id])
                for j in rows
                if j.kind == JudgedTarget.Kind.ANNUAL and j.target_id in shares
            ]
    return asked


def asked_targets(task, unit, period):
    """[Asked] of unit's report on task in period (asked_targets_of for one task)."""
    return asked_targets_of(unit, period, [task.pk])[task.pk]
