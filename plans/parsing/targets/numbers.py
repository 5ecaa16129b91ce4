"""The figures in a clause: which are quantities, which of those are goals, and the target each
goal makes (comparator, value with its magnitude, unit, direction).

A quantity is an Arabic figure (MENTION) or a Chinese numeral before a measure word
(CHINESE_MENTION); it is not a date, a document number, an age, a range, a code or an aside in
brackets. A goal is not a subsidy or reward standard, a baseline, a scope, a threshold of what
is counted, a quota being handed down, money describing a project or a share a rule sets (see
the package docstring; why_not_goal says which).
"""

import re
from decimal import Decimal

from plans.parsing.targets.metrics import TRAILING

_MAGNITUDE = {"万亿": 10**12, "千万": 10**7, "百万": 10**6, "亿": 10**8, "万": 10**4, "千": 10**3}
_BASE_UNITS = (
    "人次|场次|个百分点|百分点|栋（户）|平方公里|平方米|立方米|公顷|公里|公斤|千克|千瓦|亩次|亩|吨"
    "|元|人|名|户|家|个|所|项|次|套|栋|座|间|处|条|台|辆|张|头|只|羽|株|场|期|件|篇|天|倍|千米"
    "|岁|%|‰"
)
MENTION = re.compile(
    r"(?<![\d.A-Za-z第])(?P<num>\d+(?:\.\d+)?)(?P<mag>万亿|千万|百万|亿|万|千(?!米))?(?P<approx>余|多)?"
    rf"(?P<unit>(?:{_BASE_UNITS})(?:/(?:亩|年|月|日|天|人|生|户|次|吨))*)?"
    r"(?P<suffix>及以上|以上|以下|以内|左右)?"
)
# 至少开展一次…, 打造…三个职业技能培训品牌: a Chinese numeral before a measure word. Not 一次性
# (a kind of grant), not after 第/每/前 (第三季度, 每一项, 前三季度), not inside a longer numeral.
_CN_DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7}
_CN_DIGITS |= {"八": 8, "九": 9}
_CN_TENS = {"十": 10, "百": 100, "千": 1000}
_CN_NUMERAL = "零一二两三四五六七八九十百千"
CHINESE_MENTION = re.compile(
    rf"(?<![{_CN_NUMERAL}万亿第每前逐之])(?P<num>[{_CN_NUMERAL}]+)(?P<mag>万|亿)?(?P<approx>余|多)?"
    r"(?P<unit>人次|场次|个|项|次|家|所|名|户|座|处|条|套|场|件|张|台|辆|人)(?![性式])"
    r"(?P<suffix>及以上|以上|以下|以内|左右)?"
)
_QUOTES = {"“": "”", "‘": "’", "《": "》", "「": "」", "〈": "〉"}
SUFFIX_COMPARATOR = {"及以上": ">=", "以上": ">=", "以下": "<=", "以内": "<=", "左右": "~"}
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
_THRESHOLD_AFTER = re.compile(r"^[\u3400-\u9fff]")
_COUNTERS = {"个", "家", "所", "项", "套", "座", "处", "条", "台", "辆", "名", "户"}
_VILLAGE = re.compile(r"^(自然村|村寨|村民组|村组|行政村|组|村|寨|乡镇)")
_RELATIVE_CLAUSE = re.compile(r"的[^的\d]{1,8}$")
_PER_PERSON = re.compile(r"每人|每月|每生每天")
_RAISED_TO = re.compile(r"(调整为|调整到|提高到|提高至|提标到|提标至|达到|增加到)$")
_SCOPE_AFTER = re.compile(r"^(县(?!级)|市(?!级)|乡(?!级)|镇(?!级)|村(?!级)|州(?!级)|月)")
_SCOPE_BEFORE = re.compile(r"(全[州省县市国区]|其余|所有|在|各)$")
_MONEY_NOUN = re.compile(r"^\S{0,4}(资金|投资|款)|^用于")
_MONEY_VERB = re.compile(r"(投入|筹集|筹措|募集)$")  # 每年投入不少于5000万元支持…
_SHARE_AFTER = re.compile(r"^(的)?(比例|用于|调入|投向)")
_RULE_WORDS = re.compile(r"按照|依照|根据")
TOLD = ("quota", "money_of", "share_rule")
_SUB_SEPARATORS = "、和及"
# The clause says the figure is the quarter's own amount, not the year's so far (DOMAIN.md).
_OWN_AMOUNT = re.compile(r"新增|[本当]季(?!节)")  # 本季度, 当季; not 本季节
_ASPIRATIONAL = re.compile(r"力争|争取")


def is_number(sentence, clause_start, m):
    """Whether m is a quantity at all: not a date, a document number, an age, a code or an aside."""
    after = m.string[m.end() :]
    if re.match(r"[A-Za-z+\-—–~～.·]", after) or m.string[: m.start()].endswith(("+", "-", "—")):
        return False
    if re.search(r"\d(至|到|-|—|~)$", m.string[: m.start()]):
        return False  # 1至2名: a range, not one figure
    if not m["unit"] and not m["mag"] and re.match(r"[年月日号岁届]", after):
        return False
    if m["unit"] == "岁" and not re.search(r"寿命\S{0,2}$", m.string[: m.start()]):
        return False  # an age (15—59岁, 65岁以上老年人); but 人均预期寿命76岁 is a goal
    return not inside_brackets(sentence, clause_start + m.start())


