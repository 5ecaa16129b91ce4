"""A report's history as people read it. ReportEvent.changes keeps the raw values
({"state": ["draft", "submitted"], "values": [{"12": "5200"}, {"12": "7600"}]}) for the API and
for audits; pages show each change as a line: the field's Chinese name (a target's metric for
an actual value), the state's Chinese label, and amounts in the target's written unit."""

from dataclasses import dataclass

from progress.models import ProgressReport
from tasks.amounts import amount_text

FIELD_LABELS = {
    "narrative": "进展情况",
    "percent": "完成百分比",
    "values": "实际值",
    "problems": "存在问题",
    "next_steps": "下步打算",
    "state": "状态",
}
STATE_LABELS = dict(ProgressReport.State.choices)


@dataclass(frozen=True)
class ChangeLine:
    field: str  # the stored key ("narrative", "values.12")
    label: str  # 进展情况, 实际值·农村劳动力转移就业
    before: str  # as people write it; "" where the field was empty
    after: str


def _value_text(raw, target):
    if raw in (None, ""):
        return ""
    return amount_text(raw, target) if target is not None else str(raw)


def _plain_text(key, raw):
    if raw in (None, ""):
        return ""
    if key == "state":
        return STATE_LABELS.get(raw, raw)
    if key == "percent":
        return f"{raw}%"
    return str(raw)


def change_lines(changes, targets):
    """[ChangeLine] of one event's `changes`, in the order of FIELD_LABELS (unknown keys last);
    `targets` is {target id: Target} of the report's task."""
    order = list(FIELD_LABELS)
    keys = sorted(changes or {}, key=lambda k: (order.index(k) if k in order else len(order), k))
    lines = []
    for key in keys:
        before, after = changes[key]
        if key == "values":
            before, after = before or {}, after or {}
            for target_id in sorted(set(before) | set(after), key=lambda k: int(k)):
                if before.get(target_id) == after.get(target_id):
                    continue
                target = targets.get(int(target_id))
                label = f"实际值·{target.metric}" if target else f"实际值（目标{target_id}）"
                lines.append(
                    ChangeLine(
                        f"values.{target_id}",
                        label,
                        _value_text(before.get(target_id), target),
                        _value_text(after.get(target_id), target),
                    )
                )
            continue
        lines.append(
            ChangeLine(
                key,
                FIELD_LABELS.get(key, key),
                _plain_text(key, before),
                _plain_text(key, after),
            )
        )
    return lines


def history_described(events, targets):
    """The events (a list), each with `lines` (change_lines of its changes); no queries."""
    events = list(events)
    for event in events:
        event.lines = change_lines(event.changes, targets)
    return events
