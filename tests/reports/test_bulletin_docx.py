"""The bulletin (通报) as a 公文 (.docx), made from real reports of the 000 plan for 2022Q3 and
from the 001 county plan, read back with python-docx: the 版头 (red office mark, 文号, red
line), title, 主送, every figure of the body against the stored snapshot, the attachment
tables cell by cell, the signature and date, fonts and the GB/T 9704 page."""

import datetime
import io
import re

import pytest
import time_machine
from docx import Document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from lxml import etree

from reports import rules, selectors
from reports.bulletin_docx import bulletin_document
from reports.bulletin_docx.body import chinese_number
from reports.bulletin_docx.document import title_lines
from reports.bulletin_templates import bulletin_template_of
from reports.bulletin_xlsx.sheets import LAGGING_OR_MISSING, task_text
from reports.snapshots import snapshot_compute
from tests.reports.q3 import ON_TIME, SHANGHAI, annual_ids, q3_reports, report, task

pytestmark = pytest.mark.django_db
COMPUTED = datetime.datetime(2022, 9, 25, 9, 30, tzinfo=SHANGHAI)
OFFICE = "黔东南州促进居民增收工作领导小组办公室"
NUMBER = "黔东南增收办〔2022〕3号"
TITLE = "关于黔东南州促进居民增收工作2022年第三季度推进情况的通报"
RECIPIENTS = "各县（市）人民政府，州直有关部门："
PLAN_NAME = "《黔东南州2022年度促进居民增收实施计划》"


@pytest.fixture
def snapshot(plan_000, period_q3, alice, bob, carol):
    q3_reports(plan_000, period_q3, alice, bob, carol)
    with time_machine.travel(COMPUTED, tick=False):
        snapshot_compute(plan=plan_000, period=period_q3)
    return selectors.latest_snapshot(plan_000, period_q3)


def read(data):
    return Document(io.BytesIO(data))


@pytest.fixture
def doc(snapshot, plan_000):
    return read(bulletin_document(snapshot, bulletin_template_of(plan_000), NUMBER))


def texts(doc):
    return [p.text for p in doc.paragraphs]


def mm(length):
    """A length stored in twips, in millimetres to a tenth."""
    return round(length / Mm(1), 1)


def body_of(doc):
    """The paragraphs between the 主送 and the 附件 note (the body, opening to closing)."""
    paragraphs = doc.paragraphs
    start = next(i for i, p in enumerate(paragraphs) if p.text.endswith("有关部门：")) + 1
    end = next(i for i, p in enumerate(paragraphs) if p.text.startswith("附件："))
    return [p for p in paragraphs[start:end] if p.text]


def east_asian(run):
    fonts = run._r.rPr.find(qn("w:rFonts"))
    return fonts.get(qn("w:eastAsia"))


def sentence_with(doc, start):
    return next(p.text for p in body_of(doc) if p.text.startswith(start))


def test_the_head_has_the_red_office_mark_the_number_and_a_red_line(doc):
    mark, number = doc.paragraphs[0], next(p for p in doc.paragraphs if p.text == NUMBER)
    assert mark.text == OFFICE
    (run,) = mark.runs
    assert str(run.font.color.rgb) == "FF0000"
    assert east_asian(run) == "方正小标宋简体"
    assert mm(mark.paragraph_format.space_before) == 35  # below the top of the 版心
    # The name is narrowed to fit one line of the 156 mm 版心.
    scale = int(run._r.rPr.find(qn("w:w")).get(qn("w:val")))
    assert run.font.size.pt * len(OFFICE) * scale / 100 <= 442
    assert texts(doc)[1:3] == ["", ""]  # the 文号 two lines below the mark
    line = number._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom"))
    assert (line.get(qn("w:color")), line.get(qn("w:val"))) == ("FF0000", "single")
    assert int(line.get(qn("w:space"))) == 11  # 4 mm under the 文号
    assert east_asian(number.runs[0]) == "仿宋_GB2312"
    assert number.runs[0].font.size == Pt(16)


