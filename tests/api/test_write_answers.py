"""A write's answer is the report as that write left it, even when another write of the same
report comes at once after it: that write's version taken for its own, a client would next
overwrite it unseen (a lost update the load bench found). Two connections: the other write
is made while the answer is being read."""

import threading

import pytest
from django.db import connection

from progress import services
from progress.api import reports as reports_api
from tests.api.helpers import make_report

pytestmark = pytest.mark.django_db(transaction=True)

URL = "/api/v1/progress/"
WAIT = 3  # seconds the other write is given before the answer is read without it


def test_a_writes_answer_is_its_own_version_when_another_write_follows_at_once(
    monkeypatch, api, plan_000, alice, period_q2
):
    report = make_report(alice, plan_000, "39", period_q2)
    first = report.version
    reads = reports_api._base_reports
    errors, other = [], []

    def other_write(close=True):
        try:
            other.append(
                services.report_save(
                    user=alice,
                    task=report.task,
                    unit=report.unit,
                    period=period_q2,
                    data={"narrative": "紧随其后的另一次保存"},
                    version=report.version + 1,
                )
            )
        except Exception as exc:  # reported below, in the test's thread
            errors.append(exc)
        finally:
            if close:  # the thread's own connection
                connection.close()

    thread = threading.Thread(target=other_write)

    def read_after_another_write():
        """The answer's read, once the other write has been made (or has waited WAIT s for
        this one's transaction to end)."""
        thread.start()
        thread.join(WAIT)
        return reads()

    monkeypatch.setattr(reports_api, "_base_reports", read_after_another_write)
    response = api(alice).patch(
        f"{URL}{report.pk}/", {"version": report.version, "narrative": "我的保存"}, format="json"
    )
    monkeypatch.undo()
    thread.join(WAIT * 5)
    assert response.status_code == 200, response.content.decode()
    body = response.json()
    assert (body["version"], body["narrative"]) == (report.version + 1, "我的保存")
    if connection.vendor == "sqlite":
        # One writer at a time: the other write could not be made before the answer was
        # read (the write's transaction held the database); it is made now.
        assert len(errors) == 1 and "locked" in str(errors[0]), errors
        errors.clear()
        other_write(close=False)
    # The other write went through after it, on the version it answered.
    assert errors == [] and other[0].version == report.version + 2, errors
    report.refresh_from_db()
    assert (report.version, report.narrative) == (first + 2, "紧随其后的另一次保存")
