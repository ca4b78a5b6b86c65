"""The backup command: a consistent copy of the journal file, under a dated name beside it or
where the user says. Registered on the app by cli.py; the copy is store.backup's, choosing the
target's name export/files.py's."""

import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

import typer

from cipn_journal.commands import app, open_journal, settings, today
from cipn_journal.errors import JournalError
from cipn_journal.export.files import (
    output_path,
    place,
    place_new,
    refuse_journal,
    remove_stale_temporaries,
    shown,
)
from cipn_journal.output import err


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
