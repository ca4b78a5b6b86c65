"""`cipn history` on a terminal (a Rich table, a column per symptom) and as plain text, with a
marker line where several days in a row have no entry."""

from datetime import date
from itertools import groupby

from cipn_journal.domain.clinical import SCALE_MAX, band
from cipn_journal.domain.symptoms import LIMITS_TYPED
from cipn_journal.output import safe


def _by_day(rows):
    return [(day, list(group)) for day, group in groupby(rows, key=lambda r: r.date)]


GAP_MIN = 3  # this many days in a row without an entry get a marker line


def gap_before(previous: str | None, day: str) -> int:
    """How many days without an entry lie between two listed days, when at least GAP_MIN."""
    if previous is None:
        return 0
    missing = (date.fromisoformat(day) - date.fromisoformat(previous)).days - 1
    return missing if missing >= GAP_MIN else 0


def gap_words(missing: int) -> str:
    return f"… {missing} days without entries"


def _columns(rows, symptoms):
    present = {r.symptom for r in rows if r.symptom}
    return [s for s in symptoms if s.key in present]


def plain(rows, symptoms, cycles: dict[str, str] | None = None) -> str:
    columns = _columns(rows, symptoms)
    cycles = cycles or {}
    lines = []
    previous = None
    for day, group in _by_day(rows):
        missing, previous = gap_before(previous, day), day
        if missing:
            lines.append(gap_words(missing))
        values = {r.symptom: r for r in group if r.symptom}
        first = group[0]
        facts = [safe(cycles[day], one_line=True)] if day in cycles else []
        # Who reported: each value and the day's facts carry their own reporter (issue 12).
        reporters = {r.reported_by for r in group if r.symptom} | (
            {first.facts_reported_by} if first.facts_reported_by else set())
        if not reporters:
            reporters = {first.reported_by}
        everyone_caregiver = reporters == {"caregiver"}
        by_facts = (" by caregiver" if first.facts_reported_by == "caregiver"
                    and not everyone_caregiver else "")
        if first.limits:
            facts.append(("no limits" if first.limits == "none"
                          else f"limits: {LIMITS_TYPED.get(first.limits, first.limits)}")
                         + by_facts)
        if first.falls:
            facts.append(f"falls: {first.falls}" + (by_facts if not first.limits else ""))
        if everyone_caregiver:
            facts.append("by caregiver")
        logged = [values[s.key] for s in columns if s.key in values]
        told = {v.symptom: (f"({v.where})" if v.where else "")
                + (" by caregiver" if v.reported_by == "caregiver" and not everyone_caregiver
                   else "") for v in logged}
        # A full check-in is mostly zeros: each day lists them once, after the values.
        cells = [f"{v.symptom}={v.severity}{told[v.symptom]}" for v in logged if v.severity]
        zeros = [f"{v.symptom}{told[v.symptom]}" for v in logged if not v.severity]
        if zeros:
            cells.append("none: " + ", ".join(zeros))
        lines.append(f"{day}  " + "  ".join(cells) + ("  | " + ", ".join(facts) if facts else ""))
        if first.note:
            for note in first.note.split("\n"):
                lines.append(" " * 12 + "note: " + safe(note, one_line=True))
    return "\n".join(lines)


STYLES = {"none": "dim", "mild": "green", "moderate": "yellow", "severe": "bold red"}


# Short column headings so that a day fits on one line; `cipn symptoms` lists the full names.
SHORT = {"numbness": "numb", "tingling": "tingl", "burning": "burn", "pain": "pain",
         "cold": "cold", "balance": "balnc", "grip": "grip", "walking": "walk",
         "weakness": "weak", "bowel": "bowel", "bladder": "bladr"}


def _heading(key: str) -> str:
    return SHORT.get(key) or (key if len(key) <= 6 else key[:5] + "…")


def table_width(rows, symptoms, cycles: dict[str, str] | None = None) -> int:
    """The terminal width the Rich table needs; below it the plain lines read better."""
    columns = _columns(rows, symptoms)
    cycle_width = max((len(c) for c in (cycles or {}).values()), default=0)
    return (13 + (cycle_width + 3 if cycle_width else 0)
            + sum(max(len(_heading(s.key)), 2) + 3 for s in columns) + 11 + 8 + 2)


def table(rows, symptoms, cycles: dict[str, str] | None = None):
    """A table with a column per symptom; the notes follow it, one per line, so that a long
    note never squeezes the table."""
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    columns = _columns(rows, symptoms)
    cycles = cycles or {}
    from rich import box

    # The title is a line of its own, not the table's: it wraps at the terminal's width, not at
    # the (narrower) table's.
    title = Text(f"Symptoms by day (0 none - {SCALE_MAX} worst; · not logged)", style="italic")
    grid = Table(box=box.SIMPLE_HEAD)
    grid.add_column("Date", no_wrap=True)
    if cycles:
        grid.add_column("Cycle", no_wrap=True)
    for s in columns:
        grid.add_column(_heading(s.key), justify="right", no_wrap=True)
    grid.add_column("Limits", no_wrap=True)
    grid.add_column("Falls", justify="right", no_wrap=True)
    notes = Text()
    previous = None
    for day, group in _by_day(rows):
        missing, previous = gap_before(previous, day), day
        if missing:
            grid.add_row(Text(f"… {missing} days", style="dim"),
                         *([Text("")] * (len(columns) + 2 + (1 if cycles else 0))))
        values = {r.symptom: r for r in group if r.symptom}
        first = group[0]
        cells = [Text(day)]
        if cycles:
            cells.append(Text(safe(cycles.get(day, ""), one_line=True), style="dim"))
        for s in columns:
            if s.key in values:
                value = values[s.key].severity
                cells.append(Text(str(value), style=STYLES[band(value)]))
            else:
                cells.append(Text("·", style="dim"))
        cells.append(Text(first.limits or ""))
        cells.append(Text(str(first.falls) if first.falls else ""))
        grid.add_row(*cells)
        for note in (first.note or "").split("\n") if first.note else []:
            notes.append(f"{day}  ", style="bold")
            notes.append(safe(note, one_line=True) + "\n")
    legend = Text(", ".join(f"{_heading(s.key)} = {s.key}" for s in columns
                            if _heading(s.key) != s.key), style="dim")
    parts: list[Table | Text] = [title, grid]
    if legend.plain:
        parts.append(legend)
    if notes.plain:
        parts += [Text("Notes", style="bold"), notes]
    return Group(*parts)
