"""The patient-reported grade estimate (DOMAIN.md) and its NCI CTCAE v5.0 wording."""

from datetime import date

import pytest

from cipn_journal.domain import grade

D1, D2, D3 = date(2026, 11, 23), date(2026, 11, 24), date(2026, 11, 25)


@pytest.mark.parametrize("severity,limits,expected", [
    (None, None, 0),
    (0, None, 0),
    (0, "none", 0),
    (1, None, 1),
    (10, "none", 1),  # severe symptoms without limits: still 1 (limits set 2 and 3)
    (0, "everyday", 2),  # limits set the grade whatever the severities
    (3, "everyday", 2),
    (10, "everyday", 2),
    (0, "selfcare", 3),
    (2, "selfcare", 3),
])
def test_estimate(severity, limits, expected):
    assert grade.estimate(severity, limits) == expected


def test_wording_is_ctcae_v5_and_never_grade_4():
    assert grade.WORDING == {
        0: "no symptoms reported",
        1: "Asymptomatic",
        2: "Moderate symptoms; limiting instrumental ADL",
        3: "Severe symptoms; limiting self care ADL",
    }
    assert grade.LABEL == "patient-reported estimate"
    assert grade.SOURCE == "NCI CTCAE v5.0"
    # v4 wording must not creep in
    assert not any("paresthesia" in text or "deep tendon" in text
                   for text in grade.WORDING.values())


def test_day_grades_only_days_with_values_or_limits():
    grades = grade.day_grades({D1: 3, D2: 0}, {D2: "none", D3: None})
    assert grades == {D1: 1, D2: 0}  # D3: only a note or a fall, no grade


def test_limits_alone_grade_a_day():
    # "No limits" alone says nothing about the symptoms: no grade 0 that hides other days.
    assert grade.day_grades({}, {D1: "everyday", D2: "selfcare", D3: "none"}) == {
        D1: 2, D2: 3}


def test_latest_and_peak_most_recent_when_tied():
    latest, peak = grade.latest_and_peak({D1: 2, D2: 2, D3: 1})
    assert (latest.grade, latest.date) == (1, D3)
    assert (peak.grade, peak.date) == (2, D2)


def test_latest_and_peak_of_nothing():
    assert grade.latest_and_peak({}) == (None, None)


def test_as_json_is_labelled_an_estimate():
    found = grade.GradeEstimate(3, D2).as_json()
    assert found == {
        "grade": 3, "date": "2026-11-24",
        "wording": "Severe symptoms; limiting self care ADL",
        "basis": grade.BASIS[3],
        "label": "patient-reported estimate", "source": "NCI CTCAE v5.0",
    }
