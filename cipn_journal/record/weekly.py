"""`weekly`: one day's PRO-CTCAE answers, their alerts in the same transaction."""

from datetime import date

from cipn_journal.domain import proctcae
from cipn_journal.domain.alerts import DayFacts
from cipn_journal.record.alerts import raise_alerts
from cipn_journal.store import weekly
from cipn_journal.store.connection import Store
from cipn_journal.store.weekly import SaveResult, WeeklyRecord


def save_weekly(store: Store, record: WeeklyRecord, *, today: date | None = None) -> SaveResult:
    """Store one day's weekly record (replacing that day's, kept) and raise its alerts
    (composite grades, spread) in the same transaction. The same answers again write nothing.
    `today`: the day the answers are given (answers for a day 3 or more days before raise at
    most `soon`)."""
    with store.change("weekly") as change:
        result = weekly.write_weekly(store, change, record)
        if not result.unchanged:
            result.alerts = raise_alerts(store, change, DayFacts(
                record.day, today=today, composite=record.composite,
                composite_labels=proctcae.TERMS,
                extent=record.extent, extent_words=proctcae.EXTENT_LEVELS))
    return result
