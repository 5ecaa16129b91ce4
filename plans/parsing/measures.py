"""Reader for county action plans written as numbered measures (the layout of 001).

Such a plan is a 印发 letter, the plan's prose (工作目标 with headline targets, the leading group
and its 工作专班, 实施保障) and 附件: a table of yearly targets cut one cell a line with `|`
separators, and action plans whose numbered measures end in a unit clause
`(责任单位:X、Y等,各乡(镇、街道))` or `(牵头单位:X;责任单位:Y)`.

What the parse holds, and the choices made:
- sections: each measures 附件 is a top-level section (key "附件2"); its 一、 headings are
  "附件2.1"..., its （一） headings "附件3.2.1"... The 附件1 table and the main text hold no tasks
  and give no sections.
- tasks: one per numbered measure, numbered "<附件>-<measure number as written>" ("2-1", "3-11"),
  so numbers stay unique although every 附件 restarts at 1 and a gap in the source stays visible
  (warned); a repeated number or heading gets a "#" mark ("2-1#") and a warning.
  annual_target is the measure text without its unit clause; title is the measure's name where
  its first sentence is a short name ("深化东西部劳务协作促增收").
- units: all units of 责任单位 are responsible units. When the clause names no lead unit (or leaves
  牵头单位 blank), the first listed unit that is not a collective phrase (各…) becomes the lead so
  that every task has someone answering for it, and the task carries a warning ("no_lead_unit" or
  "lead_unit_blank") because the document does not say the first unit leads. A clause note such as
  "各项措施责任单位均包括各乡(镇、街道),以下不再列出" adds that unit to the later measures of the
  same 附件 (one plan warning says so) and is kept in the remarks of the measure carrying it.
- indicators: the goals of every 目标 part and of the 附件 preambles / 总体要求, read clause by
  clause: an annual-average growth ("年均增长10%左右") is one indicator with annual "10左右" and
  year the span's end (2024), since 附件1 gives the growth per year; a level ("到2024年…达到
  48594.8元") has target and year. A leading 全县 (the plan's own scope) is left out of the name.
  A goal the 附件 restate with the same value is tied to the headline one; a new one is added.
  The `|` table gives one indicator per year x row x column ("城镇常住居民工资性收入增速", 2022,
  target "10", unit "%"); words such as 正增长 are kept as the target.
- bodies: the leading group and its 工作专班 with the unit hosting each office and the leader's
  line as written ("刘 洁 县委副书记、县人民政府县长").
- plan.reporting_deadlines from "分别于3月18日、6月18日、9月18日、12月18日前报送".
Other prose (指导思想, 保障措施 paragraphs, member lists) is not kept: it holds no task.
"""

import re

from plans.parsing import text as t
from plans.parsing.outline import plan_info, years_in
from plans.regions import region_named_in

LAYOUT = "measures"

_NUMERAL = "一二三四五六七八九十"
_ATTACHMENT = re.compile(r"^附件\s*(\d{1,2})$")
_ATTACHMENT_LIST = re.compile(r"^(?:附件[:：]\s*)?(\d{1,2})[.．、]\s*\S")
_PART = re.compile(rf"^([{_NUMERAL}]+)、\s*(.+)$")
_SUBPART = re.compile(rf"^[（(]([{_NUMERAL}]+)[）)]\s*(.+)$")
_MEASURE = re.compile(r"^(\d{1,3})\s*[.．、](?!\d)\s*(.*)$")
_MEASURE_WITH_CLAUSE = re.compile(r"^\d{1,3}[.．、].*[（(](?:牵头单位|责任单位)[:：].*[)）]$")
_UNIT_LABEL = re.compile(r"(牵头单位|责任单位|配合单位)\s*[:：]")
_CLAUSE_NOTE = re.compile(r"^各项措施责任单位均包括(.+?)[,，]以下不再列出$")
_TITLE_YEARS = re.compile(r"(20\d\d)\s*[-—－–至到]\s*(20\d\d)|(20\d\d)")
_TIME = re.compile(r"^(?:到|至)?(20\d\d)(?:\s*[-—－–至到]\s*(20\d\d))?年(?:底|末)?")
_LEADING_WORDS = ("确保", "力争", "全县", "开展", "实现", "完成")
_GOAL = re.compile(
    r"^(?P<name>.+?)(?:达到|下降到|降到|提高到|提高至|增长到|为)?(?P<value>\d+(?:\.\d+)?)"
    r"(?P<unit>%|％|万元|亿元|元|万人次|人次|万人|人|万亩|亩|公里|家|个)?(?P<qual>左右|以上|以下)?$"
)
_ASIDE = re.compile(r"《[^》]*》|[（(][^（）()]*[）)]")  # titles and 文号 hold no goals
_TABLE_VALUE = re.compile(r"-?\d+(?:\.\d+)?\s*[%％]|.*增长|持平|[—-]")
_DEADLINES = re.compile(r"分别于((?:\d{1,2}月\d{1,2}日[、，,和及]?){2,})前")
_OPEN, _CLOSE = "(（〈<〔[", ")）〉>〕]"


