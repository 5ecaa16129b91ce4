"""plans/bulk.py: rows inserted in one statement (PostgreSQL under CI, bulk_create on SQLite),
read back from the database."""

import datetime
from decimal import Decimal

import pytest
from django.db import DataError, IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from plans.bulk import array_literal, rows_insert
from progress.models import ProgressReport, ReportEvent, ReportValue
from reports.models import RecomputeRequest
from tasks.models import Target, Task

pytestmark = pytest.mark.django_db


def _task_of(plan, number):
    return Task.objects.get(plan=plan, number=number)


def test_rows_are_inserted_with_their_defaults_and_ids_in_order(plan_000, alice, period_q2):
    unit = alice.profile.unit
    tasks = list(Task.objects.filter(plan=plan_000, assignments__unit=unit).order_by("order")[:3])
    before = timezone.now()
    with CaptureQueriesContext(connection) as queries:
        ids = rows_insert(
            ProgressReport,
            [
                {"task_id": t.pk, "unit_id": unit.pk, "period_id": period_q2.pk, "narrative": n}
                for t, n in zip(tasks, ["一", "二", "三"], strict=True)
            ],
        )
    inserts = [q for q in queries.captured_queries if q["sql"].startswith("INSERT")]
    assert len(inserts) == 1
    rows = {r.pk: r for r in ProgressReport.objects.filter(pk__in=ids)}
    assert [rows[pk].task_id for pk in ids] == [t.pk for t in tasks]
    assert [rows[pk].narrative for pk in ids] == ["一", "二", "三"]
    first = rows[ids[0]]
    # Defaults: the field's own, "" for text, the time now for auto_now(_add).
    assert (first.state, first.version, first.problems, first.percent) == ("draft", 1, "", None)
    assert first.created_at >= before and first.updated_at >= before


def test_json_decimal_and_time_columns_read_back(plan_000, alice, period_q2):
    unit = alice.profile.unit
    task = _task_of(plan_000, "39")
    (report_id,) = rows_insert(
        ProgressReport, [{"task_id": task.pk, "unit_id": unit.pk, "period_id": period_q2.pk}]
    )
    at = datetime.datetime(2022, 7, 5, 9, 30, tzinfo=datetime.UTC)
    changes = {"narrative": [None, "已印发“宣传材料”"], "values": {"7": [None, "1.5"]}}
    rows_insert(
        ReportEvent,
        [{"report_id": report_id, "version": 1, "action": "create", "at": at, "changes": changes}],
    )
    event = ReportEvent.objects.get(report_id=report_id)
    assert (event.changes, event.at, event.actor_id, event.actor_name) == (changes, at, None, "")
    target = task.targets.first()
    if target is not None:
        rows_insert(
            ReportValue,
            [{"report_id": report_id, "target_id": target.pk, "value": Decimal("9500.125")}],
        )
        assert ReportValue.objects.get(report_id=report_id).value == Decimal("9500.125")


def test_a_duplicate_row_is_refused_and_nothing_is_inserted(plan_000, alice, period_q2):
    unit = alice.profile.unit
    task = _task_of(plan_000, "39")
    row = {"task_id": task.pk, "unit_id": unit.pk, "period_id": period_q2.pk}
    rows_insert(ProgressReport, [row])
    other = Task.objects.filter(plan=plan_000, assignments__unit=unit).exclude(pk=task.pk).first()
    with pytest.raises(IntegrityError), transaction.atomic():
        rows_insert(ProgressReport, [{**row, "task_id": other.pk}, row])
    assert ProgressReport.objects.filter(task=other, period=period_q2).count() == 0


def test_an_upsert_updates_the_rows_that_exist(plan_000, period_q2):
    tasks = list(Task.objects.filter(plan=plan_000).order_by("order")[:3])
    early = timezone.now() - datetime.timedelta(minutes=5)
    rows_insert(
        RecomputeRequest,
        [{"period_id": period_q2.pk, "task_id": tasks[0].pk, "requested_at": early}],
        unique_fields=["period_id", "task_id"],
        update_fields=["requested_at"],
    )
    later = timezone.now()
    rows_insert(
        RecomputeRequest,
        [{"period_id": period_q2.pk, "task_id": t.pk, "requested_at": later} for t in tasks],
        unique_fields=["period_id", "task_id"],
        update_fields=["requested_at"],
    )
    marks = dict(
        RecomputeRequest.objects.filter(period=period_q2, task__isnull=False).values_list(
            "task_id", "requested_at"
        )
    )
    assert marks == {t.pk: later for t in tasks}


