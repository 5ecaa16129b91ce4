"""Plan tables exchanged as .xlsx: the 000 table written as departments write it, read back."""

import io

import pytest
from openpyxl import Workbook

from plans.documents import document_parse
from plans.parsing import parse_document
from plans.parsing.errors import NotAPlanError
from tests.conftest import seed_text

HEADER = [
    "序号",
    "年度目标任务",
    "二季度计划",
    "三季度计划",
    "四季度计划",
    "牵头单位",
    "责任单位",
    "备注",
]


@pytest.fixture(scope="module")
def text_parse():
    return parse_document(seed_text("000"), source="000.txt")


def workbook_of(parse, wrap=12):
    """The parse as an .xlsx: title row, header, section rows, cells with line breaks."""
    book = Workbook()
    sheet = book.active
    sheet.append([parse["plan"]["title"]])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=8)
    sheet.append(HEADER)
    sections = {s["key"]: s for s in parse["sections"]}
    current = None
    for task in parse["tasks"]:
        if task["section"] != current:
            section = sections[task["section"]]
            if section["parent"] and (current or "").split(".")[0] != section["parent"]:
                parent = sections[section["parent"]]
                sheet.append([parent["numbering"] + parent["title"]])
            sheet.append([section["numbering"] + section["title"]])
            current = task["section"]
        cells = [
            task["annual_target"],
            *(task["quarter_plans"][q] for q in ("Q2", "Q3", "Q4")),
            "、".join(task["lead_units"]),
            "、".join(task["responsible_units"]),
            task["remarks"],
        ]
        wrapped = ["\n".join(c[i : i + wrap] for i in range(0, len(c), wrap)) for c in cells]
        sheet.append([int(task["number"]), *wrapped])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def content(parse):
    keys = (
        "number",
        "section",
        "annual_target",
        "quarter_plans",
        "lead_units",
        "responsible_units",
    )
    return [{k: task[k] for k in keys} for task in parse["tasks"]]


def test_the_000_table_as_xlsx_reads_the_same_as_the_text(text_parse):
    parse = document_parse(workbook_of(text_parse), name="黔东南州计划表.xlsx")
    assert parse["plan"]["title"] == text_parse["plan"]["title"]
    assert parse["plan"]["region"] == "黔东南州"
    assert (parse["plan"]["period_start"], parse["plan"]["period_end"]) == (2022, 2022)
    assert content(parse) == content(text_parse)
    assert [(s["key"], s["title"]) for s in parse["sections"]] == [
        (s["key"], s["title"]) for s in text_parse["sections"]
    ]
    # Targets are read from the cells as from the text.
    assert parse["tasks"][0]["targets"] == text_parse["tasks"][0]["targets"]


def test_a_row_without_number_is_reported_not_dropped_silently(text_parse):
    data = workbook_of(text_parse)
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data))
    book.active.append(["", "一行没有序号的说明文字", "", "", "", "", "", ""])
    out = io.BytesIO()
    book.save(out)
    parse = document_parse(out.getvalue(), name="x.xlsx")
    assert len(parse["tasks"]) == 64
    assert any(w["code"] == "row_without_number" for w in parse["warnings"])


@pytest.mark.parametrize(
    "data, message",
    [
        (b"PK\x03\x04 not really a zip", "无法打开 Excel 文件"),
        (b"", "文件为空"),
        ("这只是一封信，不是计划。\n".encode(), "无法识别的文件"),
    ],
)
def test_files_that_are_not_plans_are_refused_with_a_clear_message(data, message):
    name = "bad.xlsx" if data.startswith(b"PK") else "letter.txt"
    with pytest.raises(NotAPlanError) as error:
        document_parse(data, name=name)
    assert message in str(error.value)


def test_a_spreadsheet_without_a_plan_header_is_refused():
    book = Workbook()
    book.active.append(["姓名", "电话"])
    book.active.append(["张三", "123"])
    out = io.BytesIO()
    book.save(out)
    with pytest.raises(NotAPlanError) as error:
        document_parse(out.getvalue(), name="contacts.xlsx")
    assert "没有找到计划表的表头" in str(error.value)
