"""Plotly figures as plain dicts ({"data": [...], "layout": {...}}), drawn in the page by
static/js/charts.js with the vendored plotly.js.

Every function takes rows already selected from stored snapshots and puts the stored values in
the figure unchanged: ratios in [0, 1] shown as percentages by plotly's number formats (".0%"),
so the figure JSON holds exactly the stored figures. A point's `customdata` is the URL it
leads to (empty where the viewer may not open it); the table under each chart has the same links.
"""

import plotly.graph_objects as go

from reports import rules

FONT = (
    '"PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", '
    '"WenQuanYi Micro Hei", sans-serif'
)
BLUE, GREY, GREEN, ORANGE, RED = "#2b6cb0", "#718096", "#2f855a", "#dd6b20", "#c53030"
PERCENT_AXIS = {"tickformat": ".0%", "rangemode": "tozero", "gridcolor": "#e2e8f0"}


def _layout(height=320, **extra):
    layout = {
        "height": height,
        "margin": {"l": 60, "r": 20, "t": 30, "b": 50},
        "font": {"family": FONT, "size": 13, "color": "#1f2933"},
        "paper_bgcolor": "#ffffff",
        "plot_bgcolor": "#ffffff",
        "legend": {"orientation": "h", "y": -0.15},
        "hoverlabel": {"font": {"family": FONT}},
    }
    layout.update(extra)
    return layout


def _short(label, width=18):
    return label if len(label) <= width else label[: width - 1] + "…"


def _bar_height(n):
    return max(260, 26 * n + 90)


def trend_figure(snapshots, links):
    """The plan's completion against 序时进度, quarter by quarter (latest snapshot of each)."""
    labels = [s.period.label for s in snapshots]
    urls = [links.overview(period=s.period) for s in snapshots]
    return {
        "data": [
            {
                "type": "scatter",
                "mode": "lines+markers",
                "name": "平均完成率",
                "x": labels,
                "y": [s.completion for s in snapshots],
                "customdata": urls,
                "line": {"color": BLUE, "width": 3},
                "hovertemplate": "%{x} 平均完成率 %{y:.1%}<extra></extra>",
            },
            {
                "type": "scatter",
                "mode": "lines+markers",
                "name": "序时进度",
                "x": labels,
                "y": [s.expected for s in snapshots],
                "customdata": urls,
                "line": {"color": GREY, "dash": "dash"},
                "hovertemplate": "%{x} 序时进度 %{y:.1%}<extra></extra>",
            },
        ],
        "layout": _layout(
            xaxis={"type": "category"},
            yaxis={**PERCENT_AXIS, "range": [0, 1.05]},
        ),
    }


def sections_figure(section_rows, links):
    """Completion by part and section (horizontal bars), 序时进度 as markers."""
    labels = [_short(str(r.section)) for r in section_rows]
    urls = [links.task_list(section=r.section_id) for r in section_rows]
    colors = [BLUE if r.section.parent_id else "#1a365d" for r in section_rows]
    return {
        "data": [
            {
                "type": "bar",
                "orientation": "h",
                "name": "平均完成率",
                "y": labels,
                "x": [r.completion for r in section_rows],
                "customdata": urls,
                "marker": {"color": colors},
                "hovertemplate": "%{y}<br>平均完成率 %{x:.1%}<extra></extra>",
            },
            {
                "type": "scatter",
                "mode": "markers",
                "name": "平均序时进度",
                "y": labels,
                "x": [r.expected for r in section_rows],
                "customdata": urls,
                "marker": {
                    "symbol": "line-ns-open",
                    "size": 18,
                    "color": RED,
                    "line": {"width": 3},
                },
                "hovertemplate": "%{y}<br>平均序时进度 %{x:.1%}<extra></extra>",
            },
        ],
        "layout": _layout(
            _bar_height(len(labels)),
            margin={"l": 260, "r": 20, "t": 20, "b": 40},
            xaxis={**PERCENT_AXIS, "range": [0, 1.05]},
            yaxis={"autorange": "reversed", "type": "category", "automargin": True},
        ),
    }


def units_figure(unit_rows, links, name="平均完成率"):
    """Units in rank order (rank 1 on top): completion bars."""
    labels = [f"{r.rank}. {r.unit.name}" for r in unit_rows]
    return {
        "data": [
            {
                "type": "bar",
                "orientation": "h",
                "name": name,
                "y": labels,
                "x": [r.completion for r in unit_rows],
                "customdata": [links.unit(r.unit_id) for r in unit_rows],
                "text": [rules.percent_text(r.completion) for r in unit_rows],
                "textposition": "outside",
                "cliponaxis": False,
                "marker": {"color": BLUE},
                "hovertemplate": "%{y}<br>平均完成率 %{x:.1%}<extra></extra>",
            }
        ],
        "layout": _layout(
            _bar_height(len(labels)),
            margin={"l": 220, "r": 50, "t": 20, "b": 40},
            xaxis={**PERCENT_AXIS, "range": [0, 1.1]},
            yaxis={"autorange": "reversed", "type": "category", "automargin": True},
            showlegend=False,
        ),
    }


