"""The framework's floor for `cipn log`: a minimal Typer command doing the same write.

It takes the same SYMPTOM=SEVERITY arguments and upserts them for today with stdlib sqlite3
into the file named by FLOOR_DB, in one transaction, with the journal's settings (WAL,
synchronous=FULL, 5 s busy timeout). `benchmarks/run.py` times it next to `cipn log`.
"""

import datetime
import os
import sqlite3
from typing import Annotated

import typer

SCHEMA = """
CREATE TABLE IF NOT EXISTS observations (
    date TEXT NOT NULL,
    symptom TEXT NOT NULL,
    severity INTEGER NOT NULL,
    PRIMARY KEY (date, symptom)
)
"""

UPSERT = """
INSERT INTO observations (date, symptom, severity) VALUES (?, ?, ?)
ON CONFLICT (date, symptom) DO UPDATE SET severity = excluded.severity
"""


def parse_pair(text: str) -> tuple[str, int]:
    """Split SYMPTOM=SEVERITY; a bad pair is a usage error (exit 2), as in `cipn log`."""
    symptom, sep, severity = text.partition("=")
    if not sep or not symptom or not severity.isdigit():
        raise typer.BadParameter(f"expected SYMPTOM=SEVERITY (a whole number), got {text!r}")
    return symptom.strip().lower(), int(severity)


def main(
    pairs: Annotated[
        list[str], typer.Argument(metavar="SYMPTOM=SEVERITY", help="For example numbness=3.")
    ],
) -> None:
    """Log today's severities into FLOOR_DB."""
    rows = [parse_pair(pair) for pair in pairs]
    today = datetime.date.today().isoformat()
    # Autocommit mode, so the explicit BEGIN/COMMIT below is the only transaction.
    connection = sqlite3.connect(os.environ["FLOOR_DB"], timeout=5.0, isolation_level=None)
    try:
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=FULL")
        connection.execute("BEGIN IMMEDIATE")
        connection.execute(SCHEMA)
        connection.executemany(UPSERT, [(today, symptom, value) for symptom, value in rows])
        connection.execute("COMMIT")
    finally:
        connection.close()
    print(f"Logged {len(rows)} symptoms for {today}.")


if __name__ == "__main__":
    typer.run(main)
