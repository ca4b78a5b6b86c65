"""`log` and `checkin` (and `log --extent`): one day's entry, its alerts in the same
transaction."""

from datetime import date

from cipn_journal.domain.symptoms import Symptom
from cipn_journal.store import journal
from cipn_journal.store.connection import Store
from cipn_journal.store.journal import DayEntry, LogResult


def log_day(store: Store, entry: DayEntry, *, today: date, command: str = "log",
            symptoms: tuple[Symptom, ...] | None = None,
            extent: dict[str, int] | None = None) -> LogResult:
    """Store one day's entry (and `extent`, how far up the limbs: `log --extent`) as one
    transaction with the alerts it raises. `symptoms`: the journal's catalog when the caller
    already read it. `today` is the day the entry is made (kept for the rules that need it)."""
    result = LogResult(entry.day)
    iso = entry.day.isoformat()
    labels = {s.key: s.short for s in (symptoms or journal.symptoms_of(store))}
    with store.change(command) as change:
        journal.write_day(store, change, entry, result)
        extent_changed = False
        if extent:
            # lazy: only `log --extent` stores how far up the limbs (the daily log does not)
            from cipn_journal.domain import proctcae
            from cipn_journal.store import weekly

            fact = weekly.save_day_extent(store, change, entry.day, extent, entry.by)
            if fact:
                result.facts.append(fact)
                extent_changed = True
            else:
                result.unchanged += [(f"extent {limb}", proctcae.extent_word(limb, level))
                                     for limb, level in extent.items()]
        if change.writes:
            # Lazy (tests/test_imports.py): the rules load only when something was written; a
            # log that changes nothing (the same values again) judges nothing.
            from cipn_journal.domain.alerts import DayFacts
            from cipn_journal.record.alerts import raise_alerts

            facts = DayFacts(entry.day, labels=labels, limits=entry.limits, falls=entry.falls,
                             today=today,
                             values=[(key, new) for key, new, _old in result.stored])
            if extent and extent_changed:
                facts.extent = dict(extent)
                facts.extent_words = proctcae.EXTENT_LEVELS
            result.alerts += raise_alerts(store, change, facts)
            parts = [f"{k} {new}" + (f" (where {result.moved[k][1]}, was {result.moved[k][0]})"
                                     if k in result.moved else
                                     f" (was {old})" if old is not None else "")
                     for k, new, old in result.stored] + result.facts
            change.describe(f"{command} for {iso}: " + ", ".join(parts))
    return result
