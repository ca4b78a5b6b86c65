"""Issue 12, "a trend and alert story a clinician can trust", through the CLI: the repros of the
issue's "Why" list and each numbered point (one baseline, level and direction, since the last
visit, two levels of alert, escalation, grade wording, after the course, reporter per value,
where carried forward, days not logged), then the edges. Today is 2026-11-25."""

import csv
import io
import json
from datetime import date, timedelta

TODAY = date(2026, 11, 25)


def ago(days: int) -> str:
    return (TODAY - timedelta(days=days)).isoformat()


def ok(result):
    assert result.exit_code == 0, (result.stdout, result.stderr)
    return result


def summary(cli, *args) -> dict:
    return json.loads(ok(cli("summary", "--json", *args)).stdout)


def stats(found: dict, key: str) -> dict:
    return next(s for s in found["symptoms"] if s["symptom"] == key)


def alerts(cli) -> list[dict]:
    return json.loads(ok(cli("alerts", "--all", "--json")).stdout)


# -- the "Why" list, exactly ----------------------------------------------------------------------
def test_a_new_symptom_reads_worsening_not_stable(cli):
    """numbness=1 daily for 10 days, then walking 1..6 on the next six days."""
    for n in range(16, 6, -1):
        ok(cli("log", "numbness=1", "--date", ago(n)))
    for value, n in zip(range(1, 7), range(6, 0, -1), strict=True):
        ok(cli("log", f"walking={value}", "--date", ago(n)))
    walking = stats(summary(cli), "walking")
    # baseline: the journal's first 7 days with entries, walking not named there: 0
    assert walking["baseline"] == 0.0
    assert walking["recent"] == 3.0  # 0 (not named on the 7th-last day) + 1..6, over 7 days
    assert (walking["change"], walking["trend"]) == (3.0, "worsening")
    text = ok(cli("summary")).stdout
    walking_row = next(line for line in text.splitlines() if line.startswith("walking"))
    assert "+3.0 points since journal start" in walking_row and "stable" not in walking_row


def test_recovery_reads_improving_next_to_its_level(cli):
    """Numbness fell from 7 to 4 over two weeks: above baseline, but improving."""
    ok(cli("treatment", "add", "oxaliplatin", "--date", ago(21)))
    for n in range(28, 21, -1):
        ok(cli("log", "numbness=0", "--date", ago(n)))
    week2 = [7, 7, 6, 6, 6, 6, 6]
    for n in range(21, 14, -1):
        ok(cli("log", "numbness=7", "--date", ago(n)))
    for value, n in zip(week2, range(14, 7, -1), strict=True):
        ok(cli("log", f"numbness={value}", "--date", ago(n)))
    for n in range(7, 0, -1):
        ok(cli("log", "numbness=4", "--date", ago(n)))
    found = summary(cli)
    numbness = stats(found, "numbness")
    assert found["baseline_basis"] == {"kind": "pre-treatment", "from": ago(28), "to": ago(22),
                                       "days": 7, "treatment": "before"}
    assert (numbness["baseline"], numbness["recent"], numbness["trend"]) == (
        0.0, 4.0, "worsening")
    assert numbness["previous"] == 44 / 7  # exact in JSON
    assert numbness["direction"] == "improving"
    text = ok(cli("summary")).stdout
    assert ("+4.0 points since before treatment (worsening); easing over the last 2 weeks"
            in " ".join(text.split()))
    assert "baseline: before treatment (Oct 28-Nov 3)" in text


def test_an_open_alert_does_not_silence_a_later_jump(cli):
    """Tingling 0 for 30 days, then 2 (a "worse" alert), 2 for a week, then 5."""
    for n in range(38, 8, -1):
        ok(cli("log", "tingling=0", "--date", ago(n)))
    ok(cli("log", "tingling=2", "--date", ago(8)))
    for n in range(7, 0, -1):
        ok(cli("log", "tingling=2", "--date", ago(n)))
    first = next(a for a in alerts(cli) if "worse" in a["rules"])  # new and worse: one alert
    result = ok(cli("log", "tingling=5"))
    later = next(a for a in alerts(cli) if a["rule"] == "worse" and a["date"] == ago(0))
    assert later["escalates"] == first["id"] and later["value"] == 5
    assert later["urgency"] == "soon"  # 3 points above last week's average
    assert f"(higher than alert #{first['id']}, still open)" in result.stderr
    # the same value again raises nothing more
    ok(cli("log", "tingling=5", "--date", ago(0), "--note", "same"))
    assert len([a for a in alerts(cli) if "worse" in a["rules"]]) == 2


