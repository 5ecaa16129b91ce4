"""Numeric targets (目标值, DOMAIN.md) read from the task text of the real seed documents."""

import json

import pytest

from plans.parsing import parse_document
from plans.parsing.targets import task_targets
from tests.conftest import seed_text

KEYS = [
    "metric",
    "comparator",
    "value",
    "unit",
    "value_as_written",
    "period",
    "cumulative",
    "direction",
    "source_field",
    "source_text",
    "annual_index",
    "role",
    "own_amount",
    "aspirational",
    "judged",
    "year_to_date",
]


@pytest.fixture(scope="module")
def parse():
    return parse_document(seed_text("000"), source="000")


@pytest.fixture(scope="module")
def tasks(parse):
    return {task["number"]: task for task in parse["tasks"]}


def figures(task):
    """What a reader checks first: (field, value, unit, comparator, period, cumulative, link)."""
    return [
        (
            t["source_field"],
            t["value"],
            t["unit"],
            t["comparator"],
            t["period"],
            t["cumulative"],
            t["annual_index"],
        )
        for t in task["targets"]
    ]


def metrics(task):
    return [t["metric"] for t in task["targets"]]


def read(seed, fragment, year_start=2022, year_end=2022):
    """The targets of a sentence of a seed document, read as a task's annual text."""
    assert fragment in seed_text(seed)
    task = {"annual_target": fragment, "quarter_plans": {}, "warnings": []}
    return task_targets(task, year_start, year_end), task["warnings"]


def test_every_target_of_000_has_the_documented_shape(parse):
    targets = [t for task in parse["tasks"] for t in task["targets"]]
    assert targets
    for target in targets:
        assert list(target) == KEYS
        assert target["comparator"] in (">=", "<=", "~", "=")
        assert target["direction"] in ("increase", "decrease")
        assert target["source_field"] in ("annual", "Q1", "Q2", "Q3", "Q4")
        assert target["period"] == (
            "2022" if target["source_field"] == "annual" else "2022" + target["source_field"]
        )
        assert target["source_text"] in _task_text(parse, target)
    json.dumps(parse, ensure_ascii=False)


def _task_text(parse, target):
    return "".join(
        task["annual_target"] + "".join(task["quarter_plans"].values())
        for task in parse["tasks"]
        if target in task["targets"]
    )


def test_000_has_251_targets_86_annual_and_132_of_165_milestones_linked(parse):
    targets = [t for task in parse["tasks"] for t in task["targets"]]
    milestones = [t for t in targets if t["source_field"] != "annual"]
    assert len(targets) == 251
    assert len(targets) - len(milestones) == 86
    assert len(milestones) == 165
    assert len([t for t in milestones if t["annual_index"] is not None]) == 132


def test_annual_targets_come_first_and_links_point_at_an_annual_target_of_the_same_unit(parse):
    for task in parse["tasks"]:
        fields = [t["source_field"] for t in task["targets"]]
        assert fields == sorted(fields, key=lambda f: f != "annual")
        for target in task["targets"]:
            if target["annual_index"] is None:
                continue
            annual = task["targets"][target["annual_index"]]
            assert annual["source_field"] == "annual"
            assert annual["unit"] == target["unit"]


def test_tasks_of_000_without_any_number_to_reach_have_no_targets(tasks):
    without = [n for n, task in tasks.items() if not task["targets"]]
    assert without == [
        "6", "8", "23", "24", "25", "28", "29", "30", "34", "38", "39", "41", "45", "46",
        "48", "49", "50", "53", "54",
    ]  # fmt: skip


def test_task_1_transfer_employment_milestones_are_linked_to_9500_people(tasks):
    task = tasks["1"]
    assert figures(task) == [
        ("annual", 9500, "人", ">=", "2022", False, None),
        ("annual", 70, "%", ">=", "2022", False, None),
        ("Q2", 5000, "人", ">=", "2022Q2", False, 0),
        ("Q2", 70, "%", ">=", "2022Q2", False, 1),
        ("Q3", 8000, "人", ">=", "2022Q3", True, 0),
        ("Q3", 70, "%", ">=", "2022Q3", False, 1),
        ("Q4", 9500, "人", ">=", "2022Q4", True, 0),
        ("Q4", 70, "%", ">=", "2022Q4", False, 1),
    ]
    assert metrics(task)[:2] == ["农村劳动力转移就业", "以县为单位农村劳动力组织化程度"]
    assert task["targets"][0]["source_text"] == "帮助农村劳动力转移就业9500人以上"
    assert task["targets"][0]["value_as_written"] == "9500人"


