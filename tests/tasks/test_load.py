"""Loading the plans: everything of the 000 plan in the database, and loading is idempotent."""

import io

import pytest
from django.core.management import call_command

from plans.models import Plan, Region, Section, Unit
from progress.models import Period
from tasks.models import Target, Task, TaskAssignment
from tasks.services import task_review

pytestmark = pytest.mark.django_db


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (Region, Plan, Section, Task, TaskAssignment, Target, Unit, Period)
    }


def load():
    out = io.StringIO()
    call_command("load_plans", stdout=out)
    return out.getvalue()


def test_all_64_tasks_of_the_2022_plan_are_loaded_with_plans_and_units(plan_000):
    tasks = plan_000.tasks.all()
    assert tasks.count() == 64
    for task in tasks:
        assert task.annual_target and task.q2_plan and task.q3_plan and task.q4_plan, task.number
        assert task.assignments.filter(role="lead").exists(), task.number
        assert task.assignments.filter(role="responsible").exists(), task.number
    task = plan_000.tasks.get(number="42")
    assert [a.unit.name for a in task.assignments.filter(role="lead")] == ["人行黔东南州中心支行"]
    assert task.section.title == "鼓励支持创业经营，增加城镇居民经营性收入"


def test_the_parsers_warnings_are_visible_on_the_flagged_tasks(plan_000):
    flagged = plan_000.tasks.filter(needs_review=True)
    assert flagged.count() == 20
    task = flagged.get(number="52")
    assert "没有空行分隔单元格" in task.warnings[0]["message"]
    assert not plan_000.tasks.get(number="1").needs_review


def test_loading_twice_duplicates_nothing_and_loses_nothing(plan_000, alice, period_q2):
    from progress.services import report_save

    ids = sorted(plan_000.tasks.values_list("pk", flat=True))
    target_ids = sorted(Target.objects.filter(task__plan=plan_000).values_list("pk", flat=True))
    task = plan_000.tasks.get(number="52")
    task_review(task=task, user=alice)
    report = report_save(
        user=alice,
        task=plan_000.tasks.get(number="39"),
        unit=alice.profile.unit,
        period=period_q2,
        data={"narrative": "进行中"},
    )
    before = counts()
    assert "64 项任务" in load()
    assert counts() == before
    assert sorted(plan_000.tasks.values_list("pk", flat=True)) == ids
    assert (
        sorted(Target.objects.filter(task__plan=plan_000).values_list("pk", flat=True))
        == target_ids
    )
    task.refresh_from_db()
    assert not task.needs_review  # the review survives a reload
    report.refresh_from_db()
    assert report.narrative == "进行中"


def test_a_changed_warning_flags_a_reviewed_task_again(plan_000, olivia):
    from plans.documents import fixtures_read
    from tasks.services import plan_load

    task = plan_000.tasks.get(number="52")
    task_review(task=task, user=olivia)
    key, parse = next((k, p) for k, p in fixtures_read() if k == plan_000.key)
    changed = next(t for t in parse["tasks"] if t["number"] == "52")
    changed["warnings"].append({"code": "split_uncertain", "message": "新的提示"})
    plan_load(parse=parse, key=key)
    task.refresh_from_db()
    assert task.needs_review


def test_a_reload_keeps_what_the_office_set_and_added(plan_000, client, olivia):
    from django.urls import reverse

    from tests.conftest import PASSWORD

    client.login(username="olivia", password=PASSWORD)
    response = client.post(
        reverse("admin:plans_plan_change", args=[plan_000.pk]),
        {
            "reporting_deadlines": '{"Q3": "09-25"}',
            "lag_threshold": "20",
            "sections-TOTAL_FORMS": "0",
            "sections-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:500]
    assert plan_000.periods.get(quarter=3).deadline.isoformat() == "2022-09-25"
    task = plan_000.tasks.get(number="39")
    extra = Unit.objects.get(name="州财政局")
    TaskAssignment.objects.create(
        task=task, unit=extra, role="responsible", as_written="州财政局", added_by_office=True
    )
    load()
    plan_000.refresh_from_db()
    assert (plan_000.reporting_deadlines, plan_000.lag_threshold) == ({"Q3": "09-25"}, 20)
    assert plan_000.periods.get(quarter=3).deadline.isoformat() == "2022-09-25"
    assert task.assignments.filter(unit=extra, added_by_office=True).exists()


def test_a_bad_deadline_in_the_admin_is_refused_in_chinese(plan_000, client, olivia):
    from django.urls import reverse

    from tests.conftest import PASSWORD

    client.login(username="olivia", password=PASSWORD)
    response = client.post(
        reverse("admin:plans_plan_change", args=[plan_000.pk]),
        {
            "reporting_deadlines": '{"Q3": "09-31"}',
            "lag_threshold": "30",
            "sections-TOTAL_FORMS": "0",
            "sections-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "不是有效日期" in response.content.decode()
