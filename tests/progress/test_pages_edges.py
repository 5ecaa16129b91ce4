"""Edges of the reporting pages: bad input, refused submissions, task closure, uploads."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from progress import services
from progress.errors import Conflict
from progress.models import ProgressReport, TaskClosure
from tasks.models import Task
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db
PLAN_KEY = "000_c5d4690d8c15b8df"


def form_url(period, number, unit=None):
    url = reverse("progress:report_form", args=[PLAN_KEY, period, number])
    return url + (f"?unit={unit}" if unit is not None else "")


def test_a_unit_that_is_not_an_id_is_a_404_not_a_crash(client, olivia):
    client.login(username="olivia", password=PASSWORD)
    for url in (
        form_url("2022Q2", "39", "abc"),
        reverse("progress:my_tasks") + "?unit=1e99",
        reverse("progress:template_download", args=[PLAN_KEY, "2022Q2"]) + "?unit=x",
    ):
        assert client.get(url).status_code == 404, url


def test_an_enormous_actual_value_is_refused_with_a_message(client, alice):
    client.login(username="alice", password=PASSWORD)
    task = Task.objects.get(plan__key=PLAN_KEY, number="1")
    target = task.targets.filter(annual__isnull=True).first()
    response = client.post(
        form_url("2022Q2", "1"),
        {"narrative": "x", "version": "", "action": "save", f"value_{target.pk}": "1" + "0" * 30},
    )
    assert response.status_code == 400
    assert "实际值" in response.content.decode()
    assert not ProgressReport.objects.exists()


def test_a_refused_submission_saves_nothing_either(client, alice):
    client.login(username="alice", password=PASSWORD)
    response = client.post(
        form_url("2022Q2", "39"), {"percent": "60", "version": "", "action": "submit"}
    )
    assert response.status_code == 400
    assert "报送时必须填写进展情况" in response.content.decode()
    assert not ProgressReport.objects.exists()


def test_office_closes_a_completed_task_from_its_report_and_later_periods_need_nothing(
    client, olivia, alice, period_q2, period_q3
):
    task = Task.objects.get(plan__key=PLAN_KEY, number="39")
    report = services.report_save(
        user=alice,
        task=task,
        unit=alice.profile.unit,
        period=period_q2,
        data={"narrative": "全部完成", "percent": "100"},
    )
    report = services.report_submit(user=alice, report=report, version=report.version)
    client.login(username="olivia", password=PASSWORD)
    detail = reverse("progress:report_detail", args=[report.pk])
    assert "办结销号" in client.get(detail).content.decode()
    response = client.post(
        reverse("progress:task_close", args=[task.pk]),
        {"period": period_q2.pk, "note": "已完成", "next": detail},
    )
    assert response["Location"] == detail
    assert TaskClosure.objects.get(task=task).period == period_q2
    # The period it was closed in keeps its report; later periods need none.
    with pytest.raises(Conflict):
        services.report_save(
            user=alice,
            task=task,
            unit=alice.profile.unit,
            period=period_q3,
            data={"narrative": "x"},
        )
    services.report_return(user=olivia, report=report, version=report.version, comment="补充说明")
    report = services.report_save(
        user=alice,
        task=task,
        unit=alice.profile.unit,
        period=period_q2,
        data={"narrative": "全部完成，已补充"},
        version=report.version + 1,
    )
    assert report.narrative == "全部完成，已补充"
    client.post(reverse("progress:task_close", args=[task.pk]), {"action": "reopen"})
    assert not TaskClosure.objects.exists()


def test_task_closure_never_redirects_off_site_and_is_office_only(client, olivia, alice, period_q2):
    task = Task.objects.get(plan__key=PLAN_KEY, number="39")
    client.login(username="olivia", password=PASSWORD)
    response = client.post(
        reverse("progress:task_close", args=[task.pk]),
        {"period": period_q2.pk, "next": "https://evil.example/", "reason": "并入其他任务"},
    )
    assert response["Location"] == reverse("dashboards:task", args=[task.pk])
    assert TaskClosure.objects.get().reason == "并入其他任务"
    client.logout()
    TaskClosure.objects.all().delete()
    client.login(username="alice", password=PASSWORD)
    response = client.post(reverse("progress:task_close", args=[task.pk]), {"period": period_q2.pk})
    assert response.status_code == 403
    assert not TaskClosure.objects.exists()


def test_reporter_downloads_and_uploads_the_template_through_the_pages(client, alice):
    client.login(username="alice", password=PASSWORD)
    download = client.get(reverse("progress:template_download", args=[PLAN_KEY, "2022Q2"]))
    assert download.status_code == 200
    assert "attachment" in download["Content-Disposition"]
    upload_url = reverse("progress:template_upload", args=[PLAN_KEY, "2022Q2"])
    response = client.post(upload_url, {"file": SimpleUploadedFile("t.xlsx", download.content)})
    assert response.status_code == 200  # unchanged template: nothing to import, nothing refused
    bad = client.post(upload_url, {"file": SimpleUploadedFile("t.xlsx", b"not a workbook")})
    assert bad.status_code == 400
    assert "未导入" in bad.content.decode()


def test_users_without_a_role_cannot_use_the_template_pages(client, outsider, plan_000):
    client.force_login(outsider)
    assert (
        client.get(reverse("progress:template_upload", args=[PLAN_KEY, "2022Q2"])).status_code
        == 403
    )
    assert (
        client.get(reverse("progress:template_download", args=[PLAN_KEY, "2022Q2"])).status_code
        == 403
    )


def test_add_user_keeps_an_existing_password_when_none_is_given(alice):
    out = io.StringIO()
    call_command(
        "add_user", "alice", "--role", "leader", "--unit", "州人力资源社会保障局", stdout=out
    )
    assert "密码" not in out.getvalue()
    alice.refresh_from_db()
    assert alice.check_password(PASSWORD)
    assert alice.profile.role == "leader"
