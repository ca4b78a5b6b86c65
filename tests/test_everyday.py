"""Everyday use, round two (issue 14): what a patient and a caregiver tripped over, each point
through the CLI against a real journal. Today is Wed 2026-11-25 (conftest)."""

import json

import pytest
from helpers_journal import ok


# -- 1. a repeated day fact changes nothing ------------------------------------------------------
def test_repeated_day_fact_says_nothing_changed_and_undo_keeps_the_first_log(cli, query):
    ok(cli("log", "numb=3", "--limits", "everyday", "--note", "first"))
    again = cli("log", "--limits", "everyday")
    assert again.exit_code == 0 and again.stdout == ""
    assert again.stderr == ("Nothing changed for Wed 25 Nov 2026 (today): limits: everyday "
                            "(unchanged).\n")
    assert query("SELECT COUNT(*) FROM changes") == [(1,)]
    falls = cli("log", "--falls", "0")
    assert falls.stderr.startswith("Logged for Wed 25 Nov 2026 (today): 0 falls.")
    same = cli("log", "--falls", "0", "--limits", "everyday")
    assert same.stderr.startswith("Nothing changed for")
    assert "limits: everyday (unchanged), 0 falls (unchanged)" in same.stderr
    # Undo reverts the falls, the newest real change; the first log and its note stay.
    ok(cli("undo"))
    assert query("SELECT limits, falls FROM days") == [("everyday", None)]
    assert query("SELECT text FROM notes") == [("first",)]


def test_a_changed_day_fact_is_logged_with_its_old_state_kept(cli, query):
    ok(cli("log", "--limits", "everyday"))
    changed = ok(cli("log", "--limits", "self-care"))
    assert "Logged for Wed 25 Nov 2026 (today): limits: self-care." in changed.stderr
    ok(cli("undo"))
    assert query("SELECT limits FROM days") == [("everyday",)]


# -- 3. reading commands on a journal that does not exist -----------------------------------------
READING = [
    ("history",), ("summary",), ("alerts",), ("alerts", "ack", "1"), ("treatment", "list"),
    ("meds", "list"), ("visit", "list"), ("questions",), ("questions", "done", "1"),
    ("changes",), ("undo",), ("undo", "--dry-run"), ("export",), ("export", "--format", "json"),
    ("backup",),
]


@pytest.mark.parametrize("args", READING, ids=lambda a: " ".join(a))
def test_reading_a_missing_journal_is_exit_1_and_creates_nothing(cli, tmp_path, args):
    missing = tmp_path / "mum.db"
    result = cli("--db", str(missing), *args)
    assert result.exit_code == 1, result.stderr
    assert result.stdout == ""
    assert f"no journal at {missing}: nothing" in result.stderr.lower()
    assert not missing.exists()
    assert list(tmp_path.iterdir()) == [tmp_path / "home"]


def test_export_to_a_file_from_a_missing_journal_writes_no_file(cli, tmp_path):
    result = cli("--db", str(tmp_path / "typo.db"), "export", "-o", str(tmp_path / "visit.html"))
    assert result.exit_code == 1 and "No journal at" in result.stderr
    assert not (tmp_path / "visit.html").exists() and not (tmp_path / "typo.db").exists()


def test_symptoms_list_works_before_the_first_log(cli, db_path):
    # The documented exception: the built-in symptoms need no journal.
    result = cli("symptoms")
    assert result.exit_code == 0 and result.stdout.startswith("numbness")
    assert not db_path.exists()


def test_creating_commands_still_create_the_journal(cli, db_path):
    ok(cli("ask", "Is this normal?"))
    assert db_path.exists()


# -- 4. a yearless date too far back --------------------------------------------------------------
@pytest.mark.parametrize("when,would", [
    ("Dec 1", "Mon 1 Dec 2025"), ("december 1st", "Mon 1 Dec 2025"), ("May 20", "Wed 20 May 2026"),
])
def test_a_yearless_date_more_than_180_days_back_needs_the_year(cli, db_path, when, would):
    result = cli("log", "numb=2", "--date", when)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert would in result.stderr and "give the year" in result.stderr
    assert "more than 180 days ago" in result.stderr
    assert not db_path.exists()