def why_not_goal(clause, m, following):
    """None when the quantity at m is a goal; else why not, one of:

    "scope", "threshold", "standard" and "condition" are never goals and stay out silently;
    "quota" (招生任务2.472万人分解至县: a quota handed down), "money_of" (500万元“双高”建设资金
    分配方案: money describing a plan or a project) and "share_rule" (以30%比例调入, 按照…不低于
    55%用于发展产业的投向: a share a rule sets) are quantities of the task's own work that the text
    does not ask to reach: the reader names them in a warning (TOLD).
    """
    before, after = clause[: m.start()], clause[m.end() :]
    unit = m["unit"] or ""
    stripped, _, _ = prefix_words(before)
    if unit == "个" and _SCOPE_AFTER.match(after) and _SCOPE_BEFORE.search(stripped):
        return "scope"  # 全州16个县（市）, 其余14个县; but 天然气管道联通71个县 is a goal
    threshold = unit not in _COUNTERS or (unit == "户" and _VILLAGE.match(after))
    if m["suffix"] in ("以上", "及以上", "以下") and _THRESHOLD_AFTER.match(after) and threshold:
        return "threshold"  # 50万元以上行政村, 30户以上自然村寨: a threshold of what is counted
    if _RULE_BEFORE.search(stripped):
        return "share_rule" if unit == "%" and _SHARE_AFTER.match(after) else "standard"
    if "涉及" in before:
        return "scope"
    if _QUOTA_AFTER.search(after):
        return "quota"
    # 5名以上的"法律明白人": 的 right after a count names what it counts.
    counted = unit in _COUNTERS and after.startswith("的")
    if _RULE_AFTER.match(after) and not _GOAL_AFTER.match(after) and not counted:
        return "standard"
    if _SUBSIDY_CONDITION.search(after):
        return "condition"
    if _RELATIVE_CLAUSE.search(after) and not _GOAL_AFTER.search(after) and not counted:
        if unit == "%" and _SHARE_AFTER.match(after) and _RULE_WORDS.search(before):
            return "share_rule"  # 按照…资金不低于55%用于发展产业的投向
        return "condition"  # 带动200户以上农民增收的经营主体: the number describes who qualifies
    if unit.startswith("元"):
        raised = bool(_RAISED_TO.search(before))
        if "/" in unit and not raised:
            return "standard"  # 80元/人/月, 5元/生/天: a standard, unless being raised to it
        if _PER_PERSON.search(clause) and not raised:
            return "standard"  # 每人每月…提高200元; but 由每人每月103元提高至118元 is a goal
        noun = clause[m.end() : end_of_segment(clause, m.end(), following)]
        if noun and not _MONEY_NOUN.match(noun) and not _MONEY_VERB.search(stripped):
            return "money_of"  # 500万元“双高”建设资金分配方案: money describing something else
    if following and _same_segment(clause, m.end(), following.start()):
        between = clause[m.end() : following.start()]
        if between and not TRAILING.search(between) and not re.search(r"[约达为超]$", between):
            return "threshold"  # 年产值超100万元合作社100家: a threshold of what is counted
    return None


def prefix_words(before):
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


def end_of_segment(clause, start, following):
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


def chinese_figure_doubt(sentence, clause_start, clause, m):
    """Why a Chinese numeral (CHINESE_MENTION) is not read as a figure, or None when it is.

    "named": part of a name or slogan ("三个确保、一个杜绝", “三类人员”, 一户一人, 《…》), or of
    the metric of an Arabic figure after it in its list item (六项指标落实综合达标率达80%,
    三人制篮球场300个): never a goal. "uncertain": nothing follows its measure word (为全省65岁
    以上老年人免费体检一次: once per person, or one campaign?): left to a person.
    """
    at = clause_start + m.start()
    if _inside_quotes(sentence, at):
        return "named"
    after = clause[m.end() :]
    if re.match(f"[{_CN_NUMERAL}]", after) or re.search(
        rf"[{_CN_NUMERAL}][户人个村县]$", clause[: m.start()]
    ):
        return "named"  # 一户一人, 一村一品, 一县一业
    following = MENTION.search(after)
    if following and _same_segment(after, 0, following.start()):
        return "named"
    if not after.strip():
        return "uncertain"
    return None


def _inside_quotes(text, at):
    """Whether position `at` is inside “…”, ‘…’, 《…》 or a pair of ASCII double quotes."""
    closing = []
    ascii_open = False
    for ch in text[:at]:
        if ch in _QUOTES:
            closing.append(_QUOTES[ch])
        elif closing and ch == closing[-1]:
            closing.pop()
        elif ch == '"':
            ascii_open = not ascii_open
    return bool(closing) or ascii_open


def _number(text):
    """The value of an Arabic ("2.472") or Chinese ("三", "十二", "一百二十") numeral."""
    if text[0].isdigit():
        return Decimal(text)
    total, digit = 0, None
    for ch in text:
        if ch in _CN_DIGITS:
            digit = _CN_DIGITS[ch]
        else:
            total += (1 if digit is None else digit) * _CN_TENS[ch]
            digit = None
    return Decimal(total + (digit or 0))


def make_target(m, metric, comparator, decrease, clause, item):
    """The target a goal makes. `item` is the list item of the clause the figure belongs to
    (完成25个新增招商引资项目 of 完成25个新增招商引资项目、15亿元到位资金)."""
    number = _number(m["num"]) * _MAGNITUDE.get(m["mag"] or "", 1)
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
        # Read by roles.roles_add, which removes them.
        "_own_said": bool(_OWN_AMOUNT.search(clause)),
        "_own_in_item": bool(_OWN_AMOUNT.search(item)),
        "_aspirational": bool(_ASPIRATIONAL.search(clause[: m.start()])),
        "_sentence": None,
    }


def inside_brackets(text, at):
    depth = 0
    for ch in text[:at]:
        if ch in "（(":
            depth += 1
        elif ch in "）)":
            depth = max(0, depth - 1)
    return depth > 0
