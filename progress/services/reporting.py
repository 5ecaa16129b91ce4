"""A progress report's life as its unit writes it: written (saved) and submitted, one report
or a batch (an Excel upload) at once. Its review (approved or returned) is in `review`."""

from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone

from plans.bulk import rows_insert
from progress import roles, selectors
from progress.errors import Conflict, InvalidReport, NotAllowed, PeriodClosed, ReportError
from progress.models import Period, ProgressReport, ReportEvent, ReportValue
from progress.services.common import (
    TEXT_FIELDS,
    TEXTS,
    actor_fields,
    content_diff,
    decimal_or_none,
    report_content,
    reports_changed_on_commit,
    version_check,
)
from progress.signals import reports_submitting
from progress.text import texts_clean

UPDATE_BATCH = 50
EDITABLE_STATES = (ProgressReport.State.DRAFT, ProgressReport.State.RETURNED)
# The office may correct a report that waits for review; an approved one only after it was
# returned, so that what was approved is what stands.
OFFICE_EDITABLE_STATES = (*EDITABLE_STATES, ProgressReport.State.SUBMITTED)


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


@dataclass
class Write:
    """One report to write: `data` may hold narrative, problems, next_steps, percent and values
    ({target id: value in the target's stored unit}); keys it lacks are left as they are.
    `version` is the version the write was based on (None for a new report); `submit` submits
    it after writing; `key` names it in WriteErrors (the row of an upload)."""

    task: object
    data: dict = field(default_factory=dict)
    version: int | None = None
    submit: bool = False
    key: object = None


@dataclass
class _Plan:
    write: Write
    report: ProgressReport
    values: dict  # {target id: Decimal} as they will stand
    stored: dict  # {target id: Decimal} as they stand ({} for a new report)
    before: dict  # the content before ({} for a new report)
    action: str
    saves: bool  # the content changes (else only a submission)


class Batch:
    """What a batch of writes of one unit in one period reads first, once, inside the
    transaction: the permission, the period, the closures, the unit's assignments, its reports
    on the tasks (locked) with their values, and the targets each is asked for. An Excel upload
    makes it before it reads the file's rows, and checks them against it. It serves one
    reports_write: the writes change its reports in memory."""

    def __init__(self, user, unit, period, tasks):
        self.user, self.unit, self.period = user, unit, period
        self.office = roles.is_office(user)
        if not self.office:
            own = roles.unit_of(user)
            if not roles.is_reporting_user(user) or own is None or own.pk != unit.pk:
                raise NotAllowed("您无权填报该单位在此任务上的进展。")
        ids = [t.pk for t in tasks]
        # Read now, inside the transaction (the caller's period may be stale), with its plan
        # and the plan's region, which the roles ask for: one query, not three.
        fresh = Period.objects.select_related("plan__region").get(pk=period.pk)
        self.period_open = fresh.closed_at is None
        plan = fresh.plan
        reporting = selectors.reporting_roles(unit, plan, ids)
        self.assigned = set(reporting)
        self.closed = set() if self.office else selectors.closed_task_ids(plan, period)
        self.reports = {
            r.task_id: r
            for r in ProgressReport.objects.select_for_update(of=("self",))
            .filter(unit=unit, period=period, task__any=ids)
            .order_by("pk")
        }
        self.values = {r.pk: {} for r in self.reports.values()}
        for report_id, target_id, value in ReportValue.objects.filter(
            report__any=[r.pk for r in self.reports.values()]
        ).values_list("report_id", "target_id", "value"):
            self.values[report_id][target_id] = value
        self.asked = selectors.asked_targets_of(unit, period, ids, reporting=reporting)

    def check_may_change(self, task, report):
        if task.pk not in self.assigned:
            raise NotAllowed("您无权填报该单位在此任务上的进展。")
        if not self.period_open and not self.office:
            label = self.period.label
            raise PeriodClosed(f"报告期{label}已关闭，只有领导小组办公室可以修改。")
        if report is not None:
            editable = OFFICE_EDITABLE_STATES if self.office else EDITABLE_STATES
            if report.state not in editable:
                who = "请先退回再修改" if self.office else "如需修改，请联系领导小组办公室退回"
                raise Conflict(f"报告处于“{report.get_state_display()}”状态，不能再修改；{who}。")
        if task.pk in self.closed:
            raise Conflict(f"任务{task.number}已办结销号，{self.period.label}无需再报送。")

    def plan(self, write, action):
        """What `write` changes, checked; ReportError when it may not."""
        task = write.task
        report = self.reports.get(task.pk)
        self.check_may_change(task, report)
        if report is None:
            if write.submit and not write.data:
                raise Conflict("该报告不存在或已被删除，请刷新后重试。")
            if write.version not in (None, "", 0, "0"):
                raise Conflict("该报告不存在或已被删除，请刷新后重试。")
            report = ProgressReport(task=task, unit=self.unit, period=self.period)
            stored, before = {}, {}
            if action == ReportEvent.Action.UPDATE:
                action = ReportEvent.Action.CREATE
        else:
            version_check(report, write.version)
            stored = self.values[report.pk]
            before = report_content(report, stored)
        values = dict(stored)
        data = write.data
        for name, text in texts_clean(data, TEXTS).items():
            setattr(report, name, text)
        if "percent" in data:
            report.percent = clean_percent(data["percent"])
        if "values" in data:
            values = clean_values(self.asked.get(task.pk, []), data["values"])
        saves = not before or content_diff(before, report_content(report, values)) != {}
        if write.submit and report.state not in EDITABLE_STATES:
            raise Conflict(f"报告处于“{report.get_state_display()}”状态，不能报送。")
        return _Plan(write, report, values, stored, before, action, saves)

    def submission_problems(self, plan):
        """What keeps a planned report from being submitted, in the batch: {field: 中文说明}."""
        report = plan.report
        problems = {}
        if not report.narrative.strip():
            problems["narrative"] = "报送时必须填写进展情况。"
        asked = self.asked.get(report.task_id, [])
        if asked:
            missing = [a.label for a in asked if a.target.pk not in plan.values]
            if missing:
                problems["values"] = "请填写以下目标的实际值：" + "；".join(missing) + "。"
        elif report.percent is None:
            problems["percent"] = "本期没有要求填报的数值目标，报送时必须填写完成百分比。"
        return problems


