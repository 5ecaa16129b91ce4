"""Uploaded workbooks are bounded by what they hold: bombs by declared dimension, by cell
count, by uncompressed size (declared or lied about), by XML elements and by entities are
refused with a Chinese message before openpyxl reads them, for the progress template upload
and the plan table import, and nothing is imported. (Time and memory of the same files are
measured by bench/workbook_bombs.py, not here.)"""

import io
import zipfile

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from plans.documents import file_limits
from plans.parsing.errors import NotAPlanError
from plans.parsing.workbook import parse_workbook
from plans.workbooks import (
    CellBudget,
    WorkbookDamaged,
    WorkbookRefused,
    _Scan,
    limits,
    workbook_check,
)
from progress.excel import template_import
from tasks.models import PlanImport
from tests.conftest import PASSWORD
from tests.progress.test_excel import download, refused
from tests.security import bombs

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
TITLE = "黔东南州2022年度促进居民增收实施计划表"


def plan_table(tasks=3):
    rows = [[TITLE], HEADER]
    rows += [[n, f"完成任务{n}", "", "", "", "州财政局", "", ""] for n in range(1, tasks + 1)]
    return bombs.xlsx(rows)


def plan_refusal(data):
    with pytest.raises(NotAPlanError) as error:
        parse_workbook(data, source="计划表.xlsx", limits=file_limits())
    return str(error.value)


def test_a_plain_plan_table_passes_the_checks_and_reads():
    data = plan_table()
    workbook_check(data)
    assert [t["number"] for t in parse_workbook(data, limits=file_limits())["tasks"]] == [
        "1",
        "2",
        "3",
    ]


def test_a_sheet_declaring_every_row_and_column_is_refused_by_its_dimension():
    data = bombs.with_dimension(plan_table(), "A1:XFD1048576")
    message = plan_refusal(data)
    assert "A1:XFD1048576" in message
    assert "171.8亿个单元格" in message


def test_a_declared_dimension_within_the_limit_is_read_by_the_cells_it_holds():
    data = bombs.with_dimension(plan_table(), "A1:H9")
    assert len(parse_workbook(data, limits=file_limits())["tasks"]) == 3


def test_one_row_of_millions_of_empty_cells_is_refused_by_its_cell_count():
    data = bombs.one_row_of_empty_cells(plan_table(), 2_600_000)
    assert len(data) < 100 * 1024
    assert "单元格超过10万个" in plan_refusal(data)


def test_the_cell_limit_comes_from_settings(settings):
    data = bombs.rows_of_one_cell(plan_table(), 50)
    workbook_check(data)
    settings.WORKBOOK_MAX_CELLS = 49
    with pytest.raises(WorkbookRefused, match="单元格超过49个"):
        workbook_check(data)


def test_cells_are_counted_while_reading_and_reading_stops_at_the_limit():
    book = load_workbook(__import__("io").BytesIO(bombs.xlsx([[1] * 5] * 3)), read_only=True)
    budget = CellBudget(limit=12)
    read = []
    with pytest.raises(WorkbookRefused, match="单元格超过12个"):
        for row in budget.rows(book.active, values_only=True):
            read.append(row)
    assert len(read) == 2
    book.close()


def test_a_member_declaring_more_than_the_entry_limit_is_refused():
    data = bombs.with_padding(plan_table(), {"xl/media/image1.png": 64 * 1024 * 1024})
    assert len(data) < 1024 * 1024
    message = plan_refusal(data)
    assert "解压后的内容过大" in message
    assert "xl/media/image1.png" in message


def test_members_declaring_more_than_the_total_limit_together_are_refused():
    sizes = {f"xl/media/image{n}.png": 8 * 1024 * 1024 for n in range(4)}
    message = plan_refusal(bombs.with_padding(plan_table(), sizes))
    assert "共 32 MB，超过 30 MB 的上限" in message


def test_too_many_members_are_refused(settings):
    settings.WORKBOOK_MAX_ENTRIES = 12
    data = bombs.with_padding(plan_table(), {f"xl/media/{n}.png": 10 for n in range(10)})
    assert "组成部分过多" in plan_refusal(data)


