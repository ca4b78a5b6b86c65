"""Whether the weekly PRO-CTCAE questions are due (issue 16 item 5, issue 18 item 1): the line
`cipn checkin` ends with and `cipn remind` adds. Due when the last weekly answers are 7 or more
days old, or when there are none yet and the journal began 7 or more days ago; so never on a
journal's first day. Three indexed look-ups: `cipn remind` runs it every evening.
"""

from datetime import date

from cipn_journal.domain.clinical import WEEKLY_RECALL_DAYS
from cipn_journal.store.journal import logged_span
from cipn_journal.store.weekly import first_day, last_record

COMMAND = "cipn weekly"
FIRST = f"Answer the weekly questions: {COMMAND}"


def days_since(store, today: date) -> int | None:
    """Days since the last weekly answers when they are due, -1 when due with none answered
    yet, None when not due (or no journal)."""
    if store is None:
        return None

    last = last_record(store, today)
    if last is not None:
        days = (today - last.day).days
        return days if days >= WEEKLY_RECALL_DAYS else None
    starts = [day for day in (logged_span(store)[0], first_day(store)) if day is not None]
    if starts and (today - min(starts)).days >= WEEKLY_RECALL_DAYS:
        return -1
    return None


def message(days: int | None) -> str | None:
    """The line for `days_since`'s answer, or None."""
    if days is None:
        return None
    if days < 0:
        return FIRST
    return f"It has been {days} days since your weekly questions: {COMMAND}"


def due_line(store, today: date) -> str | None:
    return message(days_since(store, today))
