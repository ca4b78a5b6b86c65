"""`cipn meds effect NAME` (issue 26): journals built by hand through the CLI, with values one can
average in one's head, checking every number, word and context line. Today is 2026-11-25."""

import json
from datetime import date, timedelta

import pytest
from helpers_journal import ok

from cipn_journal.domain import clinical
from cipn_journal.domain.meds import ALC_CAUTION

CAVEAT = ("A before-and-after in one person cannot show what caused a change; bring this to "
          "your care team.")


def log(cli, day: str, *values: str) -> None:
    ok(cli("log", *values, "--date", day))


def every_other(first: str, count: int) -> list[str]:
    start = date.fromisoformat(first)
    return [(start + timedelta(days=2 * n)).isoformat() for n in range(count)]


def table_row(text: str, label: str) -> list[str]:
    """The cells of a symptom's row in the plain table (two spaces or more apart)."""
    line = next(line for line in text.splitlines() if line.startswith(label + "  "))
    return [cell.strip() for cell in line[len(label):].split("  ") if cell.strip()]


def context(text: str) -> list[str]:
    lines = text.splitlines()
    if "What else changed:" not in lines:
        return []
    start = lines.index("What else changed:") + 1
    return [line[2:] for line in lines[start:] if line.startswith("- ")]


# -- a supplement started mid-course, infusions in both windows ----------------------------------
@pytest.fixture
def mid_course(cli):
    """Weekly paclitaxel 80 mg/m2 from Oct 20; glutamine from Nov 1 (before: Oct 18-31, after:
    Nov 12-25); vitamin B12 from Oct 26."""
    for day in ("2026-10-20", "2026-10-27", "2026-11-03", "2026-11-10", "2026-11-17",
                "2026-11-24"):
        ok(cli("treatment", "add", "paclitaxel", "--date", day, "--dose", "80mg/m2"))
    # before, first half (Oct 18-24): numbness 1, pain 4, tingling 2, burning 2
    for day in every_other("2026-10-18", 4):
        log(cli, day, "numbness=1", "pain=4", "tingling=2", "burning=2", "bowel=5")
    # second half (Oct 25-31): numbness 3, pain 4; tingling 0 then unnamed (counts 0);
    # burning unnamed after 2 (not logged)
    log(cli, "2026-10-25", "numbness=3", "pain=4", "tingling=0")
    for day in every_other("2026-10-27", 3):
        log(cli, day, "numbness=3", "pain=4")
    ok(cli("meds", "add", "vitamin B12", "--start", "2026-10-26"))
    ok(cli("meds", "add", "glutamine", "--start", "2026-11-01"))
    log(cli, "2026-11-05", "numbness=9", "pain=9")  # between the windows: not compared
    # after (Nov 12-25): numbness 4 on 7 days; pain 2 on 4 days then unnamed (not logged);
    # tingling 1, 2, 1, 2; burning 3 on 4 days
    for n, day in enumerate(every_other("2026-11-12", 4)):
        log(cli, day, "numbness=4", "pain=2", f"tingling={1 + n % 2}", "burning=3")
    for day in every_other("2026-11-20", 3):
        log(cli, day, "numbness=4")


def test_mid_course_supplement_numbers_words_and_context(cli, mid_course):
    result = ok(cli("meds", "effect", "glutamine"))
    text = result.stdout
    assert text.splitlines()[:3] == [
        "glutamine (supplement), taken since 2026-11-01",
        "Before: 18 Oct 2026 to 31 Oct 2026 (14 days, 8 with entries)",
        "After:  12 Nov 2026 to 25 Nov 2026 (14 days, 7 with entries)",
    ]
    assert table_row(text, "Numbness") == ["2.0", "4.0", "+2.0 points", "higher"]
    # pain not named on Nov 20-24 after 2: not logged, not 0 (that would make it 1.1)
    assert table_row(text, "Shooting or stabbing pain") == ["4.0", "2.0", "-2.0 points",
                                                            "lower"]
    # tingling 0 on Oct 25, then unnamed: counts 0 (8 days, total 8); after 6/4
    assert table_row(text, "Tingling") == ["1.0", "1.5", "+0.5 points", "about the same"]
    # exactly 1 point: within 1 point, about the same
    assert table_row(text, "Burning") == ["2.0", "3.0", "+1.0 points", "about the same"]
    assert "Constipation" not in text  # not a nerve symptom
    assert context(text) == [
        "treatment during the before window: 2 paclitaxel infusions, +160 mg/m2",
        "treatment between the windows: 2 paclitaxel infusions, +160 mg/m2",
        "treatment continued: 2 paclitaxel infusions, +160 mg/m2, during the after window: "
        "symptoms often rise regardless",
        "Numbness was already rising, +2.0 in the 14 days before the start",
        "Tingling was already falling, -2.0 in the 14 days before the start",
        "vitamin B12 (supplement) started on 2026-10-26, in the before window",
    ]
    assert text.rstrip().endswith(CAVEAT)
    for word in ("helped", "worked", "effect of", "because", "improved by"):
        assert word not in text.casefold()
    assert result.stderr == ""


