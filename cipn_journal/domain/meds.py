"""Supplements and medicines as pure data: which names are common supplements (so `meds add`
knows the kind), acetyl-L-carnitine under any spelling, and the reminder and caution texts
(ASCO guideline 2020, Loprinzi, JCO 38:3325). The journal records what a person takes; it never
recommends a product or a dose.
"""

import re

KINDS = ("supplement", "medicine")

# Common supplements people take during chemotherapy, with the names they are sold under.
# Being on this list says nothing about whether a supplement helps: it only sets the kind.
SUPPLEMENTS: dict[str, tuple[str, ...]] = {
    "glutamine": ("glutamine", "l-glutamine"),
    "vitamin E": ("vitamin e", "tocopherol", "alpha-tocopherol"),
    "vitamin B6": ("vitamin b6", "vitamin b 6", "b6", "pyridoxine"),
    "vitamin B12": ("vitamin b12", "vitamin b 12", "b12", "cobalamin", "methylcobalamin",
                    "cyanocobalamin"),
    "vitamin B complex": ("vitamin b complex", "b complex", "b-complex"),
    "vitamin D": ("vitamin d", "vitamin d3", "cholecalciferol"),
    "vitamin C": ("vitamin c", "ascorbic acid"),
    "multivitamin": ("multivitamin", "multi-vitamin"),
    "omega-3": ("omega-3", "omega 3", "fish oil", "cod liver oil", "krill oil"),
    "acetyl-L-carnitine": (),  # matched by is_acetyl_l_carnitine
    "L-carnitine": ("l-carnitine", "carnitine"),
    "alpha-lipoic acid": ("alpha-lipoic acid", "alpha lipoic acid", "lipoic acid", "ala"),
    "magnesium": ("magnesium",),
    "calcium": ("calcium",),
    "zinc": ("zinc",),
    "curcumin": ("curcumin", "turmeric"),
    "goshajinkigan": ("goshajinkigan", "gosha-jinki-gan"),
    "ginger": ("ginger",),
    "ginkgo": ("ginkgo", "ginkgo biloba"),
    "St John's wort": ("st john's wort", "st johns wort", "saint john's wort", "hypericum"),
    "green tea extract": ("green tea extract", "egcg"),
    "melatonin": ("melatonin",),
    "probiotic": ("probiotic", "probiotics"),
    "cannabidiol": ("cannabidiol", "cbd"),
    "coenzyme Q10": ("coenzyme q10", "coq10", "ubiquinol"),
    "N-acetylcysteine": ("n-acetylcysteine", "n-acetyl cysteine", "nac"),
}

SUPPLEMENT_REMINDER = (
    "Check supplements with your care team: some can interact with cancer treatment."
)
ALC_CAUTION = (
    "Caution: a major guideline (ASCO 2020) advises against acetyl-L-carnitine for preventing "
    "neuropathy, and a trial found it made neuropathy worse. Talk to your care team about it."
)


def _words(text: str) -> str:
    """Lower case words separated by single spaces, padded: ' vitamin b12 1000 '."""
    return " " + " ".join(re.sub(r"[^0-9a-z']+", " ", text.casefold()).split()) + " "


def _compact(text: str) -> str:
    return re.sub(r"[^0-9a-z]", "", text.casefold())


_ALC_WORDS = (" alc ", " alcar ")
_ALC_COMPACT = ("acetyllcarnitine", "acetylcarnitine", "lacetylcarnitine",
                "acetyllevocarnitine")


def is_acetyl_l_carnitine(name: str) -> bool:
    """ALC, ALCAR, acetyl-L-carnitine, acetyl l carnitine, acetylcarnitine, ... (any case)."""
    words = _words(name)
    if any(word in words for word in _ALC_WORDS):
        return True
    compact = _compact(name)
    return any(form in compact for form in _ALC_COMPACT)


# Medicines whose names start like a supplement's ("calcium folinate" is leucovorin).
_NOT_SUPPLEMENTS = ("folinate", "leucovorin")


def supplement_name(name: str) -> str | None:
    """The supplement a name refers to ('Fish oil 1000mg' -> 'omega-3'), or None."""
    if is_acetyl_l_carnitine(name):
        return "acetyl-L-carnitine"
    words, compact = _words(name), _compact(name)
    if any(word in compact for word in _NOT_SUPPLEMENTS):
        return None
    for canonical, aliases in SUPPLEMENTS.items():
        for alias in aliases:
            if _words(alias) in words or _compact(alias) == compact:
                return canonical
    return None


def default_kind(name: str) -> str:
    """'supplement' for a name on the built-in list, else 'medicine'."""
    return "supplement" if supplement_name(name) else "medicine"


def notices(name: str, kind: str) -> list[str]:
    """What `meds add` says about an entry, besides the confirmation: the ALC caution and, for a
    supplement, the reminder to check it with the care team."""
    said = []
    if is_acetyl_l_carnitine(name):
        said.append(ALC_CAUTION)
    if kind == "supplement":
        said.append(SUPPLEMENT_REMINDER)
    return said


def name_key(name: str) -> str:
    """What identifies a med: its supplement's canonical name for a known supplement under any
    alias (ALCAR, 'acetyl l carnitine'), else its letters and digits in lower case
    ('vitamin-b12' and 'Vitamin B 12' are one)."""
    canonical = supplement_name(name)
    return canonical.casefold() if canonical else _compact(name) or name.casefold()


def same_name(a: str, b: str) -> bool:
    """Two med names are the same one regardless of case, spacing and the known aliases."""
    return name_key(a) == name_key(b)