def test_the_title_and_recipients_follow_the_red_line(doc):
    paragraphs = texts(doc)
    number_at = paragraphs.index(NUMBER)
    title = doc.paragraphs[number_at + 3]
    assert paragraphs[number_at + 1 : number_at + 3] == ["", ""]
    # Broken after the work's name: two lines, the upper one no longer (梯形).
    assert title.text == "关于黔东南州促进居民增收工作\n2022年第三季度推进情况的通报"
    assert title.text.replace("\n", "") == TITLE
    assert {east_asian(r) for r in title.runs} == {"方正小标宋简体"}
    assert {r.font.size for r in title.runs} == {Pt(22)}
    assert paragraphs[number_at + 4 : number_at + 6] == ["", RECIPIENTS]
    recipients = doc.paragraphs[number_at + 5]
    assert recipients.paragraph_format.first_line_indent is None  # flush left


def test_the_overall_paragraph_states_the_snapshots_counts_and_means(doc, snapshot):
    s = snapshot
    assert (s.tasks, s.completed, s.on_schedule, s.lagging, s.not_reported) == (64, 1, 2, 1, 60)
    assert sentence_with(doc, PLAN_NAME) == (
        f"{PLAN_NAME}共有任务{s.tasks}项。截至2022年9月25日，已完成{s.completed}项，"
        f"序时推进{s.on_schedule}项，滞后{s.lagging}项，未报送{s.not_reported}项；"
        f"亮绿灯{s.green}项、黄灯{s.yellow}项、红灯{s.red}项。"
    )
    assert s.all_reported
    assert sentence_with(doc, "全部任务平均完成率") == (
        f"全部任务平均完成率为{rules.percent_text(s.completion)}"
        "（截止日后未报送或报告被退回的任务按0计），"
        f"平均序时进度为{rules.percent_text(s.expected)}，总体低于序时进度。"
    )


def test_reporting_names_the_units_late_and_missing_with_their_counts(doc, snapshot):
    s = snapshot
    assert sentence_with(doc, "本期应报送") == (
        f"本期应报送进展报告{s.expected_reports}份，已报送{s.submitted_reports}份"
        f"（其中按时报送{s.on_time_reports}份、逾期报送{s.late_reports}份），"
        f"未报送{s.missing_reports}份；报送率{rules.percent_text(s.reporting_rate)}，"
        f"按时报送率{rules.percent_text(s.on_time_rate)}。"
    )
    assert sentence_with(doc, "逾期报送的") == "逾期报送的牵头单位：州财政局（1份）。"
    missing = sentence_with(doc, "未报送的牵头单位")
    for u in selectors.unit_rows(snapshot, "lead"):
        assert (f"{u.unit.name}（{u.missing_reports}份）" in missing) == bool(u.missing_reports)
    counties = sentence_with(doc, "未报送的县（市）")
    assert "凯里市人民政府（63份）" in counties
    assert counties.count("人民政府（64份）") == 15


def test_lead_units_are_ranked_first_three_and_last_three_with_their_figures(doc, snapshot):
    leads = list(selectors.unit_rows(snapshot, "lead"))

    def named(u):
        return (
            f"{u.unit.name}（平均完成率{rules.percent_text(u.completion)}，"
            f"按时报送率{rules.percent_text(u.on_time_rate)}）"
        )

    assert sentence_with(doc, f"{len(leads)}个牵头单位") == (
        f"{len(leads)}个牵头单位按平均完成率排名（完成率相同的依次按按时报送率、单位名称排列），"
        f"排名前三的是{'、'.join(named(u) for u in leads[:3])}；"
        f"排名后三位的是{'、'.join(named(u) for u in leads[-3:])}。"
    )
    assert leads[0].unit.name == "州财政局"


