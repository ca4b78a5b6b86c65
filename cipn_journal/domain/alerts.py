"""The "notify your doctor" rules (Basch, JCO 2016; JAMA 2022; issues 4, 12, 16), pure.

A logged day D is judged against the stored days before it. Rules: `new`, `worse`, `severe`,
`function` (everyday tasks first time, self-care, a fall), and from the weekly answers
`composite` and `spread`; each alert has an urgency (`today`/`soon`) and may escalate an open
one. The numbers are clinical.py's. The clinician's third-person wording is derived here from
an alert's structured fields (rule, subject, value, reference), so it needs no stored copy.
`judge_day` runs the rules of domain/persisting.py and domain/red_flags.py too, and ends with
domain/same_day.py's `combine`; the types it reads and makes are domain/alert.py's.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING

from cipn_journal.domain import clinical, red_flags
from cipn_journal.domain.alert import Alert, DayFacts, day_words
from cipn_journal.domain.clinical import (
    ACUTE_DAYS,
    ACUTE_DRUGS,
    ACUTE_PEAK_RISE,
    ACUTE_SYMPTOMS,
    ACUTE_WORDS,
    COMPOSITE_RISE_FROM,
    COMPOSITE_TODAY_AT,
    CONSTIPATION_GRADE,
    CONSTIPATION_TERM,
    ESCALATE_POINTS,
    GAP_POINTS,
    NEW_LOOKBACK_DAYS,
    NEW_MIN_ZERO_DAYS,
    REMEMBERED_RULES,
    SCALE_MAX,
    SEVERE_AT,
    STILL_SEVERE_DAYS,
    STILL_SEVERE_WORDS,
    TAXANE_DRUGS,
    TAXANE_PAIN_DAYS,
    TAXANE_PAIN_SYMPTOM,
    WORSE_MIN_DAYS,
    WORSE_POINTS,
    WORSE_REFERENCE_DAYS,
    WORSE_WINDOW_DAYS,
    cycle_day_words,
    gap_clinician_words,
    gap_detail,
    limit_words,
    persisting_clinician_words,
    weeks_words,
    worse_clinician_words,
    worse_detail,
    worse_words,
)
from cipn_journal.domain.day_values import day_values, logged
from cipn_journal.domain.same_day import ONCE_A_CYCLE, combine
from cipn_journal.domain.symptoms import short_name

if TYPE_CHECKING:  # loaded with the rule, only for a day in a cycle's window
    from cipn_journal.domain.persisting import Between

# NEW_LOOKBACK_DAYS is read from here by the service that fills the history (the days a
# judgement needs).
__all__ = ["NEW_LOOKBACK_DAYS", "RULES", "STATUSES", "Alert", "DayFacts", "History",
           "clinician_message", "escalation", "is_duplicate", "judge_composite", "judge_day",
           "judge_falls", "judge_limits", "judge_spread", "judge_symptom", "sort_key", "spoken"]

RULES = ("new", "worse", "gap", "severe", "function", "composite", "spread", "acute",
         "reminder", "persisting", *red_flags.RULES)
STATUSES = ("open", "acknowledged", "undone")


@dataclass
class History:
    """The read model a day is judged against, filled by the store: each symptom's values on
    the NEW_LOOKBACK_DAYS before the day, the limits of those days, the journal's first day
    (None: nothing before the day), the highest composite grade of each term in the previous
    COMPOSITE_RECORDS weekly records (absent: none), the highest extent recorded before the
    day and the extents of the EXTENT_RISE_DAYS before it (oldest first), the open alerts
    ((subject, rule) -> (id, value)) and the (subject, rule) of the day's alerts already
    stored."""

    values: dict[str, dict[date, int]] = field(default_factory=dict)
    # The days with symptom values over the same days as `values` (rule 1: what a day says about
    # a symptom not named that day), and each judged symptom's last value before `values` begins
    # (absent: never logged).
    entry_days: list[date] = field(default_factory=list)
    earlier: dict[str, int] = field(default_factory=dict)
    # The day of each `earlier` value (a value after a gap names it: issue 22 rule 3).
    earlier_day: dict[str, date] = field(default_factory=dict)
    limits: dict[date, str] = field(default_factory=dict)
    journal_start: date | None = None
    highest_composite: dict[str, int] = field(default_factory=dict)
    highest_extent: dict[str, int] = field(default_factory=dict)
    recent_extent: dict[str, list[tuple[date, int]]] = field(default_factory=dict)
    open: dict[tuple[str, str], tuple[int, int | str | None]] = field(default_factory=dict)
    same_day: set[tuple[str, str]] = field(default_factory=set)
    # The day's open alerts already stored ((subject, rule) -> (id, value)): a higher value
    # logged the same day updates one of them (issue 22 rule 8).
    same_day_open: dict[tuple[str, str], tuple[int, int | str | None]] = field(
        default_factory=dict)
    # For the expected acute effects (issue 22 rule 5): the infusions (day, drug) up to the day,
    # the limits stored for the day, and the `acute` alerts (id, day, subject, urgency, status).
    infusions: list[tuple[date, str]] = field(default_factory=list)
    day_limits: str | None = None
    acute: list[tuple[int, date, str, str, str]] = field(default_factory=list)
    # What the team was told (issue 22 rule 6): (subject, rule, value, day acknowledged) of the
    # alerts acknowledged in the last TOLD_MEMORY_DAYS, and the days of `reminder` alerts.
    told: list[tuple[str, str, int | str | None, date]] = field(default_factory=list)
    reminders: dict[str, list[date]] = field(default_factory=dict)
    # Persisting between cycles (issue 22 rule 10): read only when the day comes before the
    # next expected infusion (domain/persisting.py).
    between: "Between | None" = None


def judge_day(facts: DayFacts, history: History) -> list[Alert]:
    """The alerts one write raises for `facts.day`: every rule judged against `history`, then
    one per (subject, rule) and day; an alert of a (subject, rule) already open is dropped
    unless its value escalates the open one (then `escalates` names it). Falls: one per day.
    The only function that decides alerts: `log`, `checkin`, `weekly`, `log --extent` and the
    demo run it through the same service."""
    day = facts.day
    found: list[Alert] = []
    for term, grade in facts.composite.items():
        if grade is not None:
            found += judge_composite(day=day, term=term,
                                     label=facts.composite_labels.get(term, term), grade=grade,
                                     highest=history.highest_composite.get(term))
    for limb, level in facts.extent.items():
        if level is not None:
            found += judge_spread(day=day, limb=limb, level=level,
                                  highest=history.highest_extent.get(limb),
                                  words=facts.extent_words[limb])
            found += _alerts(day, red_flags.extent_flags(
                day=day, when=day_words(day), limb=limb, level=level,
                recent=history.recent_extent.get(limb, []),
                highest=history.highest_extent.get(limb), words=facts.extent_words[limb]))
    for key, severity in facts.values:
        label = facts.labels.get(key, key)
        expected = judge_acute(day=day, symptom=key, label=label, severity=severity,
                               history=history)
        past = counted(history, key)
        found += red_flags.own_rules(expected if expected is not None else judge_symptom(
            day=day, symptom=key, label=label, severity=severity, past=past,
            last=last_logged(history, key)), key)
        found += _alerts(day, [
            *red_flags.symptom_flags(day=day, when=day_words(day), symptom=key, label=label,
                                     severity=severity, named=history.values.get(key, {})),
            *red_flags.constipation(day=day, when=day_words(day), symptom=key, label=label,
                                    severity=severity, counted=past)])
    found = remembered(found, facts, history)
    if facts.limits in ("everyday", "selfcare"):
        found += judge_limits(day=day, limits=facts.limits, past=history.limits,
                              journal_start=history.journal_start or day)
    if facts.falls:
        found += judge_falls(day=day, falls=facts.falls)
    if history.between is not None:
        # Lazy (tests/test_imports.py): the rule and the drug tables it needs load only when the
        # record service found the day in a cycle's window (a journal with infusions).
        from cipn_journal.domain.persisting import alerts as persisting_alerts

        found += persisting_alerts(day=day, between=history.between,
                                   labels=facts.labels)
    open_alerts = {key: {"id": alert_id, "value": value}
                   for key, (alert_id, value) in history.open.items()}
    same_day = set(history.same_day)
    raised = []
    for alert in found:
        pair = (alert.subject, alert.rule)
        if alert.updates is not None:  # persisting decided it rewrites the day's alert
            same_day.add(pair)
            raised.append(alert)
            continue
        if is_duplicate(alert, open_keys=set(), same_day_keys=same_day):
            stored = history.same_day_open.get(pair)
            if stored is not None and (
                    alert.rule in REMEMBERED_RULES
                    and isinstance(alert.value, int) and isinstance(stored[1], int)
                    and alert.value > stored[1]):  # the open alert shows the higher value
                alert.updates = stored[0]
                same_day.add(pair)
                raised.append(alert)
            continue
        # once a cycle (acute, persisting); a red flag only holds on a new event (first time,
        # a rise)
        if alert.subject != "fall" and alert.rule not in (*ONCE_A_CYCLE, red_flags.RED_FLAG):
            verdict = escalation(alert, open_alerts.get(pair))
            if verdict is False:
                continue
            if verdict is not True:
                alert.escalates = verdict
        same_day.add(pair)
        raised.append(alert)
    return combine(raised, facts)


def _alerts(day: date, found: list[red_flags.Finding]) -> list[Alert]:
    return [Alert(day, f.subject, f.rule, f.value, f.reference, f.message, urgency=f.urgency)
            for f in found]


def spoken(message: str, day: str | date, today: date) -> str:
    """A stored alert message as said on `today`: its day becomes "today" or "yesterday"."""
    iso = day if isinstance(day, str) else day.isoformat()
    if iso == today.isoformat():
        return message.replace(f"on {iso}", "today")
    if iso == date.fromordinal(today.toordinal() - 1).isoformat() and f"on {iso}" in message:
        # Said of yesterday, the message's present tense becomes past: "Tingling was new
        # yesterday", "now reaches the knee" -> "reached the knee yesterday".
        past = message.replace(" now reaches ", " reached ", 1)
        if past == message:
            past = message.replace(" is ", " was ", 1)
        return past.replace(f"on {iso}", "yesterday")
    return message


def counted(history: History, symptom: str) -> dict[date, int]:
    """The symptom's value on each day with entries in `history` (issue 22 rule 1, through
    domain/day_values.py): named, or counted 0; days "not logged" for it are left out."""
    earlier = history.earlier.get(symptom)
    series = day_values(history.entry_days, {symptom: history.values.get(symptom, {})},
                        last_before={} if earlier is None else {symptom: earlier},
                        symptoms=[symptom])
    return logged(series[symptom])


def worse_reference(day: date, past: dict[date, int]) -> list[int]:
    """The values `worse` compares with (issue 22 rule 2): those of the symptom's last
    WORSE_REFERENCE_DAYS days with a value within the WORSE_WINDOW_DAYS before `day`."""
    start = day - timedelta(days=WORSE_WINDOW_DAYS)
    days = sorted((d for d in past if start <= d < day), reverse=True)[:WORSE_REFERENCE_DAYS]
    return [past[d] for d in days]


def last_logged(history: History, symptom: str) -> tuple[date, int] | None:
    """The symptom's last named value before `history.values` begins, with its day (None:
    never logged before, or its day not read)."""
    named = history.values.get(symptom, {})
    if named:
        newest = max(named)
        return newest, named[newest]
    value, when = history.earlier.get(symptom), history.earlier_day.get(symptom)
    return None if value is None or when is None else (when, value)


def judge_symptom(
    *, day: date, symptom: str, label: str, severity: int,
    past: dict[date, int], last: tuple[date, int] | None = None,
) -> list[Alert]:
    """Alerts for one symptom's value on `day`; `past` maps earlier days (at least D-28..D-1)
    to that symptom's value (named or counted 0: `counted`); `last`: its last value named
    before those days, with its day (a value after a gap is compared with it)."""
    found: list[Alert] = []
    when = day_words(day)
    window_start = day - timedelta(days=NEW_LOOKBACK_DAYS)
    window = [v for d, v in past.items() if window_start <= d < day]
    if severity > 0 and not any(window) and len(window) >= NEW_MIN_ZERO_DAYS:
        found.append(Alert(day, symptom, "new", severity, None,
                           f"{label} is new {when} ({severity}/{SCALE_MAX})."))
    week = worse_reference(day, past)
    if len(week) >= WORSE_MIN_DAYS and severity * len(week) - sum(week) >= WORSE_POINTS * len(week):
        mean = sum(week) / len(week)
        alert = Alert(day, symptom, "worse", severity, mean, worse_words(
            label, _points(severity - mean), when, f"{severity}/{SCALE_MAX}", mean, len(week)))
        alert.detail = worse_detail(_points(severity - mean), mean)
        found.append(alert)
    if not week and last is not None and severity - last[1] >= GAP_POINTS:
        # After a gap: nothing in the window to compare with, so the last logged value is
        # the reference (issue 22 rule 3); never "new", the symptom was not logged.
        detail = gap_detail(last[1], last[0].isoformat())
        alert = Alert(day, symptom, "gap", severity, float(last[1]),
                      f"{label} is {severity}/{SCALE_MAX} {when}; {detail}.")
        alert.detail = detail
        found.append(alert)
    if severity >= SEVERE_AT:
        found.append(Alert(day, symptom, "severe", severity, None,
                           f"{label} is severe {when} ({severity}/{SCALE_MAX})."))
    return found


def _points(rise: float) -> str:
    return f"{rise:.0f}" if rise == int(rise) else f"{rise:.1f}"


def remembered(found: list[Alert], facts: DayFacts, history: History) -> list[Alert]:
    """Issue 22 rule 6, the team's memory: a new, worse or severe alert about a symptom the team
    was told about (acknowledged in the last TOLD_MEMORY_DAYS) is kept only above the highest
    value they were told; a symptom at SEVERE_AT or more STILL_SEVERE_DAYS after they were told
    about it severe raises one `soon` reminder a telling. Other rules always raise."""
    told: dict[str, int] = {}
    severe_told: dict[str, date] = {}
    for subject, rule, value, acknowledged in history.told:
        if rule in REMEMBERED_RULES and isinstance(value, int):
            told[subject] = max(value, told.get(subject, value))
            if value >= SEVERE_AT:
                severe_told[subject] = max(acknowledged, severe_told.get(subject, acknowledged))
    kept = [alert for alert in found if alert.rule not in REMEMBERED_RULES
            or not isinstance(alert.value, int) or alert.subject not in told
            or alert.value > told[alert.subject]]
    raised = {alert.subject for alert in kept if alert.rule in REMEMBERED_RULES}
    values = dict(facts.values)
    for key in raised:
        stored = history.same_day_open.get((key, "reminder"))
        if stored is not None and key in values:
            # The day's reminder joins the day's new alert about the symptom (rule 14): it is
            # rewritten as one alert, at the higher level, its `rules` naming both.
            reminder = _reminder(facts, key, values[key], told.get(key))
            reminder.updates = stored[0]
            kept.append(reminder)
    for key, severity in facts.values:
        since = severe_told.get(key)
        if (since is None or key in raised or severity < SEVERE_AT
                or (facts.day - since).days < STILL_SEVERE_DAYS
                or any(d >= since for d in history.reminders.get(key, []))
                or any((key, rule) in history.same_day for rule in REMEMBERED_RULES)):
            continue  # (the day's own alert about the symptom already asks)
        kept.append(_reminder(facts, key, severity, told[key]))
    return kept


def _reminder(facts: DayFacts, key: str, severity: int, told: int | None) -> Alert:
    label = facts.labels.get(key, key)
    return Alert(facts.day, key, "reminder", severity, told,
                 f"{label} is {severity}/{SCALE_MAX} {day_words(facts.day)}, {STILL_SEVERE_WORDS}",
                 urgency=clinical.SOON)


def _value_before(series: dict[date, int], day: date, earlier: int | None) -> int:
    """A symptom's last value before `day` (never logged: 0)."""
    before = [d for d in series if d < day]
    if before:
        return series[max(before)]
    return earlier or 0


