"""Target shares (目标分解) on the page and in Excel, on the real 000 plan: the grid as the
office and a lead unit use it, read-only or refused for the others, all-or-nothing saves that
refuse a stale version, the sum against the target, the history; the workbook read back with
openpyxl, its round trip, and every kind of bad upload refused with nothing changed."""

import io
import re
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from plans.models import Unit
from progress import services
from progress.errors import InvalidUpload, NotAllowed
from progress.excel import template_build
from progress.excel.shares import shares_workbook_build
from progress.excel.shares_import import shares_import
from progress.models import TargetShare, TargetShareEvent
from tests.api.helpers import task
from tests.conftest import PASSWORD, _person

pytestmark = pytest.mark.django_db

SHEET = "目标分解"
HEADER_ROW = 4
FIRST_ROW = 5
HEADERS = ["序号", "年度目标任务", "指标", "年度目标", "责任单位", "填写单位", "分解目标值"]
COUNTIES = [
    "凯里市人民政府", "黄平县人民政府", "施秉县人民政府", "三穗县人民政府", "镇远县人民政府",
    "岑巩县人民政府", "天柱县人民政府", "锦屏县人民政府", "剑河县人民政府", "台江县人民政府",
    "黎平县人民政府", "榕江县人民政府", "从江县人民政府", "雷山县人民政府", "麻江县人民政府",
    "丹寨县人民政府",
]  # fmt: skip


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def people(plan):
    """Task 1's 农村劳动力转移就业 ≥9500人 (lead: 州人力资源社会保障局)."""
    return task(plan, "1").targets.get(role="annual", metric="农村劳动力转移就业")


def unit(name):
    return Unit.objects.get(name=name)


def shares_url(plan, number="1"):
    return reverse("progress:shares", args=[task(plan, number).pk])


def database():
    """Everything a save could change."""
    return (
        list(TargetShare.objects.order_by("pk").values()),
        TargetShareEvent.objects.count(),
    )


class Inputs(HTMLParser):
    """The form's fields as the browser would send them, and the grid's row headers."""

    def __init__(self):
        super().__init__()
        self.fields, self.rows, self._in_row_header = {}, [], False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "input" and attrs.get("name"):
            self.fields[attrs["name"]] = attrs.get("value") or ""
        if tag == "th" and attrs.get("scope") == "row":
            self._in_row_header = True

    def handle_data(self, data):
        if self._in_row_header and data.strip():
            self.rows.append(data.strip())
            self._in_row_header = False


def page_inputs(response):
    parser = Inputs()
    parser.feed(response.content.decode())
    return parser


def cell_name(target, unit_name):
    return f"share-{target.pk}-{unit(unit_name).pk}"


def post(client, url, fields, changes):
    """Send the page's form back with `changes` {field: value} typed in."""
    return client.post(url, {**fields, **changes})


# The page


def test_the_office_sees_the_tasks_responsible_units_by_its_annual_targets(
    client, plan_000, olivia
):
    response = login(client, olivia).get(shares_url(plan_000))
    assert response.status_code == 200
    page = response.content.decode()
    parsed = page_inputs(response)
    # County governments first, in the document's order, then the other responsible units.
    assert parsed.rows == [*COUNTIES, "州乡村振兴局", "州农业农村局"]
    assert "农村劳动力转移就业（≥9500人）" in page
    assert "以县为单位农村劳动力组织化程度（≥70%）" in page
    target = people(plan_000)
    name = cell_name(target, "凯里市人民政府")
    assert {name, f"{name}-version", f"{name}-was"} <= set(parsed.fields)
    assert "尚未分解" in page
    assert "比例类指标，不合计" in page  # 70% is not a sum of the counties' rates


def test_a_lead_unit_divides_a_target_and_sees_the_sum_short_of_it(client, plan_000, alice):
    login(client, alice)
    url = shares_url(plan_000)
    fields = page_inputs(client.get(url)).fields
    target = people(plan_000)
    response = post(
        client,
        url,
        fields,
        {cell_name(target, "凯里市人民政府"): "650", cell_name(target, "黄平县人民政府"): "500"},
    )
    assert response.status_code == 302
    shares = {s.unit.name: s for s in TargetShare.objects.select_related("unit")}
    assert {n: (s.value, s.version, s.updated_by) for n, s in shares.items()} == {
        "凯里市人民政府": (650, 1, alice),
        "黄平县人民政府": (500, 1, alice),
    }
    page = client.get(url).content.decode()
    assert "已保存：新设 2 个，修改 0 个，删除 0 个分解目标。" in page
    assert "1150人" in page
    assert "分解合计少于年度目标≥9500人，差8350人。" in page
    refilled = page_inputs(client.get(url)).fields
    name = cell_name(target, "凯里市人民政府")
    assert (refilled[name], refilled[f"{name}-version"], refilled[f"{name}-was"]) == (
        "650",
        "1",
        "650",
    )
    assert list(TargetShareEvent.objects.values_list("source", flat=True)) == ["page", "page"]


