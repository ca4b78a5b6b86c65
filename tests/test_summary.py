"""`cipn summary`: hand-computed numbers on a small known journal (gaps, replaced values, a
custom symptom) in JSON and plain text, the Rich table, the edge cases, the query plan of the
window read, and the light import set of the piped command."""

import json
import re
import subprocess
import sys
from datetime import date, timedelta

import pytest

from cipn_journal.reports import summary as report

# Today is 2026-11-25, so the default window is 2026-10-29 .. 2026-11-25 (28 days).
WINDOW = [(date(2026, 10, 29) + timedelta(days=n)).isoformat() for n in range(28)]


@pytest.fixture
def known(cli):
    """The journal the numbers below were computed from by hand.

    Before the window (baselines): numbness 2 1 2 1 0 2 0 on Oct 1-7 (Oct 1 first logged 1, then
    replaced by 2), tingling 3 3 4 3 3 4 4, pain 3 on Oct 5, burning 2 on Oct 10, and numbness 3
    on Oct 10 (the 8th value: not part of the baseline).
    In the window: numbness 2 5 3 6 5 6 4 5 on Nov 10 12 15 18 20 22 24 25 (Nov 12 logged 4,
    then replaced by 5); tingling 1 0 on Nov 10 and 18; burning 0 on Nov 10; cramps (custom)
    2 4 0 on Nov 20 22 24; bladder 0 on Nov 25 (never above 0: not shown). Limits everyday on
    Nov 15, self-care on Nov 24, none on Nov 25; falls 2 on Nov 14 (a day with only a note and
    falls) and 1 on Nov 18.
    """
    assert cli("symptoms", "add", "cramps", "--label", "Cramps").exit_code == 0
    numbness = [1, 1, 2, 1, 0, 2, 0]
    tingling = [3, 3, 4, 3, 3, 4, 4]
    for n in range(7):
        args = [f"numbness={numbness[n]}", f"tingling={tingling[n]}"]
        if n == 4:
            args.append("pain=3")
        cli("log", *args, "--date", f"2026-10-0{n + 1}")
    cli("log", "numbness=2", "--date", "2026-10-01")  # replaces 1
    cli("log", "numbness=3", "burning=2", "--date", "2026-10-10")
    logs = [
        ("2026-11-10", "numbness=2", "tingling=1", "burning=0"),
        ("2026-11-12", "numbness=4"),
        ("2026-11-12", "numbness=5"),  # replaces 4
        ("2026-11-14", "--note", "tired, stayed in", "--falls", "2"),
        ("2026-11-15", "numbness=3", "--limits", "everyday"),
        ("2026-11-18", "numbness=6", "tingling=0", "--falls", "1"),
        ("2026-11-20", "numbness=5", "cramps=2"),
        ("2026-11-22", "numbness=6", "cramps=4"),
        ("2026-11-24", "numbness=4", "cramps=0", "--limits", "selfcare"),
        ("2026-11-25", "numbness=5", "bladder=0", "--limits", "none"),
    ]
    for day, *args in logs:
        assert cli("log", *args, "--date", day).exit_code == 0
    return cli


def daily(values: dict[str, int]) -> dict[str, int | None]:
    return {day: values.get(day) for day in WINDOW}