@pytest.mark.parametrize("when,day", [
    ("May 30", "2026-05-30"),  # 179 days back: still fine
    ("Dec 1 2025", "2025-12-01"), ("2025-12-01", "2025-12-01"), ("200 days ago", "2026-05-09"),
])
def test_dates_with_a_year_or_near_enough_are_taken(cli, query, when, day):
    ok(cli("log", "numb=2", "--date", when))
    assert query("SELECT date FROM observations") == [(day,)]


# -- 6. caregivers -----------------------------------------------------------------------------
def test_checkin_by_caregiver(cli, query):
    result = cli("checkin", "--by", "caregiver", input="4\nq\n")
    assert result.exit_code == 0, result.stderr
    assert query("SELECT symptom, reported_by FROM observations") == [("numbness", "caregiver")]


def test_reporter_from_the_environment_is_every_commands_default(cli, query):
    env = {"CIPN_JOURNAL_REPORTER": "caregiver"}
    ok(cli("log", "numb=3", env=env))
    ok(cli("checkin", "--date", "yesterday", input="2\nq\n", env=env))
    ok(cli("weekly", "numbness.severity=1", env=env))
    ok(cli("log", "grip=1", "--by", "patient", "--date", "2 days ago", env=env))  # --by wins
    assert query("SELECT date, reported_by FROM observations ORDER BY date") == [
        ("2026-11-23", "patient"), ("2026-11-24", "caregiver"), ("2026-11-25", "caregiver")]
    assert query("SELECT reported_by FROM weekly_records") == [("caregiver",)]
    csv_text = ok(cli("export", "--format", "csv")).stdout
    assert "numbness,3,,,,,caregiver" in csv_text


@pytest.mark.parametrize("command", [("log", "numb=3"), ("checkin",),
                                     ("weekly", "numbness.severity=1")])
def test_a_bad_reporter_in_the_environment_is_exit_2(cli, db_path, command):
    result = cli(*command, input="3\nq\n", env={"CIPN_JOURNAL_REPORTER": "nurse"})
    assert result.exit_code == 2
    assert "CIPN_JOURNAL_REPORTER='nurse' is not one of: patient, caregiver." in result.stderr
    assert not db_path.exists()


# -- 7. medicine names -------------------------------------------------------------------------
def test_med_names_match_across_case_spacing_and_aliases(cli, query):
    ok(cli("meds", "add", "acetyl-L-carnitine", "--start", "2026-11-01"))
    again = cli("meds", "add", "ALCAR")
    assert again.exit_code == 1
    assert again.stderr.startswith("Error: 'ALCAR' is already listed as taken (as "
                                   "'acetyl-L-carnitine') since 2026-11-01")
    ok(cli("meds", "stop", "alcar"))
    ok(cli("meds", "add", "acetyl l carnitine", "--start", "2026-11-20"))
    ok(cli("meds", "stop", "Acetyl L Carnitine"))
    ok(cli("meds", "add", "vitamin-b12"))
    b12 = cli("meds", "add", "vitamin B12")
    assert b12.exit_code == 1 and "already listed" in b12.stderr
    assert query("SELECT name, stop IS NULL FROM meds ORDER BY id") == [
        ("acetyl-L-carnitine", 0), ("acetyl l carnitine", 0), ("vitamin-b12", 1)]


