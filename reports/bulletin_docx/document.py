"""Laying out the 通报 as GB/T 9704 sets a 公文, from top to bottom:

版头  the 发文机关标志 (red, 方正小标宋简体, 35 mm below the top of the 版心, narrowed to one
      line), two lines down the 文号, and 4 mm under it a red line as wide as the 版心;
主体  two lines down the title (二号 方正小标宋简体), a line down the 主送 (flush left, ending in
      a full-width colon), the body (三号 仿宋_GB2312, two characters in; 一、 headings in 黑体,
      (一) leads in 楷体_GB2312), the 附件 note, the signature centred over the 成文日期 four
      characters from the right (or two, with the date centred under a longer name), then
      each attachment on a new page: 附件N in 黑体 top left, its title on the third line, the
      table;
版记  the 印发机关 and 印发日期 between two lines.
"""

import copy
import math
import re

from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.text.run import Run

from progress.text import cell_text
from reports import rules
from reports.bulletin_docx.fonts import (
    BODY_FONT,
    HEADING_FONT,
    MARK_MAX,
    RED,
    SIZE_2,
    SIZE_4,
    SIZE_TABLE,
    SUBHEADING_FONT,
    TITLE_FONT,
    TITLE_LINE,
    border_set,
    layout_set,
    run_add,
)
from reports.bulletin_docx.page import chars_width
from reports.bulletin_docx.placeholders import issued_on

CENTER, LEFT, RIGHT = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.RIGHT
JUSTIFY = WD_ALIGN_PARAGRAPH.JUSTIFY
# The width of the 版心 in points (156 mm), less a little so a full line never wraps.
TEXT_POINTS = 440
TEXT_WIDTH_MM = 156
MARK_SPACE_ABOVE = Mm(35)
CELL_MARGIN = 57  # twips: 1 mm
RED_LINE_GAP = 11  # points (4 mm) between the 文号 and the red line
RED_LINE_SIZE = 12  # eighths of a point
IMPRINT_LINE_SIZE = 8  # 0.35 mm


def blank(document, lines=1, *, keep=False):
    for _ in range(lines):
        paragraph = layout_set(document.add_paragraph())
        paragraph.paragraph_format.keep_with_next = keep or None


def head(document, office, number):
    """The 版头: 发文机关标志, 文号 and the red line."""
    mark = document.add_paragraph()
    layout_set(mark, align=CENTER, line=None, before=MARK_SPACE_ABOVE, grid=False)
    chars = max(chars_width(office), 1)
    # As large as 小初, the characters narrowed (never below half) so the name fits one line.
    size = MARK_MAX
    scale = min(100, math.floor(100 * TEXT_POINTS / (chars * size)))
    if scale < 50:
        scale, size = 50, math.floor(2 * TEXT_POINTS / (chars * 0.5)) / 2
    run_add(mark, office, TITLE_FONT, Pt(size), color=RED, scale=scale)
    blank(document, 2)
    paragraph = document.add_paragraph()
    layout_set(paragraph, align=CENTER)
    run_add(paragraph, number)
    border_set(paragraph, "bottom", size_eighths=RED_LINE_SIZE, color=str(RED), space=RED_LINE_GAP)


def title_lines(text, per_line):
    """The title in lines: one where it fits; else two, broken after a name (》, 工作) or
    before the year where both lines fit, the upper one no longer than the lower (the
    standard's 梯形) and the two as even as can be; else as the text wraps by itself."""
    if chars_width(text) <= per_line:
        return [text]
    breaks = {match.end() for match in re.finditer(r"》|工作", text)}
    breaks |= {match.start() for match in re.finditer(r"\d{4}年", text)}
    best = None
    for at in sorted(breaks):
        upper, lower = text[:at], text[at:]
        widths = chars_width(upper), chars_width(lower)
        if not (0 < widths[0] <= per_line and 0 < widths[1] <= per_line):
            continue
        key = (widths[0] > widths[1], abs(widths[0] - widths[1]))
        if best is None or key < best[0]:
            best = (key, [upper, lower])
    return best[1] if best else [text]


