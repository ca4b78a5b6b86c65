"""The import command: a JSON export brought into this journal (new records added, identical
ones skipped, a conflict stops it unless --replace or --keep). Registered on the app by cli.py;
the work is done in cipn_journal.export.importer."""

import os
import stat
from pathlib import Path
from typing import Annotated

import typer

from cipn_journal.commands import app, open_journal, settings, today
from cipn_journal.errors import BadInput
from cipn_journal.export import importer
from cipn_journal.output import err, safe


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
