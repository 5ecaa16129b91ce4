"""The rules of DOMAIN.md "Numbers" on hand-computed cases: the wording without a database, the
figures on the real plans through the services, as the snapshots store them.

The 000 plan's 2022Q3 deadline is 2022-09-18; BEFORE is a moment before it, AFTER one after.
"""

import datetime
from decimal import Decimal

import pytest
import time_machine

from progress import selectors, services
from progress.errors import InvalidReport
from progress.judging import elapsed_fraction, milestone_expected
from progress.models import ProgressReport, TaskEvent
from reports import rules
from reports.snapshots import snapshot_compute
from tasks.models import Task
from tests.api.helpers import client_for
from tests.conftest import _person

SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))
ON_TIME = datetime.datetime(2022, 9, 10, 10, 0, tzinfo=SHANGHAI)
BEFORE = datetime.datetime(2022, 9, 15, 10, 0, tzinfo=SHANGHAI)
LATE = datetime.datetime(2022, 9, 20, 10, 0, tzinfo=SHANGHAI)
AFTER = datetime.datetime(2022, 9, 25, 10, 0, tzinfo=SHANGHAI)


# Without a database: time, milestones, and the sentence that says why.


def test_elapsed_time_is_q_over_4_in_a_one_year_plan():
    assert elapsed_fraction(2022, 3, 2022, 2022) == 0.75


def test_elapsed_time_in_a_multi_year_plan_is_elapsed_quarters_over_all_quarters():
    # 2022-2024 has 12 quarters; 2023Q2 is the 6th.
    assert elapsed_fraction(2023, 2, 2022, 2024) == 0.5


def test_a_milestone_is_its_share_of_the_annual_target_and_a_falling_ones_the_inverse():
    assert milestone_expected(8000, 9500, False) == pytest.approx(8000 / 9500)
    # 下降到2.8左右, 2.9 by the quarter: E = annual / milestone.
    assert milestone_expected(Decimal("2.9"), Decimal("2.8"), True) == pytest.approx(2.8 / 2.9)
    assert milestone_expected(12000, 9500, False) == 1.0  # capped


def test_the_sentence_agrees_with_the_colour_at_the_unrounded_threshold():
    # 45% against 75%: 30.000000000000004 points behind, not less than 30: red.
    assert rules.light_reason(rules.LAGGING, 0.45, 0.75, lag_threshold=30) == (
        "完成率45%，低于序时进度75%（差30个百分点），亮红灯。"
    )
    assert rules.light_reason(rules.LAGGING, 0.46, 0.75, lag_threshold=30) == (
        "完成率46%，低于序时进度75%（差29个百分点），亮黄灯。"
    )


def test_each_status_says_why_in_one_sentence():
    day = datetime.date(2022, 9, 18)
    assert rules.light_reason(rules.NOT_DUE, None, 0.75, deadline=day) == (
        "尚未到报送截止日（2022年9月18日）。"
    )
    assert rules.light_reason(rules.NOT_REPORTED, None, 0.75, deadline=day) == (
        "截至2022年9月18日未报送进展。"
    )
    returned = datetime.datetime(2022, 9, 20, 9, 0, tzinfo=SHANGHAI)
    assert rules.light_reason(
        rules.RETURNED, None, 0.75, returned_at=returned, return_comment="请补充佐证材料"
    ) == ("报告已于2022年9月20日退回修改（退回意见：请补充佐证材料），待重新报送。")
    assert rules.light_reason(rules.COMPLETED, 1.0, 0.75, uncapped=1.2) == (
        "完成率100%，已完成，超额完成（实际120%）。"
    )
    assert rules.light_reason(rules.CLOSED, 1.0, 0.75, closure_reason="并入任务40") == (
        "已办结销号，无需再报送。办结说明：并入任务40"
    )
    assert rules.light_reason(
        rules.COMPLETED, 1.0, 0.75, missing="省住房城乡建设厅", deadline_passed=False
    ) == ("完成率100%，已完成。省住房城乡建设厅尚无计入的报告，暂不计入。")


# On the real plans, through the services.


def task(plan, number):
    return Task.objects.get(plan=plan, number=number)


def target(t, metric, quarter=3):
    """The task's annual target, or its quarter target of `quarter`, named `metric` (else
    whose name starts with it)."""
    candidates = [
        x
        for x in t.targets.order_by("order")
        if x.role == "annual" or (x.role == "quarter" and x.due_quarter == quarter)
    ]
    exact = [x for x in candidates if x.metric == metric]
    return (exact or [x for x in candidates if x.metric.startswith(metric)])[0]


