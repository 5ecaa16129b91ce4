"""Reader for five-year plans with indicator tables and 专栏 boxes (the layouts of 002 and 004).

A plan of this kind is long prose in chapters (第一章) and sections (第一节). What can be
tracked sits in two places: the indicators (a tab-separated table in a 专栏, or numeric targets
inside the sentences of 主要目标 when there is no table) and the 专栏 boxes, whose items become
tasks. The prose itself is not read. The extraction wraps lines (inside a paragraph, at a page
end, with spaces where the PDF broke a line), so paragraphs are rejoined where one ends without
a full stop, and spaces between Chinese characters or around numbers are removed.

The reader is split by topic: `document` (the entry points and the plan header), `lines` (the
text as units, and the helpers every part shares), `walk` (the one pass over the units:
headings, boxes, the indicator table), `boxes` (the items of a 专栏) and `goals` (indicators
from the sentences of 主要目标).
"""

from plans.parsing.indicators.document import LAYOUT, looks_like_indicators, parse_indicators

__all__ = ["LAYOUT", "looks_like_indicators", "parse_indicators"]
