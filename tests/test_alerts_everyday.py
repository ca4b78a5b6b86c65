"""Issue 22 rules 11-13: red flags (weakness, bladder, an extent rising fast or reaching above
the elbow or knee), constipation's own rule, and the weekly composite rise against the last 4
weekly records. Through the CLI against real journals; today is 2026-11-25 (a Wednesday)."""

import json

import pytest

from cipn_journal.domain import clinical


def alerts(cli) -> list[dict]:
    return json.loads(cli("alerts", "--all", "--json").stdout)


def run(cli, *args, input: str | None = None):
    result = cli(*args, input=input)
    assert result.exit_code == 0, result.stderr
    return result


def log(cli, *args, on: str = "today"):
    return run(cli, "log", *args, "--date", on)


def weekly(cli, *args, on: str = "today"):
    return run(cli, "weekly", *args, "--date", on)


def of_rule(cli, rule: str, day: str | None = None) -> list[tuple]:
    return [(a["subject"], a["value"], a["urgency"]) for a in alerts(cli)
            if a["rule"] == rule and (day is None or a["date"] == day)]


RED = "red-flag"


# -- rule 11: red flags ---------------------------------------------------------------------------
def test_a_first_entry_of_difficulty_urinating_is_a_red_flag_today(cli):
    """The issue's repro: it said "next contact"."""
    result = log(cli, "bladder=1")
    assert of_rule(cli, RED) == [("bladder", 1, "today")]
    assert clinical.RED_FLAG_WORDS in result.stderr
    assert "TODAY" in result.stderr


def test_a_red_flag_after_days_at_0_is_worded_once(cli):
    """Rule 14: weakness after 7 days at 0 meets new, worse and the red flag: one alert, one
    sentence (the red flag's words already say none was logged above 0 before)."""
    for back in range(1, 8):
        log(cli, "weakness=0", on=f"{back} days ago")
    result = log(cli, "weakness=2")
    [alert] = [a for a in alerts(cli) if a["subject"] == "weakness"]
    assert (alert["rule"], alert["urgency"]) == (RED, "today")
    assert set(alert["rules"]) == {"new", "worse", RED}
    assert alert["message"].count("2/10") == 1 and " is new " not in alert["message"]
    assert " ".join(result.stderr.split()).count(clinical.RED_FLAG_WORDS) == 1


@pytest.mark.parametrize("back,raised", [(27, False), (28, False), (29, True)])
def test_bladder_is_a_red_flag_only_the_first_time_in_28_days(cli, back, raised):
    log(cli, "bladder=2", on=f"{back} days ago")
    log(cli, "bladder=1")
    assert bool(of_rule(cli, RED, "2026-11-25")) is raised


def test_bladder_0_raises_nothing(cli):
    log(cli, "bladder=0", "numbness=1")
    assert of_rule(cli, RED) == []


def test_weakness_is_a_built_in_symptom_after_walking(cli):
    listed = [s["key"] for s in json.loads(run(cli, "symptoms", "--json").stdout)]
    assert listed[listed.index("walking") + 1] == "weakness"
    log(cli, "weak=2")  # the alias
    (flag,) = [a for a in alerts(cli) if a["rule"] == RED]
    assert (flag["subject"], flag["value"], flag["urgency"]) == ("weakness", 2, "today")
    assert flag["message"] == (
        "Weakness in the legs or arms is 2/10 on 2026-11-25 (none logged above 0 in the 4 weeks "
        f"before): {clinical.RED_FLAG_WORDS}.")


def test_the_check_in_asks_about_weakness_after_walking(cli, query):
    keys = [s["key"] for s in json.loads(run(cli, "symptoms", "--json").stdout)]
    answers = ["0"] * len(keys)
    answers[keys.index("weakness")] = "3"
    result = run(cli, "checkin", input="\n".join(answers) + "\n0\n0\n\n")
    prompts = result.stdout + result.stderr
    assert prompts.index("Tripping, trouble walking") < prompts.index("Weak legs or arms")
    assert query("SELECT severity FROM observations WHERE symptom = 'weakness'") == [(3,)]
    assert of_rule(cli, RED) == [("weakness", 3, "today")]


