"""API test helpers: clients that authenticate with a real token, reports made through the
services, and the check of the one error shape."""

from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from progress import selectors, services
from tasks.models import Target, Task

# A report complete enough to submit on a task the period asks no values of: percent, and
# 存在问题 for rules that want it when a task lags. complete_for() adds the values asked.
COMPLETE = {
    "narrative": "已按季度计划推进。",
    "percent": "100",
    "problems": "暂无。",
    "next_steps": "继续推进。",
}


def complete_for(task, unit, period, share=1):
    """COMPLETE with the values the period asks of unit on task, each `share` of its goal
    (1: exactly met), in the stored unit."""
    asked = selectors.asked_targets(task, unit, period)
    values = {str(a.target.pk): str(a.goal * share) for a in asked}
    return {**COMPLETE, "values": values} if values else dict(COMPLETE)


def client_for(user):
    """An API client sending user's token, or an anonymous one for None."""
    client = APIClient()
    if user is not None:
        token, _ = Token.objects.get_or_create(user=user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def task(plan, number):
    return Task.objects.get(plan=plan, number=number)


def annual_target(plan, number, metric, value, unit=""):
    """An annual target (Target with annual=None) on task `number`, as the loader makes them,
    judged from then on (the periods' judged targets are written again)."""
    target = Target.objects.create(
        task=task(plan, number),
        metric=metric,
        comparator=">=",
        value=value,
        unit=unit,
        value_as_written=f"{value}{unit}",
        due_year=plan.year_start,
        source_field="annual",
        source_text=f"{metric}{value}{unit}以上",
    )
    services.judged_targets_sync(plan=plan)
    return target


def make_report(user, plan, number, period, *, unit=None, data=None, submit=False):
    """A report written (and submitted) by user through the services; complete (every value
    asked given, exactly met) unless `data` says otherwise."""
    the_task, unit = task(plan, number), unit or user.profile.unit
    report = services.report_save(
        user=user,
        task=the_task,
        unit=unit,
        period=period,
        data=data or complete_for(the_task, unit, period),
    )
    if submit:
        report = services.report_submit(user=user, report=report, version=report.version)
    return report


def assert_error(response, status, code):
    """The one error shape: {"code", "message", "fields"} with a Chinese message."""
    assert response.status_code == status, response.content.decode()
    body = response.json()
    assert set(body) == {"code", "message", "fields"}, body
    assert body["code"] == code, body
    assert isinstance(body["fields"], dict)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in body["message"]), body["message"]
    return body
