"""The Store: an open journal, and each write command as one transaction (`Change`).

Design: plain tables a person can read with any SQLite tool. Each write command is one
transaction recorded as a row of `changes`; every row it inserts carries that `change_id`, and the
before-image of every row it updates is kept in `change_items`. `undo` uses both to revert the
most recent change, moving what it removes into `observation_history` or `change_items`, so
nothing is ever destroyed. Uses the stdlib sqlite3 module directly so that `cipn log` starts
fast (sqlite-utils only for the demo's bulk inserts: see the package docstring).

Beside it: paths.py (where the journal lives), clock.py (the time a change records),
opening.py (creating and opening the file safely), sqlite_errors.py (SQLite's errors as
messages), in_use.py (another process using the file), undo.py (reverting a change), backup.py
(a consistent copy), sql.py (helpers).
"""

import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from cipn_journal.errors import JournalError, JournalTooNew, JournalUnreadable
from cipn_journal.store import migrations, opening
from cipn_journal.store.backup import copy_journal
from cipn_journal.store.clock import utc_now
from cipn_journal.store.in_use import in_use_elsewhere
from cipn_journal.store.opening import StrayWal
from cipn_journal.store.sql import fetch_all, quoted
from cipn_journal.store.sqlite_errors import raise_translated, read_only_message
from cipn_journal.store.undo import archive_observation, check_bookkeeping, json_text, revert

OPEN_RETRY_PAUSES_S = (0.1, 0.2, 0.3, 0.4)


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
        row_id = self.conn.execute(sql, [*values.values(), self.id]).lastrowid
        assert row_id is not None  # set by an INSERT
        return row_id

    def insert_many(self, table: str, rows: list[dict]) -> None:
        """Bulk insert off the `log` path (the demo): sqlite-utils' insert_all, in this
        change's transaction (it nests a savepoint); every row carries this change's id."""
        import sqlite_utils

        if not rows:
            return
        sqlite_utils.Database(self.conn).table(table).insert_all(
            ({**row, "change_id": self.id} for row in rows), alter=False)
        self.writes += len(rows)

    def archive_observation(self, row, reason: str = "replaced") -> None:
        """Keep the observation `row` in observation_history before it is replaced."""
        archive_observation(self.conn, row, replaced_at=self.now, reason=reason,
                            change_id=self.id)
        self.writes += 1

    def update(self, table: str, row_id: int, values: dict) -> None:
        row = fetch_all(self.conn, f"SELECT * FROM {quoted(table)} WHERE id = ?", (row_id,))[0]
        before = None if row["change_id"] == self.id else row  # this change's: undo removes it
        if before is not None:
            self.conn.execute(
                "INSERT INTO change_items (change_id, table_name, row_id, kind, data) "
                "VALUES (?, ?, ?, 'before', ?)",
                (self.id, table, row_id, json_text(dict(before))),
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
    journal's own bookkeeping is consistent (`store.undo.check_bookkeeping`)."""

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
        if not opening.check_path(path, create=create):
            return None
        writable = opening.may_write(path)
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
        """A checked connection. A file that reads as damaged while another program has it
        open is tried again for about a second (a state of that program's work may have been
        seen) before the error is given; the error then says to try again, not to restore."""
        for pause in OPEN_RETRY_PAUSES_S:
            try:
                return cls._connected_once(path, writable=writable)
            except StrayWal:
                raise  # looked at again already (opening.refuse_stray_wal)
            except JournalUnreadable:
                if not in_use_elsewhere(path):
                    raise
            time.sleep(pause)
        return cls._connected_once(path, writable=writable)

    @classmethod
    def _connected_once(cls, path: Path, *, writable: bool) -> "Store":
        try:
            conn, note = opening.connect(path, writable=writable)
        except sqlite3.Error as exc:
            raise_translated(exc, path)
        store = cls(conn, path, read_only=not writable)
        if note:
            store.notes.append(note)
        try:
            store._prepare()
        except sqlite3.Error as exc:
            conn.close()
            raise_translated(exc, path)
        except BaseException:
            conn.close()
            raise
        return store

    def _prepare(self) -> None:
        """Check the file (opening.check); upgrade an older journal when writable."""
        version = opening.check(self.conn, self.path, read_only=self.read_only)
        if version < migrations.SCHEMA_VERSION and not self.read_only:
            # (read-only: upgraded by Store._open when this user may write; else read as is)
            opening.use_wal(self.conn)
            try:
                migrations.apply(self.conn)
            except migrations.NewerJournal as exc:
                raise JournalTooNew(
                    f"The journal {self.path} was written by a newer version of cipn-journal "
                    f"(it has changes this version does not know: {exc}). It was not changed: "
                    "upgrade cipn-journal to use it.") from None

    def _for_writing(self) -> None:
        """Before a write: a writable connection (a reading command's store was read-only),
        and a journal whose bookkeeping can be trusted."""
        if self.read_only:
            if not opening.may_write(self.path):
                raise JournalError(read_only_message(self.path))
            writable = self._connected(self.path, writable=True)
            self.conn.close()
            self.conn, self.read_only = writable.conn, False

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
            change_id = cursor.lastrowid
            assert change_id is not None  # set by the INSERT
            check_bookkeeping(self.conn, self.path, change_id)
            change = Change(self.conn, change_id, now)
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
        """A consistent copy of the live journal at `target` (store/backup.py): a crash leaves
        either the old target or the complete copy, never a partial file."""
        copy_journal(self.conn, target)

    # -- undo ------------------------------------------------------------------------------
    def undo(self) -> sqlite3.Row | None:
        """Revert the most recent change that is not yet undone; return it, or None."""
        self._for_writing()
        now = utc_now()
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            check_bookkeeping(self.conn, self.path, (self.last_change_id() or 0) + 1)
            last = self.row(
                "SELECT * FROM changes WHERE undone_at IS NULL ORDER BY id DESC LIMIT 1"
            )
            if last is None:
                self.conn.execute("ROLLBACK")
                return None
            revert(self.conn, self.path, last["id"], now)
            self.conn.execute("UPDATE changes SET undone_at = ? WHERE id = ?", (now, last["id"]))
            self.conn.execute("COMMIT")
            return last
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise
