"""Text on the way in and out (progress/text.py).

In: a control character (C0 and C1 but tab and line breaks, DEL, lone surrogates, U+FFFE/F) or
text over its field's limit is refused, never cut, through the API (400, `fields` naming each
field), the form (beside the field), the review and the reasons, and the Excel template (a row
error), and nothing is saved. Out: rows stored before the rule (written here with the ORM,
past the services: control characters, 42,000 characters) never break the template download
and its upload, the bulletin, the dashboards' .xlsx, the pages or the API."""

import io
import json
import zipfile

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from progress import services
from progress.errors import InvalidReport, InvalidUpload
from progress.excel import template_build, template_import
from progress.models import Period, PeriodEvent, ProgressReport, ReportEvent
from progress.text import CONTROL_CHARACTERS, CUT_MARK, EXCEL_CELL_MAX, cell_text, text_clean
from reports.bulletin_xlsx import bulletin_workbook
from reports.bulletins import bulletin_create, bulletin_make
from reports.snapshots import snapshot_compute
from tests.api.helpers import assert_error, client_for, complete_for, make_report, task
from tests.conftest import PASSWORD
from tests.progress.test_excel import SHEET, Text, cell, fill, row_of, sheet
from tests.security import bombs
from tests.security.test_settings_refusals import settings_import
from tests.test_settings import production_env

pytestmark = pytest.mark.django_db

CONTROLS = [
    "\x00", "\x01", "\x07", "\x08", "\x0b", "\x0c", "\x0e", "\x1b", "\x1f",
    "\x7f", "\x80", "\x85", "\x9f", "\ud800", "\udfff", "\ufffe", "\uffff",
]  # fmt: skip
# What a report kept from before the rule may hold (no NUL: PostgreSQL never stored one).
STORED = "进展\x07正常\x1b[0m，垂直制表\x0b换页\x0cC1\x85\x9f删除\x7f。"
SEEN = "进展正常[0m，垂直制表换页C1删除。"
LONG = "很长的进展情况" * 6000  # 42,000 characters


# The rule


def test_tab_and_line_breaks_are_text_and_a_carriage_return_becomes_a_line_break():
    text = text_clean(
        "  第一行\r\n第二行\r第三行\t完  \n", field="n", label="进展情况", kind="report"
    )
    assert text == "第一行\n第二行\n第三行\t完"


@pytest.mark.parametrize("char", CONTROLS, ids=[f"U+{ord(c):04X}" for c in CONTROLS])
def test_each_kind_of_control_character_is_refused_naming_the_field_and_where(char):
    with pytest.raises(InvalidReport) as error:
        text_clean(f"已完成{char}", field="narrative", label="进展情况", kind="report")
    assert error.value.fields == {"narrative": "含有不可见的控制字符"}
    assert error.value.message.startswith("进展情况含有不可见的控制字符（第4个字符，")
    assert f"U+{ord(char):04X}" in error.value.message


def test_a_trailing_control_character_is_refused_not_stripped_as_a_blank():
    with pytest.raises(InvalidReport):
        text_clean("已完成\x1f", field="narrative", label="进展情况", kind="report")


def test_text_over_its_limit_is_refused_never_cut(settings):
    assert settings.REPORT_TEXT_MAX_CHARS == 4000
    assert settings.COMMENT_MAX_CHARS == 2000
    assert len(text_clean("字" * 4000, field="n", label="进展情况", kind="report")) == 4000
    for length in (4001, 3_000_000):
        with pytest.raises(InvalidReport) as error:
            text_clean("字" * length, field="narrative", label="进展情况", kind="report")
        assert error.value.fields == {"narrative": f"超过4000字的上限（现有{length}字）"}
        assert (
            error.value.message == f"进展情况不能超过4000字（现有{length}字），请精简后重新填写。"
        )
    with pytest.raises(InvalidReport, match="不能超过2000字"):
        text_clean("字" * 2001, field="comment", label="审核意见", kind="comment")
    settings.COMMENT_MAX_CHARS = 10
    with pytest.raises(InvalidReport, match="不能超过10字"):
        text_clean("字" * 11, field="comment", label="审核意见", kind="comment")


def test_every_character_a_worksheet_refuses_is_a_control_character():
    refused = [chr(n) for n in range(0x110000) if ILLEGAL_CHARACTERS_RE.match(chr(n))]
    assert refused and all(CONTROL_CHARACTERS.match(ch) for ch in refused)


