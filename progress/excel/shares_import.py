"""Importing a filled-in target shares workbook: every row checked, every bad row listed, all
or nothing (through services.target_shares_save)."""

from dataclasses import dataclass, field

from plans.models import Plan, Unit
from progress import roles, selectors, services
from progress.errors import InvalidUpload, ReportError
from progress.excel import layout as L
from progress.excel import reading
from progress.excel import shares as S
from progress.excel.rows import cell_number, cell_text
from progress.services.common import MAX_NUMBER
from tasks.amounts import from_written
from tasks.models import Target

NOT_OURS = (
    "该文件不是本系统导出的目标分解表，或表中的隐藏信息被改动，未导入。请重新下载目标分解表后填写。"
)
DAMAGED = (
    "文件无法读取：不是有效的 Excel（.xlsx）文件，或文件已损坏。请上传从本系统下载的目标分解表。"
)
CHANGED = "只读列“{column}”被改动，或该目标、单位已调整，本行未导入。请重新下载目标分解表后填写。"
VALUE = "分解目标值"


@dataclass
class SharesImportResult:
    """What an import did; `skipped` counts the rows left as they were downloaded."""

    plan: Plan
    created: int = 0
    updated: int = 0
    deleted: int = 0
    skipped: int = 0
    tasks: list = field(default_factory=list)

    @property
    def message(self):
        return (
            f"导入成功：新设 {self.created} 个、修改 {self.updated} 个、删除 {self.deleted} 个"
            f"分解目标，未改动 {self.skipped} 行。"
        )


def _refuse(message):
    raise InvalidUpload(message, [])


def _open(data):
    try:
        return reading.upload_open(data, identity_read=S.meta_read)
    except InvalidUpload as exc:
        # The reader's words name the progress template; this upload is a shares workbook.
        words = {reading.NOT_OURS: NOT_OURS, reading.DAMAGED: DAMAGED}
        if exc.message in words:
            _refuse(words[exc.message])
        raise


def _check_scope(user, identity, expected_plan):
    plan = Plan.objects.select_related("region").filter(key=identity.plan).first()
    if plan is None:
        _refuse("目标分解表对应的计划已不存在，未导入。")
    if expected_plan is not None and expected_plan.pk != plan.pk:
        _refuse(f"该目标分解表属于《{plan.title}》，不是《{expected_plan.title}》的，未导入。")
    if identity.scope == S.OFFICE:
        if not roles.is_office(user):
            _refuse("该目标分解表是领导小组办公室下载的，只能由领导小组办公室上传，未导入。")
        return plan
    if roles.is_office(user):
        return plan  # the office may upload what a lead unit filled in
    unit = Unit.objects.filter(pk=int(identity.scope)).first() if identity.scope.isdigit() else None
    own = roles.unit_of(user)
    if not roles.is_reporting_user(user) or own is None or unit is None or own.pk != unit.pk:
        owner = unit.name if unit else "其他单位"
        _refuse(f"该目标分解表是{owner}下载的，您不能上传，未导入。")
    return plan


def _error(row, column, message):
    return {"row": row, "column": column, "message": message}


def _scan(upload, last_row, errors):
    """The header, formulas anywhere, and rows added below the workbook's."""
    headers = [c.header for c in S.COLUMNS]
    found = [cell_text(upload.cell(S.HEADER_ROW, i)) for i in range(1, len(headers) + 1)]
    if found != headers:
        _refuse(f"第{S.HEADER_ROW}行的表头被改动，未导入。请重新下载目标分解表后填写。")
    for r, cells in sorted(upload.rows.items()):
        for i, c in enumerate(cells, start=1):
            if c.data_type == "f":
                column = headers[i - 1] if i <= len(headers) and r >= S.HEADER_ROW else ""
                errors.append(_error(r, column, "不接受公式，请填写数值。"))
        if r > last_row and r not in {e["row"] for e in errors}:
            errors.append(_error(r, "", "该行不在下载的目标分解表中（请勿增加行），未导入。"))


def _stale(meta, share):
    was = f"第{meta.version}版" if meta.version else "尚未分解"
    now = f"第{share.version}版" if share else "已删除"
    return (
        f"该单位的分解目标在下载后已被修改（下载时{was}，现为{now}），为避免覆盖，本行未导入。"
        "请重新下载目标分解表后填写。"
    )


