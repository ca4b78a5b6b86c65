"""Issue 23 items 3, 4, 7, 8 and 12, each from a repro of the issue's Why, through the real CLI:
a symptom no longer named reads "not logged", never recovered; one trend sentence everywhere,
judged on the change as shown; key points in the issue's order, each event once, dated by the
change, without internal ids; cycle-linked symptoms compared like for like."""

import json
from datetime import date, timedelta

from helpers_journal import ok


def days(first: str, count: int) -> list[str]:
    start = date.fromisoformat(first)
    return [(start + timedelta(n)).isoformat() for n in range(count)]


def markdown(cli, *extra):
    return ok(cli("export", "--format", "md", *extra)).stdout.replace("**", "")


def summary_json(cli, *extra):
    return json.loads(ok(cli("summary", "--json", *extra)).stdout)


def by_key(data):
    return {s["symptom"]: s for s in data["symptoms"]}


# -- item 8: a symptom no longer named is "not logged", never 0.0 ----------------------------
def stopped_naming_balance(cli):
    for day in days("2026-11-01", 10):
        ok(cli("log", "numbness=2", "balance=3", "--date", day, "--limits", "none"))
    ok(cli("visit", "add", "2026-11-10"))
    for day in days("2026-11-11", 10):
        ok(cli("log", "numbness=2", "--date", day, "--limits", "none"))


def test_balance_not_named_after_the_visit_is_not_logged_in_the_summary(cli):
    stopped_naming_balance(cli)
    out = ok(cli("summary", "--since", "last-visit")).stdout
    assert "balance: not logged since Nov 10 (last 3/10)" in out
    assert "balance 0.0" not in out and "-3.0" not in out
    balance = by_key(summary_json(cli, "--since", "last-visit"))["balance"]
    assert balance["recent"] is None and balance["change"] is None
    assert balance["since_visit"]["not_logged_since"] == "2026-11-10"
    assert balance["since_visit"]["last"] == 3
    assert balance["trend_words"] == "not logged since 2026-11-10 (last 3/10)"


def test_balance_not_named_is_not_logged_on_the_visit_page(cli):
    stopped_naming_balance(cli)
    page = markdown(cli, "--since", "last-visit")
    row = next(line for line in page.splitlines() if line.startswith("| Unsteady"))
    assert row.split("|")[3:5] == [" - ", " - "]  # Recent and Since visit: not 0.0, not -3.0
    assert "- Unsteady: not logged since 2026-11-10 (last 3/10)" in page
    assert "-3.0" not in page


def test_a_symptom_last_logged_0_still_counts_0(cli):
    for day in days("2026-11-01", 5):
        ok(cli("log", "numbness=2", "balance=0", "--date", day, "--limits", "none"))
    ok(cli("log", "numbness=2", "balance=2", "--date", "2026-11-06", "--limits", "none"))
    ok(cli("log", "balance=0", "--date", "2026-11-07"))
    for day in days("2026-11-08", 7):
        ok(cli("log", "numbness=2", "--date", day, "--limits", "none"))
    balance = by_key(summary_json(cli, "--since", "2026-11-01"))["balance"]
    assert balance["recent"] == 0.0  # last value 0: the unnamed days count 0


# -- item 4: one trend sentence, judged on the value as shown ---------------------------------
def change_of_41_over_21(cli):
    """Baseline 1/3 over 3 days before treatment, recent 16/7: a change of 41/21 = 1.95."""
    ok(cli("treatment", "add", "oxaliplatin", "--date", "2026-11-10", "--dose", "85mg/m2"))
    for day, value in zip(days("2026-11-05", 3), (1, 0, 0), strict=True):
        ok(cli("log", f"numbness={value}", "--date", day, "--limits", "none"))
    for day, value in zip(days("2026-11-19", 7), (2, 2, 2, 2, 2, 3, 3), strict=True):
        ok(cli("log", f"numbness={value}", "--date", day, "--limits", "none"))


SENTENCE = "+2.0 points since before treatment (worsening); rising over the last 2 weeks"


