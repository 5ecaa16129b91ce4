"""The attachment tables (附件) of the 通报, as rows of text of stored snapshot figures: the
lagging and unreported tasks (the tasks of the workbook's 滞后与未报送任务 sheet), the lead
units ranked, and the counties compared where there are any. Ratios are written with
rules.percent_text, counts as integers; nothing is computed here.

Widths are in millimetres and add up to the 版心's 156.
"""

from dataclasses import dataclass

from docx.shared import Pt

from reports import rules, selectors
from reports.bulletin_docx.fonts import SIZE_TABLE
from reports.bulletin_xlsx.sheets import LAGGING_OR_MISSING, task_text

WIDTH = 156
NAME_MIN = 30
STATUS_WIDTH = 12
SIZE_SMALL = Pt(9)  # 小五


@dataclass(frozen=True)
class Column:
    header: str
    width: float  # mm
    number: bool = False  # centred


@dataclass(frozen=True)
class Attachment:
    title: str
    columns: list
    rows: list
    empty: str
    size: object = SIZE_TABLE  # 五号; the rankings, many narrow columns of figures, 小五


def _percent(value):
    return rules.percent_text(value)


# Statuses every ranking shows; the others only where the snapshot has any (a column of
# zeros would only narrow the unit's name).
ALWAYS = (rules.COMPLETED, rules.ON_SCHEDULE, rules.LAGGING)


def _statuses(snapshot):
    return [
        (status, label)
        for status, label in rules.STATUS_LABELS.items()
        if status in ALWAYS or getattr(snapshot, status)
    ]


def _with_name_column(name, fixed):
    """The name column takes what the fixed columns leave."""
    used = sum(column.width for column in fixed[1:])
    return [fixed[0], Column(name, WIDTH - used), *fixed[1:]]


def lagging_tasks(tasks):
    columns = [
        Column("序号", 9, True),
        Column("年度目标任务", 55),
        Column("牵头单位", 24),
        Column("序时进度", 15, True),
        Column("完成率", 14, True),
        Column("状态", 14, True),  # 未报送 on one line
        Column("存在问题", 25),
    ]
    rows = [
        [
            r.task.number,
            task_text(r.task),
            selectors.lead_names(r),
            _percent(r.expected),
            _percent(r.completion),
            r.get_status_display(),
            r.problems,
        ]
        for r in tasks
        if r.status in LAGGING_OR_MISSING
    ]
    return Attachment("滞后和未报送任务清单", columns, rows, "本期没有滞后或未报送的任务。")


def _ranking(snapshot, units, name, title, rates, empty):
    statuses = _statuses(snapshot)
    leading = [
        Column("排名", 9, True),
        Column("任务数", 11.5, True),
        Column("平均完成率", 14, True),
        *(Column(label, 14, True) for label, _attr in rates),
    ]
    # Status columns narrow (their headers wrap) before the name gets under NAME_MIN.
    room = WIDTH - NAME_MIN - sum(column.width for column in leading)
    each = min(STATUS_WIDTH, room / len(statuses))
    fixed = [*leading, *(Column(label, each, True) for _status, label in statuses)]
    rows = [
        [
            str(u.rank),
            u.unit.name,
            str(u.tasks),
            _percent(u.completion),
            *(_percent(getattr(u, attr)) for _label, attr in rates),
            *(str(getattr(u, status)) for status, _label in statuses),
        ]
        for u in units
    ]
    return Attachment(title, _with_name_column(name, fixed), rows, empty, SIZE_SMALL)


def lead_ranking(snapshot, leads):
    return _ranking(
        snapshot,
        leads,
        "牵头单位",
        "牵头单位推进情况排名",
        (("按时报送率", "on_time_rate"), ("报送率", "reporting_rate")),
        "本计划没有牵头单位。",
    )


def county_comparison(snapshot, counties, county):
    return _ranking(
        snapshot,
        counties,
        county,
        f"各{county}推进情况比较",
        (("报送率", "reporting_rate"), ("按时报送率", "on_time_rate")),
        "",
    )


def attachments(snapshot, tasks, leads, counties, county):
    """The attachments in order: lagging and unreported tasks, lead units ranked, and the
    counties compared where counties are responsible units."""
    found = [lagging_tasks(tasks), lead_ranking(snapshot, leads)]
    if counties:
        found.append(county_comparison(snapshot, counties, county))
    return found