@pytest.mark.parametrize("back,raised", [(28, False), (29, True)])
def test_weakness_is_a_red_flag_the_first_time_in_28_days(cli, back, raised):
    log(cli, "weakness=1", on=f"{back} days ago")
    log(cli, "weakness=0", on=f"{back - 1} days ago")
    log(cli, "weakness=1")
    assert bool(of_rule(cli, RED, "2026-11-25")) is raised


def test_a_red_flag_raises_even_after_the_team_was_told_a_higher_value(cli):
    log(cli, "weakness=4", on="40 days ago")
    run(cli, "alerts", "ack", "--all-open", "--date", "39 days ago")
    log(cli, "weakness=0", on="38 days ago")
    log(cli, "weakness=2")
    assert of_rule(cli, RED, "2026-11-25") == [("weakness", 2, "today")]


def test_numbness_above_the_knee_on_a_first_weekly_answer_is_a_red_flag(cli):
    """The issue's repro: it raised nothing."""
    result = weekly(cli, "numbness.severity=2", "numbness.interference=1", "extent.feet=above")
    assert of_rule(cli, RED) == [("feet", 4, "today")]
    assert "above the knee" in result.stderr and clinical.RED_FLAG_WORDS in result.stderr


@pytest.mark.parametrize("level,raised", [("elbow", False), ("above", True)])
def test_above_the_elbow_from_log_extent_is_a_red_flag(cli, level, raised):
    log(cli, "numbness=3", "--extent", f"hands={level}")
    assert bool(of_rule(cli, RED)) is raised


def test_above_is_a_red_flag_only_the_first_time(cli):
    log(cli, "--extent", "feet=above", on="20 days ago")
    run(cli, "alerts", "ack", "--all-open", "--date", "20 days ago")
    log(cli, "--extent", "feet=knee", on="10 days ago")
    log(cli, "--extent", "feet=above")
    assert of_rule(cli, RED, "2026-11-25") == []


@pytest.mark.parametrize("back,level,raised", [
    (7, "knee", True),    # toes -> knee: 2 levels within 7 days
    (8, "knee", False),   # 8 days: not within 7 days (a spread, soon)
    (7, "ankle", False),  # 1 level
])
def test_an_extent_rising_2_levels_within_7_days_is_a_red_flag(cli, back, level, raised):
    weekly(cli, "numbness.severity=1", "numbness.interference=0", "extent.feet=toes",
           on=f"{back} days ago")
    weekly(cli, "numbness.severity=3", "numbness.interference=1", f"extent.feet={level}")
    flags = of_rule(cli, RED, "2026-11-25")
    assert bool(flags) is raised
    if raised:
        assert flags == [("feet", 3, "today")]
    assert of_rule(cli, "spread", "2026-11-25")  # a spread in each case


def test_the_same_extent_again_is_no_second_red_flag(cli):
    log(cli, "--extent", "feet=toes", on="3 days ago")
    log(cli, "--extent", "feet=knee", on="2 days ago")
    run(cli, "alerts", "ack", "--all-open")
    log(cli, "--extent", "feet=knee")
    assert [a["date"] for a in alerts(cli) if a["rule"] == RED] == ["2026-11-23"]


# -- rule 12: constipation ------------------------------------------------------------------------
def test_constipation_after_every_cycle_raises_no_new_or_worse(cli):
    """The issue's repro: constipation 4-5 for 2 days after each cycle raised `worse` each
    time. Now only 3 days with a value at 4 or more alert."""
    for cycle in range(3):
        start = 60 - 14 * cycle
        for day in range(14):
            value = 5 if day in (1, 2) else 0
            log(cli, f"constipation={value}", on=f"{start - day} days ago")
    assert [a for a in alerts(cli) if a["subject"] == "bowel"] == []


