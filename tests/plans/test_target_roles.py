"""The part each target plays in a quarter's judgement (DOMAIN.md "Numbers", "Finer points"),
read from the real seed documents."""

from collections import defaultdict

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plans.documents import fixtures_read
from plans.parsing import parse_document
from plans.parsing.targets import QUARTERS, task_targets
from tests.conftest import seed_text


@pytest.fixture(scope="module")
def tasks():
    parse = parse_document(seed_text("000"), source="000")
    return {task["number"]: task for task in parse["tasks"]}


def roles(task):
    """(field, value, role, judged, year_to_date) of each target, in the parse's order."""
    return [
        (t["source_field"], t["value"], t["role"], t["judged"], t["year_to_date"])
        for t in task["targets"]
    ]


def read(annual, quarter_plans):
    task = {"annual_target": annual, "quarter_plans": quarter_plans, "warnings": []}
    return task_targets(task, 2022, 2022), task["warnings"]


def test_task_1_milestones_are_year_to_date_as_written_or_cumulative(tasks):
    # DOMAIN: the milestone of quarter q is the 累计 figure where the quarter gives one,
    # otherwise the figure as written; annual targets are always judged.
    assert roles(tasks["1"]) == [
        ("annual", 9500, "annual", True, None),
        ("annual", 70, "annual", True, None),
        ("Q2", 5000, "milestone", True, 5000),
        ("Q2", 70, "milestone", True, 70),
        ("Q3", 8000, "milestone", True, 8000),
        ("Q3", 70, "milestone", True, 70),
        ("Q4", 9500, "milestone", True, 9500),
        ("Q4", 70, "milestone", True, 70),
    ]


def test_task_4_a_rate_without_annual_figure_is_a_quarter_target_judged_in_each_quarter(tasks):
    # DOMAIN: a quarterly figure with no annual target of its metric is a quarter target,
    # judged only in its own quarter, and has no year-to-date figure.
    assert roles(tasks["4"]) == [
        ("Q2", 80, "quarter", True, None),
        ("Q3", 82, "quarter", True, None),
        ("Q4", 85, "quarter", True, None),
    ]


def test_task_10_summer_and_autumn_grain_are_quarter_targets_and_yield_a_milestone(tasks):
    # DOMAIN: 夏粮 in 二季度 has no annual target of its metric: a quarter target.
    assert roles(tasks["10"]) == [
        ("annual", 2, "annual", True, None),
        ("annual", 334, "annual", True, None),
        ("annual", 3, "annual", True, None),
        ("annual", 107, "annual", True, None),
        ("Q2", 170000, "quarter", True, None),  # 夏粮
        ("Q4", 1170000, "quarter", True, None),  # 秋粮
        ("Q4", 2, "milestone", True, 2),  # 单产提升2%
        ("Q4", 107, "milestone", True, 107),
        ("Q4", 3, "milestone", True, 3),
    ]
    assert [t["metric"] for t in tasks["10"]["targets"][4:7]] == ["夏粮", "秋粮", "单产提升"]


def test_task_17_new_projects_and_funds_of_one_clause_add_to_the_second_quarters_total(tasks):
    # DOMAIN: where the clause makes the figure the quarter's own amount (新增), the milestone
    # is the sum of that quarter's and the earlier ones. 新增 governs every figure of its
    # clause, as 累计 does; the funds, which do not say 新增 themselves, are warned about.
    task = tasks["17"]
    assert roles(task) == [
        ("annual", 100, "annual", True, None),
        ("annual", 6000000000, "annual", True, None),
        ("Q2", 50, "milestone", True, 50),
        ("Q2", 3000000000, "milestone", True, 3000000000),
        ("Q3", 25, "milestone", True, 75),
        ("Q3", 1500000000, "milestone", True, 4500000000),
        ("Q4", 100, "milestone", True, 100),
        ("Q4", 6000000000, "milestone", True, 6000000000),
    ]
    assert [t["own_amount"] for t in task["targets"]] == [False] * 4 + [True, True] + [False] * 2
    assert task["targets"][0]["aspirational"]  # 力争招引…100个以上: judged all the same
    shared = [w for w in task["warnings"] if w["code"] == "target_own_amount_shared"]
    assert len(shared) == 1 and "15亿元" in shared[0]["message"]


