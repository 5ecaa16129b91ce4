"""Who reports, reporting periods, progress reports, their values and history, task closure."""

from django.conf import settings
from django.db import models

from plans.models import Plan, Unit
from tasks.models import Target, Task


class Profile(models.Model):
    class Role(models.TextChoices):
        REPORTER = "reporter", "填报人"
        LEADER = "leader", "单位负责人"
        OFFICE = "office", "领导小组办公室"
        READER = "reader", "只读用户"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="用户",
        on_delete=models.CASCADE,
        related_name="profile",
    )
    role = models.CharField("角色", max_length=16, choices=Role.choices)
    unit = models.ForeignKey(
        Unit,
        verbose_name="所属单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
    )

    class Meta:
        verbose_name = "用户角色"
        verbose_name_plural = "用户角色"
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(role__in=["reporter", "leader"]) | models.Q(unit__isnull=False),
                name="profile_unit_required_for_unit_roles",
            )
        ]

    def __str__(self):
        return f"{self.user.username}（{self.get_role_display()}）"

    def clean(self):
        from django.core.exceptions import ValidationError

        unit_roles = (self.Role.REPORTER, self.Role.LEADER)
        if self.role in unit_roles and self.unit_id is None:
            raise ValidationError({"unit": "填报人与单位负责人必须指定所属单位。"})
        if self.role not in unit_roles and self.unit_id is not None:
            raise ValidationError({"unit": "领导小组办公室与只读用户不属于某个填报单位。"})


class Period(models.Model):
    """A quarter of a plan year in which units report (报告期), written 2022Q3."""

    plan = models.ForeignKey(
        Plan, verbose_name="计划", on_delete=models.CASCADE, related_name="periods"
    )
    year = models.PositiveSmallIntegerField("年度")
    quarter = models.PositiveSmallIntegerField("季度")
    deadline = models.DateField("报送截止日")
    closed_at = models.DateTimeField("关闭时间", null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="关闭人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "报告期"
        verbose_name_plural = "报告期"
        ordering = ["plan", "year", "quarter"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "year", "quarter"], name="period_unique_quarter"
            ),
            models.CheckConstraint(
                condition=models.Q(quarter__gte=1, quarter__lte=4), name="period_quarter_1_to_4"
            ),
        ]

    def __str__(self):
        return self.label

    @property
    def label(self):
        return f"{self.year}Q{self.quarter}"

    @property
    def is_open(self):
        return self.closed_at is None


class ProgressReport(models.Model):
    """One unit's report on one task for one period (进展报告)."""

    class State(models.TextChoices):
        DRAFT = "draft", "草稿"
        SUBMITTED = "submitted", "已报送"
        APPROVED = "approved", "已审核通过"
        RETURNED = "returned", "已退回"

    task = models.ForeignKey(
        Task, verbose_name="任务", on_delete=models.PROTECT, related_name="reports"
    )
    unit = models.ForeignKey(
        Unit, verbose_name="报送单位", on_delete=models.PROTECT, related_name="reports"
    )
    period = models.ForeignKey(
        Period, verbose_name="报告期", on_delete=models.PROTECT, related_name="reports"
    )
    state = models.CharField("状态", max_length=16, choices=State.choices, default=State.DRAFT)
    narrative = models.TextField("进展情况", blank=True)
    percent = models.DecimalField(
        "完成百分比", max_digits=5, decimal_places=2, null=True, blank=True
    )
    problems = models.TextField("存在问题", blank=True)
    next_steps = models.TextField("下步打算", blank=True)
    first_submitted_at = models.DateTimeField("首次报送时间", null=True, blank=True)
    submitted_at = models.DateTimeField("报送时间", null=True, blank=True)
    reviewed_at = models.DateTimeField("审核时间", null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审核人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    review_comment = models.TextField("审核意见", blank=True)
    version = models.PositiveIntegerField("版本", default=1)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "进展报告"
        verbose_name_plural = "进展报告"
        ordering = ["period", "task__order", "unit__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["task", "unit", "period"], name="report_unique_per_period"
            ),
            models.CheckConstraint(
                condition=models.Q(percent__isnull=True)
                | models.Q(percent__gte=0, percent__lte=100),
                name="report_percent_0_to_100",
            ),
        ]
        indexes = [models.Index(fields=["period", "state"])]

    def __str__(self):
        return f"{self.period.label} {self.unit.name} 任务{self.task.number}"


class ReportValue(models.Model):
    """The actual value a report gives for one of the task's targets."""

    report = models.ForeignKey(
        ProgressReport, verbose_name="报告", on_delete=models.CASCADE, related_name="values"
    )
    target = models.ForeignKey(
        Target, verbose_name="目标值", on_delete=models.PROTECT, related_name="report_values"
    )
    value = models.DecimalField("实际值", max_digits=24, decimal_places=6)

    class Meta:
        verbose_name = "实际值"
        verbose_name_plural = "实际值"
        constraints = [
            models.UniqueConstraint(fields=["report", "target"], name="value_unique_per_target")
        ]

    def __str__(self):
        return f"{self.target.metric}：{self.value}"


class ReportEvent(models.Model):
    """One change to a report: who, when, what (the report's history)."""

    class Action(models.TextChoices):
        CREATE = "create", "创建"
        UPDATE = "update", "修改"
        SUBMIT = "submit", "报送"
        APPROVE = "approve", "审核通过"
        RETURN = "return", "退回"
        IMPORT = "import", "Excel 导入"

    report = models.ForeignKey(
        ProgressReport, verbose_name="报告", on_delete=models.CASCADE, related_name="events"
    )
    version = models.PositiveIntegerField("版本")
    action = models.CharField("操作", max_length=16, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField("时间")
    changes = models.JSONField("变更内容", default=dict, blank=True)
    comment = models.TextField("说明", blank=True)

    class Meta:
        verbose_name = "报告历史"
        verbose_name_plural = "报告历史"
        ordering = ["report", "version", "at"]

    def __str__(self):
        return f"第{self.version}版 {self.get_action_display()}"


class TaskClosure(models.Model):
    """办结销号: the office closed a completed task; it needs no further reports."""

    task = models.OneToOneField(
        Task, verbose_name="任务", on_delete=models.CASCADE, related_name="closure"
    )
    period = models.ForeignKey(
        Period, verbose_name="办结报告期", on_delete=models.PROTECT, related_name="closures"
    )
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="办结确认人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    closed_at = models.DateTimeField("办结时间")
    note = models.TextField("说明", blank=True)

    class Meta:
        verbose_name = "办结销号"
        verbose_name_plural = "办结销号"

    def __str__(self):
        return f"任务{self.task.number} 于{self.period.label}办结"
