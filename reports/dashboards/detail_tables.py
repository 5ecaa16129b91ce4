"""The tables of the task and unit pages (see tables.py for the cell types)."""

from django.urls import reverse

from reports.dashboards.tables import (
    INT,
    PERCENT,
    STATUS_COLUMNS,
    Column,
    Table,
    _status_cells,
    boolean,
    count,
    light,
    percent,
    status,
    task_title,
    text,
)


def task_quarters_table(task, periods, rows_by_period, links):
    """Each period of the task's plan: its quarterly plan and the task's stored figures."""
    table = Table(
        "quarters",
        "各季度完成情况",
        [
            Column("报告期"),
            Column("季度计划"),
            Column("序时进度", PERCENT),
            Column("完成率", PERCENT),
            Column("完成率（不封顶）", PERCENT),
            Column("状态"),
            Column("亮灯"),
            Column("说明"),
        ],
    )
    for period in periods:
        row = rows_by_period.get(period.pk)
        cells = [
            text(period.label, links.overview(plan=task.plan, period=period)),
            text(task.quarter_plan(period.quarter)),
        ]
        if row:
            cells += [
                percent(row.expected),
                percent(row.completion),
                percent(row.completion_uncapped),
                status(row.status),
                light(row.light),
                text(row.reason),
            ]
        else:
            cells += [percent(None)] * 3 + [text("尚无快照"), text(""), text("")]
        table.add(*cells)
    return table


def task_units_table(entries, visible_reports, links):
    """Each expected report of every period (lead units and counties) with its stored figures;
    the report itself is linked where the viewer may see it."""
    table = Table(
        "units",
        "各单位报送情况",
        [
            Column("报告期"),
            Column("单位"),
            Column("类别"),
            Column("应报送"),
            Column("已报送"),
            Column("按时报送"),
            Column("逾期报送"),
            Column("序时进度", PERCENT),
            Column("完成率", PERCENT),
            Column("状态"),
            Column("亮灯"),
            Column("说明"),
            Column("报告"),
        ],
    )
    for entry in entries:
        period = entry.snapshot.period
        report = visible_reports.get(entry.report_id)
        table.add(
            text(period.label),
            text(entry.unit.name, links.unit(entry.unit_id, period)),
            text(entry.get_role_display() + ("（按分解目标）" if entry.shared else "")),
            boolean(entry.report_expected),
            boolean(entry.submitted),
            boolean(entry.on_time),
            boolean(entry.late),
            percent(entry.expected),
            percent(entry.completion),
            status(entry.status),
            light(entry.light),
            text(entry.reason),
            text(
                f"第{report.version}版 {report.get_state_display()}" if report else "",
                reverse("progress:report_detail", args=[report.pk]) if report else "",
            ),
        )
    return table


def unit_quarters_table(unit_rows, ranked_counts, links):
    """The unit's roll-up rows (as lead unit and/or county), period by period."""
    table = Table(
        "quarters",
        "各季度完成率与报送率",
        [
            Column("报告期"),
            Column("类别"),
            Column("排名", INT),
            Column("参与排名单位数", INT),
            Column("任务数", INT),
            *STATUS_COLUMNS,
            Column("平均完成率", PERCENT),
            Column("应报送", INT),
            Column("已报送", INT),
            Column("按时报送", INT),
            Column("逾期报送", INT),
            Column("报送率", PERCENT),
            Column("按时报送率", PERCENT),
        ],
    )
    for row in unit_rows:
        period = row.snapshot.period
        table.add(
            text(period.label, links.overview(period=period)),
            text(row.get_role_display()),
            count(row.rank),
            count(ranked_counts.get((row.snapshot_id, row.role))),
            count(row.tasks),
            *_status_cells(row),
            percent(row.completion),
            count(row.expected_reports),
            count(row.submitted_reports),
            count(row.on_time_reports),
            count(row.late_reports),
            percent(row.reporting_rate),
            percent(row.on_time_rate),
        )
    return table


def unit_tasks_table(tasks, entries, task_rows, links, period):
    """The unit's tasks in one plan: its own expected report's figures, light and sentence (a
    county's against its shares), beside the task's status."""
    table = Table(
        "tasks",
        "本单位任务",
        [
            Column("序号"),
            Column("任务"),
            Column("本单位角色"),
            Column("本季度计划"),
            Column("本单位序时进度", PERCENT),
            Column("本单位完成率", PERCENT),
            Column("本单位状态"),
            Column("本单位亮灯"),
            Column("说明"),
            Column("任务完成率", PERCENT),
            Column("任务状态"),
        ],
    )
    for task in tasks:
        url = links.task(task.pk)
        entry = entries.get(task.pk)
        row = task_rows.get(task.pk)
        role = "、".join(a.get_role_display() for a in task.unit_assignments)
        if entry is not None and entry.shared:
            role += "（按分解目标）"
        table.add(
            text(task.number, url),
            text(task_title(task), url, short=80),
            text(role),
            text(task.quarter_plan(period.quarter) if period else "", short=80),
            percent(entry.expected if entry else None),
            percent(entry.completion if entry else None),
            status(entry.status) if entry else text("不单独报送"),
            light(entry.light) if entry else text(""),
            text(entry.reason if entry else "本单位在此任务上的报告不单独计算完成率"),
            percent(row.completion if row else None),
            status(row.status) if row else text("—"),
        )
    return table