@pytest.mark.parametrize("name", ["REPORT_TEXT_MAX_CHARS", "COMMENT_MAX_CHARS"])
def test_a_limit_above_what_an_excel_cell_holds_stops_the_start(name):
    started, error = settings_import(production_env(**{name: "32768"}), name)
    assert not started
    assert name in error and "32767" in error
    started, values = settings_import(production_env(**{name: "32767"}), name)
    assert started and values == {name: 32767}


# The API


def report_body(the_task, unit, period, **text):
    return {
        "task": the_task.pk,
        "period": period.label,
        **complete_for(the_task, unit, period),
        **text,
    }


def test_the_api_refuses_control_characters_naming_every_field_and_saves_nothing(
    alice, period_q3, plan_000
):
    body = report_body(
        task(plan_000, "39"), alice.profile.unit, period_q3,
        narrative="完成\x07", problems="无\x00", next_steps="继续",
    )  # fmt: skip
    response = client_for(alice).post("/api/v1/progress/", body, format="json")
    error = assert_error(response, 400, "invalid")
    assert error["fields"] == {
        "narrative": "含有不可见的控制字符",
        "problems": "含有不可见的控制字符",
    }
    assert "进展情况含有不可见的控制字符" in error["message"]
    assert "存在问题含有不可见的控制字符" in error["message"]
    assert not ProgressReport.objects.exists()


def test_the_api_refuses_text_over_the_limit_even_three_million_characters(
    alice, period_q3, plan_000
):
    t39, unit = task(plan_000, "39"), alice.profile.unit
    for length in (4001, 3_000_000):
        body = report_body(t39, unit, period_q3, next_steps="x" * length)
        response = client_for(alice).post("/api/v1/progress/", body, format="json")
        error = assert_error(response, 400, "invalid")
        assert error["fields"] == {"next_steps": f"超过4000字的上限（现有{length}字）"}
    assert not ProgressReport.objects.exists()


def test_the_api_refuses_a_lone_surrogate_with_a_400_not_a_server_error(alice, period_q3, plan_000):
    body = json.dumps(report_body(task(plan_000, "39"), alice.profile.unit, period_q3))
    body = body.replace('"narrative": "', '"narrative": "\\ud800', 1)
    response = client_for(alice).post("/api/v1/progress/", body, content_type="application/json")
    assert assert_error(response, 400, "invalid")["fields"] == {"narrative": "含有不可见的控制字符"}


def test_an_edit_through_the_api_is_refused_and_the_report_stays_as_it_was(
    alice, period_q3, plan_000
):
    report = make_report(alice, plan_000, "39", period_q3)
    response = client_for(alice).patch(
        f"/api/v1/progress/{report.pk}/",
        {"version": report.version, "narrative": "改\x1b"},
        format="json",
    )
    assert assert_error(response, 400, "invalid")["fields"] == {"narrative": "含有不可见的控制字符"}
    report.refresh_from_db()
    assert (report.narrative, report.version) == ("已按季度计划推进。", 1)


def test_review_comments_and_closure_reasons_are_checked_alike(alice, olivia, period_q3, plan_000):
    report = make_report(alice, plan_000, "39", period_q3, submit=True)
    office = client_for(olivia)
    url = f"/api/v1/progress/{report.pk}"
    response = office.post(f"{url}/approve/", {"version": report.version, "comment": "好\x07"})
    assert assert_error(response, 400, "invalid")["fields"] == {"comment": "含有不可见的控制字符"}
    response = office.post(f"{url}/return/", {"version": report.version, "comment": "改" * 2001})
    assert assert_error(response, 400, "invalid")["fields"] == {
        "comment": "超过2000字的上限（现有2001字）"
    }
    report.refresh_from_db()
    assert report.state == "submitted"
    t13 = task(plan_000, "13")
    response = office.post(
        f"/api/v1/tasks/{t13.pk}/close/", {"period": "2022Q3", "reason": "并入\x1b任务14"}
    )
    assert assert_error(response, 400, "invalid")["fields"] == {"reason": "含有不可见的控制字符"}
    assert not hasattr(task(plan_000, "13"), "closure")


# The pages


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def form_url(plan, period, number):
    return reverse("progress:report_form", args=[plan.key, period.label, number])


