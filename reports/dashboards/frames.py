"""Cross-tabs of stored snapshot rows with pandas: the county x quarter matrix of the overview
and the lower governments x plans matrix of the region view.

A cross-tab only moves stored values into a grid (DataFrame.pivot, which refuses two values
for one cell rather than averaging them): every cell is the stored float of one row, or None
where there is no row. Nothing here computes a figure.
"""

import pandas as pd


def _cells(frame):
    """The frame's values as lists of Python floats, None for a missing or empty cell."""
    return [[None if pd.isna(value) else float(value) for value in row] for row in frame.values]


def matrix(records, *, rows, columns):
    """[[value]] of `records` ((row key, column key, value)) laid out in the order of `rows`
    and `columns` (keys); a key without a record is a row or column of None."""
    frame = pd.DataFrame.from_records(list(records), columns=["row", "column", "value"])
    if frame.empty:
        return [[None] * len(columns) for _ in rows]
    grid = frame.pivot(index="row", columns="column", values="value")
    return _cells(grid.reindex(index=list(rows), columns=list(columns)))


def county_quarters(counties, periods):
    """The overview's county x quarter completions: counties is [(unit, {period id: row})]
    in display order; one row per county, one column per period of `periods`."""
    records = (
        (unit.pk, period_id, row.completion)
        for unit, by_period in counties
        for period_id, row in by_period.items()
    )
    return matrix(records, rows=[u.pk for u, _ in counties], columns=[p.pk for p in periods])


def governments_by_plan(rows, regions, items):
    """The region view's lower governments x plans completions: `rows` the SnapshotUnit rows
    (role county) of the plans' shown snapshots, `regions` the lower regions in display order,
    `items` the [(plan, period, snapshot)] of the plans; a region's cell is its government's
    stored completion in that plan and period."""
    snapshot_plan = {snapshot.pk: plan.pk for plan, _, snapshot in items if snapshot}
    records = (
        (row.unit.region_id, snapshot_plan[row.snapshot_id], row.completion)
        for row in rows
        if row.snapshot_id in snapshot_plan
    )
    return matrix(records, rows=[r.pk for r in regions], columns=[p.pk for p, _, _ in items])
