"""Where the journal lives: --db, then CIPN_JOURNAL_DB, then the platform's data directory.
Resolving a path has no side effects; only opening a journal for a write creates its folder and
file (store/opening.py)."""

import os
from pathlib import Path


def default_path() -> Path:
    from platformdirs import user_data_path  # heavy: off the `log` path when --db is given

    return user_data_path("cipn-journal") / "journal.db"


def journal_path(option: str | None) -> Path:
    """--db, then CIPN_JOURNAL_DB, then the platform's data directory. No side effects."""
    chosen = option or os.environ.get("CIPN_JOURNAL_DB")
    return Path(chosen).expanduser() if chosen else default_path()
