"""Issue 22 rules 11 and 12, pure: red flags (weakness or difficulty urinating above 0, none
logged above 0 in the RED_FLAG_DAYS before; numbness or tingling rising fast up a limb or
reaching above the elbow or knee: `today`, whatever the team was told before) and
constipation's own rule, which replaces `new` and `worse` for `bowel`. domain/alerts.py
`judge_day` runs them and makes the alerts; the numbers and words are domain/clinical.py's."""

from datetime import date, timedelta
from typing import NamedTuple

from cipn_journal.domain import clinical
from cipn_journal.domain.clinical import (
    CONSTIPATION_AT,
    CONSTIPATION_DAYS,
    CONSTIPATION_SYMPTOM,
    EXTENT_ABOVE,
    EXTENT_RISE_DAYS,
    EXTENT_RISE_LEVELS,
    RED_FLAG_DAYS,
    RED_FLAG_SYMPTOMS,
    SCALE_MAX,
)

RED_FLAG = "red-flag"
CONSTIPATION = "constipation"
RULES = (RED_FLAG, CONSTIPATION)
# What constipation's own rule replaces; `severe` still applies (7 or more: today).
REPLACED = ("new", "worse")


class Finding(NamedTuple):
    """One alert these rules raise: domain/alerts.py makes it an `Alert` of the day."""

    subject: str
    rule: str
    value: int
    reference: float | None
    message: str
    urgency: str


def symptom_flags(*, day: date, when: str, symptom: str, label: str, severity: int,
                  named: dict[date, int]) -> list[Finding]:
    """Weakness or difficulty urinating above 0 when no value above 0 was logged in the
    RED_FLAG_DAYS before `day` (`named`: the symptom's logged values before it; a journal's
    first entry included: a red flag is never waved through as "first entries")."""
    if symptom not in RED_FLAG_SYMPTOMS or severity <= 0:
        return []
    start = day - timedelta(days=RED_FLAG_DAYS)
    if any(start <= d < day and v > 0 for d, v in named.items()):
        return []
    return [Finding(symptom, RED_FLAG, severity, None, clinical.red_flag_symptom_words(
        label, f"{severity}/{SCALE_MAX}", when), clinical.TODAY)]


def extent_flags(*, day: date, when: str, limb: str, level: int,
                 recent: list[tuple[date, int]], highest: int | None,
                 words: tuple[str, ...]) -> list[Finding]:
    """How far up `limb` numbness or tingling reaches (0-4): `above` (EXTENT_ABOVE) when it was
    never recorded there before (`highest`: the highest level recorded before `day`, None:
    never), or a rise of EXTENT_RISE_LEVELS or more over the lowest level recorded in the
    EXTENT_RISE_DAYS before (`recent`: (day, level), oldest first), when it is higher than the
    last of them (the same level again is no new rise)."""

    def the(level: int) -> str:
        word = words[level]
        return word if word.startswith(("above", "none")) else f"the {word}"

    if level >= EXTENT_ABOVE and (highest is None or highest < EXTENT_ABOVE):
        return [Finding(limb, RED_FLAG, level, highest, clinical.red_flag_above_words(
            limb, the(level), when), clinical.TODAY)]
    start = day - timedelta(days=EXTENT_RISE_DAYS)
    window = [(d, v) for d, v in recent if start <= d < day]
    if not window or level <= window[-1][1]:
        return []
    lowest = min(v for _d, v in window)
    if level - lowest < EXTENT_RISE_LEVELS:
        return []
    seen = max(d for d, v in window if v == lowest)
    return [Finding(limb, RED_FLAG, level, lowest, clinical.red_flag_rise_words(
        limb, the(level), when, the(lowest), seen.isoformat()), clinical.TODAY)]


def constipation(*, day: date, when: str, symptom: str, label: str, severity: int,
                 counted: dict[date, int]) -> list[Finding]:
    """Constipation at CONSTIPATION_AT or more on its last CONSTIPATION_DAYS days with a value
    (`counted`: its values before `day`, named or counted 0 by rule 1), `day` included: `soon`.
    Below SEVERE_AT only: from there `severe` says `today`."""
    if symptom != CONSTIPATION_SYMPTOM or not CONSTIPATION_AT <= severity < clinical.SEVERE_AT:
        return []
    before = sorted((d for d in counted if d < day), reverse=True)[:CONSTIPATION_DAYS - 1]
    values = [counted[d] for d in before]
    if len(values) < CONSTIPATION_DAYS - 1 or min(values) < CONSTIPATION_AT:
        return []
    return [Finding(symptom, CONSTIPATION, severity, float(min(values)),
                    clinical.constipation_words(label, f"{severity}/{SCALE_MAX}", when,
                                                f"{CONSTIPATION_AT}/{SCALE_MAX}"),
                    clinical.SOON)]


def own_rules(found: list, symptom: str) -> list:
    """The usual rules' alerts for `symptom` without the ones its own rule replaces (new and
    worse for constipation)."""
    if symptom != CONSTIPATION_SYMPTOM:
        return found
    return [alert for alert in found if alert.rule not in REPLACED]
