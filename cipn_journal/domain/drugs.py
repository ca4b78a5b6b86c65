"""The drugs most associated with CIPN (the American Cancer Society's list), their brands and
abbreviations, regimens typed as one name, and what an infusion record says: dose, route and
cycle number, parsed and shown. Pure; treatment.py builds cycles and the course from these.
"""

import re
from dataclasses import dataclass
from decimal import Decimal

from cipn_journal.domain.spelling import closest
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
