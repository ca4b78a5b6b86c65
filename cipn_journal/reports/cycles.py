"""The treatment cycles a report shows: each cycle overlapping a window with whether symptoms
persisted to the next infusion (domain/treatment.py `cycle_report` over the journal's one
baseline), the cycle day of a date, and the oxaliplatin "coasting" note. Assembled from store
reads and domain rules; objects, never text.
"""

from datetime import date

from cipn_journal.domain import treatment as rules
from cipn_journal.domain.symptoms import BUILTIN_KEYS
from cipn_journal.store import journal, treatments
from cipn_journal.store.connection import Store

CYCLE_KEYS = ("drug", "drugs", "cycle", "date", "next_date", "persisted", "limits_before_next",
              "symptoms")


def symptom_order(store: Store) -> list[str]:
    """Built-in symptoms in clinical order, then custom ones in the order they were added."""
    return [*BUILTIN_KEYS, *journal.custom_keys(store)]


def _cycle_reports(store: Store, start: date | None, end: date) -> list[dict]:
    infusions = treatments.load_infusions(store)
    if not infusions:
        return []
    chosen = [cycle for cycle in rules.cycles_of(infusions) if rules.overlaps(cycle, start, end)]
    if not chosen:
        return []
    # The journal's one baseline (issue 12), then only the chosen cycles' days, on the date
    # index (a ten-year journal's summary must not read the whole table).
    basis, values = journal.baseline(store)
    low = min(c.start for c in chosen)
    high = max(rules.cycle_end(c, end) for c in chosen)
    for day_text, key, severity, _where in journal.values_between(
            store, low.isoformat(), high.isoformat()):
        values.setdefault(key, {})[date.fromisoformat(day_text)] = severity
    limits = {date.fromisoformat(day_text): limit for day_text, limit, _falls, _by
              in journal.days_between(store, low.isoformat(), high.isoformat())}
    order = symptom_order(store)
    order += sorted(set(values) - set(order))
    return [
        rules.cycle_report(cycle, basis_days=basis.days if basis else (), values=values,
                           order=order, until=end, limits=limits)
        for cycle in chosen
    ]


def cycles_in_window(store: Store | None, start: date | None, end: date) -> list[dict]:
    """The cycles that overlap the window [start, end] (start None: from the first), as the
    `treatment list --cycles --json` objects (keys CYCLE_KEYS; see treatment.cycle_report for
    the rule). A cycle with no next infusion yet runs to `end`."""
    if store is None:
        return []
    return _cycle_reports(store, start, end)


def cycle_context(store: Store | None, day: date) -> str | None:
    """'cycle 3, day 5' for `day` (the infusion day is day 1), naming the drug when the journal
    holds several; None before the first infusion or without a journal."""
    if store is None:
        return None
    return rules.context(treatments.load_infusions(store), day)


def treatment_story(store: Store | None, day: date) -> dict | None:
    """The treatment line on `day` (domain/treatment.py `course_story`): the listed drugs first
    with their totals, or when the course ended; None before any infusion."""
    if store is None:
        return None
    return rules.course_story(treatments.list_treatments(store), day)


def coasting_note(store: Store | None, end: date) -> str | None:
    """The "coasting" note when the last oxaliplatin infusion was 28 to 120 days before `end`."""
    if store is None:
        return None
    return rules.coasting(treatments.last_infusion_of(store, "oxaliplatin"), end)
