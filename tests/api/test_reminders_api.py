"""GET /api/v1/reminders/ and /api/v1/reminders/{id}/document/: the reminders and 督办单 a
user may see, as the reminders page shows them, on the real 000 plan's 2022Q3 notices."""

import io
from urllib.parse import quote

import pytest
from docx import Document

from reports.models import Reminder
from tests.reports.test_reminders import DAY_AFTER, HRSS, THREE_DAYS_BEFORE, send
from tests.reports.test_reminders_by_hand import by_hand, q3_reports  # noqa: F401

pytestmark = pytest.mark.django_db
FIELDS = {
    "id",
    "period",
    "plan",
    "unit",
    "unit_name",
    "level",
    "kind",
    "number",
    "message",
    "tasks",
    "created_at",
    "manual",
    "sent_by",
    "emailed",
    "document",
}


@pytest.fixture
def sent(plan_000, period_q3, q3_reports, olivia):  # noqa: F811
    """The scheduled blue reminders before the deadline, the yellow 督办单 after it, and one
    yellow sent by hand to 州人社局."""
    send(THREE_DAYS_BEFORE)
    send(DAY_AFTER)
    hrss = Reminder.objects.filter(unit__name=HRSS).first().unit
    by_hand(olivia, period_q3, DAY_AFTER, units=[hrss])
    return Reminder.objects.all()


def results(response):
    assert response.status_code == 200, response.content
    return response.json()["results"]


def test_the_office_lists_every_reminder_with_its_fields(api, sent, olivia):
    response = api(olivia).get("/api/v1/reminders/")
    assert response.json()["count"] == sent.count()
    rows = results(response)
    assert set(rows[0]) == FIELDS
    manual = next(r for r in rows if r["manual"])
    assert manual["unit_name"] == HRSS
    assert manual["period"] == "2022Q3"
    assert (manual["level"], manual["kind"]) == ("yellow", "notice")
    assert manual["sent_by"] == "olivia"
    assert manual["document"].endswith(f"/api/v1/reminders/{manual['id']}/document/")
    reminder = Reminder.objects.get(pk=manual["id"])
    assert [t["number"] for t in manual["tasks"]] == [
        t.number for t in reminder.tasks.order_by("order")
    ]
    blue = results(api(olivia).get("/api/v1/reminders/", {"level": "blue"}))[0]
    assert (blue["kind"], blue["document"], blue["sent_by"]) == ("reminder", None, None)


def test_filters_by_unit_period_level_and_plan(api, sent, olivia, plan_000):
    client = api(olivia)
    hrss = Reminder.objects.filter(unit__name=HRSS).first().unit
    by_unit = results(client.get("/api/v1/reminders/", {"unit": hrss.pk}))
    assert {r["unit_name"] for r in by_unit} == {HRSS}
    yellow = results(client.get("/api/v1/reminders/", {"level": "yellow", "period": "2022Q3"}))
    assert yellow and {r["level"] for r in yellow} == {"yellow"}
    assert results(client.get("/api/v1/reminders/", {"period": "2022Q2"})) == []
    assert results(client.get("/api/v1/reminders/", {"plan": plan_000.pk}))
    bad = client.get("/api/v1/reminders/", {"period": "2022Q9"})
    assert bad.status_code == 400
    assert bad.json()["code"] == "invalid" and "period" in bad.json()["fields"]


def test_a_unit_sees_only_its_own_and_a_reader_all(api, sent, alice, leo, bob, rita):
    for user in (alice, leo):
        assert {r["unit_name"] for r in results(api(user).get("/api/v1/reminders/"))} == {HRSS}
    assert results(api(bob).get("/api/v1/reminders/")) == []  # 州财政局 reported everything
    other = Reminder.objects.exclude(unit__name=HRSS).first()
    response = api(alice).get(f"/api/v1/reminders/{other.pk}/")
    assert response.status_code == 404 and response.json()["code"] == "not_found"
    assert api(rita).get("/api/v1/reminders/").json()["count"] == sent.count()


def test_the_document_downloads_numbered_under_a_chinese_name(api, sent, alice, bob):
    notice = Reminder.objects.get(unit__name=HRSS, kind="yellow", manual=False)
    response = api(alice).get(f"/api/v1/reminders/{notice.pk}/document/")
    assert response.status_code == 200
    notice.refresh_from_db()
    assert notice.number == "黔东南增收办督〔2022〕1号"
    name = f"{notice.number}_{HRSS}_2022Q3_督办单.docx"
    assert response["Content-Disposition"] == f"attachment; filename*=utf-8''{quote(name)}"
    doc = Document(io.BytesIO(b"".join(response.streaming_content)))
    assert notice.number in [p.text for p in doc.paragraphs]
    denied = api(bob).get(f"/api/v1/reminders/{notice.pk}/document/")
    assert denied.status_code == 404 and denied.json()["code"] == "not_found"
    blue = Reminder.objects.filter(kind="blue", unit__name=HRSS).first()
    assert api(alice).get(f"/api/v1/reminders/{blue.pk}/document/").status_code == 404


def test_outsiders_and_anonymous_get_nothing(api, sent, outsider):
    assert api(None).get("/api/v1/reminders/").status_code == 401
    assert api(outsider).get("/api/v1/reminders/").status_code == 403
