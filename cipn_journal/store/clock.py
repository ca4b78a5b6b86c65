"""The clock every change records: UTC now, or the time CIPN_JOURNAL_NOW / CIPN_JOURNAL_TODAY
fix for tests and demos. The commands read today from the same place (commands.today), so the
day a record is filed under and the time it records never disagree."""

import os
from datetime import UTC, date, datetime

from cipn_journal.domain.dates import EARLIEST, LATEST
from cipn_journal.errors import BadInput


def utc_now() -> str:
    """When a change is recorded: UTC, ISO-8601 with offset. See `fixed_now` for the clock
    that tests and demos fix."""
    fixed = fixed_now()
    return (fixed or datetime.now(UTC)).astimezone(UTC).isoformat(timespec="seconds")


def fixed_now() -> datetime | None:
    """The fixed clock, or None for the real one. CIPN_JOURNAL_NOW (an ISO time with an offset,
    e.g. 2026-11-25T09:30:00+01:00) fixes the time every change records, and with it today (its
    local day). CIPN_JOURNAL_TODAY alone (an ISO date) fixes today; recorded times are then the
    current local time of day on that day, so that a record's local day is always today. When
    both are set they must name the same local day. A bad value is BadInput (exit 2)."""
    now_text = os.environ.get("CIPN_JOURNAL_NOW")
    today_text = os.environ.get("CIPN_JOURNAL_TODAY")
    if not now_text and not today_text:
        return None
    day = None
    if today_text:
        try:
            day = date.fromisoformat(today_text)
        except ValueError:
            day = None
        if day is None or not EARLIEST <= day <= LATEST:
            raise BadInput(
                f"CIPN_JOURNAL_TODAY={today_text[:40]!r} is not an ISO date from "
                f"{EARLIEST.isoformat()} to {LATEST.isoformat()}, like 2026-11-03.")
    if not now_text:
        assert day is not None  # CIPN_JOURNAL_TODAY alone, checked above
        return datetime.combine(day, datetime.now().time()).astimezone()
    try:
        now = datetime.fromisoformat(now_text)
    except ValueError:
        now = None
    if now is None or now.tzinfo is None:
        raise BadInput(f"CIPN_JOURNAL_NOW={now_text!r} is not an ISO time with an offset like "
                       "2026-11-25T09:30:00+01:00.")
    if not EARLIEST <= now.date() <= LATEST:
        raise BadInput(f"CIPN_JOURNAL_NOW={now_text[:40]!r} is not a time from "
                       f"{EARLIEST.isoformat()} to {LATEST.isoformat()}.")
    if day is not None and now.astimezone().date() != day:
        raise BadInput(f"CIPN_JOURNAL_NOW={now_text!r} is on {now.astimezone().date()} here, "
                       f"not on CIPN_JOURNAL_TODAY={today_text}: set one, or both to the same "
                       "day.")
    return now
