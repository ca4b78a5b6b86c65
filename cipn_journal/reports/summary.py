"""`cipn summary`: the Summary of a window, from store reads and domain rules. Only the window's
rows come into Python (store/journal.py reads them on the date indexes); whole-journal facts
(each symptom's baseline, whether it was ever above 0) are small per-symptom reads. The
statistics are trends.py's and the grade estimate grade.py's.

A Summary is data, not text: the treatment context (`care_sections`) arrives as `Section`s, each
a JSON key and its value; render/summary.py words them for the terminal and the JSON object
gains each key after the main facts. Existing keys are never renamed.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from cipn_journal.domain import clinical, cycle_linked, trends
from cipn_journal.domain import grade as grading
from cipn_journal.domain.alerts import open_on
from cipn_journal.domain.proctcae import SCALES
from cipn_journal.domain.treatment import listed
from cipn_journal.reports import alert_view, cycles
from cipn_journal.reports.upcoming import next_infusion
from cipn_journal.reports.window import Window
from cipn_journal.store import journal, meds, treatments
from cipn_journal.store.alerts import list_alerts
from cipn_journal.store.treatments import load_infusions
from cipn_journal.store.visits import last_visit
from cipn_journal.store.weekly import day_extents, weekly_records


@dataclass
class Section:
    """A block of facts shown after the main ones: the JSON value `data` under `key`. The
    renderers know each key; a key they do not know is in the JSON only."""

    key: str
    data: Any = None


@dataclass
class Summary:
    start: date | None  # None: `--since all` on a journal with nothing logged
    end: date
    today: date
    exists: bool = True  # False: no journal file (nothing was created)
    first_day: date | None = None  # the journal's first and last logged days
    last_day: date | None = None
    symptoms: list[trends.SymptomStats] = field(default_factory=list)
    grade_latest: grading.GradeEstimate | None = None
    grade_peak: grading.GradeEstimate | None = None
    # the latest day with a nerve symptom logged but no limits answer, when later than the
    # latest estimate: "limits not recorded" (issue 23)
    grade_unrecorded: date | None = None
    grade_disagreement: str | None = None  # weekly interference vs the daily limits, one line
    limits_answered: int = 0  # days of the window with a limits answer (none included)
    falls: int = 0
    fall_days: list[date] = field(default_factory=list)
    limits: list[tuple[date, str]] = field(default_factory=list)  # everyday / selfcare days
    logged_days: list[date] = field(default_factory=list)
    missing: list[date] = field(default_factory=list)
    counted_days: int = 0  # the days "days not logged" is out of: from the journal's first day
    baseline_basis: trends.BaselineBasis | None = None
    alerts: list[dict] = field(default_factory=list)  # store.alerts.list_alerts: open, newest first
    # How they are shown (issue 22 rules 4, 7; reports/alert_view.py): each alert has `current`;
    # id -> the "not yet told" line of those that aged; the `soon` heading during treatment.
    alerts_aged: dict[int, str] = field(default_factory=dict)
    during_treatment: bool = False
    sections: list[Section] = field(default_factory=list)

    @property
    def days(self) -> list[date]:
        return Window(self.start, self.end).days()

    @property
    def is_empty(self) -> bool:
        """Nothing logged in the window: a sentence, not a table of zeros."""
        return not self.logged_days

    @property
    def is_one_day(self) -> bool:
        return self.start is not None and self.start == self.end


def build(store, window: Window, *, today: date) -> Summary:
    """The summary of `window`; `store` None (no journal yet) gives an empty one. Its last
    section, `next_infusion`, is the planned next infusion ({"date", "drug"}) when the window
    reaches today (a window that ended earlier shows what was known then), else None."""

    result = _build(store, window, today=today)
    plan = next_infusion(store, today) if window.end >= today else None
    result.sections.append(Section("next_infusion", {"date": plan.date.isoformat(),
                                                     "drug": plan.drug} if plan else None))
    return result


def _build(store, window: Window, *, today: date) -> Summary:
    result = Summary(window.start, window.end, today, exists=store is not None)
    if store is None:
        result.sections += care_sections(None, window)
        return result

    if window.end < today:  # a window that ended earlier shows what was open then
        result.alerts = open_on(list_alerts(store, include_all=True,
                                            until=window.end.isoformat()), window.end)
    else:
        result.alerts = list_alerts(store)
    shown = alert_view.view(store, result.alerts, today=today, as_of=min(window.end, today))
    result.alerts_aged, result.during_treatment = shown.aged, shown.during_treatment
    result.first_day, result.last_day = journal.logged_span(store)
    if window.start is None:
        result.sections += care_sections(store, window)
        return result
    low, high = window.bounds()

    values: dict[str, dict[date, int]] = {}
    highest: dict[date, int] = {}
    for day_text, key, severity, _where in journal.values_between(store, low, high):
        day = date.fromisoformat(day_text)
        values.setdefault(key, {})[day] = severity
        highest[day] = max(severity, highest.get(day, 0))
    limits: dict[date, str | None] = {}
    for day_text, limit, falls, _by in journal.days_between(store, low, high):
        day = date.fromisoformat(day_text)
        limits[day] = limit
        if falls:
            result.falls += falls
            result.fall_days.append(day)
        if limit in ("everyday", "selfcare"):
            result.limits.append((day, limit))
    result.logged_days = sorted(set(highest) | set(limits))
    result.limits_answered = sum(value is not None for value in limits.values())
    result.sections += care_sections(store, window)
    if result.is_empty:
        return result

    result.missing, result.counted_days = _missing(window, set(result.logged_days),
                                                   result.first_day, today)
    nerve = grading.nerve_highest(values)
    grades = grading.day_grades(nerve, limits, set(highest))
    result.grade_latest, result.grade_peak = grading.latest_and_peak(grades, nerve)
    unanswered = [day for day in nerve if limits.get(day) is None]
    if unanswered and (not grades or max(unanswered) > max(grades)):
        result.grade_unrecorded = max(unanswered)
    weekly = next((s.data for s in result.sections if s.key == "weekly"), None) or []
    answered = [(date.fromisoformat(w["date"]), w["answers"]["numbness.interference"])
                for w in weekly if w["answers"].get("numbness.interference") is not None]

    result.grade_disagreement = grading.disagreement(
        [(day, score, SCALES["interference"][score]) for day, score in answered], limits)

    # The one baseline, and the days with entries before the window that the previous week
    # and the week before the last visit may need (at most two weeks of them each).
    basis, base_values = journal.baseline(store)

    infusions = load_infusions(store)
    result.baseline_basis = trends.placed(basis, infusions)
    listed_days = sorted({i.date for i in infusions if listed(i.drug)})
    window_entries = journal.entry_days(store, low, high)
    visit = last_visit(store, window.end)
    reach = trends.PREVIOUS_DAYS + trends.RECENT_DAYS + trends.SINCE_VISIT_DAYS
    earlier_from = min(window.start, visit or window.start) - timedelta(days=reach * 8)
    # Only the last few entry days before the window and before the visit: a visit years back
    # must not make it read every day since (one index seek a day).
    before_window = (window.start - timedelta(days=1)).isoformat()
    keep = set()
    if visit is not None:
        keep = set(journal.last_entry_days(
            store, earlier_from.isoformat(),
            min(before_window, (visit - timedelta(days=1)).isoformat()),
            trends.SINCE_VISIT_DAYS))
    previous_days = journal.last_entry_days(store, earlier_from.isoformat(), before_window,
                                            trends.PREVIOUS_DAYS + trends.RECENT_DAYS)
    earlier = sorted(set(previous_days) | keep)
    earlier_values: dict[str, dict[date, int]] = {}
    # Only these days' values are read (the statistics average over listed days), so the
    # weeks before the window and before the last visit are read apart: a visit years ago
    # must not bring every value in between into memory.
    for group in (previous_days, sorted(keep)):
        if not group:
            continue
        for day_text, key, severity, _where in journal.values_between(
                store, group[0].isoformat(), group[-1].isoformat()):
            earlier_values.setdefault(key, {})[date.fromisoformat(day_text)] = severity

    labels = {symptom.key: symptom.label for symptom in journal.symptoms_of(store)}
    order = list(labels) + sorted(set(values) - set(labels))  # unknown keys (imports) last
    before_treatment = (result.baseline_basis is not None
                        and result.baseline_basis.before_treatment)
    # Each run of days read apart (the visit's week, the previous weeks, the window) reads
    # what its days say by rule 1 from the value before its first day.
    groups = [group for group in (sorted(keep), previous_days, window_entries) if group]
    # Whether a symptom is cycle-linked is judged on the last infusions up to the window's end
    # and the days around them, not on the window: the answer must not depend on its start.
    judged_on = [d for d in listed_days if d <= window.end][-clinical.CYCLE_LINKED_INFUSIONS:]
    if judged_on and judged_on[-1] + timedelta(days=clinical.ACUTE_DAYS) <= earlier_from:
        judged_on = []  # no flare reaches a day read here: nothing to leave out (and no read)
    around: dict[str, dict[date, int]] = {}
    if judged_on:  # the days around those infusions, no more (a course years ago: a week)
        for day_text, key, severity, _where in journal.values_between(
                store, (judged_on[0] - timedelta(days=clinical.BEFORE_NEXT_DAYS)).isoformat(),
                min(high, (judged_on[-1] + timedelta(days=clinical.ACUTE_DAYS)).isoformat())):
            around.setdefault(key, {})[date.fromisoformat(day_text)] = severity
    for key in order:
        in_window = values.get(key, {})
        if not any(in_window.values()) and not journal.ever_above_zero(store, key):
            continue
        baseline = trends.mean_over(base_values.get(key, {}), basis.days) if basis else None
        named = {**earlier_values.get(key, {}), **in_window}
        counted: dict[date, int] = {}
        for group in groups:
            counted.update(trends.counted_values(
                group, named, journal.last_value_before(store, key, group[0])))
        all_days = sorted(set(window_entries) | set(earlier))
        linked = cycle_linked.is_cycle_linked(key, around.get(key, {}), judged_on)
        result.symptoms.append(trends.symptom_stats(
            key, labels.get(key, key), named, baseline,
            window_entries=window_entries, earlier_entries=earlier, visit=visit,
            where=journal.last_place(store, key, high), counted=counted,
            last_named=journal.last_named_value(store, key, high),
            before_treatment=before_treatment,
            flare=cycle_linked.flare_days(all_days, listed_days) if linked else None))
    return result


def care_sections(store, window: Window) -> list[Section]:
    """The treatment context of the window (issue 5), in this order: the treatment line at its
    end (`treatment`: the listed drugs first with their totals, or when the course ended; issue
    23), the cycle day at its end
    (`cycle_context`), the total doses recorded (`cumulative_doses`), the oxaliplatin "coasting"
    note (`coasting`), the cycles that overlap it and whether symptoms persisted to the next one
    (`cycles`), and the supplements and medicines taken in it (`meds`); then the weekly
    answers and logged extents (`weekly_sections`)."""

    return [
        Section("treatment", cycles.treatment_story(store, window.end)),
        Section("cycle_context", cycles.cycle_context(store, window.end)),
        Section("cumulative_doses", treatments.cumulative_doses(store, window.end)),
        Section("coasting", cycles.coasting_note(store, window.end)),
        Section("cycles", cycles.cycles_in_window(store, window.start, window.end)),
        Section("meds", meds.meds_in_window(store, window.start, window.end)),
    ] + weekly_sections(store, window)


def weekly_sections(store, window: Window) -> list[Section]:
    """The weekly PRO-CTCAE records of the window, oldest first (`weekly`: date, answers,
    composite grades, extent), and the extent logged with `cipn log --extent` (`extent_days`:
    date, hands, feet). README "Weekly questions" documents both keys."""

    weekly = []
    for record in weekly_records(store, window.start, window.end):
        shown = record.as_json()
        weekly.append({key: shown[key] for key in ("date", "answers", "composite", "extent")})
    days = [{"date": day.isoformat(), **levels}
            for day, levels in day_extents(store, window.start, window.end)]
    return [Section("weekly", weekly), Section("extent_days", days)]


def _missing(window: Window, logged: set[date], first_day: date | None,
             today: date) -> tuple[list[date], int]:
    """Days of the window with nothing logged, and how many days they are out of: counted from
    the journal's first day to today (days before the journal began or still to come are not
    missed days)."""
    if window.start is None:  # `--since all` on a journal with nothing logged
        return [], 0
    start = max(window.start, first_day) if first_day else window.start
    end = min(window.end, today)
    counted = max(0, (end - start).days + 1)
    return [start + timedelta(days=n) for n in range(counted)
            if start + timedelta(days=n) not in logged], counted
