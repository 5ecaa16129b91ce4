"""The indicators reader on the real five-year plans: 贵州省就业创业规划 (004) and
黔西南州衔接规划 (002)."""

from collections import Counter

import pytest

from plans.parsing import NotAPlanError, detect_layout, parse_document
from plans.parsing.indicators import looks_like_indicators, parse_indicators
from tests.conftest import seed_text


def indicator(name, unit, baseline, target, annual, parent=None):
    return {
        "name": name,
        "unit": unit,
        "baseline": baseline,
        "target": target,
        "annual": annual,
        "attribute": "预期性",
        "year": 2025,
        "parent": parent,
    }


def goal(name, unit, target):
    return {
        "name": name,
        "unit": unit,
        "baseline": "",
        "target": target,
        "annual": "",
        "attribute": "",
        "year": 2025,
        "parent": None,
    }


# The reader itself, without the numeric targets parse_document adds to the tasks afterwards.
@pytest.fixture(scope="module")
def employment():
    return parse_indicators(seed_text("004"), source="004_935171beb110d439.txt")


@pytest.fixture(scope="module")
def revival():
    return parse_indicators(seed_text("002"), source="002_0bf83242f8fe72d5.txt")


def tasks_by_number(parse):
    return {task["number"]: task for task in parse["tasks"]}


def codes(warnings):
    return [w["code"] for w in warnings]


def items_per_box(parse):
    return dict(Counter(task["section"] for task in parse["tasks"]))


@pytest.mark.parametrize("prefix", ["002", "004"])
def test_both_five_year_plans_are_recognised_as_the_indicators_layout(prefix):
    assert looks_like_indicators(seed_text(prefix))
    assert detect_layout(seed_text(prefix)) == "indicators"


@pytest.mark.parametrize("prefix", ["000", "001", "003"])
def test_the_other_seed_documents_are_not_taken_for_five_year_plans(prefix):
    assert not looks_like_indicators(seed_text(prefix))


def test_a_plan_table_forced_through_this_reader_is_refused():
    with pytest.raises(NotAPlanError, match="专栏"):
        parse_document(seed_text("000"), layout="indicators")


def test_the_dispatcher_gives_the_same_boxes_and_indicators(employment):
    parse = parse_document(seed_text("004"), source="004_935171beb110d439.txt")
    assert parse["plan"]["layout"] == "indicators"
    assert parse["indicators"] == employment["indicators"]
    assert [t["annual_target"] for t in parse["tasks"]] == [
        t["annual_target"] for t in employment["tasks"]
    ]


def test_the_employment_plan_is_a_provincial_plan_for_2021_to_2025(employment):
    assert employment["plan"] == {
        "title": "贵州省“十四五”促进城乡就业创业规划",
        "level": "province",
        "region": "贵州省",
        "period_start": 2021,
        "period_end": 2025,
        "layout": "indicators",
        "source": "004_935171beb110d439.txt",
    }


def test_the_revival_plan_is_a_prefecture_plan_for_2021_to_2025(revival):
    assert revival["plan"] == {
        "title": '黔西南州"十四五"巩固拓展脱贫攻坚成果同乡村振兴有效衔接规划',
        "level": "prefecture",
        "region": "黔西南州",
        "period_start": 2021,
        "period_end": 2025,
        "layout": "indicators",
        "source": "002_0bf83242f8fe72d5.txt",
    }


def test_every_row_of_the_employment_indicator_table_is_read_with_its_values(employment):
    assert employment["indicators"] == [
        indicator("城镇新增就业人数", "万人", "370.55", "300左右", "60"),
        indicator("失业人员再就业", "万人", "71.95", "65", "13"),
        indicator("就业困难人员再就业", "万人", "38.67", "30", "6"),
        indicator("城镇调查失业率", "%", "6.0左右", "—", "<5.5"),
        indicator("城镇登记失业率", "%", "≤4.2", "—", "<5.0"),
        indicator("高校毕业生创业", "万人", "2.4", "2", "0.4"),
        indicator("劳动人事仲裁调解成功率", "%", "63.36", "≥60", "≥60"),
        indicator("劳动人事争议仲裁结案率", "%", "98.32", "≥90", "≥90"),
        indicator("劳动保障监察举报投诉案件结案率", "%", "100", "96", "96"),
        indicator("职业培训", "万人次", "357.17", "400", "80"),
        indicator("创业培训", "万人次", "18.36", "25", "5", parent="职业培训"),
        indicator("技工院校招生", "万人", "16.86", "15", "3"),
        indicator("技能人才培养", "万人次", "55", "60", "12"),
        indicator("高技能人才培养", "万人次", "15", "15", "3", parent="技能人才培养"),
    ]


