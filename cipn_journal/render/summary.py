"""`cipn summary` as a Rich renderable (terminal), plain aligned text (pipes) and a JSON
object with stable keys. Both text forms carry the same facts: severity bands are words as well
as colours. Numbers are rounded half up to one decimal for display; JSON keeps them exact. The
summary's sections (treatment, cycles, medicines) arrive as data and are worded here.
"""

import textwrap
from collections.abc import Callable
from datetime import date
from typing import Any

from cipn_journal.domain import clinical, proctcae, trends
from cipn_journal.domain.alert_display import shown_urgency
from cipn_journal.domain.alerts import spoken
from cipn_journal.domain.clinical import band
from cipn_journal.domain.proctcae import LIMBS
from cipn_journal.domain.symptoms import typed_name
from cipn_journal.domain.treatment import Plan, plan_words
from cipn_journal.output import one_decimal, safe
from cipn_journal.render import treatment as shown
from cipn_journal.render.alerts import alert_block_plain, alert_panel, escalation_note
from cipn_journal.render.table import align
from cipn_journal.reports.summary import Summary

__all__ = ["EXPLAIN", "LEGEND", "as_json", "one_decimal", "plain", "rich"]

TITLE = "How each symptom is moving"
HEADERS = ("symptom", "days", "latest", "peak", "mean", "baseline", "recent", "change",
           "level, direction")
RIGHT = {"days", "mean", "baseline", "recent", "change"}
# On a narrow terminal, columns are left out in this order rather than cut ("4…"): the table
# keeps the symptom, its latest value, the change and the trend down to about 40 columns.
DROP_ORDER = ("mean", "baseline", "days", "recent", "peak")
NOT_LOGGED = "not logged"


def _legend() -> str:
    """The sparkline legend: the mark of 0, the marks of each band (as `trends.mark` draws
    them) with the band's name and values, and the blank of a day not logged."""
    parts = [f"{trends.mark(0)} 0"]
    for name, low, high in clinical.BANDS[1:]:
        marks = "".join(dict.fromkeys(trends.mark(value) for value in range(low, high + 1)))
        parts.append(f"{marks} {name} ({clinical.band_span(name)})")
    return ", ".join(parts) + ", blank: not logged"


LEGEND = _legend()
EXPLAIN = clinical.TREND_EXPLAINED
GRADE_TITLE = (f"Grade ({clinical.GRADE_LABEL}, not a clinical grade; wording from "
               f"{clinical.GRADE_SOURCE})")
STYLES = {"none": "dim", "mild": "green", "moderate": "yellow", "severe": "bold red"}
TREND_STYLES = {trends.WORSENING: "bold yellow", trends.IMPROVING: "green", trends.STABLE: ""}
LIST_AT_MOST = 7  # dates listed in a line before "and N more"
WRAP = 100  # plain text: the explanation's line length


# -- numbers and dates ---------------------------------------------------------------------
def short_date(day: date, end: date) -> str:
    """"Nov 3"; with the year when it is not the window's last year."""
    text = f"{day:%b} {day.day}"
    return text if day.year == end.year else f"{text} {day.year}"


def _dates(days: list[date], end: date) -> str:
    shown = ", ".join(short_date(day, end) for day in days[:LIST_AT_MOST])
    more = len(days) - LIST_AT_MOST
    return shown + (f" and {more} more" if more > 0 else "")


_days = clinical.days_words


def _valued(value: int | None, day: date | None, end: date, *, omit: date | None = None,
            stacked: bool = False) -> str:
    """"4 moderate (Nov 20)"; without the date when it is `omit` (the window's last day)."""
    if value is None or day is None:
        return NOT_LOGGED
    shown = f"{value} {band(value)}"
    if day == omit:
        return shown
    return f"{shown}\n{short_date(day, end)}" if stacked else f"{shown} ({short_date(day, end)})"


def _alert_messages(summary: Summary) -> list[tuple[str, str]]:
    return [(shown_urgency(alert), summary.alerts_aged.get(alert["id"]) or (
        spoken(alert["message"], alert["date"], summary.today) + escalation_note(alert)))
            for alert in summary.alerts]


