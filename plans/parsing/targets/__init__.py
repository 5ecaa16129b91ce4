"""Numeric targets pulled out of task text (目标值).

A target is a quantity a unit must reach: people, enterprises, projects, money raised or
invested, percentages, ratios, areas, yields. Each one is read from one clause (the text between
two commas) of the annual text or of a quarterly plan. Numbers that are not goals are left out:
document numbers and dates (no unit), ages, numbers in brackets, subsidy and reward standards
(每人500元, 最高300万元, 80元/人/月, 按…给予补贴), thresholds that describe something else
(年产值超100万元的合作社), baselines (由4608元/年…), scopes (全州16个县, 对43个项目进行监管),
facts already achieved (已培育…), and quotas being handed down (任务2.472万人分解至县).
A standard being raised is a target: "由4608元/年调整为5316元/年" gives 5316 元/年.

Judgement calls the readers of the result should know:
- cumulative is read from the clause only: 累计 in the clause.
- direction "decrease" means the value must go down to (or stay under) the figure: 下降至/降到/
  控制在/不超过/以内/以下. A reduction by an amount ("下降13%") stays "increase": the amount of
  reduction is what must be reached.
- a milestone is linked to the annual target of the same metric: same unit (名 counts as 人),
  metrics sharing wording; exact metric first, then the closest wording, an equal value breaking
  near ties. A milestone with no such annual target has annual_index None.
- period: the last plan year the sentence names before the number (到2024年), else the plan's
  last year; milestones add their quarter (2022Q2).
- a ratio has the unit "" (城乡居民收入比 2.8); a magnitude written without a unit (到位资金60亿)
  takes the linked annual target's unit, or 元 for money, and the task gets a warning.
- only Arabic figures are read: 三个品牌, 至少开展一次 are not targets.

The reader is split by topic: `linking` (`task_targets`: annual targets and milestones, linked,
units settled), `clauses` (a text cut into sentences and clauses, and the targets in each),
`numbers` (which figures are quantities and goals, and the target each makes) and `metrics`
(the name of what a target measures).
"""

from plans.parsing.targets.linking import QUARTERS, task_targets

__all__ = ["QUARTERS", "task_targets"]