def test_json_numbers_by_hand(known):
    result = known("summary", "--json")
    assert result.exit_code == 0
    found = json.loads(result.stdout)
    assert found["from"] == "2026-10-29" and found["to"] == "2026-11-25"
    symptoms = {s["symptom"]: s for s in found["symptoms"]}
    assert [s["symptom"] for s in found["symptoms"]] == [
        "numbness", "tingling", "burning", "pain", "cramps"]  # clinical order, custom last
    assert symptoms["numbness"] == {
        "symptom": "numbness", "label": "Numbness, loss of feeling",
        "days": 8, "latest": 5, "latest_date": "2026-11-25",
        "mean": 36 / 8, "peak": 6, "peak_date": "2026-11-22",  # tied with Nov 18
        "baseline": 8 / 7, "recent": 34 / 7, "change": 26 / 7, "trend": "worsening",
        "daily": daily({"2026-11-10": 2, "2026-11-12": 5, "2026-11-15": 3, "2026-11-18": 6,
                        "2026-11-20": 5, "2026-11-22": 6, "2026-11-24": 4, "2026-11-25": 5}),
        # the 7 days with values before Nov 12: Oct 3-7, Oct 10, Nov 10 (2 1 0 2 0 3 2)
        "previous": 10 / 7, "direction": "worsening", "since_visit": None, "where": None,
        "trend_words": "+3.7 points since journal start (worsening); rising over the last 2 weeks",
    }
    assert symptoms["tingling"] | {"daily": None} == {
        "symptom": "tingling", "label": "Tingling, pins and needles",
        "days": 2, "latest": 0, "latest_date": "2026-11-18",
        # rule 1 (issue 22): not named on Nov 12 and 15 after the 1 of Nov 10: not logged
        # there; 0 on the days after the 0 of Nov 18
        "mean": 1 / 6, "peak": 1, "peak_date": "2026-11-10",
        "baseline": 24 / 7, "recent": 0.0, "change": -24 / 7, "trend": "improving",
        # Oct 3-7 and Nov 10 (4 3 3 4 4 1); Oct 10 not logged (after a 4)
        "daily": None, "previous": 19 / 6, "direction": "improving", "since_visit": None,
        "where": None,
        "trend_words": "-3.4 points since journal start (improving); easing over the last 2 weeks",
    }
    # burning: above 0 only before the window (Oct 10), not named in the baseline week
    assert symptoms["burning"] | {"daily": None} == {
        "symptom": "burning", "label": "Burning", "days": 1, "latest": 0,
        "latest_date": "2026-11-10", "mean": 0.0, "peak": 0, "peak_date": "2026-11-10",
        "baseline": 0.0, "recent": 0.0, "change": 0.0, "trend": "stable", "daily": None,
        "previous": 2 / 7, "direction": "stable", "since_visit": None, "where": None,
        "trend_words": "same as at journal start (stable); steady over the last 2 weeks",
    }
    # pain: 3 on Oct 5 and never named again: not logged since (rule 1), never "recovered"
    assert symptoms["pain"] == {
        "symptom": "pain", "label": "Shooting or stabbing pain", "days": 0, "latest": None,
        "latest_date": None, "mean": None, "peak": None, "peak_date": None,
        "baseline": 3 / 7, "recent": None, "change": None, "trend": None,
        "daily": daily({}), "previous": None, "direction": None, "since_visit": None,
        "where": None, "trend_words": "not logged since 2026-10-05 (last 3/10)",
    }
    assert symptoms["cramps"] | {"daily": None} == {
        "symptom": "cramps", "label": "Cramps", "days": 3, "latest": 0,
        "latest_date": "2026-11-24", "mean": 6 / 8, "peak": 4, "peak_date": "2026-11-22",
        "baseline": 0.0, "recent": 6 / 7, "change": 6 / 7, "trend": "stable", "daily": None,
        "previous": 0.0, "direction": "stable", "since_visit": None, "where": None,
        "trend_words": "+0.9 points since journal start (stable); steady over the last 2 weeks",
    }
    assert found["baseline_basis"] == {"kind": "first-week", "from": "2026-10-01",
                                       "to": "2026-10-07", "days": 7, "treatment": None}
    assert symptoms["cramps"]["daily"]["2026-11-23"] is None
    assert symptoms["cramps"]["daily"]["2026-11-24"] == 0
    assert found["grade_latest"] == {
        "grade": 1, "date": "2026-11-25", "wording": "Mild symptoms",
        "basis": "symptoms, no limits on activities reported",
        "label": "patient-reported estimate", "source": "NCI CTCAE v5.0", "term": "Paresthesia",
        "highest": 5}
    assert found["grade_peak"]["term"] == "Peripheral sensory neuropathy"
    assert found["grade_peak"]["grade"] == 3
    assert found["grade_peak"]["date"] == "2026-11-24"
    assert found["grade_peak"]["wording"] == "Severe symptoms; limiting self care ADL"
    assert found["falls"] == 3
    # logged: Nov 10 12 14 15 18 20 22 24 25 -> 28 - 9
    assert found["days_missing"] == 19
    assert found["limits"] == [{"date": "2026-11-15", "limits": "everyday"},
                               {"date": "2026-11-24", "limits": "selfcare"}]
    subjects = {(a["subject"], a["rule"]) for a in found["alerts"]}
    assert ("selfcare", "function") in subjects and ("fall", "function") in subjects
    assert all(a["status"] == "open" for a in found["alerts"])
    assert list(found) == ["from", "to", "symptoms", "grade_latest", "grade_peak", "falls",
                           "days_missing", "limits", "alerts", "baseline_basis",
                           "days_counted", "grade_not_recorded", "grade_disagreement",
                           "treatment", "cycle_context",
                           "cumulative_doses", "coasting", "cycles", "meds", "weekly",
                           "extent_days", "next_infusion"]