# -- 8. when the care team was told, when a question was answered --------------------------------
def test_ack_and_done_record_the_day_given(cli, query):
    ok(cli("log", "numb=8", "--date", "monday"))
    ok(cli("log", "grip=8", "--date", "monday"))
    ok(cli("ask", "Why?", env={"CIPN_JOURNAL_TODAY": "2026-11-23"}))  # answered after asked
    ok(cli("alerts", "ack", "1", "--date", "tuesday"))
    ok(cli("questions", "done", "1", "--date", "yesterday"))
    alerts = json.loads(ok(cli("alerts", "--all", "--json")).stdout)
    told = next(a for a in alerts if a["id"] == 1)
    assert told["acknowledged_at"].startswith("2026-11-24")
    questions = json.loads(ok(cli("questions", "--all", "--json")).stdout)
    assert questions[0]["done_at"].startswith("2026-11-24")
    ok(cli("alerts", "ack", "2"))  # today: the time now
    assert query("SELECT COUNT(*) FROM alerts WHERE status = 'acknowledged'") == [(2,)]


@pytest.mark.parametrize("command", [("alerts", "ack", "1"), ("questions", "done", "1")])
def test_ack_and_done_refuse_a_future_day(cli, query, command):
    ok(cli("log", "numb=8"))
    ok(cli("ask", "Why?"))
    result = cli(*command, "--date", "tomorrow")
    assert result.exit_code == 2 and "is in the future" in result.stderr
    assert query("SELECT COUNT(*) FROM alerts WHERE status = 'acknowledged'") == [(0,)]
    assert query("SELECT done_at FROM questions") == [(None,)]


# -- 9. one visit a day ------------------------------------------------------------------------
def test_visit_add_on_a_day_with_a_visit_updates_it(cli, query):
    ok(cli("visit", "add", "2026-12-02", "--with", "Dr Rivera"))
    update = ok(cli("visit", "add", "2026-12-02", "--with", "Dr Chen, oncology"))
    assert update.stderr.startswith("Updated the visit on Wed 2 Dec 2026 (in 7 days): with "
                                    "Dr Chen, oncology (was Dr Rivera).")
    same = ok(cli("visit", "add", "Dec 2"))
    assert same.stderr.startswith("There is already a visit on Wed 2 Dec 2026 (in 7 days) with "
                                  "Dr Chen, oncology: nothing changed.")
    assert query("SELECT date, with_whom FROM visits") == [("2026-12-02", "Dr Chen, oncology")]
    ok(cli("undo"))
    assert query("SELECT date, with_whom FROM visits") == [("2026-12-02", "Dr Rivera")]


# -- 10. changes and undo --dry-run ---------------------------------------------------------------
def test_changes_lists_newest_first_and_undo_dry_run_writes_nothing(cli, query, db_path):
    env = {"CIPN_JOURNAL_NOW": "2026-11-25T09:30:00+00:00", "CIPN_JOURNAL_TODAY": ""}
    ok(cli("log", "numbness=3", "--note", "hi", "--date", "2026-11-20", env=env))
    ok(cli("ask", "Is it the dose?", env=env))
    listed = ok(cli("changes", env={"TZ": "UTC"}))
    lines = listed.stdout.splitlines()
    assert len(lines) == 2
    assert lines[0].split()[:6] == ["2", "Wed", "25", "Nov", "2026", "09:30"]
    assert lines[0].endswith('ask: question 1 "Is it the dose?"')
    assert lines[1].endswith("log for 2026-11-20: numbness 3, a note")
    data = json.loads(ok(cli("changes", "--json")).stdout)
    assert [c["command"] for c in data] == ["ask", "log"]
    assert data[0]["recorded_at"] == "2026-11-25T09:30:00+00:00" and data[0]["undone"] is False
    before = db_path.read_bytes()
    dry = ok(cli("undo", "--dry-run"))
    assert dry.stdout == ""
    assert dry.stderr.startswith("Undo would revert the ask of ")
    assert "Nothing was changed" in dry.stderr
    assert db_path.read_bytes() == before
    assert query("SELECT COUNT(*) FROM questions") == [(1,)]
    ok(cli("undo"))
    assert "(undone)" in ok(cli("changes", "-n", "1")).stdout


