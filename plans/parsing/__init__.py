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


def parse_document(text, source="", layout=None):
    """Parse a plan document. Raises NotAPlanError for text that is not a plan."""
    if not text or not text.strip():
        raise NotAPlanError("文件为空。")
    layout = layout or detect_layout(text)
    if layout not in LAYOUTS:
        raise NotAPlanError(f"未知的版式“{layout}”，可选：{'、'.join(LAYOUTS)}。")
    try:
        parsed = LAYOUTS[layout][1](text, source=source)
    except ValueError as exc:
        raise NotAPlanError(str(exc)) from exc
    return _with_targets(parsed)


def parse_spreadsheet(data, source=""):
    """Parse an .xlsx plan table (bytes). Raises NotAPlanError for a file that is not one."""
    from plans.parsing.workbook import parse_workbook

    return _with_targets(parse_workbook(data, source=source))


def _with_targets(parsed):
    plan = parsed["plan"]
    for task in parsed["tasks"]:
        if not task.get("targets"):
            task["targets"] = task_targets(task, plan["period_start"], plan["period_end"])
    parsed.setdefault("indicators", [])
    return parsed
