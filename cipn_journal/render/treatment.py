"""Infusions, cycles, supplements and medicines, visits and questions: as plain text (pipes)
and as Rich tables (a terminal). Functions return text or renderables; every text a
user typed goes through `safe()`."""

from datetime import date

from cipn_journal.domain import clinical
from cipn_journal.domain.symptoms import typed_name
from cipn_journal.domain.treatment import amount, shown_name
from cipn_journal.output import safe
from cipn_journal.render.table import align

NO_TREATMENT = ("No infusion is recorded yet. Record one with: "
                "cipn treatment add oxaliplatin --date today --dose 85mg/m2 --route iv")
NO_MEDS = "No supplement or medicine is recorded yet. Add one with: cipn meds add glutamine"
NO_VISITS = "No visit is recorded yet. Add one with: cipn visit add 2026-12-01 --with 'Dr Rivera'"
NO_QUESTIONS = "No open questions. Collect one for the next visit with: cipn ask 'TEXT'"


def dose_label(dose: float | None, unit: str | None) -> str:
    return f"{amount(dose)} {unit}" if dose is not None and unit else ""


def _drug(row: dict) -> str:
    """The generic name, with what was typed when that was another name (a brand)."""
    typed = shown_name(row["entered"])  # a brand as it is written: 'eloxatin' is Eloxatin
    if typed.casefold() == row["drug"].casefold():
        return safe(row["drug"], one_line=True)
    return f"{safe(row['drug'], one_line=True)} ({safe(typed, one_line=True)})"


def _columns(rows: list[list[str]], header: list[str]) -> str:
    """Aligned plain-text columns; a column with nothing in any row is left out."""
    return "\n".join(align(header, rows, drop_empty=True))


def _grid(title: str, columns: list[tuple[str, dict]], rows: list[list], *,
          optional: tuple[str, ...] = (), **options):
    """A Rich table of Text cells; an optional column empty in every row is left out."""
    from rich.table import Table

    kept = [i for i, (name, _) in enumerate(columns)
            if name not in optional or any(row[i].plain for row in rows)]
    grid = Table(title=title, title_justify="left", caption_justify="left", **options)
    for i in kept:
        name, settings = columns[i]
        grid.add_column(name, **settings)
    for row in rows:
        grid.add_row(*(row[i] for i in kept))
    return grid


def totals_line(totals: list[dict]) -> str:
    """'Total recorded: oxaliplatin 510 mg/m2 (6 infusions)'."""
    parts = [f"{safe(t['drug'], one_line=True)} {amount(t['total'])} {t['unit']} "
             f"({t['infusions']} infusion{'s' if t['infusions'] != 1 else ''})" for t in totals]
    return "Total recorded: " + "; ".join(parts) + "." if parts else ""


def treatments_plain(rows: list[dict], totals: list[dict]) -> str:
    table = [[r["date"], str(r["cycle"] or ""), _drug(r), r["class"] or "",
              dose_label(r["dose"], r["unit"]), r["route"] or "",
              dose_label(r["cumulative"], r["unit"]), safe(r["note"] or "", one_line=True)]
             for r in rows]
    text = _columns(table, ["date", "cycle", "drug", "class", "dose", "route", "total", "note"])
    line = totals_line(totals)
    return text + ("\n\n" + line if line else "")


def treatments_table(rows: list[dict], totals: list[dict]):
    from rich.text import Text

    cells = []
    for r in rows:
        drug = Text(_drug(r), style="bold")
        drug.append(" · " + (r["class"] or "not on the list"), style="dim")
        cells.append([Text(r["date"]), Text(str(r["cycle"] or "")), drug,
                      Text(dose_label(r["dose"], r["unit"])), Text(r["route"] or ""),
                      Text(dose_label(r["cumulative"], r["unit"])),
                      Text(safe(r["note"] or "", one_line=True))])
    # Numbers never wrap; names and notes fold.
    fixed = {"justify": "right", "no_wrap": True}
    columns: list[tuple[str, dict]] = [
        ("Date", {"no_wrap": True}), ("Cycle", fixed), ("Drug", {"overflow": "fold"}),
        ("Dose", fixed), ("Route", {"no_wrap": True}), ("Total", fixed),
        ("Note", {"overflow": "fold", "min_width": 8})]
    return _grid("Infusions (oldest first)", columns, cells,
                 optional=("Dose", "Route", "Total", "Note"),
                 caption=totals_line(totals) or None)


