"""The compliance arithmetic and chart geometry: plain functions, no database."""

import datetime
from decimal import Decimal

import pytest

from gelt import charts, compliance

D = Decimal
TODAY = datetime.date(2026, 11, 24)


class TestWeightedPercent:
    def test_equal_weights_average_the_scores(self):
        assert compliance.weighted_percent([(1, 100), (1, 50), (1, 0)]) == D("50.0")

    def test_weights_change_the_average(self):
        assert compliance.weighted_percent([(D("1"), 100), (D("0.5"), 0)]) == D("66.7")

    def test_a_criterion_never_evaluated_is_kept_apart_not_counted_as_zero(self):
        assert compliance.weighted_percent([(1, 100), (1, 50), (2, None)]) == D("75.0")

    def test_only_unevaluated_criteria_give_none_not_zero(self):
        assert compliance.weighted_percent([(1, None), (1, None)]) is None

    def test_an_evaluated_zero_is_zero(self):
        assert compliance.weighted_percent([(1, 0), (1, None)]) == D("0.0")


class TestUnevaluated:
    def test_no_criteria(self):
        assert compliance.with_unevaluated(compliance.MET, 0, 0) == compliance.NO_CRITERIA

    def test_nothing_evaluated_says_sin_evaluar(self):
        assert compliance.with_unevaluated(compliance.OVERDUE, 0, 5) == "sin evaluar"

    def test_goal_reached_among_the_evaluated_is_not_met_yet(self):
        assert compliance.with_unevaluated(compliance.MET, 2, 5) == "por evaluar"
        assert compliance.with_unevaluated(compliance.MET, 5, 5) == compliance.MET
        assert compliance.with_unevaluated(compliance.BEHIND, 2, 5) == compliance.BEHIND

    def test_no_criteria_gives_none(self):
        assert compliance.weighted_percent([]) is None

    def test_zero_weights_are_ignored(self):
        assert compliance.weighted_percent([(0, 0), (1, 80)]) == D("80.0")

    def test_floats_do_not_leak_binary_noise(self):
        assert compliance.weighted_percent([(0.1, 100), (0.2, 0)]) == D("33.3")


class TestRounding:
    @pytest.mark.parametrize(
        ("value", "expected"),
        [("66.65", "66.7"), ("12.25", "12.3"), ("12.24", "12.2"), ("99.95", "100.0"), (0, "0.0")],
    )
    def test_half_up_to_one_decimal(self, value, expected):
        assert compliance.round_percent(D(value) if isinstance(value, str) else value) == D(
            expected
        )

    def test_two_thirds(self):
        assert compliance.weighted_percent([(1, 100), (1, 100), (1, 0)]) == D("66.7")


class TestIndicatorState:
    def test_never_measured_is_sin_medicion_not_zero(self):
        state = compliance.indicator_state(None, 4, measured=False)
        assert state.label == "sin medición"
        assert state.value is None
        assert state.measured is False

    def test_measured_without_value(self):
        assert compliance.indicator_state(None, 4).label == "sin dato"

    def test_count_below_goal(self):
        state = compliance.indicator_state(3, 4)
        assert state.met is False
        assert state.attainment == D("75.0")
        assert state.label == "por debajo"

    def test_goal_reached(self):
        assert compliance.indicator_state(D("1.25"), 1).met is True

    def test_a_maximum_goal_is_met_below_it(self):
        assert compliance.indicator_state(D("11.4"), 15, higher_is_better=False).met is True
        late = compliance.indicator_state(30, 15, higher_is_better=False)
        assert (late.met, late.attainment) == (False, D("50.0"))

    def test_zero_is_a_measurement(self):
        state = compliance.indicator_state(0, 4)
        assert state.measured is True
        assert state.value == 0
        assert state.label == "por debajo"


class TestJudge:
    def test_met_partial_and_not_met(self):
        assert compliance.judge(100, 100) == ("met", D(100))
        assert compliance.judge(60, 100) == ("partial", D("60.0"))
        assert compliance.judge(0, 100) == ("not_met", D(0))

    def test_no_value_is_not_met(self):
        assert compliance.judge(None, 100) == ("not_met", D(0))

    def test_more_than_the_goal_is_capped(self):
        assert compliance.judge(4, 1) == ("met", D(100))


class TestTrend:
    def test_directions(self):
        assert compliance.trend([1, 2]) == "mejora"
        assert compliance.trend([2, 1]) == "empeora"
        assert compliance.trend([2, 2]) == "estable"

    def test_lower_is_better(self):
        assert compliance.trend([15, 10], higher_is_better=False) == "mejora"

    def test_gaps_are_skipped_and_one_value_has_no_trend(self):
        assert compliance.trend([1, None, 3, None]) == "mejora"
        assert compliance.trend([None, 5]) is None
        assert compliance.trend([]) is None


class TestWeeklyCounts:
    def test_buckets_from_monday_oldest_first(self):
        # 2026-11-24 is a Tuesday; its week starts on Monday the 23rd.
        days = [
            datetime.date(2026, 11, 23),
            datetime.date(2026, 11, 24),
            datetime.date(2026, 11, 22),
            datetime.date(2026, 11, 1),  # outside a 3-week window
        ]
        assert compliance.weekly_counts(days, TODAY, 3) == [0, 1, 2]

    def test_future_days_are_ignored(self):
        assert compliance.weekly_counts([datetime.date(2026, 11, 25)], TODAY, 2) == [0, 0]


class TestCharts:
    def test_bar_length_is_clamped(self):
        assert charts.bar_length(None) == 0
        assert charts.bar_length(150) == 100
        assert charts.bar_length(D("37.5"), width=200) == D("75.0")

    def test_sparkline_spans_the_box(self):
        chart = charts.sparkline([0, 50, 100], width=106, height=26, pad=3)
        assert chart["points"] == "3.0,23.0 53.0,13.0 103.0,3.0"
        assert chart["last"] == (D("103.0"), D("3.0"))

    def test_sparkline_without_values(self):
        assert charts.sparkline([None, None]) == {"points": "", "last": None, "count": 0}

    def test_single_value_is_centred(self):
        assert charts.sparkline([7], width=120)["count"] == 1


def test_weeks_with_updates_count_weeks_not_publications():
    from gelt.compliance import weeks_with_updates

    assert weeks_with_updates([8, 0, 0, 0, 0, 0, 0, 0]) == 1
    assert weeks_with_updates([1, 1, 2, 0]) == 3
    assert weeks_with_updates([]) == 0
