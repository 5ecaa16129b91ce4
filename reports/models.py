"""Completion snapshots, bulletins and reminders.

A snapshot holds the figures of one plan and period as computed at one moment: one row per
task, one row per expected report (a lead unit's, or a county government's where it is a
responsible unit), and the roll-ups by section and by unit, which are aggregates over those
rows. Snapshots are never changed after they are written; a recompute writes a new one.
"""

from django.conf import settings
from django.db import models

from plans.models import Plan, Section, Unit
from progress.models import Period, ProgressReport
from reports import rules
from tasks.models import Task

STATUS_CHOICES = list(rules.STATUS_LABELS.items())
LIGHT_CHOICES = list(rules.LIGHT_LABELS.items())


class Snapshot(models.Model):
    plan = models.ForeignKey(
        Plan, verbose_name="计划", on_delete=models.CASCADE, related_name="snapshots"
    )
    period = models.ForeignKey(
        Period, verbose_name="报告期", on_delete=models.CASCADE, related_name="snapshots"
    )
    computed_at = models.DateTimeField("计算时间", db_index=True)
    lag_threshold = models.PositiveSmallIntegerField("红灯阈值")
    deadline_passed = models.BooleanField("已过截止日")
    tasks = models.PositiveIntegerField("任务数")
    completed = models.PositiveIntegerField("已完成")
    on_schedule = models.PositiveIntegerField("序时推进")
    lagging = models.PositiveIntegerField("滞后")
    not_reported = models.PositiveIntegerField("未报送")
    closed = models.PositiveIntegerField("已办结")
    green = models.PositiveIntegerField("绿灯")
    yellow = models.PositiveIntegerField("黄灯")
    red = models.PositiveIntegerField("红灯")
    completion = models.FloatField("平均完成率")
    expected = models.FloatField("平均序时进度")
    expected_reports = models.PositiveIntegerField("应报送")
    submitted_reports = models.PositiveIntegerField("已报送")
    on_time_reports = models.PositiveIntegerField("按时报送")
    late_reports = models.PositiveIntegerField("逾期报送")
    reporting_rate = models.FloatField("报送率", null=True)
    on_time_rate = models.FloatField("按时报送率", null=True)

    class Meta:
        verbose_name = "完成率快照"
        verbose_name_plural = "完成率快照"
        ordering = ["-computed_at", "-pk"]
        indexes = [models.Index(fields=["plan", "period", "-computed_at"])]
        get_latest_by = ["computed_at", "pk"]

    def __str__(self):
        return f"{self.plan.title} {self.period.label} @ {self.computed_at:%Y-%m-%d %H:%M}"

    @property
    def missing_reports(self):
        return self.expected_reports - self.submitted_reports


class SnapshotTask(models.Model):
    snapshot = models.ForeignKey(Snapshot, on_delete=models.CASCADE, related_name="task_rows")
    # RESTRICT: a reload may not delete a task or section that stored snapshots show; deleting
    # the whole plan (which deletes its snapshots too) is allowed.
    task = models.ForeignKey(Task, verbose_name="任务", on_delete=models.RESTRICT, related_name="+")
    section = models.ForeignKey(
        Section, null=True, on_delete=models.SET_NULL, related_name="+", db_index=False
    )
    part = models.ForeignKey(
        Section, null=True, on_delete=models.SET_NULL, related_name="+", db_index=False
    )
    order = models.PositiveIntegerField()
    expected = models.FloatField("序时进度")
    completion = models.FloatField("完成率", null=True, help_text="封顶为 1；未报送为空")
    completion_uncapped = models.FloatField("完成率（不封顶）", null=True)
    status = models.CharField("状态", max_length=16, choices=STATUS_CHOICES)
    light = models.CharField("亮灯", max_length=8, choices=LIGHT_CHOICES)
    reason = models.CharField("亮灯原因", max_length=200)
    late = models.BooleanField("逾期报送", default=False)
    report = models.ForeignKey(
        ProgressReport, null=True, on_delete=models.SET_NULL, related_name="+", db_index=False
    )
    narrative = models.TextField("进展情况", blank=True)
    problems = models.TextField("存在问题", blank=True)

    class Meta:
        verbose_name = "任务完成情况"
        verbose_name_plural = "任务完成情况"
        ordering = ["snapshot", "order"]

    def __str__(self):
        return f"任务{self.task.number} {self.get_status_display()}"


