"""The text after each copy of a task number (the scrape may hold a number more than once), and
the choice of a task's text among its copies.

Sentences of the notice repeated in the middle of the list are removed. A copy is closed when its
text runs on to the task's own clause and the next number: then all of it is the task's;
otherwise only the text all copies share is sure.
"""

import re

from plans.parsing.scrape.tokens import short
from plans.parsing.text import warn

_SENTENCE = re.compile(r".*?(?:[。！？!?]|$)")
_SIGNATURE = re.compile(r"(?:人民政府|办公厅|办公室)\d{4}年\d{1,2}月\d{1,2}日|此件公开发布")


class Boilerplate:
    """The notice in front of the list, to recognise its sentences repeated in the middle."""

    def __init__(self, preamble, title):
        self.preamble = preamble
        self.title = title

    def __contains__(self, sentence):
        core = sentence.strip()
        if len(core) >= 8 and core in self.preamble:
            return True
        return bool(_SIGNATURE.search(core)) or bool(self.title and self.title in core)


def sentences(text):
    return [s for s in _SENTENCE.findall(text) if s]


def read_copy(tokens, index, boilerplate):
    """One appearance of a task number: its text, where it is, and whether its text is closed.

    Closed means the text runs on to the next number k+1 (through the task's own clause), so
    every sentence of it belongs to the task; otherwise only the first sentence is sure.
    """
    after = index + 1
    raw = ""
    if after < len(tokens) and tokens[after]["kind"] == "text":
        raw = tokens[after]["text"]
        after += 1
    kept, removed = [], []
    for sentence in sentences(raw):
        (removed if sentence in boilerplate else kept).append(sentence)
    clause = tokens[after] if after < len(tokens) and tokens[after]["kind"] == "clause" else None
    while after < len(tokens) and tokens[after]["kind"] in ("clause", "part", "sub"):
        after += 1
    ahead = tokens[after] if after < len(tokens) else None
    next_number = ahead["value"] if ahead and ahead["kind"] == "number" else None
    number = tokens[index]["value"]
    return {
        "line": tokens[index]["line"],
        "sentences": kept,
        "removed": removed,
        "closed": next_number == number + 1,
        "next_number": next_number,
        "clause_after": clause,
        "foreign": [],
    }


def choose_text(number, task_copies, warnings):
    """The task text, from the copy whose end is surest.

    A closed copy wins. Without one, every copy's text ends where the scrape was broken, and
    a longer copy may have run on into another task's sentences: the text all copies share
    is kept, and what a longer copy adds is reported (`report_orphans`), not merged.
    """

    def length(copy):
        return len("".join(copy["sentences"]))

    closed = [c for c in task_copies if c["closed"]]
    shared = [
        c
        for c in task_copies
        if all(o["sentences"][: len(c["sentences"])] == c["sentences"] for o in task_copies)
    ]
    best = max(closed, key=length) if closed else (shared or [max(task_copies, key=length)])[0]
    text = "".join(best["sentences"])
    size = len(best["sentences"])
    for copy in task_copies:
        other = "".join(copy["sentences"])
        if other == text:
            continue
        if copy["sentences"][:size] == best["sentences"]:
            copy["foreign"] = copy["sentences"][size:]
            ends = f"本条的单位条款和第{number + 1}条" if best["closed"] else "另一任务的单位条款"
            warn(
                warnings,
                "copies_differ",
                f"本条出现多次：第{best['line']}行的一份到“{short(text[-12:], 12)}”为止，其后是"
                f"{ends}；第{copy['line']}行的一份后面多出“{short(''.join(copy['foreign']))}”，"
                f"其后接的是第{copy['next_number']}条，多出的文字不能确定属于本条，未并入。",
            )
        else:
            warn(
                warnings,
                "copies_differ",
                f"本条出现多次且文字不同：已采用第{best['line']}行较完整的一份，"
                f"第{copy['line']}行的一份为“{short(other, 40)}”，请核对。",
            )
    if not best["closed"] and size > 1:
        warn(
            warnings,
            "text_uncertain",
            f"本条正文之后不是本条的单位条款和第{number + 1}条，抓取在此处被打乱，第一句之后的"
            f"“{short(''.join(best['sentences'][1:]))}”可能属于其他任务，请核对。",
        )
    return text
