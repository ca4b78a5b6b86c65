"""Visits through the CLI: past and upcoming, the listing, `--since last-visit` (through
`cipn history`, which resolves every window the same way), bad input and undo."""

import json
from datetime import date

import pytest

from cipn_journal.store import visits
from cipn_journal.store.connection import Store


def add(cli, when, *extra):
    result = cli("visit", "add", when, *extra)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    return result


def listed(cli):
    result = cli("visit", "list", "--json")
    assert result.exit_code == 0
    return json.loads(result.stdout)


def test_a_visit_may_be_past_or_upcoming(cli, query):
    past = add(cli, "2026-11-10", "--with", "Dr Rivera, oncology")
    assert past.stderr == "Added a visit on Tue 10 Nov 2026 with Dr Rivera, oncology.\n"
    ahead = add(cli, "tomorrow")
    assert ahead.stderr == "Added a visit on Thu 26 Nov 2026 (tomorrow).\n"
    add(cli, "2026-12-09", "--with", "neurology")
    assert query("SELECT date, with_whom FROM visits ORDER BY id") == [
        ("2026-11-10", "Dr Rivera, oncology"), ("2026-11-26", None), ("2026-12-09", "neurology")]


def test_list_json_and_plain(cli):
    add(cli, "2026-12-09", "--with", "neurology")
    add(cli, "2026-11-10", "--with", "Dr Rivera")
    add(cli, "today")
    assert listed(cli) == [
        {"id": 2, "date": "2026-11-10", "with": "Dr Rivera"},
        {"id": 3, "date": "2026-11-25", "with": None},
        {"id": 1, "date": "2026-12-09", "with": "neurology"},
    ]
    assert cli("visit", "list").stdout.splitlines() == [
        "date        with       when",
        "2026-11-10  Dr Rivera",
        "2026-11-25             today",
        "2026-12-09  neurology  upcoming",
    ]


def test_an_upcoming_visit_reminds_of_open_questions(cli):
    cli("ask", "Is the numbness a reason to change the dose?")
    cli("ask", "Can I wear gloves for the fridge?")
    assert add(cli, "2026-12-02").stderr.splitlines()[1:] == [
        "You have 2 open questions to bring: cipn questions"]
    assert add(cli, "2026-11-02").stderr.count("\n") == 1  # a past visit: no reminder


def test_visits_between(cli, db_path):
    for when in ("2026-10-01", "2026-11-10", "2026-12-09"):
        add(cli, when)
    with Store.open(db_path, create=False) as store:
        found = visits.visits(store, date(2026, 10, 2), date(2026, 11, 25))
        assert [v["date"] for v in found] == ["2026-11-10"]
        assert [v["date"] for v in visits.visits(store)] == ["2026-10-01", "2026-11-10",
                                                             "2026-12-09"]
    assert visits.visits(None) == []


# -- --since last-visit -------------------------------------------------------------------------
def history_days(cli, *extra):
    result = cli("history", "--json", *extra)
    assert result.exit_code == 0, result.stderr
    return sorted({row["date"] for row in json.loads(result.stdout)})


def test_since_last_visit_starts_on_the_visit_day(cli):
    for when in ("2026-11-09", "2026-11-10", "2026-11-11", "2026-11-24"):
        cli("log", "numbness=2", "--date", when)
    add(cli, "2026-11-01")
    add(cli, "2026-11-10", "--with", "oncology")
    add(cli, "2026-12-02")  # upcoming visits do not count
    assert history_days(cli, "--since", "last-visit") == ["2026-11-10", "2026-11-11",
                                                          "2026-11-24"]
    add(cli, "today")
    assert history_days(cli, "--since", "last-visit") == []


def test_since_last_visit_without_a_past_visit_is_bad_input(cli):
    cli("log", "numbness=2")
    add(cli, "2026-12-02")
    result = cli("history", "--since", "last-visit")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        "Error: --since last-visit: no visit is recorded on or before today. Record one with "
        "`cipn visit add WHEN`, or give a date.\n")


def test_undo_of_a_visit_changes_last_visit(cli):
    cli("log", "numbness=2", "--date", "2026-11-05")
    add(cli, "2026-11-01")
    add(cli, "2026-11-10")
    result = cli("undo")
    assert result.stderr.startswith("Undid the visit add of ")
    assert "visit on 2026-11-10" in result.stderr
    assert [v["date"] for v in listed(cli)] == ["2026-11-01"]
    assert history_days(cli, "--since", "last-visit") == ["2026-11-05"]


# -- bad input ----------------------------------------------------------------------------------
@pytest.mark.parametrize("args,message", [
    (["next week"], "Error: Cannot read the date 'next week'"),
    (["2026-02-30"], "Error: Cannot read the date '2026-02-30'"),
    (["today", "--with", " "], "Error: --with is empty"),
])
def test_bad_input_creates_nothing(cli, db_path, args, message):
    result = cli("visit", "add", *args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith(message)
    assert len(result.stderr.splitlines()) == 1
    assert not db_path.exists()


def test_list_without_a_journal_creates_nothing(cli, db_path):
    result = cli("visit", "list")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.startswith(f"Error: No journal at {db_path}: nothing was read")
    assert not db_path.exists()
    assert cli("ask", "Why?").exit_code == 0  # a journal without visits
    result = cli("visit", "list")
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr.startswith("No visit is recorded yet.")
    assert listed(cli) == []


def test_rich_table_shows_typed_text_as_text(cli, monkeypatch):
    monkeypatch.setattr("cipn_journal.commands.options.use_rich", lambda *a: True)
    add(cli, "2026-11-10", "--with", "[bold]Dr[/bold]")
    result = cli("visit", "list", env={"COLUMNS": "200"})
    assert "[bold]Dr[/bold]" in result.stdout


def test_weekday_and_yearless_visit_dates_are_the_next_ones(cli):
    assert cli("visit", "add", "thursday").exit_code == 0
    assert cli("visit", "add", "Jan 5").exit_code == 0
    dates = [v["date"] for v in json.loads(cli("visit", "list", "--json").stdout)]
    assert dates == ["2026-11-26", "2027-01-05"]


def test_since_message_names_all_and_last_visit(cli):
    cli("log", "numbness=1")
    result = cli("summary", "--since", "lastvisit")
    assert result.exit_code == 2
    assert "'lastvisit' is not all, last-visit, or a date" in result.stderr
