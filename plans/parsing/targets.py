"""Numeric targets pulled out of task text (目标值).

A target is a quantity a unit must reach: people, enterprises, projects, money raised or
invested, percentages, ratios, areas, yields. Each one is read from one clause (the text between
two commas) of the annual text or of a quarterly plan. Numbers that are not goals are left out:
document numbers and dates (no unit), ages, numbers in brackets, subsidy and reward standards
(每人500元, 最高300万元, 80元/人/月, 按…给予补贴), thresholds that describe something else
(年产值超100万元的合作社), baselines (由4608元/年…), scopes (全州16个县, 对43个项目进行监管),
facts already achieved (已培育…), and quotas being handed down (任务2.472万人分解至县).
A standard being raised is a target: "由4608元/年调整为5316元/年" gives 5316 元/年.

Judgement calls the readers of the result should know:
- cumulative is read from the clause only: 累计 in the clause.
- direction "decrease" means the value must go down to (or stay under) the figure: 下降至/降到/
  控制在/不超过/以内/以下. A reduction by an amount ("下降13%") stays "increase": the amount of
  reduction is what must be reached.
- a milestone is linked to the annual target of the same metric: same unit (名 counts as 人),
  metrics sharing wording; exact metric first, then the closest wording, an equal value breaking
  near ties. A milestone with no such annual target has annual_index None.
- period: the last plan year the sentence names before the number (到2024年), else the plan's
  last year; milestones add their quarter (2022Q2).
- a ratio has the unit "" (城乡居民收入比 2.8); a magnitude written without a unit (到位资金60亿)
  takes the linked annual target's unit, or 元 for money, and the task gets a warning.
- only Arabic figures are read: 三个品牌, 至少开展一次 are not targets.
"""

import re
from decimal import Decimal

from plans.parsing.text import remove_stray_number_spaces
from plans.regions import REGIONS

QUARTERS = ("Q1", "Q2", "Q3", "Q4")

_MAGNITUDE = {"万亿": 10**12, "千万": 10**7, "百万": 10**6, "亿": 10**8, "万": 10**4, "千": 10**3}
_BASE_UNITS = (
    "人次|场次|个百分点|百分点|栋（户）|平方公里|平方米|立方米|公顷|公里|公斤|千克|千瓦|亩次|亩|吨"
    "|元|人|名|户|家|个|所|项|次|套|栋|座|间|处|条|台|辆|头|只|羽|株|场|期|件|篇|天|倍|%|‰"
)
_MENTION = re.compile(
    r"(?<![\d.A-Za-z第])(?P<num>\d+(?:\.\d+)?)(?P<mag>万亿|千万|百万|亿|万|千)?(?P<approx>余|多)?"
    rf"(?P<unit>(?:{_BASE_UNITS})(?:/(?:亩|年|月|日|天|人|生|户|次|吨))*)?"
    r"(?P<suffix>及以上|以上|以下|以内|左右)?"
)
_SUFFIX_COMPARATOR = {"及以上": ">=", "以上": ">=", "以下": "<=", "以内": "<=", "左右": "~"}
# Comparator words right before a number (DOMAIN.md 目标值); the longest match wins.
_PREFIX_WORDS = {
    ">=": "不得低于 不得少于 不低于 不少于 不小于 至少 最少 超过 突破 高于 大于 多于 超",
    "<=": "不得超过 不得高于 不超过 不高于 不多于 至多 最多 低于 少于 小于 控制在 下降至 下降到"
    " 降低至 降低到 降至 降到 压减至 压缩至",
    "~": "大约 约为 约 近",
}
_PREFIX_COMPARATOR = dict(
    sorted(
        ((word, sign) for sign, words in _PREFIX_WORDS.items() for word in words.split()),
        key=lambda pair: -len(pair[0]),
    )
)
_DECREASE = re.compile(
    r"((下降|降低|减少|压减|压缩)(至|到|为)|降至|降到|控制在|不超过|不高于|(?<!不)低于|(?<!不)少于)$"
)

