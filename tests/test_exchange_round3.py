"""Issue 24, items 5 and 11-17: what goes in and out of a journal. Alert escalations survive an
import (a stable reference, not a row id); days before a record are refused (ack, answer,
import); each limb's own extent words; import refuses what the commands refuse; a JSON export
is the whole journal; ASCII digits only; date messages that say why; one rule per export
format for control characters. Each repro of the issue is a test here, through the real CLI."""

import csv
import io
import json
import sqlite3

import pytest
from helpers_journal import ok


def export_all(cli, db=None) -> dict:
    args = ["--db", str(db)] if db else []
    return json.loads(ok(cli(*args, "export", "--format", "json", "--since", "all")).stdout)


def write(tmp_path, data: dict, name="in.json"):
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def minimal(**tables) -> dict:
    return {"format": "cipn-journal export", "format_version": 1, **tables}


def refused(result, *words):
    assert result.exit_code == 2, (result.exit_code, result.stderr)
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    for word in words:
        assert word in result.stderr, (word, result.stderr)
    assert "Traceback" not in result.stderr


# --- item 5: escalations ------------------------------------------------------------------------
def test_imported_escalation_points_at_the_imported_alert_not_a_row_id(cli, tmp_path):
    source = tmp_path / "source.db"
    ok(cli("--db", str(source), "log", "grip=8", "--date", "2 days ago"))
    ok(cli("--db", str(source), "log", "grip=9", "--date", "yesterday"))
    data = export_all(cli, source)
    escalating = [a for a in data["alerts"] if a["escalates"]]
    assert len(escalating) == 1
    # A stable reference (the alert it escalates, as the file names alerts), never a row id.
    assert escalating[0]["escalates"] == {"date": "2026-11-23", "subject": "grip",
                                          "rule": "severe"}
    assert all(not isinstance(a["escalates"], int) for a in data["alerts"])

    target = tmp_path / "target.db"
    ok(cli("--db", str(target), "log", "numbness=9", "tingling=9", "pain=9", "--date",
           "2026-11-10"))
    before = sqlite3.connect(target).execute("SELECT COUNT(*) FROM alerts").fetchone()[0]
    assert before >= 3  # one alert per symptom and day (issue 22 rule 14)
    ok(cli("--db", str(target), "import", str(write(tmp_path, data))))
    conn = sqlite3.connect(target)
    rows = conn.execute("SELECT id, date, subject, rule, escalates FROM alerts "
                        "WHERE subject = 'grip' ORDER BY id").fetchall()
    conn.close()
    by_date = {(r[1], r[3]): r for r in rows}
    assert by_date[("2026-11-24", "severe")][4] == by_date[("2026-11-23", "severe")][0]
    listed = ok(cli("--db", str(target), "alerts")).stdout
    assert f"higher than alert #{by_date[('2026-11-23', 'severe')][0]}" in listed
    # And the round trip gives the same reference back.
    again = export_all(cli, target)
    assert [a["escalates"] for a in again["alerts"] if a["subject"] == "grip"] == [
        a["escalates"] for a in data["alerts"]]


def test_an_old_numeric_escalates_is_not_taken_as_a_local_row_id(cli, tmp_path, query):
    for day in range(10, 13):
        ok(cli("log", "numbness=9", "--date", f"2026-11-{day}"))
    data = minimal(alerts=[{
        "date": "2026-11-20", "subject": "grip", "rule": "severe", "value": 9,
        "message": "Grip weakness is 9.", "status": "open", "escalates": 2}])
    ok(cli("import", str(write(tmp_path, data))))
    assert query("SELECT escalates FROM alerts WHERE subject = 'grip'") == [(None,)]


def test_an_escalation_reference_to_no_alert_is_refused(cli, tmp_path, db_path):
    data = minimal(alerts=[{
        "date": "2026-11-20", "subject": "grip", "rule": "severe", "value": 9,
        "message": "Grip weakness is 9.", "status": "open",
        "escalates": {"date": "2026-11-19", "subject": "pain", "rule": "severe"}}])
    refused(cli("import", str(write(tmp_path, data))), "alerts[0].escalates",
            "same subject ('grip')")
    assert not db_path.exists()


# --- item 11: days before the record ------------------------------------------------------------
def test_ack_before_the_alert_day_is_refused(cli, query):
    ok(cli("log", "grip=8", "--date", "2026-11-20"))
    alert_id = query("SELECT id FROM alerts WHERE rule = 'severe'")[0][0]
    refused(cli("alerts", "ack", str(alert_id), "--date", "2026-11-19"), "2026-11-19",
            "2026-11-20")
    assert query("SELECT status FROM alerts WHERE id = ?", (alert_id,)) == [("open",)]
    refused(cli("alerts", "ack", "--all-open", "--date", "2026-11-19"), "2026-11-20")
    ok(cli("alerts", "ack", str(alert_id), "--date", "2026-11-20"))


