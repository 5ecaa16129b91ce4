"""A progress report's life: written (saved), submitted, approved or returned."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from progress import roles, selectors
from progress.errors import Conflict, InvalidReport, NotAllowed, PeriodClosed
from progress.models import Period, ProgressReport, ReportEvent, ReportValue
from progress.services.common import actor_fields, decimal_or_none
from progress.signals import report_changed, report_submitting
from tasks.amounts import number_text

TEXT_FIELDS = ("narrative", "problems", "next_steps")
EDITABLE_STATES = (ProgressReport.State.DRAFT, ProgressReport.State.RETURNED)
# The office may correct a report that waits for review; an approved one only after it was
# returned, so that what was approved is what stands.
OFFICE_EDITABLE_STATES = (*EDITABLE_STATES, ProgressReport.State.SUBMITTED)
AUTHOR_ACTIONS = (
    ReportEvent.Action.CREATE,
    ReportEvent.Action.UPDATE,
    ReportEvent.Action.SUBMIT,
    ReportEvent.Action.IMPORT,
    ReportEvent.Action.ATTACH,
    ReportEvent.Action.DETACH,
)


def clean_percent(value):
    number = decimal_or_none(value, "完成百分比", "percent")
    if number is not None and not (0 <= number <= 100):
        raise InvalidReport("完成百分比须在 0 到 100 之间。", {"percent": "须在 0 到 100 之间"})
    return number


def clean_values(asked, values):
    """{target id: Decimal} of `values` ({target id: value, in the target's stored unit});
    only the targets in `asked` (selectors.asked_targets) are accepted."""
    allowed = {a.target.pk: a for a in asked}
    cleaned = {}
    for key, raw in (values or {}).items():
        try:
            target_id = int(key)
        except (TypeError, ValueError):
            raise InvalidReport(
                f"目标值编号“{key}”无效。", {"values": {str(key): "目标值编号无效"}}
            ) from None
        if target_id not in allowed:
            asked_text = "、".join(a.label for a in asked) or "无数值目标，请填写完成百分比"
            raise InvalidReport(
                f"目标值 {target_id} 不是本期要求填报的目标。本期填报：{asked_text}。",
                {"values": {str(target_id): "不是本期要求填报的目标"}},
            )
        label = f"“{allowed[target_id].target.metric}”的实际值"
        try:
            number = decimal_or_none(raw, label, "value")
        except InvalidReport as error:
            raise InvalidReport(
                error.message, {"values": {str(target_id): error.fields["value"]}}
            ) from None
        if number is None:
            continue
        if number < 0:
            raise InvalidReport(f"{label}不能为负数。", {"values": {str(target_id): "不能为负数"}})
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
    if report_or_none is not None:
        editable = OFFICE_EDITABLE_STATES if office else EDITABLE_STATES
        if report_or_none.state not in editable:
            who = "请先退回再修改" if office else "如需修改，请联系领导小组办公室退回"
            raise Conflict(
                f"报告处于“{report_or_none.get_state_display()}”状态，不能再修改；{who}。"
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


def _content(report, values=None):
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
    after = _content(report)
    ReportEvent.objects.create(
        report=report,
        version=report.version,
        action=action,
        at=at or timezone.now(),
        changes=_diff(before, after),
        comment=comment,
        **actor_fields(user),
    )
    # After the commit, and robust: a failing recompute must not turn a saved report into
    # an error page.
    transaction.on_commit(
        lambda: report_changed.send_robust(sender=ProgressReport, report=report, action=action),
        robust=True,
    )


def _locked(**lookup):
    """The report, its row locked (and only its row: no join of the default ordering)."""
    return (
        ProgressReport.objects.select_for_update(of=("self",)).filter(**lookup).order_by().first()
    )


@transaction.atomic
def report_save(
    *, user, task, unit, period, data, version=None, action=ReportEvent.Action.UPDATE, at=None
):
    """Create or update unit's draft report on task for period.

    `data` may hold narrative, problems, next_steps, percent and values ({target id: value in
    the target's stored unit}, only for the targets asked in the period); keys it lacks are
    left as they are. `version` is the version the edit was based on: None to create; a stale
    version is refused (Conflict) so no edit is overwritten. An edit that changes nothing
    keeps the version and records nothing.
    """
    report = _locked(task=task, unit=unit, period=period)
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
        before = _content(report)

    for field in TEXT_FIELDS:
        if field in data:
            setattr(report, field, (data[field] or "").strip())
    if "percent" in data:
        report.percent = clean_percent(data["percent"])
    values = None
    if "values" in data:
        values = clean_values(selectors.asked_targets(task, unit, period), data["values"])

    after = _content(report, values)
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
    """What keeps a report from being submitted: {field: 中文说明}. The values asked in the
    period (selectors.asked_targets) must all be given; a report asked for none gives its
    percent; a report that would leave its task lagging says why (reports answers that)."""
    problems = {}
    if not report.narrative.strip():
        problems["narrative"] = "报送时必须填写进展情况。"
    asked = selectors.asked_targets(report.task, report.unit, report.period)
    if asked:
        given = {v.target_id for v in report.values.all()}
        missing = [a.label for a in asked if a.target.pk not in given]
        if missing:
            problems["values"] = "请填写以下目标的实际值：" + "；".join(missing) + "。"
    elif report.percent is None:
        problems["percent"] = "本期没有要求填报的数值目标，报送时必须填写完成百分比。"
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
    report = _locked(pk=report.pk)
    _check_may_change(user, report, task=report.task, unit=report.unit, period=report.period)
    _check_version(report, version)
    if report.state not in EDITABLE_STATES:
        raise Conflict(f"报告处于“{report.get_state_display()}”状态，不能报送。")
    problems = submission_problems(report)
    if problems:
        raise InvalidReport("报告不完整：" + " ".join(problems.values()), problems)
    before = _content(report)
    now = at or timezone.now()
    report.state = ProgressReport.State.SUBMITTED
    report.submitted_at = now
    report.first_submitted_at = report.first_submitted_at or now
    report.version += 1
    report.save()
    _record(report, action=ReportEvent.Action.SUBMIT, user=user, before=before, at=now)
    return report


def _check_not_author(user, report):
    """Nobody approves a report they wrote or submitted, unless the plan allows it (an office
    of one person)."""
    if report.task.plan.self_review_allowed:
        return
    wrote = ReportEvent.objects.filter(
        report=report, actor=user, action__in=AUTHOR_ACTIONS
    ).exists()
    if wrote:
        raise NotAllowed("您填写或报送过该报告，不能自行审核通过；请由办公室其他人员审核。")


def _review(user, report, version, state, action, comment, at=None):
    if not roles.is_office(user):
        raise NotAllowed("只有领导小组办公室可以审核报告。")
    report = _locked(pk=report.pk)
    _check_version(report, version)
    allowed_from = {
        ProgressReport.State.APPROVED: (ProgressReport.State.SUBMITTED,),
        ProgressReport.State.RETURNED: (
            ProgressReport.State.SUBMITTED,
            ProgressReport.State.APPROVED,
        ),
    }[state]
    if report.state not in allowed_from:
        verb = "审核通过" if state == ProgressReport.State.APPROVED else "退回"
        raise Conflict(f"报告处于“{report.get_state_display()}”状态，不能{verb}。")
    if state == ProgressReport.State.APPROVED:
        _check_not_author(user, report)
    before = _content(report)
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
