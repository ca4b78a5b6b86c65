"""`cipn meds add|stop|list`: the supplements and medicines a person takes (recorded, never
recommended).
"""

from typing import Annotated

import typer

from cipn_journal.commands import app, open_journal, today
from cipn_journal.commands.log import NOTE_SHORT, note_given
from cipn_journal.commands.meds_effect import meds_effect
from cipn_journal.commands.options import (
    MAX_NAME,
    MAX_TEXT,
    day_words,
    dump,
    past_day,
    show,
    user_text,
)
from cipn_journal.domain import meds as rules
from cipn_journal.domain.dates import WHEN_HELP
from cipn_journal.errors import BadInput
from cipn_journal.output import err, safe
from cipn_journal.render import treatment as render
from cipn_journal.store.meds import add_med, list_meds, stop_med

meds_app = typer.Typer(help="Supplements and medicines you take.\n\n"
                       "Example: cipn meds add glutamine --start 2026-09-01",
                       no_args_is_help=True)
app.add_typer(meds_app, name="meds")


@meds_app.command("add")
def meds_add(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(metavar="NAME", help="What you take, e.g. duloxetine.")],
    kind: Annotated[str | None, typer.Option(
        "--kind", metavar="supplement|medicine",
        help="Default: supplement for common supplements, else medicine.")] = None,
    start: Annotated[str | None, typer.Option(
        "--start", metavar="WHEN", help=f"First day taken (default: today; {WHEN_HELP}).")]
    = None,
    note: Annotated[str | None, typer.Option("--note", NOTE_SHORT, metavar="TEXT",
                                             help="A note, e.g. who prescribed it.")] = None,
    old_note: Annotated[str | None, typer.Option("-n", hidden=True)] = None,
) -> None:
    """Record a supplement or medicine you take (the journal never recommends any).

    Example: cipn meds add glutamine --start 2026-09-01
    """
    note = note_given(note, old_note)
    now = today()
    label = user_text(name, "NAME", limit=MAX_NAME, example="duloxetine")
    chosen = rules.default_kind(label)
    if kind is not None:
        chosen = kind.strip().casefold()
        if chosen not in rules.KINDS:
            raise BadInput(f"--kind {kind!r} is not one of: {', '.join(rules.KINDS)}.")
    first = past_day(start, now=now, what="a start day") if start is not None else now
    text = user_text(note, "--note", limit=MAX_TEXT, example="--note 'from Dr Rivera'")
    with open_journal(ctx, create=True) as store:
        add_med(store, name=label, kind=chosen, start=first, note=text)
    since = (day_words(first, now) if start is not None
             else f"today ({first:%a} {first.day} {first:%b %Y}; --start gives an earlier day)")
    err(f"Added {safe(label, one_line=True)} ({chosen}), taken since {since}.")
    for notice in rules.notices(label, chosen):
        err(notice)


@meds_app.command("stop")
def meds_stop(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(metavar="NAME", help="Name as listed by cipn meds list.")],
    when: Annotated[str, typer.Option("--date", "-d", metavar="WHEN",
                                      help=f"Last day taken ({WHEN_HELP}).")] = "today",
) -> None:
    """Record that you stopped a supplement or medicine (it stays in the list as past).

    Example: cipn meds stop glutamine --date yesterday
    """
    now = today()
    label = user_text(name, "NAME", limit=MAX_NAME, example="glutamine")
    day = past_day(when, now=now, what="stopping a supplement or medicine")
    with open_journal(ctx, create=False) as store:
        if store is None:
            raise BadInput(f"{label!r} is not a current supplement or medicine: nothing is "
                           "recorded yet.")
        stopped = stop_med(store, name=label, day=day)
    err(f"Stopped {safe(stopped['name'], one_line=True)} on {day_words(day, now)} "
        f"(taken since {stopped['start'] or 'a day not given'}).")


@meds_app.command("list")
def meds_list(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="JSON for scripts.")] = False,
) -> None:
    """List supplements and medicines, current and past.

    Example: cipn meds list --json
    """
    with open_journal(ctx, create=False) as store:
        found = list_meds(store)
    if as_json:
        dump(found)
        return
    if not found:
        err(render.NO_MEDS)
        return
    show(lambda: render.meds_table(found), lambda: render.meds_plain(found))


meds_app.command("effect")(meds_effect)  # issue 26, in its own module
