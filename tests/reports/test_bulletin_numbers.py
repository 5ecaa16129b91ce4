"""The bulletin job makes the 公文 beside the workbook from one snapshot, under a 文号 numbered
per plan and year of issue: one per plan-period (made again, the same document keeps it), the
next for another period, kept by a retried job, and never given twice when two jobs number at
once."""

import datetime
import io
from pathlib import Path

import pytest
import time_machine
from django.db import IntegrityError, connection, transaction
from docx import Document
from openpyxl import load_workbook

from config.celery import app
from reports.bulletins import (
    bulletin_create,
    bulletin_make,
    bulletin_number_allocate,
    bulletin_request,
)
from reports.models import Bulletin, BulletinNumber
from tests.reports.q3 import SHANGHAI, q3_reports

pytestmark = pytest.mark.django_db
ISSUED = datetime.datetime(2022, 9, 25, 9, 30, tzinfo=SHANGHAI)


@pytest.fixture
def eager_jobs():
    """The job runs in this process even under CI: this is about what it writes."""
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


def made(plan, period, at=ISSUED):
    with time_machine.travel(at, tick=False):
        bulletin = bulletin_create(plan=plan, period=period, queue=False)
        return bulletin_make(bulletin_id=bulletin.pk)


def test_the_job_writes_the_workbook_and_the_document_from_one_snapshot(
    plan_000,
    period_q3,
    alice,
    bob,
    carol,
    olivia,
    settings,
    eager_jobs,
    django_capture_on_commit_callbacks,
):
    q3_reports(plan_000, period_q3, alice, bob, carol)
    with (
        time_machine.travel(ISSUED, tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        bulletin = bulletin_request(user=olivia, plan=plan_000, period=period_q3)
    bulletin.refresh_from_db()
    assert bulletin.state == Bulletin.State.READY, bulletin.error
    assert bulletin.number.text == "黔东南增收办〔2022〕1号"
    media = Path(settings.MEDIA_ROOT)
    doc = Document(media / bulletin.document.name)
    book = load_workbook(media / bulletin.file.name)
    snapshot = bulletin.snapshot
    texts = [p.text for p in doc.paragraphs]
    assert "黔东南增收办〔2022〕1号" in texts
    assert f"（数据截至2022年9月25日，报告期2022Q3，快照编号{snapshot.pk}）" in texts
    assert f"快照编号 {snapshot.pk}；" in book["总体情况"]["A3"].value
    assert book["总体情况"]["A2"].value == f"{texts[0]}　　2022年9月25日"
    assert f"共有任务{snapshot.tasks}项" in "".join(texts)
    assert bulletin.document.name.endswith(f"_{snapshot.pk}.docx")


def test_a_bulletin_made_again_for_its_period_keeps_the_number_the_next_period_gets_the_next(
    plan_000, period_q2, period_q3, loaded_plans
):
    first = made(plan_000, period_q3)
    again = made(plan_000, period_q3)
    assert first.pk != again.pk
    assert first.number_id == again.number_id
    assert first.number.text == "黔东南增收办〔2022〕1号"
    q2 = made(plan_000, period_q2)
    assert q2.number.text == "黔东南增收办〔2022〕2号"
    # Each plan numbers its own, with its own prefix.
    county = loaded_plans["001"]
    assert made(county, county.periods.get(year=2022, quarter=3)).number.text == (
        "册亨增收办〔2022〕1号"
    )
    # The year is the year of issue (the 成文日期): a new year starts again at 1.
    q4 = plan_000.periods.get(year=2022, quarter=4)
    january = datetime.datetime(2023, 1, 5, 10, 0, tzinfo=SHANGHAI)
    assert made(plan_000, q4, at=january).number.text == "黔东南增收办〔2023〕1号"
    document = Document(io.BytesIO(Path(made(plan_000, q4, at=january).document.path).read_bytes()))
    assert "黔东南增收办〔2023〕1号" in [p.text for p in document.paragraphs]
    assert "2023年1月5日" in [p.text for p in document.paragraphs]


def test_a_retried_job_keeps_its_number(plan_000, period_q3):
    bulletin = made(plan_000, period_q3)
    number = bulletin.number
    # The job failed after it was numbered (a worker lost, a disk full): it runs again.
    Bulletin.objects.filter(pk=bulletin.pk).update(state=Bulletin.State.FAILED)
    with time_machine.travel(ISSUED + datetime.timedelta(hours=1), tick=False):
        again = bulletin_make(bulletin_id=bulletin.pk)
    assert again.state == Bulletin.State.READY
    assert again.number_id == number.pk
    assert again.snapshot_id != bulletin.snapshot_id  # a fresh snapshot, the same 文号
    assert BulletinNumber.objects.filter(plan=plan_000).count() == 1
    doc = Document(again.document.path)
    assert number.text in [p.text for p in doc.paragraphs]


def test_a_number_is_never_given_twice_in_a_plans_year(plan_000, period_q2, period_q3):
    BulletinNumber.objects.create(
        plan=plan_000,
        period=period_q2,
        prefix="黔东南增收办",
        year=2022,
        number=1,
        allocated_at=ISSUED,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        BulletinNumber.objects.create(
            plan=plan_000,
            period=period_q3,
            prefix="黔东南增收办",
            year=2022,
            number=1,
            allocated_at=ISSUED,
        )


def _another_job_numbers_first(plan, period, raced):
    """An execute wrapper: right after this job reads the last number, another job's number 1
    for `period` is committed."""

    def wrapper(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if not raced and "MAX(" in sql.upper() and "reports_bulletinnumber" in sql:
            raced.append(True)
            BulletinNumber.objects.create(
                plan=plan,
                period=period,
                prefix="黔东南增收办",
                year=2022,
                number=1,
                allocated_at=ISSUED,
            )
        return result

    return wrapper


def test_two_jobs_numbering_at_once_get_two_numbers(plan_000, period_q2, period_q3):
    """Another job's number lands between this job's reading of the last number and its
    insert (injected right after the read): the insert fails on the unique constraint, and
    the job reads again and takes the next one."""
    raced = []
    wrapper = _another_job_numbers_first(plan_000, period_q2, raced)
    with transaction.atomic(), connection.execute_wrapper(wrapper):
        number = bulletin_number_allocate(
            plan=plan_000, period=period_q3, prefix="黔东南增收办", year=2022
        )
    assert raced
    assert (number.period, number.number) == (period_q3, 2)
    assert sorted(BulletinNumber.objects.values_list("number", flat=True)) == [1, 2]


def test_two_jobs_for_the_same_period_share_its_number(plan_000, period_q3):
    """The other job numbered this very period in between: this one takes that number."""
    raced = []
    wrapper = _another_job_numbers_first(plan_000, period_q3, raced)
    with transaction.atomic(), connection.execute_wrapper(wrapper):
        number = bulletin_number_allocate(
            plan=plan_000, period=period_q3, prefix="黔东南增收办", year=2022
        )
    assert raced and number.number == 1
    assert BulletinNumber.objects.count() == 1