def cells(line: str) -> list[str]:
    return re.split(r"\s{2,}", line.strip())


def test_plain_text_by_hand(known):
    result = known("summary")
    assert result.exit_code == 0
    assert result.stderr == ""
    text = result.stdout
    assert "\x1b[" not in text
    lines = text.splitlines()
    # Open alerts come first.
    assert lines[0] == "=" * 72 and lines[1] == "!! NOTIFY YOUR DOCTOR OR NURSE TODAY !!"
    assert "This journal is not monitored by anyone" in text.split("=" * 72 + "\n\n")[0]
    top = lines.index("How each symptom is moving: 2026-10-29 to 2026-11-25 (28 days)")
    assert cells(lines[top + 2]) == ["symptom", "days", "latest", "peak", "mean", "baseline",
                                     "recent", "change", "level, direction"]
    assert [cells(line) for line in lines[top + 3:top + 8]] == [
        ["numbness", "8", "5 moderate", "6 moderate (Nov 22)", "4.5", "1.1", "4.9", "+3.7",
         "+3.7 points since journal start (worsening); rising over the last 2 weeks"],
        # rule 1: not named on Nov 12-15 after a 1 ("not logged"), 0 after the 0 of Nov 18
        ["tingling", "2", "0 none (Nov 18)", "1 mild (Nov 10)", "0.2", "3.4", "0.0", "-3.4",
         "-3.4 points since journal start (improving); easing over the last 2 weeks"],
        ["burning", "1", "0 none (Nov 10)", "0 none (Nov 10)", "0.0", "0.0", "0.0", "0.0",
         "same as at journal start (stable); steady over the last 2 weeks"],
        ["pain", "0", "not logged", "not logged", "-", "0.4", "-", "-",
         "not logged since 2026-10-05 (last 3/10)"],
        ["cramps", "3", "0 none (Nov 24)", "4 moderate (Nov 22)", "0.8", "0.0", "0.9", "+0.9",
         "+0.9 points since journal start (stable); steady over the last 2 weeks"],
    ]
    assert "baseline: journal start (Oct 1-7), 7 days with entries." in lines
    spark = lines.index("Day by day, one mark a day")
    assert lines[spark + 1] == "numbness  " + " " * 12 + "▂ ▄  ▃  ▅ ▄ ▅ ▄▄"
    assert lines[spark + 2] == "tingling  " + " " * 12 + "▁       ·"
    assert lines[spark + 3] == "burning   " + " " * 12 + "·"
    assert lines[spark + 4] == "pain"
    assert lines[spark + 5] == "cramps    " + " " * 22 + "▂ ▄ ·"
    assert lines[spark + 6] == " " * 10 + "Oct 29" + " " * 16 + "Nov 25"
    assert "bladder" not in text  # never above 0
    grade = lines.index("Grade (patient-reported estimate, not a clinical grade; wording from "
                        "NCI CTCAE v5.0):")
    assert lines[grade + 1:grade + 5] == [
        "  latest day, Nov 25: grade 1 (symptoms, no limits on activities reported); highest "
        "severity that day 5/10",
        "    CTCAE v5.0 wording: Mild symptoms",
        "  highest, Nov 24: grade 3 (symptoms limited self-care (washing, dressing, eating, the "
        "toilet, taking medicines)); highest severity that day 4/10",
        "    CTCAE v5.0 wording: Severe symptoms; limiting self care ADL",
    ]
    assert "Falls: 3 (Nov 14, Nov 18)" in lines
    assert ("Limits reported: everyday tasks on 1 day (Nov 15); self-care on 1 day (Nov 24)"
            in lines)
    assert ("Days not logged: 19 of 28 (Oct 29, Oct 30, Oct 31, Nov 1, Nov 2, Nov 3, Nov 4 "
            "and 12 more)") in lines
    assert any(line.startswith("baseline: mean of the 7 days before the first infusion")
               for line in lines)


