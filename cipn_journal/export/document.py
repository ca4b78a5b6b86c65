"""The visit report as a list of plain blocks (headings, paragraphs, lists, tables, charts), built
once from a `model.Report` and rendered by `markdown.py` and `html.py`. Every string here is
plain text, whoever wrote it: the renderers escape all of it for their destination.
"""

from dataclasses import dataclass, field
from datetime import date

from cipn_journal.domain import clinical
from cipn_journal.export.model import Report, cycle_end
from cipn_journal.output import one_decimal

TITLE = "CIPN symptom summary"
DISCLAIMER = ("This summary records and summarises what was reported in cipn-journal, a personal "
              "journal that nobody monitors; it is not medical advice.")
DATES_SHOWN = 10

Span = tuple[str, bool]  # text, strong


@dataclass
class Heading:
    text: str
    level: int = 2


@dataclass
class Para:
    parts: list[Span]
    style: str = ""  # "note": the disclaimer; "small": explanations; "notice": a caution

    @classmethod
    def of(cls, text: str, style: str = "") -> "Para":
        return cls([(text, False)], style)


@dataclass
class Items:
    items: list[list[Span]]
    ordered: bool = False


@dataclass
class Grid:
    headers: list[str]
    rows: list[list[str]]
    right: set[int] = field(default_factory=set)
    nowrap: set[int] = field(default_factory=set)  # dates: a line break after "2026-" misleads


@dataclass
class Charts:
    """One small chart per symptom (HTML only): daily values and infusion days."""

    report: Report


Block = Heading | Para | Items | Grid | Charts


_days = clinical.days_words


def _listed(days: list[str]) -> str:
    shown = ", ".join(days[:DATES_SHOWN])
    more = len(days) - DATES_SHOWN
    return shown + (f" and {more} more" if more > 0 else "")


def _valued(value: int | None, day: date | None) -> str:
    if value is None or day is None:
        return "not logged"
    return f"{value} ({day.isoformat()})"


def _amount(value: float | None, unit: str | None) -> str:
    from cipn_journal.domain.treatment import amount

    return f"{amount(value)} {unit}" if value is not None and unit else ""


def _visit(visit: dict) -> str:
    return visit["date"] + (f" (with {visit['with']})" if visit["with"] else "")


# -- the sections -----------------------------------------------------------------------------
def header(report: Report) -> list[Block]:
    summary = report.summary
    start, end = report.start, report.end
    span = f"{start.isoformat()} to {end.isoformat()}" if start else f"up to {end.isoformat()}"
    window = [("Window: ", True), (span, False)]
    if report.selection.how:
        window.append((f" ({report.selection.how})", False))
    if start is not None:
        window.append((f"; {_days(len(summary.days))}, {len(summary.logged_days)} with "
                       "entries.", False))
    else:
        window.append(("; nothing logged yet.", False))
    who = {"patient": "the patient", "caregiver": "a caregiver"}
    reporters = [f"{who.get(name, name)} ({_days(count)})"
                 for name, count in report.reporters.items()]
    lines = [window, [("Reported by: ", True),
                      ((", ".join(reporters) if reporters else "nobody in this window") + ".",
                       False)]]
    if report.last_visit:
        lines.append([("Last visit: ", True), (_visit(report.last_visit) + ".", False)])
    if report.next_visit:
        lines.append([("Next visit: ", True), (_visit(report.next_visit) + ".", False)])
    return [Heading(f"{TITLE}, {span}", 1), Items(lines)]


def grade(report: Report) -> list[Block]:
    summary = report.summary
    blocks: list[Block] = [
        Heading("Grade estimate"),
        Para.of(f"A {clinical.GRADE_LABEL} from the symptoms and limits logged, not a clinical "
                f"grade (wording from {clinical.GRADE_SOURCE}).", "small"),
    ]
    if summary.grade_latest is None:
        blocks.append(Para.of("No day in this window has symptoms or limits logged."))
        return blocks
    items = []
    for what, estimate in (("Latest", summary.grade_latest), ("Highest", summary.grade_peak)):
        items.append([(f"{what}, {estimate.date.isoformat()}: grade {estimate.grade}", True),
                      (f", {estimate.wording} (based on: {estimate.basis}).", False)])
    blocks.append(Items(items))
    return blocks


def symptoms(report: Report) -> list[Block]:
    summary = report.summary
    blocks: list[Block] = [Heading(f"Symptoms ({clinical.SCALE_WORDS})")]
    if summary.is_empty:
        blocks.append(Para.of("Nothing was logged in this window."))
        return blocks
    if not summary.symptoms:
        blocks.append(Para.of("No symptom above 0 has been logged in this journal."))
        return blocks
    total = len(summary.days)
    rows = [[stats.label, one_decimal(stats.baseline), one_decimal(stats.recent),
             one_decimal(stats.change, signed=True), stats.trend or "-",
             _valued(stats.peak, stats.peak_date), _valued(stats.latest, stats.latest_date),
             f"{stats.days}/{total}"] for stats in summary.symptoms]
    blocks.append(Grid(["Symptom", "Baseline", "Recent", "Change", "Trend", "Peak (date)",
                        "Latest (date)", "Days logged"], rows, right={1, 2, 3, 7},
                        nowrap={5, 6}))
    explain = clinical.TREND_EXPLAINED
    blocks.append(Para.of(explain[0].upper() + explain[1:], "small"))
    blocks.append(Charts(report))
    return blocks


