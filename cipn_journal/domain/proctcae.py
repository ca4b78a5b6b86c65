"""NCI's PRO-CTCAE items the weekly check-in asks, their 0-4 answer scales, the skip rule, the
composite grade (Basch et al., Clin Trials 2021;18:104) and the extent of numbness or tingling
up the limbs (Total Neuropathy Score sensory item, Cavaletti 2007). Pure: no I/O.
Item wording is NCI's and must not be changed ("PRO-CTCAE™, National Cancer Institute").
"""

from datetime import date

from cipn_journal.domain.clinical import (
    COMPOSITE_PAIRS,
    COMPOSITE_SINGLE,
    COMPOSITE_TRIPLE,
)
from cipn_journal.domain.clinical import WEEKLY_RECALL_DAYS as RECALL_DAYS
from cipn_journal.domain.spelling import closest
from cipn_journal.errors import BadInput

ATTRIBUTION = "PRO-CTCAE™, National Cancer Institute"
COMPOSITE_SOURCE = "Basch et al., Clin Trials 2021;18:104"
EXTENT_SOURCE = "Total Neuropathy Score, sensory symptoms item (Cavaletti 2007)"

RECALL = f"In the last {RECALL_DAYS} days"
LEAD = RECALL + ","

SCALES: dict[str, tuple[str, ...]] = {
    "frequency": ("Never", "Rarely", "Occasionally", "Frequently", "Almost constantly"),
    "severity": ("None", "Mild", "Moderate", "Severe", "Very severe"),
    "interference": ("Not at all", "A little bit", "Somewhat", "Quite a bit", "Very much"),
}
# The order NCI asks a symptom's items in; the first one present is the one the skip rule reads.
ATTRIBUTE_ORDER = ("frequency", "severity", "interference")


class Item:
    """One PRO-CTCAE item: `key` (`numbness.severity`), its term and attribute, NCI's stem."""

    __slots__ = ("key", "term", "attribute", "stem")

    def __init__(self, key: str, stem: str):
        self.key = key
        self.term, self.attribute = key.split(".")
        self.stem = stem

    @property
    def text(self) -> str:
        """The whole item as NCI presents it: the recall lead, then the stem."""
        return f"{LEAD} {self.stem[0].lower()}{self.stem[1:]}"

    @property
    def scale(self) -> tuple[str, ...]:
        return SCALES[self.attribute]

    def __repr__(self) -> str:
        return f"Item({self.key!r})"


# NCI's English item library, verbatim (capitals are NCI's), in the order they are asked.
ITEMS: tuple[Item, ...] = (
    Item("numbness.severity", "What was the SEVERITY of your NUMBNESS OR TINGLING IN YOUR HANDS "
         "OR FEET at its WORST?"),
    Item("numbness.interference", "How much did NUMBNESS OR TINGLING IN YOUR HANDS OR FEET "
         "INTERFERE with your usual or daily activities?"),
    Item("constipation.severity", "What was the SEVERITY of your CONSTIPATION at its WORST?"),
    Item("dizziness.severity", "What was the SEVERITY of your DIZZINESS at its WORST?"),
    Item("dizziness.interference", "How much did DIZZINESS INTERFERE with your usual or daily "
         "activities?"),
    Item("urgency.frequency", "How OFTEN did you feel an URGE TO URINATE ALL OF A SUDDEN?"),
    Item("urgency.interference", "How much did SUDDEN URGES TO URINATE INTERFERE with your usual "
         "or daily activities?"),
    Item("leakage.frequency", "How OFTEN did you have LOSS OF CONTROL OF URINE (LEAKAGE)?"),
    Item("leakage.interference", "How much did LOSS OF CONTROL OF URINE (LEAKAGE) INTERFERE with "
         "your usual or daily activities?"),
    Item("pain.frequency", "How OFTEN did you have PAIN?"),
    Item("pain.severity", "What was the SEVERITY of your PAIN at its WORST?"),
    Item("pain.interference", "How much did PAIN INTERFERE with your usual or daily activities?"),
)
BY_KEY = {item.key: item for item in ITEMS}

# Each symptom term, with the words the journal shows for it (taken from NCI's stems).
TERMS: dict[str, str] = {
    "numbness": "Numbness or tingling",
    "constipation": "Constipation",
    "dizziness": "Dizziness",
    "urgency": "Sudden urges to urinate",
    "leakage": "Loss of control of urine (leakage)",
    # The weekly item asks about PAIN of any kind, not the daily "shooting or stabbing" one.
    "pain": "Pain (any kind)",
}


def term_items(term: str) -> tuple[Item, ...]:
    return tuple(item for item in ITEMS if item.term == term)


def first_item(term: str) -> Item:
    """The item the skip rule reads: the term's frequency item, else its severity item."""
    return term_items(term)[0]


