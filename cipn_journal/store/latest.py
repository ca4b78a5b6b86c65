"""The latest facts on or before a day, for showing open alerts (issue 22 rules 4 and 7): the
latest day with symptom values, with anything logged, the latest limits answer, the latest
extent per limb, the last infusion. All SQL is here; one index seek each; it decides nothing."""

from datetime import date

from cipn_journal.domain.proctcae import LIMBS
from cipn_journal.store.connection import Store


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def last_entry_day(store: Store, until: date) -> date | None:
    """The latest day with a symptom value (0 included) on or before `until`."""
    return _day(store.scalar("SELECT MAX(date) FROM observations WHERE date <= ?",
                             (until.isoformat(),)))


def values_on(store: Store, day: date) -> dict[str, int]:
    """{symptom: value} named on `day`."""
    return {r["symptom"]: r["severity"] for r in store.rows(
        "SELECT symptom, severity FROM observations WHERE date = ?", (day.isoformat(),))}


def last_logged_day(store: Store, until: date) -> tuple[date | None, int | None]:
    """The latest day on or before `until` with a symptom value or day facts, and its falls."""
    found = _day(store.scalar(
        "SELECT MAX(date) FROM (SELECT MAX(date) AS date FROM observations WHERE date <= ? "
        "UNION ALL SELECT MAX(date) FROM days WHERE date <= ?)", (until.isoformat(),) * 2))
    if found is None:
        return None, None
    return found, store.scalar("SELECT falls FROM days WHERE date = ?", (found.isoformat(),))


def last_limits(store: Store, until: date) -> tuple[date, str] | None:
    """The latest limits answer (none included) on or before `until`, with its day."""
    row = store.row("SELECT date, limits FROM days WHERE date <= ? AND limits IS NOT NULL "
                    "ORDER BY date DESC LIMIT 1", (until.isoformat(),))
    return (date.fromisoformat(row["date"]), row["limits"]) if row else None


def last_extents(store: Store, until: date) -> dict[str, tuple[date, int]]:
    """Per limb, the latest extent recorded on or before `until` (weekly answers and `log
    --extent`, current rows), with its day; a limb never recorded is left out."""
    found: dict[str, tuple[date, int]] = {}
    for limb in LIMBS:
        row = store.row(
            f"SELECT date, level FROM (SELECT date, extent_{limb} AS level FROM weekly_records "
            f"WHERE replaced_at IS NULL AND date <= ? AND extent_{limb} IS NOT NULL "
            f"UNION ALL SELECT date, {limb} FROM extent_days WHERE replaced_at IS NULL "
            f"AND date <= ? AND {limb} IS NOT NULL) ORDER BY date DESC LIMIT 1",
            (until.isoformat(),) * 2)
        if row is not None:
            found[limb] = (date.fromisoformat(row["date"]), row["level"])
    return found


def last_infusion(store: Store, until: date) -> date | None:
    """The day of the latest infusion on or before `until`."""
    return _day(store.scalar("SELECT MAX(date) FROM treatments WHERE date <= ?",
                             (until.isoformat(),)))