def test_rich_table_on_a_terminal(known, monkeypatch):
    from cipn_journal import output

    monkeypatch.setattr(output, "use_rich", lambda stream=None: True)
    wide = known("summary", env={"COLUMNS": "240"})
    assert wide.exit_code == 0
    assert "Notify your doctor or nurse today" in wide.stdout  # the alert panel's title
    row = next(line for line in wide.stdout.splitlines() if line.startswith("numbness"))
    assert cells(row)[:9] == ["numbness", "8", "5 moderate", "6 moderate (Nov 22)", "4.5",
                              "1.1", "4.9", "+3.7", "+3.7 points since journal start "
                              "(worsening); rising over the last 2 weeks"]
    assert "▂ ▄  ▃  ▅ ▄ ▅ ▄▄" in row  # the sparkline column
    narrow = known("summary", env={"COLUMNS": "80"})
    assert max(len(line) for line in narrow.stdout.splitlines()) <= 80
    lines = narrow.stdout.splitlines()
    row = lines.index(next(line for line in lines if line.startswith("numbness")))
    # the mean is left out first to fit (level and direction under the change take room)
    assert cells(lines[row])[:7] == ["numbness", "8", "5 moderate", "6 moderate", "1.1",
                                     "4.9", "+3.7"]
    assert cells(lines[row + 1]) == ["Nov 22", "worsening; rising"]  # level, direction
    assert any(line.startswith("numbness  " + " " * 12 + "▂ ▄") for line in lines)


def test_summary_reads_use_the_date_and_symptom_indexes(known, db_path):
    from cipn_journal.reports.window import Window
    from cipn_journal.store.connection import Store

    statements: list[str] = []
    with Store.open(db_path, create=False) as store:
        store.conn.set_trace_callback(statements.append)
        report.build(store, Window(date(2026, 10, 29), date(2026, 11, 25)),
                     today=date(2026, 11, 25))
        store.conn.set_trace_callback(None)
        plans = {sql: [row[3] for row in store.conn.execute(
            "EXPLAIN QUERY PLAN " + sql, [None] * sql.count("?"))]
            for sql in statements if sql.lstrip().upper().startswith("SELECT")}
    steps = [step for plan in plans.values() for step in plan]
    assert any("INDEX observations_by_date" in step for step in steps), plans
    assert any("INDEX days_by_date" in step for step in steps), plans
    assert any("observations_by_symptom" in step for step in steps), plans
    scans = {sql: plan for sql, plan in plans.items()
             if any(re.match(r"SCAN (observations|days)\b", step) for step in plan)}
    assert not scans  # no table scan of the journal's big tables


