"""The rows behind the JSON export and `cipn import`: a table's rows in an export window, every
row of a table to match a file's records against, and the writes of an import (a new record, a
replaced one, whose old value is kept as a relog keeps it). The export format's description
(export/schema.py) names the tables and columns; the SQL is here."""

from datetime import date

from cipn_journal.store.connection import Change, Store, quoted
from cipn_journal.store.migrations import DATA_TABLES


def _range(column: str, low: date | None, high: date | None) -> tuple[str, list]:
    sql, params = "", []
    if low is not None:
        sql += f" AND {column} >= ?"
        params.append(low.isoformat())
    if high is not None:
        sql += f" AND {column} <= ?"
        params.append(high.isoformat())
    return sql, params


def _where(table: str, low: date | None, high: date | None) -> tuple[str, list]:
    """Which rows of `table` belong to the window [low, high] (None: unbounded)."""
    if table in ("custom_symptoms", "profile"):
        return "", []  # needed to read any observation of a custom symptom
    if table == "meds":  # taken at some time in the window
        sql, params = "", []
        if high is not None:
            sql += " AND (start IS NULL OR start <= ?)"
            params.append(high.isoformat())
        if low is not None:
            sql += " AND (stop IS NULL OR stop >= ?)"
            params.append(low.isoformat())
        return sql, params
    if table == "questions":  # asked in the window, or still open
        sql, params = _range("asked", None, high)
        if low is not None:
            sql += " AND (asked >= ? OR done_at IS NULL)"
            params.append(low.isoformat())
        return sql, params
    return _range("date", low, high)


def _select(table: str, columns: list[str]) -> str:
    if table not in DATA_TABLES:
        raise ValueError(f"{table!r} is not a table of the journal")
    return f"SELECT {', '.join(map(quoted, columns))} FROM {quoted(table)}"


def rows_in_window(store: Store, table: str, columns: list[str], low: date | None,
                   high: date | None) -> list[dict]:
    """The rows of `table` that belong to the window, as dicts of `columns`."""
    where, params = _where(table, low, high)
    return [dict(row) for row in store.rows(f"{_select(table, columns)} WHERE 1 = 1{where}",
                                            params)]


def all_rows(store: Store, table: str, columns: list[str]) -> list[tuple[int, dict]]:
    """Every row of `table` as (id, dict of `columns`), oldest first."""
    return [(row["id"], {column: row[column] for column in columns})
            for row in store.rows(f"{_select(table, ['id', *columns])} ORDER BY id")]


def add(change: Change, table: str, values: dict) -> int:
    """A record of the file, new to the journal."""
    if table not in DATA_TABLES:
        raise ValueError(f"{table!r} is not a table of the journal")
    return change.insert(table, values)


def replace(store: Store, change: Change, table: str, row_id: int, values: dict) -> None:
    """The file's values for a record that differs from the journal's (`--replace`). For a
    symptom value, the journal's value is kept in observation_history, as a relog keeps it."""
    if table not in DATA_TABLES:
        raise ValueError(f"{table!r} is not a table of the journal")
    if table == "observations":
        change.archive_observation(store.row("SELECT * FROM observations WHERE id = ?",
                                             (row_id,)))
    change.update(table, row_id, values)
