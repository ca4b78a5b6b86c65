"""The symptom catalog: built-in symptoms, their aliases and plain-language questions, and the
parsing of `SYMPTOM=SEVERITY` arguments. Pure: custom symptoms are passed in by the caller.
"""

import re

from cipn_journal.domain.clinical import SCALE_MAX, SEVERITY_HELP
from cipn_journal.domain.spelling import closest
from cipn_journal.errors import BadInput

WHERE = ("hands", "feet", "both")  # where a symptom was felt (`log --where`)
# `--where` says where in the limbs a symptom is felt: it means nothing for constipation or
# difficulty urinating (autonomic symptoms), so it is never stored on them. Custom symptoms
# keep it: the person who added one knows where it is felt.
NOT_IN_LIMBS = ("bowel", "bladder")
REPORTERS = ("patient", "caregiver")  # who reported a day (`log --by`)
# The limits a day can have, as stored (clinical.LIMITS), spelled as `--limits` takes them.
LIMITS_TYPED = {"none": "none", "everyday": "everyday", "selfcare": "self-care"}
MAX_FALLS = 99  # falls in a day: a count a person gives, never more than two digits


class Symptom:
    """A symptom the journal can log. `name` is the short name used in sentences ("Numbness is
    new today"); the label when empty."""

    __slots__ = ("key", "label", "question", "aliases", "builtin", "name")

    def __init__(self, key: str, label: str, question: str, aliases: tuple[str, ...] = (),
                 builtin: bool = True, name: str = ""):
        self.key = key
        self.label = label
        self.question = question
        self.aliases = aliases
        self.builtin = builtin
        self.name = name

    def __repr__(self) -> str:
        return f"Symptom({self.key!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Symptom) and all(
            getattr(self, slot) == getattr(other, slot) for slot in self.__slots__)

    __hash__ = None  # type: ignore[assignment]

    @property
    def short(self) -> str:
        return self.name or self.label


# The clinical order, used everywhere a list of symptoms is shown: sensory symptoms, then
# function (balance, grip, walking, weakness), then autonomic (bowel, bladder).
BUILTIN: tuple[Symptom, ...] = (
    Symptom("numbness", "Numbness, loss of feeling",
            "Numbness or loss of feeling in your hands or feet", ("numb",),
            name="Numbness"),
    Symptom("tingling", "Tingling, pins and needles",
            "Tingling or pins and needles", ("pins", "needles"),
            name="Tingling"),
    Symptom("burning", "Burning",
            "Burning feeling in your hands or feet",
            name="Burning"),
    Symptom("pain", "Shooting or stabbing pain",
            "Shooting or stabbing pain", ("shooting", "stabbing"),
            name="Shooting or stabbing pain"),
    Symptom("cold", "Cold-triggered tingling or pain",
            "Tingling or pain set off by cold (cold drinks, cold air, the fridge)",
            name="Cold-triggered tingling or pain"),
    Symptom("balance", "Unsteady, balance problems",
            "Feeling unsteady, trouble keeping your balance", ("unsteady",),
            name="Unsteadiness"),
    Symptom("grip", "Dropping things, trouble with buttons, jars, pens",
            "Dropping things, trouble with buttons, jars or pens", ("dropping", "hands"),
            name="Trouble using the hands"),  # said of the patient to the team too
    Symptom("walking", "Tripping, trouble walking or with stairs",
            "Tripping, trouble walking or with stairs", ("tripping",),
            name="Trouble walking"),
    # Issue 22 rule 11: new weakness is a red flag (domain/red_flags.py), not a CIPN grade
    # symptom. Motor, felt in the limbs: `--where` applies.
    Symptom("weakness", "Weak legs or arms, legs giving way",
            "Weak legs or arms, or legs giving way", ("weak",),
            name="Weakness in the legs or arms"),
    Symptom("bowel", "Constipation",
            "Constipation", ("constipation",),
            name="Constipation"),
    Symptom("bladder", "Difficulty urinating",
            "Difficulty urinating", ("urination", "urinating"),
            name="Difficulty urinating"),
)
BUILTIN_KEYS = tuple(symptom.key for symptom in BUILTIN)
KEY_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")


def felt_in_limbs(key: str) -> bool:
    """Whether `log --where` (hands, feet, both) applies to this symptom."""
    return key not in NOT_IN_LIMBS


# The terminal's rows name a symptom by what one types; `bowel` reads as its accepted name
# "constipation" (issue 23 item 10: it must not read as diarrhoea).
TYPED_NAMES = {"bowel": "constipation"}