def alerts(report: Report) -> list[Block]:
    """The alerts for the care team, `today` ones first, in the third person (issue 14 item
    19: derived from the alert's rule, subject, value and reference)."""
    from cipn_journal.domain.alerts import clinician_message
    from cipn_journal.domain.dates import local_day

    blocks: list[Block] = [Heading("\"Notify your doctor\" alerts in this window")]
    if not report.alerts:
        blocks.append(Para.of("None."))
        return blocks
    rows = []
    for alert in report.alerts:
        if alert["status"] == "open":
            status = "open: not yet marked as told to the care team"
        else:
            status = "care team told"
            if alert["acknowledged_at"]:
                status += f" ({local_day(alert['acknowledged_at']).isoformat()})"
            if alert["ack_note"]:
                status += f": {alert['ack_note']}"
        rows.append([alert["date"], clinician_message(  # the key reads as a short name
            alert, alert["subject"], report.summary.first_day), status])
    blocks.append(Grid(["Date", "Alert", "Status"], rows, nowrap={0}))
    return blocks


def _drug(row: dict) -> str:
    typed = " ".join(row["entered"].split())
    return row["drug"] if typed.casefold() == row["drug"].casefold() else (
        f"{row['drug']} ({typed})")


def _persisted(cycle: dict, *, over: bool) -> str:
    persisted = [s for s in cycle["symptoms"] if s["persisted"]]
    if cycle["persisted"] is True:
        return "symptoms persisted to the next cycle: " + ", ".join(
            f"{s['symptom']} {s['before_next']} before the next infusion (baseline "
            f"{one_decimal(s['baseline'])})" for s in persisted)
    if cycle["persisted"] is False:
        return "symptoms did not persist to the next cycle"
    if cycle["next_date"] is None:
        return "no next infusion recorded" if over else "no next infusion yet"
    return clinical.BEFORE_NEXT_UNKNOWN


def treatment(report: Report) -> list[Block]:
    blocks: list[Block] = [Heading("Chemotherapy")]
    if not report.infusions and not report.cycles:
        blocks.append(Para.of("No infusion recorded in this window."))
    if report.infusions:
        rows = [[t["date"], _drug(t), str(t["cycle"] or ""), _amount(t["dose"], t["unit"]),
                 t["route"] or "", _amount(t["cumulative"], t["unit"]), t["note"] or ""]
                for t in report.infusions]
        blocks.append(Grid(["Date", "Drug", "Cycle", "Dose", "Route", "Cumulative dose",
                            "Note"], rows, right={2, 3, 5}, nowrap={0, 3, 5}))
    if report.totals:
        parts = [f"{t['drug']} {_amount(t['total'], t['unit'])} ({t['infusions']} "
                 f"infusion{'s' if t['infusions'] != 1 else ''})" for t in report.totals]
        blocks.append(Para([(f"Total recorded to {report.end.isoformat()}: ", True),
                            ("; ".join(parts) + ".", False)]))
    if report.cycles:
        items = []
        for cycle in report.cycles:
            end = cycle_end(cycle, report.end)
            span = f"{cycle['date']} to {end.isoformat()}" if end else f"from {cycle['date']}"
            persisted = _persisted(cycle, over=end is not None)
            items.append([(f"{cycle['drug']} cycle {cycle['cycle']}", True),
                          (f" ({span}): {persisted}.", False)])
        blocks.append(Para.of("Did symptoms persist until the next cycle? "
                              f"({clinical.PERSISTED_EXPLAINED})", "small"))
        blocks.append(Items(items))
    if report.coasting:
        blocks.append(Para.of(report.coasting, "notice"))
    return blocks


def function(report: Report) -> list[Block]:
    summary = report.summary
    items = []
    if summary.falls:
        items.append([("Falls: ", True), (f"{summary.falls} ("
                                          f"{_listed([d.isoformat() for d in summary.fall_days])}"
                                          ").", False)])
    else:
        items.append([("Falls: ", True), ("none reported.", False)])
    for kind in ("everyday", "selfcare"):
        days = [d.isoformat() for d, limit in summary.limits if limit == kind]
        words = (f"limited on {_days(len(days))} ({_listed(days)})." if days
                 else "not reported as limited.")
        limit = clinical.limit_words(kind)
        items.append([(limit[0].upper() + limit[1:] + ": ", True), (words, False)])
    return [Heading("Falls and limits on daily activities"), Items(items)]


def meds(report: Report) -> list[Block]:
    blocks: list[Block] = [Heading("Supplements and medicines")]
    if not report.meds:
        blocks.append(Para.of("None recorded for this window."))
        return blocks
    rows = [[m["name"], m["kind"], m["start"] or "not given", m["stop"] or "still taking",
             m["note"] or ""] for m in report.meds]
    blocks.append(Grid(["Name", "Kind", "Started", "Stopped", "Note"], rows, nowrap={2}))
    return blocks


def notes(report: Report) -> list[Block]:
    blocks: list[Block] = [Heading("Notes")]
    if not report.notes:
        blocks.append(Para.of("No notes in this window."))
        return blocks
    items = []
    for day, text, by in report.notes:
        who = " (caregiver)" if by == "caregiver" else ""
        items.append([(f"{day}{who}: ", True), (text, False)])
    blocks.append(Items(items))
    return blocks


def questions(report: Report) -> list[Block]:
    blocks: list[Block] = [Heading("Questions for the doctor")]
    if not report.questions:
        blocks.append(Para.of("No open questions."))
        return blocks
    blocks.append(Items([[(q["text"], False), (f" (asked {q['asked']})", False)]
                         for q in report.questions], ordered=True))
    return blocks


def build(report: Report) -> list[Block]:
    blocks: list[Block] = []
    for section in (header, grade, symptoms, alerts, treatment, function, meds, notes,
                    questions):
        blocks += section(report)
    blocks.append(Para.of(DISCLAIMER, "note"))
    return blocks
