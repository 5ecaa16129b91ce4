"""Each 附件 of a measures plan: its title, its headings as sections, its numbered measures as
tasks, and the goals in its preamble.

A 附件 that is mostly `|` cells is the table of yearly targets (indicators.read_table). A
measure's text runs on over wrapped lines until its unit clause; a gap or a step back in the
numbering is warned, and a repeated number or heading key gets a "#" mark.
"""

from plans.parsing import text as t
from plans.parsing.measures.clauses import read_measure, split_clause
from plans.parsing.measures.indicators import read_goals, read_table
from plans.parsing.measures.lines import MEASURE, PART, SUBPART
from plans.parsing.text import warn


def read_attachment(number, lines, first_line_no, result, plan):
    """Sections, measures and goals of one 附件; a `|` table becomes indicators."""
    title_lines = []
    for line in lines:
        if not line or len(line) > 40 or t.ends_sentence(line) or "|" in line:
            break
        if PART.match(line) or MEASURE.match(line):
            break
        title_lines.append(line)
    title, body = "".join(title_lines), lines[len(title_lines) :]
    if sum(1 for line in body if line.endswith("|")) >= 5:
        read_table(number, title, body, result)
        return
    key = f"附件{number}"
    result["sections"].append({"key": key, "numbering": key, "title": title, "parent": None})
    raws = _walk_attachment(number, key, body, first_line_no + len(title_lines), result, plan)
    if not raws:
        warn(
            result["warnings"],
            "attachment_unread",
            f"附件{number}“{title}”既无编号措施也非表格，未读取。",
        )
    township = None
    for raw in raws:
        task, note_units = read_measure(raw, township)
        result["tasks"].append(task)
        if note_units and township is None:
            township = note_units
            warn(
                result["warnings"],
                "units_added_by_note",
                f"措施{raw['number']}注明“各项措施责任单位均包括{'、'.join(note_units)}，"
                f"以下不再列出”，已将其加入附件{number}之后各条措施的责任单位。",
            )


def _walk_attachment(number, key, lines, first_line_no, result, plan):
    """Sections of the 附件 into result, and its measures as raw dicts (number, text, section)."""
    warnings = result["warnings"]
    counts = {"part": 0, "sub": 0}
    part_key, section, part_title = None, key, ""
    goal_lines, raws, current, expected = [], [], None, 1
    for line_no, line in enumerate(lines, start=first_line_no):
        part, sub, measure = PART.match(line), SUBPART.match(line), MEASURE.match(line)
        if part or (sub and part_key):
            level, numeral = ("part", part[1]) if part else ("sub", sub[1])
            value, heading = t.chinese_numeral_value(numeral), (part or sub)[2].split("。")[0]
            if value != counts[level] + 1:
                warn(
                    warnings,
                    "heading_out_of_order",
                    f"附件{number}第{line_no}行标题序号不连续：{line[:20]}",
                )
            counts[level] = value
            if part:
                counts["sub"], part_title = 0, heading
                parent, numbering = key, f"{numeral}、"
                section = part_key = _unique(
                    f"{key}.{value}", [s["key"] for s in result["sections"]]
                )
            else:
                parent, numbering = part_key, f"（{numeral}）"
                section = _unique(f"{part_key}.{value}", [s["key"] for s in result["sections"]])
            result["sections"].append(
                {"key": section, "numbering": numbering, "title": heading, "parent": parent}
            )
            current = None
        elif measure:
            value = int(measure[1])
            if value > expected:
                missing = "、".join(str(n) for n in range(expected, value))
                warn(
                    warnings,
                    "number_gap",
                    f"附件{number}“{part_title}”第{line_no}行："
                    f"措施序号从{expected - 1}跳到{value}，缺少{missing}。",
                )
            elif value < expected:
                warn(
                    warnings,
                    "number_out_of_order",
                    f"附件{number}第{line_no}行：措施序号"
                    f"{value}出现在{expected - 1}之后（重复或错乱），请复核。",
                )
            written = _unique(f"{number}-{value}", [raw["number"] for raw in raws])
            expected = max(expected, value + 1)
            current = {
                "number": written,
                "section": section,
                "text": measure[2],
                "line_no": line_no,
            }
            raws.append(current)
        elif current is not None and split_clause(current["text"])[1] is None:
            current["text"] += line  # a wrapped measure: lines join with no separator
        elif current is not None and line:
            warn(warnings, "orphan_text", f"附件{number}第{line_no}行不属于任何措施：{line[:40]}")
        elif part_key is None or "目标" in part_title or "总体要求" in part_title:
            goal_lines.append(line)
    read_goals(goal_lines, result, plan, f"附件{number}")
    return raws


def _unique(key, taken):
    """key, or key with "#" marks when a repeated heading or number has taken it already."""
    while key in taken:
        key += "#"
    return key
