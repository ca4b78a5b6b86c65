"""The visit report as a list of plain blocks (blocks.py), built once from a
`visit_report.Report` and rendered by `markdown.py`, `html.py` and `pdf.py`: page 1 (who, the
key points of key_points.py, symptoms, the course), then the details. Every string here is plain
text, whoever wrote it: the renderers escape all of it for their destination.
"""

from datetime import date, timedelta

from cipn_journal.domain import clinical, cycle_linked, proctcae
from cipn_journal.domain.symptoms import felt_in_limbs
from cipn_journal.domain.treatment import listed, persisted_detail, shown_name
from cipn_journal.export.blocks import (
    COURSE_LEGEND,
    SHORT_LABEL,
    Block,
    Charts,
    Course,
    Details,
    Grid,
    Heading,
    Items,
    KeyPoints,
    Para,
    Span,
    amount_text,
    course_ticks,
    listed_days,
    series_runs,
    short,
)
from cipn_journal.export.key_points import alert_words, key_points, persisting_row_words
from cipn_journal.export.visit_report import Report, cycle_end
from cipn_journal.output import one_decimal

# The renderers and tests read the blocks through this module too.
__all__ = ["COURSE_LEGEND", "Block", "Charts", "Course", "Details", "Grid", "Heading", "Items",
           "KeyPoints", "Para", "Span", "build", "course_ticks", "key_points", "series_runs",
           "short", "symptoms", "title", "who", "window_words"]

TITLE = "CIPN symptom summary"
DISCLAIMER = ("This summary records and summarises what was reported in cipn-journal, a personal "
              "journal that nobody monitors; it is not medical advice.")

_days = clinical.days_words


def _valued(value: int | None, day: date | None) -> str:
    if value is None or day is None:
        return "not logged"
    return f"{value} ({day.isoformat()})"


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


COURSE_SAMPLES = 366  # a longer course gets one point per several days: their highest value


def course(report: Report) -> list[Block]:
    if report.course_start is None or not report.course:
        return []
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
    points: dict[date, date] = {}  # each day's point, worked out once for every symptom
    for key in keys:
        inside = report.course[key].items()  # (day, value) from course_start to the end
        shown = [pair for pair in inside if pair[1]]
        if shown:  # the first day above 0, and the highest value (its latest day)
            facts.append((report.labels.get(key, key), min(shown),
                          max(shown, key=lambda pair: (pair[1], pair[0]))))
        values: dict[date, int] = {}
        if step == 1:
            values = dict(inside)
        else:
            for day, value in inside:
                start = points.get(day)
                if start is None:
                    start = points[day] = point(day)
                if value > values.get(start, -1):
                    values[start] = value
        panels.append((report.labels.get(key, key), [values.get(day) for day in days]))
    infusions = sorted({point(date.fromisoformat(t["date"])) for t in report.treatments
                        if t["date"] >= report.course_start.isoformat()})
    window_start = point(report.start) if report.start and report.start >= first else None
    return [Heading("The course so far"), Course(days, panels, infusions, window_start, facts)]


