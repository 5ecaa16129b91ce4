"""The reporting pages, driven as people use them, with the permission rules of each role."""

import pytest
from django.urls import reverse

from progress.models import ProgressReport
from progress.services import report_save, report_submit
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

PLAN_KEY = "000_c5d4690d8c15b8df"


def form_url(period, number, unit=None):
    url = reverse("progress:report_form", args=[PLAN_KEY, period, number])
    return url + (f"?unit={unit.pk}" if unit else "")


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def test_login_page_is_chinese_and_csrf_protected(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert "登录" in response.content.decode()
    assert "csrfmiddlewaretoken" in response.content.decode()


def test_repeated_failed_logins_are_throttled(client, alice):
    for _ in range(5):
        client.post(reverse("login"), {"username": "alice", "password": "wrong"})
    response = client.post(reverse("login"), {"username": "alice", "password": PASSWORD})
    assert response.status_code == 429
    assert "登录失败次数过多" in response.content.decode()


def test_anonymous_users_are_sent_to_login(client, plan_000):
    response = client.get(reverse("progress:my_tasks"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_reporter_home_lists_their_units_tasks_with_the_quarter_plan(client, alice):
    login(client, alice)
    response = client.get(reverse("home"), follow=True)
    page = response.content.decode()
    assert "我的任务" in page
    assert "州人力资源社会保障局" in page
    # 2022Q2 of 000: task 1's second-quarter plan is shown beside it.
    response = client.get(reverse("progress:my_tasks") + f"?plan={PLAN_KEY}&period=2022Q2")
    page = response.content.decode()
    assert 'id="task-1"' in page
    assert "通过东西部劳务协作帮助农村劳动力转移就业5000人以上" in page
    assert 'id="task-13"' not in page  # 州财政局's task


def test_reporter_saves_a_draft_then_submits_through_the_form(client, alice):
    login(client, alice)
    url = form_url("2022Q2", "39")
    page = client.get(url).content.decode()
    assert "督促各县（市）深入大中型企业大力宣传" in page  # the quarter's plan beside the form
    response = client.post(
        url, {"narrative": "已组织宣传", "percent": "30", "version": "", "action": "save"}
    )
    assert response.status_code == 302
    report = ProgressReport.objects.get(task__number="39", unit=alice.profile.unit)
    assert (report.state, report.version, report.narrative) == ("draft", 1, "已组织宣传")
    submit = {
        "narrative": "已组织宣传",
        "percent": "30",
        "version": str(report.version),
        "action": "submit",
    }
    response = client.post(url, submit)
    # 30% against 序时进度 50% leaves the task lagging: 存在问题 is required.
    assert response.status_code == 400
    assert "必须填写存在问题" in response.content.decode()
    response = client.post(url, {**submit, "problems": "部分企业尚未覆盖"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.state == "submitted"


def test_submit_without_narrative_says_what_is_missing_in_chinese(client, alice):
    login(client, alice)
    response = client.post(
        form_url("2022Q2", "39"), {"percent": "30", "version": "", "action": "submit"}
    )
    assert response.status_code == 400
    assert "报送时必须填写进展情况" in response.content.decode()


def test_percent_out_of_range_is_refused_with_a_message(client, alice):
    login(client, alice)
    response = client.post(
        form_url("2022Q2", "39"),
        {"narrative": "x", "percent": "150", "version": "", "action": "save"},
    )
    assert response.status_code == 400
    assert "完成百分比须在 0 到 100 之间" in response.content.decode()
    assert not ProgressReport.objects.exists()


def test_reporter_cannot_open_another_units_task(client, bob):
    login(client, bob)
    response = client.get(form_url("2022Q2", "1"))
    assert response.status_code == 403
    response = client.post(
        form_url("2022Q2", "1"), {"narrative": "x", "version": "", "action": "save"}
    )
    assert response.status_code == 403
    assert not ProgressReport.objects.exists()


def test_a_stale_form_is_refused_with_a_conflict_and_keeps_the_newer_text(
    client, alice, leo, period_q2
):
    from tasks.models import Task

    task = Task.objects.get(plan__key=PLAN_KEY, number="39")
    report_save(
        user=alice,
        task=task,
        unit=alice.profile.unit,
        period=period_q2,
        data={"narrative": "第一稿"},
    )
    report_save(
        user=leo,
        task=task,
        unit=alice.profile.unit,
        period=period_q2,
        data={"narrative": "负责人改过"},
        version=1,
    )
    login(client, alice)
    response = client.post(
        form_url("2022Q2", "39"), {"narrative": "基于第一版", "version": "1", "action": "save"}
    )
    assert response.status_code == 409
    assert "已被他人修改" in response.content.decode()
    assert ProgressReport.objects.get(task=task).narrative == "负责人改过"


def test_county_government_reporter_reports_its_own_part(client, carol):
    login(client, carol)
    response = client.post(
        form_url("2022Q2", "39"),
        {"narrative": "凯里市已宣传", "percent": "50", "version": "", "action": "submit"},
    )
    assert response.status_code == 302
    report = ProgressReport.objects.get(unit=carol.profile.unit)
    assert report.state == "submitted"


def test_office_reviews_returns_with_comment_and_reporter_sees_it(client, alice, olivia, period_q2):
    from tasks.models import Task

    task = Task.objects.get(plan__key=PLAN_KEY, number="39")
    report = report_save(
        user=alice,
        task=task,
        unit=alice.profile.unit,
        period=period_q2,
        data={"narrative": "完成", "percent": "100"},
    )
    report = report_submit(user=alice, report=report, version=report.version)
    login(client, olivia)
    queue = client.get(reverse("review:queue")).content.decode()
    assert reverse("progress:report_detail", args=[report.pk]) in queue
    response = client.post(
        reverse("progress:report_review", args=[report.pk]),
        {"action": "return", "comment": "请补充数据", "version": report.version},
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.state, report.review_comment) == ("returned", "请补充数据")
    client.logout()
    login(client, alice)
    page = client.get(
        reverse("progress:my_tasks") + f"?plan={PLAN_KEY}&period=2022Q2"
    ).content.decode()
    assert "请补充数据" in page
    history = client.get(reverse("progress:report_detail", args=[report.pk])).content.decode()
    assert "退回" in history and "报送" in history and "创建" in history


def test_reporter_cannot_review(client, alice, period_q2):
    from tasks.models import Task

    task = Task.objects.get(plan__key=PLAN_KEY, number="39")
    report = report_save(
        user=alice,
        task=task,
        unit=alice.profile.unit,
        period=period_q2,
        data={"narrative": "完成", "percent": "100"},
    )
    report = report_submit(user=alice, report=report, version=report.version)
    login(client, alice)
    response = client.post(
        reverse("progress:report_review", args=[report.pk]),
        {"action": "approve", "comment": "", "version": report.version},
    )
    assert response.status_code == 403
    report.refresh_from_db()
    assert report.state == "submitted"


def test_reporter_cannot_see_another_units_report(client, alice, bob, period_q2):
    from tasks.models import Task

    task = Task.objects.get(plan__key=PLAN_KEY, number="13")
    report = report_save(
        user=bob, task=task, unit=bob.profile.unit, period=period_q2, data={"narrative": "财政局"}
    )
    login(client, alice)
    assert client.get(reverse("progress:report_detail", args=[report.pk])).status_code == 403


def test_reader_sees_the_queue_but_cannot_write(client, rita, alice, period_q2):
    login(client, rita)
    assert client.get(reverse("review:queue")).status_code == 200
    unit = alice.profile.unit
    response = client.post(
        form_url("2022Q2", "39", unit),
        {"narrative": "x", "version": "", "action": "save", "unit": unit.pk},
    )
    assert response.status_code == 403  # the same rule as the API: readers change nothing
    assert not ProgressReport.objects.exists()


def test_office_closes_and_reopens_a_period(client, olivia, alice, period_q2):
    login(client, olivia)
    client.post(reverse("progress:period_toggle", args=[period_q2.pk]), {"action": "close"})
    period_q2.refresh_from_db()
    assert not period_q2.is_open
    client.logout()
    login(client, alice)
    response = client.post(
        form_url("2022Q2", "39"), {"narrative": "x", "version": "", "action": "save"}
    )
    assert response.status_code == 409
    assert "已关闭" in response.content.decode()
    client.logout()
    login(client, olivia)
    client.post(reverse("progress:period_toggle", args=[period_q2.pk]), {"action": "reopen"})
    period_q2.refresh_from_db()
    assert period_q2.is_open


def test_reporter_cannot_close_periods(client, alice, period_q2):
    login(client, alice)
    response = client.post(
        reverse("progress:period_toggle", args=[period_q2.pk]), {"action": "close"}
    )
    assert response.status_code == 403
    period_q2.refresh_from_db()
    assert period_q2.is_open


def test_user_without_role_is_told_so(client, outsider, plan_000):
    client.force_login(outsider)
    response = client.get(reverse("home"), follow=True)
    assert response.status_code == 403
    assert "尚未分配角色" in response.content.decode()


def test_a_signed_in_reporter_opening_the_admin_is_told_to_sign_in_as_staff(client, alice):
    login(client, alice)
    response = client.get("/admin/", follow=True)
    assert response.status_code == 200
    assert len(response.redirect_chain) == 1  # no redirect loop
    response = client.post(
        "/admin/login/?next=/admin/", {"username": "alice", "password": PASSWORD}
    )
    assert response.status_code == 200  # the admin form refuses a non-staff account


def test_the_office_signs_in_to_the_admin(client, olivia):
    response = client.post(
        "/admin/login/?next=/admin/", {"username": "olivia", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_a_missing_page_is_explained_in_chinese(client, alice, settings):
    settings.DEBUG = False
    login(client, alice)
    response = client.get("/progress/no-such-plan/2022Q2/tasks/1/")
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()
