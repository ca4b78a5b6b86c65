"""`cipn` with no command on a terminal: the short status (reports/status.py) instead of the
help page, which stays on `cipn --help`. Not on a terminal (a pipe, a script), `cipn` alone
prints the help and exits 2, as before: scripts see no change, and `cipn remind` is the
scriptable check. cli.py calls `show` from its callback; this module registers no command.
"""

import typer

from cipn_journal import output
from cipn_journal.commands import open_journal, settings, today
from cipn_journal.render import status as render
from cipn_journal.reports import status as report


def on_a_terminal() -> bool:
    return output.use_rich()


def show(ctx: typer.Context) -> None:
    """The status of the chosen journal (--db, CIPN_JOURNAL_DB, or the default); creates
    nothing."""
    now = today()
    path = settings(ctx).path
    if not path.exists():  # the status says so itself: no "Note: there is no journal" too
        found = report.build(None, now)
    else:
        with open_journal(ctx, create=False, missing_ok=True) as store:
            found = report.build(store, now)
    journal = str(path)
    output.print_rich(render.rich(found, journal))
