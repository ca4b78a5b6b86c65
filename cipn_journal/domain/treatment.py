"""Treatment as pure data: cycle numbers, cycles and their `persisted` rule, the course's story
line, the "cycle 3, day 5" context of a day, the oxaliplatin "coasting" note and the planned
next infusion; the drugs and doses are drugs.py's (re-exported here). No I/O: store/treatments.py
reads the infusions and reports/cycles.py calls these functions.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from fractions import Fraction

from cipn_journal.domain.clinical import (
    AFTER_COURSE_DAYS,
    BEFORE_NEXT_DAYS,
    COASTING_EXPLAINED,
    COASTING_FROM_DAYS,
    COASTING_TO_DAYS,
    OPEN_CYCLE_MAX_DAYS,
    PERSIST_POINTS,
    after_course_words,
    course_ended_words,
    course_words,
    days_before_words,
    limits_before_words,
    scale_value,
)
from cipn_journal.domain.drugs import (
    ABBREVIATIONS,
    DOSE_HELP,
    DRUGS,
    REGIMENS,
    ROUTES,
    SOURCE,
    UNITS,
    UNITS_HELP,
    Dose,
    Drug,
    abbreviated,
    amount,
    close_drug,
    drug_key,
    find_drug,
    parse_cycle,
    parse_dose,
    parse_route,
    regimen,
    running_totals,
    shown_name,
)
from cipn_journal.domain.symptoms import short_name

# The drug names stay importable from here: many modules read them as treatment.X.
__all__ = ["ROUTES", "SOURCE", "Drug", "DRUGS", "ABBREVIATIONS", "abbreviated", "find_drug",
           "shown_name", "close_drug", "REGIMENS", "regimen", "drug_key", "UNITS", "UNITS_HELP",
           "DOSE_HELP", "Dose", "parse_dose", "amount", "running_totals", "parse_route",
           "parse_cycle"]


# -- cycles -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Infusion:
    id: int
    date: date
    drug: str
    cycle: int | None
    cycle_given: bool


def infer_cycles(infusions: list[Infusion]) -> dict[int, int]:
    """Cycle numbers for one drug's infusions: the nth infusion date, counted on from the last
    cycle the user gave (`--cycle`), so one correction fixes every later inferred number.
    Returns {infusion id: cycle}; given cycles are returned unchanged."""
    result: dict[int, int] = {}
    current, last_day = 0, None
    for infusion in sorted(infusions, key=lambda i: (i.date, i.id)):
        if infusion.cycle_given and infusion.cycle is not None:
            current = infusion.cycle
        elif infusion.date != last_day:
            current += 1
        last_day = infusion.date
        result[infusion.id] = current
    return result


@dataclass(frozen=True)
class Cycle:
    """One cycle: from its first infusion to the day before the next cycle. The drugs given on
    one day are one cycle, named together (`drug`: "carboplatin and paclitaxel"); consecutive
    days whose drugs keep their cycle numbers (day 1 and day 8 of a cycle, once corrected with
    --cycle) are one cycle. Its number is that of its first drug in the list's order."""

    drug: str
    cycle: int
    start: date
    next_start: date | None
    infusions: tuple[date, ...]
    interval: int | None = None  # days since the previous cycle started (None: first)
    drugs: tuple[str, ...] = ()


def listed(drug: str) -> bool:
    """Whether a stored drug is on the American Cancer Society's list (DRUGS)."""
    return find_drug(drug) is not None


def _list_order(drug: str) -> int:
    known = find_drug(drug)
    return DRUGS.index(known) if known is not None else len(DRUGS)


