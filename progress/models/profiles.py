"""Who reports: a user's role (填报人, 单位负责人, 领导小组办公室, 只读用户) and unit."""

from django.conf import settings
from django.db import models

from plans.models import Unit


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
