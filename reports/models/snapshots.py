"""Completion snapshots and the requests that keep them current.

A snapshot holds the figures of one plan and period: one row per task, one row per expected
report (a lead unit's, or a county government's where it is a responsible unit), and the
roll-ups by section and by unit, which are aggregates over those rows. The live snapshot of a
plan-period is brought up to date task by task as reports change; every other snapshot is
frozen once written (reports/snapshots/). A RecomputeRequest is a change waiting for its job.
"""

from django.db import models

from plans.models import Plan, Section, Unit
from progress.models import Period, ProgressReport
from reports import rules
from tasks.models import Task

STATUS_CHOICES = list(rules.STATUS_LABELS.items())
LIGHT_CHOICES = list(rules.LIGHT_LABELS.items())


class Snapshot(models.Model):
    """The figures of one plan and period. The live snapshot (one per plan-period) follows
    every report change, task by task; the others are frozen: one kept a day for history, and
    those bulletins were made from."""

    plan = models.ForeignKey(
        Plan, verbose_name="计划", on_delete=models.CASCADE, related_name="snapshots"
    )
    period = models.ForeignKey(
        Period, verbose_name="报告期", on_delete=models.CASCADE, related_name="snapshots"
    )
    live = models.BooleanField("实时", default=False, help_text="随报告变化逐项更新的快照")
    version = models.PositiveIntegerField("版本", default=1)
    computed_at = models.DateTimeField("计算时间", db_index=True)
    lag_threshold = models.PositiveSmallIntegerField("红灯阈值")
    deadline_passed = models.BooleanField("已过截止日")
    tasks = models.PositiveIntegerField("任务数", default=0)
    completed = models.PositiveIntegerField("已完成", default=0)
    on_schedule = models.PositiveIntegerField("序时推进", default=0)
    lagging = models.PositiveIntegerField("滞后", default=0)
    returned = models.PositiveIntegerField("退回修改", default=0)
    not_due = models.PositiveIntegerField("待报送", default=0)
    not_reported = models.PositiveIntegerField("未报送", default=0)
    closed = models.PositiveIntegerField("已办结", default=0)
    green = models.PositiveIntegerField("绿灯", default=0)
    yellow = models.PositiveIntegerField("黄灯", default=0)
    red = models.PositiveIntegerField("红灯", default=0)
    grey = models.PositiveIntegerField("灰灯", default=0)
    reported_tasks = models.PositiveIntegerField(
        "计入平均的任务数", default=0, help_text="截止日前为已报送（含已办结）的任务"
    )
    completion = models.FloatField("平均完成率", null=True)
    expected = models.FloatField("平均序时进度", null=True)
    expected_reports = models.PositiveIntegerField("应报送", default=0)
    submitted_reports = models.PositiveIntegerField("已报送", default=0)
    on_time_reports = models.PositiveIntegerField("按时报送", default=0)
    late_reports = models.PositiveIntegerField("逾期报送", default=0)
    reporting_rate = models.FloatField("报送率", null=True)
    on_time_rate = models.FloatField("按时报送率", null=True)

    class Meta:
        verbose_name = "完成率快照"
        verbose_name_plural = "完成率快照"
        ordering = ["-computed_at", "-pk"]
        indexes = [models.Index(fields=["plan", "period", "-computed_at"])]
        get_latest_by = ["computed_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["period"], condition=models.Q(live=True), name="snapshot_one_live"
            )
        ]

    def __str__(self):
        return f"{self.plan.title} {self.period.label} @ {self.computed_at:%Y-%m-%d %H:%M}"

    @property
    def missing_reports(self):
        return self.expected_reports - self.submitted_reports

    @property
    def all_reported(self):
        """Whether the mean completion is over every task (after the deadline it is)."""
        return self.deadline_passed or self.reported_tasks == self.tasks

    @property
    def deadline_text(self):
        return rules.date_text(self.period.deadline)


# A task row's section, part and report: emptied when they are deleted, unchecked (below).
_EMPTIED_UNCHECKED = {
    "null": True,
    "on_delete": models.SET_NULL,
    "related_name": "+",
    "db_index": False,
    "db_constraint": False,
}


