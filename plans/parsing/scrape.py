"""Reader for web-scraped task division lists (the layout of 003).

The page is a run of `N.task text(牵头单位：X，责任单位：Y)` with the notice (通知) in front,
but the scrape repeats, shuffles and loses chunks. It was cut into sentences and unit clauses,
and whole runs of them were replaced by copies of earlier runs or of the notice. In 003 every
copied run starts with a unit clause and carries the numbered sentence after it, so the one
adjacency the damage keeps is "clause, then task number": the clause just before `N.` belongs
to task N-1 (wherever a number appears twice, the clauses before it agree). The clause just after a task's text is NOT reliably its own: there the copied
run may begin. The reader therefore:

- ties a clause to task N-1 only when it is directly followed by number N (headings may sit
  between); a task with no such clause gets no units and a warning, never a guessed clause;
- keeps a task's text whole only when the text runs on to its own clause and the next number;
  otherwise only its first sentence is sure, and the rest is flagged, or, when another copy
  shows where the task really ends, reported as a fragment of some other task;
- merges repeated tasks and headings, removes repeated chunks of the notice from task texts,
  and lists the task numbers that never appear.
"""

import re
from bisect import bisect_right

from plans.parsing import text as t
from plans.parsing.outline import plan_info, years_in
from plans.regions import region_named_in

LAYOUT = "scrape"

_NUMERAL = "[一二三四五六七八九十]+"
_TASK_NUMBER = r"\d{1,3}[.．](?!\d)"
_TOKEN = re.compile(
    r"(?P<clause>[(（](?:牵头单位|责任单位)[:：][^()（）]*[)）])"
    rf"|[(（](?P<sub>{_NUMERAL})[)）](?P<subtitle>[^。；()（）]{{1,40}}?)(?=\d{{1,3}}[.．](?!\d))"
    rf"|(?P<part>{_NUMERAL})、(?P<parttitle>[^。；()（）]{{1,40}}?)"
    rf"(?=[(（]{_NUMERAL}[)）]|{_TASK_NUMBER})"
    r"|(?<![\d.．])(?P<number>\d{1,3})[.．](?!\d)"
)
# A task number stands after a clause, a heading, or the end of a sentence; elsewhere
# "3." is part of the text.
_BEFORE_NUMBER = ')）。；;！？!?”"'
_SENTENCE = re.compile(r".*?(?:[。！？!?]|$)")
_CLAUSE_PARTS = re.compile(
    r"^[(（](?:牵头单位[:：](?P<lead>.*?)[，,]?)?(?:责任单位[:：](?P<resp>.*))?[)）]$"
)
_GOVERNMENTS = re.compile(r"^(?P<units>.*)和(?P<govs>[^和]*政府)$")
_REGION_NAME = re.compile(r"(?:市|州|县|区|特区|〕)$")
_SIGNATURE = re.compile(r"(?:人民政府|办公厅|办公室)\d{4}年\d{1,2}月\d{1,2}日|此件公开发布")
_TITLE = re.compile(r"关于印发(.+?)的通知")
_ISSUER = re.compile(r"来源[:：]\s*(\S{2,20}?(?:办公厅|办公室|人民政府))")


def _warn(warnings, code, message):
    warnings.append({"code": code, "message": message})


def _short(text, size=20):
    return text if len(text) <= size else text[:size] + "…"


def looks_like_scrape(text):
    """True when unit clauses run straight into the next task number on the same line.

    In every other layout a task starts on a line of its own; only a scraped web page glues
    `…(牵头单位：…)12.下一项任务` together, and it does so for almost every task.
    """
    glued = re.findall(rf"[(（](?:牵头单位|责任单位)[:：][^()（）\n]*[)）]{_TASK_NUMBER}", text)
    return len(glued) >= 5


