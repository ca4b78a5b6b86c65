"""The JSON export format, version 1: for each table, its records' keys (and the journal column
each one holds), how a value is checked on import, which keys match a record to the journal's
and which differences make a conflict. The exporter and the importer both read this one
description, so the two cannot drift apart. README "Export, import and backup" documents it.
"""

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime

from cipn_journal.domain.alerts import RULES, STATUSES
from cipn_journal.domain.clinical import LIMITS, SCALE_MAX, URGENCIES
from cipn_journal.domain.meds import KINDS
from cipn_journal.domain.proctcae import ALL_KEYS as WEEKLY_KEYS
from cipn_journal.domain.proctcae import LIMBS
from cipn_journal.domain.symptoms import KEY_PATTERN, MAX_FALLS, REPORTERS, WHERE
from cipn_journal.domain.treatment import ROUTES, UNITS

FORMAT = "cipn-journal export"
FORMAT_VERSION = 1
MAX_TEXT = 100_000  # as `cipn log --note`
MAX_NAME = 200

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class Invalid(ValueError):
    """A value that does not fit its key; the message says what was expected."""


def _text(value) -> str:
    if not isinstance(value, str):
        raise Invalid(f"{_show(value)} is not text")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise Invalid("is text with an invalid character (a lone surrogate)") from None
    return value


def _show(value) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def text(*, limit: int = MAX_TEXT, blank: bool = True) -> Callable:
    def check(value):
        value = _text(value)
        if len(value) > limit:
            raise Invalid(f"is {len(value)} characters long: at most {limit} are accepted")
        if not blank and not value.strip():
            raise Invalid("is empty")
        return value
    return check


def day(value) -> str:
    value = _text(value)
    try:
        parsed = date.fromisoformat(value) if _ISO_DATE.fullmatch(value) else None
    except ValueError:
        parsed = None
    if parsed is None or not date(1900, 1, 1) <= parsed <= date(2999, 12, 31):
        raise Invalid(f"{_show(value)} is not a date like 2026-11-03")
    return value


def line(*, limit: int = MAX_NAME) -> Callable:
    """One line of text (a profile field): no line break or control character."""
    def check(value):
        value = text(limit=limit)(value)
        if re.search(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]", value):
            raise Invalid("holds a line break or a control character")
        return value
    return check


def person_id(value) -> str:
    value = _text(value)
    if not re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", value):
        raise Invalid(f"{_show(value)} is not a UUID like 3f2b0c1e-8a4d-4e6f-9b1a-2c3d4e5f6a7b")
    return value


def timestamp(value) -> str:
    """A record time: ISO-8601, on a day from 1900 to 2999 both as written and in UTC (a year-1
    or year-9999 time overflows when later shown in local time)."""
    value = _text(value)
    try:
        if len(value) > 40:
            raise ValueError
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise Invalid(f"{_show(value)} is not a time like 2026-11-03T08:30:00+00:00") from None
    days = {parsed.date()}
    try:
        if parsed.tzinfo is not None:
            days.add(parsed.astimezone(UTC).date())
    except OverflowError:
        days.add(date.max)
    if not all(date(1900, 1, 2) <= d <= date(2999, 12, 30) for d in days):
        raise Invalid(f"{_show(value)} is not a time from 1900-01-02 to 2999-12-30")
    return value


def whole(low: int, high: int) -> Callable:
    def check(value):
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise Invalid(f"{_show(value)} is not a whole number from {low} to {high}")
        return value
    return check


def number(*, positive: bool = False) -> Callable:
    def check(value):
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(
                value) or (positive and value <= 0) or abs(value) > 1e9:
            raise Invalid(f"{_show(value)} is not a {'positive ' if positive else ''}number")
        return float(value)
    return check


def choice(*allowed: str) -> Callable:
    def check(value):
        if value not in allowed:
            raise Invalid(f"{_show(value)} is not one of: {', '.join(allowed)}")
        return value
    return check


def key(value) -> str:
    value = _text(value)
    if not KEY_PATTERN.fullmatch(value):
        raise Invalid(f"{_show(value)} is not a symptom key (lowercase letters, digits, "
                      "dashes)")
    return value


def flag(value) -> int:
    if not isinstance(value, bool):
        raise Invalid(f"{_show(value)} is not true or false")
    return int(value)


def weekly_keys(value) -> str:
    """The keys NCI's skip rule scored 0: a list of item keys in JSON, comma-joined stored."""
    if not isinstance(value, list) or any(item not in WEEKLY_KEYS for item in value):
        raise Invalid(f"{_show(value)} is not a list of weekly question keys")
    return ",".join(value)


