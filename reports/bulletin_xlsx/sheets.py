"""The six tables of a bulletin, as rows of stored snapshot figures: nothing here computes a
figure, it only picks stored values (and the labels and sentences stored with them)."""

from reports import rules, selectors
from reports.bulletin_xlsx.layout import Column, Table
from reports.bulletin_xlsx.titles import NUMERALS, day_text

NOT_APPLICABLE = "—"
STATUS_NOTES = {
    rules.COMPLETED: "完成率达到100%",
    rules.ON_SCHEDULE: "完成率不低于序时进度",
    rules.LAGGING: "完成率低于序时进度",
    rules.RETURNED: "报告被退回修改，待重新报送",
    rules.NOT_DUE: "尚未报送，未到报送截止日",
    rules.NOT_REPORTED: "牵头单位截止日前未报送进展",
    rules.CLOSED: "已办结销号，无需再报送",
}
LAGGING_OR_MISSING = (rules.LAGGING, rules.NOT_REPORTED)


def _number(header, cap=9):
    return Column(header, "number", cap)


STATUS_COLUMNS = [_number(label, 8) for label in rules.STATUS_LABELS.values()]


def _ratio(value):
    """A stored ratio as a float: layout.put writes floats as percents, ints as counts."""
    return None if value is None else float(value)


def _rate(value):
    """A rate is None when nothing was expected (every task closed): shown as a dash."""
    return NOT_APPLICABLE if value is None else float(value)


def _counts(source):
    return tuple(count for _status, _label, count in selectors.status_counts(source))


def task_text(task):
    return task.annual_target or task.title


def section_text(row):
    """一、（一）落实就业稳岗保障，增加农民工资性收入: the section with its part's number."""
    section, part = row.section, row.part
    if section is None:
        return ""
    prefix = part.numbering if part is not None and part.pk != section.pk else ""
    return f"{prefix}{section.numbering}{section.title}"


def headline(s, county, period):
    threshold = s.lag_threshold
    rows = [("任务", "任务总数（项）", s.tasks, "计划中的全部任务")]
    rows += [
        ("任务", label, count, STATUS_NOTES[status])
        for status, label, count in selectors.status_counts(s)
    ]
    red = f"滞后{threshold}个百分点及以上，或截止日后未报送"
    if s.all_reported:
        over = "各任务完成率的平均值（截止日后未报送计0，超额按100%计）"
    else:
        over = f"已报送{s.reported_tasks}项任务完成率的平均值（未到截止日，未报送的不计入）"
    rows += [
        ("亮灯", rules.LIGHT_LABELS[rules.GREEN], s.green, "已完成、序时推进或已办结"),
        (
            "亮灯",
            rules.LIGHT_LABELS[rules.YELLOW],
            s.yellow,
            f"滞后不足{threshold}个百分点，或报告被退回修改",
        ),
        ("亮灯", rules.LIGHT_LABELS[rules.RED], s.red, red),
        ("亮灯", rules.LIGHT_LABELS[rules.GREY], s.grey, "未到报送截止日，尚未报送"),
        ("完成情况", "平均完成率", _ratio(s.completion), over),
        (
            "完成情况",
            "平均序时进度",
            _ratio(s.expected),
            "同一组任务本季度应达到的进度的平均值",
        ),
        (
            "报送",
            "应报送（份）",
            s.expected_reports,
            f"每项任务每个牵头单位1份，作为责任单位的{county}各1份；已办结的任务不再报送",
        ),
        (
            "报送",
            "已报送（份）",
            s.submitted_reports,
            "已报送、已审核或被退回修改的报告（含逾期报送）",
        ),
        (
            "报送",
            "按时报送（份）",
            s.on_time_reports,
            f"{day_text(period.deadline)}（含当日）前报送",
        ),
        ("报送", "逾期报送（份）", s.late_reports, "报送截止日后报送，计入已报送"),
        ("报送", "未报送（份）", s.missing_reports, "应报送而未报送"),
        ("报送", "报送率", _rate(s.reporting_rate), "已报送÷应报送"),
        ("报送", "按时报送率", _rate(s.on_time_rate), "按时报送÷应报送"),
    ]
    columns = [
        Column("类别", cap=10),
        Column("项目", "label", 16),
        _number("数值", 10),
        Column("说明", cap=50),
    ]
    return Table(columns, rows)


