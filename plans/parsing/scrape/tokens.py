"""The scraped page as tokens (text, unit clauses, part and sub headings, task numbers), and the
warning helpers every part shares.

The lines are joined (the scrape breaks them anywhere) and cut at clauses, headings and task
numbers. `link` gives a clause its owner, the task before the number that follows it (the one
adjacency the scrape keeps), and a heading the number it starts at.
"""

import re

from plans.parsing import text as t

_NUMERAL = "[一二三四五六七八九十]+"
TASK_NUMBER = r"\d{1,3}[.．](?!\d)"
_TOKEN = re.compile(
    r"(?P<clause>[(（](?:牵头单位|责任单位)[:：][^()（）]*[)）])"
    rf"|[(（](?P<sub>{_NUMERAL})[)）](?P<subtitle>[^。；()（）]{{1,40}}?)(?=\d{{1,3}}[.．](?!\d))"
    rf"|(?P<part>{_NUMERAL})、(?P<parttitle>[^。；()（）]{{1,40}}?)"
    rf"(?=[(（]{_NUMERAL}[)）]|{TASK_NUMBER})"
    r"|(?<![\d.．])(?P<number>\d{1,3})[.．](?!\d)"
)
# A task number stands after a clause, a heading, or the end of a sentence; elsewhere
# "3." is part of the text.
_BEFORE_NUMBER = ')）。；;！？!?”"'


def short(text, size=20):
    return text if len(text) <= size else text[:size] + "…"


def tokenize(flat):
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


def link(tokens):
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
