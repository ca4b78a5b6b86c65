"""`cipn weekly` (PRO-CTCAE items and extent) and `cipn log --extent`, through the real CLI against
real journal files: storage, replacing a day with history kept, undo, piped answers, bad input."""

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time

from helpers_process import heavy, loaded_modules
from helpers_released import released_schema

from cipn_journal.domain import proctcae
from cipn_journal.store import migrations

ITEMS = len(proctcae.ITEMS)


def current(query, day="2026-11-25"):
    return query("SELECT numbness_severity, numbness_interference, pain_frequency, pain_severity, "
                 "pain_interference, extent_hands, extent_feet, skipped, reported_by "
                 "FROM weekly_records WHERE date = ? AND replaced_at IS NULL", (day,))


# --- non-interactive ---------------------------------------------------------------------------
def test_answers_are_stored_and_the_grades_shown(cli, query):
    result = cli("weekly", "numbness.severity=2", "numbness.interference=somewhat",
                 "pain.frequency=Never", "extent.feet=ankle", "extent.hands=1")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert "Saved the weekly answers for Wed 25 Nov 2026 (today)." in result.stderr
    assert "Numbness or tingling: composite grade 2" in result.stderr
    assert "Pain (any kind): composite grade 0" in result.stderr
    assert "Dizziness" not in result.stderr  # not answered: not shown
    assert "Extent of numbness or tingling: hands fingers, feet ankle" in result.stderr
    assert "not a clinician's grade" in result.stderr
    assert current(query) == [(2, 2, 0, 0, 0, 1, 2, "pain.severity,pain.interference",
                               "patient")]
    assert query("SELECT command, summary FROM changes") == [
        ("weekly", "weekly answers for 2026-11-25 (5 answered)")]


def test_interference_without_its_severity_is_stored_without_a_grade(cli, query):
    result = cli("weekly", "dizziness.interference=quite a bit", "--json")
    assert result.exit_code == 0, result.stderr
    record = json.loads(result.stdout)
    assert record["answers"] == {"dizziness.interference": 3}
    assert record["composite"]["dizziness"] is None
    assert query("SELECT dizziness_severity, dizziness_interference FROM weekly_records") == [
        (None, 3)]
    shown = cli("weekly", "dizziness.interference=3")
    assert "Dizziness: no composite grade (severity not answered)" in shown.stderr


def test_json_is_the_stored_record(cli, query):
    result = cli("weekly", "--json", "--by", "caregiver", "--date", "2 days ago",
                 "numbness.severity=3", "numbness.interference=4", "constipation.severity=1",
                 "extent.feet=knee")
    assert result.exit_code == 0, result.stderr
    record = json.loads(result.stdout)
    recorded_at = query("SELECT recorded_at FROM weekly_records")[0][0]
    assert record == {
        "date": "2026-11-23",
        "answers": {"numbness.severity": 3, "numbness.interference": 4,
                    "constipation.severity": 1},
        "skipped": [],
        "composite": {"numbness": 3, "constipation": 1, "dizziness": None, "urgency": None,
                      "leakage": None, "pain": None},
        "extent": {"hands": None, "feet": 3},
        "reported_by": "caregiver",
        "recorded_at": recorded_at,
    }
    assert "Composite" not in result.stderr  # the JSON is the result


def test_bad_input_is_exit_2_and_writes_nothing(cli, db_path):
    cases = [
        (["numbness.severty=2"], ["'numbness.severty'", "Did you mean numbness.severity?"]),
        (["numbness.severity=5"], ["'5'", "0 None", "4 Very severe"]),
        (["pain.frequency=sometimes"], ["'sometimes'", "0 Never", "4 Almost constantly"]),
        (["extent.feet=hip"], ["'hip'", "ankle", "knee"]),
        (["pain.frequency=0", "pain.severity=2"], ["pain.severity=2 contradicts "
                                                   "pain.frequency=0"]),
        (["numbness.severity=0", "extent.feet=toes"], ["extent.feet=1 contradicts"]),
        (["pain.frequency=1", "pain.frequency=2"], ["given twice"]),
        (["pain.frequency"], ["no answer", "KEY=ANSWER"]),
        (["pain.frequency=1", "--date", "tomorrow"], ["2026-11-26", "in the future"]),
        (["pain.frequency=1", "--by", "nurse"], ["'nurse'", "patient, caregiver"]),
    ]
    for args, words in cases:
        result = cli("weekly", *args)
        assert result.exit_code == 2, args
        assert result.stdout == ""
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr
        for word in words:
            assert word in result.stderr, (args, result.stderr)
    assert not db_path.exists()


