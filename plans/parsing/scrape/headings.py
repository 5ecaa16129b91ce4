"""Sections from the part (一、) and sub (（一）) headings, each kept once, and each task's
section; a heading lost in the scrape is noticed from a break in the numbering.
"""

from bisect import bisect_right

from plans.parsing import text as t
from plans.parsing.text import warn


def read_sections(tokens, tasks, plan_warnings):
    """Sections from the headings (each kept once), and each task's section."""
    headings = {}
    for token in tokens:
        if token["kind"] in ("part", "sub") and token["start"] is not None:
            known = headings.setdefault((token["start"], token["kind"] == "sub"), token)
            if (known["value"], known["title"]) != (token["value"], token["title"]):
                warn(
                    plan_warnings,
                    "heading_conflict",
                    f"第{token['line']}行的标题“{token['text']}”与第{known['line']}行的"
                    f"“{known['text']}”位置相同而文字不同，已采用后者。",
                )
    sections, starts, uncertain = _place_headings(
        [headings[k] for k in sorted(headings)], plan_warnings
    )
    for task in tasks:
        number = int(task["number"])
        index = bisect_right([start for start, _ in starts], number) - 1
        task["section"] = starts[index][1] if index >= 0 else None
        for low, high, key, message in uncertain:
            if low <= number <= high:
                task["section"] = key
                warn(task["warnings"], "section_uncertain", message)
    return sections


def _place_headings(headings, plan_warnings):
    """Walk the headings in task order, noticing lost ones from breaks in their numbering.

    Returns (sections, [(start number, section key)], [(low, high, key, message)]). Tasks in
    an uncertain range may belong to a lost heading, so they get only the section that is
    sure (the part), or none when even the part is in doubt. A sub-heading numbered lower
    than the one before it starts a part whose heading was lost: that part gets an untitled
    section with the next numeral (the numbering between its neighbours leaves no choice).
    """
    sections, starts, uncertain = [], [], []
    part, last_sub, previous = None, 0, 0
    for heading in headings:
        start, value = heading["start"], heading["value"]
        gap = (previous + 1, start - 1)
        if heading["kind"] == "part":
            part, last_sub = (
                {"key": str(value), "value": value, "numbering": f"{heading['numeral']}、"},
                0,
            )
            sections.append(
                {
                    "key": part["key"],
                    "numbering": part["numbering"],
                    "title": heading["title"],
                    "parent": None,
                }
            )
            starts.append((start, part["key"]))
            previous = start
            continue
        numbering = f"（{heading['numeral']}）"
        if part and value <= last_sub:
            lost = part["value"] + 1
            part = {"key": str(lost), "value": lost, "numbering": f"{_numeral(lost)}、"}
            sections.append(
                {"key": part["key"], "numbering": part["numbering"], "title": "", "parent": None}
            )
            warn(
                plan_warnings,
                "heading_missing",
                f"“{numbering}{heading['title']}”（自第{start}条起）前的一级标题丢失（小标题序号从"
                f"（{_numeral(last_sub)}）回到{numbering}），已按顺序补一个无标题的"
                f"“{part['numbering']}”，请补录标题。",
            )
            if gap[0] <= gap[1]:
                uncertain.append(
                    (
                        *gap,
                        None,
                        f"本条位于第{previous}条与第{start}条之间，其间丢失了"
                        "一级标题，无法确定本条属于哪一节，请核对。",
                    )
                )
        elif part and value > last_sub + 1 and gap[0] <= gap[1]:
            lost = "".join(f"（{_numeral(n)}）" for n in range(last_sub + 1, value))
            uncertain.append(
                (
                    *gap,
                    part["key"],
                    f"本条位于第{previous}条与第{start}条之间，其间的"
                    f"小标题{lost}已丢失，只能确定属于“{part['numbering']}”部分，请核对。",
                )
            )
            warn(
                plan_warnings,
                "heading_missing",
                f"“{numbering}{heading['title']}”（自第{start}条起）之前的小标题{lost}在抓取"
                f"文本中丢失，第{gap[0]}至{gap[1]}条只归入“{part['numbering']}”部分。",
            )
        last_sub = value
        key = f"{part['key']}.{value}" if part else numbering
        sections.append(
            {
                "key": key,
                "numbering": numbering,
                "title": heading["title"],
                "parent": part["key"] if part else None,
            }
        )
        starts.append((start, key))
        previous = start
    return sections, starts, uncertain


def _numeral(value):
    """1 -> 一, 12 -> 十二 (the inverse of text.chinese_numeral_value, up to 99)."""
    tens, ones = divmod(value, 10)
    if not tens:
        return t.CN_DIGITS[ones]
    return (t.CN_DIGITS[tens] if tens > 1 else "") + "十" + (t.CN_DIGITS[ones] if ones else "")
