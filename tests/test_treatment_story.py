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
