"""Exports for statistics offices: every report of a plan-period in long format (one row per
report and judged target) as a pandas DataFrame, written as .xlsx or .csv by DRF renderers
(GET /api/v1/exports/reports/?plan=ID&period=2022Q3&format=xlsx|csv)."""

from reports.exports.reports import COLUMNS, export_filename, reports_frame

__all__ = ["COLUMNS", "export_filename", "reports_frame"]
