"""Issue 22 rule 1, what a day with entries says about a symptom (pure): named values stand, an
unnamed symptom counts 0 only after a 0 or when never logged, silence after a value above 0 and
a skipped check-in question are "not logged"."""

from datetime import date, timedelta

from cipn_journal.domain.day_values import NOT_LOGGED, day_values, logged

START = date(2026, 10, 1)


def day(n: int) -> date:
    return START + timedelta(days=n)


def test_issue_22_repro_pain_unnamed_after_a_value_above_zero_is_not_logged():
    # Oct 1-6: numbness=2 pain=1; Oct 7-13: numbness=2 only; Oct 14: pain=6.
    named = {"numbness": {day(n): 2 for n in range(13)},
             "pain": {**{day(n): 1 for n in range(6)}, day(13): 6}}
    found = day_values([day(n) for n in range(14)], named)
    assert [found["pain"][day(n)] for n in range(14)] == [1] * 6 + [NOT_LOGGED] * 7 + [6]
    assert found["numbness"][day(13)] == NOT_LOGGED  # not named on Oct 14, last 2
    assert logged(found["pain"]) == {**{day(n): 1 for n in range(6)}, day(13): 6}


def test_after_a_zero_or_never_logged_an_unnamed_symptom_counts_zero():
    named = {"pain": {day(0): 3, day(1): 0, day(4): 2}, "numbness": {day(3): 4}}
    found = day_values([day(n) for n in range(6)], named)
    assert list(found["pain"].values()) == [3, 0, 0, 0, 2, NOT_LOGGED]
    assert list(found["numbness"].values()) == [0, 0, 0, 4, NOT_LOGGED, NOT_LOGGED]


def test_last_value_before_the_read_decides_its_first_days():
    named = {"pain": {day(2): 5}}
    days = [day(0), day(1), day(2), day(3)]
    above = day_values(days, named, last_before={"pain": 4, "cold": 0})
    assert list(above["pain"].values()) == [NOT_LOGGED, NOT_LOGGED, 5, NOT_LOGGED]
    assert list(above["cold"].values()) == [0, 0, 0, 0]  # last 0 before: counts 0
    never = day_values(days, named)
    assert list(never["pain"].values()) == [0, 0, 5, NOT_LOGGED]
    assert "cold" not in never


def test_a_skipped_check_in_question_is_not_logged_even_after_a_zero():
    named = {"pain": {day(0): 0}, "tingling": {day(1): 2}}
    found = day_values([day(0), day(1), day(2)], named, skipped={day(1): {"pain"}})
    assert list(found["pain"].values()) == [0, NOT_LOGGED, 0]
    named_and_skipped = day_values([day(1)], {"pain": {day(1): 3}}, skipped={day(1): {"pain"}})
    assert named_and_skipped["pain"] == {day(1): 3}  # a value named that day stands


def test_days_come_in_order_and_named_days_count_as_days_with_entries():
    named = {"pain": {day(5): 2}}
    found = day_values([day(3), day(1)], named, symptoms=["pain", "burning"])
    assert list(found["pain"]) == [day(1), day(3), day(5)]
    assert list(found["pain"].values()) == [0, 0, 2]
    assert list(found["burning"].values()) == [0, 0, 0]
    assert list(found) == ["pain", "burning"]


def test_no_days_gives_empty_series():
    assert day_values([], {}, symptoms=["pain"]) == {"pain": {}}
    assert day_values([], {}) == {}
