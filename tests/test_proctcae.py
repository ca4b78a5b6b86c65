"""PRO-CTCAE items, scales, skip rule and composite grades: every combination of answers is checked
against the table of DOMAIN.md (Basch et al., Clin Trials 2021;18:104), typed again here as
independent data, both in the domain function and through the installed command's `--json`."""

import itertools
import json

import pytest

from cipn_journal.domain import proctcae
from cipn_journal.errors import BadInput

# DOMAIN.md, copied line by line: rows are the first attribute 1-4, columns the second 0-4.
SINGLE = {"frequency": "1 1 2 3", "severity": "1 2 3 3", "interference": "1 1 2 2"}
PAIRS = {
    ("severity", "interference"): "sev1: 1 1 1 2 2 | sev2: 1 1 2 2 3 | sev3: 1 2 2 3 3 | "
                                  "sev4: 2 2 2 3 3",
    ("frequency", "interference"): "frq1: 1 1 1 2 2 | frq2: 1 1 1 2 2 | frq3: 1 1 2 3 3 | "
                                   "frq4: 1 1 2 3 3",
    ("frequency", "severity"): "frq1: 1 1 1 2 2 | frq2: 1 1 2 2 2 | frq3: 1 1 2 3 3 | "
                               "frq4: 1 1 2 3 3",
}
TRIPLE = {
    1: "sev0 0 1 1 2 2 | sev1 1 1 1 2 2 | sev2 1 2 2 2 3 | sev3 2 2 2 3 3 | sev4 2 2 3 3 3",
    2: "sev0 0 1 1 2 2 | sev1 1 1 1 2 2 | sev2 2 2 2 3 3 | sev3 2 2 2 3 3 | sev4 2 2 3 3 3",
    3: "sev0 1 1 1 2 2 | sev1 1 1 1 2 2 | sev2 2 2 2 3 3 | sev3 2 2 3 3 3 | sev4 2 2 3 3 3",
    4: "sev0 1 1 1 2 2 | sev1 1 1 2 2 3 | sev2 2 2 2 3 3 | sev3 2 2 3 3 3 | sev4 2 2 3 3 3",
}


def _rows(text: str) -> list[list[int]]:
    return [[int(x) for x in part.split(":")[-1].split()[-5:]] for part in text.split("|")]


def expected(values: dict[str, int]) -> int:
    """The grade read from the tables above; the first attribute at 0 is grade 0."""
    order = [a for a in ("frequency", "severity", "interference") if a in values]
    first = values[order[0]]
    if first == 0:
        return 0
    if len(order) == 1:
        return [int(x) for x in SINGLE[order[0]].split()][first - 1]
    if len(order) == 2:
        return _rows(PAIRS[tuple(order)])[first - 1][values[order[1]]]
    return _rows(TRIPLE[first])[values["severity"]][values["interference"]]


def test_the_typed_tables_have_every_cell():
    for text in PAIRS.values():
        assert [len(row) for row in _rows(text)] == [5, 5, 5, 5]
    for text in TRIPLE.values():
        assert [len(row) for row in _rows(text)] == [5, 5, 5, 5, 5]


COMBINATIONS = (
    [{a: v} for a in ("frequency", "severity", "interference") for v in range(5)]
    + [dict(zip(pair, values, strict=True)) for pair in PAIRS
       for values in itertools.product(range(5), repeat=2)]
    + [{"frequency": f, "severity": s, "interference": i}
       for f, s, i in itertools.product(range(5), repeat=3)]
)


def test_every_combination_of_answers_gets_the_table_grade():
    assert len(COMBINATIONS) == 15 + 75 + 125
    wrong = [(values, proctcae.composite(values), expected(values)) for values in COMBINATIONS
             if proctcae.composite(values) != expected(values)]
    assert wrong == []


def _json_grade(cli, args) -> dict:
    result = cli("weekly", "--json", *args)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_every_severity_and_interference_through_the_command(cli):
    """Numbness (severity x interference) and dizziness, every pair, as the user types them."""
    for severity, interference in itertools.product(range(5), repeat=2):
        if severity == 0 and interference:
            continue  # ruled out by the skip rule (tested in test_weekly)
        record = _json_grade(cli, [f"numbness.severity={severity}",
                                   f"numbness.interference={interference}",
                                   f"dizziness.severity={proctcae.SCALES['severity'][severity]}",
                                   f"dizziness.interference={interference}"])
        want = expected({"severity": severity, "interference": interference})
        assert record["composite"]["numbness"] == want, (severity, interference)
        assert record["composite"]["dizziness"] == want, (severity, interference)