class SnapshotTask(models.Model):
    """One task's figures: its lead units' reports judged by the rules (reports/rules.py)."""

    snapshot = models.ForeignKey(
        Snapshot,
        on_delete=models.CASCADE,
        related_name="task_rows",
        db_index=False,  # the indexes below start with it
        db_constraint=False,  # derived rows, written in bulk and deleted with their snapshot
    )
    # RESTRICT: a reload may not delete a task or section that stored snapshots show; deleting
    # the whole plan (which deletes its snapshots too) is allowed. As the entries' (below), no
    # database-level foreign key checks on these derived rows: a full recompute writes one a
    # task, and PostgreSQL checked each of their four keys at commit (0.16 s at 200,000
    # reports); Django's delete still restricts and sets null.
    task = models.ForeignKey(
        Task, verbose_name="任务", on_delete=models.RESTRICT, related_name="+", db_constraint=False
    )
    section = models.ForeignKey(Section, **_EMPTIED_UNCHECKED)
    part = models.ForeignKey(Section, **_EMPTIED_UNCHECKED)
    order = models.PositiveIntegerField()
    expected = models.FloatField("序时进度")
    completion = models.FloatField("完成率", null=True, help_text="封顶为 1；无计入的报告为空")
    completion_uncapped = models.FloatField("完成率（不封顶）", null=True)
    rollup_completion = models.FloatField(
        "计入汇总的完成率", null=True, help_text="截止日后未报送计 0；截止日前未报送不计入"
    )
    status = models.CharField("状态", max_length=16, choices=STATUS_CHOICES)
    light = models.CharField("亮灯", max_length=8, choices=LIGHT_CHOICES)
    late = models.BooleanField("逾期报送", default=False)
    report = models.ForeignKey(ProgressReport, **_EMPTIED_UNCHECKED)
    narrative = models.TextField("进展情况", blank=True)
    problems = models.TextField("存在问题", blank=True)
    lead_count = models.PositiveSmallIntegerField("牵头单位数", default=0)
    reported_leads = models.PositiveSmallIntegerField("已报送的牵头单位数", default=0)
    missing_leads = models.TextField("未报送的牵头单位", blank=True, default="")
    returned_at = models.DateTimeField("退回时间", null=True)
    return_comment = models.TextField("退回意见", blank=True, default="")
    closure_reason = models.TextField("办结说明", blank=True, default="")

    class Meta:
        verbose_name = "任务完成情况"
        verbose_name_plural = "任务完成情况"
        ordering = ["snapshot", "order"]
        indexes = [
            models.Index(fields=["snapshot", "order"]),
            models.Index(fields=["snapshot", "status", "order"]),
            # A report's task brought up to date rewrites its part's and section's rows from
            # their tasks alone (rollups.sections_write), not from a scan of every task row.
            models.Index(fields=["snapshot", "part"]),
            models.Index(fields=["snapshot", "section"]),
        ]

    def __str__(self):
        return f"任务{self.task.number} {self.get_status_display()}"

    @property
    def reason(self):
        """Why the task has its colour, in one sentence (rules.light_reason)."""
        return rules.light_reason(
            self.status,
            self.completion,
            self.expected,
            uncapped=self.completion_uncapped,
            late=self.late,
            lag_threshold=self.snapshot.lag_threshold,
            deadline=self.snapshot.period.deadline,
            deadline_passed=self.snapshot.deadline_passed,
            has_lead=self.lead_count > 0,
            missing=self.missing_leads if self.lead_count > 1 else "",
            returned_at=self.returned_at,
            return_comment=self.return_comment,
            closure_reason=self.closure_reason,
        )


class SnapshotEntry(models.Model):
    """One expected report: a lead unit's on a task, or a county government's on a task it is
    responsible for, with that unit's own figures (a county's against its shares)."""

    class Role(models.TextChoices):
        LEAD = "lead", "牵头单位"
        # The governments one level below the plan's region: counties in a prefecture's
        # plan, prefectures in the province's, townships in a county's.
        COUNTY = "county", "下级政府"

    # Rows are written in bulk at every full recompute (hundreds of thousands for a large
    # plan): two indexes, and no database-level foreign key checks on these derived rows
    # (each would be checked at commit, and an index kept for each); deletes still cascade
    # in Django.
    snapshot = models.ForeignKey(
        Snapshot,
        on_delete=models.CASCADE,
        related_name="entries",
        db_index=False,  # the two indexes below start with it
        db_constraint=False,
    )
    task = models.ForeignKey(
        Task, on_delete=models.DO_NOTHING, related_name="+", db_index=False, db_constraint=False
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.DO_NOTHING, related_name="+", db_index=False, db_constraint=False
    )
    role = models.CharField(max_length=8, choices=Role.choices)
    position = models.PositiveIntegerField(default=0, help_text="分工在文件中的顺序")
    report = models.ForeignKey(
        ProgressReport,
        null=True,
        on_delete=models.DO_NOTHING,
        related_name="snapshot_entries",  # the review queue joins a report's live entries
        db_index=False,
        db_constraint=False,
    )
    report_expected = models.BooleanField(default=True, help_text="办结的任务不再需要报送")
    submitted = models.BooleanField(default=False, help_text="已报送（含被退回的）")
    on_time = models.BooleanField(default=False)
    late = models.BooleanField(default=False)
    shared = models.BooleanField(default=False, help_text="按分解目标考核")
    expected = models.FloatField("序时进度", default=0.0)
    completion = models.FloatField(null=True)
    completion_uncapped = models.FloatField(null=True)
    rollup_completion = models.FloatField(
        null=True, help_text="截止日后未报送计 0；截止日前未报送不计入"
    )
    status = models.CharField(max_length=16, choices=STATUS_CHOICES)
    light = models.CharField(max_length=8, choices=LIGHT_CHOICES, default="grey")
    returned_at = models.DateTimeField(null=True)
    return_comment = models.TextField(blank=True, default="")

    class Meta:
        verbose_name = "应报送报告"
        verbose_name_plural = "应报送报告"
        indexes = [
            models.Index(fields=["snapshot", "role", "unit"]),
            models.Index(fields=["snapshot", "task"]),
        ]

    def __str__(self):
        return f"{self.unit.name} 任务{self.task.number}"

    @property
    def reason(self):
        """Why this unit's own light is what it is (rules.light_reason)."""
        return rules.light_reason(
            self.status,
            self.completion,
            self.expected,
            uncapped=self.completion_uncapped,
            late=self.late,
            lag_threshold=self.snapshot.lag_threshold,
            deadline=self.snapshot.period.deadline,
            deadline_passed=self.snapshot.deadline_passed,
            returned_at=self.returned_at,
            return_comment=self.return_comment,
        )


