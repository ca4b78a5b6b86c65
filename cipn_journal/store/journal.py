"""The day journal's tables: symptom values (`observations`, replaced ones kept in
`observation_history`), day facts (`days`: limits, falls, who reported), `notes` and
`custom_symptoms`. Writing a day (inside the record service's change, which also stores its
alerts) and every read of these tables (history, windows, the summary's figures) live here;
callers get plain objects, dicts or tuples.
"""


from datetime import date, timedelta
from typing import TYPE_CHECKING

from cipn_journal.domain.clinical import LIMITS as LIMITS  # the domain's lists, re-exported
from cipn_journal.domain.symptoms import (
    LIMITS_TYPED,
    Symptom,
    catalog,
    check_new_key,
    felt_in_limbs,
)
from cipn_journal.domain.symptoms import REPORTERS as REPORTERS
from cipn_journal.domain.symptoms import WHERE as WHERE
from cipn_journal.store.connection import Change, Store

if TYPE_CHECKING:  # only named: a log that changes nothing judges nothing (record/day.py)
    from cipn_journal.domain.alerts import Alert


class DayEntry:
    """What one `log` or `checkin` stores for one day."""

    __slots__ = ("day", "symptoms", "where", "limits", "falls", "note", "by")

    def __init__(self, day: date, symptoms: list[tuple[str, int]] | None = None,
                 where: str | None = None, limits: str | None = None, falls: int | None = None,
                 note: str | None = None, by: str = "patient"):
        self.day = day
        self.symptoms = symptoms if symptoms is not None else []
        self.where = where
        self.limits = limits
        self.falls = falls
        self.note = note
        self.by = by

    def is_empty(self) -> bool:
        return not self.symptoms and self.limits is None and self.falls is None and not self.note


class LogResult:
    """What a log stored: (key, new, old) values, unchanged ones, day facts, alerts raised."""

    __slots__ = ("day", "stored", "unchanged", "facts", "alerts", "carried", "moved")

    def __init__(self, day: date):
        self.day = day
        self.stored: list[tuple[str, int, int | None]] = []
        self.unchanged: list[tuple[str, int | str | None]] = []  # None: a day fact
        self.facts: list[str] = []
        self.alerts: list[Alert] = []
        # Values logged without --where that took the symptom's last known place: {key: place}
        self.carried: dict[str, str] = {}
        # Values whose severity stayed and whose place (--where) changed: {key: (old, new)}
        self.moved: dict[str, tuple[str | None, str | None]] = {}


def custom_symptoms(store: Store | None) -> list[Symptom]:
    """The journal's own symptoms, in the order they were added."""
    if store is None:
        return []
    return [
        Symptom(row["key"], row["label"], row["label"], (), builtin=False)
        for row in store.rows("SELECT key, label FROM custom_symptoms ORDER BY id")
    ]


def custom_keys(store: Store | None) -> list[str]:
    return [symptom.key for symptom in custom_symptoms(store)]


def symptoms_of(store: Store | None) -> tuple[Symptom, ...]:
    return catalog(custom_symptoms(store))


def add_symptom(store: Store, key: str, label: str) -> None:
    """Add a custom symptom; the key is checked inside the write transaction, so that a key
    another cipn added a moment ago is refused as taken, not a constraint error."""
    with store.change("symptoms add") as change:
        check_new_key(key, symptoms_of(store))
        change.insert("custom_symptoms", {"key": key, "label": label, "added_at": change.now})
        change.describe(f"added the symptom {key}")


def write_day(store: Store, change: Change, entry: DayEntry, result: LogResult) -> None:
    """Inside `change`: store one day's values and day facts, noting in `result` what was
    stored, unchanged or carried. Judging them is the record service's (cipn_journal/record)."""
    for key, severity in entry.symptoms:
        _store_value(store, change, entry, key, severity, result)
    _store_day_facts(store, change, entry, result)


def _store_value(store: Store, change: Change, entry: DayEntry, key: str, severity: int,
                 result: LogResult) -> None:
    iso = entry.day.isoformat()
    current = store.row(
        "SELECT id, severity, location FROM observations WHERE date = ? AND symptom = ?",
        (iso, key),
    )
    # Without --where a value keeps where the symptom was felt: the same day's value's place,
    # else the symptom's last known place before (issue 12).
    location = entry.where if felt_in_limbs(key) else None
    if location is None and felt_in_limbs(key):
        location = current["location"] if current else None
        if current is None:
            location = last_place(store, key, iso)
            if location is not None:
                result.carried[key] = location
    if current is None:
        change.insert("observations", {
            "date": iso, "symptom": key, "severity": severity, "location": location,
            "reported_by": entry.by, "recorded_at": change.now,
        })
        result.stored.append((key, severity, None))
        return
    if current["severity"] == severity and current["location"] == location:
        result.unchanged.append((key, severity))
        return
    change.archive_observation(store.row("SELECT * FROM observations WHERE id = ?",
                                         (current["id"],)))
    change.update("observations", current["id"], {
        "severity": severity, "location": location, "reported_by": entry.by,
        "recorded_at": change.now,
    })
    if current["severity"] == severity:
        result.moved[key] = (current["location"], location)
    result.stored.append((key, severity, current["severity"]))


