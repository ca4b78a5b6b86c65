"""The CSV export: one row per day and symptom, for a spreadsheet; weekly PRO-CTCAE answers and
extents are rows too (`weekly_rows`), after that day's symptoms. UTF-8 with a byte-order mark
(so that spreadsheet programs read accents right) and a header row. A cell that a spreadsheet
could run as a formula (starting with =, +, -, @, tab or carriage return) is prefixed with an
apostrophe, as OWASP advises, unless it is a plain number. A line break typed any way (CR LF,
CR) is a line break in the cell and other control characters are U+FFFD (output.printable).
"""

import csv
import heapq
import io
import re
from datetime import date

from cipn_journal.domain import proctcae
from cipn_journal.domain.treatment import cycle_day, cycles_of
from cipn_journal.export.selection import Selection
from cipn_journal.output import printable
from cipn_journal.reports import history
from cipn_journal.store import treatments
from cipn_journal.store.weekly import day_extents, extent_reporters, weekly_records

COLUMNS = ("date", "symptom", "severity", "where", "limits", "falls", "note", "reported_by",
           "cycle", "cycle_day")
# A line break first too: some spreadsheets drop leading whitespace before reading a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
_PLAIN_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?")


def cell(value) -> str:
    """A value as a cell that a spreadsheet shows and never evaluates."""
    if value is None:
        return ""
    text = printable(str(value))  # line breaks as LF in the cell, other controls U+FFFD
    if text.startswith(_FORMULA_START) and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def export(store, selection: Selection) -> str:
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    if store is None or selection.start is None:
        return buffer.getvalue()

    rows = ((row.date, row.symptom, row.severity, row.where, row.limits, row.falls, row.note,
             row.reported_by) for row in history.rows(store, selection.window))
    cycles = CycleDays(store)
    # Both are in date order; on a date, the day's symptoms come first.
    for row in heapq.merge(rows, weekly_rows(store, selection), key=lambda r: r[0]):
        cycle, day = cycles.of(date.fromisoformat(row[0]))
        writer.writerow([cell(v) for v in (*row, cycle, day)])
    return buffer.getvalue()


WEEKLY_PREFIX = "weekly:"
EXTENT_PREFIX = "extent:"


def weekly_rows(store, selection: Selection) -> list[tuple]:
    """The weekly records and logged extents of the window as rows of the CSV's first eight
    columns, oldest first: `weekly:numbness.severity` with the 0-4 answer in the severity
    column (items the skip rule scored 0 included), `weekly:numbness.composite` with the
    composite grade 0-3, and `extent:hands` / `extent:feet` with the level 0-4 logged with
    `cipn log --extent` (a weekly record's extent is `weekly:extent.feet`)."""
    found: list[tuple] = []
    for record in weekly_records(store, selection.start, selection.end):
        day = record.day.isoformat()
        for key in proctcae.ALL_KEYS:
            if key in record.answers:
                found.append((day, WEEKLY_PREFIX + key, record.answers[key], None, None, None,
                              None, record.reported_by))
        for term, grade in record.composite.items():
            if grade is not None:
                found.append((day, f"{WEEKLY_PREFIX}{term}.composite", grade, None, None, None,
                              None, record.reported_by))
    reporters = extent_reporters(store, selection.start, selection.end)
    for extent_day, levels in day_extents(store, selection.start, selection.end):
        for limb, level in levels.items():
            if level is not None:
                found.append((extent_day.isoformat(), EXTENT_PREFIX + limb, level, None, None, None,
                              None, reporters.get(extent_day)))
    found.sort(key=lambda row: row[0])
    return found


class CycleDays:
    """Each day's cycle and day in the cycle, as `cipn history` counts them
    (`treatment.cycle_day`). When drugs given on different schedules disagree, both are given,
    e.g. "3; 1"."""

    def __init__(self, store):
        infusions = treatments.load_infusions(store)
        self.dates = sorted({i.date for i in infusions})
        self.cycles = cycles_of(infusions)
        self.known: dict[date, tuple[str | None, str | None]] = {}

    def of(self, day: date) -> tuple[str | None, str | None]:
        if day not in self.known:
            self.known[day] = self._find(day)
        return self.known[day]

    def _find(self, day: date) -> tuple[str | None, str | None]:
        found = list(dict.fromkeys((c.cycle, number) for c, number in
                                   cycle_day(self.cycles, self.dates, day)))
        if not found:
            return None, None
        return "; ".join(str(n) for n, _ in found), "; ".join(str(d) for _, d in found)
