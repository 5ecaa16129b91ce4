"""Tying unit clauses to tasks, and reporting what belongs to no task.

A clause belongs to task N-1 only when number N follows it; a task without such a clause gets no
units and a warning. `(牵头单位：X，责任单位：Y)` gives the lead and responsible units, with the
governments joined by 和 split off. Clauses and texts that no task owns (mostly those of lost
numbers) are reported.
"""

import re

from plans.parsing import text as t
from plans.parsing.scrape.chunks import sentences
from plans.parsing.scrape.tokens import short
from plans.parsing.text import warn

_CLAUSE_PARTS = re.compile(
    r"^[(（](?:牵头单位[:：](?P<lead>.*?)[，,]?)?(?:责任单位[:：](?P<resp>.*))?[)）]$"
)
_GOVERNMENTS = re.compile(r"^(?P<units>.*)和(?P<govs>[^和]*政府)$")
_REGION_NAME = re.compile(r"(?:市|州|县|区|特区|〕)$")


def task_units(number, task_copies, clauses, missing, highest, warnings):
    """Lead and responsible units from the clause tied to the task, or none with a warning."""
    seen = clauses.get(number, [])
    if len({c["text"] for c in seen}) == 1:
        lead, responsible, notes = _split_clause(seen[0]["text"])
        warnings.extend(notes)
        return lead, responsible
    if seen:
        listed = "；".join(f"第{c['line']}行“{short(c['text'], 30)}”" for c in seen)
        warn(
            warnings,
            "units_untied",
            f"第{number + 1}条前面出现了不同的单位条款：{listed}，无法确定哪一个属于本条。"
            "本条的牵头单位和责任单位暂空，请对照原件补录。",
        )
        return [], []
    if number == highest:
        why = "本条是抓取文本中序号最大的一条，其后没有下一条序号可以确认本条的单位条款"
    elif number + 1 in missing:
        why = f"第{number + 1}条在抓取文本中缺失，本条的单位条款随之丢失"
    else:
        why = f"第{number + 1}条前面没有单位条款"
    seen_after = []
    for clause in filter(None, (c["clause_after"] for c in task_copies)):
        belongs = (
            f"其后是第{clause['next_number']}条，该条款属于第{clause['owner']}条"
            if clause["owner"] is not None
            else "其后没有序号，无法确定归属"
        )
        seen_after.append(
            f"第{clause['line']}行本条正文后紧接“{short(clause['text'], 30)}”，{belongs}"
        )
    warn(
        warnings,
        "units_untied",
        f"{why}；{'；'.join(seen_after) or '本条正文后没有紧接单位条款'}。"
        "本条的牵头单位和责任单位无法确定，请对照原件补录。",
    )
    return [], []


def _split_clause(clause):
    """(lead units, responsible units, warnings) from `(牵头单位：X，责任单位：Y)`.

    "…等单位和各市〔州〕政府" ends with governments joined by 和; a list of places sharing
    one 政府 ("遵义市、毕节市政府") is one government each, and says so in a warning.
    """
    match = _CLAUSE_PARTS.match(clause)
    responsible = match.group("resp") or ""
    notes, governments = [], []
    split = _GOVERNMENTS.match(responsible)
    if split and _is_government_list(split.group("govs")):
        responsible = split.group("units")
        *shared, last = split.group("govs").split("、")
        governments = [name + "政府" for name in shared] + [last]
        if shared:
            warn(
                notes,
                "units_shared_suffix",
                f"责任单位“{split.group('govs')}”共用“政府”二字，已拆为{'、'.join(governments)}。",
            )
    return t.split_units(match.group("lead") or ""), t.split_units(responsible) + governments, notes


def _is_government_list(text):
    *names, last = text.split("、")
    return all(_REGION_NAME.search(n) for n in [*names, last.removesuffix("政府")])


def report_orphans(tokens, copies, tasks, missing, boilerplate, plan_warnings):
    """Warn about clauses and texts that belong to no task (mostly those of lost numbers)."""
    by_number = {int(task["number"]): task for task in tasks}
    for index, token in enumerate(tokens):
        if token["kind"] == "clause" and token["owner"] not in by_number:
            owner, ahead = token["owner"], token["next_number"]
            where = (
                "其后没有任务序号，无法确定属于哪一条"
                if owner is None
                else f"位于第{ahead}条之前，按规律属于第{owner}条，但第{owner}条"
                + ("缺失" if owner in missing else "不存在")
            )
            warn(
                plan_warnings,
                "orphan_clause",
                f"第{token['line']}行的单位条款“{short(token['text'], 40)}”{where}，未使用。",
            )
        elif token["kind"] == "text" and index and tokens[index - 1]["kind"] != "number":
            stray = "".join(s for s in sentences(token["text"]) if s not in boilerplate)
            if stray:
                warn(
                    plan_warnings,
                    "orphan_text",
                    f"第{token['line']}行有一段文字前面没有任务序号：“{stray}”，未归入任何任务。",
                )
    for number in sorted(copies):
        for copy in (c for c in copies[number] if c["foreign"]):
            owner = copy["next_number"] - 1 if copy["next_number"] else None
            fragment = "".join(copy["foreign"])
            if owner in by_number:
                warn(
                    by_number[owner]["warnings"],
                    "fragment_nearby",
                    f"第{copy['line']}行重复出现的第{number}条后面有一段文字“{short(fragment, 40)}”，"
                    "其后是本条的单位条款，可能是本条正文的一部分，未并入，请核对。",
                )
                continue
            guess = f"，可能属于缺失的第{owner}条" if owner in missing else ""
            warn(
                plan_warnings,
                "orphan_text",
                f"第{copy['line']}行重复出现的第{number}条后面有一段不属于它的文字"
                f"“{fragment}”{guess}，未归入任何任务。",
            )
