"""Importing a filled-in template: every row checked, every bad row listed, all or nothing."""

from dataclasses import dataclass, field

from django.db import transaction

from plans.collector import collector_paused
from plans.models import Plan, Unit
from progress import roles, selectors, services
from progress.errors import Conflict, InvalidUpload, ReportError
from progress.excel import layout as L
from progress.excel.reading import upload_open
from progress.excel.rows import RowErrors, _error, _read_row, cell_text
from progress.models import Period, ReportEvent
from tasks.models import Task

FIELD_COLUMNS = {
    "narrative": "进展情况",
    "percent": "完成百分比(%)",
    "problems": "存在问题",
    "next_steps": "下步打算",
}
STALE = (
    "该报告在下载模板后已被修改（模板基于{was}，现为第{now}版），为避免覆盖，本行未导入。"
    "请重新下载模板后填写。"
)


@dataclass
class ImportResult:
    """What an import did: rows saved as drafts, submitted, skipped (empty or unchanged),
    the reports written, and notes (text kept as text although it looked like a formula)."""

    unit: Unit
    period: Period
    saved: int = 0
    submitted: int = 0
    skipped: int = 0
    report_ids: list[int] = field(default_factory=list)
    notes: list[dict] = field(default_factory=list)

    @property
    def message(self):
        return (
            f"导入成功：保存草稿 {self.saved} 行，报送 {self.submitted} 行，"
            f"未改动或空白 {self.skipped} 行。"
        )


def _refuse(message):
    raise InvalidUpload(message, [])


def _resolve(identity):
    plan = Plan.objects.filter(key=identity.plan).first()
    unit = Unit.objects.filter(pk=identity.unit).first()
    period = selectors.period_get(plan, identity.period) if plan else None
    if plan is None or unit is None or period is None:
        _refuse("模板对应的计划、单位或报告期已不存在，未导入。请重新下载模板。")
    return unit, period


def _check_scope(user, unit, period, expected_unit, expected_period):
    if expected_unit is not None and expected_unit.pk != unit.pk:
        _refuse(f"该模板是“{unit.name}”的填报模板，不是“{expected_unit.name}”的，未导入。")
    if expected_period is not None and expected_period.pk != period.pk:
        _refuse(
            f"该模板是《{period.plan.title}》{period.label}的填报模板，"
            f"不是当前报告期（{expected_period.label}）的，未导入。"
        )
    if roles.is_office(user):
        return
    if not period.is_open:
        _refuse(f"报告期{period.label}已关闭，只有领导小组办公室可以修改，未导入。")
    own = roles.unit_of(user)
    if not roles.is_reporting_user(user) or own is None:
        _refuse("您没有上传填报模板的权限。")
    if own.pk != unit.pk:
        _refuse(f"您只能上传本单位（{own.name}）的填报模板，该模板属于“{unit.name}”，未导入。")


def _scan(upload, cols, last_row, errors):
    """Formulas anywhere, and content below the template's rows."""
    headers = [c.header for c in cols]
    if [cell_text(upload.cell(L.HEADER_ROW, i)) for i in range(1, len(cols) + 1)] != headers:
        _refuse(f"模板第{L.HEADER_ROW}行的表头被改动，未导入。请重新下载模板后填写。")
    for r, cells in sorted(upload.rows.items()):
        for i, c in enumerate(cells, start=1):
            if c.data_type == "f":
                column = headers[i - 1] if i <= len(headers) and r >= L.HEADER_ROW else ""
                errors.add(r, column, "不接受公式，请填写数值或文字。")
        if r > last_row and r not in {e["row"] for e in errors}:
            errors.add(r, "", "该行不在模板中（请勿增加行），未导入。")


def _fresh(meta, current):
    """Refuse (Conflict) a write based on a report that changed after the download."""
    now = (current.pk, current.version) if current else (None, None)
    if now != (meta.report, meta.version):
        was = f"第{meta.version}版" if meta.version else "尚无报告时下载的模板"
        raise Conflict(STALE.format(was=was, now=now[1]), {"version": "stale"})


def _write(row, current):
    """The Write a row asks for, or None (a row unchanged and not to be submitted): refused
    (Conflict) when its report changed after the download."""
    editable = current is not None and current.state in services.EDITABLE_STATES
    if row.content == row.meta.content:
        if row.action != L.SUBMIT or not editable:
            return None
        _fresh(row.meta, current)
        return services.Write(
            task=row.task, version=row.meta.version, submit=True, key=row.meta.row
        )
    _fresh(row.meta, current)
    return services.Write(
        task=row.task,
        data=row.data(),
        version=row.meta.version,
        submit=row.action == L.SUBMIT,
        key=row.meta.row,
    )


