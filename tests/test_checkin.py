"""`cipn checkin` driven with scripted input (stdin is not a terminal under CliRunner)."""

from cipn_journal.domain.symptoms import BUILTIN

N = len(BUILTIN)


def test_full_checkin_stores_everything_in_one_change(cli, query):
    answers = ["3", "2", "", "s", "1", "0", "0", "0", "0", "2", "0", "1", "0", "fine day"]
    result = cli("checkin", input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert f"1/{N} Numbness" in result.stderr  # questions go to stderr when piped
    assert sorted(query("SELECT symptom, severity FROM observations")) == sorted([
        ("numbness", 3), ("tingling", 2), ("cold", 1), ("balance", 0),
        ("grip", 0), ("walking", 0), ("weakness", 0), ("bowel", 2), ("bladder", 0)])
    assert query("SELECT limits, falls FROM days") == [("everyday", 0)]
    assert query("SELECT text FROM notes") == [("fine day",)]
    assert query("SELECT command FROM changes") == [("checkin",)]


def test_enter_keeps_only_yesterdays_or_todays_value_and_says_its_day(cli, query):
    cli("log", "numbness=4", "pain=2", "--date", "yesterday")
    cli("log", "cold=3", "--date", "4 days ago")
    result = cli("checkin", input="\n" * N + "\n\n\n")
    assert result.exit_code == 0, result.stderr
    assert "feet? [0-10, Enter=4 from yesterday, Tue 24 Nov]" in result.stderr
    # A value from four days ago is not offered: Enter skips.
    assert "fridge)? [0-10, Enter=skip]" in result.stderr
    values = dict(query("SELECT symptom, severity FROM observations WHERE date = '2026-11-25'"))
    assert values == {"numbness": 4, "pain": 2}


def test_enter_keeps_todays_value_when_checking_in_again(cli, query):
    cli("log", "tingling=5")
    result = cli("checkin", input="\n" * N + "\n\n\n")
    assert result.exit_code == 0, result.stderr
    assert "[0-10, Enter=5 from today]" in result.stderr
    assert query("SELECT symptom, severity FROM observations") == [("tingling", 5)]


def test_q_stops_early_and_keeps_answers(cli, query):
    result = cli("checkin", input="5\n3\nq\n")
    assert result.exit_code == 0
    assert sorted(query("SELECT symptom, severity FROM observations")) == [
        ("numbness", 5), ("tingling", 3)]
    assert query("SELECT COUNT(*) FROM days WHERE limits IS NOT NULL") == [(0,)]


def test_end_of_input_acts_like_q(cli, query):
    result = cli("checkin", input="6\n")
    assert result.exit_code == 0
    assert query("SELECT symptom, severity FROM observations") == [("numbness", 6)]


def test_nothing_answered_writes_nothing(cli, db_path):
    result = cli("checkin", input="q\n")
    assert result.exit_code == 0
    assert "nothing was logged" in result.stderr
    assert not db_path.exists()


def test_invalid_answer_when_scripted_is_exit_2_and_nothing_written(cli, db_path):
    result = cli("checkin", input="3\n12\n")
    assert result.exit_code == 2
    assert "'12'" in result.stderr and "0 (none) to 10" in result.stderr
    assert not db_path.exists()


def test_checkin_for_another_day_and_alerts(cli, query):
    result = cli("checkin", "--date", "yesterday", input="8\nq\n")
    assert result.exit_code == 0
    assert "NOTIFY YOUR DOCTOR OR NURSE TODAY" in result.stderr  # 8/10: severe
    assert "not monitored" in result.stderr
    assert query("SELECT date FROM observations") == [("2026-11-24",)]


def test_custom_symptoms_are_asked_after_builtins(cli, query):
    cli("symptoms", "add", "cramps", "--label", "Muscle cramps")
    result = cli("checkin", input="s\n" * N + "4\n0\n0\n\n")
    assert result.exit_code == 0
    assert f"{N + 1}/{N + 1} Muscle cramps" in result.stderr
    assert query("SELECT symptom, severity FROM observations") == [("cramps", 4)]


# -- the weekly questions' reminder (issue 16 item 5) -----------------------------------------
def test_checkin_ends_with_the_weekly_reminder_when_due(cli, query):
    assert cli("weekly", "numbness.severity=2", "numbness.interference=1",
               "--date", "8 days ago").exit_code == 0
    result = cli("checkin", input="1\n" * N + "0\n0\n\n")
    assert result.exit_code == 0, result.stderr
    assert result.stderr.rstrip("\n").splitlines()[-1] == (
        "It has been 8 days since your weekly questions: cipn weekly")
    assert query("SELECT COUNT(*) FROM observations WHERE date = '2026-11-25'") == [(N,)]
    assert cli("weekly", "numbness.severity=0").exit_code == 0
    result = cli("checkin", input="2\n" * N + "0\n0\n\n")
    assert result.exit_code == 0 and "weekly questions" not in result.stderr


def test_checkin_never_reminds_on_the_first_day_and_asks_after_a_week(cli):
    result = cli("checkin", input="1\n" * N + "0\n0\n\n")
    assert result.exit_code == 0 and "weekly" not in result.stderr
    assert cli("log", "numbness=1", "--date", "7 days ago").exit_code == 0
    result = cli("checkin", input="1\n" * N + "0\n0\n\n")
    assert result.exit_code == 0
    assert result.stderr.rstrip("\n").splitlines()[-1] == (
        "Answer the weekly questions: cipn weekly")