def _store_day_facts(store: Store, change: Change, entry: DayEntry, result: LogResult) -> None:
    """Limits and falls are facts of the day: one already stored with the same value is
    reported unchanged and written again by no one (so a repeated log records no change)."""
    iso = entry.day.isoformat()
    day = store.row("SELECT * FROM days WHERE date = ?", (iso,))
    values: dict = {}
    if entry.limits is not None:
        values["limits"] = entry.limits
    if entry.falls is not None:
        values["falls"] = entry.falls
    changed = {column: value for column, value in values.items()
               if day is None or day[column] != value}
    for column, value in values.items():
        if column in changed:
            result.facts.append(_fact_text(column, value))
        else:
            result.unchanged.append((_fact_text(column, value), None))
    if entry.note:
        change.insert("notes", {"date": iso, "text": entry.note, "reported_by": entry.by,
                                "written_at": change.now})
        result.facts.append("a note")
    if day is None:
        if change.writes or values:
            change.insert("days", {"date": iso, "reported_by": entry.by,
                                   "recorded_at": change.now, **values})
        return
    # The day's reporter is whoever reported its facts (limits, falls) that changed: a value
    # logged later by someone else is credited on its own row, never by rewriting the day's.
    if changed and day["reported_by"] != entry.by:
        changed["reported_by"] = entry.by
    if changed:
        change.update("days", day["id"], {**changed, "recorded_at": change.now})


def _fact_text(column: str, value) -> str:
    if column == "limits":
        return f"limits: {LIMITS_TYPED.get(value, value)}"
    return "1 fall" if value == 1 else f"{value} falls"


def recent_values(store: Store | None, day: date) -> dict[str, tuple[int, date]]:
    """For each symptom logged on `day` or the day before, its value and the day of it (the
    check-in's defaults: an older value is not offered, so Enter cannot copy a stale one)."""
    if store is None:
        return {}
    rows = store.rows(
        "SELECT symptom, severity, date FROM observations WHERE date IN (?, ?) "
        "ORDER BY date",
        (date.fromordinal(day.toordinal() - 1).isoformat(), day.isoformat()),
    )
    return {row["symptom"]: (row["severity"], date.fromisoformat(row["date"])) for row in rows}


# -- reads for the reports ------------------------------------------------------------------
def first_day(store: Store | None) -> date | None:
    """The first day with a value or a day fact."""
    if store is None:
        return None
    found = store.scalar(
        "SELECT MIN(date) FROM (SELECT MIN(date) AS date FROM observations "
        "UNION ALL SELECT MIN(date) FROM days)"
    )
    return date.fromisoformat(found) if found else None


def first_day_before(store: Store, day: date) -> date | None:
    """The journal's first day with a value or a day fact, if it is before `day`."""
    found = store.scalar(
        "SELECT MIN(date) FROM (SELECT MIN(date) AS date FROM observations WHERE date < ? "
        "UNION ALL SELECT MIN(date) FROM days WHERE date < ?)", (day.isoformat(),) * 2)
    return date.fromisoformat(found) if found else None


def values_before(store: Store, keys: list[str], day: date, days: int
                  ) -> dict[str, dict[date, int]]:
    """{symptom: {day: value}} of `keys` on the `days` days before `day`."""
    past: dict[str, dict[date, int]] = {key: {} for key in keys}
    if not keys:
        return past
    start = date.fromordinal(day.toordinal() - days).isoformat()
    for row in store.rows(
        f"SELECT date, symptom, severity FROM observations WHERE symptom IN "
        f"({', '.join('?' for _ in keys)}) AND date >= ? AND date < ?",
        [*keys, start, day.isoformat()],
    ):
        past[row["symptom"]][date.fromisoformat(row["date"])] = row["severity"]
    return past


def values_on(store: Store, day: date, keys: list[str]) -> dict[str, int]:
    """{symptom: value} of `keys` named on `day` (observations_by_date)."""
    return {row["symptom"]: row["severity"] for row in store.rows(
        f"SELECT symptom, severity FROM observations WHERE date = ? AND symptom IN "
        f"({', '.join('?' for _ in keys)})", [day.isoformat(), *keys])}


