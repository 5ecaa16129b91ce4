"""佐证材料 through the API: GET/POST /api/v1/progress/{id}/attachments/ (multipart `file`),
DELETE .../attachments/{aid}/, and the download address each one names; the same rules as the
pages, errors in the one shape."""

from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from progress.models import Attachment
from progress.services import report_submit
from tests.api.helpers import assert_error, make_report
from tests.progress import files

pytestmark = pytest.mark.django_db


def url(report, aid=None):
    base = f"/api/v1/progress/{report.pk}/attachments/"
    return base if aid is None else f"{base}{aid}/"


def post(client, report, data, name):
    return client.post(url(report), {"file": SimpleUploadedFile(name, data)}, format="multipart")


@pytest.fixture
def report(alice, plan_000, period_q2):
    return make_report(alice, plan_000, "39", period_q2)


def test_a_reporter_uploads_lists_downloads_and_removes_a_file(
    api, alice, report, django_capture_on_commit_callbacks
):
    client = api(alice)
    data = files.jpeg()
    response = post(client, report, data, "培训现场照片.jpg")
    assert response.status_code == 201, response.content
    body = response.json()
    assert set(body) == {
        "id",
        "name",
        "size",
        "content_type",
        "sha256",
        "uploaded_by",
        "uploaded_at",
        "download",
    }
    assert (body["name"], body["size"], body["content_type"], body["uploaded_by"]) == (
        "培训现场照片.jpg",
        len(data),
        "image/jpeg",
        "alice",
    )
    assert body["download"] == (
        f"http://testserver/api/v1/progress/{report.pk}/attachments/{body['id']}/download/"
    )
    listed = client.get(url(report))
    assert listed.status_code == 200
    assert listed.json() == [body]

    downloaded = client.get(body["download"])
    assert downloaded.status_code == 200
    assert b"".join(downloaded.streaming_content) == data
    assert downloaded["Content-Type"] == "image/jpeg"
    assert downloaded["Content-Disposition"] == (
        "attachment; filename*=utf-8''" + quote("培训现场照片.jpg")
    )
    assert downloaded["X-Content-Type-Options"] == "nosniff"

    # Attaching made a new version: the report's history says so.
    history = client.get(f"/api/v1/progress/{report.pk}/history/").json()["results"]
    assert [e["action"] for e in history] == ["create", "attach"]
    assert client.get(f"/api/v1/progress/{report.pk}/").json()["version"] == 2

    with django_capture_on_commit_callbacks(execute=True):
        removed = client.delete(url(report, body["id"]))
    assert removed.status_code == 204
    assert client.get(url(report)).json() == []
    assert_error(client.get(body["download"]), 404, "not_found")
    history = client.get(f"/api/v1/progress/{report.pk}/history/").json()["results"]
    assert [e["action"] for e in history] == ["create", "attach", "detach"]
    assert history[-1]["changes"] == {"attachment": ["培训现场照片.jpg", None]}


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("现场.png", files.png()),
        ("统计表.pdf", files.pdf()),
        ("批复.ofd", files.ofd()),
        ("总结.docx", files.docx()),
        ("台账.xlsx", files.xlsx()),
        ("旧版.doc", files.ole("WordDocument")),
        ("WPS表格.et", files.ole("Workbook")),
    ],
)
def test_each_kind_is_accepted_through_the_api(api, alice, report, name, data):
    response = post(api(alice), report, data, name)
    assert response.status_code == 201, response.content
    assert Attachment.objects.get().name == name


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("setup.jpg", files.EXE),
        ("page.html", files.HTML),
        ("icon.svg", files.SVG),
        ("报告.pdf", files.png()),
        ("炸弹.png", files.png_claiming(30_000, 30_000)),
    ],
)
def test_a_wrong_file_is_a_400_in_the_one_shape(api, alice, report, name, data):
    body = assert_error(post(api(alice), report, data, name), 400, "invalid_file")
    assert body["fields"] == {"file": body["message"]}
    assert not Attachment.objects.exists()


def test_a_large_file_is_a_413_and_too_many_a_409(api, alice, report, settings):
    client = api(alice)
    settings.ATTACHMENT_MAX_BYTES = 2_000
    body = assert_error(post(client, report, files.jpeg(), "大.jpg"), 413, "too_large")
    assert "上限" in body["fields"]["file"]
    settings.ATTACHMENT_MAX_BYTES = 1_000_000
    settings.ATTACHMENT_MAX_COUNT = 1
    assert post(client, report, files.pdf("a"), "a.pdf").status_code == 201
    assert_error(post(client, report, files.pdf("b"), "b.pdf"), 409, "too_many_files")


def test_a_post_without_a_file_names_the_field(api, alice, report):
    client = api(alice)
    body = assert_error(client.post(url(report), {}, format="multipart"), 400, "invalid")
    assert "file" in body["fields"]
    assert_error(
        client.post(url(report), {"file": "x"}, format="json"), 415, "unsupported_media_type"
    )


def test_permissions_follow_the_report(api, alice, leo, olivia, rita, bob, outsider, report, carol):
    assert post(api(alice), report, files.pdf("a"), "a.pdf").status_code == 201
    aid = Attachment.objects.get().pk
    download = f"{url(report, aid)}download/"
    for user in (alice, leo, olivia, rita):
        assert api(user).get(url(report)).status_code == 200, user
        assert api(user).get(download).status_code == 200, user
    for user in (bob, carol):
        assert_error(api(user).get(url(report)), 403, "forbidden")
        assert_error(api(user).get(download), 403, "forbidden")
        assert_error(post(api(user), report, files.pdf("b"), "b.pdf"), 403, "forbidden")
        assert_error(api(user).delete(url(report, aid)), 403, "forbidden")
    assert_error(post(api(rita), report, files.pdf("r"), "r.pdf"), 403, "forbidden")
    assert_error(api(rita).delete(url(report, aid)), 403, "forbidden")
    assert_error(api(outsider).get(url(report)), 403, "forbidden")
    assert_error(api(None).get(url(report)), 401, "not_authenticated")
    assert_error(api(None).get(download), 401, "not_authenticated")
    assert_error(post(api(None), report, files.pdf("n"), "n.pdf"), 401, "not_authenticated")
    assert post(api(leo), report, files.pdf("l"), "l.pdf").status_code == 201
    assert post(api(olivia), report, files.pdf("o"), "o.pdf").status_code == 201
    assert Attachment.objects.count() == 3


def test_a_submitted_report_refuses_changes_with_409(api, alice, olivia, report):
    client = api(alice)
    aid = post(client, report, files.pdf(), "a.pdf").json()["id"]
    report.refresh_from_db()
    report_submit(user=alice, report=report, version=report.version)
    for user in (alice, olivia):
        body = assert_error(post(api(user), report, files.png(), "b.png"), 409, "conflict")
        assert "已报送" in body["message"]
        assert_error(api(user).delete(url(report, aid)), 409, "conflict")
    assert Attachment.objects.count() == 1


def test_an_attachment_of_another_report_is_not_found_here(api, alice, report, plan_000, period_q2):
    other = make_report(alice, plan_000, "1", period_q2)
    client = api(alice)
    aid = post(client, other, files.pdf(), "a.pdf").json()["id"]
    assert_error(client.delete(url(report, aid)), 404, "not_found")
    assert_error(client.get(f"{url(report, aid)}download/"), 404, "not_found")
    assert_error(client.delete(url(report, 10**12)), 404, "not_found")
    assert Attachment.objects.get().report == other
