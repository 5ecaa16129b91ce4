"""A 督办单 as a 公文 (.docx, the GB/T 9704 layout of the bulletin's document: page, fonts,
版头 with the 发文机关标志, the number and the red line, 落款, 版记). It holds the number, the
unit (主送), what is asked and by when, the date, and as its attachment the tasks it names
with the unit's light and the sentence that says why, from the period's latest figures."""

import datetime
import io

from django.utils import timezone

from reports import rules, selectors
from reports.bulletin_docx import document, page
from reports.bulletin_docx.body import Block
from reports.bulletin_docx.tables import Attachment, Column
from reports.bulletin_templates import bulletin_template_of
from reports.bulletin_xlsx.sheets import task_text
from reports.models import Reminder
from reports.supervision.numbers import reminder_number, reply_deadline

TITLES = {Reminder.Kind.YELLOW: "督办单", Reminder.Kind.RED: "红色督办单"}
COLUMNS = [
    Column("序号", 12, number=True),
    Column("任务", 52),
    Column("完成率", 18, number=True),
    Column("灯", 14, number=True),
    Column("情况", 60),
]


def task_lines(reminder):
    """[(task, light label, completion text, sentence)] of the reminder's tasks from the latest
    figures of its period: the unit's own report where it is expected, else the task's."""
    tasks = list(reminder.tasks.order_by("order"))
    snapshot = selectors.latest_snapshot(reminder.period.plan, reminder.period)
    if snapshot is None:
        return [(task, "—", "—", "尚无完成率。") for task in tasks]
    entries = {e.task_id: e for e in selectors.entry_rows(snapshot, unit=reminder.unit)}
    rows = {r.task_id: r for r in snapshot.task_rows.filter(task__in=tasks)}
    lines = []
    for task in tasks:
        source = entries.get(task.pk) or rows.get(task.pk)
        if source is None:
            lines.append((task, "—", "—", "本期不考核该任务。"))
            continue
        sentence = (
            source.reason
            if task.pk in entries
            else rules.light_reason(
                source.status,
                source.completion,
                source.expected,
                deadline=reminder.period.deadline,
                deadline_passed=snapshot.deadline_passed,
            )
        )
        light = rules.LIGHT_LABELS.get(source.light, source.light)
        lines.append((task, light, rules.percent_text(source.completion), sentence))
    return lines


def _asked(reminder, reply_by):
    when = rules.date_text(reply_by)
    asked = (
        f"请{reminder.unit.name}于{when}前登录计划任务跟踪系统报送所列任务的进展，"
        "并将逾期原因和下一步措施书面报领导小组办公室。"
    )
    if reminder.kind == Reminder.Kind.RED:
        asked += "请单位负责人督促落实，书面说明原因和整改措施。"
    return asked


def supervision_document(reminder):
    """The .docx (bytes) of a 督办单 (a yellow or red reminder), numbered if it was not yet."""
    reminder = reminder_number(reminder)
    period = reminder.period
    template = bulletin_template_of(period.plan)
    sent_on = timezone.localdate(reminder.created_at)
    reply_by = reply_deadline(reminder)
    date = rules.date_text(sent_on)
    lines = task_lines(reminder)

    doc = page.document_new()
    document.head(doc, template.office_name, reminder.number)
    document.title(doc, TITLES[reminder.kind])
    document.recipients(doc, reminder.unit.name)
    document.body(
        doc,
        [
            Block("text", reminder.message),
            Block("heading", "办理要求"),
            Block("text", _asked(reminder, reply_by)),
            Block("text", f"办理时限：{rules.date_text(reply_by)}前。"),
        ],
    )
    item = Attachment(
        title=f"{reminder.unit.name}督办任务清单",
        columns=COLUMNS,
        rows=[[task.number, task_text(task), done, light, why] for task, light, done, why in lines],
        empty="没有督办任务。",
    )
    document.attachment_note(doc, [item.title])
    document.signature(doc, template.signature, date)
    source = f"（{period.plan.title}{period.label}，数据截至{date}）"
    document.attachment(doc, 1, item, source, several=False)
    document.imprint(doc, template.office_name, date)

    properties = doc.core_properties
    properties.title = f"{TITLES[reminder.kind]} {reminder.unit.name}"
    properties.author = properties.last_modified_by = template.office_name
    properties.subject = f"{reminder.number} {period.plan.title} {period.label}"
    properties.keywords = reminder.number
    created = reminder.created_at.astimezone(datetime.UTC).replace(tzinfo=None)
    properties.created = properties.modified = created
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def supervision_file_name(reminder):
    period = reminder.period
    return f"{reminder.number}_{reminder.unit.name}_{period.label}_{TITLES[reminder.kind]}.docx"
