"""Tags of a unit's home pages (the unit page, 我的任务): its open 督办单 and the 领导批示
concerning it, each rendered by its own include."""

from django import template

from progress.selectors import instructions_for_unit
from reports.supervision.open import open_notices

register = template.Library()


@register.inclusion_tag("reports/_open_notices.html")
def unit_open_notices(unit):
    return {"notices": open_notices(unit=unit), "unit": unit}


@register.inclusion_tag("reports/_instructions.html")
def unit_instructions(unit):
    return {"instructions": list(instructions_for_unit(unit)), "show_task": True, "unit": unit}
