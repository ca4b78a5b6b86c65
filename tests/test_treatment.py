"""Infusions and cycles through the CLI: the drug table, doses and cumulative sums, inferred and
corrected cycle numbers, cycle-day context, the per-cycle `persisted` rule on a hand-built
journal, the oxaliplatin coasting note, bad input and undo."""

import json
import re
from datetime import date

import pytest

from cipn_journal.domain.treatment import DRUGS
from cipn_journal.reports.cycles import coasting_note, cycle_context, cycles_in_window
from cipn_journal.store import treatments
from cipn_journal.store.connection import Store

TREATMENT_KEYS = ["id", "date", "entered", "drug", "class", "cycle", "dose", "unit", "route",
                  "cumulative", "note"]


def add(cli, drug, when, *extra):
    result = cli("treatment", "add", drug, "--date", when, *extra)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    return result


def listed(cli, *extra):
    result = cli("treatment", "list", "--json", *extra)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def count(query, table="treatments"):
    return query(f"SELECT COUNT(*) FROM {table}")[0][0]


@pytest.fixture
def store(db_path):
    """Open the journal the CLI wrote, for the functions the summary and exports use."""
    opened = []

    def open_():
        found = Store.open(db_path, create=False)
        opened.append(found)
        return found

    yield open_
    for found in opened:
        if found is not None:
            found.close()


# -- the drug table -----------------------------------------------------------------------------
@pytest.mark.parametrize("typed,generic,drug_class", [
    ("oxaliplatin", "oxaliplatin", "platinum"),
    ("Eloxatin", "oxaliplatin", "platinum"),
    ("TAXOL", "paclitaxel", "taxane"),
    ("taxotere", "docetaxel", "taxane"),
    ("Abraxane", "nab-paclitaxel", "taxane"),
    ("nab paclitaxel", "nab-paclitaxel", "taxane"),
    ("Platinol", "cisplatin", "platinum"),
    ("Paraplatin", "carboplatin", "platinum"),
    ("Jevtana", "cabazitaxel", "taxane"),
    ("Ixempra", "ixabepilone", "epothilone"),
    ("Oncovin", "vincristine", "plant alkaloid"),
    ("Navelbine", "vinorelbine", "plant alkaloid"),
    ("Velban", "vinblastine", "plant alkaloid"),
    ("VP-16", "etoposide", "plant alkaloid"),
    ("vp16", "etoposide", "plant alkaloid"),
    ("VePesid", "etoposide", "plant alkaloid"),
    ("Revlimid", "lenalidomide", "immunomodulator"),
    ("Thalomid", "thalidomide", "immunomodulator"),
    ("Pomalyst", "pomalidomide", "immunomodulator"),
    ("Velcade", "bortezomib", "proteasome inhibitor"),
    ("Kyprolis", "carfilzomib", "proteasome inhibitor"),
    ("Halaven", "eribulin", "other"),
    ("ADCETRIS", "brentuximab vedotin", "antibody-drug conjugate"),
    ("Padcev", "enfortumab vedotin", "antibody-drug conjugate"),
    ("polatuzumab vedotin", "polatuzumab vedotin", "antibody-drug conjugate"),
])
def test_generic_and_brand_names_are_looked_up(cli, typed, generic, drug_class):
    result = add(cli, typed, "2026-11-02")
    (row,) = listed(cli)
    assert (row["entered"], row["drug"], row["class"]) == (typed, generic, drug_class)
    assert "not on the journal's list" not in result.stderr
    # A brand or a code is named as it is written (TAXOL -> Taxol), then the generic; another
    # spelling of the generic (nab paclitaxel) is just the generic.
    compact = re.sub(r"[^0-9a-z]", "", typed.casefold())
    drug = next(d for d in DRUGS if d.generic == generic)
    written = next(n for n in (drug.generic, *drug.brands, *drug.also)
                   if re.sub(r"[^0-9a-z]", "", n.casefold()) == compact)
    if written != generic:
        assert result.stderr.startswith(f"Recorded {written} as {generic} ({drug_class}) on ")
    else:
        assert result.stderr.startswith(f"Recorded {generic} ({drug_class}) on ")


def test_brand_and_generic_are_one_drug_for_cycles_and_totals(cli):
    add(cli, "Taxol", "2026-10-01", "--dose", "80mg/m2")
    add(cli, "paclitaxel", "2026-10-08", "--dose", "80mg/m2")
    rows = listed(cli)
    assert [(r["drug"], r["cycle"], r["cumulative"]) for r in rows] == [
        ("paclitaxel", 1, 80.0), ("paclitaxel", 2, 160.0)]


