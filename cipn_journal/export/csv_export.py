"""The CSV export: one row per day and symptom, for a spreadsheet. UTF-8 with a byte-order mark
(so that spreadsheet programs read accents right) and a header row. A cell that a spreadsheet
could run as a formula (starting with =, +, -, @, tab or carriage return) is prefixed with an
apostrophe, as OWASP advises, unless it is a plain number; control characters other than tab
and newline are written as \\xNN, as on the terminal.
"""

import csv
import io
import re
from datetime import date

from cipn_journal.export.model import Selection
from cipn_journal.output import safe

COLUMNS = ("date", "symptom", "severity", "where", "limits", "falls", "note", "reported_by",
           "cycle", "cycle_day")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"-?\d+(\.\d+)?")


def cell(value) -> str:
    """A value as a cell that a spreadsheet shows and never evaluates."""
    if value is None:
        return ""
    text = safe(str(value))  # control characters as \xNN: a terminal shows them as text
    if text.startswith(_FORMULA_START) and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def export(store, selection: Selection) -> str:
    from cipn_journal.reports import history

    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    if store is None or selection.start is None:
        return buffer.getvalue()
    rows = history.rows(store, selection.window)
    cycles = CycleDays(store)
    for row in rows:
        cycle, day = cycles.of(date.fromisoformat(row.date))
        writer.writerow([cell(v) for v in (
            row.date, row.symptom, row.severity, row.where, row.limits, row.falls, row.note,
            row.reported_by, cycle, day)])
    return buffer.getvalue()


class CycleDays:
    """Each day's cycle and day in the cycle, as `cipn history` counts them
    (`treatment.cycle_day`). When drugs given on different schedules disagree, both are given,
    e.g. "3; 1"."""

    def __init__(self, store):
        from cipn_journal.domain.treatment import cycles_of
        from cipn_journal.store import care

        infusions = care.load_infusions(store)
        self.dates = sorted({i.date for i in infusions})
        self.cycles = cycles_of(infusions)
        self.known: dict[date, tuple[str | None, str | None]] = {}

    def of(self, day: date) -> tuple[str | None, str | None]:
        if day not in self.known:
            self.known[day] = self._find(day)
        return self.known[day]

    def _find(self, day: date) -> tuple[str | None, str | None]:
        from cipn_journal.domain.treatment import cycle_day

        found = list(dict.fromkeys((c.cycle, number) for c, number in
                                   cycle_day(self.cycles, self.dates, day)))
        if not found:
            return None, None
        return "; ".join(str(n) for n, _ in found), "; ".join(str(d) for _, d in found)
