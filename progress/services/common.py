"""What the services of progress share: numbers typed by people, who did something, and what
both writing and reviewing a report need: the text it holds, its content and what changed in
it, its version checked, its row locked, the news that it changed."""

from decimal import Decimal, InvalidOperation

from django.db import transaction

from progress.errors import Conflict, InvalidReport
from progress.models import ProgressReport
from progress.signals import reports_changed
from tasks.amounts import number_text

# Values are stored as numeric(24, 6): anything this large is a typing error.
MAX_NUMBER = Decimal(10) ** 18

# {field: (label, kind of limit)} of the text a report holds (progress/text.py).
TEXTS = {
    "narrative": ("进展情况", "report"),
    "problems": ("存在问题", "report"),
    "next_steps": ("下步打算", "report"),
}
TEXT_FIELDS = tuple(TEXTS)


def decimal_or_none(value, label, field=None):
    """A number typed by a person (commas allowed), None for blank; InvalidReport naming
    `label` otherwise. `field` is the key of the error's fields (default: the label)."""
    field = field or label
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value).strip().replace(",", ""))
    except InvalidOperation:
        raise InvalidReport(f"{label}必须是数字。", {field: "必须是数字"}) from None
    if not number.is_finite():
        raise InvalidReport(f"{label}必须是数字。", {field: "必须是数字"})
    if abs(number) >= MAX_NUMBER:
        raise InvalidReport(f"{label}过大，请检查单位与数位。", {field: "数值过大"})
    return number


def actor_fields(user):
    """The actor of an event: the account, and its name as it is now (kept in the history
    whatever later happens to the account)."""
    if user is None or not user.is_authenticated:
        return {"actor": None, "actor_name": ""}
    name = user.get_full_name() or user.get_username()
    return {"actor": user, "actor_name": name}


def version_check(report, version):
    if version is None or int(version) != report.version:
        raise Conflict(
            f"该报告已被他人修改（当前为第{report.version}版，您的修改基于第{version or '?'}版），"
            "为避免覆盖，本次修改未保存。请刷新后重新填写。",
            {"version": f"当前版本为 {report.version}"},
        )


def report_content(report, values):
    """The report's content as plain values ({target id: value} given apart)."""
    data = {field: getattr(report, field) for field in TEXT_FIELDS}
    data["percent"] = number_text(report.percent)
    data["values"] = {str(k): number_text(v) for k, v in sorted(values.items())}
    data["state"] = report.state
    return data


def content_diff(before, after):
    return {key: [before.get(key), after[key]] for key in after if before.get(key) != after[key]}


def reports_changed_on_commit(reports_and_actions):
    """After the commit, and robust: a failing recompute must not turn a saved report into an
    error page."""
    pairs = list(reports_and_actions)
    transaction.on_commit(
        lambda: reports_changed.send_robust(sender=ProgressReport, changes=pairs), robust=True
    )


def report_locked(*, related=(), **lookup):
    """The report, its row locked (and only its row: no join of the default ordering), with
    the `related` objects (select_related names) read in the same query."""
    return (
        ProgressReport.objects.select_for_update(of=("self",))
        .select_related(*related)
        .filter(**lookup)
        .order_by()
        .first()
    )
