"""`cipn log`: storing a day, replacing values with history, day facts, and bad input."""

import pytest


def test_log_stores_values_and_confirms(cli, query):
    result = cli("log", "numbness=3", "Tingling=2")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert "Logged for Wed 25 Nov 2026 (today): numbness 3, tingling 2." in result.stderr
    assert query("SELECT date, symptom, severity, location, reported_by FROM observations "
                 "ORDER BY symptom") == [
        ("2026-11-25", "numbness", 3, None, "patient"),
        ("2026-11-25", "tingling", 2, None, "patient"),
    ]


@pytest.mark.parametrize("name,key", [
    ("numb", "numbness"), ("PINS", "tingling"), ("needles", "tingling"), ("shooting", "pain"),
    ("stabbing", "pain"), ("unsteady", "balance"), ("dropping", "grip"), ("hands", "grip"),
    ("tripping", "walking"), ("constipation", "bowel"), ("urination", "bladder"),
    ("urinating", "bladder"), ("Cold", "cold"), ("burning", "burning"),
])
def test_aliases_and_case(cli, query, name, key):
    assert cli("log", f"{name}=4").exit_code == 0
    assert query("SELECT symptom, severity FROM observations") == [(key, 4)]


def test_relog_replaces_and_keeps_history(cli, query):
    cli("log", "numbness=3", "--where", "feet")
    result = cli("log", "numbness=5")
    assert result.exit_code == 0
    assert "numbness 5 (was 3)" in result.stderr
    # The replacement without --where keeps where the symptom was felt.
    assert query("SELECT severity, location FROM observations") == [(5, "feet")]
    assert query("SELECT date, symptom, severity, location, reason FROM observation_history") == [
        ("2026-11-25", "numbness", 3, "feet", "replaced")]


def test_same_value_again_changes_nothing(cli, query):
    cli("log", "numbness=3")
    result = cli("log", "numbness=3")
    assert result.exit_code == 0
    assert "Nothing changed" in result.stderr
    assert query("SELECT COUNT(*) FROM changes") == [(1,)]
    assert query("SELECT COUNT(*) FROM observation_history") == [(0,)]


def test_day_facts_and_notes(cli, query):
    assert cli("log", "--falls", "1").exit_code == 0
    assert cli("log", "--note", "slipped on the stairs", "--by", "caregiver").exit_code == 0
    assert cli("log", "--note", "better in the evening", "--limits", "everyday").exit_code == 0
    assert query("SELECT date, limits, falls FROM days") == [("2026-11-25", "everyday", 1)]
    notes = query("SELECT text, reported_by, written_at FROM notes ORDER BY id")
    assert [(t, by) for t, by, _ in notes] == [
        ("slipped on the stairs", "caregiver"), ("better in the evening", "patient")]
    assert all(at.endswith("+00:00") for _, _, at in notes)


def test_backdated_and_where(cli, query):
    assert cli("log", "pain=2", "burning=1", "--date", "2 days ago", "--where", "hands"
               ).exit_code == 0
    assert query("SELECT date, symptom, location FROM observations ORDER BY symptom") == [
        ("2026-11-23", "burning", "hands"), ("2026-11-23", "pain", "hands")]


def test_falls_sets_the_number(cli, query):
    cli("log", "--falls", "2")
    cli("log", "--falls", "1")
    assert query("SELECT falls FROM days") == [(1,)]


BAD = [
    (["numbnes=3"], ["numbnes", "Did you mean numbness?"]),
    (["numbness=11"], ["'11'", "0 (none) to 10"]),
    (["numbness=-1"], ["'-1'", "0 (none) to 10"]),
    (["numbness=2.5"], ["'2.5'", "whole number"]),
    (["numbness=lots"], ["'lots'", "whole number"]),
    (["numbness"], ["'numbness' has no severity", "SYMPTOM=SEVERITY"]),
    (["numbness=2", "numb=3"], ["given twice", "numb=3"]),
    ([], ["Nothing to log"]),
    (["numbness=2", "--date", "tomorrow"], ["2026-11-26", "in the future"]),
    (["numbness=2", "--date", "someday"], ["'someday'", "ISO date"]),
    (["numbness=2", "--date", "2026-02-30"], ["'2026-02-30'", "no such day"]),
    (["numbness=2", "--where", "knees"], ["'knees'", "hands, feet, both"]),
    (["--limits", "lots"], ["'lots'", "none, everyday, self-care"]),
    (["--falls", "x"], ["'x'", "0 to 99"]),
    (["--falls", "-1"], ["'-1'", "0 to 99"]),
    (["numbness=2", "--by", "nurse"], ["'nurse'", "patient, caregiver"]),
    (["--where", "feet"], ["--where applies"]),
    (["--note", "  "], ["--note is empty"]),
]


@pytest.mark.parametrize("args,words", BAD)
def test_bad_input_on_a_new_journal_creates_nothing(cli, db_path, args, words):
    result = cli("log", *args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr
    for word in words:
        assert word in result.stderr
    assert not db_path.exists()
    assert not db_path.parent.exists()


@pytest.mark.parametrize("args,words", BAD)
def test_bad_input_on_an_existing_journal_writes_nothing(cli, db_path, args, words):
    cli("log", "numbness=1", "--date", "yesterday")
    before = db_path.read_bytes()
    result = cli("log", *args)
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert db_path.read_bytes() == before


def test_unknown_option_is_one_line_exit_2(cli):
    result = cli("log", "--bogus")
    assert result.exit_code == 2
    assert result.stderr.strip() == "Error: No such option: --bogus. See 'cipn log --help'."


def test_custom_symptom_can_be_logged(cli, query):
    assert cli("symptoms", "add", "cramps", "--label", "Muscle cramps").exit_code == 0
    assert cli("log", "CRAMPS=4").exit_code == 0
    assert query("SELECT symptom, severity FROM observations") == [("cramps", 4)]
