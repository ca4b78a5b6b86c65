"""Reading and writing the care context of a journal: infusions (`treatments`), supplements and
medicines (`meds`), visits and questions for the care team. All SQL for these tables lives
here; the rules are in `treatment.py` and `meds.py`. Every write is one change (`cipn undo`
reverts it); every reading function accepts `store=None` (no journal yet) and returns nothing.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from cipn_journal.domain import meds as med_rules
from cipn_journal.domain import treatment as rules
from cipn_journal.domain.symptoms import BUILTIN_KEYS
from cipn_journal.errors import BadInput, JournalError
from cipn_journal.store.connection import Store, date_range

TREATMENT_KEYS = ("id", "date", "entered", "drug", "class", "cycle", "dose", "unit", "route",
                  "cumulative", "note")
CYCLE_KEYS = ("drug", "cycle", "date", "next_date", "persisted", "symptoms")
MED_KEYS = ("id", "name", "kind", "start", "stop", "note")
VISIT_KEYS = ("id", "date", "with")
QUESTION_KEYS = ("id", "text", "asked", "done_at", "done_on")


# -- infusions ----------------------------------------------------------------------------------
@dataclass
class TreatmentResult:
    """What `treatment add` did, for its confirmation."""

    id: int
    day: date
    drug: str
    drug_class: str | None
    entered: str
    cycle: int
    updated: bool = False  # an infusion of this drug on this day was already recorded
    changes: list[str] = field(default_factory=list)  # what an update changed
    renumbered: list[tuple[str, int | None, int]] = field(default_factory=list)
    totals: list[dict] = field(default_factory=list)  # cumulative doses of this drug
    dose: float | None = None  # the infusion as stored now
    unit: str | None = None
    route: str | None = None


def load_infusions(store: Store, drug: str | None = None) -> list[rules.Infusion]:
    sql = "SELECT id, date, drug, cycle, cycle_given FROM treatments"
    params: tuple = ()
    if drug is not None:
        sql += " WHERE drug = ?"
        params = (drug,)
    return [
        rules.Infusion(row["id"], date.fromisoformat(row["date"]), row["drug"], row["cycle"],
                       bool(row["cycle_given"]))
        for row in store.rows(sql + " ORDER BY date, id", params)
    ]


def add_treatment(store: Store, *, day: date, name: str, cycle: int | None = None,
                  dose: rules.Dose | None = None, route: str | None = None,
                  note: str | None = None) -> TreatmentResult:
    """Record an infusion (one transaction). An infusion of the same drug on the same day is
    updated instead, with the options given. Inferred cycle numbers of that drug are then
    renumbered so that they stay "the nth infusion date" (counted on from a given cycle)."""
    known = rules.find_drug(name)
    key = rules.drug_key(name)
    iso = day.isoformat()
    with store.change("treatment add") as change:
        existing = store.row("SELECT * FROM treatments WHERE drug = ? AND date = ?", (key, iso))
        values: dict = {}
        if cycle is not None:
            values.update(cycle=cycle, cycle_given=1)
        if dose is not None:
            values.update(dose=dose.amount, unit=dose.unit, dose_text=dose.text)
        if route is not None:
            values["route"] = route
        if note is not None:
            values["note"] = note
        if existing is None:
            row_id = change.insert("treatments", {
                "date": iso, "entered": name, "drug": key,
                "drug_class": known.drug_class if known else None,
                "cycle": None, "cycle_given": 0, "dose": None, "unit": None, "dose_text": None,
                "route": None, "note": None, "recorded_at": change.now, **values,
            })
            result = TreatmentResult(row_id, day, key, known.drug_class if known else None,
                                     name, 0)
        else:
            row_id = existing["id"]
            result = TreatmentResult(row_id, day, key, existing["drug_class"], name,
                                     existing["cycle"], updated=True)
            differing = {k: v for k, v in values.items() if existing[k] != v}
            result.changes = _describe_update(existing, differing)
            if differing:
                change.update("treatments", row_id, {**differing, "recorded_at": change.now})
        result.renumbered = [(day_text, old, new) for infusion_id, day_text, old, new
                             in renumber_cycles(store, change, key) if infusion_id != row_id]
        stored = store.row("SELECT cycle, dose, unit, route FROM treatments WHERE id = ?",
                           (row_id,))
        result.cycle, result.dose, result.unit, result.route = (
            stored["cycle"], stored["dose"], stored["unit"], stored["route"])
        if change.writes:
            verb = "updated" if result.updated else "recorded"
            change.describe(f"{verb} {key} on {iso} (cycle {result.cycle})")
    result.totals = [t for t in cumulative_doses(store, None) if t["drug"] == key]
    return result


def renumber_cycles(store: Store, change, drug: str) -> list[tuple[int, str, int | None, int]]:
    """Keep the inferred cycle numbers of `drug` "the nth infusion date" (counted on from a
    given cycle) after an infusion was added or changed (`treatment add`, `import`); return
    (id, date, old cycle, new cycle) of each infusion renumbered."""
    infusions = load_infusions(store, drug)
    current = {infusion.id: infusion for infusion in infusions}
    renumbered = []
    for infusion_id, number in rules.infer_cycles(infusions).items():
        old = current[infusion_id].cycle
        if old != number:
            change.update("treatments", infusion_id, {"cycle": number})
            renumbered.append((infusion_id, current[infusion_id].date.isoformat(), old, number))
    return renumbered


def _describe_update(existing, differing: dict) -> list[str]:
    said = []
    if "cycle" in differing:
        said.append(f"cycle {differing['cycle']} (was {existing['cycle']})")
    if "dose" in differing or "unit" in differing:
        # Both doses written the same way: "65 mg/m2 (was 85 mg/m2)", whatever was typed.
        before = (f"{rules.amount(existing['dose'])} {existing['unit']}"
                  if existing["dose"] is not None else "no dose")
        now = (f"{rules.amount(differing.get('dose', existing['dose']))} "
               f"{differing.get('unit', existing['unit'])}")
        said.append(f"dose {now} (was {before})")
    elif "dose_text" in differing:
        said.append(f"dose {differing['dose_text']}")
    if "route" in differing:
        said.append(f"route {differing['route']} (was {existing['route'] or 'not given'})")
    if "note" in differing:
        said.append("the note")
    return said


def list_treatments(store: Store | None) -> list[dict]:
    """Every infusion, oldest first, as dicts with exactly TREATMENT_KEYS; `cumulative` is the
    running total of that drug in that unit through this infusion."""
    if store is None:
        return []
    rows = store.rows("SELECT * FROM treatments ORDER BY date, id")
    totals = rules.running_totals([(r["drug"], r["dose"], r["unit"]) for r in rows])
    return [
        {"id": r["id"], "date": r["date"], "entered": r["entered"], "drug": r["drug"],
         "class": r["drug_class"], "cycle": r["cycle"], "dose": r["dose"], "unit": r["unit"],
         "route": r["route"], "cumulative": total, "note": r["note"]}
        for r, total in zip(rows, totals, strict=True)
    ]


def cumulative_doses(store: Store | None, until: date | None) -> list[dict]:
    """Per drug and unit, the total dose of the infusions on or before `until` (all when None):
    dicts with keys drug, unit, total, infusions (how many infusions had a dose in that unit).
    Drugs in the order of their first infusion. No thresholds: totals only."""
    if store is None:
        return []
    sql = "SELECT drug, dose, unit FROM treatments WHERE dose IS NOT NULL AND unit IS NOT NULL"
    params: tuple = ()
    if until is not None:
        sql += " AND date <= ?"
        params = (until.isoformat(),)
    rows = store.rows(sql + " ORDER BY date, id", params)
    totals = rules.running_totals([(r["drug"], r["dose"], r["unit"]) for r in rows])
    found: dict[tuple[str, str], dict] = {}
    for row, total in zip(rows, totals, strict=True):
        entry = found.setdefault((row["drug"], row["unit"]), {
            "drug": row["drug"], "unit": row["unit"], "total": 0.0, "infusions": 0})
        entry["total"] = total
        entry["infusions"] += 1
    return list(found.values())


# -- cycles -------------------------------------------------------------------------------------
def symptom_order(store: Store) -> list[str]:
    """Built-in symptoms in clinical order, then custom ones in the order they were added."""
    custom = [r["key"] for r in store.rows("SELECT key FROM custom_symptoms ORDER BY id")]
    return [*BUILTIN_KEYS, *custom]


def _cycle_reports(store: Store, start: date | None, end: date) -> list[dict]:
    infusions = load_infusions(store)
    if not infusions:
        return []
    chosen = [cycle for cycle in rules.cycles_of(infusions) if rules.overlaps(cycle, start, end)]
    if not chosen:
        return []
    from cipn_journal.store.journal import baseline

    # The journal's one baseline (issue 12), then only the chosen cycles' days, on the date
    # index (a ten-year journal's summary must not read the whole table).
    basis, values = baseline(store)
    low = min(c.start for c in chosen)
    high = max(rules.cycle_end(c, end) for c in chosen) + timedelta(days=1)
    for row in store.rows("SELECT date, symptom, severity FROM observations "
                          "WHERE date >= ? AND date < ?", (low.isoformat(), high.isoformat())):
        values.setdefault(row["symptom"], {})[date.fromisoformat(row["date"])] = (
            row["severity"])
    order = symptom_order(store)
    order += sorted(set(values) - set(order))
    return [
        rules.cycle_report(cycle, basis_days=basis.days if basis else (), values=values,
                           order=order, until=end)
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
    return rules.context(load_infusions(store), day)


def coasting_note(store: Store | None, end: date) -> str | None:
    """The "coasting" note when the last oxaliplatin infusion was 28 to 120 days before `end`."""
    if store is None:
        return None
    last = store.scalar("SELECT MAX(date) FROM treatments WHERE drug = 'oxaliplatin'")
    return rules.coasting(date.fromisoformat(last) if last else None, end)


# -- supplements and medicines ------------------------------------------------------------------
def _current_med(store: Store, name: str):
    return next((row for row in store.rows(
        "SELECT * FROM meds WHERE stop IS NULL ORDER BY id")
        if med_rules.same_name(row["name"], name)), None)


def add_med(store: Store, *, name: str, kind: str, start: date | None,
            note: str | None = None) -> int:
    """Record a supplement or medicine being taken; BadInput when it is already current."""
    with store.change("meds add") as change:
        current = _current_med(store, name)
        if current is not None:
            since = f" since {current['start']}" if current["start"] else ""
            same = "" if current["name"] == name else f" (as {current['name']!r})"
            raise JournalError(
                f"{name!r} is already listed as taken{same}{since}: nothing was added. "
                f"`cipn meds stop {current['name']!r}` ends it."
            )
        row_id = change.insert("meds", {
            "name": name, "kind": kind, "start": start.isoformat() if start else None,
            "stop": None, "note": note, "recorded_at": change.now,
        })
        change.describe(f"added the {kind} {name}")
    return row_id


def stop_med(store: Store, *, name: str, day: date) -> dict:
    """Record the day a current supplement or medicine was stopped; BadInput when none by that
    name is current, or when `day` is before it started."""
    with store.change("meds stop") as change:
        current = _current_med(store, name)
        if current is None:
            names = [r["name"] for r in store.rows(
                "SELECT name FROM meds WHERE stop IS NULL ORDER BY id")]
            listed = (f"Currently taken: {', '.join(repr(n) for n in names)}." if names
                      else "Nothing is listed as currently taken.")
            raise BadInput(f"{name!r} is not a current supplement or medicine: "
                           f"nothing was stopped. {listed}")
        if current["start"] and day.isoformat() < current["start"]:
            raise BadInput(
                f"--date {day.isoformat()} is before {current['name']!r} was started "
                f"({current['start']}): give the day it was stopped."
            )
        change.update("meds", current["id"], {"stop": day.isoformat()})
        change.describe(f"stopped {current['name']} on {day.isoformat()}")
    return _med(dict(current) | {"stop": day.isoformat()})


def _med(row) -> dict:
    return {key: row[key] for key in MED_KEYS}


def list_meds(store: Store | None) -> list[dict]:
    """Every supplement and medicine, current and past, by start date (unknown first), as
    dicts with exactly MED_KEYS."""
    if store is None:
        return []
    return [_med(r) for r in store.rows(
        "SELECT * FROM meds ORDER BY start IS NOT NULL, start, id")]


def meds_in_window(store: Store | None, start: date | None, end: date) -> list[dict]:
    """What was taken at some time in [start, end] (start None: from the beginning): started on
    or before `end` (or start unknown) and not stopped before `start`. Keys MED_KEYS."""
    if store is None:
        return []
    low = start.isoformat() if start else "0000-01-01"
    return [_med(r) for r in store.rows(
        "SELECT * FROM meds WHERE (start IS NULL OR start <= ?) AND (stop IS NULL OR stop >= ?) "
        "ORDER BY start IS NOT NULL, start, id", (end.isoformat(), low))]


# -- visits -------------------------------------------------------------------------------------
def add_visit(store: Store, *, day: date, with_whom: str | None = None) -> tuple[str, str | None]:
    """Record a visit; a day that already has one gets that one updated, never a second.
    Returns ("added" | "updated" | "unchanged", who the visit was with before)."""
    with store.change("visit add") as change:
        existing = store.row("SELECT id, with_whom FROM visits WHERE date = ? ORDER BY id",
                             (day.isoformat(),))
        said = f"visit on {day.isoformat()}" + (f" with {with_whom}" if with_whom else "")
        if existing is None:
            change.insert("visits", {"date": day.isoformat(), "with_whom": with_whom,
                                     "recorded_at": change.now})
            change.describe(said)
            return "added", None
        if with_whom is None or with_whom == existing["with_whom"]:
            return "unchanged", existing["with_whom"]
        change.update("visits", existing["id"], {"with_whom": with_whom,
                                                 "recorded_at": change.now})
        change.describe(f"updated the {said}")
    return "updated", existing["with_whom"]


def last_visit(store: Store | None, today: date) -> date | None:
    """The most recent visit on or before `today`."""
    if store is None:
        return None
    found = store.scalar("SELECT MAX(date) FROM visits WHERE date <= ?", (today.isoformat(),))
    return date.fromisoformat(found) if found else None


def visits(store: Store | None, start: date | None = None, end: date | None = None) -> list[dict]:
    """Visits, oldest first, optionally within [start, end], as dicts with exactly VISIT_KEYS."""
    if store is None:
        return []
    window, params = date_range("date", start, end)
    sql = "SELECT id, date, with_whom FROM visits WHERE 1 = 1" + window
    return [dict(zip(VISIT_KEYS, (r["id"], r["date"], r["with_whom"]), strict=True))
            for r in store.rows(sql + " ORDER BY date, id", params)]


# -- questions ----------------------------------------------------------------------------------
def add_question(store: Store, *, text: str, asked: date) -> int:
    with store.change("ask") as change:
        row_id = change.insert("questions", {"text": text, "asked": asked.isoformat(),
                                             "done_at": None, "recorded_at": change.now})
        short = text if len(text) <= 60 else text[:59].rstrip() + "…"
        change.describe(f'question {row_id} "{short}"')  # quoted: undo's sentence ends in "."
    return row_id


def questions(store: Store | None, *, include_all: bool = False) -> list[dict]:
    """Open questions (all with `include_all`), oldest first, keys id, text, asked, done_at,
    done_on (the local day it was marked answered)."""
    if store is None:
        return []
    sql = "SELECT id, text, asked, done_at, done_on FROM questions"
    if not include_all:
        sql += " WHERE done_at IS NULL"
    return [{key: r[key] for key in QUESTION_KEYS} for r in store.rows(sql + " ORDER BY id")]


def open_questions(store: Store | None) -> list[dict]:
    """The questions not yet answered, oldest first (for the summary and exports)."""
    return questions(store)


def question_done(store: Store, question_id: int, at: str | None = None, *,
                  on: str) -> tuple[dict, bool]:
    """Mark a question answered (it is kept), now or `at` (a UTC time: `done --date`), on the
    local day `on` (ISO, stored as it is). Returns (question, newly done); BadInput for an
    unknown ID."""
    with store.change("questions done") as change:
        row = store.row("SELECT id, text, asked, done_at, done_on FROM questions WHERE id = ?",
                        (question_id,))
        if row is None:
            raise BadInput(f"There is no question {question_id}: `cipn questions --all` "
                           "lists them with their IDs.")
        if row["done_at"] is not None:
            return {key: row[key] for key in QUESTION_KEYS}, False
        change.update("questions", question_id, {"done_at": at or change.now, "done_on": on})
        change.describe(f"question {question_id} answered")
    return {key: row[key] for key in QUESTION_KEYS} | {"done_at": at or change.now,
                                                       "done_on": on}, True


