"""The report lifecycle through the services, on the real 000 plan."""

import datetime

import pytest
import time_machine

from progress import selectors, services
from progress.errors import Conflict, InvalidReport, NotAllowed, PeriodClosed
from progress.models import ProgressReport
from tasks.models import Task

pytestmark = pytest.mark.django_db

SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))


def task(plan, number):
    return Task.objects.get(plan=plan, number=number)


def annual(plan, number):
    return {t.metric: t for t in task(plan, number).targets.filter(annual__isnull=True)}


def test_reporter_drafts_and_submits_on_their_own_task(plan_000, alice, period_q2):
    unit = alice.profile.unit
    report = services.report_save(
        user=alice,
        task=task(plan_000, "39"),
        unit=unit,
        period=period_q2,
        data={"narrative": "已印发宣传材料", "percent": "60"},
    )
    assert (report.state, report.version) == ("draft", 1)
    report = services.report_submit(user=alice, report=report, version=1)
    assert report.state == "submitted"
    assert report.version == 2
    assert [e.action for e in report.events.all()] == ["create", "submit"]


def test_reporter_cannot_write_another_units_task(plan_000, bob, period_q2):
    with pytest.raises(NotAllowed):
        services.report_save(
            user=bob,
            task=task(plan_000, "1"),
            unit=bob.profile.unit,
            period=period_q2,
            data={"narrative": "x"},
        )


def test_reporter_cannot_write_for_another_unit(plan_000, alice, bob, period_q2):
    with pytest.raises(NotAllowed):
        services.report_save(
            user=bob,
            task=task(plan_000, "1"),
            unit=alice.profile.unit,
            period=period_q2,
            data={"narrative": "x"},
        )


def test_a_stale_edit_is_refused_and_changes_nothing(plan_000, alice, leo, period_q2):
    unit = alice.profile.unit
    t = task(plan_000, "39")
    report = services.report_save(
        user=alice, task=t, unit=unit, period=period_q2, data={"narrative": "第一稿"}
    )
    services.report_save(
        user=leo, task=t, unit=unit, period=period_q2, data={"narrative": "负责人修改"}, version=1
    )
    with pytest.raises(Conflict):
        services.report_save(
            user=alice,
            task=t,
            unit=unit,
            period=period_q2,
            data={"narrative": "基于旧版的修改"},
            version=1,
        )
    report.refresh_from_db()
    assert report.narrative == "负责人修改"
    assert report.version == 2


def test_an_edit_that_changes_nothing_keeps_the_version(plan_000, alice, period_q2):
    t = task(plan_000, "39")
    report = services.report_save(
        user=alice,
        task=t,
        unit=alice.profile.unit,
        period=period_q2,
        data={"narrative": "同样", "percent": "50"},
    )
    again = services.report_save(
        user=alice,
        task=t,
        unit=alice.profile.unit,
        period=period_q2,
        data={"narrative": "同样", "percent": "50.00"},
        version=1,
    )
    assert again.version == 1
    assert report.events.count() == 1


def test_submission_needs_values_for_numeric_targets(plan_000, alice, period_q2):
    t = task(plan_000, "1")
    report = services.report_save(
        user=alice, task=t, unit=alice.profile.unit, period=period_q2, data={"narrative": "推进中"}
    )
    with pytest.raises(InvalidReport) as error:
        services.report_submit(user=alice, report=report, version=report.version)
    assert "values" in error.value.fields


def test_a_save_of_the_text_keeps_the_values_and_a_save_of_values_replaces_them(
    plan_000, alice, period_q2
):
    t = task(plan_000, "1")
    target = next(iter(annual(plan_000, "1").values()))
    unit = alice.profile.unit

    def save(data, version):
        return services.report_save(
            user=alice, task=t, unit=unit, period=period_q2, data=data, version=version
        )

    report = save({"narrative": "推进中", "values": {target.pk: "7600"}}, None)
    (kept,) = report.values.all()
    report = save({"narrative": "推进中，已过半"}, report.version)
    (row,) = report.values.all()
    assert (row.pk, row.value) == (kept.pk, kept.value)  # not written again
    report = save({"values": {target.pk: "8,000"}}, report.version)
    (row,) = report.values.all()
    assert row.pk != kept.pk and row.value == 8000
    assert (report.version, report.narrative) == (3, "推进中，已过半")
    changes = [e.changes for e in report.events.order_by("version")]
    assert changes[1] == {"narrative": ["推进中", "推进中，已过半"]}
    assert changes[2] == {"values": [{str(target.pk): "7600"}, {str(target.pk): "8000"}]}