def test_task_7_reads_a_quarter_of_ten_thousand_people_as_2500(tasks):
    task = tasks["7"]
    assert figures(task) == [
        ("annual", 2500, "人", "=", "2022", False, None),
        ("Q4", 2500, "人", "=", "2022Q4", False, 0),
    ]
    assert [t["value_as_written"] for t in task["targets"]] == ["0.25万人", "0.25万人"]
    # "力争年底完成0.25万人" names no metric; it is taken from the clause before it.
    assert metrics(task) == [
        "黔东南建筑施工企业优先使用本地农村劳动力",
        "农村劳动力在黔东南建筑企业劳务就业",
    ]


def test_task_9_counts_cooperatives_not_the_output_threshold_of_a_million_yuan(tasks):
    task = tasks["9"]
    assert figures(task) == [
        ("annual", 40, "家", ">=", "2022", False, None),
        ("annual", 100, "家", ">=", "2022", False, None),
        ("Q4", 40, "家", ">=", "2022Q4", True, 0),
        ("Q4", 100, "家", ">=", "2022Q4", True, 1),
    ]
    assert metrics(task)[1] == "培育年产值超100万元的合作社"
    assert 1000000 not in [t["value"] for t in task["targets"]]


def test_task_10_reads_yields_per_mu_and_the_growth_percentages(tasks):
    task = tasks["10"]
    assert figures(task) == [
        ("annual", 2, "%", "=", "2022", False, None),
        ("annual", 334, "公斤/亩", "=", "2022", False, None),
        ("annual", 3, "%", "=", "2022", False, None),
        ("annual", 107, "公斤/亩", "=", "2022", False, None),
        ("Q2", 170000, "吨", ">=", "2022Q2", False, None),
        ("Q4", 1170000, "吨", ">=", "2022Q4", False, None),
        ("Q4", 2, "%", "=", "2022Q4", False, 0),
        ("Q4", 107, "公斤/亩", "=", "2022Q4", False, 3),
        ("Q4", 3, "%", "=", "2022Q4", False, 2),
    ]
    assert metrics(task)[:4] == [
        "粮食平均单产提升",
        "粮食平均单产",
        "油菜平均产量提升",
        "油菜平均产量",
    ]


def test_task_12_reads_tonnes_with_about_and_cumulative_supply(tasks):
    task = tasks["12"]
    assert figures(task) == [
        ("annual", 160000, "吨", "~", "2022", True, None),
        ("annual", 50000, "吨", "=", "2022", False, None),
        ("annual", 600, "吨", "~", "2022", False, None),
        ("annual", 150000, "吨", "~", "2022", False, None),
        ("Q2", 90000, "吨", "~", "2022Q2", True, 0),
        ("Q2", 50000, "吨", "=", "2022Q2", False, 3),
        ("Q3", 120000, "吨", "~", "2022Q3", True, 0),
        ("Q3", 50000, "吨", "=", "2022Q3", False, 3),
        ("Q4", 160000, "吨", "~", "2022Q4", True, 0),
        ("Q4", 50000, "吨", "=", "2022Q4", False, 1),
        ("Q4", 600, "吨", "~", "2022Q4", False, 2),
        ("Q4", 150000, "吨", "~", "2022Q4", True, 3),
    ]
    assert metrics(task)[:4] == ["供应化肥", "淡季储备化肥", "销售农药", "饲料生产"]


def test_task_14_spoilage_rate_must_go_down_and_its_milestones_keep_that_direction(tasks):
    spoilage = [t for t in tasks["14"]["targets"] if "损腐率" in t["metric"]]
    assert [(t["source_field"], t["value"], t["comparator"], t["direction"]) for t in spoilage] == [
        ("annual", 10, "~", "decrease"),
        ("Q2", 10, "~", "decrease"),
        ("Q3", 10, "~", "decrease"),  # 保持在10%左右 says no direction of its own
        ("Q4", 10, "~", "decrease"),
    ]
    assert {t["annual_index"] for t in spoilage[1:]} == {2}


