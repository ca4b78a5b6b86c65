"""`cipn history`: the current value of each (day, symptom) in a window, with the day's limits,
falls and notes. Who reported is taken from the value itself (`reported_by`) and, for the day's
limits and falls, from the day (`facts_reported_by`), never from whoever wrote last that day.
Replaced values are not listed (they stay in observation_history)."""

from dataclasses import dataclass
from datetime import date

from cipn_journal.domain import treatment as rules
from cipn_journal.domain.symptoms import BUILTIN_KEYS
from cipn_journal.reports.window import Window
from cipn_journal.store import journal, treatments


@dataclass
class HistoryRow:
    date: str
    symptom: str | None
    severity: int | None
    where: str | None
    limits: str | None
    falls: int | None  # None: falls were not reported that day
    note: str | None
    reported_by: str | None
    facts_reported_by: str | None = None  # who reported the day's limits and falls


def rows(store, window: Window, symptom: str | None = None) -> list[HistoryRow]:
    low, high = window.bounds()
    observations = journal.reported_values_between(store, low, high, symptom)
    days = {day: (limits, falls, by)
            for day, limits, falls, by in journal.days_between(store, low, high)}
    notes: dict[str, list[str]] = {}
    for day, text, _by in journal.notes_between(store, low, high):
        notes.setdefault(day, []).append(text)
    custom_order = {key: n for n, key in enumerate(journal.custom_keys(store))}
    order = {key: n for n, key in enumerate(BUILTIN_KEYS)}
    rank = lambda key: order.get(key, len(order) + custom_order.get(key, 0))  # noqa: E731

    def row(day: str, key, severity, where, value_by=None) -> HistoryRow:
        limits, falls, by = days.get(day, (None, None, None))
        has_facts = limits is not None or falls is not None
        return HistoryRow(
            date=day, symptom=key, severity=severity, where=where, limits=limits,
            falls=falls, note="\n".join(notes[day]) if day in notes else None,
            reported_by=value_by if key is not None else by,
            facts_reported_by=by if has_facts else None,
        )

    result = [row(*observation) for observation in observations]
    if not symptom:
        logged = {observation[0] for observation in observations}
        result += [row(day, None, None, None) for day in set(days) | set(notes)
                   if day not in logged]
    result.sort(key=lambda r: (r.date, -1 if r.symptom is None else rank(r.symptom)))
    return result


def as_json(found: list[HistoryRow]) -> list[dict]:
    return [
        {"date": r.date, "symptom": r.symptom, "severity": r.severity, "where": r.where,
         "limits": r.limits, "falls": r.falls, "note": r.note, "reported_by": r.reported_by,
         "facts_reported_by": r.facts_reported_by}
        for r in found
    ]


def cycle_days(store, found: list[HistoryRow]) -> dict[str, str]:
    """'cycle 3, day 5' for each day shown, when the journal records infusions."""
    infusions = treatments.load_infusions(store)
    if not infusions:
        return {}
    contexts = {}
    for day in {r.date for r in found}:
        context = rules.context(infusions, date.fromisoformat(day))
        if context:
            contexts[day] = context
    return contexts
