"""Issue 22 rule 6, the team's memory: once the care team was told (an alert acknowledged), the
same symptom alerts again only above the highest value they were told in the last 90 days;
falls and self-care limits always alert; a symptom still severe 28 days after the team was told
raises one `soon` reminder. Through the CLI; today is 2026-11-25."""

import json

import pytest


def alerts(cli):
    return json.loads(cli("alerts", "--all", "--json").stdout)


def log(cli, *args, on: str = "today"):
    result = cli("log", *args, "--date", on)
    assert result.exit_code == 0, result.stderr
    return result


def ack(cli, on: str):
    assert cli("alerts", "ack", "--all-open", "--date", on).exit_code == 0


@pytest.mark.parametrize("value,raised", [(7, False), (8, False), (9, True)])
def test_after_the_team_was_told_only_a_higher_value_alerts(cli, value, raised):
    log(cli, "numbness=8", on="2026-11-20")
    ack(cli, "2026-11-21")
    log(cli, f"numbness={value}")
    today = [(a["rule"], a["value"]) for a in alerts(cli) if a["date"] == "2026-11-25"]
    assert bool(today) is raised
    if raised:
        assert ("severe", 9) in today


@pytest.mark.parametrize("told_on,raised", [("2026-08-28", False), ("2026-08-26", True)])
def test_the_memory_lasts_90_days(cli, told_on, raised):
    log(cli, "pain=8", on="2026-08-25")
    ack(cli, told_on)
    for back in range(1, 29):  # four weeks of 0 before today: `new` and `severe` may apply
        log(cli, "pain=0", on=f"{back} days ago")
    log(cli, "pain=8")
    today = [rule for a in alerts(cli) if a["date"] == "2026-11-25" for rule in a["rules"]]
    assert ("severe" in today) is raised


def test_falls_and_self_care_limits_always_alert(cli):
    log(cli, "--falls", "1", "--limits", "self-care", on="2026-11-20")
    ack(cli, "2026-11-21")
    log(cli, "--falls", "1", "--limits", "self-care")
    today = sorted(a["subject"] for a in alerts(cli) if a["date"] == "2026-11-25")
    assert today == ["fall", "selfcare"]


@pytest.mark.parametrize("told_on,reminded", [("2026-10-29", False), ("2026-10-28", True)])
def test_still_severe_28_days_after_the_team_was_told_raises_one_reminder(cli, told_on,
                                                                            reminded):
    log(cli, "numbness=8", on="2026-10-27")
    ack(cli, told_on)
    result = log(cli, "numbness=8")
    today = [(a["rule"], a["urgency"]) for a in alerts(cli) if a["date"] == "2026-11-25"]
    assert today == ([("reminder", "soon")] if reminded else [])
    if reminded:
        assert "Numbness is 8/10 today, still severe: does your team have a plan?" in (
            result.stderr)


def test_one_reminder_per_telling(cli):
    log(cli, "numbness=8", on="2026-10-20")
    ack(cli, "2026-10-20")
    log(cli, "numbness=8", on="2026-11-20")
    ack(cli, "2026-11-21")  # the reminder too: it is not a new telling about the severe value
    log(cli, "numbness=8")
    assert sorted((a["date"], a["rule"]) for a in alerts(cli) if a["rule"] != "new") == [
        ("2026-10-20", "severe"), ("2026-11-20", "reminder")]


def test_a_reminder_and_a_new_severe_alert_the_same_day_are_one_alert(cli):
    """Rule 14 with rule 6: the reminder (8 again, 28 days after the team was told) and, later
    the same day, 9 (above what they were told: severe again) are one alert about numbness
    that day, at the higher level, `rules` naming both."""
    log(cli, "numbness=8", on="2026-10-27")
    ack(cli, "2026-10-28")
    log(cli, "numbness=8")
    result = log(cli, "numbness=9")
    today = [(a["rule"], a["rules"], a["urgency"], a["value"]) for a in alerts(cli)
             if a["date"] == "2026-11-25"]
    assert today == [("severe", ["severe", "reminder"], "today", 9)]
    assert "Numbness is severe today (9/10)." in result.stderr


def test_no_reminder_beside_the_days_severe_alert(cli):
    """The other order: 9 (severe again) then 8 the same day: the day's alert already asks."""
    log(cli, "numbness=8", on="2026-10-27")
    ack(cli, "2026-10-28")
    log(cli, "numbness=9")
    log(cli, "numbness=8")
    assert [(a["rule"], a["urgency"]) for a in alerts(cli) if a["date"] == "2026-11-25"] == [
        ("severe", "today")]