def test_mid_course_json_has_windows_exact_numbers_and_context(cli, mid_course):
    data = json.loads(ok(cli("meds", "effect", "Glutamine", "--json")).stdout)
    assert data["windows"] == {
        "before": {"from": "2026-10-18", "to": "2026-10-31", "days": 14, "days_with_values": 8},
        "after": {"from": "2026-11-12", "to": "2026-11-25", "days": 14, "days_with_values": 7},
        "after_from": 0}
    assert data["enough"] is True and data["too_few"] is None
    by_key = {s["symptom"]: s for s in data["symptoms"]}
    assert list(by_key) == ["numbness", "tingling", "burning", "pain"]
    assert by_key["pain"]["before"] == {"mean": 4.0, "days": 8, "total": 32}
    assert by_key["pain"]["after"] == {"mean": 2.0, "days": 4, "total": 8}
    assert (by_key["pain"]["difference"], by_key["pain"]["word"]) == (-2.0, "lower")
    assert by_key["numbness"]["trend_before"] == 2.0
    assert by_key["tingling"]["after"] == {"mean": 1.5, "days": 4, "total": 6}
    treatment = [c for c in data["context"] if c["kind"] == "treatment"]
    assert [(c["window"], c["drug"], c["infusions"], c["added"]) for c in treatment] == [
        ("before", "paclitaxel", 2, [{"dose": 160.0, "unit": "mg/m2"}]),
        ("between", "paclitaxel", 2, [{"dose": 160.0, "unit": "mg/m2"}]),
        ("after", "paclitaxel", 2, [{"dose": 160.0, "unit": "mg/m2"}])]
    assert [c for c in data["context"] if c["kind"] == "medicine"] == [{
        "kind": "medicine", "name": "vitamin B12", "change": "started", "date": "2026-10-26",
        "window": "before",
        "text": "vitamin B12 (supplement) started on 2026-10-26, in the before window"}]
    assert data["caveat"] == CAVEAT and data["caution"] is None
    assert data["med"]["name"] == "glutamine"


# -- a medicine started after the course ------------------------------------------------------
@pytest.fixture
def after_course(cli):
    """Oxaliplatin Aug 20 - Oct 1; duloxetine from Nov 2 (before: Oct 19 - Nov 1)."""
    for day in ("2026-08-20", "2026-09-03", "2026-09-17", "2026-10-01"):
        ok(cli("treatment", "add", "oxaliplatin", "--date", day, "--dose", "85mg/m2"))
    for day in every_other("2026-10-19", 7):
        log(cli, day, "pain=6", "numbness=3")
    ok(cli("meds", "add", "duloxetine", "--start", "2026-11-02"))
    for day in ("2026-11-12", "2026-11-14"):
        log(cli, day, "pain=5", "numbness=3")
    for day in every_other("2026-11-16", 5):
        log(cli, day, "pain=4", "numbness=3")


def test_after_the_course_says_coasting_and_no_treatment(cli, after_course):
    text = ok(cli("meds", "effect", "duloxetine")).stdout
    assert text.splitlines()[0] == "duloxetine (medicine), taken since 2026-11-02"
    # after: 5 + 5 + 4 * 5 = 30 over 7 days = 4.29
    assert table_row(text, "Shooting or stabbing pain") == ["6.0", "4.3", "-1.7 points",
                                                            "lower"]
    assert table_row(text, "Numbness") == ["3.0", "3.0", "0.0 points", "about the same"]
    assert context(text) == [
        "oxaliplatin coasting: the after window ends 55 days after the last oxaliplatin "
        f"infusion (2026-10-01). {clinical.COASTING_EXPLAINED}"]
    assert text.rstrip().endswith(CAVEAT)


def test_after_from_starts_the_after_window_later(cli, after_course):
    text = ok(cli("meds", "effect", "duloxetine", "--after-from", "14")).stdout
    assert ("After:  16 Nov 2026 to 25 Nov 2026 (10 days, 5 with entries), from 14 days after "
            "the start") in text
    assert table_row(text, "Shooting or stabbing pain") == ["6.0", "4.0", "-2.0 points",
                                                            "lower"]
    data = json.loads(ok(cli("meds", "effect", "duloxetine", "--after-from", "14",
                             "--json")).stdout)
    assert data["windows"]["after"]["from"] == "2026-11-16"
    assert data["windows"]["after_from"] == 14