def test_the_form_shows_the_problem_beside_the_field_and_saves_nothing(
    client, alice, plan_000, period_q3
):
    login(client, alice)
    data = {
        "narrative": "已完成\x07宣传",
        "percent": "100",
        "problems": "字" * 4001,
        "next_steps": "继续",
        "version": "",
        "action": "submit",
    }
    response = client.post(form_url(plan_000, period_q3, "39"), data)
    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors["narrative"] == ["含有不可见的控制字符"]
    assert form.errors["problems"] == ["超过4000字的上限（现有4001字）"]
    page = response.content.decode()
    # Beside the field: the message follows the field's textarea, before the next field.
    narrative = page.index('name="narrative"')
    assert narrative < page.index("含有不可见的控制字符") < page.index('name="percent"')
    assert 'maxlength="4000"' in page
    assert not ProgressReport.objects.exists()


def test_a_review_comment_is_refused_beside_the_comment_and_the_report_stays(
    client, alice, olivia, plan_000, period_q3
):
    report = make_report(alice, plan_000, "39", period_q3, submit=True)
    login(client, olivia)
    response = client.post(
        reverse("progress:report_review", args=[report.pk]),
        {"version": report.version, "comment": "请补充\x0b材料", "action": "return"},
    )
    assert response.status_code == 400
    assert "退回意见含有不可见的控制字符" in response.context["review_form"].errors["comment"][0]
    report.refresh_from_db()
    assert report.state == "submitted"


def test_a_period_reason_with_a_control_character_is_refused_and_the_period_stays_open(
    client, olivia, period_q3
):
    login(client, olivia)
    response = client.post(
        reverse("progress:period_toggle", args=[period_q3.pk]),
        {"action": "close", "reason": "季度\x07结束"},
        follow=True,
    )
    assert "关闭说明含有不可见的控制字符" in response.content.decode()
    assert Period.objects.get(pk=period_q3.pk).is_open
    assert not PeriodEvent.objects.exists()


# The Excel template on its way back


def test_a_template_cell_with_a_control_character_is_a_row_error(alice, plan_000, period_q3):
    template = template_build(unit=alice.profile.unit, period=period_q3)

    def excel_escapes(wb):
        # Excel saves a control character typed into a cell as _xHHHH_.
        cell(wb[SHEET], "5", "存在问题").value = "无_x0007_"

    data = fill(
        template,
        {"39": {"进展情况": "推进中\x85", "完成百分比(%)": 20}, "5": {"进展情况": "推进中"}},
        edit=excel_escapes,
    )
    with pytest.raises(InvalidUpload) as error:
        template_import(user=alice, data=data)
    ws = sheet(data)
    rows = {(e["row"], e["column"]): e["message"] for e in error.value.rows}
    assert set(rows) == {(row_of(ws, "39"), "进展情况"), (row_of(ws, "5"), "存在问题")}
    assert "U+0085" in rows[row_of(ws, "39"), "进展情况"]
    assert "含有不可见的控制字符（第2个字符，U+0007）" in rows[row_of(ws, "5"), "存在问题"]
    assert not ProgressReport.objects.exists()


def test_a_literal_escape_sequence_typed_in_excel_is_kept_as_typed(alice, plan_000, period_q3):
    template = template_build(unit=alice.profile.unit, period=period_q3)

    def excel_escapes(wb):
        # What Excel saves for a person who typed "_x0041_" literally.
        cell(wb[SHEET], "39", "进展情况").value = "代码_x005F_x0041_完成"

    data = fill(template, {"39": {"完成百分比(%)": 20}}, edit=excel_escapes)
    template_import(user=alice, data=data)
    assert ProgressReport.objects.get().narrative == "代码_x0041_完成"
    again = cell(sheet(template_build(unit=alice.profile.unit, period=period_q3)), "39", "进展情况")
    assert again.value == "代码_x005F_x0041_完成"  # what Excel shows as 代码_x0041_完成


