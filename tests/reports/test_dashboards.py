"""The leadership dashboards, driven as people use them: every figure on a page equals the stored
snapshot row it comes from (the tables, the headline and the chart JSON alike), pages read a
fixed number of queries whatever the data, and each role sees what it may."""

import datetime
import html
import io
import json
import re
from decimal import Decimal

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from plans.models import Region, Unit
from progress import services
from reports import rules, selectors
from reports.models import Snapshot
from reports.snapshots import snapshot_compute
from tasks.models import Task
from tests.api.helpers import complete_for
from tests.conftest import PASSWORD, _person

pytestmark = pytest.mark.django_db

SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))
PLAN_KEY = "000_c5d4690d8c15b8df"


def at(month, day):
    return datetime.datetime(2022, month, day, 10, 0, tzinfo=SHANGHAI)


def task(plan, number):
    return Task.objects.get(plan=plan, number=number)


def annual_ids(t):
    return [x.pk for x in t.targets.filter(annual__isnull=True).order_by("order")]


def report(user, t, period, *, when, **data):
    """One unit's report saved and submitted through the services at `when`."""
    saved = services.report_save(
        user=user, task=t, unit=user.profile.unit, period=period, data=data, at=when
    )
    return services.report_submit(user=user, report=saved, version=saved.version, at=when)


def build_progress(plan, alice, bob, carol):
    """Reports of 2022Q2 and 2022Q3 through the services, then both periods' snapshots:
    task 1 lagging in Q3 (with its problems), task 39 on schedule, task 20 completed late,
    a county's own report; every other task not reported. Returns {label: snapshot}."""
    q2, q3 = plan.periods.get(quarter=2), plan.periods.get(quarter=3)
    t1, t20, t39 = task(plan, "1"), task(plan, "20"), task(plan, "39")
    people, rate = annual_ids(t1)
    items, payout = annual_ids(t20)
    report(
        alice, t1, q2, when=at(6, 10), narrative="转移就业5200人", values={people: 5200, rate: 70}
    )
    report(alice, t39, q2, when=at(6, 12), narrative="已部署宣传", percent=50)
    report(
        alice,
        t1,
        q3,
        when=at(9, 10),
        narrative="转移就业7600人",
        problems="外出务工需求下降",
        values={people: 7600, rate: 70},
    )
    report(alice, t39, q3, when=at(9, 11), narrative="已宣传", percent=80)
    report(bob, t20, q3, when=at(9, 20), narrative="发放完成", values={items: 47, payout: 95})
    report(carol, t39, q3, when=at(9, 12), narrative="凯里市宣传", percent=50, problems="覆盖不足")
    return {
        "2022Q2": snapshot_compute(plan=plan, period=q2, now=at(9, 25)),
        "2022Q3": snapshot_compute(plan=plan, period=q3, now=at(9, 25)),
    }


@pytest.fixture
def snapshots(plan_000, alice, bob, carol):
    return build_progress(plan_000, alice, bob, carol)


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def overview_url(period="2022Q3"):
    return reverse("dashboards:overview", args=[PLAN_KEY]) + f"?period={period}"


def figure(page, key):
    """The chart JSON embedded in the page for chart `key`."""
    match = re.search(rf'<script id="figure-{key}" type="application/json">(.*?)</script>', page)
    assert match, f"chart {key} is not in the page"
    return json.loads(match.group(1))


def headline(page, label):
    """(value, link) of the headline figure labelled `label`."""
    match = re.search(
        rf'<a class="figure[^"]*" href="([^"]*)" data-figure="{label}">'
        r'<span class="value">([^<]+)</span>',
        page,
    )
    assert match, f"headline figure {label} is not in the page"
    return match.group(2), match.group(1).replace("&amp;", "&")


def table_rows(page, key):
    """The text of each cell of table `key`, row by row."""
    body = re.search(rf'<table class="data" id="table-{key}">.*?<tbody>(.*?)</tbody>', page, re.S)
    assert body, f"table {key} is not in the page"
    rows = []
    for row in re.findall(r"<tr>(.*?)</tr>", body.group(1), re.S):
        cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        rows.append([html.unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in cells])
    return rows


