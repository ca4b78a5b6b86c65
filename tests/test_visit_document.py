"""The visit document's page 1 (issue 15): who, key points (most urgent first), the symptom
table with the clinical issue's columns when present, the course chart, the weekly grades;
and Markdown that a portal shows well: user text makes no HTML and breaks no table."""

import json
from datetime import date

from helpers_journal import Page, build, ok
from markdown_it import MarkdownIt

from cipn_journal.export import document as doc
from cipn_journal.export import visit_report
from cipn_journal.export.selection import select
from cipn_journal.store.connection import Store

HOSTILE = '<b>x</b> | a | b | *em* [l](http://x.example) `c` \\ & é'


def report_of(db_path, since: str = "all") -> visit_report.Report:
    store = Store.open(db_path, create=False)
    try:
        selection = select(store, since, None, today=date(2026, 11, 25))
        return visit_report.report(store, selection)
    finally:
        store.close()


def test_page_one_order_and_header(cli):
    build(cli)
    ok(cli("profile", "set", "--name", "Ana Ruiz", "--born", "1961-04-02",
           "--diagnosis", "colon cancer"))
    text = ok(cli("export")).stdout
    assert text.startswith("# CIPN symptom summary: Ana Ruiz, born 1961-04-02\n")
    assert "**Window:** since the last visit, 2026-11-10: 2026-11-10 to 2026-11-25." in text
    assert "**About:** diagnosis: colon cancer." in text
    assert ("**Treatment:** oxaliplatin 170 mg/m2 in 2 infusions; cycle 2, day 8 (infusion "
            "2026-11-18).") in text
    order = [text.index(h) for h in ("## Key points", "## Symptoms", "## The course so far",
                                     "## Details", "## Grade estimate", "## Notes")]
    assert order == sorted(order)
    points = text.split("## Key points")[1].split("## Symptoms")[0]
    # the fall has an open alert: it is listed once, as the alert; no 'today' alert is current
    # (the fall's aged five days), so the fall leads (issue 23 item 7)
    assert "Fall reported" not in points and points.count("fall") == 1
    assert "Reported a fall; journal urgency: same day." in points.splitlines()[2]
    assert "Open question: Should the dose be lowered?" in points


def test_key_points_most_urgent_first_and_issue_12_columns(cli, db_path):
    build(cli)
    report = report_of(db_path)
    opened = [a for a in report.alerts if a["status"] == "open"]
    assert len(opened) >= 2
    for alert in opened:  # one alert 'today', the rest 'soon': the 'today' one leads
        alert["urgency"], alert["current"] = "soon", True
    opened[-1]["urgency"] = "today"
    points = doc.key_points(report)[0].points
    from cipn_journal.domain.alerts import clinician_message

    wording = clinician_message(opened[-1], opened[-1]["subject"], report.summary.first_day)
    assert " you" not in wording.lower()  # written for the care team (issue 14 item 19)
    assert points[0] == (opened[-1]["date"], wording[:-1] + "; journal urgency: same day.")
    assert any(fact.endswith("; journal urgency: within days.") for _, fact in points[1:])
    stats = report.summary.symptoms[0]
    stats.where, stats.direction = "feet", "worsening"
    stats.since_visit = {"visit": "2026-11-10", "before": 1.0, "change": 3.0}
    grid = next(b for b in doc.symptoms(report) if isinstance(b, doc.Grid))
    assert grid.headers[:2] == ["Symptom", "Where"] and "Since visit (points)" in grid.headers
    row = grid.rows[0]
    assert row[1] == "feet" and "+3.0" in row
    said = next(b for b in doc.symptoms(report) if isinstance(b, doc.Items)).items[0]
    assert said == [("Numbness: ", True), (stats.words, False)]
    worse = [fact for _, fact in doc.key_points(report)[0].points if "since the last" in fact]
    # numbness is 2+ points above its pre-treatment baseline: one line says both (item 7), and
    # its open 'new' alert (soon) is that change: said with it as the journal's urgency
    assert worse == [f"{stats.label}: {stats.words}; worse since the last visit (2026-11-10): "
                     f"1.0 to {stats.recent:.1f}; journal urgency: within days"]