# -- cycles -------------------------------------------------------------------------------------
def _number(value) -> str:
    if value is None:
        return "-"
    return amount(float(value)) if isinstance(value, float) else str(value)


def cycle_status(cycle: dict) -> str:
    if cycle["persisted"] is True:
        names = [typed_name(s["symptom"]) for s in cycle["symptoms"] if s["persisted"]]
        return "persisted to next cycle: " + ", ".join(names)
    if cycle["persisted"] is False:
        return "did not persist to next cycle"
    if cycle["next_date"] is None:
        return "no next infusion yet"
    return clinical.BEFORE_NEXT_UNKNOWN


def _span(cycle: dict) -> str:
    if cycle["next_date"] is None:
        return f"from {cycle['date']}"
    end = date.fromordinal(date.fromisoformat(cycle["next_date"]).toordinal() - 1)
    return f"{cycle['date']} to {end.isoformat()}"


def _felt(symptom: dict) -> bool:
    """Anything above 0: symptoms logged at 0 throughout are summed up in one line."""
    return any((symptom[k] or 0) > 0 for k in ("baseline", "peak", "before_next"))


def _quiet(cycle: dict) -> str:
    hidden = sum(not _felt(s) for s in cycle["symptoms"])
    if not hidden:
        return ""
    return ("other symptoms logged: 0 throughout" if hidden < len(cycle["symptoms"])
            else "symptoms logged: 0 throughout")


def _short_span(cycle: dict) -> str:
    """'24 Sep - 7 Oct 2026' for a terminal glance (the year once, or twice when it changes)."""
    start = date.fromisoformat(cycle["date"])
    if cycle["next_date"] is None:
        return f"from {start.day} {start:%b %Y}"
    end = date.fromordinal(date.fromisoformat(cycle["next_date"]).toordinal() - 1)
    first = f"{start.day} {start:%b}" + (f" {start.year}" if start.year != end.year else "")
    return f"{first} - {end.day} {end:%b %Y}"


def cycles_plain(cycles: list[dict]) -> str:
    blocks = []
    for cycle in cycles:
        head = (f"{safe(cycle['drug'], one_line=True)} cycle {cycle['cycle']}, {_span(cycle)}\n"
                f"  {cycle_status(cycle)}")
        rows = [[typed_name(s["symptom"]), _number(s["baseline"]), _number(s["peak"]),
                 _number(s["before_next"]),
                 {True: "yes", False: "no", None: "-"}[s["persisted"]]]
                for s in cycle["symptoms"] if _felt(s)]
        if rows:
            table = _columns(rows, ["symptom", "baseline", "peak", "before next", "persisted"])
            head += "\n" + "\n".join("  " + line for line in table.split("\n"))
        if _quiet(cycle):
            head += "\n  " + _quiet(cycle)
        if not cycle["symptoms"]:
            head += "\n  nothing logged yet"
        blocks.append(head)
    return "\n\n".join(blocks)


def cycles_table(cycles: list[dict]):
    """One section per cycle: the cycle, its days and its result on the left, a row per symptom
    felt (above 0) on the right."""
    from rich.table import Table
    from rich.text import Text

    grid = Table(title="Cycles: did symptoms persist to the next cycle?", title_justify="left",
                 caption=clinical.CYCLE_COLUMNS_EXPLAINED, caption_justify="left")
    grid.add_column("Cycle", ratio=None)
    grid.add_column("Symptom")
    for name in ("Baseline", "Peak", "Before next", "Persisted"):
        grid.add_column(name, justify="right")
    for cycle in cycles:
        style = {True: "bold yellow", False: "green", None: "dim"}[cycle["persisted"]]
        # Rich cells do not span rows: the cycle's lines go down its first rows.
        head = [Text(f"{safe(cycle['drug'], one_line=True)} cycle {cycle['cycle']}",
                     style="bold"), Text(_short_span(cycle)),
                Text(cycle_status(cycle), style=style)]
        rows = [
            [Text(typed_name(s["symptom"])), Text(_number(s["baseline"])), Text(_number(s["peak"])),
             Text(_number(s["before_next"])),
             Text({True: "yes", False: "no", None: "-"}[s["persisted"]],
                  style="bold yellow" if s["persisted"] else "")]
            for s in cycle["symptoms"] if _felt(s)
        ]
        if _quiet(cycle):
            rows.append([Text("others" if rows else "all", style="dim"), Text("0", style="dim"),
                         Text("0", style="dim"), Text(""), Text("")])
        if not rows:
            rows.append([Text("nothing logged yet", style="dim")] + [Text("")] * 4)
        rows += [[Text("")] * 5] * (len(head) - len(rows))
        for index, row in enumerate(rows):
            grid.add_row(head[index] if index < len(head) else Text(""), *row,
                         end_section=index == len(rows) - 1)
    return grid


