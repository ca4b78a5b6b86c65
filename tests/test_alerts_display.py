"""Issue 22 rules 4 and 7: how alerts are shown. Three levels, each under a heading that keeps
the words people look for ("notify your doctor"), every box saying the journal is not monitored
and what an emergency is; and ageing: an open alert 3 or more days old whose rule no longer
holds on the latest day with entries is shown under the `soon` heading as "not yet told", and
`alerts --json` says `current: false`. Through the CLI; today is 2026-11-25 unless a call sets
CIPN_JOURNAL_TODAY."""

import json

import pytest

TODAY_HEADING = "!! NOTIFY YOUR DOCTOR OR NURSE TODAY !!"
SOON_AFTER = "!! NOTIFY YOUR DOCTOR OR NURSE WITHIN A FEW DAYS !!"
SOON_DURING = ("!! NOTIFY YOUR DOCTOR OR NURSE AT YOUR NEXT CONTACT, OR SOONER IF IT WORRIES "
               "YOU !!")
NEXT_HEADING = "!! TELL THE NURSE AT YOUR NEXT INFUSION !!"
EMERGENCY = ("An emergency (trouble breathing, wheeze, a rash or swelling of the lips or face, "
             "chest pain): call your emergency services.")


def on(day: str) -> dict:
    return {"CIPN_JOURNAL_TODAY": day}


def ok(result):
    assert result.exit_code == 0, result.stderr
    return result


def listed(cli, day: str | None = None, rule: str | None = None) -> list[dict]:
    found = json.loads(ok(cli("alerts", "--json", env=on(day) if day else None)).stdout)
    return [a for a in found if rule is None or a["rule"] == rule]


def zero_week(cli, *symptoms: str) -> None:
    """Nov 1-7 with `symptoms` at 0: a value after them can be new (issue 22 rule 3)."""
    for day in range(1, 8):
        ok(cli("log", *(f"{key}=0" for key in symptoms), "--date", f"2026-11-0{day}"))


def assert_box_basics(text: str) -> None:
    assert "This journal is not monitored by anyone" in text
    assert EMERGENCY in text


# -- rule 4: the headings -------------------------------------------------------------------
def test_the_box_says_notify_your_doctor_today(cli):
    """Repro: "The box no longer says the words people look for: 'notify your doctor'"."""
    result = ok(cli("log", "numbness=8"))
    assert TODAY_HEADING in result.stderr
    assert "notify your doctor" in result.stderr.lower()
    assert_box_basics(result.stderr)


def test_soon_without_treatment_is_within_a_few_days(cli):
    zero_week(cli, "tingling")
    result = ok(cli("log", "tingling=1"))  # new: soon
    assert SOON_AFTER in result.stderr
    assert TODAY_HEADING not in result.stderr and SOON_DURING not in result.stderr
    assert_box_basics(result.stderr)


@pytest.mark.parametrize("days_ago,during", [(34, True), (35, True), (36, False)])
def test_soon_during_treatment_is_at_the_next_contact(cli, days_ago, during):
    """During the course (an infusion within the last 35 days) the next contact is near; after
    it, always "within a few days"."""
    ok(cli("treatment", "add", "paclitaxel", "--date", f"{days_ago} days ago"))
    zero_week(cli, "numbness")
    result = ok(cli("log", "numbness=2"))  # new: soon
    assert (SOON_DURING in result.stderr) is during
    assert (SOON_AFTER in result.stderr) is not during
    assert_box_basics(result.stderr)


def test_a_planned_next_infusion_is_during_treatment(cli):
    ok(cli("treatment", "add", "paclitaxel", "--date", "60 days ago"))
    ok(cli("treatment", "next", "2026-11-30"))
    zero_week(cli, "numbness")
    result = ok(cli("log", "numbness=2"))
    assert SOON_DURING in result.stderr


def test_next_heading_and_every_box_line_in_checkin_and_summary(cli):
    ok(cli("log", "cold=0", "--date", "2026-11-20"))
    ok(cli("treatment", "add", "oxaliplatin", "--date", "2026-11-23"))
    flare = ok(cli("log", "cold=3"))
    assert NEXT_HEADING in flare.stderr
    assert_box_basics(flare.stderr)
    summary = ok(cli("summary"))
    assert NEXT_HEADING in summary.stdout
    assert_box_basics(summary.stdout)


