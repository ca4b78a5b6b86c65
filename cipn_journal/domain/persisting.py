"""Persisting between cycles (issue 22 rule 10), pure: whether a day falls in the days before the
next expected infusion of a drug known to damage nerves, and which nerve symptoms are still above
their pre-treatment baseline then (the question oxaliplatin's label and ESMO 2020 ask before each
cycle). Numbers and wording are clinical.py's; `alerts` makes the finding an alert.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from cipn_journal.domain import clinical
from cipn_journal.domain.alert import Alert, day_words
from cipn_journal.domain.clinical import (
    PERSISTING_FROM_DAYS,
    PERSISTING_LATE_DAYS,
    PERSISTING_LIMITS_DAYS,
    PERSISTING_OVER_INTERVALS,
    PERSISTING_POINTS,
    PERSISTING_SYMPTOMS,
)
from cipn_journal.domain.day_values import day_values, logged
from cipn_journal.domain.treatment import DRUGS, Plan, find_drug, joined, listed


@dataclass(frozen=True)
class Window:
    """The day judged lies in the days before the next expected infusion (`expected`) of the
    cycle that began with the last infusion on `last` of `drugs` (listed drugs given that day)."""

    last: date
    expected: date
    drugs: tuple[str, ...]

    @property
    def drug(self) -> str:
        return joined(list(self.drugs))


@dataclass
class Between:
    """What the rule reads, filled by the record service only when `window` is open: the
    pre-treatment values ({symptom: {day: value}} on `basis_days`, the week before the first
    infusion, and each symptom's last value before it), the nerve symptoms named on the day,
    the limits of the last PERSISTING_LIMITS_DAYS days, this cycle's `persisting` alerts
    (id, day, subject, urgency, status), and the symptoms ({symptom: value}) named by those of
    them still open on the day judged (a symptom logged later that day joins its alert)."""

    window: Window
    basis_days: list[date] = field(default_factory=list)
    basis_values: dict[str, dict[date, int]] = field(default_factory=dict)
    basis_earlier: dict[str, int] = field(default_factory=dict)
    day_values: dict[str, int] = field(default_factory=dict)
    limits: dict[date, str] = field(default_factory=dict)
    alerts: list[tuple[int, date, str, str, str]] = field(default_factory=list)
    day_symptoms: dict[int, dict[str, int]] = field(default_factory=dict)


@dataclass(frozen=True)
class Finding:
    """The cycle's persisting alert that domain/alerts.py raises: about `subject`, the symptom
    highest above its baseline, naming every nerve symptom that persists (`symptoms`, with
    their values). `escalates`: the open alert of the cycle it follows at a higher level;
    `updates`: the day's open alert it rewrites (a symptom or limits logged later that day)."""

    subject: str
    value: int
    reference: float | None  # the subject's pre-treatment baseline (None: nothing logged before)
    message: str
    urgency: str
    escalates: int | None
    symptoms: dict[str, int] = field(default_factory=dict)
    updates: int | None = None


def window(infusions: list[tuple[date, str]], plan: Plan | None, day: date) -> Window | None:
    """The cycle whose next infusion `day` comes before, or None. For each drug on the list
    given on or before `day`, the next infusion is expected its last interval between infusions
    after its last one (a drug given once has none) and the window runs from
    PERSISTING_FROM_DAYS before it to PERSISTING_LATE_DAYS after it (a late infusion), but not
    past the day the course is over for the rule (`over_after`); a plan
    still ahead (`cipn treatment next`, naming a listed drug or none) opens one from
    PERSISTING_FROM_DAYS before its day. The most recent cycle wins."""
    given = _given(infusions, day)
    if not given:
        return None
    found: list[tuple[date, date]] = []
    for dates in given.values():
        if len(dates) >= 2:
            expected = dates[-1] + (dates[-1] - dates[-2])
            if (expected - timedelta(days=PERSISTING_FROM_DAYS) <= day
                    <= min(expected + timedelta(days=PERSISTING_LATE_DAYS),
                           over_after(dates[-1], expected))):
                found.append((dates[-1], expected))
    if plan is not None and plan.date >= day and (plan.drug is None or listed(plan.drug)):
        named = given.get(plan.drug, []) if plan.drug is not None else [
            d for dates in given.values() for d in dates]
        if (named and plan.date > max(named)
                and plan.date - timedelta(days=PERSISTING_FROM_DAYS) <= day):
            found.append((max(named), plan.date))
    if not found:
        return None
    last, expected = max(found)
    drugs = sorted((drug for drug, dates in given.items() if dates[-1] == last),
                   key=_list_order)
    return Window(last, expected, tuple(drugs))


def _given(infusions: list[tuple[date, str]], day: date) -> dict[str, list[date]]:
    """The days each listed drug was given on or before `day`, in order."""
    given: dict[str, list[date]] = {}
    for when, drug in sorted(infusions):
        if when <= day and listed(drug) and when not in given.get(drug, []):
            given.setdefault(drug, []).append(when)
    return given


def over_after(last: date, expected: date) -> date:
    """The last day of a course whose next infusion, expected on `expected` after the one on
    `last`, was not given: PERSISTING_OVER_INTERVALS intervals after the expected day."""
    return expected + (expected - last) * PERSISTING_OVER_INTERVALS


def course_over(infusions: list[tuple[date, str]], plan: Plan | None, day: date) -> bool:
    """Whether the course is over for this rule on `day` (nothing given since, nothing planned
    ahead): no drug on the list given yet, or for each one given, its expected next infusion
    (its last interval after its last one, or the day a plan made after it named) plus that
    interval (`over_after`) has passed. A drug given once with no plan after it has no expected
    next infusion: over."""
    if plan is not None and plan.date >= day and (plan.drug is None or listed(plan.drug)):
        return False
    for drug, dates in _given(infusions, day).items():
        expected = None
        if plan is not None and plan.date > dates[-1] and plan.drug in (None, drug):
            expected = plan.date
        elif len(dates) >= 2:
            expected = dates[-1] + (dates[-1] - dates[-2])
        if expected is not None and day <= over_after(dates[-1], expected):
            return False
    return True


def _list_order(drug: str) -> int:
    known = find_drug(drug)
    return DRUGS.index(known) if known is not None else len(DRUGS)


def baseline(between: Between, symptom: str) -> float | None:
    """The symptom's pre-treatment baseline: the mean of its values on the week before the
    first infusion, what a day says by rule 1 (domain/day_values.py; a day "not logged" for it
    is left out). None when that week has no entries (the rule then compares with 0)."""
    if not between.basis_days:
        return None
    earlier = between.basis_earlier.get(symptom)
    series = logged(day_values(between.basis_days,
                               {symptom: between.basis_values.get(symptom, {})},
                               last_before={} if earlier is None else {symptom: earlier},
                               symptoms=[symptom])[symptom])
    if not series:
        return float(earlier or 0)
    return sum(series.values()) / len(series)


def expected_effect(symptom: str, cycle: Window, day: date) -> bool:
    """Whether `day` is in the days of an expected acute effect of the cycle's drugs on
    `symptom` (rule 5): taxane pain on days 1 to TAXANE_PAIN_DAYS, oxaliplatin's cold and
    tingling on days 1 to ACUTE_DAYS (the infusion day is day 1). On a weekly taxane those days
    reach into this rule's window: pain then is the expected effect, not pain
    that has not gone away."""
    number = (day - cycle.last).days + 1
    taxane = any(drug in clinical.TAXANE_DRUGS for drug in cycle.drugs)
    platinum = any(drug in clinical.ACUTE_DRUGS for drug in cycle.drugs)
    return ((taxane and symptom == clinical.TAXANE_PAIN_SYMPTOM
             and number <= clinical.TAXANE_PAIN_DAYS)
            or (platinum and symptom in clinical.ACUTE_SYMPTOMS and number <= clinical.ACUTE_DAYS))


def judge(*, day: date, between: Between, labels: dict[str, str], when: str) -> list[Finding]:
    """At most one finding a cycle and level (issue 22 rule 10): every nerve symptom whose
    value on `day` is PERSISTING_POINTS or more above its baseline, in one `soon` alert about
    the one highest above it (the first in PERSISTING_SYMPTOMS on a tie); `today` (once more,
    escalating the open `soon` one) with everyday tasks or self-care limited on any of the last
    PERSISTING_LIMITS_DAYS days. An open alert of the cycle raised on `day` itself is rewritten
    instead when the day now names more symptoms, higher values or a higher level."""
    start = day - timedelta(days=PERSISTING_LIMITS_DAYS - 1)
    limited_days = [v for d, v in between.limits.items()
                    if start <= d <= day and v in ("everyday", "selfcare")]
    limited = ("selfcare" if "selfcare" in limited_days
               else "everyday" if limited_days else None)
    level = clinical.TODAY if limited else clinical.SOON
    rank = clinical.URGENCIES.index(level)
    persists: dict[str, tuple[int, float | None]] = {}
    for symptom in PERSISTING_SYMPTOMS:
        value = between.day_values.get(symptom)
        if value is None or expected_effect(symptom, between.window, day):
            continue
        reference = baseline(between, symptom)
        if value >= (reference or 0) + PERSISTING_POINTS:
            persists[symptom] = (value, reference)
    if not persists:
        return []
    this_cycle = [(alert_id, d, urgency, status)
                  for alert_id, d, _subject, urgency, status in between.alerts
                  if d >= between.window.last and status != "undone"]
    opened = [(alert_id, d, urgency) for alert_id, d, urgency, status in this_cycle
              if status == "open"]
    escalates = updates = None
    if opened and opened[-1][1] == day:
        alert_id, _day, urgency = opened[-1]
        stored = between.day_symptoms.get(alert_id, {})
        stored_rank = clinical.URGENCIES.index(urgency)
        grows = any(stored.get(s, -1) < value for s, (value, _r) in persists.items())
        if stored_rank < rank or (stored_rank == rank and not grows):
            return []
        updates = alert_id
        for symptom, value in stored.items():  # the day's alert keeps the higher value
            if symptom in persists and persists[symptom][0] < value:
                persists[symptom] = (value, persists[symptom][1])
    elif any(clinical.URGENCIES.index(urgency) <= rank for _id, _d, urgency, _s in this_cycle):
        return []
    elif opened:
        escalates = opened[-1][0]
    order = sorted(persists, key=lambda s: (-(persists[s][0] - (persists[s][1] or 0)),
                                            PERSISTING_SYMPTOMS.index(s)))
    subject = order[0]
    value, reference = persists[subject]
    message = clinical.persisting_words(
        [(labels.get(s, s), persists[s][0], persists[s][1]) for s in order], when,
        between.window.drug, limited)
    return [Finding(subject, value, reference, message, level, escalates,
                    {s: persists[s][0] for s in order}, updates)]


def alerts(*, day: date, between: Between, labels: dict[str, str]) -> list[Alert]:
    """The day's persisting alert, if any (`judge`), as an `Alert` for domain/alerts.py
    `judge_day`: once a cycle and level, whatever the team was told (rule 6 exempts it)."""
    found = []
    for finding in judge(day=day, between=between, labels=labels, when=day_words(day)):
        alert = Alert(day, finding.subject, "persisting", finding.value, finding.reference,
                      finding.message, urgency=finding.urgency)
        alert.escalates = finding.escalates
        alert.updates = finding.updates
        alert.symptoms = dict(finding.symptoms)
        found.append(alert)
    return found
