"""Fonts and sizes of a 公文 (GB/T 9704), named as the standard names them, and the runs and
paragraphs written with them.

Every run names its font for all four scripts (w:rFonts ascii, hAnsi, eastAsia, cs: Word and
WPS pick a Chinese run's font from eastAsia, which python-docx's font.name does not set), so a
run reads the same whatever style it sits in. Where a font is not installed, Word, WPS and
LibreOffice fall back through the font table's alternative name (page.py), to 仿宋 for
仿宋_GB2312, and so on.
"""

from docx.enum.text import WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Emu, Pt, RGBColor, Twips

from progress.text import cell_text

TITLE_FONT = "方正小标宋简体"
HEADING_FONT = "黑体"
SUBHEADING_FONT = "楷体_GB2312"
BODY_FONT = "仿宋_GB2312"
PAGE_NUMBER_FONT = "宋体"
# The installed font each falls back to, and the GB2312 character set (86).
FALLBACKS = {
    TITLE_FONT: "宋体",
    HEADING_FONT: "SimHei",
    SUBHEADING_FONT: "楷体",
    BODY_FONT: "仿宋",
    PAGE_NUMBER_FONT: "SimSun",
}

# Chinese type sizes in points: 初号 42, 小初 36, 一号 26, 二号 22, 三号 16, 四号 14, 五号 10.5.
SIZE_2 = Pt(22)
SIZE_3 = Pt(16)
SIZE_4 = Pt(14)
SIZE_TABLE = Pt(10.5)
MARK_MAX = 36  # 小初: the 发文机关标志 is at most this large, and narrowed to fit one line
RED = RGBColor(0xFF, 0x00, 0x00)

# The grid of GB/T 9704: 22 lines of 28 characters on a 156 × 225 mm 版心.
LINE = Twips(579)  # 225 mm / 22 lines, in twentieths of a point
CHAR = Twips(315)  # a 三号 character set 0.25 pt closer: 28 in 156 mm
TITLE_LINE = Pt(35)
# 三号 characters 0.25 pt closer (in twentieths of a point): 28 of them fit in 156 mm.
TIGHTER = -5


def rfonts_set(rpr, font):
    """Name `font` for every script in run properties `rpr` (a run's or a style's)."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for script in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(script), font)
    fonts.set(qn("w:hint"), "eastAsia")


def fonts_set(owner, font):
    """rfonts_set on a run's or a style's element (anything with get_or_add_rPr)."""
    rfonts_set(owner.get_or_add_rPr(), font)


def run_add(paragraph, text, font=BODY_FONT, size=SIZE_3, *, bold=False, color=None, scale=None):
    """A run of `text` in `font` at `size`; `scale` narrows the characters (percent). Stored
    text from before the text rule may hold control characters XML cannot: left out."""
    run = paragraph.add_run(cell_text(text))
    fonts_set(run._r, font)
    run.font.size = size
    if bold:
        run.font.bold = True
    if color is not None:
        run.font.color.rgb = color
    if size == SIZE_3:
        rpr_put(run, "spacing", str(TIGHTER))
    if scale is not None and scale < 100:
        rpr_put(run, "w", str(scale))
    return run


# The order of a paragraph's properties in WordprocessingML (CT_PPr): an element put out of
# order makes Word refuse the file.
PPR_ORDER = [
    "pStyle",
    "keepNext",
    "keepLines",
    "pageBreakBefore",
    "framePr",
    "widowControl",
    "numPr",
    "suppressLineNumbers",
    "pBdr",
    "shd",
    "tabs",
    "suppressAutoHyphens",
    "kinsoku",
    "wordWrap",
    "overflowPunct",
    "topLinePunct",
    "autoSpaceDE",
    "autoSpaceDN",
    "bidi",
    "adjustRightInd",
    "snapToGrid",
    "spacing",
    "ind",
    "contextualSpacing",
    "mirrorIndents",
    "suppressOverlap",
    "jc",
    "textDirection",
    "textAlignment",
    "textboxTightWrap",
    "outlineLvl",
    "divId",
    "cnfStyle",
    "rPr",
    "sectPr",
    "pPrChange",
]


def _insert(parent, element, later):
    """Insert `element` before the first child named in `later` (tag names without prefix)."""
    names = {qn(f"w:{tag}") for tag in later}
    successor = next((child for child in parent if child.tag in names), None)
    if successor is None:
        parent.append(element)
    else:
        successor.addprevious(element)
    return element


RPR_ORDER = [
    "rStyle",
    "rFonts",
    "b",
    "bCs",
    "i",
    "iCs",
    "caps",
    "smallCaps",
    "strike",
    "dstrike",
    "outline",
    "shadow",
    "emboss",
    "imprint",
    "noProof",
    "snapToGrid",
    "vanish",
    "webHidden",
    "color",
    "spacing",
    "w",
    "kern",
    "position",
    "sz",
    "szCs",
    "highlight",
    "u",
    "effect",
    "bdr",
    "shd",
    "fitText",
    "vertAlign",
    "rtl",
    "cs",
    "em",
    "lang",
    "eastAsianLayout",
    "specVanish",
    "oMath",
]


def rpr_put(run, name, value):
    """Set a run property `name` (spacing, w ...) to `value`, in its place."""
    rpr = run._r.get_or_add_rPr()
    for old in rpr.findall(qn(f"w:{name}")):
        rpr.remove(old)
    element = OxmlElement(f"w:{name}")
    element.set(qn("w:val"), value)
    return _insert(rpr, element, RPR_ORDER[RPR_ORDER.index(name) + 1 :])


def ppr_put(paragraph, element):
    """Put `element` into the paragraph's properties in its place, replacing one of its kind."""
    ppr = paragraph._p.get_or_add_pPr()
    name = element.tag.split("}")[1]
    for old in ppr.findall(element.tag):
        ppr.remove(old)
    later = PPR_ORDER[PPR_ORDER.index(name) + 1 :]
    return _insert(ppr, element, later)


