"""Everyday use, round three (issue 25): what people typed and the journal misread or answered
unhelpfully, each through the CLI against a real journal. Today is Wed 2026-11-25 (conftest)."""

import json
import re

import pytest
from helpers_journal import ok


# -- 8. suggest only close matches; say how to add a symptom; a new key close to a built-in --------
def test_an_unknown_symptom_far_from_every_name_gets_no_suggestion_but_how_to_add_it(cli,
                                                                                     db_path):
    result = cli("log", "itching=4")
    assert result.exit_code == 2
    assert "Did you mean" not in result.stderr
    assert "cipn symptoms add itching --label" in result.stderr
    assert not db_path.exists()


@pytest.mark.parametrize("typed,meant", [
    ("numbnes", "numbness"), ("tinglng", "tingling"), ("tingle", "tingling"),
    ("ballance", "balance"), ("constipaton", "bowel"),
])
def test_a_misspelled_symptom_gets_the_close_one(cli, typed, meant):
    result = cli("log", f"{typed}=3")
    assert result.exit_code == 2
    assert f"Did you mean {meant}?" in result.stderr


def test_a_new_symptom_close_to_a_built_in_one_is_added_with_a_word_about_it(cli, query):
    result = ok(cli("symptoms", "add", "tingle", "--label", "Tingle in the toes"))
    assert ("tingle is close to the built-in symptom tingling (Tingling, pins and needles)"
            in result.stderr)
    assert query("SELECT key FROM custom_symptoms") == [("tingle",)]
    far = ok(cli("symptoms", "add", "cramps", "--label", "Muscle cramps"))
    assert "close to" not in far.stderr


# -- 7. abbreviations are their generic drug; a brand is shown as it is written -----------------
def test_5_fu_and_fu_are_fluorouracil_and_lv_is_leucovorin(cli, query):
    first = ok(cli("treatment", "add", "5-FU", "--date", "2026-11-04"))
    assert "Recorded 5-FU as fluorouracil on Wed 4 Nov 2026" in first.stderr
    assert "it is recorded as fluorouracil" in first.stderr
    ok(cli("treatment", "add", "FU", "--date", "2026-11-18"))
    ok(cli("treatment", "add", "fluorouracil", "--date", "2026-11-25"))
    ok(cli("treatment", "add", "LV", "--date", "2026-11-25"))
    assert query("SELECT entered, drug, cycle FROM treatments ORDER BY id") == [
        ("5-FU", "fluorouracil", 1), ("FU", "fluorouracil", 2),
        ("fluorouracil", "fluorouracil", 3), ("LV", "leucovorin", 1)]
    listed = ok(cli("treatment", "list")).stdout
    assert "fluorouracil (5-FU)" in listed and "leucovorin (LV)" in listed


def test_a_brand_typed_in_lower_case_is_listed_as_it_is_written(cli, tmp_path):
    ok(cli("treatment", "add", "eloxatin", "--date", "2026-11-04"))
    listed = ok(cli("treatment", "list")).stdout
    assert "oxaliplatin (Eloxatin)" in listed and "eloxatin" not in listed
    out = tmp_path / "visit.md"
    ok(cli("export", "-o", str(out), "--since", "all"))
    text = out.read_text()
    assert "oxaliplatin (Eloxatin)" in text and "(eloxatin)" not in text


# -- 9. --born reads words, as every other date option does ---------------------------------------
@pytest.mark.parametrize("typed", ["2 April 1961", "April 2 1961", "Apr 2, 1961", "1961-04-02"])
def test_born_reads_a_date_in_words(cli, typed):
    result = ok(cli("profile", "set", "--born", typed))
    assert "Born: 1961-04-02" in result.stderr
    assert json.loads(ok(cli("profile", "--json")).stdout)["born"] == "1961-04-02"


@pytest.mark.parametrize("typed,said", [
    ("2 April", "--born '2 April' has no year: give it, like 1961-04-02 or '2 April 1961'."),
    ("yesterday", "--born 'yesterday' has no year: give it, like 1961-04-02 or '2 April 1961'."),
    ("2 Apirl 1961", "--born '2 Apirl 1961' is not a date: give it like 1961-04-02 or "
                     "'2 April 1961'."),
    ("1961-02-30", "--born '1961-02-30': there is no such day (February 1961 has 28 days)."),
])
def test_born_without_a_year_or_unreadable_is_bad_input(cli, db_path, typed, said):
    result = cli("profile", "set", "--born", typed)
    assert result.exit_code == 2
    assert result.stderr == f"Error: {said}\n"
    assert not db_path.exists()


# -- 11. history shows a day's zeros one way, however many there are ---------------------------
def test_history_shows_zeros_the_same_way_on_every_day(cli):
    ok(cli("log", "numbness=3", "tingling=2", "walking=0", "grip=0", "bladder=0",
           "--date", "yesterday"))
    ok(cli("log", "numbness=3", "walking=0", "bladder=0"))
    lines = ok(cli("history")).stdout.splitlines()
    assert lines == [
        "2026-11-24  numbness=3  tingling=2  none: grip, walking, bladder",
        "2026-11-25  numbness=3  none: walking, bladder",
    ]