def test_every_frequency_and_interference_through_the_command(cli):
    for frequency, interference in itertools.product(range(5), repeat=2):
        if frequency == 0 and interference:
            continue
        word = proctcae.SCALES["interference"][interference].upper()
        record = _json_grade(cli, [f"urgency.frequency={frequency}",
                                   f"urgency.interference={word}",
                                   f"leakage.frequency={frequency}",
                                   f"leakage.interference={interference}"])
        want = expected({"frequency": frequency, "interference": interference})
        assert (record["composite"]["urgency"], record["composite"]["leakage"]) == (want, want)


def test_every_pain_frequency_severity_interference_through_the_command(cli):
    for frequency, severity, interference in itertools.product(range(5), repeat=3):
        if frequency == 0 and (severity or interference):
            continue
        record = _json_grade(cli, [f"pain.frequency={frequency}", f"pain.severity={severity}",
                                   f"pain.interference={interference}"])
        want = expected({"frequency": frequency, "severity": severity,
                         "interference": interference})
        assert record["composite"]["pain"] == want, (frequency, severity, interference)


def test_single_items_through_the_command(cli):
    for value in range(5):
        record = _json_grade(cli, [f"constipation.severity={value}"])
        assert record["composite"]["constipation"] == expected({"severity": value})


def test_first_item_zero_skips_the_others_and_grades_zero(cli):
    record = _json_grade(cli, ["pain.frequency=never", "numbness.severity=none",
                               "urgency.frequency=0"])
    assert record["composite"]["pain"] == 0
    assert record["composite"]["numbness"] == 0
    assert record["composite"]["urgency"] == 0
    assert record["answers"]["pain.severity"] == 0
    assert record["answers"]["pain.interference"] == 0
    assert sorted(record["skipped"]) == sorted([
        "pain.severity", "pain.interference", "numbness.interference", "urgency.interference",
        "extent.hands", "extent.feet"])
    assert record["extent"] == {"hands": 0, "feet": 0}


# --- the items and scales --------------------------------------------------------------------
# NCI's English item library as DOMAIN.md gives it (checked against a reproduction of it).
STEMS = {
    "numbness.severity": "What was the SEVERITY of your NUMBNESS OR TINGLING IN YOUR HANDS OR "
                         "FEET at its WORST?",
    "numbness.interference": "How much did NUMBNESS OR TINGLING IN YOUR HANDS OR FEET "
                             "INTERFERE with your usual or daily activities?",
    "constipation.severity": "What was the SEVERITY of your CONSTIPATION at its WORST?",
    "dizziness.severity": "What was the SEVERITY of your DIZZINESS at its WORST?",
    "dizziness.interference": "How much did DIZZINESS INTERFERE with your usual or daily "
                              "activities?",
    "urgency.frequency": "How OFTEN did you feel an URGE TO URINATE ALL OF A SUDDEN?",
    "urgency.interference": "How much did SUDDEN URGES TO URINATE INTERFERE with your usual or "
                            "daily activities?",
    "leakage.frequency": "How OFTEN did you have LOSS OF CONTROL OF URINE (LEAKAGE)?",
    "leakage.interference": "How much did LOSS OF CONTROL OF URINE (LEAKAGE) INTERFERE with "
                            "your usual or daily activities?",
    "pain.frequency": "How OFTEN did you have PAIN?",
    "pain.severity": "What was the SEVERITY of your PAIN at its WORST?",
    "pain.interference": "How much did PAIN INTERFERE with your usual or daily activities?",
}


def test_items_are_nci_wording_in_nci_order():
    assert {item.key: item.stem for item in proctcae.ITEMS} == STEMS
    assert [item.key for item in proctcae.ITEMS] == list(STEMS)
    assert proctcae.BY_KEY["numbness.severity"].text == (
        "In the last 7 days, what was the SEVERITY of your NUMBNESS OR TINGLING IN YOUR HANDS "
        "OR FEET at its WORST?")
    assert proctcae.BY_KEY["urgency.frequency"].text == (
        "In the last 7 days, how OFTEN did you feel an URGE TO URINATE ALL OF A SUDDEN?")


