"""佐证材料 on progress reports: what may be attached (told by content, not name), what is
refused and why, who may add, remove and download them and when, the history they leave, and
the pages that show them. Files are real ones made in the test and read back from storage."""

import hashlib
import io
import re
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image

from plans.models import Plan
from progress import services
from progress.errors import (
    AttachmentTooLarge,
    Conflict,
    InvalidAttachment,
    NotAllowed,
    PeriodClosed,
    TooManyAttachments,
)
from progress.models import Attachment, ReportEvent
from reports.demo import demo_pdf, demo_photo
from tests.api.helpers import make_report
from tests.conftest import PASSWORD
from tests.progress import files

pytestmark = pytest.mark.django_db
PLAN_KEY = "000_c5d4690d8c15b8df"
WORD = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
EXCEL = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
POWERPOINT = "application/vnd.openxmlformats-officedocument.presentationml.presentation"

ACCEPTED = [
    ("现场照片.png", files.png, "image/png"),
    ("培训现场.jpg", files.jpeg, "image/jpeg"),
    ("动图.gif", files.gif, "image/gif"),
    ("截图.webp", files.webp, "image/webp"),
    ("统计表.pdf", files.pdf, "application/pdf"),
    ("批复.ofd", files.ofd, "application/ofd"),
    ("工作总结.docx", files.docx, WORD),
    ("台账.xlsx", files.xlsx, EXCEL),
    ("汇报.pptx", files.pptx, POWERPOINT),
    ("旧版总结.doc", lambda: files.ole("WordDocument"), "application/msword"),
    ("旧版台账.xls", lambda: files.ole("Workbook"), "application/vnd.ms-excel"),
    ("旧版汇报.ppt", lambda: files.ole("PowerPoint Document"), "application/vnd.ms-powerpoint"),
    ("WPS文字.wps", lambda: files.ole("WordDocument"), "application/msword"),
    ("WPS表格.et", lambda: files.ole("Book", "SummaryInformation"), "application/vnd.ms-excel"),
    ("WPS演示.dps", files.pptx, POWERPOINT),
    ("WPS文字新版.wps", files.docx, WORD),
    ("WPS表格新版.et", files.xlsx, EXCEL),
]


def draft(user, number="39", quarter=2):
    """user's unit's draft report on task `number` of the 黔东南州 plan, complete enough to
    submit."""
    plan = Plan.objects.get(key=PLAN_KEY)
    return make_report(user, plan, number, plan.periods.get(year=2022, quarter=quarter))


def attach(user, report, data, name):
    return services.attachment_add(user=user, report=report, file=ContentFile(data), name=name)


def stored_files():
    """Every file under the media folder (the tests' storage), as relative paths."""
    root = Path(settings.MEDIA_ROOT)
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def form_url(period="2022Q2", number="39"):
    return reverse("progress:report_form", args=[PLAN_KEY, period, number])


# What is accepted, and how it is kept


@pytest.mark.parametrize(("name", "make", "content_type"), ACCEPTED)
def test_each_accepted_kind_is_stored_under_a_random_path_and_read_back(
    alice, name, make, content_type
):
    report = draft(alice)
    data = make()
    attachment = attach(alice, report, data, name)
    attachment.refresh_from_db()
    assert (attachment.name, attachment.content_type, attachment.size) == (
        name,
        content_type,
        len(data),
    )
    # The path says nothing of the file's name: attachments/<year>/<uuid>.<kind's extension>.
    assert re.fullmatch(r"attachments/\d{4}/[0-9a-f]{32}\.[a-z]+", attachment.file.name)
    with attachment.file.open("rb") as handle:
        assert handle.read() == data
    assert attachment.sha256 == hashlib.sha256(data).hexdigest()
    assert attachment.uploaded_by == alice
    assert attachment.uploaded_by_name == "alice"
    assert bool(attachment.thumbnail) == content_type.startswith("image/")


