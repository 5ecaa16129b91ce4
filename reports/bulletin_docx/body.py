"""The body of the 通报, written from the snapshot's stored figures: overall progress,
reporting (the units late or missing, named), lead units ranked (the first three and the last
three), counties compared, each lagging task with its lead unit, figures and 存在问题, then the
office's requirements. Nothing here computes a figure: counts and ratios are the snapshot's
(ratios with rules.percent_text), the sentence of a task is its stored reason, and the only
decisions are which stored figures to name and in which words.

The result is a list of Blocks, which document.py lays out: "heading" (一、 in 黑体), "item"
((一) with its lead sentence in 楷体), "text" (仿宋).
"""

import re
from dataclasses import dataclass

from reports import rules, selectors
from reports.bulletin_docx.placeholders import fill
from reports.bulletin_xlsx.sheets import task_text

DIGITS = "零一二三四五六七八九"
PLACES = ("", "十", "百", "千")
MYRIADS = ("", "万", "亿", "万亿")
_HEADING = re.compile(r"^[零一二三四五六七八九十百千万]+、")
_ITEM = re.compile(r"^（[零一二三四五六七八九十百千万]+）")


@dataclass(frozen=True)
class Block:
    kind: str  # "heading", "item" or "text"
    text: str
    lead: str = ""  # an item's lead sentence, set in 楷体 before `text`


def _four_digits(n):
    """0 < n < 10000 in full: 1005 -> 一千零五, 1050 -> 一千零五十, 110 -> 一百一十."""
    text, gap = "", False
    for power in (3, 2, 1, 0):
        digit = n // 10**power % 10
        if not digit:
            gap = bool(text)
            continue
        text += ("零" if gap else "") + DIGITS[digit] + PLACES[power]
        gap = False
    return text


def chinese_number(n):
    """1 -> 一, 10 -> 十, 12 -> 十二, 105 -> 一百零五, 1010 -> 一千零一十, 10005 -> 一万零五:
    the numbering of 一、 and (一), however many items."""
    if n < 10:
        return DIGITS[n]
    groups = []  # of four digits, the lowest first
    while n:
        n, group = divmod(n, 10000)
        groups.append(group)
    text, gap = "", False
    for power in reversed(range(len(groups))):
        group = groups[power]
        if not group:
            gap = bool(text)
            continue
        if text and (gap or group < 1000):
            text += "零"
        text += _four_digits(group) + MYRIADS[power]
        gap = False
    # 十二, 十万: a leading 一十 is said 十.
    return text[1:] if text.startswith("一十") else text


def wording_blocks(text):
    """The office's wording as blocks, a line a paragraph: "一、…" a heading; "（一）…。…" an
    item whose first sentence is its lead; anything else text."""
    blocks = []
    for line in (line.strip() for line in text.splitlines()):
        if not line:
            continue
        if _HEADING.match(line):
            blocks.append(Block("heading", line))
        elif _ITEM.match(line):
            lead, stop, rest = line.partition("。")
            blocks.append(Block("item", rest, lead + stop) if stop else Block("item", "", line))
        else:
            blocks.append(Block("text", line))
    return blocks


def _sentence(text):
    """Text as one sentence: its own closing punctuation replaced by 。."""
    text = text.strip().rstrip("。；;，,.")
    return f"{text}。" if text else ""


def _count_phrases(s):
    """已完成1项，序时推进2项，… : the statuses a reader needs, each with its stored count."""
    phrases = [
        ("已完成", s.completed),
        ("序时推进", s.on_schedule),
        ("滞后", s.lagging),
    ]
    if s.deadline_passed or s.not_reported:
        phrases.append(("未报送", s.not_reported))
    if s.not_due:
        phrases.append(("尚未报送（未到报送截止日）", s.not_due))
    if s.returned:
        phrases.append(("报告退回修改", s.returned))
    if s.closed:
        phrases.append(("已办结销号", s.closed))
    return "，".join(f"{label}{count}项" for label, count in phrases)


def _compared(completion, expected):
    """高于 / 达到 / 低于: how two stored ratios compare, in words (no figure is made)."""
    if completion > expected + rules.EPSILON:
        return "高于序时进度"
    if completion >= expected - rules.EPSILON:
        return "达到序时进度"
    return "低于序时进度"


def overall(s, known):
    lights = f"亮绿灯{s.green}项、黄灯{s.yellow}项、红灯{s.red}项"
    if s.grey:
        lights += f"、灰灯{s.grey}项"
    first = (
        f"{known['计划']}共有任务{s.tasks}项。截至{known['数据日期']}，"
        f"{_count_phrases(s)}；{lights}。"
    )
    if s.completion is None:
        second = "本期尚无计入完成率的报告，暂不计算平均完成率。"
    elif s.all_reported:
        counted_zero = s.deadline_passed and (s.not_reported or s.returned)
        zero = "（截止日后未报送或报告被退回的任务按0计）" if counted_zero else ""
        second = (
            f"全部任务平均完成率为{rules.percent_text(s.completion)}{zero}，"
            f"平均序时进度为{rules.percent_text(s.expected)}，"
            f"总体{_compared(s.completion, s.expected)}。"
        )
    else:
        second = (
            f"报送截止日（{known['截止日期']}）前，已报送{s.reported_tasks}项任务的平均完成率为"
            f"{rules.percent_text(s.completion)}，平均序时进度为{rules.percent_text(s.expected)}，"
            f"{_compared(s.completion, s.expected)}；尚未报送的任务暂不计入。"
        )
    return [Block("text", first), Block("text", second)]


