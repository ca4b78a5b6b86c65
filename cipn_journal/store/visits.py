"""Visits to the care team (`visits`): adding one (one per day), the last one before a day, listing
them. All SQL for `visits` lives here; every reading function accepts `store=None`.
"""

from datetime import date

from cipn_journal.store.connection import Store
from cipn_journal.store.sql import date_range

VISIT_KEYS = ("id", "date", "with")


def add_visit(store: Store, *, day: date, with_whom: str | None = None) -> tuple[str, str | None]:
    """Record a visit; a day that already has one gets that one updated, never a second.
    Returns ("added" | "updated" | "unchanged", who the visit was with before)."""
    with store.change("visit add") as change:
        existing = store.row("SELECT id, with_whom FROM visits WHERE date = ? ORDER BY id",
                             (day.isoformat(),))
        said = f"visit on {day.isoformat()}" + (f" with {with_whom}" if with_whom else "")
        if existing is None:
            change.insert("visits", {"date": day.isoformat(), "with_whom": with_whom,
                                     "recorded_at": change.now})
            change.describe(said)
            return "added", None
        if with_whom is None or with_whom == existing["with_whom"]:
            return "unchanged", existing["with_whom"]
        change.update("visits", existing["id"], {"with_whom": with_whom,
                                                 "recorded_at": change.now})
        change.describe(f"updated the {said}")
    return "updated", existing["with_whom"]


def last_visit(store: Store | None, today: date) -> date | None:
    """The most recent visit on or before `today`."""
    if store is None:
        return None
    found = store.scalar("SELECT MAX(date) FROM visits WHERE date <= ?", (today.isoformat(),))
    return date.fromisoformat(found) if found else None


def visits(store: Store | None, start: date | None = None, end: date | None = None) -> list[dict]:
    """Visits, oldest first, optionally within [start, end], as dicts with exactly VISIT_KEYS."""
    if store is None:
        return []
    window, params = date_range("date", start, end)
    sql = "SELECT id, date, with_whom FROM visits WHERE 1 = 1" + window
    return [dict(zip(VISIT_KEYS, (r["id"], r["date"], r["with_whom"]), strict=True))
            for r in store.rows(sql + " ORDER BY date, id", params)]