def test_two_levels_of_alert_and_their_order(cli):
    """Tingling 1/10 is told at the next contact; numbness 8/10 is a call today."""
    for n in range(9, 2, -1):  # 7 days naming tingling only: the others count 0 (rule 3)
        ok(cli("log", "tingling=0", "--date", ago(n)))
    result = ok(cli("log", "numbness=8", "--date", ago(2)))
    assert "!! NOTIFY YOUR DOCTOR OR NURSE TODAY !!" in result.stderr
    assert "not monitored by anyone" in result.stderr
    ok(cli("log", "tingling=1", "--date", ago(1)))
    found = alerts(cli)
    assert [(a["subject"], a["rule"], a["urgency"]) for a in found] == [
        ("numbness", "new", "today"),  # today first (new, worse and severe: one alert)
        ("tingling", "new", "soon")]   # then the newest day
    listing = ok(cli("alerts")).stdout.splitlines()
    assert "today" in listing[0] and "soon" in listing[-1]
    soon = ok(cli("log", "pain=1"))
    assert ("!! NOTIFY YOUR DOCTOR OR NURSE WITHIN A FEW DAYS !!"
            in soon.stderr)
    assert "NOTIFY YOUR DOCTOR OR NURSE TODAY" not in soon.stderr


def test_urgency_of_each_rule(cli):
    ok(cli("log", "grip=1", "--date", ago(3)))
    ok(cli("log", "grip=1", "--date", ago(2)))
    ok(cli("log", "grip=5", "--date", ago(1)))  # 4 above last week's average: today
    ok(cli("log", "--limits", "everyday", "--date", ago(1)))
    ok(cli("log", "--limits", "selfcare"))
    ok(cli("log", "--falls", "1"))
    found = {(a["subject"], a["rule"]): a["urgency"] for a in alerts(cli)}
    assert found == {("grip", "worse"): "today",  # a first entry is not new (rule 3)
                     ("everyday", "function"): "soon", ("selfcare", "function"): "today",
                     ("fall", "function"): "today"}


def test_reporter_is_the_values_not_the_last_writer(cli):
    ok(cli("log", "grip=6", "--limits", "everyday", "--by", "caregiver", "--date", ago(1)))
    ok(cli("log", "numbness=3", "--date", ago(1)))  # the patient, later the same day
    rows = json.loads(ok(cli("history", "--json")).stdout)
    assert [(r["symptom"], r["reported_by"], r["facts_reported_by"]) for r in rows] == [
        ("numbness", "patient", "caregiver"), ("grip", "caregiver", "caregiver")]
    text = ok(cli("history")).stdout
    assert "grip=6 by caregiver" in text and "limits: everyday by caregiver" in text
    assert "numbness=3 by" not in text
    exported = ok(cli("export", "--format", "csv", "--since", "all")).stdout.lstrip("\ufeff")
    table = list(csv.DictReader(io.StringIO(exported)))
    assert [(r["symptom"], r["reported_by"]) for r in table] == [
        ("numbness", "patient"), ("grip", "caregiver")]


def test_where_carries_forward(cli, query):
    ok(cli("log", "numbness=3", "--where", "feet", "--date", ago(1)))
    result = ok(cli("log", "numbness=4", "tingling=2"))
    assert "numbness 4 (feet, as before)" in result.stderr
    assert "tingling 2." in result.stderr  # never placed: nothing to carry
    assert query("SELECT symptom, location FROM observations WHERE date = ? ORDER BY symptom",
                 (ago(0),)) == [("numbness", "feet"), ("tingling", None)]
    rows = json.loads(ok(cli("history", "--json")).stdout)
    assert [(r["symptom"], r["where"]) for r in rows if r["date"] == ago(0)] == [
        ("numbness", "feet"), ("tingling", None)]
    assert stats(summary(cli), "numbness")["where"] == "feet"
    ok(cli("log", "numbness=5", "--where", "hands"))
    assert stats(summary(cli), "numbness")["where"] == "hands"


