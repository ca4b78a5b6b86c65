"""The journal's one exception family.

Every problem a user can fix is a JournalError with a message that says how; `cli.py` prints it
once and exits with its code (1: fix the situation, 2: bad usage or bad input).
"""


class JournalError(Exception):
    """A problem the user can fix; the message says how."""

    exit_code = 1


class BadInput(JournalError):
    """Bad usage or bad input: names the bad value and what would be accepted."""

    exit_code = 2


class JournalBusy(JournalError):
    """Another program holds the journal's write lock longer than the busy timeout."""


class JournalUnreadable(JournalError):
    """The journal file is not a SQLite database, is corrupt, or cannot be opened."""


class JournalTooNew(JournalError):
    """The journal was written by a newer version of cipn-journal."""


class OutputExists(JournalError):
    """An output file exists and --force was not given."""