def joined(names: list[str]) -> str:
    """'oxaliplatin', 'carboplatin and paclitaxel', 'a, b and c'."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def cycles_of(infusions: list[Infusion]) -> list[Cycle]:
    """The cycles of the drugs on the list (DRUGS): drugs known to damage nerves set the cycles;
    drugs given beside them (fluorouracil, leucovorin) have none. A journal holding no listed
    drug has cycles of every drug. By start date."""
    chosen = [i for i in infusions if listed(i.drug)] or list(infusions)
    by_day: dict[date, dict[str, int | None]] = {}
    for infusion in sorted(chosen, key=lambda i: (i.date, i.id)):
        by_day.setdefault(infusion.date, {})[infusion.drug] = infusion.cycle
    groups: list[list[date]] = []
    for day in sorted(by_day):
        given = by_day[day]
        if groups:
            before: dict[str, int | None] = {}
            for earlier in groups[-1]:
                before.update(by_day[earlier])
            if all(drug in before and before[drug] == number for drug, number in given.items()):
                groups[-1].append(day)
                continue
        groups.append([day])
    found: list[Cycle] = []
    for index, group in enumerate(groups):
        drugs = sorted({d for day in group for d in by_day[day]},
                       key=lambda d: (_list_order(d), d))
        first = by_day[group[0]]
        lead = min(first, key=lambda d: (_list_order(d), d))
        following = groups[index + 1][0] if index + 1 < len(groups) else None
        interval = (group[0] - groups[index - 1][0]).days if index else None
        found.append(Cycle(joined(drugs), first[lead] or 0, group[0], following, tuple(group),
                           interval, tuple(drugs)))
    return found


def course_over(cycles: list[Cycle], day: date) -> bool:
    """Whether the course has ended by `day`: it has a last cycle and `day` is past that
    cycle's end (`cycle_end`: the last infusion plus the usual interval between cycles plus
    AFTER_COURSE_DAYS; a single cycle: OPEN_CYCLE_MAX_DAYS after it began)."""
    started = [c for c in cycles if c.start <= day]
    if not started:
        return False
    last = started[-1]
    if last.next_start is not None and last.next_start <= day:
        return False
    return cycle_end(Cycle(last.drug, last.cycle, last.start, None, last.infusions,
                           last.interval, last.drugs), day) < day


def course_story(given: list[dict], day: date) -> dict | None:
    """The treatment line of a day (issue 23): the listed drugs first, each with its total and
    how many infusions, then the drugs given beside them; once the course is over
    (`course_over`), when it ended and the totals of the listed drugs. `given`: infusions as
    dicts with date (ISO), drug, cycle, dose, unit, oldest first. None before any infusion.
    Keys: line, drugs [{drug, infusions, totals [{total, unit}]}], with [names], ended (None or
    {drugs, last, days})."""
    rows = [g for g in given if g["date"] <= day.isoformat()]
    if not rows:
        return None
    names = list(dict.fromkeys(r["drug"] for r in rows))
    main = sorted([n for n in names if listed(n)], key=lambda d: (_list_order(d), d)) or names
    others = [n for n in names if n not in main]
    totals = running_totals([(r["drug"], r["dose"], r["unit"]) for r in rows])
    drugs = []
    for name in main:
        mine = [(r, t) for r, t in zip(rows, totals, strict=True) if r["drug"] == name]
        per_unit: dict[str, float] = {}
        for r, t in mine:
            if t is not None:
                per_unit[r["unit"]] = t
        drugs.append({"drug": name, "infusions": len({r["date"] for r, _t in mine}),
                      "totals": [{"total": t, "unit": u} for u, t in per_unit.items()]})
    infusions = [Infusion(index, date.fromisoformat(r["date"]), r["drug"], r["cycle"], True)
                 for index, r in enumerate(rows)]
    ended: dict | None = None
    if course_over(cycles_of(infusions), day):
        last = max(i.date for i in infusions if i.drug in main)
        last_drugs = [n for n in main if any(i.date == last and i.drug == n for i in infusions)]
        ago = (day - last).days
        ended = {"drugs": last_drugs, "last": last.isoformat(), "days": ago}
        doses = [(d["drug"], " + ".join(f"{amount(t['total'])} {t['unit']}"
                                         for t in d["totals"])) for d in drugs]
        line = course_ended_words(joined(last_drugs), last.isoformat(), ago,
                                  "; ".join(f"{n} {w}" if len(doses) > 1 else w
                                            for n, w in doses if w))
    else:
        line = course_words([f"{d['drug']} {_totals_words([d], named=False)}"
                             for d in drugs], others)
    return {"line": line, "drugs": drugs, "with": others, "ended": ended}


def _totals_words(drugs: list[dict], *, named: bool) -> str:
    """'170 mg/m2 in 2 infusions' for one drug; 'oxaliplatin 170 mg/m2, ...' when `named`."""
    parts = []
    for d in drugs:
        count = f"{d['infusions']} infusion{'s' if d['infusions'] != 1 else ''}"
        dose = " + ".join(f"{amount(t['total'])} {t['unit']}" for t in d["totals"])
        words = f"{dose} in {count}" if dose else f"{count}, no dose recorded"
        parts.append(f"{d['drug']} {words}" if named else words)
    return "; ".join(parts)


def cycle_report(cycle: Cycle, *, basis_days, values: dict[str, dict[date, int]],
                 order: list[str], until: date,
                 limits: dict[date, str | None] | None = None) -> dict:
    """The `--cycles` object of one cycle (issue 5):

    per symptom, `baseline` is the journal's one baseline (issue 12, trends.choose_basis: the
    mean over `basis_days`, a day with entries where the symptom is not named counting 0; 0
    without a basis), `peak` the highest value during the cycle (from its start to
    `cycle_end`), `before_next` the last value logged in the BEFORE_NEXT_DAYS before the next
    infusion, and `persisted` whether `before_next` >= baseline + PERSIST_POINTS (None without a
    `before_next`). The cycle `persisted` when any symptom did; None when there is no next
    infusion or no symptom has a `before_next`. Symptoms with nothing logged in the baseline
    days or the cycle are left out. Numbers are exact (JSON rounds nothing).

    `before_next_date` is the day of `before_next`, and the cycle's `limits_before_next` the
    last limits answer (none, everyday, selfcare) in those days (None: not answered), which
    the oxaliplatin label's stop rule turns on (issue 23)."""
    last_day = cycle_end(cycle, until)
    basis_days = list(basis_days)
    symptoms = []
    for key in order:
        logged = values.get(key, {})
        base = [logged[d] for d in basis_days if d in logged]
        during = [v for d, v in logged.items() if cycle.start <= d <= last_day]
        if not base and not during:
            continue
        baseline = (Fraction(sum(base), len(basis_days)) if basis_days else Fraction(0))
        before_next, before_day = None, None
        if cycle.next_start is not None:
            window = sorted((d, v) for d, v in logged.items()
                            if cycle.next_start - timedelta(days=BEFORE_NEXT_DAYS) <= d
                            < cycle.next_start)
            before_day, before_next = window[-1] if window else (None, None)
        symptoms.append({
            "symptom": key,
            "baseline": float(baseline),
            "peak": max(during) if during else None,
            "before_next": before_next,
            "before_next_date": before_day.isoformat() if before_day else None,
            "persisted": (None if before_next is None
                          else before_next >= baseline + PERSIST_POINTS),
        })
    judged = [s["persisted"] for s in symptoms if s["persisted"] is not None]
    if any(judged):
        persisted = True
    elif cycle.next_start is None or not judged:
        persisted = None
    else:
        persisted = False
    answered = None
    if cycle.next_start is not None:
        asked = sorted((d, v) for d, v in (limits or {}).items() if v is not None
                       and cycle.next_start - timedelta(days=BEFORE_NEXT_DAYS) <= d
                       < cycle.next_start)
        answered = asked[-1][1] if asked else None
    return {
        "drug": cycle.drug,
        "drugs": list(cycle.drugs or (cycle.drug,)),
        "cycle": cycle.cycle,
        "date": cycle.start.isoformat(),
        "next_date": cycle.next_start.isoformat() if cycle.next_start else None,
        "persisted": persisted,
        "limits_before_next": answered,
        "symptoms": symptoms,
    }