def test_the_two_sub_rows_hang_under_the_row_above_them(employment):
    parents = {i["name"]: i["parent"] for i in employment["indicators"] if i["parent"]}
    assert parents == {"创业培训": "职业培训", "高技能人才培养": "技能人才培养"}


def test_spaces_inside_table_numbers_are_removed_with_a_warning(employment):
    messages = [w["message"] for w in employment["warnings"] if w["code"] == "space_in_number"]
    assert messages == [
        "专栏1第175行“300 左右”中的空格已删除：“300左右”。",
        "专栏1第178行“6.0 左右”中的空格已删除：“6.0左右”。",
    ]


def test_the_employment_plan_warns_only_about_spaces(employment):
    assert codes(employment["warnings"]) == [
        "title_space_removed",
        "space_in_number",
        "space_in_number",
        "spaces_removed",
    ]
    assert all(task["warnings"] == [] for task in employment["tasks"])


def test_the_revival_goals_are_read_from_their_sentences(revival):
    assert revival["indicators"] == [
        goal("农产品加工转化率", "%", "70左右"),
        goal("林下经济总产值年均增长速度", "%", "12左右"),
        goal("村集体经济收入50万元以上行政村比重", "%", "15以上"),
        goal("乡村振兴重点帮扶县地区生产总值年均增速高于全省平均水平", "个百分点", "2以上"),
        goal("全州农村自来水普及率", "%", "92以上"),
        goal("农村生活污水治理率", "%", "23以上"),
        goal("有较好基础、条件具备的地区农村居民家庭卫生厕所普及率", "%", "85以上"),
        # The sentence breaks across a page between 农 and 村.
        goal("农村社区综合服务设施覆盖率", "%", "100"),
        goal('农村社区"儿童之家"功能覆盖率', "%", "不低于95"),
        goal("城乡居民收入比", "", "3.0以下"),
        goal(
            "乡村振兴重点帮扶县脱贫人口人均可支配收入增速高于所在县农民收入平均增速",
            "个百分点",
            "2以上",
        ),
    ]


def test_a_goal_figure_that_is_no_target_is_reported_not_dropped(revival):
    unread = [w["message"] for w in revival["warnings"] if w["code"] == "goal_number_unread"]
    assert unread == [
        '主要目标（第176行起）中“全面消除5万元以下的"空壳村"”含有数字，'
        "但读不出指标名称和目标值，未作为指标，请复核。"
    ]
    assert codes(revival["warnings"]) == [
        "title_space_removed",
        "goal_number_unread",
        "spaces_removed",
    ]


def test_goal_sentences_are_read_when_a_plan_has_no_indicator_table():
    lines = seed_text("004").splitlines()
    without_table = "\n".join(line for line in lines[:172] + lines[190:])
    parse = parse_indicators(without_table)
    assert [(i["name"], i["unit"], i["target"], i["parent"]) for i in parse["indicators"]] == [
        ("城镇新增就业", "万人", "300左右", None),
        ("促进失业人员再就业", "万人", "65", "城镇新增就业"),
        ("帮助就业困难人员实现就业", "万人", "30", None),
        ("城镇调查失业率", "%", "5.5以内", None),
        ("城镇登记失业率", "%", "5.0以内", None),
    ]


