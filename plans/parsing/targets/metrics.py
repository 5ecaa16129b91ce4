"""The name of what a target measures (its metric), from the words around its figure.

Ordinals, scopes (全州, a list of counties), fillers (确保, 到2024年底), a leading verb when enough
is left (开展), trailing verbs and comparators (达到, 不低于) and baselines (由…) are dropped. A
分别 list shares its figures out among its items.
"""

import re

from plans.regions import REGIONS

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
TRAILING = re.compile(
    r"(达到|达|为|约|大约|近|计|共|累计|完成|实现|动态|保持在|稳定在|控制在|提高至|提高到|提升至"
    r"|提升到|增长到|增加到|下降至|下降到|降至|降到|降低到|降低至|调整为|不低于|不少于|不超过"
    r"|超过|突破|高于|低于|超|各|分别|在|均|总计|合计|力争|须|需|要|将|保持|稳定|、|和)$"
)
AFTER_FILLER = re.compile(r"(的工作目标|的目标|的任务|等目标|目标|任务|工作)$")
RELATIONAL = re.compile(r"^(较|比|同比|增速|增幅|年均增长|增长|增加|提升|提高|下降|降低|价值)")
SUBJECT_TAIL = re.compile(r"(较\d.*|提升|提高|增长|增加|下降|降低|减少|增速|增幅)$")
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


def clean_metric(text, rest=""):
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
        text = TRAILING.sub("", text)
        text = re.sub(r"(由|从)[^\d，]{0,4}\d.*$", "", text)  # 由4608元/年, 由每人每月103元
        if text == before:
            return text


def respectively(accepted):
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
        return accepted[:index] + shared + respectively(rest)
    return accepted
