"""Undo's bookkeeping: reverting one change (its inserted rows removed, its updated rows given
back their before-images, every removed row kept in observation_history or change_items), and
the check that a journal's record of changes can be trusted before a write or an undo uses it.
The transaction around them is the Store's (store/connection.py)."""

import sqlite3
from pathlib import Path

from cipn_journal.errors import JournalUnreadable
from cipn_journal.store import migrations
from cipn_journal.store.sql import fetch_all, quoted, table_columns


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


def check_bookkeeping(conn: sqlite3.Connection, path: Path, new_id: int) -> None:
    """Inside a write's transaction, before it writes anything else: the id the change is
    about to use must be newer than every change id the journal's rows carry. A journal
    whose `changes` table lost rows (a damaged page) would otherwise reuse an old id, and
    `cipn undo` would then remove every row that old change wrote."""
    newest = max((conn.execute(f"SELECT MAX(change_id) FROM {quoted(table)}").fetchone()[0] or 0
                  for table in ("change_items", *migrations.DATA_TABLES)), default=0)
    if newest >= new_id:
        raise JournalUnreadable(
            f"The journal {path} is damaged: its record of changes is incomplete "
            f"(rows carry change {newest}, but the newest change it lists is "
            f"{new_id - 1}). Nothing was written. Make a copy now with `cipn backup`, then "
            "restore the journal from an earlier backup or choose another file with --db; "
            "reading commands (history, export) still show what it holds."
        )


def revert(conn: sqlite3.Connection, path: Path, change_id: int, now: str) -> None:
    """Revert the change `change_id` inside the caller's transaction."""
    # History rows this change wrote: a relog's record of the value it replaced (that value
    # comes back below as the current one), or rows an import brought, whatever their
    # reason ('replaced' or 'undone' in the file). Either way a copy is kept in change_items
    # before the row goes. (The rows this undo archives below are written after this.)
    for row in fetch_all(
        conn, "SELECT * FROM observation_history WHERE change_id = ? ORDER BY id", (change_id,),
    ):
        conn.execute(
            "INSERT INTO change_items (change_id, table_name, row_id, kind, data) "
            "VALUES (?, 'observation_history', ?, 'undone', ?)",
            (change_id, row["id"], json_text(dict(row))),
        )
        conn.execute("DELETE FROM observation_history WHERE id = ?", (row["id"],))
    restored: set[tuple[str, int]] = set()
    items = fetch_all(
        conn,
        "SELECT * FROM change_items WHERE change_id = ? AND kind = 'before' ORDER BY id DESC",
        (change_id,),
    )
    for item in items:
        table, row_id = item["table_name"], item["row_id"]
        before = _before_image(conn, path, item)
        found = fetch_all(conn, f"SELECT * FROM {quoted(table)} WHERE id = ?", (row_id,))
        current = found[0] if found else None
        if current is not None and table == "observations":
            archive_observation(conn, current, replaced_at=now, reason="undone",
                                change_id=change_id)
        assignments = ", ".join(f"{quoted(column)} = ?" for column in before)
        conn.execute(
            f"UPDATE {quoted(table)} SET {assignments} WHERE id = ?",
            [*before.values(), row_id]
        )
        restored.add((table, row_id))
    for table in migrations.DATA_TABLES:
        if table == "observation_history":
            continue
        for row in fetch_all(conn, f"SELECT * FROM {quoted(table)} WHERE change_id = ?",
                             (change_id,)):
            if (table, row["id"]) in restored:
                continue
            if table == "alerts":
                conn.execute("UPDATE alerts SET status = 'undone' WHERE id = ?", (row["id"],))
                continue
            if table == "observations":
                archive_observation(conn, row, replaced_at=now, reason="undone",
                                    change_id=change_id)
            else:
                conn.execute(
                    "INSERT INTO change_items (change_id, table_name, row_id, kind, data) "
                    "VALUES (?, ?, ?, 'undone', ?)",
                    (change_id, table, row["id"], json_text(dict(row))),
                )
            conn.execute(f"DELETE FROM {quoted(table)} WHERE id = ?", (row["id"],))


def _before_image(conn: sqlite3.Connection, path: Path, item) -> dict:
    """The before-image an undo restores, checked against the journal's own schema: a
    `change_items` row naming another table or column (a damaged or edited file) is
    refused, never turned into SQL."""
    try:
        before = _loads(item["data"])
    except (TypeError, ValueError):
        before = None
    table = item["table_name"]
    unknown = None
    if table not in migrations.DATA_TABLES:
        unknown = f"the table {table!r}"
    elif not isinstance(before, dict) or "id" not in before:
        unknown = "a before-image that is not a row"
    else:
        extra = sorted(set(before) - table_columns(conn, table))
        if extra:
            unknown = f"the column {extra[0]!r} of {table}"
    if unknown is not None:
        raise JournalUnreadable(
            f"Cannot undo: the journal {path} is damaged (its undo record "
            f"{item['id']} names {unknown}, which a cipn journal does not have). Nothing "
            "was changed. Restore it from a backup (`cipn backup` makes them) or choose "
            "another file with --db."
        )
    del before["id"]
    return before


def json_text(value) -> str:
    import json  # lazy: a `log` that writes nothing keeps nothing for undo

    return json.dumps(value)


def _loads(text: str):
    import json

    return json.loads(text)