# A number right after these is a standard, a baseline, a scope or an ordinal, not a goal.
_RULE_BEFORE = re.compile(
    r"(每人每天|每人每月|每人|每户|每生|每天|每月|最高|人均|奖励|补助|补贴|奖补|按照|按|(?<![可予])以|对|由|从|较)$"
)
# A number followed by these is a condition of a subsidy or a quota being handed down.
_RULE_AFTER = re.compile(
    r"^(?:[、和或]\d+(?:\.\d+)?[万亿千]?元)*(给予|奖补|奖励|补贴|补助|贴息|信贷|一次性|的)"
)
_QUOTA_AFTER = re.compile(r"分解|分配至|分配到")
_GOAL_AFTER = re.compile(r"^的(工作)?(目标|任务)")
_SUBSIDY_CONDITION = re.compile(r"的.*(奖补|奖励|补贴|补助|贷款|贴息|信贷)")
_BOUND_AHEAD = re.compile(r"至少|最少|至多|最多")
_THRESHOLD_AFTER = re.compile(r"^[\u3400-\u9fff]")
_COUNTERS = {"个", "家", "所", "项", "套", "座", "处", "条", "台", "辆", "名", "户"}
_VILLAGE = re.compile(r"^(自然村|村寨|村民组|村组|行政村|组|村|寨|乡镇)")
_RELATIVE_CLAUSE = re.compile(r"的[^的\d]{1,8}$")
_PER_PERSON = re.compile(r"每人|每月|每生每天")
_RAISED_TO = re.compile(r"(调整为|调整到|提高到|提高至|提标到|提标至|达到|增加到)$")
_SCOPE_AFTER = re.compile(r"^(县(?!级)|市(?!级)|乡(?!级)|镇(?!级)|村(?!级)|州(?!级)|月)")
_PAST = re.compile(r"已(经)?(培育|完成|实现|达到|累计|建成|招引|引进|新增)")
_MONEY_NOUN = re.compile(r"^\S{0,4}(资金|投资|款)|^用于")
_RATIO_METRIC = re.compile(r"(比|比值|系数|指数|倍数)$")
_MONEY_METRIC = re.compile(r"资金|投资|收入|金额|资产|贷款|余额|收益")
_YEAR = re.compile(r"(?<![\d\-—–~～至到较比])(20\d\d)年(?![\-—–~～至到]|\d{1,2}月)")
_SENTENCE_END = "。；;！？!?\n"
_CLAUSE_END = "，,：:"
_SUB_SEPARATORS = "、和及"

_ORDINAL = re.compile(
    r"^([一二三四五六七八九十]+是|[（(][一二三四五六七八九十\d]+[)）]|\d+[.．、](?!\d))"
)
# Words before a metric that say nothing about what is measured: always dropped.
_FILLER = re.compile(
    r"^(确保|力争|争取|努力|计划|预计|拟|年度|全年|年底前|年底|年内|今年|当年|其中|同时|并且|并|且"
    r"|再|另外|共|将|使|要|和|及|以及|第?[一二三四]季度|\d{1,2}年内?"
    r"|到?20\d\d(?:[-—–~至到]20\d\d)?年(?:底前|底|末|度|内)?"
    r"|通过[^，]*?(?=帮助|实现|带动)|通过)"
)
# Verbs before a metric: dropped when enough of the metric is left ("开展职业技能培训").
_LEADING_VERB = re.compile(
    r"^(完成|实现|达到|帮助|开展|组织|推动|推进|加快|积极|大力|重点|鼓励|进一步|持续|全面|继续|切实"
    r"|有效|稳步|逐步)"
)
_TRAILING = re.compile(
    r"(达到|达|为|约|大约|近|计|共|累计|完成|实现|动态|保持在|稳定在|控制在|提高至|提高到|提升至"
    r"|提升到|增长到|增加到|下降至|下降到|降至|降到|降低到|降低至|调整为|不低于|不少于|不超过"
    r"|超过|突破|高于|低于|超|各|分别|在|均|总计|合计|力争|须|需|要|将|保持|稳定|、|和)$"
)
_AFTER_FILLER = re.compile(r"(的工作目标|的目标|的任务|等目标|目标|任务|工作)$")
_RELATIONAL = re.compile(r"^(较|比|同比|增速|增幅|年均增长|增长|增加|提升|提高|下降|降低|价值)")
_SUBJECT_TAIL = re.compile(r"(较\d.*|提升|提高|增长|增加|下降|降低|减少|增速|增幅)$")
_REGION_NAMES = sorted(
    {n for r in REGIONS for n in (r[1], r[2])}
    | {r[2][:-1] for r in REGIONS if len(r[2]) >= 3 and r[2][-1] in "市县州"},
    key=len,
    reverse=True,
)
_REGION = "|".join(map(re.escape, _REGION_NAMES))
_SCOPE_PREFIX = re.compile(
    rf"^(全[州县市省区国]|其余\d+个县(（市）)?|(?:{_REGION})(?:、(?:{_REGION}))+)"
)


