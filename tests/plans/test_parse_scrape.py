"""The scrape reader on 003 贵州省2022年《政府工作报告》重点工作责任分工方案 (a damaged web page)."""

from collections import Counter

import pytest

from plans.parsing import NotAPlanError, detect_layout, parse_document
from plans.parsing.scrape import looks_like_scrape, parse_scrape
from tests.conftest import seed_text

EVERY_CITY = "各市〔州〕政府"
MISSING = [75, 78, 82, 86, 89, 91, 94, 95, 98, 102, 103, 106, 107, 111, 115, 116, 118, 121,
           125, 127, 131, 135, 136, 139, 142, 143, 146, 150, 154, 157, 161, 166, 167, 170, 174,
           175, 179, 180, 183, 188, 189, 192, 196, 201, 205, 208, 211, 213, 216]  # fmt: skip
# Each of these is followed by a lost number (or is the last task), so the clause that would
# name its units was never scraped.
UNTIED = [74, 77, 81, 85, 88, 90, 93, 97, 101, 105, 110, 114, 117, 120, 124, 126, 130, 134,
          138, 141, 145, 149, 153, 156, 160, 165, 169, 173, 178, 182, 187, 191, 195, 200, 204,
          207, 210, 212, 215, 218]  # fmt: skip


@pytest.fixture(scope="module")
def parse():
    return parse_scrape(seed_text("003"), source="003")


def task(parse, number):
    (found,) = [t for t in parse["tasks"] if t["number"] == str(number)]
    return found


def codes(warnings):
    return [w["code"] for w in warnings]


def flagged(parse, code):
    return [int(t["number"]) for t in parse["tasks"] if code in codes(t["warnings"])]


# Detection and the plan


def test_only_the_scraped_division_list_looks_like_a_scrape():
    assert [looks_like_scrape(seed_text(p)) for p in ("000", "001", "002", "003", "004")] == [
        False,
        False,
        False,
        True,
        False,
    ]
    assert detect_layout(seed_text("003")) == "scrape"


def test_a_document_that_is_not_a_scrape_is_refused_when_the_scrape_layout_is_forced():
    with pytest.raises(NotAPlanError, match="不像网页抓取的分工方案"):
        parse_document(seed_text("001"), source="001", layout="scrape")


def test_plan_is_the_provinces_division_of_work_for_2022(parse):
    assert parse["plan"] == {
        "title": "2022年《政府工作报告》重点工作责任分工方案",
        "level": "province",
        "region": "贵州省",
        "period_start": 2022,
        "period_end": 2022,
        "layout": "scrape",
        "source": "003",
    }


# Tasks: each once, missing numbers listed


def test_each_of_the_169_scraped_task_numbers_gives_exactly_one_task(parse):
    numbers = [int(t["number"]) for t in parse["tasks"]]
    assert len(numbers) == 169
    assert numbers == sorted(set(numbers))
    assert (numbers[0], numbers[-1]) == (1, 218)


def test_no_task_text_is_repeated(parse):
    texts = Counter(t["annual_target"] for t in parse["tasks"])
    assert texts.most_common(1)[0][1] == 1


def test_numbers_that_never_appear_are_listed_in_the_parse_and_in_a_plan_warning(parse):
    assert parse["missing_numbers"] == MISSING
    (warning,) = [w for w in parse["warnings"] if w["code"] == "numbers_missing"]
    assert "共49条，原文应有1至218条" in warning["message"]
    assert "、".join(map(str, MISSING)) in warning["message"]


def test_tasks_seen_more_than_once_are_merged_and_named_in_a_plan_warning(parse):
    (warning,) = [w for w in parse["warnings"] if w["code"] == "duplicates_merged"]
    assert warning["message"].startswith(
        "抓取文本中有46条任务重复出现（第2、3、4、5、8、9、10、15、"
    )


def test_every_task_has_its_text_as_annual_target_and_no_quarter_plans(parse):
    assert all(t["annual_target"] for t in parse["tasks"])
    assert all(set(t["quarter_plans"].values()) == {""} for t in parse["tasks"])


# Units: the clause before number N belongs to task N-1


def test_first_tasks_take_the_clause_found_before_the_next_number(parse):
    first = [
        (t["annual_target"], t["lead_units"], t["responsible_units"]) for t in parse["tasks"][:3]
    ]
    assert first == [
        (
            "地区生产总值突破2万亿元、增长7%左右，在实际工作中尽可能争取更好结果。",
            ["省发展改革委"],
            ["省有关单位", EVERY_CITY],
        ),
        ("农业增加值增长6%。", ["省农业农村厅"], ["省有关单位", EVERY_CITY]),
        ("规模以上工业增加值增长10%以上。", ["省工业和信息化厅"], ["省能源局", EVERY_CITY]),
    ]