def parse_scrape(text, source=""):
    """Parse a scraped division list into the common parse dict.

    Besides the usual keys the parse has "missing_numbers": the task numbers (1 to the
    highest seen) that never appear in the scrape. Raises ValueError when the text is not
    such a scrape (see `looks_like_scrape`).
    """
    if not looks_like_scrape(text):
        raise ValueError("不像网页抓取的分工方案：单位条款后面没有紧接下一条任务的序号。")
    lines = text.splitlines()
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))
    tokens = _tokenize("".join(lines))
    for token in tokens:
        token["line"] = bisect_right(starts, token["pos"])
    _link(tokens)

    plan_warnings = []
    preamble = tokens[0]["text"] if tokens[0]["kind"] == "text" else ""
    plan = _plan_fields(preamble, source, plan_warnings)
    boilerplate = _Boilerplate(preamble, plan["title"])
    copies, clauses = {}, {}
    for index, token in enumerate(tokens):
        if token["kind"] == "number":
            copies.setdefault(token["value"], []).append(_copy(tokens, index, boilerplate))
        elif token["kind"] == "clause" and token["owner"] is not None:
            clauses.setdefault(token["owner"], []).append(token)
    highest = max(copies)
    missing = [n for n in range(1, highest + 1) if n not in copies]
    tasks = [_task(n, copies, clauses, missing, highest) for n in sorted(copies)]
    _report_orphans(tokens, copies, tasks, missing, boilerplate, plan_warnings)
    sections = _sections(tokens, tasks, plan_warnings)
    if missing:
        _warn(
            plan_warnings,
            "numbers_missing",
            f"抓取文本中缺少以下序号的任务（共{len(missing)}条，原文应有1至{highest}条）："
            f"{'、'.join(map(str, missing))}。这些序号没有出现，未生成任务，请对照原件补录。",
        )
    repeated = [str(n) for n in sorted(copies) if len(copies[n]) > 1]
    if repeated:
        _warn(
            plan_warnings,
            "duplicates_merged",
            f"抓取文本中有{len(repeated)}条任务重复出现（第{'、'.join(repeated)}条），已合并为一条。",
        )
    return {
        "plan": plan,
        "sections": sections,
        "tasks": tasks,
        "indicators": [],
        "missing_numbers": missing,
        "warnings": plan_warnings,
    }


def _tokenize(flat):
    """Text, clause, part/sub heading (with its title) and task number tokens, in order."""
    tokens = []
    end = 0
    for match in _TOKEN.finditer(flat):
        kind = next(k for k in ("clause", "sub", "part", "number") if match.group(k))
        start = match.start()
        if kind == "number":
            glued = tokens and tokens[-1]["kind"] != "text" and tokens[-1]["end"] == start
            if not (start == 0 or glued or flat[start - 1] in _BEFORE_NUMBER):
                continue
        if start > end:
            tokens.append({"kind": "text", "text": flat[end:start], "pos": end, "end": start})
        token = {"kind": kind, "text": match.group(), "pos": start, "end": match.end()}
        if kind == "number":
            token["value"] = int(match.group("number"))
        elif kind in ("part", "sub"):
            token["numeral"] = match.group(kind)
            token["value"] = t.chinese_numeral_value(match.group(kind))
            token["title"] = match.group(f"{kind}title").strip()
        tokens.append(token)
        end = match.end()
    if end < len(flat):
        tokens.append({"kind": "text", "text": flat[end:], "pos": end, "end": len(flat)})
    return tokens


def _link(tokens):
    """Give clauses their owner (the number after them, minus one) and headings their start."""
    for index, token in enumerate(tokens):
        if token["kind"] not in ("clause", "part", "sub"):
            continue
        following = index + 1
        while following < len(tokens) and tokens[following]["kind"] in ("part", "sub"):
            following += 1
        ahead = tokens[following] if following < len(tokens) else None
        value = ahead["value"] if ahead and ahead["kind"] == "number" else None
        if token["kind"] == "clause":
            token["next_number"] = value
            token["owner"] = value - 1 if value else None
        else:
            token["start"] = value


class _Boilerplate:
    """The notice in front of the list, to recognise its sentences repeated in the middle."""

    def __init__(self, preamble, title):
        self.preamble = preamble
        self.title = title

    def __contains__(self, sentence):
        core = sentence.strip()
        if len(core) >= 8 and core in self.preamble:
            return True
        return bool(_SIGNATURE.search(core)) or bool(self.title and self.title in core)