def test_markdown_user_text_makes_no_html_and_no_broken_table(cli):
    build(cli, notes=(HOSTILE, "plain"))
    ok(cli("profile", "set", "--name", HOSTILE, "--regimen", HOSTILE))
    ok(cli("symptoms", "add", "cramps", "--label", HOSTILE))
    ok(cli("log", "cramps=4", "--date", "2026-11-24"))
    ok(cli("meds", "add", HOSTILE, "--start", "2026-11-20"))
    text = ok(cli("export")).stdout
    assert "\\|" not in text  # no escape shows in a portal that does not render Markdown
    assert "<b>" not in MarkdownIt("commonmark").enable("table").render(text).replace(
        "&lt;b&gt;", "")
    html = MarkdownIt("commonmark").enable("table").render(text)
    page = Page(html)
    assert set(page.tags) <= {"h1", "h2", "p", "ul", "ol", "li", "strong", "em", "table",
                              "thead", "tbody", "tr", "th", "td"}
    for table in page.tables:
        assert len({len(row) for row in table}) == 1  # every row has the header's cells
    shown = HOSTILE.replace("|", "\u00a6")
    assert shown in page.sections["Notes"]
    assert any(row[0] == shown for row in page.table("Symptom"))


def test_weekly_grades_and_extent_change(cli):
    build(cli)
    ok(cli("weekly", "numbness.severity=1", "numbness.interference=0", "extent.feet=toes",
           "--date", "2026-11-12"))
    ok(cli("weekly", "numbness.severity=3", "numbness.interference=3", "extent.feet=ankle"))
    text = ok(cli("export")).stdout
    section = text.split("## Weekly PRO-CTCAE composite grades")[1]
    assert "PRO-CTCAE™, National Cancer Institute" in section
    assert "| Numbness or tingling | 3 | 1 |" in section
    assert "| Pain |" not in section  # not answered in either week
    # dated by the day ankle was first recorded, not the previous answer's (issue 23 item 12)
    assert "**feet:** toes \u2192 ankle since 2026-11-25" in section


def test_an_empty_window_is_one_short_page(cli, tmp_path):
    ok(cli("log", "numbness=2", "--date", "2026-09-01"))
    text = ok(cli("export")).stdout
    assert "Nothing was logged in this window." in text
    assert "## Key points" not in text and "## Details" not in text
    target = tmp_path / "empty.html"
    ok(cli("export", "-o", str(target)))
    assert "Nothing was logged in this window." in target.read_text()


def test_the_json_export_keeps_format_version_1_with_a_profile(cli):
    ok(cli("profile", "set", "--name", "Ana"))
    data = json.loads(ok(cli("export", "--format", "json", "--since", "all")).stdout)
    assert data["format_version"] == 1 and data["profile"][0]["name"] == "Ana"


def test_the_course_of_a_past_window_ends_with_the_window(cli, db_path):
    """The course chart and its first/highest facts use the values visit_report hands them as
    they are (a ten-year course is 35,000 values: no second filter), so the report must stop at
    the window's end: a later 9/10 is neither the highest value nor a point of the chart."""
    for day in range(1, 31):
        ok(cli("log", f"numbness={2 if day < 30 else 3}", "--date", f"2026-09-{day:02d}"))
    ok(cli("log", "numbness=9", "--date", "2026-10-20"))
    text = ok(cli("export", "--since", "2026-09-10", "--until", "2026-09-30")).stdout
    course = text.split("## The course so far")[1].split("##")[0]
    assert "*From 2026-09-01 to 2026-09-30:*" in course
    assert ("- Numbness, loss of feeling: first above 0 on 2026-09-01 (2), highest 3 on "
            "2026-09-30") in course
    report = report_of_window(db_path, "2026-09-10", "2026-09-30")
    assert max(day for values in report.course.values() for day in values) == date(2026, 9, 30)
    assert min(day for values in report.course.values() for day in values) == date(2026, 9, 1)


def report_of_window(db_path, since: str, until: str) -> visit_report.Report:
    store = Store.open(db_path, create=False)
    try:
        return visit_report.report(store, select(store, since, until, today=date(2026, 11, 25)))
    finally:
        store.close()
