"""Reader for web-scraped task division lists (the layout of 003)."""

LAYOUT = "scrape"


def looks_like_scrape(text):
    return False


def parse_scrape(text, source=""):
    raise ValueError("scrape layout not implemented yet")