def typed_name(key: str) -> str:
    """The name a terminal row gives a symptom: its key, or an accepted name that says what it
    is (`cipn log constipation=3` works too)."""
    return TYPED_NAMES.get(key, key)


def short_name(key: str) -> str:
    """The name a sentence uses for a built-in symptom ("Constipation" for bowel); other keys
    as they are."""
    return next((symptom.short for symptom in BUILTIN if symptom.key == key), key)


def catalog(custom: list[Symptom] | tuple[Symptom, ...] = ()) -> tuple[Symptom, ...]:
    """Built-in symptoms in clinical order, then custom ones in the order they were added."""
    return BUILTIN + tuple(custom)


def name_index(symptoms: tuple[Symptom, ...]) -> dict[str, str]:
    """Every accepted name (key or alias, lower case) mapped to its key."""
    index: dict[str, str] = {}
    for symptom in symptoms:
        index[symptom.key] = symptom.key
        for alias in symptom.aliases:
            index[alias] = symptom.key
    return index


def resolve(name: str, symptoms: tuple[Symptom, ...]) -> str:
    """The key for a symptom name or alias (case-insensitive), or BadInput with a suggestion."""
    index = name_index(symptoms)
    wanted = name.strip().lower()
    if wanted in index:
        return index[wanted]
    close = closest(wanted, index)
    hint = f" Did you mean {index[close]}?" if close else ""
    raise BadInput(
        f"Unknown symptom {name!r}.{hint} Known symptoms: {', '.join(s.key for s in symptoms)} "
        f"(`cipn symptoms` lists them). To track a symptom of your own, add it first: "
        f"{_add_command(wanted)}."
    )


def _add_command(wanted: str) -> str:
    """`cipn symptoms add` for a name a person typed: with it as the key when it can be one."""
    if KEY_PATTERN.fullmatch(wanted):
        return f'cipn symptoms add {wanted} --label "{wanted.replace("-", " ").capitalize()}"'
    return 'cipn symptoms add KEY --label "what you feel"'


def close_builtin(key: str) -> Symptom | None:
    """The built-in symptom a new key is close to ('tingle': tingling), by its key or an
    alias (domain/spelling.py); None when none is."""
    index = name_index(BUILTIN)
    close = closest(key, index)
    return next(s for s in BUILTIN if s.key == index[close]) if close else None


def parse_severity(text: str, *, symptom: str) -> int:
    value = text.strip()
    if not re.fullmatch(r"[0-9]{1,2}", value) or int(value) > SCALE_MAX:  # ASCII digits only
        raise BadInput(f"Severity {text!r} for {symptom} is not {SEVERITY_HELP}.")
    return int(value)


def parse_falls(text: str, *, given_as: str = "--falls") -> int:
    """A number of falls in a day, 0 to MAX_FALLS in ASCII digits; BadInput naming how it was
    given (`--falls 'x'`, or a check-in's answer)."""
    value = text.strip()
    if not re.fullmatch(r"[0-9]{1,2}", value) or int(value) > MAX_FALLS:
        raise BadInput(f"{given_as} {text!r} is not a number of falls from 0 to {MAX_FALLS}.")
    return int(value)


def parse_assignments(items: list[str], symptoms: tuple[Symptom, ...]) -> list[tuple[str, int]]:
    """Parse `SYMPTOM=SEVERITY` arguments into (key, severity) pairs, in the order given."""
    parsed: list[tuple[str, int]] = []
    seen: dict[str, str] = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep:
            raise BadInput(
                f"{item!r} has no severity: write SYMPTOM=SEVERITY, e.g. numbness=3 "
                f"(severity is {SEVERITY_HELP})."
            )
        key = resolve(name, symptoms)
        if key in seen:
            raise BadInput(
                f"{key} is given twice ({seen[key]!r} and {item!r}): give each symptom once."
            )
        seen[key] = item
        parsed.append((key, parse_severity(value, symptom=key)))
    return parsed


def check_new_key(key: str, symptoms: tuple[Symptom, ...]) -> str:
    """Validate a custom symptom key: lowercase letters, digits, dashes; no clash."""
    if not KEY_PATTERN.fullmatch(key):
        raise BadInput(
            f"Symptom key {key!r} is not valid: use lowercase letters, digits and dashes, "
            "starting with a letter or digit, at most 40 characters (e.g. cramps)."
        )
    index = name_index(symptoms)
    if key in index:
        raise BadInput(
            f"Symptom key {key!r} is already taken"
            + ("" if index[key] == key else f" (it means {index[key]})")
            + ": choose another key."
        )
    return key

