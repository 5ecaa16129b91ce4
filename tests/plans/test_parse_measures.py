"""The measures reader on 001 册亨县促进居民增收三年行动方案(2022-2024)."""

import json
from collections import Counter

import pytest

from plans.parsing import detect_layout, parse_document
from plans.parsing.measures import looks_like_measures, parse_measures
from tests.conftest import seed_text

TOWNSHIPS_2 = "各乡(镇、街道)"
TOWNSHIPS_3 = "各乡镇〈街道〉人民政府〈办事处〉"


@pytest.fixture(scope="module")
def parse():
    return parse_measures(seed_text("001"), source="001")


def task(parse, number):
    (found,) = [t for t in parse["tasks"] if t["number"] == number]
    return found


def codes(warnings):
    return [w["code"] for w in warnings]


def indicator(parse, name, year):
    (found,) = [i for i in parse["indicators"] if i["name"] == name and i["year"] == year]
    return found


# The plan


def test_plan_is_the_county_plan_of_cehengxian_for_2022_to_2024(parse):
    assert parse["plan"] == {
        "title": "册亨县促进居民增收三年行动方案(2022-2024)",
        "level": "county",
        "region": "册亨县",
        "period_start": 2022,
        "period_end": 2024,
        "layout": "measures",
        "source": "001",
        "reporting_deadlines": {"Q1": "03-18", "Q2": "06-18", "Q3": "09-18", "Q4": "12-18"},
    }


def test_plan_warnings_are_the_missing_measure_the_township_note_and_the_deadline_scope(parse):
    assert codes(parse["warnings"]) == [
        "number_gap",
        "units_added_by_note",
        "reporting_deadlines_from_attachments",
    ]
    assert parse["warnings"][0]["message"] == (
        "附件2“强化攻坚保障”第256行：措施序号从36跳到38，缺少37。"
    )
    assert "见于附件3、附件4" in parse["warnings"][2]["message"]


def test_the_parse_is_plain_json(parse):
    assert json.loads(json.dumps(parse, ensure_ascii=False)) == parse


# Sections and measures


def test_each_appendix_has_its_count_of_measures(parse):
    per_appendix = Counter(t["number"].split("-")[0] for t in parse["tasks"])
    assert per_appendix == {"2": 37, "3": 22, "4": 9}


def test_measures_are_counted_under_their_headings(parse):
    assert Counter(t["section"] for t in parse["tasks"]) == {
        "附件2.1": 9,
        "附件2.2": 10,
        "附件2.3": 8,
        "附件2.4": 7,
        "附件2.5": 3,
        "附件3.2.1": 5,
        "附件3.2.2": 5,
        "附件3.2.3": 9,
        "附件3.2.4": 3,
        "附件4.2.1": 4,
        "附件4.2.2": 3,
        "附件4.2.3": 2,
    }


def test_task_numbers_are_unique_and_keep_the_source_numbering_with_its_gap(parse):
    numbers = [t["number"] for t in parse["tasks"]]
    assert len(set(numbers)) == len(numbers) == 68
    assert [n for n in numbers if n.startswith("2-")] == [f"2-{i}" for i in [*range(1, 37), 38]]
    assert numbers[-1] == "4-9"


def test_appendices_are_top_level_sections_with_their_headings_nested(parse):
    sections = {s["key"]: s for s in parse["sections"]}
    assert len(sections) == len(parse["sections"]) == 29
    assert [s["key"] for s in parse["sections"] if s["parent"] is None] == [
        "附件2",
        "附件3",
        "附件4",
    ]
    assert sections["附件2"] == {
        "key": "附件2",
        "numbering": "附件2",
        "title": "册亨县促进农民增收三年攻坚行动方案(2022-2024年)",
        "parent": None,
    }
    assert sections["附件2.4"] == {
        "key": "附件2.4",
        "numbering": "四、",
        "title": "增加农民财产性收入",
        "parent": "附件2",
    }
    assert sections["附件3.2.3"] == {
        "key": "附件3.2.3",
        "numbering": "（三）",
        "title": "增加城镇居民转移性收入",
        "parent": "附件3.2",
    }
    assert sections["附件4"]["title"] == "册亨县促进劳动力素质提升三年行动方案(2022—2024年)"
    assert sections["附件4.3.3"]["title"] == "强化通报机制"