def persisted_detail(cycle: dict) -> str:
    """'numbness 3/10, grip 2/10 the day before; everyday tasks not limited': the values that
    persisted, as logged before the next infusion, and the limits answered then."""
    nxt = date.fromisoformat(cycle["next_date"])
    by_gap: dict[int, list[str]] = {}
    for s in cycle["symptoms"]:
        if s["persisted"]:
            gap = (nxt - date.fromisoformat(s["before_next_date"])).days
            by_gap.setdefault(gap, []).append(
                scale_value(_named(s["symptom"]), s["before_next"]))
    values = ", ".join(f"{', '.join(names)} {days_before_words(gap)}"
                       for gap, names in sorted(by_gap.items()))
    return f"{values}; {limits_before_words(cycle['limits_before_next'])}"


def _named(key: str) -> str:
    """A symptom in a clinician's line: its key ('numbness', 'grip'), except the autonomic
    ones, by what they are ('constipation' for bowel)."""
    return short_name(key).casefold() if key in ("bowel", "bladder") else key


def persisted_runs(cycles: list[dict]) -> list[list[dict]]:
    """The cycles after which symptoms persisted, consecutive ones together (a weekly course
    persisting every week is one run, not one line per week)."""
    runs: list[list[dict]] = []
    previous = None
    for cycle in cycles:
        if cycle["persisted"] is True:
            if runs and previous is runs[-1][-1] and previous["drug"] == cycle["drug"]:
                runs[-1].append(cycle)
            else:
                runs.append([cycle])
        previous = cycle
    return runs