def test_task_17_takes_yuan_for_sixty_yi_of_funds_and_says_so(tasks):
    task = tasks["17"]
    assert figures(task) == [
        ("annual", 100, "个", ">=", "2022", False, None),
        ("annual", 6000000000, "元", "=", "2022", False, None),
        ("Q2", 50, "个", "=", "2022Q2", True, 0),
        ("Q2", 3000000000, "元", "=", "2022Q2", True, 1),
        ("Q3", 25, "个", "=", "2022Q3", False, 0),
        ("Q3", 1500000000, "元", "=", "2022Q3", False, 1),
        ("Q4", 100, "个", "=", "2022Q4", True, 0),
        ("Q4", 6000000000, "元", "=", "2022Q4", True, 1),
    ]
    assert task["targets"][-1]["value_as_written"] == "60亿"
    assert "target_unit_inferred" in [w["code"] for w in task["warnings"]]


def test_task_18_reads_income_with_decimals_and_names_the_growth_rate_by_its_subject(tasks):
    task = tasks["18"]
    assert figures(task) == [
        ("annual", 14148.52, "元", "=", "2022", False, None),
        ("annual", 1845.46, "元", "=", "2022", False, None),
        ("annual", 15, "%", ">=", "2022", False, None),
        ("Q4", 14148.52, "元", "=", "2022Q4", False, 0),
        ("Q4", 1845.46, "元", "=", "2022Q4", False, 1),
        ("Q4", 15, "%", ">=", "2022Q4", False, 2),
    ]
    assert metrics(task)[:3] == [
        "脱贫人口人均纯收入",
        "脱贫人口人均纯收入较2021年增加",
        "脱贫人口人均纯收入增速",
    ]


def test_task_20_payout_rate_of_at_least_90_percent_has_quarterly_milestones(tasks):
    task = tasks["20"]
    assert figures(task) == [
        ("annual", 47, "项", "=", "2022", False, None),
        ("annual", 90, "%", ">=", "2022", False, None),
        ("Q2", 30, "%", ">=", "2022Q2", False, 1),
        ("Q3", 60, "%", ">=", "2022Q3", False, 1),
        ("Q4", 90, "%", ">=", "2022Q4", False, 1),
    ]
    assert {t["direction"] for t in task["targets"]} == {"increase"}


def test_task_22_training_target_and_not_the_30_percent_transfer_rule(tasks):
    assert figures(tasks["22"]) == [
        ("annual", 30000, "人次", ">=", "2022", False, None),
        ("Q4", 30000, "人次", ">=", "2022Q4", True, 0),
    ]


def test_task_26_raised_minimum_living_standards_are_targets_and_care_subsidies_are_not(tasks):
    task = tasks["26"]
    assert [(t["metric"], t["value"], t["unit"]) for t in task["targets"]] == [
        ("农村低保标准", 5316, "元/年"),
        ("农村低保标准", 5280, "元/年"),
    ]
    assert [(t["metric"], t["value"], t["unit"]) for t in tasks["47"]["targets"]] == [
        ("城市低保标准", 705, "元/月"),
        ("城市低保标准", 660, "元/月"),
    ]


def test_task_36_links_people_counted_in_ming_and_ren(tasks):
    task = tasks["36"]
    assert figures(task) == [
        ("annual", 1400, "人", "=", "2022", False, None),
        ("annual", 550, "名", "=", "2022", False, None),
        ("annual", 110, "人", "=", "2022", False, None),
        ("annual", 6100, "人", "=", "2022", False, None),
        ("Q2", 100, "名", "=", "2022Q2", True, 1),
        ("Q2", 4500, "人", "=", "2022Q2", False, 3),
        ("Q3", 1000, "人", "=", "2022Q3", True, 0),
        ("Q3", 5400, "人", "=", "2022Q3", True, 3),
        ("Q4", 400, "人", "=", "2022Q4", False, 0),
        ("Q4", 1400, "人", "=", "2022Q4", True, 0),
        ("Q4", 450, "名", "=", "2022Q4", False, 1),
        ("Q4", 550, "名", "=", "2022Q4", True, 1),
        ("Q4", 110, "人", "=", "2022Q4", False, 2),
        ("Q4", 6100, "人", "=", "2022Q4", True, 3),
    ]
    # "累计完成1400人" names no metric; it is the one of the clause before.
    assert task["targets"][9]["metric"] == "青年就业见习"
    assert task["targets"][1]["metric"] == "扶持高校毕业生自主创业"


