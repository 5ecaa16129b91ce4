"""Pages of 佐证材料: upload to a report and remove from it (small forms that work without
JavaScript, back to the page they came from), and downloads and thumbnails, each checked
against who may read the report: files are never served from a public media URL."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from config.redirects import back_to
from progress import roles, services
from progress.errors import NotAllowed, ReportError
from progress.models import Attachment, ProgressReport


def _forbidden(request, message):
    return render(request, "progress/forbidden.html", {"message": message}, status=403)


def _back(request, report):
    """Where a form sends the person back: the page it was on (same site only), else the
    report's page."""
    back = back_to(request)
    if back:
        return back + "#attachments" if "#" not in back else back
    return reverse("progress:report_detail", args=[report.pk]) + "#attachments"


@login_required
@require_POST
def attachment_add(request, pk):
    report = get_object_or_404(ProgressReport.objects.select_related("task", "unit"), pk=pk)
    if not roles.may_see_report(request.user, report):
        return _forbidden(request, "您无权查看该报告。")
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, "请先选择要上传的佐证材料文件。")
        return redirect(_back(request, report))
    try:
        attachment = services.attachment_add(user=request.user, report=report, file=upload)
    except NotAllowed as error:
        return _forbidden(request, error.message)
    except ReportError as error:
        messages.error(request, f"“{upload.name}”未上传：{error.message}")
    else:
        messages.success(request, f"已上传佐证材料“{attachment.name}”。")
    return redirect(_back(request, report))


@login_required
@require_POST
def attachment_remove(request, pk):
    attachment = get_object_or_404(Attachment.objects.select_related("report"), pk=pk)
    report = attachment.report
    if not roles.may_see_report(request.user, report):
        return _forbidden(request, "您无权查看该报告。")
    try:
        services.attachment_remove(user=request.user, attachment=attachment)
    except NotAllowed as error:
        return _forbidden(request, error.message)
    except ReportError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"已删除佐证材料“{attachment.name}”。")
    return redirect(_back(request, report))


def file_response(attachment, *, thumbnail=False):
    """The stored file (or its thumbnail) as a response: the original name in
    Content-Disposition (RFC 5987 for Chinese names), the content type detected on upload,
    and headers that keep a browser from running or sniffing it. 404 when storage lost it.
    Whoever calls it has checked roles.may_see_report."""
    stored = attachment.thumbnail if thumbnail else attachment.file
    if not stored:
        raise Http404("该文件没有缩略图")
    try:
        handle = stored.open("rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404("文件已不在存储中") from exc
    if thumbnail:
        response = FileResponse(handle, content_type="image/jpeg")
        response["Cache-Control"] = "private, max-age=3600"
    else:
        response = FileResponse(
            handle,
            as_attachment=True,
            filename=attachment.name,
            content_type=attachment.content_type,
        )
        response["Cache-Control"] = "private, no-cache"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def _readable(request, pk):
    attachment = get_object_or_404(Attachment.objects.select_related("report"), pk=pk)
    if not roles.may_see_report(request.user, attachment.report):
        return attachment, _forbidden(request, "您无权查看该报告的佐证材料。")
    return attachment, None


@login_required
@require_GET
def attachment_download(request, pk):
    attachment, denied = _readable(request, pk)
    return denied or file_response(attachment)


@login_required
@require_GET
def attachment_thumbnail(request, pk):
    attachment, denied = _readable(request, pk)
    return denied or file_response(attachment, thumbnail=True)
