"""Reader for county action plans written as numbered measures (the layout of 001)."""

LAYOUT = "measures"


def looks_like_measures(text):
    return False


def parse_measures(text, source=""):
    raise ValueError("measures layout not implemented yet")
