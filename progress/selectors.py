"""Reads of periods, tasks to report on and reports, shared by pages, API and Excel."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce

from plans.models import Plan, Unit
from progress import periods as p
from progress import roles
from progress.judging import county_level
from progress.models import (
    Attachment,
    Instruction,
    JudgedTarget,
    Period,
    ProgressReport,
    ReportEvent,
    TargetShare,
    TargetShareEvent,
    TaskClosure,
)
from tasks.amounts import amount_text, target_text, written_unit
from tasks.models import Target, Task, TaskAssignment


def period_get(plan, label):
    """The plan's period written `label` (2022Q3), or None."""
    year, quarter = p.parse_period_label(label)
    return Period.objects.filter(plan=plan, year=year, quarter=quarter).first()


def current_period(plan):
    """The period to show by default: today's quarter while the plan runs, else the last
    open period (or the last one) of a plan in the past, else its first."""
    periods = list(plan.periods.all())
    if not periods:
        return None
    year, quarter = p.quarter_of(p.today())
    for period in periods:
        if (period.year, period.quarter) == (year, quarter):
            return period
    if (year, quarter) < (periods[0].year, periods[0].quarter):
        return periods[0]
    open_periods = [x for x in periods if x.is_open]
    return (open_periods or periods)[-1]


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


def reports_visible_to(user):
    reports = ProgressReport.objects.select_related(
        "task", "task__plan", "unit", "period", "reviewed_by"
    ).prefetch_related("values")
    if roles.sees_everything(user):
        return reports
    unit = roles.unit_of(user)
    if roles.is_reporting_user(user) and unit is not None:
        return reports.filter(unit=unit)
    return reports.none()


def attachments_of(report):
    """The report's 佐证材料, oldest first."""
    return Attachment.objects.filter(report=report).order_by("uploaded_at", "pk")


