"""The plain blocks a visit document is made of (headings, paragraphs, lists, tables, charts)
and the small text helpers the page-1 and detail sections share. `document.py` builds them;
`markdown.py`, `html.py` and `pdf.py` render them, escaping every string for its destination.
"""

from dataclasses import dataclass, field
from datetime import date

from cipn_journal.domain import clinical
from cipn_journal.domain.treatment import amount
from cipn_journal.export.visit_report import Report

DATES_SHOWN = 10
COURSE_LEGEND = (f"Each panel: one symptom, {clinical.SCALE_WORDS}, one point a day; shaded: "
                 "this summary's window; dashed vertical lines with a triangle: infusions.")

Span = tuple[str, bool]  # text, strong

# Symptom labels up to this long (the built-in ones are) are kept on one line in tables.
SHORT_LABEL = 32


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


@dataclass
class KeyPoints:
    """Page 1's box: one fact a line, each with its date, most urgent first."""

    points: list[tuple[str, str]]  # (date or span, fact)


@dataclass
class Course:
    """The course chart: one small panel per symptom logged above 0, sharing one time axis from
    the first infusion (or the journal's first day) to the end of the window; infusions marked,
    the window shaded."""

    days: list[date]
    panels: list[tuple[str, list[int | None]]]  # label, the value of each day (None: not logged)
    infusions: list[date]
    window_start: date | None
    # each panel's first value above 0 and its highest (the latest day of it), from the daily
    # values, not from the chart's points (a point of a long course stands for several days)
    facts: list[tuple[str, tuple[date, int], tuple[date, int]]] = field(default_factory=list)


def series_runs(values: "list[int | None]") -> list[list[tuple[int, int]]]:
    """A chart's series as its unbroken stretches of (index, value): a day without a value
    (None) ends a stretch, so a chart draws a line through each stretch and a dot for a
    stretch of one day, never a line across a gap. The HTML and PDF charts draw from this."""
    runs: list[list[tuple[int, int]]] = []
    run: list[tuple[int, int]] = []
    for index, value in enumerate(values):
        if value is None:
            if run:
                runs.append(run)
            run = []
            continue
        run.append((index, value))
    if run:
        runs.append(run)
    return runs


def course_ticks(block: "Course", most: int = 8) -> list[tuple[int, str]]:
    """Time-axis labels of the course chart: its first and last day, and at most `most` month
    starts between them (YYYY-MM), none crowding the ends."""
    days, count = block.days, len(block.days)
    months = [i for i in range(1, count) if days[i].month != days[i - 1].month]
    every = -(-len(months) // most) if months else 1
    ticks = [(0, days[0].isoformat())]
    ticks += [(i, days[i].strftime("%Y-%m")) for i in months[::every]
              if count / 10 < i < count - count / 5]  # the last day's label is wider
    return ticks + [(count - 1, days[-1].isoformat())]


@dataclass
class Details:
    """Where page 1 ends and the details begin (a print renderer may start a page here)."""


Block = Heading | Para | Items | Grid | Charts | KeyPoints | Course | Details


def short(label: str, limit: int = 22) -> str:
    """A symptom's label for a chart panel: up to its first comma ("Numbness, loss of
    feeling": "Numbness"), cut to `limit` characters."""
    head = label.split(",")[0].strip() or label
    return head if len(head) <= limit else head[:limit - 3] + "..."


def listed_days(days: list[str]) -> str:
    shown = ", ".join(days[:DATES_SHOWN])
    more = len(days) - DATES_SHOWN
    return shown + (f" and {more} more" if more > 0 else "")


def amount_text(value: float | None, unit: str | None) -> str:
    return f"{amount(value)} {unit}" if value is not None and unit else ""