def test_bad_input_on_an_existing_journal_changes_nothing(cli, query):
    cli("weekly", "pain.frequency=2")
    assert cli("weekly", "pain.frequency=2", "pain.severity=9").exit_code == 2
    assert query("SELECT COUNT(*), MAX(pain_frequency) FROM weekly_records") == [(1, 2)]
    assert query("SELECT COUNT(*) FROM changes") == [(1,)]


# --- one record per date, history and undo -------------------------------------------------------
def test_answering_again_the_same_day_replaces_and_keeps_the_old_record(cli, query):
    cli("weekly", "numbness.severity=1", "numbness.interference=0")
    result = cli("weekly", "numbness.severity=3", "numbness.interference=2")
    assert result.exit_code == 0
    assert "replacing that day's earlier answers (`cipn undo` brings them back)" in result.stderr
    rows = query("SELECT numbness_severity, numbness_interference, replaced_at IS NULL "
                 "FROM weekly_records ORDER BY id")
    assert rows == [(1, 0, 0), (3, 2, 1)]


def test_the_same_answers_again_write_nothing(cli, query):
    cli("weekly", "pain.frequency=2", "pain.severity=2", "pain.interference=1")
    result = cli("weekly", "pain.interference=1", "pain.severity=moderate", "pain.frequency=2")
    assert result.exit_code == 0
    assert "Nothing changed" in result.stderr
    assert query("SELECT COUNT(*) FROM weekly_records") == [(1,)]
    assert query("SELECT COUNT(*) FROM changes") == [(1,)]


def test_undo_a_replacement_brings_the_old_record_back_and_keeps_the_new(cli, query):
    cli("weekly", "numbness.severity=1", "numbness.interference=0")
    cli("weekly", "numbness.severity=4", "numbness.interference=4")
    result = cli("undo")
    assert result.exit_code == 0
    assert "Undid the weekly" in result.stderr
    assert "replacing that day's earlier answers" in result.stderr
    assert query("SELECT numbness_severity, numbness_interference, replaced_at "
                 "FROM weekly_records") == [(1, 0, None)]
    kept = query("SELECT data FROM change_items WHERE table_name = 'weekly_records' "
                 "AND kind = 'undone'")
    assert [json.loads(d)["numbness_severity"] for (d,) in kept] == [4]
    shown = json.loads(cli("weekly", "--json", "numbness.severity=1",
                           "numbness.interference=0").stdout)
    assert shown["composite"]["numbness"] == 1  # the restored record is the current one


def test_undo_the_first_record_removes_it_and_keeps_a_copy(cli, query):
    cli("weekly", "constipation.severity=2")
    assert cli("undo").exit_code == 0
    assert query("SELECT COUNT(*) FROM weekly_records") == [(0,)]
    kept = query("SELECT data FROM change_items WHERE table_name = 'weekly_records'")
    assert [json.loads(d)["constipation_severity"] for (d,) in kept] == [2]


def test_a_journal_of_the_previous_version_is_upgraded_and_keeps_its_rows(cli, db_path, query):
    db_path.parent.mkdir()
    conn = sqlite3.connect(db_path, isolation_level=None)
    released_schema(conn, 1)
    conn.execute("INSERT INTO changes (recorded_at, command) VALUES ('2026-11-20T09:00:00+00:00',"
                 " 'log')")
    conn.execute("INSERT INTO observations (date, symptom, severity, recorded_at, change_id) "
                 "VALUES ('2026-11-20', 'numbness', 4, '2026-11-20T09:00:00+00:00', 1)")
    conn.close()
    assert query("PRAGMA user_version") == [(1,)]
    assert cli("weekly", "numbness.severity=2").exit_code == 0
    assert query("PRAGMA user_version") == [(migrations.SCHEMA_VERSION,)]
    assert query("SELECT symptom, severity FROM observations") == [("numbness", 4)]
    assert query("SELECT numbness_severity FROM weekly_records") == [(2,)]


# --- asked one by one (stdin is a pipe under CliRunner) -----------------------------------------
FULL = ["2", "quite a bit", "0", "1", "0", "never", "3", "2", "1", "0", "1", "fingers", "ankle"]