def _warn(warnings, code, message):
    warnings.append({"code": code, "message": message})


def looks_like_measures(text):
    """True for text with 附件 headings and at least three numbered measures ending in a
    责任单位/牵头单位 clause (the layout of 001)."""
    lines = [line.strip() for line in text.splitlines()]
    attachments = sum(1 for line in lines if _ATTACHMENT.match(line))
    measures = sum(1 for line in lines if _MEASURE_WITH_CLAUSE.match(line))
    return attachments >= 1 and measures >= 3


def parse_measures(text, source=""):
    """Parse a measures plan into the parse dict (plan, sections, tasks, indicators, bodies,
    warnings). Raises ValueError when the text has no 附件 with numbered measures."""
    lines = [line.strip() for line in text.splitlines()]
    starts = [(i, int(m[1])) for i, line in enumerate(lines) if (m := _ATTACHMENT.match(line))]
    if not starts:
        raise ValueError("未找到附件（附件1、附件2…），不是按措施编号的行动方案。")
    main = lines[: starts[0][0]]
    result = {"sections": [], "tasks": [], "indicators": [], "warnings": []}
    warnings = result["warnings"]
    plan = _plan_fields(main, source, warnings)
    _read_goals(_goal_lines(main), result, plan, "正文")
    listed = [int(m[1]) for line in _attachment_list(main) if (m := _ATTACHMENT_LIST.match(line))]
    for number in sorted(set(listed) - {n for _i, n in starts}):
        _warn(warnings, "attachment_missing", f"正文列出附件{number}，但文中找不到附件{number}。")
    for index, (start, number) in enumerate(starts):
        end = starts[index + 1][0] if index + 1 < len(starts) else len(lines)
        _read_attachment(number, lines[start + 1 : end], start + 2, result, plan)
    if not result["tasks"]:
        raise ValueError("附件中未找到编号措施。")
    deadlines = _reporting_deadlines(lines, starts, warnings)
    if deadlines:
        plan["reporting_deadlines"] = deadlines
    return {"plan": plan, **result, "bodies": _bodies(main, warnings), "warnings": warnings}


def _plan_fields(main, source, warnings):
    """Title: the line the 印发 letter names in 《》, else the first short line naming a plan."""
    named = next((m[1] for line in main if (m := re.search(r"现将《(.+?)》印发", line))), None)
    candidates = [line for line in main if line and len(line) <= 60 and line[-1] not in "：:。，,"]
    title = next((line for line in candidates if line == named), None) or next(
        (line for line in candidates if re.search(r"(方案|计划|规划)", line)), ""
    )
    if not title:
        _warn(warnings, "no_title", "未找到方案标题，请在导入时填写。")
    region = region_named_in(title)
    start, end = years_in(title)
    if start is None:
        _warn(warnings, "no_year", "标题中未找到年度，请在导入时填写。")
    if region is None:
        _warn(warnings, "no_region", "标题中未找到印发地区，请在导入时选择。")
    return plan_info(title=title, region=region, start=start, end=end, layout=LAYOUT, source=source)


def _goal_lines(lines):
    """The lines of the 一、 parts whose title names a goal (工作目标, 主要目标 ...)."""
    picked, in_goals = [], False
    for line in lines:
        if part := _PART.match(line):
            in_goals = "目标" in part[2]
        elif in_goals:
            picked.append(line)
    return picked


def _attachment_list(main):
    """The lines of the 附件: list at the end of the main text."""
    at = next((i for i, line in enumerate(main) if line.startswith(("附件:", "附件："))), None)
    if at is None:
        return []
    end = next((i for i in range(at + 1, len(main)) if not _ATTACHMENT_LIST.match(main[i])), None)
    return main[at:end]


