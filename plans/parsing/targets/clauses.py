"""The targets in one text: cut into sentences and clauses, each clause's figures read in turn.

A figure that is a goal (numbers.why_not_goal) gets its comparator from the words around it and
its metric from the words before and after it (metrics.clean_metric); a figure that names no
metric of its own takes the subject of the figure before it. The period is the last plan year
the sentence names before the figure. `warn` records each doubt on the task once, and each
quantity of the task's own work that is left out (a quota handed down, money describing a
project, a share a rule sets, a count in brackets) is named in a warning.
"""

import re

from plans.parsing.targets.metrics import (
    AFTER_FILLER,
    RELATIONAL,
    SUBJECT_TAIL,
    clean_metric,
    respectively,
)
from plans.parsing.targets.numbers import (
    CHINESE_MENTION,
    MENTION,
    SUFFIX_COMPARATOR,
    TOLD,
    chinese_figure_doubt,
    end_of_segment,
    inside_brackets,
    is_number,
    make_target,
    prefix_words,
    why_not_goal,
)
from plans.parsing.text import remove_stray_number_spaces, warn

_BOUND_AHEAD = re.compile(r"至少|最少|至多|最多")
_PAST = re.compile(r"已(经)?(培育|完成|实现|达到|累计|建成|招引|引进|新增)")
_RATIO_METRIC = re.compile(r"(比|比值|系数|指数|倍数)$")
_YEAR = re.compile(r"(?<![\d\-—–~～至到较比])(20\d\d)年(?![\-—–~～至到]|\d{1,2}月)")
_SENTENCE_END = "。；;！？!?\n"
_FIELD_NAMES = {"annual": "年度目标任务", "Q1": "一季度计划", "Q2": "二季度计划"}
_FIELD_NAMES |= {"Q3": "三季度计划", "Q4": "四季度计划"}
# Quantities left out with a warning: (warning code, why the figure is not a target).
_TOLD = {
    "quota": ("target_quota_handed_down", "是下达并分解的任务数"),
    "money_of": ("target_money_of_project", "是所述方案或工程的资金额"),
    "share_rule": ("target_share_rule", "是规定的比例"),
    "aside": ("target_in_brackets", "写在括号中，是说明性计数"),
}
_COUNTED = {"个", "家", "所", "项", "套", "座", "处", "条", "台", "辆", "名", "户", "人", "人次"}
_CLAUSE_END = "，,：:"


def targets_in(text, field, year_start, year_end, warnings):
    text = _normalise(text)
    targets = []
    for sentence_no, sentence in enumerate(_pieces(text, _SENTENCE_END)):
        context = {"past": False, "subject": "", "plain_clause": ""}
        for clause_start, clause in _clause_spans(sentence):
            found = _clause_targets(sentence, clause_start, clause, context, warnings, field)
            for mention_at, target in found:
                year = _year_named(sentence[: clause_start + mention_at], year_start, year_end)
                target["period"] = str(year) if field == "annual" else f"{year}{field}"
                target["source_field"] = field
                target["_sentence"] = sentence_no
                targets.append(target)
            if not found and not re.search(r"\d", clause):
                context["plain_clause"] = clean_metric(clause)
    return targets


