"""The leading group (领导小组) and the 工作专班 under it, with the unit hosting each office and
the leader's line as written.
"""

import re

from plans.parsing.measures.clauses import top_level_split
from plans.parsing.measures.lines import PART, SUBPART
from plans.parsing.text import warn


def read_bodies(main, warnings):
    """The leading group and the 工作专班 under it, with their office hosts and leaders."""
    start = next(
        (i for i, line in enumerate(main) if re.search(r"成立(.{2,40}?领导小组)", line)), None
    )
    if start is None:
        return []
    group = re.search(r"成立(.{2,40}?领导小组)", main[start])[1]
    ends = [i for i, line in enumerate(main) if PART.match(line) or SUBPART.match(line)] + [
        len(main)
    ]
    end = next(i for i in ends if i > start)
    bodies = [
        _body(group, "leading_group", None, main[start:end], "组长", "领导小组办公室", warnings)
    ]
    for at in ends[:-1]:
        heading = (SUBPART.match(main[at]) or [None, None, ""])[2].split("。")[0]
        if heading.endswith("专班"):
            block = main[at : next(i for i in ends if i > at)]
            bodies.append(
                _body(heading, "task_force", group, block, "班长", "专班办公室", warnings)
            )
    listed = next((m[1] for line in main if (m := re.search(r"领导小组下设(.+?)。", line))), "")
    for missing in set(top_level_split(listed, "、")) - {b["name"] for b in bodies} - {""}:
        warn(warnings, "body_missing", f"领导小组下设“{missing}”，但未找到其人员组成和办公室。")
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
        warn(warnings, "body_without_leader", f"“{name}”未写明{leader_label}。")
    if not office:
        warn(warnings, "body_without_office", f"“{name}”未写明办公室设在哪个单位。")
    return {"name": name, "kind": kind, "office_host": office, "parent": parent, "leader": leader}
