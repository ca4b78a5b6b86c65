"""The one typo matcher: which known name a word someone typed is likely a misspelling of (a
symptom, a weekly question's key, a drug). difflib aligns the two words; the edits are what the
alignment leaves unmatched."""

import difflib
from collections.abc import Iterable

TYPO_EDITS = 2  # a word of six letters or more this many edits from a name is a misspelling of it
SHORT = 5  # a word of this many letters or fewer is allowed one edit only
STEM = 5  # a word sharing this many first letters with a name, all but its last: the same word


def edits(typed: str, name: str) -> int:
    """Characters inserted, deleted or replaced to turn `typed` into `name`, as difflib aligns
    them; two neighbours swapped ('pian', 'pain') count one."""
    differ = [i for i, (x, y) in enumerate(zip(typed, name, strict=False)) if x != y]
    if (len(typed) == len(name) and len(differ) == 2 and differ[1] == differ[0] + 1
            and typed[differ[0]] == name[differ[1]] and typed[differ[1]] == name[differ[0]]):
        return 1
    matcher = difflib.SequenceMatcher(None, typed, name, autojunk=False)
    return sum(max(i2 - i1, j2 - j1)
               for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal")


def _same_stem(typed: str, name: str) -> bool:
    """'tingle' and 'tingling', 'carbo' and 'carboplatin': one begins with the other, but for
    the shorter one's last letter, over at least STEM letters."""
    shorter = min(len(typed), len(name))
    common = len(_common_start(typed, name))
    return common >= max(STEM, shorter - 1)


def _common_start(a: str, b: str) -> str:
    count = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        count += 1
    return a[:count]


def closest(typed: str, names: Iterable[str]) -> str | None:
    """The name `typed` is likely a misspelling of: within one edit for a word of SHORT letters
    or fewer, TYPO_EDITS for a longer one, or of the same stem; the nearest (the first of
    equals). None when `typed` is itself a name or none is that close."""
    candidates = list(dict.fromkeys(names))
    if not typed or typed in candidates:
        return None
    allowed = 1 if len(typed) <= SHORT else TYPO_EDITS
    best: tuple[int, str] | None = None
    for name in candidates:
        distance = edits(typed, name)
        if distance <= allowed or _same_stem(typed, name):
            if best is None or distance < best[0]:
                best = (distance, name)
    return best[1] if best else None
