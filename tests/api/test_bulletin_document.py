"""The 通报 as a 公文 through the API: made by the job, downloaded with ?format=docx (the
workbook stays the default), and every number of its body equal to /api/v1/completion/ for
the snapshot it was made from."""

import io
import re

import pytest
from docx import Document
from openpyxl import load_workbook

from reports import rules
from reports.models import Bulletin
from tests.api.helpers import client_for
from tests.reports.q3 import q3_reports

pytestmark = pytest.mark.django_db
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def content(response):
    return b"".join(response.streaming_content)


@pytest.fixture
def reported(plan_000, period_q3, alice, bob, carol):
    """The 000 plan with the reports of tests/reports/q3.py for 2022Q3."""
    q3_reports(plan_000, period_q3, alice, bob, carol)
    return plan_000


@pytest.fixture
def ready(reported, period_q3):
    """A ready bulletin of the 000 plan for 2022Q3, made by the job's service here."""
    from reports.bulletins import bulletin_create, bulletin_make

    bulletin = bulletin_create(plan=reported, period=period_q3, queue=False)
    return bulletin_make(bulletin_id=bulletin.pk)


def body_paragraphs(doc):
    texts = [p.text for p in doc.paragraphs]
    start = next(i for i, t in enumerate(texts) if t.endswith("有关部门：")) + 1
    end = next(i for i, t in enumerate(texts) if t.startswith("附件："))
    return [t for t in texts[start:end] if t]


def api_numbers(api):
    """Every figure /api/v1/completion/ gives for the snapshot, as the 公文 writes it: counts
    as integers, ratios with rules.percent_text; the number of ranked units of each kind."""
    ratios = ("completion", "expected", "reporting_rate", "on_time_rate")
    found = {str(len(api["units"])), str(len(api["counties"]))}
    for row in [api["totals"], *api["units"], *api["counties"]]:
        for key, value in row.items():
            if key in ratios:
                found.add(rules.percent_text(value))
            elif isinstance(value, int) and not isinstance(value, bool):
                found.add(str(value))
    found |= {row["number"] for row in api["tasks"]}
    return found


def quoted_removed(text, api, tasks):
    """The paragraph without what it quotes rather than states: dates, the 期间, the attachment
    number, each task's text, its stored sentence and 存在问题 (compared by the test on the
    lagging task), and the rule's "按0计"."""
    for row in api["tasks"]:
        text = text.replace(row["reason"], "")
    for task in tasks:
        for quoted in (task.annual_target.rstrip("。"), task.title):
            if quoted:
                text = text.replace(quoted, "")
    text = re.sub(r"\d{4}年\d{1,2}月\d{1,2}日", "", text)
    text = re.sub(r"\d{4}年第[一二三四]季度", "", text)
    text = re.sub(r"《[^》]*》", "", text)
    text = re.sub(r"存在问题：[^。]*。", "", text)
    return text.replace("附件1", "").replace("按0计", "")