@pytest.mark.parametrize("values,expected", [
    ((3, 4, 4), []),
    ((4, 4, 3), []),
    ((4, 4, 4), [("bowel", 4, "soon")]),
    ((5, 6, 4), [("bowel", 4, "soon")]),
])
def test_constipation_4_or_more_on_3_consecutive_days_with_a_value_is_soon(cli, values,
                                                                          expected):
    for back, value in zip((4, 2, 0), values, strict=True):  # days between: not logged
        log(cli, f"bowel={value}", "numbness=1", on=f"{back} days ago")
        if back:
            log(cli, "numbness=1", on=f"{back - 1} days ago")
    assert of_rule(cli, "constipation") == expected
    assert [a for a in alerts(cli) if a["rule"] in ("new", "worse")
            and a["subject"] == "bowel"] == []


@pytest.mark.parametrize("value,urgency", [(6, None), (7, "today")])
def test_constipation_7_or_more_is_today(cli, value, urgency):
    log(cli, f"bowel={value}")
    found = [a["urgency"] for a in alerts(cli) if a["subject"] == "bowel"]
    assert found == ([urgency] if urgency else [])


@pytest.mark.parametrize("history,grade,raised", [
    ((), 2, True),                 # the first weekly record
    ((1, 1, 1, 1), 2, True),
    ((2, 1, 1, 1), 2, False),      # 2 in the previous 4
    ((2, 1, 1, 1, 1), 2, True),    # 2 five records back: not in the previous 4
    ((0, 0), 1, False),
])
def test_a_weekly_constipation_grade_2_the_first_time_in_4_records_is_soon(cli, history,
                                                                          grade, raised):
    for n, old in enumerate(history):
        weekly(cli, f"constipation.severity={old}", on=f"{7 * (len(history) - n)} days ago")
    if history:
        run(cli, "alerts", "ack", "--all-open")
    weekly(cli, f"constipation.severity={grade}")
    found = [(a["subject"], a["value"], a["urgency"]) for a in alerts(cli)
             if a["date"] == "2026-11-25"]
    assert found == ([("constipation", grade, "soon")] if raised else [])


# -- rule 13: the weekly composite rise -----------------------------------------------------------
NUMBNESS = {0: ("numbness.severity=0",),
            1: ("numbness.severity=1", "numbness.interference=0"),
            2: ("numbness.severity=2", "numbness.interference=2")}


def test_grades_wobbling_0_and_1_raise_nothing(cli):
    """The issue's repro: each 0 -> 1 raised a "rise"."""
    for n, grade in enumerate((0, 1, 0, 1, 0, 1)):
        weekly(cli, *NUMBNESS[grade], on=f"{7 * (5 - n)} days ago")
    assert of_rule(cli, "composite") == []


@pytest.mark.parametrize("history,grade,raised", [
    ((0, 1, 1, 1), 2, True),      # above the highest of the previous 4 (1)
    ((2, 1, 1, 1), 2, False),     # not above it
    ((2, 1, 1, 1, 1), 2, True),   # the 2 is 5 records back
    ((0, 0, 0, 0), 1, False),     # never for 0 -> 1
    ((0, 0, 0, 0), 2, True),
])
def test_the_composite_rise_is_against_the_highest_of_the_last_4_records(cli, history, grade,
                                                                        raised):
    for n, old in enumerate(history):
        weekly(cli, *NUMBNESS[old], on=f"{7 * (len(history) - n)} days ago")
    run(cli, "alerts", "ack", "--all-open")
    weekly(cli, *NUMBNESS[grade])
    assert bool(of_rule(cli, "composite", "2026-11-25")) is raised