def test_a_sum_above_the_target_is_warned_and_one_equal_to_it_confirmed(client, plan_000, olivia):
    login(client, olivia)
    url = shares_url(plan_000)
    target = people(plan_000)
    fields = page_inputs(client.get(url)).fields
    typed = {cell_name(target, name): "600" for name in COUNTIES}  # 16 x 600 = 9600
    assert post(client, url, fields, typed).status_code == 302
    assert "分解合计超过年度目标≥9500人，多100人。" in client.get(url).content.decode()
    fields = page_inputs(client.get(url)).fields
    assert (
        post(client, url, fields, {cell_name(target, "丹寨县人民政府"): "500"}).status_code == 302
    )
    page = client.get(url).content.decode()
    assert "分解合计与年度目标一致。" in page
    assert TargetShare.objects.get(unit__name="丹寨县人民政府").version == 2
    assert TargetShare.objects.get(unit__name="凯里市人民政府").version == 1  # untouched


def test_an_emptied_cell_removes_the_share(client, plan_000, alice):
    target = people(plan_000)
    services.target_share_set(user=alice, target=target, unit=unit("凯里市人民政府"), value=650)
    login(client, alice)
    url = shares_url(plan_000)
    fields = page_inputs(client.get(url)).fields
    assert post(client, url, fields, {cell_name(target, "凯里市人民政府"): ""}).status_code == 302
    assert not TargetShare.objects.exists()
    assert list(TargetShareEvent.objects.values_list("action", "source")) == [
        ("create", "api"),
        ("delete", "page"),
    ]


def test_a_stale_version_refuses_the_whole_save_and_keeps_what_was_typed(
    client, plan_000, alice, olivia
):
    target = people(plan_000)
    kaili = unit("凯里市人民政府")
    services.target_share_set(user=alice, target=target, unit=kaili, value=650, source="page")
    login(client, alice)
    url = shares_url(plan_000)
    fields = page_inputs(client.get(url)).fields
    # While alice has the page open, the office changes 凯里市's share.
    share = TargetShare.objects.get()
    services.target_share_set(
        user=olivia, target=target, unit=kaili, value=600, version=1, source="api"
    )
    before = database()
    typed = {cell_name(target, "凯里市人民政府"): "700", cell_name(target, "黄平县人民政府"): "500"}
    response = post(client, url, fields, typed)
    assert response.status_code == 409
    assert database() == before  # 黄平县's share was not created either
    page = response.content.decode()
    assert "本次保存未执行任何修改" in page
    assert "该分解目标已被他人修改" in page
    assert "现为 600人（第2版，olivia）" in page
    again = page_inputs(response).fields
    name = cell_name(target, "凯里市人民政府")
    # What alice typed is kept; the versions are the current ones now.
    assert (again[name], again[f"{name}-version"], again[f"{name}-was"]) == ("700", "2", "600")
    assert again[cell_name(target, "黄平县人民政府")] == "500"
    # Saving again applies alice's values, knowingly.
    assert client.post(url, again).status_code == 302
    share.refresh_from_db()
    assert (share.value, share.version) == (700, 3)
    assert TargetShare.objects.get(unit__name="黄平县人民政府").value == 500


def test_a_cell_someone_else_changed_but_this_person_did_not_is_left_alone(
    client, plan_000, alice, olivia
):
    target = people(plan_000)
    kaili = unit("凯里市人民政府")
    services.target_share_set(user=alice, target=target, unit=kaili, value=650)
    login(client, alice)
    url = shares_url(plan_000)
    fields = page_inputs(client.get(url)).fields
    services.target_share_set(user=olivia, target=target, unit=kaili, value=600, version=1)
    response = post(client, url, fields, {cell_name(target, "黄平县人民政府"): "500"})
    assert response.status_code == 302
    assert TargetShare.objects.get(unit=kaili).value == 600