def test_a_column_the_model_does_not_have_is_refused(period_q2):
    with pytest.raises(ValueError):
        rows_insert(RecomputeRequest, [{"period_id": period_q2.pk, "colour": "red"}])


def test_no_rows_no_statement():
    with CaptureQueriesContext(connection) as queries:
        assert rows_insert(RecomputeRequest, []) == []
    assert queries.captured_queries == []


TRICKY = ['他说"好"', "C:\\报告\\", "{a,b}", "NULL", "", " 前后空格 ", "第一行\n第二行", "'单引号'"]


def test_array_literal_quotes_what_the_server_would_misread():
    assert array_literal([1, None, 'a"b\\c', "NULL", ""]) == '{1,NULL,"a\\"b\\\\c","NULL",""}'


def test_texts_of_every_kind_read_back_as_written(plan_000, alice, period_q2):
    unit = alice.profile.unit
    tasks = list(
        Task.objects.filter(plan=plan_000, assignments__unit=unit).order_by("order")[: len(TRICKY)]
    )
    ids = rows_insert(
        ProgressReport,
        [
            {"task_id": t.pk, "unit_id": unit.pk, "period_id": period_q2.pk, "narrative": text}
            for t, text in zip(tasks, TRICKY, strict=True)
        ],
    )
    rows_insert(
        ReportEvent,
        [
            {
                "report_id": pk,
                "version": 1,
                "action": "create",
                "at": timezone.now(),
                "changes": {"narrative": [None, text]},
            }
            for pk, text in zip(ids, TRICKY, strict=True)
        ],
    )
    narratives = dict(ProgressReport.objects.filter(pk__in=ids).values_list("pk", "narrative"))
    assert [narratives[pk] for pk in ids] == TRICKY
    changes = dict(
        ReportEvent.objects.filter(report_id__in=ids).values_list("report_id", "changes")
    )
    assert [changes[pk]["narrative"][1] for pk in ids] == TRICKY


def test_a_text_longer_than_its_column_is_refused_not_cut(plan_000, alice, period_q2):
    (report_id,) = rows_insert(
        ProgressReport,
        [
            {
                "task_id": _task_of(plan_000, "39").pk,
                "unit_id": alice.profile.unit.pk,
                "period_id": period_q2.pk,
            }
        ],
    )
    name = "长" * 151  # actor_name holds 150
    try:
        with transaction.atomic():
            rows_insert(
                ReportEvent,
                [
                    {
                        "report_id": report_id,
                        "version": 1,
                        "action": "create",
                        "at": timezone.now(),
                        "actor_name": name,
                    }
                ],
            )
    except DataError:
        assert not ReportEvent.objects.filter(report_id=report_id).exists()  # PostgreSQL
    else:
        assert ReportEvent.objects.get(report_id=report_id).actor_name == name  # SQLite


def test_the_any_lookup_finds_what_in_finds_with_the_ids_as_one_parameter(plan_000):
    tasks = Task.objects.filter(plan=plan_000)
    ids = list(tasks.order_by("order").values_list("pk", flat=True)[:40])
    wanted = {*ids[::3], 10**12}  # and an id no task has
    by_in = set(Task.objects.filter(pk__in=wanted).values_list("pk", flat=True))
    with CaptureQueriesContext(connection) as queries:
        by_any = set(Task.objects.filter(pk__any=wanted).values_list("pk", flat=True))
    assert by_any == by_in == set(ids[::3])
    # On a foreign key too, with other conditions beside it.
    targets = Target.objects.filter(task__any=ids, task__plan=plan_000)
    assert set(targets) == set(Target.objects.filter(task__in=ids)) != set()
    assert not Task.objects.filter(pk__any=[]).exists()
    (sql,) = [q["sql"] for q in queries.captured_queries]
    if connection.vendor == "postgresql":
        assert "= ANY('{" in sql and " IN (" not in sql  # one array literal, not 14 parameters
