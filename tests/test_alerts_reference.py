"""Issue 22 rules 1 and 2 for `worse`: the reference is the mean of the symptom's values on its
last 7 days with a value (named, or counted 0 by rule 1) within the previous 28 days; worse when
the new value is at least the reference + 2. Through the CLI; today is 2026-11-25."""

import json

import pytest


def alerts(cli):
    return json.loads(cli("alerts", "--all", "--json").stdout)


def log(cli, *args, on: str = "today"):
    result = cli("log", *args, "--date", on)
    assert result.exit_code == 0, result.stderr
    return result


def worse_on(cli, day: str) -> list[dict]:
    return [a for a in alerts(cli) if "worse" in a["rules"] and a["date"] == day]


def test_a_jump_after_days_the_symptom_was_not_named_is_worse(cli):
    """The issue's repro: pain not named on Oct 7-13 is "not logged" (its last value was 1, not
    0), so the reference is the 1s of Oct 1-6 and pain 6 on Oct 14 is worse."""
    for day in range(1, 7):
        log(cli, "numbness=2", "pain=1", on=f"2026-10-{day:02d}")
    for day in range(7, 14):
        log(cli, "numbness=2", on=f"2026-10-{day:02d}")
    log(cli, "pain=6", on="2026-10-14")
    worse = worse_on(cli, "2026-10-14")
    assert [(a["subject"], a["value"], a["reference"]) for a in worse] == [("pain", 6, 1.0)]


def test_days_counted_0_make_the_reference(cli):
    """Pain last logged 0, then days naming only numbness: those days count 0 for pain."""
    log(cli, "numbness=2", "pain=0", on="2026-11-10")
    for back in range(1, 8):
        log(cli, "numbness=2", on=f"{back} days ago")
    log(cli, "pain=2")
    assert [(a["value"], a["reference"]) for a in worse_on(cli, "2026-11-25")] == [(2, 0.0)]


@pytest.mark.parametrize("value,raised", [(4, False), (5, True), (6, True)])
def test_after_a_12_day_gap_the_last_logged_values_are_the_reference(cli, value, raised):
    for back in range(13, 21):  # numbness 3 on Nov 5-12, then 12 days with nothing logged
        log(cli, "numbness=3", on=f"{back} days ago")
    log(cli, f"numbness={value}")
    worse = worse_on(cli, "2026-11-25")
    assert bool(worse) is raised
    if raised:
        assert worse[0]["reference"] == 3.0


@pytest.mark.parametrize("past,value,raised", [
    ({1: 3}, 4, False),                      # one day is enough: reference 3
    ({1: 3}, 5, True),
    ({28: 1}, 3, True),                      # 28 days before still counts
    ({29: 5, 1: 3}, 5, True),                # 29 days before does not: reference 3, not 4
    ({9: 2, 8: 2, 1: 3}, 4, False),          # reference (2 + 2 + 3) / 3 = 2.33
    ({9: 2, 8: 2, 1: 3}, 5, True),
])
def test_reference_is_the_last_7_days_with_a_value_in_28(cli, past, value, raised):
    for back, old in past.items():
        log(cli, f"walking={old}", on=f"{back} days ago")
    log(cli, f"walking={value}")
    assert bool(worse_on(cli, "2026-11-25")) is raised


@pytest.mark.parametrize("value,raised", [(4, False), (5, True)])
def test_only_the_last_7_days_with_a_value_count(cli, value, raised):
    """Values of 0 on days 20-15 before, then 3 on the 7 days before: reference 3, not lower."""
    for back in range(15, 21):
        log(cli, "burning=0", on=f"{back} days ago")
    for back in range(1, 8):
        log(cli, "burning=3", on=f"{back} days ago")
    cli("alerts", "ack", "--all-open")
    log(cli, f"burning={value}")
    worse = worse_on(cli, "2026-11-25")
    assert bool(worse) is raised
    if raised:
        assert worse[0]["reference"] == 3.0


@pytest.mark.parametrize("second,raised", [(3, False), (4, True), (5, True)])
def test_a_higher_value_the_same_day_is_judged_again(cli, second, raised):
    """Issue 22 rule 8, first half: pain 2 on the days before, 2 then a higher value today."""
    for back in range(1, 4):
        log(cli, "pain=2", on=f"{back} days ago")
    log(cli, "pain=2")
    assert worse_on(cli, "2026-11-25") == []
    result = log(cli, f"pain={second}")
    worse = worse_on(cli, "2026-11-25")
    assert [(a["value"], a["reference"]) for a in worse] == ([(second, 2.0)] if raised else [])
    assert ("points above its recent average today" in result.stderr) is raised


@pytest.mark.parametrize("second,shown", [(7, 8), (8, 8), (10, 10)])
def test_a_higher_value_the_same_day_updates_the_open_alert(cli, second, shown):
    """Issue 22 rule 8, second half: 8 then 10 the same day raises nothing new while 8 is open
    as severe, but the open alert shows the higher value (a lower one changes nothing)."""
    log(cli, "pain=8")
    log(cli, f"pain={second}")
    severe = [a for a in alerts(cli) if a["rule"] == "severe"]
    assert [(a["value"], a["message"]) for a in severe] == [
        (shown, f"Shooting or stabbing pain is severe on 2026-11-25 ({shown}/10).")]