def test_the_listing_hint_keeps_not_monitored(cli):
    ok(cli("log", "numbness=8"))
    result = ok(cli("alerts"))
    assert "not monitored by anyone" in result.stderr


# -- rule 7: ageing ---------------------------------------------------------------------------
def test_an_old_severe_cold_no_longer_heads_the_summary(cli):
    """Repro: a 12-day-old alert headed the summary under "call today" while cold was 0."""
    ok(cli("log", "cold=8", env=on("2026-11-13")))
    ok(cli("log", "cold=0"))
    summary = ok(cli("summary")).stdout
    assert TODAY_HEADING not in summary
    assert SOON_AFTER in summary
    # Its new and severe alerts aged alike: said once.
    line = "Cold-triggered tingling or pain, not yet told: 8/10 on Nov 13; 0 today"
    assert summary.count(line) == 1
    found = listed(cli, rule="severe")
    assert [(a["urgency"], a["current"]) for a in found] == [("today", False)]
    shown = json.loads(ok(cli("summary", "--json")).stdout)["alerts"]
    assert [(a["urgency"], a["current"]) for a in shown if a["rule"] == "severe"] == [
        ("today", False)]


@pytest.mark.parametrize("day,current", [("2026-11-22", True), ("2026-11-23", False),
                                         ("2026-11-24", False)])
def test_ageing_starts_at_3_days_old(cli, day, current):
    ok(cli("log", "burning=7", env=on("2026-11-20")))
    ok(cli("log", "burning=0", env=on("2026-11-21")))
    found = listed(cli, day, rule="severe")
    assert [(a["rule"], a["urgency"], a["current"]) for a in found] == [
        ("severe", "today", current)]
    text = ok(cli("alerts", env=on(day))).stdout
    if current:
        assert "not yet told" not in text and "  today  " in text
    else:
        assert "Burning, not yet told: 7/10 on Nov 20; 0 on Nov 21" in text
        assert "  soon   " in text


@pytest.mark.parametrize("value,current", [(6, False), (7, True)])
def test_severe_holds_at_7_and_ages_below(cli, value, current):
    ok(cli("log", "pain=9", env=on("2026-11-18")))
    ok(cli("log", f"pain={value}"))
    assert [a["current"] for a in listed(cli, rule="severe")] == [current]


def test_silence_is_not_recovery(cli):
    """Pain not named on the latest day, last logged 9: the day says nothing about it."""
    ok(cli("log", "pain=9", env=on("2026-11-18")))
    ok(cli("log", "numbness=1"))
    assert [(a["subject"], a["current"]) for a in listed(cli, rule="severe")] == [
        ("pain", True)]


def test_unnamed_after_a_zero_counts_zero(cli):
    ok(cli("log", "pain=9", env=on("2026-11-18")))
    ok(cli("log", "pain=0", env=on("2026-11-19")))
    ok(cli("log", "numbness=0"))
    pain = listed(cli, rule="severe")
    assert [a["current"] for a in pain] == [False]
    assert "Shooting or stabbing pain, not yet told: 9/10 on Nov 18; 0 today" in ok(
        cli("alerts")).stdout


@pytest.mark.parametrize("value,current", [(3, False), (4, True)])
def test_worse_ages_below_its_reference_plus_2(cli, value, current):
    for day in ("2026-11-15", "2026-11-16"):
        ok(cli("log", "numbness=2", env=on(day)))
    ok(cli("log", "numbness=5", env=on("2026-11-17")))  # worse: 3 above 2.0
    ok(cli("log", f"numbness={value}"))
    worse = [a for a in listed(cli) if a["rule"] == "worse"]
    assert [a["current"] for a in worse] == [current]


@pytest.mark.parametrize("value,current", [(0, False), (1, True)])
def test_new_ages_back_at_0(cli, value, current):
    zero_week(cli, "tingling")
    ok(cli("log", "tingling=2", env=on("2026-11-20")))
    ok(cli("log", f"tingling={value}"))
    assert [a["current"] for a in listed(cli)] == [current]


