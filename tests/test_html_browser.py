"""The HTML export in a real headless browser (Debian's chromium; `.ci/run` installs it with
poppler-utils): the demo journal's report prints to PDF with the expected text (read back with
pdftotext), loading it makes no network request (chromium's own net log, checked against a
control page that does make requests), and hostile notes stay text in the browser's DOM."""

import json
import re
import shutil
import subprocess

import pytest
from helpers_journal import Page, ok

CHROMIUM = shutil.which("chromium")
PDFTOTEXT = shutil.which("pdftotext")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None or PDFTOTEXT is None,
    reason="needs Debian's chromium and poppler-utils' pdftotext "
           "(apt-get install chromium poppler-utils; .ci/run installs them)")

HOSTILE = '<script>document.title="pwned"</script><img src=x onerror="alert(1)"> & "quotes"'


def chromium(tmp_path, *args: str) -> subprocess.CompletedProcess:
    profile = tmp_path / "profile"
    profile.mkdir(exist_ok=True)
    return subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--no-first-run", "--no-default-browser-check", f"--user-data-dir={profile}", *args],
        capture_output=True, text=True, timeout=180, check=False)


@pytest.fixture
def report(cli, tmp_path):
    """The demo journal's report for the last three weeks, with a question and a hostile
    note."""
    ok(cli("demo", "--weeks", "12"))
    ok(cli("ask", "Is the numbness in my toes expected to get worse?"))
    ok(cli("log", "--note", HOSTILE, "--date", "2026-11-24"))
    target = tmp_path / "report.html"
    ok(cli("export", "--format", "html", "--since", "3 weeks ago", "-o", str(target)))
    return target


def page_requests(net_log) -> list[str]:
    """URLs the page asked for (not chromium's own background requests)."""
    data = json.loads(net_log.read_text())
    names = {number: name for name, number in data["constants"]["logEventTypes"].items()}
    return [event["params"]["url"] for event in data["events"]
            if names.get(event["type"]) == "URL_REQUEST_START_JOB"
            and "file://" in event.get("params", {}).get("network_isolation_key", "")]


def test_print_to_pdf_has_the_report_text(report, tmp_path):
    pdf = tmp_path / "report.pdf"
    result = chromium(tmp_path, "--no-pdf-header-footer", f"--print-to-pdf={pdf}",
                      report.as_uri())
    assert pdf.exists() and pdf.stat().st_size > 0, result.stderr[-2000:]
    text = subprocess.run([PDFTOTEXT, str(pdf), "-"], capture_output=True, text=True,
                          check=True, timeout=60).stdout
    flat = " ".join(text.split())
    for expected in (
        "CIPN symptom summary: name not set",
        "Key points",
        "2026-11-04 to 2026-11-25",
        "Reported by: the patient",
        "Grade estimate",
        "patient-reported estimate",
        "not a clinical grade",
        "Symptoms (0 none to 10 worst)",
        "Numbness, loss of feeling",
        "Tingling, pins and needles",
        "Notify your doctor",
        "Chemotherapy",
        "oxaliplatin",
        "85 mg/m2",
        "Falls and limits on daily activities",
        "Questions for the doctor",
        "Is the numbness in my toes expected to get worse?",
        "dashed vertical lines with a triangle: infusions",
        "it is not medical advice",
    ):
        assert expected in flat, expected
    assert 'onerror="alert(1)"> & "quotes"' in flat  # the note, shown as text
    assert not re.search(r"\d{4}-\n", text)  # dates never break
    pages = text.split("\f")[:-1]
    assert len(pages) <= 2 and "Key points" in pages[0]
    assert all(f"page {n} of {len(pages)}" in page for n, page in enumerate(pages, 1))


def test_loading_the_report_makes_no_network_request(report, tmp_path):
    control = tmp_path / "control.html"
    control.write_text('<!DOCTYPE html><p>control</p><img src="http://127.0.0.1:9/x.png">'
                       '<link rel="stylesheet" href="https://example.invalid/a.css">')
    control_log = tmp_path / "control-net.json"
    chromium(tmp_path, f"--log-net-log={control_log}", "--dump-dom", control.as_uri())
    # The check below can see a page's requests: this control page makes two.
    assert len(page_requests(control_log)) == 2

    net_log = tmp_path / "net.json"
    result = chromium(tmp_path, f"--log-net-log={net_log}", "--dump-dom", report.as_uri())
    dom = result.stdout
    assert ("<title>CIPN symptom summary: name not set, 2026-11-04 to 2026-11-25</title>"
            in dom)
    assert page_requests(net_log) == []
    html = report.read_text()
    assert not re.search(r"https?://|url\(|@import", html)
    assert not [a for a in Page(html).attributes if a[1] in ("src", "href", "srcset")]


def test_hostile_notes_stay_text_in_the_browser(report, tmp_path):
    dom = chromium(tmp_path, "--dump-dom", report.as_uri()).stdout
    page = Page(dom)
    assert "pwned" not in dom.split("</title>")[0]  # the script did not run
    assert page.tags["script"] == 0 and page.tags["img"] == 0
    assert not [a for a in page.attributes if a[1].startswith("on")]
    assert HOSTILE in page.sections["Notes"]


@pytest.mark.parametrize("paper", ["Letter", "A4"])
def test_four_weeks_of_a_twelve_week_course_print_on_two_pages(cli, tmp_path, paper):
    """Issue 15: the 12-week demo's last four weeks print on at most two pages, page 1 holds
    the name and the key points, every page the name and "page N of M", and no date or
    symptom label breaks."""
    ok(cli("demo", "--weeks", "12"))
    ok(cli("profile", "set", "--name", "Ana Ruíz", "--born", "1961-04-02"))
    target = tmp_path / "visit.html"
    ok(cli("export", "--since", "4 weeks ago", "--paper", paper, "-o", str(target)))
    html = target.read_text()
    assert f"size: {paper.replace('Letter', 'letter')};" in html
    printed = target
    pdf = tmp_path / f"visit-{paper}.pdf"
    result = chromium(tmp_path, "--no-pdf-header-footer", f"--print-to-pdf={pdf}",
                      printed.as_uri())
    assert pdf.exists(), result.stderr[-2000:]
    text = subprocess.run([PDFTOTEXT, str(pdf), "-"], capture_output=True, text=True,
                          check=True, timeout=60).stdout
    pages = text.split("\f")[:-1]
    assert 1 <= len(pages) <= 2
    assert "Ana Ruíz, born 1961-04-02" in pages[0] and "Key points" in pages[0]
    for number, page in enumerate(pages, start=1):
        assert "Ana Ruíz, born 1961-04-02" in page
        assert f"page {number} of {len(pages)}" in page
    lines = text.splitlines()
    for label in ("Numbness, loss of feeling", "Tingling, pins and needles",
                  "Cold-triggered tingling or pain", "Constipation"):
        assert any(label in line for line in lines), label  # on one line: unbroken
    dates = set(re.findall(r"\b2026-\d\d-\d\d\b", html))
    assert dates and all(day in text for day in dates)
    assert not re.search(r"2026-\s*\n", text) and not re.search(r"2026-\d\d-\s*\n", text)