def judge_acute(*, day: date, symptom: str, label: str, severity: int,
                history: History) -> list[Alert] | None:
    """The expected acute effects (issue 22 rule 5), or None where they do not apply (the
    usual rules then judge the value). Oxaliplatin: a rise of cold or tingling above its value
    before the last infusion, on days 1-7 after it, is `next`; `soon` when its peak is
    ACUTE_PEAK_RISE above the previous cycle's flare peak, or when it is still above on day 8;
    `today` with self-care limited that day. Taxanes: pain below SEVERE_AT on days 1-5 that the
    usual rules would alert is `next`. One `acute` alert per symptom, cycle and level."""
    series = history.values.get(symptom, {})
    when = day_words(day)
    if symptom in ACUTE_SYMPTOMS:
        given = sorted(d for d, drug in history.infusions if drug in ACUTE_DRUGS and d <= day)
        if not given or (day - given[-1]).days > ACUTE_DAYS:
            return None
        start, drug = given[-1], ACUTE_DRUGS[0]
        number = (day - start).days + 1
        pre = _value_before(series, start, history.earlier.get(symptom))
        if severity <= pre:
            return None
        if number > ACUTE_DAYS:
            level = clinical.SOON
            text = (f"{label} is still {severity}/{SCALE_MAX} {when}, "
                    f"{cycle_day_words(number, drug)} ({pre}/{SCALE_MAX} before it): tell your "
                    f"care team.")
        else:
            peak = max([severity, *(v for d, v in series.items() if start <= d < day)])
            previous = given[:-1][-1] if given[:-1] else None
            last_peak = max((v for d, v in series.items()
                             if previous is not None and previous <= d < start
                             and (d - previous).days < ACUTE_DAYS), default=None)
            level = clinical.NEXT
            text = (f"{label} {severity}/{SCALE_MAX} {when}, "
                    f"{cycle_day_words(number, drug)} "
                    f"({pre}/{SCALE_MAX} before it): {ACUTE_WORDS.format(drug=drug)}.")
            if last_peak is not None and peak - last_peak >= ACUTE_PEAK_RISE:
                level = clinical.SOON
                text = (f"{label} {severity}/{SCALE_MAX} {when}, "
                        f"{cycle_day_words(number, drug)}: "
                        f"higher than after the last infusion (at most {last_peak}/"
                        f"{SCALE_MAX} then).")
            if history.day_limits == "selfcare":
                level = clinical.TODAY
                text = (f"{label} {severity}/{SCALE_MAX} {when}, "
                        f"{cycle_day_words(number, drug)}, "
                        f"with {limit_words('selfcare')} limited.")
    elif symptom == TAXANE_PAIN_SYMPTOM and severity < SEVERE_AT:
        given = sorted(d for d, drug in history.infusions
                       if drug in TAXANE_DRUGS and d <= day
                       and (day - d).days < TAXANE_PAIN_DAYS)
        if not given:
            return None
        start = given[-1]
        drug = next(drug for d, drug in history.infusions if d == start and drug in TAXANE_DRUGS)
        if not judge_symptom(day=day, symptom=symptom, label=label, severity=severity,
                             past=counted(history, symptom)):
            return []
        pre = _value_before(series, start, history.earlier.get(symptom))
        level = clinical.NEXT
        text = (f"{label} {severity}/{SCALE_MAX} {when}, "
                f"{cycle_day_words((day - start).days + 1, drug)} ({pre}/{SCALE_MAX} before "
                f"it): {ACUTE_WORDS.format(drug=drug)}.")
    else:
        return None
    rank = clinical.URGENCIES.index(level)
    this_cycle = [(alert_id, status) for alert_id, d, subject, urgency, status in history.acute
                  if subject == symptom and d >= start]
    if any(clinical.URGENCIES.index(urgency) <= rank
           for _id, d, subject, urgency, status in history.acute
           if subject == symptom and d >= start and status != "undone"):
        return []
    alert = Alert(day, symptom, "acute", severity, pre, text, urgency=level)
    opened = [alert_id for alert_id, status in this_cycle if status == "open"]
    alert.escalates = opened[-1] if opened else None
    return [alert]