def _service_error(row, exc, cols, current):
    if isinstance(exc, Conflict) and "version" in exc.fields and exc.fields["version"] != "stale":
        was = f"第{row.meta.version}版" if row.meta.version else "尚无报告时下载的模板"
        now = current.version if current else "?"
        return _error(row.meta.row, "", STALE.format(was=was, now=now))
    column = ""
    if len(exc.fields) == 1:
        (key,) = exc.fields
        column = FIELD_COLUMNS.get(key, "")
        detail = exc.fields[key]
        if key == "values" and isinstance(detail, dict) and len(detail) == 1:
            target_id = int(next(iter(detail)))
            if target_id in row.meta.targets:
                column = cols_by_position(cols)[row.meta.targets.index(target_id) + 1]
    return _error(row.meta.row, column, exc.message)


def cols_by_position(cols):
    return {c.position: c.header for c in cols if c.position}


@collector_paused()
def template_import(*, user, data, unit=None, period=None):
    """Validate and import an uploaded template, all or nothing.

    `unit` and `period`, when given, are what the page or endpoint expects the template to be
    for. Raises InvalidUpload listing every bad row ({"row", "column", "message"}); nothing
    is saved then. Rows with 保存草稿 (or no choice) are saved as drafts, rows with 报送 saved
    and submitted; empty and unchanged rows are skipped (a row emptied completely deletes
    nothing). A row's edit based on a report that changed after the download is refused."""
    upload = upload_open(data)
    identity = upload.identity
    template_unit, template_period = _resolve(identity)
    _check_scope(user, template_unit, template_period, unit, period)
    cols = L.columns(identity.positions)
    errors = RowErrors()
    last_row = L.FIRST_ROW + len(identity.rows) - 1
    _scan(upload, cols, last_row, errors)

    task_ids = [m.task for m in identity.rows]
    # What the rows are checked by (the number and the 年度目标任务 text), not the plan's
    # review notes.
    listed = Task.objects.filter(pk__any=task_ids, plan=template_period.plan).only(
        "id", "plan_id", "section_id", "number", "order", "title", "annual_target"
    )
    tasks = {t.pk: t for t in listed}
    result = ImportResult(unit=template_unit, period=template_period)
    try:
        # One transaction: what the rows are checked against (the unit's assignments, its
        # reports, locked, and the targets asked: services.Batch, read once for the file),
        # the checks, and the writes in bulk; any error takes it all back.
        with transaction.atomic():
            batch = services.Batch(user, template_unit, template_period, list(tasks.values()))
            writes, by_row = _writes(upload, identity, tasks, batch, cols, errors, result)
            if writes:
                _write_all(user, batch, writes, by_row, cols, errors, result)
            if errors:
                rows = sorted(errors, key=lambda e: e["row"])
                count = len({e["row"] for e in rows})
                raise InvalidUpload(
                    f"模板中有 {count} 行存在问题，未导入任何内容。请改正下列问题后重新上传。",
                    rows,
                )
    except InvalidUpload:
        raise
    except ReportError as exc:  # the whole file (no permission): nothing was written
        _refuse(exc.message)
    return result


def _writes(upload, identity, tasks, batch, cols, errors, result):
    """The Writes the file's rows ask for, checked ({row number: RowInput} beside them); bad
    rows go to errors, empty and unchanged ones are counted as skipped."""
    inputs = []
    for meta in identity.rows:
        row = _read_row(
            upload,
            meta,
            tasks.get(meta.task),
            batch.asked.get(meta.task, [])[: L.MAX_POSITIONS],
            batch.assigned,
            cols,
            errors,
            result.notes,
        )
        if row is not None:
            inputs.append(row)
        elif not any(e["row"] == meta.row for e in errors):
            result.skipped += 1
    writes, by_row = [], {}
    for row in inputs:
        try:
            write = _write(row, batch.reports.get(row.task.pk))
        except ReportError as exc:
            errors.append(_service_error(row, exc, cols, batch.reports.get(row.task.pk)))
            continue
        if write is None:
            result.skipped += 1
        else:
            writes.append(write)
            by_row[row.meta.row] = row
    return writes, by_row


def _write_all(user, batch, writes, by_row, cols, errors, result):
    """The rows written together (services.reports_write on the file's Batch: bulk writes),
    or their refusals added to errors."""
    try:
        reports = services.reports_write(
            user=user,
            unit=batch.unit,
            period=batch.period,
            writes=writes,
            action=ReportEvent.Action.IMPORT,
            batch=batch,
        )
    except services.WriteErrors as failed:
        for key, exc in failed.errors.items():
            row = by_row[key]
            errors.append(_service_error(row, exc, cols, batch.reports.get(row.task.pk)))
    except ReportError as exc:  # one write (raised as itself), or the whole file
        if len(writes) != 1:
            raise
        row = by_row[writes[0].key]
        errors.append(_service_error(row, exc, cols, batch.reports.get(row.task.pk)))
    else:
        result.report_ids = [r.pk for r in reports]
        result.submitted = sum(1 for w in writes if w.submit)
        result.saved = len(writes) - result.submitted