def test_days_not_logged_counts_from_the_journals_first_day(cli):
    """The journal began 7 days into the 28-day window: "of 21", not "of 28"."""
    ok(cli("log", "numbness=1", "--date", ago(20)))
    ok(cli("log", "numbness=1", "--date", ago(10)))
    found = summary(cli)
    assert (found["days_missing"], found["days_counted"]) == (19, 21)
    assert "Days not logged: 19 of 21" in ok(cli("summary")).stdout


def test_after_the_course_is_not_a_cycle_day(cli):
    """Oxaliplatin every 14 days, cycle 12 on 2026-08-24: "cycle 12, day 43" is over."""
    last = date(2026, 8, 24)
    for number in range(12):
        ok(cli("treatment", "add", "oxaliplatin", "--date",
               (last - timedelta(days=14 * (11 - number))).isoformat()))
    ok(cli("log", "numbness=3", "--date", "2026-09-14"))
    ok(cli("log", "numbness=3", "--date", "2026-09-15"))
    ok(cli("log", "numbness=4", "--date", "2026-10-06"))
    # the last infusion + the last interval (14) + 7 days = 2026-09-14: still in cycle 12
    assert summary(cli, "--until", "2026-09-14")["cycle_context"] == "cycle 12, day 22"
    assert summary(cli, "--until", "2026-09-15")["cycle_context"] == (
        "22 days after the last infusion (oxaliplatin cycle 12, 2026-08-24)")
    assert summary(cli, "--until", "2026-10-06")["cycle_context"] == (
        "43 days after the last infusion (oxaliplatin cycle 12, 2026-08-24)")
    history = ok(cli("history", "--since", "2026-09-14", "--until", "2026-10-06")).stdout
    assert "cycle 12, day 22" in history
    assert "43 days after the last infusion (oxaliplatin cycle 12, 2026-08-24)" in history
    assert "day 43" not in history


def test_json_numbers_are_exact_in_cycles(cli):
    ok(cli("log", "numbness=1", "--date", ago(12)))
    ok(cli("log", "numbness=0", "--date", ago(11)))
    ok(cli("log", "numbness=0", "--date", ago(10)))
    ok(cli("treatment", "add", "oxaliplatin", "--date", ago(9)))
    ok(cli("log", "numbness=2", "--date", ago(2)))
    (cycle,) = json.loads(ok(cli("treatment", "list", "--cycles", "--json")).stdout)
    assert cycle["symptoms"][0]["baseline"] == 1 / 3  # not 0.33
    assert stats(summary(cli), "numbness")["baseline"] == 1 / 3


def test_since_the_last_visit(cli):
    for n in range(14, 7, -1):
        ok(cli("log", "numbness=2", "--date", ago(n)))
    ok(cli("visit", "add", ago(7)))
    for n in range(7, -1, -1):
        ok(cli("log", "numbness=5", "--date", ago(n)))
    numbness = stats(summary(cli), "numbness")
    assert numbness["since_visit"] == {"visit": ago(7), "before": 2.0, "change": 3.0}
    assert f"Since the last visit ({ago(7)}): numbness 5.0 (was 2.0, +3.0)" in ok(
        cli("summary")).stdout
    assert stats(summary(cli), "numbness")["since_visit"] is not None
    no_visit = stats(summary(cli, "--until", ago(8)), "numbness")
    assert no_visit["since_visit"] is None  # no visit on or before the window's end


# -- edges ----------------------------------------------------------------------------------------
def test_no_pre_treatment_entries_uses_the_first_week(cli):
    ok(cli("treatment", "add", "oxaliplatin", "--date", ago(20)))
    ok(cli("log", "numbness=1", "--date", ago(30)))  # more than 7 days before: not pre-treatment
    ok(cli("log", "numbness=3", "--date", ago(5)))
    found = summary(cli, "--since", "all")
    assert found["baseline_basis"] == {"kind": "first-week", "from": ago(30), "to": ago(5),
                                       "days": 2, "treatment": "during"}
    assert "baseline: journal start, during treatment (Oct 26-Nov 20)" in ok(
        cli("summary", "--since", "all")).stdout


def test_journal_starting_on_the_first_infusion_day(cli):
    ok(cli("treatment", "add", "oxaliplatin", "--date", ago(10)))
    ok(cli("log", "numbness=2", "--date", ago(10)))
    ok(cli("log", "numbness=4", "--date", ago(1)))
    found = summary(cli)
    assert found["baseline_basis"] == {"kind": "first-week", "from": ago(10), "to": ago(1),
                                       "days": 2, "treatment": "during"}
    assert stats(found, "numbness")["baseline"] == 3.0


