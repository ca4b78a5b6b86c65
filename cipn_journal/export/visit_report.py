"""The visit report behind the Markdown, HTML and PDF exports (`report`): the facts a clinician
reads in a minute, built from the summary (trends, grade estimate) and the treatment records
(cycles, doses, medicines, visits, questions) in the selection's window."""

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from cipn_journal.domain.treatment import Cycle
from cipn_journal.domain.treatment import cycle_end as last_day
from cipn_journal.export.selection import Selection
from cipn_journal.reports import alert_view, cycles
from cipn_journal.reports import summary as summaries
from cipn_journal.reports.med_effect import visit_lines
from cipn_journal.store import journal, meds, questions, treatments, visits
from cipn_journal.store.alerts import list_alerts
from cipn_journal.store.profile import read as read_profile
from cipn_journal.store.weekly import weekly_records

if TYPE_CHECKING:  # for the type checker only: the summary module is imported where it is built
    from cipn_journal.reports.summary import Summary


@dataclass
class Report:
    selection: Selection
    summary: "Summary"
    labels: dict[str, str] = field(default_factory=dict)
    reporters: dict[str, int] = field(default_factory=dict)  # who reported -> days
    last_visit: dict | None = None
    next_visit: dict | None = None
    alerts: list[dict] = field(default_factory=list)  # open and acknowledged, oldest first
    infusions: list[dict] = field(default_factory=list)
    totals: list[dict] = field(default_factory=list)
    cycles: list[dict] = field(default_factory=list)
    coasting: str | None = None
    story: dict | None = None  # the treatment line at the end (reports/cycles.treatment_story)
    cycle_context: str | None = None  # 'cycle 3, day 5' at the end, during the course
    meds: list[dict] = field(default_factory=list)
    # Per medicine started in the window, its before-and-after (issue 26): one line each.
    med_effects: list[str] = field(default_factory=list)
    notes: list[tuple[str, str, str | None]] = field(default_factory=list)  # date, text, by
    questions: list[dict] = field(default_factory=list)
    profile: dict | None = None  # store.profile.read: name, born, clinic, diagnosis, regimen
    treatments: list[dict] = field(default_factory=list)  # every infusion up to the end
    course_start: date | None = None  # the first infusion, else the journal's first day
    # symptom -> day -> value, of every day from course_start to the window's end (only those:
    # the course chart reads them as they are), for the symptoms ever above 0 in it
    course: dict[str, dict[date, int]] = field(default_factory=dict)
    weekly: list = field(default_factory=list)  # store.weekly.WeeklyRecord, oldest first

    @property
    def start(self) -> date | None:
        return self.selection.start

    @property
    def end(self) -> date:
        return self.selection.end

    @property
    def days(self) -> list[date]:
        return self.summary.days

    def infusion_days(self) -> list[date]:
        return sorted({date.fromisoformat(i["date"]) for i in self.infusions})


def report(store, selection: Selection) -> Report:
    """The facts a clinician reads in a minute, for the selection's window."""
    summary = summaries.build(store, selection.window, today=selection.today)
    result = Report(selection, summary)
    result.labels = {s.key: s.label for s in journal.symptoms_of(store)}
    if store is None:
        return result
    low, end = selection.low, selection.end
    low_text = low.isoformat() if low else "0000-01-01"
    high_text = end.isoformat()
    result.reporters = journal.reporters_between(store, low_text, high_text)
    seen = visits.visits(store)
    past = [v for v in seen if v["date"] <= selection.today.isoformat()]
    coming = [v for v in seen if v["date"] > selection.today.isoformat()]
    result.last_visit = past[-1] if past else None
    result.next_visit = coming[0] if coming else None
    alerts = list_alerts(store, include_all=True, since=low.isoformat() if low else None,
                         until=high_text)
    # `today` before `soon`, then newest first (list_alerts' order, issue 12).
    result.alerts = [a for a in alerts if a["status"] in ("open", "acknowledged")]
    # Each gains `current` (issue 22 rule 7), as of the window's end.
    alert_view.view(store, result.alerts, today=selection.today,
                    as_of=min(end, selection.today))
    result.infusions = [t for t in treatments.list_treatments(store)
                        if low_text <= t["date"] <= high_text]
    result.totals = treatments.cumulative_doses(store, end)
    result.cycles = cycles.cycles_in_window(store, low, end)
    result.coasting = cycles.coasting_note(store, end)
    result.story = cycles.treatment_story(store, end)
    result.cycle_context = cycles.cycle_context(store, end)
    result.meds = meds.meds_in_window(store, low, end)

    result.med_effects = visit_lines(store, low, end)
    result.notes = journal.notes_between(store, low_text, high_text)
    result.questions = questions.open_questions(store)
    result.profile = read_profile(store)
    result.treatments = [t for t in treatments.list_treatments(store) if t["date"] <= high_text]
    first = journal.first_day(store)
    starts = [d for d in (first, date.fromisoformat(result.treatments[0]["date"])
                          if result.treatments else None) if d is not None]
    if starts and min(starts) <= end:
        result.course_start = min(starts)
        parsed: dict[str, date] = {}  # each day read once: ten symptoms share a day
        for day, symptom, severity, _where in journal.values_between(
                store, result.course_start.isoformat(), high_text):
            when = parsed.get(day)
            if when is None:
                when = parsed[day] = date.fromisoformat(day)
            result.course.setdefault(symptom, {})[when] = severity
        result.course = {key: values for key, values in result.course.items()
                         if any(values.values())}

    result.weekly = weekly_records(store, low, end)
    return result


def cycle_end(cycle: dict, until: date) -> date | None:
    """The last day of a cycle (a `cycles_in_window` object), as `treatment.cycle_end` counts
    it; None while a last cycle is still running at `until`."""
    following = date.fromisoformat(cycle["next_date"]) if cycle["next_date"] else None
    end = last_day(Cycle(cycle["drug"], cycle["cycle"], date.fromisoformat(cycle["date"]),
                         following, ()), until)
    return end if following is not None or end < until else None
