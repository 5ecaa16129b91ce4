"""Reader for plan tables exchanged as Word files (.docx). Plain Python.

Offices keep a plan as a Word table under its title: part and section rows merged across all
columns, the header row repeated at page breaks (or marked to repeat, which Word does by
itself), units one per paragraph of a cell or joined with 、 or ，. This module only turns the
table into rows of cell texts: a merged cell once, a cell's paragraphs as its lines, a cell
merged down from the row above marked as such. plans/parsing/cells.py reads the rows as it
reads an .xlsx sheet's, so both give the same parse of the same table.

python-docx opens the package; the text is read from its XML, because python-docx's
Paragraph.text skips runs inside tracked insertions, smart tags and content controls, which
are part of what the office sees.
"""

import io

from docx.oxml.ns import qn

from plans.parsing import archive
from plans.parsing import text as t
from plans.parsing.cells import MAX_ROWS, MergedAbove, find_header, parse_cells
from plans.parsing.errors import NotAPlanError

DOCUMENT_XML = "word/document.xml"
W_P, W_R, W_TBL, W_SDT = qn("w:p"), qn("w:r"), qn("w:tbl"), qn("w:sdt")
# What Word does not show as text: deleted runs, and the copy of a drawing's text kept for
# old readers (its visible twin is read).
HIDDEN = {
    qn("w:del"),
    qn("w:moveFrom"),
    "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback",
}


def parse_docx(data, source="", *, limits):
    """Parse the plan table of a .docx: the first table with a header row (序号 … 牵头单位 …
    责任单位), with the tables after it that repeat its header (one table split in two). The
    title is the paragraphs right above it. Text elsewhere in the document is not read, and a
    plan warning says so. `limits` (archive.Limits) are checked before the file is opened.
    Raises NotAPlanError for a damaged file, or one that holds no plan table."""
    archive.zip_check(
        data, limits=limits, kind="Word", required=DOCUMENT_XML, whole=(DOCUMENT_XML,)
    )
    blocks = list(_blocks(_open(data).element.body))
    tables = [(i, _rows(b)) for i, b in enumerate(blocks) if b.tag == W_TBL]
    found = next(((i, rows) for i, rows in tables if find_header(rows) is not None), None)
    if found is None:
        if tables:
            raise NotAPlanError(
                "Word 文件中的表格都不是计划表：没有找到表头行（序号 … 牵头单位 … 责任单位）。"
            )
        if not any(_paragraph_text(b).strip() for b in blocks):
            raise NotAPlanError("Word 文件是空的。")
        raise NotAPlanError(
            "Word 文件中没有表格，不是计划表（计划表是带有 序号、年度目标任务、牵头单位、"
            "责任单位 等列的表格；文字版的方案、规划请另存为纯文本 .txt 后导入）。"
        )
    at, rows = found
    title, above = _title(blocks[:at])
    header = find_header(rows)[1:]
    after = []
    for block in blocks[at + 1 :]:
        more = _rows(block) if block.tag == W_TBL else []
        again = find_header(more)
        if again is not None and again[1:] == header:
            # The table goes on in this one; its header row is skipped as a repeated one.
            after.append(_row_texts(more[: again[0]]))
            rows = rows + more[again[0] :]
        else:
            after.append(_block_text(block))
    parse = parse_cells(rows, source=source, title=title)
    for where, texts in (("表格上方", above), ("表格之后", after)):
        text = "｜".join(x for x in texts if x)
        if text:
            parse["warnings"].append(
                t.warning("text_outside_table", f"{where}的文字未作为计划读取：“{text[:80]}”")
            )
    return parse


def _open(data):
    from docx import Document

    try:
        return Document(io.BytesIO(data))
    except Exception as exc:  # python-docx and lxml raise many kinds for damaged files
        raise NotAPlanError(
            f"无法打开 Word 文件（文件损坏或不是 .docx）：{type(exc).__name__}"
        ) from exc


def _blocks(body):
    """The body's paragraphs and tables in order, those inside content controls too."""
    for child in body.iterchildren():
        if child.tag in (W_P, W_TBL):
            yield child
        elif child.tag == W_SDT:
            content = child.find(qn("w:sdtContent"))
            if content is not None:
                yield from _blocks(content)


def _title(blocks):
    """The title: the last run of non-empty paragraphs above the table (an empty paragraph or
    a table ends a run). Returns it and the other texts above the table, which are not read."""
    runs, current = [], []
    for block in blocks:
        text = _block_text(block)
        if block.tag == W_P and text:
            current.append(text)
            continue
        if current:
            runs.append(("paragraphs", "".join(current)))
            current = []
        if text:
            runs.append(("table", text))
    if current:
        runs.append(("paragraphs", "".join(current)))
    last = max((i for i, (kind, _text) in enumerate(runs) if kind == "paragraphs"), default=None)
    title = runs[last][1] if last is not None else ""
    return title, [text for i, (_kind, text) in enumerate(runs) if i != last]


def _rows(tbl):
    """The table's rows as lists of cell texts, one per grid column: a cell spanning several
    columns gives its text once and None for the rest, a cell merged down from the row above
    gives MergedAbove (its text), missing cells at a row's start give None."""
    rows_xml = tbl.tr_lst
    if len(rows_xml) > MAX_ROWS:
        raise NotAPlanError(f"Word 文件中的表格超过 {MAX_ROWS} 行，不像计划表。")
    rows, above = [], {}
    for tr in rows_xml:
        row = [None] * tr.grid_before
        for tc in tr.tc_lst:
            position = len(row)
            if tc.vMerge == "continue":
                row.append(MergedAbove(above.get(position, "")))
            else:
                above[position] = _cell_text(tc)
                row.append(above[position])
            row.extend([None] * (tc.grid_span - 1))
        rows.append(row)
    return rows


def _cell_text(tc):
    """A cell's paragraphs (a nested table's too, in order), one line each."""
    return "\n".join(_paragraph_text(p) for p in tc.iter(W_P) if not _hidden(p, tc))


def _block_text(block):
    return _paragraph_text(block) if block.tag == W_P else _row_texts(_rows(block))


def _row_texts(rows):
    return "｜".join(text for row in rows for text in row if isinstance(text, str) and text)


def _paragraph_text(p):
    """What Word shows of a paragraph: its runs wherever they sit (in hyperlinks, tracked
    insertions, smart tags, fields), not those of a paragraph inside it (a text box)."""
    return "".join(
        r.text for r in p.iter(W_R) if _nearest_paragraph(r) is p and not _hidden(r, p)
    ).strip()


def _nearest_paragraph(element):
    parent = element.getparent()
    while parent is not None and parent.tag != W_P:
        parent = parent.getparent()
    return parent


def _hidden(element, top):
    """Whether `element` sits in deleted or fallback content below `top`."""
    parent = element.getparent()
    while parent is not None and parent is not top:
        if parent.tag in HIDDEN:
            return True
        parent = parent.getparent()
    return False
