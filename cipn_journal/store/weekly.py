"""Writing and reading the weekly PRO-CTCAE records and the extent of numbness or tingling.
All SQL for `weekly_records` and `extent_days` lives here. A date has one current row
(`replaced_at` NULL); answering again marks it replaced and inserts a new one, so each earlier
version stays in the file and `cipn undo` brings it back. Callers get plain objects.
"""

from datetime import date

from cipn_journal.domain import proctcae
from cipn_journal.store.connection import Change, Store
from cipn_journal.store.sql import date_range

KEYS = proctcae.ALL_KEYS
_COLUMNS = {key: key.replace(".", "_") for key in KEYS}


class WeeklyRecord:
    """One day's weekly answers: {key: 0-4} for every item and extent answered or scored 0 by
    the skip rule (`skipped` lists those), who answered and when it was stored."""

    __slots__ = ("day", "answers", "skipped", "reported_by", "recorded_at")

    def __init__(self, day: date, answers: dict[str, int], skipped: list[str],
                 reported_by: str | None = None, recorded_at: str | None = None):
        self.day = day
        self.answers = answers
        self.skipped = skipped
        self.reported_by = reported_by
        self.recorded_at = recorded_at

    @property
    def composite(self) -> dict[str, int | None]:
        return proctcae.composites(self.answers)

    @property
    def extent(self) -> dict[str, int | None]:
        return {limb: self.answers.get(f"extent.{limb}") for limb in proctcae.LIMBS}

    def as_json(self) -> dict:
        """The stored record for `--json` (and, later, summaries and exports)."""
        return {
            "date": self.day.isoformat(),
            "answers": {key: self.answers[key] for key in KEYS
                        if key in self.answers and key not in proctcae.EXTENT_KEYS},
            "skipped": list(self.skipped),
            "composite": self.composite,
            "extent": self.extent,
            "reported_by": self.reported_by,
            "recorded_at": self.recorded_at,
        }

    def same_answers(self, other: "WeeklyRecord") -> bool:
        return (self.answers, sorted(self.skipped), self.reported_by) == (
            other.answers, sorted(other.skipped), other.reported_by)


def _record(row) -> WeeklyRecord:
    answers = {key: row[column] for key, column in _COLUMNS.items() if row[column] is not None}
    skipped = [key for key in (row["skipped"] or "").split(",") if key]
    return WeeklyRecord(date.fromisoformat(row["date"]), answers, skipped,
                        row["reported_by"], row["recorded_at"])


def weekly_records(store: Store | None, start: date | None = None,
                   end: date | None = None) -> list[WeeklyRecord]:
    """The current weekly record of each date in [start, end] (either end open), oldest first."""
    if store is None:
        return []
    sql = "SELECT * FROM weekly_records WHERE replaced_at IS NULL"
    window, params = date_range("date", start, end)
    sql += window
    return [_record(row) for row in store.rows(sql + " ORDER BY date, id", params)]


def last_record(store: Store | None, on_or_before: date) -> WeeklyRecord | None:
    """The most recent current weekly record on or before a date (interactive defaults)."""
    if store is None:
        return None
    row = store.row(
        "SELECT * FROM weekly_records WHERE replaced_at IS NULL AND date <= ? "
        "ORDER BY date DESC, id DESC LIMIT 1", (on_or_before.isoformat(),))
    return _record(row) if row is not None else None


def first_day(store: Store | None) -> date | None:
    """The earliest date with weekly answers or a logged extent (one index lookup each)."""
    if store is None:
        return None
    found = [text for text in store.conn.execute(
        "SELECT (SELECT MIN(date) FROM weekly_records), (SELECT MIN(date) FROM extent_days)"
    ).fetchone() if text]
    return date.fromisoformat(min(found)) if found else None


def _current(store: Store, table: str, day: date):
    return store.row(f"SELECT * FROM {table} WHERE date = ? AND replaced_at IS NULL "
                     "ORDER BY id DESC LIMIT 1", (day.isoformat(),))


class SaveResult:
    """What a weekly save did: the stored record, the one it replaced (or None), and whether
    the answers were the same as the current ones (nothing written)."""

    __slots__ = ("record", "replaced", "unchanged", "alerts")

    def __init__(self, record: WeeklyRecord, replaced: WeeklyRecord | None, unchanged: bool):
        self.record = record
        self.replaced = replaced
        self.unchanged = unchanged
        self.alerts: list = []  # alerts raised with the save (by the record service)


def highest_composites(store: Store, day: date, count: int) -> dict[str, int]:
    """Each PRO-CTCAE term's highest composite grade in the `count` most recent current weekly
    records before `day`; a term without a grade in them is left out."""
    rows = store.rows("SELECT * FROM weekly_records WHERE replaced_at IS NULL AND date < ? "
                      "ORDER BY date DESC LIMIT ?", (day.isoformat(), count))
    found: dict[str, int] = {}
    for row in rows:
        for term, grade in _record(row).composite.items():
            if grade is not None:
                found[term] = max(grade, found.get(term, grade))
    return found