def test_the_employment_plan_has_nine_boxes_and_27_items(employment):
    boxes = [s for s in employment["sections"] if s["key"].startswith("专栏")]
    assert [(b["key"], b["title"]) for b in boxes] == [
        ("专栏1", "贵州省“十四五”就业创业主要指标"),
        ("专栏2", "脱贫攻坚成果巩固拓展工程"),
        ("专栏3", "易地搬迁劳动力培训就业服务工程"),
        ("专栏4", "高校毕业生就业创业促进工程"),
        ("专栏5", "农村劳动力创业就业促进工程"),
        ("专栏6", "创业创新提质增效工程"),
        ("专栏7", "劳动力素质提升工程"),
        ("专栏8", "就业公共服务能力提升工程"),
        ("专栏9", "劳动关系“和谐同行”能力提升工程"),
    ]
    assert items_per_box(employment) == {
        "专栏2": 2,
        "专栏3": 2,
        "专栏4": 4,
        "专栏5": 4,
        "专栏6": 4,
        "专栏7": 4,
        "专栏8": 5,
        "专栏9": 2,
    }


def test_boxes_sit_in_the_chapter_section_that_holds_them(employment):
    parents = {s["key"]: s["parent"] for s in employment["sections"]}
    assert parents["专栏1"] == "3.3"
    assert parents["专栏2"] == "4.3"
    assert parents["专栏9"] == "4.10"
    assert next(s for s in employment["sections"] if s["key"] == "4.10") == {
        "key": "4.10",
        "numbering": "第十节",
        "title": "构建和谐劳动关系",
        "parent": "4",
    }


def test_an_employment_item_has_its_heading_as_title_and_its_paragraph_as_text(employment):
    task = tasks_by_number(employment)["专栏4-2"]
    assert task == {
        "number": "专栏4-2",
        "section": "专栏4",
        "title": "高校毕业生创业计划",
        "annual_target": "优化创业指导服务，强化能力素质培养，“十四五”期间，全省每年扶持高校毕业生"
        "自主创业4000人，累计扶持2万人。",
        "quarter_plans": {"Q1": "", "Q2": "", "Q3": "", "Q4": ""},
        "lead_units": [],
        "responsible_units": [],
        "remarks": "",
        "warnings": [],
        "targets": [],
    }


def test_an_item_broken_across_a_page_is_rejoined(employment):
    task = tasks_by_number(employment)["专栏8-1"]
    assert task["title"] == "基层就业公共服务队伍建设行动"
    assert task["annual_target"].endswith(
        "省级每年至少组织1次业务培训，市、县两级每年至少开展2次业务培训，"
        "确保“十四五”期间所有基层工作人员轮训一遍。"
    )


def test_the_last_item_of_a_box_ends_where_the_prose_resumes(employment):
    task = tasks_by_number(employment)["专栏4-4"]
    assert task["annual_target"].endswith("“大学生志愿服务西部计划”招募1.2万人。")
    assert "推动农村劳动力转移就业" not in task["annual_target"]


def test_the_revival_plan_has_fourteen_boxes_and_57_items(revival):
    boxes = [s for s in revival["sections"] if s["numbering"].startswith("专栏")]
    assert [b["key"] for b in boxes] == [f"专栏{n}" for n in range(1, 15)]
    assert items_per_box(revival) == {
        "专栏1": 4,
        "专栏2": 6,
        "专栏3": 4,
        "专栏4": 4,
        "专栏5": 4,
        "专栏6": 11,
        "专栏7": 7,
        "专栏8": 5,
        "专栏9": 2,
        "专栏10": 1,
        "专栏11": 1,
        "专栏12": 3,
        "专栏13": 3,
        "专栏14": 2,
    }


def test_a_revival_item_takes_its_lead_phrase_as_title(revival):
    task = tasks_by_number(revival)["专栏1-4"]
    assert task["title"] == "留守儿童关爱体系建设"
    assert task["annual_target"] == (
        '留守儿童关爱体系建设。加强"儿童之家"建设,实现农村社区"儿童之家"功能覆盖率不低于95%。'
        '实施"示范儿童之家"项目,提升"儿童之家"关爱服务水平。'
    )