def test_a_phone_photo_gets_a_small_upright_jpeg_thumbnail(alice):
    # EXIF orientation 6: the camera was held upright, the pixels lie on their side.
    attachment = attach(alice, draft(alice), files.jpeg((1200, 900), orientation=6), "照片.jpg")
    with attachment.thumbnail.open("rb") as handle, Image.open(handle) as thumbnail:
        assert thumbnail.format == "JPEG"
        assert thumbnail.size == (240, 320)  # portrait, at most 320 px


def test_a_name_loses_its_path_and_hidden_characters_and_gains_the_kinds_extension(alice):
    report = draft(alice)
    shown = attach(alice, report, files.pdf(), "C:\\Users\\王\\Desktop\\季度\u200b 报告.pdf")
    assert shown.name == "季度 报告.pdf"
    bare = attach(alice, report, files.png(), "扫描件")
    assert bare.name == "扫描件.png"


def test_a_file_named_as_one_image_kind_but_holding_another_is_accepted(alice):
    attachment = attach(alice, draft(alice), files.jpeg(), "照片.png")
    assert (attachment.name, attachment.content_type) == ("照片.png", "image/jpeg")


# What is refused, with nothing stored


REFUSED = [
    ("setup.jpg", files.EXE, "可执行程序"),
    ("setup.exe", files.EXE, "可执行程序"),
    ("通知.html", files.HTML, "网页"),
    ("图标.svg", files.SVG, "SVG"),
    ("说明.txt", files.TEXT, "纯文本"),
    ("说明.pdf", files.TEXT, "纯文本"),
    ("资料.zip", lambda: files.zip_of({"a.txt": b"x"}), "压缩包"),
    ("资料.docx", lambda: files.zip_of({"word/document.xml": b"<w/>"}), "压缩包"),
    ("安装包.doc", lambda: files.ole("SummaryInformation"), "复合文档"),
    ("加密.docx", lambda: files.ole("EncryptedPackage", "EncryptionInfo"), "密码"),
    (
        "带宏.docx",
        lambda: files.zip_of(
            {
                "[Content_Types].xml": files.CONTENT_TYPES,
                "word/document.xml": b"<w/>",
                "word/vbaProject.bin": b"\0",
            }
        ),
        "宏",
    ),
    ("报告.pdf", files.png, "文件名为 .pdf，但内容是PNG 图片"),
    ("报告.docx", files.pdf, "文件名为 .docx，但内容是PDF 文档"),
    ("报告.exe", files.pdf, "扩展名 .exe 不在允许范围"),
    ("空.pdf", lambda: b"", "空的"),
    ("损坏.jpg", lambda: files.jpeg()[:3000], "已损坏"),
    ("损坏.doc", lambda: files.ole("WordDocument")[:1500], "已损坏"),
]


@pytest.mark.parametrize(("name", "make", "said"), REFUSED)
def test_refused_files_are_named_in_chinese_and_nothing_is_kept(alice, name, make, said):
    report = draft(alice)
    with pytest.raises(InvalidAttachment) as refused:
        attach(alice, report, make() if callable(make) else make, name)
    assert said in refused.value.message
    assert refused.value.fields == {"file": refused.value.message}
    assert not Attachment.objects.exists()
    assert stored_files() == []
    report.refresh_from_db()
    assert report.version == 1


def test_a_refused_kind_is_told_which_kinds_are_allowed(alice):
    with pytest.raises(InvalidAttachment) as refused:
        attach(alice, draft(alice), files.SVG, "图标.svg")
    for allowed in ("JPG", "PNG", "PDF", "OFD", ".docx", ".xlsx", ".wps", ".et"):
        assert allowed in refused.value.message


