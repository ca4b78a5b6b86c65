"""The "notify your doctor" rules at and just past each threshold, through the CLI."""

import json

import pytest


def alerts(cli, *extra):
    return json.loads(cli("alerts", "--all", "--json", *extra).stdout)


def rules_of(cli):
    return sorted((a["date"], a["subject"], a["rule"]) for a in alerts(cli))


def log_days(cli, symptom, values_by_days_ago):
    for days_ago, value in values_by_days_ago.items():
        assert cli("log", f"{symptom}={value}", "--date", f"{days_ago} days ago").exit_code == 0


def seven_days_without(cli):
    """Days 1-7 before today with entries that name only tingling (0): a symptom never logged
    counts 0 on them, so a value today can be new (issue 22 rule 3)."""
    log_days(cli, "tingling", dict.fromkeys(range(1, 8), 0))


@pytest.mark.parametrize("days_ago,expect_new", [(28, False), (29, True)])
def test_new_looks_back_28_days(cli, days_ago, expect_new):
    log_days(cli, "numbness", {days_ago: 2})
    cli("alerts", "ack", "--all-open")
    log_days(cli, "numbness", dict.fromkeys(range(1, 8), 0))
    cli("log", "numbness=3")  # above the 2 the team was told (issue 22 rule 6)
    new_today = [a for a in alerts(cli) if a["date"] == "2026-11-25" and a["rule"] == "new"]
    assert bool(new_today) is expect_new


def test_first_value_above_zero_is_new_after_7_days_at_zero(cli):
    log_days(cli, "tingling", dict.fromkeys(range(1, 8), 0))
    assert alerts(cli) == []
    result = cli("log", "tingling=1")
    assert "Tingling is new today (1/10)." in result.stderr
    assert rules_of(cli) == [("2026-11-25", "tingling", "new")]


@pytest.mark.parametrize("past,value,expect_worse", [
    ({1: 3, 2: 3}, 5, True),                                   # exactly 2 points
    ({1: 4, 2: 3, 3: 3, 4: 3, 5: 3, 6: 3, 7: 3}, 5, False),    # 1.86 points
    ({1: 4, 2: 3, 3: 3, 4: 3, 5: 3, 6: 3, 7: 3}, 6, True),
    ({1: 0, 2: 0}, 2, True),                                   # zeros count
    ({1: 3}, 6, True),                                         # one day is enough
    ({8: 1, 9: 1, 1: 5}, 7, True),                             # days with a value in 28 count
])
def test_worse(cli, past, value, expect_worse):
    log_days(cli, "pain", past)
    cli("alerts", "ack", "--all-open")
    result = cli("log", f"pain={value}")
    worse = [a for a in alerts(cli) if a["rule"] == "worse" and a["date"] == "2026-11-25"]
    assert bool(worse) is expect_worse
    if expect_worse:
        mean = sum(past.values()) / len(past)
        assert worse[0]["reference"] == pytest.approx(mean)
        assert worse[0]["value"] == value
        assert "points above its recent average" in result.stderr


@pytest.mark.parametrize("value,expect_severe", [(6, False), (7, True), (10, True)])
def test_severe(cli, value, expect_severe):
    cli("log", f"burning={value}")
    assert any(a["rule"] == "severe" for a in alerts(cli)) is expect_severe


@pytest.mark.parametrize("days_ago,expect", [(28, False), (29, True)])
def test_everyday_limits_first_time_in_28_days(cli, days_ago, expect):
    cli("log", "--limits", "everyday", "--date", f"{days_ago} days ago")
    cli("alerts", "ack", "--all-open")
    cli("log", "--limits", "everyday")
    today = [a for a in alerts(cli) if a["date"] == "2026-11-25"]
    assert bool(today) is expect
    if expect:
        assert (today[0]["subject"], today[0]["rule"], today[0]["value"]) == (
            "everyday", "function", "everyday")


def test_selfcare_and_falls(cli):
    result = cli("log", "--limits", "selfcare", "--falls", "2")
    assert "self-care" in result.stderr and "You reported 2 falls today." in result.stderr
    found = {(a["subject"], a["value"]) for a in alerts(cli)}
    assert found == {("selfcare", "selfcare"), ("fall", 2)}
    # One alert per day with falls, whatever else is open.
    cli("log", "--falls", "1", "--date", "yesterday")
    cli("log", "--falls", "3")
    assert sorted(a["date"] for a in alerts(cli) if a["subject"] == "fall") == [
        "2026-11-24", "2026-11-25"]


