"""What one day's judgement reads and makes (domain/alerts.py `judge_day`): the facts a write
stored (`DayFacts`) and the alerts it raises (`Alert`), and how a stored message names its day.
Pure; the rules live in domain/alerts.py and the modules it runs."""

from dataclasses import dataclass, field
from datetime import date

from cipn_journal.domain import clinical


class Alert:
    """One reason to notify the doctor about day `date`."""

    __slots__ = ("date", "subject", "rule", "value", "reference", "message", "urgency",
                 "escalates", "updates", "rules", "detail", "symptoms")

    def __init__(self, date: date, subject: str, rule: str, value: int | str,
                 reference: float | None, message: str, urgency: str | None = None,
                 escalates: int | None = None):
        self.date = date
        self.subject = subject
        self.rule = rule
        self.value = value
        self.reference = reference
        self.message = message
        self.urgency = urgency or clinical.urgency(rule, subject, value, reference)
        self.escalates = escalates  # the id of the open alert this one escalates
        # The id of the day's open alert (same subject and rule) this one replaces with a
        # higher value logged the same day (issue 22 rule 8): stored as an update, not a row.
        self.updates: int | None = None
        # Every rule the value met that day (issue 22 rule 14): `rule` is the decisive one.
        self.rules: tuple[str, ...] = (rule,)
        # A clause that says this rule's numbers inside a combined sentence ("4 points above
        # its recent average of 0.0"), for the rules whose words combine (RULE_ADJECTIVES).
        self.detail: str | None = None
        # A `persisting` alert names every nerve symptom that persists, with its value
        # (issue 22 rule 10: one alert a cycle); None for the other rules.
        self.symptoms: dict[str, int] | None = None

    def __repr__(self) -> str:
        return f"Alert({self.date}, {self.subject!r}, {self.rule!r}, {self.value!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Alert) and all(
            getattr(self, slot) == getattr(other, slot) for slot in self.__slots__)

    __hash__ = None  # type: ignore[assignment]


@dataclass
class DayFacts:
    """What one write just stored for `day`: symptom values (key, value) that changed, the
    day's limits and falls as given, weekly composite grades and extents that changed, and the
    labels the messages use."""

    day: date
    values: list[tuple[str, int]] = field(default_factory=list)
    # The day the write is made (the service's clock); None: the day itself (the demo writes
    # each day as it happens). A day BACKDATED_DAYS or more before it is back-dated (rule 9).
    today: date | None = None
    labels: dict[str, str] = field(default_factory=dict)
    limits: str | None = None
    falls: int | None = None
    composite: dict[str, int | None] = field(default_factory=dict)
    composite_labels: dict[str, str] = field(default_factory=dict)
    extent: dict[str, int | None] = field(default_factory=dict)
    extent_words: dict[str, tuple[str, ...]] = field(default_factory=dict)


def day_words(day: date) -> str:
    """How a message names its day. Messages are stored, so they never say "today" (a report
    read later would call an older day today): `spoken` says "today" or "yesterday" on display."""
    return f"on {day.isoformat()}"