def test_first_measure_keeps_its_text_units_and_the_township_note(parse):
    first = task(parse, "2-1")
    assert first["section"] == "附件2.1"
    assert first["title"] == "深化东西部劳务协作促增收"
    assert first["annual_target"].startswith("深化东西部劳务协作促增收。深化协作关系,用好稳岗协议,")
    assert first["annual_target"].endswith(
        "强化就业服务和稳岗政策支持,确保全县脱贫劳动力就业稳定在1万人以上。"
    )
    assert "责任单位" not in first["annual_target"]
    assert first["responsible_units"] == ["县人社局", "县乡村振兴局", "县农业农村局", TOWNSHIPS_2]
    assert first["lead_units"] == ["县人社局"]
    assert first["remarks"] == "各项措施责任单位均包括各乡(镇、街道),以下不再列出"
    assert first["quarter_plans"] == {"Q1": "", "Q2": "", "Q3": "", "Q4": ""}


def test_township_note_of_measure_2_1_adds_townships_to_the_later_measures_of_appendix_2(parse):
    appendix_2 = [t for t in parse["tasks"] if t["number"].startswith("2-")]
    safeguards = ("2-35", "2-36", "2-38")  # no unit clause: the note does not reach them
    assert all(
        t["responsible_units"][-1] == TOWNSHIPS_2
        for t in appendix_2
        if t["number"] not in safeguards
    )
    assert task(parse, "2-2")["responsible_units"] == [
        "县农业农村局",
        "县交运局",
        "县水务局",
        "县文体广电旅游局",
        "县林业局",
        "县发改局",
        TOWNSHIPS_2,
    ]
    others = [t for t in parse["tasks"] if not t["number"].startswith("2-")]
    assert not any(TOWNSHIPS_2 in t["responsible_units"] for t in others)


def test_middle_measure_of_appendix_3_lists_banks_and_collective_units_as_written(parse):
    measure = task(parse, "3-8")
    assert measure["section"] == "附件3.2.2"
    assert measure["title"] == ""
    assert measure["annual_target"] == (
        "对满足吸纳就业人数的小微企业,可申请最高300万元创业担保贷款。对合伙或组织创业的经营实体、"
        "小微企业,可按照吸纳就业人员数量给予人均最高20万元信贷支持。每年创业担保贷款发放总额不低于"
        "2000万元。落实创业担保贷款贴息政策,组织申报普惠金融发展专项资金,鼓励金融机构结合自身实际"
        "积极开展对小微企业、个体工商户“随借随还”金融服务。"
    )
    assert measure["responsible_units"] == [
        "县人社局",
        "县财政局",
        "县金融服务中心",
        "人民银行册亨支行",
        "银保监册亨监管组",
        "各金融机构",
        TOWNSHIPS_3,
    ]
    assert measure["lead_units"] == ["县人社局"]


def test_unit_names_keep_their_brackets_and_typos_and_drop_a_trailing_deng(parse):
    assert task(parse, "2-3")["responsible_units"][3] == "各项目实施部门"
    assert task(parse, "2-33")["responsible_units"][:3] == [
        "县林业局",
        "县金融服务中心",
        "人行册亨县支行",
    ]
    assert task(parse, "2-12")["responsible_units"][3:6] == [
        "银保监册亨监管组",
        "人保财险公司",
        "县农商行",
    ]


def test_measure_named_by_a_short_first_sentence_gets_that_name_as_title(parse):
    assert task(parse, "3-9")["title"] == "支持企业上规入统"
    assert task(parse, "3-9")["annual_target"].startswith("支持企业上规入统。对新增规上工业企业,")
    assert task(parse, "3-18")["title"] == ""


def test_last_measure_of_appendix_4_has_its_exact_text_and_units(parse):
    last = task(parse, "4-9")
    assert last["section"] == "附件4.2.3"
    assert last["annual_target"] == (
        "推进省、州、县“三级”公共实训基地建设,逐步形成工业主导型、农业主导型、服务业主导型、综合型"
        "“四类”培训基础平台;积极争取公共实训基地建设项目在册亨落地。"
    )
    assert last["responsible_units"] == [
        "县人社局",
        "县发改局",
        "县工科局",
        "县农业农村局",
        "县文体广电旅游局",
        "各国有企业",
        TOWNSHIPS_3,
    ]
    assert last["lead_units"] == ["县人社局"]