def _read_row(upload, meta, layout, column, unit, errors):
    """The row as a ShareRow, None when it is unchanged; bad rows go to errors."""
    r = meta.row
    cells = {c.key: upload.cell(r, i) for i, c in enumerate(S.COLUMNS, start=1)}
    if any(c.data_type == "f" for c in cells.values()):
        return None  # listed by _scan
    if all(cell_text(c) == "" for c in cells.values()):
        errors.append(_error(r, "", "该行被删除或清空，未导入。请勿删除行，重新下载后填写。"))
        return None
    expected = S.row_texts(layout, column, unit)
    for col in S.READ_ONLY:
        if cell_text(cells[col.key]) != expected[col.key]:
            errors.append(_error(r, col.header, CHANGED.format(column=col.header)))
            return None
    try:
        value = cell_number(cells["value"])
    except ValueError:
        errors.append(_error(r, VALUE, "分解目标值必须是数字。"))
        return None
    if value is not None and value < 0:
        errors.append(_error(r, VALUE, "分解目标值不能为负数。"))
        return None
    if value is not None and abs(from_written(value, column.target)) >= MAX_NUMBER:
        errors.append(_error(r, VALUE, "分解目标值过大，请检查填写单位。"))
        return None
    if (L.canonical_number(value) or "") == meta.value:
        return None
    share = column.shares.get(unit.pk)
    if (share.version if share else None) != meta.version:
        errors.append(_error(r, VALUE, _stale(meta, share)))
        return None
    return services.ShareRow(
        target=column.target,
        unit=unit,
        value=from_written(value, column.target),
        version=meta.version,
        key=str(r),
    )


def _places(identity, plan, user, errors):
    """{meta row: (layout, column, unit)} of the rows whose target and unit still stand and
    whose task the user may still divide; the others are listed in errors."""
    targets = {
        t.pk: t
        for t in Target.objects.filter(
            pk__in={m.target for m in identity.rows}, task__plan=plan, role=Target.Role.ANNUAL
        )
    }
    allowed = set(selectors.share_tasks(user, plan))
    layouts = selectors.share_layouts(plan, {t.task_id for t in targets.values()})
    places = {}
    for meta in identity.rows:
        target = targets.get(meta.target)
        layout = layouts.get(target.task_id) if target else None
        if layout is None:
            errors.append(_error(meta.row, "指标", "该目标已不在计划中，本行未导入。请重新下载。"))
            continue
        if layout.task.pk not in allowed:
            errors.append(
                _error(
                    meta.row,
                    "序号",
                    f"您已不能分解任务{layout.task.number}的目标（只有领导小组办公室和该任务的"
                    "牵头单位可以），本行未导入。",
                )
            )
            continue
        column = next(c for c in layout.columns if c.target.pk == target.pk)
        unit = next((u for u in layout.units if u.pk == meta.unit), None)
        if unit is None:
            errors.append(
                _error(meta.row, "责任单位", "该单位已不是该任务的责任单位，本行未导入。")
            )
            continue
        places[meta.row] = (layout, column, unit)
    return places


def shares_import(*, user, data, plan=None):
    """Validate and import an uploaded target shares workbook, all or nothing.

    `plan`, when given, is the plan the page expects. Raises InvalidUpload, listing every bad
    row ({"row", "column", "message"}: not a number, negative, a formula, a read-only cell
    changed, a row added or deleted, a share changed since the download), with nothing
    saved; also for a file that is not a shares workbook this system signed for the user's
    scope. Unchanged rows are skipped; a value emptied where a share was removes it."""
    if roles.role_of(user) is None or not (roles.is_office(user) or roles.is_reporting_user(user)):
        _refuse("只有领导小组办公室和任务的牵头单位可以上传目标分解表。")
    upload = _open(data)
    identity = upload.identity
    plan = _check_scope(user, identity, plan)
    errors = []
    _scan(upload, S.FIRST_ROW + len(identity.rows) - 1, errors)
    places = _places(identity, plan, user, errors)
    rows = []
    result = SharesImportResult(plan=plan)
    for meta in identity.rows:
        if meta.row not in places:
            continue
        row = _read_row(upload, meta, *places[meta.row], errors)
        if row is not None:
            rows.append(row)
        elif not any(e["row"] == meta.row for e in errors):
            result.skipped += 1
    if not errors:
        try:
            saved = services.target_shares_save(user=user, rows=rows, source="excel")
        except ReportError as exc:
            # Checked under lock: a share changed between the checks above and the save.
            fields = {k: v for k, v in exc.fields.items() if str(k).isdigit()}
            errors += [_error(int(k), VALUE, v) for k, v in fields.items()]
            if not fields:
                errors.append(_error(None, "", exc.message))
        else:
            result.created, result.updated = saved.created, saved.updated
            result.deleted = saved.deleted
            result.skipped += saved.unchanged
            result.tasks = sorted({r.target.task.number for r in rows}, key=lambda n: (len(n), n))
    if errors:
        rows_with = sorted(errors, key=lambda e: e["row"] or 0)
        count = len({e["row"] for e in rows_with})
        raise InvalidUpload(
            f"目标分解表中有 {count} 行存在问题，未导入任何内容。请改正下列问题后重新上传。",
            rows_with,
        )
    return result
