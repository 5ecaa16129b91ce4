"""The rules of DOMAIN.md "Numbers" on hand-computed cases, without a database."""

import pytest

from reports import rules


def test_elapsed_time_is_q_over_4_in_a_one_year_plan():
    assert rules.elapsed_fraction(2022, 3, 2022, 2022) == 0.75


def test_elapsed_time_in_a_multi_year_plan_is_elapsed_quarters_over_all_quarters():
    # 2022-2024 has 12 quarters; 2023Q2 is the 6th.
    assert rules.elapsed_fraction(2023, 2, 2022, 2024) == 0.5


def test_expected_progress_uses_the_quarters_milestone_over_the_annual_target():
    # Task 1 of 000, Q3: 累计 8000 of 9500 people; the 70% target has its milestone at 70%.
    e = rules.expected_progress([8000 / 9500, 1.0], 2, 0.75)
    assert e == pytest.approx((8000 / 9500 + 1.0) / 2)


def test_expected_progress_falls_back_to_elapsed_time_per_target_and_without_targets():
    assert rules.expected_progress([0.5], 2, 0.75) == pytest.approx((0.5 + 0.75) / 2)
    assert rules.expected_progress([], 0, 0.5) == 0.5


def test_completion_is_the_mean_of_target_ratios_when_every_value_is_given():
    # Two targets: 4000/5000 = 0.8 and 70/70 = 1.0 -> 0.9.
    assert rules.completion(
        annual_targets=2, values_given=2, capped_sum=1.8, uncapped_sum=1.8, percent=None
    ) == (0.9, 0.9)


def test_over_fulfilment_is_capped_for_rollups_but_kept_uncapped():
    capped, uncapped = rules.completion(
        annual_targets=1, values_given=1, capped_sum=1.0, uncapped_sum=1.2, percent=None
    )
    assert (capped, uncapped) == (1.0, 1.2)
    assert rules.light_reason(rules.COMPLETED, capped, 0.75, uncapped=uncapped) == (
        "完成率100%，已完成，超额完成（实际120%）。"
    )


def test_completion_without_numeric_targets_is_the_reported_percent():
    assert rules.completion(
        annual_targets=0, values_given=0, capped_sum=0, uncapped_sum=0, percent=45
    ) == (0.45, 0.45)


def test_missing_values_count_zero_when_no_percent_is_given():
    assert rules.completion(
        annual_targets=2, values_given=1, capped_sum=0.8, uncapped_sum=0.8, percent=None
    ) == (0.4, 0.4)


def test_a_report_with_nothing_to_judge_by_gives_no_completion():
    assert (
        rules.completion(
            annual_targets=0, values_given=0, capped_sum=0, uncapped_sum=0, percent=None
        )
        is None
    )


@pytest.mark.parametrize(
    "completion, expected, status",
    [
        (1.0, 0.75, rules.COMPLETED),
        (0.8, 0.75, rules.ON_SCHEDULE),
        (0.75, 0.75, rules.ON_SCHEDULE),
        (0.5, 0.75, rules.LAGGING),
    ],
)
def test_status_compares_completion_with_expected_progress(completion, expected, status):
    assert rules.status(completion, expected) == status


def test_no_report_is_not_reported():
    assert rules.status(None, 0.5, reported=False) == rules.NOT_REPORTED


def test_lights_green_yellow_red_with_the_default_30_points():
    assert rules.light(rules.ON_SCHEDULE, 0.8, 0.75) == rules.GREEN
    assert rules.light(rules.LAGGING, 0.46, 0.75) == rules.YELLOW  # 29 points behind
    assert rules.light(rules.LAGGING, 0.45, 0.75) == rules.RED  # exactly 30 points behind
    assert rules.light(rules.NOT_REPORTED, None, 0.75) == rules.RED


def test_the_lag_threshold_is_set_per_plan():
    assert rules.light(rules.LAGGING, 0.45, 0.75, lag_threshold=40) == rules.YELLOW


def test_every_light_has_a_one_sentence_reason():
    assert (
        rules.light_reason(rules.LAGGING, 0.45, 0.75)
        == "完成率45%，低于序时进度75%（差30个百分点），亮红灯。"
    )
    assert (
        rules.light_reason(rules.LAGGING, 0.6, 0.75)
        == "完成率60%，低于序时进度75%（差15个百分点），亮黄灯。"
    )
    assert rules.light_reason(rules.ON_SCHEDULE, 0.8, 0.75, late=True) == (
        "完成率80%，达到序时进度75%。（逾期报送）"
    )
    assert rules.light_reason(rules.NOT_REPORTED, None, 0.5, deadline_text="2022年6月18日") == (
        "截至2022年6月18日未报送进展。"
    )


def test_ranking_is_by_completion_then_on_time_rate_then_name():
    rows = [
        ("州财政局", 0.8, 0.5),
        ("州教育局", 0.8, 1.0),
        ("州民政局", 0.9, 0.0),
        ("州林业局", 0.8, 0.5),
    ]
    ranked = rules.ranked(rows, lambda r: r[1], lambda r: r[2], lambda r: r[0])
    assert [(rank, r[0]) for rank, r in ranked] == [
        (1, "州民政局"),
        (2, "州教育局"),
        (3, "州林业局"),
        (4, "州财政局"),
    ]


def test_rates_are_none_when_nothing_was_expected():
    assert rules.rate(3, 4) == 0.75
    assert rules.rate(0, 0) is None


def test_a_task_without_a_lead_unit_says_so_instead_of_not_reported():
    assert rules.light_reason(rules.NOT_REPORTED, None, 0.5, has_lead=False) == (
        "未明确牵头单位，无人报送；请在任务分工中指定牵头单位。"
    )


def test_the_light_compares_the_unrounded_gap_with_the_threshold():
    # 29.96 points behind: less than 30, so yellow (rounding would have said 30.0 and red).
    assert rules.light(rules.LAGGING, 0.4504, 0.75) == rules.YELLOW
    assert rules.light(rules.LAGGING, 0.45, 0.75) == rules.RED


def test_before_the_deadline_a_missing_report_is_not_yet_late():
    assert (
        rules.light_reason(
            rules.NOT_REPORTED, None, 0.5, deadline_text="2022年9月18日", deadline_passed=False
        )
        == "尚未报送进展（2022年9月18日截止）。"
    )