def title(document, text):
    """二号 方正小标宋简体, centred, two lines down from the red line."""
    blank(document, 2)
    paragraph = document.add_paragraph()
    layout_set(paragraph, align=CENTER, line=TITLE_LINE, grid=False)
    for n, line in enumerate(title_lines(text, TEXT_POINTS / SIZE_2.pt)):
        if n:
            run_add(paragraph, "", TITLE_FONT, SIZE_2).add_break(WD_BREAK.LINE)
        run_add(paragraph, line, TITLE_FONT, SIZE_2)


def recipients(document, text):
    blank(document)
    paragraph = document.add_paragraph()
    layout_set(paragraph, align=JUSTIFY)
    text = text.rstrip(":：")
    run_add(paragraph, f"{text}：")


def _runs(block):
    """(text, font) of each run of a body block."""
    if block.kind == "heading":
        return [(block.text, HEADING_FONT)]
    if block.kind == "item":
        return [(block.lead, SUBHEADING_FONT)] + ([(block.text, BODY_FONT)] if block.text else [])
    return [(block.text, BODY_FONT)]


def body(document, blocks, *, keep_last=2):
    """The blocks, each a paragraph two characters in; the last `keep_last` stay on the page
    of what follows them (the 附件 note and the signature never stand on a page alone). A
    paragraph of a shape made before (its runs' fonts, whether it keeps with the next) is a
    copy of that one's XML with its own texts, as the attachments' rows are (_rows_copied):
    a bulletin of a large plan lists thousands of lagging tasks."""
    made = {}
    for n, block in enumerate(blocks):
        keep = n >= len(blocks) - keep_last
        runs = _runs(block)
        shape = (keep, tuple(font for _text, font in runs))
        if shape in made:
            p = copy.deepcopy(made[shape])
            for r, (text, _font) in zip(p.r_lst, runs, strict=True):
                Run(r, None).text = cell_text(text)
            document.element.body._insert_p(p)
            continue
        paragraph = document.add_paragraph()
        layout_set(paragraph, align=JUSTIFY, first_line=2)
        paragraph.paragraph_format.keep_with_next = keep or None
        for text, font in runs:
            run_add(paragraph, text, font)
        made[shape] = paragraph._p


def attachment_note(document, titles):
    """附件：1．… with the further names under the first one's first character."""
    if not titles:
        return
    blank(document, keep=True)
    for n, name in enumerate(titles, start=1):
        paragraph = document.add_paragraph()
        paragraph.paragraph_format.keep_with_next = True
        numbered = f"{n}．{name}" if len(titles) > 1 else name
        if n == 1:
            layout_set(paragraph, align=LEFT, first_line=2)
            run_add(paragraph, f"附件：{numbered}")
        else:
            layout_set(paragraph, align=LEFT, left=5)
            run_add(paragraph, numbered)


def signature(document, name, date):
    """The signature centred over the 成文日期, the date four characters from the right; a
    name too long for that keeps two characters from the right with the date centred under
    it (the seal presses on both)."""
    blank(document, 2, keep=True)
    name_width, date_width = chars_width(name), chars_width(date)
    date_right = 4
    name_right = date_right + (date_width - name_width) / 2
    if name_right < 2:
        name_right = 2
        date_right = name_right + (name_width - date_width) / 2
    for text, right in ((name, name_right), (date, date_right)):
        paragraph = document.add_paragraph()
        layout_set(paragraph, align=RIGHT, right=right)
        paragraph.paragraph_format.keep_with_next = text == name or None
        run_add(paragraph, text)


def _cell_text(cell, text, size, *, header=False, centred=False):
    paragraph = cell.paragraphs[0]
    layout_set(paragraph, align=CENTER if header or centred else LEFT, line=None, grid=False)
    run_add(paragraph, text, HEADING_FONT if header else BODY_FONT, size)
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER


