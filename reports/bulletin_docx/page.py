"""The page of a 公文 (GB/T 9704): A4, 天头 37 mm, 订口 28 mm, 版心 156 × 225 mm (so bottom
35 mm, right 26 mm), 22 lines of 28 characters; the page number "— 1 —" in 四号 宋体 7 mm
below the 版心, on the right of odd pages and the left of even ones, one character in; the
document's own defaults (三号 仿宋_GB2312, Chinese language) and the fonts' fallbacks.
"""

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm
from lxml import etree

from reports.bulletin_docx.fonts import (
    BODY_FONT,
    FALLBACKS,
    LINE,
    PAGE_NUMBER_FONT,
    SIZE_3,
    SIZE_4,
    fonts_set,
    layout_set,
    rfonts_set,
    run_add,
)
from reports.bulletin_xlsx.layout import display_width

PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
TOP, BOTTOM, LEFT, RIGHT = Mm(37), Mm(35), Mm(28), Mm(26)
# The page number's dashes 7 mm below the 版心 (262 mm from the top): a 四号 line whose
# bottom is this far above the paper's edge has its dashes about there.
FOOTER_DISTANCE = Mm(25)
HEADER_DISTANCE = Mm(15)
LINES_PER_PAGE, CHARS_PER_LINE = 22, 28
# The line grid: 579 twips a line (225 mm / 22). Characters are not put on a grid: a
# character grid of 28 (Word's charSpace) is narrower than a 三号 character, and LibreOffice
# then gives each character two cells; 三号 runs are set 0.25 pt closer instead (fonts.py).
LINE_PITCH = 579
DASH = "—"


def document_new():
    """An empty python-docx document with the 公文's defaults, fonts and page. python-docx's
    template starts with one empty paragraph: it is removed, so the document starts with
    ours."""
    doc = Document()
    defaults_set(doc)
    fonts_declare(doc)
    page_setup(doc)
    for paragraph in list(doc.paragraphs):
        paragraph._p.getparent().remove(paragraph._p)
    return doc


def page_setup(document):
    """A4 portrait, the margins and grid of GB/T 9704, page numbers on every page."""
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.top_margin, section.bottom_margin = TOP, BOTTOM
    section.left_margin, section.right_margin = LEFT, RIGHT
    section.header_distance, section.footer_distance = HEADER_DISTANCE, FOOTER_DISTANCE
    section.gutter = 0
    grid = section._sectPr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        section._sectPr.append(grid)
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(LINE_PITCH))
    document.settings.odd_and_even_pages_header_footer = True
    section.different_first_page_header_footer = False
    _page_number(section.footer, odd=True)
    _page_number(section.even_page_footer, odd=False)


def _field_char(paragraph, kind):
    run = run_add(paragraph, "", PAGE_NUMBER_FONT, SIZE_4)
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    run._r.append(char)
    return run


def _page_number(footer, *, odd):
    """ "— N —": N is Word's PAGE field (its cached value 1), the dashes 一字线."""
    footer.is_linked_to_previous = False
    paragraph = footer.paragraphs[0]
    for run in list(paragraph.runs):
        run._r.getparent().remove(run._r)
    layout_set(
        paragraph,
        align=WD_ALIGN_PARAGRAPH.RIGHT if odd else WD_ALIGN_PARAGRAPH.LEFT,
        right=1 if odd else 0,
        left=0 if odd else 1,
        line=None,
        grid=False,
    )
    run_add(paragraph, f"{DASH} ", PAGE_NUMBER_FONT, SIZE_4)
    _field_char(paragraph, "begin")
    instruction = run_add(paragraph, "", PAGE_NUMBER_FONT, SIZE_4)
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = " PAGE "
    instruction._r.append(text)
    _field_char(paragraph, "separate")
    run_add(paragraph, "1", PAGE_NUMBER_FONT, SIZE_4)
    _field_char(paragraph, "end")
    run_add(paragraph, f" {DASH}", PAGE_NUMBER_FONT, SIZE_4)


def defaults_set(document):
    """The document's defaults: 三号 仿宋_GB2312, Chinese, exact lines of the grid, no space
    between paragraphs; the Normal style the same."""
    styles = document.styles.element
    rpr_default = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault"))
    rpr = rpr_default.find(qn("w:rPr"))
    for old in list(rpr):
        rpr.remove(old)
    rfonts_set(rpr, BODY_FONT)
    for tag, value in (("w:sz", "32"), ("w:szCs", "32")):
        size = OxmlElement(tag)
        size.set(qn("w:val"), value)
        rpr.append(size)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")
    lang.set(qn("w:bidi"), "ar-SA")
    rpr.append(lang)
    normal = document.styles["Normal"]
    fonts_set(normal.element, BODY_FONT)
    normal.font.size = SIZE_3
    fmt = normal.paragraph_format
    fmt.space_before = fmt.space_after = 0
    fmt.line_spacing = LINE
    fmt.widow_control = False


def fonts_declare(document):
    """Declare each font in the font table with the installed font it falls back to (altName)
    and its GB2312 character set, so that a machine without 仿宋_GB2312 shows 仿宋, and so on."""
    part = document.part.part_related_by(RT.FONT_TABLE)
    root = etree.fromstring(part.blob)
    for font, fallback in FALLBACKS.items():
        for old in root.findall(qn("w:font")):
            if old.get(qn("w:name")) == font:
                root.remove(old)
        element = etree.SubElement(root, qn("w:font"))
        element.set(qn("w:name"), font)
        for tag, value in (
            ("w:altName", fallback),
            ("w:charset", "86"),
            ("w:family", "modern" if font != PAGE_NUMBER_FONT else "auto"),
            ("w:pitch", "fixed" if font != PAGE_NUMBER_FONT else "variable"),
        ):
            etree.SubElement(element, qn(tag)).set(qn("w:val"), value)
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def chars_width(text):
    """The width of `text` in characters of the grid: a Chinese character is one, a digit or a
    Latin letter half."""
    return display_width(text) / 2
