"""Plan tables exchanged as Word (.docx): the 000 table kept as an office keeps it, read back
the same as the text and the .xlsx; documents that hold no plan, and zip bombs, refused."""

import io
import json
import time
import zipfile

import pytest
from django.core.management import call_command
from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from plans import documents
from plans.documents import document_parse
from plans.parsing import parse_document
from plans.parsing.errors import NotAPlanError
from tests.conftest import seed_text
from tests.plans.test_parse_workbook import HEADER, workbook_of

FIELDS = (
    "number",
    "section",
    "annual_target",
    "quarter_plans",
    "lead_units",
    "responsible_units",
    "remarks",
    "targets",
)


@pytest.fixture(scope="module")
def text_parse():
    return parse_document(seed_text("000"), source="000_c5d4690d8c15b8df.txt")


@pytest.fixture(scope="module")
def docx_000(text_parse):
    return document_of(text_parse)


def saved(document):
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def full_width_row(table, text):
    cells = table.add_row().cells
    merged = cells[0].merge(cells[-1])
    merged.text = text
    return merged


def row_of(table, values):
    """A row of the table with the values in its first cells."""
    cells = table.add_row().cells
    for cell, value in zip(cells, values, strict=False):
        cell.text = value
    return cells


def header_row(table, names=HEADER):
    return row_of(table, names)


def set_lines(cell, lines):
    """The cell's text as paragraphs, one per line (as pressing Enter in Word writes it)."""
    cell.text = lines[0] if lines else ""
    for line in lines[1:]:
        cell.add_paragraph(line)


