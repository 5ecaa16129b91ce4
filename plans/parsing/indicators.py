"""Reader for five-year plans with indicator tables and 专栏 boxes (the layouts of 002 and 004)."""

LAYOUT = "indicators"


def looks_like_indicators(text):
    return False


def parse_indicators(text, source=""):
    raise ValueError("indicators layout not implemented yet")
