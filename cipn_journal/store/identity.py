"""The journal's identity: a random UUID made when the journal is created (migration
m005_journal_id), the seed of every FHIR id and calendar UID. A copy of the file (`cp`, `cipn
backup`) is the same journal; `profile set`, undo and imports keep it. All SQL for it lives here."""

from cipn_journal.store.connection import Change, Store


def journal_id(store: Store) -> str:
    return store.scalar("SELECT journal_id FROM journal WHERE id = 1")


def adopt(change: Change, journal_id: str) -> None:
    """Take another file's identity: only for a journal that `cipn import` has just created
    from that file's JSON export (rebuilt, it is the same journal). Not undone by undo."""
    change.conn.execute("UPDATE journal SET journal_id = ? WHERE id = 1", (journal_id,))
