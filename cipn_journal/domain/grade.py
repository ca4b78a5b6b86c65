"""The patient-reported grade estimate: a day's grade from the limits the person reported and
whether a nerve symptom (clinical.GRADE_SYMPTOMS: never bowel or bladder) was above 0, worded
with NCI CTCAE v5.0 (grade 1: Paresthesia's "Mild symptoms"; 2-3: peripheral sensory
neuropathy; clinical.py holds the wording). No estimate on a day without a limits answer. Pure.
Always labelled an estimate, never a clinical grade; grade 4 (life-threatening) needs a
clinician and is never estimated.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from cipn_journal.domain.clinical import GRADE_BASIS as BASIS
from cipn_journal.domain.clinical import (
    GRADE_EVERYDAY_LIMITED,
    GRADE_SELFCARE_LIMITED,
    GRADE_SYMPTOMS,
    INTERFERENCE_DISAGREES_AT,
    LIMIT_NAMES,
    PARESTHESIA_TERM,
    WEEKLY_RECALL_DAYS,
    days_words,
    disagreement_words,
    grade_term,
    grade_words,
)
from cipn_journal.domain.clinical import GRADE_LABEL as LABEL
from cipn_journal.domain.clinical import GRADE_METHOD as METHOD
from cipn_journal.domain.clinical import GRADE_SOURCE as SOURCE
from cipn_journal.domain.clinical import GRADE_TERM as TERM
from cipn_journal.domain.clinical import GRADE_WORDING as WORDING

__all__ = ["BASIS", "LABEL", "METHOD", "PARESTHESIA_TERM", "SOURCE", "TERM", "WORDING",
           "GradeEstimate", "day_grades", "disagreement", "estimate", "grade_term",
           "latest_and_peak", "nerve_highest"]


@dataclass(frozen=True)
class GradeEstimate:
    grade: int
    date: date
    highest: int = 0  # the day's highest nerve-symptom severity

    @property
    def wording(self) -> str:
        return WORDING[self.grade]

    @property
    def basis(self) -> str:
        return BASIS[self.grade]

    @property
    def words(self) -> str:
        """'grade 1 (symptoms, no limits on activities reported); highest severity that day
        7/10'."""
        return grade_words(self.grade, self.highest)

    def as_json(self) -> dict:
        return {"grade": self.grade, "date": self.date.isoformat(), "wording": self.wording,
                "basis": self.basis, "label": LABEL, "source": SOURCE, "term": self.term,
                "highest": self.highest}

    @property
    def term(self) -> str | None:
        """The CTCAE v5.0 term the wording is taken from (None for grade 0)."""
        return grade_term(self.grade)


def nerve_highest(values: dict[str, dict[date, int]]) -> dict[date, int]:
    """Each day's highest value of the nerve symptoms (GRADE_SYMPTOMS) logged that day."""
    highest: dict[date, int] = {}
    for key in GRADE_SYMPTOMS:
        for day, value in values.get(key, {}).items():
            highest[day] = max(value, highest.get(day, 0))
    return highest


def estimate(max_severity: int | None, limits: str | None) -> int | None:
    """The grade for one day from its highest nerve-symptom severity (None: no nerve symptom
    logged that day) and its limits answer: None without a limits answer, and for limits
    reported on a day without a nerve symptom logged (bowel alone cannot make a neuropathy
    grade); otherwise limits set it whatever the severities (everyday 2, self-care 3); no
    limits: 1 with a nerve symptom above 0, else 0."""
    if limits is None:
        return None
    if limits == "none":
        return 1 if max_severity else 0
    if max_severity is None:
        return None
    return GRADE_SELFCARE_LIMITED if limits == "selfcare" else GRADE_EVERYDAY_LIMITED


def day_grades(max_severity: dict[date, int], limits: dict[date, str | None],
               logged: set[date] | None = None) -> dict[date, int]:
    """A grade for every day that can have one (`estimate`): a day with a limits answer and a
    symptom logged (`logged`: days with any symptom value; default the nerve symptoms' days).
    "No limits" alone says nothing about the symptoms: no grade 0 that hides the days around."""
    logged = set(max_severity) if logged is None else logged
    found = {day: estimate(max_severity.get(day), value) for day, value in limits.items()
             if day in logged or value in ("everyday", "selfcare")}
    return {day: grade for day, grade in found.items() if grade is not None}


def latest_and_peak(grades: dict[date, int], highest: dict[date, int] | None = None
                    ) -> tuple[GradeEstimate | None, GradeEstimate | None]:
    """The estimate for the latest graded day and the highest one (the most recent if tied)."""
    if not grades:
        return None, None
    highest = highest or {}
    latest = max(grades)
    peak = max(grades, key=lambda day: (grades[day], day))
    return (GradeEstimate(grades[latest], latest, highest.get(latest, 0)),
            GradeEstimate(grades[peak], peak, highest.get(peak, 0)))


def disagreement(weekly: list[tuple[date, int, str]], limits: dict[date, str | None]
                 ) -> str | None:
    """One line when the latest weekly numbness-or-tingling interference answer (day, score
    0-4, NCI's words) and the daily limits answers of its recall period disagree: "Somewhat" or
    more while every daily answer was none, or "Not at all" while a day had limits."""
    if not weekly:
        return None
    day, score, words = weekly[-1]
    answers = [value for when, value in limits.items() if value is not None
               and day - timedelta(days=WEEKLY_RECALL_DAYS - 1) <= when <= day]
    if not answers:
        return None
    limited = [a for a in answers if a != "none"]
    if score >= INTERFERENCE_DISAGREES_AT and not limited:
        return disagreement_words(day.isoformat(), words,
                                  f"none on {days_words(len(answers))}")
    if score == 0 and limited:
        kinds = " or ".join(dict.fromkeys(LIMIT_NAMES[a] for a in limited))
        return disagreement_words(day.isoformat(), words,
                                  f"{kinds} limited on {days_words(len(limited))}")
    return None
