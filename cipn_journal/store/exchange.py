"""The rows behind the JSON export and `cipn import`: a table's rows in an export window, every
row of a table to match a file's records against, and the writes of an import (a new record, a
replaced one, whose old value is kept as a relog keeps it). The export format's description
(export/schema.py) names the tables and columns; the SQL is here."""

from datetime import date

from cipn_journal.errors import JournalUnreadable
from cipn_journal.store.connection import Change, Store
from cipn_journal.store.migrations import DATA_TABLES
from cipn_journal.store.sql import date_range, quoted, table_columns
from cipn_journal.store.sqlite_errors import damaged_message


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
        sql, params = date_range("asked", None, high)
        if low is not None:
            sql += " AND (asked >= ? OR done_at IS NULL)"
            params.append(low.isoformat())
        return sql, params
    sql, params = date_range("date", low, high)
    if table in _VERSIONED:
        sql += " AND replaced_at IS NULL"  # earlier versions stay in the file, not the export
    return sql, params


# Tables that keep each earlier version as a row marked `replaced_at` (store/weekly.py).
_VERSIONED = ("weekly_records", "extent_days")


def _select(store: Store, table: str, columns: list[str]) -> str:
    if table not in DATA_TABLES:
        raise ValueError(f"{table!r} is not a table of the journal")
    # SQLite reads a quoted name that is not a column as a string: a column dropped from the
    # file would be exported as its own name, so a missing one is a damaged journal.
    missing = sorted(set(columns) - table_columns(store.conn, table))
    if missing:
        raise JournalUnreadable(damaged_message(
            store.path, f"the column {table}.{missing[0]} is missing"))
    return f"SELECT {', '.join(map(quoted, columns))} FROM {quoted(table)}"


def rows_in_window(store: Store, table: str, columns: list[str], low: date | None,
                   high: date | None) -> list[dict]:
    """The rows of `table` that belong to the window, as dicts of `columns`."""
    where, params = _where(table, low, high)
    return [dict(row) for row in store.rows(f"{_select(store, table, columns)} WHERE 1 = 1{where}",
                                            params)]


def all_rows(store: Store, table: str, columns: list[str]) -> list[tuple[int, dict]]:
    """Every row of `table` as (id, dict of `columns`), oldest first."""
    current = " WHERE replaced_at IS NULL" if table in _VERSIONED else ""
    sql = f"{_select(store, table, ['id', *columns])}{current} ORDER BY id"
    return [(row["id"], {column: row[column] for column in columns}) for row in store.rows(sql)]


def alert_keys(store: Store, ids: set[int]) -> dict[int, dict]:
    """{id: {date, subject, rule}} of the alerts `ids`: how the JSON export names the alert
    another escalates (its row id means nothing in another journal)."""
    found: dict[int, dict] = {}
    wanted = sorted(ids)
    for start in range(0, len(wanted), 500):
        part = wanted[start:start + 500]
        for row in store.rows("SELECT id, date, subject, rule FROM alerts WHERE id IN "
                              f"({', '.join('?' for _ in part)})", part):
            found[row["id"]] = {"date": row["date"], "subject": row["subject"],
                                "rule": row["rule"]}
    return found


def alerts_by_key(store: Store) -> dict[tuple[str, str, str], list[tuple[int, str]]]:
    """Every alert's (id, status) by (date, subject, rule), oldest first: to find the alert an
    imported one escalates."""
    found: dict[tuple[str, str, str], list[tuple[int, str]]] = {}
    for row in store.rows("SELECT id, date, subject, rule, status FROM alerts ORDER BY id"):
        found.setdefault((row["date"], row["subject"], row["rule"]), []).append(
            (row["id"], row["status"]))
    return found


# The local day stored beside a UTC time (issue 24 item 20): a file from before it names only
# the time, so the import records that time's day in this machine's zone, once.
_LOCAL_DAYS = {"alerts": ("acknowledged_on", "acknowledged_at"),
               "questions": ("done_on", "done_at")}


def _with_local_day(change: Change, table: str, values: dict) -> dict:
    if table not in _LOCAL_DAYS:
        return values
    day, at = _LOCAL_DAYS[table]
    if values.get(day) is None and values.get(at) is not None:
        found = change.conn.execute("SELECT date(?, 'localtime')", (values[at],)).fetchone()
        return {**values, day: found[0]}
    return values


def add(change: Change, table: str, values: dict) -> int:
    """A record of the file, new to the journal."""
    if table not in DATA_TABLES:
        raise ValueError(f"{table!r} is not a table of the journal")
    return change.insert(table, _with_local_day(change, table, values))


def replace(store: Store, change: Change, table: str, row_id: int, values: dict) -> None:
    """The file's values for a record that differs from the journal's (`--replace`). For a
    symptom value, the journal's value is kept in observation_history, as a relog keeps it."""
    if table not in DATA_TABLES:
        raise ValueError(f"{table!r} is not a table of the journal")
    values = _with_local_day(change, table, values)
    if table == "observations":
        change.archive_observation(store.row("SELECT * FROM observations WHERE id = ?",
                                             (row_id,)))
    if table in _VERSIONED:  # as answering again: the journal's record stays, marked replaced
        row = dict(store.rows(f"SELECT * FROM {quoted(table)} WHERE id = ?", (row_id,))[0])
        change.update(table, row_id, {"replaced_at": change.now})
        kept = {k: v for k, v in row.items() if k not in ("id", "change_id", "replaced_at")}
        change.insert(table, {**kept, **values})
        return
    change.update(table, row_id, values)
