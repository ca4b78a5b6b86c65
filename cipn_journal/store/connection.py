"""The Store owns the journal file: where it lives, creating it safely (0700 directory, 0600
file), migrations, transactions, and every read and write of its tables.

Design: plain tables a person can read with any SQLite tool. Each write command is one
transaction recorded as a row of `changes`; every row it inserts carries that `change_id`, and the
before-image of every row it updates is kept in `change_items`. `undo` uses both to revert the
most recent change, moving what it removes into `observation_history` or `change_items`, so
nothing is ever destroyed. Uses the stdlib sqlite3 module directly so that `cipn log` starts
fast (sqlite-utils only for the demo's bulk inserts: see the package docstring).
"""

import json
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from cipn_journal.errors import (
    JournalBusy,
    JournalError,
    JournalTooNew,
    JournalUnreadable,
)
from cipn_journal.store import migrations

DEFAULT_BUSY_MS = 5000
SYNCHRONOUS = "FULL"  # README "Your data": every committed change is on disk before we return


def default_path() -> Path:
    from platformdirs import user_data_path

    return user_data_path("cipn-journal") / "journal.db"


def journal_path(option: str | None) -> Path:
    """--db, then CIPN_JOURNAL_DB, then the platform's data directory. No side effects."""
    chosen = option or os.environ.get("CIPN_JOURNAL_DB")
    return Path(chosen).expanduser() if chosen else default_path()


def date_range(column: str, low, high) -> tuple[str, list]:
    """' AND column >= ? AND column <= ?' and its parameters for the ends given (dates; None:
    open), for the store modules' window queries."""
    sql, params = "", []
    if low is not None:
        sql += f" AND {column} >= ?"
        params.append(low.isoformat())
    if high is not None:
        sql += f" AND {column} <= ?"
        params.append(high.isoformat())
    return sql, params


def utc_now() -> str:
    """When a change is recorded: UTC, ISO-8601 with offset. See `fixed_now` for the clock
    that tests and demos fix."""
    fixed = fixed_now()
    return (fixed or datetime.now(UTC)).astimezone(UTC).isoformat(timespec="seconds")


def fixed_now() -> datetime | None:
    """The fixed clock, or None for the real one. CIPN_JOURNAL_NOW (an ISO time with an offset,
    e.g. 2026-11-25T09:30:00+01:00) fixes the time every change records, and with it today (its
    local day). CIPN_JOURNAL_TODAY alone (an ISO date) fixes today; recorded times are then the
    current local time of day on that day, so that a record's local day is always today. When
    both are set they must name the same local day. A bad value is BadInput (exit 2)."""
    from datetime import date

    from cipn_journal.domain.dates import EARLIEST, LATEST
    from cipn_journal.errors import BadInput

    now_text = os.environ.get("CIPN_JOURNAL_NOW")
    today_text = os.environ.get("CIPN_JOURNAL_TODAY")
    if not now_text and not today_text:
        return None
    day = None
    if today_text:
        try:
            day = date.fromisoformat(today_text)
        except ValueError:
            day = None
        if day is None or not EARLIEST <= day <= LATEST:
            raise BadInput(
                f"CIPN_JOURNAL_TODAY={today_text[:40]!r} is not an ISO date from "
                f"{EARLIEST.isoformat()} to {LATEST.isoformat()}, like 2026-11-03.")
    if not now_text:
        return datetime.combine(day, datetime.now().time()).astimezone()
    try:
        now = datetime.fromisoformat(now_text)
    except ValueError:
        now = None
    if now is None or now.tzinfo is None:
        raise BadInput(f"CIPN_JOURNAL_NOW={now_text!r} is not an ISO time with an offset like "
                       "2026-11-25T09:30:00+01:00.")
    if not EARLIEST <= now.date() <= LATEST:
        raise BadInput(f"CIPN_JOURNAL_NOW={now_text[:40]!r} is not a time from "
                       f"{EARLIEST.isoformat()} to {LATEST.isoformat()}.")
    if day is not None and now.astimezone().date() != day:
        raise BadInput(f"CIPN_JOURNAL_NOW={now_text!r} is on {now.astimezone().date()} here, "
                       f"not on CIPN_JOURNAL_TODAY={today_text}: set one, or both to the same "
                       "day.")
    return now