def counties_figure(counties, periods, links, values):
    """County x quarter heat map of the counties' stored completions (a plotly Heatmap: z the
    completions, x the periods, y the counties); counties: [(unit, {period id: row})] in
    display order, values their cells (frames.county_quarters, a pandas pivot of the rows)."""
    heat = go.Heatmap(
        x=[p.label for p in periods],
        y=[unit.name for unit, _ in counties],
        z=values,
        customdata=[[links.unit(unit.pk, p) for p in periods] for unit, _ in counties],
        zmin=0,
        zmax=1,
        colorscale=[[0, RED], [0.5, "#ecc94b"], [1, GREEN]],
        colorbar={"tickformat": ".0%", "title": {"text": "完成率"}, "thickness": 12},
        texttemplate="%{z:.0%}",
        hovertemplate="%{y} %{x}<br>完成率 %{z:.1%}<extra></extra>",
        hoverongaps=False,
        xgap=2,
        ygap=2,
    )
    return {
        "data": [heat.to_plotly_json()],
        "layout": _layout(
            _bar_height(len(counties)),
            margin={"l": 130, "r": 10, "t": 30, "b": 20},
            xaxis={"type": "category", "side": "top"},
            yaxis={"autorange": "reversed", "type": "category", "automargin": True},
        ),
    }


def task_figure(task, periods, rows_by_period, links):
    """One task's completion (bars) against its 序时进度 (line), quarter by quarter."""
    shown = [p for p in periods if p.pk in rows_by_period]
    rows = [rows_by_period[p.pk] for p in shown]
    labels = [p.label for p in shown]
    urls = [links.overview(plan=task.plan, period=p) for p in shown]
    return {
        "data": [
            {
                "type": "bar",
                "name": "完成率",
                "x": labels,
                "y": [r.completion for r in rows],
                "customdata": urls,
                "marker": {"color": BLUE},
                "hovertemplate": "%{x} 完成率 %{y:.1%}<extra></extra>",
            },
            {
                "type": "scatter",
                "mode": "lines+markers",
                "name": "序时进度",
                "x": labels,
                "y": [r.expected for r in rows],
                "customdata": urls,
                "line": {"color": RED, "dash": "dash"},
                "hovertemplate": "%{x} 序时进度 %{y:.1%}<extra></extra>",
            },
        ],
        "layout": _layout(xaxis={"type": "category"}, yaxis={**PERCENT_AXIS, "range": [0, 1.05]}),
    }


def unit_figure(unit_rows, links):
    """A unit's completion, reporting and on-time rates per quarter (one set per role)."""
    data = []
    roles = list(dict.fromkeys(r.role for r in unit_rows))
    series = (
        ("completion", "平均完成率", BLUE, "solid"),
        ("reporting_rate", "报送率", GREEN, "dash"),
        ("on_time_rate", "按时报送率", ORANGE, "dot"),
    )
    for role in roles:
        rows = [r for r in unit_rows if r.role == role]
        suffix = f"（{rows[0].get_role_display()}）" if len(roles) > 1 else ""
        labels = [r.snapshot.period.label for r in rows]
        urls = [links.overview(period=r.snapshot.period) for r in rows]
        for attr, name, color, dash in series:
            data.append(
                {
                    "type": "scatter",
                    "mode": "lines+markers",
                    "name": name + suffix,
                    "x": labels,
                    "y": [getattr(r, attr) for r in rows],
                    "customdata": urls,
                    "line": {"color": color, "dash": dash},
                    "hovertemplate": "%{x} " + name + " %{y:.1%}<extra></extra>",
                }
            )
    return {
        "data": data,
        "layout": _layout(xaxis={"type": "category"}, yaxis={**PERCENT_AXIS, "range": [0, 1.05]}),
    }


def plans_figure(items, links):
    """Plans side by side: completion against 序时进度 of the period shown for each."""
    items = [(plan, period, snapshot) for plan, period, snapshot in items if snapshot]
    labels = [f"{_short(plan.title, 14)}（{period.label}）" for plan, period, _ in items]
    urls = [links.overview(plan=plan, period=period) for plan, period, _ in items]
    return {
        "data": [
            {
                "type": "bar",
                "name": "平均完成率",
                "x": labels,
                "y": [s.completion for _, _, s in items],
                "customdata": urls,
                "marker": {"color": BLUE},
                "hovertemplate": "%{x}<br>平均完成率 %{y:.1%}<extra></extra>",
            },
            {
                "type": "bar",
                "name": "平均序时进度",
                "x": labels,
                "y": [s.expected for _, _, s in items],
                "customdata": urls,
                "marker": {"color": "#cbd5e0"},
                "hovertemplate": "%{x}<br>平均序时进度 %{y:.1%}<extra></extra>",
            },
        ],
        "layout": _layout(
            360,
            barmode="group",
            xaxis={"type": "category", "automargin": True},
            yaxis={**PERCENT_AXIS, "range": [0, 1.05]},
        ),
    }
