"""Issue 23 items 1, 2, 5 and 6, each from a repro of the issue's Why, through the real CLI:
the treatment line names the nerve-damaging drug first with its total and says when the course
ended; cycles are of the listed drugs only, drugs given the same day one cycle, "persisted"
runs merged and told with the values and limits before the next infusion; the baseline says
what it is; the grade estimate reads nerve symptoms only and needs a limits answer."""

import json

from helpers_journal import ok


def folfox(cli, days, *, order=("oxaliplatin", "5-FU", "leucovorin")):
    doses = {"oxaliplatin": "85mg/m2", "5-FU": "2400mg/m2", "leucovorin": "400mg/m2"}
    for day in days:
        for drug in order:
            ok(cli("treatment", "add", drug, "--date", day, "--dose", doses[drug]))


def summary_json(cli, *extra):
    return json.loads(ok(cli("summary", "--json", *extra)).stdout)


def markdown(cli, *extra):
    return ok(cli("export", "--format", "md", *extra)).stdout.replace("**", "")


# -- item 1: the treatment line ----------------------------------------------------------------
def test_folfox_names_oxaliplatin_first_with_its_total_in_either_order(cli):
    folfox(cli, ["2026-11-05"], order=("5-FU", "leucovorin", "oxaliplatin"))
    folfox(cli, ["2026-11-19"])
    ok(cli("log", "numbness=2", "--date", "2026-11-24", "--limits", "none"))
    line = "oxaliplatin 170 mg/m2 in 2 infusions, with fluorouracil and leucovorin"
    assert summary_json(cli)["treatment"]["line"] == line
    assert line in ok(cli("summary")).stdout
    page = markdown(cli)
    assert f"Treatment: {line}; cycle 2, day 7 (infusion 2026-11-19)." in page
    assert "total so far 4800" not in page and "fluorouracil, cycle" not in page


def test_after_the_course_the_line_says_it_ended(cli):
    days = ["2025-11-20", "2025-12-04", "2025-12-18", "2026-01-01", "2026-01-15",
            "2026-01-29", "2026-02-12"]
    folfox(cli, days)
    ok(cli("log", "numbness=3", "--date", "2026-11-24", "--limits", "none"))
    ended = "Treatment ended: last oxaliplatin 2026-02-12 (286 days ago), total 595 mg/m2"
    data = summary_json(cli)["treatment"]
    assert data["line"] == ended
    assert data["ended"] == {"drugs": ["oxaliplatin"], "last": "2026-02-12", "days": 286}
    assert ended in ok(cli("summary")).stdout
    page = markdown(cli)
    assert f"Treatment: {ended}." in page
    assert "cycle 7, day" not in page
    fhir = ok(cli("export", "--format", "fhir")).stdout
    assert ended in fhir


def test_cycles_with_nothing_logged_before_the_next_infusion_are_one_line(cli):
    """Reviewer's repro: a course that ended before the journal began printed one identical
    'not known: nothing logged...' line per cycle."""
    days = ["2025-11-20", "2025-12-04", "2025-12-18", "2026-01-01", "2026-01-15",
            "2026-01-29", "2026-02-12"]
    folfox(cli, days)
    ok(cli("log", "numbness=3", "--date", "2026-11-24", "--limits", "none"))
    page = markdown(cli, "--since", "all")
    assert ("oxaliplatin cycles 1-6 (2025-11-20 to 2026-02-11): not known: nothing logged in the "
            "3 days before the next infusion.") in page
    assert page.count("not known: nothing logged") == 1
    assert "oxaliplatin cycle 7 (2026-02-12 to " in page


# -- item 2: cycles of the listed drugs, named together, "persisted" merged and told -----------
def cycles_json(cli):
    return json.loads(ok(cli("treatment", "list", "--cycles", "--json")).stdout)


def test_folfox_cycles_are_oxaliplatins_only(cli):
    folfox(cli, ["2026-10-08", "2026-10-22", "2026-11-05"])
    ok(cli("log", "numbness=1", "--date", "2026-11-06", "--limits", "none"))
    cycles = cycles_json(cli)
    assert [(c["drug"], c["cycle"], c["date"]) for c in cycles] == [
        ("oxaliplatin", 1, "2026-10-08"), ("oxaliplatin", 2, "2026-10-22"),
        ("oxaliplatin", 3, "2026-11-05")]
    page = markdown(cli, "--since", "2026-10-01")
    assert "fluorouracil cycle" not in page and "leucovorin cycle" not in page
    # one line for oxaliplatin's cycles 1-2 (nothing logged before their next infusions)
    assert page.count("oxaliplatin cycles 1-2 (") == 1 and "oxaliplatin cycle 2 (" not in page


