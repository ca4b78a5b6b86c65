"""Supplements and medicines through the CLI: the kind from the built-in list, the reminder for
every supplement, the acetyl-L-carnitine caution under any spelling, stop, list, bad input and
undo. The journal never prints a dose."""

import json
from datetime import date

import pytest
from helpers_journal import ok

from cipn_journal.store import meds
from cipn_journal.store.connection import Store

REMINDER = "Check supplements with your care team: some can interact with cancer treatment."
CAUTION = ("Caution: a major guideline (ASCO 2020) advises against acetyl-L-carnitine for "
           "preventing neuropathy, and a trial found it made neuropathy worse. Talk to your "
           "care team about it.")
MED_KEYS = ["id", "name", "kind", "start", "stop", "note"]


def add(cli, name, *extra):
    result = cli("meds", "add", name, *extra)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    return result


def listed(cli):
    result = cli("meds", "list", "--json")
    assert result.exit_code == 0
    return json.loads(result.stdout)


@pytest.mark.parametrize("name", [
    "glutamine", "L-Glutamine", "Vitamin E", "vitamin B12", "B6", "fish oil", "Omega-3",
    "alpha-lipoic acid", "Magnesium", "calcium", "Turmeric", "curcumin", "goshajinkigan",
    "Fish oil 1000mg",
])
def test_common_supplements_default_to_supplement_with_a_reminder(cli, name):
    result = add(cli, name, "--start", "2026-11-02")
    assert result.stderr.splitlines() == [
        f"Added {name} (supplement), taken since Mon 2 Nov 2026.", REMINDER]
    assert listed(cli)[0]["kind"] == "supplement"


@pytest.mark.parametrize("name", ["duloxetine", "gabapentin", "calcium folinate", "Metformin"])
def test_anything_else_is_a_medicine_without_the_reminder(cli, name):
    result = add(cli, name, "--start", "2026-11-02")
    assert result.stderr.splitlines() == [f"Added {name} (medicine), taken since Mon 2 Nov 2026."]
    assert listed(cli)[0]["kind"] == "medicine"


def test_kind_option_overrides_the_list(cli):
    assert "supplement" in add(cli, "ginseng tea", "--kind", "supplement").stderr
    assert REMINDER in add(cli, "mushroom extract", "--kind", "SUPPLEMENT").stderr
    result = add(cli, "magnesium", "--kind", "medicine")
    assert REMINDER not in result.stderr
    assert [m["kind"] for m in listed(cli)] == ["supplement", "supplement", "medicine"]


@pytest.mark.parametrize("name", [
    "acetyl-L-carnitine", "Acetyl-L-Carnitine", "acetyl l carnitine", "ALC", "alc 500mg",
    "ALCAR", "acetylcarnitine", "Acetyl L-carnitine",
])
def test_acetyl_l_carnitine_prints_the_caution(cli, name):
    result = add(cli, name)
    assert result.stderr.splitlines()[1:] == [CAUTION, REMINDER]
    assert listed(cli)[0]["kind"] == "supplement"


def test_acetyl_l_carnitine_caution_even_as_a_medicine(cli):
    result = add(cli, "ALC", "--kind", "medicine")
    assert result.stderr.splitlines()[1:] == [CAUTION]


@pytest.mark.parametrize("name", ["L-carnitine", "calcium", "balcony"])
def test_no_caution_for_other_names(cli, name):
    assert "Caution" not in add(cli, name).stderr


def test_no_dose_is_ever_suggested(cli):
    output = ""
    for name in ("glutamine", "ALC", "vitamin E", "duloxetine"):
        result = add(cli, name)
        output += result.stdout + result.stderr
    output += cli("meds", "list").stdout
    for word in (" mg", "gram", "dose", "daily", "twice"):
        assert word not in output.lower()


def test_start_defaults_to_today_and_says_so(cli, query):
    result = add(cli, "duloxetine", "--note", "from Dr Rivera")
    assert result.stderr.splitlines() == [
        "Added duloxetine (medicine), taken since today (Wed 25 Nov 2026; --start gives an "
        "earlier day)."]
    assert query("SELECT name, kind, start, stop, note FROM meds") == [
        ("duloxetine", "medicine", "2026-11-25", None, "from Dr Rivera")]


def test_list_json_keys_current_and_past(cli):
    add(cli, "glutamine", "--start", "2026-09-01")
    add(cli, "duloxetine", "--start", "2026-10-01", "--note", "for pain")
    cli("meds", "stop", "glutamine", "--date", "2026-11-01")
    found = listed(cli)
    assert [list(m) for m in found] == [MED_KEYS, MED_KEYS]
    assert found == [
        {"id": 1, "name": "glutamine", "kind": "supplement", "start": "2026-09-01",
         "stop": "2026-11-01", "note": None},
        {"id": 2, "name": "duloxetine", "kind": "medicine", "start": "2026-10-01",
         "stop": None, "note": "for pain"},
    ]
    plain = cli("meds", "list")
    assert plain.stdout.splitlines() == [
        "Taking now:",
        "  name        kind      taken             note",
        "  duloxetine  medicine  since 2026-10-01  for pain",
        "",
        "Stopped:",
        "  name       kind        taken",
        "  glutamine  supplement  2026-09-01 to 2026-11-01",
    ]


def test_stop_records_the_day_and_keeps_the_entry(cli, query):
    add(cli, "glutamine", "--start", "2026-09-01")
    result = cli("meds", "stop", "GLUTAMINE", "--date", "yesterday")
    assert result.exit_code == 0
    assert result.stderr == ("Stopped glutamine on Tue 24 Nov 2026 (yesterday) "
                             "(taken since 2026-09-01).\n")
    assert query("SELECT name, start, stop FROM meds") == [
        ("glutamine", "2026-09-01", "2026-11-24")]
    # taken again later: a new entry, the old one stays
    add(cli, "glutamine")
    assert [(m["start"], m["stop"]) for m in listed(cli)] == [
        ("2026-09-01", "2026-11-24"), ("2026-11-25", None)]