def test_a_member_holding_more_than_it_declares_is_refused_as_damaged():
    data = bombs.lying_about_size(bombs.one_row_of_empty_cells(plan_table(), 50_000))
    with pytest.raises(WorkbookDamaged):
        workbook_check(data)
    assert "文件损坏" in plan_refusal(data)


def test_an_entity_expansion_is_refused():
    assert "DTD" in plan_refusal(bombs.with_doctype(plan_table()))


def test_a_part_of_too_many_xml_elements_is_refused(settings):
    settings.WORKBOOK_MAX_XML_ELEMENTS = 10_000
    assert "XML 元素" in plan_refusal(bombs.many_elements(plan_table(), 20_000))


def test_what_is_not_a_zip_is_refused_as_damaged():
    assert "文件损坏" in plan_refusal(b"PK\x03\x04 not really a zip")


@pytest.mark.django_db
def test_the_plan_import_page_refuses_a_bomb_with_its_message_and_stores_nothing(client, olivia):
    client.login(username="olivia", password=PASSWORD)
    data = bombs.with_dimension(plan_table(), "A1:XFD1048576")
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("计划表.xlsx", data)
    response = client.post(reverse("tasks:import"), {"file": upload, "layout": ""})
    assert response.status_code == 400
    assert "未导入：文件中的工作表声明其范围为 A1:XFD1048576" in response.content.decode()
    assert not PlanImport.objects.exists()


@pytest.fixture
def template(plan_000, alice, period_q2):
    return download(alice, period_q2)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "bomb, words",
    [
        (lambda data: bombs.with_dimension(data, "A1:XFD1048576"), "声明其范围为 A1:XFD1048576"),
        (lambda data: bombs.one_row_of_empty_cells(data, 2_600_000), "单元格超过10万个"),
        (
            lambda data: bombs.with_padding(data, {"xl/media/p.bin": 200 * 1024 * 1024}),
            "解压后的内容过大",
        ),
        (lambda data: bombs.many_elements(data, 600_000), "XML 元素"),
        (lambda data: bombs.with_doctype(data), "DTD"),
    ],
)
def test_a_reporters_template_upload_refuses_each_bomb_and_imports_nothing(
    template, alice, bomb, words
):
    error = refused(alice, bomb(template))
    assert words in error.message
    assert error.message.endswith("未导入。")
    assert error.rows == []


@pytest.mark.django_db
def test_the_real_template_passes_the_checks(template, alice):
    workbook_check(template)
    assert template_import(user=alice, data=template).saved == 0


def _sheet(xml, data=None):
    return bombs.rewrite(data or plan_table(), {bombs.SHEET1: xml})


def _declared_utf16(xml):
    return xml.replace(b'encoding="UTF-8"', b'encoding="UTF-16"').decode()


PREFIXED = f'<?xml version="1.0"?><x:worksheet xmlns:x="{bombs.MAIN}">{{}}</x:worksheet>'


