"""`cipn export` through the CLI on a small hand-built journal: the window, each format's content
(Markdown, HTML, CSV, JSON), escaping of hostile user text for each destination, refusing to
print html/json to a terminal, and the file rules (no overwrite without --force, 0600, atomic)."""

import csv
import hashlib
import io
import json
import os
import re
import stat

import pytest
from helpers_journal import Page, build, ok
from helpers_process import on_a_terminal as _on_a_terminal
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml

from cipn_journal.export import markdown
from cipn_journal.output import printable

HOSTILE = [
    "pipe | in | a note",
    "`code` and ``double`` ticks",
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[click](javascript:alert(1)) and ![img](http://x.example/y.png)",
    "*emphasis* _under_ **strong** ~~strike~~",
    "# not a heading",
    "1. not a list",
    "- not a list either",
    "> not a quote",
    "&amp; &#60; &lt; &copy; entities",
    "back\\slash at the end\\",
    "line one\nline two\n=====",
    "<http://autolink.example> <b>bold</b>",
    "    four spaces",
    "| --- |",
    "\"double\" and 'single' quotes & ampersands",
]
FORMULAS = ["=HYPERLINK(\"http://evil.example\",\"click\")", "+1", "-2+3", "@SUM(A1:A9)",
            "\tTab first"]


def export(cli, *args):
    return ok(cli("export", *args))


# -- reading the rendered Markdown --------------------------------------------------------------
def commonmark(text: str) -> str:
    return MarkdownIt("commonmark").enable("table").render(text)


def inert(text: str) -> str:
    """What a note must look like in a document: one line, line breaks as " / ", other
    controls as U+FFFD (issue 24)."""
    return " ".join(printable(text, one_line=True).split())


# -- the window ---------------------------------------------------------------------------------
def test_default_window_is_since_the_last_visit(cli):
    build(cli)
    text = export(cli).stdout
    assert text.startswith("# CIPN symptom summary: name not set (cipn profile set --name)\n")
    assert "**Window:** since the last visit, 2026-11-10: 2026-11-10 to 2026-11-25." in text
    assert "**Window:** 2026-11-10 to 2026-11-25 (since the last visit, 2026-11-10); 16 days" \
        not in text  # said once, in page 1's header
    assert "**Last visit:** 2026-11-10 (with Dr Rivera)." in text
    assert "**Next visit:** 2026-12-02 (with Dr Rivera)." in text


def test_default_window_without_a_visit_is_the_last_28_days(cli):
    build(cli, visit=False)
    text = export(cli).stdout
    assert "**Window:** the last 28 days: 2026-10-29 to 2026-11-25." in text


def test_since_all_and_until(cli):
    build(cli)
    assert "the whole journal: 2026-10-28 to 2026-11-25" in export(
        cli, "--since", "all").stdout
    text = export(cli, "--since", "2026-11-01", "--until", "2026-11-12").stdout
    assert "**Window:** 2026-11-01 to 2026-11-12." in text
    assert "Tripped" not in text  # the 2026-11-20 note is after the window


def test_bad_window_and_format_are_bad_input(cli, db_path):
    build(cli)
    result = cli("export", "--since", "2026-11-20", "--until", "2026-11-10")
    assert result.exit_code == 2 and "after --until" in result.stderr
    result = cli("export", "--format", "docx")
    assert result.exit_code == 2
    assert "--format 'docx' is not one of: md, html, csv, json, fhir, pdf, ics." in result.stderr
    assert result.stdout == ""


def test_export_without_a_journal_creates_nothing(cli, db_path):
    for args in (("--format", "json", "--since", "all"), ()):
        result = cli("export", *args)
        assert result.exit_code == 1 and result.stdout == ""
        assert result.stderr.startswith(f"Error: No journal at {db_path}: nothing was read")
    assert not db_path.exists()


def test_export_of_an_empty_journal(cli, db_path):
    ok(cli("symptoms", "add", "cramps", "--label", "Cramps"))  # a journal with no entries
    data = json.loads(export(cli, "--format", "json", "--since", "all").stdout)
    assert data["observations"] == [] and data["format_version"] == 1
    assert "Nothing was logged in this window." in export(cli).stdout


# -- Markdown -----------------------------------------------------------------------------------
def test_markdown_content(cli):
    build(cli)
    alerts = json.loads(ok(cli("alerts", "--all", "--json")).stdout)
    fall = next(a for a in alerts if a["subject"] == "fall")
    ok(cli("alerts", "ack", str(fall["id"]), "--note", "told the nurse"))
    text = export(cli).stdout
    page = Page(commonmark(text))
    sections = page.sections

    grade = sections["Grade estimate"]
    assert "patient-reported estimate" in grade and "not a clinical grade" in grade
    # Nov 24 was logged without a limits answer: no estimate (issue 23)
    assert "2026-11-24: no estimate, limits not recorded." in grade
    # the latest estimate is also the highest: said once
    assert ("Latest and highest, 2026-11-12: grade 2 (symptoms limited everyday tasks (meals, "
            "shopping, the phone, money)); highest severity that day 3/10 (CTCAE v5.0 Peripheral "
            "sensory neuropathy: Moderate symptoms; limiting instrumental ADL).") in grade

    symptoms = page.table("Symptom")
    assert symptoms[0] == ["Symptom", "Where", "Baseline", "Recent", "Since visit (points)",
                           "Peak (date)", "Latest (date)", "Days logged"]
    assert symptoms[1] == ["Numbness, loss of feeling", "feet", "0.0", "4.5", "+4.2",
                           "6 (2026-11-24)", "6 (2026-11-24)", "4/16"]
    assert ("- **Numbness:** +4.5 points since before treatment (worsening); rising over the "
            "last 2 weeks") in text
    # rule 1: not named on Nov 16 and 20 after the 2 of Nov 12: not logged there, so recent is
    # 5 over the 2 days with a value
    assert symptoms[2] == ["Tingling, pins and needles", "-", "1.0", "2.5", "+1.5",
                           "3 (2026-11-24)", "3 (2026-11-24)", "2/16"]
    assert ("- **Tingling:** +1.5 points since before treatment (stable); steady over the "
            "last 2 weeks") in text

    alert_rows = page.table("Date")
    assert alert_rows[0] == ["Date", "Alert", "Status"]
    statuses = {row[0]: row[2] for row in alert_rows[1:]}
    assert statuses["2026-11-12"].startswith("open")
    assert statuses["2026-11-20"].startswith("care team told")
    assert statuses["2026-11-20"].endswith(": told the nurse")
    assert "2026-11-05" not in statuses  # before the window

    infusions = next(t for t in page.tables if t[0][:2] == ["Date", "Drug"])
    assert infusions[1][:6] == ["2026-11-18", "oxaliplatin (Eloxatin)", "2", "85 mg/m2", "iv",
                                "170 mg/m2"]
    treatment = sections["Chemotherapy"]
    assert "Total recorded to 2026-11-25: oxaliplatin 170 mg/m2 (2 infusions)." in treatment
    assert ("oxaliplatin cycle 1 (2026-11-04 to 2026-11-17): symptoms persisted to the next "
            "cycle: numbness 5/10 2 days before; limits not recorded.") in treatment
    assert "oxaliplatin cycle 2 (from 2026-11-18): no next infusion yet." in treatment

    function = sections["Falls and limits on daily activities"]
    assert "Falls: 1 (2026-11-20)." in function
    assert "limited on 1 day (2026-11-12)." in function
    assert "Self-care (washing, dressing, eating, the toilet, taking medicines): not reported" \
        in function

    assert page.table("Name")[1] == ["glutamine", "supplement", "2026-11-01", "still taking", ""]
    notes = sections["Notes"]
    assert "2026-11-20: Tripped on the stairs" in notes
    assert "2026-11-24: Fingertips numb; dropped a cup" in notes
    assert "Should the dose be lowered? (asked 2026-11-25)" in sections[
        "Questions for the doctor"]
    assert text.rstrip().endswith(
        "*This summary records and summarises what was reported in cipn-journal, a personal "
        "journal that nobody monitors; it is not medical advice.*")


def test_markdown_names_who_reported(cli):
    build(cli)
    ok(cli("log", "grip=2", "--date", "2026-11-22", "--by", "caregiver"))
    text = export(cli).stdout
    assert "**Reported by:** the patient (4 days), a caregiver (1 day)." in text


def _hostile_journal(cli, texts):
    build(cli, notes=(texts[0], texts[1]))
    for number, note in enumerate(texts[2:], start=1):
        ok(cli("log", "--note", note, "--date", f"2026-11-{10 + number:02d}"))
    ok(cli("ask", texts[2]))
    ok(cli("visit", "add", "2026-11-11", "--with", texts[3]))
    ok(cli("meds", "add", texts[4], "--start", "2026-11-02"))
    ok(cli("symptoms", "add", "cramps", "--label", texts[3]))
    ok(cli("log", "cramps=7", "--date", "2026-11-23"))  # a row, a chart and a severe alert


def test_markdown_user_text_cannot_make_markup(cli, tmp_path, monkeypatch):
    """The same journal with plain and with hostile texts renders to the same elements, and
    every hostile text comes back as text."""
    benign = [f"plain text {n}" for n in range(len(HOSTILE))]
    monkeypatch.setenv("CIPN_JOURNAL_DB", str(tmp_path / "plain.db"))
    _hostile_journal(cli, benign)
    plain = Page(commonmark(export(cli).stdout))
    monkeypatch.setenv("CIPN_JOURNAL_DB", str(tmp_path / "hostile.db"))
    _hostile_journal(cli, HOSTILE)
    text = export(cli).stdout
    html = commonmark(text)
    hostile = Page(html)
    assert hostile.tags == plain.tags
    assert [len(row) for t in hostile.tables for row in t] == [
        len(row) for t in plain.tables for row in t]
    for note in HOSTILE:  # a pipe becomes a broken bar: no `\|` escape to show
        assert inert(note).replace("|", "\u00a6") in hostile.sections["Notes"]
    assert inert(HOSTILE[2]) in hostile.sections["Questions for the doctor"]
    assert hostile.table("Symptom")[3][0] == HOSTILE[3]
    assert not re.search(r"<(script|img|a|code|em|del|h3|blockquote|b)\b",
                         html.split("<h2>Notes</h2>")[1].split("<p><em>This summary")[0])


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=40))
def test_markdown_escaping_renders_exactly_the_text(value):
    expected = inert(value).replace("|", "\u00a6")
    if not expected:
        return
    renderer = MarkdownIt("commonmark").enable("table")
    shown = escapeHtml(expected)
    assert renderer.render("Note: " + markdown.text(value)) == f"<p>Note: {shown}</p>\n"
    assert renderer.render(markdown.line_start(value)) == f"<p>{shown}</p>\n"
    assert renderer.render("- " + markdown.line_start(value)) == (
        f"<ul>\n<li>{shown}</li>\n</ul>\n")
    cell = renderer.render(f"| a | b |\n| --- | --- |\n| {markdown.text(value)} | x |\n")
    assert f"<td>{shown}</td>\n<td>x</td>" in cell