# -- supplements and medicines ------------------------------------------------------------------
def _taken(med: dict) -> str:
    start = med["start"] or "start not given"
    return f"since {start}" if med["stop"] is None else f"{start} to {med['stop']}"


def meds_plain(meds: list[dict]) -> str:
    sections = []
    for title, chosen in (("Taking now", [m for m in meds if m["stop"] is None]),
                          ("Stopped", [m for m in meds if m["stop"] is not None])):
        if not chosen:
            continue
        rows = [[safe(m["name"], one_line=True), m["kind"], _taken(m),
                 safe(m["note"] or "", one_line=True)] for m in chosen]
        table = _columns(rows, ["name", "kind", "taken", "note"])
        sections.append(f"{title}:\n" + "\n".join("  " + line for line in table.split("\n")))
    return "\n\n".join(sections)


def meds_table(meds: list[dict]):
    from rich.text import Text

    cells = []
    for m in sorted(meds, key=lambda m: m["stop"] is not None):
        dim = "dim" if m["stop"] is not None else ""
        cells.append([Text(safe(m["name"], one_line=True), style=dim or "bold"),
                      Text(m["kind"], style=dim), Text(_taken(m), style=dim),
                      Text(safe(m["note"] or "", one_line=True), style=dim)])
    columns = [("Name", {"overflow": "fold"}), ("Kind", {}), ("Taken", {}),
               ("Note", {"overflow": "fold"})]
    return _grid("Supplements and medicines", columns, cells, optional=("Note",))


# -- visits -------------------------------------------------------------------------------------
def _when(visit: dict, today: date, context: str | None) -> str:
    day = date.fromisoformat(visit["date"])
    if day > today:
        return "upcoming"
    if day == today:
        return "today" + (f", {context}" if context else "")
    return context or ""


def visits_plain(found: list[dict], contexts: dict[int, str | None], today: date) -> str:
    rows = [[v["date"], safe(v["with"] or "", one_line=True),
             _when(v, today, contexts.get(v["id"]))] for v in found]
    return _columns(rows, ["date", "with", "when"])


def visits_table(found: list[dict], contexts: dict[int, str | None], today: date):
    from rich.text import Text

    cells = []
    for v in found:
        upcoming = date.fromisoformat(v["date"]) >= today
        cells.append([Text(v["date"], style="bold" if upcoming else ""),
                      Text(safe(v["with"] or "", one_line=True)),
                      Text(_when(v, today, contexts.get(v["id"])),
                           style="bold" if upcoming else "dim")])
    columns: list[tuple[str, dict]] = [("Date", {"no_wrap": True}),
                                       ("With", {"overflow": "fold"}), ("When", {})]
    return _grid("Visits", columns, cells, optional=("With", "When"))


# -- questions ----------------------------------------------------------------------------------
def _answered(question: dict, answered: dict[int, date]) -> str:
    day = answered.get(question["id"])
    return f"answered {day.isoformat()}" if day else "open"


def questions_plain(found: list[dict], answered: dict[int, date]) -> str:
    rows = [[str(q["id"]), safe(q["text"], one_line=True), q["asked"],
             _answered(q, answered)] for q in found]
    return _columns(rows, ["id", "question", "asked", "status"])


def questions_table(found: list[dict], answered: dict[int, date]):
    from rich.table import Table
    from rich.text import Text

    grid = Table(title="Questions for the care team", title_justify="left",
                 caption="Mark one answered: cipn questions done ID", caption_justify="left")
    grid.add_column("ID", justify="right")
    grid.add_column("Question", overflow="fold")
    grid.add_column("Asked", no_wrap=True)
    grid.add_column("Status", no_wrap=True)
    for q in found:
        done = q["id"] in answered
        grid.add_row(Text(str(q["id"])),
                     Text(safe(q["text"], one_line=True), style="dim" if done else "bold"),
                     Text(q["asked"]),
                     Text(_answered(q, answered), style="dim" if done else ""))
    return grid
