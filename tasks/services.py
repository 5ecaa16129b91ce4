"""Loading a parsed plan into the database, and the review of flagged tasks."""

from decimal import Decimal

from django.db import transaction
from django.db.models import ProtectedError, RestrictedError
from django.utils import timezone

from plans.models import Plan, Region, Section
from plans.services import unit_resolve
from plans.signals import plan_changed
from tasks.errors import PlanLoadError
from tasks.models import QUARTERS, Indicator, PlanImport, Target, Task, TaskAssignment


def warning_text(warning):
    return f"[{warning['code']}] {warning['message']}"


def needs_review(warnings, reviewed_warnings):
    """A task needs review while one of its warnings is neither resolved by a correction
    nor confirmed by a reviewer."""
    confirmed = set(reviewed_warnings)
    return any(not w.get("reviewed") and warning_text(w) not in confirmed for w in warnings)


@transaction.atomic
def plan_load(*, parse, key):
    """Create or update the plan `key` from a parse. Idempotent: loading the same parse twice
    changes nothing; tasks, targets and units keep their ids, and reviews are kept.

    Tasks, sections and targets that the parse no longer has are removed unless progress
    reports refer to them; those are kept and reported in the returned plan's warnings.
    """
    info = parse["plan"]
    region = Region.objects.filter(short_name=info.get("region")).first()
    if region is None:
        raise PlanLoadError(f"未知的印发地区“{info.get('region')}”，请先在行政区划中添加。")
    if not info.get("period_start") or not info.get("period_end"):
        raise PlanLoadError("计划缺少起止年度。")
    if info.get("level") not in Plan.Level.values:
        raise PlanLoadError(f"未知的计划层级“{info.get('level')}”。")
    _check_lengths(parse)

    existing = Plan.objects.filter(key=key).first()
    plan, _ = Plan.objects.update_or_create(
        key=key,
        defaults={
            "title": info["title"],
            "region": region,
            "level": info["level"],
            "year_start": info["period_start"],
            "year_end": info["period_end"],
            "source": info.get("source", ""),
            "source_sha256": info.get("source_sha256", ""),
            "layout": info["layout"],
            # The document's deadlines apply when the plan is first loaded; afterwards they
            # are the office's to change (in the admin), and a reload keeps them.
            "reporting_deadlines": (
                existing.reporting_deadlines if existing else info.get("reporting_deadlines") or {}
            ),
            "warnings": parse.get("warnings", []),
        },
    )
    kept = []
    sections = _sections_sync(plan, parse.get("sections", []), kept)
    units = {}  # name as written -> units, resolved once per load
    for order, data in enumerate(parse["tasks"]):
        task = _task_sync(plan, data, order, sections.get(data.get("section")))
        _assignments_sync(task, data, region, units)
        kept += _targets_sync(task, data.get("targets", []))
    _indicators_sync(plan, parse.get("indicators", []))

    numbers = {str(data["number"]) for data in parse["tasks"]}
    for task in plan.tasks.exclude(number__in=numbers):
        try:
            task.delete()
        except (ProtectedError, RestrictedError):
            kept.append(f"任务{task.number}已不在文件中，但已有进展报告或完成率记录，予以保留。")
    if kept:
        plan.warnings = plan.warnings + [{"code": "kept_on_reload", "message": m} for m in kept]
        plan.save(update_fields=["warnings"])
    plan_changed.send(sender=Plan, plan=plan)
    return plan


LIMITS = [
    ("计划标题", lambda parse: [parse["plan"]["title"]], 200),
    ("部分标题", lambda parse: [s["title"] for s in parse.get("sections", [])], 300),
    ("任务序号", lambda parse: [str(t["number"]) for t in parse["tasks"]], 32),
    ("任务名称", lambda parse: [t.get("title", "") for t in parse["tasks"]], 300),
    (
        "单位名称",
        lambda parse: [u for t in parse["tasks"] for u in t["lead_units"] + t["responsible_units"]],
        128,
    ),
]


def _check_lengths(parse):
    """Refuse a parse whose names would not fit their columns, saying which."""
    for label, values, limit in LIMITS:
        long = [v for v in values(parse) if len(v) > limit]
        if long:
            raise PlanLoadError(
                f"{label}超过{limit}字，可能是版式未识别：“{long[0][:40]}…”。请核对文件或更正后再导入。"
            )