def _sentences(text):
    return [s for s in _SENTENCE.findall(text) if s]


def _copy(tokens, index, boilerplate):
    """One appearance of a task number: its text, where it is, and whether its text is closed.

    Closed means the text runs on to the next number k+1 (through the task's own clause), so
    every sentence of it belongs to the task; otherwise only the first sentence is sure.
    """
    after = index + 1
    raw = ""
    if after < len(tokens) and tokens[after]["kind"] == "text":
        raw = tokens[after]["text"]
        after += 1
    kept, removed = [], []
    for sentence in _sentences(raw):
        (removed if sentence in boilerplate else kept).append(sentence)
    clause = tokens[after] if after < len(tokens) and tokens[after]["kind"] == "clause" else None
    while after < len(tokens) and tokens[after]["kind"] in ("clause", "part", "sub"):
        after += 1
    ahead = tokens[after] if after < len(tokens) else None
    next_number = ahead["value"] if ahead and ahead["kind"] == "number" else None
    number = tokens[index]["value"]
    return {
        "line": tokens[index]["line"],
        "sentences": kept,
        "removed": removed,
        "closed": next_number == number + 1,
        "next_number": next_number,
        "clause_after": clause,
        "foreign": [],
    }


def _task(number, copies, clauses, missing, highest):
    warnings = []
    text = _choose_text(number, copies[number], warnings)
    if not text:
        _warn(
            warnings, "text_missing", "本条序号之后没有正文，正文已在抓取中丢失，请对照原件补录。"
        )
    for copy in copies[number]:
        if copy["removed"]:
            _warn(
                warnings,
                "boilerplate_removed",
                f"第{copy['line']}行本条正文后混入了通知原文的重复片段"
                f"“{_short(''.join(copy['removed']), 30)}”，已删除。",
            )
    lead, responsible = _units(number, copies[number], clauses, missing, highest, warnings)
    return {
        "number": str(number),
        "section": None,
        "title": "",
        "annual_target": text,
        "quarter_plans": {"Q1": "", "Q2": "", "Q3": "", "Q4": ""},
        "lead_units": lead,
        "responsible_units": responsible,
        "remarks": "",
        "warnings": warnings,
        "targets": [],
    }


def _choose_text(number, task_copies, warnings):
    """The task text, from the copy whose end is surest.

    A closed copy wins. Without one, every copy's text ends where the scrape was broken, and
    a longer copy may have run on into another task's sentences: the text all copies share
    is kept, and what a longer copy adds is reported (`_report_orphans`), not merged.
    """

    def length(copy):
        return len("".join(copy["sentences"]))

    closed = [c for c in task_copies if c["closed"]]
    shared = [
        c
        for c in task_copies
        if all(o["sentences"][: len(c["sentences"])] == c["sentences"] for o in task_copies)
    ]
    best = max(closed, key=length) if closed else (shared or [max(task_copies, key=length)])[0]
    text = "".join(best["sentences"])
    size = len(best["sentences"])
    for copy in task_copies:
        other = "".join(copy["sentences"])
        if other == text:
            continue
        if copy["sentences"][:size] == best["sentences"]:
            copy["foreign"] = copy["sentences"][size:]
            ends = f"本条的单位条款和第{number + 1}条" if best["closed"] else "另一任务的单位条款"
            _warn(
                warnings,
                "copies_differ",
                f"本条出现多次：第{best['line']}行的一份到“{_short(text[-12:], 12)}”为止，其后是"
                f"{ends}；第{copy['line']}行的一份后面多出“{_short(''.join(copy['foreign']))}”，"
                f"其后接的是第{copy['next_number']}条，多出的文字不能确定属于本条，未并入。",
            )
        else:
            _warn(
                warnings,
                "copies_differ",
                f"本条出现多次且文字不同：已采用第{best['line']}行较完整的一份，"
                f"第{copy['line']}行的一份为“{_short(other, 40)}”，请核对。",
            )
    if not best["closed"] and size > 1:
        _warn(
            warnings,
            "text_uncertain",
            f"本条正文之后不是本条的单位条款和第{number + 1}条，抓取在此处被打乱，第一句之后的"
            f"“{_short(''.join(best['sentences'][1:]))}”可能属于其他任务，请核对。",
        )
    return text


