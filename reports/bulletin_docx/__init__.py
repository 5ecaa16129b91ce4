"""The bulletin (通报) as a 公文: a Word document in the layout of GB/T 9704, made from the same
stored snapshot as the workbook (reports/bulletin_xlsx/), under its 文号.

The office's wording (BulletinTemplate: 发文机关, title, 主送, opening, requirements, closing,
signature) is filled from the snapshot's placeholders; the body between (overall progress,
reporting, lead units ranked, counties compared, lagging tasks) is written from the stored
figures only, and the attachments are the same tables as the workbook's sheets, as Word tables.

Modules by topic: fonts.py (fonts, sizes, runs and paragraph layout), page.py (page, grid,
page numbers, font fallbacks), placeholders.py, body.py (the text), tables.py (the
attachments' rows), document.py (the layout of each part).
"""

import datetime
import io

from reports import rules, selectors
from reports.bulletin_docx import body, document, page, tables
from reports.bulletin_docx.placeholders import fill, issued_on, values


def bulletin_document(snapshot, template, number):
    """The .docx (bytes) of the bulletin of `snapshot` under 文号 `number` (its text, e.g.
    黔东南增收办〔2022〕3号), in the wording of `template` (a BulletinTemplate, saved or not),
    made from the snapshot's stored rows only, in a fixed number of queries."""
    plan = snapshot.plan
    county = selectors.county_label(plan)
    tasks = selectors.task_rows_all(snapshot)
    leads = list(selectors.unit_rows(snapshot, "lead"))
    counties = list(selectors.unit_rows(snapshot, "county"))
    known = values(snapshot, office_name=template.office_name)
    title = fill(template.title, known)
    date = rules.date_text(issued_on(snapshot))
    attachments = tables.attachments(snapshot, tasks, leads, counties, county)

    doc = page.document_new()
    document.head(doc, template.office_name, number)
    document.title(doc, title)
    document.recipients(doc, fill(template.recipients, known))
    blocks = body.body_blocks(
        snapshot, tasks, leads, counties, county=county, template=template, known=known
    )
    document.body(doc, blocks)
    document.attachment_note(doc, [item.title for item in attachments])
    document.signature(doc, fill(template.signature, known), date)
    source = document.source_line(snapshot)
    for n, item in enumerate(attachments, start=1):
        document.attachment(doc, n, item, source, several=len(attachments) > 1)
    document.imprint(doc, template.office_name, date)

    properties = doc.core_properties
    properties.title = title
    properties.author = properties.last_modified_by = template.office_name
    properties.subject = f"{number} {plan.title} {snapshot.period.label}"
    properties.keywords = number
    properties.comments = f"快照编号 {snapshot.pk}，由计划任务跟踪系统生成"
    computed = snapshot.computed_at.astimezone(datetime.UTC).replace(tzinfo=None)
    properties.created = properties.modified = computed
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


__all__ = ["bulletin_document"]