def last_value_before(store: Store, symptom: str, day: date) -> int | None:
    """The symptom's last value before `day` (observations_by_symptom); None: never logged."""
    return store.scalar("SELECT severity FROM observations WHERE symptom = ? AND date < ? "
                        "ORDER BY date DESC LIMIT 1", (symptom, day.isoformat()))


def limits_on(store: Store, day: date) -> str | None:
    """The limits stored for `day`, if any."""
    return store.scalar("SELECT limits FROM days WHERE date = ?", (day.isoformat(),))


def limits_before(store: Store, day: date, days: int) -> dict[date, str]:
    """{day: limits} of the `days` days before `day` that have limits."""
    start = date.fromordinal(day.toordinal() - days).isoformat()
    return {date.fromisoformat(row["date"]): row["limits"] for row in store.rows(
        "SELECT date, limits FROM days WHERE date >= ? AND date < ? AND limits IS NOT NULL",
        (start, day.isoformat()))}


def logged_span(store: Store) -> tuple[date | None, date | None]:
    """The first and last days with a value or a day fact (one index lookup each)."""
    first_obs, first_fact, last_obs, last_fact = store.conn.execute(
        "SELECT (SELECT MIN(date) FROM observations), (SELECT MIN(date) FROM days), "
        "(SELECT MAX(date) FROM observations), (SELECT MAX(date) FROM days)").fetchone()
    firsts = [text for text in (first_obs, first_fact) if text]
    lasts = [text for text in (last_obs, last_fact) if text]
    return (date.fromisoformat(min(firsts)) if firsts else None,
            date.fromisoformat(max(lasts)) if lasts else None)


def values_between(store: Store, low: str, high: str,
                   symptom: str | None = None) -> list[tuple[str, str, int, str | None]]:
    """(date, symptom, severity, where) of the current values in [low, high] (ISO dates), by
    date, on the observations_by_date index (never a table scan)."""
    return _values(store, "date, symptom, severity, location", low, high, symptom)


def reported_values_between(store: Store, low: str, high: str, symptom: str | None = None
                            ) -> list[tuple[str, str, int, str | None, str | None]]:
    """(date, symptom, severity, where, reported_by) of the current values in [low, high]."""
    return _values(store, "date, symptom, severity, location, reported_by", low, high, symptom)


def _values(store: Store, columns: str, low: str, high: str, symptom: str | None) -> list:
    sql = f"SELECT {columns} FROM observations WHERE date >= ? AND date <= ?"
    params: list = [low, high]
    if symptom:
        sql += " AND symptom = ?"
        params.append(symptom)
    return store.conn.execute(sql + " ORDER BY date", params).fetchall()


def days_between(store: Store, low: str, high: str) -> list[tuple[str, str | None, int | None,
                                                                  str | None]]:
    """(date, limits, falls, reported_by) of the day facts in [low, high], by date."""
    return store.conn.execute(
        "SELECT date, limits, falls, reported_by FROM days WHERE date >= ? AND date <= ? "
        "ORDER BY date", (low, high)).fetchall()


def notes_between(store: Store, low: str, high: str) -> list[tuple[str, str, str | None]]:
    """(date, text, reported_by) of the notes in [low, high], by date, then as written."""
    return store.conn.execute(
        "SELECT date, text, reported_by FROM notes WHERE date >= ? AND date <= ? "
        "ORDER BY date, written_at, id", (low, high)).fetchall()


def reporters_between(store: Store, low: str, high: str) -> dict[str, int]:
    """Who reported (patient, caregiver) -> on how many days of [low, high]."""
    return dict(store.conn.execute(
        "SELECT reported_by, COUNT(DISTINCT date) FROM ("
        " SELECT date, reported_by FROM observations WHERE date >= ? AND date <= ?"
        " UNION SELECT date, reported_by FROM days WHERE date >= ? AND date <= ?"
        " UNION SELECT date, reported_by FROM notes WHERE date >= ? AND date <= ?"
        ") WHERE reported_by IS NOT NULL GROUP BY reported_by ORDER BY reported_by DESC",
        [low, high] * 3))


def ever_above_zero(store: Store, symptom: str) -> bool:
    """Whether `symptom` was ever logged above 0 (observations_by_symptom)."""
    return bool(store.scalar(
        "SELECT EXISTS (SELECT 1 FROM observations WHERE symptom = ? AND severity > 0)",
        (symptom,)))


def has_entry_on(store: Store | None, day: date) -> bool:
    """Whether anything is logged for `day`: a symptom value (0 included), day facts or a note
    (`cipn remind`). One indexed look-up per table; a journal not created yet has nothing."""
    if store is None:
        return False
    iso = day.isoformat()
    return bool(store.scalar(
        "SELECT EXISTS (SELECT 1 FROM observations WHERE date = ?) "
        "OR EXISTS (SELECT 1 FROM days WHERE date = ?) "
        "OR EXISTS (SELECT 1 FROM notes WHERE date = ?)", (iso, iso, iso)))