# -- HTML ---------------------------------------------------------------------------------------
ALLOWED_TAGS = {"html", "head", "meta", "title", "style", "body", "h1", "h2", "p", "strong",
                "ul", "ol", "li", "table", "thead", "tbody", "tr", "th", "td", "div",
                "figure", "figcaption", "b", "br", "svg", "rect", "line", "text", "path",
                "polyline", "circle", "tspan"}


def test_html_content_and_charts(cli, tmp_path):
    build(cli)
    target = tmp_path / "visit.html"
    result = export(cli, "--format", "html", "-o", str(target))
    assert result.stdout == ""
    assert f"to {target}" in result.stderr
    html = target.read_text()
    page = Page(html)
    assert html.startswith("<!DOCTYPE html>")
    assert page.table("Symptom")[1][:5] == ["Numbness, loss of feeling", "feet", "0.0", "4.5",
                                           "+4.2"]
    assert html.count("+4.5 points since before treatment (worsening); rising over the "
                      "last 2 weeks") == 2  # the key points and the symptoms
    assert "Should the dose be lowered? (asked 2026-11-25)" in page.sections[
        "Questions for the doctor"]
    assert "grade 2" in page.sections["Grade estimate"]
    assert page.tags["figure"] == 1 and page.tags["svg"] == 1  # one course chart
    # Both infusions of the course are marked across the panels (a dashed line, a triangle).
    assert page.tags["path"] == 2
    assert html.count('stroke-dasharray="3 2"') == 2
    assert html.count('<tspan x="112" ') == 2  # numbness and tingling: one label line each
    assert html.count('<text x="112" ') == 2  # and their highest value
    assert "@media print" in html and "break-inside: avoid" in html
    assert set(page.tags) <= ALLOWED_TAGS


