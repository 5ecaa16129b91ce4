"""The table reader on the real 黔东南州 2022 plan (000) and on re-wrapped renderings of it."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plans.parsing import detect_layout, parse_document
from tests.conftest import seed_text

COUNTIES = "各县（市）人民政府"


@pytest.fixture(scope="module")
def parse():
    return parse_document(seed_text("000"), source="000_c5d4690d8c15b8df.txt")


@pytest.fixture(scope="module")
def tasks(parse):
    return {task["number"]: task for task in parse["tasks"]}


def codes(task):
    return [w["code"] for w in task["warnings"]]


def test_the_plan_is_read_as_a_prefecture_table_for_2022(parse):
    assert parse["plan"] == {
        "title": "黔东南州2022年度促进居民增收实施计划表",
        "level": "prefecture",
        "region": "黔东南州",
        "period_start": 2022,
        "period_end": 2022,
        "layout": "table",
        "source": "000_c5d4690d8c15b8df.txt",
    }
    assert detect_layout(seed_text("000")) == "table"


def test_all_64_tasks_are_read_in_order(parse):
    assert [task["number"] for task in parse["tasks"]] == [str(n) for n in range(1, 65)]


def test_three_parts_and_their_sections_nest(parse):
    parts = [s for s in parse["sections"] if s["parent"] is None]
    assert [p["title"] for p in parts] == [
        "大力实施农民增收攻坚行动",
        "大力实施城镇居民增收行动",
        "大力实施劳动力素质提升行动",
    ]
    assert [s["key"] for s in parse["sections"] if s["parent"] == "2"] == [
        "2.1",
        "2.2",
        "2.3",
        "2.4",
    ]
    sub = next(s for s in parse["sections"] if s["key"] == "2.3")
    # This heading sits at a page start, right after a cell, with no blank line before it.
    assert sub["title"] == "提升社会保障水平，增加城镇居民转移性收入"


def test_tasks_fall_into_their_sections(tasks):
    assert tasks["1"]["section"] == "1.1"
    assert tasks["10"]["section"] == "1.2"
    assert tasks["44"]["section"] == "2.2"
    assert tasks["45"]["section"] == "2.3"
    assert tasks["64"]["section"] == "3.3"


def test_task_1_reads_exactly(tasks):
    task = tasks["1"]
    assert task["annual_target"] == (
        "进一步深化对口帮扶城市及黔东南籍务工人员相对集中城市的劳务协作工作，"
        "帮助农村劳动力转移就业9500人以上，确保实现以县为单位农村劳动力组织化程度提高至70%以上，"
        "有效提高农民工工资议价能力和工资待遇。"
    )
    assert task["quarter_plans"] == {
        "Q1": "",
        "Q2": "通过东西部劳务协作帮助农村劳动力转移就业5000人以上，以县为单位农村劳动力组织化程度提高至70%以上。",
        "Q3": "通过东西部劳务协作累计帮助农村劳动力转移就业8000人以上，以县为单位农村劳动力组织化程度提高至70%以上。",
        "Q4": "通过东西部劳务协作累计帮助农村劳动力转移就业9500人以上，以县为单位农村劳动力组织化程度提高至70%以上。",
    }
    assert task["lead_units"] == ["州人力资源社会保障局"]
    assert task["responsible_units"] == ["州乡村振兴局", "州农业农村局", COUNTIES]
    assert task["remarks"] == ""
    assert task["warnings"] == []


def test_task_7_before_the_repeated_header_and_task_8_after_it(tasks):
    assert (
        tasks["7"]["annual_target"]
        == "鼓励黔东南建筑施工企业优先使用本地农村劳动力，力争年底完成0.25万人。"
    )
    assert (
        tasks["7"]["quarter_plans"]["Q4"]
        == "年底前完成农村劳动力在黔东南建筑企业劳务就业0.25万人。"
    )
    assert tasks["7"]["lead_units"] == ["州住房城乡建设局"]
    assert tasks["7"]["responsible_units"] == ["州人力资源社会保障局", COUNTIES]
    assert tasks["8"]["annual_target"].startswith("加大对易地扶贫搬迁群众的就业扶持")
    assert tasks["8"]["responsible_units"] == ["州生态移民局", "州乡村振兴局", COUNTIES]


def test_wrapped_unit_names_are_rejoined(tasks):
    assert tasks["42"]["lead_units"] == ["人行黔东南州中心支行"]
    assert tasks["42"]["responsible_units"] == [
        "黔东南银保监分局",
        "州金融办",
        "州人力资源社会保障局",
        "州财政局",
        COUNTIES,
    ]
    assert tasks["53"]["lead_units"] == ["黔东南州银保监局"]
    assert tasks["12"]["responsible_units"] == [
        "州供销社",
        "州市场监管局",
        "省联社黔东南审计中心",
        "黔东南银保监分局",
        "州金融办",
        "州乡村振兴局",
        COUNTIES,
    ]


def test_task_at_a_page_start_reads_exactly(tasks):
    task = tasks["15"]
    assert task["annual_target"].startswith("开展“万企兴万村”行动")
    assert task["annual_target"].endswith("每年对龙头企业利益联结机制落实情况开展一次专项督查。")
    assert task["quarter_plans"]["Q3"].endswith("征求各成员单位意见后报省农业农村厅审定。")
    assert task["lead_units"] == ["州农业农村局"]
    assert task["responsible_units"] == ["州发展改革委", "州财政局", COUNTIES]


def test_a_number_glued_to_its_text_is_split_off_with_a_warning(tasks):
    task = tasks["31"]
    assert task["annual_target"] == "培育壮大6家农机合作服务组织。"
    assert task["quarter_plans"]["Q2"].startswith("推进乡村振兴补助资金支持专业合作社")
    assert codes(task) == ["number_glued"]


def test_four_cells_on_one_line_are_split_with_a_warning(tasks):
    task = tasks["20"]
    assert task["quarter_plans"] == {
        "Q1": "",
        "Q2": "全州补贴资金发放进度不低于30%。",
        "Q3": "全州补贴资金发放进度不低于60%。",
        "Q4": "全州补贴资金发放进度不低于90%。",
    }
    assert task["lead_units"] == ["州财政局"]
    assert task["responsible_units"] == ["州农业农村局", COUNTIES]
    assert codes(task) == ["cells_on_one_line", "cells_without_blank_line"]


def test_two_quarterly_plans_with_no_blank_line_between_are_split_and_flagged(tasks):
    task = tasks["52"]
    assert task["quarter_plans"]["Q2"] == "每县（市）谋划建设停车场项目1个。"
    assert (
        task["quarter_plans"]["Q3"]
        == "每县（市）开工建设停车场项目1个，全州累计新增公共停车位2000个。"
    )
    assert task["quarter_plans"]["Q4"].startswith(
        "每县（市）开工建设停车场项目1个，全州累计新增公共停车位2500个"
    )
    assert codes(task) == ["cells_without_blank_line"]


def test_quarterly_plans_on_one_line_then_the_next_with_no_blank_line(tasks):
    task = tasks["10"]
    assert task["quarter_plans"]["Q2"] == "全州夏粮达到17万吨以上。"
    assert task["quarter_plans"]["Q3"] == "根据季节时令推进粮油种植生产工作。"
    assert task["quarter_plans"]["Q4"] == (
        "全州秋粮达到117万吨以上，单产提升2%；油菜产量达107公斤/亩，平均产量提升3%。"
    )
    assert codes(task) == ["cells_on_one_line", "cells_without_blank_line"]


def test_lead_and_responsible_units_with_no_blank_line_between(tasks):
    for number, lead, responsible in [
        ("21", "州教育局", ["州财政局", COUNTIES]),
        ("26", "州民政局", ["州财政局", "州发展改革委", "州残联", COUNTIES]),
        ("27", "州民政局", ["州教育局", "共青团黔东南州委", COUNTIES]),
        ("33", "州林业局", ["州金融办", COUNTIES]),
        ("44", "州金融办", ["州财政局", COUNTIES]),
    ]:
        assert tasks[number]["lead_units"] == [lead], number
        assert tasks[number]["responsible_units"] == responsible, number
        table_codes = [c for c in codes(tasks[number]) if not c.startswith("target_")]
        assert table_codes == ["cells_without_blank_line"], number


def test_lead_and_responsible_units_on_one_line(tasks):
    for number in ("56", "57"):
        assert tasks[number]["lead_units"] == ["州教育局"]
        assert tasks[number]["responsible_units"] == [COUNTIES]
        assert codes(tasks[number])[0] == "cells_on_one_line"


def test_quarter_plan_and_lead_unit_with_no_blank_line(tasks):
    task = tasks["51"]
    assert task["quarter_plans"]["Q3"] == "加快100套保障性租赁住房装修工作。"
    assert task["quarter_plans"]["Q4"] == "完成100套保障性租赁住房建设。"
    assert task["lead_units"] == ["州住房城乡建设局"]
    assert task["responsible_units"] == [COUNTIES]


def test_stray_spaces_inside_numbers_are_removed_with_a_warning(tasks):
    assert tasks["60"]["quarter_plans"]["Q2"].startswith("开展职业技能培训1.62万人次；")
    assert tasks["60"]["quarter_plans"]["Q3"].startswith("累计开展职业技能培训3.24万人次；")
    assert tasks["60"]["quarter_plans"]["Q4"].startswith("累计开展职业技能培训3.49万人次；")
    assert codes(tasks["60"]) == ["space_in_number"] * 3
    assert tasks["47"]["annual_target"].startswith(
        "凯里市、麻江县城市低保标准由685元/月调整为705元/月"
    )


def test_every_defect_of_the_document_is_a_warning_on_its_task(tasks, parse):
    flagged = {number: codes(task) for number, task in tasks.items() if task["warnings"]}
    assert flagged == {
        "10": ["cells_on_one_line", "cells_without_blank_line"],
        "12": ["target_year_to_date_not_rising"],
        "17": ["target_unit_inferred", "target_own_amount_shared"],
        "20": ["cells_on_one_line", "cells_without_blank_line"],
        "21": ["cells_without_blank_line", "target_year_to_date_not_rising"],
        "22": ["target_share_rule"],
        "26": ["cells_without_blank_line"],
        "27": ["cells_without_blank_line"],
        "31": ["number_glued"],
        "33": ["cells_without_blank_line"],
        "44": ["cells_without_blank_line"],
        "47": ["space_in_number", "cells_without_blank_line"],
        "49": ["cells_on_one_line", "cells_without_blank_line"],
        "51": [
            "cells_on_one_line",
            "cells_without_blank_line",
            "target_year_to_date_not_rising",
            "target_year_to_date_not_rising",
        ],
        "52": ["cells_without_blank_line"],
        "55": ["target_in_brackets", "target_in_brackets", "target_year_to_date_not_rising"],
        "56": ["cells_on_one_line", "target_quota_handed_down"],
        "57": [
            "cells_on_one_line",
            "target_money_of_project",
            "target_quota_handed_down",
            "target_money_of_project",
            "target_money_of_project",
        ],
        "60": ["space_in_number", "space_in_number", "space_in_number"],
        "62": ["target_year_to_date_not_rising"],
    }
    assert [w["code"] for w in parse["warnings"]] == ["header_repeated"]
    assert all(w["message"] for task in tasks.values() for w in task["warnings"])


def test_the_last_task_reads_exactly(tasks):
    task = tasks["64"]
    assert task["annual_target"] == (
        "推进州、县公共实训基地建设，2022年建成州级公共实训基地并投入运营，力争年底前培训0.1万人次；"
        "推进黎平、丹寨县级公共实训基地建设，支持从江县申报县级公共实训基地建设项目。"
    )
    assert task["quarter_plans"]["Q2"] == task["quarter_plans"]["Q3"]
    assert task["lead_units"] == ["州人力资源社会保障局"]
    assert task["responsible_units"] == ["州发展改革委", COUNTIES]


def test_every_task_has_three_quarterly_plans_and_units(parse):
    for task in parse["tasks"]:
        assert task["annual_target"], task["number"]
        assert all(task["quarter_plans"][q] for q in ("Q2", "Q3", "Q4")), task["number"]
        assert task["quarter_plans"]["Q1"] == ""
        assert len(task["lead_units"]) == 1, task["number"]
        assert task["responsible_units"], task["number"]


# Re-wrapping: render the parse back into the document's layout at other column widths,
# with page breaks (repeated header, leading space) and the document's own defects, and
# read it again. The reader must not depend on where the lines happen to wrap.

HEADER = "序号 年度目标任务 二季度计划 三季度计划 四季度计划 牵头单位 责任单位 备注"


def wrap(text, width):
    return [text[i : i + width] for i in range(0, len(text), width)] or [""]


def render(parse, widths, page_every, glue_number, glue_units):
    lines = [parse["plan"]["title"], HEADER, ""]
    sections = {s["key"]: s for s in parse["sections"]}
    current = None
    for index, task in enumerate(parse["tasks"]):
        if task["section"] != current:
            section = sections[task["section"]]
            if section["parent"] and (current or "").split(".")[0] != section["parent"]:
                parent = sections[section["parent"]]
                lines += [parent["numbering"] + parent["title"], ""]
            lines += [section["numbering"] + section["title"], ""]
            current = task["section"]
        page_start = index % page_every == page_every - 1
        if page_start:
            lines.append(" " + HEADER)
        cells = [
            task["annual_target"],
            task["quarter_plans"]["Q2"],
            task["quarter_plans"]["Q3"],
            task["quarter_plans"]["Q4"],
        ]
        units = ["、".join(task["lead_units"]), "、".join(task["responsible_units"])]
        wrapped = [wrap(cell, width) for cell, width in zip(cells, widths[:4], strict=True)]
        number = (" " if page_start else "") + task["number"]
        if glue_number:
            wrapped[0][0] = f"{number} {wrapped[0][0]}"
        else:
            lines += [number, ""]
        for block in wrapped:
            lines += block + [""]
        lead, responsible = wrap(units[0], widths[4]), wrap(units[1], widths[5])
        lines += lead + ([] if glue_units else [""]) + responsible + [""]
    return "\n".join(lines)


def content(parse):
    fields = (
        "number",
        "section",
        "annual_target",
        "quarter_plans",
        "lead_units",
        "responsible_units",
        "remarks",
    )
    return [{f: task[f] for f in fields} for task in parse["tasks"]]


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    widths=st.tuples(
        st.integers(8, 40),
        st.integers(8, 40),
        st.integers(8, 40),
        st.integers(8, 40),
        st.integers(4, 12),
        st.integers(6, 16),
    ),
    page_every=st.integers(3, 12),
    glue_number=st.booleans(),
    glue_units=st.booleans(),
)
def test_rewrapping_the_cells_at_other_widths_gives_the_same_parse(
    parse, widths, page_every, glue_number, glue_units
):
    text = render(parse, widths, page_every, glue_number, glue_units)
    again = parse_document(text, source="rewrapped")
    assert content(again) == content(parse)
    assert [(s["key"], s["title"]) for s in again["sections"]] == [
        (s["key"], s["title"]) for s in parse["sections"]
    ]


def test_warnings_name_the_line_of_the_source_file(tasks, parse):
    lines = seed_text("000").splitlines()
    assert parse["warnings"][0]["message"].startswith("第222行：表头在换页处重复")
    assert lines[222 - 1].strip().startswith("序号")
    message = tasks["31"]["warnings"][0]["message"]
    assert "第948行" in message
    assert lines[948 - 1].strip().startswith("31 培育壮大6家农机合作服务组织")
