"""Demo logins, demo progress and the demo period's reminders for a newcomer's `make run`.

Reports go through the same services as the pages (with past submission times), so the demo
exercises the real rules: most lead units report on time, some late, a few not at all;
counties report on part of their tasks; the office approves most and returns a few.
"""

import datetime
import io
import random
import secrets
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw

from plans.models import Plan, Unit
from progress import services
from progress.errors import ReportError
from progress.models import Profile
from progress.selectors import asked_targets_of
from progress.users import user_add
from reports import selectors
from reports.models import Reminder
from reports.snapshots import recomputes_deferred, snapshot_compute
from reports.supervision.sending import reminders_send_by_hand
from tasks.models import TaskAssignment

DEMO_PLAN_SOURCE = "000_c5d4690d8c15b8df.txt"
DEMO_USERS = [
    ("office", Profile.Role.OFFICE, None),
    ("rsj", Profile.Role.REPORTER, "州人力资源社会保障局"),
    ("rsj-leader", Profile.Role.LEADER, "州人力资源社会保障局"),
    ("czj", Profile.Role.REPORTER, "州财政局"),
    ("nyj", Profile.Role.REPORTER, "州农业农村局"),
    ("kaili", Profile.Role.REPORTER, "凯里市人民政府"),
    ("leishan", Profile.Role.REPORTER, "雷山县人民政府"),
    ("api-reader", Profile.Role.READER, None),
]
# Tasks whose lead units attach a photo and a PDF (佐证材料) to their 2022Q2 and Q3 reports.
EVIDENCE_TASKS = ("1", "4")
PROBLEMS = [
    "项目资金到位较慢，部分工作推进滞后。",
    "受季节因素影响，进度低于预期。",
    "部分县（市）工作推进不平衡，统计数据尚未全部上报。",
]


def demo_users_create():
    """Create or reset the demo logins; returns [(username, role label, unit name, password)]."""
    created = []
    for username, role, unit_name in DEMO_USERS:
        unit = (
            Unit.objects.get(
                name=unit_name, region__short_name__in=["黔东南州", "凯里市", "雷山县"]
            )
            if unit_name
            else None
        )
        password = secrets.token_urlsafe(9)
        user_add(username=username, role=role, unit=unit, password=password)
        created.append((username, Profile.Role(role).label, unit_name or "", password))
    return created


def _local(day, hour):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 30)))


def _actuals(asked, factor):
    """Values around what the quarter asks: the goal (a county's share) times the target's
    序时进度, times `factor` (divided, for a target that should fall)."""
    values = {}
    for item in asked:
        base = item.goal * Decimal(str(item.judged.expected))
        if item.target.lower_is_better:
            value = base / Decimal(str(factor)) if factor else base * 2
        else:
            value = base * Decimal(str(factor))
        values[item.target.pk] = value.quantize(Decimal("0.01"))
    return values


def demo_photo():
    """A small generated JPEG "site photo" (no file from the internet): sky, ground, a building."""
    image = Image.new("RGB", (800, 600), (135, 190, 235))
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, 420, 800, 600], fill=(110, 160, 80))
    draw.rectangle([220, 220, 580, 440], fill=(225, 215, 190), outline=(120, 90, 60), width=6)
    draw.polygon([(200, 230), (400, 110), (600, 230)], fill=(170, 50, 40))
    for x in (270, 370, 470):
        draw.rectangle([x, 280, x + 60, 340], fill=(90, 130, 170))
    draw.ellipse([640, 40, 730, 130], fill=(250, 220, 90))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80)
    return out.getvalue()


def demo_pdf(lines):
    """A one-page PDF of ASCII `lines` (the built-in Helvetica font has no Chinese), written
    with its cross-reference table so every reader opens it."""
    text = " ".join(f"({line}) Tj 0 -28 Td" for line in lines)
    stream = f"BT /F1 20 Tf 72 760 Td {text} ET".encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO(b"%PDF-1.4\n")
    out.seek(0, io.SEEK_END)
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.write(b"".join(b"%010d 00000 n \n" % offset for offset in offsets))
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


def _attach_evidence(writer, report, period, at):
    """A photo and a PDF on a draft, as a unit attaches its 佐证材料 before submitting."""
    files = [
        ("培训现场照片.jpg", demo_photo()),
        (
            f"{period.label}工作进展统计表.pdf",
            demo_pdf([f"Task {report.task.number} progress {period.label}", "Demo evidence"]),
        ),
    ]
    for name, data in files:
        services.attachment_add(
            user=writer, report=report, file=ContentFile(data), name=name, at=at
        )
    report.refresh_from_db()
    return report


