"""Reporting periods (报告期), their history (closed, reopened) and the targets judged in them."""

from django.conf import settings
from django.db import models

from plans.models import Plan
from tasks.models import Target, Task


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


class JudgedTarget(models.Model):
    """A target judged in a period (DOMAIN.md "Numbers"): an annual target of the period's
    year, with the quarter's milestone where it has one, or a quarter target of the period's
    quarter; with its 序时进度. Derived from the targets whenever the plan is loaded."""

    class Kind(models.TextChoices):
        ANNUAL = "annual", "年度目标"
        QUARTER = "quarter", "本季度目标"

    # No index of its own for period: the (period, task) index and the unique (period, target)
    # start with it, and with a third the planner read a period's every row to find a unit's
    # tasks' (4 ms at 1,000,000 reports instead of 0.3).
    period = models.ForeignKey(
        Period,
        verbose_name="报告期",
        on_delete=models.CASCADE,
        related_name="judged_targets",
        db_index=False,
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
