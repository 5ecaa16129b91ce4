"""Amounts as people write them. A target written 4.2亿元 is stored as 420000000 in 元 (its
`unit`); people read it, and type their actual, in 亿元 (its written unit). The API speaks the
stored unit; pages and Excel templates the written one."""

import re
from decimal import Decimal, InvalidOperation

_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_MAGNITUDE_ONLY = re.compile(r"^[十百千万亿]+$")
COMPARATOR_SIGNS = {">=": "≥", "<=": "≤", "~": "约", "=": ""}


def number_text(value):
    """A decimal as people write it: 5000, 12.5 (no trailing zeros); None stays None."""
    if value is None:
        return None
    return format(Decimal(value).normalize(), "f")


def written_unit(target):
    """(unit as written, scale): 4.2亿元 -> ("亿元", 100000000); 9500人 -> ("人", 1). A figure
    whose written form cannot be read keeps the stored unit."""
    written = (target.value_as_written or "").replace(" ", "").replace(",", "")
    match = _NUMBER.search(written)
    if not match:
        return target.unit, Decimal(1)
    try:
        number = Decimal(match.group())
    except InvalidOperation:
        return target.unit, Decimal(1)
    if not number:
        return target.unit, Decimal(1)
    scale = Decimal(target.value) / number
    # Only a power of ten is a magnitude (万, 亿); anything else means the text was misread.
    exponent = scale.normalize().as_tuple()
    if scale <= 0 or exponent.digits != (1,):
        return target.unit, Decimal(1)
    label = written[match.end() :] or target.unit
    if _MAGNITUDE_ONLY.match(label):
        label += target.unit  # 60亿 (money written without 元)
    return label, scale.normalize()


def amount_text(value, target):
    """A stored amount in the target's written unit: 415000000 -> 4.15亿元."""
    if value is None:
        return ""
    label, scale = written_unit(target)
    return f"{number_text(Decimal(value) / scale)}{label}"


def from_written(number, target):
    """An amount typed in the target's written unit, in the stored unit (4.15 -> 415000000)."""
    if number is None:
        return None
    return Decimal(number) * written_unit(target)[1]


def to_written(value, target):
    """A stored amount as a number in the written unit (415000000 -> Decimal("4.15"))."""
    if value is None:
        return None
    return (Decimal(value) / written_unit(target)[1]).normalize()


def target_text(target, value=None):
    """≥9500人, 约4亿元, 累计8000人: the figure as written with its comparator; `value` (stored
    unit) in place of the target's own, for a county's share."""
    sign = COMPARATOR_SIGNS.get(target.comparator, "")
    figure = amount_text(target.value if value is None else value, target)
    prefix = "累计" if target.cumulative else ""
    return f"{prefix}{sign}{figure}"