# -- the facts as lines, shared by both text forms -----------------------------------------
def header(summary: Summary) -> str:
    assert summary.start is not None, "a window with days logged has a start"
    count = len(summary.days)
    return (f"{TITLE}: {summary.start.isoformat()} to {summary.end.isoformat()} "
            f"({_days(count)})")


def row_cells(stats: trends.SymptomStats, summary: Summary, *, stacked: bool = False
              ) -> list[str]:
    """One table row; `stacked` puts the dates of latest and peak on a second line."""
    end = summary.end
    return [
        safe(typed_name(stats.key), one_line=True),
        str(stats.days),
        _valued(stats.latest, stats.latest_date, end, omit=end, stacked=stacked),
        _valued(stats.peak, stats.peak_date, end, stacked=stacked),
        one_decimal(stats.mean),
        one_decimal(stats.baseline),
        one_decimal(stats.recent),
        stats.change_text,
        level_and_direction(stats, summary.baseline_basis),
    ]


def level_and_direction(stats: trends.SymptomStats,
                        basis: trends.BaselineBasis | None = None) -> str:
    """The one trend sentence (issue 23 item 4): '+2.3 points since before treatment
    (worsening); steady over the last 2 weeks', or 'not logged since ... (last 3/10)'."""
    return stats.words


def basis_line(summary: Summary) -> str | None:
    basis = summary.baseline_basis
    if basis is None:
        return None
    return f"baseline: {basis.words()}, {_days(len(basis.days))} with entries."


def since_visit_lines(summary: Summary) -> list[str]:
    """'Since the last visit (2026-11-10): numbness 4.1 (was 3.0 the week before), +1.1'."""
    shown = [(s, s.since_visit) for s in summary.symptoms if s.since_visit]
    if not shown:
        return []
    visit = shown[0][1]["visit"]
    parts = [f"{safe(typed_name(s.key), one_line=True)}: " + clinical.not_logged_words(
                 short_date(date.fromisoformat(since["not_logged_since"]), summary.end),
                 since["last"]) if since.get("not_logged_since") else
             f"{safe(typed_name(s.key), one_line=True)} {one_decimal(s.recent)} "
             f"(was {one_decimal(since['before'])}, "
             f"{one_decimal(since['change'], signed=True)})" for s, since in shown
             if since.get("change") is not None or since.get("not_logged_since")]
    return [f"Since the last visit ({visit}): " + "; ".join(parts)]


def grade_lines(summary: Summary) -> list[str]:
    end = summary.end
    unrecorded = ([f"  latest day, {short_date(summary.grade_unrecorded, end)}: no estimate, "
                   f"{clinical.GRADE_NO_LIMITS_ANSWER}"] if summary.grade_unrecorded else [])
    disagree = [f"  {summary.grade_disagreement}"] if summary.grade_disagreement else []
    if summary.grade_latest is None or summary.grade_peak is None:  # both, or neither
        if unrecorded:
            return [GRADE_TITLE + ":", *unrecorded, *disagree]
        return [f"{GRADE_TITLE}: no day in this window with a limits answer "
                "and nerve symptoms logged.", *disagree]
    lines = [GRADE_TITLE + ":", *unrecorded]
    for what, estimate in (("latest estimate" if unrecorded else "latest day",
                            summary.grade_latest), ("highest", summary.grade_peak)):
        if what == "highest" and estimate == summary.grade_latest:
            lines.append("  highest in this window: the latest estimate")
            break
        lines.append(f"  {what}, {short_date(estimate.date, end)}: {estimate.words}")
        if estimate.grade:
            lines.append(f"    CTCAE v5.0 wording: {estimate.wording}")
    return lines + disagree