def test_a_change_shown_as_2_0_is_worsening_everywhere(cli):
    change_of_41_over_21(cli)
    numbness = by_key(summary_json(cli, "--since", "2026-11-01"))["numbness"]
    assert numbness["trend"] == "worsening"
    assert numbness["trend_words"] == SENTENCE
    out = ok(cli("summary", "--since", "2026-11-01"), ).stdout
    assert SENTENCE in " ".join(out.split())
    assert "(stable)" not in out and "treatment, stable" not in out
    page = markdown(cli, "--since", "2026-11-01")
    assert SENTENCE in page
    html = ok(cli("export", "--format", "html", "--since", "2026-11-01")).stdout
    assert SENTENCE in html


def test_level_and_direction_are_one_sentence_not_two_words(cli):
    for day in days("2026-10-20", 7):
        ok(cli("log", "numbness=1", "--date", day, "--limits", "none"))
    ok(cli("treatment", "add", "oxaliplatin", "--date", "2026-10-27", "--dose", "85mg/m2"))
    for day in days("2026-10-27", 30):
        ok(cli("log", "numbness=4", "--date", day, "--limits", "none"))
    numbness = by_key(summary_json(cli, "--since", "2026-11-01"))["numbness"]
    words = "+3.0 points since before treatment (worsening); steady over the last 2 weeks"
    assert numbness["trend_words"] == words
    out = " ".join(ok(cli("summary", "--since", "2026-11-01")).stdout.split())
    assert words in out and "before treatment, stable" not in out
    assert words in markdown(cli, "--since", "2026-11-01")


# -- done when: a caregiver's FOLFOX course of 4 cycles, md, html and pdf ---------------------
INFUSIONS = ["2026-09-30", "2026-10-14", "2026-10-28", "2026-11-11"]