class WriteErrors(ReportError):
    """Writes of a batch that were refused: {key: the ReportError}; nothing was written."""

    def __init__(self, errors):
        self.errors = errors
        first = next(iter(errors.values()))
        super().__init__(first.message, first.fields)


def _raise(errors, single):
    if errors:
        raise next(iter(errors.values())) if single else WriteErrors(errors)


@transaction.atomic
def reports_write(
    *, user, unit, period, writes, action=ReportEvent.Action.UPDATE, at=None, batch=None
):
    """Write (and submit) unit's reports in period, all or nothing: one permission check, one
    read of each kind and bulk writes whatever the number of writes (an Excel upload of
    hundreds of rows costs a few dozen statements). Returns the reports, in the writes' order.

    A write that may not be made (no permission, period closed, a stale version, text with a
    control character, a value not asked for, a submission that is not complete...) refuses
    the batch: WriteErrors names every refused write by its key (a single write raises its own
    error). An edit that changes nothing keeps the version and records nothing. `batch`: the
    caller's Batch of these tasks, when it has made one already (in this transaction)."""
    writes = list(writes)
    single = len(writes) == 1
    batch = batch or Batch(user, unit, period, [w.task for w in writes])
    plans, errors = [], {}

    def key_of(write, n):
        return write.key if write.key is not None else n

    for n, write in enumerate(writes):
        try:
            plans.append(batch.plan(write, action))
        except ReportError as error:
            errors[key_of(write, n)] = error
    now = timezone.now()
    when = at or now
    saving = [p for p in plans if p.saves]
    submitting = []
    for plan in (p for p in plans if p.write.submit):
        problems = batch.submission_problems(plan)
        if problems:
            message = "报告不完整：" + " ".join(problems.values())
            errors[key_of(plan.write, writes.index(plan.write))] = InvalidReport(message, problems)
        else:
            submitting.append(plan)
    # The writes that could be made are made even when others were refused, so that every
    # problem of the batch is found; refused, the transaction takes them all back.
    _write(saving, submitting, user=user, when=when, now=now)
    if submitting:
        # Rules that need the figures (reports answers): checked on the rows as written.
        reports = [p.report for p in submitting]
        for _receiver, answer in reports_submitting.send(sender=ProgressReport, reports=reports):
            for report_id, problems in (answer or {}).items():
                plan = next(p for p in submitting if p.report.pk == report_id)
                message = "报告不完整：" + " ".join(problems.values())
                errors[key_of(plan.write, writes.index(plan.write))] = InvalidReport(
                    message, problems
                )
    _raise(errors, single)
    reports_changed_on_commit(
        [(p.report, p.action) for p in saving if not p.write.submit]
        + [(p.report, ReportEvent.Action.SUBMIT) for p in submitting]
    )
    return [p.report for p in plans]


