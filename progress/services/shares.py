"""目标分解: a county's (any responsible unit's) share of a numeric annual target, set by the
office or the task's lead units on a page, by Excel or through the API, with history.

A county judged on shares is asked for its actual on each target it has a share of, and its
completion is its actual over its share (DOMAIN.md "counties and target shares")."""

import threading
from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from progress import roles
from progress.errors import Conflict, InvalidReport, NotAllowed
from progress.models import TargetShare, TargetShareEvent
from progress.services.common import actor_fields, decimal_or_none
from progress.signals import task_changed
from tasks.models import Target, TaskAssignment

# Inside target_shares_save: the tasks whose shares changed, told once each at the end
# (a workbook of a thousand shares must not queue a thousand recomputes), and the per-task
# checks already made for its one user.
_batch = threading.local()


def _per_task(key, compute):
    """compute() once per batch for `key` (every time outside a batch)."""
    memo = getattr(_batch, "memo", None)
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]


def _check_share(user, target, unit):
    task = target.task
    if not _per_task(("allowed", task.pk), lambda: roles.may_set_shares(user, task)):
        raise NotAllowed("只有领导小组办公室和该任务的牵头单位可以分解目标。")
    if target.role != Target.Role.ANNUAL:
        raise InvalidReport(
            f"“{target.metric}”不是年度目标，只有年度目标可以分解。",
            {"target": "只有年度目标可以分解"},
        )
    responsible = _per_task(
        ("responsible", task.pk),
        lambda: set(
            TaskAssignment.objects.filter(
                task=task.pk, role=TaskAssignment.Role.RESPONSIBLE
            ).values_list("unit_id", flat=True)
        ),
    )
    if unit.pk not in responsible:
        raise InvalidReport(
            f"{unit.name}不是任务{task.number}的责任单位，不能分解目标给它。",
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


def _notify(task):
    transaction.on_commit(
        lambda: task_changed.send_robust(sender=TargetShare, task=task), robust=True
    )


def _changed(target):
    pending = getattr(_batch, "tasks", None)
    if pending is not None:
        pending[target.task_id] = target.task
        return
    _notify(target.task)


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


@dataclass
class ShareRow:
    """One cell of a save of many shares: unit's share of target. `value` in the stored unit,
    blank (None or "") for no share; `version` the version of the share the change is based
    on, None when there was none; `key` names the cell in errors (a form field, an Excel row)."""

    target: object
    unit: object
    value: Decimal | str | None
    version: int | None = None
    key: str = ""


@dataclass
class SharesSaved:
    """What a save of many shares did."""

    created: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0

    @property
    def changed(self):
        return self.created + self.updated + self.deleted

    @property
    def message(self):
        return (
            f"已保存：新设 {self.created} 个，修改 {self.updated} 个，"
            f"删除 {self.deleted} 个分解目标。"
        )


def _row_save(user, row, source):
    """Apply one ShareRow; returns "created", "updated", "deleted" or "unchanged"."""
    blank = row.value is None or (isinstance(row.value, str) and not row.value.strip())
    if blank:
        if row.version in (None, ""):
            return "unchanged"
        share = (
            TargetShare.objects.filter(target=row.target, unit=row.unit)
            .select_related("target", "target__task", "unit")
            .first()
        )
        if share is None:
            raise Conflict("该分解目标已被他人删除，请刷新后重试。", {"version": "已删除"})
        target_share_delete(user=user, share=share, version=row.version, source=source)
        return "deleted"
    share = target_share_set(
        user=user,
        target=row.target,
        unit=row.unit,
        value=row.value,
        version=row.version,
        source=source,
    )
    if row.version in (None, ""):
        return "created"
    return "unchanged" if share.version == int(row.version) else "updated"


def target_shares_save(*, user, rows, source="page"):
    """Set, change and remove many shares in one transaction, all or nothing, through
    target_share_set and target_share_delete (a blank value with a version removes the share).

    Raises NotAllowed when the user may not divide the targets of one of the rows' tasks.
    Otherwise every row is tried and every problem collected; if any, nothing is saved and
    Conflict (409; a row was based on a version that is no longer current) or InvalidReport
    (400) is raised, its fields {row key: 中文说明}. Each task whose shares changed is
    recomputed once, after the commit."""
    tasks = {row.target.task_id: row.target.task for row in rows}
    refused = [task for task in tasks.values() if not roles.may_set_shares(user, task)]
    if refused:
        numbers = "、".join(sorted({task.number for task in refused}, key=_number_key))
        raise NotAllowed(f"只有领导小组办公室和该任务的牵头单位可以分解目标（任务{numbers}）。")
    saved = SharesSaved()
    problems, stale = {}, False
    outer = (getattr(_batch, "tasks", None), getattr(_batch, "memo", None))
    _batch.tasks, _batch.memo = {}, {("allowed", task_id): True for task_id in tasks}
    try:
        with transaction.atomic():
            for row in rows:
                # No savepoint of our own: target_share_set/delete are atomic themselves and
                # refuse before they write anything.
                try:
                    outcome = _row_save(user, row, source)
                except Conflict as exc:
                    stale = True
                    problems[str(row.key)] = exc.message
                except InvalidReport as exc:
                    problems[str(row.key)] = exc.message
                else:
                    setattr(saved, outcome, getattr(saved, outcome) + 1)
            if problems:
                if stale:
                    raise Conflict(
                        f"有 {len(problems)} 处分解目标在您读取之后已被他人修改或存在问题，"
                        "本次保存未执行任何修改。请核对后重新保存。",
                        problems,
                    )
                raise InvalidReport(
                    f"有 {len(problems)} 处分解目标填写有误，本次保存未执行任何修改。",
                    problems,
                )
            for task in _batch.tasks.values():
                _notify(task)
    finally:
        _batch.tasks, _batch.memo = outer
    return saved


def _number_key(number):
    return (len(number), number)