def test_unknown_drug_is_stored_as_typed_with_a_notice(cli, query):
    result = add(cli, "Fluorouracil", "2026-11-02", "--route", "iv")
    assert result.stderr.splitlines() == [
        "Recorded fluorouracil on Mon 2 Nov 2026: cycle 1, iv.",
        "Note: 'Fluorouracil' is not on the journal's list of drugs known to cause neuropathy "
        "(American Cancer Society); it is recorded as typed. For a combination, record each "
        "drug by name.",
    ]
    (row,) = listed(cli)
    assert (row["entered"], row["drug"], row["class"]) == ("Fluorouracil", "fluorouracil", None)
    assert query("SELECT entered, drug, drug_class FROM treatments") == [
        ("Fluorouracil", "fluorouracil", None)]
    add(cli, "fluorouracil", "2026-11-16")
    assert [r["cycle"] for r in listed(cli)] == [1, 2]


def test_list_json_has_exactly_the_documented_keys(cli):
    add(cli, "oxaliplatin", "2026-11-02", "--dose", "85mg/m2", "--route", "iv",
        "--note", "first one")
    (row,) = listed(cli)
    assert list(row) == TREATMENT_KEYS
    assert row == {"id": 1, "date": "2026-11-02", "entered": "oxaliplatin",
                   "drug": "oxaliplatin", "class": "platinum", "cycle": 1, "dose": 85.0,
                   "unit": "mg/m2", "route": "iv", "cumulative": 85.0, "note": "first one"}


def test_list_is_oldest_first_whatever_the_order_entered(cli):
    for when in ("2026-11-16", "2026-10-19", "2026-11-02"):
        add(cli, "oxaliplatin", when)
    assert [r["date"] for r in listed(cli)] == ["2026-10-19", "2026-11-02", "2026-11-16"]


# -- doses --------------------------------------------------------------------------------------
@pytest.mark.parametrize("typed,dose,unit", [
    ("85mg/m2", 85.0, "mg/m2"),
    ("130 mg/m2", 130.0, "mg/m2"),
    ("1.3mg/m2", 1.3, "mg/m2"),
    ("100mg", 100.0, "mg"),
    ("1.8 MG/KG", 1.8, "mg/kg"),
    ("85mg/m²", 85.0, "mg/m2"),
    ("500 mcg", 500.0, "mcg"),
    ("2g", 2.0, "g"),
])
def test_doses_are_parsed(cli, query, typed, dose, unit):
    add(cli, "oxaliplatin", "2026-11-02", "--dose", typed)
    assert query("SELECT dose, unit, dose_text FROM treatments") == [(dose, unit, typed)]


@pytest.mark.parametrize("typed", [
    "85", "mg", "85 mg/m3", "eighty mg", "-85mg", "0mg", "1,000mg", "85mg/m2 twice", "AUC5",
    "", "1.23456mg",
])
def test_malformed_dose_is_bad_input_and_writes_nothing(cli, db_path, typed):
    result = cli("treatment", "add", "oxaliplatin", "--date", "today", "--dose", typed)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1
    assert result.stderr.startswith(f"Error: --dose {typed!r} is not ")
    assert not db_path.exists()