def test_counties_are_compared(doc, snapshot):
    counties = list(selectors.unit_rows(snapshot, "county"))
    text = sentence_with(doc, "作为责任单位的")
    assert text.startswith(f"作为责任单位的{len(counties)}个县（市）按平均完成率排名，排名前三的是")
    kaili = counties[0]
    assert kaili.unit.name == "凯里市人民政府"
    assert (
        f"凯里市人民政府（平均完成率{rules.percent_text(kaili.completion)}，"
        f"报送率{rules.percent_text(kaili.reporting_rate)}）" in text
    )
    assert "一、总体推进情况" in texts(doc) and "四、各县（市）推进情况" in [
        p.text for p in body_of(doc)
    ]


def test_each_lagging_task_is_named_with_its_lead_unit_figures_and_problems(doc, snapshot):
    lagging = [r for r in selectors.task_rows(snapshot) if r.status == rules.LAGGING]
    assert len(lagging) == snapshot.lagging == 1
    (row,) = lagging
    item = next(p for p in body_of(doc) if p.text.startswith("（一）第1项任务"))
    assert item.text == (
        "（一）第1项任务（牵头单位：州人力资源社会保障局）。"
        f"年度目标任务：{task_text(row.task).rstrip('。')}。"
        "完成率90%，低于序时进度92.1%（差2.1个百分点），亮黄灯。"
        "存在问题：@外出务工需求下降。"
    )
    assert row.reason in item.text
    lead, rest = item.runs[0], item.runs[1]
    assert (lead.text, east_asian(lead)) == (
        "（一）第1项任务（牵头单位：州人力资源社会保障局）。",
        "楷体_GB2312",
    )
    assert east_asian(rest) == "仿宋_GB2312"
    assert sentence_with(doc, "截至2022年9月25日仍未报送") == (
        f"截至2022年9月25日仍未报送进展的任务{snapshot.not_reported}项，连同滞后任务列入附件1。"
    )


def test_headings_requirements_closing_attachments_signature_and_date(doc, snapshot):
    body = body_of(doc)
    headings = [p.text for p in body if p.runs and east_asian(p.runs[0]) == "黑体"]
    assert headings == [
        "一、总体推进情况",
        "二、报送情况",
        "三、牵头单位推进情况",
        "四、各县（市）推进情况",
        "五、滞后任务及存在问题",
        "六、下一步工作要求",
    ]
    assert body[0].text.startswith(f"为推动{PLAN_NAME}各项任务落地见效")
    assert body[0].text.endswith("现将2022年第三季度推进情况通报如下。")
    assert body[-1].text == "特此通报。"
    paragraphs = texts(doc)
    note = paragraphs.index("附件：1．滞后和未报送任务清单")
    assert paragraphs[note + 1 : note + 3] == [
        "2．牵头单位推进情况排名",
        "3．各县（市）推进情况比较",
    ]
    assert paragraphs[note + 3 : note + 7] == ["", "", OFFICE, "2022年9月25日"]
    name, date = doc.paragraphs[note + 5], doc.paragraphs[note + 6]
    # The name is longer than the date: two characters from the right, the date under its
    # middle (GB/T 9704 7.3.5).
    assert name.alignment == date.alignment == 2  # right
    assert name.paragraph_format.right_indent < date.paragraph_format.right_indent
    assert paragraphs[-1] == f"\u3000{OFFICE}\t2022年9月25日印发"  # the 版记


def test_every_body_paragraph_is_sanfang_three_and_two_characters_in(doc):
    fonts = {"仿宋_GB2312", "黑体", "楷体_GB2312"}
    for paragraph in body_of(doc):
        assert paragraph.paragraph_format.first_line_indent is not None, paragraph.text
        for run in paragraph.runs:
            assert east_asian(run) in fonts
            assert run.font.size == Pt(16)
            fonts_element = run._r.rPr.find(qn("w:rFonts"))
            assert fonts_element.get(qn("w:ascii")) == east_asian(run)


def rows_of(table):
    return [[cell.text for cell in row.cells] for row in table.rows]