@pytest.mark.parametrize("limits,current", [("none", False), ("everyday", False),
                                            ("selfcare", True)])
def test_selfcare_limits_age_when_no_longer_limited(cli, limits, current):
    ok(cli("log", "numbness=2", "--limits", "selfcare", env=on("2026-11-18")))
    ok(cli("alerts", "ack", "--all-open", env=on("2026-11-18")))
    ok(cli("log", "numbness=2", "--limits", "selfcare", env=on("2026-11-19")))
    ok(cli("log", "numbness=2", "--limits", limits))
    selfcare = [a for a in listed(cli) if a["subject"] == "selfcare" and a["date"] == "2026-11-19"]
    assert [a["current"] for a in selfcare] == [current]


def test_limits_not_answered_still_hold(cli):
    ok(cli("log", "numbness=2", "--limits", "selfcare", env=on("2026-11-18")))
    ok(cli("log", "numbness=2"))
    assert [a["current"] for a in listed(cli) if a["subject"] == "selfcare"] == [True]


@pytest.mark.parametrize("falls_today,current", [(None, False), ("1", True)])
def test_a_fall_ages_once_later_days_report_none(cli, falls_today, current):
    ok(cli("log", "numbness=1", "--falls", "1", env=on("2026-11-20")))
    ok(cli("alerts", "ack", "--all-open", env=on("2026-11-20")))
    ok(cli("log", "numbness=1", "--falls", "1", env=on("2026-11-21")))
    extra = ("--falls", falls_today) if falls_today else ()
    ok(cli("log", "numbness=1", *extra))
    falls = [a for a in listed(cli) if a["subject"] == "fall" and a["date"] == "2026-11-21"]
    assert [a["current"] for a in falls] == [current]
    if not current:
        assert "A fall, not yet told: Nov 21; none logged today" in ok(cli("alerts")).stdout


def test_an_alert_with_nothing_logged_since_is_current(cli):
    zero_week(cli, "numbness")
    ok(cli("log", "numbness=8", env=on("2026-11-10")))
    assert [(a["rules"], a["current"]) for a in listed(cli)] == [
        (["new", "worse", "severe"], True)]  # new and severe: one alert (rule 14)


# -- the exports ----------------------------------------------------------------------------
def test_exports_say_an_aged_alert_was_not_yet_told(cli, tmp_path):
    ok(cli("log", "cold=8", env=on("2026-11-13")))
    ok(cli("log", "cold=0"))
    ok(cli("log", "numbness=8"))  # current: today
    text = ok(cli("export", "--format", "md", "--since", "all")).stdout
    table = " ".join(text.split("## \"Notify your doctor\" alerts in this window")[1].split())
    rows = [row for row in table.split("| 20")[1:]]
    cold = next(row for row in rows if row.startswith("26-11-13"))
    numbness = next(row for row in rows if row.startswith("26-11-25"))
    assert "open, not yet told; gone by the latest day with entries" in cold
    assert "no longer held" not in numbness and "open: not yet marked" in numbness
    fhir = json.loads(ok(cli("export", "--format", "fhir", "--since", "all")).stdout)
    shown = {c["code"]: c["display"] for e in fhir["entry"]
             if e["resource"]["resourceType"] == "Flag"
             for c in e["resource"]["category"][0]["coding"]}
    assert shown["today"] == "Journal urgency: same day"  # as the visit page says it


def test_an_aged_flare_stays_for_the_next_infusion(cli):
    """Ageing never raises a level: an expected flare that settled is still for the nurse."""
    ok(cli("log", "cold=0", env=on("2026-11-18")))
    ok(cli("treatment", "add", "oxaliplatin", "--date", "2026-11-19"))
    ok(cli("log", "cold=4", env=on("2026-11-20")))
    ok(cli("log", "cold=0"))
    assert [(a["urgency"], a["current"]) for a in listed(cli)] == [("next", False)]
    summary = ok(cli("summary")).stdout
    assert NEXT_HEADING in summary and "!! NOTIFY" not in summary
    assert "Cold-triggered tingling or pain, not yet told: 4/10 on Nov 20; 0 today" in summary