def _table_fixed(table):
    """Fixed column widths, and cell margins of 1 mm left and right (Word's 1.9 mm would
    wrap "33.3%" in a narrow column)."""
    table.autofit = False  # w:tblLayout fixed
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), str(CELL_MARGIN))
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    # In CT_TblPr the cell margins come after the layout and before tblLook.
    properties = table._tbl.tblPr
    look = properties.find(qn("w:tblLook"))
    if look is not None:
        look.addprevious(margins)
    else:
        properties.append(margins)


def _header_repeats(row):
    properties = row._tr.get_or_add_trPr()
    properties.append(OxmlElement("w:tblHeader"))


def attachment(document, n, item, source, *, several):
    """附件N on a new page: the label top left, the title on the third line, the source of the
    figures, and the table (its header row repeated on every page)."""
    label = document.add_paragraph()
    layout_set(label, align=LEFT)
    label.paragraph_format.page_break_before = True
    run_add(label, f"附件{n}" if several else "附件", HEADING_FONT)
    blank(document)
    heading = document.add_paragraph()
    layout_set(heading, align=CENTER, line=TITLE_LINE, grid=False)
    run_add(heading, item.title, TITLE_FONT, SIZE_2)
    note = document.add_paragraph()
    layout_set(note, align=CENTER, line=None, after=Pt(6), grid=False)
    run_add(note, source, BODY_FONT, SIZE_TABLE)
    if not item.rows:
        paragraph = document.add_paragraph()
        layout_set(paragraph, align=LEFT, first_line=2)
        run_add(paragraph, item.empty)
        return None
    table = document.add_table(rows=2, cols=len(item.columns))
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _table_fixed(table)
    for column, spec in zip(table.columns, item.columns, strict=True):
        column.width = Mm(spec.width)
    header, first = table.rows
    _header_repeats(header)
    for cell, spec in zip(header.cells, item.columns, strict=True):
        cell.width = Mm(spec.width)
        _cell_text(cell, spec.header, item.size, header=True)
    for cell, spec, value in zip(first.cells, item.columns, item.rows[0], strict=True):
        cell.width = Mm(spec.width)
        _cell_text(cell, value or "", item.size, centred=spec.number)
    _rows_copied(table, first, item.rows[1:])
    return table


def _rows_copied(table, first, rows):
    """The other data rows: copies of the first one's XML, each cell with its own text.
    python-docx formats a cell in some thirty element lookups (about 0.3 ms a cell: 13 of the
    22 s that a 公文 at 200,000 reports took, for its 47,000 cells); a copy is the same XML
    at once."""
    model = first._tr
    for values in rows:
        tr = copy.deepcopy(model)
        for tc, value in zip(tr.tc_lst, values, strict=True):
            Run(tc.p_lst[0].r_lst[0], None).text = cell_text(value or "")
        table._tbl.append(tr)


def imprint(document, office, date):
    """The 版记: 印发机关 one character in, the 印发日期 one character from the right (a right
    tab stop), between two lines as wide as the 版心."""
    blank(document)
    paragraph = document.add_paragraph()
    layout_set(paragraph, align=LEFT, line=None, before=Pt(4), after=Pt(4), grid=False)
    paragraph.paragraph_format.keep_together = True
    paragraph.paragraph_format.tab_stops.add_tab_stop(
        Mm(TEXT_WIDTH_MM) - SIZE_4, WD_TAB_ALIGNMENT.RIGHT
    )
    run_add(paragraph, f"\u3000{office}\t{date}印发", BODY_FONT, SIZE_4)
    for side in ("top", "bottom"):
        border_set(paragraph, side, size_eighths=IMPRINT_LINE_SIZE, space=4)


def source_line(snapshot):
    computed = rules.date_text(issued_on(snapshot))
    return f"（数据截至{computed}，报告期{snapshot.period.label}，快照编号{snapshot.pk}）"