def fact_lines(summary: Summary) -> list[str]:
    end = summary.end
    falls = (f"Falls: {summary.falls} ({_dates(summary.fall_days, end)})" if summary.falls
             else "Falls: none")
    limits = "Limits reported: none"
    if summary.limits:
        parts = []
        for kind in ("everyday", "selfcare"):
            days = [day for day, limit in summary.limits if limit == kind]
            if days:
                parts.append(f"{clinical.LIMIT_NAMES[kind]} on {_days(len(days))} "
                             f"({_dates(days, end)})")
        limits = "Limits reported: " + "; ".join(parts)
    missing = "Days not logged: none"
    if summary.missing:
        missing = (f"Days not logged: {len(summary.missing)} of {summary.counted_days} "
                   f"({_dates(summary.missing, end)})")
    return [falls, limits, missing]


def spark_header(summary: Summary) -> str:
    _values, per = trends.spark_values([None] * len(summary.days))
    each = "one mark a day" if per == 1 else f"one mark per {per} days (their highest)"
    return f"Day by day, {each}"


def axis(summary: Summary, width: int) -> str:
    """Start and end dates under a sparkline `width` marks wide."""
    left = short_date(summary.start or summary.end, summary.end)
    right = short_date(summary.end, summary.end)
    if width < len(left) + len(right) + 1:
        return f"{left} - {right}"
    return left + right.rjust(width - len(left))


def one_day_text(summary: Summary) -> str:
    """A one-day window: a sentence, not a table of trends."""
    day = summary.start or summary.end  # a one-day window starts and ends that day
    values = [f"{typed_name(stats.key)} {stats.latest} ({band(stats.latest)})"
              for stats in summary.symptoms if stats.latest is not None]
    parts = [f"{day:%a} {day.day} {day:%b %Y}, a one-day window: "
             + (", ".join(safe(v, one_line=True) for v in values) if values
                else "no symptom values logged") + "."]
    if summary.grade_latest is not None:
        estimate = summary.grade_latest
        parts.append(f"Grade ({clinical.GRADE_LABEL}, wording from {clinical.GRADE_SOURCE}): "
                     f"{estimate.words}.")
    elif summary.grade_unrecorded is not None:
        parts.append(f"Grade ({clinical.GRADE_LABEL}): no estimate, "
                     f"{clinical.GRADE_NO_LIMITS_ANSWER}.")
    parts += [line + "." for line in fact_lines(summary)[:2]]
    parts.append("A trend needs more than one day: try cipn summary --since "
                 f"'{clinical.weeks_words(clinical.DEFAULT_WINDOW_DAYS)} ago'.")
    return " ".join(parts)


def empty_message(summary: Summary) -> str:
    """The sentence for a window with nothing logged, in a journal that has entries."""
    span = f"{summary.first_day} to {summary.last_day}"  # ISO dates: the journal has entries
    if summary.start is None:
        return f"Nothing logged. The journal has entries from {span}."
    return (f"Nothing logged from {summary.start.isoformat()} to {summary.end.isoformat()}. "
            f"The journal has entries from {span}: try cipn summary --since all.")


# -- plain text ----------------------------------------------------------------------------
def alert_lines_plain(summary: Summary) -> list[str]:
    if not summary.alerts:
        return []

    return [alert_block_plain(_alert_messages(summary), summary.during_treatment), ""]


def plain(summary: Summary) -> str:
    """The summary as plain aligned text (no ANSI codes). Not for an empty window."""
    lines = alert_lines_plain(summary)
    if summary.is_one_day:
        lines += textwrap.wrap(one_day_text(summary), width=WRAP, break_on_hyphens=False)
        return "\n".join(lines + _section_lines(summary))
    lines += [header(summary), ""]
    if summary.symptoms:
        right = {n for n, name in enumerate(HEADERS) if name in RIGHT}
        lines += align(list(HEADERS), [row_cells(s, summary) for s in summary.symptoms],
                       right=right)
        lines += ["", spark_header(summary)]
        keys = [safe(typed_name(s.key), one_line=True) for s in summary.symptoms]
        width = max(len(key) for key in keys)
        days = summary.days
        marks = [trends.sparkline(s.daily(days)) for s in summary.symptoms]
        for key, line in zip(keys, marks, strict=True):
            lines.append(f"{key.ljust(width)}  {line}".rstrip())
        lines.append(" " * (width + 2) + axis(summary, len(marks[0])))
        lines.append(" " * (width + 2) + LEGEND)
    else:
        lines.append("No symptom above 0 has been logged in this journal.")
    lines += [line for line in [basis_line(summary)] if line and summary.symptoms]
    lines += since_visit_lines(summary)
    lines += [""] + grade_lines(summary) + [""] + fact_lines(summary)
    if summary.symptoms:
        lines += [""] + textwrap.wrap(EXPLAIN, width=WRAP, break_on_hyphens=False)
    return "\n".join(lines + _section_lines(summary))


