"""The region view: every loaded plan of a region and of the regions below it, side by side."""

from reports import selectors
from reports.dashboards import charts, tables
from reports.dashboards.links import Links


def region_page(user, region, page_url):
    regions = selectors.region_tree(region)
    plans = list(selectors.region_plans(regions))
    snapshots = selectors.latest_snapshots_of(plans)
    items = []
    for plan in plans:
        period = selectors.default_period_from(plan, snapshots)
        items.append((plan, period, snapshots.get(period.pk) if period else None))
    with_plans = {plan.region_id for plan in plans}
    children = [
        r
        for r in regions
        if r.parent_id == region.pk
        and (r.pk in with_plans or any(x.parent_id == r.pk and x.pk in with_plans for x in regions))
    ]
    links = Links(user)
    table = tables.plans_table(items, links)
    table.download = links.download(page_url, table.key)
    return {
        "region": region,
        "children": children,
        "items": items,
        "links": links,
        "figures": {"plans": charts.plans_figure(items, links)}
        if any(s for *_, s in items)
        else {},
        "tables": {"plans": table},
    }
