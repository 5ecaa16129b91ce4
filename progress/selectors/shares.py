"""目标分解 (target shares): which targets can be divided, among whom, and the history."""

from dataclasses import dataclass
from decimal import Decimal

from plans.models import Unit
from progress import roles
from progress.judging import county_level
from progress.models import TargetShare, TargetShareEvent
from tasks.amounts import amount_text, target_text, written_unit
from tasks.models import Target, Task, TaskAssignment

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