# -- 11. history -n and gaps -------------------------------------------------------------------
def test_history_last_n_days_with_entries_and_gap_markers(cli):
    for day in ("2026-09-01", "2026-11-10", "2026-11-11", "2026-11-20", "2026-11-25"):
        ok(cli("log", "numb=2", "--date", day))
    text = ok(cli("history", "-n", "3")).stdout
    assert [line[:10] for line in text.splitlines()] == [
        "2026-11-11", "… 8 days w", "2026-11-20", "… 4 days w", "2026-11-25"]
    assert "… 8 days without entries" in text and "… 4 days without entries" in text
    default = ok(cli("history")).stdout  # the last 28 days: not September
    assert "2026-09-01" not in default and "2026-11-10" in default
    assert "2026-09-01" in ok(cli("history", "--since", "all")).stdout
    data = json.loads(ok(cli("history", "-n", "1", "--json")).stdout)
    assert [row["date"] for row in data] == ["2026-11-25"]


def test_history_gap_in_the_rich_table(cli, monkeypatch):
    from cipn_journal import output

    monkeypatch.setattr(output, "use_rich", lambda stream=None: True)
    ok(cli("log", "numb=2", "--date", "2026-11-10"))
    ok(cli("log", "numb=3", "--date", "2026-11-20"))
    text = ok(cli("history", env={"COLUMNS": "80"})).stdout
    assert "… 9 days" in text


# -- 13. words ----------------------------------------------------------------------------------
@pytest.mark.parametrize("word", ["self-care", "selfcare", "self care", "Self-Care"])
def test_limits_self_care_spellings(cli, query, word):
    ok(cli("log", "--limits", word))
    assert query("SELECT limits FROM days") == [("selfcare",)]


def test_bad_limits_names_the_accepted_words(cli, db_path):
    result = cli("log", "--limits", "some")
    assert result.exit_code == 2
    assert "--limits 'some' is not one of: none, everyday, self-care." in result.stderr
    assert not db_path.exists()


@pytest.mark.parametrize("since", ["last visit", "last-visit", "Last Visit"])
def test_since_last_visit_with_a_space(cli, since):
    ok(cli("visit", "add", "2026-11-20"))
    ok(cli("log", "numb=2", "--date", "2026-11-19"))
    ok(cli("log", "numb=3", "--date", "2026-11-21"))
    text = ok(cli("history", "--since", since)).stdout
    assert "2026-11-21" in text and "2026-11-19" not in text
    assert "since the last visit" in ok(cli("export", "--since", since)).stdout


@pytest.mark.parametrize("word,day", [
    ("mon", "2026-11-23"), ("tue", "2026-11-24"), ("tues", "2026-11-24"), ("wed", "2026-11-25"),
    ("thu", "2026-11-19"), ("thur", "2026-11-19"), ("thurs", "2026-11-19"), ("fri", "2026-11-20"),
    ("sat", "2026-11-21"), ("sun", "2026-11-22"), ("last tues", "2026-11-24"),
])
def test_weekday_abbreviations(cli, query, word, day):
    ok(cli("log", "numb=1", "--date", word))
    assert query("SELECT date FROM observations") == [(day,)]


# -- 14-16. treatment names and doses -----------------------------------------------------------
def test_treatment_add_defaults_to_today(cli):
    result = ok(cli("treatment", "add", "oxaliplatin", "--dose", "85mg/m2"))
    assert "on Wed 25 Nov 2026 (today)" in result.stderr
    listed = json.loads(ok(cli("treatment", "list", "--json")).stdout)
    assert listed[0]["date"] == "2026-11-25"


@pytest.mark.parametrize("typed,meant", [
    ("oxalipaltin", "oxaliplatin"), ("oxaliplatine", "oxaliplatin"), ("paclitaxol", "paclitaxel"),
    ("Eloxatine", "Eloxatin"), ("Taxoll", "Taxol"),
])
def test_a_misspelled_drug_is_refused_with_a_suggestion(cli, db_path, typed, meant):
    result = cli("treatment", "add", typed, "--dose", "85mg/m2")
    assert result.exit_code == 2
    assert f"did you mean {meant}?" in result.stderr and "--as-typed" in result.stderr
    assert not db_path.exists()


