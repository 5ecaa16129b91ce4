"""Tasks, their unit assignments, their numeric targets, and plan indicators."""

from django.conf import settings
from django.db import models

from plans.models import Plan, Section, Unit

QUARTERS = (1, 2, 3, 4)


class Task(models.Model):
    plan = models.ForeignKey(
        Plan, verbose_name="计划", on_delete=models.CASCADE, related_name="tasks"
    )
    section = models.ForeignKey(
        Section,
        verbose_name="部分",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tasks",
    )
    number = models.CharField("序号", max_length=32)
    order = models.PositiveIntegerField("顺序", default=0)
    title = models.CharField(
        "名称", max_length=300, blank=True, help_text="专栏项目等有名称的任务。"
    )
    annual_target = models.TextField("年度目标任务", blank=True)
    q1_plan = models.TextField("一季度计划", blank=True)
    q2_plan = models.TextField("二季度计划", blank=True)
    q3_plan = models.TextField("三季度计划", blank=True)
    q4_plan = models.TextField("四季度计划", blank=True)
    remarks = models.TextField("备注", blank=True)
    needs_review = models.BooleanField("待复核", default=False)
    warnings = models.JSONField("解析提示", default=list, blank=True)
    corrections = models.JSONField("已应用的更正", default=list, blank=True)
    reviewed_warnings = models.JSONField(
        "已复核的提示", default=list, blank=True, help_text="复核时确认过的提示原文。"
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="复核人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField("复核时间", null=True, blank=True)

    class Meta:
        verbose_name = "任务"
        verbose_name_plural = "任务"
        ordering = ["plan", "order"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="task_unique_number_in_plan")
        ]

    def __str__(self):
        return f"{self.number}. {(self.title or self.annual_target)[:40]}"

    def quarter_plan(self, quarter):
        return getattr(self, f"q{quarter}_plan")

    @property
    def quarter_plans(self):
        return {f"Q{q}": self.quarter_plan(q) for q in QUARTERS}


class TaskAssignment(models.Model):
    class Role(models.TextChoices):
        LEAD = "lead", "牵头单位"
        RESPONSIBLE = "responsible", "责任单位"

    task = models.ForeignKey(
        Task, verbose_name="任务", on_delete=models.CASCADE, related_name="assignments"
    )
    unit = models.ForeignKey(
        Unit, verbose_name="单位", on_delete=models.PROTECT, related_name="assignments"
    )
    role = models.CharField("角色", max_length=16, choices=Role.choices)
    order = models.PositiveIntegerField("文件中的顺序", default=0)
    as_written = models.CharField("原文写法", max_length=128)
    added_by_office = models.BooleanField(
        "办公室增补", default=False, help_text="在管理后台增补的分工，重新载入文件时保留。"
    )

    class Meta:
        verbose_name = "任务分工"
        verbose_name_plural = "任务分工"
        ordering = ["task", "role", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["task", "unit", "role"], name="assignment_unique_unit_role"
            )
        ]

    def __str__(self):
        return f"{self.task.number} {self.get_role_display()} {self.unit.name}"


