"""Shared fixtures: the seed documents and, under CI, the real services."""

from pathlib import Path

import pytest

SOURCES = Path(__file__).resolve().parent.parent / "fixtures" / "sources"


def seed_text(prefix):
    """The text of the seed document whose file name starts with prefix ("000")."""
    (path,) = SOURCES.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed():
    return seed_text