def test_after_from_beyond_today_shows_no_comparison(cli, after_course):
    text = ok(cli("meds", "effect", "duloxetine", "--after-from", "30")).stdout
    assert ("Too few days to compare: each window needs at least 4 days with values: the after "
            "window starts 30 days after the start, which is after 2026-11-25.") in text
    assert "Shooting" not in text and text.rstrip().endswith(CAVEAT)


@pytest.mark.parametrize("bad", ["-1", "two", "1.5", "99999", ""])
def test_bad_after_from_is_refused(cli, after_course, bad):
    result = cli("meds", "effect", "duloxetine", "--after-from", bad)
    assert result.exit_code == 2
    assert f"--after-from {bad!r} is not a number of days" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and result.stdout == ""


# -- one stopped ------------------------------------------------------------------------------
def test_a_stopped_medicine_compares_the_14_days_before_it_stopped(cli):
    for day in every_other("2026-09-17", 7):
        log(cli, day, "numbness=2")
    ok(cli("meds", "add", "glutamine", "--start", "2026-10-01"))
    for day in every_other("2026-10-28", 7):
        log(cli, day, "numbness=5")
    ok(cli("meds", "stop", "glutamine", "--date", "2026-11-10"))
    log(cli, "2026-11-20", "numbness=1")  # after it stopped: not in the after window
    text = ok(cli("meds", "effect", "glutamine")).stdout
    assert text.splitlines()[:3] == [
        "glutamine (supplement), taken from 2026-10-01 to 2026-11-10",
        "Before: 17 Sep 2026 to 30 Sep 2026 (14 days, 7 with entries)",
        "After:  28 Oct 2026 to 10 Nov 2026 (14 days, 7 with entries)",
    ]
    assert table_row(text, "Numbness") == ["2.0", "5.0", "+3.0 points", "higher"]


# -- too few days ---------------------------------------------------------------------------------
def test_three_days_after_is_too_few_four_is_enough(cli):
    for day in every_other("2026-11-06", 7):
        log(cli, day, "pain=3")
    ok(cli("meds", "add", "magnesium", "--start", "2026-11-20"))
    for day in ("2026-11-20", "2026-11-22", "2026-11-23"):
        log(cli, day, "pain=2")
    text = ok(cli("meds", "effect", "magnesium")).stdout
    assert ("Too few days to compare: each window needs at least 4 days with values: 7 before, "
            "3 after.") in text
    assert "points" not in text and text.rstrip().endswith(CAVEAT)
    data = json.loads(ok(cli("meds", "effect", "magnesium", "--json")).stdout)
    assert (data["enough"], data["symptoms"]) == (False, [])
    log(cli, "2026-11-25", "pain=1")
    text = ok(cli("meds", "effect", "magnesium")).stdout
    assert table_row(text, "Shooting or stabbing pain") == ["3.0", "1.8", "-1.3 points",
                                                            "lower"]


def test_what_unnamed_days_say_and_a_row_with_too_few_days(cli):
    for day in every_other("2026-11-06", 7):
        log(cli, day, "pain=3", "numbness=1", "burning=2")
    ok(cli("meds", "add", "magnesium", "--start", "2026-11-20"))
    log(cli, "2026-11-20", "pain=2", "numbness=0")
    for day in ("2026-11-21", "2026-11-22", "2026-11-23"):
        log(cli, day, "pain=2")  # numbness counts 0 (last 0)
    log(cli, "2026-11-24", "pain=2", "numbness=2")
    log(cli, "2026-11-25", "pain=2")  # numbness not logged (last 2)
    text = ok(cli("meds", "effect", "magnesium")).stdout
    assert table_row(text, "Numbness") == ["1.0", "0.4", "-0.6 points", "about the same"]
    # burning unnamed after 2: not logged on every day after, so no comparison for it
    assert table_row(text, "Burning") == ["2.0", "-", "too few days (7 before, 0 after)"]
    ok(cli("log", "numbness=5", "--date", "2026-11-21"))
    ok(cli("log", "numbness=5", "--date", "2026-11-22"))
    ok(cli("log", "numbness=5", "--date", "2026-11-23"))
    ok(cli("log", "numbness=5", "--date", "2026-11-20"))
    text = ok(cli("meds", "effect", "magnesium")).stdout
    assert table_row(text, "Numbness") == ["1.0", "4.4", "+3.4 points", "higher"]


# -- names ----------------------------------------------------------------------------------------
def test_a_name_given_by_alias_and_the_acetyl_l_carnitine_caution(cli):
    for day in every_other("2026-10-18", 7):
        log(cli, day, "tingling=2")
    ok(cli("meds", "add", "ALCAR", "--start", "2026-11-01"))
    for day in every_other("2026-11-12", 7):
        log(cli, day, "tingling=4")
    for name in ("acetyl-L-carnitine", "acetyl l carnitine", "alcar"):
        text = ok(cli("meds", "effect", name)).stdout
        assert text.splitlines()[0] == "ALCAR (supplement), taken since 2026-11-01"
        assert table_row(text, "Tingling") == ["2.0", "4.0", "+2.0 points", "higher"]
        assert ALC_CAUTION in text
    data = json.loads(ok(cli("meds", "effect", "ALC", "--json")).stdout)
    assert data["caution"] == ALC_CAUTION