def test_html_is_self_contained(cli, tmp_path):
    build(cli)
    target = tmp_path / "visit.html"
    export(cli, "--format", "html", "--since", "all", "-o", str(target))
    html = target.read_text()
    assert not re.search(r"https?://|//[a-z]|url\(|@import|<link|<script|<img|<iframe", html)
    assert not [a for a in Page(html).attributes if a[1] in ("src", "href", "srcset")]
    assert "default-src 'none'" in html


def test_html_escapes_user_text(cli, tmp_path):
    _hostile_journal(cli, HOSTILE)
    target = tmp_path / "visit.html"
    export(cli, "--format", "html", "-o", str(target))
    html = target.read_text()
    page = Page(html)
    assert set(page.tags) <= ALLOWED_TAGS
    assert page.tags["script"] == 0 and page.tags["img"] == 0 and page.tags["a"] == 0
    assert not [a for a in page.attributes if a[1].startswith("on")]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in html
    assert "&quot;double&quot; and &#x27;single&#x27; quotes &amp; ampersands" in html
    for note in HOSTILE:
        assert inert(note) in page.sections["Notes"]
    assert page.table("Symptom")[3][0] == HOSTILE[3]
    assert page.tags["figure"] == 1
    assert '>&lt;img src=x</tspan>' in html  # a panel's label, in whole words, as text
    assert '>onerror=&quot;alert(1)&quot;&gt;</tspan>' in html


