"""A writer process for the kill -9 and concurrency tests (tests/test_reliability.py).

    python tests/helpers_writer.py DB SYMPTOM FIRST COUNT

runs `cipn --db DB log SYMPTOM=S --date D --note TAG` COUNT times, one command after the other,
each through the app's real boundary (open, one transaction, close), and prints `ACK N CODE`
after each command returns. Entry N is (day TODAY - N days, SYMPTOM, severity N % 11) with the
note `SYMPTOM-N`. Running the commands in one process keeps the loop fast enough that a kill
lands inside a command, not in Python's start-up.
"""

import sys
from datetime import date, timedelta


def entry(symptom: str, number: int, today: date) -> tuple[str, str, int, str]:
    """(day, symptom, severity, note) of entry `number`."""
    return ((today - timedelta(days=number)).isoformat(), symptom, number % 11,
            f"{symptom}-{number}")


def main(argv: list[str]) -> None:
    import os

    from cipn_journal.cli import app

    db, symptom, first, count = argv[0], argv[1], int(argv[2]), int(argv[3])
    today = date.fromisoformat(os.environ["CIPN_JOURNAL_TODAY"])
    for number in range(first, first + count):
        day, key, severity, note = entry(symptom, number, today)
        try:
            app(args=["--db", db, "log", f"{key}={severity}", "--date", day, "--note", note],
                prog_name="cipn")
            code = 0
        except SystemExit as exit:
            code = exit.code
        sys.stdout.write(f"ACK {number} {code}\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main(sys.argv[1:])