def test_a_symptoms_last_place_is_one_seek_not_a_read_of_its_history(cli, db_path):
    """The summary (and `log` without --where) looks up each symptom's last known place. For a
    symptom never given one (grip, balance, walking...) that read back through every value of
    the symptom: 3,500 on a ten-year journal, 25 ms for the summary's ten symptoms (2026-12-03).
    The values with a place have an index of their own (migration m011_places)."""
    from cipn_journal.reports.window import Window
    from cipn_journal.store.connection import Store

    for n in range(30):
        cli("log", "grip=2", "tingling=3", "--date", f"{n + 1} days ago")
    cli("log", "tingling=3", "--where", "feet", "--date", "31 days ago")
    statements: list[str] = []
    with Store.open(db_path, create=False) as store:
        store.conn.set_trace_callback(statements.append)
        found = report.build(store, Window(date(2026, 10, 29), date(2026, 11, 25)),
                             today=date(2026, 11, 25))
        store.conn.set_trace_callback(None)
        places = [sql for sql in statements if "location IS NOT NULL" in sql]
        plans = [" | ".join(row[3] for row in store.conn.execute(
            "EXPLAIN QUERY PLAN " + sql)) for sql in places]
    assert places and all("USING INDEX observations_places" in plan for plan in plans), plans
    where = {s.key: s.where for s in found.symptoms}
    assert where["tingling"] == "feet" and where["grip"] is None


def test_no_journal_creates_nothing(cli, db_path):
    for args in (("summary",), ("summary", "--json")):
        result = cli(*args)
        assert (result.exit_code, result.stdout) == (1, "")
        assert result.stderr.startswith(f"Error: No journal at {db_path}: nothing was read")
    assert not db_path.exists() and not db_path.parent.exists()
    assert cli("ask", "Why?").exit_code == 0  # a journal with nothing logged
    result = cli("summary")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert "Nothing is logged yet" in result.stderr
    found = json.loads(cli("summary", "--json").stdout)
    assert found["symptoms"] == [] and found["alerts"] == []
    assert found["from"] == "2026-10-29" and found["grade_latest"] is None
    assert found["days_missing"] == 0 and found["falls"] == 0


def test_window_without_data_is_a_sentence(cli):
    cli("log", "numbness=2", "--date", "2026-01-10")
    cli("log", "numbness=4", "--date", "2026-01-12")  # worse (a first entry is never new)
    result = cli("summary")
    assert result.exit_code == 0
    # the alert raised in January stays open, so it is still shown
    assert "NOTIFY YOUR DOCTOR OR NURSE WITHIN A FEW DAYS" in result.stdout
    assert "numbness" not in result.stdout.split("=" * 72)[-1]
    assert result.stderr.strip() == (
        "Nothing logged from 2026-10-29 to 2026-11-25. The journal has entries from "
        "2026-01-10 to 2026-01-12: try cipn summary --since all.")
    found = json.loads(cli("summary", "--json").stdout)
    assert found["symptoms"] == [] and found["grade_latest"] is None
    assert len(found["alerts"]) == 1
    assert json.loads(cli("summary", "--since", "all", "--json").stdout)["from"] == "2026-01-10"


def test_one_day_window_is_a_sentence(cli):
    cli("log", "numbness=2", "--date", "yesterday")
    cli("alerts", "ack", "--all-open")
    cli("log", "numbness=3", "tingling=1", "--limits", "everyday")
    cli("alerts", "ack", "--all-open")
    result = cli("summary", "--since", "today")
    assert result.exit_code == 0
    assert " ".join(result.stdout.split("\n")).strip() == (
        "Wed 25 Nov 2026, a one-day window: numbness 3 (mild), tingling 1 (mild). "
        "Grade (patient-reported estimate, wording from NCI CTCAE v5.0): grade 2 (symptoms "
        "limited everyday tasks (meals, shopping, the phone, money)); highest severity that "
        "day 3/10. Falls: none. Limits reported: everyday tasks on "
        "1 day (Nov 25). A trend needs more than one day: try cipn summary --since '4 weeks ago'.")
    assert max(len(line) for line in result.stdout.splitlines()) <= 100
    found = json.loads(cli("summary", "--since", "today", "--json").stdout)
    assert found["from"] == found["to"] == "2026-11-25"
    assert [s["symptom"] for s in found["symptoms"]] == ["numbness", "tingling"]
    assert found["symptoms"][0]["daily"] == {"2026-11-25": 3}


