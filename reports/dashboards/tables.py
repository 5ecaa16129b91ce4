"""The tables under each chart: stored rows shaped into columns and cells.

A cell keeps the stored value (a count, a ratio, a text) for the .xlsx and a text for people;
percentages are the stored ratios, shown × 100. Nothing here computes a figure.
"""

from dataclasses import dataclass, field

from reports import rules
from reports.selectors import lead_names

TEXT, INT, PERCENT = "text", "int", "percent"


@dataclass
class Cell:
    value: object
    text: str
    url: str = ""
    css: str = ""
    dot: str = ""  # a coloured dot before the text (the light)
    title: str = ""  # the whole text where `text` is shortened


@dataclass
class Column:
    label: str
    kind: str = TEXT


@dataclass
class Table:
    key: str
    title: str
    columns: list
    rows: list = field(default_factory=list)
    download: str = ""

    def add(self, *cells):
        self.rows.append(list(cells))


def percent_text(ratio):
    return "—" if ratio is None else rules.percent_text(ratio)


def text(value, url="", css="", short=None):
    """A text cell; `short` shortens what people see on the page (the .xlsx keeps it all)."""
    value = "" if value is None else str(value)
    if short and len(value) > short:
        return Cell(value, value[: short - 1] + "…", url, css, title=value)
    return Cell(value, value, url, css)


def count(value, url=""):
    return Cell(value, "—" if value is None else str(value), url, "num")


def percent(ratio, url=""):
    return Cell(ratio, percent_text(ratio), url, "num")


def status(code):
    label = rules.STATUS_LABELS.get(code, code)
    return Cell(label, label, "", f"status-{code} nowrap")


def light(code):
    label = rules.LIGHT_LABELS.get(code, code)
    return Cell(label, label, "", "nowrap", f"light light-{code}")


def boolean(value):
    return Cell("是" if value else "否", "是" if value else "否")


STATUS_COLUMNS = [Column(label, INT) for label in rules.STATUS_LABELS.values()]


def _status_cells(row, url_of=None):
    return [
        count(getattr(row, code), url_of(code) if url_of else "") for code in rules.STATUS_LABELS
    ]


def task_title(task):
    return task.title or task.annual_target


def sections_table(section_rows, links):
    table = Table(
        "sections",
        "各部分完成情况",
        [Column("部分"), Column("任务数", INT), *STATUS_COLUMNS]
        + [Column("平均完成率", PERCENT), Column("平均序时进度", PERCENT)],
    )
    for row in section_rows:
        url = links.task_list(section=row.section_id)
        table.add(
            text(str(row.section), url, "indent" if row.section.parent_id else "strong"),
            count(row.tasks, url),
            *_status_cells(
                row, lambda s, sid=row.section_id: links.task_list(section=sid, status=s)
            ),
            percent(row.completion),
            percent(row.expected),
        )
    return table


UNIT_COLUMNS = [
    Column("排名", INT),
    Column("单位"),
    Column("任务数", INT),
    *STATUS_COLUMNS,
    Column("平均完成率", PERCENT),
    Column("应报送", INT),
    Column("已报送", INT),
    Column("按时报送", INT),
    Column("逾期报送", INT),
    Column("报送率", PERCENT),
    Column("按时报送率", PERCENT),
]


def units_table(unit_rows, links, *, key="units", title="牵头单位排名"):
    table = Table(key, title, list(UNIT_COLUMNS))
    for row in unit_rows:
        url = links.unit(row.unit_id)
        table.add(
            count(row.rank),
            text(row.unit.name, url),
            count(row.tasks, url),
            *_status_cells(row),
            percent(row.completion, url),
            count(row.expected_reports),
            count(row.submitted_reports),
            count(row.on_time_reports),
            count(row.late_reports),
            percent(row.reporting_rate),
            percent(row.on_time_rate),
        )
    return table


def counties_table(counties, periods, links, county_label, values):
    """counties: [(unit, {period id: SnapshotUnit})] in display order; values: the stored
    completions laid out county x period (frames.county_quarters), the heat map's cells."""
    table = Table(
        "counties",
        f"各{county_label}完成率（按季度）",
        [Column(county_label)] + [Column(f"{p.label} 完成率", PERCENT) for p in periods],
    )
    for (unit, by_period), row_values in zip(counties, values, strict=True):
        cells = [text(unit.name, links.unit(unit.pk))]
        for period, value in zip(periods, row_values, strict=True):
            url = links.unit(unit.pk, period) if period.pk in by_period else ""
            cells.append(percent(value, url))
        table.add(*cells)
    return table


def trend_table(snapshots, links):
    table = Table(
        "trend",
        "各季度完成情况",
        [Column("报告期"), Column("任务数", INT), *STATUS_COLUMNS]
        + [
            Column("平均完成率", PERCENT),
            Column("平均序时进度", PERCENT),
            Column("报送率", PERCENT),
            Column("按时报送率", PERCENT),
        ],
    )
    for snapshot in snapshots:
        url = links.overview(period=snapshot.period)
        table.add(
            text(snapshot.period.label, url),
            count(snapshot.tasks),
            *_status_cells(snapshot),
            percent(snapshot.completion, url),
            percent(snapshot.expected),
            percent(snapshot.reporting_rate),
            percent(snapshot.on_time_rate),
        )
    return table


def tasks_table(task_rows, links, *, key="tasks", title="任务清单", quarter=None):
    columns = [Column("序号"), Column("任务"), Column("牵头单位")]
    if quarter:
        columns.append(Column("本季度计划"))
    columns += [
        Column("序时进度", PERCENT),
        Column("完成率", PERCENT),
        Column("状态"),
        Column("亮灯"),
        Column("说明"),
        Column("存在问题"),
    ]
    table = Table(key, title, columns)
    for row in task_rows:
        url = links.task(row.task_id)
        cells = [
            text(row.task.number, url),
            text(task_title(row.task), url, short=80),
            text(lead_names(row)),
        ]
        if quarter:
            cells.append(text(row.task.quarter_plan(quarter), short=80))
        cells += [
            percent(row.expected),
            percent(row.completion),
            status(row.status),
            light(row.light),
            text(row.reason),
            text(row.problems),
        ]
        table.add(*cells)
    return table


def plans_table(items, links):
    """items: [(plan, period or None, snapshot or None)] of a region view."""
    table = Table(
        "plans",
        "各计划完成情况",
        [
            Column("计划"),
            Column("区划"),
            Column("层级"),
            Column("报告期"),
            Column("平均完成率", PERCENT),
            Column("平均序时进度", PERCENT),
            Column("任务数", INT),
            *STATUS_COLUMNS,
            Column("报送率", PERCENT),
            Column("按时报送率", PERCENT),
        ],
    )
    for plan, period, snapshot in items:
        url = links.overview(plan=plan, period=period)
        cells = [
            text(plan.title, url),
            text(plan.region.short_name, links.region(plan.region)),
            text(plan.get_level_display()),
            text(period.label if period else "—"),
        ]
        if snapshot:
            cells += [
                percent(snapshot.completion, url),
                percent(snapshot.expected),
                count(snapshot.tasks),
                *_status_cells(snapshot),
                percent(snapshot.reporting_rate),
                percent(snapshot.on_time_rate),
            ]
        else:
            cells += [percent(None), percent(None)] + [count(None)] * (1 + len(STATUS_COLUMNS))
            cells += [percent(None)] * 2
        table.add(*cells)
    return table
