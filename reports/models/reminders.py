"""Reminders and supervision notices (催办, 督办单) sent to units about their tasks, by the
daily job or by the office by hand."""

from django.conf import settings
from django.db import models

from plans.models import Unit
from progress.models import Period
from tasks.models import Task


class Reminder(models.Model):
    """A reminder or supervision notice (催办) sent to a unit, with the tasks it names: by the
    daily job (sent_by empty, at most one of each kind per period and unit), or by the office
    by hand (manual, any number). A 督办单 (yellow, red) gets its number (黔东南增收办督〔2022〕3号)
    the first time its document is made, and keeps it."""

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
    manual = models.BooleanField("手动催办", default=False)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="催办人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    sent_by_name = models.CharField("催办人姓名", max_length=150, blank=True)
    number_prefix = models.CharField("督办单机关代字", max_length=40, blank=True)
    number_year = models.PositiveSmallIntegerField("督办单年份", null=True, blank=True)
    number_seq = models.PositiveIntegerField("督办单序号", null=True, blank=True)

    class Meta:
        verbose_name = "催办记录"
        verbose_name_plural = "催办记录"
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["period", "unit", "kind"],
                condition=models.Q(manual=False),
                name="reminder_once_per_kind",
            ),
            models.UniqueConstraint(
                fields=["number_prefix", "number_year", "number_seq"],
                condition=models.Q(number_seq__isnull=False),
                name="reminder_number_unique_in_year",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.unit.name} {self.period.label}"

    @property
    def is_notice(self):
        """A 督办单 (yellow or red), which has a document; a blue 提醒 has none."""
        return self.kind != self.Kind.BLUE

    @property
    def number(self):
        if self.number_seq is None:
            return ""
        return f"{self.number_prefix}〔{self.number_year}〕{self.number_seq}号"