def test_case_and_spacing_do_not_matter(cli):
    ok(cli("meds", "add", "Vitamin B 12", "--start", "2026-11-01"))
    text = ok(cli("meds", "effect", "vitamin-b12")).stdout
    assert text.splitlines()[0] == "Vitamin B 12 (supplement), taken since 2026-11-01"


def test_an_unknown_name_is_bad_input_naming_what_is_listed(cli):
    ok(cli("meds", "add", "glutamine", "--start", "2026-11-01"))
    result = cli("meds", "effect", "duloxetine")
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.strip() == (
        "Error: 'duloxetine' is not among your supplements and medicines: listed are "
        "'glutamine'. `cipn meds list` shows them.")


def test_no_journal_is_said_and_nothing_is_created(cli, db_path):
    result = cli("meds", "effect", "glutamine")
    assert result.exit_code == 1 and "No journal at" in result.stderr
    assert not db_path.exists()


# -- the visit document ---------------------------------------------------------------------------
def test_visit_document_line_per_medicine_started_in_its_window(cli, mid_course, tmp_path):
    ok(cli("meds", "add", "duloxetine", "--start", "2026-11-24"))  # too few days after: no line
    target = tmp_path / "visit.md"
    ok(cli("export", "--format", "md", "--since", "2026-11-01", "-o", str(target)))
    text = target.read_text()
    lines = [line for line in text.splitlines() if "since starting" in line]
    assert lines == [
        r"- since starting glutamine on Nov 1: numbness 2.0 -> 4.0 (8 days before, 7 after); "
        r"tingling 1.0 -> 1.5 (8 days before, 4 after); burning 2.0 -> 3.0 (4 days each); "
        r"pain 4.0 -> 2.0 (8 days before, 4 after); treatment continued"]
    assert CAVEAT in text
    html = tmp_path / "visit.html"
    ok(cli("export", "--format", "html", "--since", "2026-11-01", "-o", str(html)))
    assert "since starting glutamine on Nov 1: numbness 2.0 -&gt; 4.0" in html.read_text()


def test_visit_document_has_no_line_for_a_medicine_started_before_its_window(cli, mid_course,
                                                                              tmp_path):
    target = tmp_path / "visit.md"
    ok(cli("export", "--format", "md", "--since", "2026-11-10", "-o", str(target)))
    text = target.read_text()
    assert "glutamine" in text and "since starting" not in text


def test_readme_states_the_rule_and_the_sentence(cli):
    from pathlib import Path

    readme = " ".join((Path(__file__).parent.parent / "README.md").read_text().split())
    assert clinical.EFFECT_CAVEAT in readme
    assert clinical.EFFECT_EXPLAINED in readme
    assert (f"fewer than {clinical.EFFECT_MIN_DAYS} days with values in either window"
            in readme)
    assert f"(within {clinical.EFFECT_SAME_POINTS} point)" in readme


def test_only_other_symptoms_logged_says_no_nerve_symptom(cli):
    for day in every_other("2026-10-18", 7) + every_other("2026-11-12", 7):
        log(cli, day, "bowel=3")
    ok(cli("meds", "add", "magnesium", "--start", "2026-11-01"))
    text = ok(cli("meds", "effect", "magnesium")).stdout
    assert "No nerve symptom was logged in either window." in text
    assert "Constipation" not in text and text.rstrip().endswith(CAVEAT)


def test_stopped_today_ends_the_after_window_today(cli):
    ok(cli("meds", "add", "glutamine", "--start", "2026-11-01"))
    ok(cli("meds", "stop", "glutamine"))
    text = ok(cli("meds", "effect", "glutamine")).stdout
    assert text.splitlines()[:3] == [
        "glutamine (supplement), taken from 2026-11-01 to 2026-11-25",
        "Before: 18 Oct 2026 to 31 Oct 2026 (14 days, 0 with entries)",
        "After:  12 Nov 2026 to 25 Nov 2026 (14 days, 0 with entries)"]


def test_a_name_is_shown_as_text_never_as_markup(cli):
    ok(cli("meds", "add", "[bold]cream[/bold]\x1b[31m", "--start", "2026-11-01"))
    result = ok(cli("meds", "effect", "[bold]cream[/bold]\x1b[31m"))
    assert "[bold]cream[/bold]" in result.stdout and "\x1b" not in result.stdout
