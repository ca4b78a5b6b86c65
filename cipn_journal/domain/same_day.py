"""One alert per symptom per day (issue 22 rule 14) and the back-dated cap (rule 9), pure: the
last step of domain/alerts.py `judge_day`, which makes the alerts one symptom's value met that
day into one, at the highest level among them, said once. The words are clinical.py's."""

from cipn_journal.domain import clinical, red_flags
from cipn_journal.domain.alert import Alert, DayFacts, day_words
from cipn_journal.domain.clinical import (
    BACKDATED_DAYS,
    BACKDATED_WORDS,
    RULE_ADJECTIVES,
    SCALE_MAX,
    URGENCIES,
    combined_words,
)

# Raised once a cycle and level whatever is open (an open one of the cycle is escalated).
ONCE_A_CYCLE = ("acute", "persisting")


def combine(raised: list[Alert], facts: DayFacts) -> list[Alert]:
    """Issue 22 rules 14 and 9, the last step of `judge_day`: one alert per symptom per day.
    The alerts about one of the day's symptom values become one, at the highest level among
    them; its `rule` is the decisive one (the first found at that level), `rules` all that were
    met, said once ("Numbness is new and severe ..."). Any rule combines: those in
    RULE_ADJECTIVES share one sentence, the others keep theirs after it. Then a back-dated day
    (BACKDATED_DAYS or more before `facts.today`) raises at most `soon`."""
    values = dict(facts.values)
    groups: dict[str, list[Alert]] = {}
    result: list[Alert] = []
    for alert in raised:
        if alert.subject in values and alert.value == values[alert.subject]:
            if alert.subject not in groups:
                groups[alert.subject] = []
                result.append(alert)  # holds the group's place
            groups[alert.subject].append(alert)
        else:
            result.append(alert)
    backdated = facts.today is not None and (
        facts.today - facts.day).days >= BACKDATED_DAYS
    combined = []
    for alert in result:
        group = groups.get(alert.subject) if alert.subject in values else None
        if group is not None and group[0] is alert:
            alert = _one(group, facts, backdated)
        elif backdated and alert.urgency == clinical.TODAY:
            alert.urgency = clinical.SOON
            alert.message = f"{alert.message} {BACKDATED_WORDS}"
        combined.append(alert)
    return combined


def _one(group: list[Alert], facts: DayFacts, backdated: bool) -> Alert:
    """The one alert of a symptom's day from the alerts of its rules (see `combine`)."""
    # At the same level a once-a-cycle rule (persisting, the flare note) decides: it is what
    # the nurse asks about before each infusion.
    decisive = min(group, key=lambda alert: (URGENCIES.index(alert.urgency),
                                             alert.rule not in ONCE_A_CYCLE))
    capped = backdated and decisive.urgency == clinical.TODAY
    if len(group) == 1 and not capped:
        return decisive
    words = [alert for alert in group if alert.rule in RULE_ADJECTIVES]
    if any(alert.rule == "new" for alert in words):
        # New after days at 0 is above its average of 0 by its whole value: "worse" would
        # say it twice (it stays in `rules`, and its level counts).
        words = [alert for alert in words if alert.rule != "worse"]
    if any(alert.rule == red_flags.RED_FLAG for alert in group):
        # The red flag's own words say none was logged above 0 in the weeks before: "new"
        # (and "worse" than an average of 0) would say it twice.
        words = [alert for alert in words if alert.rule not in ("new", "worse")]
    others = sorted((alert for alert in group if alert.rule not in RULE_ADJECTIVES),
                    key=lambda alert: alert is not decisive)
    label = facts.labels.get(decisive.subject, decisive.subject)
    if words:
        message = combined_words(label, [RULE_ADJECTIVES[a.rule] for a in words],
                                 day_words(decisive.date), f"{decisive.value}/{SCALE_MAX}",
                                 [a.detail for a in words if a.detail], past=capped)
        message = " ".join([message, *(alert.message for alert in others)])
    else:
        message = " ".join(alert.message for alert in others)
    one = Alert(decisive.date, decisive.subject, decisive.rule, decisive.value,
                decisive.reference if decisive.reference is not None else next(
                    (a.reference for a in group if a.reference is not None), None),
                message, urgency=clinical.SOON if capped else decisive.urgency)
    if capped:
        one.message = f"{message} {BACKDATED_WORDS}"
    one.rules = tuple(dict.fromkeys(rule for a in group for rule in a.rules))
    one.escalates = decisive.escalates or next(
        (a.escalates for a in group if a.escalates), None)
    one.updates = next((a.updates for a in group if a.updates is not None), None)
    one.symptoms = next((a.symptoms for a in group if a.symptoms), None)
    return one