def test_a_zip_bomb_is_refused_from_its_declared_sizes_without_unpacking(alice, settings):
    report = draft(alice)
    # Declares 4 GB in 36 KB: refused from the directory alone (nothing is inflated).
    crafted = files.with_declared_size(files.docx(), "word/document.xml", 0xFFFFFF00)
    with pytest.raises(InvalidAttachment) as refused:
        attach(alice, report, crafted, "炸弹.docx")
    assert "压缩炸弹" in refused.value.message
    # A real one: 30 MB of zeros in a few KB, over a lowered limit.
    settings.ATTACHMENT_MAX_UNZIPPED_BYTES = 10 * 1024 * 1024
    bomb = files.docx_bomb(30 * 1024 * 1024)
    assert len(bomb) < 100_000
    with pytest.raises(InvalidAttachment) as refused:
        attach(alice, report, bomb, "炸弹2.docx")
    assert "超过 10 MB" in refused.value.message
    assert stored_files() == []


@pytest.mark.parametrize("size", [(9_000, 8_000), (30_000, 30_000), (100_000, 100_000)])
def test_a_pixel_bomb_image_is_refused_not_a_server_error(alice, size):
    with pytest.raises(InvalidAttachment) as refused:
        attach(alice, draft(alice), files.png_claiming(*size), "炸弹.png")
    assert "像素" in refused.value.message
    assert stored_files() == []


def test_a_file_over_the_size_limit_is_refused_before_it_is_examined(alice, settings):
    settings.ATTACHMENT_MAX_BYTES = 50_000
    report = draft(alice)
    big = files.jpeg((2400, 1800))
    assert len(big) > 50_000
    upload = SimpleUploadedFile("大图.jpg", big, content_type="image/jpeg")
    with pytest.raises(AttachmentTooLarge) as refused:
        services.attachment_add(user=alice, report=report, file=upload)
    assert refused.value.status == 413
    assert refused.value.message.startswith(f"文件大小 {len(big) / 1024 / 1024:.1f} MB，超过")
    assert stored_files() == []


def test_no_more_files_than_the_limit_and_no_file_twice(alice, settings):
    settings.ATTACHMENT_MAX_COUNT = 2
    report = draft(alice)
    attach(alice, report, files.pdf("one"), "一.pdf")
    with pytest.raises(Conflict) as twice:
        attach(alice, report, files.pdf("one"), "一（副本）.pdf")
    assert "已作为“一.pdf”上传过" in twice.value.message
    attach(alice, report, files.pdf("two"), "二.pdf")
    with pytest.raises(TooManyAttachments) as refused:
        attach(alice, report, files.pdf("three"), "三.pdf")
    assert "最多 2 个" in refused.value.message
    assert report.attachments.count() == 2
    assert len(stored_files()) == 2


# Who may change them, and when


def test_the_units_people_and_the_office_attach_others_may_not(
    alice, leo, olivia, bob, rita, outsider
):
    report = draft(alice)
    attach(alice, report, files.pdf("alice"), "a.pdf")
    attach(leo, report, files.pdf("leo"), "l.pdf")
    attach(olivia, report, files.pdf("office"), "o.pdf")
    for user in (bob, rita, outsider):
        with pytest.raises(NotAllowed):
            attach(user, report, files.pdf(user.username), "x.pdf")
    assert sorted(report.attachments.values_list("uploaded_by_name", flat=True)) == [
        "alice",
        "leo",
        "olivia",
    ]


def test_a_refusal_for_who_you_are_comes_before_the_file_is_examined(bob, alice):
    with pytest.raises(NotAllowed):
        attach(bob, draft(alice), files.EXE, "setup.exe")


def test_a_submitted_or_approved_report_keeps_its_files_until_it_is_returned(
    alice, olivia, period_q2
):
    report = draft(alice)
    kept = attach(alice, report, files.pdf(), "统计表.pdf")
    report.refresh_from_db()
    report = services.report_submit(user=alice, report=report, version=report.version)
    for user in (alice, olivia):
        with pytest.raises(Conflict) as refused:
            attach(user, report, files.png(), "补充.png")
        assert "已报送" in refused.value.message
        with pytest.raises(Conflict):
            services.attachment_remove(user=user, attachment=kept)
    report = services.report_approve(user=olivia, report=report, version=report.version)
    with pytest.raises(Conflict):
        attach(alice, report, files.png(), "补充.png")
    report = services.report_return(
        user=olivia, report=report, version=report.version, comment="请补充现场照片"
    )
    attach(alice, report, files.png(), "补充.png")
    services.attachment_remove(user=alice, attachment=kept)
    assert list(report.attachments.values_list("name", flat=True)) == ["补充.png"]