def _sections_sync(plan, sections_data, kept):
    sections = {}
    for order, data in enumerate(sections_data):
        section, _ = Section.objects.update_or_create(
            plan=plan,
            key=data["key"],
            defaults={
                "title": data["title"],
                "numbering": data.get("numbering", ""),
                "order": order,
                "parent": sections.get(data.get("parent")),
            },
        )
        sections[data["key"]] = section
    for section in plan.sections.exclude(key__in=sections).order_by("-order"):
        try:
            section.delete()
        except (ProtectedError, RestrictedError):
            kept.append(f"部分“{section}”已不在文件中，但完成率记录用到它，予以保留。")
    return sections


def _task_sync(plan, data, order, section):
    quarters = data.get("quarter_plans", {})
    warnings = data.get("warnings", [])
    task = Task.objects.filter(plan=plan, number=str(data["number"])).first() or Task(
        plan=plan, number=str(data["number"])
    )
    task.section = section
    task.order = order
    task.title = data.get("title", "")
    task.annual_target = data.get("annual_target", "")
    for quarter in QUARTERS:
        setattr(task, f"q{quarter}_plan", quarters.get(f"Q{quarter}", ""))
    task.remarks = data.get("remarks", "")
    task.warnings = warnings
    task.corrections = data.get("corrections", [])
    task.needs_review = needs_review(warnings, task.reviewed_warnings)
    task.save()
    return task


def _assignments_sync(task, data, region, units):
    wanted = {}
    order = 0
    for role, field in (
        (TaskAssignment.Role.LEAD, "lead_units"),
        (TaskAssignment.Role.RESPONSIBLE, "responsible_units"),
    ):
        for written in data.get(field, []):
            if written not in units:
                units[written] = unit_resolve(name=written, region=region)
            for unit in units[written]:
                if (unit.pk, role) not in wanted:
                    wanted[(unit.pk, role)] = (unit, order, written)
                    order += 1
    # Assignments the office added in the admin are not the document's: a reload keeps them.
    existing = {(a.unit_id, a.role): a for a in task.assignments.all()}
    for (unit_id, role), assignment in existing.items():
        if (unit_id, role) not in wanted and not assignment.added_by_office:
            assignment.delete()
    for (unit_id, role), (unit, position, written) in wanted.items():
        assignment = existing.get((unit_id, role))
        if assignment is None:
            TaskAssignment.objects.create(
                task=task, unit=unit, role=role, order=position, as_written=written
            )
        elif (assignment.order, assignment.as_written) != (position, written):
            assignment.order, assignment.as_written = position, written
            assignment.save(update_fields=["order", "as_written"])


def _period(text, fallback_year):
    if not text:
        return fallback_year, None
    year, _, quarter = str(text).partition("Q")
    return int(year), int(quarter) if quarter else None


def _target_key(source_field, metric, year, quarter, seen):
    """(field, metric, due period, n): the same metric twice in one cell is told apart by n."""
    base = (source_field, metric, year, quarter)
    seen[base] = seen.get(base, -1) + 1
    return (*base, seen[base])


def _role(source_field, annual):
    """A parse without roles (written before they were read): a figure of the annual text is an
    annual target, a quarterly one linked to it a milestone, any other a quarter target."""
    if source_field == "annual":
        return Target.Role.ANNUAL
    return Target.Role.MILESTONE if annual is not None else Target.Role.QUARTER


def _year_to_date(data, target):
    if target.role != Target.Role.MILESTONE or not target.judged:
        return None
    value = data.get("year_to_date", data["value"])
    return None if value is None else Decimal(str(value))