def test_task_43_leaves_out_what_the_first_quarter_already_achieved(tasks):
    task = tasks["43"]
    assert figures(task) == [
        ("annual", 80, "户", "=", "2022", False, None),
        ("annual", 110, "家", "=", "2022", False, None),
        ("annual", 20, "户", "=", "2022", False, None),
        ("annual", 20, "户", "=", "2022", False, None),
        ("Q2", 5, "户", "=", "2022Q2", False, 0),
        ("Q2", 20, "户", ">=", "2022Q2", True, 0),
        ("Q2", 17, "家", "=", "2022Q2", False, 1),
        ("Q2", 20, "家", "=", "2022Q2", False, 1),
        ("Q2", 1, "户", "=", "2022Q2", False, 2),
        ("Q3", 10, "户", "=", "2022Q3", False, 0),
        ("Q3", 30, "户", ">=", "2022Q3", True, 0),
        ("Q3", 25, "家", "=", "2022Q3", False, 1),
        ("Q3", 30, "家", "=", "2022Q3", False, 1),
        ("Q3", 4, "户", "=", "2022Q3", False, 2),
        ("Q4", 50, "户", "=", "2022Q4", False, 0),
        ("Q4", 80, "户", ">=", "2022Q4", True, 0),
        ("Q4", 41, "家", "=", "2022Q4", False, 1),
        ("Q4", 45, "家", "=", "2022Q4", False, 1),
        ("Q4", 12, "户", "=", "2022Q4", False, 2),
        ("Q4", 20, "户", "=", "2022Q4", False, 3),
    ]
    assert metrics(task)[1] == "培育全州批零住餐市场主体"  # without its aside （含大个体）
    # 其中一季度已培育新增规上工业15户，限上批零住餐企业25户，规上其它营利性服务业3户: history.
    assert [t for t in task["targets"] if t["source_field"] == "annual" and t["value"] == 15] == []


def test_task_52_milestones_without_an_annual_figure_stay_unlinked(tasks):
    task = tasks["52"]
    assert figures(task) == [
        ("Q2", 1, "个", "=", "2022Q2", False, None),
        ("Q3", 1, "个", "=", "2022Q3", False, None),
        ("Q3", 2000, "个", "=", "2022Q3", True, None),
        ("Q4", 1, "个", "=", "2022Q4", False, None),
        ("Q4", 2500, "个", "=", "2022Q4", True, None),
        ("Q4", 1, "个", "=", "2022Q4", False, None),
    ]
    assert metrics(task)[2] == "新增公共停车位"


def test_task_56_about_three_schools_and_not_the_enrolment_quota_handed_down(tasks):
    task = tasks["56"]
    assert figures(task) == [
        ("annual", 3, "所", "~", "2022", False, None),
        ("annual", 38000, "人", "=", "2022", False, None),
        ("Q4", 3, "所", "=", "2022Q4", False, 0),
        ("Q4", 38000, "人", "=", "2022Q4", False, 1),
    ]
    # 将省教育厅下达的招生任务2.472万人分解至县（市）: a quota being handed down.
    assert 24720 not in [t["value"] for t in task["targets"]]


def test_task_60_person_times_and_the_share_of_skilled_workers(tasks):
    task = tasks["60"]
    assert figures(task) == [
        ("annual", 34900, "人次", "=", "2022", False, None),
        ("annual", 18, "%", "=", "2022", False, None),
        ("Q2", 16200, "人次", "=", "2022Q2", False, 0),
        ("Q3", 32400, "人次", "=", "2022Q3", True, 0),
        ("Q3", 17.8, "%", "=", "2022Q3", False, 1),
        ("Q4", 34900, "人次", "=", "2022Q4", True, 0),
        ("Q4", 18, "%", ">=", "2022Q4", False, 1),
    ]
    assert [t["value_as_written"] for t in task["targets"]][:3] == [
        "3.49万人次",
        "18%",
        "1.62万人次",
    ]