def test_symptom_logged_only_before_treatment(cli):
    ok(cli("log", "pain=3", "numbness=1", "--date", ago(12)))
    ok(cli("treatment", "add", "oxaliplatin", "--date", ago(10)))
    ok(cli("log", "numbness=2", "--date", ago(3)))
    pain = stats(summary(cli, "--since", ago(5)), "pain")
    assert (pain["baseline"], pain["days"], pain["latest"]) == (3.0, 0, None)
    # rule 1 (issue 23 item 8): not named after a 3 is "not logged", never a recovery to 0
    assert (pain["recent"], pain["change"], pain["trend"]) == (None, None, None)
    assert pain["trend_words"] == f"not logged since {ago(12)} (last 3/10)"


def test_custom_symptom_added_later_has_a_zero_baseline(cli):
    for n in range(20, 13, -1):
        ok(cli("log", "numbness=1", "--date", ago(n)))
    ok(cli("symptoms", "add", "cramps", "--label", "Cramps"))
    ok(cli("log", "cramps=4", "--date", ago(2)))
    cramps = stats(summary(cli), "cramps")
    # not named on the journal's first 7 days with entries: 0 there
    assert (cramps["baseline"], cramps["recent"], cramps["trend"]) == (0.0, 4 / 7, "stable")


def test_visit_on_the_windows_last_day(cli):
    for n in range(10, 0, -1):
        ok(cli("log", "numbness=2", "--date", ago(n)))
    ok(cli("log", "numbness=6"))
    ok(cli("visit", "add", "today"))
    numbness = stats(summary(cli), "numbness")
    # recent includes the visit day; before: the 7 days with entries before it
    assert numbness["since_visit"] == {"visit": ago(0), "before": 2.0, "change": 4 / 7}


def test_no_alert_for_a_day_that_is_not_the_day_logged(cli):
    ok(cli("log", "numbness=2", "--date", ago(3)))
    ok(cli("log", "numbness=9", "--date", ago(1)))
    before = alerts(cli)
    ok(cli("log", "numbness=5", "--date", ago(2)))  # a backdated day between them
    # judged on its own day only (worse than the day before it); the later day that now has
    # a day before it is not judged again
    assert [a for a in alerts(cli) if a["date"] != ago(2)] == before
    assert [a["rule"] for a in alerts(cli) if a["date"] == ago(2)] == ["worse"]
    ok(cli("log", "tingling=3", "--date", ago(2)))
    assert {a["date"] for a in alerts(cli)} - {a["date"] for a in before} == {ago(2)}


def test_existing_alerts_get_an_urgency_at_migration(cli, db_path, query):
    """A version 2 journal's alerts get the urgency the rule gives when it is upgraded."""
    import sqlite3

    from helpers_released import released_schema

    from cipn_journal.store import migrations

    db_path.parent.mkdir()
    conn = sqlite3.connect(db_path, isolation_level=None)
    released_schema(conn, 2)
    conn.execute("INSERT INTO changes (recorded_at, command) VALUES ('2026-11-20T09:00:00+00:00',"
                 " 'log')")
    for subject, rule, value, reference in (
            ("bowel", "new", "1", None), ("numbness", "severe", "8", None),
            ("grip", "worse", "6", 1.5), ("grip", "worse", "4", 1.0),
            ("everyday", "function", "everyday", None), ("fall", "function", "1", None)):
        conn.execute(
            "INSERT INTO alerts (date, subject, rule, value, reference, message, raised_at, "
            "status, change_id) VALUES ('2026-11-20', ?, ?, ?, ?, 'm', "
            "'2026-11-20T09:00:00+00:00', 'open', 1)", (subject, rule, value, reference))
    conn.close()
    ok(cli("alerts"))
    assert query("PRAGMA user_version") == [(migrations.SCHEMA_VERSION,)]
    assert query("SELECT subject, rule, value, urgency, escalates FROM alerts ORDER BY id") == [
        ("bowel", "new", "1", "soon", None), ("numbness", "severe", "8", "today", None),
        ("grip", "worse", "6", "today", None), ("grip", "worse", "4", "soon", None),
        ("everyday", "function", "everyday", "soon", None),
        ("fall", "function", "1", "today", None)]