def test_whoever_attached_evidence_does_not_approve_the_report(alice, olivia):
    from progress.users import user_add

    report = draft(alice)
    attach(olivia, report, files.pdf(), "办公室补充.pdf")
    report.refresh_from_db()
    report = services.report_submit(user=alice, report=report, version=report.version)
    with pytest.raises(NotAllowed):
        services.report_approve(user=olivia, report=report, version=report.version)
    oscar = user_add(username="oscar", role="office", password=PASSWORD)
    approved = services.report_approve(user=oscar, report=report, version=report.version)
    assert approved.state == "approved"


def test_in_a_closed_period_only_the_office_changes_files(alice, olivia, period_q2):
    report = draft(alice)
    services.period_close(user=olivia, period=period_q2)
    with pytest.raises(PeriodClosed):
        attach(alice, report, files.pdf(), "迟交.pdf")
    attach(olivia, report, files.pdf(), "办公室补充.pdf")


# History, versions and storage


def test_each_attach_and_removal_is_an_event_and_a_new_version(
    alice, django_capture_on_commit_callbacks
):
    report = draft(alice)
    attachment = attach(alice, report, files.png(), "现场照片.png")
    report.refresh_from_db()
    assert report.version == 2
    # A colleague's form based on version 1 no longer saves over it.
    with pytest.raises(Conflict):
        services.report_save(
            user=alice,
            task=report.task,
            unit=report.unit,
            period=report.period,
            data={"narrative": "旧页面"},
            version=1,
        )
    with django_capture_on_commit_callbacks(execute=True):
        services.attachment_remove(user=alice, attachment=attachment)
    events = list(report.events.order_by("version"))
    assert [(e.version, e.action) for e in events] == [
        (1, ReportEvent.Action.CREATE),
        (2, ReportEvent.Action.ATTACH),
        (3, ReportEvent.Action.DETACH),
    ]
    assert events[1].get_action_display() == "添加佐证材料"
    assert events[2].get_action_display() == "删除佐证材料"
    assert events[1].changes == {"attachment": [None, "现场照片.png"]}
    assert events[2].changes == {"attachment": ["现场照片.png", None]}
    assert events[1].comment == events[2].comment == "现场照片.png"
    assert (events[1].actor_name, events[2].actor_name) == ("alice", "alice")


def test_removal_deletes_the_file_and_thumbnail_from_storage_after_the_commit(
    alice, django_capture_on_commit_callbacks
):
    report = draft(alice)
    attachment = attach(alice, report, files.jpeg(), "照片.jpg")
    kept = attach(alice, report, files.pdf(), "统计表.pdf")
    assert len(stored_files()) == 3  # photo, its thumbnail, the PDF
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.attachment_remove(user=alice, attachment=attachment)
    assert len(stored_files()) == 3  # nothing goes before the commit
    for callback in callbacks:
        callback()
    assert stored_files() == [kept.file.name]
    with pytest.raises(services.attachments.NotFound):
        services.attachment_remove(user=alice, attachment=attachment)


def test_demo_files_are_real_evidence(alice):
    report = draft(alice)
    photo = attach(alice, report, demo_photo(), "培训现场照片.jpg")
    sheet = attach(alice, report, demo_pdf(["Task 39 progress 2022Q2"]), "统计表.pdf")
    assert (photo.content_type, sheet.content_type) == ("image/jpeg", "application/pdf")
    assert photo.thumbnail


# Pages