def _one_report(rng, *, writer, office, task, unit, period, asked, chance_missing, evidence=False):
    roll = rng.random()
    if roll < chance_missing:
        return None
    factor = rng.choice([1.0, 1.0, 1.05, 1.1, 1.2, 0.9, 0.8, 0.5, 0.35])
    values = _actuals(asked, factor)
    data = {
        "narrative": f"按计划推进。{task.quarter_plan(period.quarter)[:60]}",
        "values": values,
        "percent": None if asked else min(100, round(period.quarter * 25 * factor)),
        "problems": rng.choice(PROBLEMS) if factor < 1 else "",
        "next_steps": "继续加强调度，确保完成全年目标任务。",
    }
    late = rng.random() < 0.15
    day = period.deadline + datetime.timedelta(
        days=rng.randint(1, 12) if late else -rng.randint(0, 20)
    )
    at = _local(day, rng.randint(8, 17))
    report = services.report_save(
        user=writer, task=task, unit=unit, period=period, data=data, at=at
    )
    if evidence:
        report = _attach_evidence(writer, report, period, at)
    if rng.random() < 0.08 and period.quarter == 3:
        return report  # left as a draft
    report = services.report_submit(user=writer, report=report, version=report.version, at=at)
    review_at = at + datetime.timedelta(days=2)
    if rng.random() < 0.05:
        return services.report_return(
            user=office,
            report=report,
            version=report.version,
            comment="请补充具体数据和佐证材料。",
            at=review_at,
        )
    if rng.random() < 0.7:
        return services.report_approve(
            user=office, report=report, version=report.version, at=review_at
        )
    return report


def _demo_writer():
    """The account the demo reports are written with (an office clerk that cannot log in):
    the office, who approves them, may not approve what it wrote itself."""
    user = user_add(username="demo-data", role=Profile.Role.OFFICE)
    user.first_name = "演示数据录入"
    user.is_active = False
    user.save(update_fields=["first_name", "is_active"])
    return user


def _demo_shares(plan, office):
    """Task 1's transfer target divided among the counties (目标分解), so that the counties'
    own figures show on the dashboards."""
    task = plan.tasks.filter(number="1").first()
    if task is None:
        return
    target = task.targets.filter(role="annual").order_by("order").first()
    counties = [
        a.unit
        for a in task.assignments.filter(role="responsible", unit__kind=Unit.Kind.GOVERNMENT)
        .select_related("unit")
        .order_by("order")
    ]
    if target is None or not counties:
        return
    each = (target.value / len(counties)).quantize(Decimal("1"))
    for unit in counties:
        services.target_share_set(user=office, target=target, unit=unit, value=each, source="demo")


def demo_progress_create(*, seed=2022):
    """Reports for every quarter of the 黔东南州 plan, then its snapshots. Idempotent: a plan
    that already has reports is left alone. Returns the number of reports made."""
    plan = Plan.objects.filter(source=DEMO_PLAN_SOURCE).first()
    if plan is None or plan.tasks.filter(reports__isnull=False).exists():
        return 0
    office = (
        Profile.objects.filter(role=Profile.Role.OFFICE, user__is_active=True)
        .select_related("user")
        .first()
        .user
    )
    writer = _demo_writer()
    rng = random.Random(seed)
    made = 0
    assignments = list(
        TaskAssignment.objects.filter(task__plan=plan)
        .select_related("task", "unit", "unit__region")
        .order_by("task__order", "role", "order")
    )
    task_ids = sorted({a.task_id for a in assignments})
    # One recompute per period at the end instead of one per report.
    with recomputes_deferred(), transaction.atomic():
        _demo_shares(plan, office)
        for period in plan.periods.order_by("year", "quarter"):
            asked_by_unit = {}
            for assignment in assignments:
                county = (
                    assignment.unit.kind == Unit.Kind.GOVERNMENT
                    and assignment.role == "responsible"
                )
                if assignment.role != "lead" and not county:
                    continue
                unit = assignment.unit
                if unit.pk not in asked_by_unit:
                    asked_by_unit[unit.pk] = asked_targets_of(unit, period, task_ids)
                try:
                    report = _one_report(
                        rng,
                        writer=writer,
                        office=office,
                        task=assignment.task,
                        unit=unit,
                        period=period,
                        asked=asked_by_unit[unit.pk].get(assignment.task_id, []),
                        chance_missing=0.35 if county else 0.06,
                        evidence=(
                            assignment.role == "lead"
                            and assignment.task.number in EVIDENCE_TASKS
                            and period.quarter in (2, 3)
                        ),
                    )
                except ReportError:
                    report = None
                made += report is not None
    for period in plan.periods.all():
        snapshot_compute(plan=plan, period=period)
    return made


def demo_reminders_send():
    """The reminders of the demo plan's default period (the one its dashboards open on), sent
    by the demo office through the same service as the reminders page, so that page and the
    units' open 督办单 are not empty. Once: a plan that has reminders is left alone. Returns
    the number sent."""
    plan = Plan.objects.filter(source=DEMO_PLAN_SOURCE).first()
    if plan is None or Reminder.objects.filter(period__plan=plan).exists():
        return 0
    office = (
        Profile.objects.filter(role=Profile.Role.OFFICE, user__is_active=True)
        .select_related("user")
        .first()
    )
    period = selectors.default_period(plan)
    if office is None or period is None or not period.is_open:
        return 0
    return len(reminders_send_by_hand(user=office.user, period=period))
