"""fixtures/plans/ is generated from fixtures/sources/ and fixtures/corrections/, never edited."""

import json

import pytest

from plans.documents import CORRECTIONS, PLANS, SOURCES, corrections_for, document_parse

SOURCE_FILES = sorted(p for p in SOURCES.iterdir() if p.suffix in (".txt", ".xlsx"))


@pytest.mark.parametrize("source", SOURCE_FILES, ids=lambda p: p.stem[:3])
def test_each_fixture_is_exactly_what_build_fixtures_makes_of_its_source(source):
    parse = document_parse(
        source.read_bytes(), name=source.name, corrections=corrections_for(source.name)
    )
    fixture = json.loads((PLANS / f"{source.stem}.json").read_text(encoding="utf-8"))
    assert parse == fixture, (
        f"fixtures/plans/{source.stem}.json is stale: run `python manage.py build_fixtures`"
    )


def test_every_seed_document_has_a_fixture_and_every_correction_a_source():
    assert {p.stem for p in PLANS.glob("*.json")} == {p.stem for p in SOURCE_FILES}
    assert {p.stem for p in CORRECTIONS.glob("*.json")} <= {p.stem for p in SOURCE_FILES}
    assert len(SOURCE_FILES) == 5
