"""The review queue (/progress/review/), driven as the office uses it: every report's
completion, light and sentence are its unit's entry in the live snapshot (— for a unit that is
not expected to report), late days follow the first submission, the lagging and the late come
first, the dropdowns filter, a page reads a fixed number of queries, and many reports are
approved or returned in one action, each on its own."""

import datetime
import html
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from progress import services
from progress.models import ProgressReport, ReportEvent
from reports import rules
from reports.models import Snapshot, SnapshotEntry
from reports.snapshots import snapshot_compute
from tasks.models import Task, TaskAssignment
from tests.api.helpers import complete_for
from tests.conftest import PASSWORD, _person

pytestmark = pytest.mark.django_db

SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))
PLAN_KEY = "000_c5d4690d8c15b8df"


def at(month, day):
    return datetime.datetime(2022, month, day, 10, 0, tzinfo=SHANGHAI)


def task(plan, number):
    return Task.objects.get(plan=plan, number=number)


def submit(user, t, period, *, when, unit=None, share=None, **data):
    """A report saved and submitted through the services at `when`: `data` as given, or the
    complete content with every asked value at `share` of its goal."""
    unit = unit or user.profile.unit
    if share is not None:
        data = complete_for(t, unit, period, Decimal(str(share)))
    saved = services.report_save(user=user, task=t, unit=unit, period=period, data=data, at=when)
    return services.report_submit(user=user, report=saved, version=saved.version, at=when)


@pytest.fixture
def q3(plan_000, alice, bob, carol):
    """2022Q3 of the 000 plan (deadline 9月18日), seven submitted reports, then its live
    snapshot: {name: report}."""
    period = plan_000.periods.get(quarter=3)
    nina = _person("nina", "reporter", "州农业农村局")
    t1 = task(plan_000, "1")
    people, rate = [x.pk for x in t1.targets.filter(annual__isnull=True).order_by("order")]
    reports = {
        # Lagging by a little: yellow.
        "alice_1": submit(
            alice,
            t1,
            period,
            when=at(9, 10),
            narrative="转移就业7600人",
            problems="外出务工需求下降",
            values={people: 7600, rate: 70},
        ),
        "alice_39": submit(
            alice, task(plan_000, "39"), period, when=at(9, 11), narrative="已宣传", percent=80
        ),
        # Completed, two days late.
        "bob_20": submit(bob, task(plan_000, "20"), period, when=at(9, 20), share=1),
        # 10% of its target, a week late: red.
        "bob_13": submit(bob, task(plan_000, "13"), period, when=at(9, 25), share=0.1),
        # A county's own part, lagging.
        "carol_39": submit(
            carol,
            task(plan_000, "39"),
            period,
            when=at(9, 12),
            narrative="凯里市宣传",
            percent=50,
            problems="企业覆盖不足",
        ),
        "nina_14": submit(nina, task(plan_000, "14"), period, when=at(9, 13), share=1),
        # 州人力资源社会保障局 is a responsible department of task 22: no expected report.
        "alice_22": submit(alice, task(plan_000, "22"), period, when=at(9, 14), share=1),
    }
    snapshot_compute(plan=plan_000, period=period, now=at(9, 26))
    return reports


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def queue_url(**params):
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return reverse("review:queue") + (f"?{query}" if query else "")


def _text(cell):
    return html.unescape(re.sub(r"<[^>]+>", "", cell)).strip()


def rows(page):
    """[(report id, {column: text})] of the queue's rows, in page order."""
    found = []
    for pk, body in re.findall(r'<tr id="report-(\d+)">(.*?)</tr>', page, re.S):
        cells = dict(re.findall(r'<td[^>]*data-col="(\w+)"[^>]*>(.*?)</td>', body, re.S))
        found.append((int(pk), {k: _text(v) for k, v in cells.items()}))
    return found