def _clause_targets(sentence, clause_start, clause, context, warnings, field):
    mentions = []
    for m in MENTION.finditer(clause):
        if is_number(sentence, clause_start, m):
            mentions.append(m)
        elif m["unit"] in _COUNTED and inside_brackets(sentence, clause_start + m.start()):
            _tell(warnings, field, clause, m, "aside")  # （以上为2项改革任务）
    for m in CHINESE_MENTION.finditer(clause):
        doubt = chinese_figure_doubt(sentence, clause_start, clause, m)
        if doubt == "uncertain":
            warn(
                warnings,
                "target_chinese_number_uncertain",
                f"{_FIELD_NAMES[field]}“{clause}”中的“{m.group(0)}”未能确定是否为要完成的数量，"
                "未作为目标值，请复核。",
            )
        elif doubt is None and is_number(sentence, clause_start, m):
            mentions.append(m)
    mentions.sort(key=lambda m: m.start())
    accepted = []
    items = {}  # figure position -> its list item of the clause
    metric_from = 0
    for position, m in enumerate(mentions):
        if _PAST.search(sentence[: clause_start + m.start()]):
            context["past"] = True  # 其中一季度已培育…: the rest of the sentence is history
        following = mentions[position + 1] if position + 1 < len(mentions) else None
        if context["past"]:
            continue
        if reason := why_not_goal(clause, m, following):
            if reason in TOLD:
                _tell(warnings, field, clause, m, reason)
            continue
        before, comparator, decrease = prefix_words(clause[metric_from : m.start()])
        if comparator == "=" and (bound := _BOUND_AHEAD.search(before)):
            comparator = ">=" if bound[0] in ("至少", "最少") else "<="  # 每年至少开展2次
            before = before.replace(bound[0], "", 1)
        comparator = SUFFIX_COMPARATOR.get(m["suffix"]) or (">=" if m["approx"] else comparator)
        decrease = decrease or m["suffix"] in ("以下", "以内")
        segment_end = end_of_segment(clause, m.end(), following)
        # 扶持550名高校毕业生自主创业: the words after the number name what is counted.
        after = clause[m.end() : segment_end]
        # 100套并启动装修工程: what follows 并 is another task, not what the number counts.
        tail = "" if after.startswith(("并", "且", "同时", "从而")) else after
        tail = AFTER_FILLER.sub("", clean_metric(tail))
        tail = re.sub(r"^[（(][^）)]*[）)]$", "", tail)  # 110家（含大个体）: an aside
        metric = clean_metric(before, tail) + tail
        if not metric or RELATIONAL.match(metric):
            metric = (context["subject"] or context["plain_clause"]) + metric
        if not m["unit"] and not m["mag"] and not _RATIO_METRIC.search(metric):
            continue  # a bare number that is not a ratio
        if not re.search(r"[\u3400-\u9fffA-Za-z]", metric):
            metric = ""
        if not metric and field == "annual":
            warn(
                warnings,
                "target_without_metric",
                f"“{clause}”中的数值{m.group(0)}未能确定指标名称，未作为目标值。",
            )
            continue
        # A quarterly cell often leaves the metric to the annual target ("完成3亿元。"):
        # kept with no metric; linking gives it the annual target's or drops it.
        accepted.append([m, metric, comparator, decrease])
        items[m.start()] = clause[metric_from:segment_end]
        context["subject"] = SUBJECT_TAIL.sub("", metric)
        metric_from = segment_end
    return [
        (m.start(), make_target(m, metric, comparator, decrease, clause, items[m.start()]))
        for m, metric, comparator, decrease in respectively(accepted)
    ]


def _tell(warnings, field, clause, m, reason):
    """Warn that a quantity of the task's own work was left out, naming it and why."""
    code, why = _TOLD[reason]
    warn(
        warnings,
        code,
        f"{_FIELD_NAMES[field]}“{clause}”中的{m.group(0)}{why}，未作为目标值；"
        "如需按此数考核，请人工确认。",
    )


def _year_named(text, year_start, year_end):
    """The last plan year the text names before the number (到2024年), else the plan's end."""
    years = [int(y) for y in _YEAR.findall(text) if year_start <= int(y) <= year_end]
    return years[-1] if years else year_end


def _normalise(text):
    text = text.translate(str.maketrans("０１２３４５６７８９％．", "0123456789%."))
    text, _ = remove_stray_number_spaces(text)
    return re.sub(r"(?<=[^\x00-\x7f%])[ \t\u3000]+|[ \t\u3000]+(?=[^\x00-\x7f])", "", text)


def _pieces(text, ends):
    return [p for p in re.split(f"[{re.escape(ends)}]", text) if p.strip()]


def _clause_spans(sentence):
    start = 0
    for piece in re.split(f"([{re.escape(_CLAUSE_END)}])", sentence):
        if piece and piece not in _CLAUSE_END:
            yield start, piece
        start += len(piece)