def test_task_62_links_each_training_line_to_its_own_annual_figure(tasks):
    task = tasks["62"]
    assert figures(task) == [
        ("annual", 10000, "人次", ">=", "2022", False, None),
        ("annual", 5000, "人", ">=", "2022", False, None),
        ("annual", 2800, "人", "=", "2022", False, None),
        ("annual", 2800, "人", "=", "2022", False, None),
        ("annual", 3, "个", "=", "2022", False, None),  # 三个职业技能培训品牌
        ("Q2", 2000, "人次", ">=", "2022Q2", False, 0),
        ("Q2", 1000, "人", ">=", "2022Q2", False, 1),
        ("Q2", 100, "%", "=", "2022Q2", False, None),
        ("Q3", 9000, "人次", ">=", "2022Q3", True, 0),
        ("Q3", 4500, "人", ">=", "2022Q3", True, 1),
        ("Q3", 1000, "人", "=", "2022Q3", False, 2),
        ("Q3", 2000, "人", "=", "2022Q3", False, 3),
        ("Q3", 120, "名", "=", "2022Q3", False, None),
        ("Q3", 3, "个", "=", "2022Q3", False, 4),
        ("Q4", 10000, "人次", ">=", "2022Q4", True, 0),
        ("Q4", 5000, "人", ">=", "2022Q4", True, 1),
        ("Q4", 2800, "人", "=", "2022Q4", True, 2),
        ("Q4", 2800, "人", "=", "2022Q4", True, 3),
        ("Q4", 3, "个", "=", "2022Q4", False, 4),
    ]
    assert metrics(task)[:4] == [
        "技能人才培养",
        "新增高技能人才",
        "“锦绣计划”培训",
        "高素质农民培训",
    ]


def test_subsidy_standards_rewards_and_rates_of_rules_are_not_targets(tasks):
    values = {n: [t["value"] for t in tasks[n]["targets"]] for n in ("15", "21", "25", "42", "43")}
    # Not the 50万元/20万元 rewards nor 500户/200户 conditions; 开展一次专项督查 is a target.
    assert values["15"] == [3, 1, 3, 1]
    assert 5 not in values["21"]  # 按5元/生/天的标准
    assert values["25"] == []  # 按照当年缴费金额的10%给予补贴
    assert values["42"] == [400000000, 410000000, 420000000]  # not 最高300万元, 人均最高20万元
    assert 200000 not in values["43"] and 100000 not in values["43"]  # 每户奖励20万元 ...


def test_document_numbers_dates_ages_and_brackets_are_not_targets(tasks):
    assert tasks["29"]["targets"] == []  # 国发2号文件
    assert [t["value"] for t in tasks["51"]["targets"]] == [100, 100, 100, 100]  # 〔2022〕1号
    assert [t["value"] for t in tasks["35"]["targets"]] == [
        69564000000,
        100,
        145,
    ]  # 5月底, 涉及资金
    assert [t["value"] for t in tasks["57"]["targets"]] == [13000, 30000, 13000, 30000]  # 15—59岁
    assert 2 not in [t["value"] for t in tasks["55"]["targets"]]  # （以上为2项改革任务）
    assert [t["value"] for t in tasks["21"]["targets"] if t["unit"] == "个"] == []  # 16个县（市）


def test_001_urban_rural_income_ratio_is_a_ratio_that_must_fall():
    (ratio,), warnings = read("001", "城乡居民收入比下降到2.8左右", 2022, 2024)
    assert (ratio["metric"], ratio["value"], ratio["unit"]) == ("城乡居民收入比", 2.8, "")
    assert (ratio["comparator"], ratio["direction"], ratio["period"]) == ("~", "decrease", "2024")
    assert warnings == []