# -- 12. --limits self-care is confirmed as it was typed -------------------------------------------
@pytest.mark.parametrize("typed", ["self-care", "selfcare", "self care"])
def test_self_care_limits_are_confirmed_and_listed_as_self_care(cli, query, typed):
    logged = ok(cli("log", "numbness=2", "--limits", typed))
    assert "limits: self-care" in logged.stderr and "selfcare" not in logged.stderr
    again = ok(cli("log", "--limits", typed))
    assert again.stderr.startswith("Nothing changed for Wed 25 Nov 2026 (today): limits: "
                                   "self-care (unchanged).")
    assert "limits: self-care" in ok(cli("history")).stdout
    assert query("SELECT limits FROM days") == [("selfcare",)]  # stored as the JSON export says


# -- 13. -n is a number everywhere; the note's short option is -m (-n still works, deprecated) -----
DEPRECATED = ("Note: -n for a note is deprecated: use -m (or --note). In a later release -n "
              "will only be a number, as in cipn history -n 10.")
NOTE_COMMANDS = [
    (["log", "numbness=2"], "SELECT text FROM notes"),
    (["treatment", "add", "oxaliplatin"], "SELECT note FROM treatments"),
    (["meds", "add", "glutamine"], "SELECT note FROM meds"),
]


@pytest.mark.parametrize("command,stored", NOTE_COMMANDS)
def test_m_is_the_short_note_option(cli, query, command, stored):
    result = ok(cli(*command, "-m", "from Dr Rivera"))
    assert "deprecated" not in result.stderr
    assert query(stored) == [("from Dr Rivera",)]
    shown = ok(cli(*command[:-1] if command[0] != "log" else ["log"], "--help",
                   env={"COLUMNS": "200"})).stdout
    assert re.search(r"(?<!-)-m\b", shown) and not re.search(r"(?<!-)-n\b", shown)


@pytest.mark.parametrize("command,stored", NOTE_COMMANDS)
def test_n_for_a_note_still_works_with_a_deprecation_line(cli, query, command, stored):
    result = ok(cli(*command, "-n", "from Dr Rivera"))
    assert DEPRECATED in result.stderr
    assert query(stored) == [("from Dr Rivera",)]
    twice = cli(*command, "-n", "a", "--note", "b")
    assert twice.exit_code == 2 and "Give the note once" in twice.stderr


def test_alerts_ack_takes_m_and_still_n(cli, query):
    ok(cli("log", "numbness=8", "--falls", "1"))  # two alerts: severe, and the fall
    ok(cli("alerts", "ack", "1", "-m", "called the nurse"))
    old = ok(cli("alerts", "ack", "2", "-n", "and the GP"))
    assert DEPRECATED in old.stderr
    assert query("SELECT id, ack_note FROM alerts WHERE id IN (1, 2) ORDER BY id") == [
        (1, "called the nurse"), (2, "and the GP")]


def test_n_is_a_number_in_history_and_changes(cli):
    for day in ("2026-11-23", "2026-11-24", "2026-11-25"):
        ok(cli("log", "numbness=2", "--date", day))
    assert len(ok(cli("history", "-n", "2")).stdout.splitlines()) == 2
    assert len(ok(cli("changes", "-n", "2")).stdout.splitlines()) == 2
    assert re.search(r"(?<!-)-n\b", ok(cli("history", "--help", env={"COLUMNS": "200"})).stdout)


# -- 14. shell completion offers the values a command takes, not file names ------------------------
def complete(line: str, env_db) -> list[str]:
    """What zsh completion offers for `line` (through the installed cipn), values only."""
    import os
    import subprocess
    import sys

    env = {"PATH": os.environ["PATH"], "HOME": os.environ["HOME"], "CIPN_JOURNAL_DB": str(env_db),
           "_CIPN_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": line}
    result = subprocess.run([sys.executable, "-m", "cipn_journal"], capture_output=True,
                            text=True, env=env, timeout=60)
    assert result.returncode == 0, result.stderr
    if result.stdout.strip() == "_files":
        return ["<files>"]
    # zsh's form: _arguments '*: :(("value"[:"help"] one a line))'
    return re.findall(r'(?:\(\(|^)"([^"]*)"', result.stdout, flags=re.M)


@pytest.mark.parametrize("line,offered", [
    ("cipn log --where ", ["hands", "feet", "both"]),
    ("cipn log --limits ", ["none", "everyday", "self-care"]),
    ("cipn log --by c", ["caregiver"]),
    ("cipn log numb", ["numbness="]),
    ("cipn log tingling=2 b", ["burning=", "balance=", "bowel=", "bladder="]),
    ("cipn weekly numbness.s", ["numbness.severity="]),
    ("cipn weekly extent.", ["extent.hands=", "extent.feet="]),
    ("cipn treatment add oxa", ["oxaliplatin"]),
    ("cipn treatment add 5", ["5-FU"]),
    ("cipn history --symptom ting", ["tingling"]),
])
def test_completion_offers_the_values(db_path, line, offered):
    assert complete(line, db_path) == offered


def test_completion_offers_a_custom_symptom(cli, db_path):
    ok(cli("symptoms", "add", "cramps", "--label", "Muscle cramps"))
    assert complete("cipn log cr", db_path) == ["cramps="]
