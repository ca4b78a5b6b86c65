"""`cipn treatment next WHEN` (issue 25, beyond the list): the planned next infusion, stored as
a row of its own, shown by `treatment next`, `summary`, `remind` (the day before: "oxaliplatin
tomorrow: log today's symptoms first") and the calendar export; undo brings an earlier plan
back; a past day is bad input. Today is Wed 2026-11-25."""

import json

import pytest
from helpers_journal import ok


def test_plan_is_stored_and_shown(cli, query):
    ok(cli("treatment", "add", "oxaliplatin", "--date", "2026-11-12"))
    result = ok(cli("treatment", "next", "2026-11-26"))
    assert result.stderr.startswith(
        "Planned the next infusion of oxaliplatin: Thu 26 Nov 2026 (tomorrow).")
    assert query("SELECT date, drug FROM planned_infusions") == [("2026-11-26", "oxaliplatin")]
    assert ok(cli("treatment", "next")).stdout == (
        "Next infusion: oxaliplatin tomorrow (2026-11-26).\n")
    assert json.loads(ok(cli("treatment", "next", "--json")).stdout) == {
        "date": "2026-11-26", "drug": "oxaliplatin"}


def test_a_new_plan_replaces_and_undo_brings_the_earlier_back(cli, query):
    ok(cli("treatment", "add", "Taxol", "--date", "2026-11-18"))
    ok(cli("treatment", "next", "tomorrow"))
    moved = ok(cli("treatment", "next", "2026-12-02", "--drug", "Taxol"))
    assert "it was paclitaxel tomorrow" in moved.stderr
    assert query("SELECT COUNT(*) FROM planned_infusions") == [(2,)]  # nothing overwritten
    assert "paclitaxel on Wed 2 Dec (in 7 days)" in ok(cli("treatment", "next")).stdout
    ok(cli("undo"))
    assert ok(cli("treatment", "next")).stdout == (
        "Next infusion: paclitaxel tomorrow (2026-11-26).\n")


@pytest.mark.parametrize("args,expected", [
    (["yesterday"], "Error: 'yesterday' is 2026-11-24, in the past: the next infusion is today "
                    "or later."),
    (["someday"], "Error: "),
    (["friday", "--drug", "folfox"], "Error: folfox is a combination"),
    (["friday", "--drug", "  "], "Error: --drug is empty"),
    (["--drug", "oxaliplatin"], "Error: --drug goes with a day"),
])
def test_bad_plans_are_refused_and_nothing_is_written(cli, db_path, query, args, expected):
    ok(cli("log", "numbness=1"))
    result = cli("treatment", "next", *args)
    assert result.exit_code == 2
    assert result.stderr.startswith(expected)
    assert len(result.stderr.strip().splitlines()) == 1
    assert query("SELECT COUNT(*) FROM planned_infusions") == [(0,)]


def test_a_plan_ends_when_its_day_passes_or_the_infusion_is_recorded(cli):
    ok(cli("treatment", "add", "oxaliplatin", "--date", "2026-11-12"))
    ok(cli("treatment", "next", "today"))
    assert "oxaliplatin today" in ok(cli("treatment", "next")).stdout
    ok(cli("treatment", "add", "oxaliplatin"))  # given today
    assert ok(cli("treatment", "next")).stderr.startswith("No next infusion is planned.")
    ok(cli("treatment", "next", "2026-11-26"))
    later = ok(cli("treatment", "next", env={"CIPN_JOURNAL_TODAY": "2026-11-27"}))
    assert later.stdout == "" and "No next infusion is planned" in later.stderr


def test_summary_shows_the_plan_while_its_window_reaches_today(cli):
    ok(cli("treatment", "add", "oxaliplatin", "--date", "2026-11-12"))
    ok(cli("log", "numbness=2"))
    ok(cli("treatment", "next", "2026-11-26"))
    shown = ok(cli("summary")).stdout
    assert "Next infusion: oxaliplatin tomorrow (2026-11-26)." in shown
    data = json.loads(ok(cli("summary", "--json")).stdout)
    assert data["next_infusion"] == {"date": "2026-11-26", "drug": "oxaliplatin"}
    earlier = json.loads(ok(cli("summary", "--until", "2026-11-20", "--json")).stdout)
    assert earlier["next_infusion"] is None


def test_remind_the_day_before_and_on_the_day(cli):
    ok(cli("treatment", "add", "oxaliplatin", "--date", "2026-11-12"))
    ok(cli("log", "numbness=2", "--date", "yesterday"))
    ok(cli("treatment", "next", "2026-11-26"))
    result = cli("remind")
    assert (result.exit_code, result.stderr) == (
        1, "Oxaliplatin tomorrow: log today's symptoms first: cipn checkin\n")
    on_the_day = cli("remind", env={"CIPN_JOURNAL_TODAY": "2026-11-26"})
    assert on_the_day.stderr == "Oxaliplatin today: log today's symptoms first: cipn checkin\n"
    days_before = cli("remind", env={"CIPN_JOURNAL_TODAY": "2026-11-23"})
    assert days_before.stderr == "Nothing logged today yet: cipn checkin\n"
    ok(cli("log", "numbness=2"))
    assert ok(cli("remind")).stderr == ""  # logged: the plan needs nothing more today


def test_the_calendar_has_the_planned_infusion_with_the_uid_it_will_keep(cli, tmp_path):
    from icalendar import Calendar

    ok(cli("treatment", "add", "oxaliplatin", "--date", "2026-11-12", "--dose", "85mg/m2"))
    ok(cli("treatment", "next", "2026-11-26"))
    target = tmp_path / "plan.ics"
    ok(cli("export", "-o", str(target)))
    events = {str(e["summary"]): e for e in Calendar.from_ical(target.read_bytes()).walk("VEVENT")}
    planned = events["oxaliplatin (planned)"]
    assert planned.decoded("dtstart").isoformat() == "2026-11-26"
    uid = str(planned["uid"])
    # The UID the recorded infusion will have: date, drug and the journal's own id.
    journal_id = json.loads(ok(cli("export", "--format", "json")).stdout)["journal_id"]
    assert uid == f"treatment-2026-11-26-oxaliplatin-{journal_id}@cipn-journal"
    # Given on that day: the recorded infusion takes the same UID, and the planned one goes.
    ok(cli("treatment", "add", "oxaliplatin", "--date", "2026-11-26",
           env={"CIPN_JOURNAL_TODAY": "2026-11-26"}))
    ok(cli("export", "-o", str(target), "--force", env={"CIPN_JOURNAL_TODAY": "2026-11-26"}))
    events = [e for e in Calendar.from_ical(target.read_bytes()).walk("VEVENT")]
    assert [str(e["summary"]) for e in events if str(e["uid"]) == uid] == [
        "oxaliplatin, cycle 2"]
    assert not any("planned" in str(e["summary"]) for e in events)