def test_since_after_until_is_bad_input(cli):
    cli("log", "numbness=1")
    result = cli("summary", "--since", "today", "--until", "yesterday")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1 and "after --until" in result.stderr
    assert cli("summary", "--since", "someday").exit_code == 2


def test_only_zeros_logged(cli):
    cli("log", "numbness=0", "tingling=0", "--limits", "none")
    result = cli("summary", "--since", "yesterday")
    assert result.exit_code == 0
    assert "No symptom above 0 has been logged in this journal." in result.stdout
    assert "grade 0 (no nerve symptom above 0, no limits on activities reported)" in \
        result.stdout
    assert json.loads(cli("summary", "--json").stdout)["symptoms"] == []


def test_alert_worded_today_is_dated_on_a_later_day(cli):
    cli("log", "numbness=8")  # "Numbness is severe today (8/10)." on 2026-11-25
    later = cli("summary", env={"CIPN_JOURNAL_TODAY": "2026-11-27"})
    assert "Numbness is severe on 2026-11-25 (8/10)." in later.stdout
    assert "severe today" not in later.stdout
    assert "Numbness is severe today (8/10)." in cli("summary").stdout


def test_long_window_groups_marks(cli):
    for n in range(0, 120, 3):
        cli("log", f"numbness={n % 10}", "--date", f"{n} days ago")
    result = cli("summary", "--since", "all")
    assert "Day by day, one mark per 2 days (their highest)" in result.stdout
    row = next(line for line in result.stdout.splitlines()
               if line.startswith("numbness ") and "▁" in line)
    assert len(row) <= len("numbness  ") + 60


def test_treatment_sections_show_after_the_facts_and_add_json_keys(known):
    """The report hands over the treatment context as data; the plain text words it after the
    facts, in a fixed order, and the JSON object holds the same data under stable keys."""
    for day, dose in (("2026-11-04", "85mg/m2"), ("2026-11-18", "85mg/m2")):
        assert known("treatment", "add", "oxaliplatin", "--date", day, "--dose", dose,
                     "--route", "iv").exit_code == 0
    assert known("meds", "add", "glutamine", "--start", "2026-11-04").exit_code == 0
    text = known("summary").stdout
    tail = text[text.rindex("else steady."):].splitlines()
    titles = [line for line in tail if line and not line.startswith(" ")]
    assert titles[1:] == ["Treatment", "Cycles in this window",
                          "Supplements and medicines taken in this window"]
    treatment = tail[tail.index("Treatment") + 1:tail.index("Cycles in this window")]
    assert treatment[:2] == ["  oxaliplatin 170 mg/m2 in 2 infusions.",
                             "  On 2026-11-25: cycle 2, day 8."]
    assert "  oxaliplatin cycle 1, 2026-11-04 to 2026-11-17" in tail
    assert any(line.strip().startswith("glutamine") for line in tail)
    found = json.loads(known("summary", "--json").stdout)
    assert found["cycle_context"] == "cycle 2, day 8"
    assert found["cumulative_doses"] == [{"drug": "oxaliplatin", "unit": "mg/m2",
                                          "total": 170.0, "infusions": 2}]
    assert found["coasting"] is None
    assert [(c["cycle"], c["date"]) for c in found["cycles"]] == [(1, "2026-11-04"),
                                                                  (2, "2026-11-18")]
    assert [m["name"] for m in found["meds"]] == ["glutamine"]