def with_attachment_counts(reports):
    """`reports` with `attachment_count` each, counted in the same query."""
    counted = (
        Attachment.objects.filter(report=OuterRef("pk"))
        .order_by()
        .values("report")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return reports.annotate(
        attachment_count=Coalesce(Subquery(counted, output_field=IntegerField()), 0)
    )


def report_history(report):
    """The report's events, oldest first, each with `lines`: its changes as people read them
    (progress.history); two queries."""
    from progress.history import history_described

    events = ReportEvent.objects.filter(report=report).select_related("actor")
    targets = {t.pk: t for t in Target.objects.filter(task_id=report.task_id)}
    return history_described(events.order_by("version", "at"), targets)


# 目标分解 (target shares): which targets can be divided, among whom, and the history.

SHARE_SOURCES = {"page": "页面", "excel": "Excel", "api": "API", "demo": "演示数据"}


def shares_add_up(target):
    """Whether shares of target add up to it: counts and amounts do; rates, ratios and
    per-head figures (70%, 公斤/亩, 人均…) do not, so their sum is not compared with it."""
    unit, metric = target.unit or "", target.metric
    return not (
        "%" in unit or "‰" in unit or "/" in unit or "人均" in metric or metric.endswith("率")
    )


@dataclass
class ShareColumn:
    """An annual target of a task and its shares ({unit id: TargetShare})."""

    target: Target
    shares: dict
    several_years: bool = False

    @property
    def heading(self):
        """农村劳动力转移就业（≥9500人）; with its year in a plan of several years."""
        year = f"{self.target.due_year}年" if self.several_years else ""
        return f"{self.target.metric}（{year}{target_text(self.target)}）"

    @property
    def input_unit(self):
        return written_unit(self.target)[0]

    @property
    def total(self):
        return sum((s.value for s in self.shares.values()), start=Decimal(0))

    @property
    def total_text(self):
        return amount_text(self.total, self.target)

    @property
    def target_text(self):
        return target_text(self.target)

    @property
    def summable(self):
        return shares_add_up(self.target)

    @property
    def gap(self):
        """target - sum of shares (stored unit) when the shares are summable, else None."""
        if not self.shares or not self.summable:
            return None
        return self.target.value - self.total

    @property
    def warning(self):
        """分解合计少于年度目标 / 超过年度目标, with the difference; "" when they agree."""
        gap = self.gap
        if not gap:
            return ""
        target = self.target
        if gap > 0:
            return f"分解合计少于年度目标{target_text(target)}，差{amount_text(gap, target)}。"
        return f"分解合计超过年度目标{target_text(target)}，多{amount_text(-gap, target)}。"


@dataclass
class ShareLayout:
    """One task's grid of shares: its annual targets (columns) and its responsible units
    (rows: county governments first, then the others, each in the document's order)."""

    task: Task
    columns: list
    units: list
    counties: set

    def share(self, target_id, unit_id):
        for column in self.columns:
            if column.target.pk == target_id:
                return column.shares.get(unit_id)
        return None


def share_layouts(plan, tasks):
    """{task id: ShareLayout} of `tasks` (ids) of plan that have annual targets, in four
    queries whatever their number (plan.region read beforehand)."""
    several_years = plan.year_start != plan.year_end
    targets = {}
    for target in Target.objects.filter(task__in=tasks, role=Target.Role.ANNUAL).order_by(
        "task", "order", "pk"
    ):
        targets.setdefault(target.task_id, []).append(target)
    shares = {}
    for share in TargetShare.objects.filter(
        target__in=[t.pk for ts in targets.values() for t in ts]
    ).select_related("updated_by"):
        shares.setdefault(share.target_id, {})[share.unit_id] = share
    level = county_level(plan.region.level)
    units = {}
    for assignment in (
        TaskAssignment.objects.filter(task__in=list(targets), role=TaskAssignment.Role.RESPONSIBLE)
        .select_related("unit", "unit__region")
        .order_by("task", "order", "pk")
    ):
        units.setdefault(assignment.task_id, []).append(assignment.unit)
    task_rows = Task.objects.filter(pk__in=list(targets)).select_related("plan").order_by("order")
    layouts = {}
    for task in task_rows:
        listed = units.get(task.pk, [])
        counties = {
            u.pk
            for u in listed
            if level and u.kind == Unit.Kind.GOVERNMENT and u.region.level == level
        }
        for target in targets[task.pk]:
            target.task = task
            for share in shares.get(target.pk, {}).values():
                share.target = target
        layouts[task.pk] = ShareLayout(
            task=task,
            columns=[ShareColumn(t, shares.get(t.pk, {}), several_years) for t in targets[task.pk]],
            units=sorted(listed, key=lambda u: u.pk not in counties),
            counties=counties,
        )
    return layouts


def share_layout(task):
    """The ShareLayout of one task (with no columns when it has no annual targets)."""
    layout = share_layouts(task.plan, [task.pk]).get(task.pk)
    return layout or ShareLayout(task=task, columns=[], units=[], counties=set())


def share_tasks(user, plan):
    """Ids of the plan's tasks with annual targets whose shares user may set, in plan order:
    every one for the office, those their unit leads for a lead unit's people."""
    tasks = Task.objects.filter(plan=plan, targets__role=Target.Role.ANNUAL)
    if not roles.is_office(user):
        unit = roles.unit_of(user)
        if not roles.is_reporting_user(user) or unit is None:
            return []
        tasks = tasks.filter(assignments__unit=unit, assignments__role=TaskAssignment.Role.LEAD)
    return list(tasks.order_by("order").values_list("pk", flat=True).distinct())


def share_history(task):
    """The task's share events, newest first, with their target and unit."""
    return (
        TargetShareEvent.objects.filter(target__task=task)
        .select_related("target", "unit")
        .order_by("-at", "-pk")
    )


def shares_visible():
    """Every share with what the API shows beside it (anyone with a role reads them)."""
    return TargetShare.objects.select_related(
        "target", "target__task", "unit", "updated_by"
    ).order_by("target__task__plan", "target__task__order", "target__order", "unit__name", "pk")


def _closed_before(period):
    """Closures in a period before `period` (p.closure_covers, as a query)."""
    return Q(period__year__lt=period.year) | Q(
        period__year=period.year, period__quarter__lt=period.quarter
    )


def closed_task_ids(plan, period):
    """Ids of the plan's tasks that need no report for period (closed before it)."""
    closures = TaskClosure.objects.filter(_closed_before(period), task__plan=plan)
    return set(closures.values_list("task_id", flat=True))


def task_is_closed_for(task, period):
    """Whether task needs no report for period (closed before it)."""
    return TaskClosure.objects.filter(_closed_before(period), task=task).exists()


def reporting_roles(unit, plan, tasks):
    """{task id: how unit's report on it counts} for `tasks` (ids) of plan: "lead" (a lead
    unit), "county" (a government one level below the plan's region, responsible for the task:
    judged on its own share), or "responsible" (another responsible unit, not counted)."""
    level = county_level(plan.region.level)
    is_county = unit.kind == Unit.Kind.GOVERNMENT and level and unit.region.level == level
    found = {}
    assignments = TaskAssignment.objects.filter(unit=unit, task__in=tasks).order_by()
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
    rows = (
        JudgedTarget.objects.filter(period=period, task__in=tasks)
        .select_related("target", "milestone")
        # By the task's id, not the task: ordering by the relation would join the task and
        # its plan (their own orderings) for nothing, and the planner then scans every target.
        .order_by("task_id", "order")
    )
    judged = {}
    for row in rows:
        judged.setdefault(row.task_id, []).append(row)
    return judged


def asked_targets_of(unit, period, tasks):
    """{task id: [Asked]} of unit's reports on `tasks` (ids) in period, in four queries: a
    county judged on shares is asked for the targets it has a share of (none: it reports a
    percent); any other unit for every target judged in the period."""
    judged = judged_of(period, tasks)
    roles_by_task = reporting_roles(unit, period.plan, tasks)
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


def instructions_visible_to(user, task):
    """The task's 领导批示 user may see, newest first: all for those who see everything; for a
    unit's people those on the whole task and those on their unit's reports."""
    instructions = Instruction.objects.filter(task=task).select_related(
        "report", "report__unit", "report__period"
    )
    if roles.sees_everything(user):
        return instructions.order_by("-created_at", "-pk")
    unit = roles.unit_of(user)
    if unit is None:
        return instructions.none()
    return instructions.filter(Q(report__isnull=True) | Q(report__unit=unit)).order_by(
        "-created_at", "-pk"
    )


def instructions_for_unit(unit, *, limit=10):
    """The latest 领导批示 concerning unit: on a task it is assigned to (lead or responsible),
    or on its own report."""
    return (
        Instruction.objects.filter(
            Q(report__isnull=True, task__assignments__unit=unit) | Q(report__unit=unit)
        )
        .select_related("task", "report__period")
        .distinct()
        .order_by("-created_at", "-pk")[:limit]
    )
