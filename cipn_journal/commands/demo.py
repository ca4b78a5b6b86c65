"""`cipn demo`: a realistic sample journal written to the chosen journal (a backup first when it
replaces one)."""

import shlex
from typing import Annotated

import typer

from cipn_journal.commands import app, open_journal, settings, today, whole_number
from cipn_journal.domain import demo as sample_journal
from cipn_journal.errors import JournalError
from cipn_journal.output import err
from cipn_journal.record.demo import write_demo


@app.command()
def demo(
    ctx: typer.Context,
    weeks: Annotated[int, typer.Option("--weeks", parser=whole_number(1, 1040),
                                       help="How many weeks, ending today.")] = 12,
    force: Annotated[bool, typer.Option("--force", help="Replace a journal that has entries "
                                        "(a backup is made first).")] = False,
) -> None:
    """Write a realistic sample journal (oxaliplatin, daily check-ins) to the chosen journal.

    Example: cipn --db /tmp/demo.db demo --weeks 12
    """
    now = today()
    with open_journal(ctx, create=True) as store:
        backup = None
        # What the backup holds: the demo refuses to replace anything written after it.
        last_change = store.last_change_id()
        if store.has_entries():
            if not force:
                raise JournalError(
                    f"The journal {store.path} already has entries: the demo was not written. "
                    "Use --db with a new file, or --force to replace it (a backup is made)."
                )
            backup = store.path.with_name(
                f"{store.path.stem}.before-demo-{now.isoformat()}{store.path.suffix}")
            counter = 1
            while backup.exists():
                counter += 1
                backup = store.path.with_name(
                    f"{store.path.stem}.before-demo-{now.isoformat()}-{counter}"
                    f"{store.path.suffix}")
            store.backup(backup)
        sample = sample_journal.generate(weeks=weeks, today=now)
        count = write_demo(store, sample, replaced=backup, last_change=last_change)
    if backup:
        err(f"Saved the previous journal to {backup}.")
    err(f"Wrote a {weeks}-week demo journal ({count} values, {sample.start.isoformat()} to "
        f"{sample.end.isoformat()}) to {store.path}. Try: cipn"
        + (f" --db {shlex.quote(db)}" if (db := settings(ctx).db) else "") + " summary")
