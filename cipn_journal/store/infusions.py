"""The infusion days a write's alert rules read (the expected acute effects and the persisting
rule, issue 22 rules 5 and 10), apart from store/treatments.py, which builds domain/treatment.py's
objects: a `log` reads them on every write, and a journal without infusions then never loads the
drug tables (tests/test_imports.py)."""

from datetime import date

from cipn_journal.store.connection import Store


def infusions_until(store: Store, day: date) -> list[tuple[date, str]]:
    """(day, drug) of the infusions on or before `day`, oldest first."""
    return [(date.fromisoformat(r["date"]), r["drug"]) for r in store.rows(
        "SELECT date, drug FROM treatments WHERE date <= ? ORDER BY date, id",
        (day.isoformat(),))]