def _section_blocks(summary: Summary) -> list[tuple[str, list[str], Callable[[], Any] | None]]:
    """The sections as (title, plain lines, a function returning a Rich table or None): the
    treatment context, the cycles and the medicines of the window. User text is made safe."""

    data = {section.key: section.data for section in summary.sections}
    blocks: list[tuple[str, list[str], Callable[[], Any] | None]] = []
    if weekly := weekly_block(summary):
        blocks.append(weekly)
    treatment = []
    story = data.get("treatment")
    if story:
        treatment.append(safe(story["line"], one_line=True) + ".")
    if data.get("cycle_context") and not (story and story["ended"]):
        treatment.append(f"On {summary.end.isoformat()}: "
                         f"{safe(data['cycle_context'], one_line=True)}.")
    if data.get("cumulative_doses") and not story:
        treatment.append(shown.totals_line(data["cumulative_doses"]))
    if data.get("coasting"):
        treatment.append(data["coasting"])
    if plan := data.get("next_infusion"):
        words = plan_words(Plan(date.fromisoformat(plan["date"]), plan["drug"]), summary.today)
        treatment.append(f"Next infusion: {safe(words, one_line=True)} ({plan['date']}).")
    if treatment:
        blocks.append(("Treatment", treatment, None))
    cycles, meds = data.get("cycles"), data.get("meds")
    if cycles:
        blocks.append(("Cycles in this window", shown.cycles_plain(cycles).splitlines(),
                       lambda: shown.cycles_table(cycles)))
    if meds:
        blocks.append(("Supplements and medicines taken in this window",
                       shown.meds_plain(meds).splitlines(), lambda: shown.meds_table(meds)))
    return blocks


def weekly_block(summary: Summary) -> tuple[str, list[str], None] | None:
    """The weekly PRO-CTCAE block: the latest composite grades, each with the grade of the
    previous weekly answers in the window, and how far up the limbs numbness or tingling
    reaches (from `cipn weekly` and `cipn log --extent`), with the level before and since when.
    None when the window holds neither."""

    data = {section.key: section.data for section in summary.sections}
    weekly, extent_days = data.get("weekly") or [], data.get("extent_days") or []
    if not weekly and not extent_days:
        return None
    end = summary.end
    lines = []
    graded = [record for record in weekly if any(
        grade is not None for grade in record["composite"].values())]
    if graded:
        latest = graded[-1]
        previous = graded[-2] if len(graded) > 1 else None
        lines.append(f"Composite grades 0-3 on {short_date(_day(latest), end)}:")
        for term, grade in latest["composite"].items():
            if grade is None:
                continue
            before = previous["composite"].get(term) if previous else None
            was = (f" (was {before} on {short_date(_day(previous), end)})"
                   if before is not None and previous is not None else "")
            lines.append(f"  {proctcae.TERMS[term]}: {grade}{was}")
    for limb, (level, before, since) in _extents(weekly, extent_days).items():
        words = proctcae.extent_word(limb, level)
        if before is not None:
            words = f"{proctcae.extent_word(limb, before)} → {words}"
        lines.append(f"Extent, {limb}: {words} since {short_date(since, end)}")
    if graded:
        lines.append(f"(Scored as {proctcae.COMPOSITE_SOURCE}; not a clinician's "
                     "grade.)")
    return (f"Weekly questions ({proctcae.ATTRIBUTION})", lines, None)


def _day(record: dict) -> date:
    return date.fromisoformat(record["date"])


