"""The export command: md, html, pdf, csv, json, fhir or ics (import is commands/importing.py's,
so that an export does not load the importer; backup is commands/backup.py's). Registered on the
app by cli.py; the work is done in the cipn_journal.export package."""

import os
import sys
from typing import Annotated

import typer

from cipn_journal.commands import app, open_journal, settings, today
from cipn_journal.errors import BadInput
from cipn_journal.export import choose
from cipn_journal.export.files import (
    check_target,
    output_path,
    refuse_journal,
    shown,
    write_file,
)
from cipn_journal.export.paper import chosen_paper
from cipn_journal.export.selection import select
from cipn_journal.output import err


@app.command()
def export(
    ctx: typer.Context,
    fmt: Annotated[str | None, typer.Option(
        "--format", "-f", metavar="md|html|pdf|csv|json|fhir|ics",
        help="md, html, pdf, csv, json, fhir or ics (default: from -o FILE's ending, else md).")]
    = None,
    since: Annotated[str | None, typer.Option(
        "--since", metavar="WHEN",
        help="First day: a WHEN, all, or last-visit (default: the last visit, else 28 days; "
             "json and ics: all).")]
    = None,
    until: Annotated[str | None, typer.Option("--until", metavar="WHEN",
                                              help="Last day (default: today).")] = None,
    output: Annotated[str | None, typer.Option("--output", "-o", metavar="FILE",
                                               help="Write to FILE (0600) instead of stdout.")]
    = None,
    force: Annotated[bool, typer.Option("--force", help="Replace FILE if it exists.")] = False,
    paper: Annotated[str | None, typer.Option(
        "--paper", metavar="a4|letter",
        help="Page size of html and pdf (default: Letter in a US, Canadian or Mexican locale "
             "(LC_ALL, LC_PAPER, LANG), else A4).")] = None,
) -> None:
    """Export a visit summary (md, html, pdf, csv), the journal (json, fhir) or a calendar (ics).

    Default window: since the last visit (else the last 28 days), up to today; json: the whole
    journal; ics: every infusion and visit, past and planned.

    html, pdf, json, fhir and ics go to a file (-o FILE) or a pipe, never to the terminal. Without
    --format the ending of -o FILE chooses: .md, .html, .pdf, .csv, .json, .fhir.json, .ics.

    Example: cipn export --format html -o visit.html
    """
    target = output_path(output) if output else None
    chosen = choose(fmt, target)
    page = chosen_paper(paper, os.environ)
    if since is None:
        since = chosen.default_since
    if target is None and not chosen.terminal and sys.stdout.isatty():
        ending = chosen.suffixes[0] if chosen.suffixes else f".{chosen.name}"
        raise BadInput(f"The {chosen.name} export is a file, not for the terminal: give "
                       f"-o FILE, e.g. cipn export --format {chosen.name} -o "
                       f"summary{ending}")
    if target is not None:
        refuse_journal(target, settings(ctx).path)
        check_target(target, force=force, through=True)
    now = today()
    with open_journal(ctx, create=False) as store:
        selection = select(store, since, until, today=now)
        document = chosen.export(store, selection, paper=page)
    data = document if isinstance(document, bytes) else document.encode("utf-8")
    if target is None:
        if isinstance(document, bytes):
            sys.stdout.flush()
            sys.stdout.buffer.write(data)  # a PDF into a pipe
        else:
            sys.stdout.write(document)
        return
    made_file = write_file(target, data, force=force)
    span = (f"{selection.start.isoformat()} to {selection.end.isoformat()}"
            if selection.start else f"up to {selection.end.isoformat()}")
    if chosen.name in ("json", "ics") and since and since.strip().lower() == "all" and not until:
        span = "the whole journal"
    if not made_file:  # a pipe or a terminal: no file to protect
        err(f"Wrote the {chosen.name} export ({span}) to {shown(target)}.")
        return
    err(f"Wrote the {chosen.name} export ({span}) to {shown(target)}. It is readable only by "
        "you; it holds health information, so share it with care.")
