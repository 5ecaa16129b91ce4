"""Reading plan documents into plain data (no ORM).

`parse_document` returns the parse as a dict of the shape documented in the README:
{"plan": {...}, "sections": [...], "tasks": [...], "indicators": [...], "warnings": [...]}.
Each layout has its own module; `detect_layout` picks one from the text, trying the
most specific layouts first.
"""

from plans.parsing.errors import NotAPlanError
from plans.parsing.indicators import looks_like_indicators, parse_indicators
from plans.parsing.measures import looks_like_measures, parse_measures
from plans.parsing.scrape import looks_like_scrape, parse_scrape
from plans.parsing.table import looks_like_table, parse_table
from plans.parsing.targets import task_targets

LAYOUTS = {
    "table": (looks_like_table, parse_table),
    "scrape": (looks_like_scrape, parse_scrape),
    "measures": (looks_like_measures, parse_measures),
    "indicators": (looks_like_indicators, parse_indicators),
}


def detect_layout(text):
    for name, (looks_like, _parse) in LAYOUTS.items():
        if looks_like(text):
            return name
    raise NotAPlanError(
        "无法识别的文件：既没有计划表的表头（序号…牵头单位…责任单位），"
        "也不像已知的计划文件版式（分工方案、行动方案、规划）。"
    )


def parse_document(text, source="", layout=None, *, with_targets=True):
    """Parse a plan document. Raises NotAPlanError for text that is not a plan.
    Without targets, add them with targets_add (after any corrections of the text)."""
    if not text or not text.strip():
        raise NotAPlanError("文件为空。")
    layout = layout or detect_layout(text)
    if layout not in LAYOUTS:
        raise NotAPlanError(f"未知的版式“{layout}”，可选：{'、'.join(LAYOUTS)}。")
    try:
        parsed = LAYOUTS[layout][1](text, source=source)
    except ValueError as exc:
        raise NotAPlanError(str(exc)) from exc
    parsed.setdefault("indicators", [])
    return targets_add(parsed) if with_targets else parsed


def parse_spreadsheet(data, source="", *, limits, with_targets=True):
    """Parse an .xlsx plan table (bytes), within `limits` (archive.Limits). Raises
    NotAPlanError for a file that is not one."""
    from plans.parsing.workbook import parse_workbook

    parsed = parse_workbook(data, source=source, limits=limits)
    return targets_add(parsed) if with_targets else parsed


def parse_word(data, source="", *, limits, with_targets=True):
    """Parse a plan table in a Word file (.docx bytes), within `limits` (archive.Limits).
    Raises NotAPlanError for a file that holds none."""
    from plans.parsing.word import parse_docx

    parsed = parse_docx(data, source=source, limits=limits)
    return targets_add(parsed) if with_targets else parsed


def targets_add(parsed):
    """Fill each task's numeric targets from its (final) text. A plan whose years are unknown
    gets none: a target's period cannot be told (its load is refused until the years are set)."""
    plan = parsed["plan"]
    if not plan.get("period_start") or not plan.get("period_end"):
        return parsed
    for task in parsed["tasks"]:
        if not task.get("targets"):
            task["targets"] = task_targets(task, plan["period_start"], plan["period_end"])
    return parsed