def test_export_words_alerts_for_the_clinician(cli):
    """Issue 14 item 19: third person, and no "for the first time in 4 weeks" on the journal's
    first day."""
    def on(n: int) -> dict:  # each day logged on that day (not back-dated: issue 22 rule 9)
        return {"CIPN_JOURNAL_TODAY": ago(n)}

    ok(cli("log", "numbness=2", "--limits", "everyday", "--date", ago(10), env=on(10)))
    ok(cli("log", "numbness=2", "--date", ago(9), env=on(9)))
    ok(cli("log", "numbness=2", "--date", ago(8), env=on(8)))
    ok(cli("log", "numbness=5", "--falls", "1", "--date", ago(7), env=on(7)))
    text = ok(cli("export", "--format", "md", "--since", "all")).stdout
    assert "Reported a fall; journal urgency: same day." in text  # issue 23 item 7
    assert ("Numbness 3 points above its recent average (5/10, average 2.0 over up to 7 days "
            "with a value in the previous 4 weeks); journal urgency: within days.") in text
    assert ("Symptoms limited everyday tasks (meals, shopping, the phone, money); journal "
            "urgency: within days.") in text
    assert "for the first time in 4 weeks" not in text
    assert "You reported" not in text and " your " not in text.split("alerts")[-1]
    # the stored message for the person does not claim 4 weeks either
    limits = next(a for a in alerts(cli) if a["subject"] == "everyday")
    assert "first time" not in limits["message"]
    fall = text.index("Reported a fall;")
    assert fall < text.index("Symptoms limited everyday tasks")  # "today" alerts first


# -- issue 16 item 3: alerts from the weekly answers ----------------------------------------------
def test_weekly_composite_grade_three_is_a_call_today(cli):
    result = ok(cli("weekly", "numbness.severity=severe", "numbness.interference=3"))
    assert "!! NOTIFY YOUR DOCTOR OR NURSE TODAY !!" in result.stderr
    assert "Numbness or tingling: weekly composite grade 3 today." in result.stderr
    (alert,) = alerts(cli)
    assert (alert["subject"], alert["rule"], alert["value"], alert["urgency"]) == (
        "numbness", "composite", 3, "today")


def test_weekly_composite_rise_is_soon_and_the_same_grade_is_quiet(cli):
    ok(cli("weekly", "pain.frequency=1", "pain.severity=1", "pain.interference=0",
           "--date", ago(7)))
    assert alerts(cli) == []  # a first answer of grade 1: nothing to compare with
    result = ok(cli("weekly", "pain.frequency=3", "pain.severity=2", "pain.interference=2"))
    assert "NOTIFY YOUR DOCTOR OR NURSE WITHIN A FEW DAYS" in result.stderr
    (alert,) = alerts(cli)
    assert (alert["rule"], alert["value"], alert["reference"], alert["urgency"]) == (
        "composite", 2, 1.0, "soon")


def test_extent_spreading_further_is_soon_from_weekly_and_log(cli):
    ok(cli("log", "numbness=3", "--extent", "feet=toes", "--date", ago(14)))
    assert [a for a in alerts(cli) if a["rule"] == "spread"] == []  # the first record
    result = ok(cli("weekly", "extent.feet=ankle", "--date", ago(7)))
    assert "Numbness or tingling in the feet now reaches the ankle" in result.stderr
    assert "(was the toes)" in result.stderr
    spread = [a for a in alerts(cli) if a["rule"] == "spread"]
    assert [(a["subject"], a["value"], a["urgency"]) for a in spread] == [("feet", 2, "soon")]
    same = ok(cli("log", "--extent", "feet=ankle"))
    assert "reaches" not in same.stderr
    higher = ok(cli("log", "--extent", "feet=knee"))
    assert "Numbness or tingling in the feet now reaches the knee today (was the ankle)." in (
        higher.stderr)
    spread = [a for a in alerts(cli) if a["rule"] == "spread"]
    assert spread[0]["escalates"] == spread[1]["id"]  # the open one is escalated


def test_weekly_alerts_are_undone_with_the_save(cli):
    ok(cli("weekly", "numbness.severity=severe", "numbness.interference=3"))
    ok(cli("undo"))
    assert [a["status"] for a in alerts(cli)] == ["undone"]
