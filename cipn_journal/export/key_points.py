"""Page 1's key points (issue 23 item 7): each fact a clinician acts on, once, dated by the
change, in this order: open `today` alerts, falls, self-care limits, persisting between cycles,
nerve symptoms 2 or more points above a pre-treatment baseline, spread, then the rest.
"""

from collections.abc import Sequence
from fractions import Fraction

from cipn_journal.domain import clinical
from cipn_journal.domain.alerts import clinician_message
from cipn_journal.domain.symptoms import short_name
from cipn_journal.domain.treatment import persisted_run_words, persisted_runs
from cipn_journal.domain.trends import word
from cipn_journal.export.blocks import Block, KeyPoints, amount_text, listed_days
from cipn_journal.export.visit_report import Report
from cipn_journal.output import one_decimal

_days = clinical.days_words


KEY_POINT_CHARS = 200  # a longer question is cut in the key points (whole in its section)

# Key points in the order of issue 23 item 7: what a clinician acts on first comes first.
(OPEN_TODAY, FALLS, SELF_CARE, PERSISTING, ABOVE_BASELINE, SPREAD, REST) = range(7)


def alert_words(alert: dict, report: Report, also: Sequence[str] = (), more: str = "") -> str:
    """The alert in the third person without internal ids, with the journal's urgency; `also`:
    the days of earlier open alerts of the same rule and symptom, said once with it; `more`:
    what else the page knows of the same event."""
    text = clinician_message({**alert, "escalates": None}, short_name(alert["subject"]),
                             report.summary.first_day).rstrip(".")
    if also:
        text += f"; also on {listed_days(list(also))}"
    if more:
        text += f"; {more}"
    urgency = clinical.CLINICIAN_URGENCY.get(alert.get("urgency") or "")
    return f"{text}; journal urgency: {urgency}." if urgency else f"{text}."


def _above_baseline(report: Report) -> set[str]:
    """The symptoms with a key point of their own: nerve symptoms worsening since a
    pre-treatment baseline (their new and worse alerts are said with it)."""
    basis = report.summary.baseline_basis
    if basis is None or not basis.before_treatment:
        return set()
    return {stats.key for stats in report.summary.symptoms
            if stats.key in clinical.GRADE_SYMPTOMS and stats.trend == "worsening"
            and stats.baseline is not None}


def persisting_row_words(alerts: list[dict]) -> str:
    """One day's persisting alerts (stored one per symptom) in one sentence, with the journal's
    urgency: 'Numbness 2/10 and tingling 1/10 persisting before the next expected infusion
    (0/10 before treatment); journal urgency: within days.'"""
    text = clinical.persisting_group_words(
        [(short_name(a["subject"]), f"{a['value']}/{clinical.SCALE_MAX}", a["reference"])
         for a in alerts])
    urgency = clinical.CLINICIAN_URGENCY.get(alerts[0].get("urgency") or "")
    return f"{text}; journal urgency: {urgency}." if urgency else f"{text}."


def _persisting_words(alerts: list[dict], report: Report) -> str:
    """'still above the pre-treatment baseline before the next expected infusion (2026-11-22):
    numbness 4/10, tingling 3/10; journal urgency: within days'."""
    latest: dict[str, int] = {}
    for alert in alerts:  # the latest value of each symptom (one alert names several: m010)
        latest.update(alert.get("symptoms") or {alert["subject"]: alert["value"]})
    values = ", ".join(f"{short_name(key).lower()} {value}/{clinical.SCALE_MAX}"
                       for key, value in latest.items())
    return (f"still above the pre-treatment baseline before the next expected infusion "
            f"({alerts[-1]['date']}): {values}; journal urgency: "
            f"{clinical.CLINICIAN_URGENCY[clinical.SOON]}")