def test_bad_values_are_refused_beside_their_cells_and_nothing_is_saved(client, plan_000, alice):
    login(client, alice)
    url = shares_url(plan_000)
    target = people(plan_000)
    fields = page_inputs(client.get(url)).fields
    response = post(
        client,
        url,
        fields,
        {
            cell_name(target, "凯里市人民政府"): "-5",
            cell_name(target, "黄平县人民政府"): "很多",
            cell_name(target, "施秉县人民政府"): "300",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "分解目标值不能为负数。" in page
    assert "分解目标值必须是数字。" in page
    assert not TargetShare.objects.exists()


def test_a_reader_sees_the_shares_without_a_form_and_cannot_post(client, plan_000, alice, rita):
    services.target_share_set(
        user=alice, target=people(plan_000), unit=unit("凯里市人民政府"), value=650
    )
    login(client, rita)
    url = shares_url(plan_000)
    response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert "（只读）" in page
    assert '<form method="post" novalidate>' not in page
    assert "650人" in page
    assert page_inputs(response).fields.keys() <= {"csrfmiddlewaretoken"}
    refused = client.post(url, {cell_name(people(plan_000), "凯里市人民政府"): "1"})
    assert refused.status_code == 403
    assert TargetShare.objects.get().value == 650


@pytest.mark.parametrize("person", ["bob", "carol"])
def test_other_units_and_the_county_itself_are_refused(client, plan_000, request, person):
    user = request.getfixturevalue(person)
    login(client, user)
    download = reverse("progress:shares_download", args=[plan_000.key])
    for response in (
        client.get(shares_url(plan_000)),
        client.post(shares_url(plan_000), {}),
        client.get(f"{download}?task={task(plan_000, '1').pk}"),
    ):
        assert response.status_code == 403
        assert "只有领导小组办公室和" in response.content.decode()


def test_anonymous_people_are_sent_to_log_in(client, plan_000):
    response = client.get(shares_url(plan_000))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_history_says_who_changed_what_when_and_how(client, plan_000, alice, olivia):
    target = people(plan_000)
    kaili = unit("凯里市人民政府")
    services.target_share_set(user=alice, target=target, unit=kaili, value=650, source="page")
    services.target_share_set(user=olivia, target=target, unit=kaili, value=700, version=1)
    page = login(client, olivia).get(shares_url(plan_000)).content.decode()
    history = page[page.index("修改历史") :]
    rows = re.findall(r"<tr><td>(.*?)</td></tr>", history, re.S)
    cells = [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "|", r)).split("|") for r in rows]
    cells = [[c.strip() for c in row if c.strip()] for row in cells]
    assert [row[1:] for row in cells] == [
        ["olivia", "凯里市人民政府", "农村劳动力转移就业", "修改", "650人", "700人", "API"],
        ["alice", "凯里市人民政府", "农村劳动力转移就业", "设定", "—", "650人", "页面"],
    ]


def test_the_page_costs_the_same_queries_however_many_shares_it_shows(client, plan_000, olivia):
    login(client, olivia)
    url = shares_url(plan_000)
    target = people(plan_000)
    services.target_share_set(user=olivia, target=target, unit=unit(COUNTIES[0]), value=100)
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for name in COUNTIES[1:]:
        services.target_share_set(user=olivia, target=target, unit=unit(name), value=100)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(one)


def test_the_task_page_links_to_the_shares_page_for_those_who_set_them(
    client, plan_000, alice, rita
):
    url = reverse("dashboards:task", args=[task(plan_000, "1").pk])
    assert shares_url(plan_000) in login(client, alice).get(url).content.decode()
    client.logout()
    assert shares_url(plan_000) not in login(client, rita).get(url).content.decode()


def test_the_task_page_warns_of_a_short_sum_of_counts_but_not_of_rates(
    client, plan_000, alice, olivia
):
    t1 = task(plan_000, "1")
    rate = t1.targets.get(role="annual", metric="以县为单位农村劳动力组织化程度")
    kaili = unit("凯里市人民政府")
    services.target_share_set(user=alice, target=rate, unit=kaili, value=60)
    page = login(client, olivia).get(reverse("dashboards:task", args=[t1.pk])).content.decode()
    assert "（分解合计少于年度目标）" not in page  # 60% of 70%: rates do not add up
    services.target_share_set(user=alice, target=people(plan_000), unit=kaili, value=650)
    page = client.get(reverse("dashboards:task", args=[t1.pk])).content.decode()
    assert page.count("（分解合计少于年度目标）") == 1


