"""`cipn demo`: a deterministic, realistic sample journal ending today.

The story: a person starting oxaliplatin-based chemotherapy (an infusion every 2 weeks, 12
cycles at most) who checks in daily, with a few missed days. Cold-triggered symptoms come in the
days after each infusion, peaking on day 3; numbness and tingling appear after a few cycles and
slowly worsen, keep worsening for about 3 months after the last dose ("coasting") and then ease.
Around it: the infusions themselves, visits to the oncology clinic, a supplement and an open
question for the next visit. Pure: the record service (record/demo.py) writes it to a journal
and raises its alerts day by day with the same rule as `log`, acknowledging them on the days
`told_days` names.
"""

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

SEED = 20261103
INFUSION_EVERY = 14
MAX_CYCLES = 12
FIRST_INFUSION_DAY = 7  # a week of baseline first

NOTES = {
    2: "Cold drinks hurt my throat after the infusion; wore gloves to open the fridge.",
    3: "Fingertips tingle when I pick up something cold.",
    5: "Numb toes this morning, hard to feel the floor.",
    7: "Dropped a cup at breakfast. Buttons take longer.",
    9: "Tripped on the stairs; holding the rail now.",
}


@dataclass
class DemoJournal:
    start: date
    end: date
    values: dict[date, dict[str, int]] = field(default_factory=dict)
    limits: dict[date, str] = field(default_factory=dict)
    falls: dict[date, int] = field(default_factory=dict)
    notes: dict[date, str] = field(default_factory=dict)
    infusions: list[date] = field(default_factory=list)  # oxaliplatin 85 mg/m2 iv, cycle 1..n
    visits: list[tuple[date, str]] = field(default_factory=list)  # (day, with whom)
    meds: list[tuple[str, str, date]] = field(default_factory=list)  # (name, kind, start)
    questions: list[tuple[date, str]] = field(default_factory=list)  # (asked, text), open


def _clamp(value: float) -> int:
    return max(0, min(10, round(value)))


def generate(*, weeks: int, today: date) -> DemoJournal:
    rng = random.Random(SEED)
    days = weeks * 7
    start = today - timedelta(days=days - 1)
    journal = DemoJournal(start=start, end=today)
    journal.infusions = [
        start + timedelta(days=FIRST_INFUSION_DAY + INFUSION_EVERY * k)
        for k in range(MAX_CYCLES)
        if FIRST_INFUSION_DAY + INFUSION_EVERY * k < days
    ]
    # Treatment ends after MAX_CYCLES; a shorter demo is still in treatment today.
    last_infusion = journal.infusions[-1] if len(journal.infusions) == MAX_CYCLES else None
    note_cycles = dict(NOTES)
    for offset in range(days):
        day = start + timedelta(days=offset)
        if offset > 3 and rng.random() < 0.04:
            continue  # a missed day
        given = [d for d in journal.infusions if d <= day]
        cycles = len(given)
        since = (day - given[-1]).days if given else None
        # Chronic damage builds with each cycle after the second, keeps building ~90 days
        # after the last dose, then eases slowly to a mild residual.
        chronic = max(0.0, (cycles - 2) * 0.55 + (since or 0) / INFUSION_EVERY * 0.4)
        if last_infusion and day > last_infusion:
            after = (day - last_infusion).days
            peak = max(0.0, (len(journal.infusions) - 2) * 0.55 + 0.4 + min(after, 90) / 45)
            chronic = peak if after <= 90 else max(1.5, peak - (after - 90) / 60)
        cold = 0.0
        if since is not None and since <= 5 and day <= (last_infusion or day):
            cold = [4, 5, 6, 4, 2, 1][since] + cycles * 0.15
        noise = lambda: rng.choice((-1, 0, 0, 0, 1))  # noqa: E731
        today_values = {
            "numbness": _clamp(chronic + noise()) if chronic >= 0.8 else 0,
            "tingling": _clamp(chronic * 0.9 + cold * 0.3 + noise()) if chronic + cold > 0.8
            else 0,
            "burning": _clamp(chronic * 0.4 + noise() * 0.5) if chronic > 3 else 0,
            "pain": _clamp(chronic * 0.3 + noise()) if chronic > 4 else 0,
            "cold": _clamp(cold + noise() * 0.5) if cold else 0,
            "balance": _clamp(chronic * 0.45) if chronic > 3 else 0,
            "grip": _clamp(chronic * 0.5 + noise() * 0.5) if chronic > 2.5 else 0,
            "walking": _clamp(chronic * 0.4) if chronic > 4 else 0,
            "bowel": 3 if since is not None and 1 <= since <= 3 else 0,
            "bladder": 0,
        }
        journal.values[day] = today_values
        journal.limits[day] = "everyday" if today_values["grip"] >= 4 else "none"
        if cycles in note_cycles and since == 2:
            journal.notes[day] = note_cycles.pop(cycles)
    falls_day = _first_day(journal, lambda v: v["walking"] >= 3)
    if falls_day:
        journal.falls[falls_day] = 1
    _care(journal)
    return journal