def test_percent_must_be_between_0_and_100(plan_000, alice, period_q2):
    with pytest.raises(InvalidReport):
        services.report_save(
            user=alice,
            task=task(plan_000, "39"),
            unit=alice.profile.unit,
            period=period_q2,
            data={"percent": "120"},
        )
    assert not ProgressReport.objects.exists()


def test_office_returns_with_a_comment_and_the_reporter_resubmits(
    plan_000, alice, olivia, period_q2
):
    t = task(plan_000, "39")
    report = services.report_save(
        user=alice,
        task=t,
        unit=alice.profile.unit,
        period=period_q2,
        data={"narrative": "完成", "percent": "100"},
    )
    report = services.report_submit(user=alice, report=report, version=report.version)
    with pytest.raises(InvalidReport):
        services.report_return(user=olivia, report=report, version=report.version, comment="")
    report = services.report_return(
        user=olivia, report=report, version=report.version, comment="请补充宣传覆盖企业数"
    )
    assert report.state == "returned"
    report = services.report_save(
        user=alice,
        task=t,
        unit=alice.profile.unit,
        period=period_q2,
        data={"narrative": "完成，覆盖企业120家"},
        version=report.version,
    )
    report = services.report_submit(user=alice, report=report, version=report.version)
    report = services.report_approve(user=olivia, report=report, version=report.version)
    assert report.state == "approved"
    assert [e.action for e in report.events.all()] == [
        "create",
        "submit",
        "return",
        "update",
        "submit",
        "approve",
    ]


def test_a_write_that_edits_and_submits_records_both_changes(plan_000, alice, olivia, period_q2):
    """One write saving and submitting: a new report and a returned one, each written once,
    with a version and an event for the save and for the submission."""
    unit = alice.profile.unit
    returned = services.report_save(
        user=alice,
        task=task(plan_000, "39"),
        unit=unit,
        period=period_q2,
        data={"narrative": "完成", "percent": "100"},
    )
    returned = services.report_submit(user=alice, report=returned, version=1)
    returned = services.report_return(user=olivia, report=returned, version=2, comment="请补充")
    first_submitted = returned.first_submitted_at
    new_task = next(
        t
        for t in Task.objects.filter(plan=plan_000, assignments__unit=unit).order_by("order")
        if t.number != "39" and not selectors.asked_targets(t, unit, period_q2)
    )
    written = services.reports_write(
        user=alice,
        unit=unit,
        period=period_q2,
        writes=[
            services.Write(
                task=returned.task,
                data={"narrative": "完成，覆盖企业120家"},
                version=3,
                submit=True,
            ),
            services.Write(
                task=new_task, data={"narrative": "已启动", "percent": "20"}, submit=True
            ),
        ],
    )
    stored = {r.pk: r for r in ProgressReport.objects.filter(pk__in=[r.pk for r in written])}
    again, fresh = stored[written[0].pk], stored[written[1].pk]
    assert (again.state, again.version, again.narrative) == ("submitted", 5, "完成，覆盖企业120家")
    assert again.first_submitted_at == first_submitted  # lateness keeps the first submission
    assert (fresh.state, fresh.version, fresh.first_submitted_at) == (
        "submitted",
        2,
        fresh.submitted_at,
    )
    events = [(e.version, e.action, e.changes) for e in again.events.all()]
    assert events[3:] == [
        (4, "update", {"narrative": ["完成", "完成，覆盖企业120家"]}),
        (5, "submit", {"state": ["returned", "submitted"]}),
    ]
    events = [(e.version, e.action, sorted(e.changes)) for e in fresh.events.all()]
    assert events == [
        (1, "create", ["narrative", "next_steps", "percent", "problems", "state", "values"]),
        (2, "submit", ["state"]),
    ]


