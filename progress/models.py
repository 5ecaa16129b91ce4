"""Who reports, reporting periods, progress reports, their values and history, task closure."""

import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.utils import timezone

from plans.models import Plan, Unit
from progress.evidence import KINDS
from tasks.amounts import amount_text, target_text
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


class PeriodEvent(models.Model):
    """A period closed or reopened: who, when, why."""

    class Action(models.TextChoices):
        CLOSE = "close", "关闭报告期"
        REOPEN = "reopen", "重新开放"

    period = models.ForeignKey(
        Period, verbose_name="报告期", on_delete=models.CASCADE, related_name="events"
    )
    action = models.CharField("操作", max_length=16, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_name = models.CharField("操作人姓名", max_length=150, blank=True)
    at = models.DateTimeField("时间")
    text = models.TextField("说明", blank=True)

    class Meta:
        verbose_name = "报告期历史"
        verbose_name_plural = "报告期历史"
        ordering = ["period", "at", "pk"]

    def __str__(self):
        return f"{self.period.label} {self.get_action_display()}"


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


class TaskClosure(models.Model):
    """办结销号: the office closed a task (completed, or with a written reason); it needs no
    reports after the period it was closed in."""

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
    closed_by_name = models.CharField(
        "办结确认人姓名",
        max_length=150,
        blank=True,
        help_text="办结时的姓名，账号改名或删除后不变。",
    )
    closed_at = models.DateTimeField("办结时间")
    reason = models.TextField("办结说明", blank=True, help_text="完成率未达100%时必须写明。")
    completion = models.FloatField("办结时完成率", null=True, blank=True)

    class Meta:
        verbose_name = "办结销号"
        verbose_name_plural = "办结销号"

    def __str__(self):
        return f"任务{self.task.number} 于{self.period.label}办结"


class TaskEvent(models.Model):
    """One event in a task's history: closed (办结销号) or reopened, or a leader's instruction
    (领导批示), with who, when and why."""

    class Action(models.TextChoices):
        CLOSE = "close", "办结销号"
        REOPEN = "reopen", "撤销办结"
        INSTRUCT = "instruct", "领导批示"

    task = models.ForeignKey(
        Task, verbose_name="任务", on_delete=models.CASCADE, related_name="events"
    )
    action = models.CharField("操作", max_length=16, choices=Action.choices)
    period = models.ForeignKey(
        Period,
        verbose_name="报告期",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_name = models.CharField("操作人姓名", max_length=150, blank=True)
    at = models.DateTimeField("时间")
    text = models.TextField("说明", blank=True)
    completion = models.FloatField("当时完成率", null=True, blank=True)

    class Meta:
        verbose_name = "任务历史"
        verbose_name_plural = "任务历史"
        ordering = ["task", "at", "pk"]

    def __str__(self):
        return f"任务{self.task.number} {self.get_action_display()}"


class Instruction(models.Model):
    """A 领导批示: a leader's or the office's instruction on a task, or on one unit's report on
    it. The units concerned (the task's units; for a report, its unit) see it on their home
    pages; it is also an event in the task's history."""

    task = models.ForeignKey(
        Task, verbose_name="任务", on_delete=models.CASCADE, related_name="instructions"
    )
    report = models.ForeignKey(
        ProgressReport,
        verbose_name="针对的报告",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="instructions",
    )
    text = models.TextField("批示内容")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="批示人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    author_name = models.CharField("批示人姓名", max_length=150, blank=True)
    created_at = models.DateTimeField("时间")

    class Meta:
        verbose_name = "领导批示"
        verbose_name_plural = "领导批示"
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"任务{self.task.number} 批示 {self.author_name}"


class JudgedTarget(models.Model):
    """A target judged in a period (DOMAIN.md "Numbers"): an annual target of the period's
    year, with the quarter's milestone where it has one, or a quarter target of the period's
    quarter; with its 序时进度. Derived from the targets whenever the plan is loaded."""

    class Kind(models.TextChoices):
        ANNUAL = "annual", "年度目标"
        QUARTER = "quarter", "本季度目标"

    period = models.ForeignKey(
        Period, verbose_name="报告期", on_delete=models.CASCADE, related_name="judged_targets"
    )
    task = models.ForeignKey(Task, verbose_name="任务", on_delete=models.CASCADE, related_name="+")
    target = models.ForeignKey(
        Target, verbose_name="目标值", on_delete=models.CASCADE, related_name="judged_in"
    )
    kind = models.CharField("类别", max_length=8, choices=Kind.choices)
    milestone = models.ForeignKey(
        Target,
        verbose_name="本季度节点",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    expected = models.FloatField("序时进度")
    order = models.PositiveIntegerField("顺序", default=0)

    class Meta:
        verbose_name = "本期考核目标"
        verbose_name_plural = "本期考核目标"
        ordering = ["period", "task", "order"]
        constraints = [
            models.UniqueConstraint(fields=["period", "target"], name="judged_once_per_period")
        ]
        indexes = [models.Index(fields=["period", "task"])]

    def __str__(self):
        return f"{self.period.label} {self.target}"


class TargetShare(models.Model):
    """目标分解: a county's (any unit's) share of a numeric annual target."""

    target = models.ForeignKey(
        Target, verbose_name="年度目标", on_delete=models.CASCADE, related_name="shares"
    )
    unit = models.ForeignKey(
        Unit, verbose_name="单位", on_delete=models.PROTECT, related_name="target_shares"
    )
    value = models.DecimalField("分解目标值", max_digits=24, decimal_places=6)
    version = models.PositiveIntegerField("版本", default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="修改人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField("修改时间")

    class Meta:
        verbose_name = "目标分解"
        verbose_name_plural = "目标分解"
        ordering = ["target", "unit__name"]
        constraints = [
            models.UniqueConstraint(fields=["target", "unit"], name="share_once_per_unit"),
            models.CheckConstraint(condition=models.Q(value__gte=0), name="share_not_negative"),
        ]

    def __str__(self):
        return f"{self.unit.name}：{self.target.metric} {self.value}"

    @property
    def text(self):
        """The share in its target's written unit: 0.06万人."""
        return amount_text(self.value, self.target)


class TargetShareEvent(models.Model):
    """One change of a share (its history): set, changed or removed, by whom."""

    class Action(models.TextChoices):
        CREATE = "create", "设定"
        UPDATE = "update", "修改"
        DELETE = "delete", "删除"

    target = models.ForeignKey(
        Target, verbose_name="年度目标", on_delete=models.CASCADE, related_name="share_events"
    )
    unit = models.ForeignKey(Unit, verbose_name="单位", on_delete=models.PROTECT, related_name="+")
    action = models.CharField("操作", max_length=8, choices=Action.choices)
    version = models.PositiveIntegerField("版本")
    before = models.DecimalField("修改前", max_digits=24, decimal_places=6, null=True)
    after = models.DecimalField("修改后", max_digits=24, decimal_places=6, null=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_name = models.CharField("操作人姓名", max_length=150, blank=True)
    at = models.DateTimeField("时间")
    source = models.CharField("方式", max_length=16, blank=True, help_text="页面、Excel 或 API")

    class Meta:
        verbose_name = "目标分解历史"
        verbose_name_plural = "目标分解历史"
        ordering = ["target", "unit", "at", "pk"]

    def __str__(self):
        return f"{self.unit.name} {self.get_action_display()} {self.after}"


def attachment_storage():
    """The storage 佐证材料 are kept in: settings.STORAGES["attachments"] (local media, or an
    S3-compatible store)."""
    return storages["attachments"]


def attachment_path(instance, filename):
    """Where a stored evidence file goes: attachments/<year>/<random uuid><extension>. Nothing
    of the person's file name is in it, and nobody can guess another file's path."""
    suffix = PurePosixPath(filename).suffix.lower()
    return f"attachments/{timezone.localdate().year}/{uuid.uuid4().hex}{suffix}"


class Attachment(models.Model):
    """佐证材料: a file attached to a progress report (a photo, a scanned PDF or OFD, an Office
    or WPS file). Its kind and content type come from its content (progress/evidence.py); the
    file is stored through Django's storage API (attachment_storage) and downloaded only
    through checked views."""

    report = models.ForeignKey(
        ProgressReport, verbose_name="报告", on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(
        "文件", upload_to=attachment_path, storage=attachment_storage, max_length=200
    )
    thumbnail = models.FileField(
        "缩略图",
        upload_to=attachment_path,
        storage=attachment_storage,
        max_length=200,
        blank=True,
        default="",
    )
    name = models.CharField(
        "文件名", max_length=150, help_text="上传时的文件名（已清理），下载时沿用。"
    )
    kind = models.CharField("类型", max_length=8)
    content_type = models.CharField("内容类型", max_length=100)
    size = models.PositiveBigIntegerField("大小（字节）")
    sha256 = models.CharField("SHA-256", max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="上传人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_by_name = models.CharField("上传人姓名", max_length=150, blank=True)
    uploaded_at = models.DateTimeField("上传时间")

    class Meta:
        verbose_name = "佐证材料"
        verbose_name_plural = "佐证材料"
        ordering = ["report", "uploaded_at", "pk"]

    def __str__(self):
        return self.name

    @property
    def kind_label(self):
        kind = KINDS.get(self.kind)
        return kind.label if kind else self.content_type