# SQLite's primary result codes (https://sqlite.org/rescode.html) for problems with the file or
# the machine it lives on. Every other SQLite error (a bad statement, a constraint that should
# have held) is a bug in cipn and is reported as one, never as a damaged journal.
_BUSY, _LOCKED, _READONLY, _IOERR, _CORRUPT, _FULL, _CANTOPEN, _NOTADB = 5, 6, 8, 10, 11, 13, 14, 26
_PERM, _NOLFS, _AUTH, _NOMEM, _ERROR = 3, 22, 23, 7, 1


def translate_error(exc: sqlite3.Error, path: Path) -> JournalError | None:
    """The message a user can act on for an SQLite error about the file or the disk; None when
    the error is a bug in cipn (the caller re-raises it)."""
    code = getattr(exc, "sqlite_errorcode", None)
    if not isinstance(code, int):
        return None  # raised by the sqlite3 module itself: a misuse, so a bug
    primary = code & 0xFF
    name = getattr(exc, "sqlite_errorname", None) or f"SQLite error {code}"
    if primary in (_BUSY, _LOCKED):
        return JournalBusy(
            f"The journal {path} is busy: another program is writing to it. "
            "Nothing was written; try again in a moment."
        )
    if primary in (_READONLY, _PERM, _AUTH):
        return JournalError(_read_only_message(path))
    if primary == _FULL:
        return JournalError(
            f"Could not write to the journal {path}: the disk is full. Nothing was written; "
            "free some space and try again."
        )
    if primary in (_IOERR, _NOLFS, _NOMEM):
        return JournalError(
            f"Could not use the journal {path}: the disk or the system reported an error "
            f"({name}). Nothing was written; check that the disk has free space and is "
            "connected, then try again."
        )
    if primary == _CANTOPEN:
        return JournalUnreadable(
            f"Cannot open the journal {path}: check that the path and its folder exist and "
            "are readable and writable."
        )
    if primary == _ERROR and _names_a_missing_part(str(exc)):
        # A statement naming a real table or column of the journal failed: the journal passed
        # the version check, so its schema was edited or damaged. (A name no version of the
        # journal has is a bug in the statement, and stays one.)
        return JournalUnreadable(
            f"The journal {path} cannot be read: it is damaged ({exc}). It was not changed. "
            "Restore it from a backup (`cipn backup` makes them) or choose another file with "
            "--db.")
    if primary in (_CORRUPT, _NOTADB):
        if _looks_like_json(path):
            return JournalUnreadable(
                f"{path} is a JSON file, not a journal: it was not changed. To bring an export "
                f"into a journal use `cipn import {path}`; choose the journal with --db."
            )
        return JournalUnreadable(
            f"The journal {path} cannot be read: it is not a cipn journal or it is damaged "
            f"({name}). It was not changed. If you copied a -wal file beside it, move that "
            "file away and try again; otherwise restore the journal from a backup (`cipn "
            "backup` makes them) or choose another file with --db."
        )
    return None


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


def _looks_unusual(path: Path, page_size: int) -> bool:
    """When opening is worth SQLite's quick_check (which reads the whole file): a -wal without
    its -shm (a copied or restored journal: a clean close removes both, a crash leaves both),
    or a file whose size is not a whole number of pages. Only stat(): opening and closing the
    file here would drop the POSIX locks SQLite holds on it in this process."""
    real = path.resolve()
    wal, shm = _sidecar(real, "-wal"), _sidecar(real, "-shm")
    if wal.exists() and wal.stat().st_size and not shm.exists():
        return True
    return real.stat().st_size % page_size != 0


def _read_only_message(path: Path) -> str:
    return (f"The journal {path} is read-only for you: nothing was written. "
            "Check the permissions of the file and its folder.")


def _raise_translated(exc: sqlite3.Error, path: Path):
    error = translate_error(exc, path)
    if error is None:
        raise exc
    raise error from None


