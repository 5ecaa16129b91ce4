"""POST /api/v1/progress/bulk-approve/ and bulk-return/: the office reviews many reports in one
request; each report is reviewed on its own (its own event, its own transaction) and answered
per id, a refusal never undoing the others; a malformed body is a 400, anyone but the office
a 403."""

import pytest

from progress import services
from progress.models import ProgressReport, ReportEvent
from tests.api.helpers import assert_error, make_report
from tests.conftest import _person

pytestmark = pytest.mark.django_db

APPROVE = "/api/v1/progress/bulk-approve/"
RETURN = "/api/v1/progress/bulk-return/"


@pytest.fixture
def submitted(plan_000, alice, bob, period_q2):
    """Three submitted reports of 2022Q2 by their units' reporters."""
    return [
        make_report(alice, plan_000, "39", period_q2, submit=True),
        make_report(alice, plan_000, "1", period_q2, submit=True),
        make_report(bob, plan_000, "13", period_q2, submit=True),
    ]


def states(reports):
    return [ProgressReport.objects.get(pk=r.pk).state for r in reports]


def test_office_approves_many_and_each_is_answered_and_recorded(api, submitted, olivia):
    response = api(olivia).post(APPROVE, {"ids": [r.pk for r in submitted]}, format="json")
    assert response.status_code == 200
    results = response.json()["results"]
    assert [(r["id"], r["status"], r["code"]) for r in results] == [
        (r.pk, "approved", "ok") for r in submitted
    ]
    assert all(r["message"] == "已审核通过。" for r in results)
    assert states(submitted) == ["approved"] * 3
    for report in submitted:
        assert report.events.filter(action=ReportEvent.Action.APPROVE).count() == 1


def test_a_report_the_office_wrote_itself_is_refused_alone(
    api, plan_000, submitted, olivia, period_q2
):
    """Nobody approves a report they wrote or submitted."""
    own = make_report(olivia, plan_000, "5", period_q2, unit=submitted[0].unit, submit=True)
    ids = [submitted[0].pk, own.pk, submitted[1].pk]
    results = api(olivia).post(APPROVE, {"ids": ids}, format="json").json()["results"]
    assert [(r["id"], r["status"]) for r in results] == [
        (submitted[0].pk, "approved"),
        (own.pk, "refused"),
        (submitted[1].pk, "approved"),
    ]
    assert results[1]["code"] == "forbidden"
    assert "不能自行审核通过" in results[1]["message"]
    assert states([own]) == ["submitted"]


def test_a_version_changed_since_is_refused_with_a_conflict(api, submitted, olivia, plan_000):
    oscar = _person("oscar", "office")
    stale = submitted[2]
    services.report_save(
        user=oscar,
        task=stale.task,
        unit=stale.unit,
        period=stale.period,
        data={"narrative": "办公室更正"},
        version=stale.version,
    )
    versions = {str(r.pk): r.version for r in submitted}
    response = api(olivia).post(
        APPROVE, {"ids": [r.pk for r in submitted], "versions": versions}, format="json"
    )
    results = response.json()["results"]
    assert [r["status"] for r in results] == ["approved", "approved", "refused"]
    assert results[2]["code"] == "conflict"
    assert f"第{stale.version}版" in results[2]["message"]
    assert states(submitted) == ["approved", "approved", "submitted"]


def test_all_refused_is_still_200_with_a_reason_per_id(api, submitted, olivia):
    services.report_approve(user=olivia, report=submitted[0], version=submitted[0].version)
    response = api(olivia).post(APPROVE, {"ids": [submitted[0].pk, 99999999]}, format="json")
    assert response.status_code == 200
    results = response.json()["results"]
    assert [(r["status"], r["code"]) for r in results] == [
        ("refused", "conflict"),
        ("refused", "not_found"),
    ]
    assert "已审核通过" in results[0]["message"]  # its state says why


def test_office_returns_many_with_one_comment_each_its_own_event(api, submitted, olivia):
    ids = [r.pk for r in submitted[:2]]
    response = api(olivia).post(RETURN, {"ids": ids, "comment": "请补充数据"}, format="json")
    assert [r["status"] for r in response.json()["results"]] == ["returned", "returned"]
    for report in submitted[:2]:
        report.refresh_from_db()
        assert (report.state, report.review_comment) == ("returned", "请补充数据")
        assert report.events.get(action=ReportEvent.Action.RETURN).comment == "请补充数据"
    assert states(submitted[2:]) == ["submitted"]


@pytest.mark.parametrize(
    "url,body,field",
    [
        (APPROVE, {}, "ids"),
        (APPROVE, {"ids": []}, "ids"),
        (APPROVE, {"ids": "1,2"}, "ids"),
        (APPROVE, {"ids": ["x"]}, "ids"),
        (APPROVE, {"ids": [0]}, "ids"),
        (APPROVE, {"ids": list(range(1, 502))}, "ids"),
        (APPROVE, {"ids": [1], "versions": {"abc": 1}}, "versions"),
        (APPROVE, {"ids": [1], "versions": [1]}, "versions"),
        (RETURN, {"ids": [1]}, "comment"),
        (RETURN, {"ids": [1], "comment": "  "}, "comment"),
    ],
)
def test_a_malformed_body_is_a_400_and_changes_nothing(api, submitted, olivia, url, body, field):
    body = assert_error(api(olivia).post(url, body, format="json"), 400, "invalid")
    assert field in body["fields"]
    assert states(submitted) == ["submitted"] * 3


def test_only_the_office_may_review_in_bulk(api, submitted, alice, leo, rita, outsider):
    ids = {"ids": [r.pk for r in submitted], "comment": "x"}
    for user in (alice, leo, rita, outsider):
        for url in (APPROVE, RETURN):
            assert_error(api(user).post(url, ids, format="json"), 403, "forbidden")
    assert_error(api(None).post(APPROVE, ids, format="json"), 401, "not_authenticated")
    assert states(submitted) == ["submitted"] * 3
