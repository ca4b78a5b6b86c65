"""The printed page size of the visit document (html and pdf): `--paper a4|letter`, else the
locale's territory. POSIX order: LC_ALL, then LC_PAPER, then LANG (e.g. en_US.UTF-8); Letter
for the territories that print on it (glibc's LC_PAPER data), A4 everywhere else and when no
locale is set (C, POSIX).
"""

from collections.abc import Mapping

from cipn_journal.errors import BadInput

# Width and height in PostScript points (1/72 inch): ISO 216 A4 is 210 x 297 mm, US Letter
# 8.5 x 11 inches.
PAPERS: dict[str, tuple[float, float]] = {
    "a4": (210 / 25.4 * 72, 297 / 25.4 * 72),
    "letter": (8.5 * 72, 11 * 72),
}
CSS_SIZE = {"a4": "A4", "letter": "letter"}
LETTER_TERRITORIES = frozenset({"US", "CA", "MX", "PR", "PH", "CL", "CO", "CR", "GT", "NI",
                                "PA", "SV", "VE"})


def locale_paper(environ: Mapping[str, str]) -> str:
    """a4 or letter from the first locale variable set (LC_ALL, LC_PAPER, LANG)."""
    name = next((environ[var] for var in ("LC_ALL", "LC_PAPER", "LANG") if environ.get(var)),
                "")
    territory = name.split(".")[0].split("@")[0].partition("_")[2].upper()
    return "letter" if territory in LETTER_TERRITORIES else "a4"


def chosen_paper(option: str | None, environ: Mapping[str, str]) -> str:
    """`--paper` when given (a4 or letter, any case), else the locale's paper."""
    if option is None:
        return locale_paper(environ)
    wanted = option.strip().lower()
    if wanted not in PAPERS:
        raise BadInput(f"--paper {option!r} is not one of: {', '.join(PAPERS)}.")
    return wanted
