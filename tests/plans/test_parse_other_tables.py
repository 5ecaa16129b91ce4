"""The table reader on a plan table it has not seen: four quarterly columns, a remark, a page
break whose repeated header sits right above a heading, cells sharing a line."""

from pathlib import Path

import pytest

from plans.parsing import parse_document

TEXT = (Path(__file__).parent / "data" / "other_table.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def parse():
    return parse_document(TEXT, source="other_table.txt")


def test_the_columns_come_from_the_header_including_the_first_quarter_and_remarks(parse):
    first = parse["tasks"][0]
    assert first["quarter_plans"] == {
        "Q1": "新增城镇就业300人。",
        "Q2": "新增城镇就业600人。",
        "Q3": "新增城镇就业900人。",
        "Q4": "新增城镇就业1200人以上。",
    }
    assert first["remarks"] == "省考指标"
    assert first["lead_units"] == ["县人社局"]
    assert first["responsible_units"] == ["县财政局", "各乡镇人民政府"]


def test_four_quarterly_plans_on_one_line_and_units_without_blank_lines(parse):
    second = parse["tasks"][1]
    assert second["annual_target"] == "完成固定资产投资20亿元。"
    assert list(second["quarter_plans"].values()) == [
        "完成3亿元。",
        "完成8亿元。",
        "完成14亿元。",
        "完成20亿元。",
    ]
    assert (second["lead_units"], second["responsible_units"]) == (["县发改局"], ["各乡镇人民政府"])
    assert "cells_on_one_line" in [w["code"] for w in second["warnings"]]


def test_a_heading_right_after_a_repeated_header_starts_its_part(parse):
    assert [(s["key"], s["title"]) for s in parse["sections"]] == [
        ("1", "稳定增长"),
        ("2", "改善民生"),
    ]
    assert [t["section"] for t in parse["tasks"]] == ["1", "1", "2"]
    assert parse["tasks"][2]["responsible_units"] == ["县住建局", "县自然资源局"]


def test_an_unknown_region_is_a_warning_not_a_guess(parse):
    assert parse["plan"]["region"] is None
    assert parse["plan"]["period_start"] == 2023
    assert [w["code"] for w in parse["warnings"]] == ["no_region", "header_repeated"]


def test_quarterly_amounts_without_a_metric_take_the_annual_targets_and_are_flagged(parse):
    targets = parse["tasks"][1]["targets"]
    assert [
        (t["metric"], t["value"], t["unit"], t["period"], t["annual_index"]) for t in targets
    ] == [
        ("固定资产投资", 2000000000, "元", "2023", None),
        ("固定资产投资", 300000000, "元", "2023Q1", 0),
        ("固定资产投资", 800000000, "元", "2023Q2", 0),
        ("固定资产投资", 1400000000, "元", "2023Q3", 0),
        ("固定资产投资", 2000000000, "元", "2023Q4", 0),
    ]
    codes = [w["code"] for w in parse["tasks"][1]["warnings"]]
    assert codes.count("target_metric_inferred") == 4


def test_a_task_after_lost_rows_keeps_the_text_on_its_number_line():
    text = TEXT.replace("\n3\n\n新建公办幼儿园2所，改扩建", "\n5 新建公办幼儿园2所，改扩建")
    parse = parse_document(text, source="gap.txt")
    last = parse["tasks"][-1]
    assert last["number"] == "5"
    assert last["annual_target"] == "新建公办幼儿园2所，改扩建中小学3所。"
    assert "number_gap" in [w["code"] for w in parse["warnings"]]
    assert "number_glued" in [w["code"] for w in last["warnings"]]