# -- CSV ----------------------------------------------------------------------------------------
def read_csv(text: str) -> list[dict]:
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:], newline="")))


def test_csv_rows(cli):
    build(cli)
    ok(cli("log", "--note", "only a note", "--date", "2026-11-22"))
    text = export(cli, "--format", "csv").stdout
    assert text.splitlines()[0] == ("\ufeffdate,symptom,severity,where,limits,falls,note,"
                                    "reported_by,cycle,cycle_day")
    rows = read_csv(text)
    assert [(r["date"], r["symptom"], r["severity"]) for r in rows] == [
        ("2026-11-12", "numbness", "3"), ("2026-11-12", "tingling", "2"),
        ("2026-11-16", "numbness", "5"), ("2026-11-20", "numbness", "4"),
        ("2026-11-22", "", ""),
        ("2026-11-24", "numbness", "6"), ("2026-11-24", "tingling", "3")]
    by_key = {(r["date"], r["symptom"]): r for r in rows}
    assert by_key[("2026-11-12", "numbness")] == {
        "date": "2026-11-12", "symptom": "numbness", "severity": "3", "where": "",
        "limits": "everyday", "falls": "", "note": "", "reported_by": "patient",
        "cycle": "1", "cycle_day": "9"}  # falls not reported that day: empty, not 0
    assert by_key[("2026-11-16", "numbness")]["where"] == "feet"
    assert by_key[("2026-11-20", "numbness")]["falls"] == "1"
    assert by_key[("2026-11-20", "numbness")]["note"] == "Tripped on the stairs"
    assert by_key[("2026-11-20", "numbness")]["cycle"] == "2"
    assert by_key[("2026-11-20", "numbness")]["cycle_day"] == "3"
    assert by_key[("2026-11-22", "")]["note"] == "only a note"


