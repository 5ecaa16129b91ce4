"""The office's wording of a plan's 通报 (BulletinTemplate): defaults from the plan's region,
placeholders filled from the snapshot, unknown ones refused in Chinese with nothing saved,
edited on a page by the office only, and used by the next bulletin."""

import io

import pytest
from django.urls import reverse
from docx import Document

from progress.errors import NotAllowed, ReportError
from reports import rules
from reports.bulletin_docx import bulletin_document
from reports.bulletin_docx.placeholders import PLACEHOLDERS, fill, placeholders_problems, values
from reports.bulletin_templates import (
    bulletin_template_of,
    bulletin_template_save,
    template_defaults,
)
from reports.models import BulletinTemplate
from reports.snapshots import snapshot_compute
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db
PLAN_KEY = "000_c5d4690d8c15b8df"


def test_defaults_come_from_the_plans_region(loaded_plans):
    prefecture = template_defaults(loaded_plans["000"])
    assert (
        prefecture["office_name"]
        == prefecture["signature"]
        == "黔东南州促进居民增收工作领导小组办公室"
    )
    assert prefecture["number_prefix"] == "黔东南增收办"
    assert prefecture["recipients"] == "各县（市）人民政府，州直有关部门"
    county = template_defaults(loaded_plans["001"])
    assert county["office_name"] == "册亨县促进居民增收工作领导小组办公室"
    assert county["number_prefix"] == "册亨增收办"
    assert county["recipients"] == "各乡（镇）人民政府、街道办事处，县直有关部门"
    province = template_defaults(loaded_plans["004"])
    assert province["number_prefix"] == "贵州就业办"
    assert province["recipients"] == "各市（州）人民政府，省直有关部门"
    for defaults in (prefecture, county, province):
        for text in defaults.values():
            assert placeholders_problems(text) == []
    assert not BulletinTemplate.objects.exists()  # reading the defaults saves nothing


def test_placeholders_are_the_snapshots_figures_in_words(plan_000, period_q3):
    snapshot = snapshot_compute(plan=plan_000, period=period_q3)
    known = values(snapshot, office_name="某办公室")
    assert set(known) == set(PLACEHOLDERS)
    assert known["任务数"] == str(snapshot.tasks) == "64"
    assert known["未报送"] == str(snapshot.not_reported)
    assert known["平均完成率"] == rules.percent_text(snapshot.completion)
    assert known["报送率"] == rules.percent_text(snapshot.reporting_rate)
    assert known["期间"] == "2022年第三季度"
    assert known["截止日期"] == "2022年9月18日"
    assert known["计划"] == "《黔东南州2022年度促进居民增收实施计划》"
    assert known["工作"] == "黔东南州促进居民增收工作"
    assert fill("{期间}共{任务数}项，{发文机关}", known) == "2022年第三季度共64项，某办公室"


def test_unknown_placeholders_and_unpaired_braces_are_named_in_chinese():
    assert placeholders_problems("现将{期间}情况通报如下") == []
    assert placeholders_problems("{季度}与{单位}及{季度}") == [
        "未知的占位符：{季度}、{单位}。可用的占位符见本页下方的列表。"
    ]
    assert placeholders_problems("现将{期间情况") == [
        "花括号不成对：占位符须写成 {名称}，如 {期间}。"
    ]
    assert placeholders_problems("}{") == ["花括号不成对：占位符须写成 {名称}，如 {期间}。"]


def wording(plan, **changes):
    return {**template_defaults(plan), **changes}


def test_the_office_saves_the_wording_and_nothing_is_saved_while_a_field_is_wrong(
    plan_000, olivia, alice
):
    with pytest.raises(ReportError) as refused:
        bulletin_template_save(
            user=olivia,
            plan=plan_000,
            data=wording(
                plan_000,
                title="关于{期间}{季度}的通报",
                number_prefix="黔东南增收办〔2022〕",
                signature="",
                requirements="{平均完成率",
            ),
        )
    assert refused.value.message == "通报模板有误，未保存：请按提示修改。"
    assert refused.value.fields == {
        "title": "未知的占位符：{季度}。可用的占位符见本页下方的列表。",
        "number_prefix": "机关代字只填代字本身（如“黔东南增收办”），年份〔2022〕和序号由系统编排。",
        "signature": "请填写落款。",
        "requirements": "花括号不成对：占位符须写成 {名称}，如 {期间}。",
    }
    assert not BulletinTemplate.objects.exists()
    with pytest.raises(NotAllowed):
        bulletin_template_save(user=alice, plan=plan_000, data=wording(plan_000))
    saved = bulletin_template_save(
        user=olivia, plan=plan_000, data=wording(plan_000, number_prefix=" 州增收办 ")
    )
    assert (saved.number_prefix, saved.updated_by) == ("州增收办", olivia)
    assert bulletin_template_of(plan_000).pk == saved.pk


