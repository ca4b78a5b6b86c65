"""Sources a reader can follow (issue 21 item 10): the code and the README cite the primary source
of a clinical fact (the guideline, the paper, NCI's page), never notes that live outside this
repository (DOMAIN.md, PRODUCT.md, STYLE.md, ../shared)."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
OUTSIDE_NOTES = re.compile(r"\b(?:DOMAIN|PRODUCT|STYLE)\.md\b|\.\./shared\b", re.IGNORECASE)


def cited_notes(text: str, name: str) -> list[str]:
    """`name:line text` for each line of `text` that cites notes from outside the repository."""
    return [f"{name}:{number} {line.strip()}"
            for number, line in enumerate(text.splitlines(), 1) if OUTSIDE_NOTES.search(line)]


def test_code_and_readme_cite_no_notes_outside_the_repository():
    files = [*sorted((ROOT / "cipn_journal").rglob("*.py")), ROOT / "README.md",
             ROOT / "CHANGELOG.md"]
    assert len(files) > 40, files
    found = [hit for path in files
             for hit in cited_notes(path.read_text(encoding="utf-8"),
                                    str(path.relative_to(ROOT)))]
    assert found == []


@pytest.mark.parametrize("text, expected", [
    ("# the scale (DOMAIN.md)\n", ["x.py:1 # the scale (DOMAIN.md)"]),
    ('"""x"""\n# PRODUCT.md\'s order\n', ["x.py:2 # PRODUCT.md's order"]),
    ("see ../shared/domain.md\n", ["x.py:1 see ../shared/domain.md"]),
    ("# (Basch et al., Clin Trials 2021;18:104)\nDOMAIN = 'cipn-journal'\n", []),
])
def test_the_check_finds_each_kind_of_citation(text, expected):
    assert cited_notes(text, "x.py") == expected