def test_measures_that_name_only_responsible_units_take_the_first_as_lead_and_are_flagged(parse):
    only_responsible = [t for t in parse["tasks"] if "no_lead_unit" in codes(t["warnings"])]
    assert len(only_responsible) == 64
    for measure in only_responsible:
        assert measure["lead_units"] == measure["responsible_units"][:1]
    (warning,) = [w for w in task(parse, "4-8")["warnings"] if w["code"] == "no_lead_unit"]
    assert warning["message"] == (
        "文件未写明牵头单位；暂以所列第一个责任单位“县教育局”为牵头单位（所列单位均为责任单位），请复核。"
    )


def test_measure_with_a_blank_lead_unit_clause_is_flagged_with_a_provisional_lead(parse):
    measure = task(parse, "3-11")
    assert measure["annual_target"] == (
        "按照全省统一部署,落实退休人员基本养老金的调整办法,按时足额发放退休人员基本养老金,不错发不漏发。"
    )
    assert measure["lead_units"] == ["县人社局"]
    assert measure["responsible_units"] == ["县人社局", "县财政局", TOWNSHIPS_3]
    assert codes(measure["warnings"]) == ["lead_unit_blank"]


def test_measure_whose_clause_names_its_lead_unit_gets_it_without_warning():
    text = seed_text("001").replace(
        "(牵头单位:责任单位:县人社局、县财政局等,", "(牵头单位:县人社局;责任单位:县财政局等,"
    )
    measure = task(parse_measures(text), "3-11")
    assert measure["lead_units"] == ["县人社局"]
    assert measure["responsible_units"] == ["县财政局", TOWNSHIPS_3]
    assert measure["warnings"] == []


def test_measures_without_a_unit_clause_have_no_lead_and_are_flagged(parse):
    for number in ("2-35", "2-36", "2-38"):
        measure = task(parse, number)
        assert measure["lead_units"] == []
        assert measure["responsible_units"] == []
        assert codes(measure["warnings"]) == ["no_unit_clause"]
    assert task(parse, "2-38")["annual_target"].startswith("强化宣传引导。加大宣传推广力度,")


def test_stray_space_inside_a_number_is_removed_with_a_warning(parse):
    measure = task(parse, "2-25")
    assert "由每人每月103元提高至118元" in measure["annual_target"]
    assert codes(measure["warnings"]) == ["space_in_number", "no_lead_unit"]
    assert "“每人每月103 元提高至”" in measure["warnings"][0]["message"]


def test_only_the_expected_measures_carry_warnings_other_than_no_lead_unit(parse):
    flagged = {
        t["number"]: codes(t["warnings"])
        for t in parse["tasks"]
        if set(codes(t["warnings"])) - {"no_lead_unit"}
    }
    assert flagged == {
        "2-25": ["space_in_number", "no_lead_unit"],
        "2-35": ["no_unit_clause"],
        "2-36": ["no_unit_clause"],
        "2-38": ["no_unit_clause"],
        "3-11": ["lead_unit_blank"],
    }


# Indicators


def test_headline_targets_are_indicators_due_in_2024(parse):
    assert parse["indicators"][:5] == [
        {"name": "城镇常住居民人均可支配收入年均增长", "unit": "%", "baseline": "", "target": "",
         "annual": "10左右", "attribute": "", "year": 2024, "parent": None},
        {"name": "农村常住居民人均可支配收入年均增长", "unit": "%", "baseline": "", "target": "",
         "annual": "12以上", "attribute": "", "year": 2024, "parent": None},
        {"name": "城镇常住居民人均可支配收入", "unit": "元", "baseline": "", "target": "48594.8",
         "annual": "", "attribute": "", "year": 2024, "parent": None},
        {"name": "农村常住居民人均可支配收入", "unit": "元", "baseline": "", "target": "15561",
         "annual": "", "attribute": "", "year": 2024, "parent": None},
        {"name": "城乡居民收入比", "unit": "", "baseline": "", "target": "2.8左右",
         "annual": "", "attribute": "", "year": 2024, "parent": None},
    ]  # fmt: skip


