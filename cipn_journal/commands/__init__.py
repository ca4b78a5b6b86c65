"""The commands, one module per part of the product (cli.py imports only the module of the
command being run), and what every command shares: the Typer app they register on, the global
settings, today's date and the journal context manager. A command validates its options, opens
the journal, calls the reports, store or domain, and renders; no SQL and no clinical rule here.
"""

import os
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import typer

from cipn_journal.domain.symptoms import REPORTERS
from cipn_journal.errors import BadInput, JournalError
from cipn_journal.output import safe
from cipn_journal.store.clock import fixed_now
from cipn_journal.store.connection import Store
from cipn_journal.store.paths import journal_path

app = typer.Typer(
    cls=None,  # cli.py sets its JournalGroup: lazy loading and the error boundary
    name="cipn",
    help=(
        "A local-first journal for chemotherapy-induced peripheral neuropathy (CIPN).\n\n"
        "Example: cipn log numbness=3 tingling=2"
    ),
    no_args_is_help=True,
    add_completion=True,  # cipn --install-completion (issue 14; cost: benchmarks/README.md)
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def whole_number(low: int, high: int):
    """The parser of a whole-number option from `low` to `high`, in the digits 0-9 only: an
    `int` option reads '٣' and '３' as 3 (Python's int() does), as no other number in the
    journal is read (issue 24)."""
    def parse(value) -> int:
        if isinstance(value, int):  # the default
            return value
        if not re.fullmatch(r"\s*\+?[0-9]{1,9}\s*", value) or not low <= int(value) <= high:
            raise typer.BadParameter(f"{value!r} is not a whole number from {low} to {high} "
                                     "(digits 0-9)")
        return int(value)
    return parse


class Settings:
    """The global options, kept on the click context."""

    __slots__ = ("db", "debug")

    def __init__(self, db: str | None, debug: bool):
        self.db = db
        self.debug = debug

    @property
    def path(self) -> Path:
        return journal_path(self.db)


def settings(ctx: typer.Context) -> Settings:
    return ctx.find_root().obj


def today() -> date:
    """The local calendar day. CIPN_JOURNAL_TODAY (an ISO date) or CIPN_JOURNAL_NOW (an ISO
    time) fixes it, for tests and demos; the store records times from the same clock
    (store.clock.fixed_now), so the two never disagree."""
    if "CIPN_JOURNAL_TODAY" in os.environ or "CIPN_JOURNAL_NOW" in os.environ:
        fixed = fixed_now()
        if fixed is not None:
            return fixed.astimezone().date()
    return date.today()


@contextmanager
def open_journal(ctx: typer.Context, *, create: bool, missing_ok: bool = False) -> Iterator:
    """The journal for this command, closed when the block ends: `with open_journal(ctx,
    create=True) as store:`. A reading command (create=False) on a journal that does not exist
    fails with "No journal at PATH" (exit 1) and creates nothing; with `missing_ok` (the
    symptom list, a check-in's defaults, import) it gets None instead."""
    chosen = settings(ctx)
    store = Store.open(chosen.path, create=create)
    if store is None and not missing_ok:
        # A mistyped --db must not look like an empty journal.
        raise JournalError(
            f"No journal at {safe(str(chosen.path), one_line=True)}: nothing was read or "
            "written. Check --db or CIPN_JOURNAL_DB, or start this journal with: cipn log "
            "numbness=2 (or cipn checkin).")
    from_env = os.environ.get("CIPN_JOURNAL_DB")
    if store is None and (chosen.db or (from_env and not os.path.isabs(
            os.path.expanduser(from_env)))):
        sys.stderr.write(f"Note: there is no journal at {safe(str(chosen.path))} yet.\n")
    for note in store.notes if store is not None else ():
        sys.stderr.write(safe(note) + "\n")
    try:
        yield store
    finally:
        if store is not None:
            store.close()


REPORTER_ENV = "CIPN_JOURNAL_REPORTER"
BY_HELP = f"Who is reporting (default: {REPORTER_ENV}, else patient)."


def reporter(by: str | None) -> str:
    """Who is reporting: --by, else CIPN_JOURNAL_REPORTER (a caregiver keeping a parent's
    journal sets it once), else the patient. A bad value is BadInput naming where it came
    from."""
    source, value = "--by", by
    if value is None:
        source, value = REPORTER_ENV, os.environ.get(REPORTER_ENV)
        if value is None or not value.strip():
            return "patient"
    cleaned = value.strip().lower()
    if cleaned not in REPORTERS:
        shown = f"{source}={value[:40]!r}" if source == REPORTER_ENV else f"--by {value[:40]!r}"
        raise BadInput(f"{shown} is not one of: {', '.join(REPORTERS)}.")
    return cleaned


NOTHING_LOGGED = "Nothing is logged yet. Start with: cipn log numbness=2 (or cipn checkin)."