def test_csv_neutralises_formulas(cli):
    ok(cli("log", "numbness=2", "--date", "2026-11-01"))
    for number, note in enumerate(FORMULAS, start=2):
        ok(cli("log", "numbness=2", "--date", f"2026-11-{number:02d}", "--note", note))
    ok(cli("log", "numbness=2", "--date", "2026-11-09", "--note", "\rCR first \x1b[31m"))
    ok(cli("log", "numbness=2", "--date", "2026-11-10", "--note", "-5"))
    ok(cli("symptoms", "add", "cramps", "--label", "=1+1"))
    ok(cli("log", "cramps=4", "--date", "2026-11-11", "--note", "@home"))
    rows = read_csv(export(cli, "--format", "csv", "--since", "all").stdout)
    notes = [r["note"] for r in rows if r["note"]]
    assert notes == ["'" + note for note in FORMULAS] + [
        "'\nCR first \ufffd[31m", "-5", "'@home"]
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "@", "\t", "\r", "\n")) or value == ""
            assert not value.startswith("-") or re.fullmatch(r"-?\d+(\.\d+)?", value)


# -- JSON ---------------------------------------------------------------------------------------
def test_json_keys_and_window(cli):
    build(cli)
    ok(cli("log", "numbness=1", "--date", "2026-10-28"))  # replaces 0: history
    data = json.loads(export(cli, "--format", "json", "--since", "all").stdout)
    assert list(data) == ["format", "format_version", "app_version", "exported_at", "window",
                          "journal_id", "custom_symptoms", "observations",
                          "observation_history", "days", "notes", "alerts", "treatments",
                          "meds", "visits", "questions",
                          "profile", "weekly_records", "extent_days"]
    assert data["format"] == "cipn-journal export" and data["format_version"] == 1
    assert data["window"] == {"since": None, "until": None}
    assert list(data["observations"][0]) == ["date", "symptom", "severity", "where",
                                             "reported_by", "recorded_at"]
    assert data["observation_history"][0] | {"recorded_at": "", "replaced_at": ""} == {
        "date": "2026-10-28", "symptom": "numbness", "severity": 0, "where": None,
        "reported_by": "patient", "recorded_at": "", "replaced_at": "", "reason": "replaced"}
    assert list(data["treatments"][1]) == ["date", "drug", "entered", "class", "cycle",
                                           "cycle_given", "dose", "unit", "dose_text", "route",
                                           "note", "recorded_at"]
    assert data["treatments"][1]["entered"] == "Eloxatin"
    assert data["treatments"][1]["cycle_given"] is False
    assert [v["date"] for v in data["visits"]] == ["2026-11-10", "2026-12-02"]
    assert "id" not in json.dumps([r for k, v in data.items() if isinstance(v, list)
                                   for r in v]).replace('"', " ").split()

    windowed = json.loads(export(cli, "--format", "json", "--since", "2026-11-15",
                                 "--until", "2026-11-21").stdout)
    assert windowed["window"] == {"since": "2026-11-15", "until": "2026-11-21"}
    assert {o["date"] for o in windowed["observations"]} == {"2026-11-16", "2026-11-20"}
    assert [t["date"] for t in windowed["treatments"]] == ["2026-11-18"]
    assert windowed["visits"] == []
    assert windowed["questions"] == []  # asked on 2026-11-25, after the window
    assert windowed["meds"][0]["name"] == "glutamine"