def _busy_ms() -> int:
    try:
        return int(os.environ.get("CIPN_JOURNAL_BUSY_MS", DEFAULT_BUSY_MS))
    except ValueError:
        return DEFAULT_BUSY_MS


def _create_file(path: Path) -> None:
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


def _may_write(path: Path) -> bool:
    """Whether this user can change the journal: SQLite needs to write the file and to create
    the -wal and -shm files beside it. Through a symlink, what counts is the target and the
    target's folder (SQLite puts the -wal and -shm beside the target), not the link's folder."""
    real = path.resolve()
    return os.access(real, os.W_OK) and os.access(real.parent, os.W_OK | os.X_OK)


def _sidecar(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix)


def _connect(path: Path, *, writable: bool) -> tuple[sqlite3.Connection, str | None]:
    """A connection, and a note for the user when what it shows may be incomplete.

    Reading commands get a read-only connection: they cannot write, checkpoint or delete the
    -wal on close, so a damaged journal (e.g. another journal's -wal restored beside it) is
    left exactly as it was. With a -wal, `mode=ro` reads it through the -shm (which SQLite
    creates if the folder allows). Without one, the file alone holds the journal and is opened
    `immutable`, so nothing is created beside it (`mode=ro` would leave an empty -wal and a
    -shm). The cost: a writer that starts and checkpoints during that read is not seen, and in
    the worst case the read fails as "damaged" and is simply run again; nothing is written.
    In a read-only folder a -wal without its -shm cannot be read at all: the file is then
    opened immutable too, with a note that the -wal's recent changes may not show."""
    options = {"timeout": _busy_ms() / 1000, "isolation_level": None}
    real = path.resolve()
    if writable:
        return sqlite3.connect(real, **options), None
    wal, shm = _sidecar(real, "-wal"), _sidecar(real, "-shm")
    has_wal = wal.exists() and wal.stat().st_size > 0
    note = None
    if has_wal and (shm.exists() or os.access(real.parent, os.W_OK | os.X_OK)):
        query = "mode=ro"
    else:
        # No -wal: the file alone holds the journal; immutable creates no -wal/-shm beside it.
        query = "mode=ro&immutable=1"
        if has_wal:
            note = (f"Note: the journal's most recent changes are in {wal}, which cannot be "
                    "read without a -shm file that this read-only folder cannot hold: they may "
                    "not show. Open the journal once where you may write to see them.")
    return sqlite3.connect(f"{real.as_uri()}?{query}", uri=True, **options), note


def _fsync(path: Path | str) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def quoted(name: str) -> str:
    """An SQL identifier, quoted (table and column names are never user text, but undo reads
    them back from the file)."""
    return '"' + name.replace('"', '""') + '"'


def fetch_all(conn: sqlite3.Connection, sql: str, params: tuple | list = ()) -> list[sqlite3.Row]:
    """Rows by column name, through a cursor of their own: the shared connection's
    `row_factory` is never changed, so nothing else can see tuples turn into rows."""
    cursor = conn.cursor()
    cursor.row_factory = sqlite3.Row
    try:
        return cursor.execute(sql, params).fetchall()
    finally:
        cursor.close()


def archive_observation(conn: sqlite3.Connection, row, *, replaced_at: str, reason: str,
                        change_id: int) -> None:
    """Keep an observation that is being replaced (a relog, an import's --replace) or undone in
    observation_history: the one place a value's earlier state is kept."""
    conn.execute(
        "INSERT INTO observation_history (date, symptom, severity, location, reported_by, "
        "recorded_at, replaced_at, reason, change_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (row["date"], row["symptom"], row["severity"], row["location"], row["reported_by"],
         row["recorded_at"], replaced_at, reason, change_id),
    )