def test_drugs_given_the_same_day_are_one_cycle_named_together(cli):
    for day in ("2026-10-01", "2026-10-22"):
        ok(cli("treatment", "add", "Taxol", "--date", day))
        ok(cli("treatment", "add", "carboplatin", "--date", day))
    cycles = cycles_json(cli)
    assert [(c["drug"], c["drugs"], c["cycle"]) for c in cycles] == [
        ("carboplatin and paclitaxel", ["carboplatin", "paclitaxel"], 1),
        ("carboplatin and paclitaxel", ["carboplatin", "paclitaxel"], 2)]
    ok(cli("log", "numbness=1", "--limits", "none", "--date", "2026-11-10"))
    shown = ok(cli("summary", "--until", "2026-11-10")).stdout
    assert "On 2026-11-10: cycle 2, day 20." in shown
    assert "carboplatin and paclitaxel cycle 2, from 2026-10-22" in shown


def weekly_paclitaxel(cli):
    """Baseline 0; six weekly infusions; from the third on numbness 3 and grip 2 the day before
    each next infusion, with everyday tasks not limited."""
    for day in range(1, 8):
        ok(cli("log", "numbness=0", "grip=0", "--date", f"2026-09-{day:02d}", "--limits", "none"))
    days = ["2026-09-08", "2026-09-15", "2026-09-22", "2026-09-29", "2026-10-06", "2026-10-13"]
    for day in days:
        ok(cli("treatment", "add", "paclitaxel", "--date", day, "--dose", "80mg/m2"))
    ok(cli("log", "numbness=0", "grip=0", "--date", "2026-09-14", "--limits", "none"))
    ok(cli("log", "numbness=0", "grip=0", "--date", "2026-09-21", "--limits", "none"))
    for day in ("2026-09-28", "2026-10-05", "2026-10-12"):
        ok(cli("log", "numbness=3", "grip=2", "--date", day, "--limits", "none"))


def test_weekly_persisted_results_merge_and_say_values_and_limits(cli):
    weekly_paclitaxel(cli)
    page = markdown(cli, "--since", "2026-09-01", "--until", "2026-10-15")
    line = ("Symptoms persisted between every paclitaxel infusion since cycle 3: numbness "
            "3/10, grip 2/10 the day before; everyday tasks not limited")
    assert line in page
    assert page.count("Symptoms persisted") == 1
    assert f"**2026-10-13** {line}" in ok(cli("export", "--format", "md", "--since",
                                             "2026-09-01", "--until", "2026-10-15")).stdout
    assert ("paclitaxel cycle 4 (2026-09-29 to 2026-10-05): symptoms persisted to the next "
            "cycle: numbness 3/10, grip 2/10 the day before; everyday tasks not limited.") in page
    cycles = cycles_json(cli)
    assert [c["limits_before_next"] for c in cycles] == [
        "none", "none", "none", "none", "none", None]


# -- item 5: the baseline says what it is ------------------------------------------------------
def test_a_pre_treatment_baseline_is_before_treatment(cli):
    for day in range(11, 18):
        ok(cli("log", "numbness=1", "--date", f"2026-09-{day}", "--limits", "none"))
    folfox(cli, ["2026-09-18"])
    ok(cli("log", "numbness=4", "--date", "2026-09-25", "--limits", "none"))
    shown = ok(cli("summary", "--until", "2026-09-25")).stdout
    assert "baseline: before treatment (Sep 11-17)" in shown
    assert "+0.4 points since before treatment" in shown
    data = summary_json(cli, "--until", "2026-09-25")["baseline_basis"]
    assert (data["kind"], data["treatment"]) == ("pre-treatment", "before")
    page = markdown(cli, "--until", "2026-09-25")
    assert "Baseline: before treatment (Sep 11-17)" in page