def _read_attachment(number, lines, first_line_no, result, plan):
    """Sections, measures and goals of one 附件; a `|` table becomes indicators."""
    title_lines = []
    for line in lines:
        if not line or len(line) > 40 or t.ends_sentence(line) or "|" in line:
            break
        if _PART.match(line) or _MEASURE.match(line):
            break
        title_lines.append(line)
    title, body = "".join(title_lines), lines[len(title_lines) :]
    if sum(1 for line in body if line.endswith("|")) >= 5:
        _read_table(number, title, body, result)
        return
    key = f"附件{number}"
    result["sections"].append({"key": key, "numbering": key, "title": title, "parent": None})
    raws = _walk_attachment(number, key, body, first_line_no + len(title_lines), result, plan)
    if not raws:
        _warn(
            result["warnings"],
            "attachment_unread",
            f"附件{number}“{title}”既无编号措施也非表格，未读取。",
        )
    township = None
    for raw in raws:
        task, note_units = _read_measure(raw, township)
        result["tasks"].append(task)
        if note_units and township is None:
            township = note_units
            _warn(
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
        part, sub, measure = _PART.match(line), _SUBPART.match(line), _MEASURE.match(line)
        if part or (sub and part_key):
            level, numeral = ("part", part[1]) if part else ("sub", sub[1])
            value, heading = t.chinese_numeral_value(numeral), (part or sub)[2].split("。")[0]
            if value != counts[level] + 1:
                _warn(
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
                _warn(
                    warnings,
                    "number_gap",
                    f"附件{number}“{part_title}”第{line_no}行："
                    f"措施序号从{expected - 1}跳到{value}，缺少{missing}。",
                )
            elif value < expected:
                _warn(
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
        elif current is not None and _split_clause(current["text"])[1] is None:
            current["text"] += line  # a wrapped measure: lines join with no separator
        elif current is not None and line:
            _warn(warnings, "orphan_text", f"附件{number}第{line_no}行不属于任何措施：{line[:40]}")
        elif part_key is None or "目标" in part_title or "总体要求" in part_title:
            goal_lines.append(line)
    _read_goals(goal_lines, result, plan, f"附件{number}")
    return raws


def _unique(key, taken):
    """key, or key with "#" marks when a repeated heading or number has taken it already."""
    while key in taken:
        key += "#"
    return key


def _read_measure(raw, township):
    """One task from a raw measure; also the units a clause note adds to later measures."""
    warnings = []
    text, removed = t.remove_stray_number_spaces(raw["text"])
    if removed:
        spot = re.search(r".{0,6}(?:\d[ \t\u3000]+|[ \t\u3000]+\d).{0,4}", raw["text"])[0]
        _warn(
            warnings, "space_in_number", f"第{raw['line_no']}行数字中有多余空格，已删除：“{spot}”。"
        )
    body, inner = _split_clause(text)
    lead, responsible, remarks, note_units = [], [], "", None
    if inner is None:
        _warn(
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
            _warn(
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
        _warn(warnings, code, f"{said}，所列单位均为集体单位，请指定牵头单位。")
        return []
    _warn(
        warnings,
        code,
        f"{said}；暂以所列第一个责任单位“{concrete[0]}”为牵头单位"
        "（所列单位均为责任单位），请复核。",
    )
    return concrete[:1]


def _split_clause(text):
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


def _top_level_split(text, separators):
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
    pieces = _top_level_split(inner, "。")
    units_text, note = pieces[0], "。".join(pieces[1:]).strip("。 ")
    labels = list(_UNIT_LABEL.finditer(units_text))
    if labels[0].start() > 0:
        _warn(
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
    for raw in _top_level_split(cell, "、，,；;"):
        name = re.sub(r"(等单位|等部门|等)$", "", raw.strip())
        if name and (re.search(r"[0-9。：:]", name) or len(name) > 30):
            _warn(warnings, "unit_unclear", f"“{name}”不像单位名称，请复核。")
        names += [name] if name else []
    return names


def _read_goals(lines, result, plan, where):
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
                _warn(
                    result["warnings"], "goal_unread", f"{where}目标中的数字未能读出：“{clause}”。"
                )
                continue
            value, name = goal["value"] + (goal["qual"] or ""), goal["name"]
            annual = "年均" in name
            if years is None:
                _warn(
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
                _warn(
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


def _read_table(number, title, lines, result):
    """Indicators from a `|` table: a header row (年度 | 类型 | columns...), then year cells and
    rows of a label and one value per column. Empty cells are merged cells."""
    cells = []
    for line in lines:
        parts = line.split("|") if "|" in line else []
        cells += [p.strip() for p in (parts[:-1] if parts and not parts[-1].strip() else parts)]
    first_year = next((i for i, c in enumerate(cells) if re.fullmatch(r"20\d\d", c)), None)
    if first_year is None or first_year < 3 or cells[0] != "年度":
        _warn(
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
            _warn(
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
            _warn(
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


def _bodies(main, warnings):
    """The leading group and the 工作专班 under it, with their office hosts and leaders."""
    start = next(
        (i for i, line in enumerate(main) if re.search(r"成立(.{2,40}?领导小组)", line)), None
    )
    if start is None:
        return []
    group = re.search(r"成立(.{2,40}?领导小组)", main[start])[1]
    ends = [i for i, line in enumerate(main) if _PART.match(line) or _SUBPART.match(line)] + [
        len(main)
    ]
    end = next(i for i in ends if i > start)
    bodies = [
        _body(group, "leading_group", None, main[start:end], "组长", "领导小组办公室", warnings)
    ]
    for at in ends[:-1]:
        heading = (_SUBPART.match(main[at]) or [None, None, ""])[2].split("。")[0]
        if heading.endswith("专班"):
            block = main[at : next(i for i in ends if i > at)]
            bodies.append(
                _body(heading, "task_force", group, block, "班长", "专班办公室", warnings)
            )
    listed = next((m[1] for line in main if (m := re.search(r"领导小组下设(.+?)。", line))), "")
    for missing in set(_top_level_split(listed, "、")) - {b["name"] for b in bodies} - {""}:
        _warn(warnings, "body_missing", f"领导小组下设“{missing}”，但未找到其人员组成和办公室。")
    return bodies


def _body(name, kind, parent, lines, leader_label, office_label, warnings):
    labelled = [line.replace("：", ":").split(":", 1) for line in lines if re.search("[:：]", line)]
    leader = next(
        (text.strip() for label, text in labelled if re.sub(r"\s", "", label) == leader_label), ""
    )
    office = next(
        (m[1] for line in lines if (m := re.search(rf"{office_label}设在(.+?)[,，。;；]", line))),
        "",
    )
    if not leader:
        _warn(warnings, "body_without_leader", f"“{name}”未写明{leader_label}。")
    if not office:
        _warn(warnings, "body_without_office", f"“{name}”未写明办公室设在哪个单位。")
    return {"name": name, "kind": kind, "office_host": office, "parent": parent, "leader": leader}


def _reporting_deadlines(lines, starts, warnings):
    """{"Q1": "MM-DD", ...} from the quarterly reporting rules; warns where they disagree or
    come only from 附件."""
    found = []
    for index, line in enumerate(lines):
        for m in _DEADLINES.finditer(line):
            where = next((f"附件{n}" for i, n in reversed(starts) if i <= index), "正文")
            dates = [(int(mo), int(day)) for mo, day in re.findall(r"(\d{1,2})月(\d{1,2})日", m[1])]
            deadlines = {
                f"Q{(mo - 1) // 3 + 1}": f"{mo:02d}-{day:02d}" for mo, day in sorted(dates)
            }
            if len(deadlines) != 4 or len(dates) != 4:
                _warn(
                    warnings,
                    "reporting_rule_unread",
                    f"{where}的报送时限“{m[0]}”不是每季度一个日期，未采用。",
                )
            else:
                found.append((where, deadlines))
    if not found:
        return None
    if any(deadlines != found[0][1] for _where, deadlines in found):
        _warn(
            warnings,
            "reporting_deadlines_differ",
            f"各处的季度报送时限不一致，已采用{found[0][0]}的时限，请复核。",
        )
    places = sorted({where for where, _deadlines in found})
    if "正文" not in places:
        dates = "、".join(f"{int(v[:2])}月{int(v[3:])}日" for v in found[0][1].values())
        _warn(
            warnings,
            "reporting_deadlines_from_attachments",
            f"季度报送时限（{dates}前）见于{'、'.join(places)}，已作为全计划的报送时限，请确认。",
        )
    return found[0][1]