class Change:
    """One write command in progress: inserts carry its id; updates keep a before-image.
    (A plain class, like the other objects on `cipn log`'s path: building dataclasses costs
    start-up time.)"""

    __slots__ = ("conn", "id", "now", "parts", "writes")

    def __init__(self, conn: sqlite3.Connection, id: int, now: str):
        self.conn = conn
        self.id = id
        self.now = now
        self.parts: list[str] = []
        self.writes = 0

    def insert(self, table: str, values: dict) -> int:
        columns = list(values) + ["change_id"]
        sql = (
            f"INSERT INTO {quoted(table)} ({', '.join(map(quoted, columns))}) "
            f"VALUES ({', '.join('?' for _ in columns)})"
        )
        self.writes += 1
        return self.conn.execute(sql, [*values.values(), self.id]).lastrowid

    def insert_many(self, table: str, rows: list[dict]) -> None:
        """Bulk insert off the `log` path (the demo): sqlite-utils' insert_all, in this
        change's transaction (it nests a savepoint); every row carries this change's id."""
        import sqlite_utils

        if not rows:
            return
        sqlite_utils.Database(self.conn)[table].insert_all(
            ({**row, "change_id": self.id} for row in rows), alter=False)
        self.writes += len(rows)

    def archive_observation(self, row, reason: str = "replaced") -> None:
        """Keep the observation `row` in observation_history before it is replaced."""
        archive_observation(self.conn, row, replaced_at=self.now, reason=reason,
                            change_id=self.id)
        self.writes += 1

    def update(self, table: str, row_id: int, values: dict) -> None:
        before = fetch_all(self.conn, f"SELECT * FROM {quoted(table)} WHERE id = ?",
                           (row_id,))[0]
        if before["change_id"] == self.id:
            before = None  # inserted by this change: undo removes it whole
        if before is not None:
            self.conn.execute(
                "INSERT INTO change_items (change_id, table_name, row_id, kind, data) "
                "VALUES (?, ?, ?, 'before', ?)",
                (self.id, table, row_id, json.dumps(dict(before))),
            )
        assignments = ", ".join(f"{quoted(column)} = ?" for column in values)
        self.conn.execute(
            f"UPDATE {quoted(table)} SET {assignments}, change_id = ? WHERE id = ?",
            [*values.values(), self.id, row_id],
        )
        self.writes += 1

    def describe(self, text: str) -> None:
        self.parts.append(text)


