"""parse_when: every WHEN form, relative to a fixed today (Wednesday 2026-11-25)."""

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cipn_journal.domain.dates import parse_when
from cipn_journal.errors import BadInput

TODAY = date(2026, 11, 25)


@pytest.mark.parametrize("text,expected", [
    ("today", "2026-11-25"), ("Yesterday", "2026-11-24"), ("tomorrow", "2026-11-26"),
    ("3 days ago", "2026-11-22"), ("1 day ago", "2026-11-24"), ("2 weeks ago", "2026-11-11"),
    ("a week ago", "2026-11-18"), ("wednesday", "2026-11-25"), ("monday", "2026-11-23"),
    ("thursday", "2026-11-19"), ("Sun", "2026-11-22"), ("2026-11-03", "2026-11-03"),
    ("2026-1-3", "2026-01-03"), ("Nov 3", "2026-11-03"), ("Jun 1", "2026-06-01"),
    ("25 November", "2026-11-25"), ("November 26 2025", "2025-11-26"),
    ("3 Nov 2024", "2024-11-03"), ("Feb 29 2024", "2024-02-29"), ("  today  ", "2026-11-25"),
    ("tues", "2026-11-24"), ("thurs", "2026-11-19"), ("Thur", "2026-11-19"),
])
def test_forms(text, expected):
    assert parse_when(text, today=TODAY).isoformat() == expected


@pytest.mark.parametrize("text,would", [
    ("Dec 24", "Wed 24 Dec 2025"), ("November 26", "Wed 26 Nov 2025"),
    ("Feb 29", "Thu 29 Feb 2024"), ("May 28", "Thu 28 May 2026"),
])
def test_a_yearless_date_more_than_180_days_back_needs_its_year(text, would):
    with pytest.raises(BadInput) as excinfo:
        parse_when(text, today=TODAY)
    assert f"would be {would}, more than 180 days ago: give the year" in str(excinfo.value)


@pytest.mark.parametrize("text", [
    "", "someday", "2026-02-30", "2026-13-01", "3pm", "2026", "next year", "x" * 200,
    "nov 3 \x00", "32 Jan",
])
def test_bad(text):
    with pytest.raises(BadInput) as excinfo:
        parse_when(text, today=TODAY)
    assert "Cannot read the date" in str(excinfo.value)
    assert "\n" not in str(excinfo.value)


def test_out_of_range_says_the_range():
    with pytest.raises(BadInput) as excinfo:
        parse_when("99999 weeks ago", today=TODAY)
    assert "out of range" in str(excinfo.value) and "1900-01-01 to 2999-12-31" in str(
        excinfo.value)


@settings(max_examples=300)
@given(st.text(max_size=40))
def test_never_raises_anything_but_bad_input(text):
    try:
        result = parse_when(text, today=TODAY)
    except BadInput:
        return
    assert isinstance(result, date)


@settings(max_examples=300)
@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))
def test_iso_dates_round_trip(day):
    assert parse_when(day.isoformat(), today=TODAY) == day


@settings(max_examples=200)
@given(st.integers(min_value=0, max_value=3000))
def test_days_ago(n):
    assert parse_when(f"{n} days ago", today=TODAY) == TODAY - timedelta(days=n)


@pytest.mark.parametrize("text,expected", [
    ("last monday", "2026-11-23"), ("last wednesday", "2026-11-18"),
    ("next wednesday", "2026-12-02"), ("next thu", "2026-11-26"),
])
def test_last_and_next_weekday(text, expected):
    assert parse_when(text, today=TODAY).isoformat() == expected


@pytest.mark.parametrize("text,expected", [
    ("thursday", "2026-11-26"), ("wednesday", "2026-11-25"), ("Nov 30", "2026-11-30"),
    ("Jan 5", "2027-01-05"), ("Nov 25", "2026-11-25"), ("2026-10-01", "2026-10-01"),
])
def test_ahead_means_the_next_occurrence(text, expected):
    assert parse_when(text, today=TODAY, ahead=True).isoformat() == expected


@pytest.mark.parametrize("text", ["03/11/2026", "25/11/2026", "11.03.2026", "3/11", "03-11-2026"])
def test_numeric_dates_other_than_iso_are_refused_not_guessed(text):
    with pytest.raises(BadInput) as excinfo:
        parse_when(text, today=TODAY)
    assert "two ways" in str(excinfo.value) and "2026-11-03" in str(excinfo.value)
