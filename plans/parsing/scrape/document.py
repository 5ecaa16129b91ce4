"""Entry points of the scrape reader, the plan header read from the notice in front, and the
task made from the copies of its number and its clause.
"""

import re
from bisect import bisect_right

from plans.parsing.outline import plan_info, years_in
from plans.parsing.scrape.chunks import Boilerplate, choose_text, read_copy
from plans.parsing.scrape.clauses import report_orphans, task_units
from plans.parsing.scrape.headings import read_sections
from plans.parsing.scrape.tokens import TASK_NUMBER, link, short, tokenize
from plans.parsing.text import warn
from plans.regions import region_named_in

LAYOUT = "scrape"

_TITLE = re.compile(r"关于印发(.+?)的通知")
_ISSUER = re.compile(r"来源[:：]\s*(\S{2,20}?(?:办公厅|办公室|人民政府))")


def looks_like_scrape(text):
    """True when unit clauses run straight into the next task number on the same line.

    In every other layout a task starts on a line of its own; only a scraped web page glues
    `…(牵头单位：…)12.下一项任务` together, and it does so for almost every task.
    """
    glued = re.findall(rf"[(（](?:牵头单位|责任单位)[:：][^()（）\n]*[)）]{TASK_NUMBER}", text)
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
    tokens = tokenize("".join(lines))
    for token in tokens:
        token["line"] = bisect_right(starts, token["pos"])
    link(tokens)

    plan_warnings = []
    preamble = tokens[0]["text"] if tokens[0]["kind"] == "text" else ""
    plan = _plan_fields(preamble, source, plan_warnings)
    boilerplate = Boilerplate(preamble, plan["title"])
    copies, clauses = {}, {}
    for index, token in enumerate(tokens):
        if token["kind"] == "number":
            copies.setdefault(token["value"], []).append(read_copy(tokens, index, boilerplate))
        elif token["kind"] == "clause" and token["owner"] is not None:
            clauses.setdefault(token["owner"], []).append(token)
    highest = max(copies)
    missing = [n for n in range(1, highest + 1) if n not in copies]
    tasks = [_task(n, copies, clauses, missing, highest) for n in sorted(copies)]
    report_orphans(tokens, copies, tasks, missing, boilerplate, plan_warnings)
    sections = read_sections(tokens, tasks, plan_warnings)
    if missing:
        warn(
            plan_warnings,
            "numbers_missing",
            f"抓取文本中缺少以下序号的任务（共{len(missing)}条，原文应有1至{highest}条）："
            f"{'、'.join(map(str, missing))}。这些序号没有出现，未生成任务，请对照原件补录。",
        )
    repeated = [str(n) for n in sorted(copies) if len(copies[n]) > 1]
    if repeated:
        warn(
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


def _task(number, copies, clauses, missing, highest):
    warnings = []
    text = choose_text(number, copies[number], warnings)
    if not text:
        warn(warnings, "text_missing", "本条序号之后没有正文，正文已在抓取中丢失，请对照原件补录。")
    for copy in copies[number]:
        if copy["removed"]:
            warn(
                warnings,
                "boilerplate_removed",
                f"第{copy['line']}行本条正文后混入了通知原文的重复片段"
                f"“{short(''.join(copy['removed']), 30)}”，已删除。",
            )
    lead, responsible = task_units(number, copies[number], clauses, missing, highest, warnings)
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


def _plan_fields(preamble, source, plan_warnings):
    """Title from 关于印发…的通知, region from the issuing office, years from the title."""
    title_match = _TITLE.search(preamble)
    title = title_match.group(1) if title_match else ""
    if not title:
        warn(plan_warnings, "no_title", "通知中未找到方案标题（关于印发…的通知），请在导入时填写。")
    issuer = _ISSUER.search(preamble)
    region = (region_named_in(issuer.group(1)) if issuer else None) or region_named_in(title)
    if region is None:
        warn(plan_warnings, "no_region", "未找到印发机关所属地区，请在导入时选择。")
    start, end = years_in(title)
    if start is None:
        warn(plan_warnings, "no_year", "标题中未找到年度，请在导入时填写。")
    return plan_info(title=title, region=region, start=start, end=end, layout=LAYOUT, source=source)