def _extents(weekly: list[dict], extent_days: list[dict]
             ) -> dict[str, tuple[int, int | None, date]]:
    """For each limb with an extent in the window: its latest level, the level before it
    (None if the window holds no other) and the first day of the latest level's run. A day
    with both a weekly answer and a logged extent takes the logged one."""

    days: dict[date, dict] = {}
    for record in weekly:
        days[_day(record)] = dict(record["extent"])
    for logged in extent_days:
        levels = days.setdefault(_day(logged), {})
        levels.update({limb: logged[limb] for limb in LIMBS if logged[limb] is not None})
    return proctcae.extent_runs(days)


def _section_lines(summary: Summary) -> list[str]:
    lines: list[str] = []
    for title, block, _rich in _section_blocks(summary):
        lines += ["", title] + [f"  {line}" for line in block]
    return lines


# -- Rich ----------------------------------------------------------------------------------
def rich(summary: Summary):
    """The summary as one Rich renderable: alerts, the table with sparklines, the facts."""
    from rich.console import Group
    from rich.text import Text

    parts: list = [rich_alerts(summary)] if summary.alerts else []
    if summary.is_one_day:
        parts.append(Text(one_day_text(summary)))
        return Group(*parts, *_rich_sections(summary))
    if not summary.symptoms:
        parts.append(Text(header(summary), style="bold"))
        parts.append(Text("No symptom above 0 has been logged in this journal."))
    else:
        parts.append(_FittedTable(summary))
        parts.append(Text(f"{spark_header(summary)}: {LEGEND}", style="dim"))
    body = Text()
    context = [line for line in [basis_line(summary)] if line and summary.symptoms]
    context += since_visit_lines(summary)
    for line in context + [""] + grade_lines(summary) + [""] + fact_lines(summary):
        body.append(line + "\n")
    parts.append(body)
    if summary.symptoms:
        parts.append(Text(EXPLAIN, style="dim"))
    return Group(*parts, *_rich_sections(summary))


class _FittedTable:
    """The symptom table, laid out for the terminal's width when Rich renders it: sparklines
    in a last column when the whole table fits, else in their own block under a table of the
    numbers (which Rich then wraps cell by cell)."""

    def __init__(self, summary: Summary):
        self.summary = summary

    def table(self, *, spark: bool, drop: tuple[str, ...] = ()):
        """With `spark`: one line a symptom and a sparkline column. Without (narrow): dates
        of latest and peak, and the trend word, on a second line, to fit 80 columns; `drop`:
        the columns left out to fit fewer."""
        from rich import box
        from rich.table import Table
        from rich.text import Text

        summary = self.summary
        grid = Table(title=header(summary), title_justify="left", title_style="bold",
                     box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False,
                     collapse_padding=True)
        headers = HEADERS if spark else HEADERS[:-1]
        kept = [n for n, name in enumerate(headers) if name not in drop]
        for n in kept:
            name = headers[n]
            grid.add_column(name, justify="right" if name in RIGHT else "left", no_wrap=True)
        if spark:
            width = len(trends.spark_values([None] * len(summary.days))[0])
            grid.add_column(axis(summary, width), no_wrap=True)
        for stats in summary.symptoms:
            cells = [Text(cell) for cell in row_cells(stats, summary, stacked=not spark)]
            for column, value in ((2, stats.latest), (3, stats.peak)):
                if value is not None:
                    cells[column].stylize(STYLES[band(value)])
            trend = cells.pop()
            trend.stylize(TREND_STYLES.get(stats.direction or stats.trend or "", ""))
            if spark:
                cells += [trend, _rich_spark(stats.daily(summary.days))]
            elif stats.trend:
                # Narrow: the change column holds the level; the direction goes under it.
                said = [stats.trend] + ([clinical.DIRECTION_WORDS[stats.direction]]
                                        if stats.direction else [])
                below = Text("; ".join(said), style=trend.style)
                cells[-1] = Text.assemble(cells[-1], "\n", below, justify="right")
            grid.add_row(*(cells[n] for n in kept), *cells[len(headers):])  # + sparkline
        return grid

    def sparks(self, max_width: int):
        from rich.table import Table

        summary = self.summary
        key_width = max(len(typed_name(stats.key)) for stats in summary.symptoms)
        marks = max(8, min(trends.MAX_MARKS, max_width - key_width - 2))
        width = len(trends.spark_values([None] * len(summary.days), max_marks=marks)[0])
        grid = Table.grid(padding=(0, 2))
        grid.add_column(no_wrap=True)
        grid.add_column(no_wrap=True)
        for stats in summary.symptoms:
            grid.add_row(safe(typed_name(stats.key), one_line=True),
                         _rich_spark(stats.daily(summary.days), max_marks=marks))
        grid.add_row("", axis(summary, width))
        return grid

    def __rich_console__(self, console, options):
        from rich.measure import Measurement

        wide = self.table(spark=True)
        # Measured without the limit: Measurement.get clamps to the width it is given.
        natural = Measurement.get(console, options.update(max_width=100_000), wide).maximum
        if natural <= options.max_width:
            yield wide
            return
        # Never a cut value: leave out whole columns, least needed first, until the table fits.
        for count in range(len(DROP_ORDER) + 1):
            narrow = self.table(spark=False, drop=DROP_ORDER[:count])
            needed = Measurement.get(console, options.update(max_width=100_000), narrow)
            if needed.maximum <= options.max_width:
                break
        yield narrow
        yield ""
        yield self.sparks(options.max_width)