def escalated(value) -> tuple[str, str, str] | None:
    """The alert an alert escalates, as the file names alerts: {date, subject, rule}, stored
    as that key until the import finds the alert's id in the journal. A number (a row id of the
    journal an older file came from, which means nothing here) is dropped: None."""
    if isinstance(value, int) and not isinstance(value, bool):
        return None
    if not isinstance(value, dict) or set(value) != {"date", "subject", "rule"}:
        raise Invalid(f"{_show(value)} is not an alert like {{\"date\": \"2026-11-03\", "
                      "\"subject\": \"numbness\", \"rule\": \"severe\"}")
    return (day(value["date"]), text(limit=MAX_NAME, blank=False)(value["subject"]),
            choice(*RULES)(value["rule"]))


def alert_value(value):
    """Alert values are severities and fall counts (numbers) or limits (text)."""
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise Invalid(f"{_show(value)} is not a number or text")
    if isinstance(value, int):
        return str(whole(0, 999)(value))
    return text(limit=MAX_NAME)(value)


@dataclass(frozen=True)
class Field:
    key: str  # in the JSON record
    column: str  # in the journal's table
    check: Callable  # JSON value -> stored value; raises Invalid
    required: bool = False  # must be present and not null (others may be missing or null)
    compared: bool = True  # a different value makes a conflict
    now: bool = False  # a missing record time is the time of the import
    same: Callable | None = None  # how two values are compared (default: equal)


@dataclass(frozen=True)
class Table:
    name: str  # the JSON key and the journal's table
    fields: tuple[Field, ...]
    match: tuple[str, ...]  # the JSON keys that say "the same record"
    unique: bool = False  # the journal holds at most one record per match

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(f.key for f in self.fields)

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.key == name)


# The value lists are the domain's (imported above); this one is the store's own.
REASONS = ("replaced", "undone")  # why a value went to observation_history
UNIT_NAMES = tuple(sorted(set(UNITS.values())))