def _first_at(stats, floor: float, after: str = "", course: dict | None = None) -> str:
    """The first day (after `after`) the symptom's value reached `floor`: the day of the change,
    from the course's values when given (a change before the window is dated when it happened,
    not by where the window starts), else the window's; its latest day when no day did."""
    for day, value in sorted({**(course or {}), **stats.values}.items()):
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
    persisting = []  # open persisting alerts: with the cycles' persisted line
    above = _above_baseline(report)  # symptoms whose trend line is a key point of its own
    folded: dict[str, list[dict]] = {}  # their new/worse alerts: said with that line
    same: dict[tuple[str, str], list[dict]] = {}  # the rest: one line per rule and symptom
    for alert in opened:
        urgency = alert.get("urgency") or clinical.SOON
        if urgency == clinical.NEXT:
            expected.append(alert)
        elif alert["rule"] == "persisting" and urgency != clinical.TODAY:
            persisting.append(alert)
        elif alert["rule"] in ("new", "worse") and alert["subject"] in above \
                and urgency != clinical.TODAY:
            folded.setdefault(alert["subject"], []).append(alert)
        else:
            same.setdefault((alert["rule"], alert["subject"]), []).append(alert)
    everyday = [d.isoformat() for d, limit in summary.limits if limit == "everyday"]
    for alerts in same.values():
        alerts.sort(key=lambda a: a["date"])
        latest = alerts[-1]
        urgency = latest.get("urgency") or clinical.SOON
        rank = (OPEN_TODAY if urgency == clinical.TODAY
                else SPREAD if latest["rule"] == "spread" else REST)
        more = ""
        if (latest["rule"], latest["subject"]) == ("function", "everyday") and \
                len(everyday) > 1:  # the first time, and every day since: one point
            more = f"limited on {_days(len(everyday))} in this window ({listed_days(everyday)})"
            everyday = []
        words = alert_words(latest, report, also=[a["date"] for a in alerts[:-1]], more=more)
        add(rank, clinical.URGENCIES.index(urgency) if urgency in clinical.URGENCIES else 1,
            latest["date"], words)
    if expected:
        expected.sort(key=lambda a: a["date"])
        said = [f"{short_name(a['subject']).lower()} {a['value']}/{clinical.SCALE_MAX} "
                f"({a['date']})" for a in expected]
        add(REST, 2, expected[-1]["date"],
            f"Expected effects after infusions ({_dayslisted_days(said)}); journal urgency: "
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
            f"{_days(len(selfcare))} ({listed_days(selfcare)})")
    runs = persisted_runs(report.cycles)
    covered = [(run[0]["date"], run[-1]["next_date"] or "") for run in runs]
    # a persisting alert inside a run the cycles show is that run; the rest (before the next
    # expected infusion, not yet given) are said once, with the run they continue if any
    pending = sorted((a for a in persisting
                      if not any(start <= a["date"] <= end for start, end in covered)),
                     key=lambda a: (a["date"], a["subject"]))
    still = _persisting_words(pending, report) if pending else ""
    for index, run in enumerate(runs):
        later = report.cycles[report.cycles.index(run[-1]) + 1:]
        ongoing = not any(c["persisted"] is False for c in later)
        # dated by the infusion the symptoms last persisted to
        fact = persisted_run_words(run, ongoing=ongoing)
        if still and ongoing and index == len(runs) - 1:
            fact, still = f"{fact}; {still}", ""
        add(PERSISTING, 0, run[-1]["next_date"], fact)
    if still:
        add(PERSISTING, 0, pending[-1]["date"], f"{still[0].upper()}{still[1:]}")
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
            if stats.key in folded:  # its open new/worse alerts are this change
                fact += f"; journal urgency: {clinical.CLINICIAN_URGENCY[clinical.SOON]}"
            add(ABOVE_BASELINE, 0, _first_at(stats, stats.baseline + clinical.TREND_POINTS,
                                             course=report.course.get(stats.key)),
                fact)
        elif visit_worse:
            add(REST, 4, _first_at(stats, since["before"] + clinical.TREND_POINTS,
                                   after=since["visit"]),
                f"{stats.label} worse {visit_words}")
        elif not stats.since_visit and stats.trend == "worsening" and stats.baseline is not None:
            add(REST, 4, _first_at(stats, stats.baseline + clinical.TREND_POINTS,
                                   course=report.course.get(stats.key)),
                f"{stats.label}: {stats.words}")
    if summary.grade_latest is not None:
        estimate = summary.grade_latest
        add(REST, 5, estimate.date.isoformat(),
            f"Grade estimate ({clinical.GRADE_LABEL}): {estimate.words}")
    if summary.grade_unrecorded is not None:
        add(REST, 5, summary.grade_unrecorded.isoformat(),
            f"No grade estimate: {clinical.GRADE_NO_LIMITS_ANSWER}")
    if everyday and any(("everyday", day) not in told for day in everyday):
        add(REST, 6, everyday[-1], f"{_limited('everyday')} on {_days(len(everyday))} "
            f"({listed_days(everyday)})")
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
            f"{amount_text(before['dose'], before['unit'])} to "
            f"{amount_text(infusion['dose'], infusion['unit'])}")
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


def _dayslisted_days(items: list[str], most: int = 4) -> str:
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