def test_each_row_shows_its_units_figures_from_the_live_snapshot(client, q3, olivia):
    """DOMAIN.md: a unit's completion, light and sentence are its own (a county's too); a
    report of a unit that is not expected to report has none."""
    login(client, olivia)
    page = client.get(queue_url(plan=PLAN_KEY, period="2022Q3")).content.decode()
    shown = dict(rows(page))
    assert set(shown) == {r.pk for r in q3.values()}
    for report in q3.values():
        cells = shown[report.pk]
        entry = SnapshotEntry.objects.filter(snapshot__live=True, report=report).first()
        if report == q3["alice_22"]:
            assert entry is None
            assert (cells["completion"], cells["light"], cells["reason"]) == ("—", "—", "—")
        else:
            assert cells["completion"] == rules.percent_text(entry.completion)
            assert cells["light"] == rules.LIGHT_LABELS[entry.light]
            assert cells["reason"] == entry.reason
        assert cells["version"] == f"第{report.version}版"
    # Late days: from the deadline day (9月18日) to the first submission's day.
    assert shown[q3["bob_20"].pk]["late"] == "2"
    assert shown[q3["bob_13"].pk]["late"] == "7"
    assert shown[q3["alice_39"].pk]["late"] == "0"
    assert shown[q3["bob_13"].pk]["light"] == "红灯"
    assert "完成率50%，低于序时进度75%" in shown[q3["carol_39"].pk]["reason"]


def test_a_row_shows_the_live_snapshots_figures_not_a_frozen_ones(client, q3, plan_000, olivia):
    period = q3["bob_13"].period
    frozen = Snapshot.objects.get(period=period, live=True)
    snapshot_compute(plan=plan_000, period=period, now=at(9, 27))  # the 26th's is kept, frozen
    assert Snapshot.objects.filter(pk=frozen.pk, live=False).exists()
    SnapshotEntry.objects.filter(snapshot=frozen).update(completion=0.01)
    login(client, olivia)
    shown = dict(rows(client.get(queue_url(plan=PLAN_KEY, period="2022Q3")).content.decode()))
    assert all(cells["completion"] != "1%" for cells in shown.values())
    entry = SnapshotEntry.objects.filter(snapshot__live=True, report=q3["carol_39"]).first()
    assert shown[q3["carol_39"].pk]["completion"] == rules.percent_text(entry.completion)


def test_lagging_and_red_come_first_then_late_then_the_rest(client, q3, olivia):
    login(client, olivia)
    order = [pk for pk, _ in rows(client.get(queue_url()).content.decode())]
    names = {r.pk: name for name, r in q3.items()}
    assert [names[pk] for pk in order] == [
        "bob_13",  # red
        "carol_39",  # yellow, 50%
        "alice_1",  # yellow, 90%
        "bob_20",  # late, green
        "alice_39",  # green 80%
        "nina_14",  # green 100%
        "alice_22",  # no figures
    ]


def test_a_column_header_sorts_the_queue(client, q3, olivia):
    login(client, olivia)
    page = client.get(queue_url()).content.decode()
    assert "sort=completion" in page and "sort=late" in page
    by_completion = rows(client.get(queue_url(sort="completion")).content.decode())
    figures = [c["completion"] for _, c in by_completion]
    assert figures == ["10%", "50%", "80%", "90%", "100%", "100%", "—"]
    by_late = rows(client.get(queue_url(sort="late")).content.decode())
    assert [c["late"] for _, c in by_late][:3] == ["7", "2", "0"]


def test_the_dropdowns_filter_by_plan_period_unit_light_and_lateness(client, q3, olivia, bob):
    login(client, olivia)

    def ids(**params):
        return {pk for pk, _ in rows(client.get(queue_url(**params)).content.decode())}

    assert ids(light="red") == {q3["bob_13"].pk}
    assert ids(light="yellow") == {q3["alice_1"].pk, q3["carol_39"].pk}
    assert ids(late="yes") == {q3["bob_13"].pk, q3["bob_20"].pk}
    assert len(ids(late="no")) == 5
    assert ids(unit=bob.profile.unit.pk) == {q3["bob_13"].pk, q3["bob_20"].pk}
    lagging = {q3["alice_1"].pk, q3["carol_39"].pk, q3["bob_13"].pk}
    assert ids(status="lagging") == lagging
    assert len(ids(plan=PLAN_KEY, period="2022Q3")) == 7
    assert ids(plan=PLAN_KEY, period="2022Q2") == set()
    assert len(ids(period="2022Q3")) == 7  # that quarter of every plan
    page = client.get(queue_url(plan=PLAN_KEY)).content.decode()
    # The period is a select of the chosen plan's periods, written 2022Q3.
    select = re.search(r'<select name="period".*?</select>', page, re.S).group(0)
    assert re.findall(r'<option value="(\d{4}Q\d)"', select) == ["2022Q2", "2022Q3", "2022Q4"]
    for name in ("plan", "unit", "light", "late", "state", "sort"):
        assert f'<select name="{name}"' in page
    # Another plan's quarter after the plan changed: dropped with a message, not an error.
    response = client.get(queue_url(plan=PLAN_KEY, period="2023Q1"))
    assert response.status_code == 200
    assert "所选计划没有报告期 2023Q1" in response.content.decode()