def test_two_json_exports_differ_only_in_exported_at(cli, monkeypatch):
    """`exported_at` (and the FHIR Bundle's `timestamp`) follow CIPN_JOURNAL_NOW like every
    recorded time (issue 21 item 8); nothing else differs."""
    build(cli)
    monkeypatch.setenv("CIPN_JOURNAL_NOW", "2026-11-25T12:00:00+00:00")
    first = export(cli, "--format", "json", "--since", "all").stdout
    monkeypatch.setenv("CIPN_JOURNAL_NOW", "2026-11-25T12:30:00+00:00")
    second = export(cli, "--format", "json", "--since", "all").stdout
    assert json.loads(first)["exported_at"] == "2026-11-25T12:00:00+00:00"
    assert json.loads(second)["exported_at"] == "2026-11-25T12:30:00+00:00"
    assert json.loads(first) | {"exported_at": ""} == json.loads(second) | {"exported_at": ""}
    fhir = export(cli, "--format", "fhir", "--since", "all").stdout
    assert json.loads(fhir)["timestamp"] == "2026-11-25T12:30:00+00:00"


# -- terminals and files ------------------------------------------------------------------------
@pytest.mark.parametrize("fmt", ["html", "json"])
def test_html_and_json_refuse_a_terminal(cli, fmt):
    build(cli)
    code, stderr, shown = _on_a_terminal(["export", "--format", fmt], dict(os.environ))
    assert code == 2
    assert f"give -o FILE, e.g. cipn export --format {fmt} -o summary.{fmt}" in stderr
    assert shown == ""


def test_markdown_prints_to_a_terminal(cli):
    build(cli)
    code, _stderr, shown = _on_a_terminal(["export"], dict(os.environ))
    assert code == 0 and "CIPN symptom summary" in shown


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("fmt", ["md", "html", "csv", "json"])
def test_output_file_is_0600_and_never_overwritten_without_force(cli, tmp_path, fmt):
    build(cli)
    target = tmp_path / f"out.{fmt}"
    export(cli, "--format", fmt, "-o", str(target))
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    first = target.read_bytes()
    ok(cli("log", "numbness=7", "--date", "2026-11-25"))
    before = digest(target)
    result = cli("export", "--format", fmt, "-o", str(target))
    assert result.exit_code == 1
    assert f"{target} already exists: nothing was written" in result.stderr
    assert "--force" in result.stderr
    assert digest(target) == before and target.read_bytes() == first
    export(cli, "--format", fmt, "-o", str(target), "--force")
    assert digest(target) != before
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_existing_file_is_refused_before_any_work(cli, tmp_path):
    target = tmp_path / "summary.md"
    target.write_text("mine")
    os.chmod(target, 0o644)
    result = cli("export", "-o", str(target))
    assert result.exit_code == 1 and target.read_text() == "mine"
    assert stat.S_IMODE(target.stat().st_mode) == 0o644


def test_output_refuses_the_journal_itself_and_missing_folders(cli, db_path, tmp_path):
    build(cli)
    before = digest(db_path)
    result = cli("export", "--format", "json", "-o", str(db_path), "--force")
    assert result.exit_code == 2 and "is the journal itself" in result.stderr
    assert digest(db_path) == before
    result = cli("export", "-o", str(tmp_path / "missing" / "x.md"))
    assert result.exit_code == 1 and "does not exist" in result.stderr
    result = cli("export", "-o", str(tmp_path))
    assert result.exit_code == 2 and "is a folder" in result.stderr


