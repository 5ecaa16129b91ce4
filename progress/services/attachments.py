"""佐证材料: files added to and removed from a progress report while its unit may still change
it (a draft, or returned), each an event in the report's history.

Adding or removing a file makes a new version of the report, as any other change does: the
evidence is part of what the unit submits and the office reviews, so a colleague who submits
(or saves) on the version before gets a conflict and looks again, instead of submitting a
report whose files changed under them. Figures do not depend on files, so no recompute is
asked for (report_changed is not sent).
"""

import logging

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from progress import evidence, roles, selectors
from progress.errors import (
    Conflict,
    NotAllowed,
    NotFound,
    PeriodClosed,
    ReportError,
    TooManyAttachments,
)
from progress.models import Attachment, Period, ProgressReport, ReportEvent
from progress.services.common import actor_fields
from progress.services.reporting import EDITABLE_STATES

log = logging.getLogger(__name__)


def attachment_limits():
    """The limits an evidence file is checked under (settings ATTACHMENT_MAX_*)."""
    return evidence.Limits(
        max_bytes=settings.ATTACHMENT_MAX_BYTES,
        max_unzipped_bytes=settings.ATTACHMENT_MAX_UNZIPPED_BYTES,
        max_image_pixels=settings.ATTACHMENT_MAX_IMAGE_PIXELS,
    )


def _with_related(lookup):
    return ProgressReport.objects.select_related("task", "unit", "period").filter(**lookup)


def _current(report, *, lock=False):
    """The report as stored now, with what the checks read; with `lock`, its row (and only
    its row) locked until the transaction ends."""
    reports = _with_related({"pk": report.pk})
    if lock:
        reports = reports.select_for_update(of=("self",)).order_by()
    found = reports.first()
    if found is None:
        raise NotFound("该报告不存在或已被删除。")
    return found


def _check_may_change(user, report):
    """Who may change a report's files, and when: those who may write it (roles.may_report,
    the office too) while it is a draft or returned; in a closed period or on a closed task
    only the office."""
    if not roles.may_report(user, task=report.task, unit=report.unit):
        raise NotAllowed("您无权修改该报告的佐证材料。")
    office = roles.is_office(user)
    if report.state not in EDITABLE_STATES:
        who = "请先退回再修改" if office else "如需修改，请联系领导小组办公室退回"
        raise Conflict(
            f"报告处于“{report.get_state_display()}”状态，不能再添加或删除佐证材料；{who}。"
        )
    if office:
        return
    period = report.period
    if not Period.objects.filter(pk=period.pk, closed_at__isnull=True).exists():
        raise PeriodClosed(f"报告期{period.label}已关闭，只有领导小组办公室可以修改。")
    if selectors.task_is_closed_for(report.task, period):
        raise Conflict(f"任务{report.task.number}已办结销号，{period.label}无需再报送。")


def attachments_blocked(user, report):
    """None when user may add and remove report's files now, else why not (in Chinese), for
    pages to show instead of the upload form."""
    try:
        _check_may_change(user, report)
    except ReportError as error:
        return error.message
    return None


def _read(file, limits):
    """The upload's bytes. One known to be too large is refused unread; of one of unknown size
    no more than a byte past the limit is read."""
    size = getattr(file, "size", None)
    if size is not None and size > limits.max_bytes:
        raise evidence.too_large(size, limits)
    if hasattr(file, "seek"):
        file.seek(0)
    data = file.read(limits.max_bytes + 1)
    if len(data) > limits.max_bytes:
        raise evidence.too_large(None, limits)
    return data


def _record(report, *, action, user, at, before, after):
    """A new version of the report and its event; `before`/`after` name the file."""
    report.version += 1
    report.save(update_fields=["version", "updated_at"])
    ReportEvent.objects.create(
        report=report,
        version=report.version,
        action=action,
        at=at,
        changes={"attachment": [before, after]},
        comment=before or after,
        **actor_fields(user),
    )