def upload(client, report, data, name, back=None):
    return client.post(
        reverse("progress:attachment_add", args=[report.pk]),
        {"file": SimpleUploadedFile(name, data), "next": back or form_url()},
    )


def test_a_reporter_attaches_on_the_form_page_without_javascript(client, alice):
    login(client, alice)
    page = client.get(form_url()).content.decode()
    assert "保存草稿后即可上传佐证材料" in page
    report = draft(alice)
    page = client.get(form_url()).content.decode()
    assert 'enctype="multipart/form-data"' in page
    assert reverse("progress:attachment_add", args=[report.pk]) in page
    response = upload(client, report, files.jpeg(), "培训现场.jpg")
    assert response.status_code == 302
    assert response["Location"] == form_url() + "#attachments"
    page = client.get(form_url()).content.decode()
    attachment = report.attachments.get()
    assert "已上传佐证材料“培训现场.jpg”" in page
    assert reverse("progress:attachment_thumbnail", args=[attachment.pk]) in page
    assert reverse("progress:attachment_download", args=[attachment.pk]) in page
    assert "添加佐证材料" in page  # the history
    # The form now carries the new version: saving it works.
    assert f'name="version" value="{report.version + 1}"' in page


def test_a_wrong_file_on_the_page_gets_a_chinese_message_and_changes_nothing(client, alice):
    login(client, alice)
    report = draft(alice)
    response = upload(client, report, files.EXE, "照片.jpg")
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "“照片.jpg”未上传：不支持此类文件（看起来是可执行程序）" in page
    response = client.post(
        reverse("progress:attachment_add", args=[report.pk]), {"next": form_url()}
    )
    page = client.get(response["Location"]).content.decode()
    assert "请先选择要上传的佐证材料文件" in page
    assert not Attachment.objects.exists()


def test_a_foreign_next_address_is_not_followed(client, alice):
    login(client, alice)
    response = upload(client, draft(alice), files.pdf(), "a.pdf", back="https://evil.example/")
    report = Attachment.objects.get().report
    assert response["Location"] == (
        reverse("progress:report_detail", args=[report.pk]) + "#attachments"
    )


def test_other_units_and_readers_cannot_attach_or_remove_through_pages(client, alice, bob, rita):
    report = draft(alice)
    attachment = attach(alice, report, files.pdf(), "a.pdf")
    login(client, bob)
    assert upload(client, report, files.pdf("b"), "b.pdf").status_code == 403
    remove = reverse("progress:attachment_remove", args=[attachment.pk])
    assert client.post(remove).status_code == 403
    client.logout()
    login(client, rita)
    assert upload(client, report, files.pdf("r"), "r.pdf").status_code == 403
    assert client.post(remove).status_code == 403
    page = client.get(reverse("progress:report_detail", args=[report.pk])).content.decode()
    assert "a.pdf" in page
    assert remove not in page  # no remove button for a reader
    assert report.attachments.count() == 1


def test_the_reporter_removes_a_file_from_the_page(
    client, alice, django_capture_on_commit_callbacks
):
    login(client, alice)
    report = draft(alice)
    attachment = attach(alice, report, files.pdf(), "统计表.pdf")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("progress:attachment_remove", args=[attachment.pk]), {"next": form_url()}
        )
    assert response["Location"] == form_url() + "#attachments"
    assert "已删除佐证材料“统计表.pdf”" in client.get(form_url()).content.decode()
    assert stored_files() == []


def test_a_submitted_reports_page_lists_files_without_upload_or_remove(client, alice):
    report = draft(alice)
    attach(alice, report, files.pdf(), "统计表.pdf")
    report.refresh_from_db()
    services.report_submit(user=alice, report=report, version=report.version)
    login(client, alice)
    page = client.get(form_url()).content.decode()
    assert "统计表.pdf" in page
    assert 'enctype="multipart/form-data"' not in page
    assert "不能再添加或删除佐证材料" in page