def layout_set(
    paragraph,
    *,
    align=None,
    first_line=0,
    left=0,
    right=0,
    line=LINE,
    before=0,
    after=0,
    grid=True,
):
    """Indents in characters of the grid (Word and WPS read the *Chars attributes, others the
    absolute ones, which are set too), an exact line height (None: single), space before and
    after, and whether the paragraph keeps to the document grid (text larger or smaller than
    三号 does not, or its characters would be spaced as 三号 ones)."""
    fmt = paragraph.paragraph_format
    if align is not None:
        fmt.alignment = align
    fmt.first_line_indent = Emu(round(CHAR * first_line)) if first_line else None
    fmt.left_indent = Emu(round(CHAR * left)) if left else None
    fmt.right_indent = Emu(round(CHAR * right)) if right else None
    fmt.space_before = before
    fmt.space_after = after
    if line is None:
        fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
    else:
        fmt.line_spacing = line
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    ind = paragraph._p.get_or_add_pPr().find(qn("w:ind"))
    for name, chars in (("firstLineChars", first_line), ("leftChars", left), ("rightChars", right)):
        if ind is not None and chars:
            ind.set(qn(f"w:{name}"), str(round(chars * 100)))
    if not grid:
        snap = OxmlElement("w:snapToGrid")
        snap.set(qn("w:val"), "0")
        ppr_put(paragraph, snap)
    return paragraph


def border_set(paragraph, side, *, size_eighths, color="000000", space=0):
    """A line along one side of the paragraph (the red line under the 文号, the 版记 lines):
    `size_eighths` in eighths of a point, `space` its distance from the text in points."""
    ppr = paragraph._p.get_or_add_pPr()
    borders = ppr.find(qn("w:pBdr"))
    if borders is None:
        borders = ppr_put(paragraph, OxmlElement("w:pBdr"))
    line = OxmlElement(f"w:{side}")
    line.set(qn("w:val"), "single")
    line.set(qn("w:sz"), str(size_eighths))
    line.set(qn("w:space"), str(space))
    line.set(qn("w:color"), color)
    # top, left, bottom, right, between: in this order
    order = ["top", "left", "bottom", "right", "between", "bar"]
    _insert(borders, line, order[order.index(side) + 1 :])