def test_as_typed_records_another_drug(cli):
    result = ok(cli("treatment", "add", "oxalipaltin", "--as-typed"))
    assert "is not on the journal's list" in result.stderr
    assert json.loads(ok(cli("treatment", "list", "--json")).stdout)[0]["drug"] == "oxalipaltin"


@pytest.mark.parametrize("name,message", [
    ("FOLFOX", "record each drug of FOLFOX by name: oxaliplatin, fluorouracil, leucovorin"),
    ("mFOLFOX6", "record each drug of FOLFOX by name: oxaliplatin, fluorouracil, leucovorin"),
    ("folfirinox", "record each drug of FOLFIRINOX by name: oxaliplatin, irinotecan, "
                   "fluorouracil, leucovorin"),
    ("CAPOX", "record each drug of CAPOX by name: oxaliplatin, capecitabine"),
    ("xelox", "record each drug of XELOX by name: oxaliplatin, capecitabine"),
    ("TC", "record each drug of TC by name: docetaxel and cyclophosphamide, or paclitaxel and "
           "carboplatin"),
])
def test_a_regimen_is_refused_with_its_drugs(cli, db_path, name, message):
    result = cli("treatment", "add", name)
    assert result.exit_code == 2
    assert message in result.stderr
    assert not db_path.exists()


def test_brand_with_generic_in_brackets_and_canonical_brand_names(cli):
    labelled = ok(cli("treatment", "add", "Eloxatin (oxaliplatin)", "--date", "2026-11-04"))
    assert "as oxaliplatin (platinum)" in labelled.stderr
    brand = ok(cli("treatment", "add", "eloxatin", "--date", "2026-11-18"))
    assert "Recorded Eloxatin as oxaliplatin (platinum)" in brand.stderr
    listed = json.loads(ok(cli("treatment", "list", "--json")).stdout)
    assert [(i["drug"], i["cycle"]) for i in listed] == [("oxaliplatin", 1), ("oxaliplatin", 2)]


def test_dose_correction_shows_both_doses_alike(cli):
    ok(cli("treatment", "add", "oxaliplatin", "--dose", "85mg/m2"))
    fixed = ok(cli("treatment", "add", "oxaliplatin", "--dose", "65 MG/M2"))
    assert "dose 65 mg/m2 (was 85 mg/m2)" in fixed.stderr


# -- 17. narrow terminals -----------------------------------------------------------------------
@pytest.mark.parametrize("columns", [60, 80, 120])
def test_summary_never_cuts_a_value(cli, monkeypatch, columns):
    from cipn_journal import output

    monkeypatch.setattr(output, "use_rich", lambda stream=None: True)
    for day, value in (("2026-11-10", 1), ("2026-11-12", 2), ("2026-11-18", 4),
                       ("2026-11-22", 6), ("2026-11-25", 4)):
        ok(cli("log", f"cold={value}", f"numbness={value}", "--date", day))
    text = ok(cli("summary", env={"COLUMNS": str(columns)})).stdout
    lines = text.splitlines()
    assert max(len(line) for line in lines) <= columns
    assert "…" not in text
    assert "worsening" in text and "4 moderate" in text


# -- 18. help, messages, Ctrl-D ----------------------------------------------------------------
def test_checkin_help_has_no_stray_line_break(cli):
    text = ok(cli("checkin", "--help", env={"COLUMNS": "200"})).stdout
    assert "q or Ctrl-D stops and keeps what you answered." in " ".join(text.split())
    line = next(line for line in text.splitlines() if "s skips" in line)
    assert "keeps what you answered" in line