def _storage_delete(names):
    for name in names:
        try:
            Attachment.file.field.storage.delete(name)
        except Exception:  # a storage that is down must not turn a done deletion into an error
            log.exception("佐证材料文件 %s 未能从存储中删除", name)


def attachment_add(*, user, report, file, name=None, at=None):
    """Attach `file` (an upload, or any file object) to report under `name` (default: the
    file's own name, cleaned); returns the Attachment. `at` records a past upload time when
    historical reports are loaded (demo data); pages and the API never pass it.

    Refused with nothing stored: NotAllowed for those who may not write the report; Conflict
    or PeriodClosed when it may not change now (draft or returned only; closed periods and
    tasks: the office only), or when the same content is attached already; TooManyAttachments
    past settings.ATTACHMENT_MAX_COUNT; AttachmentTooLarge and InvalidAttachment from the
    content checks (progress/evidence.py). The file, and an image's thumbnail, are written to
    storage only after every check passed, and removed again if anything fails after that.
    (Inside a caller's transaction that is rolled back later, they stay in storage with
    nothing pointing at them.)
    """
    # Those who may not change the report learn it before their upload is examined.
    _check_may_change(user, _current(report))
    limits = attachment_limits()
    data = _read(file, limits)
    checked = evidence.file_check(data, name or getattr(file, "name", ""), limits)
    written = []
    try:
        with transaction.atomic():
            return _add(user, report, checked, data, written, at=at)
    except BaseException:
        _storage_delete(written)
        raise


def _add(user, report, checked, data, written, *, at=None):
    report = _current(report, lock=True)
    _check_may_change(user, report)
    attached = list(report.attachments.values_list("name", "sha256"))
    if len(attached) >= settings.ATTACHMENT_MAX_COUNT:
        message = (
            f"每份报告最多 {settings.ATTACHMENT_MAX_COUNT} 个佐证材料，已达上限；"
            "请先删除不需要的文件。"
        )
        raise TooManyAttachments(message, {"file": message})
    same = next((shown for shown, sha in attached if sha == checked.sha256), None)
    if same is not None:
        message = f"该文件已作为“{same}”上传过。"
        raise Conflict(message, {"file": message})
    now = at or timezone.now()
    actor = actor_fields(user)
    attachment = Attachment(
        report=report,
        name=checked.name,
        kind=checked.kind.key,
        content_type=checked.kind.content_type,
        size=checked.size,
        sha256=checked.sha256,
        uploaded_by=actor["actor"],
        uploaded_by_name=actor["actor_name"],
        uploaded_at=now,
    )
    attachment.file.save(f"file{checked.kind.extensions[0]}", ContentFile(data), save=False)
    written.append(attachment.file.name)
    if checked.thumbnail:
        attachment.thumbnail.save("thumbnail.jpg", ContentFile(checked.thumbnail), save=False)
        written.append(attachment.thumbnail.name)
    attachment.save()
    _record(
        report, action=ReportEvent.Action.ATTACH, user=user, at=now, before=None, after=checked.name
    )
    return attachment


@transaction.atomic
def attachment_remove(*, user, attachment):
    """Remove an attachment from its report (same rules as attaching; NotFound when it is gone
    already). Its stored files are deleted once the transaction commits
    (attachment_files_delete)."""
    report = _current(attachment.report, lock=True)
    _check_may_change(user, report)
    found = Attachment.objects.filter(pk=attachment.pk, report=report).first()
    if found is None:
        raise NotFound("该佐证材料已被删除，请刷新页面。")
    found.delete()
    _record(
        report,
        action=ReportEvent.Action.DETACH,
        user=user,
        at=timezone.now(),
        before=found.name,
        after=None,
    )


def attachment_files_delete(sender, instance, **kwargs):
    """post_delete of Attachment, however the row went (removed, or its report deleted): its
    files leave storage after the commit, so a rolled-back deletion keeps them."""
    names = [f.name for f in (instance.file, instance.thumbnail) if f and f.name]
    if names:
        transaction.on_commit(lambda: _storage_delete(names))
