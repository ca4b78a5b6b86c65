"""The export's window (`select`): --since/--until read as the days a report covers and the
bounds of the records it carries. Every reader accepts `store=None` (no journal yet)."""

from dataclasses import dataclass
from datetime import date

from cipn_journal.domain.clinical import DEFAULT_WINDOW_DAYS as DEFAULT_DAYS
from cipn_journal.domain.dates import parse_when, window_word
from cipn_journal.reports.window import Window, resolve
from cipn_journal.store.visits import last_visit


@dataclass(frozen=True)
class Selection:
    """The export's window. `start`/`end` are the report's days; `low`/`high` bound the records
    (None: unbounded), so that `--since all` without `--until` is the whole journal, including
    infusions recorded before the first logged day and visits planned for later."""

    start: date | None
    end: date
    today: date
    how: str  # why this window, for the report's header
    low: date | None
    high: date | None

    @property
    def window(self) -> Window:
        return Window(self.start, self.end)


def select(store, since: str | None, until: str | None, *, today: date) -> Selection:
    """--since/--until as the export's window. Default: since the last visit recorded on or
    before the window's end, else the last 28 days."""
    how = ""
    if since is None:
        end = parse_when(until, today=today) if until else today
        visit = last_visit(store, today)
        if visit is not None and visit <= end:
            since, how = "last-visit", f"since the last visit, {visit.isoformat()}"
        else:
            how = f"the last {DEFAULT_DAYS} days"
    word = window_word(since)
    window = resolve(store, since, until, today=today, default_days=DEFAULT_DAYS)
    if word == "all":
        how = "the whole journal"
    elif word == "last-visit" and not how:
        how = f"since the last visit, {window.start}"  # an ISO date
    low = None if word == "all" else window.start
    high = window.end if until else None
    return Selection(window.start, window.end, today, how, low, high)
