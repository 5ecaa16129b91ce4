"""Task closure (办结销号) and a task's history: closed, reopened, instructed."""

from django.conf import settings
from django.db import models

from progress.models.periods import Period
from tasks.models import Task


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
