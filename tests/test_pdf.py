"""`cipn export --format pdf`: the visit document as a PDF (ReportLab), read back with
poppler's pdfinfo and pdftotext."""

import re
import shutil
import subprocess

import pytest
from helpers_journal import ok

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None,
                                reason="poppler-utils (pdftotext, pdfinfo) not installed")


def info(path) -> dict[str, str]:
    text = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True,
                          check=True).stdout
    return {k.strip(): v.strip() for k, _, v in (line.partition(":")
                                                 for line in text.splitlines())}


def pages(path) -> list[str]:
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    return text.split("\f")[:-1]


def test_twelve_week_demo_fits_two_pages(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("CIPN_JOURNAL_TODAY", "2026-11-28")  # the window has eight alerts
    ok(cli("demo", "--weeks", "12"))
    ok(cli("profile", "set", "--name", "Ana Ruíz", "--born", "1961-04-02"))
    target = tmp_path / "visit.pdf"
    result = cli("export", "--since", "4 weeks ago", "-o", str(target))
    assert result.exit_code == 0 and result.stdout == ""
    assert "Wrote the pdf export" in result.stderr
    assert target.read_bytes().startswith(b"%PDF-")
    assert target.stat().st_mode & 0o777 == 0o600
    meta = info(target)
    assert int(meta["Pages"]) <= 2
    assert meta["Title"] == "CIPN symptom summary: Ana Ruíz, 2026-10-31 to 2026-11-28"
    texts = pages(target)
    assert all("Ana Ruíz, born 1961-04-02" in page for page in texts)
    assert all(f"page {n} of {len(texts)}" in page for n, page in enumerate(texts, 1))
    assert "Key points" in texts[0]
    assert not re.search(r"\b\d{4}-(\d\d-)?\n", "\f".join(texts))  # no date breaks
    labels = [s["label"] for s in __import__("json").loads(ok(cli("symptoms", "--json")).stdout)
              if s.get("label")]
    body = " ".join(" ".join(texts).split())
    logged = [label for label in labels if label.split(",")[0] in body]
    assert logged, "no symptom label in the PDF"
    assert "Numbness, loss of feeling" in body and "Tingling, pins and needles" in body
    fonts = subprocess.run(["pdffonts", str(target)], capture_output=True, text=True).stdout
    assert "DejaVuSans" in fonts and "yes yes" in fonts  # embedded, subset


def test_hostile_text_stays_text_and_empty_journal_is_one_page(cli, tmp_path):
    empty = tmp_path / "empty.pdf"
    ok(cli("profile", "set", "--name", "<b>Ana</b> & µ ≥ | \\ (x)"))
    ok(cli("export", "-o", str(empty)))
    texts = pages(empty)
    assert len(texts) == 1 and "Nothing was logged in this window." in texts[0]
    assert "<b>Ana</b> & µ ≥ | \\ (x)" in texts[0]  # markup characters stay text
    ok(cli("log", "numbness=3", "--note", "</para><font size=40>big</font> \x1b[31m"))
    hostile = tmp_path / "hostile.pdf"
    ok(cli("export", "--format", "pdf", "-o", str(hostile)))
    text = " ".join(pages(hostile))
    # Markup stays text; a control character is shown as a replacement mark (README: "Text as
    # typed"), never passed to the PDF as a raw escape.
    assert "</para><font size=40>big</font>" in text and "[31m" in text
    assert "\x1b" not in text and "\\x1b" not in text


def test_a_long_journal_with_many_symptoms_is_readable(cli, tmp_path):
    ok(cli("treatment", "add", "oxaliplatin", "--date", "2024-12-01", "--dose", "85 mg/m2"))
    for n in range(15):
        ok(cli("symptoms", "add", f"extra-{n}", "--label", f"Extra symptom {n}"))
    for week in range(0, 104, 4):
        day = f"{week} weeks ago"
        ok(cli("log", *(f"extra-{n}={(week + n) % 8 + 1}" for n in range(15)), "--date", day))
    target = tmp_path / "long.pdf"
    ok(cli("export", "--since", "all", "-o", str(target)))
    texts = pages(target)
    assert "Key points" in texts[0] and "The course so far" in " ".join(texts)
    body = " ".join(" ".join(texts).split())
    assert all(f"Extra symptom {n}" in body for n in range(15))
