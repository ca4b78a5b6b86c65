"""The open alerts as shown (issue 22 rules 4 and 7): each alert gains `current` (False once
it aged: 3 or more days old and its rule no longer holds on the latest day with entries), with
the "not yet told" line of those that aged, and whether the person is during treatment (the
`soon` heading). Reads the store, decides with domain/alert_display.py; render/ words it."""

from dataclasses import dataclass, field
from datetime import date

from cipn_journal.domain import alert_display, persisting
from cipn_journal.domain.day_values import NOT_LOGGED, day_values
from cipn_journal.reports.upcoming import next_infusion
from cipn_journal.store import infusions, journal, latest, treatments


@dataclass
class AlertView:
    """`alerts`: the alerts given, each with `current` added; `aged`: alert id -> its "not yet
    told" line; `during_treatment`: the `soon` heading says "at your next contact"."""

    alerts: list[dict] = field(default_factory=list)
    aged: dict[int, str] = field(default_factory=dict)
    during_treatment: bool = False

    def shown(self, alert: dict) -> str:
        """The level `alert` is shown under."""
        return alert_display.shown_urgency(alert)


def during_treatment(store, today: date) -> bool:
    """An infusion within the last DURING_TREATMENT_DAYS, or a planned next one still ahead."""
    if store is None:
        return False
    return alert_display.during_treatment(latest.last_infusion(store, today),
                                          next_infusion(store, today) is not None, today)


def read_latest(store, as_of: date, subjects: list[str]) -> alert_display.Latest:
    """What the latest days say as of `as_of`, for the symptoms among `subjects`."""
    facts = alert_display.Latest(as_of=as_of)
    facts.day = latest.last_entry_day(store, as_of)
    if facts.day is not None:
        named = latest.values_on(store, facts.day)
        wanted = [s for s in subjects if s not in named]
        before = journal.last_values_before(store, facts.day, wanted)
        series = day_values([facts.day], {s: ({facts.day: named[s]} if s in named else {})
                                          for s in subjects},
                            last_before=before, symptoms=subjects)
        facts.values = {s: (None if series[s][facts.day] is NOT_LOGGED else series[s][facts.day])
                        for s in subjects}
    facts.any_day, facts.falls = latest.last_logged_day(store, as_of)
    facts.limits = latest.last_limits(store, as_of)
    facts.extent = latest.last_extents(store, as_of)
    return facts


def view(store, alerts: list[dict], *, today: date, as_of: date | None = None) -> AlertView:
    """`alerts` (store.alerts.list_alerts dicts, changed in place: `current` added) as shown on
    `today`; `as_of`: the day a window ended (a summary of an earlier window ages its alerts
    as of its end)."""
    as_of = as_of or today
    result = AlertView(alerts=alerts, during_treatment=during_treatment(store, as_of))
    if store is None:
        for alert in alerts:
            alert["current"] = True
        return result
    open_ones = [a for a in alerts if a["status"] == "open"]
    subjects = sorted({a["subject"] for a in open_ones})
    facts = read_latest(store, as_of, subjects) if open_ones else None
    if facts is not None and any(a["rule"] == "persisting" for a in open_ones):
        facts.course_over = persisting.course_over(infusions.infusions_until(store, as_of),
                                                   treatments.planned_infusion(store), as_of)
    names = {s.key: s.short for s in journal.symptoms_of(store)}
    for alert in alerts:
        alert["current"] = facts is None or alert_display.is_current(alert, facts)
        if not alert["current"] and facts is not None:
            result.aged[alert["id"]] = alert_display.aged_words(
                alert, names.get(alert["subject"], alert["subject"]), facts)
    return result