def rich_alerts(summary: Summary):
    """The "Notify your doctor" panel for the open alerts."""

    return alert_panel(_alert_messages(summary), summary.during_treatment)


def _rich_spark(daily: list[int | None], *, max_marks: int = trends.MAX_MARKS):
    from rich.text import Text

    values, _per = trends.spark_values(daily, max_marks=max_marks)
    text = Text()
    for value in values:
        style = STYLES[band(value)] if value is not None else ""
        text.append(trends.mark(value), style=style)
    return text


def _rich_sections(summary: Summary) -> list:
    from rich.text import Text

    found = []
    for title, lines, table in _section_blocks(summary):
        found.append(Text(""))
        if table is not None:
            found.append(table())  # titled by its own table
        else:
            found.append(Text(title, style="bold"))
            found.append(Text("\n".join(f"  {line}" for line in lines)))
    return found


# -- JSON ----------------------------------------------------------------------------------
def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def symptom_json(stats: trends.SymptomStats, days: list[date]) -> dict:
    return {
        "symptom": stats.key,
        "label": stats.label,
        "days": stats.days,
        "latest": stats.latest,
        "latest_date": _iso(stats.latest_date),
        "mean": stats.mean,
        "peak": stats.peak,
        "peak_date": _iso(stats.peak_date),
        "baseline": stats.baseline,
        "recent": stats.recent,
        "change": stats.change,
        "trend": stats.trend,
        "trend_words": stats.words,
        "daily": {day.isoformat(): stats.values.get(day) for day in days},
        "previous": stats.previous,
        "direction": stats.direction,
        "since_visit": stats.since_visit,
        "where": stats.where,
    }


def as_json(summary: Summary) -> dict:
    """One object with stable keys (README "Summary"); later parts add keys, none renamed."""
    days = summary.days
    found = {
        "from": _iso(summary.start),
        "to": summary.end.isoformat(),
        "symptoms": [symptom_json(stats, days) for stats in summary.symptoms],
        "grade_latest": summary.grade_latest.as_json() if summary.grade_latest else None,
        "grade_peak": summary.grade_peak.as_json() if summary.grade_peak else None,
        "falls": summary.falls,
        "days_missing": len(summary.missing),
        "limits": [{"date": day.isoformat(), "limits": limit} for day, limit in summary.limits],
        "alerts": summary.alerts,
        "baseline_basis": (summary.baseline_basis.as_json() if summary.baseline_basis
                           else None),
        "days_counted": summary.counted_days,
        "grade_not_recorded": _iso(summary.grade_unrecorded),
        "grade_disagreement": summary.grade_disagreement,
    }
    for section in summary.sections:
        found[section.key] = section.data
    return found