def test_scales_are_nci_words():
    assert proctcae.SCALES == {
        "severity": ("None", "Mild", "Moderate", "Severe", "Very severe"),
        "interference": ("Not at all", "A little bit", "Somewhat", "Quite a bit", "Very much"),
        "frequency": ("Never", "Rarely", "Occasionally", "Frequently", "Almost constantly"),
    }


@pytest.mark.parametrize("key,text,value", [
    ("pain.frequency", "almost  CONSTANTLY", 4), ("pain.frequency", " 3 ", 3),
    ("numbness.interference", "Quite a bit", 3), ("numbness.severity", "very severe", 4),
    ("constipation.severity", "none", 0), ("extent.feet", "Ankle", 2),
    ("extent.hands", "fingers", 1), ("extent.hands", "above", 4), ("extent.feet", "knee", 3),
    ("extent.feet", "toes", 1), ("extent.hands", "0", 0),
])
def test_answers_by_number_or_words(key, text, value):
    assert proctcae.parse_answer(key, text) == value


@pytest.mark.parametrize("key,text", [
    ("pain.frequency", "5"), ("pain.frequency", "-1"), ("pain.frequency", "mild"),
    ("numbness.severity", "never"), ("extent.feet", "hip"), ("extent.hands", "2.5"),
    ("numbness.severity", ""), ("numbness.severity", "٣"),
])
def test_bad_answers_name_the_value_and_the_scale(key, text):
    with pytest.raises(BadInput) as error:
        proctcae.parse_answer(key, text)
    assert repr(text) in str(error.value)
    assert "0 " in str(error.value)


# --- README shows NCI's wording and the grading table exactly as the code uses them ---------------
def _readme_section() -> str:
    from pathlib import Path

    text = (Path(__file__).parent.parent / "README.md").read_text()
    return text.split("## Weekly questions (PRO-CTCAE)", 1)[1].split("\n## ", 1)[0]


def _table_rows(section: str, header_start: str) -> list[list[str]]:
    block = section.split(f"| {header_start}", 1)[1].split("\n\n", 1)[0]
    return [[cell.strip() for cell in line.strip("|").split("|")]
            for line in block.splitlines()[2:]]


def test_readme_items_are_the_shipped_items():
    rows = _table_rows(_readme_section(), "key |")
    assert [(key.strip("`"), text, scale) for key, text, scale in rows] == [
        (item.key, item.text, item.attribute) for item in proctcae.ITEMS]
    assert "PRO-CTCAE™, National Cancer Institute" in _readme_section()
    assert "the last 7 days" in _readme_section()


def test_readme_scales_and_extent_are_the_shipped_ones():
    section = _readme_section()
    assert {row[0]: tuple(row[1:]) for row in _table_rows(section, "scale |")} == \
        proctcae.SCALES
    for level, hands, feet in _table_rows(section, "level |"):
        assert proctcae.parse_answer("extent.hands", hands.split("`")[1]) == int(level)
        assert proctcae.parse_answer("extent.feet", feet.split("`")[1]) == int(level)


def test_readme_grading_tables_are_the_shipped_table():
    section = _readme_section()
    for attribute, *grades in _table_rows(section, "one question only |"):
        assert [proctcae.composite({attribute: v}) for v in range(1, 5)] == [
            int(g) for g in grades]
    for header, pair in (("severity \\ interference", ("severity", "interference")),
                         ("frequency \\ interference", ("frequency", "interference"))):
        rows = _table_rows(section, header)
        assert len(rows) == 4
        for label, *grades in rows:
            first = int(label.split()[-1])
            assert [proctcae.composite({pair[0]: first, pair[1]: i}) for i in range(5)] == [
                int(g) for g in grades], label
    rows = _table_rows(section, "pain: frequency, severity \\ interference")
    assert len(rows) == 20
    for label, *grades in rows:
        frequency, severity = (int(part.split()[-1]) for part in label.split(","))
        assert [proctcae.composite({"frequency": frequency, "severity": severity,
                                    "interference": i}) for i in range(5)] == [
            int(g) for g in grades], label
