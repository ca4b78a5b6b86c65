"""`demo`: a generated journal written as one change, its alerts raised day by day by the same
rule and service as `log` (and acknowledged on the days the person tells the care team), so a
demo journal holds exactly the alerts logging its values would."""

from pathlib import Path

from cipn_journal.domain import demo
from cipn_journal.domain.alerts import DayFacts
from cipn_journal.domain.symptoms import BUILTIN
from cipn_journal.record.alerts import raise_alerts
from cipn_journal.store import alerts as stored_alerts
from cipn_journal.store import demo as demo_store
from cipn_journal.store.connection import Store


def write_demo(store: Store, journal: demo.DemoJournal, *, now_by: str = "patient",
               replaced: Path | None = None, last_change: int | None = None) -> int:
    """Store the generated journal and its alerts as one change; return the number of values
    written. `replaced` and `last_change`: see store/demo.py `write`."""
    labels = {s.key: s.short for s in BUILTIN}
    told = demo.told_days(journal)
    with store.change("demo") as change:
        count = demo_store.write(store, change, journal, now_by=now_by, replaced=replaced,
                                 last_change=last_change)
        for day in sorted(journal.values):
            for told_day in told.get(day, []):
                stored_alerts.acknowledge_open(store, change, at=demo.evening(told_day),
                                               on=told_day.isoformat(),
                                               note=demo.told_note(journal, told_day))
            raise_alerts(store, change, DayFacts(
                day, values=list(journal.values[day].items()), labels=labels,
                limits=journal.limits.get(day), falls=journal.falls.get(day, 0)),
                raised_at=demo.evening(day))
    return count