def test_my_tasks_and_the_periods_page_offer_the_plans_shares_workbook(
    client, plan_000, alice, carol, olivia
):
    download = reverse("progress:shares_download", args=[plan_000.key])
    mine = f"{reverse('progress:my_tasks')}?plan={plan_000.key}"
    assert download in login(client, alice).get(mine).content.decode()
    client.logout()
    assert download not in login(client, carol).get(mine).content.decode()
    client.logout()
    assert download in login(client, olivia).get(reverse("progress:periods")).content.decode()


# The service behind the page and the workbook


def test_a_save_of_many_shares_tells_their_task_once(
    plan_000, olivia, django_capture_on_commit_callbacks
):
    target = people(plan_000)
    rows = [services.ShareRow(target=target, unit=unit(n), value=100, key=n) for n in COUNTIES]
    with django_capture_on_commit_callbacks() as callbacks:
        saved = services.target_shares_save(user=olivia, rows=rows)
    assert (saved.created, saved.changed) == (16, 16)
    assert len(callbacks) == 1  # one recompute of task 1, not sixteen


def test_a_save_touching_a_task_the_unit_does_not_lead_is_refused_whole(plan_000, alice):
    t13 = task(plan_000, "13")  # 州财政局's
    other = t13.targets.get(role="annual")  # 土地出让收益用于农业农村发展
    rows = [
        services.ShareRow(target=people(plan_000), unit=unit("凯里市人民政府"), value=1),
        services.ShareRow(target=other, unit=unit("凯里市人民政府"), value=1),
    ]
    with pytest.raises(NotAllowed) as refused_save:
        services.target_shares_save(user=alice, rows=rows)
    assert "任务13" in refused_save.value.message
    assert not TargetShare.objects.exists()


# The workbook read back


def sheet(data):
    return load_workbook(io.BytesIO(data))[SHEET]


def rows_of(ws):
    """{(task number, metric, target, unit name): row number} of the workbook's data rows."""
    found = {}
    for r in range(FIRST_ROW, ws.max_row + 1):
        number = ws.cell(r, 1).value
        if number is None:
            continue
        found[(number, *(ws.cell(r, c).value for c in (3, 4, 5)))] = r
    return found


def edit(data, change):
    wb = load_workbook(io.BytesIO(data))
    change(wb[SHEET])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def fill(data, values):
    """The workbook with {rows_of key: value} typed in."""

    def change(ws):
        rows = rows_of(ws)
        for key, value in values.items():
            ws.cell(rows[key], 7).value = value

    return edit(data, change)


KAILI_PEOPLE = ("1", "农村劳动力转移就业", "≥9500人", "凯里市人民政府")
HUANGPING_PEOPLE = ("1", "农村劳动力转移就业", "≥9500人", "黄平县人民政府")


def refused(user, data, **kwargs):
    before = database()
    with pytest.raises(InvalidUpload) as error:
        shares_import(user=user, data=data, **kwargs)
    assert database() == before
    return error.value


def test_the_offices_workbook_lists_every_target_of_the_plan_by_unit(plan_000, olivia):
    ws = sheet(shares_workbook_build(user=olivia, plan=plan_000))
    assert ws["A1"].value == f"{plan_000.title} 目标分解表"
    assert "领导小组办公室" in ws["A2"].value
    assert [c.value for c in ws[HEADER_ROW]] == HEADERS
    rows = rows_of(ws)
    expected = sum(
        t.targets.filter(role="annual").count() * t.assignments.filter(role="responsible").count()
        for t in plan_000.tasks.all()
    )
    assert len(rows) == expected
    first = [ws.cell(r, 5).value for r in range(FIRST_ROW, FIRST_ROW + 18)]
    assert first == [*COUNTIES, "州乡村振兴局", "州农业农村局"]
    r = rows[KAILI_PEOPLE]
    assert [ws.cell(r, c).value for c in (1, 3, 4, 5, 6, 7)] == [
        "1",
        "农村劳动力转移就业",
        "≥9500人",
        "凯里市人民政府",
        "人",
        None,
    ]
    assert ws.cell(r, 2).value == task(plan_000, "1").annual_target


