"""The JSON export: the journal's records in the window (everything with `--since all`), in the
format `schema.py` describes, with stable keys and a stable order. `exported_at` is the only
value that differs between two exports of the same journal; record ids are not exported.
"""

import cipn_journal
from cipn_journal.export import schema
from cipn_journal.export.records import records
from cipn_journal.export.selection import Selection
from cipn_journal.output import json_text
from cipn_journal.store.clock import utc_now
from cipn_journal.store.identity import journal_id


def document(store, selection: Selection, *, now: str | None = None) -> dict:
    return {
        "format": schema.FORMAT,
        "format_version": schema.FORMAT_VERSION,
        "app_version": cipn_journal.__version__,
        "exported_at": now or utc_now(),  # the journal's clock: CIPN_JOURNAL_NOW fixes it
        "window": {
            "since": selection.low.isoformat() if selection.low else None,
            "until": selection.high.isoformat() if selection.high else None,
        },
        "journal_id": journal_id(store),
        **records(store, selection),
    }


def export(store, selection: Selection) -> str:
    return dumps(document(store, selection))


def dumps(data: dict) -> str:
    """Indented UTF-8 JSON; control characters a terminal could act on are \\u escapes (the
    same JSON value), so that `cat export.json` cannot move a cursor or retitle a window."""
    return json_text(data) + "\n"
