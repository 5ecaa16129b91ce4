"""Leadership dashboards: overview, task, unit and region pages over stored snapshots.

Pages only select stored rows (reports/selectors/) and shape them: `tables` turns rows into
the tables shown under each chart (and downloaded as .xlsx by `excel`), `charts` turns the same
rows into plotly figures (plain dicts drawn by static/js/charts.js). Nothing here computes a
figure; percentages are stored ratios, formatted for people only.
"""