def test_a_page_reads_the_same_number_of_queries_whatever_its_size(
    client, q3, plan_000, olivia, bob
):
    login(client, olivia)
    client.get(queue_url())  # the session and the user are read once before counting
    with CaptureQueriesContext(connection) as small:
        assert client.get(queue_url(unit=bob.profile.unit.pk)).status_code == 200
    with CaptureQueriesContext(connection) as whole:
        assert client.get(queue_url()).status_code == 200
    assert len(small) == len(whole) <= 14


@pytest.fixture
def oscar(plan_000):
    """A second person of the office, who writes reports for units (olivia reviews them)."""
    return _person("oscar", "office")


def four_hundred_reports(plan, writer):
    """400 submitted reports of the 000 plan across its three periods, written by `writer`."""
    periods = list(plan.periods.order_by("quarter"))
    assignments = TaskAssignment.objects.filter(task__plan=plan).select_related("task", "unit")
    made = []
    for assignment in assignments.order_by("task__order", "unit__name"):
        for period in periods:
            if len(made) == 400:
                return made
            made.append(
                submit(
                    writer,
                    assignment.task,
                    period,
                    unit=assignment.unit,
                    when=at(period.quarter * 3, 10),
                    share=0.5,
                )
            )
    return made


def test_400_reports_page_a_hundred_at_a_time_in_a_fixed_number_of_queries(
    client, plan_000, olivia, oscar
):
    made = four_hundred_reports(plan_000, oscar)
    for period in plan_000.periods.all():
        snapshot_compute(plan=plan_000, period=period, now=at(12, 25))
    login(client, olivia)
    client.get(queue_url())
    counts = []
    for number in (1, 4):
        with CaptureQueriesContext(connection) as queries:
            page = client.get(queue_url(page=number)).content.decode()
        counts.append(len(queries))
        assert len(rows(page)) == 100
    assert "第 4 / 4 页" in page
    # 全选本页 without JavaScript: the same page again, every box ticked.
    page = client.get(queue_url(page=2, select="page")).content.decode()
    assert len(re.findall(r'name="ids" value="\d+" checked', page)) == 100
    assert 'href="?page=2&amp;select=page"' in page
    assert counts[0] == counts[1]
    seen = set()
    for number in (1, 2, 3, 4):
        seen |= {pk for pk, _ in rows(client.get(queue_url(page=number)).content.decode())}
    assert seen == {r.pk for r in made}


def bulk(client, action, reports, *, versions=None, comment="", extra=None):
    data = {
        "action": action,
        "comment": comment,
        "ids": [r.pk for r in reports],
        "next": queue_url(),
    }
    for report in reports:
        data[f"version_{report.pk}"] = (versions or {}).get(report.pk, report.version)
    data.update(extra or {})
    return client.post(reverse("review:bulk"), data, follow=True)


def test_office_approves_many_in_one_action_each_its_own_event(client, q3, olivia):
    login(client, olivia)
    chosen = [q3["alice_1"], q3["bob_20"], q3["carol_39"]]
    response = bulk(client, "approve", chosen)
    assert "已审核通过 3 份。" in response.content.decode()
    for report in chosen:
        report.refresh_from_db()
        assert report.state == "approved"
        assert report.events.filter(action=ReportEvent.Action.APPROVE).count() == 1


