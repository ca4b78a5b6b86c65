"""Supplements and medicines (`meds`): adding one being taken, stopping it, listing them (all, or
those taken in a window). All SQL for `meds` lives here; names are compared by domain/meds.py.
Every write is one change; every reading function accepts `store=None` and returns nothing.
"""

from datetime import date

from cipn_journal.domain import meds as med_rules
from cipn_journal.errors import BadInput, JournalError
from cipn_journal.store.connection import Store

MED_KEYS = ("id", "name", "kind", "start", "stop", "note")


def _current_med(store: Store, name: str):
    return next((row for row in store.rows(
        "SELECT * FROM meds WHERE stop IS NULL ORDER BY id")
        if med_rules.same_name(row["name"], name)), None)


def add_med(store: Store, *, name: str, kind: str, start: date | None,
            note: str | None = None) -> int:
    """Record a supplement or medicine being taken; BadInput when it is already current."""
    with store.change("meds add") as change:
        current = _current_med(store, name)
        if current is not None:
            since = f" since {current['start']}" if current["start"] else ""
            same = "" if current["name"] == name else f" (as {current['name']!r})"
            raise JournalError(
                f"{name!r} is already listed as taken{same}{since}: nothing was added. "
                f"`cipn meds stop {current['name']!r}` ends it."
            )
        row_id = change.insert("meds", {
            "name": name, "kind": kind, "start": start.isoformat() if start else None,
            "stop": None, "note": note, "recorded_at": change.now,
        })
        change.describe(f"added the {kind} {name}")
    return row_id


def stop_med(store: Store, *, name: str, day: date) -> dict:
    """Record the day a current supplement or medicine was stopped; BadInput when none by that
    name is current, or when `day` is before it started."""
    with store.change("meds stop") as change:
        current = _current_med(store, name)
        if current is None:
            names = [r["name"] for r in store.rows(
                "SELECT name FROM meds WHERE stop IS NULL ORDER BY id")]
            listed = (f"Currently taken: {', '.join(repr(n) for n in names)}." if names
                      else "Nothing is listed as currently taken.")
            raise BadInput(f"{name!r} is not a current supplement or medicine: "
                           f"nothing was stopped. {listed}")
        if current["start"] and day.isoformat() < current["start"]:
            raise BadInput(
                f"--date {day.isoformat()} is before {current['name']!r} was started "
                f"({current['start']}): give the day it was stopped."
            )
        change.update("meds", current["id"], {"stop": day.isoformat()})
        change.describe(f"stopped {current['name']} on {day.isoformat()}")
    return _med(dict(current) | {"stop": day.isoformat()})


def _med(row) -> dict:
    return {key: row[key] for key in MED_KEYS}


def list_meds(store: Store | None) -> list[dict]:
    """Every supplement and medicine, current and past, by start date (unknown first), as
    dicts with exactly MED_KEYS."""
    if store is None:
        return []
    return [_med(r) for r in store.rows(
        "SELECT * FROM meds ORDER BY start IS NOT NULL, start, id")]


def meds_in_window(store: Store | None, start: date | None, end: date) -> list[dict]:
    """What was taken at some time in [start, end] (start None: from the beginning): started on
    or before `end` (or start unknown) and not stopped before `start`. Keys MED_KEYS."""
    if store is None:
        return []
    low = start.isoformat() if start else "0000-01-01"
    return [_med(r) for r in store.rows(
        "SELECT * FROM meds WHERE (start IS NULL OR start <= ?) AND (stop IS NULL OR stop >= ?) "
        "ORDER BY start IS NOT NULL, start, id", (end.isoformat(), low))]