# -- m009_weakness: a symptom of one's own called weakness, from before it was built in ----------
def _journal_with_own_weakness(cli, db_path, *, also_own: bool = False):
    """A journal as the version before m009 left it: a custom symptom `weakness` with values
    (one relogged: a copy in observation_history), an alert and undo records. Made through the
    app under another key, then renamed in SQL, and m009 marked not applied."""
    import sqlite3

    from cipn_journal.store import migrations

    run(cli, "symptoms", "add", "weakx", "--label", "Tired and weak")
    if also_own:
        run(cli, "symptoms", "add", "weakness-own", "--label", "Weak grip")
    log(cli, "weakx=3", on="yesterday")
    log(cli, "weakx=8", on="yesterday")  # severe: an alert (a young journal's values are not new)
    log(cli, "weakx=2", "numbness=1")
    conn = sqlite3.connect(db_path, isolation_level=None)
    for table, column in (("custom_symptoms", "key"), ("observations", "symptom"),
                          ("observation_history", "symptom"), ("alerts", "subject")):
        conn.execute(f"UPDATE {table} SET {column} = 'weakness' WHERE {column} = 'weakx'")
    conn.execute("UPDATE change_items SET data = replace(data, '\"weakx\"', '\"weakness\"')")
    conn.execute("DELETE FROM migrations WHERE name = 'm009_weakness'")
    conn.execute(f"PRAGMA user_version = {migrations.SCHEMA_VERSION - 1}")
    conn.close()


def test_an_own_weakness_symptom_keeps_its_values_under_its_own_key(cli, db_path, query):
    _journal_with_own_weakness(cli, db_path)
    listed = json.loads(run(cli, "symptoms", "--json").stdout)
    assert [(s["key"], s["label"]) for s in listed if "weak" in s["key"]] == [
        ("weakness", "Weak legs or arms, legs giving way"), ("weakness-own", "Tired and weak")]
    assert query("SELECT date, symptom, severity FROM observations WHERE symptom LIKE 'weak%' "
                 "ORDER BY date") == [("2026-11-24", "weakness-own", 8),
                                      ("2026-11-25", "weakness-own", 2)]
    assert query("SELECT symptom, severity FROM observation_history") == [("weakness-own", 3)]
    assert {s for (s,) in query("SELECT subject FROM alerts")} == {"weakness-own"}
    assert query("SELECT COUNT(*) FROM change_items WHERE data LIKE '%\"weakness\"%'") == [(0,)]
    # undo still finds what it reverts: today's log, then yesterday's relog
    run(cli, "undo")
    run(cli, "undo")
    assert query("SELECT date, symptom, severity FROM observations") == [
        ("2026-11-24", "weakness-own", 3)]
    # the built-in symptom starts empty: its first value is a red flag
    log(cli, "weakness=1")
    assert of_rule(cli, RED) == [("weakness", 1, "today")]


def test_an_own_weakness_with_weakness_own_taken_gets_its_id(cli, db_path, query):
    _journal_with_own_weakness(cli, db_path, also_own=True)
    run(cli, "history")
    assert query("SELECT id, key FROM custom_symptoms ORDER BY id") == [
        (1, "weakness-own-1"), (2, "weakness-own")]
    assert {s for (s,) in query("SELECT symptom FROM observations")} == {
        "weakness-own-1", "numbness"}


def test_a_journal_without_an_own_weakness_is_unchanged_by_m009(cli, db_path, query):
    log(cli, "numbness=2", "bladder=1")
    before = query("SELECT * FROM observations"), query("SELECT * FROM alerts")
    import sqlite3

    from cipn_journal.store import migrations

    conn = sqlite3.connect(db_path, isolation_level=None)
    conn.execute("DELETE FROM migrations WHERE name = 'm009_weakness'")
    conn.execute(f"PRAGMA user_version = {migrations.SCHEMA_VERSION - 1}")
    conn.close()
    run(cli, "history")
    assert (query("SELECT * FROM observations"), query("SELECT * FROM alerts")) == before
    assert query("SELECT name FROM migrations WHERE name = 'm009_weakness'") == [
        ("m009_weakness",)]
