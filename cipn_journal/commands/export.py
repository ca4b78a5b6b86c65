"""Commands of the export part: export (md, html, csv, json), import (a json export) and backup
(a consistent copy of the journal file). Registered on the app by cli.py; the work is done in
the cipn_journal.export package."""

import sys
from pathlib import Path
from typing import Annotated

import typer

from cipn_journal.cli import app, open_store, settings, today
from cipn_journal.errors import BadInput, JournalError
from cipn_journal.output import err, safe

# -o FILE endings that choose the format when --format is not given.
EXTENSIONS = {".fhir.json": "fhir"}


@app.command()
def export(
    ctx: typer.Context,
    fmt: Annotated[str | None, typer.Option(
        "--format", "-f", metavar="md|html|csv|json|fhir",
        help="md (default), html, csv, json or fhir (also from -o x.fhir.json).")] = None,
    since: Annotated[str | None, typer.Option(
        "--since", metavar="WHEN",
        help="First day: a WHEN, all, or last-visit (default: the last visit, else 28 days).")]
    = None,
    until: Annotated[str | None, typer.Option("--until", metavar="WHEN",
                                              help="Last day (default: today).")] = None,
    output: Annotated[str | None, typer.Option("--output", "-o", metavar="FILE",
                                               help="Write to FILE (0600) instead of stdout.")]
    = None,
    force: Annotated[bool, typer.Option("--force", help="Replace FILE if it exists.")] = False,
) -> None:
    """Export a summary for the next visit (md, html, csv), the journal itself (json) or FHIR.

    Default window: since the last visit (else the last 28 days), up to today.

    html, json and fhir go to a file (-o FILE) or a pipe, never to the terminal.

    Example: cipn export --format html -o visit.html
    """
    from cipn_journal.export import FORMATS, model
    from cipn_journal.export.files import check_target, refuse_journal, write_file

    if fmt is None:
        ending = (output or "").lower()
        fmt = next((name for ext, name in EXTENSIONS.items() if ending.endswith(ext)), "md")
    chosen = FORMATS.get(fmt.strip().lower())
    if chosen is None:
        raise BadInput(f"--format {fmt!r} is not one of: {', '.join(FORMATS)}.")
    target = Path(output).expanduser() if output else None
    if target is None and not chosen.terminal and sys.stdout.isatty():
        ending = next((ext for ext, name in EXTENSIONS.items() if name == chosen.name),
                      f".{chosen.name}")
        raise BadInput(f"The {chosen.name} export is a file, not for the terminal: give "
                       f"-o FILE, e.g. cipn export --format {chosen.name} -o "
                       f"summary{ending}")
    if target is not None:
        refuse_journal(target, settings(ctx).path)
        check_target(target, force=force)
    now = today()
    store = open_store(ctx, create=False)
    try:
        selection = model.select(store, since, until, today=now)
        document = chosen.export(store, selection)
    finally:
        if store is not None:
            store.close()
    if target is None:
        sys.stdout.write(document)
        return
    write_file(target, document.encode("utf-8"), force=force)
    span = (f"{selection.start.isoformat()} to {selection.end.isoformat()}"
            if selection.start else f"up to {selection.end.isoformat()}")
    if chosen.name == "json" and since and since.strip().lower() == "all" and not until:
        span = "the whole journal"
    err(f"Wrote the {chosen.name} export ({span}) to {target}. It is readable only by you; "
        "it holds health information, so share it with care.")


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
    from cipn_journal.export import importer

    if replace and keep:
        raise BadInput("Give --replace or --keep, not both.")
    mode = importer.REPLACE if replace else importer.KEEP if keep else None
    source = Path(file).expanduser()
    data = importer.load(source)  # a bad file is refused before the journal is opened
    importer.check_not_in_future(data, today=today())
    name = safe(source.name, one_line=True)
    path = settings(ctx).path
    store = open_store(ctx, create=False)
    if store is None and not dry_run:
        importer.plan(None, data)  # a file that cannot be imported must not create a journal
        store = open_store(ctx, create=True)
    try:
        result = importer.run(store, data, mode=mode, dry_run=dry_run, source=name)
    finally:
        if store is not None:
            store.close()
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
    from cipn_journal.export.files import place, refuse_journal

    journal = settings(ctx).path
    if not journal.exists():
        raise JournalError(f"There is no journal at {journal}: nothing to back up.")
    now = today()
    if path is None:
        target = _dated(journal.parent, journal, now)
    else:
        target = Path(path).expanduser()
        if target.is_dir():
            target = _dated(target, journal, now)
    refuse_journal(target, journal)
    store = open_store(ctx, create=False)
    with store:
        place(target, store.backup, force=force)
    err(f"Backed up the journal to {target}. To use it: cipn --db {target} summary")


def _dated(folder: Path, journal: Path, day) -> Path:
    """journal.backup-2026-11-25.db in `folder`, numbered -2, -3... if taken: never replaced."""
    stem, suffix = journal.stem, journal.suffix
    target = folder / f"{stem}.backup-{day.isoformat()}{suffix}"
    counter = 1
    while target.exists():
        counter += 1
        target = folder / f"{stem}.backup-{day.isoformat()}-{counter}{suffix}"
    return target
