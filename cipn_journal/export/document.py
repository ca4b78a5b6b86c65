"""The visit report as a list of plain blocks (headings, paragraphs, lists, tables, charts), built
once from a `visit_report.Report` and rendered by `markdown.py` and `html.py`. Every string here is
plain text, whoever wrote it: the renderers escape all of it for their destination.
"""

from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction

from cipn_journal.domain import clinical, cycle_linked
from cipn_journal.domain.alerts import clinician_message
from cipn_journal.domain.symptoms import felt_in_limbs, short_name
from cipn_journal.domain.treatment import (
    listed,
    persisted_detail,
    persisted_run_words,
    persisted_runs,
    shown_name,
)
from cipn_journal.domain.trends import word
from cipn_journal.export.visit_report import Report, cycle_end
from cipn_journal.output import one_decimal

TITLE = "CIPN symptom summary"
DISCLAIMER = ("This summary records and summarises what was reported in cipn-journal, a personal "
              "journal that nobody monitors; it is not medical advice.")
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
              if count / 10 < i < count - count / 8]
    return ticks + [(count - 1, days[-1].isoformat())]


@dataclass
class Details:
    """Where page 1 ends and the details begin (a print renderer may start a page here)."""


Block = Heading | Para | Items | Grid | Charts | KeyPoints | Course | Details


_days = clinical.days_words


def short(label: str, limit: int = 22) -> str:
    """A symptom's label for a chart panel: up to its first comma ("Numbness, loss of
    feeling": "Numbness"), cut to `limit` characters."""
    head = label.split(",")[0].strip() or label
    return head if len(head) <= limit else head[:limit - 3] + "..."


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


# -- page 1 ------------------------------------------------------------------------------------
def who(report: Report) -> str:
    """The name and date of birth, for the title and every printed page's header."""
    profile = report.profile or {}
    name = profile.get("name") or "name not set (cipn profile set --name)"
    return name + (f", born {profile['born']}" if profile.get("born") else "")


def window_words(report: Report) -> str:
    start, end = report.start, report.end
    span = f"{start.isoformat()} to {end.isoformat()}" if start else f"up to {end.isoformat()}"
    return f"{report.selection.how}: {span}" if report.selection.how else span


def title(report: Report) -> str:
    """The PDF's title metadata and the HTML page's title."""
    name = (report.profile or {}).get("name") or "name not set"
    return f"{TITLE}: {name}, {window_words(report)}"


def _now_on(report: Report) -> list[Span] | None:
    """The treatment line at the window's end (the listed drugs first with their totals, or
    when the course ended) and, during the course, the cycle and day of the cycle."""
    story = report.story
    if story is None:
        return None
    text = story["line"]
    if not story["ended"] and report.cycle_context:
        infusion = max(t["date"] for t in report.treatments)
        text += f"; {report.cycle_context} (infusion {infusion})"
    return [("Treatment: ", True), (text + ".", False)]


def profile_header(report: Report) -> list[Block]:
    profile = report.profile or {}
    lines: list[list[Span]] = [[("Window: ", True), (window_words(report) + ".", False)]]
    details = [f"{label} {profile[key]}" for key, label in (
        ("diagnosis", "diagnosis:"), ("regimen", "regimen:"), ("clinic", "clinic:"))
        if profile.get(key)]
    if details:
        lines.append([("About: ", True), ("; ".join(details) + ".", False)])
    now_on = _now_on(report)
    if now_on:
        lines.append(now_on)
    return [Heading(f"{TITLE}: {who(report)}", 1), Items(lines)]


KEY_POINT_CHARS = 200  # a longer question is cut in the key points (whole in its section)

# Key points in the order of issue 23 item 7: what a clinician acts on first comes first.
(OPEN_TODAY, FALLS, SELF_CARE, PERSISTING, ABOVE_BASELINE, SPREAD, REST) = range(7)


def _alert_words(alert: dict, report: Report) -> str:
    """The alert in the third person without internal ids, with the journal's urgency."""
    text = clinician_message({**alert, "escalates": None}, short_name(alert["subject"]),
                             report.summary.first_day)
    urgency = clinical.CLINICIAN_URGENCY.get(alert.get("urgency") or "")
    return f"{text.rstrip('.')}; journal urgency: {urgency}." if urgency else text