class SnapshotSection(models.Model):
    snapshot = models.ForeignKey(Snapshot, on_delete=models.CASCADE, related_name="section_rows")
    section = models.ForeignKey(
        Section, verbose_name="部分", on_delete=models.RESTRICT, related_name="+"
    )
    order = models.PositiveIntegerField()
    tasks = models.PositiveIntegerField("任务数")
    completed = models.PositiveIntegerField("已完成")
    on_schedule = models.PositiveIntegerField("序时推进")
    lagging = models.PositiveIntegerField("滞后")
    returned = models.PositiveIntegerField("退回修改", default=0)
    not_due = models.PositiveIntegerField("待报送", default=0)
    not_reported = models.PositiveIntegerField("未报送")
    closed = models.PositiveIntegerField("已办结")
    reported_tasks = models.PositiveIntegerField("计入平均的任务数", default=0)
    completion = models.FloatField("平均完成率", null=True)
    expected = models.FloatField("平均序时进度", null=True)

    class Meta:
        verbose_name = "部分完成情况"
        verbose_name_plural = "部分完成情况"
        ordering = ["snapshot", "order"]

    def __str__(self):
        return str(self.section)


class SnapshotUnit(models.Model):
    """A lead unit's or a county's roll-up, with its rank among its kind."""

    snapshot = models.ForeignKey(Snapshot, on_delete=models.CASCADE, related_name="unit_rows")
    unit = models.ForeignKey(Unit, verbose_name="单位", on_delete=models.RESTRICT, related_name="+")
    role = models.CharField("类别", max_length=8, choices=SnapshotEntry.Role.choices)
    rank = models.PositiveIntegerField("排名")
    tasks = models.PositiveIntegerField("任务数")
    completed = models.PositiveIntegerField("已完成")
    on_schedule = models.PositiveIntegerField("序时推进")
    lagging = models.PositiveIntegerField("滞后")
    returned = models.PositiveIntegerField("退回修改", default=0)
    not_due = models.PositiveIntegerField("待报送", default=0)
    not_reported = models.PositiveIntegerField("未报送")
    closed = models.PositiveIntegerField("已办结")
    reported_tasks = models.PositiveIntegerField("计入平均的任务数", default=0)
    completion = models.FloatField("平均完成率", null=True)
    expected = models.FloatField("平均序时进度", null=True)
    expected_reports = models.PositiveIntegerField("应报送")
    submitted_reports = models.PositiveIntegerField("已报送")
    on_time_reports = models.PositiveIntegerField("按时报送")
    late_reports = models.PositiveIntegerField("逾期报送")
    reporting_rate = models.FloatField("报送率", null=True)
    on_time_rate = models.FloatField("按时报送率", null=True)

    class Meta:
        verbose_name = "单位完成情况"
        verbose_name_plural = "单位完成情况"
        ordering = ["snapshot", "role", "rank"]

    def __str__(self):
        return f"{self.unit.name} 第{self.rank}名"

    @property
    def missing_reports(self):
        return self.expected_reports - self.submitted_reports


class RecomputeRequest(models.Model):
    """Figures that changed and wait for their job: a task of a period (a report on it
    changed), or the whole period (task empty). Kept in the database, so a change made while
    the broker was down is recomputed when it is back (the sweep), not at the next report."""

    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="recompute_requests")
    task = models.ForeignKey(
        Task, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    requested_at = models.DateTimeField()

    class Meta:
        verbose_name = "待重算"
        verbose_name_plural = "待重算"
        constraints = [
            models.UniqueConstraint(fields=["period", "task"], name="recompute_once_per_task"),
            models.UniqueConstraint(
                fields=["period"],
                condition=models.Q(task__isnull=True),
                name="recompute_once_per_period",
            ),
        ]

    def __str__(self):
        what = f"任务{self.task_id}" if self.task_id else "全部"
        return f"{self.period} {what} @ {self.requested_at:%H:%M:%S}"
