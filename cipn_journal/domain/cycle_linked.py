"""Cycle-linked symptoms (issue 23 item 3): `cold` and any symptom whose values rise in the days
after infusions (the oxaliplatin acute syndrome peaks around day 3 [Pachman, JCO 2015]) are
compared like for like: each cycle's acute flare (its peak and how many days it lasted) against
the previous cycle's, the value before each infusion against the one before the previous
infusion, and the trend from the days outside the flares, so the answer does not depend on the
day of the cycle it is read on. Pure: callers pass the values and infusion days.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from cipn_journal.domain.clinical import (
    ACUTE_DAYS,
    ACUTE_PEAK_RISE,
    BEFORE_NEXT_DAYS,
    CYCLE_LINKED_MIN_CYCLES,
    CYCLE_LINKED_SYMPTOMS,
    GRADE_SYMPTOMS,
    SCALE_MAX,
)


@dataclass(frozen=True)
class Flare:
    """One infusion's acute flare of one symptom: the value before it (the last in the
    BEFORE_NEXT_DAYS days before the infusion), the peak in the ACUTE_DAYS days from the
    infusion day, and on how many of those days the value was above the value before."""

    infusion: date
    before: int | None
    peak: int | None
    days: int


def flare_days(days: list[date], infusions: list[date]) -> set[date]:
    """The days of `days` in the ACUTE_DAYS days from an infusion day (the infusion day is day
    1). One set of flare days, not a look at every infusion for every day."""
    flares = {infusion + timedelta(n) for infusion in infusions for n in range(ACUTE_DAYS)}
    return flares.intersection(days)


def flare_of(values: dict[date, int], infusion: date) -> Flare:
    before_days = [infusion - timedelta(n) for n in range(1, BEFORE_NEXT_DAYS + 1)]
    before = next((values[day] for day in before_days if day in values), None)
    window = [infusion + timedelta(n) for n in range(ACUTE_DAYS)]
    logged = [values[day] for day in window if day in values]
    floor = before or 0
    return Flare(infusion, before, max(logged) if logged else None,
                 sum(1 for value in logged if value > floor))


def flares(values: dict[date, int], infusions: list[date]) -> list[Flare]:
    """Each infusion's flare, oldest first."""
    return [flare_of(values, infusion) for infusion in sorted(infusions)]


def is_cycle_linked(key: str, values: dict[date, int], infusions: list[date]) -> bool:
    """`cold` always (when infusions are recorded); another symptom when, after at least two
    infusions, its peak in the flare days is ACUTE_PEAK_RISE points or more above the value
    before the infusion. Never when infusions come every ACUTE_DAYS days or more often (a
    weekly taxane): no day between them is outside a flare, so there is nothing like for like
    to compare; every day counts. `values` should reach BEFORE_NEXT_DAYS before the first of
    `infusions` (reports pass the last CYCLE_LINKED_INFUSIONS up to the window's end)."""
    if not infusions:
        return False
    ordered = sorted(infusions)
    gaps = [(later - earlier).days for earlier, later in zip(ordered, ordered[1:], strict=False)]
    if gaps and max(gaps) <= ACUTE_DAYS:
        return False
    if key in CYCLE_LINKED_SYMPTOMS:
        return True
    if key not in GRADE_SYMPTOMS:  # constipation after a cycle is mostly anti-sickness drugs
        return False
    rises = [f for f in flares(values, infusions)
             if f.peak is not None and f.peak >= (f.before or 0) + ACUTE_PEAK_RISE]
    return len(rises) >= CYCLE_LINKED_MIN_CYCLES


def _of_10(value: int | None) -> str:
    return "not logged" if value is None else f"{value}/{SCALE_MAX}"


def flare_words(label: str, flare: Flare, previous: Flare | None) -> str:
    """'cold-triggered tingling or pain flare: peak 4/10, 4 days (cycle before 4/10, 4 days);
    0/10 before the infusion (cycle before 0/10)'."""
    def days(count: int) -> str:
        return "1 day" if count == 1 else f"{count} days"

    text = f"{label} flare: peak {_of_10(flare.peak)}, {days(flare.days)}"
    if previous is not None:
        text += f" (cycle before {_of_10(previous.peak)}, {days(previous.days)})"
    text += f"; {_of_10(flare.before)} before the infusion"
    if previous is not None:
        text += f" (cycle before {_of_10(previous.before)})"
    return text