def test_cumulative_dose_per_drug_and_unit(cli, store):
    for when in ("2026-10-05", "2026-10-19", "2026-11-02"):
        add(cli, "Velcade", when, "--dose", "1.3mg/m2", "--route", "sc")
    add(cli, "oxaliplatin", "2026-10-06", "--dose", "85mg/m2")
    add(cli, "oxaliplatin", "2026-10-20", "--dose", "130 mg/m2")
    add(cli, "oxaliplatin", "2026-11-03")  # no dose: counted as a cycle, not in the total
    add(cli, "oxaliplatin", "2026-11-17", "--dose", "100mg")  # another unit: its own total
    rows = listed(cli)
    assert [(r["drug"], r["cumulative"]) for r in rows] == [
        ("bortezomib", 1.3), ("oxaliplatin", 85.0), ("bortezomib", 2.6),
        ("oxaliplatin", 215.0), ("bortezomib", 3.9), ("oxaliplatin", None),
        ("oxaliplatin", 100.0)]
    assert treatments.cumulative_doses(store(), None) == [
        {"drug": "bortezomib", "unit": "mg/m2", "total": 3.9, "infusions": 3},
        {"drug": "oxaliplatin", "unit": "mg/m2", "total": 215.0, "infusions": 2},
        {"drug": "oxaliplatin", "unit": "mg", "total": 100.0, "infusions": 1},
    ]
    assert treatments.cumulative_doses(store(), date(2026, 10, 19)) == [
        {"drug": "bortezomib", "unit": "mg/m2", "total": 2.6, "infusions": 2},
        {"drug": "oxaliplatin", "unit": "mg/m2", "total": 85.0, "infusions": 1},
    ]
    plain = cli("treatment", "list")
    assert plain.stdout.splitlines()[-1] == (
        "Total recorded: bortezomib 3.9 mg/m2 (3 infusions); oxaliplatin 215 mg/m2 "
        "(2 infusions); oxaliplatin 100 mg (1 infusion).")
    assert "threshold" not in plain.stdout + plain.stderr
    assert treatments.cumulative_doses(None, None) == []


def test_add_confirms_with_the_running_total(cli):
    add(cli, "oxaliplatin", "2026-10-19", "--dose", "85mg/m2", "--route", "iv")
    result = add(cli, "oxaliplatin", "2026-11-02", "--dose", "85mg/m2", "--route", "iv")
    assert result.stderr.splitlines() == [
        "Recorded oxaliplatin (platinum) on Mon 2 Nov 2026: cycle 2, 85 mg/m2, iv.",
        "Total recorded: oxaliplatin 170 mg/m2 (2 infusions).",
    ]


def test_list_plain_text(cli):
    add(cli, "Eloxatin", "2026-11-02", "--dose", "85mg/m2", "--route", "iv", "--note", "slow")
    result = cli("treatment", "list")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "date        cycle  drug                    class     dose      route  total     note",
        "2026-11-02  1      oxaliplatin (Eloxatin)  platinum  85 mg/m2  iv     85 mg/m2  slow",
        "",
        "Total recorded: oxaliplatin 85 mg/m2 (1 infusion).",
    ]


def test_list_without_a_journal_creates_nothing(cli, db_path):
    for args in (("treatment", "list"), ("treatment", "list", "--json"),
                 ("treatment", "list", "--cycles", "--json")):
        result = cli(*args)
        assert (result.exit_code, result.stdout) == (1, "")
        assert result.stderr.startswith("Error: No journal at ")
    assert not db_path.exists()
    assert cli("symptoms", "add", "cramps", "--label", "Cramps").exit_code == 0
    result = cli("treatment", "list")
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr.startswith("No infusion is recorded yet.")
    assert listed(cli) == []
    assert listed(cli, "--cycles") == []


# -- cycle numbers ------------------------------------------------------------------------------
def test_cycles_are_inferred_as_the_nth_infusion_date(cli):
    for when in ("2026-10-05", "2026-10-19", "2026-11-02"):
        add(cli, "oxaliplatin", when)
    assert [r["cycle"] for r in listed(cli)] == [1, 2, 3]


def test_an_earlier_infusion_renumbers_the_later_inferred_ones(cli, query):
    add(cli, "oxaliplatin", "2026-10-19")
    add(cli, "oxaliplatin", "2026-11-02")
    result = add(cli, "oxaliplatin", "2026-10-05")
    assert result.stderr.splitlines()[1:] == [
        "Renumbered the oxaliplatin infusion of 2026-10-19: cycle 2 (was 1).",
        "Renumbered the oxaliplatin infusion of 2026-11-02: cycle 3 (was 2).",
    ]
    assert query("SELECT date, cycle FROM treatments ORDER BY date") == [
        ("2026-10-05", 1), ("2026-10-19", 2), ("2026-11-02", 3)]
    assert cli("undo").exit_code == 0
    assert query("SELECT date, cycle FROM treatments ORDER BY date") == [
        ("2026-10-19", 1), ("2026-11-02", 2)]


def test_an_explicit_cycle_is_kept_and_later_ones_count_on_from_it(cli, query):
    add(cli, "oxaliplatin", "2026-10-05", "--cycle", "4")  # the journal started mid-treatment
    add(cli, "oxaliplatin", "2026-10-19")
    add(cli, "oxaliplatin", "2026-11-02")
    assert [r["cycle"] for r in listed(cli)] == [4, 5, 6]
    assert query("SELECT cycle_given FROM treatments ORDER BY date") == [(1,), (0,), (0,)]


