"""Every change to periods, reports and task closure. Views, API, Excel import, admin and
commands call these; nothing else saves these rows."""

from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.utils import timezone

from progress import periods as p
from progress import roles, selectors
from progress.errors import Conflict, InvalidReport, NotAllowed, PeriodClosed
from progress.models import Period, ProgressReport, ReportEvent, ReportValue, TaskClosure
from progress.signals import plan_progress_changed, report_changed, report_submitting

TEXT_FIELDS = ("narrative", "problems", "next_steps")
# Values are stored as numeric(24, 6): anything this large is a typing error.
MAX_NUMBER = Decimal(10) ** 18
EDITABLE_STATES = (ProgressReport.State.DRAFT, ProgressReport.State.RETURNED)


def first_reporting_quarter(plan):
    """Quarterly tables list the quarters they plan for (000 starts at 二季度): the first
    quarter with a quarterly plan is the first period. Plans without quarterly plans report
    from the first quarter."""
    for quarter in (1, 2, 3, 4):
        if plan.tasks.exclude(**{f"q{quarter}_plan": ""}).exists():
            return quarter
    return 1


@transaction.atomic
def periods_ensure(*, plan):
    """Create the plan's reporting periods (each quarter of its years) and keep their
    deadlines in line with the plan's. Idempotent; closed state is kept."""
    start = first_reporting_quarter(plan)
    existing = {(x.year, x.quarter): x for x in plan.periods.all()}
    for year in plan.years:
        for quarter in (1, 2, 3, 4):
            if year == plan.year_start and quarter < start:
                continue
            deadline = p.plan_deadline(plan.reporting_deadlines, year, quarter)
            period = existing.get((year, quarter))
            if period is None:
                Period.objects.create(plan=plan, year=year, quarter=quarter, deadline=deadline)
            elif period.deadline != deadline:
                period.deadline = deadline
                period.save(update_fields=["deadline"])


def _decimal(value, label):
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value).strip().replace(",", ""))
    except InvalidOperation:
        raise InvalidReport(f"{label}必须是数字。", {label: "必须是数字"}) from None
    if not number.is_finite():
        raise InvalidReport(f"{label}必须是数字。", {label: "必须是数字"})
    if abs(number) >= MAX_NUMBER:
        raise InvalidReport(f"{label}过大，请检查单位与数位。", {label: "数值过大"})
    return number


def clean_percent(value):
    number = _decimal(value, "完成百分比")
    if number is not None and not (0 <= number <= 100):
        raise InvalidReport("完成百分比须在 0 到 100 之间。", {"percent": "须在 0 到 100 之间"})
    return number


def clean_values(task, values):
    """{target id: Decimal} for the task's annual targets; refuses other targets and non-numbers."""
    allowed = {t.pk: t for t in task.targets.all() if t.annual_id is None}
    cleaned = {}
    for key, raw in (values or {}).items():
        try:
            target_id = int(key)
        except (TypeError, ValueError):
            raise InvalidReport(
                f"目标值编号“{key}”无效。", {"values": f"目标值编号“{key}”无效"}
            ) from None
        if target_id not in allowed:
            raise InvalidReport(
                f"目标值 {target_id} 不属于任务{task.number}。",
                {"values": f"目标值 {target_id} 不属于该任务"},
            )
        label = f"“{allowed[target_id].metric}”的实际值"
        try:
            number = _decimal(raw, label)
        except InvalidReport as error:
            raise InvalidReport(
                error.message, {"values": {str(target_id): next(iter(error.fields.values()))}}
            ) from None
        if number is not None:
            if number < 0:
                raise InvalidReport(
                    f"“{allowed[target_id].metric}”的实际值不能为负数。",
                    {"values": {str(target_id): "不能为负数"}},
                )
            cleaned[target_id] = number
    return cleaned


def _check_may_change(user, report_or_none, *, task, unit, period):
    if not roles.may_report(user, task=task, unit=unit):
        raise NotAllowed("您无权填报该单位在此任务上的进展。")
    office = roles.is_office(user)
    # Read the state now, inside the transaction: the caller's object may be stale.
    period_open = Period.objects.filter(pk=period.pk, closed_at__isnull=True).exists()
    if not period_open and not office:
        raise PeriodClosed(f"报告期{period.label}已关闭，只有领导小组办公室可以修改。")
    if report_or_none is not None and report_or_none.state not in EDITABLE_STATES and not office:
        raise Conflict(
            f"报告处于“{report_or_none.get_state_display()}”状态，不能再修改；"
            "如需修改，请联系领导小组办公室退回。"
        )
    if not office and selectors.task_is_closed_for(task, period):
        raise Conflict(f"任务{task.number}已办结销号，{period.label}无需再报送。")


