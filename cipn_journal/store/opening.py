"""Opening a journal file safely: creating it (0700 folder, 0600 file), refusing a -wal that is
not the journal's own, choosing a read-only or a writable connection, and checking what the file
is (another program's database, a newer version, a damaged or unusual file) before anything
reads it. Applying migrations is the Store's (store/connection.py)."""

import os
import sqlite3
import time
from pathlib import Path

from cipn_journal.errors import JournalError, JournalTooNew, JournalUnreadable
from cipn_journal.store import migrations
from cipn_journal.store.sqlite_errors import BUSY, damaged_message, read_only_message

DEFAULT_BUSY_MS = 5000
SYNCHRONOUS = "FULL"  # README "Your data": every committed change is on disk before we return
# A writer that closes removes its -shm a moment before its -wal: a -wal without its -shm is
# looked at again this many times, this far apart, before it is called a stray.
STRAY_WAL_CHECKS, STRAY_WAL_PAUSE_S = 10, 0.1
WAL_SWITCH_PAUSE_S = 0.005


class StrayWal(JournalUnreadable):
    """A -wal beside the journal without its -shm: copied or restored apart from the journal."""


def check_path(path: Path, *, create: bool) -> bool:
    """Whether there is a journal file to open at `path` (creating it when `create`): False
    when there is none and `create` is not given. A folder, a device, a dangling link or a file
    this user may not change (when `create`) is refused with a message."""
    if path.is_dir():
        raise JournalUnreadable(
            f"The journal path {path} is a folder, not a file: give a file path with --db "
            "or CIPN_JOURNAL_DB."
        )
    if path.exists() and not path.is_file():
        raise JournalUnreadable(
            f"The journal path {path} is not a regular file (a device or a pipe): give a "
            "journal file's path with --db or CIPN_JOURNAL_DB."
        )
    if path.is_symlink() and not path.exists():
        raise JournalUnreadable(
            f"There is no journal at {path}: it is a link to {os.readlink(path)}, and "
            "no such file exists. Fix the link, or choose another file with --db."
        )
    if not path.exists():
        if not create:
            return False
        try:
            create_file(path)
        except FileExistsError:
            pass  # another cipn created it a moment ago
        except OSError as exc:
            raise JournalError(
                f"Cannot create the journal {path}: {exc.strerror}. "
                "Choose a writable location with --db."
            ) from None
    if create and not may_write(path):
        # A write command stops here, before anything it does first (the demo's backup).
        raise JournalError(read_only_message(path))
    info = path.stat()
    if info.st_size == 0:
        # An empty file (`touch journal.db`) is not a journal yet: a reading command leaves it
        # as it is; a write makes it one, readable only by its owner like a journal cipn creates
        # (SQLite gives the -wal and -shm the journal's mode).
        if not create:
            return False
        if info.st_uid == os.geteuid() and info.st_mode & 0o7777 != 0o600:
            os.chmod(path, 0o600)
    return True


def create_file(path: Path) -> None:
    """Create the journal's folder (0700, and so every folder created on the way, as the XDG
    base directory spec asks) and an empty file (0600), whatever the umask."""
    missing = []
    folder = path.parent
    while not folder.exists():
        missing.append(folder)
        folder = folder.parent
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=0o700)
        except FileExistsError:
            continue  # another cipn made it a moment ago
        os.chmod(folder, 0o700)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.fchmod(fd, 0o600)
    finally:
        os.close(fd)


def may_write(path: Path) -> bool:
    """Whether this user can change the journal: SQLite needs to write the file and to create
    the -wal and -shm files beside it. Through a symlink, what counts is the target and the
    target's folder (SQLite puts the -wal and -shm beside the target), not the link's folder."""
    real = path.resolve()
    return os.access(real, os.W_OK) and os.access(real.parent, os.W_OK | os.X_OK)


def sidecar(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix)


def busy_ms() -> int:
    try:
        return int(os.environ.get("CIPN_JOURNAL_BUSY_MS", DEFAULT_BUSY_MS))
    except ValueError:
        return DEFAULT_BUSY_MS


def connect(path: Path, *, writable: bool) -> tuple[sqlite3.Connection, str | None]:
    """A connection, and a note for the user when what it shows may be incomplete. Before
    anything opens the file, a -wal that is not the journal's own is refused (`refuse_stray_wal`).

    Reading commands get a read-only connection (`mode=ro`): they cannot write, checkpoint or
    delete the -wal on close. It reads through the -wal and -shm like any SQLite reader, so a
    writer working meanwhile is seen as it commits, and a backup (VACUUM INTO) copies one
    consistent state; SQLite leaves an empty -wal and a -shm beside the journal (with the
    journal's own permissions) when they were not there. A journal this user may not write
    (read-only file or folder) is opened `immutable` when it has no -wal and -shm to read
    through: no cipn of this user can write it, and SQLite would otherwise have to create files
    there (owned by this reader, which could lock out the journal's owner). A -wal without its
    -shm there cannot be read at all: the file is then read alone, with a note.
    Every connection takes file names as URIs, so that VACUUM INTO can write to a path that is
    not UTF-8 (percent-encoded)."""
    real = path.resolve()
    ours = writable or may_write(path)
    if ours:
        refuse_stray_wal(path)
    if writable:
        return _sqlite_connect(real.as_uri()), None
    wal, shm = sidecar(real, "-wal"), sidecar(real, "-shm")
    note = None
    if ours or (wal.exists() and shm.exists()):
        query = "mode=ro"
    else:
        query = "mode=ro&immutable=1"
        if wal.exists() and wal.stat().st_size > 0:
            note = (f"Note: the journal's most recent changes are in {wal}, which cannot be "
                    "read without a -shm file that this read-only folder cannot hold: they may "
                    "not show. Open the journal once where you may write to see them.")
    return _sqlite_connect(f"{real.as_uri()}?{query}"), note


