"""Targets read as a careful reader reads them (DOMAIN.md 目标值; the reader never drops or
invents content silently): Chinese numerals, amounts inside quarter-plan prose, a percentage
written as a ratio. Each is a target of the right role or a warning on its task."""

import re

import pytest

from plans.parsing import parse_document
from plans.parsing.targets import task_targets
from tests.conftest import seed_text


@pytest.fixture(scope="module")
def tasks():
    parse = parse_document(seed_text("000"), source="000")
    return {task["number"]: task for task in parse["tasks"]}


def read(seed, fragment, year_start=2022, year_end=2022):
    """The targets and warnings of a sentence of a seed document read as an annual text
    (found in the document once line breaks and stray spaces are taken out)."""
    assert fragment in re.sub(r"\s+", "", seed_text(seed))
    task = {"annual_target": fragment, "quarter_plans": {}, "warnings": []}
    return task_targets(task, year_start, year_end), task["warnings"]


def figures(task):
    return [
        (t["source_field"], t["role"], t["comparator"], t["value"], t["unit"], t["annual_index"])
        for t in task["targets"]
    ]


def target_warnings(task):
    return [w for w in task["warnings"] if w["code"].startswith("target_")]


def test_at_least_one_evaluation_is_a_target_and_its_fourth_quarter_milestone(tasks):
    # 至少开展一次公益性岗位人员考核评价 (annual) / 年底前至少开展一次… (Q4): >= 1 次.
    task = tasks["5"]
    assert figures(task) == [
        ("annual", "annual", ">=", 1, "次", None),
        ("Q4", "milestone", ">=", 1, "次", 0),
    ]
    assert task["targets"][0]["metric"] == "公益性岗位人员考核评价"
    assert task["targets"][0]["value_as_written"] == "一次"
    assert target_warnings(task) == []


def test_one_inspection_a_year_is_a_target_beside_the_three_enterprises(tasks):
    task = tasks["15"]
    assert figures(task) == [
        ("annual", "annual", ">=", 3, "家", None),
        ("annual", "annual", "=", 1, "次", None),  # 每年…开展一次专项督查
        ("Q4", "milestone", "=", 3, "家", 0),
        ("Q4", "milestone", "=", 1, "次", 1),
    ]


def test_three_training_brands_are_a_target_with_milestones_in_the_third_and_fourth_quarter(
    tasks,
):
    brands = [t for t in tasks["62"]["targets"] if t["unit"] == "个"]
    assert [(t["source_field"], t["value"], t["role"], t["judged"]) for t in brands] == [
        ("annual", 3, "annual", True),
        ("Q3", 3, "milestone", True),
        ("Q4", 3, "milestone", True),
    ]
    assert brands[0]["value_as_written"] == "三个"
    assert brands[0]["metric"].endswith("职业技能培训品牌")


def test_chinese_numerals_in_names_ordinals_slogans_and_grants_are_not_read(tasks):
    # 六项指标 (part of a rate's name), “一户一人”, “三类人员”, 一次性补贴, 一批, 一老一小,
    # ‘五个体系’, 一是/二是, 第二季度, 一期工程: none is a figure, and none is a doubt either.
    for number in ("4", "8", "16", "19", "23", "24", "40", "41", "48", "50", "52", "55", "63"):
        task = tasks[number]
        assert [t for t in task["targets"] if not t["value_as_written"][0].isdigit()] == [], number
        assert [w for w in task["warnings"] if "中文" in w["code"]] == [], number
    assert [t["value"] for t in tasks["4"]["targets"]] == [80, 82, 85]
    assert read("001", "做到“三个确保、一个杜绝”") == ([], [])
    targets, warnings = read("003", "建设社区健身路径或三人制篮球场300个")
    assert [t["value"] for t in targets] == [300] and warnings == []


def test_a_chinese_numeral_with_nothing_after_it_is_left_to_a_person():
    # 为全省65岁以上老年人免费体检一次: once per person, not one check to count.
    targets, warnings = read("003", "为全省65岁以上老年人免费体检一次")
    assert targets == []
    assert [w["code"] for w in warnings] == ["target_chinese_number_uncertain"]
    assert "一次" in warnings[0]["message"]


def test_the_enrolment_quota_handed_down_is_named_in_a_warning_not_a_target(tasks):
    task = tasks["56"]
    assert 24720 not in [t["value"] for t in task["targets"]]
    (quota,) = target_warnings(task)
    assert quota["code"] == "target_quota_handed_down"
    assert "二季度计划" in quota["message"] and "2.472万人" in quota["message"]


