"""Snapshots of the 000 plan for 2022Q3 computed from real reports, against hand-computed
figures (DOMAIN.md "Numbers")."""

import datetime
from decimal import Decimal

import pytest
import time_machine

from progress import services
from reports import rules
from reports.models import Snapshot
from reports.snapshots import snapshot_compute
from tests.api.helpers import complete_for
from tests.reports.q3 import ON_TIME, SHANGHAI, annual_ids, q3_reports, report, task

pytestmark = pytest.mark.django_db


@pytest.fixture
def snapshot(plan_000, period_q3, alice, bob, carol):
    q3_reports(plan_000, period_q3, alice, bob, carol)
    with time_machine.travel(datetime.datetime(2022, 9, 25, tzinfo=SHANGHAI), tick=False):
        return snapshot_compute(plan=plan_000, period=period_q3)


def row(snapshot, number):
    return snapshot.task_rows.get(task__number=number)


def test_numeric_task_lagging_a_little_is_yellow(snapshot):
    r = row(snapshot, "1")
    # C = (7600/9500 + 70/70) / 2 = 0.9; E = (8000/9500 + 70/70) / 2 = 0.92105...
    assert r.completion == pytest.approx(0.9)
    assert r.expected == pytest.approx((8000 / 9500 + 1) / 2)
    assert (r.status, r.light) == (rules.LAGGING, rules.YELLOW)
    assert r.reason == "完成率90%，低于序时进度92.1%（差2.1个百分点），亮黄灯。"
    assert r.problems == "@外出务工需求下降"


def test_percent_task_on_schedule_is_green(snapshot):
    r = row(snapshot, "39")
    assert (r.completion, r.expected, r.status, r.light) == (
        0.8,
        0.75,
        rules.ON_SCHEDULE,
        rules.GREEN,
    )


def test_a_target_that_should_fall_counts_target_over_actual_and_overfulfilment_is_capped(snapshot):
    r = row(snapshot, "14")
    # 6/5 = 1.2 (capped 1), 55/55 = 1, 损腐率 10/12.5 = 0.8; E: two targets at 3/4, 损腐率 at its 10% milestone.
    assert r.completion == pytest.approx((1 + 1 + 0.8) / 3)
    assert r.completion_uncapped == pytest.approx((1.2 + 1 + 0.8) / 3)
    assert r.expected == pytest.approx((0.75 + 0.75 + 1) / 3)
    assert r.status == rules.ON_SCHEDULE


def test_a_late_report_is_counted_and_also_counted_late(snapshot):
    r = row(snapshot, "20")
    assert r.status == rules.COMPLETED
    assert r.late
    assert r.reason == "完成率100%，已完成，超额完成（实际102.8%）。（逾期报送）"


def test_a_missing_report_is_not_reported_and_red(snapshot):
    r = row(snapshot, "13")
    assert (r.status, r.light, r.completion) == (rules.NOT_REPORTED, rules.RED, None)
    assert r.reason == "截至2022年9月18日未报送进展。"


def test_plan_totals_count_every_task_with_missing_ones_as_zero(snapshot):
    assert (
        snapshot.tasks,
        snapshot.completed,
        snapshot.on_schedule,
        snapshot.lagging,
        snapshot.not_reported,
    ) == (64, 1, 2, 1, 60)
    assert snapshot.completion == pytest.approx((0.9 + 0.8 + 2.8 / 3 + 1.0) / 64)
    # Expected reports: 64 lead reports + 16 counties x 64 tasks they are responsible for.
    assert snapshot.expected_reports == 64 + 16 * 64
    assert (snapshot.submitted_reports, snapshot.on_time_reports, snapshot.late_reports) == (
        5,
        4,
        1,
    )


def test_lead_unit_rollup_and_reporting_rates(snapshot):
    finance = snapshot.unit_rows.get(unit__name="州财政局", role="lead")
    # Lead of 13, 20, 22: only 20 reported (completed, late).
    assert finance.tasks == 3
    assert finance.completion == pytest.approx(1 / 3)
    assert (finance.submitted_reports, finance.on_time_reports, finance.late_reports) == (1, 0, 1)
    assert finance.reporting_rate == pytest.approx(1 / 3)
    assert finance.on_time_rate == 0


def test_county_rollup_uses_the_countys_own_reports(snapshot):
    kaili = snapshot.unit_rows.get(unit__name="凯里市人民政府", role="county")
    assert kaili.tasks == 64
    assert kaili.completion == pytest.approx(0.5 / 64)
    assert kaili.lagging == 1
    assert kaili.submitted_reports == 1
    others = snapshot.unit_rows.filter(role="county").exclude(pk=kaili.pk)
    assert all(u.completion == 0 for u in others)
    assert kaili.rank == 1


