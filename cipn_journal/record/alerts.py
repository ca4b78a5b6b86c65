"""Judging a write inside its transaction: fill the read model (domain/alerts.py `History`)
from the store, run `judge_day` and store the alerts it returns. Every write path of the record
service ends here, so a day's alerts are the same however its values arrived."""

from cipn_journal.domain import alerts as rules
from cipn_journal.store import alerts as stored_alerts
from cipn_journal.store import journal, weekly
from cipn_journal.store.connection import Change, Store


def history_for(store: Store, facts: rules.DayFacts) -> rules.History:
    """What `judge_day` needs to judge `facts`, read from the store (only what the facts ask)."""
    day = facts.day
    history = rules.History(open=stored_alerts.open_alerts(store),
                            same_day=stored_alerts.day_keys(store, day))
    if facts.values:
        history.values = journal.values_before(store, [key for key, _ in facts.values], day,
                                               rules.NEW_LOOKBACK_DAYS)
    if facts.limits in ("everyday", "selfcare"):
        history.limits = journal.limits_before(store, day, rules.NEW_LOOKBACK_DAYS)
        history.journal_start = journal.first_day_before(store, day)
    if any(grade is not None for grade in facts.composite.values()):
        previous = weekly.previous_record(store, day)
        history.previous_composite = previous.composite if previous is not None else {}
    if any(level is not None for level in facts.extent.values()):
        history.highest_extent = weekly.highest_extents(store, day)
    return history


def raise_alerts(store: Store, change: Change, facts: rules.DayFacts, *,
                 raised_at: str | None = None) -> list[rules.Alert]:
    """Judge what was just stored for `facts.day` and store the alerts, inside `change`."""
    found = rules.judge_day(facts, history_for(store, facts))
    stored_alerts.insert_alerts(change, found, raised_at=raised_at)
    return found