def test_a_journal_started_after_the_course_says_so(cli):
    folfox(cli, ["2026-03-05", "2026-03-19", "2026-04-02"])
    for day in range(1, 8):
        ok(cli("log", "numbness=3", "--date", f"2026-10-0{day}", "--limits", "none"))
    ok(cli("log", "numbness=3", "--date", "2026-10-20", "--limits", "none"))
    shown = ok(cli("summary", "--until", "2026-10-20")).stdout
    assert "baseline: journal start, after treatment (Oct 1-7)" in shown
    assert "before treatment" not in shown
    assert "same as at journal start" in shown
    assert summary_json(cli, "--until", "2026-10-20")["baseline_basis"]["treatment"] == "after"
    page = markdown(cli, "--until", "2026-10-20")
    assert "Baseline: journal start, after treatment (Oct 1-7)" in page
    assert "before treatment" not in page


def test_a_journal_started_during_the_course_says_so(cli):
    folfox(cli, ["2026-10-01", "2026-10-15"])
    for day in range(2, 9):
        ok(cli("log", "numbness=2", "--date", f"2026-10-0{day}", "--limits", "none"))
    shown = ok(cli("summary", "--until", "2026-10-20")).stdout
    assert "baseline: journal start, during treatment (Oct 2-8)" in shown
    assert "before treatment" not in shown


# -- item 6: the grade estimate from nerve symptoms, with a limits answer ----------------------
def test_bowel_and_bladder_do_not_make_a_grade(cli):
    ok(cli("log", "bowel=3", "bladder=2", "--limits", "none"))
    data = summary_json(cli)["grade_latest"]
    assert (data["grade"], data["highest"]) == (0, 0)
    shown = ok(cli("summary")).stdout
    assert "grade 1" not in shown and "Mild symptoms" not in shown


def test_limits_with_only_bowel_give_no_sensory_neuropathy_grade(cli):
    ok(cli("log", "bowel=2", "--limits", "everyday"))
    assert summary_json(cli)["grade_latest"] is None
    assert "Peripheral sensory neuropathy" not in markdown(cli)


def test_no_limits_answer_no_estimate(cli):
    ok(cli("log", "numbness=3", "--date", "2026-11-20"))
    ok(cli("log", "numbness=7", "tingling=2"))
    assert summary_json(cli)["grade_latest"] is None
    shown = ok(cli("summary")).stdout
    assert "limits not recorded" in shown
    assert "no limits on daily activities reported" not in shown
    page = markdown(cli)
    assert "limits not recorded" in page
    assert "not reported as limited" not in page


def test_grade_wording_with_the_highest_severity_that_day(cli):
    ok(cli("log", "numbness=7", "bowel=9", "--limits", "none"))
    line = ("grade 1 (symptoms, no limits on activities reported); highest severity that day "
            "7/10")
    assert line in ok(cli("summary")).stdout
    assert line in markdown(cli)
    assert "without limits it stays at 1" not in markdown(cli)


def test_weekly_interference_and_daily_limits_disagree_in_one_line(cli):
    for n in range(1, 6):
        ok(cli("log", "numbness=3", "--date", f"2026-11-{18 + n}", "--limits", "none"))
    ok(cli("weekly", "numbness.severity=2", "numbness.interference=somewhat", "--date",
           "2026-11-24"))
    line = ("The weekly answer of 2026-11-24 (numbness or tingling interfered \"Somewhat\" with "
            "usual or daily activities) and the daily limits (none on 5 days) disagree.")
    assert line in ok(cli("summary")).stdout
    assert markdown(cli).count(line) == 1


def test_fhir_grade_names_the_term_and_method_used(cli):
    ok(cli("log", "numbness=4", "--limits", "none", "--date", "2026-11-24"))
    ok(cli("log", "numbness=5", "--limits", "everyday"))
    bundle = json.loads(ok(cli("export", "--format", "fhir")).stdout)
    grades = [e["resource"] for e in bundle["entry"]
              if e["resource"]["resourceType"] == "Observation"
              and e["resource"]["code"]["coding"][0]["code"] == "grade-estimate"]
    assert [(g["valueInteger"], g["code"]["text"]) for g in grades] == [
        (1, "Paresthesia grade (NCI CTCAE v5.0 term), patient-reported estimate"),
        (2, "Peripheral sensory neuropathy grade (NCI CTCAE v5.0 term), "
            "patient-reported estimate")]
    assert "Mild symptoms" in grades[0]["note"][0]["text"]
    assert "Asymptomatic" not in json.dumps(grades)
    method = grades[0]["method"]["text"]
    assert "limits" in method and "numbness" in method and "bowel" not in method
    assert "highest symptom severity" not in method
