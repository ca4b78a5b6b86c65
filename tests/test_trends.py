"""Per-symptom statistics, the trend word and the sparkline (pure)."""

from datetime import date, timedelta
from fractions import Fraction

import pytest

from cipn_journal.domain import trends

START = date(2026, 11, 1)


def days(*values):
    """{day: value} from consecutive days starting at START; None leaves a gap."""
    return {START + timedelta(days=n): v for n, v in enumerate(values) if v is not None}


def symptom_stats(key, label, values, baseline, entries=None, **extra):
    """The statistics with every day that has a value as a day with entries (unless given)."""
    return trends.symptom_stats(key, label, values, Fraction(*baseline),
                                window_entries=sorted(values if entries is None else entries),
                                **extra)


def test_statistics_by_hand():
    values = days(2, None, 5, 3, None, 6, 5, 6, 4, 5)
    stats = symptom_stats("numbness", "Numbness", values, baseline=(8, 7))
    assert stats.days == 8
    assert (stats.latest, stats.latest_date) == (5, START + timedelta(days=9))
    assert stats.mean == 4.5  # 36 over 8 days
    assert (stats.peak, stats.peak_date) == (6, START + timedelta(days=7))  # latest of the tie
    assert stats.baseline == pytest.approx(1.142857, abs=1e-6)  # 8 over 7 days
    # the last 7 days with a value: 5 3 6 5 6 4 5 (34), without the first value 2
    assert stats.recent == pytest.approx(4.857143, abs=1e-6)
    assert stats.change == pytest.approx(3.714286, abs=1e-6)
    assert stats.trend == "worsening"
    assert stats.previous == 2.0  # the one day with entries before the recent seven
    assert stats.direction == "worsening"


def test_a_symptom_not_named_on_a_day_with_entries_counts_zero():
    entries = [START + timedelta(days=n) for n in range(4)]
    stats = symptom_stats("x", "x", days(None, 4, None, 4), (0, 1), entries=entries)
    assert stats.days == 2  # logged on two days
    assert stats.mean == 2.0 and stats.recent == 2.0  # 8 over the 4 days with entries
    assert stats.previous is None and stats.direction is None  # no earlier days


@pytest.mark.parametrize("earlier,recent,direction", [
    ([7] * 7, [5] * 7, "improving"),  # exactly -2
    ([7] * 7, [6] * 6 + [5], "stable"),
    ([3] * 7, [5] * 7, "worsening"),
])
def test_direction_compares_recent_with_the_seven_days_before(earlier, recent, direction):
    values = days(*earlier, *recent)
    window = sorted(values)[len(earlier):]
    stats = trends.symptom_stats("x", "x", values, Fraction(0), window_entries=window,
                                 earlier_entries=sorted(values)[:len(earlier)])
    assert stats.direction == direction
    assert stats.trend == "worsening"  # level and direction are separate


def test_since_visit_compares_recent_with_the_week_before_the_visit():
    values = days(*([2] * 7), *([5] * 7))
    visit = START + timedelta(days=7)
    stats = symptom_stats("x", "x", values, (0, 1), visit=visit)
    assert stats.since_visit == {"visit": visit.isoformat(), "before": 2.0, "change": 3.0}


def test_no_value_in_the_window():
    stats = symptom_stats("pain", "Pain", {}, baseline=(3, 1))
    assert stats.days == 0
    assert stats.baseline == 3.0
    assert (stats.latest, stats.mean, stats.peak, stats.recent, stats.change, stats.trend) == (
        None, None, None, None, None, None)


@pytest.mark.parametrize("base,recent,word", [
    ((14, 7), [4] * 7, "worsening"),  # change exactly +2
    ((14, 7), [4] * 6 + [3], "stable"),  # +1.86
    ((28, 7), [2] * 7, "improving"),  # exactly -2
    ((28, 7), [2] * 6 + [3], "stable"),
    ((5, 3), [4, 4, 3], "worsening"),  # 11/3 - 5/3 = 2 exactly; in floats 1.9999999999999998
    ((0, 1), [1], "stable"),
])
def test_trend_threshold_is_exact(base, recent, word):
    stats = symptom_stats("x", "x", days(*recent), baseline=base)
    assert stats.trend == word


def test_a_change_of_exactly_two_is_exactly_two():
    """11/3 - 5/3 is 1.9999999999999998 in floats: the change (and the word) must not be."""
    stats = symptom_stats("x", "x", days(4, 4, 3), baseline=(5, 3))
    assert stats.change == 2.0
    assert stats.trend == "worsening"


def test_recent_uses_the_last_seven_days_with_a_value():
    values = days(9, 9, None, 1, 1, 1, None, 1, 1, 1, 1)
    stats = symptom_stats("x", "x", values, baseline=(7, 7))
    assert stats.recent == 1.0
    assert stats.change == 0.0


def test_marks():
    assert trends.mark(None) == " "
    assert trends.mark(0) == "·"
    assert "".join(trends.mark(v) for v in range(1, 11)) == "▁▂▃▄▄▅▆▇██"


def test_sparkline_one_mark_a_day_with_gaps():
    assert trends.sparkline([0, None, 1, 5, None, 10]) == "· ▁▄ █"


def test_long_windows_group_days_from_the_end_and_keep_peaks():
    daily = [None] * 5 + [1, 9, None, 0, None, None, None]  # 12 days, 6 marks at most
    values, per = trends.spark_values(daily, max_marks=6)
    assert per == 2
    assert values == [None, None, 1, 9, 0, None]
    assert trends.sparkline(daily, max_marks=6) == "  ▁█· "
    values, per = trends.spark_values([3] * 13, max_marks=6)  # the first group is shorter
    assert per == 3 and len(values) == 5


def test_daily_lists_every_day():
    stats = symptom_stats("x", "x", days(1, None, 2), baseline=(3, 2))
    window = [START + timedelta(days=n) for n in range(4)]
    assert stats.daily(window) == [1, None, 2, None]