def test_one_refused_report_leaves_the_others_approved_and_says_why(
    client, q3, plan_000, olivia, oscar
):
    period = plan_000.periods.get(quarter=3)
    # The office wrote this one itself: it may not approve it.
    unit = TaskAssignment.objects.filter(task=task(plan_000, "5"), role="lead").first().unit
    own = submit(olivia, task(plan_000, "5"), period, unit=unit, when=at(9, 15), share=1)
    # This one changed after the page was shown (the office corrected it).
    stale = q3["nina_14"]
    shown_version = stale.version
    services.report_save(
        user=oscar,
        task=stale.task,
        unit=stale.unit,
        period=period,
        data={"narrative": "办公室更正"},
        version=stale.version,
    )
    login(client, olivia)
    response = bulk(
        client,
        "approve",
        [q3["alice_39"], own, stale],
        versions={stale.pk: shown_version},
    )
    page = html.unescape(response.content.decode())
    assert "已审核通过 1 份，2 份未审核通过：" in page
    assert f"任务5（{unit.name}，2022Q3）：您填写或报送过该报告，不能自行审核通过" in page
    assert (
        f"任务14（州农业农村局，2022Q3）：报告在您打开页面后已有变化（您看到的是第{shown_version}版"
        in page
    )
    states = dict(
        ProgressReport.objects.filter(pk__in=[q3["alice_39"].pk, own.pk, stale.pk]).values_list(
            "pk", "state"
        )
    )
    assert states == {q3["alice_39"].pk: "approved", own.pk: "submitted", stale.pk: "submitted"}


def test_office_returns_many_with_one_comment(client, q3, olivia):
    login(client, olivia)
    chosen = [q3["alice_1"], q3["carol_39"]]
    response = bulk(client, "return", chosen, comment="请补充佐证材料")
    assert "已退回 2 份。" in response.content.decode()
    for report in chosen:
        report.refresh_from_db()
        assert (report.state, report.review_comment) == ("returned", "请补充佐证材料")
        event = report.events.get(action=ReportEvent.Action.RETURN)
        assert event.comment == "请补充佐证材料"
    # A return without a comment touches nothing.
    response = bulk(client, "return", [q3["bob_20"]], comment=" ")
    assert "退回时必须写明退回意见" in response.content.decode()
    q3["bob_20"].refresh_from_db()
    assert q3["bob_20"].state == "submitted"


def test_returning_nothing_or_garbage_is_a_message_not_an_error(client, q3, olivia):
    login(client, olivia)
    response = client.post(reverse("review:bulk"), {"action": "approve"}, follow=True)
    assert "请至少选择一份报告" in response.content.decode()
    response = client.post(
        reverse("review:bulk"), {"action": "approve", "ids": ["x", "9" * 30]}, follow=True
    )
    assert "报告编号必须是正整数" in response.content.decode()
    response = client.post(reverse("review:bulk"), {"action": "delete", "ids": [1]}, follow=True)
    assert "请选择“审核通过”或“退回”" in response.content.decode()
    assert ProgressReport.objects.filter(state="submitted").count() == len(q3)


def test_readers_see_the_queue_without_review_actions_and_cannot_post(client, q3, rita):
    login(client, rita)
    page = client.get(queue_url()).content.decode()
    assert len(rows(page)) == len(q3)
    assert 'name="ids"' not in page and "审核通过所选" not in page
    response = bulk(client, "approve", [q3["alice_1"]])
    assert response.status_code == 403
    q3["alice_1"].refresh_from_db()
    assert q3["alice_1"].state == "submitted"


def test_reporters_are_sent_to_their_tasks_and_others_refused(client, q3, alice, outsider):
    login(client, alice)
    response = client.get(queue_url())
    assert response["Location"] == reverse("progress:my_tasks")
    assert bulk(client, "approve", [q3["alice_1"]]).status_code == 403
    client.logout()
    client.force_login(outsider)
    assert client.get(queue_url(), follow=True).status_code == 403


def test_the_bulk_form_returns_to_the_page_it_came_from_only(client, q3, olivia):
    login(client, olivia)
    response = bulk(client, "approve", [q3["alice_39"]], extra={"next": "https://evil.example/"})
    assert response.redirect_chain[-1][0] == reverse("review:queue")
    response = bulk(client, "approve", [q3["nina_14"]], extra={"next": queue_url(light="red")})
    assert response.redirect_chain[-1][0] == queue_url(light="red")