class Store:
    """An open journal. Use `Store.open(path, create=...)`; close with `close()`.

    A journal opened for a reading command (create=False) is read-only until a write begins
    (`change()`, `undo()`): only then is a writable connection opened, after checking that the
    journal's own bookkeeping is consistent (`_check_bookkeeping`)."""

    def __init__(self, conn: sqlite3.Connection, path: Path, *, read_only: bool = False):
        self.conn = conn
        self.path = path
        self.read_only = read_only
        self.notes: list[str] = []  # for the user (stderr), e.g. what a read may not show

    # -- opening ---------------------------------------------------------------------------
    @classmethod
    def open(cls, path: Path, *, create: bool) -> "Store | None":
        """Open the journal; create it when `create` (write commands), which also refuses a
        journal this user may not change. A reading command on a missing journal gets None and
        creates nothing; on an existing one it reads through a read-only connection."""
        try:
            return cls._open(path, create=create)
        except OSError as exc:  # e.g. a folder on the way this user may not enter
            raise JournalError(
                f"Cannot open the journal {path}: {exc.strerror or exc}. Check the permissions "
                "of the file and its folders, or choose another file with --db."
            ) from None

    @classmethod
    def _open(cls, path: Path, *, create: bool) -> "Store | None":
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
                return None
            try:
                _create_file(path)
            except FileExistsError:
                pass  # another cipn created it a moment ago
            except OSError as exc:
                raise JournalError(
                    f"Cannot create the journal {path}: {exc.strerror}. "
                    "Choose a writable location with --db."
                ) from None
        writable = _may_write(path)
        if create and not writable:
            # A write command stops here, before anything it does first (the demo's backup).
            raise JournalError(_read_only_message(path))
        store = cls._connected(path, writable=create)
        if not create and store.conn.execute("PRAGMA user_version").fetchone()[0] \
                < migrations.SCHEMA_VERSION:
            store.close()
            if not writable:
                raise JournalError(
                    f"The journal {path} was written by an older version of cipn-journal and "
                    "is read-only for you, so it cannot be upgraded: nothing was written. Open "
                    "it once where you may write to it (any command upgrades it), or read a "
                    "copy made with `cp`.")
            # An older journal is upgraded once, by a writable connection of its own, before
            # the reading command reads it (read-only) as a current one.
            cls._connected(path, writable=True).close()
            store = cls._connected(path, writable=False)
        return store

    @classmethod
    def _connected(cls, path: Path, *, writable: bool) -> "Store":
        try:
            conn, note = _connect(path, writable=writable)
        except sqlite3.Error as exc:
            _raise_translated(exc, path)
        store = cls(conn, path, read_only=not writable)
        if note:
            store.notes.append(note)
        try:
            store._prepare()
        except sqlite3.Error as exc:
            conn.close()
            _raise_translated(exc, path)
        except BaseException:
            conn.close()
            raise
        return store

    def _prepare(self) -> None:
        version = self.conn.execute("PRAGMA user_version").fetchone()[0]
        tables = {row[0] for row in self.conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")}
        ours = {"changes", "change_items", *migrations.DATA_TABLES}
        if (version == 0 and tables) or (version != 0 and not tables & ours):
            # Another program's database (whatever its user_version says): none of our tables.
            raise JournalUnreadable(
                f"The file {self.path} is an SQLite database of another program, not a cipn "
                "journal: it was not changed. Choose another file with --db."
            )
        if version < 0:
            raise JournalUnreadable(self._damaged(f"its schema version is {version}"))
        if version > migrations.SCHEMA_VERSION:
            raise JournalTooNew(
                f"The journal {self.path} was written by a newer version of cipn-journal "
                f"(schema version {version}; this version reads up to "
                f"{migrations.SCHEMA_VERSION}). It was not changed: upgrade cipn-journal "
                "to use it."
            )
        page_size = self.conn.execute("PRAGMA page_size").fetchone()[0]
        if version > 0 and _looks_unusual(self.path, page_size):
            found = self.conn.execute("PRAGMA quick_check(1)").fetchone()[0]
            if found != "ok":
                raise JournalUnreadable(self._damaged(f"SQLite's check says: {found[:120]}"))
        if not self.read_only:
            self.conn.execute(f"PRAGMA synchronous = {SYNCHRONOUS}")
        if version < migrations.SCHEMA_VERSION:
            if self.read_only:
                return  # upgraded by Store._open when this user may write; else read as is
            if self.conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                self.conn.execute("PRAGMA journal_mode = WAL")
            try:
                migrations.apply(self.conn)
            except migrations.NewerJournal as exc:
                raise JournalTooNew(
                    f"The journal {self.path} was written by a newer version of cipn-journal "
                    f"(it has changes this version does not know: {exc}). It was not changed: "
                    "upgrade cipn-journal to use it.") from None
            return
        missing = ours - tables
        if missing:
            raise JournalUnreadable(self._damaged(f"the table {sorted(missing)[0]} is missing"))

    def _damaged(self, why: str) -> str:
        return (f"The journal {self.path} cannot be read: it is damaged ({why}). It was not "
                "changed. Restore it from a backup (`cipn backup` makes them) or choose another "
                "file with --db.")

    def _for_writing(self) -> None:
        """Before a write: a writable connection (a reading command's store was read-only),
        and a journal whose bookkeeping can be trusted."""
        if self.read_only:
            if not _may_write(self.path):
                raise JournalError(_read_only_message(self.path))
            writable = self._connected(self.path, writable=True)
            self.conn.close()
            self.conn, self.read_only = writable.conn, False

    def _check_bookkeeping(self, new_id: int) -> None:
        """Inside a write's transaction, before it writes anything else: the id the change is
        about to use must be newer than every change id the journal's rows carry. A journal
        whose `changes` table lost rows (a damaged page) would otherwise reuse an old id, and
        `cipn undo` would then remove every row that old change wrote."""
        newest = max((self.scalar(f"SELECT MAX(change_id) FROM {quoted(table)}") or 0
                      for table in ("change_items", *migrations.DATA_TABLES)), default=0)
        if newest >= new_id:
            raise JournalUnreadable(
                f"The journal {self.path} is damaged: its record of changes is incomplete "
                f"(rows carry change {newest}, but the newest change it lists is "
                f"{new_id - 1}). Nothing was written. Make a copy now with `cipn backup`, then "
                "restore the journal from an earlier backup or choose another file with --db; "
                "reading commands (history, export) still show what it holds."
            )

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- transactions ----------------------------------------------------------------------
    @contextmanager
    def change(self, command: str) -> Iterator[Change]:
        """One write command as one transaction. A change that wrote nothing leaves no trace."""
        self._for_writing()
        now = utc_now()
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            cursor = self.conn.execute(
                "INSERT INTO changes (recorded_at, command) VALUES (?, ?)", (now, command)
            )
            self._check_bookkeeping(cursor.lastrowid)
            change = Change(self.conn, cursor.lastrowid, now)
            yield change
            if change.writes:
                self.conn.execute(
                    "UPDATE changes SET summary = ? WHERE id = ?",
                    ("; ".join(change.parts), change.id),
                )
                self.conn.execute("COMMIT")
            else:
                self.conn.execute("ROLLBACK")
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise

    # -- reading, for the store's own modules (callers outside store/ use their functions) --
    def rows(self, sql: str, params: tuple | list = ()) -> list[sqlite3.Row]:
        return fetch_all(self.conn, sql, params)

    def row(self, sql: str, params: tuple | list = ()) -> sqlite3.Row | None:
        found = self.rows(sql, params)
        return found[0] if found else None

    def scalar(self, sql: str, params: tuple | list = ()):
        found = self.conn.execute(sql, params).fetchone()
        return found[0] if found else None

    def last_change_id(self) -> int | None:
        """The newest change's id (None: no change yet)."""
        return self.scalar("SELECT MAX(id) FROM changes")

    def has_entries(self) -> bool:
        """Whether the journal holds anything a user could want back: a row of any data table,
        or a copy kept by undo or a replacement (change_items)."""
        return any(
            self.scalar(f"SELECT 1 FROM {quoted(table)} LIMIT 1")
            for table in ("change_items", *migrations.DATA_TABLES)
        )

    def clear(self, change: Change) -> None:
        """Empty every data table (the demo's --force, after a backup)."""
        for table in migrations.DATA_TABLES:
            self.conn.execute(f"DELETE FROM {quoted(table)}")
        self.conn.execute("DELETE FROM change_items WHERE change_id != ?", (change.id,))
        self.conn.execute("UPDATE changes SET undone_at = ? WHERE id != ? AND undone_at IS NULL",
                          (change.now, change.id))

    def backup(self, target: Path) -> None:
        """A consistent copy of the live journal (VACUUM INTO a 0600 temporary file in the
        target's folder, flushed to disk, then renamed into place): a crash leaves either the
        old target or the complete copy, never a partial file."""
        import tempfile

        fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        os.close(fd)  # mkstemp creates it 0600; VACUUM INTO accepts an empty file
        try:
            try:
                self.conn.execute("VACUUM INTO ?", (temp,))
            except sqlite3.Error as exc:
                # The copy, not the journal, is what could not be written.
                if getattr(exc, "sqlite_errorcode", 0) & 0xFF not in (_FULL, _IOERR):
                    raise
                raise JournalError(
                    f"Could not write a copy of the journal in {target.parent}: "
                    + ("no space left on the disk" if exc.sqlite_errorcode & 0xFF == _FULL
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

    # -- undo ------------------------------------------------------------------------------
    def undo(self) -> sqlite3.Row | None:
        """Revert the most recent change that is not yet undone; return it, or None."""
        self._for_writing()
        now = utc_now()
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            self._check_bookkeeping((self.last_change_id() or 0) + 1)
            last = self.row(
                "SELECT * FROM changes WHERE undone_at IS NULL ORDER BY id DESC LIMIT 1"
            )
            if last is None:
                self.conn.execute("ROLLBACK")
                return None
            self._revert(last["id"], now)
            self.conn.execute("UPDATE changes SET undone_at = ? WHERE id = ?", (now, last["id"]))
            self.conn.execute("COMMIT")
            return last
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise

    def _columns(self, table: str) -> set[str]:
        return {row[1] for row in self.conn.execute(f"PRAGMA table_info({quoted(table)})")}

    def _before_image(self, item) -> dict:
        """The before-image an undo restores, checked against the journal's own schema: a
        `change_items` row naming another table or column (a damaged or edited file) is
        refused, never turned into SQL."""
        try:
            before = json.loads(item["data"])
        except (TypeError, ValueError):
            before = None
        table = item["table_name"]
        unknown = None
        if table not in migrations.DATA_TABLES:
            unknown = f"the table {table!r}"
        elif not isinstance(before, dict) or "id" not in before:
            unknown = "a before-image that is not a row"
        else:
            extra = sorted(set(before) - self._columns(table))
            if extra:
                unknown = f"the column {extra[0]!r} of {table}"
        if unknown is not None:
            raise JournalUnreadable(
                f"Cannot undo: the journal {self.path} is damaged (its undo record "
                f"{item['id']} names {unknown}, which a cipn journal does not have). Nothing "
                "was changed. Restore it from a backup (`cipn backup` makes them) or choose "
                "another file with --db."
            )
        del before["id"]
        return before

    def _revert(self, change_id: int, now: str) -> None:
        # History rows this change wrote: a relog's record of the value it replaced (that value
        # comes back below as the current one), or rows an import brought, whatever their
        # reason ('replaced' or 'undone' in the file). Either way a copy is kept in change_items
        # before the row goes. (The rows this undo archives below are written after this.)
        for row in self.rows(
            "SELECT * FROM observation_history WHERE change_id = ? ORDER BY id", (change_id,),
        ):
            self.conn.execute(
                "INSERT INTO change_items (change_id, table_name, row_id, kind, data) "
                "VALUES (?, 'observation_history', ?, 'undone', ?)",
                (change_id, row["id"], json.dumps(dict(row))),
            )
            self.conn.execute("DELETE FROM observation_history WHERE id = ?", (row["id"],))
        restored: set[tuple[str, int]] = set()
        items = self.rows(
            "SELECT * FROM change_items WHERE change_id = ? AND kind = 'before' ORDER BY id DESC",
            (change_id,),
        )
        for item in items:
            table, row_id = item["table_name"], item["row_id"]
            before = self._before_image(item)
            current = self.row(f"SELECT * FROM {quoted(table)} WHERE id = ?", (row_id,))
            if current is not None and table == "observations":
                archive_observation(self.conn, current, replaced_at=now, reason="undone",
                                    change_id=change_id)
            assignments = ", ".join(f"{quoted(column)} = ?" for column in before)
            self.conn.execute(
                f"UPDATE {quoted(table)} SET {assignments} WHERE id = ?",
                [*before.values(), row_id]
            )
            restored.add((table, row_id))
        for table in migrations.DATA_TABLES:
            if table == "observation_history":
                continue
            for row in self.rows(f"SELECT * FROM {quoted(table)} WHERE change_id = ?",
                                 (change_id,)):
                if (table, row["id"]) in restored:
                    continue
                if table == "alerts":
                    self.conn.execute(
                        "UPDATE alerts SET status = 'undone' WHERE id = ?", (row["id"],)
                    )
                    continue
                if table == "observations":
                    archive_observation(self.conn, row, replaced_at=now, reason="undone",
                                        change_id=change_id)
                else:
                    self.conn.execute(
                        "INSERT INTO change_items (change_id, table_name, row_id, kind, data) "
                        "VALUES (?, ?, ?, 'undone', ?)",
                        (change_id, table, row["id"], json.dumps(dict(row))),
                    )
                self.conn.execute(f"DELETE FROM {quoted(table)} WHERE id = ?", (row["id"],))