# --- extent ---------------------------------------------------------------------------------
LIMBS = ("hands", "feet")
EXTENT_KEYS = tuple(f"extent.{limb}" for limb in LIMBS)
# Levels 0-4: none; fingers or toes; up to the wrist or ankle; up to the elbow or knee; above.
EXTENT_LEVELS: dict[str, tuple[str, ...]] = {
    "hands": ("none", "fingers", "wrist", "elbow", "above the elbow"),
    "feet": ("none", "toes", "ankle", "knee", "above the knee"),
}
# The words each limb accepts: its own levels' words and `above` alone (issue 24: a word of the
# other limb, `feet=wrist`, is refused, not read as the same level of this one).
EXTENT_WORDS: dict[str, dict[str, int]] = {
    limb: {**{word: level for level, word in enumerate(words)}, "above": len(words) - 1}
    for limb, words in EXTENT_LEVELS.items()
}
EXTENT_HELP = ("0-4 or none, fingers, toes, wrist, ankle, elbow, knee, above "
               "(0 none, 1 fingers/toes, 2 up to the wrist/ankle, 3 up to the elbow/knee, "
               "4 above the elbow/knee)")
ALL_KEYS = tuple(item.key for item in ITEMS) + EXTENT_KEYS


def extent_word(limb: str, level: int) -> str:
    return EXTENT_LEVELS[limb][level]


def extent_help(limb: str) -> str:
    """'0-4 or none, toes, ankle, knee, above the knee (0 none, ..., 4 above the knee)'."""
    words = EXTENT_LEVELS[limb]
    levels = ", ".join(f"{level} {word}" for level, word in enumerate(words))
    return f"0-4 or {', '.join(words)} ({levels})"


def parse_extent(limb: str, text: str, *, shown: str) -> int:
    """How far up `limb` numbness reaches, by number (0-4) or by this limb's words; a word of
    the other limb is BadInput naming this limb's word for the same level. `shown` is how
    the value was given (`extent.feet='wrist'`, `--extent feet='wrist'`)."""
    wanted = _normal(text)
    if wanted in ("0", "1", "2", "3", "4"):
        return int(wanted)
    if wanted in EXTENT_WORDS[limb]:
        return EXTENT_WORDS[limb][wanted]
    other = next(o for o in LIMBS if o != limb)
    if wanted in EXTENT_WORDS[other]:
        level = EXTENT_WORDS[other][wanted]
        raise BadInput(f"{shown} is a word for the {other}: for the {limb} say "
                       f"{EXTENT_LEVELS[limb][level]!r} (level {level}); the {limb} take "
                       f"{extent_help(limb)}.")
    raise BadInput(f"{shown} is not an extent for the {limb}: give {extent_help(limb)}.")


# --- answers --------------------------------------------------------------------------------
def _normal(text: str) -> str:
    return " ".join(text.strip().lower().split())


def scale_help(attribute: str) -> str:
    words = [f"{number} {word}" for number, word in enumerate(SCALES[attribute])]
    return ", ".join(words[:-1]) + f" or {words[-1]} (the number or the words)"


def parse_answer(key: str, text: str) -> int:
    """An answer to an item or an extent question, by number (0-4) or by its words
    (case-insensitive); BadInput names the value and what is accepted."""
    wanted = _normal(text)
    if wanted in ("0", "1", "2", "3", "4"):
        return int(wanted)
    if key in EXTENT_KEYS:
        return parse_extent(key.split(".")[1], text, shown=f"{key}={text!r}")
    item = BY_KEY[key]
    for number, word in enumerate(item.scale):
        if wanted == word.lower():
            return number
    raise BadInput(f"{key}={text!r} is not an answer on the {item.attribute} scale: give "
                   f"{scale_help(item.attribute)}.")


def resolve_key(name: str) -> str:
    """The item or extent key for a name typed by the user, or BadInput with a did-you-mean."""
    wanted = _normal(name)
    if wanted in ALL_KEYS:
        return wanted

    close = closest(wanted, ALL_KEYS)
    hint = f" Did you mean {close}?" if close else ""
    raise BadInput(f"Unknown weekly question {name!r}.{hint} Known keys: {', '.join(ALL_KEYS)}.")


def parse_assignments(items: list[str]) -> dict[str, int]:
    """`KEY=ANSWER` arguments as {key: 0-4}, checked against each other: a key given twice,
    or an answer the skip rule rules out, is BadInput."""
    answers: dict[str, int] = {}
    given: dict[str, str] = {}
    for raw in items:
        name, sep, value = raw.partition("=")
        if not sep:
            raise BadInput(f"{raw!r} has no answer: write KEY=ANSWER, e.g. numbness.severity=2 "
                           "or extent.feet=ankle.")
        key = resolve_key(name)
        if key in answers:
            raise BadInput(f"{key} is given twice ({given[key]!r} and {raw!r}): give it once.")
        given[key] = raw
        answers[key] = parse_answer(key, value)
    check_skip_rule(answers)
    return answers