def test_adding_the_same_day_again_corrects_the_cycle(cli, query, db_path):
    for when in ("2026-10-05", "2026-10-19", "2026-11-02"):
        add(cli, "oxaliplatin", when, "--dose", "85mg/m2")
    result = add(cli, "Eloxatin", "2026-10-19", "--cycle", "1")  # day 15 of cycle 1
    assert result.stderr.splitlines() == [
        "Updated the oxaliplatin infusion of Mon 19 Oct 2026: cycle 1 (was 2).",
        "Renumbered the oxaliplatin infusion of 2026-11-02: cycle 2 (was 3).",
        "Total recorded: oxaliplatin 255 mg/m2 (3 infusions).",
    ]
    assert count(query) == 3
    assert [r["cycle"] for r in listed(cli)] == [1, 1, 2]
    cycles = listed(cli, "--cycles")
    assert [(c["cycle"], c["date"], c["next_date"]) for c in cycles] == [
        (1, "2026-10-05", "2026-11-02"), (2, "2026-11-02", None)]
    with Store.open(db_path, create=False) as journal:
        assert cycle_context(journal, date(2026, 10, 20)) == "cycle 1, day 16"
    assert cli("undo").exit_code == 0
    assert [r["cycle"] for r in listed(cli)] == [1, 2, 3]
    assert query("SELECT cycle_given FROM treatments") == [(0,), (0,), (0,)]


def test_adding_the_same_day_again_updates_dose_route_and_note(cli, query):
    add(cli, "oxaliplatin", "2026-11-02", "--dose", "85mg/m2")
    result = add(cli, "oxaliplatin", "2026-11-02", "--dose", "65mg/m2", "--route", "iv",
                 "--note", "dose lowered")
    assert result.stderr.splitlines()[0] == (
        "Updated the oxaliplatin infusion of Mon 2 Nov 2026: dose 65 mg/m2 (was 85 mg/m2), "
        "route iv (was not given), the note.")
    assert query("SELECT dose, route, note, cycle FROM treatments") == [
        (65.0, "iv", "dose lowered", 1)]
    same = add(cli, "oxaliplatin", "2026-11-02")
    assert same.stderr.startswith("Nothing changed: oxaliplatin on Mon 2 Nov 2026 is already "
                                  "recorded (cycle 1).")
    assert cli("undo").stderr.startswith("Undid the treatment add ")
    assert query("SELECT dose, route, note FROM treatments") == [(85.0, None, None)]


def test_cycles_of_each_drug_are_counted_separately(cli):
    add(cli, "oxaliplatin", "2026-10-05")
    add(cli, "paclitaxel", "2026-10-12")
    add(cli, "oxaliplatin", "2026-10-19")
    assert [(r["drug"], r["cycle"]) for r in listed(cli)] == [
        ("oxaliplatin", 1), ("paclitaxel", 1), ("oxaliplatin", 2)]


# -- cycle-day context --------------------------------------------------------------------------
def test_cycle_day_context_counts_the_infusion_day_as_day_1(cli, store):
    add(cli, "oxaliplatin", "2026-10-05")
    add(cli, "oxaliplatin", "2026-10-19")
    journal = store()
    assert cycle_context(journal, date(2026, 10, 4)) is None
    assert cycle_context(journal, date(2026, 10, 5)) == "cycle 1, day 1"
    assert cycle_context(journal, date(2026, 10, 18)) == "cycle 1, day 14"
    assert cycle_context(journal, date(2026, 10, 19)) == "cycle 2, day 1"
    assert cycle_context(journal, date(2026, 10, 23)) == "cycle 2, day 5"
    assert cycle_context(None, date(2026, 10, 23)) is None


def test_cycle_day_context_names_the_drug_when_there_are_several(cli, store):
    add(cli, "oxaliplatin", "2026-10-05")
    add(cli, "fluorouracil", "2026-10-05")
    add(cli, "oxaliplatin", "2026-10-19")
    add(cli, "fluorouracil", "2026-10-19")
    add(cli, "Taxol", "2026-11-09", "--cycle", "3")
    journal = store()
    # cycles are the listed drugs' (issue 23): fluorouracil, given beside, is not named
    assert cycle_context(journal, date(2026, 10, 23)) == "oxaliplatin cycle 2, day 5"
    assert cycle_context(journal, date(2026, 11, 10)) == "paclitaxel cycle 3, day 2"