def test_every_number_of_the_documents_body_equals_the_api_for_its_snapshot(ready, olivia):
    from tasks.models import Task

    client = client_for(olivia)
    bulletin = client.get(f"/api/v1/bulletins/{ready.pk}/").json()
    assert bulletin["number"] == "黔东南增收办〔" + str(ready.number.year) + "〕1号"
    assert bulletin["download_docx"].endswith(f"/api/v1/bulletins/{ready.pk}/download/?format=docx")
    api = client.get(
        "/api/v1/completion/", {"snapshot": bulletin["snapshot"], "page_size": 1000}
    ).json()
    download = client.get(bulletin["download_docx"])
    assert download.status_code == 200
    assert download["Content-Type"] == DOCX_TYPE
    doc = Document(io.BytesIO(content(download)))
    assert bulletin["number"] in [p.text for p in doc.paragraphs]
    paragraphs = body_paragraphs(doc)
    allowed = api_numbers(api)
    tasks = list(Task.objects.filter(plan=ready.plan))
    checked = 0
    for paragraph in paragraphs:
        for number in re.findall(r"\d+(?:\.\d+)?%?", quoted_removed(paragraph, api, tasks)):
            assert number in allowed, (number, paragraph)
            checked += 1
    assert checked > 60
    totals = api["totals"]
    overall = next(p for p in paragraphs if "共有任务" in p)
    for label, key in (("共有任务", "tasks"), ("已完成", "completed"), ("滞后", "lagging")):
        assert f"{label}{totals[key]}项" in overall
    assert f"平均完成率为{rules.percent_text(totals['completion'])}" in "".join(paragraphs)
    # The lagging task is named with its lead unit, its sentence and its 存在问题.
    lagging = [row for row in api["tasks"] if row["status"] == "lagging"]
    assert [row["number"] for row in lagging] == ["1"]
    item = next(p for p in paragraphs if p.startswith("（一）"))
    assert item.startswith("（一）第1项任务（牵头单位：州人力资源社会保障局）。")
    assert lagging[0]["reason"] in item and item.endswith("存在问题：@外出务工需求下降。")


def test_the_workbook_is_the_default_and_the_document_is_asked_for(ready, olivia):
    client = client_for(olivia)
    url = f"/api/v1/bulletins/{ready.pk}/download/"
    workbook = client.get(url)
    assert (workbook.status_code, workbook["Content-Type"]) == (200, XLSX_TYPE)
    assert load_workbook(io.BytesIO(content(workbook))).sheetnames[0] == "总体情况"
    assert client.get(url, {"format": "xlsx"})["Content-Type"] == XLSX_TYPE
    by_accept = client.get(url, HTTP_ACCEPT=DOCX_TYPE)
    assert by_accept["Content-Type"] == DOCX_TYPE
    document = client.get(url, {"format": "docx"})
    assert "filename*=utf-8''" in document["Content-Disposition"]
    assert ".docx" in document["Content-Disposition"]
    assert Document(io.BytesIO(content(document))).paragraphs[0].text == (
        "黔东南州促进居民增收工作领导小组办公室"
    )


def test_a_format_other_than_xlsx_or_docx_is_a_400_in_the_error_shape(ready, olivia):
    response = client_for(olivia).get(f"/api/v1/bulletins/{ready.pk}/download/", {"format": "pdf"})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["code"] == "invalid"
    assert "xlsx" in body["fields"]["format"] and "docx" in body["fields"]["format"]


def test_a_bulletin_made_before_there_were_documents_has_no_docx(ready, olivia, rita, outsider):
    Bulletin.objects.filter(pk=ready.pk).update(document="")
    client = client_for(olivia)
    missing = client.get(f"/api/v1/bulletins/{ready.pk}/download/", {"format": "docx"})
    assert missing.status_code == 404
    assert missing.json()["code"] == "not_found"
    assert client.get(f"/api/v1/bulletins/{ready.pk}/").json()["download_docx"] is None
    assert client.get(f"/api/v1/bulletins/{ready.pk}/download/").status_code == 200
    # A reader downloads; someone without a role does not.
    assert client_for(rita).get(f"/api/v1/bulletins/{ready.pk}/download/").status_code == 200
    denied = client_for(outsider).get(f"/api/v1/bulletins/{ready.pk}/download/")
    assert denied.status_code == 403
    assert denied.json()["code"] == "forbidden"


def test_a_bulletin_not_yet_made_has_nothing_to_download(plan_000, period_q3, olivia):
    from reports.bulletins import bulletin_create

    pending = bulletin_create(plan=plan_000, period=period_q3, queue=False)
    for query in ({}, {"format": "docx"}):
        response = client_for(olivia).get(f"/api/v1/bulletins/{pending.pk}/download/", query)
        assert response.status_code == 404
        assert response.json()["code"] == "not_found"