def test_task_21_a_plain_quarterly_income_is_taken_as_written(tasks):
    # DOMAIN: neither 累计 nor 新增: the figure as written (150元 in Q3, though Q2 said 300元).
    task = tasks["21"]
    assert roles(task) == [
        ("annual", 400000000, "annual", True, None),
        ("annual", 400000, "annual", True, None),
        ("annual", 900, "annual", True, None),
        ("Q2", 60, "quarter", True, None),
        ("Q2", 300, "milestone", True, 300),
        ("Q3", 30, "quarter", True, None),
        ("Q3", 150, "milestone", True, 150),
        ("Q4", 60, "quarter", True, None),
        ("Q4", 300, "milestone", True, 300),
    ]
    assert not any(t["own_amount"] for t in task["targets"])  # "第三季度" alone does not


def test_task_42_loan_balances_without_annual_figure_are_judged_each_in_its_quarter(tasks):
    assert roles(tasks["42"]) == [
        ("Q2", 400000000, "quarter", True, None),
        ("Q3", 410000000, "quarter", True, None),
        ("Q4", 420000000, "quarter", True, None),
    ]


def test_task_43_judges_the_cumulative_figure_the_firm_one_and_adds_up_new_ones(tasks):
    # DOMAIN, finer points: the 累计 figure where the quarter gives one; of two plain figures
    # (完成25家，力争完成30家) the one not marked 力争; 新增 in the clause: the sum so far.
    task = tasks["43"]
    assert roles(task) == [
        ("annual", 80, "annual", True, None),
        ("annual", 110, "annual", True, None),
        ("annual", 20, "annual", True, None),
        ("annual", 20, "annual", True, None),
        ("Q2", 5, "milestone", False, None),
        ("Q2", 20, "milestone", True, 20),  # 累计达20户以上
        ("Q2", 17, "milestone", True, 17),
        ("Q2", 20, "milestone", False, None),  # 力争完成20家
        ("Q2", 1, "milestone", True, 1),  # 培育新增规上其它营利性服务业企业1户
        ("Q3", 10, "milestone", False, None),
        ("Q3", 30, "milestone", True, 30),
        ("Q3", 25, "milestone", True, 25),
        ("Q3", 30, "milestone", False, None),
        ("Q3", 4, "milestone", True, 5),
        ("Q4", 50, "milestone", False, None),
        ("Q4", 80, "milestone", True, 80),
        ("Q4", 41, "milestone", True, 41),
        ("Q4", 45, "milestone", False, None),
        ("Q4", 12, "milestone", True, 17),
        ("Q4", 20, "milestone", True, 20),
    ]
    targets = task["targets"]
    assert [t["aspirational"] for t in targets].count(True) == 3  # the three 力争完成
    assert [i for i, t in enumerate(targets) if t["own_amount"]] == [8, 13, 18]
    # The annual text says 新增 too (培育新增规上…20户): only quarterly figures are own amounts.
    assert "新增" in targets[2]["source_text"] and not targets[2]["own_amount"]


def test_task_62_cumulative_training_is_the_year_to_date_figure(tasks):
    task = tasks["62"]
    got = [(t["value"], t["role"], t["judged"], t["year_to_date"]) for t in task["targets"]]
    assert got == [
        (10000, "annual", True, None),
        (5000, "annual", True, None),
        (2800, "annual", True, None),
        (2800, "annual", True, None),
        (3, "annual", True, None),  # 三个职业技能培训品牌
        (2000, "milestone", True, 2000),
        (1000, "milestone", True, 1000),  # 其中，新增高技能人才0.1万人以上: the first quarter
        (100, "quarter", True, None),  # 两级科技特派员到县报到率100%
        (9000, "milestone", True, 9000),  # 全州技能人才累计培养0.9万人次以上
        (4500, "milestone", True, 4500),  # 新增…累计达0.45万人: 累计, never an own amount
        (1000, "milestone", True, 1000),
        (2000, "milestone", True, 2000),
        (120, "quarter", True, None),
        (3, "milestone", True, 3),
        (10000, "milestone", True, 10000),
        (5000, "milestone", True, 5000),
        (2800, "milestone", True, 2800),
        (2800, "milestone", True, 2800),
        (3, "milestone", True, 3),
    ]
    assert [t["own_amount"] for t in task["targets"]][:9] == [False] * 6 + [True] + [False] * 2


def test_a_plain_amount_that_does_not_rise_is_taken_as_written_and_warned(tasks):
    # DOMAIN: neither 累计 nor 新增 is the figure as written; where a count or an amount does
    # not rise above the quarter before, it may be the quarter's own after all: a person checks.
    def not_rising(number):
        codes = ("target_year_to_date_not_rising",)
        return [w["message"] for w in tasks[number]["warnings"] if w["code"] in codes]

    feed = [t for t in tasks["12"]["targets"] if t["metric"] == "饲料生产"]
    assert [(t["source_field"], t["year_to_date"]) for t in feed[1:]] == [
        ("Q2", 50000),
        ("Q3", 50000),
        ("Q4", 150000),
    ]
    (message,) = not_rising("12")
    assert message.startswith("三季度计划“完成饲料生产计5万吨”") and "应为10万吨" in message
    (message,) = not_rising("55")
    assert "0.91亿元" in message and "不高于二季度的9100万元" in message and "1.82亿元" in message
    assert "150元" in not_rising("21")[0]
    # Rates may stay level (70% each quarter), 累计 and own amounts rise by themselves.
    assert not_rising("1") == not_rising("43") == not_rising("17") == []


