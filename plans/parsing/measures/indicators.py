"""The indicators of a measures plan: the goals read clause by clause from the 目标 parts and
the 附件 preambles, and the `|` table of yearly targets (附件1).
"""

import re

from plans.parsing.text import warn

_TIME = re.compile(r"^(?:到|至)?(20\d\d)(?:\s*[-—－–至到]\s*(20\d\d))?年(?:底|末)?")
_LEADING_WORDS = ("确保", "力争", "全县", "开展", "实现", "完成")
_GOAL = re.compile(
    r"^(?P<name>.+?)(?:达到|下降到|降到|提高到|提高至|增长到|为)?(?P<value>\d+(?:\.\d+)?)"
    r"(?P<unit>%|％|万元|亿元|元|万人次|人次|万人|人|万亩|亩|公里|家|个)?(?P<qual>左右|以上|以下)?$"
)
_ASIDE = re.compile(r"《[^》]*》|[（(][^（）()]*[）)]")  # titles and 文号 hold no goals
_TABLE_VALUE = re.compile(r"-?\d+(?:\.\d+)?\s*[%％]|.*增长|持平|[—-]")


def read_goals(lines, result, plan, where):
    """Indicators from goal sentences; a goal restated with the same value is tied to the one
    already read, a new one added, a differing one flagged."""
    for sentence in re.split(r"[;；。]", _ASIDE.sub("", "".join(lines))):
        years = None  # a time phrase holds until the sentence ends
        for clause in re.split(r"[,，]", sentence):
            clause, years = _strip_context(clause.strip(), years)
            if not re.search(r"\d", clause):
                continue
            goal = _GOAL.match(clause)
            if goal is None:
                warn(
                    result["warnings"], "goal_unread", f"{where}目标中的数字未能读出：“{clause}”。"
                )
                continue
            value, name = goal["value"] + (goal["qual"] or ""), goal["name"]
            annual = "年均" in name
            if years is None:
                warn(
                    result["warnings"],
                    "goal_year_assumed",
                    f"{where}目标“{clause}”未写年份，按期末计。",
                )
            year = years[1] if years else plan["period_end"]
            found = _indicator(
                name, goal["unit"] or "", "" if annual else value, year, value if annual else ""
            )
            same = [i for i in result["indicators"] if i["name"] == name and i["year"] == year]
            if not same:
                result["indicators"].append(found)
            elif same[0] != found:
                warn(
                    result["warnings"],
                    "goal_differs",
                    f"{where}重述的目标“{clause}”与前文不一致，请复核。",
                )


def _strip_context(clause, years):
    """The clause without its leading time and scope words, and the years in force."""
    while True:
        if m := _TIME.match(clause):
            years, clause = (int(m[1]), int(m[2] or m[1])), clause[m.end() :]
        elif word := next((w for w in _LEADING_WORDS if clause.startswith(w)), None):
            clause = clause[len(word) :]
        else:
            return clause, years


def _indicator(name, unit, target, year, annual=""):
    return {
        "name": name,
        "unit": unit,
        "baseline": "",
        "target": target,
        "annual": annual,
        "attribute": "",
        "year": year,
        "parent": None,
    }


def read_table(number, title, lines, result):
    """Indicators from a `|` table: a header row (年度 | 类型 | columns...), then year cells and
    rows of a label and one value per column. Empty cells are merged cells."""
    cells = []
    for line in lines:
        parts = line.split("|") if "|" in line else []
        cells += [p.strip() for p in (parts[:-1] if parts and not parts[-1].strip() else parts)]
    first_year = next((i for i, c in enumerate(cells) if re.fullmatch(r"20\d\d", c)), None)
    if first_year is None or first_year < 3 or cells[0] != "年度":
        warn(
            result["warnings"],
            "table_unread",
            f"附件{number}“{title}”的表格未能按“年度 | 类型 | 各列”读取。",
        )
        return
    columns, rows = cells[2:first_year], []  # rows: [year, label, values]
    for cell in filter(None, cells[first_year:]):
        if re.fullmatch(r"20\d\d", cell):
            rows.append([int(cell), None, []])
        elif _TABLE_VALUE.fullmatch(cell) and rows and rows[-1][1]:
            rows[-1][2].append(cell)
        elif _TABLE_VALUE.fullmatch(cell):
            warn(
                result["warnings"],
                "table_cell_unread",
                f"附件{number}表格中“{cell}”前没有行名，未读取。",
            )
        elif rows and rows[-1][1] is None:
            rows[-1][1] = cell
        else:
            rows.append([rows[-1][0] if rows else None, cell, []])
    for year, label, values in rows:
        if len(values) != len(columns) or year is None or not label:
            warn(
                result["warnings"],
                "table_row_mismatch",
                f"附件{number}表格{year}年“{label}”一行有{len(values)}个值，应有{len(columns)}个。",
            )
        for column, value in zip(columns, values, strict=False):
            percent = re.fullmatch(r"(-?\d+(?:\.\d+)?)\s*[%％]", value)
            unit = "%" if percent or column.endswith(("增速", "率")) else ""
            result["indicators"].append(
                _indicator(f"{label or ''}{column}", unit, percent[1] if percent else value, year)
            )