def test_the_next_bulletin_reads_in_the_saved_wording(plan_000, period_q3, olivia):
    bulletin_template_save(
        user=olivia,
        plan=plan_000,
        data=wording(
            plan_000,
            office_name="黔东南州促进居民增收工作领导小组办公室（试行）",
            title="关于{期间}促进居民增收工作进展的通报",
            recipients="各县（市）人民政府，州有关单位：",
            opening="{期间}，全州{任务数}项任务平均完成率{平均完成率}。",
            requirements="（一）抓紧整改。对滞后任务逐项整改。\n各单位于{截止日期}前报送。",
            closing="特此通报。",
            signature="{发文机关}",
        ),
    )
    snapshot = snapshot_compute(plan=plan_000, period=period_q3)
    doc = Document(
        io.BytesIO(
            bulletin_document(snapshot, bulletin_template_of(plan_000), "州增收办〔2022〕1号")
        )
    )
    texts = [p.text for p in doc.paragraphs]
    office = "黔东南州促进居民增收工作领导小组办公室（试行）"
    assert texts[0] == office
    assert "关于2022年第三季度促进居民增收工作进展的通报" in [t.replace("\n", "") for t in texts]
    assert "各县（市）人民政府，州有关单位：" in texts  # one colon, not two
    opening = f"2022年第三季度，全州64项任务平均完成率{rules.percent_text(snapshot.completion)}。"
    assert texts[texts.index("各县（市）人民政府，州有关单位：") + 1] == opening
    requirements = next(i for i, t in enumerate(texts) if t.endswith("、下一步工作要求"))
    assert texts[requirements + 1 : requirements + 3] == [
        "（一）抓紧整改。对滞后任务逐项整改。",
        "各单位于2022年9月18日前报送。",
    ]
    item = doc.paragraphs[requirements + 1]
    assert item.runs[0].text == "（一）抓紧整改。"
    assert office in texts[texts.index("特此通报。") :]  # the signature, filled


def test_the_office_edits_the_wording_on_a_page(client, olivia, plan_000):
    client.login(username="olivia", password=PASSWORD)
    url = reverse("reports:bulletin_template")
    page = client.get(url, {"plan": PLAN_KEY}).content.decode()
    assert "黔东南增收办" in page and "各县（市）人民政府，州直有关部门" in page
    assert "{平均完成率}" in page and "{期间}" in page  # the placeholders are listed
    assert "尚未保存" in page
    data = {"plan": PLAN_KEY, **template_defaults(plan_000), "title": "关于{季度}的通报"}
    refused = client.post(url, data)
    assert refused.status_code == 400
    body = refused.content.decode()
    assert "未知的占位符：{季度}" in body
    assert "通报模板有误，未保存" in body
    assert 'value="关于{季度}的通报"' in body  # what was typed stays in the form
    assert not BulletinTemplate.objects.exists()
    data["title"] = "关于{工作}{期间}工作推进情况的通报"
    response = client.post(url, data)
    assert response.status_code == 302
    assert BulletinTemplate.objects.get(plan=plan_000).title == data["title"]
    page = client.get(response["Location"]).content.decode()
    assert "已保存" in page and "最后修改" in page


def test_only_the_office_opens_the_template_page(client, alice, rita, plan_000):
    for user in ("alice", "rita"):
        client.login(username=user, password=PASSWORD)
        url = reverse("reports:bulletin_template")
        assert client.get(url, {"plan": PLAN_KEY}).status_code == 403
        data = {"plan": PLAN_KEY, **template_defaults(plan_000)}
        assert client.post(url, data).status_code == 403
    assert not BulletinTemplate.objects.exists()


def test_the_job_issues_both_files_in_the_saved_name(plan_000, period_q3, olivia):
    from openpyxl import load_workbook

    from reports.bulletins import bulletin_create, bulletin_make

    office = "黔东南州促进居民增收工作领导小组办公室（试行）"
    bulletin_template_save(
        user=olivia,
        plan=plan_000,
        data=wording(plan_000, office_name=office, number_prefix="州增收办"),
    )
    bulletin = bulletin_make(
        bulletin_id=bulletin_create(plan=plan_000, period=period_q3, queue=False).pk
    )
    assert bulletin.number.text.startswith("州增收办〔")
    book = load_workbook(bulletin.file.path)
    assert book["总体情况"]["A2"].value.startswith(f"{office}　　")
    doc = Document(bulletin.document.path)
    assert doc.paragraphs[0].text == office
    assert doc.paragraphs[-1].text.startswith(f"\u3000{office}\t")