class SnapshotEntry(models.Model):
    """One expected report: a lead unit's on a task, or a county government's on a task it is
    responsible for, with that unit's own figures."""

    class Role(models.TextChoices):
        LEAD = "lead", "牵头单位"
        # The governments one level below the plan's region: counties in a prefecture's
        # plan, prefectures in the province's, townships in a county's.
        COUNTY = "county", "下级政府"

    # Rows are written in bulk at every recompute (hundreds of thousands for a large plan):
    # only the (snapshot, role, unit) index, and no database-level foreign key checks on
    # these derived rows (each would be checked at commit); deletes still cascade in Django.
    snapshot = models.ForeignKey(Snapshot, on_delete=models.CASCADE, related_name="entries")
    task = models.ForeignKey(
        Task, on_delete=models.DO_NOTHING, related_name="+", db_index=False, db_constraint=False
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.DO_NOTHING, related_name="+", db_index=False, db_constraint=False
    )
    role = models.CharField(max_length=8, choices=Role.choices)
    report = models.ForeignKey(
        ProgressReport,
        null=True,
        on_delete=models.DO_NOTHING,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    expected = models.BooleanField(default=True, help_text="办结的任务不再需要报送")
    submitted = models.BooleanField(default=False)
    on_time = models.BooleanField(default=False)
    late = models.BooleanField(default=False)
    completion = models.FloatField(null=True)
    rollup_completion = models.FloatField(help_text="完成率，未报送计 0")
    status = models.CharField(max_length=16, choices=STATUS_CHOICES)

    class Meta:
        verbose_name = "应报送报告"
        verbose_name_plural = "应报送报告"
        indexes = [models.Index(fields=["snapshot", "role", "unit"])]

    def __str__(self):
        return f"{self.unit.name} 任务{self.task.number}"


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
    not_reported = models.PositiveIntegerField("未报送")
    closed = models.PositiveIntegerField("已办结")
    completion = models.FloatField("平均完成率")
    expected = models.FloatField("平均序时进度")

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
    not_reported = models.PositiveIntegerField("未报送")
    closed = models.PositiveIntegerField("已办结")
    completion = models.FloatField("平均完成率")
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
    """A plan-period whose figures changed and wait for a recompute: many report changes in a
    row queue one job, not one each."""

    period = models.OneToOneField(
        Period, on_delete=models.CASCADE, related_name="recompute_request"
    )
    requested_at = models.DateTimeField()

    class Meta:
        verbose_name = "待重算报告期"
        verbose_name_plural = "待重算报告期"

    def __str__(self):
        return f"{self.period} @ {self.requested_at:%H:%M:%S}"


class Bulletin(models.Model):
    """A generated bulletin (通报) workbook, kept with the snapshot it was made from."""

    class State(models.TextChoices):
        PENDING = "pending", "排队中"
        RUNNING = "running", "生成中"
        READY = "ready", "已生成"
        FAILED = "failed", "生成失败"

    class Trigger(models.TextChoices):
        MANUAL = "manual", "手动"
        SCHEDULED = "scheduled", "定时"

    plan = models.ForeignKey(
        Plan, verbose_name="计划", on_delete=models.CASCADE, related_name="bulletins"
    )
    period = models.ForeignKey(
        Period, verbose_name="报告期", on_delete=models.CASCADE, related_name="bulletins"
    )
    snapshot = models.ForeignKey(
        Snapshot,
        verbose_name="依据快照",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="bulletins",
    )
    trigger = models.CharField(
        "方式", max_length=16, choices=Trigger.choices, default=Trigger.MANUAL
    )
    state = models.CharField("状态", max_length=16, choices=State.choices, default=State.PENDING)
    file = models.FileField("文件", upload_to="bulletins/", blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="申请人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    requested_at = models.DateTimeField("申请时间")
    started_at = models.DateTimeField("开始时间", null=True, blank=True)
    generated_at = models.DateTimeField("生成时间", null=True, blank=True)
    error = models.TextField("错误", blank=True)

    class Meta:
        verbose_name = "通报"
        verbose_name_plural = "通报"
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "period"],
                condition=models.Q(trigger="scheduled"),
                name="bulletin_one_scheduled_per_period",
            )
        ]

    def __str__(self):
        return f"{self.plan.title} {self.period.label} 通报"


class Reminder(models.Model):
    """A reminder or supervision notice (催办) sent to a unit, with the tasks it names."""

    class Kind(models.TextChoices):
        BLUE = "blue", "提醒（蓝）"
        YELLOW = "yellow", "督办单（黄）"
        RED = "red", "督办单（红）"

    period = models.ForeignKey(
        Period, verbose_name="报告期", on_delete=models.CASCADE, related_name="reminders"
    )
    unit = models.ForeignKey(
        Unit, verbose_name="单位", on_delete=models.CASCADE, related_name="reminders"
    )
    kind = models.CharField("级别", max_length=8, choices=Kind.choices)
    created_at = models.DateTimeField("时间")
    message = models.TextField("内容")
    tasks = models.ManyToManyField(Task, verbose_name="涉及任务", related_name="reminders")
    recipients = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name="接收人", related_name="reminders"
    )
    emailed = models.PositiveIntegerField("已发邮件", default=0)

    class Meta:
        verbose_name = "催办记录"
        verbose_name_plural = "催办记录"
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["period", "unit", "kind"], name="reminder_once_per_kind"
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.unit.name} {self.period.label}"
