"""`cipn meds effect NAME` (issue 26): the before-and-after of a supplement or medicine, with what
else changed meanwhile. Registered on the `meds` group in commands/treatment.py; thin: check the
options, open the journal, call reports/med_effect.py, render (render/med_effect.py).
"""

from typing import Annotated

import typer

from cipn_journal.commands import open_journal, today
from cipn_journal.domain.clinical import EFFECT_WINDOW_DAYS
from cipn_journal.errors import BadInput
from cipn_journal.output import json_text, out, print_rich, use_rich
from cipn_journal.render import med_effect as render
from cipn_journal.reports import med_effect as report

MAX_AFTER_FROM = 3650  # ten years: a larger number is a typo


def after_from_days(text: str | None) -> int:
    """--after-from N: a whole number of days from 0 to MAX_AFTER_FROM."""
    if text is None:
        return 0
    cleaned = text.strip()
    if not (cleaned.isascii() and cleaned.isdigit()) or int(cleaned) > MAX_AFTER_FROM:
        raise BadInput(f"--after-from {text[:40]!r} is not a number of days: give a whole "
                       f"number from 0 to {MAX_AFTER_FROM}, e.g. --after-from 14.")
    return int(cleaned)


def meds_effect(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(metavar="NAME",
                                        help="Name as listed by cipn meds list (or an alias).")],
    after_from: Annotated[str | None, typer.Option(
        "--after-from", metavar="N",
        help="Start the after window at least N days after the start, e.g. 14.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="JSON for scripts.")] = False,
) -> None:
    days = after_from_days(after_from)
    if not name.strip():
        raise BadInput("NAME is empty: give a name as listed by cipn meds list, e.g. glutamine.")
    with open_journal(ctx, create=False) as store:
        effect = report.build(store, name.strip(), today=today(), after_from=days)
    if as_json:
        out(json_text(effect.as_json()))
    elif use_rich():
        print_rich(render.rich(effect))
    else:
        out(render.plain(effect))


meds_effect.__doc__ = (  # the window's length from clinical.py
    f"Symptoms in the {EFFECT_WINDOW_DAYS} days before a supplement or medicine and the last "
    f"{EFFECT_WINDOW_DAYS} days on it.\n\n"
    "Shows what else changed meanwhile (infusions, other medicines); it cannot show a cause.\n\n"
    "Example: cipn meds effect duloxetine --after-from 14")
