"""The clinical rules live once, in domain/clinical.py: README's tables and sentences about the
severity bands, the alert rules, the trend, the cycles and the CTCAE grade wording are checked
against it, and no other module restates its numbers or wording."""

import ast
import re
from pathlib import Path

import pytest

from cipn_journal.domain import clinical, trends

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "cipn_journal"
CLINICAL = PACKAGE / "domain" / "clinical.py"


def flat(text: str) -> str:
    """Whitespace collapsed, so that a sentence may wrap anywhere in README."""
    return " ".join(text.split())


@pytest.fixture(scope="module")
def readme() -> str:
    return flat((ROOT / "README.md").read_text(encoding="utf-8"))


def section(readme: str, heading: str) -> str:
    start = readme.index(heading)
    end = re.compile(r" #{2,3} ").search(readme, start + len(heading))
    return readme[start:end.start() if end else None]


# -- README against clinical.py -----------------------------------------------------------------
def test_clinical_bands_are_domain_md_scale():
    assert clinical.bands_sentence() == "1-3 mild, 4-6 moderate, 7-10 severe"
    assert [clinical.band(v) for v in range(clinical.SCALE_MAX + 1)] == (
        ["none"] + ["mild"] * 3 + ["moderate"] * 3 + ["severe"] * 4)


def test_readme_severity_bands_match(readme):
    assert f"0 (none) to {clinical.SCALE_MAX} (worst): {clinical.bands_sentence()}" in readme
    assert f"Bands: {clinical.bands_sentence()}" in readme
    # Every "N-M band" anywhere in README is one of clinical.py's bands.
    spans = {name: clinical.band_span(name) for name, _low, _high in clinical.BANDS}
    mentioned = re.findall(r"(\d+-\d+) (mild|moderate|severe)\b", readme)
    assert mentioned and all(spans[name] == span for span, name in mentioned), mentioned


def test_readme_sparkline_legend_matches_the_marks(readme):
    parts = [f"`{trends.mark(0)}` for 0"]
    for name, low, high in clinical.BANDS[1:]:
        marks = "".join(dict.fromkeys(trends.mark(v) for v in range(low, high + 1)))
        parts.append(f"`{marks}` {name}")
    assert ", ".join(parts) in readme


def test_readme_alert_rules_match(readme):
    rules = section(readme, "## When the journal tells you to call your doctor")
    expected = [
        f"**new**: a symptom is above 0 and the {clinical.NEW_LOOKBACK_DAYS} days before hold "
        f"at least {clinical.NEW_MIN_ZERO_DAYS} days on which it counted 0 and none above 0",
        f"**gap**: after a gap (no day with a value for the symptom in the "
        f"{clinical.NEW_LOOKBACK_DAYS} days before), a value {clinical.GAP_POINTS} or more "
        f"points above the last one logged",
        f"**Back-dated values** (issue 22 rule 9): a day logged {clinical.BACKDATED_DAYS} or "
        f"more days later raises at most the second level",
        clinical.BACKDATED_WORDS,
        f"**worse**: a symptom is {clinical.WORSE_POINTS} or more points above its recent "
        f"average: the average of its values on its last {clinical.WORSE_REFERENCE_DAYS} days "
        f"with a value within the {clinical.WORSE_WINDOW_DAYS} days before (one such day is "
        f"enough)",
        f"{clinical.MEANINGFUL_POINTS} points is the usual size of a change that matters",
        f"**severe**: a symptom is {clinical.SEVERE_AT} or more out of {clinical.SCALE_MAX}",
        f"**daily life**: symptoms limited your {clinical.limit_words('everyday')} for the first "
        f"time in {clinical.NEW_LOOKBACK_DAYS} days, limited your "
        f"{clinical.limit_words('selfcare')}, or you reported a fall",
        f"**{clinical.NOT_MONITORED}.**",
        # issue 12: two levels, escalation
        f"**{clinical.URGENCY_HEADING[clinical.TODAY]}**: {clinical.URGENCY_RULE[clinical.TODAY]}",
        f"**{clinical.URGENCY_HEADING[clinical.SOON]}**: {clinical.URGENCY_RULE[clinical.SOON]}",
        f"unless the value is {clinical.ESCALATE_POINTS} or more points above the value that "
        f"raised the open one",
        f"a PRO-CTCAE composite grade of {clinical.COMPOSITE_TODAY_AT}, or a composite grade "
        f"of {clinical.COMPOSITE_RISE_FROM} or more above the highest of the previous "
        f"{clinical.COMPOSITE_RECORDS} weekly answers",
        "**red flags** (rule `red-flag`",
        f"\"{clinical.RED_FLAG_WORDS}\"",
        f"**constipation**: {clinical.CONSTIPATION_AT} or more on {clinical.CONSTIPATION_DAYS} "
        f"days with a value in a row",
    ]
    for sentence in expected:
        assert sentence in rules, sentence