def skipped_by(answers: dict[str, int], key: str) -> str | None:
    """The key of the answer that makes `key` skipped under NCI's rule (the term's first item
    answered 0; for extent, numbness severity 0), or None."""
    if key in EXTENT_KEYS:
        return "numbness.severity" if answers.get("numbness.severity") == 0 else None
    item = BY_KEY[key]
    first = first_item(item.term)
    if first.key != key and answers.get(first.key) == 0:
        return first.key
    return None


def check_skip_rule(answers: dict[str, int]) -> None:
    """An item above 0 whose symptom's first item is 0 contradicts the skip rule."""
    for key, value in answers.items():
        cause = skipped_by(answers, key)
        if cause and value:
            raise BadInput(
                f"{key}={value} contradicts {cause}=0: when the first question of a symptom is "
                "answered 0, its other questions are skipped and scored 0. Change one of them."
            )


def apply_skip_rule(answers: dict[str, int]) -> tuple[dict[str, int], list[str]]:
    """The answers with every item the skip rule skips scored 0, and the keys so filled."""
    scored = dict(answers)
    filled = []
    for key in ALL_KEYS:
        if key not in scored and skipped_by(scored, key):
            scored[key] = 0
            filled.append(key)
    return scored, filled


# --- composite grade --------------------------------------------------------------------------
# Basch et al., Clin Trials 2021;18:104: the table lives in domain/proctcae_composite.py, named
# by clinical.py (every clinical number once).


def composite(values: dict[str, int]) -> int:
    """The composite grade 0-3 for one symptom's attribute scores ({attribute: 0-4}, one to
    three of frequency, severity, interference)."""
    present = tuple(a for a in ATTRIBUTE_ORDER if a in values)
    if not present or set(values) - set(ATTRIBUTE_ORDER):
        raise ValueError(f"no composite table for {sorted(values)}")
    for attribute in present:
        if values[attribute] not in range(len(SCALES[attribute])):
            raise ValueError(f"{attribute} {values[attribute]!r} is not 0-4")
    first = values[present[0]]
    if present in COMPOSITE_SINGLE:
        return COMPOSITE_SINGLE[present][first]
    if first == 0:
        return 0
    if present in COMPOSITE_PAIRS:
        return COMPOSITE_PAIRS[present][first - 1][values[present[-1]]]
    return COMPOSITE_TRIPLE[first - 1][values["severity"]][values["interference"]]


def term_composite(term: str, scored: dict[str, int]) -> int | None:
    """A term's composite grade from scored answers (skip rule applied), or None while any of
    its items is unanswered: as NCI's scoring, a grade only from complete items."""
    items = term_items(term)
    if any(item.key not in scored for item in items):
        return None
    return composite({item.attribute: scored[item.key] for item in items})


def composites(scored: dict[str, int]) -> dict[str, int | None]:
    """Every term's composite grade (None when incomplete), in the order the terms are asked."""
    return {term: term_composite(term, scored) for term in TERMS}


def parse_extent_options(values: list[str]) -> dict[str, int]:
    """`--extent LIMB=LEVEL` values (`feet=ankle`, `hands=1`) as {limb: 0-4}."""
    extent: dict[str, int] = {}
    for raw in values:
        limb, sep, level = raw.partition("=")
        limb = _normal(limb)
        if not sep or limb not in LIMBS:
            raise BadInput(f"--extent {raw!r} is not LIMB=LEVEL: write hands=LEVEL or "
                           f"feet=LEVEL, e.g. --extent feet=ankle (LEVEL: {EXTENT_HELP}).")
        if limb in extent:
            raise BadInput(f"--extent gives {limb} twice: give each of hands and feet once.")
        extent[limb] = parse_extent(limb, level, shown=f"--extent {limb}={level!r}")
    return extent


def extent_runs(days: dict[date, dict]) -> dict[str, tuple[int, int | None, date]]:
    """For each limb with an extent: its latest level, the level before it (None: no other)
    and the first day of the latest level's run, from {day: {limb: level}} holding both the
    weekly answers and the extents logged with `cipn log --extent` (issue 23 item 12: the
    day a level was first recorded, either way)."""
    found = {}
    for limb in LIMBS:
        series = [(day, days[day][limb]) for day in sorted(days)
                  if days[day].get(limb) is not None]
        if not series:
            continue
        level, since, before = series[-1][1], series[-1][0], None
        for day, value in reversed(series[:-1]):
            if value != level:
                before = value
                break
            since = day
        found[limb] = (level, before, since)
    return found
