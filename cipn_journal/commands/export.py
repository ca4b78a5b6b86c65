"""Commands of the export part: export (md, html, pdf, csv, json, fhir, ics), import (a json
export) and backup (a consistent copy of the journal file). Registered on the app by cli.py;
the work is done in the cipn_journal.export package."""

import os
import re
import stat
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

import typer

from cipn_journal.commands import app, open_journal, settings, today
from cipn_journal.errors import BadInput, JournalError
from cipn_journal.export import choose, importer
from cipn_journal.export.files import (
    check_target,
    output_path,
    place,
    place_new,
    refuse_journal,
    remove_stale_temporaries,
    shown,
    write_file,
)
from cipn_journal.export.paper import chosen_paper
from cipn_journal.export.selection import select
from cipn_journal.output import err, safe


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


@app.command("import")
def import_(
    ctx: typer.Context,
    file: Annotated[str, typer.Argument(metavar="FILE",
                                        help="A JSON file made by cipn export --format json.")],
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show what would change; "
                                          "write nothing.")] = False,
    replace: Annotated[bool, typer.Option("--replace", help="On a conflict take the file's "
                                          "values (the journal's stay in history).")] = False,
    keep: Annotated[bool, typer.Option("--keep", help="On a conflict keep the journal's "
                                       "values.")] = False,
) -> None:
    """Import a JSON export into this journal: new records are added, identical ones skipped.

    A record that differs from the journal's stops the import, nothing written,
    unless --replace or --keep says which to keep. cipn undo reverts an import.

    Example: cipn import journal.json --dry-run
    """
    if replace and keep:
        raise BadInput("Give --replace or --keep, not both.")
    mode = importer.REPLACE if replace else importer.KEEP if keep else None
    source = Path(file).expanduser()
    _check_source(source)
    data = importer.load(source)  # a bad file is refused before the journal is opened
    importer.check_not_in_future(data, today=today())
    name = safe(source.name, one_line=True)
    path = safe(str(settings(ctx).path), one_line=True)
    with open_journal(ctx, create=False, missing_ok=True) as existing:
        if existing is not None or dry_run:
            result = importer.run(existing, data, mode=mode, dry_run=dry_run, source=name)
    if existing is None and not dry_run:
        importer.plan(None, data)  # a file that cannot be imported must not create a journal
        with open_journal(ctx, create=True) as store:  # rebuilt: the file's journal identity
            result = importer.run(store, data, mode=mode, dry_run=dry_run, source=name,
                                  rebuild=True)
    found = result.plan
    if dry_run:
        err(f"Dry run, nothing was written. Importing {name} into {path} would give: "
            + ", ".join(importer.counts(result)) + ".")
        for line in importer.table_lines(result):
            err(line)
        if found.conflicts and mode is None:
            raise importer.ImportConflicts(importer.conflict_message(found.conflicts))
        return
    if not found.count_new() and not (found.conflicts and mode == importer.REPLACE):
        err(f"Nothing new in {name}: " + ", ".join(importer.counts(result)) + ".")
        return
    err(f"Imported {name}: " + ", ".join(importer.counts(result))
        + ". `cipn undo` reverts the whole import.")


# A ten-year journal exports to about 7 MB: anything far larger is not an export.
IMPORT_LIMIT_MB = 200


def _check_source(source: Path) -> None:
    """Only a regular file (symlinks followed) of at most IMPORT_LIMIT_MB is read: /dev/zero, a
    pipe or a disk image must not be read without limit."""
    try:
        info = os.stat(source)
    except OSError:
        return  # importer.load says what is wrong (no such file, permissions)
    shown = safe(str(source), one_line=True)
    if stat.S_ISDIR(info.st_mode):
        return
    if not stat.S_ISREG(info.st_mode):
        raise BadInput(f"{shown} is not a regular file (a device, a pipe or a socket): give "
                       "the JSON file made by `cipn export --format json`.")
    if info.st_size > IMPORT_LIMIT_MB * 1024 * 1024:
        raise BadInput(f"{shown} is {info.st_size // (1024 * 1024)} MB, more than the "
                       f"{IMPORT_LIMIT_MB} MB an import reads (a ten-year journal exports to "
                       "about 7 MB): it is not a cipn-journal export. Nothing was imported.")


@app.command()
def backup(
    ctx: typer.Context,
    path: Annotated[str | None, typer.Argument(
        metavar="[PATH]", help="File or folder (default: a dated file beside the journal).")]
    = None,
    force: Annotated[bool, typer.Option("--force", help="Replace PATH if it exists.")] = False,
) -> None:
    """Save a consistent copy of the journal (safe while cipn runs), readable only by you.

    Restore: point --db at the copy, or copy it back while no cipn runs.

    Example: cipn backup ~/backups/
    """
    started = time.time()
    source = settings(ctx).path
    if not source.exists():
        raise JournalError(f"There is no journal at {shown(source)}: nothing to back up.")
    now = today()
    folder = target = None
    if path is None:
        folder = source.parent
    else:
        target = output_path(path)
        if target.is_dir():
            folder, target = target, None
    own = [re.escape(source.stem) + r"\.backup-\d{4}-\d\d-\d\d(-\d+)?"
           + re.escape(source.suffix)]
    if target is not None:
        refuse_journal(target, source)
        own.append(re.escape(target.name))
        folder = target.parent
    assert folder is not None  # the folder given, or the folder of the file given
    remove_stale_temporaries(folder, own, started=started)
    with open_journal(ctx, create=False) as store:
        if target is None:
            target = place_new(_dated(folder, source, now), store.backup)
        else:
            place(target, store.backup, force=force)
    err(f"Backed up the journal to {shown(target)}. To use it: cipn --db {shown(target)} "
        "summary")


def _dated(folder: Path, journal: Path, day) -> Iterator[Path]:
    """journal.backup-2026-11-25.db in `folder`, then -2, -3...: `place_new` takes the first
    free one, so that a backup never replaces another, even one made at the same moment."""
    stem, suffix = journal.stem, journal.suffix
    yield folder / f"{stem}.backup-{day.isoformat()}{suffix}"
    for counter in range(2, 1000):
        yield folder / f"{stem}.backup-{day.isoformat()}-{counter}{suffix}"
