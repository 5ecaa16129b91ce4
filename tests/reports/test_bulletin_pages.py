"""Bulletins from the pages and the command line."""

import io
import time

import pytest
from django.core.management import call_command
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from reports.models import Bulletin
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db
PLAN_KEY = "000_c5d4690d8c15b8df"


@pytest.mark.django_db(transaction=True)
def test_office_generates_a_bulletin_from_the_page_and_downloads_it(
    celery_worker, client, olivia, plan_000
):
    """The job runs on a real worker under CI, in-process otherwise."""
    client.login(username="olivia", password=PASSWORD)
    page = client.get(reverse("reports:bulletins"), {"plan": PLAN_KEY, "period": "2022Q3"})
    assert "生成 2022Q3 通报" in page.content.decode()
    response = client.post(reverse("reports:bulletins"), {"plan": PLAN_KEY, "period": "2022Q3"})
    assert response.status_code == 302
    deadline = time.monotonic() + 90
    while Bulletin.objects.get().state != "ready" and time.monotonic() < deadline:
        time.sleep(0.3)
    bulletin = Bulletin.objects.get()
    assert bulletin.state == "ready"
    page = client.get(response["Location"]).content.decode()
    assert reverse("reports:bulletin_download", args=[bulletin.pk]) in page
    download = client.get(reverse("reports:bulletin_download", args=[bulletin.pk]))
    book = load_workbook(io.BytesIO(b"".join(download.streaming_content)))
    assert book.sheetnames == [
        "总体情况",
        "报送情况",
        "牵头单位排名",
        "县（市）比较",
        "滞后与未报送任务",
        "任务明细",
    ]
    # The 公文 beside it, made by the same job from the same snapshot, under its 文号.
    docx_url = reverse("reports:bulletin_download", args=[bulletin.pk]) + "?format=docx"
    assert docx_url.replace("&", "&amp;") in page and bulletin.number.text in page
    document = Document(io.BytesIO(b"".join(client.get(docx_url).streaming_content)))
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "黔东南州促进居民增收工作领导小组办公室"
    assert bulletin.number.text in texts
    assert f"快照编号{bulletin.snapshot_id}）" in "".join(texts)


def test_a_bulletin_being_made_shows_its_progress_and_refreshes(client, olivia, plan_000):
    client.login(username="olivia", password=PASSWORD)
    # Without the commit callbacks the job has not run: the bulletin waits in the queue.
    client.post(reverse("reports:bulletins"), {"plan": PLAN_KEY, "period": "2022Q3"})
    page = client.get(
        reverse("reports:bulletins"), {"plan": PLAN_KEY, "period": "2022Q3"}
    ).content.decode()
    assert "通报生成中" in page
    assert 'http-equiv="refresh"' in page


def test_reporters_see_bulletins_but_cannot_ask_for_one(client, alice, plan_000):
    client.login(username="alice", password=PASSWORD)
    assert client.get(reverse("reports:bulletins")).status_code == 200
    response = client.post(reverse("reports:bulletins"), {"plan": PLAN_KEY, "period": "2022Q3"})
    assert response.status_code == 403
    assert not Bulletin.objects.exists()


def test_make_bulletin_writes_the_workbook_where_asked(plan_000, tmp_path):
    out = tmp_path / "通报.xlsx"
    stdout = io.StringIO()
    call_command(
        "make_bulletin",
        "--plan",
        str(plan_000.pk),
        "--period",
        "2022Q2",
        "--out",
        str(out),
        stdout=stdout,
    )
    assert "64 项任务" in stdout.getvalue()
    book = load_workbook(out)
    assert book["总体情况"]["A1"].value.startswith(
        "黔东南州2022年度促进居民增收实施计划表 2022年第二季度"
    )
    bulletin = Bulletin.objects.get()
    assert (bulletin.state, bulletin.snapshot.period.label) == ("ready", "2022Q2")


def test_snapshots_and_bulletins_are_in_the_admin(client, olivia, plan_000, period_q3):
    from reports.snapshots import snapshot_compute

    snapshot = snapshot_compute(plan=plan_000, period=period_q3)
    client.login(username="olivia", password=PASSWORD)
    listing = client.get(reverse("admin:reports_snapshot_changelist"))
    assert listing.status_code == 200
    page = client.get(reverse("admin:reports_snapshot_change", args=[snapshot.pk])).content.decode()
    assert "截至2022年9月18日未报送进展" in page
    assert client.get(reverse("admin:reports_bulletin_changelist")).status_code == 200


def test_the_page_offers_both_downloads_and_refuses_other_formats(
    client, olivia, alice, plan_000, period_q3, outsider
):
    from reports.bulletins import bulletin_create, bulletin_make

    bulletin = bulletin_make(
        bulletin_id=bulletin_create(plan=plan_000, period=period_q3, queue=False).pk
    )
    client.login(username="alice", password=PASSWORD)  # reporters read bulletins too
    page = client.get(reverse("reports:bulletins"), {"plan": PLAN_KEY}).content.decode()
    url = reverse("reports:bulletin_download", args=[bulletin.pk])
    assert f'href="{url}?format=docx">下载 Word 公文' in page
    assert f'href="{url}">下载 Excel' in page
    assert bulletin.number.text in page
    assert "编辑通报公文模板" not in page  # the office's link
    download = client.get(url, {"format": "docx"})
    assert download.status_code == 200
    assert ".docx" in download["Content-Disposition"]
    assert "%E3%80%94" in download["Content-Disposition"]  # the 文号's 〔 in the file name
    assert Document(io.BytesIO(b"".join(download.streaming_content))).paragraphs[0].text
    assert client.get(url, {"format": "pdf"}).status_code == 404
    client.login(username="olivia", password=PASSWORD)
    page = client.get(reverse("reports:bulletins"), {"plan": PLAN_KEY}).content.decode()
    assert reverse("reports:bulletin_template") + f"?plan={PLAN_KEY}" in page
    client.login(username="mallory", password=PASSWORD)
    assert client.get(url, {"format": "docx"}).status_code == 403
