"""What the services of progress share: numbers typed by people, who did something."""

from decimal import Decimal, InvalidOperation

from progress.errors import InvalidReport

# Values are stored as numeric(24, 6): anything this large is a typing error.
MAX_NUMBER = Decimal(10) ** 18


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
