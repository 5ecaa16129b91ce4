"""Numeric targets pulled out of task text (目标值).

A target is a quantity a unit must reach: people, enterprises, projects, money raised or
invested, percentages, ratios, areas, yields, life expectancy. Each one is read from one clause
(the text between two commas) of the annual text or of a quarterly plan, in Arabic figures or
in Chinese numerals before a measure word (至少开展一次…, 三个品牌).

Numbers that are clearly not goals of the task are left out silently: document numbers and dates
(no unit), ages (15—59岁), codes and names in quotes (“442”, “三个确保、一个杜绝”), subsidy and
reward standards (每人500元, 每户奖励20万元, 最高300万元, 80元/人/月, 按当年缴费金额的10%给予补贴),
thresholds that describe something else (年产值超100万元的合作社), baselines (由4608元/年…),
scopes (全州16个县, 其余14个县, 涉及资金…, 对43个项目进行监管), and facts already achieved
(已培育…). A standard being raised is a target: "由4608元/年调整为5316元/年" gives 5316 元/年,
"由每人每月98元提高到113元" gives 113 元.

Numbers that count the task's own work but that the text does not ask to reach are left out with
a warning on the task naming the figure and why, for a person to decide:
- a quota handed down (招生任务2.472万人分解至县, 3万人的任务数分解至县): target_quota_handed_down;
- money describing a plan or a project (制定500万元“双高”建设资金分配方案, 完成500万元“双高”
  工程建设: the money is an attribute of the project, not an amount to spend or raise; but money
  right after 投入/筹集/募集 is one): target_money_of_project;
- a share a rule sets for money (以30%比例调入一般公共预算, 按照…不低于55%用于发展产业的投向):
  target_share_rule;
- a count in brackets ((以上为2项改革任务)): target_in_brackets.

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
- Chinese numerals (一二两三…十百千, 万/亿) are read before a measure word (个 项 次 家 所 名 户
  人 座 处 条 套 场 件 张 台 辆, 人次, 场次) and then judged like Arabic figures. Not read: after
  第/每/前 (第三季度, 前三季度), 一次性 (a kind of grant), 一批, 一是 (no measure word), inside
  quotes or 《》 (“三类人员”, ‘五个体系’), in pairs (一户一人, 一村一品), and before an Arabic
  figure of the same list item (六项指标落实综合达标率达80%, 三人制篮球场300个: part of what that
  figure measures). One with nothing after its measure word (为…老年人免费体检一次: once per
  person, or one campaign?) is not read and is warned about: target_chinese_number_uncertain.
- a count of regions is a scope only after 全州/全省/其余/所有/在/各 (全州16个县（市）); 天然气
  管道联通71个县, 建成150个乡镇标准化应急救援站 are goals.
- roles (DOMAIN.md "Numbers"): a figure of the annual text is an "annual" target; a quarterly
  figure linked to one is a "milestone"; a quarterly figure with no annual target of its metric
  is a "quarter" target (夏粮 in 二季度), judged only in its own quarter.
- own amount: the quarterly figure's clause says 新增, 本季度 or 当季 and not 累计 ("第三季度"
  alone does not). 新增 governs every figure of its clause, as 累计 does: the items of one
  clause share its verb and its period, so in 完成25个新增招商引资项目、15亿元到位资金 both are
  the third quarter's own (50+25 = 75 个, 30+15 = 45亿元 after the second quarter's 累计); a
  figure that is own only through another item's 新增 is warned about. The annual text's 新增
  names what is counted (新增高技能人才0.5万人): annual targets are never own amounts.
- aspirational: 力争 or 争取 before the figure in its clause (完成25家，力争完成30家: the 30).
- judged: per (annual target, quarter) one milestone, per (metric, quarter) one quarter target:
  the 累计 one where there is one, else the first not marked 力争/争取, else the first. Two
  annual figures of one metric in one sentence are alternatives only when one is marked 累计 or
  力争/争取; plain ones are for different scopes (凯里市、麻江县…5316元/年，其余14个县…5280元/年)
  and both judged.
- year_to_date (judged milestones only): the 累计 figure; an own amount plus the year_to_date of
  the latest earlier judged milestone of its annual target in the year (0 when none: a first
  quarter's achievement stated only in the annual text, 其中一季度已培育…, is history and not
  added); otherwise the figure as written (21: 150元 in Q3 after 300元 in Q2 stays 150). A
  plain count or amount (not a rate) that does not rise above the quarter before (饲料生产5万吨
  in Q2 and Q3, 完成投资0.91亿元 in Q2 and Q3) may be the quarter's own amount after all: it stays
  as written and the task is warned, with the sum it would be (target_year_to_date_not_rising).

The reader is split by topic: `linking` (`task_targets`: annual targets and milestones, linked,
units settled), `roles` (each target's part in a quarter's judgement), `clauses` (a text cut
into sentences and clauses, and the targets in each), `numbers` (which figures are quantities
and goals, and the target each makes) and `metrics` (the name of what a target measures).
"""

from plans.parsing.targets.linking import QUARTERS, task_targets

__all__ = ["QUARTERS", "task_targets"]