def test_urgency_rule_words_match_the_numbers():
    """The words README shows (URGENCY_RULE) carry the numbers urgency() applies."""
    today = clinical.URGENCY_RULE[clinical.TODAY]
    assert f"{clinical.SEVERE_AT} or more" in today
    assert f"{clinical.URGENT_RISE_POINTS} or more points" in today
    assert f"composite grade of {clinical.COMPOSITE_TODAY_AT}" in today
    assert clinical.urgency("severe", "numbness", clinical.SEVERE_AT, None) == clinical.TODAY
    assert clinical.urgency("new", "bowel", 1, None) == clinical.SOON
    assert clinical.urgency("new", "bowel", clinical.SEVERE_AT, None) == clinical.TODAY
    rise = clinical.URGENT_RISE_POINTS
    assert clinical.urgency("worse", "grip", 1 + rise, 1.0) == clinical.TODAY
    assert clinical.urgency("worse", "grip", rise, 1.0) == clinical.SOON
    assert clinical.urgency("function", "everyday", "everyday", None) == clinical.SOON
    assert clinical.urgency("function", "selfcare", "selfcare", None) == clinical.TODAY
    assert clinical.urgency("function", "fall", 1, None) == clinical.TODAY
    assert clinical.urgency("spread", "feet", 4, 1.0) == clinical.SOON


def test_readme_grade_table_matches_ctcae_v5_wording(readme):
    grade = section(readme, "### The grade estimate")
    assert "(CTCAE) v5.0" in grade and clinical.GRADE_SOURCE.endswith("CTCAE v5.0")
    assert clinical.GRADE_LABEL in grade.lower()
    rows = {number: (when, wording) for number, when, wording
            in re.findall(r"\| (\d) \| ([^|]+?) \| ([^|]+?) \|", grade)}
    assert set(rows) == {"0", "1", "2", "3"}
    assert rows["0"][1] == f'(not a CTCAE grade: "{clinical.GRADE_WORDING[0]}")'
    for number in (1, 2, 3):
        assert rows[str(number)][1] == clinical.GRADE_WORDING[number]
    for number, kind in ((2, "everyday"), (3, "selfcare")):
        assert rows[str(number)][0] == (f"{clinical.LIMIT_NAMES[kind]} limited "
                                        f"({clinical.LIMIT_EXAMPLES[kind]})")
    assert f'CTCAE\'s grade 1 word is "{clinical.GRADE_WORDING[1]}"' in grade
    assert f'"{clinical.PARESTHESIA_TERM}" (MedDRA {clinical.GRADE_TERMS["Paresthesia"]})' in grade
    assert f'(MedDRA {clinical.GRADE_TERMS[clinical.GRADE_TERM]})' in grade
    assert f'grade 1 is "{clinical.SENSORY_GRADE_1}"' in grade


def test_readme_trend_and_cycle_rules_match(readme):
    expected = [
        f"the average over the {clinical.SUMMARY_BASELINE_DAYS} days before the first infusion "
        f"when at least one of them has entries, otherwise over the journal's first "
        f"{clinical.SUMMARY_BASELINE_DAYS} days with entries",
        f"the average of the last {clinical.RECENT_DAYS} days in the window",
        f"the average of the {clinical.PREVIOUS_DAYS} days with entries before the recent ones",
        f"`worsening` when recent minus previous is +{clinical.DIRECTION_POINTS} or more, "
        f"`improving` when -{clinical.DIRECTION_POINTS} or less",
        f"the average of the {clinical.SINCE_VISIT_DAYS} days with entries before the last visit",
        f"later than the last infusion plus that drug's last interval between cycles plus "
        f"{clinical.AFTER_COURSE_DAYS} days",
        "baseline: before treatment (May 25-31)",
        f"`worsening` when change is +{clinical.TREND_POINTS} or more, `improving` when "
        f"-{clinical.TREND_POINTS} or less",
        f"for at most {clinical.OPEN_CYCLE_MAX_DAYS} days",
        f"over the {clinical.PRETREATMENT_BASELINE_DAYS} days before the first infusion",
        f"the last value logged in the {clinical.BEFORE_NEXT_DAYS} days before the next infusion",
        f"at least {clinical.points_words(clinical.PERSIST_POINTS)} above the baseline",
        f"{clinical.COASTING_FROM_DAYS} to {clinical.COASTING_TO_DAYS} days before the end",
        f"the last {clinical.DEFAULT_WINDOW_DAYS} days",
    ]
    for sentence in expected:
        assert sentence in readme, sentence