def test_piped_answers_with_the_skip_rule_applied_as_they_come(cli, query):
    result = cli("weekly", input="\n".join(FULL) + "\n")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert "(PRO-CTCAE™, National Cancer Institute)" in result.stderr
    assert f"1/{ITEMS + 2} In the last 7 days, what was the SEVERITY of your NUMBNESS" in (
        result.stderr)
    assert f"6/{ITEMS + 2} In the last 7 days, how OFTEN did you feel an URGE" in result.stderr
    assert f"7/{ITEMS + 2}" not in result.stderr  # urgency interference: skipped
    assert "skipped and scored 0" in result.stderr
    assert f"14/{ITEMS + 2} How far up your legs" in result.stderr
    assert "Numbness or tingling: composite grade 2" in result.stderr
    assert "Sudden urges to urinate: composite grade 0" in result.stderr
    assert "Loss of control of urine (leakage): composite grade 2" in result.stderr
    assert "Pain (any kind): composite grade 1" in result.stderr
    assert "Extent of numbness or tingling: hands fingers, feet ankle" in result.stderr
    assert query("SELECT numbness_severity, numbness_interference, constipation_severity, "
                 "dizziness_severity, dizziness_interference, urgency_frequency, "
                 "urgency_interference, leakage_frequency, leakage_interference, "
                 "pain_frequency, pain_severity, pain_interference, extent_hands, extent_feet, "
                 "skipped FROM weekly_records") == [
        (2, 3, 0, 1, 0, 0, 0, 3, 2, 1, 0, 1, 1, 2, "urgency.interference")]