def persisted_run_words(run: list[dict], *, ongoing: bool) -> str:
    """'Symptoms persisted between every paclitaxel infusion since cycle 3: numbness 3/10 the
    day before; everyday tasks not limited' (the values of the run's last cycle); `ongoing`:
    no later cycle was judged."""
    first, last = run[0], run[-1]
    detail = persisted_detail(last)
    if len(run) == 1:
        return (f"Symptoms persisted after {first['drug']} cycle {first['cycle']} to the next "
                f"infusion: {detail}")
    span = (f"since cycle {first['cycle']}" if ongoing
            else f"from cycle {first['cycle']} to cycle {last['cycle']}")
    return f"Symptoms persisted between every {first['drug']} infusion {span}: {detail}"


def cycle_end(cycle: Cycle, until: date) -> date:
    """The cycle's last day: the day before the next one, else `until`. A last cycle ends (the
    course is over) AFTER_COURSE_DAYS after its last infusion plus the drug's last interval
    between cycles, and at most OPEN_CYCLE_MAX_DAYS after its start (a drug given once)."""
    if cycle.next_start:
        return cycle.next_start - timedelta(days=1)
    limit = cycle.start + timedelta(days=OPEN_CYCLE_MAX_DAYS - 1)
    if cycle.interval and cycle.infusions:
        limit = min(limit, cycle.infusions[-1]
                    + timedelta(days=cycle.interval + AFTER_COURSE_DAYS))
    return min(until, limit)


def cycle_day(cycles: list[Cycle], infusion_dates: list[date], day: date
              ) -> list[tuple[Cycle, int]]:
    """The cycles `day` is in, each with its day number (the cycle's first infusion is day 1):
    the cycles of the most recent infusion on or before `day`, while they have not ended
    (`cycle_end`). Empty before any infusion and after a last cycle has ended."""
    latest = max((d for d in infusion_dates if d <= day), default=None)
    if latest is None:
        return []
    return [(c, (day - c.start).days + 1) for c in cycles
            if c.start <= day <= cycle_end(c, day) and latest in c.infusions]


def overlaps(cycle: Cycle, start: date | None, end: date) -> bool:
    """Whether a cycle (through `cycle_end`) meets [start, end]."""
    if cycle.start > end:
        return False
    return start is None or cycle_end(cycle, end) >= start