def test_the_clause_right_after_a_text_is_not_taken_when_another_number_follows_it(parse):
    # 55's text is followed by task 16's clause (省教育厅) and then "17."; 18's by task 1's.
    assert task(parse, 55)["lead_units"] == ["省乡村振兴局"]
    assert task(parse, 55)["responsible_units"] == [
        "省发展改革委",
        "省科技厅",
        "省生态环境厅",
        "省住房城乡建设厅",
        "省农业农村厅",
        EVERY_CITY,
    ]
    assert task(parse, 18)["lead_units"] == ["省能源局"]
    assert task(parse, 16)["lead_units"] == ["省教育厅"]


def test_a_long_responsible_list_is_split_with_its_collective_government_kept_whole(parse):
    assert task(parse, 36)["lead_units"] == ["省地方金融监管局", "省财政厅"]
    assert task(parse, 36)["responsible_units"] == [
        "省委军民融合办",
        "省委网信办",
        "省发展改革委",
        "省科技厅",
        "省工业和信息化厅",
        "省生态环境厅",
        "省住房城乡建设厅",
        "省水利厅",
        "省农业农村厅",
        "省商务厅",
        "省文化和旅游厅",
        "省国资委",
        "省能源局",
        "省乡村振兴局",
        "省大数据局",
        "省林业局",
        "人行贵阳中心支行",
        "贵州银保监局",
        "贵州证监局",
        "贵州金控集团",
        EVERY_CITY,
    ]


def test_names_with_he_inside_are_not_cut_and_other_collective_bodies_stay_whole(parse):
    assert task(parse, 49)["responsible_units"] == [
        "省加快推进林下经济高质量发展领导小组成员单位",
        EVERY_CITY,
    ]
    assert task(parse, 148)["responsible_units"] == [
        "省发展改革委",
        "省财政厅",
        "国家粮食和物资储备局贵州局",
        EVERY_CITY,
    ]
    assert task(parse, 22)["responsible_units"][-1] == "有关市〔州〕政府"
    assert task(parse, 24)["lead_units"] == ["省大数据局", "贵阳市政府"]
    assert task(parse, 24)["responsible_units"][-1] == "其他市〔州〕政府"


def test_places_sharing_one_zhengfu_become_one_government_each_with_a_warning(parse):
    assert task(parse, 20)["responsible_units"][-3:] == ["茅台集团", "遵义市政府", "毕节市政府"]
    assert codes(task(parse, 20)["warnings"]) == ["units_shared_suffix"]
    assert task(parse, 80)["responsible_units"][-2:] == ["黔南州政府", "黔西南州政府"]


def test_late_tasks_have_their_texts_and_units(parse):
    late = task(parse, 217)
    assert late["annual_target"] == (
        "大力整治官僚作风。老百姓是我们的亲人，企业家是我们的自己人，要深入基层察实情、解民忧，"
        "对他们的所急所盼要第一时间研究解决，决不允许高高在上、摆官架子。"
    )
    assert (late["lead_units"], late["responsible_units"]) == (
        ["省政府办公厅"],
        ["省有关单位", EVERY_CITY],
    )
    assert task(parse, 206)["lead_units"] == ["省消防救援总队"]
    assert task(parse, 162)["lead_units"] == [
        "省扫黑除恶斗争领导小组办公室",
        "省打击治理电信网络新型违法犯罪领导小组办公室",
    ]


def test_tasks_whose_own_clause_was_lost_have_no_units_and_are_flagged(parse):
    assert flagged(parse, "units_untied") == UNTIED
    for number in UNTIED:
        assert (task(parse, number)["lead_units"], task(parse, number)["responsible_units"]) == (
            [],
            [],
        )


def test_an_untied_task_says_which_clause_follows_it_and_whose_that_clause_is(parse):
    (warning,) = [w for w in task(parse, 88)["warnings"] if w["code"] == "units_untied"]
    assert warning["message"] == (
        "第89条在抓取文本中缺失，本条的单位条款随之丢失；第24行本条正文后紧接"
        "“(牵头单位：省大数据局、省工业和信息化厅，责任单位：省发展改…”，其后是第26条，"
        "该条款属于第25条。本条的牵头单位和责任单位无法确定，请对照原件补录。"
    )