def with_cell_text(data, token, text):
    """The workbook with `token` in its sheet's XML replaced by `text`: a cell no spreadsheet
    program would write (openpyxl itself cuts what it is given at 32,767 characters)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = archive.read(bombs.SHEET1)
    assert token.encode() in xml
    return bombs.rewrite(data, {bombs.SHEET1: xml.replace(token.encode(), text.encode())})


@pytest.mark.parametrize("length", [4001, 40_000, 1_000_000])
def test_a_template_cell_over_the_limit_is_a_row_error_not_cut(alice, plan_000, period_q3, length):
    template = template_build(unit=alice.profile.unit, period=period_q3)
    data = fill(template, {"39": {"下步打算": Text("TOKEN"), "完成百分比(%)": 20}})
    data = with_cell_text(data, "TOKEN", "续" * length)
    with pytest.raises(InvalidUpload) as error:
        template_import(user=alice, data=data)
    assert error.value.rows == [
        {
            "row": row_of(sheet(data), "39"),
            "column": "下步打算",
            "message": f"下步打算不能超过4000字（现有{length}字），请精简后重新填写。",
        }
    ]
    assert not ProgressReport.objects.exists()


def test_a_raw_control_character_in_the_sheets_xml_is_refused_as_damaged(
    alice, plan_000, period_q3
):
    data = fill(
        template_build(unit=alice.profile.unit, period=period_q3),
        {"39": {"进展情况": "标记TOKEN", "完成百分比(%)": 20}},
    )
    for raw in ("\x07", "&#7;"):
        with pytest.raises(InvalidUpload) as error:
            template_import(user=alice, data=with_cell_text(data, "TOKEN", raw))
        assert "已损坏" in error.value.message
    assert not ProgressReport.objects.exists()


# Rows stored before the rule


@pytest.fixture
def stored(plan_000, alice, bob, period_q3):
    """Reports written past the services, as rows from before the rule are: control
    characters everywhere, a narrative of 42,000 characters; a submitted one, a returned one
    with such a comment, a draft. Their live figures computed."""
    now = timezone.now()
    unit = alice.profile.unit

    def stored_report(number, unit, state, **fields):
        report = ProgressReport.objects.create(
            task=task(plan_000, number),
            unit=unit,
            period=period_q3,
            state=state,
            submitted_at=now if state != "draft" else None,
            first_submitted_at=now if state != "draft" else None,
            **fields,
        )
        ReportEvent.objects.create(report=report, version=1, action="import", at=now)
        return report

    reports = {
        "39": stored_report(
            "39", unit, "submitted", narrative=STORED + LONG, problems=STORED, next_steps=STORED,
            percent=50,
        ),
        "13": stored_report(
            "13", bob.profile.unit, "returned", narrative=STORED, percent=10,
            review_comment=f"请补充{STORED}", reviewed_at=now,
        ),
        "5": stored_report("5", unit, "draft", narrative=STORED, problems=LONG),
    }  # fmt: skip
    snapshot_compute(plan=plan_000, period=period_q3)
    return reports


def test_the_template_of_stored_rows_downloads_with_the_text_cleaned_and_cut(
    client, alice, stored, plan_000, period_q3
):
    login(client, alice)
    url = reverse("progress:template_download", args=[plan_000.key, period_q3.label])
    response = client.get(url)
    assert response.status_code == 200
    ws = load_workbook(io.BytesIO(response.content))[SHEET]
    narrative = cell(ws, "39", "进展情况").value
    assert len(narrative) == EXCEL_CELL_MAX
    assert narrative.startswith(SEEN + "很长的进展情况")
    assert narrative.endswith(CUT_MARK)
    assert cell(ws, "39", "存在问题").value == SEEN
    assert cell(ws, "5", "存在问题").value == cell_text(LONG)
    assert not CONTROL_CHARACTERS.search("".join(str(c.value or "") for row in ws for c in row))


def test_the_template_of_stored_rows_reads_back_unchanged_and_an_edited_row_is_cleaned_or_refused(
    alice, stored, plan_000, period_q3
):
    template = template_build(unit=alice.profile.unit, period=period_q3)
    untouched = template_import(user=alice, data=template)
    assert (untouched.saved, untouched.submitted) == (0, 0)
    draft = stored["5"]
    # The draft's problems were cut in the cell: sent back, they are over the limit, refused.
    with pytest.raises(InvalidUpload) as error:
        template_import(user=alice, data=fill(template, {"5": {"完成百分比(%)": 30}}))
    assert error.value.rows[0]["column"] == "存在问题"
    assert f"不能超过4000字（现有{EXCEL_CELL_MAX}字）" in error.value.rows[0]["message"]
    # Shortened, the row saves; the narrative as the cell showed it, without its controls.
    result = template_import(
        user=alice, data=fill(template, {"5": {"完成百分比(%)": 30, "存在问题": "资金未到位"}})
    )
    assert result.saved == 1
    draft.refresh_from_db()
    assert (draft.narrative, draft.problems, draft.percent) == (SEEN, "资金未到位", 30)


def test_the_bulletin_of_stored_rows_is_made_and_its_workbook_opens(
    alice, stored, plan_000, period_q3
):
    bulletin = bulletin_make(
        bulletin_id=bulletin_create(plan=plan_000, period=period_q3, queue=False).pk
    )
    assert bulletin.state == "ready"
    book = load_workbook(io.BytesIO(bulletin.file.read()))
    texts = [str(c.value) for ws in book for row in ws for c in row if c.value is not None]
    assert not CONTROL_CHARACTERS.search("".join(texts))
    assert max(len(t) for t in texts) == EXCEL_CELL_MAX
    detail = book["任务明细"]
    narratives = [c.value for c in detail["E"] if c.value and str(c.value).startswith(SEEN)]
    assert narratives and narratives[0].endswith(CUT_MARK)
    assert any(f"请补充{SEEN}" in t for t in texts)  # the returned report's sentence
    # The workbook of a stored snapshot, as the API's download makes it, too.
    assert load_workbook(io.BytesIO(bulletin_workbook(bulletin.snapshot)))


def test_the_dashboard_downloads_of_stored_rows_open(client, olivia, stored, plan_000, period_q3):
    login(client, olivia)
    t13 = task(plan_000, "13")
    urls = [
        reverse("dashboards:overview_download", args=[plan_000.key, "lagging"]),
        reverse("dashboards:task_list_download", args=[plan_000.key, "tasks"]),
        reverse("dashboards:task_download", args=[t13.pk, "quarters"]),
        reverse("dashboards:unit_download", args=[stored["39"].unit_id, "tasks"]),
    ]
    seen = []
    for url in urls:
        response = client.get(url + "?period=2022Q3")
        assert response.status_code == 200, url
        book = load_workbook(io.BytesIO(response.content))
        text = "".join(str(c.value) for ws in book for row in ws for c in row if c.value)
        assert not CONTROL_CHARACTERS.search(text), url
        seen.append(text)
    assert SEEN in "".join(seen)


def test_the_pages_of_stored_rows_answer(client, olivia, alice, stored, plan_000, period_q3):
    t39, t13 = stored["39"], stored["13"]
    login(client, olivia)
    pages = [
        reverse("progress:report_detail", args=[t39.pk]),
        reverse("progress:report_detail", args=[t13.pk]),
        form_url(plan_000, period_q3, "39") + f"?unit={t39.unit_id}",
        reverse("review:queue") + "?state=",
        reverse("dashboards:task", args=[t39.task_id]) + "?period=2022Q3",
        reverse("dashboards:task", args=[t13.task_id]) + "?period=2022Q3",
        reverse("dashboards:overview", args=[plan_000.key]) + "?period=2022Q3",
        reverse("dashboards:task_list", args=[plan_000.key]) + "?period=2022Q3",
        reverse("dashboards:unit", args=[t39.unit_id]) + "?period=2022Q3",
    ]
    for url in pages:
        assert client.get(url).status_code == 200, url
    login(client, alice)
    my = reverse("progress:my_tasks") + f"?plan={plan_000.key}&period=2022Q3"
    assert client.get(my).status_code == 200


def test_the_api_returns_stored_rows_as_they_are(olivia, stored, plan_000, period_q3):
    api = client_for(olivia)
    body = api.get(f"/api/v1/progress/{stored['39'].pk}/").json()
    assert body["narrative"] == STORED + LONG
    assert api.get("/api/v1/progress/?period=2022Q3").status_code == 200
    completion = api.get(f"/api/v1/completion/?plan={plan_000.pk}&period=2022Q3")
    assert completion.status_code == 200


def test_the_form_of_a_stored_row_leaves_its_control_characters_out_so_it_saves(
    client, alice, stored, plan_000, period_q3
):
    login(client, alice)
    url = form_url(plan_000, period_q3, "5")
    form = client.get(url).context["form"]
    assert form.initial["narrative"] == SEEN
    data = {**form.initial, "percent": "30", "problems": "资金未到位", "action": "save"}
    response = client.post(url, data)
    assert response.status_code == 302
    draft = stored["5"]
    draft.refresh_from_db()
    assert (draft.narrative, draft.problems) == (SEEN, "资金未到位")


def test_services_still_refuse_what_the_rule_refuses_on_a_stored_row(alice, stored):
    draft = stored["5"]
    with pytest.raises(InvalidReport) as error:
        services.report_save(
            user=alice, task=draft.task, unit=draft.unit, period=draft.period,
            data={"narrative": draft.narrative}, version=draft.version,
        )  # fmt: skip
    assert error.value.fields == {"narrative": "含有不可见的控制字符"}