def test_overview_headline_equals_the_latest_snapshot_and_links_to_its_tasks(
    client, olivia, snapshots
):
    snapshot = snapshots["2022Q3"]
    page = login(client, olivia).get(overview_url()).content.decode()
    assert (snapshot.tasks, snapshot.lagging, snapshot.not_reported) == (64, 1, 61)
    occasional = (rules.CLOSED, rules.RETURNED, rules.NOT_DUE)  # shown when some task has it
    for label, code in [("任务总数", "tasks")] + [
        (label, code)
        for code, label in rules.STATUS_LABELS.items()
        if code not in occasional or getattr(snapshot, code)
    ]:
        value, _link = headline(page, label)
        assert int(value) == getattr(snapshot, code), label
    assert headline(page, "平均完成率")[0] == rules.percent_text(snapshot.completion)
    assert headline(page, "序时进度")[0] == rules.percent_text(snapshot.expected)
    assert headline(page, "报送率")[0] == rules.percent_text(snapshot.reporting_rate)
    _value, link = headline(page, "滞后")
    assert "status=lagging" in link and "period=2022Q3" in link
    listed = client.get(link).content.decode()
    assert table_rows(listed, "tasks")[0][0] == "1"
    assert len(table_rows(listed, "tasks")) == snapshot.lagging
    # The unreported: 61 tasks, listed a hundred to a page.
    _value, link = headline(page, "未报送")
    listed = client.get(link).content.decode()
    assert len(table_rows(listed, "tasks")) == snapshot.not_reported == 61


def test_ranking_table_and_its_chart_hold_exactly_the_stored_unit_rows(client, olivia, snapshots):
    snapshot = snapshots["2022Q3"]
    stored = list(selectors.unit_rows(snapshot, "lead"))
    page = login(client, olivia).get(overview_url()).content.decode()
    rows = table_rows(page, "units")
    completion = 3 + len(rules.STATUS_LABELS)  # rank, unit, tasks, the statuses, completion
    assert [(r[0], r[1], r[completion]) for r in rows] == [
        (str(u.rank), u.unit.name, rules.percent_text(u.completion)) for u in stored
    ]
    chart = figure(page, "units")["data"][0]
    assert chart["x"] == [u.completion for u in stored]
    assert chart["y"] == [f"{u.rank}. {u.unit.name}" for u in stored]
    assert chart["customdata"][0] == reverse("dashboards:unit", args=[stored[0].unit_id]) + (
        f"?plan={PLAN_KEY}&period=2022Q3"
    )


def test_section_trend_and_county_charts_hold_the_stored_figures(client, olivia, snapshots):
    q2, q3 = snapshots["2022Q2"], snapshots["2022Q3"]
    page = login(client, olivia).get(overview_url()).content.decode()
    sections = list(selectors.section_rows(q3))
    assert figure(page, "sections")["data"][0]["x"] == [s.completion for s in sections]
    assert figure(page, "sections")["data"][1]["x"] == [s.expected for s in sections]
    q4 = selectors.latest_snapshot(q3.plan, q3.plan.periods.get(quarter=4))  # since the load
    trend = figure(page, "trend")["data"]
    assert trend[0]["x"] == ["2022Q2", "2022Q3", "2022Q4"]
    assert trend[0]["y"] == [q2.completion, q3.completion, q4.completion]
    assert trend[1]["y"] == [q2.expected, q3.expected, q4.expected]
    heat = figure(page, "counties")["data"][0]
    assert heat["x"] == ["2022Q2", "2022Q3", "2022Q4"]
    # Ordered by the shown period's rank: 凯里市 reported, so it leads 2022Q3.
    kaili = q3.unit_rows.get(unit__name="凯里市人民政府", role="county")
    kaili_q2 = q2.unit_rows.get(unit__name="凯里市人民政府", role="county")
    kaili_q4 = q4.unit_rows.get(unit__name="凯里市人民政府", role="county")
    assert heat["y"][0] == "凯里市人民政府"
    assert heat["z"][0] == [kaili_q2.completion, kaili.completion, kaili_q4.completion]
    assert len(heat["y"]) == q3.unit_rows.filter(role="county").count() == 16
    # The first 50 lagging or unreported tasks; the task list and the .xlsx have them all.
    lagging = table_rows(page, "lagging")
    assert len(lagging) == 50 < q3.lagging + q3.not_reported == 62
    assert "共 62 项，这里列出前 50 项" in page
    first = next(r for r in lagging if r[0] == "1")
    assert "外出务工需求下降" in first[-1] and first[5] == "滞后"


