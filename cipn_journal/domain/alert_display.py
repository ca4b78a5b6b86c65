"""How open alerts are shown (issue 22 rules 4 and 7), pure: whether a person is during
treatment (the `soon` heading), whether an alert's rule still holds on the latest day with
entries, and the "not yet told" line of an alert that aged. The numbers and words are
clinical.py's; reports/alert_view.py reads what these functions need."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from cipn_journal.domain.clinical import (
    AGEING_DAYS,
    CONSTIPATION_AT,
    DURING_TREATMENT_DAYS,
    GAP_POINTS,
    LIMIT_NAMES,
    PERSISTING_POINTS,
    SCALE_MAX,
    SEVERE_AT,
    SOON,
    TODAY,
    WORSE_POINTS,
    not_yet_told_words,
    short_day,
)
from cipn_journal.domain.proctcae import EXTENT_LEVELS, extent_word
from cipn_journal.domain.red_flags import CONSTIPATION, RED_FLAG

__all__ = ["LIMIT_RANK", "Latest", "aged_words", "during_treatment", "holds", "is_current",
           "shown_urgency"]

LIMIT_RANK = {"none": 0, "everyday": 1, "selfcare": 2}


@dataclass
class Latest:
    """What the journal says on the latest days, as of `as_of`: the latest day with entries
    (symptom values) and each alert subject's value on it by rule 1 (domain/day_values.py; None:
    "not logged" that day), the latest day with anything logged and its falls, the latest
    limits answer (its day and value), and the latest extent recorded per limb (day, level)."""

    as_of: date
    day: date | None = None
    values: dict[str, int | None] = field(default_factory=dict)
    any_day: date | None = None
    falls: int | None = None
    limits: tuple[date, str] | None = None
    extent: dict[str, tuple[date, int]] = field(default_factory=dict)
    # Whether the course is over for the persisting rule on `as_of` (domain/persisting.py
    # `course_over`; filled only when a persisting alert is open).
    course_over: bool = False


def during_treatment(last_infusion: date | None, planned_ahead: bool, today: date) -> bool:
    """During the course: an infusion within DURING_TREATMENT_DAYS before `today` (today
    included), or a planned next infusion still ahead."""
    if planned_ahead:
        return True
    return last_infusion is not None and (
        today - timedelta(days=DURING_TREATMENT_DAYS) <= last_infusion <= today)


def holds(alert: dict, latest: Latest) -> bool:
    """Whether the alert's rule still holds on the latest day with entries.

    - new, worse, gap, severe, acute, reminder, constipation, a red flag about a symptom (a
      symptom's value): its value on the latest day with entries (rule 1: not named counts 0
      only if it was last 0) is still above 0 (new; a red flag: weakness or difficulty
      urinating still there), at least the reference + WORSE_POINTS (worse) or + GAP_POINTS
      (gap: the last value logged before the gap), at least SEVERE_AT (severe, reminder), at
      least CONSTIPATION_AT (constipation's own rule), above the value before the infusion
      (acute). A day that says nothing about it ("not logged"): holds.
    - persisting: not once the course is over for the rule (`Latest.course_over`: the infusion
      it asked about never came); else while its subject is still PERSISTING_POINTS or more
      above its level before treatment (the reference).
    - a fall: holds until a later day has something logged and no fall.
    - limits: holds until a later limits answer is lower (self-care: none or everyday tasks;
      everyday tasks: none). No later answer: holds.
    - spread, and a red flag about a limb (numbness reaching above the knee or elbow, or
      rising fast): holds until a later extent of that limb is lower than the level it
      reached.
    - anything else (weekly composite grades, rules without a value to compare): holds.
    """
    rule, subject, value, reference = (alert["rule"], alert["subject"], alert["value"],
                                       alert.get("reference"))
    day = date.fromisoformat(alert["date"])
    limb = subject in EXTENT_LEVELS and rule == RED_FLAG
    if rule in ("new", "worse", "gap", "severe", "acute", "reminder", CONSTIPATION,
                RED_FLAG) and not limb:
        if latest.day is None or latest.day <= day or not isinstance(value, int):
            return True
        now = latest.values.get(subject)
        if now is None:
            return True
        if rule in ("new", RED_FLAG):
            return now > 0
        if rule == "worse":
            return reference is None or now >= reference + WORSE_POINTS
        if rule == "gap":
            return reference is None or now >= reference + GAP_POINTS
        if rule == CONSTIPATION:
            return now >= CONSTIPATION_AT
        if rule == "acute":
            return now > (reference or 0)
        return now >= SEVERE_AT
    if rule == "persisting":
        if latest.course_over:
            return False
        now = latest.values.get(subject)
        if (latest.day is None or latest.day <= day or not isinstance(value, int)
                or now is None):
            return True
        return now >= (reference or 0) + PERSISTING_POINTS
    if rule == "function" and subject == "fall":
        return latest.any_day is None or latest.any_day <= day or bool(latest.falls)
    if rule == "function" and subject in ("everyday", "selfcare"):
        if latest.limits is None or latest.limits[0] <= day:
            return True
        return LIMIT_RANK.get(latest.limits[1], 0) >= LIMIT_RANK[subject]
    if rule in ("spread", RED_FLAG) and isinstance(value, int):
        recorded = latest.extent.get(subject)
        return recorded is None or recorded[0] <= day or recorded[1] >= value
    return True


def is_current(alert: dict, latest: Latest) -> bool:
    """False for an open alert AGEING_DAYS or more old whose rule no longer holds."""
    if alert.get("status", "open") != "open":
        return True
    age = (latest.as_of - date.fromisoformat(alert["date"])).days
    return age < AGEING_DAYS or holds(alert, latest)


def shown_urgency(alert: dict) -> str:
    """The level an alert is shown under: a `today` alert that aged is shown under `soon`;
    ageing never raises one (a `next` alert that aged stays for the next infusion)."""
    level = alert.get("urgency") or SOON
    return SOON if alert.get("current") is False and level == TODAY else level


def _when(day: date, as_of: date) -> str:
    if day == as_of:
        return "today"
    if day == as_of - timedelta(days=1):
        return "yesterday"
    return f"on {short_day(day)}"


def aged_words(alert: dict, label: str, latest: Latest) -> str:
    """'Cold, not yet told: 8/10 on Nov 13; 0 today' (a symptom), 'A fall, not yet told: Nov 21;
    none logged today', 'Self-care limited, not yet told: Nov 18; none today'."""
    rule, subject, value = alert["rule"], alert["subject"], alert["value"]
    day = date.fromisoformat(alert["date"])
    if rule == "function" and subject == "fall":
        what = "A fall" if value == 1 else f"{value} falls"
        now = f"none logged {_when(latest.any_day, latest.as_of)}" if latest.any_day else ""
        return not_yet_told_words(what, short_day(day), now)
    if rule == "function" and subject in LIMIT_NAMES:
        if latest.limits is None:
            now = ""
        elif latest.limits[1] == "none":
            now = f"none {_when(latest.limits[0], latest.as_of)}"
        else:
            now = (f"{LIMIT_NAMES[latest.limits[1]]} limited "
                   f"{_when(latest.limits[0], latest.as_of)}")
        return not_yet_told_words(f"{LIMIT_NAMES[subject].capitalize()} limited",
                                  short_day(day), now)
    if rule in ("spread", RED_FLAG) and subject in EXTENT_LEVELS and isinstance(value, int):
        recorded = latest.extent.get(subject)
        now = "" if recorded is None else (f"{extent_word(subject, recorded[1])} "
                                           f"{_when(recorded[0], latest.as_of)}")
        return not_yet_told_words(f"Numbness or tingling in the {subject}",
                                  f"{extent_word(subject, value)} on {short_day(day)}", now)
    now_value = latest.values.get(subject)
    now = ("" if latest.day is None or now_value is None
           else f"{now_value} {_when(latest.day, latest.as_of)}")
    return not_yet_told_words(label, f"{value}/{SCALE_MAX} on {short_day(day)}", now)
