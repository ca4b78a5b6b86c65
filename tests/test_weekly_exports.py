"""The weekly PRO-CTCAE records and logged extents outside `cipn weekly` (issue 16 item 4):
`summary --json` and text, the JSON export and import (matching, conflicts, --replace keeping
the journal's version, undo, an older export without them), and the CSV rows."""

import csv
import io
import json

import pytest


def ok(result):
    assert result.exit_code == 0, (result.exit_code, result.stderr)
    return result


@pytest.fixture
def weekly_journal(cli):
    """Two weekly records (Nov 11 and Nov 18) and a logged extent (Nov 20); today Nov 25."""
    ok(cli("log", "numbness=3", "--date", "2026-11-10"))
    ok(cli("weekly", "numbness.severity=1", "numbness.interference=0", "extent.feet=toes",
           "pain.frequency=0", "--date", "2026-11-11"))
    ok(cli("weekly", "numbness.severity=3", "numbness.interference=3", "extent.feet=ankle",
           "extent.hands=fingers", "pain.frequency=2", "pain.severity=2",
           "pain.interference=1", "--date", "2026-11-18", "--by", "caregiver"))
    ok(cli("log", "tingling=2", "--extent", "feet=knee", "--date", "2026-11-20"))
    return cli


def test_summary_json_has_weekly_and_extent_days(weekly_journal):
    result = ok(weekly_journal("summary", "--json"))
    found = json.loads(result.stdout)
    assert [w["date"] for w in found["weekly"]] == ["2026-11-11", "2026-11-18"]
    first, latest = found["weekly"]
    assert set(latest) == {"date", "answers", "composite", "extent"}
    assert latest["answers"]["numbness.severity"] == 3
    assert latest["composite"]["numbness"] == 3 and latest["composite"]["pain"] == 2
    assert latest["composite"]["dizziness"] is None
    assert first["answers"]["pain.severity"] == 0  # the skip rule's 0
    assert first["composite"] == {"numbness": 1, "constipation": None, "dizziness": None,
                                  "urgency": None, "leakage": None, "pain": 0}
    assert latest["extent"] == {"hands": 1, "feet": 2}
    assert found["extent_days"] == [{"date": "2026-11-20", "hands": None, "feet": 3}]
    narrow = json.loads(ok(weekly_journal("summary", "--json", "--until", "2026-11-15")).stdout)
    assert [w["date"] for w in narrow["weekly"]] == ["2026-11-11"]
    assert narrow["extent_days"] == []


def test_summary_text_shows_latest_grades_previous_and_extent(weekly_journal):
    result = ok(weekly_journal("summary"))
    text = result.stdout
    assert "Weekly questions (PRO-CTCAE™, National Cancer Institute)" in text
    assert "Composite grades 0-3 on Nov 18" in text
    assert "Numbness or tingling: 3 (was 1 on Nov 11)" in text
    assert "Pain (any kind): 2 (was 0 on Nov 11)" in text
    assert "Extent, feet: ankle → knee since Nov 20" in text
    assert "Extent, hands: fingers since Nov 18" in text
    assert ("(Scored as Basch et al., Clin Trials 2021;18:104; not a clinician's "
            "grade.)") in text
    assert result.stderr == ""


def test_summary_without_weekly_answers_has_no_block(cli):
    ok(cli("log", "numbness=3"))
    result = ok(cli("summary"))
    assert "Weekly questions" not in result.stdout
    found = json.loads(ok(cli("summary", "--json")).stdout)
    assert (found["weekly"], found["extent_days"]) == ([], [])


def test_json_export_round_trip_and_conflicts(weekly_journal, tmp_path, monkeypatch):
    cli = weekly_journal
    exported = tmp_path / "all.json"
    ok(cli("export", "--since", "all", "-o", str(exported)))
    data = json.loads(exported.read_text(encoding="utf-8"))
    assert data["format_version"] == 1
    assert [r["date"] for r in data["weekly_records"]] == ["2026-11-11", "2026-11-18"]
    assert data["weekly_records"][0]["skipped"] == ["pain.severity", "pain.interference"]
    assert data["weekly_records"][1]["reported_by"] == "caregiver"
    assert data["extent_days"][0] | {"recorded_at": None} == {
        "date": "2026-11-20", "hands": None, "feet": 3, "reported_by": "patient",
        "recorded_at": None}

    other = tmp_path / "other.db"
    monkeypatch.setenv("CIPN_JOURNAL_DB", str(other))
    result = ok(cli("import", str(exported)))
    assert "added" in result.stderr
    again = json.loads(ok(cli("summary", "--json", "--since", "all")).stdout)
    monkeypatch.setenv("CIPN_JOURNAL_DB", str(tmp_path / "journal" / "journal.db"))
    mine = json.loads(ok(cli("summary", "--json", "--since", "all")).stdout)
    assert again["weekly"] == mine["weekly"] and again["extent_days"] == mine["extent_days"]

    # The journal changes its Nov 18 answers; importing the older file is then a conflict.
    ok(cli("weekly", "numbness.severity=2", "numbness.interference=1", "--date", "2026-11-18"))
    result = cli("import", str(exported))
    assert (result.exit_code, result.stdout) == (1, "")
    assert "weekly_records 2026-11-18: numbness.severity 2 in the journal, 3 in the file" in \
        result.stderr
    ok(cli("import", "--keep", str(exported)))
    assert json.loads(ok(cli("summary", "--json")).stdout)["weekly"][1]["answers"] == {
        "numbness.severity": 2, "numbness.interference": 1}