def test_unknown_command_suggestion_has_single_punctuation(cli):
    result = cli("vist")
    assert result.exit_code == 2
    assert result.stderr == ("Error: No such command 'vist'. Did you mean 'visit'? "
                             "See 'cipn --help'.\n")


# -- 20. CSV falls -----------------------------------------------------------------------------
def test_csv_leaves_falls_empty_when_not_reported(cli):
    ok(cli("log", "numb=2", "--date", "yesterday"))
    ok(cli("log", "numb=3", "--falls", "0"))
    ok(cli("log", "grip=1", "--falls", "2", "--date", "2 days ago"))
    rows = ok(cli("export", "--format", "csv")).stdout.lstrip("\ufeff").splitlines()
    assert rows[1].startswith("2026-11-23,grip,1,,,2,")
    assert rows[2].startswith("2026-11-24,numbness,2,,,,")
    assert rows[3].startswith("2026-11-25,numbness,3,,,0,")


@pytest.mark.parametrize("columns", [60, 80, 120])
def test_logged_line_and_history_wrap_at_word_boundaries(cli, monkeypatch, columns):
    from cipn_journal.commands import log

    monkeypatch.setattr(log, "terminal_width", lambda stream: columns)
    result = ok(cli("log", "numbness=3", "tingling=2", "burning=1", "cold=4", "pain=2",
                    "balance=1", "grip=2", "walking=1", "--limits", "everyday", "--falls", "1",
                    "--note", "dropped a cup at breakfast and could not feel the buttons"))
    said = result.stderr.split("\n=")[0]  # the confirmation, before the alert block
    assert all(len(line) < columns for line in said.splitlines())
    words = ("Logged for Wed 25 Nov 2026 (today): numbness 3, tingling 2, burning 1, cold 4, "
             "pain 2, balance 1, grip 2, walking 1, limits: everyday, 1 fall, a note.")
    assert " ".join(said.split()) == words  # every break is between two words
    if columns < len(words):
        assert len(said.splitlines()) > 1
    history = ok(cli("history")).stdout
    lines = history.splitlines()
    assert all(len(line) < columns for line in lines)
    assert "worsening" not in history
    joined = " ".join(history.split())
    assert "2026-11-25 numbness=3 tingling=2 burning=1 pain=2 cold=4 balance=1 grip=2 " in joined
    assert "note: dropped a cup at breakfast and could not feel the buttons" in joined


def test_lines_stay_whole_in_a_pipe(cli):
    result = ok(cli("log", "numbness=3", "tingling=2", "burning=1", "cold=4", "pain=2",
                    "balance=1", "grip=2", "walking=1", env={"COLUMNS": "60"}))
    assert result.stderr.splitlines()[0].endswith("walking 1.")


# -- 12. shell completion ------------------------------------------------------------------------
def test_help_offers_completion(cli):
    text = cli("--help", env={"COLUMNS": "200"}).stdout
    assert "--install-completion" in text and "--show-completion" in text


def test_shell_completion_script_and_lazy_command_names(tmp_path):
    import os
    import subprocess
    import sys
    from pathlib import Path

    cipn = Path(sys.executable).with_name("cipn")
    env = {**os.environ, "CIPN_JOURNAL_DB": str(tmp_path / "j.db")}
    # The script --show-completion prints (asked of click directly: --show-completion finds
    # the shell from the parent process, which a test runner may hide).
    shown = subprocess.run([str(cipn)], capture_output=True, text=True, timeout=60,
                           env={**env, "_CIPN_COMPLETE": "source_bash"})
    assert shown.returncode == 0 and "_cipn_completion()" in shown.stdout
    # Completing a command name loads the lazily imported command modules.
    words = subprocess.run([str(cipn)], capture_output=True, text=True, timeout=60, env={
        **env, "_CIPN_COMPLETE": "complete_bash", "COMP_WORDS": "cipn ch", "COMP_CWORD": "1"})
    assert words.stdout.split() == ["checkin", "changes"]
    assert not (tmp_path / "j.db").exists()