def test_read_only_cells_are_locked_and_grey_the_value_open_and_the_identity_hidden(
    plan_000, olivia
):
    data = shares_workbook_build(user=olivia, plan=plan_000, task=task(plan_000, "1"))
    wb = load_workbook(io.BytesIO(data))
    ws = wb[SHEET]
    assert ws.protection.sheet
    assert wb.security.lockStructure
    r = rows_of(ws)[KAILI_PEOPLE]
    for column in range(1, 7):
        assert ws.cell(r, column).protection.locked
        assert ws.cell(r, column).fill.fgColor.rgb.endswith("E7E6E6")
    assert not ws.cell(r, 7).protection.locked
    assert ws.cell(r, 7).fill.fgColor.rgb.endswith("FFFFFF")
    assert wb["_meta"].sheet_state == "veryHidden"
    meta = [[c.value for c in row] for row in wb["_meta"].iter_rows()]
    assert meta[0][:2] == ["format", "plantrack-target-shares"]
    assert meta[4][:2] == ["scope", "office"]
    assert meta[5][:2] == ["task", str(task(plan_000, "1").pk)]
    assert len(rows_of(ws)) == 2 * 18  # task 1 only: two targets, eighteen units


def test_a_lead_units_workbook_holds_the_tasks_it_leads_and_a_county_gets_none(
    plan_000, alice, carol
):
    ws = sheet(shares_workbook_build(user=alice, plan=plan_000))
    assert "州人力资源社会保障局" in ws["A2"].value
    numbers = sorted({key[0] for key in rows_of(ws)}, key=int)
    assert numbers == ["1", "5", "36", "37", "40", "58", "59", "60", "61", "62", "64"]
    with pytest.raises(NotAllowed):
        shares_workbook_build(user=carol, plan=plan_000)
    with pytest.raises(NotAllowed):
        shares_workbook_build(user=alice, plan=plan_000, task=task(plan_000, "13"))


def test_a_workbook_filled_in_sets_changes_and_removes_shares_and_reads_back(
    plan_000, alice, olivia
):
    target = people(plan_000)
    services.target_share_set(user=olivia, target=target, unit=unit("施秉县人民政府"), value=300)
    services.target_share_set(user=olivia, target=target, unit=unit("三穗县人民政府"), value=200)
    data = shares_workbook_build(user=alice, plan=plan_000)
    ws = sheet(data)
    assert (
        ws.cell(rows_of(ws)[("1", "农村劳动力转移就业", "≥9500人", "施秉县人民政府")], 7).value
        == 300
    )
    filled = fill(
        data,
        {
            KAILI_PEOPLE: 650,
            HUANGPING_PEOPLE: "500",  # typed as text
            ("1", "农村劳动力转移就业", "≥9500人", "施秉县人民政府"): 350,
            ("1", "农村劳动力转移就业", "≥9500人", "三穗县人民政府"): None,
        },
    )
    result = shares_import(user=alice, data=filled, plan=plan_000)
    assert (result.created, result.updated, result.deleted) == (2, 1, 1)
    assert result.skipped == len(rows_of(ws)) - 4
    assert result.tasks == ["1"]
    shares = {s.unit.name: (s.value, s.version) for s in TargetShare.objects.select_related("unit")}
    assert shares == {
        "凯里市人民政府": (650, 1),
        "黄平县人民政府": (500, 1),
        "施秉县人民政府": (350, 2),
    }
    assert set(TargetShareEvent.objects.filter(actor=alice).values_list("source", flat=True)) == {
        "excel"
    }
    # Downloaded again, the workbook shows them; uploaded unchanged, it changes nothing.
    again = shares_workbook_build(user=alice, plan=plan_000)
    ws = sheet(again)
    assert ws.cell(rows_of(ws)[KAILI_PEOPLE], 7).value == 650
    before = database()
    result = shares_import(user=alice, data=again, plan=plan_000)
    assert (result.created, result.updated, result.deleted) == (0, 0, 0)
    assert database() == before