def judge_limits(*, day: date, limits: str, past: dict[date, str],
                 journal_start: date | None = None) -> list[Alert]:
    """Alerts for the limits reported on `day`; `past` maps earlier days to their limits.
    `journal_start`: the journal's first day; on it, "for the first time in N weeks" would claim
    weeks nobody logged, so the message does not say it."""
    when = day_words(day)
    if limits == "selfcare":
        return [Alert(day, "selfcare", "function", "selfcare", None,
                      f"Symptoms limited your {limit_words('selfcare')} {when}.")]
    if limits == "everyday":
        window_start = day - timedelta(days=NEW_LOOKBACK_DAYS)
        earlier = any(
            window_start <= d < day and v in ("everyday", "selfcare") for d, v in past.items()
        )
        if not earlier:
            since = first_time_words(day, journal_start)
            since = f", {since}" if since else ""
            return [Alert(day, "everyday", "function", "everyday", None,
                          f"Symptoms limited your {limit_words('everyday')} {when}{since}.")]
    return []


def first_time_words(day: date, journal_start: date | None) -> str:
    """'for the first time in N weeks' (NEW_LOOKBACK_DAYS) only when the journal reaches back
    that far; on a younger journal 'for the first time in this journal' (its 2nd or 7th day
    cannot vouch for N weeks); on its first day nothing."""
    if journal_start is None or journal_start <= day - timedelta(days=NEW_LOOKBACK_DAYS):
        return f"for the first time in {weeks_words(NEW_LOOKBACK_DAYS)}"
    return "for the first time in this journal" if journal_start < day else ""