def test_question_answered_before_it_was_asked_is_refused(cli, query):
    ok(cli("ask", "Is it the drug?"))
    refused(cli("questions", "done", "1", "--date", "2026-11-20"), "2026-11-20", "2026-11-25")
    assert query("SELECT done_at FROM questions") == [(None,)]
    ok(cli("questions", "done", "1", "--date", "today"))


@pytest.mark.parametrize("table, record, words", [
    ("alerts", {"date": "2026-11-09", "subject": "grip", "rule": "severe", "value": 9,
                "message": "Grip weakness is 9.", "status": "acknowledged",
                "acknowledged_at": "2026-11-01T12:00:00+00:00"},
     ["alerts[0].acknowledged_at", "2026-11-09"]),
    ("questions", {"text": "Is it the drug?", "asked": "2026-11-09",
                   "done_at": "2026-11-01T12:00:00+00:00"},
     ["questions[0].done_at", "2026-11-09"]),
])
def test_import_refuses_an_end_before_the_start(cli, tmp_path, db_path, table, record, words):
    refused(cli("import", str(write(tmp_path, minimal(**{table: [record]})))), *words)
    assert not db_path.exists()


# --- item 12: each limb's words -----------------------------------------------------------------
@pytest.mark.parametrize("args, words", [
    (["weekly", "extent.feet=wrist"], ["'wrist'", "the feet", "ankle"]),
    (["weekly", "extent.hands=knee"], ["'knee'", "the hands", "elbow"]),
    (["weekly", "extent.hands=toes"], ["'toes'", "fingers"]),
    (["weekly", "extent.hands=above the knee"], ["'above the knee'", "above the elbow"]),
    (["log", "numbness=3", "--extent", "hands=knee"], ["'knee'", "elbow"]),
    (["log", "numbness=3", "--extent", "feet=wrist"], ["'wrist'", "ankle"]),
])
def test_another_limbs_word_is_refused_naming_the_right_one(cli, db_path, args, words):
    refused(cli(*args), *words)
    assert not db_path.exists()


def test_cipn_own_words_above_the_knee_and_elbow_are_accepted(cli, query):
    ok(cli("weekly", "numbness.severity=2", "extent.feet=above the knee",
           "extent.hands=Above the elbow"))
    assert query("SELECT extent_hands, extent_feet FROM weekly_records") == [(4, 4)]
    ok(cli("log", "numbness=3", "--extent", "feet=above the knee", "--extent", "hands=above"))
    assert query("SELECT hands, feet FROM extent_days") == [(4, 4)]


# --- item 13: import refuses what the commands refuse -------------------------------------------
PERSON = "3f2b0c1e-8a4d-4e6f-9b1a-2c3d4e5f6a7b"


@pytest.mark.parametrize("tables, words", [
    ({"profile": [{"id": PERSON, "born": "2999-01-01"}]},
     ["profile[0].born", "2999-01-01", "future"]),
    ({"weekly_records": [{"date": "2026-11-20"}]}, ["weekly_records[0]", "no answer"]),
    ({"extent_days": [{"date": "2026-11-20", "hands": None}]}, ["extent_days[0]", "hands",
                                                                "feet"]),
    ({"weekly_records": [{"date": "2026-11-20", "numbness.severity": 2,
                          "numbness.interference": 0, "skipped": ["numbness.interference"]}]},
     ["weekly_records[0].skipped", "numbness.interference", "numbness.severity"]),
    ({"weekly_records": [{"date": "2026-11-20", "pain.frequency": 0,
                          "skipped": ["pain.frequency"]}]},
     ["weekly_records[0].skipped", "pain.frequency", "first question"]),
    ({"observations": [{"date": "2026-12-20", "symptom": "pain", "severity": 2}]},
     ["observations[0].date", "2026-12-20", "future"]),
    ({"observations": [{"date": "2026-11-20", "symptom": "bowel", "severity": 2,
                        "where": "feet"}]},
     ["observations[0].where", "'feet'", "bowel", "hands or feet"]),
    ({"weekly_records": [{"date": "2027-01-05", "pain.frequency": 1}]},
     ["weekly_records[0].date", "future"]),
    ({"questions": [{"text": "Why?", "asked": "2026-12-24"}]},
     ["questions[0].asked", "future"]),
    ({"questions": [{"text": "Why?", "asked": "2026-11-20",
                     "done_at": "2026-12-24T12:00:00+00:00"}]},
     ["questions[0].done_at", "future"]),
    ({"alerts": [{"date": "2026-11-20", "subject": "grip", "rule": "severe", "value": 9,
                  "message": "Grip weakness is 9.", "status": "acknowledged",
                  "acknowledged_at": "2027-01-01T09:00:00+00:00"}]},
     ["alerts[0].acknowledged_at", "future"]),
])
def test_import_refuses_what_the_commands_refuse(cli, tmp_path, db_path, tables, words):
    refused(cli("import", str(write(tmp_path, minimal(**tables)))), *words)
    refused(cli("import", "--dry-run", str(write(tmp_path, minimal(**tables)))), *words)
    assert not db_path.exists()