def test_two_figures_of_one_metric_in_the_annual_text_judge_the_firm_one(tasks):
    # DOMAIN, finer points, applied to an annual text: 完成17家，力争完成20家 judges the 17.
    fragment = "二是培育批零住餐市场主体完成17家，力争完成20家。"
    assert fragment in tasks["43"]["quarter_plans"]["Q2"]
    targets, _ = read(fragment, {})
    assert [(t["value"], t["aspirational"], t["judged"]) for t in targets] == [
        (17, False, True),
        (20, True, False),
    ]


def test_plain_annual_figures_of_one_metric_for_different_places_are_both_judged(tasks):
    # 凯里市、麻江县…调整为5316元/年，其余14个县…调整为5280元/年: two targets, not alternatives.
    assert [(t["value"], t["judged"]) for t in tasks["26"]["targets"]] == [
        (5316, True),
        (5280, True),
    ]


def test_figures_of_one_metric_in_one_quarter_without_annual_figure_judge_one(tasks):
    # DOMAIN: quarter targets take the same choice as milestones within their quarter
    # (task 43's third quarter, read without its annual text).
    q3 = "一是培育工业企业10户，累计达30户以上。二是培育批零住餐市场主体完成25家，力争完成30家。"
    assert tasks["43"]["quarter_plans"]["Q3"].startswith(q3)
    targets, _ = read("", {"Q3": q3})
    assert [(t["value"], t["role"], t["judged"], t["year_to_date"]) for t in targets] == [
        (10, "quarter", False, None),
        (30, "quarter", True, None),
        (25, "quarter", True, None),
        (30, "quarter", False, None),
    ]


def _check_roles(targets, where):
    """The promises of the new keys, for one task's targets."""
    judged = defaultdict(list)
    for t in targets:
        annual = t["source_field"] == "annual"
        expected_role = (
            "annual" if annual else "milestone" if t["annual_index"] is not None else "quarter"
        )
        assert t["role"] == expected_role, where
        assert not (annual and t["own_amount"]), where
        assert not (t["own_amount"] and t["cumulative"]), where
        if t["role"] == "milestone":
            judged[(t["annual_index"], t["period"])].append(t)
            if t["judged"]:
                assert t["year_to_date"] is not None, where
                if not t["own_amount"]:
                    assert t["year_to_date"] == t["value"], where
                else:
                    assert t["year_to_date"] >= t["value"], where
        if not (t["role"] == "milestone" and t["judged"]):
            assert t["year_to_date"] is None, where
        if t["role"] == "quarter":
            unit = "人" if t["unit"] == "名" else t["unit"]  # 名 counts as 人
            judged[("quarter", t["metric"], unit, t["period"])].append(t)
    for key, group in judged.items():
        assert [t["judged"] for t in group].count(True) == 1, (where, key)


FIXTURES = list(fixtures_read())


@pytest.mark.parametrize("key, parse", FIXTURES, ids=[key[:3] for key, _ in FIXTURES])
def test_every_judgement_of_every_seed_has_one_judged_figure_with_its_year_to_date(key, parse):
    targets = [t for task in parse["tasks"] for t in task["targets"]]
    assert targets
    for task in parse["tasks"]:
        _check_roles(task["targets"], (key, task["number"]))


_CELLS = [
    task["quarter_plans"][q]
    for _key, parse in FIXTURES
    for task in parse["tasks"]
    if parse["plan"]["layout"] == "table"
    for q in QUARTERS
    if task["quarter_plans"].get(q)
]
_ANNUALS = [
    task["annual_target"]
    for _key, parse in FIXTURES
    for task in parse["tasks"]
    if parse["plan"]["layout"] == "table"
]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    annual=st.sampled_from(_ANNUALS),
    cells=st.lists(st.sampled_from(_CELLS), min_size=4, max_size=4),
)
def test_any_annual_text_with_any_quarterly_cells_keeps_the_promises_of_the_roles(annual, cells):
    targets, _ = read(annual, dict(zip(QUARTERS, cells, strict=True)))
    _check_roles(targets, (annual, cells))