def test_import_replace_keeps_the_journal_version_and_undo_reverts(weekly_journal, tmp_path,
                                                                   query):
    cli = weekly_journal
    exported = tmp_path / "all.json"
    ok(cli("export", "--since", "all", "-o", str(exported)))
    ok(cli("weekly", "numbness.severity=2", "numbness.interference=1", "--date", "2026-11-18"))
    ok(cli("log", "--extent", "feet=ankle", "--date", "2026-11-20"))
    rows_before = query("SELECT * FROM weekly_records ORDER BY id")
    result = ok(cli("import", "--replace", str(exported)))
    assert "2 replaced" in result.stderr
    assert query("SELECT numbness_severity, numbness_interference FROM weekly_records "
                 "WHERE date = '2026-11-18' AND replaced_at IS NULL") == [(3, 3)]
    # The journal's answers stay in the file, marked replaced.
    assert (2, 1) in query("SELECT numbness_severity, numbness_interference FROM "
                           "weekly_records WHERE date = '2026-11-18' AND replaced_at IS NOT NULL")
    assert query("SELECT feet FROM extent_days WHERE replaced_at IS NULL") == [(3,)]
    ok(cli("undo"))
    assert query("SELECT * FROM weekly_records ORDER BY id") == rows_before
    assert query("SELECT feet FROM extent_days WHERE replaced_at IS NULL") == [(2,)]


def test_an_older_export_without_weekly_tables_imports(cli, tmp_path, query):
    old = {"format": "cipn-journal export", "format_version": 1,
           "observations": [{"date": "2026-11-20", "symptom": "numbness", "severity": 2}]}
    path = tmp_path / "old.json"
    path.write_text(json.dumps(old), encoding="utf-8")
    ok(cli("import", str(path)))
    assert query("SELECT COUNT(*) FROM observations") == [(1,)]
    assert query("SELECT COUNT(*) FROM weekly_records") == [(0,)]


@pytest.mark.parametrize(("record", "said"), [
    ({"date": "2026-11-20", "numbness.severity": 5}, "weekly_records[0].numbness.severity 5"),
    ({"date": "2026-11-20", "numbness.severity": 0, "numbness.interference": 2},
     "contradicts numbness.severity=0"),
    ({"date": "2026-11-20", "pain.frequency": 1, "skipped": ["pain.severity"]},
     "lists pain.severity as skipped"),
    ({"date": "2026-11-20", "skipped": ["nope"]}, "is not a list of weekly question keys"),
    ({"date": "2026-12-20", "numbness.severity": 1}, "weekly_records[0].date 2026-12-20 is in"),
])
def test_bad_weekly_records_are_refused_and_nothing_written(cli, tmp_path, query, record,
                                                            said):
    ok(cli("log", "numbness=1"))
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({"format_version": 1, "weekly_records": [record],
                                "observations": [{"date": "2026-11-21", "symptom": "pain",
                                                  "severity": 1}]}), encoding="utf-8")
    result = cli("import", str(path))
    assert (result.exit_code, result.stdout) == (2, "")
    assert said in result.stderr and "Traceback" not in result.stderr
    assert query("SELECT COUNT(*) FROM weekly_records") == [(0,)]
    assert query("SELECT COUNT(*) FROM observations") == [(1,)]


def test_csv_carries_weekly_rows_in_date_order(weekly_journal, tmp_path):
    target = tmp_path / "out.csv"
    ok(weekly_journal("export", "--since", "all", "-o", str(target)))
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
    found = [(r["date"], r["symptom"], r["severity"], r["reported_by"]) for r in rows]
    assert found == [
        ("2026-11-10", "numbness", "3", "patient"),
        ("2026-11-11", "weekly:numbness.severity", "1", "patient"),
        ("2026-11-11", "weekly:numbness.interference", "0", "patient"),
        ("2026-11-11", "weekly:pain.frequency", "0", "patient"),
        ("2026-11-11", "weekly:pain.severity", "0", "patient"),
        ("2026-11-11", "weekly:pain.interference", "0", "patient"),
        ("2026-11-11", "weekly:extent.feet", "1", "patient"),
        ("2026-11-11", "weekly:numbness.composite", "1", "patient"),
        ("2026-11-11", "weekly:pain.composite", "0", "patient"),
        ("2026-11-18", "weekly:numbness.severity", "3", "caregiver"),
        ("2026-11-18", "weekly:numbness.interference", "3", "caregiver"),
        ("2026-11-18", "weekly:pain.frequency", "2", "caregiver"),
        ("2026-11-18", "weekly:pain.severity", "2", "caregiver"),
        ("2026-11-18", "weekly:pain.interference", "1", "caregiver"),
        ("2026-11-18", "weekly:extent.hands", "1", "caregiver"),
        ("2026-11-18", "weekly:extent.feet", "2", "caregiver"),
        ("2026-11-18", "weekly:numbness.composite", "3", "caregiver"),
        ("2026-11-18", "weekly:pain.composite", "2", "caregiver"),
        ("2026-11-20", "tingling", "2", "patient"),
        ("2026-11-20", "extent:feet", "3", "patient"),  # as the JSON export (issue 23)
    ]