def test_higher_severe_value_escalates_then_after_ack_only_a_higher_one(cli):
    cli("log", "grip=8", "--date", "2 days ago")
    cli("log", "grip=9", "--date", "yesterday")
    found = alerts(cli)
    assert [(a["date"], a["rule"]) for a in found] == [
        ("2026-11-24", "severe"), ("2026-11-23", "severe")]  # a first entry is never new
    assert found[0]["escalates"] == found[1]["id"] and found[1]["escalates"] is None
    cli("log", "grip=9", "--date", "yesterday")  # the same value again: nothing new
    assert len(alerts(cli)) == 2
    cli("alerts", "ack", "--all-open", "--note", "told the nurse")
    cli("log", "grip=9")  # what the team was told (issue 22 rule 6): nothing new
    assert len(alerts(cli)) == 2
    cli("log", "grip=10")
    assert [(a["date"], a["rule"], a["status"]) for a in alerts(cli)] == [
        ("2026-11-25", "severe", "open"),
        ("2026-11-24", "severe", "acknowledged"),
        ("2026-11-23", "severe", "acknowledged"),
    ]


def test_a_different_rule_the_same_day_joins_the_days_alert(cli):
    """Issue 22 rule 14: worse at 5, then 8 the same day: one alert, worse and severe."""
    log_days(cli, "numbness", {2: 3, 1: 3})
    cli("alerts", "ack", "--all-open")
    cli("log", "numbness=5")
    cli("log", "numbness=8", "--date", "today")
    assert [(a["subject"], a["rules"], a["value"]) for a in alerts(cli)
            if a["status"] == "open"] == [("numbness", ["worse", "severe"], 8)]


def test_lower_replacement_keeps_alert_and_undo_marks_undone(cli):
    cli("log", "walking=7")
    cli("log", "walking=2")
    assert [a["status"] for a in alerts(cli)] == ["open"]  # severe stays
    cli("undo")
    cli("undo")
    assert [a["status"] for a in alerts(cli)] == ["undone"]
    assert json.loads(cli("alerts", "--json").stdout) == []


def test_backdated_log_is_judged_against_the_days_before_it(cli):
    log_days(cli, "balance", {10: 2, 9: 2})
    result = cli("log", "balance=4", "--date", "8 days ago")
    assert "Unsteadiness is 2 points above its recent average on 2026-11-17" in (
        result.stderr)


def test_panel_says_not_monitored_and_exit_zero(cli):
    seven_days_without(cli)
    result = cli("log", "numbness=3")
    assert result.exit_code == 0
    text = result.stderr
    assert "!! NOTIFY YOUR DOCTOR OR NURSE WITHIN A FEW DAYS !!" in text
    assert "NOTIFY YOUR DOCTOR OR NURSE TODAY" not in text
    assert "Numbness is new today (3/10)." in text
    assert "not monitored by anyone" in text
    assert "emergency services" in text


def test_rich_panel_on_a_terminal(cli, monkeypatch):
    from cipn_journal import output

    seven_days_without(cli)
    monkeypatch.setattr(output, "use_rich", lambda stream=None: True)
    result = cli("log", "numbness=3")
    assert "Notify your doctor or nurse within a few days" in result.stderr
    assert "╭" in result.stderr  # a panel border


def test_prompt_is_not_repeated_on_later_commands(cli):
    seven_days_without(cli)
    cli("log", "numbness=3")
    later = cli("log", "tingling=0")
    assert "NOTIFY" not in later.stderr
    listing = cli("alerts")
    assert "Numbness is new today (3/10)." in listing.stdout
    assert "not monitored" in listing.stderr


def test_alert_json_has_exactly_the_documented_keys(cli):
    cli("log", "numbness=8")
    (alert,) = alerts(cli)
    assert list(alert) == ["id", "date", "subject", "rule", "value", "reference", "message",
                           "raised_at", "status", "acknowledged_at", "acknowledged_on",
                           "ack_note", "urgency", "escalates", "rules", "symptoms", "current"]