def context(infusions: list[Infusion], day: date) -> str | None:
    """'cycle 3, day 5' for `day`, from the most recent cycle on or before it (its first
    infusion is day 1; cycles are of the listed drugs, `cycles_of`). The drugs are named when
    the cycles are not all of the same drugs ('carboplatin and paclitaxel cycle 3, day 5').
    None before any infusion, and after a last cycle has ended (`cycle_end`: treatment is
    over)."""
    cycles = cycles_of(infusions)
    found = cycle_day(cycles, [d for c in cycles for d in c.infusions], day)
    if not found:
        return after_course(cycles, day)
    cycle, number = found[-1]
    named = "" if len({c.drug for c in cycles}) == 1 else f"{cycle.drug} "
    return f"{named}cycle {cycle.cycle}, day {number}"


def after_course(cycles: list[Cycle], day: date) -> str | None:
    """'43 days after the last infusion (oxaliplatin cycle 12, 2026-08-24)' for a day after the
    last cycle has ended (`cycle_end`); None before any infusion."""
    given = [(c.infusions[-1] if c.infusions else c.start, c) for c in cycles
             if c.start <= day]
    if not given:
        return None
    last = max(when for when, _c in given)
    latest = [c for when, c in given if when == last]
    names = "; ".join(f"{c.drug} cycle {c.cycle}" for c in latest)
    return after_course_words((day - last).days, names, last.isoformat())


# -- oxaliplatin coasting -----------------------------------------------------------------------
def coasting(last_oxaliplatin: date | None, end: date) -> str | None:
    """The coasting note when the last oxaliplatin infusion was COASTING_FROM_DAYS to
    COASTING_TO_DAYS before `end` [Pachman]; None otherwise."""
    if last_oxaliplatin is None:
        return None
    gap = (end - last_oxaliplatin).days
    if not COASTING_FROM_DAYS <= gap <= COASTING_TO_DAYS:
        return None
    return (
        f"The last oxaliplatin infusion was on {last_oxaliplatin.isoformat()}, {gap} days before "
        f"{end.isoformat()}. {COASTING_EXPLAINED}"
    )


# -- the planned next infusion (`cipn treatment next`) ------------------------------------------
@dataclass(frozen=True)
class Plan:
    """A planned infusion: its day and drug (None: not named), and when the plan was recorded
    (UTC; the calendar's DTSTAMP), which does not make two plans differ."""

    date: date
    drug: str | None
    recorded_at: str | None = field(default=None, compare=False)


def planned_drug(infusions: list[Infusion]) -> str | None:
    """The drug a plan names when none is given: the last infusion's, preferring a drug known
    to cause neuropathy when several were given that day (FOLFOX: oxaliplatin, not
    fluorouracil); None before any infusion."""
    if not infusions:
        return None
    last = max(i.date for i in infusions)
    given = [i.drug for i in infusions if i.date == last]
    known = [d for d in given if find_drug(d) is not None]
    return (known or given)[0]


def current_plan(plan: Plan | None, infusions: list[Infusion], today: date) -> Plan | None:
    """The plan while it is still ahead: a day before today has passed, and an infusion of
    that drug (of any drug, when the plan names none) recorded on the planned day today means
    it was given."""
    if plan is None or plan.date < today:
        return None
    given = any(i.date == plan.date and (plan.drug is None or i.drug == plan.drug)
                for i in infusions)
    return None if given else plan


def plan_words(plan: Plan, today: date) -> str:
    """'oxaliplatin tomorrow', 'oxaliplatin on Thu 3 Dec (in 8 days)', 'an infusion today'."""
    what = plan.drug or "an infusion"
    gap = (plan.date - today).days
    if gap == 0:
        return f"{what} today"
    if gap == 1:
        return f"{what} tomorrow"
    return f"{what} on {plan.date:%a} {plan.date.day} {plan.date:%b} (in {gap} days)"
