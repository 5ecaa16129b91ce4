"""目标分解: a county's (any responsible unit's) share of a numeric annual target, set by the
office or the task's lead units on a page, by Excel or through the API, with history.

A county judged on shares is asked for its actual on each target it has a share of, and its
completion is its actual over its share (DOMAIN.md "counties and target shares")."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from progress import roles
from progress.errors import Conflict, InvalidReport, NotAllowed
from progress.models import TargetShare, TargetShareEvent
from progress.services.common import actor_fields, decimal_or_none
from progress.signals import task_changed
from tasks.models import Target, TaskAssignment


def _check_share(user, target, unit):
    if not roles.may_set_shares(user, target.task):
        raise NotAllowed("只有领导小组办公室和该任务的牵头单位可以分解目标。")
    if target.role != Target.Role.ANNUAL:
        raise InvalidReport(
            f"“{target.metric}”不是年度目标，只有年度目标可以分解。",
            {"target": "只有年度目标可以分解"},
        )
    assigned = TaskAssignment.objects.filter(
        task=target.task_id, unit=unit, role=TaskAssignment.Role.RESPONSIBLE
    ).exists()
    if not assigned:
        raise InvalidReport(
            f"{unit.name}不是任务{target.task.number}的责任单位，不能分解目标给它。",
            {"unit": "不是该任务的责任单位"},
        )


def _value(value):
    number = decimal_or_none(value, "分解目标值", "value")
    if number is None:
        raise InvalidReport("请填写分解目标值。", {"value": "请填写分解目标值"})
    if number < 0:
        raise InvalidReport("分解目标值不能为负数。", {"value": "不能为负数"})
    return number


def _event(share, *, action, before, after, user, source, at):
    TargetShareEvent.objects.create(
        target_id=share.target_id,
        unit_id=share.unit_id,
        action=action,
        version=share.version,
        before=before,
        after=after,
        at=at,
        source=source,
        **actor_fields(user),
    )


def _changed(target):
    task = target.task
    transaction.on_commit(
        lambda: task_changed.send_robust(sender=TargetShare, task=task), robust=True
    )


@transaction.atomic
def target_share_set(*, user, target, unit, value, version=None, source="api"):
    """Set unit's share of target. Without `version` a new share is created (Conflict when
    it exists); with it the share of that version is changed (Conflict when stale)."""
    _check_share(user, target, unit)
    number = _value(value)
    now = timezone.now()
    share = (
        TargetShare.objects.select_for_update(of=("self",))
        .filter(target=target, unit=unit)
        .order_by()
        .first()
    )
    if share is None:
        if version not in (None, ""):
            raise Conflict("该分解目标不存在或已被删除，请刷新后重试。")
        share = TargetShare(target=target, unit=unit, value=number, updated_by=user, updated_at=now)
        try:
            with transaction.atomic():
                share.save()
        except IntegrityError:
            raise Conflict("该单位的分解目标刚刚已由他人设定，请刷新后重试。") from None
        _event(share, action="create", before=None, after=number, user=user, source=source, at=now)
        _changed(target)
        return share
    if version in (None, ""):
        raise Conflict(
            f"{unit.name}已有分解目标（第{share.version}版），修改时请提供版本号。",
            {"version": f"当前版本为 {share.version}"},
        )
    if int(version) != share.version:
        raise Conflict(
            f"该分解目标已被他人修改（当前为第{share.version}版，您的修改基于第{version}版），"
            "本次修改未保存。请刷新后重试。",
            {"version": f"当前版本为 {share.version}"},
        )
    if share.value == number:
        return share
    before = share.value
    share.value, share.updated_by, share.updated_at = number, user, now
    share.version += 1
    share.save()
    _event(share, action="update", before=before, after=number, user=user, source=source, at=now)
    _changed(target)
    return share


@transaction.atomic
def target_share_delete(*, user, share, version, source="api"):
    """Remove a share: the unit is judged on its percent again."""
    share = (
        TargetShare.objects.select_for_update(of=("self",))
        .select_related("target", "target__task", "unit")
        .filter(pk=share.pk)
        .order_by()
        .first()
    )
    if share is None:
        raise Conflict("该分解目标已被删除。")
    _check_share(user, share.target, share.unit)
    if version is None or int(version) != share.version:
        raise Conflict(
            f"该分解目标已被他人修改（当前为第{share.version}版），本次删除未执行。",
            {"version": f"当前版本为 {share.version}"},
        )
    share.version += 1
    _event(
        share,
        action="delete",
        before=share.value,
        after=None,
        user=user,
        source=source,
        at=timezone.now(),
    )
    share.delete()
    _changed(share.target)