def test_treatment_sections_follow_the_facts(known):
    """The care sections come after the symptom facts and their explanation, in plain text and
    as their own JSON keys."""
    assert known("treatment", "add", "oxaliplatin", "--date", "2026-11-12",
                 "--cycle", "3").exit_code == 0
    assert known("meds", "add", "glutamine", "--kind", "supplement",
                 "--start", "2026-11-01").exit_code == 0
    result = known("summary")
    assert result.exit_code == 0
    text = result.stdout
    explained = text.rindex("else steady.\n")
    treatment = text.index("\nTreatment\n  oxaliplatin 1 infusion, no dose recorded.\n"
                           "  On 2026-11-25: cycle 3, day 14.\n")
    cycles = text.index("\nCycles in this window\n  oxaliplatin cycle 3, from 2026-11-12\n")
    meds = text.index("\nSupplements and medicines taken in this window\n")
    assert explained < treatment < cycles < meds
    assert text.rstrip().splitlines()[-1].split() == ["glutamine", "supplement", "since",
                                                      "2026-11-01"]
    found = json.loads(known("summary", "--json").stdout)
    assert found["cycle_context"] == "cycle 3, day 14"
    assert [(c["drug"], c["cycle"], c["date"]) for c in found["cycles"]] == [
        ("oxaliplatin", 3, "2026-11-12")]
    assert [(m["name"], m["kind"], m["start"], m["stop"]) for m in found["meds"]] == [
        ("glutamine", "supplement", "2026-11-01", None)]


def test_demo_tells_the_story(cli, query):
    cli("demo")  # 12 weeks ending today: 2026-09-03 .. 2026-11-25
    found = json.loads(cli("summary", "--json").stdout)
    symptoms = {s["symptom"]: s for s in found["symptoms"]}
    assert symptoms["numbness"]["trend"] == "worsening"
    assert symptoms["numbness"]["baseline"] == 0.0  # a symptom-free week before cycle 1
    assert symptoms["cold"]["peak"] >= 5  # cold-triggered symptoms after an infusion
    logged = {day for (day,) in query("SELECT date FROM observations UNION SELECT date FROM days")}
    assert found["days_missing"] == len(set(WINDOW) - logged) == 0
    # "a few missed days" over the whole demo, as the stored rows show
    whole = json.loads(cli("summary", "--json", "--since", "all").stdout)
    assert (whole["from"], whole["to"]) == ("2026-09-03", "2026-11-25")
    assert whole["days_missing"] == 84 - len(logged) == 2
    # no limits reported in this demo, symptoms above 0 today: grade 1 (DOMAIN.md)
    assert query("SELECT COUNT(*) FROM days WHERE limits IN ('everyday', 'selfcare')") == [(0,)]
    assert (found["grade_latest"]["grade"], found["grade_latest"]["date"]) == (1, "2026-11-25")
    assert found["grade_peak"]["grade"] == 1


def test_piped_summary_imports_nothing_heavy(cli, db_path, tmp_path):
    cli("log", "numbness=2", "--date", "yesterday")
    cli("log", "numbness=3", "--limits", "everyday")
    script = (
        "import json, sys\n"
        "from cipn_journal.cli import main\n"
        "try:\n    main()\nexcept SystemExit as exit:\n    code = exit.code\n"
        "sys.__stderr__.write('\\nMODULES ' + json.dumps(sorted(sys.modules)) + '\\n')\n"
        "sys.__stderr__.write('EXIT ' + str(code) + '\\n')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, "summary"], capture_output=True, text=True,
        env={"CIPN_JOURNAL_DB": str(db_path), "PATH": "/usr/bin:/bin",
             "CIPN_JOURNAL_TODAY": "2026-11-25", "HOME": str(tmp_path)},
    )
    assert "How each symptom is moving" in result.stdout
    lines = result.stderr.splitlines()
    assert "EXIT 0" in lines
    modules = json.loads(next(x for x in lines if x.startswith("MODULES "))[len("MODULES "):])
    heavy = [m for m in modules
             if m.split(".")[0] in ("rich", "sqlite_utils", "dateutil", "pydantic")]
    assert heavy == []
    assert "cipn_journal.commands.summary" in modules


@pytest.mark.parametrize("value,signed,shown", [
    (2.25, False, "2.3"), (2.35, False, "2.4"), (-2.25, True, "-2.3"), (0.04, True, "0.0"),
    (-0.04, True, "0.0"), (3.0, True, "+3.0"), (26 / 7, True, "+3.7"), (None, False, "-"),
])
def test_one_decimal_rounds_half_up(value, signed, shown):
    from cipn_journal.render.summary import one_decimal

    assert one_decimal(value, signed=signed) == shown