def test_the_attachment_tables_hold_the_snapshots_rows_cell_by_cell(doc, snapshot):
    assert len(doc.tables) == 3
    lagging, ranking, counties = (rows_of(t) for t in doc.tables)
    assert lagging[0] == [
        "序号",
        "年度目标任务",
        "牵头单位",
        "序时进度",
        "完成率",
        "状态",
        "存在问题",
    ]
    wanted = [r for r in selectors.task_rows(snapshot) if r.status in LAGGING_OR_MISSING]
    assert len(lagging) - 1 == len(wanted) == snapshot.lagging + snapshot.not_reported == 61
    for cells, r in zip(lagging[1:], wanted, strict=True):
        assert cells == [
            r.task.number,
            task_text(r.task),
            selectors.lead_names(r),
            rules.percent_text(r.expected),
            rules.percent_text(r.completion),
            r.get_status_display(),
            r.problems,
        ]
    assert lagging[1][3:] == ["92.1%", "90%", "滞后", "@外出务工需求下降"]
    assert lagging[2][4] == "—"  # not reported: no completion, not 0

    statuses = ["已完成", "序时推进", "滞后", "未报送"]  # the others are 0 everywhere
    assert ranking[0] == [
        "排名",
        "牵头单位",
        "任务数",
        "平均完成率",
        "按时报送率",
        "报送率",
        *statuses,
    ]
    leads = list(selectors.unit_rows(snapshot, "lead"))
    assert len(ranking) - 1 == len(leads)
    for cells, u in zip(ranking[1:], leads, strict=True):
        assert cells == [
            str(u.rank),
            u.unit.name,
            str(u.tasks),
            rules.percent_text(u.completion),
            rules.percent_text(u.on_time_rate),
            rules.percent_text(u.reporting_rate),
            *(str(n) for n in (u.completed, u.on_schedule, u.lagging, u.not_reported)),
        ]
    assert counties[0][:6] == ["排名", "县（市）", "任务数", "平均完成率", "报送率", "按时报送率"]
    rows = list(selectors.unit_rows(snapshot, "county"))
    assert [c[:4] for c in counties[1:]] == [
        [str(u.rank), u.unit.name, str(u.tasks), rules.percent_text(u.completion)] for u in rows
    ]


def test_every_table_cell_has_its_columns_width_font_and_alignment(doc):
    """Row after row (the rows after the first are copies of its XML): each cell in its
    column's width, centred vertically, one run in 仿宋 at the table's size; numbers centred,
    text flush left."""
    for table in doc.tables:
        header, first, *others = table.rows
        size = header.cells[0].paragraphs[0].runs[0].font.size
        for row in (first, *others):
            for column, cell in enumerate(row.cells):
                assert cell.width == header.cells[column].width
                assert cell.vertical_alignment == WD_CELL_VERTICAL_ALIGNMENT.CENTER
                (run,) = cell.paragraphs[0].runs
                assert (east_asian(run), run.font.size) == ("仿宋_GB2312", size)
                alignment = cell.paragraphs[0].paragraph_format.alignment
                assert alignment == first.cells[column].paragraphs[0].paragraph_format.alignment
                assert alignment in (WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.LEFT)
        assert {c.paragraphs[0].paragraph_format.alignment for c in first.cells} == {
            WD_ALIGN_PARAGRAPH.CENTER,
            WD_ALIGN_PARAGRAPH.LEFT,
        }


def test_each_attachment_starts_a_page_with_its_label_title_and_source(doc, snapshot):
    labels = [p for p in doc.paragraphs if re.fullmatch(r"附件\d", p.text)]
    assert [p.text for p in labels] == ["附件1", "附件2", "附件3"]
    for label in labels:
        assert label.paragraph_format.page_break_before
        assert east_asian(label.runs[0]) == "黑体"
    paragraphs = texts(doc)
    first = paragraphs.index("附件1")
    assert paragraphs[first + 1 : first + 4] == [
        "",
        "滞后和未报送任务清单",
        f"（数据截至2022年9月25日，报告期2022Q3，快照编号{snapshot.pk}）",
    ]
    header = doc.tables[0].rows[0]
    assert header._tr.trPr.find(qn("w:tblHeader")) is not None  # repeated on every page
    widths = [cell.width for cell in header.cells]
    assert abs(sum(widths) - Mm(156)) < Mm(0.1)