def _first_at(stats, floor: float, after: str = "") -> str:
    """The first day of the window (after `after`) the symptom's value reached `floor`: the day
    of the change; its latest day when no single day did."""
    for day, value in sorted(stats.values.items()):
        if day.isoformat() > after and value >= floor:
            return day.isoformat()
    return stats.latest_date.isoformat() if stats.latest_date else ""


def key_points(report: Report) -> list[Block]:
    """Each fact a clinician acts on, with the date of the change, once: open `today` alerts;
    falls; self-care limits; persisting between cycles; each nerve symptom 2 or more points
    above a pre-treatment baseline; spread; then the rest (issue 23 item 7)."""
    summary = report.summary
    ranked: list[tuple[tuple, str, str]] = []

    def add(rank: int, category: int, day: str, fact: str) -> None:
        ranked.append(((rank, category, day), day, fact))

    opened = [a for a in report.alerts if a["status"] == "open"]
    told = {(a["subject"], a["date"]) for a in opened}  # a fall or limits alert is the event
    expected = []  # open 'next' alerts: expected effects, one line for all of them
    for alert in opened:
        urgency = alert.get("urgency") or clinical.SOON
        if urgency == clinical.NEXT:
            expected.append(alert)
            continue
        rank = (OPEN_TODAY if urgency == clinical.TODAY
                else SPREAD if alert["rule"] == "spread" else REST)
        add(rank, clinical.URGENCIES.index(urgency) if urgency in clinical.URGENCIES else 1,
            alert["date"], _alert_words(alert, report))
    if expected:
        expected.sort(key=lambda a: a["date"])
        said = [f"{short_name(a['subject']).lower()} {a['value']}/{clinical.SCALE_MAX} "
                f"({a['date']})" for a in expected]
        add(REST, 2, expected[-1]["date"],
            f"Expected effects after infusions ({_days_listed(said)}); journal urgency: "
            f"{clinical.CLINICIAN_URGENCY[clinical.NEXT]}.")
    listed = {(a["rule"], a["subject"], a["date"]) for a in opened}
    for alert in report.alerts:
        if alert["rule"] == "new" and (alert["rule"], alert["subject"], alert["date"]) \
                not in listed:
            label = report.labels.get(alert["subject"], alert["subject"])
            add(REST, 3, alert["date"], f"New symptom: {label}")
    for day in summary.fall_days:
        if ("fall", day.isoformat()) not in told:
            add(FALLS, 0, day.isoformat(), "Fall reported")
    selfcare = [d.isoformat() for d, limit in summary.limits if limit == "selfcare"]
    if selfcare and any(("selfcare", day) not in told for day in selfcare):
        add(SELF_CARE, 0, selfcare[-1], f"{_limited('selfcare')} on "
            f"{_days(len(selfcare))} ({_listed(selfcare)})")
    for run in persisted_runs(report.cycles):
        later = report.cycles[report.cycles.index(run[-1]) + 1:]
        ongoing = not any(c["persisted"] is False for c in later)
        # dated by the infusion the symptoms last persisted to
        add(PERSISTING, 0, run[-1]["next_date"], persisted_run_words(run, ongoing=ongoing))
    basis = summary.baseline_basis
    pre_treatment = basis is not None and basis.before_treatment
    for stats in summary.symptoms:
        since = stats.since_visit or {}
        visit_worse = since.get("change") is not None and stats.since_visit is not None and \
            trends_word(since["change"]) == "worsening"
        visit_words = (f"since the last visit ({since.get('visit')}): "
                       f"{one_decimal(since.get('before'))} to {one_decimal(stats.recent)}")
        if (pre_treatment and stats.key in clinical.GRADE_SYMPTOMS
                and stats.trend == "worsening" and stats.baseline is not None):
            fact = f"{stats.label}: {stats.words}"
            if visit_worse:
                fact += f"; worse {visit_words}"
            add(ABOVE_BASELINE, 0, _first_at(stats, stats.baseline + clinical.TREND_POINTS),
                fact)
        elif visit_worse:
            add(REST, 4, _first_at(stats, since["before"] + clinical.TREND_POINTS,
                                   after=since["visit"]),
                f"{stats.label} worse {visit_words}")
        elif not stats.since_visit and stats.trend == "worsening" and stats.baseline is not None:
            add(REST, 4, _first_at(stats, stats.baseline + clinical.TREND_POINTS),
                f"{stats.label}: {stats.words}")
    if summary.grade_latest is not None:
        estimate = summary.grade_latest
        add(REST, 5, estimate.date.isoformat(),
            f"Grade estimate ({clinical.GRADE_LABEL}): {estimate.words}")
    if summary.grade_unrecorded is not None:
        add(REST, 5, summary.grade_unrecorded.isoformat(),
            f"No grade estimate: {clinical.GRADE_NO_LIMITS_ANSWER}")
    everyday = [d.isoformat() for d, limit in summary.limits if limit == "everyday"]
    if everyday and any(("everyday", day) not in told for day in everyday):
        add(REST, 6, everyday[-1], f"{_limited('everyday')} on {_days(len(everyday))} "
            f"({_listed(everyday)})")
    previous: dict[str, dict] = {}
    start = report.start.isoformat() if report.start else ""
    for infusion in report.treatments:
        before = previous.get(infusion["drug"])
        previous[infusion["drug"]] = infusion
        if (before is None or infusion["date"] < start or infusion["dose"] is None
                or before["dose"] is None or before["unit"] != infusion["unit"]
                or before["dose"] == infusion["dose"]):
            continue
        verb = "lowered" if infusion["dose"] < before["dose"] else "raised"
        add(REST, 7, infusion["date"], f"{infusion['drug']} dose {verb}: "
            f"{_amount(before['dose'], before['unit'])} to "
            f"{_amount(infusion['dose'], infusion['unit'])}")
    end = report.end.isoformat()
    for med in report.meds:
        if med["start"] and start <= med["start"] <= end:
            add(REST, 8, med["start"], f"Started {med['kind']}: {med['name']}")
        if med["stop"] and start <= med["stop"] <= end:
            add(REST, 8, med["stop"], f"Stopped {med['kind']}: {med['name']}")
    for question in report.questions:
        asked = question["text"]
        if len(asked) > KEY_POINT_CHARS:  # the box is page 1's summary; the list has it all
            asked = asked[:KEY_POINT_CHARS].rsplit(" ", 1)[0] + "... (in full under Questions)"
        add(REST, 9, question["asked"], f"Open question: {asked}")
    ranked.sort(key=lambda item: item[0])
    points = [(day, fact) for _key, day, fact in ranked]
    return [KeyPoints(points)]


