"""The overview of one plan and period, and the task list behind its numbers."""

from django.core.paginator import Paginator
from django.http import Http404
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from progress.periods import parse_period_label
from reports import figures_cache, rules, selectors
from reports.dashboards import charts, frames, tables
from reports.dashboards.links import Links
from reports.models import SnapshotEntry

# The overview lists the first lagging or unreported tasks; the task list behind it has them
# all, a page at a time (a plan of thousands of tasks stays quick), and the .xlsx has them all.
LAGGING_SHOWN = 50
PER_PAGE = 100


def page_query(params):
    """The page's query without its page number, for the links to other pages."""
    query = params.copy()
    query.pop("page", None)
    return query.urlencode()


def plan_period(plan, label, snapshots):
    """The period written `label` among the plan's (prefetched) periods, else the default one.
    A label the plan does not have is a 404 with a Chinese message."""
    if not label:
        return selectors.default_period_from(plan, snapshots)
    try:
        year, quarter = parse_period_label(label)
    except ValueError as exc:
        raise Http404(str(exc)) from exc
    for period in plan.periods.all():
        if (period.year, period.quarter) == (year, quarter):
            return period
    raise Http404(f"计划没有报告期 {label}")


# Shown in the headline only when some task has them.
OCCASIONAL = (rules.RETURNED, rules.NOT_DUE, rules.CLOSED)


def _headline(snapshot, links):
    """The headline figures, each with the list behind it. Before the deadline the mean is
    over the tasks reported so far, and says so."""
    figures = [("任务总数", snapshot.tasks, links.task_list(), "")]
    figures += [
        (label, getattr(snapshot, code), links.task_list(status=code), f"status-{code}")
        for code, label in rules.STATUS_LABELS.items()
        if code not in OCCASIONAL or getattr(snapshot, code)
    ]
    mean = (
        "平均完成率" if snapshot.all_reported else f"已报送{snapshot.reported_tasks}项的平均完成率"
    )
    rates = [
        (mean, tables.percent_text(snapshot.completion), links.task_list(), ""),
        ("序时进度", tables.percent_text(snapshot.expected), "#trend", ""),
        ("报送率", tables.percent_text(snapshot.reporting_rate), "#units", ""),
        ("按时报送率", tables.percent_text(snapshot.on_time_rate), "#units", ""),
    ]
    lights = [
        (label, getattr(snapshot, code), links.task_list(light=code), f"light-{code}")
        for code, label in rules.LIGHT_LABELS.items()
        if code != rules.GREY or snapshot.grey
    ]
    return figures, rates, lights


def _counties(county_rows, snapshot):
    """[(unit, {period id: row})], ordered by rank in the shown period, then by name."""
    by_unit, units = {}, {}
    for row in county_rows:
        units[row.unit_id] = row.unit
        by_unit.setdefault(row.unit_id, {})[row.snapshot.period_id] = row

    def order(unit_id):
        shown = by_unit[unit_id].get(snapshot.period_id) if snapshot else None
        return (shown is None, shown.rank if shown else 0, units[unit_id].name)

    return [(units[uid], by_unit[uid]) for uid in sorted(by_unit, key=order)]


def overview_page(user, plan, label, page_url, *, download=None):
    """The overview's context. For the page, its figures as HTML (`figures_html`): headline,
    charts and their tables, the first LAGGING_SHOWN lagging tasks, rendered once per
    snapshot version and viewer scope (figures_cache). For the download of table `download`,
    the tables themselves (the lagging tasks all of them)."""
    snapshots = selectors.latest_snapshots_of([plan])
    periods = list(plan.periods.all())
    period = plan_period(plan, label, snapshots)
    snapshot = snapshots.get(period.pk) if period else None
    links = Links(user, plan, period)
    context = {
        "plan": plan,
        "period": period,
        "periods": periods,
        "reporting": selectors.reporting_period(plan),
        "plans": list(selectors.dashboard_plans()),
        "snapshot": snapshot,
        "county_label": selectors.county_label(plan),
        "links": links,
        "tables": {},
    }
    if snapshot is None:
        return context
    trend = [snapshots[p.pk] for p in periods if p.pk in snapshots]

    def shown(full=False):
        return _figures_and_tables(
            snapshot, trend, links, page_url, context["county_label"], full=full
        )

    if download:
        context.update(shown(full=download == "lagging"))
        return context

    def html():
        return render_to_string("dashboards/_overview_figures.html", {**context, **shown()})

    context["figures_html"] = mark_safe(
        figures_cache.built_from([snapshot, *trend], [links.scope(), page_url], html)
    )
    return context


