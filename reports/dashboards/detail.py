"""The task page and the unit page."""

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.urls import reverse

from progress import roles, services
from progress import selectors as progress_selectors
from progress.history import history_described
from reports import selectors
from reports.dashboards import charts, detail_tables
from reports.dashboards.links import Links
from reports.dashboards.overview import PER_PAGE, page_query, plan_period
from reports.dashboards.tables import percent_text
from tasks.amounts import amount_text, target_text
from tasks.models import QUARTERS, Target, TaskAssignment


def _targets(task):
    """[(target, [its figures in Q1..Q4])] in the order of the task's text: each annual target
    with its quarterly milestones, each quarter target with itself in its own quarter."""
    milestones = {}
    for target in task.all_targets:
        if target.role == Target.Role.MILESTONE:
            key = (target.annual_id, target.due_year, target.due_quarter)
            milestones.setdefault(key, []).append(target)
    rows = []
    for target in task.all_targets:
        if target.role == Target.Role.ANNUAL:
            quarters = [milestones.get((target.pk, target.due_year, q), []) for q in QUARTERS]
        elif target.role == Target.Role.QUARTER:
            quarters = [[target] if target.due_quarter == q else [] for q in QUARTERS]
        else:
            continue
        rows.append((target, quarters))
    return rows


def _shares(task, periods):
    """The task's targets divided among counties (目标分解): per annual target its shares, their
    sum against the target, and per period the lead units' actual beside the counties'."""
    actuals = selectors.task_actuals(task)
    rows = []
    for target, shares, total in selectors.task_shares(task):
        rows.append(
            {
                "target": target,
                "shares": shares,
                "total": total,
                "short": bool(shares)
                and progress_selectors.shares_add_up(target)
                and total < target.value,
                "total_text": amount_text(total, target),
                "target_text": target_text(target),
                "periods": [
                    (
                        period,
                        amount_text(sums["lead"], target),
                        amount_text(sums["counties"], target),
                    )
                    for period in periods
                    if (sums := actuals.get((period.pk, target.pk)))
                ],
            }
        )
    return rows


def task_page(user, task, page_url):
    """Everything about one task: targets, quarterly plans, stored figures per quarter, and
    every expected unit's report per period, with the reports the viewer may see."""
    plan = task.plan
    periods = list(plan.periods.all())
    snapshots = selectors.latest_snapshots_of([plan])
    shown = [snapshots[p.pk] for p in periods if p.pk in snapshots]
    rows_by_period = {r.snapshot.period_id: r for r in selectors.task_rows_of(task, shown)}
    entries = list(selectors.task_entries_of(task, shown))
    reports = list(selectors.task_reports_for(user, task))
    targets = {t.pk: t for t in task.all_targets}
    for report in reports:
        report.history = history_described(report.history, targets)
    links = Links(user, plan, None)
    units_table = detail_tables.task_units_table(entries, {r.pk: r for r in reports}, links)
    quarters_table = detail_tables.task_quarters_table(task, periods, rows_by_period, links)
    for table in (units_table, quarters_table):
        table.download = links.download(page_url, table.key)
    assignments = task.all_assignments
    return {
        "task": task,
        "plan": plan,
        "periods": periods,
        "closure": getattr(task, "closure", None),
        "events": list(selectors.task_events(task)),
        "is_office": roles.is_office(user),
        "instructions": list(progress_selectors.instructions_visible_to(user, task)),
        "may_instruct": services.may_instruct(user, task),
        "may_set_shares": roles.may_set_shares(user, task),
        "shares": _shares(task, periods),
        "leads": [
            (a.unit, links.unit(a.unit_id))
            for a in assignments
            if a.role == TaskAssignment.Role.LEAD
        ],
        "responsible": [
            (a.unit, links.unit(a.unit_id))
            for a in assignments
            if a.role != TaskAssignment.Role.LEAD
        ],
        "targets": _targets(task),
        "quarter_plans": [(f"Q{q}", task.quarter_plan(q)) for q in QUARTERS],
        "reports": reports,
        "sees_all_reports": roles.sees_everything(user),
        "links": links,
        "figures": {"quarters": charts.task_figure(task, periods, rows_by_period, links)},
        "tables": {"quarters": quarters_table, "units": units_table},
    }


def _my_tasks_url(user, unit, plan, period):
    params = {"plan": plan.key}
    if period:
        params["period"] = period.label
    if not roles.is_reporting_user(user):
        params["unit"] = unit.pk
    return reverse("progress:my_tasks") + "?" + urlencode(params)


def unit_page(user, unit, params, page_url, *, full=False):
    """A unit's page: per plan, its tasks with its own and the task's figures (a page of
    PER_PAGE at a time unless `full`), its completion and reporting rates per quarter and its
    rank."""
    plans = list(
        progress_selectors.plans_for_unit(unit)
        .select_related("region")
        .prefetch_related("periods")
        .order_by("-year_start", "key")
    )
    context = {"unit": unit, "plans": plans, "tables": {}, "figures": {}}
    if not plans:
        return context
    snapshots = selectors.latest_snapshots_of(plans)
    with_figures = {s.plan_id for s in snapshots.values()}
    plan = next(
        (p for p in plans if p.key == params.get("plan")),
        next((p for p in plans if p.pk in with_figures), plans[0]),
    )
    # Switching plans sends the old plan's period too: a label this plan lacks falls back to
    # its default period rather than a 404.
    labels = {p.label for p in plan.periods.all()}
    label = params.get("period") if params.get("period") in labels else None
    period = plan_period(plan, label, snapshots)
    periods = list(plan.periods.all())
    shown = [snapshots[p.pk] for p in periods if p.pk in snapshots]
    snapshot = snapshots.get(period.pk) if period else None
    links = Links(user, plan, period)
    unit_rows = list(selectors.unit_rows_of(shown, unit=unit))
    ranked = selectors.ranked_units_count(shown)
    tasks = progress_selectors.unit_tasks(unit, plan)
    if full:
        tasks = list(tasks)
    else:
        context["page"] = page = Paginator(tasks, PER_PAGE).get_page(params.get("page"))
        context["page_query"] = page_query(params)
        tasks = list(page.object_list)
    ids = [t.pk for t in tasks]
    entries = selectors.unit_entries(snapshot, unit, tasks=ids) if snapshot else {}
    task_rows = (
        {r.task_id: r for r in selectors.task_rows_filtered(snapshot, tasks=ids)}
        if snapshot
        else {}
    )
    current = [
        {
            "row": row,
            "ranked": ranked.get((row.snapshot_id, row.role)),
            "rates": [
                ("平均完成率", percent_text(row.completion)),
                ("报送率", percent_text(row.reporting_rate)),
                ("按时报送率", percent_text(row.on_time_rate)),
            ],
        }
        for row in unit_rows
        if snapshot and row.snapshot_id == snapshot.pk
    ]
    quarters = detail_tables.unit_quarters_table(unit_rows, ranked, links)
    task_table = detail_tables.unit_tasks_table(tasks, entries, task_rows, links, period)
    for table in (quarters, task_table):
        table.download = links.download(page_url, table.key)
    context.update(
        {
            "plan": plan,
            "period": period,
            "periods": periods,
            "snapshot": snapshot,
            "current": current,
            "links": links,
            "my_tasks_url": _my_tasks_url(user, unit, plan, period),
            "is_own_unit": roles.unit_of(user) is not None and roles.unit_of(user).pk == unit.pk,
            "figures": {"quarters": charts.unit_figure(unit_rows, links)} if unit_rows else {},
            "tables": {"quarters": quarters, "tasks": task_table},
        }
    )
    return context
