"""The counts of reports the database keeps (progress.models.ReportCount, kept by the triggers
of migration progress/0010): equal to counting the reports, whatever adds, moves or removes
them, on both databases."""

import importlib
import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.db.models import Count
from openpyxl import load_workbook

from progress.excel import template_build, template_import
from progress.models import ProgressReport, ReportCount
from tests.api.helpers import make_report, task
from tests.progress.test_excel import FIRST_ROW, SHEET, fill

pytestmark = pytest.mark.django_db


def kept():
    """{(period id, unit id): reports} as kept, leaving out units with none left."""
    rows = ReportCount.objects.exclude(reports=0).values_list("period_id", "unit_id", "reports")
    return {(period, unit): n for period, unit, n in rows}


def counted():
    """The same, counted from the reports."""
    rows = ProgressReport.objects.order_by().values("period_id", "unit_id").annotate(n=Count("pk"))
    return {(r["period_id"], r["unit_id"]): r["n"] for r in rows}


def _template_drafts(user, period, rows):
    """The unit's template with its first `rows` tasks saved as drafts; their numbers."""
    data = template_build(unit=user.profile.unit, period=period)
    ws = load_workbook(io.BytesIO(data))[SHEET]
    numbers = [ws.cell(r, 1).value for r in range(FIRST_ROW, FIRST_ROW + rows)]
    filled = {n: {"进展情况": f"已推进任务{n}", "操作": "保存草稿"} for n in numbers}
    return fill(data, filled), numbers


def test_every_way_of_adding_moving_or_removing_reports_keeps_the_counts(
    plan_000, alice, bob, olivia, period_q2, period_q3
):
    assert kept() == counted() == {}
    make_report(alice, plan_000, "39", period_q2)  # one save through the services
    upload, numbers = _template_drafts(alice, period_q2, 6)
    template_import(user=alice, data=upload)  # six new reports in one INSERT on PostgreSQL
    assert len(numbers) == 6
    ProgressReport.objects.create(  # the ORM, as the admin would
        task=task(plan_000, "13"), unit=bob.profile.unit, period=period_q3
    )
    alices, bobs = alice.profile.unit_id, bob.profile.unit_id
    assert kept() == counted() == {(period_q2.pk, alices): 7, (period_q3.pk, bobs): 1}

    moved = ProgressReport.objects.get(unit_id=bobs)
    ProgressReport.objects.filter(pk=moved.pk).update(period=period_q2)
    assert kept() == counted() == {(period_q2.pk, alices): 7, (period_q2.pk, bobs): 1}
    ProgressReport.objects.filter(pk=moved.pk).update(narrative="只改内容")  # not a move
    assert kept() == counted()

    with pytest.raises(RuntimeError), transaction.atomic():
        make_report(olivia, plan_000, "13", period_q3, unit=bob.profile.unit)
        assert kept()[(period_q3.pk, bobs)] == 1
        raise RuntimeError("rolled back")
    assert kept() == counted()

    # Reports with their values and events (a cascade), in one DELETE of the reports.
    gone, _ = ProgressReport.objects.filter(unit_id=alices).delete()
    assert gone > 7
    assert kept() == counted() == {(period_q2.pk, bobs): 1}
    assert ReportCount.objects.get(period=period_q2, unit_id=alices).reports == 0


def test_the_migration_counts_the_reports_there_are_already(plan_000, alice, bob, period_q2):
    make_report(alice, plan_000, "39", period_q2)
    make_report(bob, plan_000, "13", period_q2)
    migration = importlib.import_module("progress.migrations.0010_report_counts")
    ReportCount.objects.all().delete()
    with connection.cursor() as cursor:
        cursor.execute(migration.REPORT_COUNTS_FILLED)
    assert (
        kept()
        == counted()
        == {
            (period_q2.pk, alice.profile.unit_id): 1,
            (period_q2.pk, bob.profile.unit_id): 1,
        }
    )


def test_counts_gone_wrong_are_found_and_counted_again(plan_000, alice, bob, period_q2):
    make_report(alice, plan_000, "39", period_q2)
    make_report(bob, plan_000, "13", period_q2)
    call_command("report_counts", stdout=io.StringIO())  # all well: no error
    # As a restore could leave them: one lost, one counted twice.
    ReportCount.objects.filter(unit=alice.profile.unit).delete()
    ReportCount.objects.filter(unit=bob.profile.unit).update(reports=2)
    with pytest.raises(CommandError, match="2 处报告数不一致"):
        call_command("report_counts", stdout=io.StringIO())
    out = io.StringIO()
    call_command("report_counts", "--repair", stdout=out)
    assert "已重新计数" in out.getvalue()
    assert kept() == counted()
    assert len(counted()) == 2
