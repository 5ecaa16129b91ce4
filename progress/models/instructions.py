"""领导批示: instructions on a task or on one unit's report on it."""

from django.conf import settings
from django.db import models

from progress.models.reports import ProgressReport
from tasks.models import Task


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