def recent_extents(store: Store, start: date, day: date) -> dict[str, list[tuple[date, int]]]:
    """Each limb's extent on the days from `start` to the day before `day`, oldest first: the
    weekly answers and `log --extent` (current rows; a day with both: the higher)."""
    window = (start.isoformat(), day.isoformat())
    by_day: dict[str, dict[str, int]] = {limb: {} for limb in proctcae.LIMBS}
    columns = ", ".join(_COLUMNS[f"extent.{limb}"] for limb in proctcae.LIMBS)
    for table, names in (("weekly_records", columns), ("extent_days", ", ".join(proctcae.LIMBS))):
        for row in store.rows(
                f"SELECT date, {names} FROM {table} WHERE replaced_at IS NULL AND date >= ? "
                "AND date < ?", window):
            for limb, level in zip(proctcae.LIMBS, tuple(row)[1:], strict=True):
                if level is not None:
                    by_day[limb][row[0]] = max(level, by_day[limb].get(row[0], level))
    return {limb: [(date.fromisoformat(d), v) for d, v in sorted(levels.items())]
            for limb, levels in by_day.items() if levels}


def highest_extents(store: Store, day: date) -> dict[str, int]:
    """The highest extent per limb recorded before `day` (weekly answers and `log --extent`,
    current rows); a limb never recorded is left out."""
    found: dict[str, int] = {}
    for limb in proctcae.LIMBS:
        column = _COLUMNS[f"extent.{limb}"]
        high = store.scalar(
            f"SELECT MAX(level) FROM (SELECT {column} AS level FROM weekly_records "
            f"WHERE replaced_at IS NULL AND date < ? UNION ALL SELECT {limb} FROM extent_days "
            "WHERE replaced_at IS NULL AND date < ?)", (day.isoformat(), day.isoformat()))
        if high is not None:
            found[limb] = high
    return found


def write_weekly(store: Store, change: Change, record: WeeklyRecord) -> SaveResult:
    """Inside `change`: store one day's weekly record, replacing that day's current record
    (kept, marked replaced). The same answers again write nothing (`unchanged`). Its alerts are
    judged by the record service (cipn_journal/record) in the same change."""
    current = _current(store, "weekly_records", record.day)
    replaced = _record(current) if current is not None else None
    if replaced is not None and replaced.same_answers(record):
        return SaveResult(replaced, None, unchanged=True)
    if current is not None:
        change.update("weekly_records", current["id"], {"replaced_at": change.now})
    values = {column: record.answers.get(key) for key, column in _COLUMNS.items()}
    change.insert("weekly_records", {
        "date": record.day.isoformat(), **values, "skipped": ",".join(record.skipped),
        "reported_by": record.reported_by, "recorded_at": change.now,
    })
    record.recorded_at = change.now
    count = sum(1 for key in record.answers if key not in record.skipped)
    change.describe(
        f"weekly answers for {record.day.isoformat()} ({count} answered"
        + (", replacing that day's earlier answers)" if replaced else ")"))
    return SaveResult(record, replaced, unchanged=False)


def save_day_extent(store: Store, change: Change, day: date, extent: dict[str, int],
                    by: str) -> str | None:
    """Inside a `log` change: record how far up the limbs numbness or tingling reaches that day.
    A limb not given keeps that day's earlier value; the earlier row is kept, marked replaced.
    Returns the words for the confirmation line, or None when nothing changed."""
    current = _current(store, "extent_days", day)
    levels = {limb: (current[limb] if current is not None else None) for limb in proctcae.LIMBS}
    levels.update(extent)
    if current is not None and all(current[limb] == levels[limb] for limb in proctcae.LIMBS):
        return None
    if current is not None:
        change.update("extent_days", current["id"], {"replaced_at": change.now})
    change.insert("extent_days", {"date": day.isoformat(), **levels, "reported_by": by,
                                  "recorded_at": change.now})
    return "extent: " + ", ".join(
        f"{limb} {proctcae.extent_word(limb, level)}"
        + ("" if current is None or current[limb] in (None, level)
           else f" (was {proctcae.extent_word(limb, current[limb])})")
        for limb, level in extent.items())


def day_extents(store: Store | None, start: date | None = None,
                end: date | None = None) -> list[tuple[date, dict[str, int | None]]]:
    """The extent logged with `cipn log --extent` per date in [start, end], oldest first."""
    if store is None:
        return []
    sql = "SELECT date, hands, feet FROM extent_days WHERE replaced_at IS NULL"
    window, params = date_range("date", start, end)
    sql += window
    return [(date.fromisoformat(row["date"]), {limb: row[limb] for limb in proctcae.LIMBS})
            for row in store.rows(sql + " ORDER BY date, id", params)]


def extent_reporters(store: Store | None, start: date | None = None,
                     end: date | None = None) -> dict[date, str | None]:
    """Who logged the extent of each date in [start, end] (`reported_by`)."""
    if store is None:
        return {}
    sql = "SELECT date, reported_by FROM extent_days WHERE replaced_at IS NULL"
    window, params = date_range("date", start, end)
    return {date.fromisoformat(row["date"]): row["reported_by"]
            for row in store.rows(sql + window, params)}