def test_the_page_is_a4_with_the_standards_margins_grid_and_page_numbers(doc):
    (section,) = doc.sections
    assert (mm(section.page_width), mm(section.page_height)) == (210, 297)
    assert (mm(section.top_margin), mm(section.bottom_margin)) == (37, 35)
    assert (mm(section.left_margin), mm(section.right_margin)) == (28, 26)
    assert section.orientation == 0  # portrait
    grid = section._sectPr.find(qn("w:docGrid"))
    assert (grid.get(qn("w:type")), grid.get(qn("w:linePitch"))) == ("lines", "579")
    # 22 lines of 579 twips fill the 225 mm 版心 (23 would not).
    height = Mm(297) - Mm(37) - Mm(35)
    assert 22 * 579 * 635 <= height < 23 * 579 * 635
    body = body_of(doc)[2]
    assert body.paragraph_format.line_spacing == Pt(28.95)
    assert doc.settings.odd_and_even_pages_header_footer
    for footer, alignment in ((section.footer, 2), (section.even_page_footer, 0)):
        (paragraph,) = footer.paragraphs
        assert paragraph.text == "— 1 —"  # the PAGE field's cached value between 一字线
        assert paragraph.alignment == alignment  # odd pages right, even pages left
        instruction = paragraph._p.find(".//" + qn("w:instrText"))
        assert instruction.text.strip() == "PAGE"
        assert {east_asian(r) for r in paragraph.runs} == {"宋体"}
        assert {r.font.size for r in paragraph.runs} == {Pt(14)}


def test_the_fonts_are_declared_with_the_fonts_they_fall_back_to(doc):
    table = doc.part.part_related_by(
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable"
    )
    root = etree.fromstring(table.blob)
    declared = {
        f.get(qn("w:name")): f.find(qn("w:altName")).get(qn("w:val"))
        for f in root.findall(qn("w:font"))
        if f.find(qn("w:altName")) is not None
    }
    assert declared["仿宋_GB2312"] == "仿宋"
    assert declared["楷体_GB2312"] == "楷体"
    assert declared["方正小标宋简体"] == "宋体"
    defaults = doc.styles.element.find(qn("w:docDefaults")).find(".//" + qn("w:rFonts"))
    assert defaults.get(qn("w:eastAsia")) == "仿宋_GB2312"
    language = doc.styles.element.find(qn("w:docDefaults")).find(".//" + qn("w:lang"))
    assert language.get(qn("w:eastAsia")) == "zh-CN"


def test_the_document_properties_name_it(doc, snapshot):
    properties = doc.core_properties
    assert properties.title == TITLE
    assert properties.author == OFFICE
    assert properties.keywords == NUMBER
    assert f"快照编号 {snapshot.pk}" in properties.comments


def test_the_document_reads_a_fixed_number_of_queries(
    snapshot, plan_000, django_assert_max_num_queries
):
    template = bulletin_template_of(plan_000)
    with django_assert_max_num_queries(5):
        bulletin_document(snapshot, template, NUMBER)


def test_before_the_deadline_the_mean_is_over_the_tasks_reported_so_far(plan_000, period_q3, alice):
    t1 = task(plan_000, "1")
    people, rate = annual_ids(t1)
    report(
        alice,
        t1,
        period_q3,
        at=ON_TIME,
        narrative="转移就业7600人",
        problems="需求下降",
        values={people: 7600, rate: 70},
    )
    with time_machine.travel(ON_TIME + datetime.timedelta(days=2), tick=False):
        snapshot_compute(plan=plan_000, period=period_q3)
    snapshot = selectors.latest_snapshot(plan_000, period_q3)
    assert not snapshot.all_reported and snapshot.reported_tasks == 1
    doc = read(bulletin_document(snapshot, bulletin_template_of(plan_000), NUMBER))
    assert sentence_with(doc, "报送截止日（2022年9月18日）前") == (
        "报送截止日（2022年9月18日）前，已报送1项任务的平均完成率为90%，"
        f"平均序时进度为{rules.percent_text(snapshot.expected)}，低于序时进度；"
        "尚未报送的任务暂不计入。"
    )
    assert f"尚未报送（未到报送截止日）{snapshot.not_due}项" in sentence_with(doc, PLAN_NAME)
    assert sentence_with(doc, "截至2022年9月12日（报送截止日为2022年9月18日），").startswith(
        "截至2022年9月12日（报送截止日为2022年9月18日），本期应报送进展报告"
    )
    assert sentence_with(doc, "尚未报送的牵头单位：").startswith("尚未报送的牵头单位：州")


