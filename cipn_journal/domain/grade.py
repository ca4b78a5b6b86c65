"""The patient-reported grade estimate: a day's grade from its highest symptom
severity and the limits the person reported, worded with NCI CTCAE v5.0 (grade 1: Paresthesia's
"Mild symptoms"; 2-3: peripheral sensory neuropathy; clinical.py holds the wording). Pure.
Always labelled an estimate, never a clinical grade; grade 4 (life-threatening) needs a
clinician and is never estimated.
"""

from dataclasses import dataclass
from datetime import date

from cipn_journal.domain.clinical import GRADE_BASIS as BASIS
from cipn_journal.domain.clinical import GRADE_EVERYDAY_LIMITED, GRADE_SELFCARE_LIMITED, grade_term
from cipn_journal.domain.clinical import GRADE_LABEL as LABEL
from cipn_journal.domain.clinical import GRADE_SOURCE as SOURCE
from cipn_journal.domain.clinical import GRADE_TERM as TERM
from cipn_journal.domain.clinical import GRADE_WORDING as WORDING

__all__ = ["BASIS", "LABEL", "SOURCE", "TERM", "WORDING", "GradeEstimate", "day_grades", "estimate",
           "latest_and_peak"]


@dataclass(frozen=True)
class GradeEstimate:
    grade: int
    date: date

    @property
    def wording(self) -> str:
        return WORDING[self.grade]

    @property
    def basis(self) -> str:
        return BASIS[self.grade]

    def as_json(self) -> dict:
        return {"grade": self.grade, "date": self.date.isoformat(), "wording": self.wording,
                "basis": self.basis, "label": LABEL, "source": SOURCE, "term": self.term}

    @property
    def term(self) -> str | None:
        """The CTCAE v5.0 term the wording is taken from (None for grade 0)."""
        return grade_term(self.grade)


def estimate(max_severity: int | None, limits: str | None) -> int:
    """The grade for one day: limits set it whatever the severities; otherwise 1 when any
    symptom is above 0, else 0."""
    if limits == "selfcare":
        return GRADE_SELFCARE_LIMITED
    if limits == "everyday":
        return GRADE_EVERYDAY_LIMITED
    return 1 if max_severity else 0


def day_grades(max_severity: dict[date, int], limits: dict[date, str | None]) -> dict[date, int]:
    """A grade for every day that can have one: a day with a symptom value, or with everyday
    tasks or self-care limited. A day with only "no limits", a note or a fall count says nothing
    about the symptoms: it would read as grade 0 and hide the days around it."""
    graded = set(max_severity) | {
        day for day, value in limits.items() if value in ("everyday", "selfcare")}
    return {day: estimate(max_severity.get(day), limits.get(day)) for day in graded}


def latest_and_peak(grades: dict[date, int]) -> tuple[GradeEstimate | None, GradeEstimate | None]:
    """The estimate for the latest graded day and the highest one (the most recent if tied)."""
    if not grades:
        return None, None
    latest = max(grades)
    peak = max(grades, key=lambda day: (grades[day], day))
    return GradeEstimate(grades[latest], latest), GradeEstimate(grades[peak], peak)