DOSE = (85.0, "mg/m2", "85mg/m2")
CLINIC = "oncology clinic"
FELT_IN_HANDS_AND_FEET = {"numbness", "tingling", "burning", "pain"}  # stored "where": both


def _care(journal: DemoJournal) -> None:
    """A visit the day before the most recent infusion (or four weeks after the last one, once
    treatment is over), the next visit ahead, glutamine taken from the first infusion (no dose:
    the journal states none), and a question collected since the last visit."""
    today = journal.end
    if not journal.infusions:
        journal.visits = [(today + timedelta(days=7), CLINIC)]
        journal.questions = [(today, "When does the chemotherapy start, and what should I "
                                     "tell you about numbness or tingling?")]
        return
    first, last = journal.infusions[0], journal.infusions[-1]
    journal.meds = [("glutamine", "supplement", first)]
    candidates = [d - timedelta(days=1) for d in journal.infusions]
    candidates.append(last + timedelta(days=28))
    past = max((d for d in candidates if journal.start <= d <= today), default=None)
    ongoing = last + timedelta(days=INFUSION_EVERY) > today
    ahead = last + timedelta(days=INFUSION_EVERY - 1) if ongoing else today + timedelta(days=14)
    if ahead <= today:
        ahead = today + timedelta(days=14)
    journal.visits = [(day, CLINIC) for day in (past, ahead) if day is not None]
    asked = min(today, past + timedelta(days=2)) if past else today
    latest = journal.values.get(max((d for d in journal.values if d <= asked), default=asked), {})
    if latest.get("numbness", 0) >= 2:
        text = ("My toes and fingertips are numb most days now. Should we talk about the "
                "oxaliplatin dose?")
    else:
        text = "Cold drinks still hurt for a few days after each infusion. Is that expected?"
    journal.questions = [(asked, text)]


def _first_day(journal: DemoJournal, test) -> date | None:
    for day in sorted(journal.values):
        if test(journal.values[day]):
            return day
    return None


def told_days(journal: DemoJournal) -> dict[date, list[date]]:
    """When the person tells the care team, and so acknowledges every open alert: at each
    infusion and, once treatment is over, at a follow-up call every 4 weeks. Maps each day with
    entries to the told days that come before its entries are logged (a told day without
    entries is counted on the next day with entries)."""
    told = list(journal.infusions)
    if len(journal.infusions) == MAX_CYCLES:
        follow_up = journal.infusions[-1] + timedelta(days=28)
        while follow_up <= journal.end:
            told.append(follow_up)
            follow_up += timedelta(days=28)
    pending = sorted(told)
    found: dict[date, list[date]] = {}
    for day in sorted(journal.values):
        while pending and pending[0] <= day:
            found.setdefault(day, []).append(pending.pop(0))
    return found


def told_note(journal: DemoJournal, told: date) -> str:
    """The acknowledgement's note for a told day."""
    if told in journal.infusions:
        return "Told the care team at the infusion."
    return "Told the care team at the follow-up call."


def evening(day: date) -> str:
    """A plausible time of day for something the demo person recorded on `day` (UTC)."""
    return f"{day.isoformat()}T19:00:00+00:00"