def test_visit_list_shows_the_cycle_day_of_each_past_visit(cli):
    add(cli, "oxaliplatin", "2026-10-19")
    add(cli, "oxaliplatin", "2026-11-02")
    cli("visit", "add", "2026-11-06", "--with", "oncology")
    cli("visit", "add", "2026-10-01")
    cli("visit", "add", "2026-12-01")
    assert cli("visit", "list").stdout.splitlines() == [
        "date        with      when",
        "2026-10-01",
        "2026-11-06  oncology  cycle 2, day 5",
        "2026-12-01            upcoming",
    ]


# -- the persisted-to-next-cycle rule -----------------------------------------------------------
def log(cli, when, *values):
    result = cli("log", *values, "--date", when)
    assert result.exit_code == 0, result.stderr


@pytest.fixture
def cycles_journal(cli):
    """Oxaliplatin on Oct 8, Oct 22, Nov 5 and Nov 19, around hand-picked values:
    baseline (Oct 1-7): numbness 1 and 2 (mean 1.5), tingling 0; Sep 30 is outside it.
    cycle 1: numbness peaks at 5; the last value in Oct 19-21 is 2 (< 2.5) while Oct 19 had 4;
      tingling 3 on Oct 18 (outside the 3 days) then 0 -> did not persist.
    cycle 2: numbness 2 (< 2.5), tingling 1 (>= 0 + 1, the boundary) -> persisted.
    cycle 3: nothing logged in the 3 days before Nov 19 -> not known.
    cycle 4: no next infusion yet."""
    log(cli, "2026-09-30", "numbness=9")
    log(cli, "2026-10-02", "numbness=1")
    log(cli, "2026-10-05", "numbness=2", "tingling=0")
    for when in ("2026-10-08", "2026-10-22", "2026-11-05", "2026-11-19"):
        add(cli, "oxaliplatin", when, "--dose", "85mg/m2")
    log(cli, "2026-10-11", "numbness=5", "cold=6")
    log(cli, "2026-10-18", "tingling=3")
    log(cli, "2026-10-19", "numbness=4")
    log(cli, "2026-10-20", "numbness=2")
    log(cli, "2026-10-21", "tingling=0")
    log(cli, "2026-11-03", "numbness=2")
    log(cli, "2026-11-04", "tingling=1")
    log(cli, "2026-11-06", "numbness=4")
    log(cli, "2026-11-20", "numbness=5")


def test_persisted_rule_per_symptom_and_per_cycle(cli, cycles_journal):
    cycles = listed(cli, "--cycles")
    assert [list(c) for c in cycles] == [
        ["drug", "drugs", "cycle", "date", "next_date", "persisted", "limits_before_next",
         "symptoms"]] * 4
    assert [(c["cycle"], c["date"], c["next_date"], c["persisted"]) for c in cycles] == [
        (1, "2026-10-08", "2026-10-22", False),
        (2, "2026-10-22", "2026-11-05", True),
        (3, "2026-11-05", "2026-11-19", None),
        (4, "2026-11-19", None, None),
    ]
    one, two, three, four = (c["symptoms"] for c in cycles)
    assert one == [
        {"symptom": "numbness", "baseline": 1.5, "peak": 5, "before_next": 2,
         "before_next_date": "2026-10-20", "persisted": False},
        {"symptom": "tingling", "baseline": 0.0, "peak": 3, "before_next": 0,
         "before_next_date": "2026-10-21", "persisted": False},
        {"symptom": "cold", "baseline": 0.0, "peak": 6, "before_next": None,
         "before_next_date": None, "persisted": None},
    ]
    assert two == [
        {"symptom": "numbness", "baseline": 1.5, "peak": 2, "before_next": 2,
         "before_next_date": "2026-11-03", "persisted": False},
        {"symptom": "tingling", "baseline": 0.0, "peak": 1, "before_next": 1,
         "before_next_date": "2026-11-04", "persisted": True},
    ]
    assert three == [
        {"symptom": "numbness", "baseline": 1.5, "peak": 4, "before_next": None,
         "before_next_date": None, "persisted": None},
        {"symptom": "tingling", "baseline": 0.0, "peak": None, "before_next": None,
         "before_next_date": None, "persisted": None},
    ]
    assert four == [
        {"symptom": "numbness", "baseline": 1.5, "peak": 5, "before_next": None,
         "before_next_date": None, "persisted": None},
        {"symptom": "tingling", "baseline": 0.0, "peak": None, "before_next": None,
         "before_next_date": None, "persisted": None},
    ]