def test_001_income_targets_for_2024_percent_and_money():
    fragment = (
        "2022-2024年,全县城镇常住居民人均可支配收入年均增长10%左右,农村常住居民人均可支配收入"
        "年均增长12%以上;到2024年,全县城镇常住居民人均可支配收入达到48594.8元,"
        "农村常住居民人均可支配收入达到15561元"
    )
    targets, _ = read("001", fragment, 2022, 2024)
    assert [
        (t["metric"], t["comparator"], t["value"], t["unit"], t["period"]) for t in targets
    ] == [
        ("城镇常住居民人均可支配收入年均增长", "~", 10, "%", "2024"),
        ("农村常住居民人均可支配收入年均增长", ">=", 12, "%", "2024"),
        ("城镇常住居民人均可支配收入", "=", 48594.8, "元", "2024"),
        ("农村常住居民人均可支配收入", "=", 15561, "元", "2024"),
    ]


def test_001_area_and_yield_in_ten_thousands():
    targets, _ = read("001", "确保粮食播面20万亩、产量6.1万吨以上", 2022, 2024)
    assert [(t["metric"], t["comparator"], t["value"], t["unit"]) for t in targets] == [
        ("粮食播面", "=", 200000, "亩"),
        ("产量", ">=", 61000, "吨"),
    ]
    (area,), _ = read("001", "稳定30.16万亩油茶种植面积", 2022, 2024)
    assert (area["metric"], area["value"], area["value_as_written"]) == (
        "油茶种植面积",
        301600,
        "30.16万亩",
    )


def test_001_counts_and_money_with_yi_and_wan():
    (count,), _ = read("001", "每年打造粮油高产示范点10个以上", 2022, 2024)
    assert (count["metric"], count["comparator"], count["value"], count["unit"]) == (
        "每年打造粮油高产示范点",
        ">=",
        10,
        "个",
    )
    (money,), _ = read("001", "力争每年招引农业全产业链项目资金4.61亿元", 2022, 2024)
    assert (money["value"], money["unit"], money["value_as_written"]) == (
        461000000,
        "元",
        "4.61亿元",
    )
    (loans,), _ = read("001", "每年创业担保贷款发放总额不低于2000万元", 2022, 2024)
    assert (loans["comparator"], loans["value"]) == (">=", 20000000)


def test_001_one_off_grants_loan_caps_and_staffing_ranges_are_not_targets():
    fragment = (
        "每人给予500元或1000元的一次性求职创业补贴,符合创业担保贷款申请条件的人员自主创业的,"
        "可申请最高不超过20万元的创业担保贷款"
    )
    assert read("001", fragment) == ([], [])
    assert read("001", "给予5000元一次性创业补贴") == ([], [])
    assert read("001", "村医每人每月财政定额补助提高200元") == ([], [])
    assert read("001", "从领导小组成员单位抽调1至2名业务同志到办公室集中办公") == ([], [])


def test_003_respectively_pairs_each_income_with_its_growth_and_tonnes_of_coal_in_yi():
    targets, _ = read("003", "7.城镇、农村常住居民人均可支配收入分别增长10%左右和12%左右")
    assert [(t["metric"], t["comparator"], t["value"]) for t in targets] == [
        ("城镇常住居民人均可支配收入增长", "~", 10),
        ("农村常住居民人均可支配收入增长", "~", 12),
    ]
    (coal,), _ = read("003", "煤炭产量达到1.45亿吨")
    assert (coal["value"], coal["unit"], coal["value_as_written"]) == (145000000, "吨", "1.45亿吨")


def test_004_unemployment_ceilings_with_stray_spaces_are_at_most_and_must_fall():
    targets, _ = read("004", "城镇调查失业率控制在 5.5% 以内，城镇登记失业率控制在 5.0% 以内")
    assert [(t["metric"], t["comparator"], t["value"], t["direction"]) for t in targets] == [
        ("城镇调查失业率", "<=", 5.5, "decrease"),
        ("城镇登记失业率", "<=", 5, "decrease"),
    ]
    assert [t["source_text"] for t in targets] == [
        "城镇调查失业率控制在5.5%以内",
        "城镇登记失业率控制在5.0%以内",
    ]


def test_a_magnitude_without_unit_or_money_metric_is_left_out_with_a_warning():
    targets, warnings = read("004", "60万城镇化转移农村劳动力需要就业")
    assert targets == []
    assert [w["code"] for w in warnings] == ["target_without_unit"]