def test_appendix_1_gives_one_indicator_per_year_population_and_income_column(parse):
    table = parse["indicators"][5:50]
    assert Counter(i["year"] for i in table) == {2022: 15, 2023: 15, 2024: 15}
    assert table[0] == {
        "name": "城镇常住居民工资性收入增速", "unit": "%", "baseline": "", "target": "10",
        "annual": "", "attribute": "", "year": 2022, "parent": None,
    }  # fmt: skip
    assert indicator(parse, "城镇常住居民经营性收入增速", 2022)["target"] == "25"
    assert indicator(parse, "农村常住居民工资性收入增速", 2023)["target"] == "20"
    assert indicator(parse, "农村常住居民转移性收入增速", 2023)["target"] == "正增长"
    assert indicator(parse, "农村常住居民四项收入合计增速", 2024)["target"] == "12"
    assert indicator(parse, "脱贫人口经营性收入增速", 2024)["target"] == "13"
    assert table[-1]["name"] == "脱贫人口四项收入合计增速"
    assert (table[-1]["target"], table[-1]["year"]) == ("16", 2024)


def test_goals_restated_in_the_appendices_are_tied_not_repeated_and_appendix_4_adds_its_own(parse):
    assert len(parse["indicators"]) == 51
    names = [(i["name"], i["year"]) for i in parse["indicators"]]
    assert len(set(names)) == len(names)
    assert parse["indicators"][-1] == {
        "name": "劳动力素质提升培训", "unit": "人次", "baseline": "", "target": "17000",
        "annual": "", "attribute": "", "year": 2024, "parent": None,
    }  # fmt: skip


def test_a_goal_restated_with_another_value_is_flagged():
    text = seed_text("001").replace("年均增长12%以上。根据", "年均增长13%以上。根据")
    warnings = parse_measures(text)["warnings"]
    assert "goal_differs" in codes(warnings)
    assert (
        indicator(parse_measures(text), "农村常住居民人均可支配收入年均增长", 2024)["annual"]
        == "12以上"
    )


# Bodies


def test_leading_group_and_its_three_task_forces_with_their_office_hosts(parse):
    group = "册亨县促进居民增收三年行动工作领导小组"
    assert parse["bodies"] == [
        {"name": group, "kind": "leading_group", "office_host": "县发改局", "parent": None,
         "leader": "刘 洁 县委副书记、县人民政府县长"},
        {"name": "农民增收攻坚行动工作专班", "kind": "task_force", "office_host": "县农业农村局",
         "parent": group, "leader": "王国杰 县委常委、县政府副县长"},
        {"name": "城镇居民增收行动工作专班", "kind": "task_force", "office_host": "县人社局",
         "parent": group, "leader": "李尚成 县委常委、县政府常务副县长"},
        {"name": "劳动力素质提升行动工作专班", "kind": "task_force", "office_host": "县人社局",
         "parent": group, "leader": "李尚成 县委常委、县政府常务副县长"},
    ]  # fmt: skip


# Defects the reader must notice


def test_a_lost_appendix_heading_is_reported_and_its_measures_kept():
    lines = seed_text("001").splitlines()
    lines.remove("附件3")
    parsed = parse_measures("\n".join(lines))
    assert "attachment_missing" in codes(parsed["warnings"])
    assert codes(parsed["warnings"]).count("number_out_of_order") == 22
    assert len(parsed["tasks"]) == 68
    numbers = [t["number"] for t in parsed["tasks"]]
    assert len(set(numbers)) == 68 and "2-1#" in numbers
    keys = [s["key"] for s in parsed["sections"]]
    assert len(set(keys)) == len(keys)


def test_differing_reporting_deadlines_are_flagged():
    text = seed_text("001").replace("分别于3月18日、6月18日", "分别于3月20日、6月18日", 1)
    parsed = parse_measures(text)
    assert parsed["plan"]["reporting_deadlines"]["Q1"] == "03-20"
    assert "reporting_deadlines_differ" in codes(parsed["warnings"])


# Detection


def test_only_the_county_action_plan_looks_like_measures():
    assert [looks_like_measures(seed_text(p)) for p in ("000", "001", "002", "003", "004")] == [
        False,
        True,
        False,
        False,
        False,
    ]


def test_the_county_action_plan_is_detected_and_parsed_as_measures():
    assert detect_layout(seed_text("001")) == "measures"
    parsed = parse_document(seed_text("001"), source="001")
    assert parsed["plan"]["layout"] == "measures"
    assert all(isinstance(t["targets"], list) for t in parsed["tasks"])


def test_a_document_without_appendices_is_refused():
    with pytest.raises(ValueError, match="未找到附件"):
        parse_measures(seed_text("004"))