def submit(user, t, period, *, values=None, percent=None, problems="", at=ON_TIME, unit=None):
    """user's unit (or `unit`) submits its report on t at `at`; values {target: value}."""
    data = {"narrative": "按计划推进", "problems": problems, "percent": percent}
    if values is not None:
        data["values"] = {x.pk: v for x, v in values.items()}
    unit = unit or user.profile.unit
    existing = ProgressReport.objects.filter(task=t, unit=unit, period=period).first()
    saved = services.report_save(
        user=user,
        task=t,
        unit=unit,
        period=period,
        data=data,
        version=existing.version if existing else None,
        at=at,
    )
    return services.report_submit(user=user, report=saved, version=saved.version, at=at)


def figures(plan, period, now):
    return snapshot_compute(plan=plan, period=period, now=now)


def row(snapshot, number):
    return snapshot.task_rows.select_related("snapshot__period").get(task__number=number)


def entry(snapshot, number, unit_name):
    return snapshot.entries.select_related("snapshot__period").get(
        task__number=number, unit__name=unit_name
    )


@pytest.fixture
def nyj(plan_000):
    return _person("nina", "reporter", "州农业农村局")


@pytest.mark.django_db
def test_task_10_in_2022q3_asks_only_its_annual_targets_not_the_4th_quarters_grain(
    plan_000, period_q3, nyj
):
    t10 = task(plan_000, "10")
    asked = [a.target.metric for a in selectors.asked_targets(t10, nyj.profile.unit, period_q3)]
    assert asked == ["粮食平均单产提升", "粮食平均单产", "油菜平均产量提升", "油菜平均产量"]
    autumn = target(t10, "秋粮", quarter=4)  # a 四季度 quarter target: not asked, not accepted
    response = client_for(nyj).post(
        "/api/v1/progress/",
        {"task": t10.pk, "period": "2022Q3", "narrative": "推进", "values": {autumn.pk: "1170000"}},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["fields"]["values"] == {str(autumn.pk): "不是本期要求填报的目标"}
    met = {
        target(t10, "粮食平均单产提升"): 2,
        target(t10, "粮食平均单产"): 334,
        target(t10, "油菜平均产量提升"): 3,
        target(t10, "油菜平均产量"): 107,
    }
    submit(nyj, t10, period_q3, values=met)
    r = row(figures(plan_000, period_q3, AFTER), "10")
    # Every judged target met: C = 1 (not 序时推进 because of an unasked 秋粮 figure).
    assert (r.status, r.light, r.completion, r.expected) == (
        rules.COMPLETED,
        rules.GREEN,
        1.0,
        0.75,
    )


@pytest.mark.django_db
def test_task_21_is_judged_on_three_annual_targets_and_its_quarter_target(plan_000, period_q3):
    edu = _person("edu", "reporter", "州教育局")
    t21 = task(plan_000, "21")
    values = {
        target(t21, "投入义务教育营养改善资金"): 200_000_000,  # 2亿 of 4亿: 0.5 (E: time 0.75)
        target(t21, "受益学生"): 300_000,  # 30万 of 40万: 0.75 (E 0.75)
        target(t21, "农村义务教育营养餐受益学生家庭每生年增收"): 150,  # 150 of 900 (E 150/900)
        target(t21, "实施义务教育营养改善计划天数"): 30,  # the quarter's 30 days: 1 (E 1)
    }
    # It leaves the task lagging: 存在问题 is required.
    with pytest.raises(InvalidReport) as refused:
        submit(edu, t21, period_q3, values=values)
    assert "必须填写存在问题" in refused.value.fields["problems"]
    submit(edu, t21, period_q3, values=values, problems="资金拨付滞后")
    r = row(figures(plan_000, period_q3, AFTER), "21")
    c = (0.5 + 0.75 + 150 / 900 + 1) / 4
    e = (0.75 + 0.75 + 150 / 900 + 1) / 4
    assert r.completion == pytest.approx(c)  # 0.6042
    assert r.expected == pytest.approx(e)  # 0.6667
    assert (r.status, r.light) == (rules.LAGGING, rules.YELLOW)  # 6.25 points behind
    assert r.reason == "完成率60.4%，低于序时进度66.7%（差6.2个百分点），亮黄灯。"


@pytest.mark.django_db
def test_task_43_milestones_are_year_to_date_the_firm_figure_and_the_quarters_own_added(
    plan_000, period_q3
):
    ndrc = _person("ndrc", "reporter", "州发展改革委")
    t43 = task(plan_000, "43")
    values = {
        target(t43, "培育新增规模以上工业企业入库"): 30,  # 累计30 of 80: E 0.375
        target(t43, "培育全州批零住餐市场主体"): 25,  # 25 (not 力争 30) of 110: E 0.2273
        target(t43, "培育新增规上其它营利性性服务业"): 5,  # 1 + 新增4 of 20: E 0.25
        target(t43, "资质建筑业企业"): 15,  # no Q3 milestone: E = time 0.75
    }
    submit(ndrc, t43, period_q3, values=values)
    r = row(figures(plan_000, period_q3, AFTER), "43")
    e = (30 / 80 + 25 / 110 + 5 / 20 + 0.75) / 4
    assert r.expected == pytest.approx(e)
    assert r.completion == pytest.approx(e)
    assert (r.status, r.light) == (rules.ON_SCHEDULE, rules.GREEN)


@pytest.mark.django_db
def test_task_62_meets_each_milestone_and_its_quarter_target(plan_000, period_q3, alice):
    t62 = task(plan_000, "62")
    values = {
        target(t62, "技能人才培养"): 9000,  # 累计0.9万 of 1万: E 0.9
        target(t62, "新增高技能人才"): 4500,  # 累计0.45万 of 0.5万: E 0.9
        target(t62, "“锦绣计划”培训"): 1000,  # 0.1万 of 0.28万
        target(t62, "高素质农民培训"): 2000,  # 0.2万 of 0.28万
        target(t62, "打造"): 3,  # 三个品牌, all three this quarter: E 1
        target(t62, "州级科技特派员选派"): 120,  # the quarter target: E 1
    }
    submit(alice, t62, period_q3, values=values)
    r = row(figures(plan_000, period_q3, AFTER), "62")
    e = (0.9 + 0.9 + 1000 / 2800 + 2000 / 2800 + 1 + 1) / 6
    assert r.expected == pytest.approx(e)  # 0.8119
    assert r.completion == pytest.approx(e)
    assert r.status == rules.ON_SCHEDULE


@pytest.mark.django_db
def test_task_4_is_judged_on_its_own_quarters_rate_only(plan_000, period_q3, alice):
    t4 = task(plan_000, "4")
    rates = [a.target for a in selectors.asked_targets(t4, alice.profile.unit, period_q3)]
    assert [(x.due_quarter, x.value) for x in rates] == [(3, Decimal("82"))]  # not 80% or 85%
    submit(alice, t4, period_q3, values={rates[0]: 80}, problems="部分项目未录入平台")
    r = row(figures(plan_000, period_q3, AFTER), "4")
    assert r.completion == pytest.approx(80 / 82)
    assert (r.expected, r.status, r.light) == (1.0, rules.LAGGING, rules.YELLOW)


@pytest.mark.django_db
def test_task_42_is_typed_in_its_written_unit_and_shown_over_fulfilled(client, plan_000, period_q3):
    pbc = _person("pbc", "reporter", "人行黔东南州中心支行")
    t42 = task(plan_000, "42")
    balance = target(t42, "创业担保贷款余额")
    client.force_login(pbc)
    url = f"/progress/{plan_000.key}/2022Q3/tasks/42/"
    page = client.get(url).content.decode()
    assert "创业担保贷款余额（本季度节点≥4.1亿元）实际值（亿元）" in page
    with time_machine.travel(ON_TIME, tick=False):
        response = client.post(
            url,
            {"action": "submit", f"value_{balance.pk}": "4.2", "narrative": "余额4.2亿元"},
        )
    assert response.status_code == 302
    assert balance.report_values.get().value == Decimal("420000000")
    r = row(figures(plan_000, period_q3, AFTER), "42")
    assert (r.status, r.completion) == (rules.COMPLETED, 1.0)
    assert r.completion_uncapped == pytest.approx(4.2 / 4.1)
    assert r.reason == "完成率100%，已完成，超额完成（实际102.4%）。"


@pytest.mark.django_db
def test_several_lead_units_each_report_their_part_and_the_missing_count_0_after_the_deadline(
    loaded_plans,
):
    plan = loaded_plans["003"]
    q3 = plan.periods.get(year=2022, quarter=3)
    hrss = _person("hrss", "reporter", "省人力资源社会保障厅")
    t44 = task(plan, "44")  # leads: 省人社厅, 省住房城乡建设厅, 省发展改革委
    submit(
        hrss,
        t44,
        q3,
        values={target(t44, "以县为单位"): 70, target(t44, "以工代赈"): 20},
    )
    before = row(figures(plan, q3, BEFORE), "44")
    # Before the deadline the co-leads not yet reported are left out: 1 of 1 reported.
    assert (before.completion, before.status, before.light) == (1.0, rules.COMPLETED, rules.GREEN)
    assert (before.lead_count, before.reported_leads) == (3, 1)
    assert before.reason == (
        "完成率100%，已完成。省住房城乡建设厅、省发展改革委尚无计入的报告，暂不计入。"
    )
    after = row(figures(plan, q3, AFTER), "44")
    # After it they count 0: (1 + 0 + 0) / 3 against 0.75: 41.7 points behind.
    assert after.completion == pytest.approx(1 / 3)
    assert (after.status, after.light) == (rules.LAGGING, rules.RED)
    assert after.reason == (
        "完成率33.3%，低于序时进度75%（差41.7个百分点），亮红灯。"
        "省住房城乡建设厅、省发展改革委尚无计入的报告，按0计。"
    )
    # Each lead unit's own roll-up uses its own report.
    snapshot = after.snapshot
    assert entry(snapshot, "44", "省人力资源社会保障厅").completion == 1.0
    assert entry(snapshot, "44", "省发展改革委").status == rules.NOT_REPORTED


@pytest.mark.django_db
def test_task_7_with_its_only_report_returned_is_returned_and_counted_as_reported(
    loaded_plans, olivia
):
    plan = loaded_plans["003"]
    q3 = plan.periods.get(year=2022, quarter=3)
    hrss = _person("hrss", "reporter", "省人力资源社会保障厅")
    t7 = task(plan, "7")  # leads: 省人社厅, 省农业农村厅
    report = submit(
        hrss, t7, q3, values={target(t7, "城镇"): 9, target(t7, "农村"): 12}, at=ON_TIME
    )
    services.report_return(
        user=olivia, report=report, version=report.version, comment="请补充统计口径", at=LATE
    )
    snapshot = figures(plan, q3, AFTER)
    r = row(snapshot, "7")
    assert (r.status, r.light, r.completion) == (rules.RETURNED, rules.YELLOW, None)
    assert r.reason == "报告已于2022年9月20日退回修改（退回意见：请补充统计口径），待重新报送。"
    own = entry(snapshot, "7", "省人力资源社会保障厅")
    assert (own.submitted, own.on_time, own.status) == (True, True, rules.RETURNED)
    unit = snapshot.unit_rows.get(unit__name="省人力资源社会保障厅", role="lead")
    assert unit.submitted_reports >= 1 and unit.returned == 1


@pytest.mark.django_db
def test_a_returned_report_is_left_out_before_the_deadline_and_counts_0_after(
    plan_000, period_q3, alice, olivia
):
    t1 = task(plan_000, "1")
    submit(
        alice,
        t1,
        period_q3,
        values={target(t1, "农村劳动力转移就业"): 8000, target(t1, "以县为单位"): 70},
    )
    report = submit(alice, task(plan_000, "39"), period_q3, percent=80)
    services.report_return(
        user=olivia, report=report, version=report.version, comment="请补充佐证材料", at=ON_TIME
    )
    before = figures(plan_000, period_q3, BEFORE)
    one = row(before, "1")
    # Only task 1 counts before the deadline: 39 was returned, the others are not yet due.
    assert (before.reported_tasks, before.returned, before.not_due) == (1, 1, 62)
    assert (before.grey, before.completion, before.expected) == (62, one.completion, one.expected)
    assert before.submitted_reports == 2  # the returned report was reported
    after = figures(plan_000, period_q3, AFTER)
    assert after.reported_tasks == 64
    assert after.completion == pytest.approx(one.completion / 64)
    assert (after.not_reported, after.red) == (62, 62)


@pytest.mark.django_db
def test_before_the_deadline_unreported_tasks_are_grey_and_the_mean_is_over_the_reported(
    plan_000, period_q3, alice
):
    t1 = task(plan_000, "1")
    submit(
        alice,
        t1,
        period_q3,
        values={target(t1, "农村劳动力转移就业"): 7600, target(t1, "以县为单位"): 70},
        problems="外出务工需求下降",
    )
    snapshot = figures(plan_000, period_q3, BEFORE)
    r = row(snapshot, "1")
    # (7600/9500 + 70/70) / 2 = 0.9 against (8000/9500 + 1) / 2 = 0.9211.
    assert r.completion == pytest.approx(0.9)
    assert r.expected == pytest.approx((8000 / 9500 + 1) / 2)
    assert (r.status, r.light) == (rules.LAGGING, rules.YELLOW)
    other = row(snapshot, "2")
    assert (other.status, other.light) == (rules.NOT_DUE, rules.GREY)
    assert other.reason == "尚未到报送截止日（2022年9月18日）。"
    assert (snapshot.reported_tasks, snapshot.not_due, snapshot.red) == (1, 63, 0)
    assert (snapshot.completion, snapshot.expected) == (r.completion, r.expected)


@pytest.mark.django_db
def test_a_county_is_judged_against_its_share_and_without_one_on_its_percent(
    plan_000, period_q3, alice, carol
):
    t1 = task(plan_000, "1")
    people = target(t1, "农村劳动力转移就业")
    kaili = carol.profile.unit
    services.target_share_set(user=alice, target=people, unit=kaili, value=650)
    asked = selectors.asked_targets(t1, kaili, period_q3)
    assert [(a.target, a.goal) for a in asked] == [(people, Decimal("650"))]
    assert asked[0].label == ("农村劳动力转移就业（本单位分解目标≥650人，全部年度目标≥9500人）")
    submit(carol, t1, period_q3, values={people: 650})
    huangping = _person("hp", "reporter", "黄平县人民政府")
    submit(huangping, t1, period_q3, percent=50, problems="组织化程度低")
    snapshot = figures(plan_000, period_q3, AFTER)
    own = entry(snapshot, "1", kaili.name)
    # 650 of its 650 people, against the people target's E: 8000 / 9500.
    assert (own.completion, own.status, own.light, own.shared) == (
        1.0,
        rules.COMPLETED,
        rules.GREEN,
        True,
    )
    assert own.expected == pytest.approx(8000 / 9500)
    hp = entry(snapshot, "1", "黄平县人民政府")
    # No share: its percent against elapsed time.
    assert (hp.completion, hp.expected, hp.status, hp.light) == (
        0.5,
        0.75,
        rules.LAGGING,
        rules.YELLOW,
    )
    # The task's own light is the lead unit's (not reported), not the counties'.
    assert row(snapshot, "1").status == rules.NOT_REPORTED
    listed = client_for(carol).get(
        "/api/v1/completion/", {"plan": plan_000.pk, "period": "2022Q3", "unit": kaili.pk}
    )
    rows = {r["number"]: r for r in listed.json()["tasks"]}
    assert (rows["1"]["status"], rows["1"]["light"], rows["1"]["shared"]) == (
        "completed",
        "green",
        True,
    )
    assert rows["1"]["reason"] == "完成率100%，已完成。"


@pytest.mark.django_db
def test_a_falling_target_is_judged_target_over_actual(plan_000, period_q3, alice):
    from tests.api.helpers import annual_target

    rate = annual_target(plan_000, "39", "登记失业率", 5, "%")
    type(rate).objects.filter(pk=rate.pk).update(comparator="<=", decreasing=True)
    services.judged_targets_sync(plan=plan_000)
    submit(alice, task(plan_000, "39"), period_q3, values={rate: 8}, problems="就业压力加大")
    r = row(figures(plan_000, period_q3, AFTER), "39")
    assert r.completion == pytest.approx(5 / 8)


@pytest.mark.django_db
def test_closing_a_task_below_100_percent_needs_a_reason_that_is_kept_and_shown(
    plan_000, period_q2, period_q3, olivia, bob
):
    t13 = task(plan_000, "13")  # 州财政局's, not reported in 2022Q2
    with pytest.raises(InvalidReport) as refused:
        services.task_close(user=olivia, task=t13, period=period_q2)
    assert refused.value.fields == {"reason": "完成率未达100%，请写明办结理由"}
    services.task_close(user=olivia, task=t13, period=period_q2, reason="政策调整，任务取消")
    r = row(figures(plan_000, period_q3, AFTER), "13")
    assert (r.status, r.light, r.completion) == (rules.CLOSED, rules.GREEN, 1.0)
    assert r.reason == "已办结销号，无需再报送。办结说明：政策调整，任务取消"
    services.task_reopen(user=olivia, task=t13, reason="任务恢复")
    assert row(figures(plan_000, period_q3, AFTER), "13").status == rules.NOT_REPORTED
    events = list(TaskEvent.objects.filter(task=t13).values_list("action", "text", "actor_name"))
    assert events == [
        ("close", "政策调整，任务取消", "olivia"),
        ("reopen", "任务恢复", "olivia"),
    ]


@pytest.mark.django_db
def test_a_completed_task_is_closed_without_a_reason(plan_000, period_q2, alice, olivia):
    t39 = task(plan_000, "39")
    submit(alice, t39, period_q2, percent=100)
    closure = services.task_close(user=olivia, task=t39, period=period_q2)
    assert (closure.completion, closure.reason) == (1.0, "")