def test_the_groups_of_box_6_are_kept_as_sections_and_its_items_numbered_through(revival):
    groups = [s for s in revival["sections"] if s["parent"] == "专栏6"]
    assert [(g["key"], g["numbering"], g["title"]) for g in groups] == [
        ("专栏6.1", "（一）", "农村交通基础设施建设"),
        ("专栏6.2", "（二）", "农村交通物流网络基础设施建设"),
        ("专栏6.3", "（三）", "农村水利基础设施网络建设"),
        ("专栏6.4", "（四）", "农村能源基础设施建设"),
        ("专栏6.5", "（五）", "农村信息基础设施建设"),
    ]
    tasks = tasks_by_number(revival)
    assert tasks["专栏6-7"]["annual_target"] == (
        "河流治理工程。实施大田河、麻沙河、那朗河、鲁沟河、秧坝河、长青河、者楼河、庆平河、"
        "平洞河、董木河、八步河、里满河、桑郎河、淌淌河等14条河流河道整治,治理河段长96千米,"
        "保护人口9.02万人,保护耕地面积4.85万亩。"
    )
    # The heading was bold in the source: "**10. 农村电网改造升级行动。**到 2025 年…".
    assert tasks["专栏6-10"]["title"] == "农村电网改造升级行动"
    assert (
        tasks["专栏6-10"]["annual_target"]
        == "农村电网改造升级行动。到2025年,全州农村供电可靠率达到99.82%。"
    )


def test_an_item_listed_over_several_paragraphs_keeps_them_all(revival):
    task = tasks_by_number(revival)["专栏14-2"]
    assert task["title"] == "州级特色田园乡村·乡村振兴集成示范试点(共32个)"
    paragraphs = task["annual_target"].split("\n")
    assert [p[:3] for p in paragraphs] == [
        "兴义市",
        "兴仁市",
        "安龙县",
        "贞丰县",
        "普安县",
        "晴隆县",
        "望谟县",
        "册亨县",
    ]
    assert (
        paragraphs[-1]
        == "册亨县4个。即纳福街道秧庆村上秧庆组、岩架镇板弄村新寨组片区、秧坝镇板用村大板用片区、丫他镇巧洞村大寨片区。"
    )


def test_boxes_without_numbered_items_become_one_flagged_item(revival):
    tasks = tasks_by_number(revival)
    cases = (
        ("专栏10", "教育帮扶行动", 448, 450, "着力提升脱贫地区医疗健康保障水平。以保障"),
        ("专栏11", "医疗健康保障行动", 454, 458, "全面提升脱贫地区住房安全保障水平。建立健"),
    )
    for box, title, line, end, prose in cases:
        task = tasks[f"{box}-1"]
        assert task["title"] == title
        assert task["warnings"] == [
            {
                "code": "box_without_items",
                "message": f"{box}中第{line}行起的文字没有分项编号，已作为一项（以专栏标题为名），"
                "请复核。",
            },
            {
                "code": "box_end_uncertain",
                "message": f"{box}没有分项编号，看不出在哪里结束：已在第{end}行“{prose}…”之前结束，"
                "其后按正文处理，请对照原件复核。",
            },
        ]
    # Box 11 breaks across a page in mid-sentence ("选建一批中心" / "乡镇卫生院").
    assert tasks["专栏11-1"]["annual_target"].startswith(
        "加强乡镇卫生院、社区卫生服务机构和村卫生室规范化建设"
    )
    assert "选建一批中心乡镇卫生院" in tasks["专栏11-1"]["annual_target"]
    flagged = [t["number"] for t in revival["tasks"] if t["warnings"]]
    assert flagged == ["专栏10-1", "专栏11-1"]


def test_revival_chapters_are_read_past_the_damaged_table_of_contents(revival):
    chapters = [s for s in revival["sections"] if s["parent"] is None]
    assert [c["numbering"] for c in chapters] == [f"第{n}章" for n in "一二三四五六七八"]
    assert chapters[3]["title"] == "建立长效机制扎实巩固拓展脱贫攻坚成果"