def test_an_interrupted_export_leaves_no_file(cli, tmp_path, monkeypatch):
    build(cli)
    target = tmp_path / "visit.md"

    def broken(*_args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("cipn_journal.export.files.os.fsync", broken)
    result = cli("export", "-o", str(target))
    assert result.exit_code == 1
    assert "Could not write" in result.stderr and "No space left on device" in result.stderr
    assert list(tmp_path.glob("*visit*")) == [] and list(tmp_path.glob(".visit*")) == []


def test_a_journal_with_nothing_logged_yet(cli):
    ok(cli("visit", "add", "2026-12-02", "--with", "Dr Rivera"))
    ok(cli("ask", "What should I watch for?"))
    text = export(cli, "--since", "all").stdout
    assert text.startswith("# CIPN symptom summary: name not set (cipn profile set --name)\n")
    assert "**Window:** the whole journal: up to 2026-11-25." in text
    assert "Nothing was logged in this window." in text
    assert "1. What should I watch for? (asked 2026-11-25)" in text
    assert read_csv(export(cli, "--format", "csv", "--since", "all").stdout) == []
    data = json.loads(export(cli, "--format", "json", "--since", "all").stdout)
    assert [v["date"] for v in data["visits"]] == ["2026-12-02"]


def test_force_never_replaces_a_pipe(cli, tmp_path):
    ok(cli("log", "numbness=2"))
    target = tmp_path / "pipe"
    os.mkfifo(target)
    result = cli("export", "-o", str(target), "--force")  # written into; here nobody reads
    assert result.exit_code == 1 and "Nothing reads the pipe" in result.stderr
    assert stat.S_ISFIFO(os.lstat(target).st_mode)
    result = cli("backup", str(target), "--force")
    assert result.exit_code == 1 and stat.S_ISFIFO(os.lstat(target).st_mode)


def test_csv_cycle_days_end_with_the_last_cycle(cli):
    ok(cli("treatment", "add", "oxaliplatin", "--date", "2026-06-01"))
    ok(cli("log", "numbness=3", "--date", "2026-06-01"))
    ok(cli("log", "numbness=3", "--date", "2026-09-28"))  # day 120 of the last cycle
    ok(cli("log", "numbness=3", "--date", "2026-09-29"))  # after it: treatment is over
    rows = read_csv(export(cli, "--format", "csv", "--since", "all").stdout)
    assert [(r["date"], r["cycle"], r["cycle_day"]) for r in rows] == [
        ("2026-06-01", "1", "1"), ("2026-09-28", "1", "120"), ("2026-09-29", "", "")]


def test_a_last_cycle_long_ago_has_ended(cli):
    ok(cli("treatment", "add", "oxaliplatin", "--date", "2026-06-01"))
    ok(cli("log", "numbness=3", "--date", "2026-06-01"))
    text = export(cli, "--since", "all").stdout
    assert "oxaliplatin cycle 1** (2026-06-01 to 2026-09-28): no next infusion recorded." in text


def test_json_escapes_terminal_controls_and_keeps_the_text(cli):
    note = "csi \x9b31m, del \x7f, esc \x1b[2J, separator \u2028, é"
    ok(cli("log", "numbness=2", "--note", note))
    text = export(cli, "--format", "json").stdout
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]", text)
    assert "é" in text
    assert json.loads(text)["notes"][0]["text"] == note


def test_markdown_escapes_only_what_markdown_renders(cli):
    """Issue 25 item 17: a portal that shows Markdown as typed shows every needless backslash;
    `<b>` needs one before `<` only, intraword `_`, `>`, a path's `\\` and `<3` need none."""
    ok(cli("log", "numbness=2", "--note", r"<b>bold</b> snake_case 2 > 1 <3 C:\temp"))
    text = export(cli).stdout
    assert r"\<b>bold\</b> snake_case 2 > 1 <3 C:\temp" in text
    assert not re.search(r"<b>bold</b>", commonmark(text).split("<h2>Notes</h2>")[1])