def test_a_recompute_shows_the_newer_figures_and_a_period_is_chosen_by_label(
    client, olivia, snapshots, plan_000, leo
):
    q3 = plan_000.periods.get(quarter=3)
    t4 = task(plan_000, "4")
    data = complete_for(t4, leo.profile.unit, q3)  # its 2022Q3 达标率 82%, met
    report(leo, t4, q3, when=at(9, 12), **{**data, "narrative": "推进"})
    later = snapshot_compute(plan=plan_000, period=q3, now=at(9, 26))
    assert selectors.latest_snapshots_of([plan_000])[q3.pk] == later
    assert later.completed == snapshots["2022Q3"].completed + 1
    page = login(client, olivia).get(overview_url()).content.decode()
    assert int(headline(page, "已完成")[0]) == later.completed
    page = client.get(overview_url("2022Q2")).content.decode()
    assert int(headline(page, "未报送")[0]) == snapshots["2022Q2"].not_reported


def test_index_opens_the_plan_computed_last_in_the_period_the_api_shows_by_default(
    client, olivia, snapshots, loaded_plans
):
    for plan in loaded_plans.values():
        plan = selectors.dashboard_plan(plan.key)
        shown = selectors.default_period_from(plan, selectors.latest_snapshots_of([plan]))
        assert shown == selectors.default_period(plan)
    snapshot_compute(plan=snapshots["2022Q3"].plan, period=snapshots["2022Q3"].period)
    login(client, olivia)
    response = client.get(reverse("dashboards:index"))
    assert response["Location"] == reverse("dashboards:overview", args=[PLAN_KEY])
    # DOMAIN.md: the latest period whose deadline has passed (all of 2022's, today).
    assert client.get(response["Location"]).context["period"].label == "2022Q4"
    # A period chosen with the plan is kept only if that plan has it.
    response = client.get(reverse("dashboards:index") + f"?plan={PLAN_KEY}&period=2022q2")
    assert response["Location"].endswith("?period=2022Q2")
    other = "001_30ccf9172137d8a8"
    response = client.get(reverse("dashboards:index") + f"?plan={other}&period=2022Q9")
    assert response["Location"] == reverse("dashboards:overview", args=[other])
    response = client.get(response["Location"])
    assert response.context["period"].label == "2024Q4"  # the plan runs 2022-2024


def test_bad_input_is_a_404_not_a_500(client, olivia, snapshots):
    login(client, olivia)
    assert client.get(overview_url("2022Q9")).status_code == 404
    assert client.get(overview_url("三季度")).status_code == 404
    url = reverse("dashboards:task_list", args=[PLAN_KEY])
    assert client.get(url + "?status=late").status_code == 404
    assert client.get(url + "?section=999999").status_code == 404
    assert client.get(reverse("dashboards:overview", args=["no-such-plan"])).status_code == 404
    url = reverse("dashboards:overview_download", args=[PLAN_KEY, "nothing"])
    assert client.get(url).status_code == 404


def test_task_page_shows_targets_quarters_and_every_units_reports_with_history(
    client, olivia, snapshots, plan_000
):
    t1 = task(plan_000, "1")
    page = login(client, olivia).get(reverse("dashboards:task", args=[t1.pk])).content.decode()
    assert "9500人" in page and "8000人" in page  # the annual target and the Q3 milestone
    assert t1.q3_plan[:20] in page
    q4 = selectors.latest_snapshot(plan_000, plan_000.periods.get(quarter=4))
    stored = [
        snapshots["2022Q2"].task_rows.get(task=t1),
        snapshots["2022Q3"].task_rows.get(task=t1),
        q4.task_rows.get(task=t1),
    ]
    chart = figure(page, "quarters")["data"]
    assert chart[0]["y"] == [r.completion for r in stored]
    assert chart[1]["y"] == [r.expected for r in stored]
    quarters = table_rows(page, "quarters")
    assert [q[0] for q in quarters] == ["2022Q2", "2022Q3", "2022Q4"]
    assert quarters[1][5] == "滞后" and quarters[1][7] == stored[1].reason
    units = table_rows(page, "units")
    lead_q3 = next(r for r in units if r[0] == "2022Q3" and r[2] == "牵头单位")
    assert lead_q3[1] == "州人力资源社会保障局"
    assert lead_q3[8] == rules.percent_text(stored[1].completion)
    assert len(units) == 3 * (1 + 16)  # per period: the lead unit and 16 counties
    assert "转移就业7600人" in page and "外出务工需求下降" in page
    assert "修改历史（2 条）" in page  # created, submitted
    assert "报送" in page