def test_ack_bad_input_writes_nothing(cli, db_path):
    cli("log", "numbness=8")
    before = db_path.read_bytes()
    for args, words in ((["99"], "No alert has the ID 99"), (["x"], "'x' is not a number"),
                        ([], "Give the alert IDs"), (["1", "--all-open"], "not both")):
        result = cli("alerts", "ack", *args)
        assert result.exit_code == 2, args
        assert words in result.stderr
        assert db_path.read_bytes() == before


def test_ack_twice_says_so_and_changes_nothing(cli, query):
    cli("log", "numbness=8")
    cli("alerts", "ack", "1", "--note", "phoned")
    stamp = query("SELECT acknowledged_at, ack_note FROM alerts")
    result = cli("alerts", "ack", "1", "--note", "again")
    assert result.exit_code == 0
    assert "Already acknowledged" in result.stderr
    assert query("SELECT acknowledged_at, ack_note FROM alerts") == stamp


def test_ack_of_an_id_beyond_any_row_id_is_bad_input(cli):
    cli("log", "numbness=4")
    result = cli("alerts", "ack", "9223372036854775808")
    assert result.exit_code == 2
    assert "No alert has the ID 9223372036854775808" in result.stderr


# -- issue 11 defects -----------------------------------------------------------------------------
def test_a_label_that_says_today_is_exported_as_typed(cli):
    """Stored messages name their day and never say "today": the export shows them as stored,
    even when the symptom's own label says "today"."""
    assert cli("symptoms", "add", "ache", "--label", "Ache worse today").exit_code == 0
    assert cli("log", "ache=8", "--date", "yesterday").exit_code == 0
    [alert] = alerts(cli)
    assert alert["message"] == "Ache worse today is severe on 2026-11-24 (8/10)."
    result = cli("export", "--format", "md")
    assert result.exit_code == 0 and result.stderr == ""
    # the export words it for the clinician from the alert's fields (issue 14 item 19), by key
    assert "| 2026-11-24 | Ache severe at 8/10; journal urgency: same day. |" in result.stdout
    assert "Ache worse on 2026-11-24" not in result.stdout


@pytest.fixture
def kiritimati():
    """Local time 14 hours ahead of UTC: a UTC timestamp's date is often not the local day."""
    import os
    import time

    before = os.environ.get("TZ")
    os.environ["TZ"] = "Pacific/Kiritimati"
    time.tzset()
    yield
    if before is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = before
    time.tzset()


def test_acknowledgement_day_is_the_day_it_was_made_in_any_zone_later(
        cli, db_path, monkeypatch, kiritimati):
    """Issue 24 item 20: acknowledged late on the 28th in UTC, the day stays the 28th when the
    journal is read where it is already the 29th (it was recomputed in the reader's zone)."""
    import os
    import time

    monkeypatch.delenv("CIPN_JOURNAL_TODAY")
    os.environ["TZ"] = "UTC"  # the kiritimati fixture restores the machine's zone
    time.tzset()
    monkeypatch.setenv("CIPN_JOURNAL_NOW", "2026-11-28T20:00:00+00:00")
    assert cli("log", "numbness=8").exit_code == 0
    monkeypatch.setenv("CIPN_JOURNAL_NOW", "2026-11-28T23:30:00+00:00")
    assert cli("alerts", "ack", "--all-open").exit_code == 0
    monkeypatch.setenv("CIPN_JOURNAL_NOW", "2026-11-29T10:00:00+00:00")
    for zone in ("UTC", "Pacific/Kiritimati"):  # 23:30 UTC on the 28th: 13:30 the 29th there
        os.environ["TZ"] = zone
        time.tzset()
        listing = cli("alerts", "--all")
        assert listing.exit_code == 0
        assert listing.stdout.count("[acknowledged 2026-11-28]") == 1, zone
        export = cli("export", "--format", "md", "--since", "all")
        assert export.stdout.count("care team told (2026-11-28)") == 1, zone
    found = [a["acknowledged_on"] for a in json.loads(cli("alerts", "--all", "--json").stdout)]
    assert found == ["2026-11-28"]


def test_ack_date_is_stored_as_the_day_given(cli, db_path, query):
    assert cli("log", "numbness=8", "--date", "2026-11-20").exit_code == 0
    assert cli("alerts", "ack", "1", "--date", "2026-11-22").exit_code == 0
    assert query("SELECT acknowledged_on FROM alerts WHERE id = 1") == [("2026-11-22",)]
    assert cli("questions").exit_code == 0


