"""Resolving `--since`/`--until` into a window of days, both ends included. Besides every WHEN
form, `--since` accepts `all` (the whole journal) and `last-visit` (the most recent visit on or
before today). The journal's days come from the store; this module holds no SQL."""

from dataclasses import dataclass
from datetime import date, timedelta

from cipn_journal.domain.dates import ACCEPTED, parse_when, window_word
from cipn_journal.errors import BadInput
from cipn_journal.store.journal import first_day
from cipn_journal.store.visits import last_visit


@dataclass(frozen=True)
class Window:
    start: date | None  # None: from the first day logged
    end: date

    def days(self) -> list[date]:
        if self.start is None:
            return []
        return [self.start + timedelta(days=n) for n in range((self.end - self.start).days + 1)]

    def bounds(self) -> tuple[str, str]:
        return (self.start.isoformat() if self.start else "0000-01-01", self.end.isoformat())


def resolve(store, since: str | None, until: str | None, *, today: date,
            default_days: int | None = None) -> Window:
    """The window for --since/--until. Without --since: the last `default_days` days ending at
    --until, or the whole journal when `default_days` is None."""
    end = parse_when(until, today=today) if until else today
    if since is None:
        start = end - timedelta(days=default_days - 1) if default_days else first_day(store)
    elif window_word(since) == "all":
        start = first_day(store)
    elif window_word(since) == "last-visit":
        start = last_visit(store, today)
        if start is None:
            raise BadInput(
                "--since last-visit: no visit is recorded on or before today. Record one with "
                "`cipn visit add WHEN`, or give a date."
            )
    else:
        try:
            start = parse_when(since, today=today)
        except BadInput:
            raise BadInput(f"--since {since!r} is not all, last-visit, or a date: use "
                           f"{ACCEPTED}.") from None
    if start is not None and start > end:
        raise BadInput(
            f"--since {start.isoformat()} is after --until {end.isoformat()}: "
            "the window must start on or before its end."
        )
    return Window(start, end)