def _write(saving, submitting, *, user, when, now):
    """Write the planned contents and submissions in bulk, each report once: new reports,
    changed or submitted ones (a new version for each change: saved, then submitted), the
    values of the saved ones, and an event for each change. New rows go in one statement a
    table (plans/bulk.py: no model object per row)."""
    actor = actor_fields(user)
    actor = {"actor_id": getattr(actor["actor"], "pk", None), "actor_name": actor["actor_name"]}
    events = []  # (report, the event's columns but the report's id)
    for plan in saving:
        if plan.report.pk is not None:
            plan.report.version += 1
        plan.report.updated_at = now
        events.append(_event(plan, plan.action, plan.before, actor, when))
    for plan in submitting:
        report = plan.report
        before = report_content(report, plan.values)
        report.state = ProgressReport.State.SUBMITTED
        report.submitted_at = when
        report.first_submitted_at = report.first_submitted_at or when
        report.version += 1
        report.updated_at = now
        events.append(_event(plan, ReportEvent.Action.SUBMIT, before, actor, when))
    written = list({id(p.report): p.report for p in (*saving, *submitting)}.values())
    new = [r for r in written if r.pk is None]
    old = [r for r in written if r.pk is not None]
    # The values of the saved reports where they change (a save of the text alone keeps them).
    revalued = [p for p in saving if p.values != p.stored]
    replaced = [p.report.pk for p in revalued if p.report.pk is not None]
    if new:
        _reports_insert(new, now)
    if old:
        fields = [*TEXT_FIELDS, "percent", "version", "updated_at"]
        if submitting:
            fields += ["state", "submitted_at", "first_submitted_at"]
        if len(old) == 1:  # one report (a page's or the API's save): a plain UPDATE
            ProgressReport.objects.filter(pk=old[0].pk).update(
                **{name: getattr(old[0], name) for name in fields}
            )
        else:
            # Small batches: bulk_update's CASE per field is read row by row, so its cost
            # grows with the square of a batch.
            ProgressReport.objects.bulk_update(old, fields, batch_size=UPDATE_BATCH)
    if replaced:
        ReportValue.objects.filter(report__any=replaced).delete()
    rows_insert(
        ReportValue,
        [
            {"report_id": p.report.pk, "target_id": target_id, "value": value}
            for p in revalued
            for target_id, value in p.values.items()
        ],
    )
    rows_insert(ReportEvent, [{"report_id": report.pk, **row} for report, row in events])


def _reports_insert(reports, now):
    """Insert new reports, and give each its id."""
    columns = [f.attname for f in ProgressReport._meta.concrete_fields if not f.primary_key]
    for report in reports:
        report.created_at = report.updated_at = now
    try:
        # Two first saves at once: the second finds the row the first just inserted.
        with transaction.atomic():
            ids = rows_insert(
                ProgressReport, [{c: getattr(r, c) for c in columns} for r in reports]
            )
    except IntegrityError:
        raise Conflict(
            "该报告刚刚已由他人创建，为避免覆盖，本次修改未保存。请刷新后重试。"
        ) from None
    for report, pk in zip(reports, ids, strict=True):
        report.pk = pk
        report._state.adding = False
        report._state.db = ProgressReport.objects.db


def _event(plan, action, before, actor, when):
    """(report, columns) of the event of one change of plan's report (its version as it now
    stands in memory)."""
    return plan.report, {
        "version": plan.report.version,
        "action": action,
        "at": when,
        "changes": content_diff(before, report_content(plan.report, plan.values)),
        "comment": "",
        **actor,
    }


def report_save(
    *, user, task, unit, period, data, version=None, action=ReportEvent.Action.UPDATE, at=None
):
    """Create or update unit's draft report on task for period (reports_write of one write).

    `version` is the version the edit was based on: None to create; a stale version is
    refused (Conflict) so no edit is overwritten. `at` records a past time (demo data)."""
    write = Write(task=task, data=data, version=version)
    return reports_write(user=user, unit=unit, period=period, writes=[write], action=action, at=at)[
        0
    ]


def report_submit(*, user, report, version, at=None):
    """Submit a draft or returned report. The first submission time decides lateness.

    `at` records a past submission time when historical reports are loaded (demo data,
    back-filling last year's spreadsheets); pages and the API never pass it.
    """
    write = Write(task=report.task, version=version, submit=True)
    return reports_write(user=user, unit=report.unit, period=report.period, writes=[write], at=at)[
        0
    ]