# Record times say when something was written down, not what was written: never a conflict.
TABLES: tuple[Table, ...] = (
    Table("custom_symptoms", (
        Field("key", "key", key, required=True),
        Field("label", "label", text(limit=MAX_NAME, blank=False), required=True),
        Field("added_at", "added_at", timestamp, compared=False, now=True),
    ), match=("key",), unique=True),
    Table("observations", (
        Field("date", "date", day, required=True),
        Field("symptom", "symptom", key, required=True),
        Field("severity", "severity", whole(0, SCALE_MAX), required=True),
        Field("where", "location", choice(*WHERE)),
        Field("reported_by", "reported_by", choice(*REPORTERS), compared=False),
        Field("recorded_at", "recorded_at", timestamp, compared=False, now=True),
    ), match=("date", "symptom"), unique=True),
    Table("observation_history", (
        Field("date", "date", day, required=True),
        Field("symptom", "symptom", key, required=True),
        Field("severity", "severity", whole(0, SCALE_MAX), required=True),
        Field("where", "location", choice(*WHERE)),
        Field("reported_by", "reported_by", choice(*REPORTERS)),
        Field("recorded_at", "recorded_at", timestamp),
        Field("replaced_at", "replaced_at", timestamp, required=True),
        Field("reason", "reason", choice(*REASONS), required=True),
    ), match=("date", "symptom", "severity", "where", "reported_by", "recorded_at",
              "replaced_at", "reason")),
    Table("days", (
        Field("date", "date", day, required=True),
        Field("limits", "limits", choice(*LIMITS)),
        Field("falls", "falls", whole(0, MAX_FALLS)),
        Field("reported_by", "reported_by", choice(*REPORTERS), compared=False),
        Field("recorded_at", "recorded_at", timestamp, compared=False, now=True),
    ), match=("date",), unique=True),
    Table("notes", (
        Field("date", "date", day, required=True),
        Field("text", "text", text(blank=False), required=True),
        Field("reported_by", "reported_by", choice(*REPORTERS), compared=False),
        Field("written_at", "written_at", timestamp, compared=False, now=True),
    ), match=("date", "text")),
    Table("alerts", (
        Field("date", "date", day, required=True),
        Field("subject", "subject", text(limit=MAX_NAME, blank=False), required=True),
        Field("rule", "rule", choice(*RULES), required=True),
        Field("value", "value", alert_value),
        Field("reference", "reference", number()),
        Field("message", "message", text(limit=1000, blank=False), required=True,
              compared=False),
        Field("raised_at", "raised_at", timestamp, compared=False, now=True),
        Field("status", "status", choice(*STATUSES), required=True),
        Field("acknowledged_at", "acknowledged_at", timestamp, compared=False),
        # Issue 24 item 20, optional: the local day it was acknowledged, as recorded (an older
        # export has none: the import takes the local day of acknowledged_at, once).
        Field("acknowledged_on", "acknowledged_on", day, compared=False),
        Field("ack_note", "ack_note", text()),
        # Issue 12, optional: an older export has neither (the urgency is derived on reading).
        Field("urgency", "urgency", choice(*URGENCIES), compared=False),
        # The alert this one escalates, by what identifies it (issue 24), never a row id.
        Field("escalates", "escalates", escalated, compared=False),
    ), match=("date", "subject", "rule")),
    Table("treatments", (
        Field("date", "date", day, required=True),
        Field("drug", "drug", text(limit=MAX_NAME, blank=False), required=True),
        Field("entered", "entered", text(limit=MAX_NAME, blank=False), required=True,
              compared=False),
        Field("class", "drug_class", text(limit=MAX_NAME)),
        Field("cycle", "cycle", whole(0, 999)),
        Field("cycle_given", "cycle_given", flag),
        Field("dose", "dose", number(positive=True)),
        Field("unit", "unit", choice(*UNIT_NAMES)),
        Field("dose_text", "dose_text", text(limit=MAX_NAME), compared=False),
        Field("route", "route", choice(*ROUTES)),
        Field("note", "note", text()),
        Field("recorded_at", "recorded_at", timestamp, compared=False, now=True),
    ), match=("drug", "date"), unique=True),
    Table("meds", (
        Field("name", "name", text(limit=MAX_NAME, blank=False), required=True),
        Field("kind", "kind", choice(*KINDS), required=True),
        Field("start", "start", day),
        Field("stop", "stop", day),
        Field("note", "note", text()),
        Field("recorded_at", "recorded_at", timestamp, compared=False, now=True),
    ), match=("name", "start")),
    Table("visits", (
        Field("date", "date", day, required=True),
        Field("with", "with_whom", text(limit=MAX_NAME)),
        Field("recorded_at", "recorded_at", timestamp, compared=False, now=True),
    ), match=("date",)),
    Table("questions", (
        Field("text", "text", text(limit=10_000, blank=False), required=True),
        Field("asked", "asked", day, required=True),
        # Answered or not is what matters; when it was marked answered is not a conflict.
        Field("done_at", "done_at", timestamp,
              same=lambda a, b: (a is None) == (b is None)),
        Field("done_on", "done_on", day, compared=False),  # as acknowledged_on
        Field("recorded_at", "recorded_at", timestamp, compared=False, now=True),
    ), match=("text", "asked")),
    # Who the journal is about (issue 15): at most one record, matched whatever it holds, so
    # that a file about someone else, or with other details, is a conflict (--replace/--keep).
    # New in format version 1 as a new key: older files without it import as before.
    Table("profile", (
        Field("id", "person_id", person_id, required=True),
        Field("name", "name", line()),
        Field("born", "born", day),
        Field("clinic", "clinic", line()),
        Field("diagnosis", "diagnosis", line()),
        Field("regimen", "regimen", line()),
        Field("recorded_at", "recorded_at", timestamp, compared=False, now=True),
    ), match=(), unique=True),
)
# The weekly PRO-CTCAE answers (issue 16): each date's current record, one key per item and
# extent answered (`numbness.severity`: 0-4, null when not answered). Composite grades are not
# stored: they follow from the answers. `extent_days`: the extent given with `cipn log --extent`.
# Replaced versions stay in the journal file; the export holds the current ones.
TABLES += (
    Table("weekly_records", (
        Field("date", "date", day, required=True),
        *(Field(k, k.replace(".", "_"), whole(0, 4)) for k in WEEKLY_KEYS),
        Field("skipped", "skipped", weekly_keys),
        Field("reported_by", "reported_by", choice(*REPORTERS), compared=False),
        Field("recorded_at", "recorded_at", timestamp, compared=False, now=True),
    ), match=("date",), unique=True),
    Table("extent_days", (
        Field("date", "date", day, required=True),
        *(Field(limb, limb, whole(0, 4)) for limb in LIMBS),
        Field("reported_by", "reported_by", choice(*REPORTERS), compared=False),
        Field("recorded_at", "recorded_at", timestamp, compared=False, now=True),
    ), match=("date",), unique=True),
)
# Tables whose rows are versioned in the journal (`replaced_at`): only current rows are
# exported and matched, and a replaced record is kept as an earlier version.
VERSIONED = ("weekly_records", "extent_days")
BY_NAME = {table.name: table for table in TABLES}