def test_the_rules_need_no_clock():
    """A judgement depends on the day and the days before it, not on when it is made."""
    from datetime import date

    from cipn_journal.domain import alerts as rules

    day = date(2026, 11, 20)
    found = rules.judge_symptom(day=day, symptom="numbness", label="Numbness", severity=8,
                                past={date(2026, 11, d): 0 for d in range(13, 20)})
    assert [a.message for a in found] == [
        "Numbness is new on 2026-11-20 (8/10).",
        "Numbness is 8 points above its recent average on 2026-11-20 (8/10, average 0.0 over "
        "your last 7 days with a value).",
        "Numbness is severe on 2026-11-20 (8/10)."]
    assert [a.message for a in rules.judge_falls(day=day, falls=2)] == [
        "You reported 2 falls on 2026-11-20."]
    assert [a.message for a in rules.judge_limits(day=day, limits="selfcare", past={})] == [
        "Symptoms limited your self-care (washing, dressing, eating, the toilet, taking "
        "medicines) on 2026-11-20."]


def test_the_alert_panel_says_its_heading_once(cli, monkeypatch):
    """On a terminal the box's title is the urgency heading; the body does not repeat it, and a
    second level gets its own heading inside."""
    seven_days_without(cli)
    monkeypatch.setattr("cipn_journal.output.use_rich", lambda *a: True)
    result = cli("log", "numbness=3", "--falls", "1")
    assert result.exit_code == 0
    assert result.stderr.count("Notify your doctor or nurse today") == 1
    assert result.stderr.count("Notify your doctor or nurse within a few days") == 1
    assert "not monitored" in result.stderr


def test_a_back_dated_value_never_escalates_a_later_days_alert(cli, tmp_path):
    """A caregiver typing in a missed day: numbness 2 logged for Nov 20 (new), then 4 for Nov 18.
    The Nov 18 alert is judged against what was open by Nov 18 (nothing): it does not claim to
    escalate the later alert, and the journal's JSON export imports into a new journal."""
    for day in range(10, 18):  # 8 days naming tingling only: numbness counts 0 on them
        assert cli("log", "tingling=0", "--date", f"2026-11-{day}").exit_code == 0
    assert cli("log", "numbness=2", "--date", "2026-11-20").exit_code == 0
    result = cli("log", "numbness=4", "--date", "2026-11-18")
    assert result.exit_code == 0 and "higher than alert" not in result.stderr
    assert [a["escalates"] for a in alerts(cli)] == [None, None]
    exported = tmp_path / "m.json"
    assert cli("export", "-o", str(exported)).exit_code == 0
    copy = tmp_path / "copy.db"
    imported = cli("--db", str(copy), "import", str(exported))
    assert imported.exit_code == 0, imported.stderr
    assert len(json.loads(cli("--db", str(copy), "alerts", "--all", "--json").stdout)) == 2


@pytest.mark.parametrize("day, said", [
    ("2026-11-02", "for the first time in this journal"),   # the journal's 2nd day
    ("2026-11-07", "for the first time in this journal"),   # its 7th day
    ("2026-11-29", "for the first time in 4 weeks"),        # 28 days after its first day
])
def test_first_time_in_4_weeks_only_when_the_journal_reaches_back_4_weeks(cli, tmp_path, day,
                                                                          said):
    """Issue 25 item 6: 'for the first time in 4 weeks' on a journal's 2nd or 7th day claims
    weeks nobody logged; the terminal and the visit document's key points say what is known."""
    first = {"CIPN_JOURNAL_TODAY": "2026-11-01"}
    assert cli("log", "numbness=1", "--limits", "none", env=first).exit_code == 0
    on_day = {"CIPN_JOURNAL_TODAY": day}
    logged = cli("log", "numbness=2", "--limits", "everyday", env=on_day)
    assert logged.exit_code == 0
    text = " ".join(logged.stderr.split())
    assert said in text
    if "this journal" in said:
        assert "4 weeks" not in text
    target = tmp_path / "visit.md"
    assert cli("export", "-o", str(target), "--since", "2026-11-01", env=on_day).exit_code == 0
    document = " ".join(target.read_text().split())
    assert said in document and ("4 weeks" not in document or "this journal" not in said)
