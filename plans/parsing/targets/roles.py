"""The part each target plays in a quarter's judgement (DOMAIN.md "Numbers").

`roles_add` gives every target of a task, in place and in this order:
- role: "annual" (a figure of the annual text), "milestone" (a quarterly figure linked to an
  annual target: annual_index set) or "quarter" (a quarterly figure with no annual target of
  its metric: judged only in its own quarter);
- own_amount: the figure's clause says it is the quarter's own amount (新增, 本季度, 当季) and
  does not say 累计; never for annual targets ("第三季度" alone does not count);
- aspirational: 力争 or 争取 before the figure in its clause;
- judged: one figure per judgement: per (annual target, quarter) for milestones, per (metric,
  quarter) for quarter targets; the 累计 one where there is one, else the first not marked
  力争/争取, else the first. Annual figures of one metric (and unit and year) in one sentence
  are alternatives only when one of them is marked 累计 or 力争/争取 (完成X，力争Y): then the
  same choice; plain ones are for different scopes and all judged;
- year_to_date: for judged milestones only, the quarter's milestone as a year-to-date figure in
  the unit of `value`: the 累计 figure as written; an own amount plus the year_to_date of the
  judged milestone of the same annual target in the latest earlier quarter of the year (0 when
  there is none); otherwise the figure as written (warned about when a count or amount does
  not rise above the quarter before). None for every other target.

It reads the private marks the clause reader left on each target (`_own_said`, `_own_in_item`,
`_aspirational`, `_sentence`) and removes them.
"""

from decimal import Decimal

from plans.parsing.text import warn

_QUARTER_NAMES = {"Q1": "一季度", "Q2": "二季度", "Q3": "三季度", "Q4": "四季度"}
_PEOPLE = {"人", "名"}
# Units of rates and ratios: a year-to-date figure of these need not rise.
_NOT_AMOUNTS = {"%", "‰", "个百分点", "百分点", "", "倍", "岁"}


def roles_add(targets, warnings):
    """Add role, own_amount, aspirational, judged and year_to_date to each target (in place).

    targets is one task's list as task_targets builds it: annual targets first, milestones
    after them in quarter order, annual_index pointing into the same list. A figure read as
    the quarter's own amount only because another item of its clause says 新增 is warned about.
    """
    marks = [_marks_pop(target) for target in targets]
    for target, mark in zip(targets, marks, strict=True):
        quarterly = target["source_field"] != "annual"
        if not quarterly:
            target["role"] = "annual"
        else:
            target["role"] = "milestone" if target["annual_index"] is not None else "quarter"
        target["own_amount"] = quarterly and mark["own_said"] and not target["cumulative"]
        target["aspirational"] = mark["aspirational"]
        target["judged"] = False
        target["year_to_date"] = None
        if target["own_amount"] and not mark["own_in_item"]:
            warn(
                warnings,
                "target_own_amount_shared",
                f"{_QUARTER_NAMES[target['source_field']]}计划“{target['source_text']}”中的"
                f"{target['value_as_written']}本身未写“新增”，按同一分句中的“新增”"
                "计为本季度新增量，请复核。",
            )
    groups = {}
    for index, (target, mark) in enumerate(zip(targets, marks, strict=True)):
        groups.setdefault(_judgement_key(target, mark), []).append(index)
    for key, indexes in groups.items():
        if key[0] == "annual" and not any(_marked(targets[i]) for i in indexes):
            # 凯里市、麻江县…5316元/年，其余14个县…5280元/年: plain figures of one metric in
            # one sentence are for different scopes, not alternatives; each is judged.
            for i in indexes:
                targets[i]["judged"] = True
            continue
        targets[_judged_one(targets, indexes)]["judged"] = True
    _year_to_date_add(targets, warnings)


def _marks_pop(target):
    return {
        "own_said": target.pop("_own_said"),
        "own_in_item": target.pop("_own_in_item"),
        "aspirational": target.pop("_aspirational"),
        "sentence": target.pop("_sentence"),
    }


def _judgement_key(target, mark):
    """Targets sharing a key are one judgement: one of them is judged (all, for plain annual
    figures: see roles_add)."""
    if target["source_field"] == "annual":
        # 完成X，力争Y: two figures of one metric in one sentence; the same metric in other
        # sentences (辐射带动增收 after each industry of 001) is another target.
        unit = _unit_family(target["unit"])
        return ("annual", mark["sentence"], target["metric"], unit, target["period"])
    if target["annual_index"] is not None:
        return ("milestone", target["annual_index"], target["period"])
    return ("quarter", target["metric"], _unit_family(target["unit"]), target["period"])


def _marked(target):
    return target["cumulative"] or target["aspirational"]


def _unit_family(unit):
    return "人" if unit in _PEOPLE else unit


def _judged_one(targets, indexes):
    """The judged figure of one judgement (DOMAIN.md, finer points): the 累计 one where there is
    one; else the first not marked 力争/争取; else the first in the text."""
    cumulative = [i for i in indexes if targets[i]["cumulative"]]
    candidates = cumulative or indexes
    firm = [i for i in candidates if not targets[i]["aspirational"]]
    return (firm or candidates)[0]


def _year_to_date_add(targets, warnings):
    """year_to_date of each judged milestone, quarters in order within each year.

    A plain count or amount (neither 累计 nor 新增) that does not rise above the quarter before
    (完成饲料生产计5万吨 in Q2 and in Q3) may be the quarter's own amount after all: it is taken
    as written, and the task is warned.
    """
    reached = {}  # (annual_index, year) -> the latest judged milestone so far
    judged = [t for t in targets if t["role"] == "milestone" and t["judged"]]
    for target in sorted(judged, key=lambda t: t["period"]):
        key = (target["annual_index"], target["period"][:4])
        earlier = reached.get(key)
        if target["own_amount"]:
            target["year_to_date"] = _sum(
                earlier["year_to_date"] if earlier else 0, target["value"]
            )
        else:
            target["year_to_date"] = target["value"]
            if earlier and _not_rising(earlier, target):
                _warn_not_rising(warnings, earlier, target)
        reached[key] = target


def _not_rising(earlier, target):
    amount = target["unit"] not in _NOT_AMOUNTS and "/" not in target["unit"]
    plain = not target["cumulative"] and target["direction"] == "increase"
    return amount and plain and target["year_to_date"] <= earlier["year_to_date"]


def _warn_not_rising(warnings, earlier, target):
    unit = target["unit"]
    warn(
        warnings,
        "target_year_to_date_not_rising",
        f"{_QUARTER_NAMES[target['source_field']]}计划“{target['source_text']}”中的"
        f"{target['value_as_written']}未写“累计”或“新增”，按原文作为年累计目标，"
        f"但不高于{_QUARTER_NAMES[earlier['source_field']]}的"
        f"{_written(earlier['year_to_date'], unit)}；若为本季度新增量，年累计应为"
        f"{_written(_sum(earlier['year_to_date'], target['value']), unit)}，请复核。",
    )


def _written(value, unit):
    """A normalised value as a person writes it: 9100万元, 1.82亿元, 300元."""
    number = Decimal(str(value))
    for size, name in ((10**8, "亿"), (10**4, "万")):
        if abs(number) >= size:
            return f"{(number / size).normalize():f}{name}{unit}"
    return f"{number.normalize():f}{unit}"


def _sum(a, b):
    total = Decimal(str(a)) + Decimal(str(b))
    return int(total) if total == total.to_integral_value() else float(total)