def test_double_high_funds_and_the_upgrade_quota_are_named_in_warnings(tasks):
    # 制定500万元“双高”建设资金分配方案, 逐步实施/完成500万元“双高”工程建设: money describing
    # a plan or a project; 将技能学历双提升3万人的任务数分解至县（市）: a quota handed down (the
    # annual target 累计完成3万人 and its Q4 milestone are the targets).
    task = tasks["57"]
    assert [(t["source_field"], t["value"]) for t in task["targets"]] == [
        ("annual", 13000),
        ("annual", 30000),
        ("Q4", 13000),
        ("Q4", 30000),
    ]
    told = [(w["code"], w["message"][:5]) for w in target_warnings(task)]
    assert told == [
        ("target_money_of_project", "二季度计划"),
        ("target_quota_handed_down", "二季度计划"),
        ("target_money_of_project", "三季度计划"),
        ("target_money_of_project", "四季度计划"),
    ]
    assert all("500万元" in w["message"] for w in target_warnings(task) if "money" in w["code"])
    assert "3万人" in target_warnings(task)[1]["message"]


def test_a_transfer_share_set_by_a_rule_is_named_in_a_warning(tasks):
    # 年度国有资本收益以30%比例调入一般公共预算: the share the new 办法 sets, not a quantity to
    # reach in the second quarter (the third quarter 按比例调入).
    task = tasks["22"]
    assert [t["value"] for t in task["targets"]] == [30000, 30000]
    (share,) = target_warnings(task)
    assert share["code"] == "target_share_rule" and "30%" in share["message"]
    targets, warnings = read(
        "001", "按照中央财政衔接推进乡村振兴补助资金不低于55%用于发展产业的投向"
    )
    assert targets == []
    assert [w["code"] for w in warnings] == ["target_share_rule"]


def test_a_count_in_brackets_is_named_in_a_warning(tasks):
    # （以上为2项改革任务）: counts the documents listed before it; not a milestone of 近10项.
    task = tasks["55"]
    assert 2 not in [t["value"] for t in task["targets"]]
    told = [w for w in task["warnings"] if w["code"] == "target_in_brackets"]
    assert [w["message"][:5] for w in told] == ["二季度计划", "四季度计划"]
    assert all("2项" in w["message"] for w in told)


def test_standards_rewards_scopes_and_history_stay_out_without_a_warning(tasks):
    # 每户奖励20万元, 最高300万元, 每人每天40元, 按照当年缴费金额的10%给予补贴, 80元/人/月,
    # 全州16个县（市）, 涉及资金, 已培育…: clearly not goals of their tasks.
    left_out = ("quota", "money", "share", "brackets", "chinese")
    for number in ("21", "23", "24", "25", "26", "35", "42", "43", "47", "48"):
        codes = [w["code"] for w in target_warnings(tasks[number])]
        assert [c for c in codes if any(word in c for word in left_out)] == [], number


def test_goals_that_were_dropped_silently_are_now_targets():
    cases = [
        ("003", "人均预期寿命76岁", ("人均预期寿命", 76, "岁")),
        ("003", "天然气管道联通71个县", ("天然气管道联通县", 71, "个")),
        ("003", "建成150个乡镇标准化应急救援站", ("建成乡镇标准化应急救援站", 150, "个")),
        ("002", "治理河段长96千米", ("治理河段长", 96, "千米")),
        (
            "004",
            "每年投入不少于5000万元支持全省职业技能大赛活动",
            ("每年投入支持全省职业技能大赛活动", 50000000, "元"),
        ),
        (
            "003",
            "今年将城乡居民基础养老金最低标准由每人每月98元提高到113元",
            ("城乡居民基础养老金最低标准", 113, "元"),
        ),
    ]
    for seed, fragment, expected in cases:
        (target,), warnings = read(seed, fragment)
        assert (target["metric"], target["value"], target["unit"]) == expected, fragment
        assert warnings == [], fragment
    targets, _ = read("003", "改造提升20所标准化养老院、新增护理型床位4000张")
    assert [(t["value"], t["unit"]) for t in targets] == [(20, "所"), (4000, "张")]
    (lawyers,), _ = read("002", '实现平均每个村(社区)至少5名以上的"法律明白人"')
    assert (lawyers["comparator"], lawyers["value"], lawyers["unit"]) == (">=", 5, "名")


def test_ages_and_scopes_of_counties_are_still_not_targets(tasks):
    assert read("000", "全州15—59岁未上学劳动者接受")[0] == []
    assert [t["unit"] for t in tasks["21"]["targets"]].count("个") == 0  # 全州16个县（市）
    assert [t["value"] for t in tasks["26"]["targets"]] == [5316, 5280]  # 其余14个县
