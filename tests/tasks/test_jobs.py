import pytest

from reports.models import Snapshot
from tasks.jobs import plan_reload_job
from tasks.models import Task


@pytest.mark.django_db(transaction=True)
def test_plan_reload_job_restores_a_deleted_task_through_the_worker(celery_worker, plan_000):
    # Snapshots show every task of a loaded plan; without them the task can be deleted.
    Snapshot.objects.filter(plan=plan_000).delete()
    Task.objects.filter(plan=plan_000, number="64").delete()
    assert plan_000.tasks.count() == 63

    result = plan_reload_job.delay(plan_000.key)

    assert result.get(timeout=60) == 64
    assert Task.objects.get(plan=plan_000, number="64").q4_plan.startswith(
        "黔东南州公共实训基地建成"
    )