def test_the_clause_of_a_lost_task_is_reported_not_given_to_a_neighbour(parse):
    orphans = [w["message"] for w in parse["warnings"] if w["code"] == "orphan_clause"]
    assert len(orphans) == 39
    assert (
        "第25行的单位条款“(牵头单位：省发展改革委，责任单位：省科技厅、省工业和信息化厅、"
        "省自然资源厅、省…”位于第90条之前，按规律属于第89条，但第89条缺失，未使用。"
    ) in orphans


# Texts: repeated notice chunks and copies that run into other tasks


def test_repeated_chunks_of_the_notice_are_removed_from_task_texts_with_a_warning(parse):
    assert task(parse, 5)["annual_target"] == "一般公共预算收入增长5%左右。"
    assert task(parse, 10)["annual_target"] == "数字经济占地区生产总值比重达到36%左右。"
    assert flagged(parse, "boilerplate_removed") == [5, 10]
    notice = ("发布日期", "来源", "此件公开发布", "省政府办公厅将按季度", "主要负责人要带头抓")
    assert not [t["number"] for t in parse["tasks"] if any(n in t["annual_target"] for n in notice)]


def test_a_copy_running_on_into_a_lost_tasks_sentences_is_not_merged(parse):
    assert task(parse, 26)["annual_target"] == (
        "实施“万企融合”大赋能行动，加快工业互联网平台建设应用，"
        "带动2000户以上实体经济企业和大数据深度融合。"
    )
    assert task(parse, 71)["annual_target"] == "提高惠企政策知晓率。"
    assert flagged(parse, "copies_differ") == [26, 27, 71]
    fragments = [w["message"] for w in parse["warnings"] if w["code"] == "orphan_text"]
    assert [m[m.index("可能属于") :] for m in fragments] == [
        "可能属于缺失的第89条，未归入任何任务。",
        "可能属于缺失的第91条，未归入任何任务。",
        "可能属于缺失的第216条，未归入任何任务。",
    ]
    assert "“推动贵阳贵安融合发展，提高省会首位度。" in fragments[0]


def test_a_text_whose_end_cannot_be_confirmed_keeps_its_sentences_and_is_flagged(parse):
    assert flagged(parse, "text_uncertain") == [215, 218]
    assert task(parse, 218)["annual_target"] == (
        "大力整治弄虚作假。要说实话、办实事、出实绩，不能只报喜不报忧，更不能说假话、做假账、报假数。"
    )


# Headings


def test_headings_are_found_once_each_and_lost_parts_get_untitled_sections(parse):
    sections = [(s["key"], s["numbering"] + s["title"], s["parent"]) for s in parse["sections"]]
    assert sections[:4] == [
        ("1", "一、主要工作目标", None),
        ("1.1", "（一）主要预期目标", "1"),
        ("1.2", "（二）高质量发展主要目标", "1"),
        ("2", "二、集中力量大抓产业，不断增强经济增长动能", None),
    ]
    assert [key for key, _, _ in sections] == [
        "1", "1.1", "1.2", "2", "2.1", "2.2", "2.3", "2.4", "3", "3.1", "3.2", "3.3", "3.4",
        "4", "4.1", "4.2", "4.3", "4.4", "5", "5.1", "5.3", "6", "6.2", "6.4", "7", "7.1",
        "7.2", "7.3", "8", "8.2", "8.3", "8.4", "9", "9.1", "9.2", "9.6", "10", "10.1", "10.2",
    ]  # fmt: skip
    assert ("6", "六、", None) in sections
    assert ("9.6", "（六）扎实办好“十件民生实事”等工作", "9") in sections
    assert codes(parse["warnings"]).count("heading_missing") == 5


def test_tasks_sit_under_the_heading_that_precedes_their_number(parse):
    sections = {int(t["number"]): t["section"] for t in parse["tasks"]}
    assert [sections[n] for n in (1, 9, 18, 22, 40, 44, 73, 112, 130, 163, 194, 209, 218)] == [
        "1.1", "1.2", "2.1", "2.2", "3.1", "3.2", "5.1", "6.2", "7.1", "8.4", "9.6", "10.1",
        "10.2",
    ]  # fmt: skip


def test_tasks_where_a_heading_was_lost_get_only_the_sure_section_and_are_flagged(parse):
    uncertain = {int(t["number"]): t["section"] for t in parse["tasks"]
                 if "section_uncertain" in codes(t["warnings"])}  # fmt: skip
    assert uncertain[74] == "5"  # （二） of 五、 was lost
    assert uncertain[99] is None  # in 五、（三） or in the lost 六、（一）
    assert uncertain[168] == "9"  # （三）-（五） of 九、 were lost
    assert uncertain[147] is None  # in 七、（三） or in the lost 八、（一）
    assert len(uncertain) == 53
