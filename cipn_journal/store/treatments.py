"""The infusions (`treatments`): recording one (a second of the same drug on the same day updates
it), keeping inferred cycle numbers "the nth infusion date", listing them with running totals.
All SQL for `treatments` lives here, but the infusion days a write's alert rules read
(store/infusions.py, which loads no drug tables); the rules are domain/treatment.py's. Every
reading function accepts `store=None` (no journal yet) and returns nothing.
"""

from dataclasses import dataclass, field
from datetime import date

from cipn_journal.domain import treatment as rules
from cipn_journal.store.connection import Store

TREATMENT_KEYS = ("id", "date", "entered", "drug", "class", "cycle", "dose", "unit", "route",
                  "cumulative", "note")


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
        assert stored is not None  # written in this transaction
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


def last_infusion_of(store: Store, drug: str) -> date | None:
    """The day of the last infusion of `drug`."""
    last = store.scalar("SELECT MAX(date) FROM treatments WHERE drug = ?", (drug,))
    return date.fromisoformat(last) if last else None


# -- the planned next infusion ------------------------------------------------------------------
def planned_infusion(store: Store | None) -> rules.Plan | None:
    """The plan recorded last by `cipn treatment next` (whether or not its day has passed: a
    plain read; `domain.treatment.current_plan` says whether it is still ahead)."""
    if store is None:
        return None
    row = store.row(
        "SELECT date, drug, recorded_at FROM planned_infusions ORDER BY id DESC LIMIT 1")
    return (rules.Plan(date.fromisoformat(row["date"]), row["drug"], row["recorded_at"])
            if row else None)


def plan_infusion(store: Store, *, day: date, drug: str | None) -> rules.Plan | None:
    """Record the planned next infusion, a row of its own (the earlier plan stays in the file;
    undo brings it back). Returns the plan it replaces, or None."""
    with store.change("treatment next") as change:
        before = planned_infusion(store)
        change.insert("planned_infusions", {"date": day.isoformat(), "drug": drug,
                                            "recorded_at": change.now})
        change.describe(f"planned the next infusion{f' of {drug}' if drug else ''} on "
                        f"{day.isoformat()}")
    return before