def folfox_course(cli):
    """A caregiver keeps the journal: a week before treatment at 0, then 4 FOLFOX cycles
    (oxaliplatin, fluorouracil, leucovorin the same day); numbness 1, 2, 3, 4 through cycles
    1-4 (0 -> 4), a cold flare on days 1-4 after each infusion, walking new at 1 on Nov 20, a
    fall on Nov 21; a visit on the day of cycle 4."""
    ok(cli("profile", "set", "--name", "Maria Lopez", "--regimen", "FOLFOX"))
    for day in days("2026-09-23", 7):
        ok(cli("log", "numbness=0", "tingling=0", "cold=0", "--date", day, "--limits", "none",
               "--by", "caregiver"))
    for day in INFUSIONS:
        for drug, dose in (("oxaliplatin", "85mg/m2"), ("5-FU", "2400mg/m2"),
                           ("leucovorin", "400mg/m2")):
            ok(cli("treatment", "add", drug, "--date", day, "--dose", dose))
    ok(cli("visit", "add", "2026-11-11", "--with", "Dr Rivera"))
    for n, day in enumerate(days("2026-09-30", 57)):
        cycle = min(n // 14, 3)
        flare = n % 14
        values = [f"numbness={cycle + 1}", f"tingling={cycle}",
                  f"cold={5 - flare if 1 <= flare <= 4 else 0}"]
        if day >= "2026-11-20":
            values.append("walking=1")
        extra = ["--falls", "1"] if day == "2026-11-21" else []
        ok(cli("log", *values, "--date", day, "--limits", "none", "--by", "caregiver", *extra,
               env={"CIPN_JOURNAL_TODAY": day}))  # logged each day (issue 22 rule 9)


def key_point_lines(page: str) -> list[str]:
    box = page.split("## Key points")[1].split("## Symptoms")[0]
    return [line[2:] for line in box.splitlines() if line.startswith("- ")]


def test_a_caregivers_four_cycle_folfox_course_in_md(cli):
    folfox_course(cli)
    page = markdown(cli, "--since", "all")
    assert ("Treatment: oxaliplatin 340 mg/m2 in 4 infusions, with fluorouracil and "
            "leucovorin; cycle 4, day 15 (infusion 2026-11-11).") in page
    assert "fluorouracil cycle" not in page and "leucovorin cycle" not in page
    for cycle in (1, 2, 3, 4):  # one line per cycle, oxaliplatin's
        assert page.count(f"oxaliplatin cycle {cycle} (") == 1
    points = key_point_lines(page)
    # open 'today' alerts first (the fall), then persisting, then the nerve symptoms above
    # their pre-treatment baseline, then the rest (the new symptom once, as its alert)
    assert points[0] == "2026-11-21 Reported a fall; journal urgency: same day."
    assert points[1].startswith("2026-11-11 Symptoms persisted between every oxaliplatin "
                                "infusion since cycle 1: numbness 3/10")
    assert points[2].startswith("2026-10-14 Numbness, loss of feeling: +4.0 points since "
                                "before treatment (worsening)")  # dated by the change
    assert points[3].startswith("2026-10-28 Tingling, pins and needles: +3.0 points since "
                                "before treatment (worsening)")
    walking = [p for p in points if ("walking" in p.lower() or "Tripping" in p)
               and "persist" not in p]
    assert walking == ["2026-11-20 Trouble walking new at 1/10: 0 on every day with a value in "
                       "the previous 4 weeks; journal urgency: within days."]
    # the open persisting alerts after cycle 4 continue the persisted line, said once
    assert points[1].endswith("everyday tasks not limited; still above the pre-treatment "
                              "baseline before the next expected infusion (2026-11-22): "
                              "numbness 4/10, tingling 3/10, trouble walking 1/10; journal "
                              "urgency: within days")
    assert sum("persist" in p for p in points) == 1
    # numbness's open 'new' alert is the change its trend line gives: said with it, once
    assert points[2].endswith("; journal urgency: within days")
    assert not any(p.startswith("2026-09-30") for p in points)
    # three day-8 alerts for tingling are one line
    assert sum("beyond the expected acute effect" in p for p in points) == 1
    assert "also on 2026-10-21, 2026-11-04" in page
    assert "Fall reported" not in page
    assert "#" not in "\n".join(points) and "call the care team" not in page
    # the alerts table: one row for a cycle's persisting alert, naming every symptom
    assert ("| 2026-11-22 | Numbness persisting at 4/10, tingling at 3/10, trouble walking at "
            "1/10 in the 3 days before the next expected infusion (0/10 before treatment for "
            "numbness); journal urgency: within days. | open: not yet marked as told to the care "
            "team |") in page
    assert page.count("in the 3 days before the next expected infusion") == 3  # 3 cycles


def test_a_caregivers_four_cycle_folfox_course_in_html_and_pdf(cli, tmp_path):
    import shutil
    import subprocess

    folfox_course(cli)
    html = ok(cli("export", "--format", "html", "--since", "all")).stdout
    assert ("oxaliplatin 340 mg/m2 in 4 infusions, with fluorouracil and leucovorin"
            in html)
    assert "Reported a fall; journal urgency: same day." in html
    assert html.index("Reported a fall") < html.index("Symptoms persisted between every")
    if shutil.which("pdftotext") is None:
        return
    target = tmp_path / "visit.pdf"
    ok(cli("export", "-o", str(target), "--since", "all"))
    text = subprocess.run(["pdftotext", str(target), "-"], capture_output=True, text=True,
                          check=True).stdout
    flat = " ".join(text.split())
    assert "oxaliplatin 340 mg/m2 in 4 infusions, with fluorouracil and leucovorin" in flat
    assert flat.index("Reported a fall") < flat.index("Symptoms persisted between every")
    assert "fluorouracil cycle" not in flat
    info = subprocess.run(["pdfinfo", str(target)], capture_output=True, text=True,
                          check=True).stdout
    # the whole 8-week course: 3 pages, page 1 the treatment line, key points and symptoms
    assert int(next(line.split()[-1] for line in info.splitlines()
                    if line.startswith("Pages:"))) == 3
    first = " ".join(text.split("\f")[0].split())
    assert "oxaliplatin 340 mg/m2 in 4 infusions" in first
    assert "Reported a fall" in first and "Symptoms (0 none to 10 worst)" in first


def test_expected_effects_are_one_key_point(cli):
    folfox_course(cli)
    points = key_point_lines(markdown(cli, "--since", "all"))
    expected = [p for p in points if "Expected effects" in p]
    assert len(expected) == 1  # every open 'next' alert in one line
    assert all("journal urgency: within days" in p for p in points
               if "an expected acute effect" in p)  # the 'soon' ones stand alone
    assert expected[0].startswith("2026-11-12 Expected effects after infusions (")
    assert expected[0].endswith("cold-triggered tingling or pain 4/10 (2026-11-12)); journal "
                                "urgency: next infusion.")


# -- item 3: cycle-linked symptoms compared like for like --------------------------------------
def cold_flares(cli):
    """Cold 0 before treatment; oxaliplatin every 14 days from Oct 7; cold 4 on days 2-6 of
    each cycle, 0 otherwise; a visit on Nov 3, the quiet day 14 of cycle 2."""
    for day in days("2026-09-30", 7):
        ok(cli("log", "cold=0", "numbness=1", "--date", day, "--limits", "none"))
    for day in ("2026-10-07", "2026-10-21", "2026-11-04", "2026-11-18"):
        ok(cli("treatment", "add", "oxaliplatin", "--date", day, "--dose", "85mg/m2"))
    ok(cli("visit", "add", "2026-11-03"))
    for n, day in enumerate(days("2026-10-07", 50)):
        cold = 4 if 1 <= n % 14 <= 5 else 0
        ok(cli("log", f"cold={cold}", "numbness=1", "--date", day, "--limits", "none"))


COLD_WORDS = ("same as before treatment (stable); steady over the last 2 weeks (outside the 7 "
              "days from each infusion)")


def test_cold_reads_the_same_on_cycle_day_7_and_day_14(cli):
    cold_flares(cli)
    for until in ("2026-11-10", "2026-11-17"):  # cycle 3, day 7 and day 14
        cold = by_key(summary_json(cli, "--since", "2026-11-03", "--until", until))["cold"]
        assert cold["trend_words"] == COLD_WORDS, until
        assert cold["since_visit"]["change"] == 0.0, until
        page = markdown(cli, "--since", "2026-11-03", "--until", until)
        assert "Cold-triggered tingling or pain worse" not in page
        assert f"Cold-triggered tingling or pain: {COLD_WORDS}" in page


def test_each_cycle_shows_the_flare_against_the_previous_one(cli):
    cold_flares(cli)
    page = markdown(cli, "--since", "all")
    assert ("oxaliplatin cycle 3 (2026-11-04 to 2026-11-17): symptoms did not persist to the "
            "next cycle. cold-triggered tingling or pain flare: peak 4/10, 5 days (cycle before "
            "4/10, 5 days); 0/10 before the infusion (cycle before 0/10).") in page
    assert ("oxaliplatin cycle 1 (2026-10-07 to 2026-10-20): symptoms did not persist to the "
            "next cycle. cold-triggered tingling or pain flare: peak 4/10, 5 days; 0/10 before "
            "the infusion.") in page


# -- item 12: the smaller items ----------------------------------------------------------------
def test_the_extent_line_dates_a_level_by_its_first_record_either_way(cli):
    ok(cli("log", "numbness=2", "--extent", "feet=ankle", "--date", "2026-11-15"))
    ok(cli("weekly", "numbness.severity=2", "numbness.interference=1", "extent.feet=ankle",
           "--date", "2026-11-18"))
    page = markdown(cli, "--since", "2026-11-10")
    line = next(line for line in page.splitlines() if line.startswith("- feet:"))
    assert line.endswith("since 2026-11-15")


def test_csv_extent_rows_say_who_reported_them(cli, tmp_path):
    ok(cli("log", "numbness=2", "--extent", "feet=ankle", "--by", "caregiver"))
    target = tmp_path / "j.csv"
    ok(cli("export", "-o", str(target)))
    row = next(line for line in target.read_text(encoding="utf-8-sig").splitlines()
               if "extent:feet" in line)
    assert ",extent:feet,2,,,,,caregiver," in row


def test_markdown_course_text_comes_from_the_data_not_chart_points(cli):
    ok(cli("log", "numbness=0", "--date", "2025-10-01"))
    ok(cli("log", "numbness=5", "--date", "2025-10-04"))  # a 2-day chart point starts Oct 3
    ok(cli("log", "numbness=2", "--date", "2026-11-25"))
    page = markdown(cli, "--since", "all")
    assert "Numbness, loss of feeling: first above 0 on 2025-10-04 (5)" in page


def test_fhir_flags_speak_of_the_patient(cli):
    ok(cli("log", "numbness=8", "--falls", "1"))
    bundle = json.loads(ok(cli("export", "--format", "fhir")).stdout)
    flags = [e["resource"]["code"]["text"] for e in bundle["entry"]
             if e["resource"]["resourceType"] == "Flag"]
    assert flags and not any(" you" in f.lower() or f.lower().startswith("you")
                             for f in flags)
    assert "Reported a fall." in flags


# -- review: weekly infusions, the window's start, FHIR Flags ----------------------------------
def weekly_paclitaxel(cli):
    """A week at 0, then paclitaxel every 7 days for 7 weeks; numbness rises a point a week
    (0 -> 6), one point higher on days 2-3 of each week: no day is outside the 7 days from an
    infusion."""
    for day in days("2026-09-30", 7):
        ok(cli("log", "numbness=0", "--date", day, "--limits", "none"))
    infusions = days("2026-10-07", 49)[::7]
    for day in infusions:
        ok(cli("treatment", "add", "paclitaxel", "--date", day, "--dose", "80mg/m2"))
    for n, day in enumerate(days("2026-10-07", 50)):
        value = min(n // 7, 6) + (1 if n % 7 in (1, 2) else 0)
        ok(cli("log", f"numbness={min(value, 10)}", "--date", day, "--limits", "none",
               env={"CIPN_JOURNAL_TODAY": day}))


def test_weekly_infusions_leave_no_day_outside_the_flares_so_every_day_counts(cli):
    """Reviewer's repro: numbness 0 -> 6 on weekly paclitaxel read 'same as before treatment'
    or '-' (every day is within 7 days of an infusion)."""
    weekly_paclitaxel(cli)
    today = {"CIPN_JOURNAL_TODAY": "2026-11-25"}
    for since in ("all", "4 weeks ago"):
        data = json.loads(ok(cli("summary", "--json", "--since", since, env=today)).stdout)
        numbness = by_key(data)["numbness"]
        assert numbness["trend_words"].startswith("+6."), since
        assert "(worsening)" in numbness["trend_words"], since
        assert "outside the 7 days" not in numbness["trend_words"], since
    page = ok(cli("export", "--format", "md", "--since", "4 weeks ago", env=today)).stdout
    points = page.split("## Key points")[1].split("## Symptoms")[0]
    assert "Numbness, loss of feeling: +6." in points


def test_whether_a_symptom_is_cycle_linked_does_not_depend_on_the_window_start(cli):
    """Reviewer's repro on the 12-week demo: tingling read '+3.4 (worsening)' from Nov 20 and
    '+1.7 (stable) (outside the 7 days ...)' from Nov 13, over the same recent days."""
    today = {"CIPN_JOURNAL_TODAY": "2026-12-03"}
    ok(cli("demo", "--weeks", "12", env=today))
    said = {since: by_key(json.loads(ok(cli("summary", "--json", "--since", since,
                                             env=today)).stdout))["tingling"]["trend_words"]
            for since in ("2026-11-13", "2026-11-20", "2026-11-27")}
    assert said["2026-11-13"] == said["2026-11-20"], said
    # a window of flare days only (from the last infusion) reads the days before it: the same
    # level (its 2-week direction needs more days outside the flares than it reaches back)
    level = said["2026-11-13"].split(";")[0]
    assert said["2026-11-27"].startswith(level) and "outside the 7 days" in said["2026-11-27"]


def test_fhir_flags_name_no_internal_alert_and_speak_in_the_third_person(cli):
    """Reviewer's repro: a Flag ended '(escalates alert #{'date': ...})' and another read
    'Trouble with your hands'."""
    for day in days("2026-11-11", 7):
        ok(cli("log", "tingling=0", "grip=0", "--date", day, env={"CIPN_JOURNAL_TODAY": day}))
    ok(cli("treatment", "add", "oxaliplatin", "--date", "2026-11-18"))
    ok(cli("log", "tingling=2", "--date", "2026-11-19", env={"CIPN_JOURNAL_TODAY": "2026-11-19"}))
    ok(cli("log", "tingling=5", "grip=2", "--date", "2026-11-20",
           env={"CIPN_JOURNAL_TODAY": "2026-11-20"}))
    bundle = json.loads(ok(cli("export", "--format", "fhir", "--since", "all")).stdout)
    flags = [e["resource"]["code"]["text"] for e in bundle["entry"]
             if e["resource"]["resourceType"] == "Flag"]
    assert any("grip" in f.lower() or "hands" in f.lower() for f in flags), flags
    assert not any("{" in f or "#" in f or "your" in f.lower() for f in flags), flags


def test_a_change_before_the_window_is_dated_when_it_happened(cli):
    """Reviewer's repro: the 'above baseline' key point took the window's first day as its
    date (2026-10-29 from '4 weeks ago', 2026-11-05 from '3 weeks ago')."""
    weekly_paclitaxel(cli)
    today = {"CIPN_JOURNAL_TODAY": "2026-11-25"}
    for since in ("4 weeks ago", "3 weeks ago"):
        page = ok(cli("export", "--format", "md", "--since", since, env=today)).stdout
        points = key_point_lines(page.replace("**", ""))
        numbness = [p for p in points if p.startswith("2026-") and "Numbness, loss" in p]
        assert numbness and numbness[0].startswith("2026-10-15 "), (since, numbness)


def test_persisting_alerts_stored_one_per_symptom_before_m010_are_one_row(cli, db_path):
    """Journals from before m010 hold one persisting alert per symptom: the alerts table says
    a day's in one row."""
    import sqlite3

    folfox_course(cli)
    conn = sqlite3.connect(db_path, isolation_level=None)
    row = conn.execute("SELECT id, date, change_id, raised_at FROM alerts WHERE rule = "
                       "'persisting' AND date = '2026-11-22'").fetchone()
    conn.execute("UPDATE alerts SET subject = 'numbness', value = '4', reference = 0, "
                 "symptoms = NULL WHERE id = ?", (row[0],))
    conn.execute("INSERT INTO alerts (date, subject, rule, value, reference, message, raised_at, "
                 "status, change_id, urgency) VALUES (?, 'tingling', 'persisting', '3', 0, "
                 "'Tingling has not gone away.', ?, 'open', ?, 'soon')",
                 (row[1], row[3], row[2]))
    conn.close()
    page = markdown(cli, "--since", "all")
    assert ("| 2026-11-22 | Numbness 4/10 and tingling 3/10 persisting in the 3 days before the "
            "next expected infusion (0/10 before treatment); journal urgency: within days. | open: "
            "not yet marked as told to the care team |") in page
    assert page.count("| 2026-11-22 |") == 1


def test_flare_days_are_the_acute_days_from_each_infusion():
    """domain.cycle_linked.flare_days: the days of the list within ACUTE_DAYS of an infusion,
    the infusion day being the first (Pachman, JCO 2015: the acute syndrome of days 1-7)."""
    from datetime import date, timedelta

    from cipn_journal.domain.clinical import ACUTE_DAYS
    from cipn_journal.domain.cycle_linked import flare_days

    first, second = date(2026, 9, 1), date(2026, 9, 15)
    days = [first + timedelta(n) for n in range(-2, 30)]
    flares = flare_days(days, [first, second])
    assert flares == ({first + timedelta(n) for n in range(ACUTE_DAYS)}
                      | {second + timedelta(n) for n in range(ACUTE_DAYS)})
    assert first - timedelta(1) not in flares and first + timedelta(ACUTE_DAYS) not in flares
    assert flare_days(days, []) == set() and flare_days([], [first]) == set()