def judge_falls(*, day: date, falls: int) -> list[Alert]:
    if falls <= 0:
        return []
    what = "a fall" if falls == 1 else f"{falls} falls"
    message = f"You reported {what} {day_words(day)}."
    return [Alert(day, "fall", "function", falls, None, message)]


def judge_composite(*, day: date, term: str, label: str, grade: int,
                    highest: int | None) -> list[Alert]:
    """Alerts for one weekly PRO-CTCAE composite grade; `highest`: the term's highest grade in
    the previous COMPOSITE_RECORDS weekly records (None: none). Grade 3: today. Issue 22 rule
    13: a grade of COMPOSITE_RISE_FROM or more above `highest` (never a 0 -> 1 step): soon.
    Rule 12: constipation at CONSTIPATION_GRADE or more for the first time in those records (a
    first record included): soon."""
    when = day_words(day)
    if grade >= COMPOSITE_TODAY_AT:
        return [Alert(day, term, "composite", grade, highest,
                      f"{label}: weekly composite grade {grade} {when}.")]
    if term == CONSTIPATION_TERM:
        if grade >= CONSTIPATION_GRADE and (highest is None or highest < CONSTIPATION_GRADE):
            return [Alert(day, term, "composite", grade, highest,
                          clinical.constipation_grade_words(label, grade, when))]
        return []
    if highest is not None and grade > highest and grade >= COMPOSITE_RISE_FROM:
        return [Alert(day, term, "composite", grade, highest,
                      clinical.composite_rise_words(label, grade, when, highest))]
    return []