def test_numbness_none_skips_its_interference_and_the_extent(cli, query):
    answers = ["0"] + ["s"] * 10  # then the extent would come: it must not be asked
    result = cli("weekly", input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.stderr
    assert "How far up" not in result.stderr
    assert current(query)[0][0:2] == (0, 0)
    assert current(query)[0][5:8] == (0, 0, "numbness.interference,extent.hands,extent.feet")


def test_q_stops_and_saves_what_was_answered(cli, query):
    result = cli("weekly", input="3\n2\nq\n")
    assert result.exit_code == 0
    assert "Numbness or tingling: composite grade 2" in result.stderr
    assert "Constipation" not in result.stderr
    assert query("SELECT numbness_severity, numbness_interference, constipation_severity "
                 "FROM weekly_records") == [(3, 2, None)]


def test_s_skips_a_question_and_its_followers_are_still_asked(cli, query):
    result = cli("weekly", input="s\n2\nq\n")
    assert result.exit_code == 0
    assert query("SELECT numbness_severity, numbness_interference FROM weekly_records") == [
        (None, 2)]
    assert "Numbness or tingling: no composite grade (severity not answered)" in result.stderr


def test_nothing_answered_writes_nothing(cli, db_path):
    result = cli("weekly", input="q\n")
    assert result.exit_code == 0
    assert "Nothing answered: nothing was saved." in result.stderr
    assert not db_path.exists()


def test_enter_keeps_last_weeks_answer_when_it_is_7_days_old_or_less(cli, query):
    cli("weekly", "--date", "7 days ago", "numbness.severity=3", "numbness.interference=1",
        "pain.frequency=0")
    result = cli("weekly", input="\n\nq\n")
    assert result.exit_code == 0, result.stderr
    assert "[Enter=3 Severe]" in result.stderr and "[Enter=1 A little bit]" in result.stderr
    assert current(query)[0][0:2] == (3, 1)


def test_enter_does_not_keep_a_skipped_answer_or_an_older_record(cli, db_path, query):
    cli("weekly", "--date", "8 days ago", "numbness.severity=3")
    result = cli("weekly", input="\n")
    assert result.exit_code == 2
    assert "no answer from the last 7 days for Enter to keep" in result.stderr
    assert query("SELECT COUNT(*) FROM weekly_records") == [(1,)]
    cli("weekly", "--date", "yesterday", "pain.frequency=0")
    result = cli("weekly", input="s\n" * 9 + "\n")  # pain.frequency Enter=0; its followers skip
    assert result.exit_code == 0, result.stderr
    assert "[Enter=0 Never]" in result.stderr
    assert current(query)[0][2:5] == (0, 0, 0)


def test_a_bad_piped_answer_is_exit_2_and_writes_nothing(cli, db_path):
    result = cli("weekly", input="2\nsevere-ish\n")
    assert result.exit_code == 2
    assert "'severe-ish'" in result.stderr and "0 Not at all" in result.stderr
    assert not db_path.exists()


def test_the_first_question_path_imports_nothing_heavy(cli, db_path):
    cli("weekly", "pain.frequency=1")
    modules, code = loaded_modules(["weekly"], db_path)  # stdin: no answers, nothing saved
    assert code == "EXIT 0"
    assert "cipn_journal.store.weekly" in modules
    assert heavy(modules) == []


# --- cipn log --extent -------------------------------------------------------------------------
def test_log_records_the_extent_of_the_day(cli, query):
    result = cli("log", "numbness=4", "--extent", "feet=ankle", "--extent", "HANDS=fingers")
    assert result.exit_code == 0, result.stderr
    assert "numbness 4" in result.stderr and "extent: feet ankle, hands fingers" in result.stderr
    assert query("SELECT date, hands, feet, reported_by, replaced_at FROM extent_days") == [
        ("2026-11-25", 1, 2, "patient", None)]
    assert query("SELECT COUNT(*) FROM changes") == [(1,)]  # one transaction with the values


def test_log_extent_alone_and_again_keeps_the_other_limb_and_the_history(cli, query):
    assert cli("log", "--extent", "hands=wrist", "--date", "yesterday").exit_code == 0
    result = cli("log", "--extent", "feet=3", "--date", "yesterday", "--by", "caregiver")
    assert result.exit_code == 0, result.stderr
    assert "extent: feet knee" in result.stderr
    assert query("SELECT hands, feet, reported_by, replaced_at IS NULL FROM extent_days "
                 "ORDER BY id") == [(2, None, "patient", 0), (2, 3, "caregiver", 1)]
    again = cli("log", "--extent", "feet=knee", "--date", "yesterday", "--by", "caregiver")
    assert "extent feet knee (unchanged)" in again.stderr
    assert query("SELECT COUNT(*) FROM extent_days") == [(2,)]


def test_undo_a_log_with_extent(cli, query):
    cli("log", "--extent", "feet=toes")
    cli("log", "numbness=2", "--extent", "feet=ankle")
    result = cli("undo")
    assert result.exit_code == 0
    assert "extent: feet ankle (was toes)" in result.stderr
    assert query("SELECT feet, replaced_at FROM extent_days") == [(1, None)]
    assert query("SELECT COUNT(*) FROM observations") == [(0,)]


def test_log_extent_bad_input_is_exit_2_and_writes_nothing(cli, db_path):
    for value, words in (("feet=hip", ["'hip'", "ankle"]), ("legs=knee", ["'legs=knee'",
                                                                         "hands=LEVEL"]),
                         ("feet", ["'feet'", "LIMB=LEVEL"]), ("feet=7", ["'7'", "0 none"])):
        result = cli("log", "numbness=2", "--extent", value)
        assert result.exit_code == 2, value
        assert result.stdout == ""
        for word in words:
            assert word in result.stderr, (value, result.stderr)
    assert not db_path.exists()


def test_log_with_extent_imports_nothing_heavy(cli, db_path):
    cli("log", "numbness=1", "--date", "yesterday")
    modules, code = loaded_modules(["log", "numbness=3", "--extent", "feet=ankle"], db_path)
    assert code == "EXIT 0"
    assert "cipn_journal.store.weekly" in modules  # the extent really was stored
    assert heavy(modules) == []



def test_ctrl_c_stops_and_writes_nothing(cli, db_path, query):
    """A real process and a real SIGINT while the second question waits for its answer."""
    cli("weekly", "pain.frequency=1")
    env = {**os.environ, "CIPN_JOURNAL_DB": str(db_path)}
    process = subprocess.Popen([sys.executable, "-m", "cipn_journal", "weekly"], env=env,
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE)
    process.stdin.write(b"3\n")
    process.stdin.flush()
    seen = b""
    deadline = time.monotonic() + 30
    while b"2/14" not in seen and time.monotonic() < deadline:
        seen += os.read(process.stderr.fileno(), 4096)
    process.send_signal(signal.SIGINT)
    _, rest = process.communicate(timeout=30)
    assert process.returncode == 130
    assert b"nothing was written" in seen + rest
    assert query("SELECT numbness_severity, pain_frequency FROM weekly_records") == [(None, 1)]
    assert query("SELECT COUNT(*) FROM changes") == [(1,)]

def test_piped_answers_with_json_print_only_the_record_on_stdout(cli):
    result = cli("weekly", "--json", input="1\n0\nq\n")
    assert result.exit_code == 0
    record = json.loads(result.stdout)
    assert record["answers"] == {"numbness.severity": 1, "numbness.interference": 0}
    assert record["composite"]["numbness"] == 1
    assert "1/14 In the last 7 days" in result.stderr


def test_a_new_journal_has_the_weekly_tables_with_their_columns(cli, query):
    cli("log", "numbness=1")
    columns = [r[1] for r in query("PRAGMA table_info(weekly_records)")]
    assert columns == ["id", "date", *(key.replace(".", "_") for key in proctcae.ALL_KEYS),
                       "skipped", "reported_by", "recorded_at", "replaced_at", "change_id"]
    assert [r[1] for r in query("PRAGMA table_info(extent_days)")] == [
        "id", "date", "hands", "feet", "reported_by", "recorded_at", "replaced_at", "change_id"]
    assert {"weekly_records", "extent_days"} <= set(migrations.DATA_TABLES)
