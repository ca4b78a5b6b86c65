"""The "notify your doctor" rules (DOMAIN.md, issue 4), as pure functions.

A logged day D is judged against the stored days before it. Rules: `new` (above 0 with nothing
above 0 in the lookback), `worse` (points above the mean of the days before), `severe`,
`function` (everyday tasks limited for the first time in the lookback, self-care limited, or a
fall); the numbers are clinical.py's. Integer arithmetic keeps the thresholds exact.
"""

from datetime import date, timedelta

from cipn_journal.domain.clinical import (
    NEW_LOOKBACK_DAYS,
    SCALE_MAX,
    SEVERE_AT,
    WORSE_LOOKBACK_DAYS,
    WORSE_MIN_DAYS,
    WORSE_POINTS,
    limit_words,
    weeks_words,
)

# NEW_LOOKBACK_DAYS is read from here by the store and the demo (the days a judgement needs).
__all__ = ["NEW_LOOKBACK_DAYS", "RULES", "STATUSES", "Alert", "is_duplicate",
           "judge_falls", "judge_limits", "judge_symptom", "spoken"]

RULES = ("new", "worse", "severe", "function")
STATUSES = ("open", "acknowledged", "undone")


class Alert:
    """One reason to notify the doctor about day `date`."""

    __slots__ = ("date", "subject", "rule", "value", "reference", "message")

    def __init__(self, date: date, subject: str, rule: str, value: int | str,
                 reference: float | None, message: str):
        self.date = date
        self.subject = subject
        self.rule = rule
        self.value = value
        self.reference = reference
        self.message = message

    def __repr__(self) -> str:
        return f"Alert({self.date}, {self.subject!r}, {self.rule!r}, {self.value!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Alert) and all(
            getattr(self, slot) == getattr(other, slot) for slot in self.__slots__)

    __hash__ = None  # type: ignore[assignment]


def _when(day: date) -> str:
    """How a message names its day. Messages are stored, so they never say "today" (a report
    read later would call an older day today): `spoken` says "today" or "yesterday" on display."""
    return f"on {day.isoformat()}"


def spoken(message: str, day: str | date, today: date) -> str:
    """A stored alert message as said on `today`: its day becomes "today" or "yesterday"."""
    iso = day if isinstance(day, str) else day.isoformat()
    if iso == today.isoformat():
        return message.replace(f"on {iso}", "today")
    if iso == date.fromordinal(today.toordinal() - 1).isoformat():
        return message.replace(f"on {iso}", "yesterday")
    return message


def judge_symptom(
    *, day: date, symptom: str, label: str, severity: int,
    past: dict[date, int],
) -> list[Alert]:
    """Alerts for one symptom's value on `day`; `past` maps earlier days (at least D-28..D-1)
    to that symptom's stored value."""
    found: list[Alert] = []
    when = _when(day)
    if severity > 0:
        window_start = day - timedelta(days=NEW_LOOKBACK_DAYS)
        if not any(window_start <= d < day and v > 0 for d, v in past.items()):
            found.append(Alert(day, symptom, "new", severity, None,
                               f"{label} is new {when} ({severity}/{SCALE_MAX})."))
    week = [v for d, v in past.items() if day - timedelta(days=WORSE_LOOKBACK_DAYS) <= d < day]
    if len(week) >= WORSE_MIN_DAYS and severity * len(week) - sum(week) >= WORSE_POINTS * len(week):
        mean = sum(week) / len(week)
        rise = severity - mean
        points = f"{rise:.0f}" if rise == int(rise) else f"{rise:.1f}"
        found.append(Alert(
            day, symptom, "worse", severity, mean,
            f"{label} is {points} points above your last week's average {when} "
            f"({severity}/{SCALE_MAX}, average {mean:.1f}).",
        ))
    if severity >= SEVERE_AT:
        found.append(Alert(day, symptom, "severe", severity, None,
                           f"{label} is severe {when} ({severity}/{SCALE_MAX})."))
    return found


def judge_limits(*, day: date, limits: str, past: dict[date, str]) -> list[Alert]:
    """Alerts for the limits reported on `day`; `past` maps earlier days to their limits."""
    when = _when(day)
    if limits == "selfcare":
        return [Alert(day, "selfcare", "function", "selfcare", None,
                      f"Symptoms limited your {limit_words('selfcare')} {when}.")]
    if limits == "everyday":
        window_start = day - timedelta(days=NEW_LOOKBACK_DAYS)
        earlier = any(
            window_start <= d < day and v in ("everyday", "selfcare") for d, v in past.items()
        )
        if not earlier:
            return [Alert(day, "everyday", "function", "everyday", None,
                          f"Symptoms limited your {limit_words('everyday')} {when}, "
                          f"for the first time in {weeks_words(NEW_LOOKBACK_DAYS)}.")]
    return []


def judge_falls(*, day: date, falls: int) -> list[Alert]:
    if falls <= 0:
        return []
    what = "a fall" if falls == 1 else f"{falls} falls"
    message = f"You reported {what} {_when(day)}."
    return [Alert(day, "fall", "function", falls, None, message)]


def is_duplicate(alert: Alert, *, open_keys: set[tuple[str, str]],
                 same_day_keys: set[tuple[str, str]]) -> bool:
    """No duplicate while an open alert has the same subject and rule (falls: one per day);
    a day already alerted for a subject and rule is not alerted again."""
    key = (alert.subject, alert.rule)
    if alert.subject == "fall":
        return key in same_day_keys
    return key in open_keys or key in same_day_keys