def test_amounts_are_typed_in_the_targets_written_unit(plan_000, olivia):
    """Task 21's 投入义务教育营养改善资金约4亿元: the workbook asks for 亿元, stores 元."""
    t21 = task(plan_000, "21")
    money = t21.targets.get(role="annual", metric="投入义务教育营养改善资金")
    data = shares_workbook_build(user=olivia, plan=plan_000, task=t21)
    ws = sheet(data)
    key = ("21", "投入义务教育营养改善资金", "约4亿元", "凯里市人民政府")
    r = rows_of(ws)[key]
    assert (ws.cell(r, 4).value, ws.cell(r, 6).value) == ("约4亿元", "亿元")
    shares_import(user=olivia, data=fill(data, {key: 0.55}))
    share = TargetShare.objects.get(target=money)
    assert share.value == Decimal("55000000")
    assert share.text == "0.55亿元"
    ws = sheet(shares_workbook_build(user=olivia, plan=plan_000, task=t21))
    assert ws.cell(rows_of(ws)[key], 7).value == 0.55


def test_the_upload_page_imports_and_lists_bad_rows(client, plan_000, alice):
    login(client, alice)
    url = reverse("progress:shares_upload", args=[plan_000.key])
    download = client.get(
        reverse("progress:shares_download", args=[plan_000.key]) + f"?task={task(plan_000, '1').pk}"
    )
    assert download.status_code == 200
    assert (
        "目标分解表_任务1.xlsx" in download["Content-Disposition"]
        or "filename*" in (download["Content-Disposition"])
    )
    good = io.BytesIO(fill(download.content, {KAILI_PEOPLE: 650}))
    good.name = "shares.xlsx"
    response = client.post(url, {"file": good, "next": shares_url(plan_000)})
    assert response.status_code == 200
    page = response.content.decode()
    assert "导入成功：新设 1 个、修改 0 个、删除 0 个分解目标" in page
    assert f'href="{shares_url(plan_000)}"' in page
    bad = io.BytesIO(fill(download.content, {HUANGPING_PEOPLE: -1}))
    bad.name = "shares.xlsx"
    response = client.post(url, {"file": bad})
    assert response.status_code == 400
    assert "分解目标值不能为负数。" in response.content.decode()
    assert TargetShare.objects.count() == 1


# Bad uploads: every bad row listed, nothing changed


def test_formulas_negatives_and_words_are_each_listed_with_their_row(plan_000, alice):
    data = shares_workbook_build(user=alice, plan=plan_000)
    rows = rows_of(sheet(data))
    shibing = ("1", "农村劳动力转移就业", "≥9500人", "施秉县人民政府")
    error = refused(
        alice,
        fill(data, {KAILI_PEOPLE: "=600+50", HUANGPING_PEOPLE: -5, shibing: "很多"}),
    )
    assert "未导入任何内容" in error.message
    assert error.rows == [
        {"row": rows[KAILI_PEOPLE], "column": "分解目标值", "message": "不接受公式，请填写数值。"},
        {
            "row": rows[HUANGPING_PEOPLE],
            "column": "分解目标值",
            "message": "分解目标值不能为负数。",
        },
        {"row": rows[shibing], "column": "分解目标值", "message": "分解目标值必须是数字。"},
    ]


def test_a_changed_read_only_cell_is_refused(plan_000, alice):
    data = shares_workbook_build(user=alice, plan=plan_000)
    r = rows_of(sheet(data))[KAILI_PEOPLE]

    def tamper(ws):
        ws.cell(r, 5).value = "黄平县人民政府"
        ws.cell(r, 7).value = 650

    error = refused(alice, edit(data, tamper))
    assert error.rows == [
        {
            "row": r,
            "column": "责任单位",
            "message": "只读列“责任单位”被改动，或该目标、单位已调整，本行未导入。"
            "请重新下载目标分解表后填写。",
        }
    ]


def test_added_and_deleted_rows_are_refused(plan_000, alice):
    data = shares_workbook_build(user=alice, plan=plan_000, task=task(plan_000, "1"))
    ws = sheet(data)
    last = ws.max_row

    def add(ws):
        for column, value in enumerate(["1", "x", "农村劳动力转移就业", "≥9500人", "新单位"], 1):
            ws.cell(last + 1, column).value = value
        ws.cell(last + 1, 7).value = 10

    error = refused(alice, edit(data, add))
    assert error.rows == [
        {
            "row": last + 1,
            "column": "",
            "message": "该行不在下载的目标分解表中（请勿增加行），未导入。",
        }
    ]
    error = refused(alice, edit(data, lambda ws: ws.delete_rows(FIRST_ROW + 3)))
    messages = {e["row"]: e["message"] for e in error.rows}
    assert "被改动" in messages[FIRST_ROW + 3]  # the rows below moved up
    assert messages[last] == "该行被删除或清空，未导入。请勿删除行，重新下载后填写。"


