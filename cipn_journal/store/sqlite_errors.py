"""SQLite's errors as messages a user can act on: a busy, read-only, full, missing or damaged
journal becomes a JournalError naming the file and what to do; any other SQLite error is a bug
in cipn and is left to propagate as one."""

import sqlite3
from pathlib import Path

from cipn_journal.errors import JournalBusy, JournalError, JournalUnreadable
from cipn_journal.store import migrations
from cipn_journal.store.in_use import in_use_elsewhere
from cipn_journal.store.sql import quoted

# SQLite's primary result codes (https://sqlite.org/rescode.html) for problems with the file or
# the machine it lives on. Every other SQLite error (a bad statement, a constraint that should
# have held) is a bug in cipn and is reported as one, never as a damaged journal.
BUSY, LOCKED, READONLY, IOERR, CORRUPT, FULL, CANTOPEN, NOTADB = 5, 6, 8, 10, 11, 13, 14, 26
PERM, NOLFS, AUTH, NOMEM, ERROR = 3, 22, 23, 7, 1


def translate_error(exc: sqlite3.Error, path: Path) -> JournalError | None:
    """The message a user can act on for an SQLite error about the file or the disk; None when
    the error is a bug in cipn (the caller re-raises it)."""
    code = getattr(exc, "sqlite_errorcode", None)
    if not isinstance(code, int):
        return None  # raised by the sqlite3 module itself: a misuse, so a bug
    primary = code & 0xFF
    name = getattr(exc, "sqlite_errorname", None) or f"SQLite error {code}"
    if primary in (BUSY, LOCKED):
        return JournalBusy(
            f"The journal {path} is busy: another program is writing to it. "
            "Nothing was written; try again in a moment."
        )
    if primary in (READONLY, PERM, AUTH):
        return JournalError(read_only_message(path))
    if primary == FULL:
        return JournalError(
            f"Could not write to the journal {path}: the disk is full. Nothing was written; "
            "free some space and try again."
        )
    if primary in (IOERR, NOLFS, NOMEM):
        return JournalError(
            f"Could not use the journal {path}: the disk or the system reported an error "
            f"({name}). Nothing was written; check that the disk has free space and is "
            "connected, then try again."
        )
    if primary == CANTOPEN:
        return JournalUnreadable(
            f"Cannot open the journal {path}: check that the path and its folder exist and "
            "are readable and writable."
        )
    if primary == ERROR and _names_a_missing_part(str(exc)):
        # A statement naming a real table or column of the journal failed: the journal passed
        # the version check, so its schema was edited or damaged. (A name no version of the
        # journal has is a bug in the statement, and stays one.)
        return JournalUnreadable(damaged_message(path, str(exc)))
    if primary in (CORRUPT, NOTADB):
        if _looks_like_json(path):
            return JournalUnreadable(
                f"{path} is a JSON file, not a journal: it was not changed. To bring an export "
                f"into a journal use `cipn import {path}`; choose the journal with --db."
            )
        shared = _shared_message(path, name)
        if shared:
            return JournalUnreadable(shared)
        return JournalUnreadable(
            f"The journal {path} cannot be read: it is not a cipn journal or it is damaged "
            f"({name}). It was not changed. If you copied a -wal file beside it, move that "
            "file away and try again. " + _restore_advice(path)
        )
    return None


def raise_translated(exc: sqlite3.Error, path: Path):
    """Raise the user's message for `exc`, or `exc` itself when it is a bug."""
    error = translate_error(exc, path)
    if error is None:
        raise exc
    raise error from None


def read_only_message(path: Path) -> str:
    return (f"The journal {path} is read-only for you: nothing was written. "
            "Check the permissions of the file and its folder.")


def damaged_message(path: Path, why: str) -> str:
    """What to say of a journal that looks damaged: while another program has it open, that
    may be a passing state of its work, so the advice is to try again, never to restore."""
    return _shared_message(path, why) or (
        f"The journal {path} cannot be read: it is damaged ({why}). It was not changed. "
        + _restore_advice(path))


def _shared_message(path: Path, why: str) -> str | None:
    if not in_use_elsewhere(path):
        return None
    return (f"The journal {path} could not be read ({why}) while another program had it open "
            "(another cipn, or an SQLite tool). It was not changed. Try again once that "
            "program has finished.")


def _restore_advice(path: Path) -> str:
    """The restore advice, given only when no other program is known to use the journal
    (in_use_elsewhere is None where the system cannot tell)."""
    if in_use_elsewhere(path) is None:
        return ("If another cipn is running, let it finish and try again; if not, restore the "
                "journal from a backup (`cipn backup` makes them) or choose another file with "
                "--db.")
    return ("Restore the journal from a backup (`cipn backup` makes them) or choose another "
            "file with --db.")


def _names_a_missing_part(message: str) -> bool:
    """Whether SQLite's message says a table or column of the journal's schema is missing."""
    for prefix in ("no such column: ", "no such table: "):
        if message.startswith(prefix):
            name = message[len(prefix):].rsplit(".", 1)[-1]
            break
    else:
        if " has no column named " not in message:
            return False
        name = message.rsplit(" has no column named ", 1)[1]
    return name.strip() in _schema_names()


def _schema_names() -> set[str]:
    """Every table and column name of a current journal, from its migrations (run on an
    in-memory database: only on this error path, so start-up never pays for it)."""
    conn = sqlite3.connect(":memory:", isolation_level=None)
    try:
        migrations.apply(conn)
        names = set()
        for (table,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'"):
            names.add(table)
            names.update(row[1] for row in conn.execute(f"PRAGMA table_info({quoted(table)})"))
        return names
    finally:
        conn.close()


def _looks_like_json(path: Path) -> bool:
    try:
        with open(path, "rb") as file:
            return file.read(64).lstrip().startswith((b"{", b"["))
    except OSError:
        return False