class Target(models.Model):
    """A number pulled out of a task's text: an annual target, a quarterly milestone of an
    annual target, or a quarter target (a quarterly figure with no annual target of its
    metric, judged only in its own quarter)."""

    class Role(models.TextChoices):
        ANNUAL = "annual", "年度目标"
        MILESTONE = "milestone", "季度节点"
        QUARTER = "quarter", "季度目标"

    class Comparator(models.TextChoices):
        AT_LEAST = ">=", "不低于（以上）"
        AT_MOST = "<=", "不超过（以下）"
        ABOUT = "~", "左右"
        EQUAL = "=", "达到"

    task = models.ForeignKey(
        Task, verbose_name="任务", on_delete=models.CASCADE, related_name="targets"
    )
    metric = models.CharField("指标", max_length=200)
    comparator = models.CharField("比较", max_length=2, choices=Comparator.choices)
    value = models.DecimalField("目标值", max_digits=24, decimal_places=6)
    unit = models.CharField("计量单位", max_length=32, blank=True)
    value_as_written = models.CharField("原文数值", max_length=64)
    due_year = models.PositiveSmallIntegerField("到期年度")
    due_quarter = models.PositiveSmallIntegerField("到期季度", null=True, blank=True)
    cumulative = models.BooleanField("累计", default=False)
    decreasing = models.BooleanField("越低越好", default=False, help_text="如“下降至10%左右”。")
    source_field = models.CharField("出处", max_length=16, help_text="annual 或 Q1-Q4")
    source_text = models.TextField("原文")
    annual = models.ForeignKey(
        "self",
        verbose_name="对应年度目标",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="milestones",
    )
    role = models.CharField("类别", max_length=16, choices=Role.choices, default=Role.ANNUAL)
    judged = models.BooleanField(
        "计入考核",
        default=True,
        help_text="同一指标同一季度有多个数值时只考核一个（累计数优先，其次非“力争”数）。",
    )
    year_to_date = models.DecimalField(
        "年初至今节点值",
        max_digits=24,
        decimal_places=6,
        null=True,
        blank=True,
        help_text="考核的季度节点折算为年初至今的数值（当季新增数与此前各季相加）。",
    )
    own_amount = models.BooleanField("当季新增数", default=False)
    aspirational = models.BooleanField("力争数", default=False)
    order = models.PositiveIntegerField("顺序", default=0)

    class Meta:
        verbose_name = "目标值"
        verbose_name_plural = "目标值"
        ordering = ["task", "order"]

    def __str__(self):
        return f"{self.metric} {self.comparator} {self.value_as_written}"

    @property
    def period_label(self):
        return f"{self.due_year}Q{self.due_quarter}" if self.due_quarter else str(self.due_year)

    @property
    def lower_is_better(self):
        """A <= target, or one whose text says the value should fall (下降至10%左右)."""
        return self.comparator == self.Comparator.AT_MOST or self.decreasing


class Indicator(models.Model):
    """A named quantity of a plan (专栏1 rows, 主要目标, the 附件1 table)."""

    plan = models.ForeignKey(
        Plan, verbose_name="计划", on_delete=models.CASCADE, related_name="indicators"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name="上级指标",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
    )
    name = models.CharField("指标", max_length=200)
    unit = models.CharField("计量单位", max_length=32, blank=True)
    baseline = models.CharField("基期值", max_length=64, blank=True)
    target = models.CharField("目标值", max_length=64, blank=True)
    annual = models.CharField("年均", max_length=64, blank=True)
    attribute = models.CharField("属性", max_length=16, blank=True, help_text="预期性 / 约束性")
    year = models.PositiveSmallIntegerField("目标年度", null=True, blank=True)
    order = models.PositiveIntegerField("顺序", default=0)

    class Meta:
        verbose_name = "指标"
        verbose_name_plural = "指标"
        ordering = ["plan", "order"]

    def __str__(self):
        return self.name


class PlanImport(models.Model):
    """A plan file a user uploaded, parsed and waiting to be reviewed and confirmed."""

    class State(models.TextChoices):
        PENDING = "pending", "待确认"
        LOADED = "loaded", "已载入"
        DISCARDED = "discarded", "已放弃"

    file_name = models.CharField("文件名", max_length=200)
    sha256 = models.CharField("文件摘要", max_length=64)
    parse = models.JSONField("解析结果")
    key = models.SlugField("计划标识", max_length=64)
    state = models.CharField("状态", max_length=16, choices=State.choices, default=State.PENDING)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="上传人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("上传时间", auto_now_add=True)
    plan = models.ForeignKey(
        Plan,
        verbose_name="载入的计划",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="imports",
    )

    class Meta:
        verbose_name = "计划导入"
        verbose_name_plural = "计划导入"
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.file_name}（{self.get_state_display()}）"
