"""The line marks a measures plan is read by: 一、 parts and （一） sub-parts are the headings
of the main text and of each 附件 (the same marks as every plan's outline); a numbered measure
starts "1." or "1、"."""

import re

from plans.parsing.outline import PART, SUBPART  # noqa: F401  (the readers of this package use them)

MEASURE = re.compile(r"^(\d{1,3})\s*[.．、](?!\d)\s*(.*)$")