def task_targets(task, year_start, year_end):
    """The numeric targets of one parsed task: annual targets first, then quarterly milestones.

    Each target is a dict (metric, comparator, value, unit, value_as_written, period, cumulative,
    direction, source_field, source_text, annual_index). A milestone's annual_index is the index,
    in the returned list, of the annual target of the same metric, else None. Doubts (a number
    whose metric cannot be read, a unit taken from the annual target, an ambiguous link) are
    appended to task["warnings"].
    """
    warnings = task.setdefault("warnings", [])
    annual = _targets_in(task.get("annual_target") or "", "annual", year_start, year_end, warnings)
    annual = [t for t in annual if _settle_unit(t, None, warnings)]
    quarter_plans = task.get("quarter_plans") or {}
    milestones = []
    for quarter in QUARTERS:
        text = quarter_plans.get(quarter) or ""
        for milestone in _targets_in(text, quarter, year_start, year_end, warnings):
            index = _link(milestone, annual, warnings)
            if not _settle_unit(milestone, annual[index] if index is not None else None, warnings):
                continue
            milestone["annual_index"] = index
            # 保持在10%左右 says no direction of its own; it keeps the annual target's.
            if index is not None and not milestone["_direction_said"]:
                milestone["direction"] = annual[index]["direction"]
            milestones.append(milestone)
    for target in annual + milestones:
        del target["_direction_said"]
    return annual + milestones


def _targets_in(text, field, year_start, year_end, warnings):
    text = _normalise(text)
    targets = []
    for sentence in _pieces(text, _SENTENCE_END):
        context = {"past": False, "subject": "", "plain_clause": ""}
        for clause_start, clause in _clause_spans(sentence):
            found = _clause_targets(sentence, clause_start, clause, context, warnings)
            for mention_at, target in found:
                year = _year_named(sentence[: clause_start + mention_at], year_start, year_end)
                target["period"] = str(year) if field == "annual" else f"{year}{field}"
                target["source_field"] = field
                targets.append(target)
            if not found and not re.search(r"\d", clause):
                context["plain_clause"] = _clean_metric(clause)
    return targets


def _clause_targets(sentence, clause_start, clause, context, warnings):
    mentions = [m for m in _MENTION.finditer(clause) if _is_number(sentence, clause_start, m)]
    accepted = []
    metric_from = 0
    for position, m in enumerate(mentions):
        if _PAST.search(sentence[: clause_start + m.start()]):
            context["past"] = True  # 其中一季度已培育…: the rest of the sentence is history
        following = mentions[position + 1] if position + 1 < len(mentions) else None
        if context["past"] or not _is_goal(clause, m, following):
            continue
        before, comparator, decrease = _prefix_words(clause[metric_from : m.start()])
        if comparator == "=" and (bound := _BOUND_AHEAD.search(before)):
            comparator = ">=" if bound[0] in ("至少", "最少") else "<="  # 每年至少开展2次
            before = before.replace(bound[0], "", 1)
        comparator = _SUFFIX_COMPARATOR.get(m["suffix"]) or (">=" if m["approx"] else comparator)
        decrease = decrease or m["suffix"] in ("以下", "以内")
        segment_end = _segment_end(clause, m.end(), following)
        # 扶持550名高校毕业生自主创业: the words after the number name what is counted.
        after = clause[m.end() : segment_end]
        # 100套并启动装修工程: what follows 并 is another task, not what the number counts.
        tail = "" if after.startswith(("并", "且", "同时", "从而")) else after
        tail = _AFTER_FILLER.sub("", _clean_metric(tail))
        tail = re.sub(r"^[（(][^）)]*[）)]$", "", tail)  # 110家（含大个体）: an aside
        metric = _clean_metric(before, tail) + tail
        if not metric or _RELATIONAL.match(metric):
            metric = (context["subject"] or context["plain_clause"]) + metric
        if not m["unit"] and not m["mag"] and not _RATIO_METRIC.search(metric):
            continue  # a bare number that is not a ratio
        if not re.search(r"[\u3400-\u9fffA-Za-z]", metric):
            metric = ""
        if not metric:
            _warn(
                warnings,
                "target_without_metric",
                f"“{clause}”中的数值{m.group(0)}未能确定指标名称，未作为目标值。",
            )
            continue
        accepted.append([m, metric, comparator, decrease])
        context["subject"] = _SUBJECT_TAIL.sub("", metric)
        metric_from = segment_end
    return [
        (m.start(), _target(m, metric, comparator, decrease, clause))
        for m, metric, comparator, decrease in _respectively(accepted)
    ]


