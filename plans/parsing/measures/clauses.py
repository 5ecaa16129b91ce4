"""A numbered measure as a task: its unit clause split off and read into lead and responsible
units.

The clause ends the measure (`(责任单位:X、Y等,各乡(镇、街道))`, `(牵头单位:X;责任单位:Y)`) and may
hold brackets of its own, so it is matched from the end and split outside brackets. Without a
lead unit the first concrete responsible unit is proposed, with a warning.
"""

import re

from plans.parsing import text as t
from plans.parsing.text import warn

_UNIT_LABEL = re.compile(r"(牵头单位|责任单位|配合单位)\s*[:：]")
_CLAUSE_NOTE = re.compile(r"^各项措施责任单位均包括(.+?)[,，]以下不再列出$")
_OPEN, _CLOSE = "(（〈<〔[", ")）〉>〕]"


def read_measure(raw, township):
    """One task from a raw measure; also the units a clause note adds to later measures."""
    warnings = []
    text, removed = t.remove_stray_number_spaces(raw["text"])
    if removed:
        spot = re.search(r".{0,6}(?:\d[ \t\u3000]+|[ \t\u3000]+\d).{0,4}", raw["text"])[0]
        warn(
            warnings, "space_in_number", f"第{raw['line_no']}行数字中有多余空格，已删除：“{spot}”。"
        )
    body, inner = split_clause(text)
    lead, responsible, remarks, note_units = [], [], "", None
    if inner is None:
        warn(
            warnings,
            "no_unit_clause",
            "该措施文末没有单位说明（责任单位/牵头单位），没有牵头单位，请指定。",
        )
    else:
        fields, remarks = _read_clause(inner, warnings)
        lead = _units(fields.get("牵头单位", ""), warnings)
        responsible = _units(
            fields.get("责任单位", "") + "、" + fields.get("配合单位", ""), warnings
        )
        if note := _CLAUSE_NOTE.match(remarks):
            note_units = _units(note[1], warnings)
        elif remarks:
            warn(
                warnings,
                "clause_note_unread",
                f"单位说明中的附注未能读出，已放入备注：“{remarks}”。",
            )
        if not lead:
            lead = _proposed_lead(responsible, "牵头单位" in fields, warnings)
    # The note speaks of the measures' unit clauses; an item without a clause (the
    # safeguards of 强化攻坚保障) gets no units from it.
    if township and inner is not None:
        responsible += [unit for unit in township if unit not in responsible]
    first, stop, _rest = body.partition("。")
    named = stop and len(first) <= 20 and not re.search(r"[,，;；:：]", first)
    return {
        "number": raw["number"],
        "section": raw["section"],
        "title": first if named else "",
        "annual_target": body,
        "quarter_plans": {"Q1": "", "Q2": "", "Q3": "", "Q4": ""},
        "lead_units": lead,
        "responsible_units": responsible,
        "remarks": remarks,
        "warnings": warnings,
        "targets": [],
    }, note_units


def _proposed_lead(responsible, lead_label_written, warnings):
    """The first listed unit that is not a collective phrase, as a provisional lead. The task is
    flagged either way: the document does not say that the first unit leads."""
    concrete = [unit for unit in responsible if not unit.startswith("各")]
    code = "lead_unit_blank" if lead_label_written else "no_lead_unit"
    said = "原文“牵头单位:”后为空" if lead_label_written else "文件未写明牵头单位"
    if not concrete:
        warn(warnings, code, f"{said}，所列单位均为集体单位，请指定牵头单位。")
        return []
    warn(
        warnings,
        code,
        f"{said}；暂以所列第一个责任单位“{concrete[0]}”为牵头单位"
        "（所列单位均为责任单位），请复核。",
    )
    return concrete[:1]


def split_clause(text):
    """(text before, clause inside its brackets) when text ends with a unit clause, else
    (text, None). The clause may hold brackets of its own ("各乡(镇、街道)"): match from the end."""
    text = text.rstrip()
    depth = 0
    for index in range(len(text) - 1, -1, -1) if text.endswith((")", "）")) else ():
        depth += (text[index] in ")）") - (text[index] in "(（")
        if depth == 0:
            inner = text[index + 1 : -1].strip()
            return (text[:index].rstrip(), inner) if _UNIT_LABEL.match(inner) else (text, None)
    return text, None


def top_level_split(text, separators):
    """Split at separators outside brackets, so "各乡(镇、街道)" stays one piece."""
    parts, depth, current = [], 0, ""
    for char in text:
        depth += (char in _OPEN) - (char in _CLOSE and depth > 0)
        if depth == 0 and char in separators:
            parts.append(current)
            current = ""
        else:
            current += char
    return [*parts, current]


def _read_clause(inner, warnings):
    """{label: unit text} of a clause, and the note after its first 。 (or "")."""
    pieces = top_level_split(inner, "。")
    units_text, note = pieces[0], "。".join(pieces[1:]).strip("。 ")
    labels = list(_UNIT_LABEL.finditer(units_text))
    if labels[0].start() > 0:
        warn(
            warnings,
            "clause_prefix",
            f"单位说明开头有未读出的文字：“{units_text[: labels[0].start()]}”。",
        )
    fields = {}
    for index, label in enumerate(labels):
        end = labels[index + 1].start() if index + 1 < len(labels) else len(units_text)
        fields[label[1]] = units_text[label.end() : end].strip(" ;；,，、")
    return fields, note


def _units(cell, warnings):
    """Unit names as written: split outside brackets, a trailing 等 dropped."""
    names = []
    for raw in top_level_split(cell, "、，,；;"):
        name = re.sub(r"(等单位|等部门|等)$", "", raw.strip())
        if name and (re.search(r"[0-9。：:]", name) or len(name) > 30):
            warn(warnings, "unit_unclear", f"“{name}”不像单位名称，请复核。")
        names += [name] if name else []
    return names
