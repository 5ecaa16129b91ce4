"""Bulletins (通报): the generated bulletin of a plan-period (workbook and 公文) made from a
snapshot, the fixed wording of a plan's 公文 (its template), and the 文号 each bulletin is
issued under."""

from django.conf import settings
from django.db import models

from plans.models import Plan
from progress.models import Period
from reports.models.snapshots import Snapshot


class BulletinTemplate(models.Model):
    """The fixed wording of a plan's bulletin as a 公文 (the office edits it on a page): who
    issues it, its 文号 prefix, title, 主送, opening, requirements, closing and signature. Text
    fields may hold placeholders ({期间}, {平均完成率} ...: reports/bulletin_docx/placeholders.py)
    filled from the bulletin's snapshot; the figures of the body are never typed here."""

    plan = models.OneToOneField(
        Plan, verbose_name="计划", on_delete=models.CASCADE, related_name="bulletin_template"
    )
    office_name = models.CharField("发文机关", max_length=100)
    number_prefix = models.CharField(
        "发文字号机关代字", max_length=32, help_text="如“黔东南增收办”，文号为 代字〔年份〕序号号"
    )
    title = models.CharField("标题", max_length=200)
    recipients = models.CharField("主送机关", max_length=300)
    opening = models.TextField("开头", blank=True)
    requirements = models.TextField("工作要求", blank=True)
    closing = models.CharField("结束语", max_length=100, blank=True)
    signature = models.CharField("落款（发文机关署名）", max_length=100)
    updated_at = models.DateTimeField("修改时间", null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="修改人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "通报公文模板"
        verbose_name_plural = "通报公文模板"

    def __str__(self):
        return f"{self.plan.title} 通报模板"


class BulletinNumber(models.Model):
    """A bulletin's 文号 (黔东南增收办〔2022〕3号): numbered per plan and year of issue, one per
    plan-period (a bulletin made again for the same period is the same document and keeps its
    number). The prefix is kept as it was when the number was given."""

    plan = models.ForeignKey(
        Plan, verbose_name="计划", on_delete=models.CASCADE, related_name="bulletin_numbers"
    )
    period = models.ForeignKey(
        Period, verbose_name="报告期", on_delete=models.CASCADE, related_name="bulletin_numbers"
    )
    prefix = models.CharField("机关代字", max_length=32)
    year = models.PositiveSmallIntegerField("年份")
    number = models.PositiveIntegerField("序号")
    allocated_at = models.DateTimeField("编号时间")

    class Meta:
        verbose_name = "通报文号"
        verbose_name_plural = "通报文号"
        ordering = ["plan", "-year", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "year", "number"], name="bulletin_number_unique_in_year"
            ),
            models.UniqueConstraint(fields=["plan", "period"], name="bulletin_number_per_period"),
        ]

    def __str__(self):
        return self.text

    @property
    def text(self):
        return f"{self.prefix}〔{self.year}〕{self.number}号"


class Bulletin(models.Model):
    """A generated bulletin (通报): the workbook and the 公文 (.docx) made from one snapshot,
    kept with it, under its 文号."""

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
    document = models.FileField("公文（Word）", upload_to="bulletins/", blank=True)
    number = models.ForeignKey(
        BulletinNumber,
        verbose_name="文号",
        null=True,
        blank=True,
        on_delete=models.RESTRICT,
        related_name="bulletins",
    )
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
    heartbeat_at = models.DateTimeField(
        "最近心跳",
        null=True,
        blank=True,
        help_text="生成中的通报每隔几秒更新；长时间未更新说明任务已中断",
    )
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