def weekly(report: Report) -> list[Block]:
    records = report.weekly
    if not records:
        return []
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
        shown = [("Latest", summary.grade_latest), ("Highest", summary.grade_peak)]
        if summary.grade_latest == summary.grade_peak:  # the same day's estimate: said once
            shown = [("Latest and highest", summary.grade_latest)]
        for what, estimate in shown:
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
    # A day's persisting alerts stored one per symptom (before m010) are one row: the group of
    # each, by the day and everything its row shows.
    groups: dict[tuple, list[dict]] = {}
    group_of: dict[int, list[dict]] = {}
    for alert in report.alerts:
        if alert["rule"] == "persisting":
            key = (alert["date"], alert["status"], alert.get("acknowledged_on"),
                   alert["ack_note"], alert.get("urgency"), alert.get("current"))
            group_of[id(alert)] = groups.setdefault(key, [])
            group_of[id(alert)].append(alert)
    for alert in report.alerts:
        if alert["status"] == "open":
            status = "open: not yet marked as told to the care team"
            if alert.get("current") is False:  # aged (issue 22 rule 7)
                status = f"open, not yet told; {clinical.AGED_REASON}"
        else:
            status = "care team told"
            if alert.get("acknowledged_on"):
                status += f" ({alert['acknowledged_on']})"
            if alert["ack_note"]:
                status += f": {alert['ack_note']}"
        said = alert_words(alert, report)
        if alert["rule"] == "persisting":
            group = group_of[id(alert)]
            if group[0] is not alert:
                continue  # said in the group's first row
            if len(group) > 1:
                said = persisting_row_words(sorted(group, key=lambda a: a["id"]))
        rows.append([alert["date"], said, status])
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
        rows = [[t["date"], _drug(t), str(t["cycle"] or ""), amount_text(t["dose"], t["unit"]),
                 t["route"] or "", amount_text(t["cumulative"], t["unit"]), t["note"] or ""]
                for t in sorted(report.infusions,  # a day's nerve-damaging drug first
                                key=lambda t: (t["date"], not listed(t["drug"])))]
        blocks.append(Grid(["Date", "Drug", "Cycle", "Dose", "Route", "Cumulative dose",
                            "Note"], rows, right={2, 3, 5}, nowrap={0, 3, 5}))
    if report.totals:
        parts = [f"{t['drug']} {amount_text(t['total'], t['unit'])} ({t['infusions']} "
                 f"infusion{'s' if t['infusions'] != 1 else ''})"
                 for t in sorted(report.totals, key=lambda t: not listed(t["drug"]))]
        blocks.append(Para([(f"Total recorded to {report.end.isoformat()}: ", True),
                            ("; ".join(parts) + ".", False)]))
    if report.cycles:
        items = []
        flares = _flares(report)
        quiet: list[tuple[dict, str, str]] = []  # cycles in a row with nothing to tell apart

        def said_quiet() -> None:
            if not quiet:
                return
            first, last = quiet[0][0], quiet[-1]
            name = (f"{first['drug']} cycle {first['cycle']}" if len(quiet) == 1
                    else f"{first['drug']} cycles {first['cycle']}-{last[0]['cycle']}")
            span = (f"{first['date']} to {last[2]}" if last[2] else f"from {first['date']}")
            items.append([(name, True), (f" ({span}): {last[1]}.", False)])
            quiet.clear()

        for cycle in report.cycles:
            end = cycle_end(cycle, report.end)
            span = f"{cycle['date']} to {end.isoformat()}" if end else f"from {cycle['date']}"
            persisted = _persisted(cycle, over=end is not None)
            told = "".join(f" {words}." for words in flares.get(cycle["date"], []))
            if persisted == clinical.BEFORE_NEXT_UNKNOWN and not told:
                if quiet and quiet[0][0]["drug"] != cycle["drug"]:
                    said_quiet()
                quiet.append((cycle, persisted, end.isoformat() if end else ""))
                continue
            said_quiet()
            items.append([(f"{cycle['drug']} cycle {cycle['cycle']}", True),
                          (f" ({span}): {persisted}.{told}", False)])
        said_quiet()
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
        fell = listed_days([d.isoformat() for d in summary.fall_days])
        items.append([("Falls: ", True), (f"{summary.falls} ({fell}).", False)])
    else:
        items.append([("Falls: ", True), ("none reported.", False)])
    if summary.limits_answered and not any(
            limit in ("everyday", "selfcare") for _d, limit in summary.limits):
        # neither limited: one line (a short page prints on fewer sheets)
        items.append([("Everyday tasks and self-care: ", True),
                      ("not reported as limited.", False)])
        return [Heading("Falls and limits on daily activities"), Items(items)]
    for kind in ("everyday", "selfcare"):
        days = [d.isoformat() for d, limit in summary.limits if limit == kind]
        words = (f"limited on {_days(len(days))} ({listed_days(days)})." if days
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
