"""Reader for web-scraped task division lists (the layout of 003).

The page is a run of `N.task text(牵头单位：X，责任单位：Y)` with the notice (通知) in front,
but the scrape repeats, shuffles and loses chunks. It was cut into sentences and unit clauses,
and whole runs of them were replaced by copies of earlier runs or of the notice. In 003 every
copied run starts with a unit clause and carries the numbered sentence after it, so the one
adjacency the damage keeps is "clause, then task number": the clause just before `N.` belongs
to task N-1 (wherever a number appears twice, the clauses before it agree). The clause just after a task's text is NOT reliably its own: there the copied
run may begin. The reader therefore:

- ties a clause to task N-1 only when it is directly followed by number N (headings may sit
  between); a task with no such clause gets no units and a warning, never a guessed clause;
- keeps a task's text whole only when the text runs on to its own clause and the next number;
  otherwise only its first sentence is sure, and the rest is flagged, or, when another copy
  shows where the task really ends, reported as a fragment of some other task;
- merges repeated tasks and headings, removes repeated chunks of the notice from task texts,
  and lists the task numbers that never appear.

The reader is split by topic: `document` (the entry points, the plan header and the task dict),
`tokens` (the page as tokens, clauses linked to the number after them), `chunks` (the text after
each copy of a task number, and the choice among the copies), `clauses` (units from the clause
tied to a task, and what belongs to no task) and `headings` (sections, and lost headings).
"""

from plans.parsing.scrape.document import LAYOUT, looks_like_scrape, parse_scrape

__all__ = ["LAYOUT", "looks_like_scrape", "parse_scrape"]
