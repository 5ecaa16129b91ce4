"""The targets of one task: annual targets first, then the quarterly milestones, each linked to
the annual target of the same metric.

A milestone links to the annual target with the same metric, else to the one with the closest
wording and a compatible unit (名 counts as 人); a tie is left unlinked, with a warning. A
magnitude written without a unit takes the linked annual target's unit, or 元 for money;
otherwise it is not a target.
"""

import re

from plans.parsing.targets.clauses import targets_in
from plans.parsing.targets.roles import roles_add
from plans.parsing.text import warn

QUARTERS = ("Q1", "Q2", "Q3", "Q4")

_MONEY_METRIC = re.compile(r"资金|投资|收入|金额|资产|贷款|余额|收益")


def task_targets(task, year_start, year_end):
    """The numeric targets of one parsed task: annual targets first, then quarterly milestones.

    Each target is a dict (metric, comparator, value, unit, value_as_written, period, cumulative,
    direction, source_field, source_text, annual_index, role, own_amount, aspirational, judged,
    year_to_date). A milestone's annual_index is the index, in the returned list, of the annual
    target of the same metric, else None; the last five keys are its part in the quarter's
    judgement (roles.roles_add). Doubts (a number whose metric cannot be read, a unit taken
    from the annual target, an ambiguous link) are appended to task["warnings"].
    """
    warnings = task.setdefault("warnings", [])
    annual = targets_in(task.get("annual_target") or "", "annual", year_start, year_end, warnings)
    annual = [t for t in annual if _settle_unit(t, None, warnings)]
    quarter_plans = task.get("quarter_plans") or {}
    milestones = []
    for quarter in QUARTERS:
        text = quarter_plans.get(quarter) or ""
        for milestone in targets_in(text, quarter, year_start, year_end, warnings):
            index = _link(milestone, annual, warnings)
            if not milestone["metric"]:
                if index is None:
                    continue
                milestone["metric"] = annual[index]["metric"]
            if not _settle_unit(milestone, annual[index] if index is not None else None, warnings):
                continue
            milestone["annual_index"] = index
            # 保持在10%左右 says no direction of its own; it keeps the annual target's.
            if index is not None and not milestone["_direction_said"]:
                milestone["direction"] = annual[index]["direction"]
            milestones.append(milestone)
    targets = annual + milestones
    for target in targets:
        del target["_direction_said"]
    roles_add(targets, warnings)
    return targets


def _settle_unit(target, linked, warnings):
    """Give a magnitude with no unit ("到位资金60亿") the linked annual target's unit, or 元 for
    money; False when no unit can be given (the number is then not a target)."""
    if target["unit"] is not None:
        return True
    if linked is not None:
        target["unit"] = linked["unit"]
    elif _MONEY_METRIC.search(target["metric"]):
        target["unit"] = "元"
    else:
        warn(
            warnings,
            "target_without_unit",
            f"“{target['source_text']}”中的数值{target['value_as_written']}"
            "没有计量单位，未作为目标值。",
        )
        return False
    warn(
        warnings,
        "target_unit_inferred",
        f"“{target['source_text']}”中的{target['value_as_written']}未写单位，"
        f"按“{target['unit']}”计，请复核。",
    )
    return True


def _link(milestone, annual, warnings):
    """Index of the annual target with the same metric as the milestone, or None. A milestone
    written without its metric ("完成3亿元。") belongs to the one annual target of its unit;
    with several, it is left out with a warning."""
    candidates = [i for i, a in enumerate(annual) if _units_match(a["unit"], milestone["unit"])]
    if not milestone["metric"]:
        fitting = [i for i in candidates if annual[i]["unit"] is not None]
        if len(fitting) == 1:
            warn(
                warnings,
                "target_metric_inferred",
                f"{milestone['source_field']}的“{milestone['source_text']}”未写指标，"
                f"按年度目标“{annual[fitting[0]]['metric']}”计，请复核。",
            )
            return fitting[0]
        warn(
            warnings,
            "target_without_metric",
            f"{milestone['source_field']}的“{milestone['source_text']}”中的数值"
            f"{milestone['value_as_written']}未能确定指标名称，未作为目标值。",
        )
        return None
    exact = [i for i in candidates if annual[i]["metric"] == milestone["metric"]]
    if exact:
        return exact[0]
    scored = []
    for i in candidates:
        shared = _bigrams(annual[i]["metric"]) & _bigrams(milestone["metric"])
        if shared:
            # Overlap against the shorter metric, so a long annual wording is not penalised.
            size = min(len(_bigrams(annual[i]["metric"])), len(_bigrams(milestone["metric"])))
            equal = annual[i]["value"] == milestone["value"]
            scored.append((len(shared) / size + (0.1 if equal else 0), i))
    if not scored:
        return None
    scored.sort(reverse=True)
    if len(scored) > 1 and scored[0][0] == scored[1][0]:
        warn(
            warnings,
            "target_link_ambiguous",
            f"{milestone['source_field']}的“{milestone['source_text']}”"
            "可对应多个年度目标，未关联，请人工确认。",
        )
        return None
    return scored[0][1]


def _units_match(a, b):
    if a is None or b is None:
        return True
    people = {"人", "名"}
    return a == b or (a in people and b in people)


def _bigrams(text):
    return {text[i : i + 2] for i in range(len(text) - 1)} or {text}
