"""Plan tables exchanged as .xlsx: the 000 table written as departments write it, read back."""

import io
import zipfile

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


def workbook_of(parse, wrap=12, unit_separator="、"):
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
            unit_separator.join(task["lead_units"]),
            unit_separator.join(task["responsible_units"]),
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


def workbook_rows(rows, header=HEADER):
    book = Workbook()
    sheet = book.active
    sheet.append(["黔东南州2023年度促进居民增收实施计划表"])
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_a_row_without_number_continues_the_task_above_and_flags_it():
    data = workbook_rows(
        [
            [1, "新增就业1000人以上。", "500人", "800人", "1000人", "州人社局", "州财政局", ""],
            [None, "其中高校毕业生200人。", "", "", "", "", "各县（市）人民政府", ""],
        ]
    )
    (task,) = document_parse(data, name="x.xlsx")["tasks"]
    assert task["annual_target"] == "新增就业1000人以上。其中高校毕业生200人。"
    assert task["responsible_units"] == ["州财政局", "各县（市）人民政府"]
    assert "row_joined" in [w["code"] for w in task["warnings"]]


def test_units_on_separate_lines_of_a_cell_are_separate_units_and_wrapped_names_are_rejoined():
    data = workbook_rows(
        [
            [
                1,
                "任务。",
                "",
                "",
                "",
                "州人力资源\n社会保障局",
                "州人社局\n州财政局\n州农业农村局",
                "",
            ]
        ]
    )
    (task,) = document_parse(data, name="x.xlsx")["tasks"]
    assert task["lead_units"] == ["州人力资源社会保障局"]
    assert task["responsible_units"] == ["州人社局", "州财政局", "州农业农村局"]


def test_units_one_per_line_read_as_the_text_lists_them_in_every_task_of_000(text_parse):
    """Lines of a unit cell are names, not wraps, when each reads as a whole name: "州水务局"
    then "凯里供电局" (task 55), "人行凯里中心支行" then "黔东南银保监分局"."""
    parse = document_parse(workbook_of(text_parse, wrap=1000, unit_separator="\n"), name="x.xlsx")
    for read, expected in zip(parse["tasks"], text_parse["tasks"], strict=True):
        assert read["lead_units"] == expected["lead_units"], expected["number"]
        assert read["responsible_units"] == expected["responsible_units"], expected["number"]


@pytest.mark.parametrize(
    "lines, names",
    [
        ("州人力资源\n社会保障局", ["州人力资源社会保障局"]),
        ("州人力资源社会\n保障局", ["州人力资源社会保障局"]),
        ("州工业\n和信息化局", ["州工业和信息化局"]),
        ("中共黔东南州委\n组织部", ["中共黔东南州委组织部"]),
        ("人行\n黔东南州中心支行", ["人行黔东南州中心支行"]),
        ("州疫情防控领导小组\n成员单位", ["州疫情防控领导小组成员单位"]),
        ("州水务局\n凯里供电局", ["州水务局", "凯里供电局"]),
        ("各国有企业\n各乡镇人民政府", ["各国有企业", "各乡镇人民政府"]),
        ("州人社局、\n州财政局", ["州人社局", "州财政局"]),
    ],
)
def test_a_unit_cell_line_is_a_name_of_its_own_or_the_wrapped_end_of_the_one_above(lines, names):
    data = workbook_rows([[1, "任务。", "", "", "", "州人社局", lines, ""]])
    (task,) = document_parse(data, name="x.xlsx")["tasks"]
    assert task["responsible_units"] == names


def test_text_under_no_header_name_joins_the_column_on_its_left_and_is_flagged():
    # 责任单位 spans two columns in the header; one row has a unit in the second.
    header = HEADER[:7] + [None, "备注"]
    data = workbook_rows(
        [
            [1, "甲。", "", "", "", "州人社局", "州财政局", "州农业农村局", ""],
            [2, "乙。", "", "", "", "州人社局", "州财政局", None, "省考"],
        ],
        header=header,
    )
    parse = document_parse(data, name="x.xlsx")
    first, second = parse["tasks"]
    assert first["responsible_units"] == ["州财政局", "州农业农村局"]
    assert [w["code"] for w in first["warnings"]] == ["cell_outside_columns"]
    assert "已并入左侧“责任单位”列" in first["warnings"][0]["message"]
    assert (second["responsible_units"], second["remarks"], second["warnings"]) == (
        ["州财政局"],
        "省考",
        [],
    )


def test_a_workbook_that_unpacks_beyond_the_limits_of_the_settings_is_refused(settings):
    data = workbook_rows([[1, "任务。", "", "", "", "州人社局", "", ""]])
    settings.PLAN_FILE_MAX_UNZIPPED_BYTES = 5_000
    with pytest.raises(NotAPlanError, match="文件解压后过大（超过 0.00476837 MB）"):
        document_parse(data, name="x.xlsx")
    settings.PLAN_FILE_MAX_UNZIPPED_BYTES = 10_000_000
    # Excel keeps the cells' texts in xl/sharedStrings.xml, which openpyxl reads whole.
    with_strings = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(with_strings, "w") as out:
        for info in source.infolist():
            out.writestr(info, source.read(info.filename))
        out.writestr("xl/sharedStrings.xml", "<sst>" + "<si><t>州人社局</t></si>" * 1000 + "</sst>")
    document_parse(with_strings.getvalue(), name="x.xlsx")
    settings.PLAN_FILE_MAX_PART_BYTES = 10_000
    with pytest.raises(NotAPlanError, match="xl/sharedStrings.xml 解压后"):
        document_parse(with_strings.getvalue(), name="x.xlsx")
    settings.PLAN_FILE_MAX_BYTES = 1_000
    with pytest.raises(NotAPlanError, match="文件过大"):
        document_parse(data, name="x.xlsx")


def test_a_column_the_reader_does_not_know_is_kept_in_the_remarks():
    data = workbook_rows(
        [[1, "任务。", "", "", "", "州人社局", "州财政局", "", "2023年6月底"]],
        header=HEADER + ["完成时限"],
    )
    parse = document_parse(data, name="x.xlsx")
    assert parse["tasks"][0]["remarks"] == "完成时限：2023年6月底"
    assert [w["code"] for w in parse["warnings"]] == ["column_unknown"]


def test_a_repeated_number_keeps_both_tasks_apart_and_flags_the_second():
    data = workbook_rows(
        [[1, "甲。", "", "", "", "州人社局", "", ""], [1, "乙。", "", "", "", "州财政局", "", ""]]
    )
    tasks = document_parse(data, name="x.xlsx")["tasks"]
    assert [(t["number"], t["annual_target"]) for t in tasks] == [("1", "甲。"), ("1#", "乙。")]
    assert "number_repeated" in [w["code"] for w in tasks[1]["warnings"]]


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