def test_reporter_cannot_approve(plan_000, alice, period_q2):
    t = task(plan_000, "39")
    report = services.report_save(
        user=alice,
        task=t,
        unit=alice.profile.unit,
        period=period_q2,
        data={"narrative": "完成", "percent": "100"},
    )
    report = services.report_submit(user=alice, report=report, version=report.version)
    with pytest.raises(NotAllowed):
        services.report_approve(user=alice, report=report, version=report.version)


def test_a_closed_period_refuses_reporters_but_not_the_office(plan_000, alice, olivia, period_q2):
    services.period_close(user=olivia, period=period_q2)
    t = task(plan_000, "39")
    with pytest.raises(PeriodClosed):
        services.report_save(
            user=alice,
            task=t,
            unit=alice.profile.unit,
            period=period_q2,
            data={"narrative": "迟到"},
        )
    report = services.report_save(
        user=olivia,
        task=t,
        unit=alice.profile.unit,
        period=period_q2,
        data={"narrative": "办公室代录"},
    )
    assert report.narrative == "办公室代录"
    services.period_reopen(user=olivia, period=period_q2)
    services.report_save(
        user=alice,
        task=t,
        unit=alice.profile.unit,
        period=period_q2,
        data={"narrative": "重新开放后修改"},
        version=report.version,
    )


def test_first_submission_after_the_deadline_day_is_late(plan_000, alice, period_q2):
    from progress.periods import is_late

    t = task(plan_000, "39")
    with time_machine.travel(datetime.datetime(2022, 6, 18, 23, 59, tzinfo=SHANGHAI), tick=False):
        report = services.report_save(
            user=alice,
            task=t,
            unit=alice.profile.unit,
            period=period_q2,
            data={"narrative": "按时", "percent": "50"},
        )
        report = services.report_submit(user=alice, report=report, version=report.version)
    assert not is_late(report.first_submitted_at, period_q2.deadline)
    with time_machine.travel(datetime.datetime(2022, 6, 19, 0, 0, tzinfo=SHANGHAI), tick=False):
        assert is_late(datetime.datetime.now(tz=SHANGHAI), period_q2.deadline)


def test_periods_start_with_the_first_quarter_the_table_plans(plan_000):
    assert [p.label for p in plan_000.periods.all()] == ["2022Q2", "2022Q3", "2022Q4"]
    assert [p.deadline.isoformat() for p in plan_000.periods.all()] == [
        "2022-06-18",
        "2022-09-18",
        "2022-12-18",
    ]


def test_lateness_is_judged_by_the_first_submission_not_a_resubmission(
    plan_000, alice, olivia, period_q2
):
    from progress.periods import is_late

    t = task(plan_000, "39")
    with time_machine.travel(datetime.datetime(2022, 6, 15, 9, tzinfo=SHANGHAI), tick=False):
        report = services.report_save(
            user=alice,
            task=t,
            unit=alice.profile.unit,
            period=period_q2,
            data={"narrative": "按时", "percent": "60"},
        )
        report = services.report_submit(user=alice, report=report, version=report.version)
        report = services.report_return(
            user=olivia, report=report, version=report.version, comment="补充数据"
        )
    with time_machine.travel(datetime.datetime(2022, 6, 25, 9, tzinfo=SHANGHAI), tick=False):
        report = services.report_save(
            user=alice,
            task=t,
            unit=alice.profile.unit,
            period=period_q2,
            data={"narrative": "已补充"},
            version=report.version,
        )
        report = services.report_submit(user=alice, report=report, version=report.version)
    assert report.submitted_at.date().isoformat() == "2022-06-25"
    assert not is_late(report.first_submitted_at, period_q2.deadline)