def test_the_county_plans_bulletin_is_in_the_countys_own_name(loaded_plans):
    plan = loaded_plans["001"]
    period = plan.periods.get(year=2022, quarter=3)
    with time_machine.travel(COMPUTED, tick=False):
        snapshot = snapshot_compute(plan=plan, period=period)
    snapshot = selectors.latest_snapshot(plan, period)
    template = bulletin_template_of(plan)
    assert (template.office_name, template.number_prefix, template.recipients) == (
        "册亨县促进居民增收工作领导小组办公室",
        "册亨增收办",
        "各乡（镇）人民政府、街道办事处，县直有关部门",
    )
    doc = read(bulletin_document(snapshot, template, "册亨增收办〔2022〕1号"))
    paragraphs = texts(doc)
    assert paragraphs[0] == "册亨县促进居民增收工作领导小组办公室"
    assert "册亨增收办〔2022〕1号" in paragraphs
    assert "关于册亨县促进居民增收工作\n2022年第三季度推进情况的通报" in paragraphs
    assert "各乡（镇）人民政府、街道办事处，县直有关部门：" in paragraphs
    assert paragraphs[-1].startswith("\u3000册亨县促进居民增收工作领导小组办公室\t")
    headings = [p.text for p in doc.paragraphs if p.runs and east_asian(p.runs[0]) == "黑体"]
    # No government below the county is a responsible unit: no comparison, two attachments.
    assert "四、滞后任务及存在问题" in headings
    assert not [h for h in headings if "乡" in h]
    assert len(doc.tables) == 2
    s = snapshot
    assert sentence_with(doc, "《册亨县促进居民增收三年行动方案（2022-2024）》").startswith(
        f"《册亨县促进居民增收三年行动方案（2022-2024）》共有任务{s.tasks}项。"
    )
    assert len(doc.tables[0].rows) - 1 == s.lagging + s.not_reported


def test_title_lines_break_where_both_lines_fit_upper_no_longer():
    assert title_lines("关于黔东南州促进居民增收工作2022年第三季度推进情况的通报", 20) == [
        "关于黔东南州促进居民增收工作",
        "2022年第三季度推进情况的通报",
    ]
    assert title_lines("关于2022年第三季度推进情况的通报", 20) == [
        "关于2022年第三季度推进情况的通报"
    ]
    long = "关于" + "很长" * 30 + "的通报"
    assert title_lines(long, 20) == [long]  # no break fits: it wraps by itself


def test_chinese_numbers_count_the_items():
    assert [chinese_number(n) for n in (1, 9, 10, 11, 20, 21, 99, 100, 105, 110)] == [
        "一",
        "九",
        "十",
        "十一",
        "二十",
        "二十一",
        "九十九",
        "一百",
        "一百零五",
        "一百一十",
    ]


def test_chinese_numbers_count_thousands_of_items():
    # A province's bulletin lists more than a thousand lagging tasks.
    numbers = (1000, 1005, 1010, 1050, 1234, 2000, 9999, 10000, 10005, 12000, 100000, 110000)
    assert [chinese_number(n) for n in numbers] == [
        "一千",
        "一千零五",
        "一千零一十",
        "一千零五十",
        "一千二百三十四",
        "二千",
        "九千九百九十九",
        "一万",
        "一万零五",
        "一万二千",
        "十万",
        "十一万",
    ]