def document_of(parse, *, repeat_header_before="8"):
    """The parse as an office keeps it in Word: the title above the table; a header row
    marked to repeat on each page and repeated once more by hand before task 8 (where the
    printed table breaks its page); parts and sections as rows merged across all columns;
    units one paragraph each (tasks 1, 4, 7, ...), joined with 、 (2, 5, ...) or ，(3, 6, ...);
    every fifth task's target typed as two paragraphs."""
    document = Document()
    document.add_paragraph(parse["plan"]["title"])
    table = document.add_table(rows=0, cols=len(HEADER))
    table.style = "Table Grid"
    first = header_row(table)
    first[0]._tc.getparent().get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    sections = {s["key"]: s for s in parse["sections"]}
    current = None
    for task in parse["tasks"]:
        if task["number"] == repeat_header_before:
            header_row(table)
        if task["section"] != current:
            section = sections[task["section"]]
            if section["parent"] and (current or "").split(".")[0] != section["parent"]:
                parent = sections[section["parent"]]
                full_width_row(table, parent["numbering"] + parent["title"])
            full_width_row(table, section["numbering"] + section["title"])
            current = task["section"]
        cells = table.add_row().cells
        cells[0].text = task["number"]
        target = task["annual_target"]
        if int(task["number"]) % 5 == 0 and len(target) > 10:
            set_lines(cells[1], [target[: len(target) // 2], target[len(target) // 2 :]])
        else:
            cells[1].text = target
        for cell, quarter in zip(cells[2:5], ("Q2", "Q3", "Q4"), strict=True):
            cell.text = task["quarter_plans"][quarter]
        for cell, units in ((cells[5], task["lead_units"]), (cells[6], task["responsible_units"])):
            style = int(task["number"]) % 3
            if style == 1:
                set_lines(cell, units)
            else:
                cell.text = ("、" if style == 2 else "，").join(units)
        cells[7].text = task["remarks"]
    return saved(document)


def test_the_000_table_as_docx_reads_the_same_as_the_text_field_by_field(text_parse, docx_000):
    parse = document_parse(docx_000, name="黔东南州计划表.docx")
    plan = parse["plan"]
    assert plan["title"] == text_parse["plan"]["title"] == "黔东南州2022年度促进居民增收实施计划表"
    assert (plan["region"], plan["level"]) == ("黔东南州", "prefecture")
    assert (plan["period_start"], plan["period_end"], plan["layout"]) == (2022, 2022, "table")
    assert plan["source"] == "黔东南州计划表.docx"
    assert parse["sections"] == text_parse["sections"]
    assert len(parse["tasks"]) == len(text_parse["tasks"]) == 64
    for read, expected in zip(parse["tasks"], text_parse["tasks"], strict=True):
        for field in FIELDS:
            assert read[field] == expected[field], (expected["number"], field)
    # The units written one paragraph each (task 1) and joined with ， (task 3) are apart.
    assert parse["tasks"][0]["responsible_units"] == [
        "州乡村振兴局",
        "州农业农村局",
        "各县（市）人民政府",
    ]
    assert sum(len(task["targets"]) for task in parse["tasks"]) > 64


def test_the_docx_and_the_xlsx_of_one_table_give_one_parse_warnings_included(text_parse, docx_000):
    """One cells reader behind both: the same shape, the same warnings, the same targets."""
    from_word = document_parse(docx_000, name="plan.docx")
    from_excel = document_parse(workbook_of(text_parse), name="plan.xlsx")
    assert from_word.keys() == text_parse.keys()
    assert from_word["plan"].keys() == {*text_parse["plan"], "source_sha256"}
    # The task shape the README documents (the text table reader leaves out the empty title).
    assert set(from_word["tasks"][0]) == {*text_parse["tasks"][0], "title"}
    for parse in (from_word, from_excel):
        parse["plan"].pop("source")
        parse["plan"].pop("source_sha256")
    assert from_word == from_excel


def test_the_build_and_parse_commands_read_a_docx_source(tmp_path, monkeypatch, docx_000, capsys):
    sources, plans = tmp_path / "sources", tmp_path / "plans"
    sources.mkdir()
    (sources / "005_word.docx").write_bytes(docx_000)
    monkeypatch.setattr(documents, "SOURCES", sources)
    monkeypatch.setattr(documents, "PLANS", plans)
    call_command("build_fixtures")
    assert "005_word.json" in capsys.readouterr().out
    built = json.loads((plans / "005_word.json").read_text(encoding="utf-8"))
    call_command("parse_plan", str(sources / "005_word.docx"))
    printed = json.loads(capsys.readouterr().out)
    assert built == printed
    assert printed["plan"]["source"] == "005_word.docx"
    assert len(printed["tasks"]) == 64


def test_a_table_split_in_two_with_its_header_repeated_reads_as_one(text_parse):
    first = Document()
    first.add_paragraph("黔东南州2022年度促进居民增收实施计划表")
    tables = []
    for tasks in (text_parse["tasks"][:2], text_parse["tasks"][2:3]):
        table = first.add_table(rows=0, cols=len(HEADER))
        header_row(table)
        for task in tasks:
            cells = table.add_row().cells
            cells[0].text, cells[1].text = task["number"], task["annual_target"]
            cells[5].text = "、".join(task["lead_units"])
        tables.append(table)
        first.add_paragraph("")
    parse = document_parse(saved(first), name="split.docx")
    assert [t["number"] for t in parse["tasks"]] == ["1", "2", "3"]
    assert parse["tasks"][2]["lead_units"] == text_parse["tasks"][2]["lead_units"]
    assert parse["warnings"] == []


def small_plan(rows, *, above=("黔东南州2023年度促进居民增收实施计划表",), after=()):
    document = Document()
    for text in above:
        document.add_paragraph(text)
    table = document.add_table(rows=0, cols=len(HEADER))
    header_row(table)
    for values in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, values, strict=False):
            set_lines(cell, value.split("\n")) if value else None
    for text in after:
        document.add_paragraph(text)
    return document, table


def test_a_header_with_spaced_out_names_and_four_quarters_is_read_and_its_repeat_skipped():
    header = ["序  号", "年度目标任务", "一季度计划", "二季度计划", "三季度计划", "四季度计划"]
    header += ["牵头单位", "责任单位", "备　注"]
    document = Document()
    document.add_paragraph("黔东南州2023年度促进居民增收实施计划表")
    table = document.add_table(rows=0, cols=len(header))
    header_row(table, header)
    row_of(table, ["1", "新增就业1200人以上。", "300人", "600人", "900人", "1200人"])
    header_row(table, header)
    row_of(table, ["2", "培训1万人次。", "", "", "", "", "州人社局", "", "省考"])
    parse = document_parse(saved(document), name="x.docx")
    first, second = parse["tasks"]
    assert first["quarter_plans"] == {"Q1": "300人", "Q2": "600人", "Q3": "900人", "Q4": "1200人"}
    assert (second["lead_units"], second["remarks"], second["warnings"]) == (
        ["州人社局"],
        "省考",
        [],
    )
    assert parse["warnings"] == []


def test_a_lead_unit_merged_down_over_two_tasks_leads_both():
    document, table = small_plan(
        [["1", "甲任务。", "", "", "", "", "州财政局"], ["2", "乙任务。", "", "", "", "", ""]]
    )
    table.cell(1, 5).merge(table.cell(2, 5)).text = "州人力资源社会保障局"
    tasks = document_parse(saved(document), name="x.docx")["tasks"]
    assert [t["lead_units"] for t in tasks] == [["州人力资源社会保障局"]] * 2
    assert [t["warnings"] for t in tasks] == [[], []]


def test_a_number_merged_down_over_two_rows_joins_them_into_one_task_and_flags_it():
    document, table = small_plan(
        [
            ["1", "新增就业1000人以上。", "", "", "", "州人社局", "州财政局"],
            ["", "其中高校毕业生200人。", "", "", "", "", "各县（市）人民政府"],
        ]
    )
    table.cell(1, 0).merge(table.cell(2, 0)).text = "1"
    table.cell(1, 5).merge(table.cell(2, 5)).text = "州人社局"
    (task,) = document_parse(saved(document), name="x.docx")["tasks"]
    assert task["annual_target"] == "新增就业1000人以上。其中高校毕业生200人。"
    assert task["lead_units"] == ["州人社局"]
    assert task["responsible_units"] == ["州财政局", "各县（市）人民政府"]
    assert [w["code"] for w in task["warnings"]] == ["row_joined"]


def test_tracked_insertions_are_read_and_tracked_deletions_are_not():
    document, table = small_plan([["1", "", "", "", "", "州人社局", ""]])
    paragraph = table.cell(1, 1).paragraphs[0]
    paragraph.add_run("新增就业")
    inserted = OxmlElement("w:ins")
    inserted.set(qn("w:id"), "1")
    inserted.set(qn("w:author"), "办公室")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1200"
    run.append(text)
    inserted.append(run)
    deleted = OxmlElement("w:del")
    deleted.set(qn("w:id"), "2")
    deleted.set(qn("w:author"), "办公室")
    old_run = OxmlElement("w:r")
    old_text = OxmlElement("w:delText")
    old_text.text = "1000"
    old_run.append(old_text)
    deleted.append(old_run)
    paragraph._p.append(deleted)
    paragraph._p.append(inserted)
    paragraph.add_run("人以上。")
    (task,) = document_parse(saved(document), name="x.docx")["tasks"]
    assert task["annual_target"] == "新增就业1200人以上。"
    assert task["targets"][0]["value"] == 1200


def test_the_title_is_the_paragraphs_right_above_the_table_and_other_text_is_reported():
    document, _table = small_plan(
        [["1", "新增就业1000人以上。", "", "", "", "州人社局", ""]],
        above=("附件1", "", "黔东南州2023年度促进居民增收", "实施计划表", ""),
        after=("", "注：各单位于季度末报送进展。"),
    )
    parse = document_parse(saved(document), name="x.docx")
    assert parse["plan"]["title"] == "黔东南州2023年度促进居民增收实施计划表"
    assert (parse["plan"]["period_start"], parse["plan"]["region"]) == (2023, "黔东南州")
    assert [w["message"] for w in parse["warnings"]] == [
        "表格上方的文字未作为计划读取：“附件1”",
        "表格之后的文字未作为计划读取：“注：各单位于季度末报送进展。”",
    ]


def refused(data, name="x.docx"):
    with pytest.raises(NotAPlanError) as error:
        document_parse(data, name=name)
    return str(error.value)


def test_a_letter_without_a_table_and_an_empty_document_are_refused():
    letter = Document()
    letter.add_paragraph("关于报送2022年第二季度工作进展的通知")
    letter.add_paragraph("各县（市）人民政府，州直有关部门：请于6月18日前报送。")
    assert refused(saved(letter)).startswith("Word 文件中没有表格，不是计划表")
    assert refused(saved(Document())) == "Word 文件是空的。"


def test_a_docx_whose_table_has_other_columns_is_refused():
    document = Document()
    document.add_paragraph("通讯录")
    table = document.add_table(rows=0, cols=3)
    header_row(table, ["姓名", "单位", "电话"])
    row_of(table, ["张三", "州人社局", "0855-1234567"])
    assert "表格都不是计划表：没有找到表头行" in refused(saved(document))


def test_damaged_and_old_word_files_are_refused_with_a_clear_message(docx_000):
    assert refused(docx_000[: len(docx_000) // 2]).startswith("无法打开 Word 文件")
    assert refused(b"PK\x03\x04 not a zip").startswith("无法打开 Word 文件")
    old_word = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500)
    assert "另存为 .docx" in refused(old_word, name="计划表.doc")


def test_word_and_excel_files_are_told_apart_by_their_entries_not_their_names(text_parse, docx_000):
    assert len(document_parse(docx_000, name="计划表")["tasks"]) == 64
    excel = document_parse(workbook_of(text_parse), name="renamed.docx")
    assert len(excel["tasks"]) == 64


def bomb(document_xml_bytes):
    """A .docx whose word/document.xml unpacks to that many bytes of empty paragraphs, which
    compress a thousandfold: the file is small, parsing it would take seconds and gigabytes."""
    template = zipfile.ZipFile(io.BytesIO(saved(Document())))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for info in template.infolist():
            if info.filename != "word/document.xml":
                archive.writestr(info.filename, template.read(info.filename))
        with archive.open("word/document.xml", "w", force_zip64=True) as part:
            part.write(b'<w:document xmlns:w="http://schemas.openxmlformats.org/')
            part.write(b'wordprocessingml/2006/main"><w:body>')
            chunk = b"<w:p/>" * (1024 * 1024 // 6)
            for _ in range(document_xml_bytes // len(chunk)):
                part.write(chunk)
            part.write(b"</w:body></w:document>")
    return out.getvalue()


def test_a_docx_bomb_is_refused_before_it_is_opened():
    data = bomb(24 * 1024 * 1024)
    assert len(data) < 1024 * 1024
    started = time.monotonic()
    message = refused(data)
    assert time.monotonic() - started < 0.5
    assert message.startswith("文件中的 word/document.xml 解压后有 24 MB，超过 20 MB 的上限")


def test_the_limits_are_read_from_settings(settings, docx_000, text_parse):
    settings.PLAN_FILE_MAX_PART_BYTES = 10_000
    assert "超过 0.00953674 MB 的上限" in refused(docx_000)
    settings.PLAN_FILE_MAX_PART_BYTES = 20 * 1024 * 1024
    settings.PLAN_FILE_MAX_UNZIPPED_BYTES = 100_000
    assert "文件解压后过大" in refused(docx_000)
    assert "文件解压后过大" in refused(workbook_of(text_parse), name="plan.xlsx")
    settings.PLAN_FILE_MAX_BYTES = 1000
    assert refused(docx_000).startswith("文件过大")


def test_an_entry_that_declares_less_than_it_holds_is_refused_as_damaged(docx_000):
    """The declared sizes bind: an entry is never unpacked past them."""
    data = bytearray(docx_000)
    # Rewrite word/document.xml's declared size, in its central directory record, to 100.
    name = b"word/document.xml"
    record = data.index(b"PK\x01\x02")
    while data[record + 46 : record + 46 + len(name)] != name:
        record = data.index(b"PK\x01\x02", record + 4)
    data[record + 24 : record + 28] = (100).to_bytes(4, "little")
    assert refused(bytes(data)).startswith("无法打开 Word 文件")
