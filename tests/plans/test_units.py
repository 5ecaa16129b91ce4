"""The unit register: canonical names, aliases and collective phrases, on the loaded plans."""

import pytest

from plans.models import Unit, UnitAlias
from plans.units import canonical_name
from tasks.models import TaskAssignment

pytestmark = pytest.mark.django_db


def units_of(plan, number, role):
    assignments = TaskAssignment.objects.filter(task__plan=plan, task__number=number, role=role)
    return [
        (a.unit.name, a.unit.region.short_name, a.as_written) for a in assignments.order_by("order")
    ]


def test_abbreviations_and_variants_have_one_canonical_name():
    assert canonical_name("县人社局") == "县人力资源社会保障局"
    assert canonical_name("州发改委") == "州发展改革委"
    assert canonical_name("县发改局") == "县发展改革局"
    assert canonical_name("人民银行册亨支行") == canonical_name("人行册亨县支行") == "人行册亨支行"
    assert canonical_name("各乡(镇、街道)") == canonical_name("各乡镇〈街道〉人民政府〈办事处〉")


def test_a_unit_written_two_ways_in_the_county_plan_is_one_unit_with_its_alias(loaded_plans):
    labour = Unit.objects.get(name="县人力资源社会保障局", region__short_name="册亨县")
    assert UnitAlias.objects.get(name="县人社局", region__short_name="册亨县").unit == labour
    assert TaskAssignment.objects.filter(task__plan=loaded_plans["001"], unit=labour).count() > 10
    bank = Unit.objects.get(name="人行册亨支行", region__short_name="册亨县")
    written = set(TaskAssignment.objects.filter(unit=bank).values_list("as_written", flat=True))
    assert written == {"人民银行册亨支行", "人行册亨县支行"}


def test_each_county_government_of_the_prefecture_stands_for_its_collective_phrase(plan_000):
    responsible = units_of(plan_000, "1", "responsible")
    counties = [
        (name, region) for name, region, written in responsible if written == "各县（市）人民政府"
    ]
    assert len(counties) == 16
    assert counties[0] == ("凯里市人民政府", "凯里市")
    assert ("丹寨县人民政府", "丹寨县") in counties
    assert all(
        u.kind == "government" for u in Unit.objects.filter(name__in=[c for c, _ in counties])
    )


def test_the_provinces_prefecture_governments_expand_and_named_ones_join_them(loaded_plans):
    plan = loaded_plans["003"]
    governments = TaskAssignment.objects.filter(task__plan=plan, as_written="各市〔州〕政府")
    names = set(governments.values_list("unit__name", flat=True))
    assert len(names) == 9
    assert {"黔东南州人民政府", "贵阳市人民政府", "六盘水市人民政府"} <= names
    # "六盘水市政府" written alone is the same government, not a new unit.
    assert Unit.objects.filter(name__in=["六盘水市政府", "毕节市政府"]).count() == 0
    assert UnitAlias.objects.get(name="六盘水市政府").unit.name == "六盘水市人民政府"


def test_collective_bodies_whose_members_are_unknown_stay_one_unit(loaded_plans):
    unit = Unit.objects.get(name="省有关单位")
    assert unit.kind == "collective"
    townships = Unit.objects.get(
        name="各乡镇（街道）人民政府（办事处）", region__short_name="册亨县"
    )
    assert townships.kind == "collective"


def test_loading_twice_creates_no_duplicate_units(loaded_plans):
    from django.core.management import call_command

    before = (Unit.objects.count(), UnitAlias.objects.count(), TaskAssignment.objects.count())
    call_command("load_plans", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert (
        Unit.objects.count(),
        UnitAlias.objects.count(),
        TaskAssignment.objects.count(),
    ) == before