def test_unit_page_shows_rank_rates_and_tasks_from_its_stored_rows(client, alice, snapshots):
    unit = alice.profile.unit
    q2, q3 = snapshots["2022Q2"], snapshots["2022Q3"]
    stored = q3.unit_rows.get(unit=unit, role="lead")
    url = reverse("dashboards:unit", args=[unit.pk]) + f"?plan={PLAN_KEY}&period=2022Q3"
    page = login(client, alice).get(url).content.decode()
    assert f"第{stored.rank}名" in page
    assert f"（共{q3.unit_rows.filter(role='lead').count()}个）" in page
    assert headline(page, "平均完成率")[0] == rules.percent_text(stored.completion)
    assert headline(page, "报送率")[0] == rules.percent_text(stored.reporting_rate)
    q4 = selectors.latest_snapshot(q3.plan, q3.plan.periods.get(quarter=4))
    chart = figure(page, "quarters")["data"]
    assert chart[0]["y"] == [
        q2.unit_rows.get(unit=unit, role="lead").completion,
        stored.completion,
        q4.unit_rows.get(unit=unit, role="lead").completion,
    ]
    assert chart[1]["y"][1] == stored.reporting_rate
    tasks = table_rows(page, "tasks")
    assert (
        len(tasks) == Task.objects.filter(plan=q3.plan, assignments__unit=unit).distinct().count()
    )
    own = next(r for r in tasks if r[0] == "1")
    assert (own[6], own[7]) == ("滞后", "黄灯")  # the unit's own status and light
    assert reverse("progress:my_tasks") in page and "我的任务" in page


def test_a_reporters_unit_page_leads_to_their_tasks(client, alice, snapshots):
    # A reporter lands on her tasks (tests/reports/test_workbench.py); her unit's page, one
    # click away, leads there too.
    page = (
        login(client, alice)
        .get(reverse("dashboards:unit", args=[alice.profile.unit.pk]))
        .content.decode()
    )
    assert f'href="{reverse("progress:my_tasks")}?plan={PLAN_KEY}&amp;period=2022Q4"' in page
    assert "我的任务：填报2022Q4进展" in page


def test_region_view_puts_every_plan_of_the_region_and_below_side_by_side(
    client, rita, snapshots, loaded_plans
):
    login(client, rita)
    page = client.get(reverse("dashboards:region", args=["520000"])).content.decode()
    rows = table_rows(page, "plans")
    assert sorted(r[0] for r in rows) == sorted(p.title for p in loaded_plans.values())
    plan = snapshots["2022Q3"].plan
    q4 = selectors.latest_snapshot(plan, plan.periods.get(quarter=4))  # the default period
    qdn = next(r for r in rows if r[0] == plan.title)
    assert (qdn[3], qdn[4], qdn[5]) == (
        "2022Q4",
        rules.percent_text(q4.completion),
        rules.percent_text(q4.expected),
    )
    assert q4.completion in figure(page, "plans")["data"][0]["y"]
    page = client.get(reverse("dashboards:region", args=["522300"])).content.decode()
    titles = [r[0] for r in table_rows(page, "plans")]
    assert titles == [loaded_plans["002"].title, loaded_plans["001"].title]  # 州, then 册亨县
    assert reverse("dashboards:region", args=["522327"]) in page
    assert client.get(reverse("dashboards:region_index"))["Location"] == reverse(
        "dashboards:region", args=[Region.objects.get(parent=None).code]
    )


