"""The region view: every loaded plan of a region and of the regions below it, side by side,
and the drill-down between levels: a prefecture lists each county with the county's own
figures in the prefecture's plans (its government's SnapshotUnit row as a lower government:
completion, rank, reporting rates, statuses), linking to the county's page; a county's page
shows its own figures in the plans above it (that row and its government's expected reports,
each with its own light and sentence) beside the plans the county issued itself.

Each plan is shown in one period: the one asked for (?period=2022Q3) where the plan has it,
else its default period (DOMAIN.md: the latest whose deadline has passed)."""

from progress.periods import parse_period_label
from reports import selectors
from reports.dashboards import charts, frames, tables
from reports.dashboards.links import Links
from reports.dashboards.tables import INT, PERCENT, Column, Table, count, percent, text


class RegionLinks(Links):
    """Links of the region view: a region's link keeps the period asked for."""

    def __init__(self, user, plan=None, period=None, *, label=""):
        super().__init__(user, plan, period)
        self.label = label

    def region(self, region):
        url = super().region(region)
        return f"{url}?period={self.label}" if self.label else url


def _period_of(plan, wanted, snapshots):
    if wanted:
        for period in plan.periods.all():
            if (period.year, period.quarter) == wanted:
                return period
    return selectors.default_period_from(plan, snapshots)


def _items(plans, wanted, snapshots):
    """[(plan, period or None, snapshot or None)] of plans, each in its shown period."""
    items = []
    for plan in plans:
        period = _period_of(plan, wanted, snapshots)
        items.append((plan, period, snapshots.get(period.pk) if period else None))
    return items


def _wanted(label):
    """(year, quarter) of a ?period= label; a label that is not one is ignored."""
    try:
        return parse_period_label(label) if label else None
    except ValueError:
        return None


def lower_table(plan, period, rows, links, label):
    """The lower governments of one plan-period: each with its stored roll-up row."""
    table = Table(
        f"lower-{plan.pk}",
        f"各{label}完成情况 · {plan.title}（{period.label}）",
        [
            Column(label),
            Column("排名", INT),
            Column("任务数", INT),
            *tables.STATUS_COLUMNS,
            Column("平均完成率", PERCENT),
            Column("平均序时进度", PERCENT),
            Column("应报送", INT),
            Column("已报送", INT),
            Column("报送率", PERCENT),
            Column("按时报送率", PERCENT),
            Column("单位看板"),
        ],
    )
    for row in rows:
        url = links.unit(row.unit_id, period)
        table.add(
            text(row.unit.region.short_name, links.region(row.unit.region)),
            count(row.rank),
            count(row.tasks),
            *tables._status_cells(row),
            percent(row.completion),
            percent(row.expected),
            count(row.expected_reports),
            count(row.submitted_reports),
            percent(row.reporting_rate),
            percent(row.on_time_rate),
            text(row.unit.name if url else "", url),
        )
    return table


def matrix_table(regions, items, values, links, label):
    """Lower governments x plans: each cell the government's stored completion in the plan."""
    table = Table(
        "matrix",
        f"各{label}在各计划中的平均完成率",
        [Column(label)]
        + [Column(f"{plan.title}（{period.label}）", PERCENT) for plan, period, _ in items],
    )
    for region, row in zip(regions, values, strict=True):
        table.add(text(region.short_name, links.region(region)), *[percent(v) for v in row])
    return table


def own_entries_table(plan, period, entries, links):
    """A government's own expected reports in a plan above it: its light and sentence."""
    table = Table(
        f"own-{plan.pk}",
        f"本级承担的任务 · {plan.title}（{period.label}）",
        [
            Column("序号"),
            Column("任务"),
            Column("类别"),
            Column("序时进度", PERCENT),
            Column("完成率", PERCENT),
            Column("状态"),
            Column("亮灯"),
            Column("说明"),
        ],
    )
    for entry in entries:
        url = links.task(entry.task_id)
        table.add(
            text(entry.task.number, url),
            text(tables.task_title(entry.task), url, short=60),
            text(entry.get_role_display() + ("（按分解目标）" if entry.shared else "")),
            percent(entry.expected),
            percent(entry.completion),
            tables.status(entry.status),
            tables.light(entry.light),
            text(entry.reason),
        )
    return table


