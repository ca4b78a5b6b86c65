"""Journals as released versions of cipn-journal left them on disk, for upgrade tests.

tests/fixtures/journals/vN.sql: a journal written by the code of schema version N (see make.sh
there), dumped as SQL text. `released_schema` gives an empty journal of version N: the frozen
migrations up to N without the `migrations` table, as the releases before the names wrote them
(test_migrations.py checks that it matches those files' schema)."""

import sqlite3
from pathlib import Path

from cipn_journal.store import migrations

JOURNALS = Path(__file__).parent / "fixtures" / "journals"
RELEASED = (1, 2, 3, 4)  # schema versions with a released journal in JOURNALS


def released_journal(path: Path, version: int) -> Path:
    """The released journal of `version` (with its rows) as the file `path`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.executescript((JOURNALS / f"v{version}.sql").read_text())
    finally:
        conn.close()
    return path


def released_schema(conn: sqlite3.Connection, version: int) -> None:
    """The empty tables of schema `version` as that release created them."""
    for _, script in migrations.MIGRATIONS[:version]:
        for statement in migrations.statements(script):
            conn.execute(statement)
    conn.execute(f"PRAGMA user_version = {version}")
