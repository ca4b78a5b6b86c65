"""The patient-reported grade estimate (DOMAIN.md) and its NCI CTCAE v5.0 wording."""

import json
from datetime import date

import pytest

from cipn_journal.domain import grade

D1, D2, D3 = date(2026, 11, 23), date(2026, 11, 24), date(2026, 11, 25)


@pytest.mark.parametrize("severity,limits,expected", [
    (None, None, None),  # no limits answer: no estimate (issue 23: "limits not recorded")
    (0, None, None),
    (7, None, None),
    (None, "none", 0),  # no nerve symptom (bowel or bladder alone): 0
    (0, "none", 0),
    (10, "none", 1),  # severe symptoms without limits: still 1 (limits set 2 and 3)
    (0, "everyday", 2),  # limits set the grade whatever the severities
    (3, "everyday", 2),
    (10, "everyday", 2),
    (0, "selfcare", 3),
    (2, "selfcare", 3),
    (None, "everyday", None),  # limits with no nerve symptom logged: not a neuropathy grade
    (None, "selfcare", None),
])
def test_estimate(severity, limits, expected):
    assert grade.estimate(severity, limits) == expected


def test_never_estimates_grade_4():
    """Grade 4 (life-threatening) needs a clinician: no severity and no limits reach it."""
    found = {grade.estimate(severity, limits)
             for severity in (None, *range(11))
             for limits in (None, "none", "everyday", "selfcare")}
    assert found == {None, 0, 1, 2, 3}


@pytest.mark.parametrize("args,expected", [
    (("numbness=2", "--limits", "none"), (1, "Mild symptoms", "Paresthesia")),
    # never "Asymptomatic" (issue 12)
    (("numbness=6", "--limits", "none"), (1, "Mild symptoms", "Paresthesia")),
    (("numbness=2", "--limits", "everyday"),
     (2, "Moderate symptoms; limiting instrumental ADL", "Peripheral sensory neuropathy")),
    (("numbness=0", "--limits", "selfcare"),
     (3, "Severe symptoms; limiting self care ADL", "Peripheral sensory neuropathy")),
])
def test_summary_words_each_grade_as_ctcae_v5(cli, args, expected):
    assert cli("log", *args).exit_code == 0
    result = cli("summary", "--json")
    assert result.exit_code == 0
    found = json.loads(result.stdout)["grade_latest"]
    assert (found["grade"], found["wording"], found["term"]) == expected
    expected = expected[:2]
    assert (found["label"], found["source"]) == ("patient-reported estimate", "NCI CTCAE v5.0")
    text = cli("summary").stdout
    assert f"grade {expected[0]} (" in text and f"CTCAE v5.0 wording: {expected[1]}" in text
    # v4 wording (paresthesia, deep tendon reflexes) must not creep in
    assert "paresthesia" not in text.lower() and "deep tendon" not in text.lower()


def test_day_grades_only_days_with_values_and_a_limits_answer():
    grades = grade.day_grades({D1: 3, D2: 0}, {D2: "none", D3: None})
    assert grades == {D2: 0}  # D1: no limits answer; D3: only a note or a fall


def test_limits_without_a_nerve_symptom_grade_nothing():
    # "No limits" alone says nothing about the symptoms: no grade 0 that hides other days;
    # limits with no nerve symptom logged cannot be put down to neuropathy.
    assert grade.day_grades({}, {D1: "everyday", D2: "selfcare", D3: "none"}) == {}
    assert grade.day_grades({D1: 0}, {D1: "everyday"}) == {D1: 2}


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
        "basis": "symptoms limited self-care (washing, dressing, eating, the toilet, "
                 "taking medicines)",
        "label": "patient-reported estimate", "source": "NCI CTCAE v5.0",
        "term": "Peripheral sensory neuropathy", "highest": 0,
    }