def _reporting_row(kind, name, source):
    return (
        kind,
        name,
        source.expected_reports,
        source.submitted_reports,
        source.on_time_reports,
        source.late_reports,
        source.missing_reports,
        _rate(source.reporting_rate),
        _rate(source.on_time_rate),
    )


def reporting(s, leads, counties, county):
    """Lead units, then counties, each in rank order; the plan's totals last."""
    columns = [
        Column("类别", cap=10),
        Column("单位", cap=24),
        _number("应报送"),
        _number("已报送"),
        _number("按时报送"),
        _number("逾期报送"),
        _number("未报送"),
        _number("报送率"),
        _number("按时报送率", 11),
    ]
    rows = [_reporting_row("牵头单位", u.unit.name, u) for u in leads]
    rows += [_reporting_row(county, u.unit.name, u) for u in counties]
    return Table(columns, rows, _reporting_row("合计", "", s), "本期没有应报送的报告。")


def lead_ranking(leads):
    columns = [
        _number("排名", 6),
        Column("牵头单位", cap=24),
        _number("任务数", 8),
        _number("平均完成率", 11),
        _number("按时报送率", 11),
        _number("报送率"),
        *STATUS_COLUMNS,
    ]
    rows = [
        (
            u.rank,
            u.unit.name,
            u.tasks,
            _ratio(u.completion),
            _rate(u.on_time_rate),
            _rate(u.reporting_rate),
            *_counts(u),
        )
        for u in leads
    ]
    return Table(columns, rows, empty="本计划没有牵头单位。")


def county_comparison(counties, county):
    columns = [
        _number("排名", 6),
        Column(county, cap=20),
        _number("任务数", 8),
        _number("平均完成率", 11),
        _number("报送率"),
        _number("按时报送率", 11),
        *STATUS_COLUMNS,
    ]
    rows = [
        (
            u.rank,
            u.unit.name,
            u.tasks,
            _ratio(u.completion),
            _rate(u.reporting_rate),
            _rate(u.on_time_rate),
            *_counts(u),
        )
        for u in counties
    ]
    empty = f"本计划没有以{county}人民政府为责任单位的任务，不作{county}比较。"
    return Table(columns, rows, empty=empty)


def lagging(tasks):
    """The lagging and unreported tasks, in plan order."""
    columns = [
        Column("序号", cap=6),
        Column("年度目标任务", cap=40),
        Column("牵头单位", cap=16),
        _number("序时进度"),
        _number("完成率"),
        Column("状态", "label", 9),
        Column("亮灯", "label", 7),
        Column("亮灯原因", cap=28),
        Column("存在问题", cap=30),
    ]
    rows = [
        (
            r.task.number,
            task_text(r.task),
            selectors.lead_names(r),
            _ratio(r.expected),
            _ratio(r.completion),
            r.get_status_display(),
            r.get_light_display(),
            r.reason,
            r.problems,
        )
        for r in tasks
        if r.status in LAGGING_OR_MISSING
    ]
    return Table(columns, rows, empty="本期没有滞后或未报送的任务。")


def detail(tasks, period):
    columns = [
        Column("序号", cap=6),
        Column("所属部分", cap=18),
        Column("年度目标任务", cap=36),
        Column(f"{NUMERALS[period.quarter]}季度计划", cap=30),
        Column("进展情况", cap=34),
        _number("完成率"),
        _number("序时进度"),
        Column("状态", "label", 9),
        Column("亮灯", "label", 7),
        Column("亮灯原因", cap=26),
        Column("牵头单位", cap=16),
    ]
    rows = [
        (
            r.task.number,
            section_text(r),
            task_text(r.task),
            r.task.quarter_plan(period.quarter),
            r.narrative,
            _ratio(r.completion),
            _ratio(r.expected),
            r.get_status_display(),
            r.get_light_display(),
            r.reason,
            selectors.lead_names(r),
        )
        for r in tasks
    ]
    return Table(columns, rows, empty="本计划没有任务。")