def test_a_share_changed_since_the_download_is_not_overwritten(plan_000, alice, olivia):
    target = people(plan_000)
    data = shares_workbook_build(user=alice, plan=plan_000)
    services.target_share_set(user=olivia, target=target, unit=unit("凯里市人民政府"), value=600)
    r = rows_of(sheet(data))[KAILI_PEOPLE]
    error = refused(alice, fill(data, {KAILI_PEOPLE: 650, HUANGPING_PEOPLE: 500}))
    assert error.rows == [
        {
            "row": r,
            "column": "分解目标值",
            "message": "该单位的分解目标在下载后已被修改（下载时尚未分解，现为第1版），"
            "为避免覆盖，本行未导入。请重新下载目标分解表后填写。",
        }
    ]
    assert TargetShare.objects.get().value == 600
    # The row left as downloaded is not a conflict: only what the person changed counts.
    result = shares_import(user=alice, data=fill(data, {HUANGPING_PEOPLE: 500}))
    assert result.created == 1


def test_workbooks_that_are_not_ours_are_refused(plan_000, alice, period_q2):
    not_ours = "该文件不是本系统导出的目标分解表"
    # A progress template is signed too, but it is another kind of workbook.
    template = template_build(unit=alice.profile.unit, period=period_q2)
    assert not_ours in refused(alice, template).message
    plain = Workbook()
    plain.active.title = SHEET
    out = io.BytesIO()
    plain.save(out)
    assert not_ours in refused(alice, out.getvalue()).message
    data = shares_workbook_build(user=alice, plan=plan_000)
    wb = load_workbook(io.BytesIO(data))
    wb["_meta"]["B5"].value = "office"  # claims the office's scope: the signature fails
    out = io.BytesIO()
    wb.save(out)
    assert not_ours in refused(alice, out.getvalue()).message
    assert "文件无法读取" in refused(alice, b"PK\x03\x04 not really a zip").message
    assert "上传的文件是空的" in refused(alice, b"").message


def test_a_workbook_is_uploaded_only_within_the_scope_it_was_made_for(
    plan_000, alice, bob, olivia, loaded_plans
):
    office = shares_workbook_build(user=olivia, plan=plan_000)
    assert "只能由领导小组办公室上传" in refused(alice, fill(office, {KAILI_PEOPLE: 1})).message
    hr = shares_workbook_build(user=alice, plan=plan_000)
    assert "您不能上传" in refused(bob, fill(hr, {KAILI_PEOPLE: 1})).message
    other_plan = loaded_plans["001"]
    assert "不是《" in refused(alice, hr, plan=other_plan).message
    # The office may upload what a lead unit filled in.
    assert shares_import(user=olivia, data=fill(hr, {KAILI_PEOPLE: 650})).created == 1


def test_a_lead_unit_that_no_longer_leads_the_task_cannot_upload_its_rows(plan_000, alice):
    data = shares_workbook_build(user=alice, plan=plan_000, task=task(plan_000, "1"))
    task(plan_000, "1").assignments.filter(unit=alice.profile.unit, role="lead").delete()
    error = refused(alice, fill(data, {KAILI_PEOPLE: 650}))
    assert {e["column"] for e in error.rows} == {"序号"}
    assert "您已不能分解任务1的目标" in error.rows[0]["message"]


def test_a_second_lead_unit_reporter_is_refused_the_first_ones_workbook_only_by_unit(
    plan_000, alice, leo
):
    """Scope is the unit, not the person: alice's leader uploads her workbook."""
    data = shares_workbook_build(user=alice, plan=plan_000)
    assert shares_import(user=leo, data=fill(data, {KAILI_PEOPLE: 650})).created == 1


def test_a_county_cannot_upload_a_workbook(plan_000, alice, carol):
    data = shares_workbook_build(user=alice, plan=plan_000)
    assert "您不能上传" in refused(carol, fill(data, {KAILI_PEOPLE: 650})).message
    reader = _person("rita2", "reader")
    assert "只有领导小组办公室和任务的牵头单位" in refused(reader, data).message
