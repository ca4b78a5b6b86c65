"""`cipn history` on a terminal (a Rich table, a column per symptom) and as plain text."""

from itertools import groupby

from cipn_journal.output import safe
from cipn_journal.symptoms import band


def _by_day(rows):
    return [(day, list(group)) for day, group in groupby(rows, key=lambda r: r.date)]


def _columns(rows, symptoms):
    present = {r.symptom for r in rows if r.symptom}
    return [s for s in symptoms if s.key in present]


def plain(rows, symptoms, cycles: dict[str, str] | None = None) -> str:
    columns = _columns(rows, symptoms)
    cycles = cycles or {}
    lines = []
    for day, group in _by_day(rows):
        values = {r.symptom: r for r in group if r.symptom}
        first = group[0]
        facts = [safe(cycles[day], one_line=True)] if day in cycles else []
        if first.limits:
            facts.append(f"limits: {first.limits}")
        if first.falls:
            facts.append(f"falls: {first.falls}")
        if first.reported_by == "caregiver":
            facts.append("by caregiver")
        cells = [f"{s.key}={values[s.key].severity}" + (
            f"({values[s.key].where})" if values[s.key].where else "")
            for s in columns if s.key in values]
        lines.append(f"{day}  " + "  ".join(cells) + ("  | " + ", ".join(facts) if facts else ""))
        if first.note:
            for note in first.note.split("\n"):
                lines.append(" " * 12 + "note: " + safe(note, one_line=True))
    return "\n".join(lines)


STYLES = {"none": "dim", "mild": "green", "moderate": "yellow", "severe": "bold red"}


def table(rows, symptoms, cycles: dict[str, str] | None = None):
    from rich.table import Table
    from rich.text import Text

    columns = _columns(rows, symptoms)
    cycles = cycles or {}
    grid = Table(title="Symptoms by day (0 none - 10 worst)", title_justify="left")
    grid.add_column("Date", no_wrap=True)
    if cycles:
        grid.add_column("Cycle", no_wrap=True)
    for s in columns:
        grid.add_column(s.key, justify="right")
    grid.add_column("Limits")
    grid.add_column("Falls", justify="right")
    grid.add_column("Notes", overflow="fold")
    for day, group in _by_day(rows):
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
        cells.append(Text(safe(first.note or "", one_line=True)))
        grid.add_row(*cells)
    return grid