@pytest.mark.parametrize(
    "xml, words",
    [
        # In UTF-16, with or without its byte-order mark: expat counts them.
        (
            _declared_utf16(bombs.sheet_xml("", "A1:XFD1048576")).encode("utf-16"),
            "A1:XFD1048576",
        ),
        (
            _declared_utf16(bombs.sheet_xml("<row>" + "<c/>" * 120_000 + "</row>")).encode(
                "utf-16-le"
            ),
            "单元格超过10万个",
        ),
        # Prefixed names: cells and the dimension are told by the end of their names.
        (
            PREFIXED.format('<x:dimension ref="A1:XFD1048576"/>').encode(),
            "A1:XFD1048576",
        ),
        (
            PREFIXED.format(
                "<x:sheetData><x:row>" + "<x:c/>" * 120_000 + "</x:row></x:sheetData>"
            ).encode(),
            "单元格超过10万个",
        ),
        # A dimension written otherwise than spreadsheets do is read by expat.
        (
            bombs.sheet_xml("").replace(
                b"<sheetData>", b"<dimension ref='A1:XFD1048576'/><sheetData>"
            ),
            "A1:XFD1048576",
        ),
        (bombs.sheet_xml("", "A1&#58;XFD1048576"), "A1:XFD1048576"),
        (
            bombs.sheet_xml("").replace(
                b"<sheetData>", b'<dimension a=">" ref="A1:XFD1048576"/><sheetData>'
            ),
            "A1:XFD1048576",
        ),
        # End tags inside CDATA hide no cell.
        (
            bombs.sheet_xml(
                '<row><c r="A1" t="inlineStr"><is><t><![CDATA['
                + "</c>" * 150_000
                + "]]></t></is></c>"
                + "<c/>" * 120_000
                + "</row>"
            ),
            "单元格超过10万个",
        ),
    ],
    ids=[
        "utf16-dimension",
        "utf16-cells-no-bom",
        "prefixed-dimension",
        "prefixed-cells",
        "dimension-quoted",
        "dimension-character-reference",
        "dimension-other-attribute",
        "cdata-end-tags",
    ],
)
def test_a_bomb_is_refused_however_its_part_is_encoded_or_written(xml, words):
    with pytest.raises(WorkbookRefused) as refusal:
        workbook_check(_sheet(xml))
    assert words in str(refusal.value)


def test_end_tags_in_cdata_hide_no_element(settings):
    settings.WORKBOOK_MAX_XML_ELEMENTS = 10_000
    data = bombs.many_elements(plan_table(), 20_000)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        styles = archive.read("xl/styles.xml")
    hidden = styles.replace(b"</numFmts>", b"</numFmts><![CDATA[" + b"</x>" * 30_000 + b"]]>")
    with pytest.raises(WorkbookRefused, match="XML 元素"):
        workbook_check(bombs.rewrite(data, {"xl/styles.xml": hidden}))


@pytest.mark.django_db
def test_a_templates_parts_are_counted_from_their_bytes_as_expat_counts_them(template):
    """The fast count (bytes) is taken for every part of a real template, and it is the
    count expat makes element by element."""
    with zipfile.ZipFile(io.BytesIO(template)) as archive:
        for info in archive.infolist():
            data = archive.read(info)
            fast, exact = _Scan(limits()), _Scan(limits())
            assert fast.counted(data), info.filename
            exact.parsed([data])
            assert (fast.elements, fast.cells) == (exact.elements, exact.cells), info.filename


def test_a_long_name_before_many_words_dimension_passes_the_checks():
    """Not a bomb by any limit (one element, no cell, no dimension element), and read in one
    pass: the time of the 4 MB form is measured by bench/workbook_bombs.py."""
    data = bombs.dimension_words(plan_table(), 100_000, 20_000)
    workbook_check(data)
    assert len(parse_workbook(data, limits=file_limits())["tasks"]) == 3


def test_a_member_damaged_past_its_first_bytes_is_refused_as_damaged():
    with pytest.raises(WorkbookDamaged):
        workbook_check(bombs.damaged_after_its_start(plan_table()))
    assert "文件损坏" in plan_refusal(bombs.damaged_after_its_start(plan_table()))


@pytest.mark.parametrize("encoding", ["shift_jis", "no-such-encoding"])
def test_a_part_in_an_encoding_nothing_reads_is_refused_as_damaged(encoding):
    with pytest.raises(WorkbookDamaged):
        workbook_check(bombs.with_encoding(plan_table(), encoding))


@pytest.mark.django_db
@pytest.mark.parametrize(
    "damage",
    [bombs.damaged_after_its_start, lambda data: bombs.with_encoding(data, "shift_jis")],
    ids=["damaged-image", "shift_jis"],
)
def test_a_reporters_damaged_template_is_refused_with_the_damaged_message(template, alice, damage):
    error = refused(alice, damage(template))
    assert error.message.startswith("文件无法读取")
    assert error.rows == []