# --- item 14: a JSON export is the whole journal ------------------------------------------------
def test_json_export_without_since_is_the_whole_journal(cli, tmp_path):
    ok(cli("log", "pain=2", "--date", "2025-06-01"))
    ok(cli("log", "pain=3"))
    ok(cli("export", "-o", str(tmp_path / "journal.json")))
    data = json.loads((tmp_path / "journal.json").read_text())
    assert data["window"] == {"since": None, "until": None}
    assert [o["date"] for o in data["observations"]] == ["2025-06-01", "2026-11-25"]
    ok(cli("export", "-o", str(tmp_path / "week.json"), "--since", "7 days ago"))
    week = json.loads((tmp_path / "week.json").read_text())
    assert [o["date"] for o in week["observations"]] == ["2026-11-25"]


# --- item 15: ASCII digits only -----------------------------------------------------------------
@pytest.mark.parametrize("args, words", [
    (["log", "pain=\u0663"], ["'\u0663'", "from 0"]),
    (["log", "pain=\uff13"], ["'\uff13'", "from 0"]),
    (["log", "pain=2", "--date", "\u0662 days ago"], ["Cannot read the date"]),
    (["log", "pain=2", "--date", "\u0662\u0660\u0662\u0666-\u0661\u0661-\u0660\u0663"],
     ["Cannot read the date"]),
    (["log", "pain=2", "--date", "Nov \u0663"], ["Cannot read the date"]),
    (["weekly", "pain.frequency=\u0663"], ["not an answer"]),
    (["treatment", "add", "oxaliplatin", "--dose", "\u0668\u0665mg/m2"], ["--dose"]),
    (["treatment", "add", "oxaliplatin", "--cycle", "\u0663"], ["--cycle"]),
    (["profile", "set", "--born", "\u0661\u0669\u0666\u0661-04-02"], ["--born"]),
    (["remind", "install", "--at", "\u0662\u0660:00"], ["--at", "HH:MM"]),
    (["changes", "-n", "\u0663"], ["'\u0663'", "whole number", "0-9"]),
    (["history", "-n", "\uff13"], ["'\uff13'", "whole number", "0-9"]),
    (["demo", "--weeks", "\u0663"], ["'\u0663'", "whole number", "0-9"]),
])
def test_only_ascii_digits_are_numbers(cli, db_path, args, words):
    refused(cli(*args), *words)
    assert not db_path.exists()


# --- item 16: date messages say why -------------------------------------------------------------
@pytest.mark.parametrize("args, words, unwanted", [
    (["profile", "set", "--born", "1961-02-29"], ["1961-02-29", "no such day",
                                                  "February 1961 has 28 days"], ["like"]),
    (["log", "pain=2", "--date", "2026-02-29"], ["2026-02-29", "no such day",
                                                 "February 2026 has 28 days"], []),
    (["log", "pain=2", "--date", "Nov 31"], ["'Nov 31'", "no such day", "November has 30"],
     []),
    (["log", "pain=2", "--date", "30 February 2026"], ["no such day",
                                                       "February 2026 has 28 days"], []),
    (["log", "pain=2", "--date", "2026-13-01"], ["no month 13"], []),
    (["log", "pain=2", "--date", "1899-12-31"], ["1899-12-31", "1900-01-01", "2999-12-31"],
     []),
    (["visit", "add", "3000-01-01"], ["3000-01-01", "1900-01-01", "2999-12-31"], []),
])
def test_date_messages_say_why(cli, db_path, args, words, unwanted):
    result = cli(*args)
    refused(result, *words)
    for word in unwanted:
        assert word not in result.stderr
    assert not db_path.exists()


def test_year_first_with_slashes_is_read_not_called_ambiguous(cli, query):
    result = ok(cli("log", "pain=2", "--date", "2026/11/03"))
    assert "two ways" not in result.stderr
    assert query("SELECT date FROM observations") == [("2026-11-03",)]
    refused(cli("log", "pain=2", "--date", "03/11/2026"), "two ways")


# --- item 17: control characters, one rule per format -------------------------------------------
NOTE = "first line\r\nsecond\rthird\x07bell\ttab"


def test_line_breaks_and_control_characters_in_each_format(cli, tmp_path):
    ok(cli("log", "pain=2", "--note", NOTE))
    md = ok(cli("export", "--format", "md", "--since", "all")).stdout
    assert "\\x0d" not in md and "\\x07" not in md
    assert "first line / second / third\ufffdbell tab" in md
    rows = list(csv.reader(io.StringIO(
        ok(cli("export", "--format", "csv", "--since", "all")).stdout.lstrip("\ufeff"))))
    note = next(row[6] for row in rows[1:] if row[6])
    assert note == "first line\nsecond\nthird\ufffdbell\ttab"
    ok(cli("export", "-o", str(tmp_path / "j.fhir.json"), "--since", "all"))
    bundle = json.loads((tmp_path / "j.fhir.json").read_text())
    notes = [e["resource"]["valueString"] for e in bundle["entry"]
             if "valueString" in e["resource"]]
    assert notes == ["first line\r\nsecond\rthird\ufffdbell\ttab"]
    data = export_all(cli)
    assert data["notes"][0]["text"] == NOTE  # JSON: exactly as typed
