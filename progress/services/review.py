"""Reviewing many reports in one action (the review queue's 批量审核, the API's bulk-approve and
bulk-return): each report goes through report_approve / report_return on its own, so each is
its own event and its own transaction, and one refused report leaves the others done."""

from dataclasses import dataclass

from progress import roles
from progress.errors import InvalidReport, NotAllowed, ReportError
from progress.models import ProgressReport
from progress.services.reporting import report_approve, report_return

# One action reviews at most this many reports: a page shows 100; a client sends batches.
MAX_REPORTS = 500

APPROVED, RETURNED, REFUSED = "approved", "returned", "refused"
RESULT_STATUSES = (APPROVED, RETURNED, REFUSED)


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