def judge_spread(*, day: date, limb: str, level: int, highest: int | None,
                 words: tuple[str, ...]) -> list[Alert]:
    """Numbness or tingling reaching a higher level up `limb` than ever recorded (`highest`:
    the highest level recorded before, None: never). `words` names the levels of that limb."""
    if highest is None or level <= highest:
        return []

    def the(level: int) -> str:
        word = words[level]
        return word if word.startswith(("above", "none")) else f"the {word}"

    return [Alert(day, limb, "spread", level, highest,
                  f"Numbness or tingling in the {limb} now reaches {the(level)} {day_words(day)} "
                  f"(was {the(highest)}).")]


def escalation(alert: Alert, open_alert: dict | None) -> int | None | bool:
    """Whether `alert` may be raised while `open_alert` (same subject and rule, a dict with
    `id` and `value`) is open: True when nothing is open, the open alert's id when the value is
    ESCALATE_POINTS above the one that raised it (severe and composite: any higher value), else
    False (a duplicate)."""
    if open_alert is None:
        return True
    old, new = open_alert.get("value"), alert.value
    if not isinstance(old, int) or not isinstance(new, int):
        return False
    step = 1 if alert.rule in ("severe", "composite", "spread") else ESCALATE_POINTS
    return open_alert["id"] if new - old >= step else False