def _figures_and_tables(snapshot, trend, links, page_url, county_label, *, full):
    """What the overview shows of `snapshot` and the `trend` (each period's latest snapshot):
    headline, charts, tables. Built from those snapshots alone, for this viewer's links."""
    sections = list(selectors.section_rows(snapshot))
    leads = list(selectors.unit_rows(snapshot, SnapshotEntry.Role.LEAD))
    counties = _counties(selectors.unit_rows_of(trend, role=SnapshotEntry.Role.COUNTY), snapshot)
    lagging = selectors.task_rows_filtered(snapshot, statuses=(rules.LAGGING, rules.NOT_REPORTED))
    lagging = list(lagging if full else lagging[:LAGGING_SHOWN])
    trend_periods = [s.period for s in trend]
    shown = {}
    shown["headline"], shown["rates"], shown["lights"] = _headline(snapshot, links)
    shown["lagging_url"] = links.task_list(status=[rules.LAGGING, rules.NOT_REPORTED])
    shown["lagging_count"] = snapshot.lagging + snapshot.not_reported
    shown["lagging_shown"] = LAGGING_SHOWN
    shown["figures"] = {
        "sections": charts.sections_figure(sections, links),
        "units": charts.units_figure(leads, links),
        "trend": charts.trend_figure(trend, links),
    }
    shown["tables"] = {
        "sections": tables.sections_table(sections, links),
        "units": tables.units_table(leads, links),
        "trend": tables.trend_table(trend, links),
        "lagging": tables.tasks_table(lagging, links, key="lagging", title="滞后和未报送的任务"),
    }
    if counties:
        values = frames.county_quarters(counties, trend_periods)
        shown["figures"]["counties"] = charts.counties_figure(
            counties, trend_periods, links, values
        )
        shown["tables"]["counties"] = tables.counties_table(
            counties, trend_periods, links, county_label, values
        )
    for table in shown["tables"].values():
        table.download = links.download(page_url, table.key)
    return shown


def _task_filters(plan, params):
    """(statuses, light, section, words for the title) from the query; bad values are 404."""
    statuses = [s for s in params.getlist("status") if s]
    if any(s not in rules.STATUS_LABELS for s in statuses):
        raise Http404("未知的状态")
    light = params.get("light") or None
    if light and light not in rules.LIGHT_LABELS:
        raise Http404("未知的亮灯")
    section = None
    if params.get("section"):
        section = next((s for s in plan.sections.all() if str(s.pk) == params["section"]), None)
        if section is None:
            raise Http404("该计划没有这个部分")
    words = [rules.STATUS_LABELS[s] for s in statuses]
    if light:
        words.append(rules.LIGHT_LABELS[light])
    if section:
        words.insert(0, str(section))
    return statuses, light, section, words


def task_list_page(user, plan, params, page_url, *, full=False):
    """The tasks behind a headline number or a bar: filtered by status, light or section; a
    page of PER_PAGE at a time unless `full` (a download)."""
    snapshots = selectors.latest_snapshots_of([plan])
    period = plan_period(plan, params.get("period"), snapshots)
    snapshot = snapshots.get(period.pk) if period else None
    statuses, light, section, words = _task_filters(plan, params)
    links = Links(user, plan, period)
    title = "任务清单" + (" · " + "、".join(words) if words else "")
    context = {
        "plan": plan,
        "period": period,
        "snapshot": snapshot,
        "links": links,
        "title": title,
        "tables": {},
    }
    if snapshot is not None:
        rows = selectors.task_rows_filtered(
            snapshot, statuses=statuses, light=light, section=section
        )
        if not full:
            context["page"] = page = Paginator(rows, PER_PAGE).get_page(params.get("page"))
            context["page_query"] = page_query(params)
            rows = page.object_list
        table = tables.tasks_table(rows, links, title=title, quarter=period.quarter)
        table.download = links.download(page_url, table.key)
        context["tables"]["tasks"] = table
    return context
