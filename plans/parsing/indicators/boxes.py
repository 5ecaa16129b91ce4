"""The items of a 专栏 box, as tasks numbered "专栏N-M" in section "专栏N".

Items are marked （一）, 1., 01 or ●; a （一） heading over 1. items is a group (section
"专栏N.K"). A paragraph that runs on joins the item before it; a box without item markers becomes
one task named after the box, with a warning. A trailing (牵头单位：…；责任单位：…) gives the
units.
"""

import re

from plans.parsing import text as t
from plans.parsing.indicators.lines import ends_open, numeral
from plans.parsing.text import warning

# A trailing unit clause; unit names may hold one level of brackets (各县（市）人民政府).
_UNIT_CLAUSE = re.compile(
    r"[（(]\s*((?:牵头单位|责任单位)[:：](?:[^（）()]|[（(][^（）()]*[)）])*)[)）]\s*。?$"
)


class BoxReader:
    """The items of one 专栏, as tasks; the box ends at a heading, at the next box, or at a
    paragraph that neither continues an item nor starts one."""

    def __init__(self, walk, key, title):
        self.walk, self.key, self.title = walk, key, title
        self.items, self.style, self.expected, self.groups = [], None, {}, 0

    def read(self, index):
        units = self.walk.units
        while index < len(units) and units[index]["kind"] not in ("box", "chapter", "section"):
            unit = units[index]
            following = units[index + 1] if index + 1 < len(units) else None
            taken = unit["kind"] == "marker" and self.take_marker(unit, following)
            if not taken and not self.take_text(unit, index):
                break
            index += 1
        self.finish()
        return index

    def take_marker(self, unit, following):
        rest = self.walk.clean(unit["rest"])
        current = self.items[-1] if self.items else None
        if unit["style"] == "padded" and (
            self.style not in (None, "padded")
            or int(unit["number"]) != self.expected.get("padded", 1)
        ):
            return False
        if (
            unit["style"] == "cn"
            and _is_heading(rest)
            and (
                self.style == "arabic"
                or (following and following["kind"] == "marker" and following["style"] == "arabic")
            )
        ):
            self.groups += 1
            self.walk.sections.append(
                {
                    "key": f"{self.key}.{self.groups}",
                    "numbering": f"（{unit['number']}）",
                    "title": rest,
                    "parent": self.key,
                }
            )
            return True
        self.style = self.style or unit["style"]
        if unit["style"] != self.style and current is not None:
            # A lower-level point inside an item stays part of that item.
            current["paragraphs"].append(self.walk.clean(unit["text"]))
            return True
        value = numeral(unit["number"])
        expected = self.expected.get(self.style, 1)
        warnings = []
        if value != expected and self.style != "bullet":
            warnings.append(
                warning(
                    "item_number_unexpected",
                    f"第{unit['line']}行：{self.key}中此项编号为{unit['number']}，"
                    f"按顺序应为第{expected}项，请核对是否有遗漏或重复。",
                )
            )
        self.expected[self.style] = (value or expected) + 1
        self.items.append(
            {"head": rest, "paragraphs": [], "line": unit["line"], "warnings": warnings}
        )
        return True

    def take_text(self, unit, index):
        text = self.walk.clean(" ".join(unit["cells"]) if unit["kind"] == "row" else unit["text"])
        if not self.items:
            self.items.append(
                {"head": None, "paragraphs": [text], "line": unit["line"], "warnings": []}
            )
            return True
        item = self.items[-1]
        pieces = item["paragraphs"] or [item["head"] or ""]
        if not item["paragraphs"] and item["head"] and _is_heading(item["head"]):
            item["paragraphs"].append(text)
        elif ends_open(pieces[-1]):
            if item["paragraphs"]:
                item["paragraphs"][-1] += text
            else:
                item["head"] += text
        elif pieces[-1].endswith(("；", ";")) or self.resumes(index):
            item["paragraphs"].append(text)
        else:
            if item["head"] is None:
                item["warnings"].append(
                    warning(
                        "box_end_uncertain",
                        f"{self.key}没有分项编号，看不出在哪里结束：已在第{unit['line']}行"
                        f"“{text[:20]}…”之前结束，其后按正文处理，请对照原件复核。",
                    )
                )
            return False
        return True

    def resumes(self, index):
        """Whether the box's next item marker follows within a few paragraphs: then a
        paragraph that looks like prose is a further paragraph of the current item."""
        for unit in self.walk.units[index + 1 : index + 4]:
            if unit["kind"] in ("box", "chapter", "section"):
                return False
            if unit["kind"] == "marker" and unit["style"] == self.style != "bullet":
                return numeral(unit["number"]) == self.expected.get(self.style)
        return False

    def finish(self):
        if not self.items:
            self.walk.warn(
                "box_without_items", f"{self.key}“{self.title}”中没有读到任何项目，请对照原件复核。"
            )
        for position, item in enumerate(self.items, start=1):
            self.walk.tasks.append(self.task(position, item))

    def task(self, position, item):
        warnings = item["warnings"]
        head, body = item["head"], "\n".join(item["paragraphs"])
        if head is None:
            title, text = self.title, body
            code = "box_intro" if len(self.items) > 1 else "box_without_items"
            warnings.insert(
                0,
                warning(
                    code,
                    f"{self.key}中第{item['line']}行起的文字没有分项编号，"
                    "已作为一项（以专栏标题为名），请复核。",
                ),
            )
        elif body and _is_heading(head):
            title, text = head.rstrip("。：:"), body
        else:
            lead = re.match(r"^(.{1,40}?)[。：]", head)
            title = lead.group(1) if lead else ""
            text = head + ("\n" + body if body else "")
            if not lead and _is_heading(head):
                title, text = head.rstrip("。：:"), body
            if not title:
                warnings.append(
                    warning(
                        "item_without_title",
                        f"第{item['line']}行的项目没有可作标题的首句，标题留空。",
                    )
                )
        if not text:
            warnings.append(
                warning("item_without_text", f"第{item['line']}行的项目只有标题，没有内容。")
            )
        text, lead_units, responsible_units = _unit_clause(text)
        return {
            "number": f"{self.key}-{position}",
            "section": self.key,
            "title": title,
            "annual_target": text,
            "quarter_plans": {"Q1": "", "Q2": "", "Q3": "", "Q4": ""},
            "lead_units": lead_units,
            "responsible_units": responsible_units,
            "remarks": "",
            "warnings": warnings,
            "targets": [],
        }


def _is_heading(text):
    """A short line without a sentence inside it and with its brackets closed."""
    body = text.rstrip("。")
    return (
        0 < len(body) <= 40
        and not re.search(r"[。；;]", body)
        and body.count("(") + body.count("（") == body.count(")") + body.count("）")
        and not re.search(r"[\d、，,]$", body)
    )


def _unit_clause(text):
    """Split a trailing (牵头单位：…；责任单位：…) off an item's text."""
    match = _UNIT_CLAUSE.search(text)
    if not match:
        return text, [], []
    found = {"牵头单位": [], "责任单位": []}
    for part in re.split(r"[；;]", match.group(1)):
        label, _, names = part.partition("：") if "：" in part else part.partition(":")
        if label.strip() in found:
            found[label.strip()] = t.split_units(names)
    return text[: match.start()].rstrip(), found["牵头单位"], found["责任单位"]