def _check_version(report, version):
    if version is None or int(version) != report.version:
        raise Conflict(
            f"该报告已被他人修改（当前为第{report.version}版，您的修改基于第{version or '?'}版），"
            "为避免覆盖，本次修改未保存。请刷新后重新填写。",
            {"version": f"当前版本为 {report.version}"},
        )


def number_text(value):
    """A decimal as people write it: 5000, 12.5 (no trailing zeros)."""
    if value is None:
        return None
    text = format(Decimal(value).normalize(), "f")
    return text


def _snapshot(report, values=None):
    """The report's content as plain values; `values` overrides the stored values."""
    data = {field: getattr(report, field) for field in TEXT_FIELDS}
    data["percent"] = number_text(report.percent)
    if values is None:
        values = {v.target_id: v.value for v in report.values.all()} if report.pk else {}
    data["values"] = {str(k): number_text(v) for k, v in sorted(values.items())}
    data["state"] = report.state
    return data


def _diff(before, after):
    return {key: [before.get(key), after[key]] for key in after if before.get(key) != after[key]}


def _record(report, *, action, user, before, comment="", at=None):
    after = _snapshot(report)
    ReportEvent.objects.create(
        report=report,
        version=report.version,
        action=action,
        actor=user if user and user.is_authenticated else None,
        at=at or timezone.now(),
        changes=_diff(before, after),
        comment=comment,
    )
    # After the commit, and robust: a failing recompute must not turn a saved report into
    # an error page.
    transaction.on_commit(
        lambda: report_changed.send_robust(sender=ProgressReport, report=report, action=action),
        robust=True,
    )


def _locked(task, unit, period):
    return (
        ProgressReport.objects.select_for_update()
        .filter(task=task, unit=unit, period=period)
        .first()
    )


@transaction.atomic
def report_save(
    *, user, task, unit, period, data, version=None, action=ReportEvent.Action.UPDATE, at=None
):
    """Create or update unit's draft report on task for period.

    `data` may hold narrative, problems, next_steps, percent and values ({target id: value});
    keys it lacks are left as they are. `version` is the version the edit was based on:
    None to create; a stale version is refused (Conflict) so no edit is overwritten.
    An edit that changes nothing keeps the version and records nothing.
    """
    report = _locked(task, unit, period)
    _check_may_change(user, report, task=task, unit=unit, period=period)
    if report is None:
        if version not in (None, "", 0, "0"):
            raise Conflict("该报告不存在或已被删除，请刷新后重试。")
        report = ProgressReport(task=task, unit=unit, period=period)
        before = {}
        if action == ReportEvent.Action.UPDATE:
            action = ReportEvent.Action.CREATE
    else:
        _check_version(report, version)
        before = _snapshot(report)

    for field in TEXT_FIELDS:
        if field in data:
            setattr(report, field, (data[field] or "").strip())
    if "percent" in data:
        report.percent = clean_percent(data["percent"])
    values = clean_values(task, data["values"]) if "values" in data else None

    after = _snapshot(report, values)
    if before and _diff(before, after) == {}:
        return report
    if report.pk is not None:
        report.version += 1
        report.save()
    else:
        try:
            # Two first saves at once: the second finds the row the first just inserted.
            with transaction.atomic():
                report.save()
        except IntegrityError:
            raise Conflict(
                "该报告刚刚已由他人创建，为避免覆盖，本次修改未保存。请刷新后重试。"
            ) from None
    if values is not None:
        report.values.exclude(target_id__in=values).delete()
        for target_id, value in values.items():
            ReportValue.objects.update_or_create(
                report=report, target_id=target_id, defaults={"value": value}
            )
    _record(report, action=action, user=user, before=before, at=at)
    return report


def submission_problems(report):
    """What keeps a report from being submitted: {field: 中文说明}."""
    problems = {}
    if not report.narrative.strip():
        problems["narrative"] = "报送时必须填写进展情况。"
    annual_targets = [t for t in report.task.targets.all() if t.annual_id is None]
    if annual_targets:
        given = {v.target_id for v in report.values.all()}
        missing = [t.metric for t in annual_targets if t.pk not in given]
        if missing and report.percent is None:
            problems["values"] = "请填写以下目标的实际值：" + "、".join(missing) + "。"
    elif report.percent is None:
        problems["percent"] = "该任务没有数值目标，报送时必须填写完成百分比。"
    if not problems:
        for _receiver, answer in report_submitting.send(sender=ProgressReport, report=report):
            problems.update(answer or {})
    return problems


