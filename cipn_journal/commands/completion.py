"""Shell completion of what the commands take (`cipn --install-completion`): symptom keys as
SYMPTOM=, weekly keys as KEY=, drug names, and the values of options with a fixed set (--where,
--limits, --by). Each function runs only when the shell asks; the `log` path only defines them.
"""

import typer

from cipn_journal.commands import Settings, open_journal, settings
from cipn_journal.domain.symptoms import BUILTIN_KEYS, LIMITS_TYPED, REPORTERS, WHERE
from cipn_journal.errors import JournalError
from cipn_journal.store.journal import symptoms_of


def _starting(incomplete: str, values) -> list[str]:
    typed = incomplete.casefold()
    return [value for value in dict.fromkeys(values) if value.casefold().startswith(typed)]


def where(incomplete: str) -> list[str]:
    return _starting(incomplete, WHERE)


def limits(incomplete: str) -> list[str]:
    return _starting(incomplete, LIMITS_TYPED.values())


def reporters(incomplete: str) -> list[str]:
    return _starting(incomplete, REPORTERS)


def routes(incomplete: str) -> list[str]:
    # Lazy (tests/test_imports.py): `log` imports this module; the drug tables pull in decimal
    # and fractions, which only the treatment commands need.
    from cipn_journal.domain.treatment import ROUTES

    return _starting(incomplete, ROUTES)


def _symptom_keys(ctx: typer.Context) -> list[str]:
    """The journal's symptom keys (custom ones too), or the built-in ones when it cannot be
    read; the journal is opened read-only and never created."""
    root = ctx.find_root()
    if root.obj is None:  # completing: the global options' callback has not run
        root.obj = Settings(db=root.params.get("db"), debug=False)
    if not settings(ctx).path.is_file():
        return list(BUILTIN_KEYS)
    try:
        with open_journal(ctx, create=False, missing_ok=True) as store:
            return [symptom.key for symptom in symptoms_of(store)]
    except JournalError:
        return list(BUILTIN_KEYS)


def symptom(ctx: typer.Context, incomplete: str) -> list[str]:
    return _starting(incomplete, _symptom_keys(ctx))


def symptom_items(ctx: typer.Context, incomplete: str) -> list[str]:
    """`log numb<Tab>` -> numbness= (a severity follows)."""
    if "=" in incomplete:
        return []
    return [f"{key}=" for key in _starting(incomplete, _symptom_keys(ctx))]


def weekly_items(incomplete: str) -> list[str]:
    """`weekly numbness.s<Tab>` -> numbness.severity=; after `extent.feet=`, the levels."""
    from cipn_journal.domain import proctcae  # lazy: `log` defines its completions daily
    key, sep, answer = incomplete.partition("=")
    if not sep:
        return [f"{k}=" for k in _starting(incomplete, proctcae.ALL_KEYS)]
    limb = key.removeprefix("extent.")
    if key.startswith("extent.") and limb in proctcae.EXTENT_LEVELS:
        return [f"{key}={word}" for word in _starting(answer, proctcae.EXTENT_LEVELS[limb])
                if " " not in word]
    return []


def drugs(incomplete: str) -> list[str]:
    """`treatment add oxa<Tab>` -> oxaliplatin: generic names, brands and short names."""
    from cipn_journal.domain.treatment import ABBREVIATIONS, DRUGS  # lazy, as in routes()

    names = [name for drug in DRUGS for name in (drug.generic, *drug.brands, *drug.also)]
    return _starting(incomplete, [*names, *ABBREVIATIONS, *ABBREVIATIONS.values()])