def _units(number, task_copies, clauses, missing, highest, warnings):
    """Lead and responsible units from the clause tied to the task, or none with a warning."""
    seen = clauses.get(number, [])
    if len({c["text"] for c in seen}) == 1:
        lead, responsible, notes = _split_clause(seen[0]["text"])
        warnings.extend(notes)
        return lead, responsible
    if seen:
        listed = "；".join(f"第{c['line']}行“{_short(c['text'], 30)}”" for c in seen)
        _warn(
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
            f"第{clause['line']}行本条正文后紧接“{_short(clause['text'], 30)}”，{belongs}"
        )
    _warn(
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
            _warn(
                notes,
                "units_shared_suffix",
                f"责任单位“{split.group('govs')}”共用“政府”二字，已拆为{'、'.join(governments)}。",
            )
    return t.split_units(match.group("lead") or ""), t.split_units(responsible) + governments, notes


def _is_government_list(text):
    *names, last = text.split("、")
    return all(_REGION_NAME.search(n) for n in [*names, last.removesuffix("政府")])


def _report_orphans(tokens, copies, tasks, missing, boilerplate, plan_warnings):
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
            _warn(
                plan_warnings,
                "orphan_clause",
                f"第{token['line']}行的单位条款“{_short(token['text'], 40)}”{where}，未使用。",
            )
        elif token["kind"] == "text" and index and tokens[index - 1]["kind"] != "number":
            stray = "".join(s for s in _sentences(token["text"]) if s not in boilerplate)
            if stray:
                _warn(
                    plan_warnings,
                    "orphan_text",
                    f"第{token['line']}行有一段文字前面没有任务序号：“{stray}”，未归入任何任务。",
                )
    for number in sorted(copies):
        for copy in (c for c in copies[number] if c["foreign"]):
            owner = copy["next_number"] - 1 if copy["next_number"] else None
            fragment = "".join(copy["foreign"])
            if owner in by_number:
                _warn(
                    by_number[owner]["warnings"],
                    "fragment_nearby",
                    f"第{copy['line']}行重复出现的第{number}条后面有一段文字“{_short(fragment, 40)}”，"
                    "其后是本条的单位条款，可能是本条正文的一部分，未并入，请核对。",
                )
                continue
            guess = f"，可能属于缺失的第{owner}条" if owner in missing else ""
            _warn(
                plan_warnings,
                "orphan_text",
                f"第{copy['line']}行重复出现的第{number}条后面有一段不属于它的文字"
                f"“{fragment}”{guess}，未归入任何任务。",
            )


def _sections(tokens, tasks, plan_warnings):
    """Sections from the headings (each kept once), and each task's section."""
    headings = {}
    for token in tokens:
        if token["kind"] in ("part", "sub") and token["start"] is not None:
            known = headings.setdefault((token["start"], token["kind"] == "sub"), token)
            if (known["value"], known["title"]) != (token["value"], token["title"]):
                _warn(
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
                _warn(task["warnings"], "section_uncertain", message)
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
            _warn(
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
            _warn(
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


def _plan_fields(preamble, source, plan_warnings):
    """Title from 关于印发…的通知, region from the issuing office, years from the title."""
    title_match = _TITLE.search(preamble)
    title = title_match.group(1) if title_match else ""
    if not title:
        _warn(
            plan_warnings, "no_title", "通知中未找到方案标题（关于印发…的通知），请在导入时填写。"
        )
    issuer = _ISSUER.search(preamble)
    region = (region_named_in(issuer.group(1)) if issuer else None) or region_named_in(title)
    if region is None:
        _warn(plan_warnings, "no_region", "未找到印发机关所属地区，请在导入时选择。")
    start, end = years_in(title)
    if start is None:
        _warn(plan_warnings, "no_year", "标题中未找到年度，请在导入时填写。")
    return plan_info(title=title, region=region, start=start, end=end, layout=LAYOUT, source=source)