def _is_number(sentence, clause_start, m):
    """Whether m is a quantity at all: not a date, a document number, an age, a code or an aside."""
    after = m.string[m.end() :]
    if re.match(r"[A-Za-z+\-—–~～.·]", after) or m.string[: m.start()].endswith(("+", "-", "—")):
        return False
    if re.search(r"\d(至|到|-|—|~)$", m.string[: m.start()]):
        return False  # 1至2名: a range, not one figure
    if not m["unit"] and not m["mag"] and re.match(r"[年月日号岁届]", after):
        return False
    return not _inside_brackets(sentence, clause_start + m.start())


def _is_goal(clause, m, following):
    """Whether the quantity at m is a goal rather than a rule, a scope or an attribute."""
    before, after = clause[: m.start()], clause[m.end() :]
    unit = m["unit"] or ""
    if unit == "个" and _SCOPE_AFTER.match(after):
        return False
    threshold = unit not in _COUNTERS or (unit == "户" and _VILLAGE.match(after))
    if m["suffix"] in ("以上", "及以上", "以下") and _THRESHOLD_AFTER.match(after) and threshold:
        return False  # 50万元以上行政村, 30户以上自然村寨: a threshold of what is counted
    stripped, _, _ = _prefix_words(before)
    if _RULE_BEFORE.search(stripped) or "涉及" in before:
        return False
    if _QUOTA_AFTER.search(after):
        return False
    if _RULE_AFTER.match(after) and not _GOAL_AFTER.match(after):
        return False
    if _SUBSIDY_CONDITION.search(after):
        return False
    if _RELATIVE_CLAUSE.search(after) and not _GOAL_AFTER.search(after):
        return False  # 带动200户以上农民增收的经营主体: the number describes who qualifies
    if unit.startswith("元"):
        if "/" in unit and not _RAISED_TO.search(before):
            return False  # 80元/人/月, 5元/生/天: a standard, unless being raised to it
        if _PER_PERSON.search(clause):
            return False
        noun = clause[m.end() : _segment_end(clause, m.end(), following)]
        if noun and not _MONEY_NOUN.match(noun):
            return False  # 500万元“双高”建设资金分配方案: money describing something else
    if following and _same_segment(clause, m.end(), following.start()):
        between = clause[m.end() : following.start()]
        if between and not _TRAILING.search(between) and not re.search(r"[约达为超]$", between):
            return False  # 年产值超100万元合作社100家: a threshold of what is counted
    return True


def _prefix_words(before):
    """The text before a number without its comparator words: (text, comparator, decrease)."""
    comparator, decrease = "=", False
    while True:
        decrease = decrease or bool(_DECREASE.search(before))
        word = next((w for w in _PREFIX_COMPARATOR if before.endswith(w)), None)
        if word is None:
            return before, comparator, decrease
        if comparator == "=":
            comparator = _PREFIX_COMPARATOR[word]
        before = before[: -len(word)]


def _segment_end(clause, start, following):
    """Where the list item that starts at `start` ends: a 、 or 和 before the next number."""
    end = following.start() if following else len(clause)
    if following:
        cut = max(clause.rfind(sep, start, end) for sep in _SUB_SEPARATORS)
        if cut >= 0:
            return cut
        return start  # the text up to the next number is that number's own metric
    return end