def test_persisted_at_baseline_plus_one(cli, cycles_journal):
    log(cli, "2026-11-04", "numbness=3")  # 3 >= 1.5 + 1 as well
    two = listed(cli, "--cycles")[1]
    assert [s["persisted"] for s in two["symptoms"]] == [True, True]
    log(cli, "2026-11-04", "tingling=0", "numbness=2")  # the last value decides
    assert listed(cli, "--cycles")[1]["persisted"] is False


def test_cycles_plain_text(cli, cycles_journal):
    result = cli("treatment", "list", "--cycles")
    assert result.exit_code == 0
    blocks = result.stdout.strip().split("\n\n")
    assert blocks[1].splitlines() == [
        "oxaliplatin cycle 2, 2026-10-22 to 2026-11-04",
        "  persisted to next cycle: tingling",
        "  symptom   baseline  peak  before next  persisted",
        "  numbness  1.5       2     2            no",
        "  tingling  0         1     1            yes",
    ]
    assert blocks[0].splitlines()[:2] == [
        "oxaliplatin cycle 1, 2026-10-08 to 2026-10-21", "  did not persist to next cycle"]
    assert blocks[2].splitlines()[:2] == [
        "oxaliplatin cycle 3, 2026-11-05 to 2026-11-18",
        "  not known: nothing logged in the 3 days before the next infusion"]
    assert blocks[3].splitlines()[:2] == [
        "oxaliplatin cycle 4, from 2026-11-19", "  no next infusion yet"]


def test_cycles_in_window(cli, cycles_journal, store):
    journal = store()
    found = cycles_in_window(journal, date(2026, 10, 30), date(2026, 11, 10))
    assert [(c["cycle"], c["persisted"]) for c in found] == [(2, True), (3, None)]
    assert [c["cycle"] for c in cycles_in_window(journal, date(2026, 10, 22),
                                                      date(2026, 10, 22))] == [2]
    assert [c["cycle"] for c in cycles_in_window(journal, date(2026, 10, 21),
                                                      date(2026, 10, 21))] == [1]
    assert [c["cycle"] for c in cycles_in_window(journal, None, date(2026, 10, 9))] == [1]
    # the open cycle runs to the window's end: its peak is taken up to there
    (open_cycle,) = cycles_in_window(journal, date(2026, 11, 19), date(2026, 11, 19))
    assert [(s["symptom"], s["peak"]) for s in open_cycle["symptoms"]] == [
        ("numbness", None), ("tingling", None)]
    (open_cycle,) = cycles_in_window(journal, date(2026, 11, 19), date(2026, 11, 20))
    assert [(s["symptom"], s["peak"]) for s in open_cycle["symptoms"]] == [
        ("numbness", 5), ("tingling", None)]
    assert cycles_in_window(None, None, date(2026, 11, 25)) == []


def test_every_cycle_has_the_journals_one_baseline(cli, cycles_journal):
    """Issue 12: one baseline for the summary and every cycle of every drug: the week before
    the journal's first infusion (Oct 1-7), not the week before each drug started."""
    log(cli, "2026-11-10", "numbness=3", "tingling=2")
    add(cli, "Taxol", "2026-11-12")
    taxol = [c for c in listed(cli, "--cycles") if c["drug"] == "paclitaxel"]
    (only,) = taxol
    # Oct 2 and Oct 5 have entries: numbness 1 and 2; tingling not named on Oct 2 (0) and 0
    assert [(s["symptom"], s["baseline"]) for s in only["symptoms"]] == [
        ("numbness", 1.5), ("tingling", 0.0)]
    summary = json.loads(cli("summary", "--json", "--since", "2026-11-01").stdout)
    assert summary["baseline_basis"] == {"kind": "pre-treatment", "from": "2026-10-01",
                                         "to": "2026-10-07", "days": 2, "treatment": "before"}
    assert {s["symptom"]: s["baseline"] for s in summary["symptoms"]}["numbness"] == 1.5


