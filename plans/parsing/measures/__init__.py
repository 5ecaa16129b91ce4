"""Reader for county action plans written as numbered measures (the layout of 001).

Such a plan is a 印发 letter, the plan's prose (工作目标 with headline targets, the leading group
and its 工作专班, 实施保障) and 附件: a table of yearly targets cut one cell a line with `|`
separators, and action plans whose numbered measures end in a unit clause
`(责任单位:X、Y等,各乡(镇、街道))` or `(牵头单位:X;责任单位:Y)`.

What the parse holds, and the choices made:
- sections: each measures 附件 is a top-level section (key "附件2"); its 一、 headings are
  "附件2.1"..., its （一） headings "附件3.2.1"... The 附件1 table and the main text hold no tasks
  and give no sections.
- tasks: one per numbered measure, numbered "<附件>-<measure number as written>" ("2-1", "3-11"),
  so numbers stay unique although every 附件 restarts at 1 and a gap in the source stays visible
  (warned); a repeated number or heading gets a "#" mark ("2-1#") and a warning.
  annual_target is the measure text without its unit clause; title is the measure's name where
  its first sentence is a short name ("深化东西部劳务协作促增收").
- units: all units of 责任单位 are responsible units. When the clause names no lead unit (or leaves
  牵头单位 blank), the first listed unit that is not a collective phrase (各…) becomes the lead so
  that every task has someone answering for it, and the task carries a warning ("no_lead_unit" or
  "lead_unit_blank") because the document does not say the first unit leads. A clause note such as
  "各项措施责任单位均包括各乡(镇、街道),以下不再列出" adds that unit to the later measures of the
  same 附件 (one plan warning says so) and is kept in the remarks of the measure carrying it.
- indicators: the goals of every 目标 part and of the 附件 preambles / 总体要求, read clause by
  clause: an annual-average growth ("年均增长10%左右") is one indicator with annual "10左右" and
  year the span's end (2024), since 附件1 gives the growth per year; a level ("到2024年…达到
  48594.8元") has target and year. A leading 全县 (the plan's own scope) is left out of the name.
  A goal the 附件 restate with the same value is tied to the headline one; a new one is added.
  The `|` table gives one indicator per year x row x column ("城镇常住居民工资性收入增速", 2022,
  target "10", unit "%"); words such as 正增长 are kept as the target.
- bodies: the leading group and its 工作专班 with the unit hosting each office and the leader's
  line as written ("刘 洁 县委副书记、县人民政府县长").
- plan.reporting_deadlines from "分别于3月18日、6月18日、9月18日、12月18日前报送".
Other prose (指导思想, 保障措施 paragraphs, member lists) is not kept: it holds no task.

The reader is split by topic: `document` (the entry points, the plan header and the reporting
deadlines), `lines` (the line marks and the warning helper), `attachments` (each 附件: its
sections and numbered measures), `clauses` (a measure as a task, its unit clause read),
`indicators` (the goals and the `|` table) and `bodies` (the leading group and its 工作专班).
"""

from plans.parsing.measures.document import LAYOUT, looks_like_measures, parse_measures

__all__ = ["LAYOUT", "looks_like_measures", "parse_measures"]