def _same_segment(clause, start, end):
    return not any(sep in clause[start:end] for sep in _SUB_SEPARATORS)


def _target(m, metric, comparator, decrease, clause):
    number = Decimal(m["num"]) * _MAGNITUDE.get(m["mag"] or "", 1)
    value = int(number) if number == number.to_integral_value() else float(number)
    written = "".join(m.group(g) or "" for g in ("num", "mag", "approx", "unit"))
    return {
        "metric": metric,
        "comparator": comparator,
        "value": value,
        "unit": m["unit"] or ("" if not m["mag"] else None),
        "value_as_written": written,
        "period": "",
        "cumulative": "累计" in clause,
        "direction": "decrease" if decrease else "increase",
        "source_field": "",
        "source_text": clause,
        "annual_index": None,
        "_direction_said": decrease,
    }


def _clean_metric(text, rest=""):
    """The words of a metric: without fillers, leading verbs, comparators, scopes and baselines.

    rest is the text that will follow (the words after an attributive number), which counts
    when deciding whether dropping a leading verb leaves enough of a metric.
    """
    text = text.replace("累计", "").strip("、，,：: ")
    while True:
        before = text
        text = _ORDINAL.sub("", text)
        text = _SCOPE_PREFIX.sub("", text)
        text = _FILLER.sub("", text)
        if (m := _LEADING_VERB.match(text)) and len(text) - m.end() + len(rest) >= 3:
            text = text[m.end() :]
        text = _TRAILING.sub("", text)
        text = re.sub(r"(由|从)\d.*$", "", text)
        if text == before:
            return text


def _respectively(accepted):
    """Share out a 分别 list: "城镇、农村常住居民人均可支配收入分别增长10%左右和12%左右" pairs
    each item with its figure; "村寨、农家乐分别评定10家" gives each item the one figure."""
    for index, (m, metric, comparator, decrease) in enumerate(accepted):
        items, found, verb = metric.partition("分别")
        items = [item for item in items.split("、") if item]
        if not found or len(items) < 2:
            continue
        # 城镇、农村常住居民人均可支配收入: the first items share the last one's noun.
        size, last = len(items[0]), items[-1]
        if all(len(i) == size for i in items[:-1]) and len(last) - size >= 3:
            items = [item + last[size:] for item in items[:-1]] + [last]
        metrics = [item + verb for item in items]
        rest = accepted[index + 1 :]
        if len(rest) == len(items) - 1:
            for entry, item_metric in zip(accepted[index:], metrics, strict=True):
                entry[1] = item_metric
            return accepted
        shared = [[m, item_metric, comparator, decrease] for item_metric in metrics]
        return accepted[:index] + shared + _respectively(rest)
    return accepted


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
        _warn(
            warnings,
            "target_without_unit",
            f"“{target['source_text']}”中的数值{target['value_as_written']}"
            "没有计量单位，未作为目标值。",
        )
        return False
    _warn(
        warnings,
        "target_unit_inferred",
        f"“{target['source_text']}”中的{target['value_as_written']}未写单位，"
        f"按“{target['unit']}”计，请复核。",
    )
    return True


def _link(milestone, annual, warnings):
    """Index of the annual target with the same metric as the milestone, or None."""
    candidates = [i for i, a in enumerate(annual) if _units_match(a["unit"], milestone["unit"])]
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
        _warn(
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


def _year_named(text, year_start, year_end):
    """The last plan year the text names before the number (到2024年), else the plan's end."""
    years = [int(y) for y in _YEAR.findall(text) if year_start <= int(y) <= year_end]
    return years[-1] if years else year_end


def _inside_brackets(text, at):
    depth = 0
    for ch in text[:at]:
        if ch in "（(":
            depth += 1
        elif ch in "）)":
            depth = max(0, depth - 1)
    return depth > 0


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


def _warn(warnings, code, message):
    """Record a doubt on the task once, however often the same text repeats it."""
    warning = {"code": code, "message": message}
    if warning not in warnings:
        warnings.append(warning)