def test_custom_symptoms_follow_the_built_in_ones(cli):
    assert cli("symptoms", "add", "cramps", "--label", "Muscle cramps").exit_code == 0
    add(cli, "oxaliplatin", "2026-11-02")
    log(cli, "2026-11-03", "cramps=2", "pain=1", "numbness=1")
    (cycle,) = listed(cli, "--cycles")
    assert [s["symptom"] for s in cycle["symptoms"]] == ["numbness", "pain", "cramps"]


# -- the coasting note --------------------------------------------------------------------------
@pytest.mark.parametrize("last,expected", [
    ("2026-10-29", False),  # 27 days before the end
    ("2026-10-28", True),   # 28
    ("2026-07-28", True),   # 120
    ("2026-07-27", False),  # 121
])
def test_coasting_note_28_to_120_days_after_the_last_oxaliplatin(cli, store, last, expected):
    add(cli, "oxaliplatin", "2026-07-01")
    add(cli, "oxaliplatin", last)
    note = coasting_note(store(), date(2026, 11, 25))
    assert (note is not None) is expected
    if expected:
        gap = (date(2026, 11, 25) - date.fromisoformat(last)).days
        assert note == (
            f"The last oxaliplatin infusion was on {last}, {gap} days before 2026-11-25. "
            "Neuropathy from oxaliplatin can keep getting worse for about 3 months after the "
            "last dose (\"coasting\") before it improves: worsening symptoms should still be "
            "reported to the care team.")


def test_coasting_note_only_for_oxaliplatin_and_only_after_the_last_dose(cli, store):
    add(cli, "paclitaxel", "2026-09-01")
    assert coasting_note(store(), date(2026, 11, 25)) is None
    add(cli, "Eloxatin", "2026-09-01")
    assert coasting_note(store(), date(2026, 11, 25)) is not None
    add(cli, "oxaliplatin", "2026-11-20")  # a later dose: not coasting at the end of October
    assert coasting_note(store(), date(2026, 10, 30)) is None
    assert coasting_note(None, date(2026, 10, 30)) is None


