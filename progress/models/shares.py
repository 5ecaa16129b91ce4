"""目标分解: units' shares of numeric annual targets, and their history."""

from django.conf import settings
from django.db import models

from plans.models import Unit
from tasks.amounts import amount_text
from tasks.models import Target


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
