"""What an export holds, read from the journal: the window (`select`), the journal's records in it
for the JSON export (`records`), and the visit report behind the Markdown and HTML exports
(`report`), built from the summary part (trends, grade estimate) and the treatment part (cycles,
doses, medicines, visits, questions). Every reader accepts `store=None` (no journal yet).
"""

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from cipn_journal.domain.clinical import DEFAULT_WINDOW_DAYS as DEFAULT_DAYS
from cipn_journal.export import schema
from cipn_journal.reports.window import Window

if TYPE_CHECKING:  # for the type checker only: the summary module is imported where it is built
    from cipn_journal.reports.summary import Summary


@dataclass(frozen=True)
class Selection:
    """The export's window. `start`/`end` are the report's days; `low`/`high` bound the records
    (None: unbounded), so that `--since all` without `--until` is the whole journal, including
    infusions recorded before the first logged day and visits planned for later."""

    start: date | None
    end: date
    today: date
    how: str  # why this window, for the report's header
    low: date | None
    high: date | None

    @property
    def window(self) -> Window:
        return Window(self.start, self.end)


def select(store, since: str | None, until: str | None, *, today: date) -> Selection:
    """--since/--until as the export's window. Default: since the last visit recorded on or
    before the window's end, else the last 28 days."""
    from cipn_journal.domain.dates import parse_when, window_word
    from cipn_journal.reports.window import resolve
    from cipn_journal.store.visits import last_visit

    how = ""
    if since is None:
        end = parse_when(until, today=today) if until else today
        visit = last_visit(store, today)
        if visit is not None and visit <= end:
            since, how = "last-visit", f"since the last visit, {visit.isoformat()}"
        else:
            how = f"the last {DEFAULT_DAYS} days"
    word = window_word(since)
    window = resolve(store, since, until, today=today, default_days=DEFAULT_DAYS)
    if word == "all":
        how = "the whole journal"
    elif word == "last-visit" and not how:
        how = f"since the last visit, {window.start}"  # an ISO date
    low = None if word == "all" else window.start
    high = window.end if until else None
    return Selection(window.start, window.end, today, how, low, high)


# -- the journal's records (JSON) -----------------------------------------------------------
def _json_value(table: str, name: str, value, row) -> object:
    if name == "cycle_given" and value is not None:
        return bool(value)
    if table == "weekly_records" and name == "skipped":
        return [key for key in (value or "").split(",") if key]
    if table == "alerts" and name == "value":
        from cipn_journal.store.alerts import alert_value

        return alert_value(row["rule"], row["subject"], value)
    return value


def sort_key(record: dict, table: schema.Table) -> tuple:
    """Records in a stable order that does not depend on row ids: by what matches them, then
    by every other value."""
    names = list(table.match) + [k for k in table.keys if k not in table.match]
    return tuple((0,) if record[k] is None else (1, type(record[k]).__name__, _sortable(record[k]))
                 for k in names)


def _sortable(value):
    return sorted(value.items()) if isinstance(value, dict) else value


def _name_escalated(store, items: list[dict]) -> None:
    """`escalates` as the alert it names ({date, subject, rule}), not its row id, so that it
    means the same alert in the journal a file is imported into (issue 24)."""
    from cipn_journal.store.exchange import alert_keys

    named = alert_keys(store, {item["escalates"] for item in items if item["escalates"]})
    for item in items:
        if item["escalates"]:
            item["escalates"] = named.get(item["escalates"])


def records(store, selection: Selection,
            tables: tuple[str, ...] | None = None) -> dict[str, list[dict]]:
    """Every table of the export format (or only `tables`), its records in the selection, in a
    stable order."""
    from cipn_journal.store.exchange import rows_in_window

    found: dict[str, list[dict]] = {}
    for table in schema.TABLES:
        if tables is not None and table.name not in tables:
            continue
        if store is None:
            found[table.name] = []
            continue
        rows = rows_in_window(store, table.name, [f.column for f in table.fields],
                              selection.low, selection.high)
        items = [{f.key: _json_value(table.name, f.key, row[f.column], row)
                  for f in table.fields} for row in rows]
        if table.name == "alerts":
            _name_escalated(store, items)
        items.sort(key=lambda item: sort_key(item, table))  # sorted at once: no late binding
        found[table.name] = items
    return found


# -- the visit report (Markdown, HTML) -------------------------------------------------------
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
    meds: list[dict] = field(default_factory=list)
    # Per medicine started in the window, its before-and-after (issue 26): one line each.
    med_effects: list[str] = field(default_factory=list)
    notes: list[tuple[str, str, str | None]] = field(default_factory=list)  # date, text, by
    questions: list[dict] = field(default_factory=list)
    profile: dict | None = None  # store.profile.read: name, born, clinic, diagnosis, regimen
    treatments: list[dict] = field(default_factory=list)  # every infusion up to the end
    course_start: date | None = None  # the first infusion, else the journal's first day
    course: dict[str, dict[date, int]] = field(default_factory=dict)  # symptom -> day -> value
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
    from cipn_journal.reports import cycles
    from cipn_journal.reports import summary as summaries
    from cipn_journal.store import journal, meds, questions, treatments, visits
    from cipn_journal.store.alerts import list_alerts
    from cipn_journal.store.profile import read as read_profile

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
    result.infusions = [t for t in treatments.list_treatments(store)
                        if low_text <= t["date"] <= high_text]
    result.totals = treatments.cumulative_doses(store, end)
    result.cycles = cycles.cycles_in_window(store, low, end)
    result.coasting = cycles.coasting_note(store, end)
    result.meds = meds.meds_in_window(store, low, end)
    from cipn_journal.reports.med_effect import visit_lines

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
        for day, symptom, severity, _where in journal.values_between(
                store, result.course_start.isoformat(), high_text):
            result.course.setdefault(symptom, {})[date.fromisoformat(day)] = severity
        result.course = {key: values for key, values in result.course.items()
                         if any(values.values())}
    from cipn_journal.store.weekly import weekly_records

    result.weekly = weekly_records(store, low, end)
    return result


def cycle_end(cycle: dict, until: date) -> date | None:
    """The last day of a cycle (a `cycles_in_window` object), as `treatment.cycle_end` counts
    it; None while a last cycle is still running at `until`."""
    from cipn_journal.domain.treatment import Cycle
    from cipn_journal.domain.treatment import cycle_end as last_day

    following = date.fromisoformat(cycle["next_date"]) if cycle["next_date"] else None
    end = last_day(Cycle(cycle["drug"], cycle["cycle"], date.fromisoformat(cycle["date"]),
                         following, ()), until)
    return end if following is not None or end < until else None
