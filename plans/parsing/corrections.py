"""Reviewed corrections applied on top of a parse.

A corrections file is JSON:

    {"source": "000_c5d4690d8c15b8df.txt",
     "corrections": [
        {"task": "52", "field": "quarter_plans.Q2", "was": "...", "value": "...",
         "reason": "what the source lost and why the fix is right"},
        {"task": "10", "resolves": ["cells_on_one_line"], "reason": "checked against the PDF"},
        {"plan": "title", "was": "...", "value": "...", "reason": "..."}
     ]}

Every entry states the value it expects to replace ("was"): when the parser's output changes, a
correction that no longer fits fails loudly instead of overwriting something else. A correction may
also mark warnings of the task as reviewed ("resolves"): they stay visible but stop flagging it.
"""

import copy
import json
from pathlib import Path

from plans.parsing.errors import CorrectionError

TASK_FIELDS = {
    "annual_target",
    "title",
    "lead_units",
    "responsible_units",
    "remarks",
    "section",
    "quarter_plans.Q1",
    "quarter_plans.Q2",
    "quarter_plans.Q3",
    "quarter_plans.Q4",
}
PLAN_FIELDS = {"title", "level", "region", "period_start", "period_end", "reporting_deadlines"}


def load_corrections(path):
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise CorrectionError(f"无法读取更正文件 {path.name}：{exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("corrections"), list):
        raise CorrectionError(f'更正文件 {path.name} 格式不对：需要 {{"corrections": [...]}}。')
    return data


def apply_corrections(parse, corrections, *, add_targets=None):
    """A copy of parse with the corrections applied. Raises CorrectionError if one does not fit.

    `add_targets(parse)`, when given, runs between the corrections of the text and the
    marking of warnings as reviewed, so the numeric targets are read from the corrected text
    and a correction may resolve a warning about a target.
    """
    parse = copy.deepcopy(parse)
    _apply_values(parse, corrections)
    if add_targets:
        parse = add_targets(parse)
    _apply_resolves(parse, corrections)
    return parse


def _entries(corrections):
    for index, entry in enumerate(corrections.get("corrections", []), start=1):
        reason = (entry.get("reason") or "").strip()
        if not reason:
            raise CorrectionError(f"第{index}条更正没有写明理由（reason）。")
        yield index, entry, reason


def _task(parse, entry, index):
    number = str(entry.get("task", ""))
    for task in parse["tasks"]:
        if task["number"] == number:
            return task
    raise CorrectionError(f"第{index}条更正指向不存在的任务“{number}”。")


def _apply_values(parse, corrections):
    for index, entry, reason in _entries(corrections):
        if "plan" in entry:
            _apply_plan(parse["plan"], entry, index, reason)
        elif "field" in entry:
            _apply_field(_task(parse, entry, index), entry, index, reason)


def _apply_resolves(parse, corrections):
    for index, entry, reason in _entries(corrections):
        if "plan" in entry or not entry.get("resolves"):
            continue
        task = _task(parse, entry, index)
        for code in entry["resolves"]:
            matching = [w for w in task["warnings"] if w["code"] == code]
            if not matching:
                raise CorrectionError(
                    f"第{index}条更正要复核任务{task['number']}的提示“{code}”，但解析结果中没有这条提示。"
                )
            for warning in matching:
                warning["reviewed"] = reason


def _apply_field(task, entry, index, reason):
    field = entry["field"]
    if field not in TASK_FIELDS:
        raise CorrectionError(f"第{index}条更正的字段“{field}”不可更正。")
    container, key = (task["quarter_plans"], field.split(".")[1]) if "." in field else (task, field)
    if container.get(key) != entry.get("was"):
        raise CorrectionError(
            f"第{index}条更正不再适用：任务{task['number']}的{field}现为“{container.get(key)}”，"
            f"不是更正所针对的“{entry.get('was')}”。"
        )
    container[key] = entry["value"]
    task.setdefault("corrections", []).append(
        {"field": field, "was": entry["was"], "value": entry["value"], "reason": reason}
    )


def _apply_plan(plan, entry, index, reason):
    field = entry["plan"]
    if field not in PLAN_FIELDS:
        raise CorrectionError(f"第{index}条更正的计划字段“{field}”不可更正。")
    if plan.get(field) != entry.get("was"):
        raise CorrectionError(
            f"第{index}条更正不再适用：计划的{field}现为“{plan.get(field)}”，"
            f"不是更正所针对的“{entry.get('was')}”。"
        )
    plan[field] = entry["value"]
    plan.setdefault("corrections", []).append(
        {"field": field, "was": entry["was"], "value": entry["value"], "reason": reason}
    )
