"""Writes to regions and the unit register."""

import datetime
import re

from django.db import transaction
from django.db.models import Q

from plans.errors import PlanSettingsError
from plans.models import Plan, Region, Unit, UnitAlias
from plans.regions import REGIONS
from plans.signals import plan_changed
from plans.units import canonical_name, collective_kind, government_of_region_named, unit_kind


@transaction.atomic
def regions_load():
    """Create or update the regions of plans/regions.py. Idempotent."""
    by_code = {}
    for code, name, short, level, parent in REGIONS:
        region, _ = Region.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "short_name": short,
                "level": level,
                "parent": by_code.get(parent),
            },
        )
        by_code[code] = region
    return by_code


def _government_of(region):
    unit, _ = Unit.objects.get_or_create(
        region=region,
        name=f"{region.short_name}人民政府",
        defaults={"kind": Unit.Kind.GOVERNMENT},
    )
    return unit


def unit_resolve(*, name, region):
    """The units a name as written in a plan of `region` stands for, creating missing ones.

    A collective phrase expands into its members where they are known (各县（市）人民政府 in a
    prefecture's plan: each county government of that prefecture; 各市〔州〕政府 in the province's
    plan: each prefecture government); other collectives stay one unit. Other names go through
    the alias register and are stored under their canonical spelling, the written form kept as
    an alias. Call inside a transaction.
    """
    kind = collective_kind(name)
    if kind == "counties" and region.level == Region.Level.PREFECTURE:
        return [_government_of(county) for county in region.children.order_by("code")]
    if kind == "prefectures" and region.level == Region.Level.PROVINCE:
        return [_government_of(pref) for pref in region.children.order_by("code")]

    alias = UnitAlias.objects.filter(region=region, name=name).select_related("unit").first()
    if alias:
        return [alias.unit]
    named = government_of_region_named(name)
    if named:
        # "六盘水市政府" in the province's plan is the government of that region.
        governed = Region.objects.filter(Q(short_name=named) | Q(name=named)).first()
        if governed is not None and governed != region:
            unit = _government_of(governed)
            if unit.name != name:
                UnitAlias.objects.get_or_create(region=region, name=name, defaults={"unit": unit})
            return [unit]
    canonical = canonical_name(name)
    unit, _ = Unit.objects.get_or_create(
        region=region,
        name=canonical,
        defaults={"kind": Unit.Kind.COLLECTIVE if kind else unit_kind(canonical)},
    )
    if canonical != name:
        UnitAlias.objects.get_or_create(region=region, name=name, defaults={"unit": unit})
    return [unit]


def reporting_deadlines_clean(value):
    """A plan's own deadlines as {"Q1": "MM-DD", ...}, each a day every year has (02-29 is
    not: a deadline that exists only in leap years would break the other years' periods).
    Raises PlanSettingsError with a Chinese message."""
    value = value or {}
    if not isinstance(value, dict):
        raise PlanSettingsError('请写成 {"Q1": "03-18", "Q2": "06-18"} 的形式。')
    for quarter, day in value.items():
        text = str(day)
        if quarter not in ("Q1", "Q2", "Q3", "Q4") or not re.fullmatch(r"\d\d-\d\d", text):
            raise PlanSettingsError(f"“{quarter}: {day}”无效：季度写 Q1-Q4，日期写 MM-DD。")
        month, dom = (int(part) for part in text.split("-"))
        if (month, dom) == (2, 29):
            raise PlanSettingsError(
                f"{quarter} 的截止日“02-29”不是每年都有，请改用 02-28 或 03-01。"
            )
        try:
            datetime.date(2023, month, dom)  # any year that is not a leap year
        except ValueError:
            raise PlanSettingsError(f"{quarter} 的截止日“{text}”不是有效日期。") from None
    return dict(value)


@transaction.atomic
def plan_settings_change(*, plan, reporting_deadlines, lag_threshold):
    """The office changes a plan's own reporting deadlines ({"Q1": "MM-DD"}) or its red-light
    threshold; the periods' deadlines follow. Raises PlanSettingsError for a deadline that
    is not a day of every year; nothing changes then."""
    reporting_deadlines = reporting_deadlines_clean(reporting_deadlines)
    plan.reporting_deadlines = reporting_deadlines or {}
    plan.lag_threshold = lag_threshold
    plan.save(update_fields=["reporting_deadlines", "lag_threshold"])
    plan_changed.send(sender=Plan, plan=plan)
    return plan
