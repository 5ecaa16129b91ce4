"""Progress reports (进展报告), the values they give for their targets, and their history."""

from django.conf import settings
from django.db import models

from plans.models import Unit
from progress.models.periods import Period
from tasks.amounts import amount_text, target_text
from tasks.models import Target, Task


class ProgressReport(models.Model):
    """One unit's report on one task for one period (进展报告)."""

    class State(models.TextChoices):
        DRAFT = "draft", "草稿"
        SUBMITTED = "submitted", "已报送"
        APPROVED = "approved", "已审核通过"
        RETURNED = "returned", "已退回"

    # No index of their own for task and period: the unique (task, unit, period) and the
    # (period, ...) indexes below start with them, and every index is paid at every write.
    task = models.ForeignKey(
        Task, verbose_name="任务", on_delete=models.PROTECT, related_name="reports", db_index=False
    )
    unit = models.ForeignKey(
        Unit, verbose_name="报送单位", on_delete=models.PROTECT, related_name="reports"
    )
    period = models.ForeignKey(
        Period,
        verbose_name="报告期",
        on_delete=models.PROTECT,
        related_name="reports",
        db_index=False,
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
    reviewed_by_name = models.CharField(
        "审核人姓名", max_length=150, blank=True, help_text="审核时的姓名，账号改名或删除后不变。"
    )
    review_comment = models.TextField("审核意见", blank=True)
    version = models.PositiveIntegerField("版本", default=1)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "进展报告"
        verbose_name_plural = "进展报告"
        # Columns of the row itself (the ids: a relation's name would order by, and join, the
        # related model's ordering), on an index: lists come a page at a time without sorting
        # the whole period, and no lock ever reaches a joined table through the ordering.
        ordering = ["period_id", "task_id", "unit_id"]
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
        indexes = [
            models.Index(fields=["period", "state"]),
            models.Index(fields=["period", "task", "unit"]),
        ]

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

    @property
    def text(self):
        """The value in its target's written unit: 4.15亿元."""
        return amount_text(self.value, self.target)

    @property
    def target_text(self):
        return target_text(self.target)


class ReportEvent(models.Model):
    """One change to a report: who, when, what (the report's history)."""

    class Action(models.TextChoices):
        CREATE = "create", "创建"
        UPDATE = "update", "修改"
        SUBMIT = "submit", "报送"
        APPROVE = "approve", "审核通过"
        RETURN = "return", "退回"
        IMPORT = "import", "Excel 导入"
        ATTACH = "attach", "添加佐证材料"
        DETACH = "detach", "删除佐证材料"

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
    actor_name = models.CharField(
        "操作人姓名",
        max_length=150,
        blank=True,
        default="",
        help_text="记录时的姓名，账号改名或删除后不变。",
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