@transaction.atomic
def report_submit(*, user, report, version, at=None):
    """Submit a draft or returned report. The first submission time decides lateness.

    `at` records a past submission time when historical reports are loaded (demo data,
    back-filling last year's spreadsheets); pages and the API never pass it.
    """
    report = ProgressReport.objects.select_for_update().get(pk=report.pk)
    _check_may_change(user, report, task=report.task, unit=report.unit, period=report.period)
    _check_version(report, version)
    if report.state not in EDITABLE_STATES:
        raise Conflict(f"报告处于“{report.get_state_display()}”状态，不能报送。")
    problems = submission_problems(report)
    if problems:
        raise InvalidReport("报告不完整：" + " ".join(problems.values()), problems)
    before = _snapshot(report)
    now = at or timezone.now()
    report.state = ProgressReport.State.SUBMITTED
    report.submitted_at = now
    report.first_submitted_at = report.first_submitted_at or now
    report.version += 1
    report.save()
    _record(report, action=ReportEvent.Action.SUBMIT, user=user, before=before, at=now)
    return report


def _review(user, report, version, state, action, comment, at=None):
    if not roles.is_office(user):
        raise NotAllowed("只有领导小组办公室可以审核报告。")
    report = ProgressReport.objects.select_for_update().get(pk=report.pk)
    _check_version(report, version)
    allowed_from = {
        ProgressReport.State.APPROVED: (ProgressReport.State.SUBMITTED,),
        ProgressReport.State.RETURNED: (
            ProgressReport.State.SUBMITTED,
            ProgressReport.State.APPROVED,
        ),
    }[state]
    if report.state not in allowed_from:
        raise Conflict(
            f"报告处于“{report.get_state_display()}”状态，不能{'审核通过' if state == 'approved' else '退回'}。"
        )
    before = _snapshot(report)
    report.state = state
    report.reviewed_by = user
    report.reviewed_at = at or timezone.now()
    report.review_comment = comment
    report.version += 1
    report.save()
    _record(report, action=action, user=user, before=before, comment=comment, at=report.reviewed_at)
    return report


@transaction.atomic
def report_approve(*, user, report, version, comment="", at=None):
    return _review(
        user,
        report,
        version,
        ProgressReport.State.APPROVED,
        ReportEvent.Action.APPROVE,
        (comment or "").strip(),
        at,
    )


@transaction.atomic
def report_return(*, user, report, version, comment, at=None):
    comment = (comment or "").strip()
    if not comment:
        raise InvalidReport("退回时必须写明退回意见。", {"comment": "请写明退回意见"})
    return _review(
        user, report, version, ProgressReport.State.RETURNED, ReportEvent.Action.RETURN, comment, at
    )


def _office_only(user, what):
    if not roles.is_office(user):
        raise NotAllowed(f"只有领导小组办公室可以{what}。")


@transaction.atomic
def period_close(*, user, period):
    _office_only(user, "关闭报告期")
    period = Period.objects.select_for_update().get(pk=period.pk)
    if period.closed_at is None:
        period.closed_at = timezone.now()
        period.closed_by = user
        period.save(update_fields=["closed_at", "closed_by"])
        transaction.on_commit(
            lambda: plan_progress_changed.send_robust(sender=Period, plan=period.plan), robust=True
        )
    return period


@transaction.atomic
def period_reopen(*, user, period):
    _office_only(user, "重新开放报告期")
    period = Period.objects.select_for_update().get(pk=period.pk)
    if period.closed_at is not None:
        period.closed_at = None
        period.closed_by = None
        period.save(update_fields=["closed_at", "closed_by"])
        transaction.on_commit(
            lambda: plan_progress_changed.send_robust(sender=Period, plan=period.plan), robust=True
        )
    return period


@transaction.atomic
def task_close(*, user, task, period, note=""):
    """办结销号: the task needs no reports after `period`."""
    _office_only(user, "办结销号")
    if period.plan_id != task.plan_id:
        raise InvalidReport("报告期不属于该任务的计划。")
    closure, _ = TaskClosure.objects.update_or_create(
        task=task,
        defaults={"period": period, "closed_by": user, "closed_at": timezone.now(), "note": note},
    )
    transaction.on_commit(
        lambda: plan_progress_changed.send_robust(sender=TaskClosure, plan=task.plan), robust=True
    )
    return closure


@transaction.atomic
def task_reopen(*, user, task):
    _office_only(user, "撤销办结")
    TaskClosure.objects.filter(task=task).delete()
    transaction.on_commit(
        lambda: plan_progress_changed.send_robust(sender=TaskClosure, plan=task.plan), robust=True
    )
