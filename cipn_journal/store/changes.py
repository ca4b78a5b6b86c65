"""Reads of the `changes` table for people: the recent changes (`cipn changes`) and the one
`cipn undo` would revert next (`undo --dry-run`). Writing changes and undoing them is
connection.py's (the Store)."""

from cipn_journal.store.connection import Store

CHANGE_KEYS = ("id", "recorded_at", "command", "summary", "undone_at")


def recent_changes(store: Store, count: int) -> list[dict]:
    """The `count` most recent changes, newest first, undone ones included (they say so)."""
    return [{key: row[key] for key in CHANGE_KEYS} for row in store.rows(
        "SELECT id, recorded_at, command, summary, undone_at FROM changes "
        "WHERE summary IS NOT NULL ORDER BY id DESC LIMIT ?", (count,))]


def next_to_undo(store: Store) -> dict | None:
    """The change `cipn undo` would revert now (the same choice as Store.undo), or None."""
    row = store.row("SELECT id, recorded_at, command, summary, undone_at FROM changes "
                    "WHERE undone_at IS NULL ORDER BY id DESC LIMIT 1")
    return {key: row[key] for key in CHANGE_KEYS} if row is not None else None
