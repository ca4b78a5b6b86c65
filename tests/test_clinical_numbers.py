"""Every clinical number lives once, in domain/clinical.py (issue 21, item 2): the rule modules
hold no numeric literal but 0 and 1. The PRO-CTCAE composite table is data in
domain/proctcae_composite.py, which clinical.py names."""

import ast
from pathlib import Path

import pytest

import cipn_journal

DOMAIN = Path(cipn_journal.__file__).parent / "domain"
RULE_MODULES = ("alerts.py", "trends.py", "grade.py", "proctcae.py")
# proctcae.py's typed-name matcher is parsing, not scoring: its difflib cutoff goes with the one
# typo matcher (issue 21, item 6). trends.py's `tenths` rounds half up for display (the 1/2 of
# rounding, not a threshold; issue 23 item 4 judges the shown value).
NOT_SCORING = {"proctcae.py": {"resolve_key"}, "trends.py": {"tenths"}}


def numeric_literals(source: str,
                     skip_functions: frozenset[str] | set[str] = frozenset()) -> list[tuple]:
    """(line, value) of each int or float literal other than 0 and 1 (True/False are not
    numbers here), outside the functions named in `skip_functions`."""
    tree = ast.parse(source)
    skipped = {id(node) for fn in ast.walk(tree)
               if isinstance(fn, ast.FunctionDef) and fn.name in skip_functions
               for node in ast.walk(fn)}
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if id(node) not in skipped and isinstance(node, ast.Constant)
            and type(node.value) in (int, float) and node.value not in (0, 1)]


@pytest.mark.parametrize("module", RULE_MODULES)
def test_rule_modules_hold_no_clinical_number(module):
    source = (DOMAIN / module).read_text()
    assert numeric_literals(source, NOT_SCORING.get(module, set())) == []


def test_a_literal_seven_in_place_of_severe_at_fails():
    source = (DOMAIN / "alerts.py").read_text()
    assert "severity >= SEVERE_AT" in source
    planted = source.replace("severity >= SEVERE_AT", "severity >= 7")
    assert [value for _, value in numeric_literals(planted)] == [7]


def test_the_composite_table_is_named_by_clinical():
    from cipn_journal.domain import clinical, proctcae_composite

    assert clinical.COMPOSITE_TRIPLE is proctcae_composite.TRIPLE
    assert clinical.COMPOSITE_PAIRS is proctcae_composite.PAIRS
    assert clinical.COMPOSITE_SINGLE is proctcae_composite.SINGLE
