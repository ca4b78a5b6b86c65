"""Treatment as pure data: the drugs most associated with CIPN (the American
Cancer Society's list), dose parsing, cycle numbers, cycles and their `persisted` rule, the
"cycle 3, day 5" context of a day and the oxaliplatin "coasting" note. No I/O: store/treatments.py
reads the infusions and reports/cycles.py calls these functions.
"""

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
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
from cipn_journal.domain.spelling import closest
from cipn_journal.domain.symptoms import short_name
from cipn_journal.errors import BadInput

ROUTES = ("iv", "sc", "oral")
SOURCE = "American Cancer Society"


@dataclass(frozen=True)
class Drug:
    generic: str
    drug_class: str
    brands: tuple[str, ...] = ()
    also: tuple[str, ...] = ()  # other accepted names that are not brands (short forms, codes)


# The American Cancer Society's list; classes singular so that "oxaliplatin (platinum)" reads well.
# nab-paclitaxel (Abraxane) is its own entry: its doses are not paclitaxel's, so their
# cumulative doses must not be added together.
DRUGS: tuple[Drug, ...] = (
    Drug("cisplatin", "platinum", ("Platinol",)),
    Drug("carboplatin", "platinum", ("Paraplatin",)),
    Drug("oxaliplatin", "platinum", ("Eloxatin",)),
    Drug("paclitaxel", "taxane", ("Taxol",)),
    Drug("nab-paclitaxel", "taxane", ("Abraxane",)),
    Drug("docetaxel", "taxane", ("Taxotere",)),
    Drug("cabazitaxel", "taxane", ("Jevtana",)),
    Drug("ixabepilone", "epothilone", ("Ixempra",)),
    Drug("vinblastine", "plant alkaloid", ("Velban",)),
    Drug("vincristine", "plant alkaloid", ("Oncovin",)),
    Drug("vinorelbine", "plant alkaloid", ("Navelbine",)),
    Drug("etoposide", "plant alkaloid", ("Toposar", "VePesid"), ("VP-16",)),
    Drug("thalidomide", "immunomodulator", ("Thalomid",)),
    Drug("lenalidomide", "immunomodulator", ("Revlimid",)),
    Drug("pomalidomide", "immunomodulator", ("Pomalyst",)),
    Drug("bortezomib", "proteasome inhibitor", ("Velcade",)),
    Drug("carfilzomib", "proteasome inhibitor", ("Kyprolis",)),
    Drug("eribulin", "other", ("Halaven",)),
    Drug("brentuximab vedotin", "antibody-drug conjugate", ("Adcetris",), ("brentuximab",)),
    Drug("enfortumab vedotin", "antibody-drug conjugate", ("Padcev",), ("enfortumab",)),
    Drug("polatuzumab vedotin", "antibody-drug conjugate", ("Polivy",), ("polatuzumab",)),
)


# Drugs given beside the ones above in common regimens (FOLFOX, FLOT...), not themselves known
# to cause neuropathy, under the short names on treatment plans [NCI Drug Dictionary: "5-FU",
# "LV"]: recorded under the generic name, so that '5-FU' and 'fluorouracil' are one drug.
ABBREVIATIONS: dict[str, str] = {
    "5-FU": "fluorouracil", "FU": "fluorouracil",
    "LV": "leucovorin", "folinic acid": "leucovorin",
}


def _compact(text: str) -> str:
    """Letters and digits only, lower case: 'VP-16', 'vp 16' and 'VP16' are one name."""
    return re.sub(r"[^0-9a-z]", "", text.casefold())


_INDEX: dict[str, Drug] = {}
for _drug in DRUGS:
    for _name in (_drug.generic, *_drug.brands, *_drug.also):
        _INDEX[_compact(_name)] = _drug


_SHORT: dict[str, str] = {}
for _name, _generic in ABBREVIATIONS.items():
    _SHORT[_compact(_name)] = _generic


