"""The bulletin workbook (通报) of one snapshot, one sheet per part of DOMAIN.md "A bulletin
(通报) holds": the headline, reporting per unit, lead units ranked, counties compared, lagging
and unreported tasks, and every task in detail.

Every figure is read from the stored snapshot rows through reports.selectors; this package only
lays them out (sheets.py picks the values, layout.py writes and formats them, titles.py says
what the title rows say). Ratios are numbers formatted 0.0%, counts integers; text from the
database is always a string cell, so a narrative that starts with "=" is never a formula.
"""

import io

from openpyxl import Workbook

from reports import selectors
from reports.bulletin_xlsx import sheets
from reports.bulletin_xlsx.layout import sheet_write, styles_register
from reports.bulletin_xlsx.titles import NUMERALS, bulletin_title, context_for, issuing_office

__all__ = ["bulletin_title", "bulletin_workbook", "issuing_office", "sheet_names"]


def sheet_names(plan):
    return [
        "总体情况",
        "报送情况",
        "牵头单位排名",
        f"{selectors.county_label(plan)}比较",
        "滞后与未报送任务",
        "任务明细",
    ]


def bulletin_workbook(snapshot, *, office=None):
    """The .xlsx (bytes) of the bulletin of `snapshot`, made from its stored rows only, in a
    fixed number of queries; `office` names the issuing office (default issuing_office)."""
    plan, period = snapshot.plan, snapshot.period
    county = selectors.county_label(plan)
    tasks = selectors.task_rows_all(snapshot)
    leads = list(selectors.unit_rows(snapshot, "lead"))
    counties = list(selectors.unit_rows(snapshot, "county"))
    tables = (
        sheets.headline(snapshot, county, period),
        sheets.reporting(snapshot, leads, counties, county),
        sheets.lead_ranking(leads),
        sheets.county_comparison(counties, county),
        sheets.lagging(tasks),
        sheets.detail(tasks, period),
    )
    context = context_for(snapshot, office=office)
    wb = Workbook(write_only=True)
    styles_register(wb)
    for number, (name, table) in enumerate(zip(sheet_names(plan), tables, strict=True), start=1):
        sheet_write(wb, context, name, f"{NUMERALS[number]}、{name}", table)
    wb.properties.title = context.title
    wb.properties.creator = "计划任务跟踪系统"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