def is_duplicate(alert: Alert, *, open_keys: set[tuple[str, str]],
                 same_day_keys: set[tuple[str, str]]) -> bool:
    """A day already alerted for a subject and rule is not alerted again (falls: one per
    day). Open alerts are handled by `escalation`; `open_keys`: keys that block outright."""
    key = (alert.subject, alert.rule)
    if alert.subject == "fall":
        return key in same_day_keys
    return key in open_keys or key in same_day_keys


def sort_key(alert: dict) -> tuple:
    """`today` before `soon`, then the newest day first, then the newest id."""
    rank = clinical.URGENCIES.index(alert.get("urgency") or clinical.SOON)
    return (rank, -date.fromisoformat(alert["date"]).toordinal(), -(alert.get("id") or 0))


def clinician_message(alert: dict, label: str, journal_start: date | None = None) -> str:
    """The alert in the third person, for the care team reading an export: derived from its
    rule, subject, value and reference (every alert ever stored has them), never "you"."""
    rule, subject, value, ref = (alert["rule"], alert["subject"], alert["value"],
                                 alert.get("reference"))
    day = date.fromisoformat(alert["date"])
    of_10 = f"{value}/{SCALE_MAX}"
    if rule == "new":
        if journal_start is not None and day <= journal_start:
            text = f"{label} reported at {of_10} on the journal's first day"
        elif journal_start is not None and journal_start > day - timedelta(
                days=NEW_LOOKBACK_DAYS):  # a younger journal cannot vouch for 4 weeks
            text = (f"{label} new at {of_10}: 0 on every day with a value since the journal "
                    f"began on {journal_start.isoformat()}")
        else:
            text = (f"{label} new at {of_10}: 0 on every day with a value in the previous "
                    f"{weeks_words(NEW_LOOKBACK_DAYS)}")
    elif rule == "worse" and isinstance(value, int) and ref is not None:
        text = worse_clinician_words(label, _points(value - ref), of_10, ref)
    elif rule == "gap":
        text = gap_clinician_words(label, of_10, ref)
    elif rule == "severe":
        text = f"{label} severe at {of_10}"
    elif rule == "reminder":
        text = (f"{label} still severe at {of_10}, {weeks_words(STILL_SEVERE_DAYS)} or more "
                f"after the care team was told")
    elif rule == "acute":
        before = f"{ref:g}/{SCALE_MAX}" if ref is not None else "not logged"
        if alert.get("urgency") in (None, clinical.NEXT):
            text = (f"{label} at {of_10} in the days after an infusion, an expected acute "
                    f"effect ({before} before the infusion)")
        else:  # it lasted to day 8, rose more than the cycle before, or limited self-care
            text = (f"{label} at {of_10} after an infusion, beyond the expected acute effect "
                    f"({before} before the infusion)")
    elif rule == "persisting" and isinstance(value, int):
        named = alert.get("symptoms") or {subject: value}
        text = persisting_clinician_words(
            [(label, of_10), *((short_name(key), f"{at}/{SCALE_MAX}")
                               for key, at in named.items() if key != subject)], ref)
    elif rule == "function" and subject == "fall":
        text = "reported a fall" if value == 1 else f"reported {value} falls"
    elif rule == "function" and subject == "selfcare":
        text = f"symptoms limited {limit_words('selfcare')}"
    elif rule == "function" and subject == "everyday":
        since = first_time_words(day, journal_start)
        text = f"symptoms limited {limit_words('everyday')}" + (f" {since}" if since else "")
    else:  # weekly composite and spread: their stored words name no one
        text = alert["message"].rstrip(".")
    also = [other for other in alert.get("rules") or [] if other != rule]
    if also:  # the other rules the same value met (issue 22 rule 14)
        text += f" (also {' and '.join(also)})"
    # no internal ids on the team's pages (issue 23 item 7): an escalation is its higher value
    return text[:1].upper() + text[1:] + "."


def open_on(alerts: list[dict], day: date) -> list[dict]:
    """The alerts that were open at the end of `day` (a summary's window ends then: it shows
    what was known then): raised on or before it, and not acknowledged by then (an
    acknowledgement's local day). An alert undone with its entry was never a finding."""
    shown = []
    for alert in alerts:
        if alert["date"] > day.isoformat() or alert["status"] == "undone":
            continue
        if alert["status"] == "acknowledged" and alert["acknowledged_on"] and (
                alert["acknowledged_on"] <= day.isoformat()):
            continue
        shown.append(alert)
    return shown