def _units_named(rows, attribute):
    """A（2份）、B（1份）: the units whose stored `attribute` is not zero, most first."""
    named = [(getattr(u, attribute), u.unit.name) for u in rows if getattr(u, attribute)]
    named.sort(key=lambda pair: (-pair[0], pair[1]))
    return "、".join(f"{name}（{count}份）" for count, name in named)


def reporting(s, leads, counties, county, known):
    if not s.expected_reports:
        return [Block("text", "本期没有应报送的进展报告。")]
    missing = "未报送" if s.deadline_passed else "尚未报送"
    when = (
        "" if s.deadline_passed else f"截至{known['数据日期']}（报送截止日为{known['截止日期']}），"
    )
    blocks = [
        Block(
            "text",
            f"{when}本期应报送进展报告{s.expected_reports}份，已报送{s.submitted_reports}份"
            f"（其中按时报送{s.on_time_reports}份、逾期报送{s.late_reports}份），"
            f"{missing}{s.missing_reports}份；报送率{rules.percent_text(s.reporting_rate)}，"
            f"按时报送率{rules.percent_text(s.on_time_rate)}。",
        )
    ]
    named = []
    for kind, rows in (("牵头单位", leads), (county, counties)):
        late = _units_named(rows, "late_reports")
        if late:
            named.append(f"逾期报送的{kind}：{late}。")
    for kind, rows in (("牵头单位", leads), (county, counties)):
        absent = _units_named(rows, "missing_reports")
        if absent:
            named.append(f"{missing}的{kind}：{absent}。")
    blocks += [Block("text", sentence) for sentence in named]
    return blocks


def _unit_figures(u, *, rate_label, rate):
    if u.completion is None:
        return f"{u.unit.name}（尚无计入的报告）"
    shown = f"，{rate_label}{rules.percent_text(rate)}" if rate is not None else ""
    return f"{u.unit.name}（平均完成率{rules.percent_text(u.completion)}{shown}）"


def _ranked(rows, describe):
    """排名前三的是…；排名后三位的是…: the first three and the last three in stored rank
    order (all of them where there are three or fewer, the rest where fewer than six)."""
    names = [describe(u) for u in rows]
    if len(names) <= 3:
        return f"依次为{'、'.join(names)}。"
    first = f"排名前三的是{'、'.join(names[:3])}"
    if len(names) < 6:
        return f"{first}；其后依次为{'、'.join(names[3:])}。"
    return f"{first}；排名后三位的是{'、'.join(names[-3:])}。"


def lead_ranking(leads):
    if not leads:
        return [Block("text", "本计划的任务未明确牵头单位，不作排名。")]
    rows = list(leads)
    text = "按平均完成率排名（完成率相同的依次按按时报送率、单位名称排列），" + _ranked(
        rows, lambda u: _unit_figures(u, rate_label="按时报送率", rate=u.on_time_rate)
    )
    return [Block("text", f"{len(rows)}个牵头单位{text}")]


def county_comparison(counties, county):
    rows = list(counties)
    text = _ranked(rows, lambda u: _unit_figures(u, rate_label="报送率", rate=u.reporting_rate))
    return [Block("text", f"作为责任单位的{len(rows)}个{county}按平均完成率排名，{text}")]


def lagging(s, tasks, known):
    blocks = []
    late_rows = [r for r in tasks if r.status == rules.LAGGING]
    if late_rows:
        blocks.append(Block("text", f"本期滞后任务{s.lagging}项，逐项通报如下。"))
        for n, r in enumerate(late_rows, start=1):
            leads = selectors.lead_names(r) or "未明确牵头单位"
            problems = _sentence(r.problems) or "未说明。"
            blocks.append(
                Block(
                    "item",
                    f"年度目标任务：{_sentence(task_text(r.task))}{r.reason}存在问题：{problems}",
                    f"（{chinese_number(n)}）第{r.task.number}项任务（牵头单位：{leads}）。",
                )
            )
    returned = [r for r in tasks if r.status == rules.RETURNED]
    if returned:
        named = "、".join(
            f"第{r.task.number}项（{selectors.lead_names(r) or '未明确牵头单位'}）"
            for r in returned
        )
        blocks.append(Block("text", f"报告被退回修改、待重新报送的任务{s.returned}项：{named}。"))
    if s.not_reported:
        blocks.append(
            Block(
                "text",
                f"截至{known['数据日期']}仍未报送进展的任务{s.not_reported}项，"
                "连同滞后任务列入附件1。",
            )
        )
    if not blocks:
        blocks.append(Block("text", "本期没有滞后、未报送或报告被退回修改的任务。"))
    return blocks


def body_blocks(snapshot, tasks, leads, counties, *, county, template, known):
    """The body of the bulletin of `snapshot` (tasks: selectors.task_rows; leads, counties:
    selectors.unit_rows), from the opening to the closing, as Blocks; `known` holds the
    placeholder values of the snapshot (placeholders.values)."""
    s = snapshot
    parts = [
        ("总体推进情况", overall(s, known)),
        ("报送情况", reporting(s, leads, counties, county, known)),
        ("牵头单位推进情况", lead_ranking(leads)),
    ]
    if counties:
        parts.append((f"各{county}推进情况", county_comparison(counties, county)))
    parts.append(("滞后任务及存在问题", lagging(s, tasks, known)))
    requirements = wording_blocks(fill(template.requirements, known))
    if requirements:
        parts.append(("下一步工作要求", requirements))
    blocks = wording_blocks(fill(template.opening, known))
    for number, (heading, content) in enumerate(parts, start=1):
        blocks.append(Block("heading", f"{chinese_number(number)}、{heading}"))
        blocks += content
    blocks += wording_blocks(fill(template.closing, known))
    return blocks