def test_the_fhir_flag_names_the_rule_as_it_now_is(cli):
    """FHIR's rule display for `new` says rule 3 (7 days at 0 first), not 'after 28 days'."""
    zero_week(cli, "numbness")
    ok(cli("log", "numbness=3", env=on("2026-11-10")))
    fhir = json.loads(ok(cli("export", "--format", "fhir", "--since", "all")).stdout)
    rules = {c["code"]: c.get("display") for e in fhir["entry"]
             if e["resource"]["resourceType"] == "Flag"
             for c in e["resource"]["code"]["coding"]}
    assert rules == {"new": "New: above 0 after at least 7 days at 0 and none above 0 in the "
                            "28 days before"}


# -- rule 7 for gap, persisting, red-flag and constipation ------------------------------------
def aged(cli, rule: str) -> list[bool]:
    return [a["current"] for a in listed(cli) if rule in a["rules"]]


@pytest.mark.parametrize("value,current", [(4, False), (5, True)])
def test_a_value_after_a_gap_holds_while_2_above_the_last_logged(cli, value, current):
    ok(cli("log", "numbness=3", "--date", "2026-10-01"))
    ok(cli("log", "numbness=6", "--date", "2026-11-20"))  # 6 after 7 weeks: last logged 3
    ok(cli("log", f"numbness={value}"))
    assert aged(cli, "gap") == [current]
    text = ok(cli("alerts")).stdout
    assert ("Numbness, not yet told: 6/10 on Nov 20; " + f"{value} today" in text) is not current


@pytest.mark.parametrize("value,current", [(0, False), (1, True)])
def test_a_red_flag_symptom_holds_while_above_0(cli, value, current):
    ok(cli("log", "weakness=3", "--date", "2026-11-20", env=on("2026-11-20")))
    ok(cli("log", f"weakness={value}"))
    assert aged(cli, "red-flag") == [current]
    [alert] = [a for a in listed(cli) if "red-flag" in a["rules"]]
    assert ok(cli("alerts")).stdout.count("Weakness in the legs or arms, not yet told") == (
        0 if current else 1)
    assert alert["urgency"] == "today"  # JSON keeps its urgency


@pytest.mark.parametrize("level,current", [("knee", False), ("above", True)])
def test_an_extent_red_flag_holds_while_the_limb_is_as_high(cli, level, current):
    ok(cli("log", "--extent", "feet=above", "--date", "2026-11-20"))
    ok(cli("log", "--extent", f"feet={level}"))
    assert aged(cli, "red-flag") == [current]
    text = " ".join(ok(cli("alerts")).stdout.split())
    assert ("Numbness or tingling in the feet, not yet told" in text) is not current


@pytest.mark.parametrize("value,current", [(3, False), (4, True)])
def test_constipation_holds_while_at_4_or_more(cli, value, current):
    for day in ("2026-11-18", "2026-11-19", "2026-11-20"):
        ok(cli("log", "bowel=4", "--date", day))
    ok(cli("log", f"bowel={value}"))
    assert aged(cli, "constipation") == [current]
    text = " ".join(ok(cli("alerts")).stdout.split())
    assert ("Constipation, not yet told: 4/10 on Nov 20; " + f"{value} today" in text) is not (
        current)


@pytest.mark.parametrize("value,current", [(0, False), (1, True)])
def test_persisting_holds_while_1_above_the_level_before_treatment(cli, value, current):
    for day in range(1, 8):
        ok(cli("log", "numbness=0", "--date", f"2026-11-0{day}"))
    for day in ("2026-11-08", "2026-11-15"):
        ok(cli("treatment", "add", "oxaliplatin", "--date", day))
    ok(cli("log", "numbness=1", "--date", "2026-11-20", env=on("2026-11-20")))  # expected 22nd
    ok(cli("log", f"numbness={value}", "--date", "2026-11-23", env=on("2026-11-23")))
    assert [a["current"] for a in listed(cli, "2026-11-23", rule="persisting")] == [current]