def test_meds_in_window(cli, db_path):
    add(cli, "glutamine", "--start", "2026-09-01")
    cli("meds", "stop", "glutamine", "--date", "2026-10-01")
    add(cli, "duloxetine", "--start", "2026-10-15")
    add(cli, "vitamin E", "--start", "2026-11-20")
    with Store.open(db_path, create=False) as store:
        def names(start, end):
            return [m["name"] for m in meds.meds_in_window(store, start, end)]

        assert names(date(2026, 10, 1), date(2026, 10, 15)) == ["glutamine", "duloxetine"]
        assert names(date(2026, 10, 2), date(2026, 10, 14)) == []
        assert names(None, date(2026, 11, 25)) == ["glutamine", "duloxetine", "vitamin E"]
        assert names(date(2026, 11, 1), date(2026, 11, 25)) == ["duloxetine", "vitamin E"]
        assert list(meds.meds_in_window(store, None, date(2026, 9, 1))[0]) == MED_KEYS
    assert meds.meds_in_window(None, None, date(2026, 11, 25)) == []


# -- bad input ----------------------------------------------------------------------------------
@pytest.mark.parametrize("args,message", [
    (["add", "glutamine", "--kind", "herb"], "Error: --kind 'herb' is not one of: supplement, "
                                             "medicine."),
    (["add", "glutamine", "--start", "tomorrow"], "Error: The date 2026-11-26 is in the future"),
    (["add", "glutamine", "--start", "soon"], "Error: Cannot read the date 'soon'"),
    (["add", "  "], "Error: NAME is empty"),
    (["stop", "glutamine", "--date", "tomorrow"], "Error: The date 2026-11-26 is in the future"),
])
def test_bad_input_creates_nothing(cli, db_path, args, message):
    result = cli("meds", *args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith(message)
    assert len(result.stderr.splitlines()) == 1
    assert not db_path.exists()


def test_stopping_a_med_that_is_not_current(cli, query):
    add(cli, "glutamine", "--start", "2026-09-01")
    add(cli, "duloxetine", "--start", "2026-09-01")
    cli("meds", "stop", "glutamine", "--date", "2026-10-01")
    before = query("SELECT * FROM meds")
    for name in ("glutamine", "gabapentin"):
        result = cli("meds", "stop", name)
        assert result.exit_code == 2
        assert result.stderr == (f"Error: '{name}' is not a current supplement or medicine: "
                                 "nothing was stopped. Currently taken: 'duloxetine'.\n")
    assert query("SELECT * FROM meds") == before


def test_stop_before_the_start_and_adding_a_current_one_twice(cli, query):
    add(cli, "glutamine", "--start", "2026-11-10")
    result = cli("meds", "stop", "glutamine", "--date", "2026-11-01")
    assert result.exit_code == 2
    assert result.stderr == ("Error: --date 2026-11-01 is before 'glutamine' was started "
                             "(2026-11-10): give the day it was stopped.\n")
    again = cli("meds", "add", "Glutamine")
    assert again.exit_code == 1
    assert again.stderr == ("Error: 'Glutamine' is already listed as taken (as 'glutamine') "
                            "since 2026-11-10: "
                            "nothing was added. `cipn meds stop 'glutamine'` ends it.\n")
    assert query("SELECT name, stop FROM meds") == [("glutamine", None)]


def test_list_without_a_journal_creates_nothing(cli, db_path):
    for args in (("meds", "list"), ("meds", "list", "--json"), ("meds", "stop", "glutamine")):
        result = cli(*args)
        assert (result.exit_code, result.stdout) == (1, "")
        assert result.stderr.startswith(f"Error: No journal at {db_path}: nothing was read")
    assert not db_path.exists()
    ok(cli("ask", "Which supplements?"))  # a journal without meds
    result = cli("meds", "list")
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr.startswith("No supplement or medicine is recorded yet.")
    assert listed(cli) == []
    stop = cli("meds", "stop", "glutamine")
    assert stop.exit_code == 2
    assert stop.stderr.startswith("Error: 'glutamine' is not a current supplement or medicine")


# -- undo ---------------------------------------------------------------------------------------
def test_undo_of_add_and_of_stop(cli, query):
    add(cli, "glutamine", "--start", "2026-09-01")
    cli("meds", "stop", "glutamine", "--date", "2026-11-01")
    undone = cli("undo")
    assert undone.exit_code == 0
    assert undone.stderr.startswith("Undid the meds stop of ")
    assert "stopped glutamine on 2026-11-01" in undone.stderr
    assert query("SELECT name, stop FROM meds") == [("glutamine", None)]
    undone = cli("undo")
    assert undone.stderr.startswith("Undid the meds add of ")
    assert "added the supplement glutamine" in undone.stderr
    assert query("SELECT COUNT(*) FROM meds") == [(0,)]


def test_rich_table_shows_typed_text_as_text(cli, monkeypatch):
    monkeypatch.setattr("cipn_journal.commands.options.use_rich", lambda *a: True)
    add(cli, "[b]glutamine[/b]", "--note", "[i]ask[/i]")
    result = cli("meds", "list", env={"COLUMNS": "200"})
    assert result.exit_code == 0
    assert "[b]glutamine[/b]" in result.stdout
    assert "[i]ask[/i]" in result.stdout