def _targets_sync(task, targets_data):
    """Update targets in place, matched by where they come from and what they measure, so
    report values keep pointing at the same target when others are added or removed; returns
    messages for targets kept because reports use them."""
    seen = {}
    existing = {
        _target_key(t.source_field, t.metric, t.due_year, t.due_quarter, seen): t
        for t in task.targets.order_by("order")
    }
    seen, wanted, by_index = {}, set(), {}
    for order, data in enumerate(targets_data):
        year, quarter = _period(data.get("period"), task.plan.year_end)
        metric = data["metric"][:200]
        key = _target_key(data["source_field"], metric, year, quarter, seen)
        wanted.add(key)
        target = existing.get(key) or Target(task=task)
        target.source_field = data["source_field"]
        target.order = order
        target.metric = metric
        target.comparator = data["comparator"]
        target.value = Decimal(str(data["value"]))
        target.unit = data.get("unit", "")
        target.value_as_written = data.get("value_as_written", "")[:64]
        target.due_year = year
        target.due_quarter = quarter
        target.cumulative = bool(data.get("cumulative"))
        target.decreasing = data.get("direction") == "decrease"
        target.source_text = data.get("source_text", "")
        annual_index = data.get("annual_index")
        target.annual = by_index.get(annual_index) if annual_index is not None else None
        target.role = data.get("role") or _role(data["source_field"], target.annual)
        target.judged = bool(data.get("judged", True))
        target.year_to_date = _year_to_date(data, target)
        target.own_amount = bool(data.get("own_amount"))
        target.aspirational = bool(data.get("aspirational"))
        target.save()
        by_index[order] = target
    kept = []
    for key, target in existing.items():
        if key in wanted:
            continue
        try:
            target.delete()
        except ProtectedError:
            kept.append(
                f"任务{task.number}的目标值“{target}”已不在文件中，但已有填报值，予以保留。"
            )
    return kept


def _indicators_sync(plan, indicators_data):
    existing = {(i.name, i.year, i.order): i for i in plan.indicators.all()}
    by_name = {}
    seen = set()
    for order, data in enumerate(indicators_data):
        key = (data["name"], data.get("year"), order)
        indicator = existing.get(key) or Indicator(plan=plan, name=data["name"], order=order)
        indicator.year = data.get("year")
        indicator.unit = data.get("unit", "") or ""
        indicator.baseline = str(data.get("baseline") or "")
        indicator.target = str(data.get("target") or "")
        indicator.annual = str(data.get("annual") or "")
        indicator.attribute = data.get("attribute", "") or ""
        indicator.parent = by_name.get(data.get("parent"))
        indicator.save()
        by_name.setdefault(data["name"], indicator)
        seen.add(key)
    for key, indicator in existing.items():
        if key not in seen:
            indicator.delete()


@transaction.atomic
def task_review(*, task, user):
    """Confirm the task's current warnings: they stay visible but stop flagging it."""
    task.reviewed_warnings = sorted(
        set(task.reviewed_warnings) | {warning_text(w) for w in task.warnings}
    )
    task.reviewed_by = user
    task.reviewed_at = timezone.now()
    task.needs_review = False
    task.save(update_fields=["reviewed_warnings", "reviewed_by", "reviewed_at", "needs_review"])
    return task


def plan_reload(*, key):
    """Load plan `key` again from fixtures/plans/ (after its corrections were updated)."""
    from plans.documents import fixtures_read

    for fixture_key, parse in fixtures_read():
        if fixture_key == key:
            return plan_load(parse=parse, key=key)
    raise PlanLoadError(f"fixtures/plans/ 中没有计划“{key}”。")


IMPORT_MAX_BYTES = 10 * 1024 * 1024


@transaction.atomic
def plan_import_create(*, user, data, name, layout=None):
    """Parse an uploaded plan file and keep the parse for review. Nothing is loaded yet.
    Raises NotAPlanError for a file that is not a plan (nothing is stored then)."""
    from plans.documents import document_parse, plan_key
    from plans.parsing.errors import NotAPlanError

    if len(data) > IMPORT_MAX_BYTES:
        raise NotAPlanError("文件过大（超过 10 MB）。")
    parse = document_parse(data, name=name, layout=layout or None)
    return PlanImport.objects.create(
        file_name=name[:200],
        sha256=parse["plan"]["source_sha256"],
        parse=parse,
        key=plan_key(name),
        created_by=user,
    )


@transaction.atomic
def plan_import_confirm(*, user, plan_import):
    """Load a reviewed import. Refuses one that was already loaded or discarded."""
    plan_import = (
        PlanImport.objects.select_for_update(of=("self",)).order_by().get(pk=plan_import.pk)
    )
    if plan_import.state != PlanImport.State.PENDING:
        raise PlanLoadError(f"该导入已{plan_import.get_state_display()}，不能再次载入。")
    plan = plan_load(parse=plan_import.parse, key=plan_import.key)
    plan_import.state = PlanImport.State.LOADED
    plan_import.plan = plan
    plan_import.save(update_fields=["state", "plan"])
    return plan


@transaction.atomic
def plan_import_discard(*, user, plan_import):
    PlanImport.objects.filter(pk=plan_import.pk, state=PlanImport.State.PENDING).update(
        state=PlanImport.State.DISCARDED
    )
