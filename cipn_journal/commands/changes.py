"""`cipn changes`: the recent changes to the journal, newest first, each with the id, the
local time, the command and what it did, so that a person sees what `cipn undo` would revert
before running it; and `cipn undo`, which reverts the newest change not undone."""

import sys
from datetime import datetime
from typing import Annotated

import typer

from cipn_journal import output
from cipn_journal.commands import app, open_journal, whole_number
from cipn_journal.commands.log import fitted
from cipn_journal.output import err, out, safe
from cipn_journal.store.changes import next_to_undo, recent_changes

DEFAULT_COUNT = 10


def when_local(recorded_at: str) -> str:
    """A stored UTC time as the local time a person saw: 'Wed 25 Nov 2026 14:03'."""
    when = datetime.fromisoformat(recorded_at).astimezone()
    return f"{when:%a} {when.day} {when:%b %Y %H:%M}"


@app.command()
def changes(
    ctx: typer.Context,
    count: Annotated[int, typer.Option("--count", "-n", parser=whole_number(1, 10_000),
                                       metavar="N",
                                       help=f"How many (default {DEFAULT_COUNT}).")]
    = DEFAULT_COUNT,
    as_json: Annotated[bool, typer.Option("--json", help="JSON for scripts.")] = False,
) -> None:
    """List the recent changes, newest first (`cipn undo` reverts the newest not undone).

    Example: cipn changes -n 5
    """
    with open_journal(ctx, create=False) as store:
        found = recent_changes(store, count)
    if as_json:
        out(output.json_text([{**change, "undone": change["undone_at"] is not None}
                              for change in found]))
        return
    if not found:
        err("No changes yet.")
        return
    width = len(str(found[0]["id"]))
    for change in found:
        undone = "  (undone)" if change["undone_at"] else ""
        command, summary = change["command"], change["summary"] or ""
        # A log's summary starts with its command ("log for 2026-11-25: ..."): said once.
        said = summary if summary.startswith(command + " ") else f"{command}: {summary}"
        line = (f"{str(change['id']).rjust(width)}  {when_local(change['recorded_at'])}  "
                f"{safe(said, one_line=True)}{undone}")
        out(fitted(line, sys.stdout, indent=" " * (width + 2)))


@app.command()
def undo(
    ctx: typer.Context,
    dry_run: Annotated[bool, typer.Option(
        "--dry-run", help="Say what undo would revert; change nothing.")] = False,
) -> None:
    """Revert the most recent change; nothing is lost (it stays in the file's history).

    Example: cipn undo --dry-run
    """
    if dry_run:
        with open_journal(ctx, create=False) as store:
            pending = next_to_undo(store)
        if pending is None:
            err("Nothing to undo.")
            return
        err(f"Undo would revert the {_what(pending)}. Nothing was changed (run cipn undo to "
            "revert it).")
        return
    with open_journal(ctx, create=False) as store:
        reverted = store.undo()
    if reverted is None:
        err("Nothing to undo.")
        return
    err(f"Undid the {_what(reverted)}.")


def _what(change) -> str:
    """'log of Wed 25 Nov 2026, 14:03: log for 2026-11-25: numbness 3'."""
    when = datetime.fromisoformat(change["recorded_at"]).astimezone()
    return (f"{change['command']} of {when:%a} {when.day} {when:%b %Y, %H:%M}: "
            f"{safe(change['summary'], one_line=True)}")