def test_download_gives_the_original_chinese_name_to_those_who_may_read_the_report(
    client, alice, leo, olivia, rita, bob, outsider
):
    report = draft(alice)
    data = files.pdf()
    attachment = attach(alice, report, data, "第二季度 统计表.pdf")
    url = reverse("progress:attachment_download", args=[attachment.pk])
    for user in (alice, leo, olivia, rita):
        login(client, user)
        response = client.get(url)
        assert response.status_code == 200, user
        assert b"".join(response.streaming_content) == data
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"] == (
            "attachment; filename*=utf-8''" + quote("第二季度 统计表.pdf")
        )
        assert response["X-Content-Type-Options"] == "nosniff"
        client.logout()
    for user in (bob, outsider):
        login(client, user)
        assert client.get(url).status_code == 403, user
        client.logout()
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    # Never a public media address.
    assert settings.MEDIA_URL not in url


def test_thumbnails_are_checked_too_and_only_images_have_them(client, alice, bob):
    report = draft(alice)
    photo = attach(alice, report, files.png(), "照片.png")
    sheet = attach(alice, report, files.pdf(), "统计表.pdf")
    login(client, alice)
    response = client.get(reverse("progress:attachment_thumbnail", args=[photo.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    with Image.open(io.BytesIO(b"".join(response.streaming_content))) as image:
        assert max(image.size) <= 320
    assert client.get(reverse("progress:attachment_thumbnail", args=[sheet.pk])).status_code == 404
    client.logout()
    login(client, bob)
    assert client.get(reverse("progress:attachment_thumbnail", args=[photo.pk])).status_code == 403


def test_a_file_lost_from_storage_is_a_404_not_a_crash(client, alice):
    attachment = attach(alice, draft(alice), files.pdf(), "统计表.pdf")
    attachment.file.storage.delete(attachment.file.name)
    login(client, alice)
    assert (
        client.get(reverse("progress:attachment_download", args=[attachment.pk])).status_code == 404
    )


def test_the_review_queue_counts_each_reports_files(client, alice, olivia):
    report = draft(alice)
    attach(alice, report, files.pdf(), "统计表.pdf")
    attach(alice, report, files.png(), "照片.png")
    report.refresh_from_db()
    services.report_submit(user=alice, report=report, version=report.version)
    login(client, olivia)
    page = client.get(reverse("progress:review")).content.decode()
    assert "<th>佐证材料</th>" in page
    assert f"{reverse('progress:report_detail', args=[report.pk])}#attachments" in page
    assert "2 个" in page


def test_the_office_reviews_a_report_with_its_files_and_thumbnails(client, alice, olivia):
    report = draft(alice)
    photo = attach(alice, report, files.png(), "照片.png")
    report.refresh_from_db()
    services.report_submit(user=alice, report=report, version=report.version)
    login(client, olivia)
    page = client.get(reverse("progress:report_detail", args=[report.pk])).content.decode()
    assert "照片.png" in page
    assert reverse("progress:attachment_thumbnail", args=[photo.pk]) in page
    assert "审核通过" in page


def test_the_task_page_lists_each_reports_files(client, alice, olivia):
    report = draft(alice)
    sheet = attach(alice, report, files.pdf(), "统计表.pdf")
    login(client, olivia)
    page = client.get(reverse("dashboards:task", args=[report.task_id])).content.decode()
    assert "统计表.pdf" in page
    assert reverse("progress:attachment_download", args=[sheet.pk]) in page


def test_pages_read_files_in_a_fixed_number_of_queries(client, alice):
    report = draft(alice)
    attach(alice, report, files.png(), "一.png")
    login(client, alice)
    pages = [form_url(), reverse("progress:report_detail", args=[report.pk])]
    counts = []
    for extra in range(2):
        if extra:
            for index in range(4):
                attach(alice, report, files.pdf(f"more {index}"), f"{index}.pdf")
        found = []
        for url in pages:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            found.append(len(queries))
        counts.append(found)
    assert counts[0] == counts[1]