def abbreviated(name: str) -> str | None:
    """The generic name an abbreviation stands for ('5-FU': fluorouracil); None otherwise."""
    return _SHORT.get(_compact(name))


def find_drug(name: str) -> Drug | None:
    """The drug for a generic or brand name (case, spaces and dashes do not matter), also
    written as on a pharmacy label: 'Eloxatin (oxaliplatin)'."""
    found = _INDEX.get(_compact(name))
    if found is None:
        both = re.fullmatch(r"\s*([^()]+?)\s*\(\s*([^()]+?)\s*\)\s*", name)
        if both:
            outer, inner = _INDEX.get(_compact(both[1])), _INDEX.get(_compact(both[2]))
            found = outer if outer is not None and outer is inner else None
    return found


def shown_name(name: str) -> str:
    """A known generic or brand name as it is written ('eloxatin' -> 'Eloxatin'); for a
    'Brand (generic)' label, the brand; anything else as typed, on one line."""
    known = find_drug(name)
    if known is None:
        for short in ABBREVIATIONS:
            if _compact(short) == _compact(name):
                return short
        return " ".join(name.split())
    for written in (known.generic, *known.brands, *known.also):
        if _compact(written) == _compact(name):
            return written
    return known.brands[0] if known.brands else known.generic


def close_drug(name: str) -> str | None:
    """The known generic or brand name (as written) that `name`, not itself known, is likely a
    misspelling of ('oxaliplatine' -> 'oxaliplatin'; domain/spelling.py); None when there is
    none."""
    typed = _compact(name)
    if not typed or find_drug(name) is not None:
        return None
    written = {_compact(known): known for drug in DRUGS for known in (drug.generic, *drug.brands)}
    close = closest(typed, written)
    return written[close] if close else None


# Combination regimens, by the names people are given, and the drugs in each. A regimen is
# recorded drug by drug: each has its own cycles and cumulative dose. Only regimens with one
# well-established composition are listed (TC is two different regimens: see `regimen`).
REGIMENS: dict[str, tuple[str, ...]] = {
    "FOLFOX": ("oxaliplatin", "fluorouracil", "leucovorin"),
    "FOLFIRI": ("irinotecan", "fluorouracil", "leucovorin"),
    "FOLFIRINOX": ("oxaliplatin", "irinotecan", "fluorouracil", "leucovorin"),
    "FOLFOXIRI": ("oxaliplatin", "irinotecan", "fluorouracil", "leucovorin"),
    "CAPOX": ("oxaliplatin", "capecitabine"),
    "XELOX": ("oxaliplatin", "capecitabine"),
    "FLOT": ("fluorouracil", "leucovorin", "oxaliplatin", "docetaxel"),
    "BEP": ("bleomycin", "etoposide", "cisplatin"),
    "ABVD": ("doxorubicin", "bleomycin", "vinblastine", "dacarbazine"),
    "R-CHOP": ("rituximab", "cyclophosphamide", "doxorubicin", "vincristine", "prednisone"),
    "CHOP": ("cyclophosphamide", "doxorubicin", "vincristine", "prednisone"),
}
_AMBIGUOUS_REGIMENS = {
    "TC": "docetaxel and cyclophosphamide, or paclitaxel and carboplatin",
}


def regimen(name: str) -> tuple[str, str] | None:
    """(the regimen's name, its drugs in words) when `name` is a combination regimen
    ('folfox', 'mFOLFOX6', 'CAPOX'); None otherwise."""
    compact = _compact(name)
    if compact.startswith("m") and compact[1:4] == "fol":
        compact = compact[1:]  # mFOLFOX6: modified FOLFOX
    compact = compact.rstrip("0123456789") or compact
    for known, drugs in REGIMENS.items():
        if _compact(known) == compact:
            return known, ", ".join(drugs)
    for known, words in _AMBIGUOUS_REGIMENS.items():
        if _compact(known) == compact:
            return known, words
    return None


