"""A backup: a consistent copy of the live journal, written beside its target and renamed into
place, so that a crash leaves either the old target or the complete copy, never a partial file.
Choosing the target's name is commands/backup.py's and export/files.py's."""

import os
import sqlite3
from pathlib import Path

from cipn_journal.errors import JournalError
from cipn_journal.store.sqlite_errors import FULL, IOERR


def copy_journal(conn: sqlite3.Connection, target: Path) -> None:
    """A consistent copy of the journal `conn` reads (VACUUM INTO a 0600 temporary file in the
    target's folder, flushed to disk, then renamed into place)."""
    import tempfile  # lazy (tests/test_imports.py): `log` imports this module, rarely backs up

    fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)  # mkstemp creates it 0600; VACUUM INTO accepts an empty file
    try:
        try:
            # As a URI (every connection takes URIs: store/opening.py), so that a path that is
            # not UTF-8 reaches the file system byte for byte.
            conn.execute("VACUUM INTO ?", (Path(temp).absolute().as_uri(),))
        except sqlite3.Error as exc:
            # The copy, not the journal, is what could not be written.
            if getattr(exc, "sqlite_errorcode", 0) & 0xFF not in (FULL, IOERR):
                raise
            raise JournalError(
                f"Could not write a copy of the journal in {target.parent}: "
                + ("no space left on the disk" if exc.sqlite_errorcode & 0xFF == FULL
                   else f"the disk reported an error ({exc.sqlite_errorname})")
                + ". Nothing was written; free some space there or choose another place."
            ) from None
        os.chmod(temp, 0o600)
        _fsync(temp)  # SQLite does not sync the file VACUUM INTO writes
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    _fsync(target.parent)  # the rename itself


def _fsync(path: Path | str) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