def test_section_rollups_are_means_over_their_tasks(snapshot):
    section = snapshot.section_rows.get(section__key="1.1")  # tasks 1-9
    assert section.tasks == 9
    assert section.completion == pytest.approx(0.9 / 9)
    part = snapshot.section_rows.get(section__key="2")
    assert part.tasks == 20


def test_a_closed_task_needs_no_report_and_counts_complete(plan_000, period_q3, olivia):
    services.task_close(
        user=olivia,
        task=task(plan_000, "13"),
        period=plan_000.periods.get(quarter=2),
        reason="土地出让收益政策调整，任务并入年度财政预算",
    )
    snapshot = snapshot_compute(plan=plan_000, period=period_q3)
    r = row(snapshot, "13")
    assert (r.status, r.light, r.completion) == (rules.CLOSED, rules.GREEN, 1.0)
    assert snapshot.expected_reports == 63 + 16 * 63


def test_one_snapshot_a_day_is_kept_and_those_bulletins_were_made_from(
    snapshot, plan_000, period_q3
):
    from django.utils import timezone

    from reports.models import Bulletin

    first = snapshot_compute(plan=plan_000, period=period_q3)
    Bulletin.objects.create(
        plan=plan_000, period=period_q3, snapshot=first, requested_at=timezone.now()
    )
    second = snapshot_compute(plan=plan_000, period=period_q3)
    third = snapshot_compute(plan=plan_000, period=period_q3)
    kept = set(
        Snapshot.objects.filter(plan=plan_000, period=period_q3).values_list("pk", flat=True)
    )
    # The fixture's (another day), the bulletin's, and today's last.
    assert kept == {snapshot.pk, first.pk, third.pk}
    assert second.pk not in kept


def test_a_recompute_keeps_the_earlier_snapshot(snapshot, plan_000, period_q3):
    later = snapshot_compute(plan=plan_000, period=period_q3)
    assert Snapshot.objects.filter(plan=plan_000, period=period_q3).count() == 2
    assert later.computed_at > snapshot.computed_at


def _reads(queries):
    return [q for q in queries if q["sql"].lstrip().upper().startswith("SELECT")]


def test_the_recompute_reads_a_fixed_number_of_queries_whatever_the_reports(
    snapshot, plan_000, period_q3, leo, django_assert_max_num_queries
):
    snapshot_compute(plan=plan_000, period=period_q3)  # so each compute below replaces one of today
    with django_assert_max_num_queries(60) as few:
        snapshot_compute(plan=plan_000, period=period_q3)
    for number in ("5", "8", "23", "24", "25", "38", "41", "45"):
        t = task(plan_000, number)
        data = complete_for(t, leo.profile.unit, period_q3, Decimal("0.9"))
        report(leo, t, period_q3, at=ON_TIME, **{**data, "narrative": "推进", "percent": 90})
    with django_assert_max_num_queries(60) as more:
        snapshot_compute(plan=plan_000, period=period_q3)
    assert len(_reads(more.captured_queries)) == len(_reads(few.captured_queries)) <= 20


def test_submitting_a_lagging_report_without_problems_is_refused(plan_000, period_q3, alice):
    from progress.errors import InvalidReport

    t1 = task(plan_000, "1")
    people, rate = annual_ids(t1)
    saved = services.report_save(
        user=alice,
        task=t1,
        unit=alice.profile.unit,
        period=period_q3,
        data={"narrative": "进展", "values": {people: 3000, rate: 70}},
    )
    with pytest.raises(InvalidReport) as error:
        services.report_submit(user=alice, report=saved, version=saved.version)
    assert "必须填写存在问题" in error.value.fields["problems"]


def test_a_task_row_keeps_its_task_and_lets_go_of_a_deleted_report(snapshot):
    """The task rows carry no database-level foreign keys (a full recompute wrote one a task,
    each checked at commit): Django's delete still refuses to take away a task a stored
    snapshot shows, and empties the row's report when the report is deleted."""
    from django.db.models import RestrictedError

    from progress.models import ProgressReport

    unreported = snapshot.task_rows.exclude(task__in=ProgressReport.objects.values("task")).first()
    with pytest.raises(RestrictedError):
        unreported.task.delete()
    assert snapshot.task_rows.filter(task=unreported.task_id).exists()
    r = row(snapshot, "39")
    reported = r.report
    assert reported is not None
    reported.delete()
    r.refresh_from_db()
    assert (r.report_id, r.narrative) == (None, reported.narrative)
