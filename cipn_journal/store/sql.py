"""Small SQL helpers the store's modules share: a quoted identifier, a table's columns, rows by
column name, and the date bounds of a window query. Nothing here opens, writes or decides."""

import sqlite3


def quoted(name: str) -> str:
    """An SQL identifier, quoted (table and column names are never user text, but undo reads
    them back from the file)."""
    return '"' + name.replace('"', '""') + '"'


def table_columns(conn: sqlite3.Connection, table: str) -> set[str]:
    """The column names the file's table `table` has (its own schema, not the expected one)."""
    return {row[1] for row in conn.execute(f"PRAGMA table_info({quoted(table)})")}


def fetch_all(conn: sqlite3.Connection, sql: str, params: tuple | list = ()) -> list[sqlite3.Row]:
    """Rows by column name, through a cursor of their own: the shared connection's
    `row_factory` is never changed, so nothing else can see tuples turn into rows."""
    cursor = conn.cursor()
    cursor.row_factory = sqlite3.Row
    try:
        return cursor.execute(sql, params).fetchall()
    finally:
        cursor.close()


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