# -- bad input ----------------------------------------------------------------------------------
@pytest.mark.parametrize("args,message", [
    (["--date", "tomorrow"], "Error: The date 2026-11-26 is in the future: an infusion can "
                             "only be logged for today (2026-11-25) or earlier."),
    (["--date", "2026-12-01"], "Error: The date 2026-12-01 is in the future"),
    (["--date", "someday"], "Error: Cannot read the date 'someday'"),
    (["--date", "today", "--route", "im"], "Error: --route 'im' is not one of: iv, sc, oral"),
    (["--date", "today", "--cycle", "0"], "Error: --cycle '0' is not a cycle number from 1 to "
                                          "999."),
    (["--date", "today", "--cycle", "two"], "Error: --cycle 'two' is not a cycle number"),
    (["--date", "today", "--note", "  "], "Error: --note is empty"),
])
def test_bad_input_is_one_line_exit_2_and_writes_nothing(cli, db_path, args, message):
    result = cli("treatment", "add", "oxaliplatin", *args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith(message)
    assert len(result.stderr.splitlines()) == 1
    assert not db_path.exists()


def test_bad_input_on_an_existing_journal_changes_nothing(cli, query):
    add(cli, "oxaliplatin", "2026-11-02")
    before = query("SELECT * FROM treatments")
    changes = query("SELECT COUNT(*) FROM changes")
    result = cli("treatment", "add", "oxaliplatin", "--date", "2026-11-02", "--dose", "lots")
    assert result.exit_code == 2
    assert query("SELECT * FROM treatments") == before
    assert query("SELECT COUNT(*) FROM changes") == changes


def test_date_defaults_to_today(cli):
    result = cli("treatment", "add", "oxaliplatin")
    assert result.exit_code == 0
    assert result.stderr.startswith("Recorded oxaliplatin (platinum) on Wed 25 Nov 2026 (today)")


# -- undo ---------------------------------------------------------------------------------------
def test_undo_removes_the_infusion_and_keeps_a_copy(cli, query):
    add(cli, "oxaliplatin", "2026-11-02", "--dose", "85mg/m2")
    result = cli("undo")
    assert result.exit_code == 0
    assert result.stderr.startswith("Undid the treatment add of ")
    assert "recorded oxaliplatin on 2026-11-02 (cycle 1)" in result.stderr
    assert count(query) == 0
    (kept,) = query("SELECT data FROM change_items WHERE table_name = 'treatments'")
    assert json.loads(kept[0])["dose_text"] == "85mg/m2"


# -- Rich output on a terminal ------------------------------------------------------------------
def test_rich_tables_show_typed_text_as_text(cli, monkeypatch, cycles_journal):
    monkeypatch.setattr("cipn_journal.commands.options.use_rich", lambda *a: True)
    add(cli, "[bold]x[/bold]", "2026-11-02", "--note", "[red]careful\x1b[2J")
    result = cli("treatment", "list", env={"COLUMNS": "200"})
    assert result.exit_code == 0
    assert "[bold]x[/bold]" in result.stdout
    assert "[red]careful\\x1b[2J" in result.stdout
    assert "\x1b" not in result.stdout.replace("\x1b[", "")  # only Rich's own styles
    cycles = cli("treatment", "list", "--cycles", env={"COLUMNS": "200"})
    assert cycles.exit_code == 0
    assert "persisted to next cycle: tingling" in cycles.stdout


# -- the demo -----------------------------------------------------------------------------------
def test_demo_has_infusions_a_visit_a_supplement_and_a_question(cli):
    assert cli("demo", "--weeks", "12").exit_code == 0
    rows = listed(cli)
    assert [r["date"] for r in rows] == ["2026-09-10", "2026-09-24", "2026-10-08",
                                         "2026-10-22", "2026-11-05", "2026-11-19"]
    assert [(r["drug"], r["class"], r["cycle"], r["dose"], r["unit"], r["route"])
            for r in rows] == [("oxaliplatin", "platinum", n, 85.0, "mg/m2", "iv")
                               for n in range(1, 7)]
    assert rows[-1]["cumulative"] == 510.0
    visits = json.loads(cli("visit", "list", "--json").stdout)
    assert [v["date"] for v in visits] == ["2026-11-18", "2026-12-02"]
    meds = json.loads(cli("meds", "list", "--json").stdout)
    assert meds == [{"id": 1, "name": "glutamine", "kind": "supplement", "start": "2026-09-10",
                     "stop": None, "note": None}]
    (question,) = json.loads(cli("questions", "--json").stdout)
    assert question["asked"] == "2026-11-20"
    assert "numb" in question["text"]  # numbness had built up by then
    cycles = listed(cli, "--cycles")
    assert [c["persisted"] for c in cycles][:2] == [False, False]  # cold symptoms clear
    assert cycles[-1]["persisted"] is None
    history = cli("history", "--since", "last-visit", "--json")
    assert json.loads(history.stdout)[0]["date"] == "2026-11-18"
    assert cli("undo").exit_code == 0
    assert listed(cli) == []


def test_demo_of_one_week_has_no_infusion_yet(cli):
    assert cli("demo", "--weeks", "1").exit_code == 0
    assert listed(cli) == []
    assert [v["date"] for v in json.loads(cli("visit", "list", "--json").stdout)] == [
        "2026-12-02"]
    assert len(json.loads(cli("questions", "--json").stdout)) == 1


def test_last_cycle_ends_after_the_coasting_horizon(cli):
    """A last infusion long ago does not make every later day part of its cycle."""
    cli("treatment", "add", "oxaliplatin", "--date", "200 days ago")
    cli("log", "pain=2", "--date", "190 days ago")
    cli("log", "pain=9", "--date", "50 days ago")
    (cycle,) = json.loads(cli("treatment", "list", "--cycles", "--json").stdout)
    assert cycle["next_date"] is None and cycle["persisted"] is None
    assert [(s["symptom"], s["peak"]) for s in cycle["symptoms"]] == [("pain", 2)]
    summary = json.loads(cli("summary", "--json").stdout)
    assert summary["cycles"] == []
    # treatment is over: no cycle day, the days since the last infusion instead (issue 12)
    assert summary["cycle_context"] == (
        "200 days after the last infusion (oxaliplatin cycle 1, 2026-05-09)")
    assert "cycle 1, day" not in cli("history", "--since", "60 days ago").stdout


def test_misspelled_drug_is_refused_with_a_suggestion(cli, db_path):
    result = cli("treatment", "add", "oxalipaltin", "--date", "today")
    assert result.exit_code == 2
    assert "did you mean oxaliplatin?" in result.stderr and "--as-typed" in result.stderr
    assert not db_path.exists()
    add(cli, "oxalipaltin", "today", "--as-typed")
    assert listed(cli)[0]["drug"] == "oxalipaltin"