def _sqlite_connect(uri: str) -> sqlite3.Connection:
    return sqlite3.connect(uri, timeout=busy_ms() / 1000, isolation_level=None, uri=True)


def refuse_stray_wal(path: Path) -> None:
    """Refuse a journal whose -wal has no -shm beside it: a clean close removes both and a crash
    leaves both, so such a -wal was copied or restored apart from the journal, and may be another
    journal's (SQLite would read, and a write would checkpoint, its pages into this one). Only
    stat(): nothing opens the file. A closing writer removes its -shm a moment before its -wal,
    so the -wal is looked at again for about a second before it is refused."""
    real = path.resolve()
    wal, shm = sidecar(real, "-wal"), sidecar(real, "-shm")
    for _ in range(STRAY_WAL_CHECKS):
        try:
            stray = wal.stat().st_size > 0 and not shm.exists()
        except FileNotFoundError:
            return
        if not stray:
            return
        time.sleep(STRAY_WAL_PAUSE_S)
    raise StrayWal(
        f"The journal {path} was not opened: {wal} beside it has no {shm.name}, so it was "
        "copied or restored apart from the journal and may be another journal's. Nothing was "
        f"read and the journal was not changed. Move {wal.name} into another folder and try "
        "again (if it is this journal's own, copied without its -shm, it holds the journal's "
        "latest changes: keep that copy).")


def use_wal(conn: sqlite3.Connection) -> None:
    """Make a new journal a WAL journal (a no-op on one that is). The switch needs the file's
    write lock, and SQLite returns "busy" at once, without the busy timeout's wait, when another
    connection holds that lock (e.g. another cipn creating the same journal at the same moment):
    the switch is tried again, a few milliseconds apart, for as long as a write would wait."""
    deadline = time.monotonic() + busy_ms() / 1000
    while True:
        try:
            if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                conn.execute("PRAGMA journal_mode = WAL")  # (as before: a file system that
                # cannot hold a WAL journal keeps its mode, and the journal still works)
            return
        except sqlite3.OperationalError as exc:
            if getattr(exc, "sqlite_errorcode", 0) & 0xFF != BUSY \
                    or time.monotonic() >= deadline:
                raise
        time.sleep(WAL_SWITCH_PAUSE_S)


def check(conn: sqlite3.Connection, path: Path, *, read_only: bool) -> int:
    """What the open file is, before anything reads it: refuse another program's database, a
    journal of a newer cipn, a damaged one; set the write pragmas. Returns its schema version
    (below migrations.SCHEMA_VERSION: the Store upgrades it)."""
    # One statement, so one state of the file: another cipn creating this journal at the same
    # moment may commit between two statements (a version 0 with our tables would then read as
    # another program's database).
    found = conn.execute(
        "SELECT (SELECT user_version FROM pragma_user_version), name FROM "
        "(SELECT NULL AS name UNION ALL SELECT name FROM sqlite_master "
        "WHERE type = 'table' AND name NOT LIKE 'sqlite_%')").fetchall()
    version = found[0][0]
    tables = {name for _, name in found if name is not None}
    ours = {"changes", "change_items", *migrations.DATA_TABLES}
    if (version == 0 and tables) or (version != 0 and not tables & ours):
        # Another program's database (whatever its user_version says): none of our tables.
        raise JournalUnreadable(
            f"The file {path} is an SQLite database of another program, not a cipn "
            "journal: it was not changed. Choose another file with --db."
        )
    if version < 0:
        raise JournalUnreadable(damaged_message(path, f"its schema version is {version}"))
    if version > migrations.SCHEMA_VERSION:
        raise JournalTooNew(
            f"The journal {path} was written by a newer version of cipn-journal "
            f"(schema version {version}; this version reads up to "
            f"{migrations.SCHEMA_VERSION}). It was not changed: upgrade cipn-journal "
            "to use it."
        )
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    if version > 0 and _size_is_unusual(path, page_size):
        found = conn.execute("PRAGMA quick_check(1)").fetchone()[0]
        if found != "ok":
            raise JournalUnreadable(damaged_message(path, f"SQLite's check says: {found[:120]}"))
    if not read_only:
        conn.execute(f"PRAGMA synchronous = {SYNCHRONOUS}")
    missing = ours - tables
    if version == migrations.SCHEMA_VERSION and missing:
        raise JournalUnreadable(damaged_message(path, f"the table {sorted(missing)[0]} is "
                                                      "missing"))
    return version


def _size_is_unusual(path: Path, page_size: int) -> bool:
    """When opening is worth SQLite's quick_check (which reads the whole file): a file whose
    size is not a whole number of pages (a -wal without its -shm is refused before this where
    this user may write the journal, and not read at all where they may not). Only stat(): opening
    and closing the file here would drop the POSIX locks SQLite holds on it in this process."""
    return path.resolve().stat().st_size % page_size != 0