def _lower(region, regions, items, links):
    """The drill-down below `region`: per own plan with figures, its lower governments' rows;
    the lower regions found, in code order; the matrix of them by plan."""
    own = [(plan, period, snap) for plan, period, snap in items if plan.region_id == region.pk]
    shown = [snap for _, _, snap in own if snap]
    rows = list(selectors.lower_government_rows(shown)) if shown else []
    by_snapshot = {}
    for row in rows:
        by_snapshot.setdefault(row.snapshot_id, []).append(row)
    sections = []
    for plan, period, snapshot in own:
        if snapshot and by_snapshot.get(snapshot.pk):
            label = selectors.county_label(plan)
            plan_links = RegionLinks(links.user, plan, period, label=links.label)
            table = lower_table(plan, period, by_snapshot[snapshot.pk], plan_links, label)
            sections.append({"plan": plan, "period": period, "table": table})
    with_rows = {row.unit.region_id for row in rows}
    lower = [r for r in regions if r.parent_id == region.pk and r.pk in with_rows]
    matrix = None
    with_figures = [item for item in own if item[2] and by_snapshot.get(item[2].pk)]
    if lower and len(with_figures) > 1:  # with one plan its own table says it all
        values = frames.governments_by_plan(rows, lower, with_figures)
        label = selectors.county_label(with_figures[0][0])
        matrix = matrix_table(lower, with_figures, values, links, label)
    return sections, lower, matrix


def _upper(region, wanted, links):
    """The region's own figures in the plans of the regions above it: per plan-period where
    its government has a roll-up row, that row and its expected reports; (sections, the
    government units, the plans above)."""
    ancestors = selectors.region_ancestors(region)
    if not ancestors:
        return [], [], []
    governments = selectors.region_governments(region)
    if not governments:
        return [], governments, []
    plans = list(selectors.region_plans(ancestors))
    snapshots = selectors.latest_snapshots_of(plans)
    items = [(p, period, s) for p, period, s in _items(plans, wanted, snapshots) if s]
    shown = [s for *_, s in items]
    rows = {r.snapshot_id: r for r in selectors.government_rows(shown, governments)}
    ranked = selectors.ranked_units_count(shown)
    entries = {}
    for entry in selectors.government_entries(shown, governments):
        entries.setdefault(entry.snapshot_id, []).append(entry)
    sections = []
    for plan, period, snapshot in items:
        if snapshot.pk not in rows and snapshot.pk not in entries:
            continue
        row = rows.get(snapshot.pk)
        plan_links = RegionLinks(links.user, plan, period, label=links.label)
        sections.append(
            {
                "plan": plan,
                "period": period,
                "row": row,
                "ranked": ranked.get((snapshot.pk, row.role)) if row else None,
                "unit_url": plan_links.unit(row.unit_id) if row else "",
                "overview_url": plan_links.overview(),
                "rates": [
                    ("平均完成率", tables.percent_text(row.completion)),
                    ("平均序时进度", tables.percent_text(row.expected)),
                    ("报送率", tables.percent_text(row.reporting_rate)),
                    ("按时报送率", tables.percent_text(row.on_time_rate)),
                ]
                if row
                else [],
                "table": own_entries_table(plan, period, entries.get(snapshot.pk, []), plan_links),
            }
        )
    return sections, governments, plans


def region_page(user, region, params, page_url):
    """The region view's context. `region` with its parent (and the parent's parent) selected."""
    label = (params.get("period") or "").strip().upper()
    wanted = _wanted(label)
    label = label if wanted else ""
    regions = selectors.region_tree(region)
    plans = list(selectors.region_plans(regions))
    snapshots = selectors.latest_snapshots_of(plans)
    items = _items(plans, wanted, snapshots)
    links = RegionLinks(user, label=label)
    lower_sections, lower, matrix = _lower(region, regions, items, links)
    upper_sections, governments, upper_plans = _upper(region, wanted, links)
    with_plans = {plan.region_id for plan in plans}
    children = [
        r
        for r in regions
        if r.parent_id == region.pk
        and (
            r.pk in with_plans
            or r in lower
            or any(x.parent_id == r.pk and x.pk in with_plans for x in regions)
        )
    ]
    table = tables.plans_table(items, links)
    all_tables = {"plans": table}
    if matrix:
        all_tables["matrix"] = matrix
    for section in lower_sections + upper_sections:
        all_tables[section["table"].key] = section["table"]
    for each in all_tables.values():
        each.download = links.download(page_url, each.key)
    return {
        "region": region,
        "children": children,
        "items": items,
        "links": links,
        "period_label": label,
        "labels": sorted({p.label for plan in plans + upper_plans for p in plan.periods.all()}),
        "ancestors": selectors.region_ancestors(region)[::-1],
        "lower_sections": lower_sections,
        "lower_label": selectors.county_label(lower_sections[0]["plan"]) if lower_sections else "",
        "upper_sections": upper_sections,
        "governments": governments,
        "figures": {"plans": charts.plans_figure(items, links)}
        if any(s for *_, s in items)
        else {},
        "tables": all_tables,
    }
