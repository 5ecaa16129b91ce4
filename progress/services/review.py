"""Reviewing reports, by the office. One report: report_approve (not one's own, unless the plan
allows it) and report_return (with a comment; the only way an approved report becomes editable
again). Many in one action (the review queue's 批量审核, the API's bulk-approve and
bulk-return): each report goes through report_approve / report_return on its own, so each is
its own event and its own transaction, and one refused report leaves the others done."""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from progress import roles
from progress.errors import Conflict, InvalidReport, NotAllowed, ReportError
from progress.models import ProgressReport, ReportEvent
from progress.services.common import (
    actor_fields,
    content_diff,
    report_content,
    report_locked,
    reports_changed_on_commit,
    version_check,
)
from progress.text import text_clean

AUTHOR_ACTIONS = (
    ReportEvent.Action.CREATE,
    ReportEvent.Action.UPDATE,
    ReportEvent.Action.SUBMIT,
    ReportEvent.Action.IMPORT,
    ReportEvent.Action.ATTACH,
    ReportEvent.Action.DETACH,
)

# One action reviews at most this many reports: a page shows 100; a client sends batches.
MAX_REPORTS = 500

APPROVED, RETURNED, REFUSED = "approved", "returned", "refused"
RESULT_STATUSES = (APPROVED, RETURNED, REFUSED)


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


def _review(user, report, version, state, comment, at=None):
    if not roles.is_office(user):
        raise NotAllowed("只有领导小组办公室可以审核报告。")
    approve = state == ProgressReport.State.APPROVED
    comment = text_clean(
        comment, field="comment", label="审核意见" if approve else "退回意见", kind="comment"
    )
    if not approve and not comment:
        raise InvalidReport("退回时必须写明退回意见。", {"comment": "请写明退回意见"})
    report = report_locked(pk=report.pk, related=("task__plan",))  # _check_not_author's plan
    version_check(report, version)
    allowed_from = {
        ProgressReport.State.APPROVED: (ProgressReport.State.SUBMITTED,),
        ProgressReport.State.RETURNED: (
            ProgressReport.State.SUBMITTED,
            ProgressReport.State.APPROVED,
        ),
    }[state]
    if report.state not in allowed_from:
        verb = "审核通过" if approve else "退回"
        raise Conflict(f"报告处于“{report.get_state_display()}”状态，不能{verb}。")
    if approve:
        _check_not_author(user, report)
    values = dict(report.values.values_list("target_id", "value"))
    before = report_content(report, values)
    report.state = state
    report.reviewed_by = user
    report.reviewed_by_name = actor_fields(user)["actor_name"]
    report.reviewed_at = at or timezone.now()
    report.review_comment = comment
    report.version += 1
    report.save()
    action = ReportEvent.Action.APPROVE if approve else ReportEvent.Action.RETURN
    ReportEvent.objects.create(
        report=report,
        version=report.version,
        action=action,
        at=report.reviewed_at,
        changes=content_diff(before, report_content(report, values)),
        comment=comment,
        **actor_fields(user),
    )
    reports_changed_on_commit([(report, action)])
    return report


@transaction.atomic
def report_approve(*, user, report, version, comment="", at=None):
    """Approve a submitted report (the office; not one's own, unless the plan allows it)."""
    return _review(user, report, version, ProgressReport.State.APPROVED, comment, at)


@transaction.atomic
def report_return(*, user, report, version, comment, at=None):
    """Return a submitted or approved report with a comment (required): its unit may change it
    again. The only way an approved report becomes editable."""
    return _review(user, report, version, ProgressReport.State.RETURNED, comment, at)


@dataclass(frozen=True)
class ReviewResult:
    """What became of one report of a bulk review: approved, returned, or refused with the
    error's code (forbidden, conflict, not_found, ...) and its Chinese message."""

    id: int
    status: str
    code: str
    message: str
    report: ProgressReport | None = None

    @property
    def done(self):
        return self.status != REFUSED


def _ids(ids):
    """The ids in the order given, each once; InvalidReport for none, too many or a non-id."""
    try:
        ids = list(dict.fromkeys(int(i) for i in ids or ()))
    except (TypeError, ValueError):
        raise InvalidReport("报告编号必须是正整数。", {"ids": "必须是正整数编号"}) from None
    if not ids:
        raise InvalidReport("请至少选择一份报告。", {"ids": "请至少选择一份报告"})
    if len(ids) > MAX_REPORTS:
        raise InvalidReport(
            f"一次最多审核{MAX_REPORTS}份报告，请分批提交。",
            {"ids": f"最多{MAX_REPORTS}份"},
        )
    if any(not 0 < i < 2**63 for i in ids):
        raise InvalidReport("报告编号必须是正整数。", {"ids": "必须是正整数编号"})
    return ids


def _review_each(*, user, ids, versions, review, done_status, done_message):
    if not roles.is_office(user):
        raise NotAllowed("只有领导小组办公室可以审核报告。")
    ids = _ids(ids)
    versions = versions or {}
    reports = ProgressReport.objects.select_related("task", "unit", "period").in_bulk(ids)
    results = []
    for pk in ids:
        report = reports.get(pk)
        if report is None:
            results.append(ReviewResult(pk, REFUSED, "not_found", "报告不存在或已被删除。"))
            continue
        shown = versions.get(pk)
        if shown is not None and shown != report.version:
            message = (
                f"报告在您打开页面后已有变化（您看到的是第{shown}版，现为第{report.version}版），"
                "本次未处理，请刷新后重新审核。"
            )
            results.append(ReviewResult(pk, REFUSED, "conflict", message, report))
            continue
        try:
            # The service is one transaction (a savepoint inside a caller's): a refusal here
            # undoes this report only.
            done = review(
                user=user, report=report, version=report.version if shown is None else shown
            )
        except ReportError as error:
            results.append(ReviewResult(pk, REFUSED, error.code, error.message, report))
        else:
            results.append(ReviewResult(pk, done_status, "ok", done_message, done))
    return results


def report_approve_many(*, user, ids, versions=None, comment=""):
    """Approve each report of `ids` as report_approve does, one transaction each.

    versions: {report id: the version the reviewer saw}; a report changed since is refused
    (conflict). Without it each report is approved as it now is. Returns a ReviewResult per
    id, in the order given (duplicates once). Raises only for the request as a whole: a user
    who is not the office (NotAllowed), no ids or too many (InvalidReport)."""
    return _review_each(
        user=user,
        ids=ids,
        versions=versions,
        review=lambda **kw: report_approve(comment=comment, **kw),
        done_status=APPROVED,
        done_message="已审核通过。",
    )


def report_return_many(*, user, ids, comment, versions=None):
    """Return each report of `ids` with the one comment, as report_return does, one
    transaction and one event each; see report_approve_many. A blank comment refuses the
    whole request before any report is touched."""
    comment = (comment or "").strip()
    if not comment:
        raise InvalidReport("退回时必须写明退回意见。", {"comment": "请写明退回意见"})
    return _review_each(
        user=user,
        ids=ids,
        versions=versions,
        review=lambda **kw: report_return(comment=comment, **kw),
        done_status=RETURNED,
        done_message="已退回。",
    )
