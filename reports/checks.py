"""Rules a report must meet to be submitted that need the completion rules."""

from reports import aggregates, rules
from tasks.models import Target


def report_figures(report):
    """(completion capped, expected) the report would give its task, by the same rules as
    the snapshots."""
    task, period = report.task, report.period
    plan = task.plan
    annual = list(
        Target.objects.filter(task=task, annual__isnull=True).values_list("id", flat=True)
    )
    given, capped, uncapped = aggregates.report_value_sums(report=report).get(
        report.pk, (0, 0.0, 0.0)
    )
    judged = rules.completion(
        annual_targets=len(annual),
        values_given=given,
        capped_sum=capped or 0.0,
        uncapped_sum=uncapped or 0.0,
        percent=report.percent,
    )
    milestones = aggregates.milestone_ratios(plan, period)
    time_fraction = rules.elapsed_fraction(
        period.year, period.quarter, plan.year_start, plan.year_end
    )
    expected = rules.expected_progress(
        [milestones[i] for i in annual if i in milestones], len(annual), time_fraction
    )
    return (judged[0] if judged else 0.0), expected


def problems_required_when_lagging(sender, report, **kwargs):
    """存在问题 is required when the report leaves its task lagging (DOMAIN.md)."""
    if report.problems.strip():
        return None
    completion, expected = report_figures(report)
    if rules.status(completion, expected) == rules.LAGGING:
        return {
            "problems": (
                f"按本次填报，完成率{rules.percent_text(completion)}低于序时进度"
                f"{rules.percent_text(expected)}，任务滞后，必须填写存在问题。"
            )
        }
    return None
