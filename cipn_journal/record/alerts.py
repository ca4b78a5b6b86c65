"""Judging a write inside its transaction: fill the read model (domain/alerts.py `History`)
from the store, run `judge_day` and store the alerts it returns. Every write path of the record
service ends here, so a day's alerts are the same however its values arrived."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from cipn_journal.domain import alerts as rules
from cipn_journal.domain.clinical import (
    ACUTE_DAYS,
    ACUTE_SYMPTOMS,
    COMPOSITE_RECORDS,
    EXTENT_RISE_DAYS,
    PERSISTING_LIMITS_DAYS,
    PERSISTING_SYMPTOMS,
    PRETREATMENT_BASELINE_DAYS,
    TAXANE_PAIN_DAYS,
    TAXANE_PAIN_SYMPTOM,
    TOLD_MEMORY_DAYS,
    WORSE_WINDOW_DAYS,
)
from cipn_journal.store import alerts as stored_alerts
from cipn_journal.store import journal, weekly
from cipn_journal.store.connection import Change, Store
from cipn_journal.store.infusions import infusions_until

if TYPE_CHECKING:
    from cipn_journal.domain.persisting import Between


def history_for(store: Store, facts: rules.DayFacts) -> rules.History:
    """What `judge_day` needs to judge `facts`, read from the store (only what the facts ask)."""
    day = facts.day
    history = rules.History(open=stored_alerts.open_alerts(store, day),
                            same_day=stored_alerts.day_keys(store, day),
                            same_day_open=stored_alerts.day_open(store, day))
    keys = [key for key, _ in facts.values]
    lookback = max(rules.NEW_LOOKBACK_DAYS, WORSE_WINDOW_DAYS)
    infusions = None  # read once, by the first rule that needs them
    if any(key in (*ACUTE_SYMPTOMS, TAXANE_PAIN_SYMPTOM) for key in keys):
        # The expected acute effects read the last two infusions' days and what came before,
        # only when they can apply: within ACUTE_DAYS or TAXANE_PAIN_DAYS of the last infusion
        # (judge_acute judges nothing later; a journal whose last infusion is years old then
        # reads the same few weeks as one without infusions).
        history.infusions = infusions = infusions_until(store, day)
        if infusions and (day - infusions[-1][0]).days <= max(ACUTE_DAYS, TAXANE_PAIN_DAYS):
            first = sorted({d for d, _drug in history.infusions})[-2:][0]
            lookback = max(lookback, (day - first).days + 1)
            history.day_limits = journal.limits_on(store, day)
            history.acute = stored_alerts.rule_alerts(store, "acute", first)
    if keys:
        # What each day says about the symptoms (issue 22 rule 1): their values, the days with
        # entries and the last value before them.
        start = day - timedelta(days=lookback)
        history.values = journal.values_before(store, keys, day, lookback)
        history.entry_days = journal.entry_days(store, start.isoformat(),
                                                (day - timedelta(days=1)).isoformat())
        last = journal.last_logged_before(store, start, keys)
        history.earlier = {key: value for key, (_day, value) in last.items()}
        history.earlier_day = {key: when for key, (when, _value) in last.items()}
        memory = day - timedelta(days=TOLD_MEMORY_DAYS)
        history.told = stored_alerts.told_since(store, memory)
        for _id, when, subject, _urgency, _status in stored_alerts.rule_alerts(
                store, "reminder", memory):
            history.reminders.setdefault(subject, []).append(when)
    if facts.limits in ("everyday", "selfcare"):
        history.limits = journal.limits_before(store, day, rules.NEW_LOOKBACK_DAYS)
        history.journal_start = journal.first_day_before(store, day)
    if any(grade is not None for grade in facts.composite.values()):
        history.highest_composite = weekly.highest_composites(store, day, COMPOSITE_RECORDS)
    if any(level is not None for level in facts.extent.values()):
        history.highest_extent = weekly.highest_extents(store, day)
        history.recent_extent = weekly.recent_extents(
            store, day - timedelta(days=EXTENT_RISE_DAYS), day)
    if keys or facts.limits is not None:
        history.between = between_for(store, day, infusions)
    return history


def between_for(store: Store, day: date,
                infusions: list[tuple[date, str]] | None = None) -> Between | None:
    """What the persisting rule (issue 22 rule 10) reads, or None when `day` does not come
    before the next expected infusion: the infusions (`infusions`, when already read) and the
    plan first (small tables), the rest only when the window is open. Every read is an index
    seek on a day or a short range."""
    if infusions is None:
        infusions = infusions_until(store, day)
    if not infusions:
        return None
    # Lazy (tests/test_imports.py): only a journal with infusions has cycles; the rule and the
    # plan's reader load the drug tables (domain/treatment.py: decimal, fractions).
    from cipn_journal.domain import persisting
    from cipn_journal.store.treatments import planned_infusion

    window = persisting.window(infusions, planned_infusion(store), day)
    if window is None:
        return None
    between = persisting.Between(window)
    first = min(d for d, _drug in infusions)
    start = first - timedelta(days=PRETREATMENT_BASELINE_DAYS)
    between.basis_days = journal.entry_days(store, start.isoformat(),
                                            (first - timedelta(days=1)).isoformat())
    symptoms = list(PERSISTING_SYMPTOMS)
    if between.basis_days:
        between.basis_values = journal.values_before(store, symptoms, first,
                                                     PRETREATMENT_BASELINE_DAYS)
        between.basis_earlier = journal.last_values_before(store, start, symptoms)
    between.day_values = journal.values_on(store, day, symptoms)
    between.limits = journal.limits_before(store, day, PERSISTING_LIMITS_DAYS - 1)
    today_limits = journal.limits_on(store, day)
    if today_limits is not None:
        between.limits[day] = today_limits
    between.alerts = stored_alerts.rule_alerts(store, "persisting", window.last)
    between.day_symptoms = stored_alerts.day_symptoms(
        store, [alert_id for alert_id, when, _s, _u, status in between.alerts
                if when == day and status == "open"])
    return between


def raise_alerts(store: Store, change: Change, facts: rules.DayFacts, *,
                 raised_at: str | None = None) -> list[rules.Alert]:
    """Judge what was just stored for `facts.day` and store the alerts, inside `change`."""
    found = rules.judge_day(facts, history_for(store, facts))
    stored_alerts.insert_alerts(change, found, raised_at=raised_at)
    return found