# -- one baseline (issue 12) ------------------------------------------------------------------
# A day with entries, for the trends, is a day with at least one symptom value (0 included):
# `cipn log` names what a person feels, so on such a day a symptom not named counts as 0. A day
# with only a fall, limits or a note says nothing about the symptoms.
def entry_days(store: Store, since: str, until: str) -> list[date]:
    """The days with symptom values in [since, until], in order (observations_by_date)."""
    return [date.fromisoformat(row[0]) for row in store.conn.execute(
        "SELECT DISTINCT date FROM observations WHERE date >= ? AND date <= ? ORDER BY date",
        (since, until))]


def first_entry_days(store: Store, count: int) -> list[date]:
    """The journal's first `count` days with symptom values: one index seek each."""
    found: list[date] = []
    after = ""
    while len(found) < count:
        day = store.scalar("SELECT MIN(date) FROM observations WHERE date > ?", (after,))
        if day is None:
            break
        found.append(date.fromisoformat(day))
        after = day
    return found


def last_entry_days(store: Store, since: str, until: str, count: int) -> list[date]:
    """The last `count` days with symptom values in [since, until], in order: one index seek
    each, however many days the span holds."""
    found: list[date] = []
    before = until
    while len(found) < count:
        day = store.scalar("SELECT MAX(date) FROM observations WHERE date >= ? AND date <= ?",
                           (since, before))
        if day is None:
            break
        found.append(date.fromisoformat(day))
        before = (found[-1] - timedelta(days=1)).isoformat()
    return found[::-1]


def first_infusion(store: Store) -> date | None:
    found = store.scalar("SELECT MIN(date) FROM treatments")
    return date.fromisoformat(found) if found else None


def baseline(store: Store):
    """The journal's one baseline (domain/trends.py `choose_basis`): its basis, and each
    symptom's values on the basis days ({symptom: {day: value}})."""
    # Lazy (tests/test_imports.py): `log` imports this module, and trends pulls in decimal and
    # fractions that only the summary's baseline needs.
    from cipn_journal.domain import trends

    infusion = first_infusion(store)
    before: list[date] = []
    if infusion is not None:
        start = infusion - timedelta(days=trends.BASELINE_DAYS)
        before = entry_days(store, start.isoformat(),
                            (infusion - timedelta(days=1)).isoformat())
    basis = trends.choose_basis(infusion, before,
                                [] if before else first_entry_days(store, trends.BASELINE_DAYS))
    values: dict[str, dict[date, int]] = {}
    if basis is not None:
        for day_text, key, severity, _where in values_between(
                store, basis.start.isoformat(), basis.end.isoformat()):
            values.setdefault(key, {})[date.fromisoformat(day_text)] = severity
    return basis, values


def last_place(store: Store, symptom: str, until: str) -> str | None:
    """The symptom's last known place (hands, feet, both) on or before `until`
    (one seek on the partial index observations_places)."""
    return store.scalar(
        "SELECT location FROM observations WHERE symptom = ? AND date <= ? "
        "AND location IS NOT NULL ORDER BY date DESC LIMIT 1", (symptom, until))


def last_logged_before(store: Store, day: date, symptoms: list[str]
                       ) -> dict[str, tuple[date, int]]:
    """Each symptom's last value before `day` with its day; a symptom never logged before is
    absent. One seek on observations_by_symptom each."""
    found: dict[str, tuple[date, int]] = {}
    for symptom in symptoms:
        row = store.row("SELECT date, severity FROM observations WHERE symptom = ? AND date < ? "
                        "ORDER BY date DESC LIMIT 1", (symptom, day.isoformat()))
        if row is not None:
            found[symptom] = (date.fromisoformat(row["date"]), row["severity"])
    return found


def last_values_before(store: Store, day: date, symptoms: list[str]) -> dict[str, int]:
    """Each symptom's last value before `day` (issue 22 rule 1 reads what a day says from it);
    a symptom never logged before is absent. One seek on observations_by_symptom each."""
    found: dict[str, int] = {}
    for symptom in symptoms:
        value = store.scalar("SELECT severity FROM observations WHERE symptom = ? AND date < ? "
                             "ORDER BY date DESC LIMIT 1", (symptom, day.isoformat()))
        if value is not None:
            found[symptom] = value
    return found


def last_named_value(store: Store, symptom: str, until: str) -> tuple[date, int] | None:
    """The symptom's last named value on or before `until` and its day
    (observations_by_symptom); None: never logged."""
    row = store.row("SELECT date, severity FROM observations WHERE symptom = ? AND date <= ? "
                    "ORDER BY date DESC LIMIT 1", (symptom, until))
    return (date.fromisoformat(row["date"]), row["severity"]) if row else None