# -- nothing restated elsewhere -----------------------------------------------------------------
# Names of clinical numbers: a module other than clinical.py assigning one a literal restates it.
CLINICAL_NAME = re.compile(r"(_DAYS|_POINTS|_AT|_UP_TO)$|^(SEVERE|MILD|MODERATE|BASELINE)")
# Wording that clinical.py holds: found in another module's string, it has been copied.
RESTATED = (
    "mild (1-3)", "moderate (4-6)", "severe (7-10)", "7 and above", "0 none to 10",
    "(meals, shopping, the phone, money)", "(washing, dressing, eating, the toilet",
    "Asymptomatic", "limiting instrumental ADL", "limiting self care ADL",
    "not monitored by anyone", "keep getting worse for about",
    "days before the next infusion", "days before the first infusion", "1 point above",
    "for the first time in 4 weeks", "first 7 days", "last 7 days",
)


def modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if p != CLINICAL)


def test_no_module_but_clinical_assigns_a_clinical_number():
    found = []
    for path in modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Assign) or not isinstance(node.value, ast.Constant):
                continue
            if not isinstance(node.value.value, int) or isinstance(node.value.value, bool):
                continue
            for target in node.targets:
                if isinstance(target, ast.Name) and CLINICAL_NAME.search(target.id):
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno} {target.id}")
    assert found == []


def test_no_module_but_clinical_restates_clinical_wording():
    found = []
    for path in modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                text = flat(node.value)
                found += [f"{path.relative_to(ROOT)}:{node.lineno} {fragment!r}"
                          for fragment in RESTATED if fragment in text]
    assert found == []


def test_the_checks_above_can_fail():
    """The scans find what clinical.py itself holds (so an empty result means something)."""
    tree = ast.parse(CLINICAL.read_text(encoding="utf-8"))
    names = [t.id for node in ast.walk(tree) if isinstance(node, ast.Assign)
             for t in node.targets if isinstance(t, ast.Name) and CLINICAL_NAME.search(t.id)]
    assert {"SEVERE_AT", "NEW_LOOKBACK_DAYS", "OPEN_CYCLE_MAX_DAYS"} <= set(names)
    built = flat(" ".join([clinical.CALL_TO_ACTION[0], clinical.SENSORY_GRADE_1,
                           clinical.CYCLE_COLUMNS_EXPLAINED,
                           clinical.PERSISTED_EXPLAINED, clinical.TREND_EXPLAINED,
                           clinical.COASTING_EXPLAINED, *clinical.GRADE_WORDING.values(),
                           *clinical.GRADE_BASIS.values()]))
    for fragment in ("not monitored by anyone", "days before the next infusion",
                     "days before the first infusion", "1 point above", "Asymptomatic",
                     "limiting instrumental ADL", "limiting self care ADL", "first 7 days",
                     "last 7 days", "keep getting worse for about",
                     "(meals, shopping, the phone, money)"):
        assert fragment in built, fragment


def test_domain_imports_only_the_standard_library_and_itself():
    """domain/ is pure: the standard library, cipn_journal.domain and cipn_journal.errors, plus
    python-dateutil (a declared dependency) imported inside the free-form date parser only."""
    import sys

    allowed = set(sys.stdlib_module_names) | {"cipn_journal"}
    found = []
    for path in sorted((PACKAGE / "domain").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                inside = name.startswith(("cipn_journal.domain", "cipn_journal.errors"))
                if top == "cipn_journal" and not inside or top not in allowed:
                    if (path.name, name) != ("dates.py", "dateutil"):
                        found.append(f"{path.name}:{node.lineno} {name}")
    assert found == []