def drug_key(name: str) -> str:
    """How an infusion's drug is stored: the generic name (of a known drug or an abbreviation:
    '5-FU' is fluorouracil), or for a drug the tables do not know, the name as typed in lower
    case with single spaces (so 'FOLFOX' and 'folfox' are one drug)."""
    known = find_drug(name)
    if known is not None:
        return known.generic
    return abbreviated(name) or " ".join(name.split()).casefold()


# -- doses --------------------------------------------------------------------------------------
UNITS = {
    "mg/m2": "mg/m2", "mg/m^2": "mg/m2", "mg/m²": "mg/m2", "mg/sqm": "mg/m2",
    "mg/kg": "mg/kg", "mg": "mg", "g": "g", "g/m2": "g/m2", "g/m^2": "g/m2", "g/m²": "g/m2",
    "mcg": "mcg", "µg": "mcg", "μg": "mcg", "ug": "mcg", "mcg/kg": "mcg/kg", "µg/kg": "mcg/kg",
    "μg/kg": "mcg/kg", "ug/kg": "mcg/kg", "mcg/m2": "mcg/m2", "mcg/m^2": "mcg/m2",
    "mcg/m²": "mcg/m2",
}
UNITS_HELP = "mg/m2, mg/kg, mg, g, g/m2, mcg, mcg/kg or mcg/m2"
DOSE_HELP = (f"a number and a unit, e.g. 85mg/m2, '130 mg/m2', 1.3mg/m2 or 100mg "
             f"(units: {UNITS_HELP})")
_DOSE = re.compile(r"^([0-9]{1,6}(?:\.[0-9]{1,4})?|\.[0-9]{1,4})\s*([^0-9\s].*)$")  # ASCII digits


@dataclass(frozen=True)
class Dose:
    amount: float
    unit: str
    text: str


def parse_dose(text: str) -> Dose:
    """'85mg/m2', '130 mg/m2', '1.3mg/m2', '100mg' -> Dose; BadInput for anything else."""
    cleaned = " ".join(text.split())
    match = _DOSE.match(cleaned)
    unit = UNITS.get(re.sub(r"\s+", "", match[2]).casefold()) if match else None
    if match is None or unit is None:
        raise BadInput(f"--dose {text!r} is not {DOSE_HELP}. Anything else can go in --note.")
    amount = Decimal(match[1])
    if amount <= 0:
        raise BadInput(f"--dose {text!r} is not more than 0: give the dose given, e.g. 85mg/m2.")
    return Dose(float(amount), unit, cleaned)


def amount(value: float | None) -> str:
    """A dose for people: 85, 1.3, 3.9 (never 3.9000000000000004)."""
    if value is None:
        return ""
    return f"{value:.4f}".rstrip("0").rstrip(".")


def running_totals(doses: list[tuple[str, float | None, str | None]]) -> list[float | None]:
    """For (drug, dose, unit) in date order, each infusion's running total of that drug in that
    unit through this infusion (None when it has no dose). Exact decimal sums."""
    totals: dict[tuple[str, str], Decimal] = {}
    result: list[float | None] = []
    for drug, dose, unit in doses:
        if dose is None or unit is None:
            result.append(None)
            continue
        key = (drug, unit)
        totals[key] = totals.get(key, Decimal(0)) + Decimal(str(dose))
        result.append(float(totals[key]))
    return result


def parse_route(text: str | None) -> str | None:
    if text is None:
        return None
    cleaned = text.strip().casefold()
    if cleaned not in ROUTES:
        raise BadInput(f"--route {text!r} is not one of: {', '.join(ROUTES)} "
                       "(iv: into a vein, sc: under the skin, oral: by mouth).")
    return cleaned


def parse_cycle(text: str | None) -> int | None:
    if text is None:
        return None
    cleaned = text.strip()
    if not (cleaned.isascii() and cleaned.isdigit()) or not 1 <= int(cleaned) <= 999:
        raise BadInput(f"--cycle {text!r} is not a cycle number from 1 to 999.")
    return int(cleaned)


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
