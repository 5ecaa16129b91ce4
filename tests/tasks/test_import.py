"""A user imports a new plan: upload, review the parse and its warnings, confirm or discard."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from plans.models import Plan
from tasks.models import PlanImport, Task
from tests.conftest import PASSWORD, SOURCES
from tests.plans.test_parse_docx import bomb, document_of, saved
from tests.plans.test_parse_workbook import workbook_of

pytestmark = pytest.mark.django_db


def upload(client, name, data, layout=""):
    return client.post(
        reverse("tasks:import"), {"file": SimpleUploadedFile(name, data), "layout": layout}
    )


@pytest.fixture
def office_client(client, olivia):
    client.login(username="olivia", password=PASSWORD)
    return client


def test_office_uploads_reviews_and_confirms_a_plan(office_client):
    data = next(SOURCES.glob("000_*.txt")).read_bytes()
    response = upload(office_client, "qdn-2022-copy.txt", data)
    assert response.status_code == 302
    plan_import = PlanImport.objects.get()
    assert not Plan.objects.filter(key="qdn-2022-copy").exists()  # nothing loaded yet
    page = office_client.get(response["Location"]).content.decode()
    assert "黔东南州2022年度促进居民增收实施计划表" in page
    assert "64 项任务" in page
    assert "第1507行有3个单元格挤在同一行" in page  # task 49's warning shown for review
    response = office_client.post(
        reverse("tasks:import_decide", args=[plan_import.pk]), {"action": "confirm"}
    )
    assert response.status_code == 302
    plan = Plan.objects.get(key="qdn-2022-copy")
    assert plan.tasks.count() == 64
    assert plan.tasks.filter(needs_review=True).count() == 20
    assert [p.label for p in plan.periods.all()] == ["2022Q2", "2022Q3", "2022Q4"]
    again = office_client.post(
        reverse("tasks:import_decide", args=[plan_import.pk]), {"action": "confirm"}
    )
    assert again.status_code == 302
    assert Plan.objects.filter(key="qdn-2022-copy").count() == 1


def test_an_xlsx_plan_table_can_be_imported(office_client, seed):
    from plans.parsing import parse_document

    data = workbook_of(parse_document(seed("000"), source="000.txt"))
    response = upload(office_client, "州计划表.xlsx", data)
    assert response.status_code == 302
    plan_import = PlanImport.objects.get()
    office_client.post(reverse("tasks:import_decide", args=[plan_import.pk]), {"action": "confirm"})
    plan = Plan.objects.get(pk=PlanImport.objects.get().plan_id)
    assert plan.tasks.count() == 64
    assert Task.objects.get(plan=plan, number="20").q3_plan == "全州补贴资金发放进度不低于60%。"


def test_a_docx_plan_table_can_be_imported(office_client, seed):
    from plans.parsing import parse_document

    form = office_client.get(reverse("tasks:import")).content.decode()
    assert 'accept=".txt,.xlsx,.docx"' in form
    assert "Word 表格（.docx）" in form
    data = document_of(parse_document(seed("000"), source="000.txt"))
    response = upload(office_client, "州计划表（Word）.docx", data)
    assert response.status_code == 302
    plan_import = PlanImport.objects.get()
    page = office_client.get(response["Location"]).content.decode()
    assert "黔东南州2022年度促进居民增收实施计划表" in page
    assert "64 项任务" in page
    office_client.post(reverse("tasks:import_decide", args=[plan_import.pk]), {"action": "confirm"})
    plan = Plan.objects.get(pk=PlanImport.objects.get().plan_id)
    assert plan.tasks.count() == 64
    task = Task.objects.get(plan=plan, number="20")
    assert task.q3_plan == "全州补贴资金发放进度不低于60%。"
    assert plan_import.file_name == "州计划表（Word）.docx"


def test_a_word_file_without_a_plan_table_gets_a_clear_message_and_changes_nothing(
    office_client,
):
    from docx import Document

    plans_before = Plan.objects.count()
    letter = Document()
    letter.add_paragraph("关于召开会议的通知")
    response = upload(office_client, "通知.docx", saved(letter))
    assert response.status_code == 400
    assert "未导入：Word 文件中没有表格，不是计划表" in response.content.decode()
    response = upload(office_client, "大文件.docx", bomb(24 * 1024 * 1024))
    assert response.status_code == 400
    assert "未导入：文件中的 word/document.xml 解压后有 24 MB" in response.content.decode()
    assert PlanImport.objects.count() == 0
    assert Plan.objects.count() == plans_before


def test_a_file_that_is_not_a_plan_gets_a_clear_message_and_changes_nothing(office_client):
    plans_before = Plan.objects.count()
    response = upload(
        office_client, "notice.txt", "关于召开会议的通知\n请各单位准时参加。\n".encode()
    )
    assert response.status_code == 400
    assert "未导入：无法识别的文件" in response.content.decode()
    response = upload(office_client, "broken.xlsx", b"PK\x03\x04garbage")
    assert response.status_code == 400
    assert "无法打开 Excel 文件" in response.content.decode()
    assert PlanImport.objects.count() == 0
    assert Plan.objects.count() == plans_before


def test_discarding_an_import_loads_nothing(office_client):
    data = next(SOURCES.glob("000_*.txt")).read_bytes()
    upload(office_client, "discard-me.txt", data)
    plan_import = PlanImport.objects.get()
    office_client.post(reverse("tasks:import_decide", args=[plan_import.pk]), {"action": "discard"})
    assert not Plan.objects.filter(key="discard-me").exists()
    plan_import.refresh_from_db()
    assert plan_import.state == "discarded"


def test_reporters_cannot_import_plans(client, alice):
    client.login(username="alice", password=PASSWORD)
    assert client.get(reverse("tasks:import")).status_code == 403
    data = next(SOURCES.glob("000_*.txt")).read_bytes()
    assert upload(client, "x.txt", data).status_code == 403
    assert PlanImport.objects.count() == 0


def test_a_plan_imported_from_a_file_with_a_chinese_name_works_on_every_page(
    office_client, alice, client
):
    data = next(SOURCES.glob("000_*.txt")).read_bytes()
    upload(office_client, "黔东南州 计划表（副本）.txt", data)
    plan_import = PlanImport.objects.get()
    office_client.post(reverse("tasks:import_decide", args=[plan_import.pk]), {"action": "confirm"})
    plan = Plan.objects.get(pk=PlanImport.objects.get().plan_id)
    assert plan.key == "黔东南州-计划表副本"
    assert office_client.get(reverse("dashboards:overview", args=[plan.key])).status_code == 200
    reporter = client.__class__()
    reporter.login(username="alice", password=PASSWORD)
    page = reporter.get(reverse("progress:my_tasks") + f"?plan={plan.key}&period=2022Q2")
    assert page.status_code == 200
    assert reverse("progress:template_download", args=[plan.key, "2022Q2"]) in page.content.decode()
