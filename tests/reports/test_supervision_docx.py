"""The 督办单 as a printable 公文 (DOMAIN.md "Reminders and escalation": a number, date, the
unit, the tasks with their lights and sentences, what is asked and by when), read back with
python-docx from the real 000 plan's 2022Q3 notices (deadline 2022-09-18)."""

import io
from urllib.parse import quote

import pytest
from django.urls import reverse
from docx import Document

from reports.models import Reminder
from reports.supervision.document import supervision_document
from reports.supervision.numbers import reminder_number
from tests.conftest import PASSWORD
from tests.reports.test_reminders import DAY_AFTER, FINANCE, HRSS, send
from tests.reports.test_reminders_by_hand import by_hand, q3_reports  # noqa: F401

pytestmark = pytest.mark.django_db
PREFIX = "黔东南增收办督"


@pytest.fixture
def notices(plan_000, period_q3, q3_reports):  # noqa: F811
    send(DAY_AFTER)
    return Reminder.objects.filter(period=period_q3, kind="yellow")


def read(data):
    return Document(io.BytesIO(data))


def mm(length):
    return round(length.mm)


def texts(doc):
    return [p.text for p in doc.paragraphs]


def test_a_notice_is_numbered_once_per_prefix_and_year(notices):
    first, second = notices.order_by("unit__name")[:2]
    assert first.number == ""
    assert reminder_number(first).number == f"{PREFIX}〔2022〕1号"
    assert reminder_number(second).number == f"{PREFIX}〔2022〕2号"
    first.refresh_from_db()
    assert reminder_number(first).number == f"{PREFIX}〔2022〕1号"  # kept
    assert Reminder.objects.filter(number_seq__isnull=False).count() == 2


def test_the_document_holds_the_number_unit_tasks_lights_and_deadline(notices):
    hrss = notices.get(unit__name=HRSS)
    doc = read(supervision_document(hrss))
    hrss.refresh_from_db()
    lines = texts(doc)
    assert hrss.number == f"{PREFIX}〔2022〕1号"
    assert hrss.number in lines
    assert "黔东南州促进居民增收工作领导小组办公室" in lines[0]
    assert "督办单" in lines
    assert f"{HRSS}：" in lines
    assert hrss.message in lines
    # Sent on Monday 2022-09-19: five working days later is Monday 2022-09-26.
    assert "办理时限：2022年9月26日前。" in lines
    assert "2022年9月19日" in lines
    (table,) = doc.tables
    header = [c.text for c in table.rows[0].cells]
    assert header == ["序号", "任务", "完成率", "灯", "情况"]
    rows = [[c.text for c in row.cells] for row in table.rows[1:]]
    assert [r[0] for r in rows] == [t.number for t in hrss.tasks.order_by("order")]
    assert {r[3] for r in rows} == {"红灯"}  # unreported after the deadline
    assert all(r[4] == "截至2022年9月18日未报送进展。" for r in rows)


def test_the_document_is_an_a4_page_in_the_bulletins_layout(notices):
    doc = read(supervision_document(notices.first()))
    section = doc.sections[0]
    assert (mm(section.page_width), mm(section.page_height)) == (210, 297)
    assert (mm(section.top_margin), mm(section.bottom_margin)) == (37, 35)
    assert (mm(section.left_margin), mm(section.right_margin)) == (28, 26)
    assert doc.core_properties.keywords.startswith(PREFIX)


def test_a_unit_downloads_its_own_notice_under_a_chinese_name(client, notices, alice, bob):
    hrss = notices.get(unit__name=HRSS)
    url = reverse("reports:reminder_document", args=[hrss.pk])
    client.login(username="alice", password=PASSWORD)
    response = client.get(url)
    assert response.status_code == 200
    name = f"{PREFIX}〔2022〕1号_{HRSS}_2022Q3_督办单.docx"
    assert response["Content-Disposition"] == f"attachment; filename*=utf-8''{quote(name)}"
    assert read(b"".join(response.streaming_content)).tables
    client.logout()
    client.login(username="bob", password=PASSWORD)
    assert client.get(url).status_code == 404  # another unit's


def test_a_blue_reminder_has_no_document(client, plan_000, period_q3, q3_reports, olivia):  # noqa: F811
    from tests.reports.test_reminders import THREE_DAYS_BEFORE

    (blue, *_) = by_hand(olivia, period_q3, THREE_DAYS_BEFORE)
    client.login(username="olivia", password=PASSWORD)
    assert client.get(reverse("reports:reminder_document", args=[blue.pk])).status_code == 404
    assert FINANCE not in {r.unit.name for r in Reminder.objects.all()}