def _days_listed(items: list[str], most: int = 4) -> str:
    """The last `most` items, after 'N earlier and' when there are more."""
    shown = ", ".join(items[-most:])
    return f"{len(items) - most} earlier and {shown}" if len(items) > most else shown


def _limited(kind: str) -> str:
    words = clinical.limit_words(kind)
    return f"{words[0].upper()}{words[1:]} limited"


def trends_word(change: float) -> str:
    """A since-visit change judged as shown (one decimal), as the trend words are."""
    return word(Fraction(one_decimal(change, signed=True).replace("+", "")),
                clinical.TREND_POINTS)


COURSE_SAMPLES = 366  # a longer course gets one point per several days: their highest value


def course(report: Report) -> list[Block]:
    if report.course_start is None or not report.course:
        return []
    from datetime import timedelta

    total = (report.end - report.course_start).days + 1
    step = -(-total // COURSE_SAMPLES)  # days per point (1 for a year or less)
    days = [report.course_start + timedelta(n) for n in range(0, total, step)]

    first = report.course_start

    def point(day: date) -> date:  # the first day of the point that holds `day`
        return days[min((day - first).days // step, len(days) - 1)]

    order = {s.key: n for n, s in enumerate(report.summary.symptoms)}
    keys = sorted(report.course, key=lambda k: (order.get(k, len(order)), k))
    panels = []
    facts = []
    for key in keys:
        shown = sorted((day, value) for day, value in report.course[key].items()
                       if report.course_start <= day <= report.end and value)
        if shown:
            facts.append((report.labels.get(key, key), shown[0],
                          max(shown, key=lambda pair: (pair[1], pair[0]))))
        values: dict[date, int] = {}
        for day, value in report.course[key].items():
            if report.course_start <= day <= report.end:
                start = point(day)
                values[start] = max(value, values.get(start, value))
        panels.append((report.labels.get(key, key), [values.get(day) for day in days]))
    infusions = sorted({point(date.fromisoformat(t["date"])) for t in report.treatments
                        if t["date"] >= report.course_start.isoformat()})
    window_start = point(report.start) if report.start and report.start >= first else None
    return [Heading("The course so far"), Course(days, panels, infusions, window_start, facts)]


def weekly(report: Report) -> list[Block]:
    records = report.weekly
    if not records:
        return []
    from cipn_journal.domain import proctcae

    latest = records[-1]
    before = records[-2] if len(records) > 1 else None
    rows = []
    for term, grade_now in latest.composite.items():
        then = before.composite.get(term) if before else None
        if grade_now is None and then is None:
            continue  # not answered in either week
        rows.append([proctcae.TERMS.get(term, term), "-" if grade_now is None else str(grade_now),
                     "-" if then is None else str(then)])
    blocks: list[Block] = [
        Heading("Weekly PRO-CTCAE composite grades"),
        Para.of(f"{proctcae.ATTRIBUTION}; composite grades 0-3 "
                f"(Basch 2021). Latest {latest.day.isoformat()}"
                + (f", previous {before.day.isoformat()}." if before else "."), "small"),
    ]
    if rows:
        previous = f"Previous ({before.day.isoformat()})" if before else "Previous"
        blocks.append(Grid(["Symptom", f"Latest ({latest.day.isoformat()})", previous], rows,
                           right={1, 2}))
    # The weekly answers' extents and those logged with `cipn log --extent`: a level is dated
    # by the day it was first recorded, either way (a logged one wins on the same day).
    levels: dict[date, dict] = {r.day: dict(r.extent) for r in records}
    logged = next((s.data for s in report.summary.sections if s.key == "extent_days"), None)
    for row in logged or []:
        levels.setdefault(date.fromisoformat(row["date"]), {}).update(
            {limb: row[limb] for limb in proctcae.LIMBS if row.get(limb) is not None})
    items = []
    for limb, (level, then, since) in proctcae.extent_runs(levels).items():
        text = proctcae.extent_word(limb, level)
        if then is not None:
            text = f"{proctcae.extent_word(limb, then)} \u2192 {text}"
        items.append([(f"{limb}: ", True), (f"{text} since {since.isoformat()}", False)])
    if items:
        blocks += [Para.of("How far up the limbs (extent):", "small"), Items(items)]
    return blocks


# -- the details ------------------------------------------------------------------------------
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
    items = []
    if summary.grade_unrecorded is not None:
        items.append([(f"{summary.grade_unrecorded.isoformat()}: no estimate", True),
                      (f", {clinical.GRADE_NO_LIMITS_ANSWER}.", False)])
    if summary.grade_latest is not None and summary.grade_peak is not None:
        for what, estimate in (("Latest", summary.grade_latest),
                               ("Highest", summary.grade_peak)):
            wording = (f" (CTCAE v5.0 {estimate.term}: {estimate.wording})" if estimate.grade
                       else "")
            items.append([(f"{what}, {estimate.date.isoformat()}: ", True),
                          (f"{estimate.words}{wording}.", False)])
    if not items:
        blocks.append(Para.of("No day in this window has a limits answer and nerve symptoms "
                              "logged."))
    else:
        blocks.append(Items(items))
    if summary.grade_disagreement:
        blocks.append(Para.of(summary.grade_disagreement))
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
    stats_list = summary.symptoms
    has_where = any(s.where and felt_in_limbs(s.key) for s in stats_list)
    has_visit = any(s.since_visit for s in stats_list)
    headers = ["Symptom"] + (["Where"] if has_where else []) + ["Baseline", "Recent"]
    headers += (["Since visit (points)"] if has_visit else [])
    headers += ["Peak (date)", "Latest (date)", "Days logged"]
    rows = []
    for stats in stats_list:
        where = stats.where if felt_in_limbs(stats.key) else None  # older journals stored one
        row = [stats.label] + ([where or "-"] if has_where else [])
        row += [one_decimal(stats.baseline), one_decimal(stats.recent)]
        if has_visit:
            since = stats.since_visit
            row.append(one_decimal(since.get("change"), signed=True)
                       if since and since.get("change") is not None else "-")
        row += [_valued(stats.peak, stats.peak_date), _valued(stats.latest, stats.latest_date),
                f"{stats.days}/{total}"]
        rows.append(row)
    n = len(headers)
    first_number = 2 if has_where else 1
    right = {first_number, first_number + 1, n - 1}
    if has_visit:
        right.add(first_number + 2)
    nowrap = {n - 3, n - 2}
    if all(len(stats.label) <= SHORT_LABEL for stats in stats_list):
        nowrap.add(0)  # a label as short as the built-in ones never breaks; a long one wraps
    if summary.baseline_basis is not None:
        blocks.append(Para.of(f"Baseline: {summary.baseline_basis.words()}."))
    blocks.append(Grid(headers, rows, right=right, nowrap=nowrap))
    # The one trend sentence of each symptom (issue 23 item 4), whole, under the numbers.
    blocks.append(Items([[(f"{short(stats.label, 40)}: ", True), (stats.words, False)]
                         for stats in stats_list]))
    explain = clinical.TREND_EXPLAINED
    blocks.append(Para.of(explain[0].upper() + explain[1:], "small"))
    return blocks


def alerts(report: Report) -> list[Block]:
    """The alerts for the care team, `today` ones first, in the third person (issue 14 item
    19: derived from the alert's rule, subject, value and reference)."""
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
            if alert.get("acknowledged_on"):
                status += f" ({alert['acknowledged_on']})"
            if alert["ack_note"]:
                status += f": {alert['ack_note']}"
        rows.append([alert["date"], _alert_words(alert, report), status])
    blocks.append(Grid(["Date", "Alert", "Status"], rows, nowrap={0}))
    return blocks


def _drug(row: dict) -> str:
    typed = shown_name(row["entered"])  # a brand as it is written: 'eloxatin' is Eloxatin
    return row["drug"] if typed.casefold() == row["drug"].casefold() else (
        f"{row['drug']} ({typed})")


def _persisted(cycle: dict, *, over: bool) -> str:
    if cycle["persisted"] is True:
        return "symptoms persisted to the next cycle: " + persisted_detail(cycle)
    if cycle["persisted"] is False:
        return "symptoms did not persist to the next cycle"
    if cycle["next_date"] is None:
        return "no next infusion recorded" if over else "no next infusion yet"
    return clinical.BEFORE_NEXT_UNKNOWN


def _flares(report: Report) -> dict[str, list[str]]:
    """Each cycle's acute flare of each cycle-linked symptom against the previous cycle's, by
    the cycle's first day (issue 23 item 3)."""
    infusions = sorted({date.fromisoformat(t["date"]) for t in report.treatments
                        if listed(t["drug"])})
    found: dict[str, list[str]] = {}
    for stats in report.summary.symptoms:
        if not stats.cycle_linked:
            continue
        label = short(stats.label, 40)
        label = label[:1].lower() + label[1:]
        series = cycle_linked.flares(report.course.get(stats.key, {}), infusions)
        for n, flare in enumerate(series):
            found.setdefault(flare.infusion.isoformat(), []).append(cycle_linked.flare_words(
                label, flare, series[n - 1] if n else None))
    return found


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
        flares = _flares(report)
        for cycle in report.cycles:
            end = cycle_end(cycle, report.end)
            span = f"{cycle['date']} to {end.isoformat()}" if end else f"from {cycle['date']}"
            persisted = _persisted(cycle, over=end is not None)
            told = "".join(f" {words}." for words in flares.get(cycle["date"], []))
            items.append([(f"{cycle['drug']} cycle {cycle['cycle']}", True),
                          (f" ({span}): {persisted}.{told}", False)])
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
                 else "not reported as limited." if summary.limits_answered
                 else f"{clinical.GRADE_NO_LIMITS_ANSWER}.")
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
    if report.med_effects:  # before and after each one started in the window (issue 26)
        blocks.append(Items([[(line, False)] for line in report.med_effects]))
        blocks.append(Para.of(clinical.EFFECT_CAVEAT, "small"))
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


def empty(report: Report) -> bool:
    """Nothing at all in the window: the document is one short page saying so."""
    return (report.summary.is_empty and not report.alerts and not report.infusions
            and not report.notes and not report.meds and not report.questions)


def build(report: Report) -> list[Block]:
    """Page 1 (who, key points, symptoms, the course), then the details."""
    blocks: list[Block] = profile_header(report)
    if empty(report):
        return blocks + [Para.of("Nothing was logged in this window."),
                         Para.of(DISCLAIMER, "note")]
    blocks.append(Heading("Key points"))
    blocks += key_points(report)
    if isinstance(blocks[-1], KeyPoints) and not blocks[-1].points:
        blocks[-1].points.append((report.end.isoformat(), "Nothing to act on in this window."))
    blocks += symptoms(report)
    blocks += course(report)
    blocks.append(Details())
    details = header(report)[1]
    assert isinstance(details, Items)
    details.items = details.items[1:]  # the window is in page 1's header
    blocks.append(Heading("Details"))
    blocks.append(details)
    for section in (grade, alerts, treatment, function, meds, notes, weekly, questions):
        blocks += section(report)
    blocks.append(Para.of(DISCLAIMER, "note"))
    return blocks