def test_tables_download_as_xlsx_with_numbers_as_numbers(client, olivia, snapshots, plan_000):
    login(client, olivia)
    url = reverse("dashboards:overview_download", args=[PLAN_KEY, "units"]) + "?period=2022Q3"
    response = client.get(url)
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert "2022Q3" in sheet["A1"].value and "牵头单位排名" in sheet["A1"].value
    assert [c.value for c in sheet[2]][:3] == ["排名", "单位", "任务数"]
    stored = list(selectors.unit_rows(snapshots["2022Q3"], "lead"))
    completion = 3 + len(rules.STATUS_LABELS)
    assert [(r[0].value, r[1].value, r[completion].value) for r in sheet.iter_rows(min_row=3)] == [
        (u.rank, u.unit.name, u.completion) for u in stored
    ]
    assert sheet.cell(row=3, column=completion + 1).number_format == "0.0%"
    t1 = task(plan_000, "1")
    for url in (
        reverse("dashboards:task_download", args=[t1.pk, "quarters"]),
        reverse("dashboards:unit_download", args=[Unit.objects.get(name="州财政局").pk, "tasks"]),
        reverse("dashboards:region_download", args=["520000", "plans"]),
        reverse("dashboards:task_list_download", args=[PLAN_KEY, "tasks"])
        + "?period=2022Q3&status=lagging",
        reverse("dashboards:overview_download", args=[PLAN_KEY, "counties"]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert openpyxl.load_workbook(io.BytesIO(response.content)).active.max_row >= 3
    url = reverse("dashboards:overview_download", args=[PLAN_KEY, "lagging"]) + "?period=2022Q3"
    sheet = openpyxl.load_workbook(io.BytesIO(client.get(url).content)).active
    assert sheet.max_row - 2 == 62  # every lagging or unreported task, not only the first 50
    page = client.get(overview_url()).content.decode()
    assert (
        f'href="{reverse("dashboards:overview", args=[PLAN_KEY])}download/trend/?period=2022Q3"'
        in page
    )


def test_reporters_see_overview_and_tasks_but_only_their_own_units_page(
    client, alice, bob, leo, snapshots, plan_000
):
    t1 = task(plan_000, "1")
    login(client, bob)
    assert client.get(overview_url()).status_code == 200
    page = client.get(reverse("dashboards:task", args=[t1.pk])).content.decode()
    assert "转移就业7600人" not in page  # alice's report: not bob's unit
    assert "其他单位的报告内容仅领导小组办公室和只读用户可见" in page
    finance = bob.profile.unit
    assert client.get(reverse("dashboards:unit", args=[finance.pk])).status_code == 200
    response = client.get(reverse("dashboards:unit", args=[alice.profile.unit.pk]))
    assert response.status_code == 403 and "只能查看本单位" in response.content.decode()
    url = reverse("dashboards:unit_download", args=[alice.profile.unit.pk, "tasks"])
    assert client.get(url).status_code == 403
    # The ranking links only the units a reporter may open: bob's own.
    page = client.get(overview_url()).content.decode()
    chart = figure(page, "units")["data"][0]
    linked = [label for label, url in zip(chart["y"], chart["customdata"], strict=True) if url]
    assert [label.split(" ", 1)[1] for label in linked] == [finance.name]
    login(client, leo)
    assert client.get(reverse("dashboards:unit", args=[alice.profile.unit.pk])).status_code == 200


def test_office_and_readers_open_any_unit_people_without_a_role_nothing(
    client, olivia, rita, outsider, snapshots, plan_000
):
    kaili = Unit.objects.get(name="凯里市人民政府")
    for person in (olivia, rita):
        client.force_login(person)
        assert client.get(reverse("dashboards:unit", args=[kaili.pk])).status_code == 200
    client.force_login(outsider)
    t1 = task(plan_000, "1")
    for url in (
        reverse("dashboards:index"),
        overview_url(),
        reverse("dashboards:task", args=[t1.pk]),
        reverse("dashboards:unit", args=[kaili.pk]),
        reverse("dashboards:region", args=["520000"]),
        reverse("dashboards:overview_download", args=[PLAN_KEY, "units"]),
    ):
        assert client.get(url).status_code == 403, url
    client.logout()
    assert client.get(overview_url())["Location"].startswith(reverse("login"))


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_pages_read_a_fixed_number_of_queries_whatever_the_reports_and_recomputes(
    client, olivia, snapshots, plan_000, leo, django_assert_max_num_queries
):
    t1 = task(plan_000, "1")
    kaili = Unit.objects.get(name="凯里市人民政府")
    urls = {
        "overview": (overview_url(), 12),
        "task": (reverse("dashboards:task", args=[t1.pk]), 19),  # 19: with the 领导批示
        "unit": (
            reverse("dashboards:unit", args=[kaili.pk]) + f"?plan={PLAN_KEY}",
            17,
        ),  # with the 督办单 and 批示
        # The province's view also reads its prefectures' rows in its plans (the drill-down).
        "region": (reverse("dashboards:region", args=["520000"]), 9),
    }
    login(client, olivia)
    before = {}
    for name, (url, most) in urls.items():
        with django_assert_max_num_queries(most):
            before[name] = _count(client, url)
    q2, q3 = plan_000.periods.get(quarter=2), plan_000.periods.get(quarter=3)
    nina = _person("nina", "reporter", "州农业农村局")
    carol_like = [_person(f"c{n}", "reporter", f"{n}人民政府") for n in ("黎平县", "榕江县")]

    def filled(person, number, period, share, **data):
        t = task(plan_000, number)
        body = {**complete_for(t, person.profile.unit, period, share), **data}
        report(person, t, period, when=at(9, 12), **body)

    for number in ("5", "8", "23", "24", "25"):
        filled(leo, number, q3, Decimal("0.9"), narrative="推进")
    for person in carol_like:
        filled(person, "1", q3, Decimal("0.6"), narrative="推进", percent=60, problems="待加快")
    filled(nina, "14", q2, Decimal("0.3"), narrative="推进", percent=30, problems="慢")
    for day in range(26, 30):
        snapshot_compute(plan=plan_000, period=q3, now=at(9, day))
        snapshot_compute(plan=plan_000, period=q2, now=at(9, day))
    assert Snapshot.objects.filter(plan=plan_000).count() >= 10
    for name, (url, most) in urls.items():
        with django_assert_max_num_queries(most):
            assert _count(client, url) == before[name], name


def test_a_long_task_list_comes_a_hundred_to_a_page_and_whole_in_the_xlsx(
    client, rita, loaded_plans
):
    plan = loaded_plans["003"]  # the province's 169 tasks
    period = plan.periods.order_by("year", "quarter").last()
    snapshot = snapshot_compute(plan=plan, period=period)
    assert snapshot.not_reported == 169
    url = reverse("dashboards:task_list", args=[plan.key]) + f"?period={period.label}"
    login(client, rita)
    first = client.get(url + "&status=not_reported").content.decode()
    assert len(table_rows(first, "tasks")) == 100
    assert "第 1 / 2 页（共 169 项）" in first
    assert f"?period={period.label}&amp;status=not_reported&amp;page=2" in first
    second = client.get(url + "&status=not_reported&page=2").content.decode()
    assert len(table_rows(second, "tasks")) == 69
    download = reverse("dashboards:task_list_download", args=[plan.key, "tasks"])
    response = client.get(download + f"?period={period.label}&status=not_reported&page=2")
    assert openpyxl.load_workbook(io.BytesIO(response.content)).active.max_row - 2 == 169


def test_a_past_plan_opens_on_its_latest_quarter_whose_deadline_passed(plan_000, period_q3, alice):
    from progress import services
    from reports import selectors
    from reports.snapshots import snapshot_compute
    from tasks.models import Task

    task = Task.objects.get(plan=plan_000, number="39")
    report = services.report_save(
        user=alice,
        task=task,
        unit=alice.profile.unit,
        period=period_q3,
        data={"narrative": "推进", "percent": "80"},
    )
    services.report_submit(user=alice, report=report, version=report.version)
    for period in plan_000.periods.all():  # 2022Q4 has figures too, but nothing reported
        snapshot_compute(plan=plan_000, period=period)
    # DOMAIN.md: the latest period whose deadline has passed, reported or not.
    assert selectors.default_period(plan_000).label == "2022Q4"
