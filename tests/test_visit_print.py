"""Issue 23 item 11: the printed visit document. Page counts on A4 and Letter (the PDF export
with pdfinfo, the HTML export printed by headless Chromium), headings kept with what they head,
whole chart labels, a long name in the PDF header, text as typed in Latin, Greek and Cyrillic,
and no crash on long texts or many symptoms."""

import re
import shutil
import subprocess

import pytest
from helpers_journal import ok

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None,
                                reason="poppler-utils (pdftotext, pdfinfo) not installed")
CHROMIUM = shutil.which("chromium")
PAPER_SIZES = {"a4": "(A4)", "letter": "(letter)"}  # pdfinfo's name for the page size
# The headings of the visit document: none may be the last line of a page but the last.
HEADINGS = ("Key points", "Symptoms (0 none to 10 worst)", "The course so far", "Details",
            "Grade estimate", "\"Notify your doctor\" alerts in this window", "Chemotherapy",
            "Falls and limits on daily activities", "Supplements and medicines", "Notes",
            "Weekly PRO-CTCAE composite grades", "Questions for the doctor")


def pdfinfo(path) -> dict[str, str]:
    text = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True,
                          check=True).stdout
    return {k.strip(): v.strip() for k, _, v in (line.partition(":")
                                                 for line in text.splitlines())}


def pages(path) -> list[str]:
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    return text.split("\f")[:-1]


def print_html(tmp_path, html, pdf) -> None:
    profile = tmp_path / "chromium-profile"
    profile.mkdir(exist_ok=True)
    subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update",
                    f"--user-data-dir={profile}", "--no-pdf-header-footer",
                    f"--print-to-pdf={pdf}", html.as_uri()],
                   capture_output=True, text=True, timeout=180, check=False)
    assert pdf.exists(), "chromium printed nothing"


def no_heading_ends_a_page(texts: list[str]) -> None:
    for number, page in enumerate(texts[:-1], 1):
        lines = [line.strip() for line in page.splitlines() if line.strip()
                 and not re.fullmatch(r"page \d+ of \d+", line.strip())]
        assert lines and lines[-1] not in HEADINGS, f"page {number} ends with {lines[-1]!r}"


def folfox(cli) -> None:
    """The newcomer's 2-week FOLFOX window: oxaliplatin then fluorouracil the same day, two
    cycles, numbness, tingling and cold logged daily."""
    for day in ("2026-11-11", "2026-11-25"):
        ok(cli("treatment", "add", "oxaliplatin", "--date", day, "--dose", "85mg/m2"))
        ok(cli("treatment", "add", "fluorouracil", "--date", day, "--dose", "2400mg/m2"))
    for n in range(15):
        ok(cli("log", f"numbness={n % 4}", f"tingling={(n + 1) % 3}",
               f"cold={4 if n < 5 else 1}", "--where", "hands", "--date", f"{14 - n} days ago"))


def demo(cli) -> None:
    ok(cli("demo", "--weeks", "12"))


CAREGIVER_DAYS = [  # a reviewer's newcomer: FOLFOX from Nov 19, a caregiver logging daily
    ("2026-11-17", ["numbness=0", "tingling=0", "cold=0", "pain=0", "bowel=0", "--limits", "none"]),
    ("2026-11-18", ["numbness=0", "tingling=0", "cold=0", "pain=0", "bowel=0", "--limits", "none"]),
    ("2026-11-19", ["cold=4", "tingling=2", "--limits", "none"]),
    ("2026-11-20", ["cold=6", "tingling=3", "bowel=2", "--limits", "none"]),
    ("2026-11-21", ["cold=7", "tingling=3", "bowel=4", "--limits", "everyday", "--note",
                    "Couldn't open jars; cold water hurt"]),
    ("2026-11-22", ["cold=5", "tingling=2", "bowel=4"]),
    ("2026-11-23", ["cold=3", "tingling=1", "bowel=4"]),
    ("2026-11-24", ["cold=2", "tingling=1", "bowel=1", "--limits", "none"]),
    ("2026-11-25", ["cold=1", "tingling=1", "bowel=0", "numbness=1"]),
    ("2026-11-26", ["cold=0", "tingling=1", "numbness=1"]),
    ("2026-11-27", ["cold=0", "tingling=1", "numbness=1", "--limits", "none"]),
    ("2026-11-28", ["tingling=1", "numbness=2", "grip=1"]),
    ("2026-11-29", ["tingling=1", "numbness=2", "--falls", "1", "--note",
                    "Slipped on the stairs at night"]),
    ("2026-11-30", ["tingling=2", "numbness=2", "grip=2", "--limits", "everyday"]),
    ("2026-12-01", ["tingling=2", "numbness=2", "--limits", "everyday"]),
    ("2026-12-02", ["tingling=2", "numbness=2", "grip=2", "--limits", "everyday"]),
]


def caregiver(cli) -> None:
    """FOLFOX (fluorouracil and leucovorin typed first) with a profile naming the clinic and
    diagnosis, a fall, everyday limits on 4 days, constipation, two notes and a question: the
    window printed 3 pages in Chromium on Letter (the small print was 16px-based)."""
    ok(cli("profile", "set", "--name", "Ana Ruiz", "--born", "1958-03-12", "--regimen", "FOLFOX",
           "--clinic", "Oncology, St Mary's", "--diagnosis", "colon cancer"))
    for day, values in CAREGIVER_DAYS[:2]:
        ok(cli("log", *values, "--date", day, "--by", "caregiver", env={"CIPN_JOURNAL_TODAY": day}))
    for drug in ("fluorouracil", "leucovorin", "oxaliplatin"):
        ok(cli("treatment", "add", drug, "--date", "2026-11-19", "--dose", "85 mg/m2"))
    for day, values in CAREGIVER_DAYS[2:]:
        ok(cli("log", *values, "--date", day, "--by", "caregiver", env={"CIPN_JOURNAL_TODAY": day}))
    ok(cli("ask", "Is the numbness in her fingers a reason to change the oxaliplatin dose?"))


WINDOWS = {"folfox": (folfox, "2 weeks ago"), "demo": (demo, "4 weeks ago"),
           "caregiver": (caregiver, "2 weeks ago")}


@pytest.mark.parametrize("paper", ["a4", "letter"])
@pytest.mark.parametrize("journal", ["folfox", "demo", "caregiver"])
def test_the_pdf_fits_two_pages(cli, tmp_path, journal, paper):
    make, since = WINDOWS[journal]
    make(cli)
    target = tmp_path / "visit.pdf"
    ok(cli("export", "--since", since, "--paper", paper, "-o", str(target)))
    meta = pdfinfo(target)
    assert meta["Page size"].endswith(PAPER_SIZES[paper])
    assert int(meta["Pages"]) <= 2
    no_heading_ends_a_page(pages(target))


@pytest.mark.skipif(CHROMIUM is None, reason="needs chromium (apt-get install chromium)")
@pytest.mark.parametrize("paper", ["a4", "letter"])
@pytest.mark.parametrize("journal", ["folfox", "demo", "caregiver"])
def test_the_printed_html_fits_two_pages(cli, tmp_path, journal, paper):
    make, since = WINDOWS[journal]
    make(cli)
    html, pdf = tmp_path / "visit.html", tmp_path / "printed.pdf"
    ok(cli("export", "--since", since, "--paper", paper, "-o", str(html)))
    print_html(tmp_path, html, pdf)
    meta = pdfinfo(pdf)
    assert meta["Page size"].endswith(PAPER_SIZES[paper])
    assert int(meta["Pages"]) <= 2
    no_heading_ends_a_page(pages(pdf))


@pytest.mark.parametrize(("env", "size"), [
    ({"LANG": "en_US.UTF-8", "LC_ALL": "", "LC_PAPER": ""}, "letter"),
    ({"LANG": "en_GB.UTF-8", "LC_ALL": "", "LC_PAPER": ""}, "A4"),
    ({"LANG": "en_GB.UTF-8", "LC_ALL": "", "LC_PAPER": "en_CA.UTF-8"}, "letter"),
    ({"LANG": "en_US.UTF-8", "LC_ALL": "de_DE.UTF-8", "LC_PAPER": ""}, "A4"),
    ({"LANG": "", "LC_ALL": "", "LC_PAPER": ""}, "A4"),
])
def test_the_page_size_follows_the_locale(cli, env, size):
    ok(cli("log", "numbness=2"))
    html = ok(cli("export", "--format", "html", env=env)).stdout
    assert f"size: {size};" in html and "size: auto" not in html


def test_paper_option(cli, tmp_path):
    ok(cli("log", "numbness=2"))
    html = ok(cli("export", "--format", "html", "--paper", "Letter",
                  env={"LANG": "de_DE.UTF-8"})).stdout
    assert "size: letter;" in html
    result = cli("export", "--format", "pdf", "--paper", "a5", "-o", str(tmp_path / "x.pdf"))
    assert result.exit_code == 2 and "--paper 'a5'" in result.stderr and "a4, letter" in \
        result.stderr
    assert not (tmp_path / "x.pdf").exists()


def test_chart_labels_are_whole(cli, tmp_path):
    folfox(cli)
    ok(cli("symptoms", "add", "cramps", "--label",
           "Muscle cramps in the calves at night after long walks in the cold wind"))
    ok(cli("log", "cramps=3"))
    target, html = tmp_path / "visit.pdf", tmp_path / "visit.html"
    ok(cli("export", "--since", "2 weeks ago", "-o", str(target)))
    ok(cli("export", "--since", "2 weeks ago", "-o", str(html)))
    text = " ".join(" ".join(pages(target)).split())
    assert "Cold-triggered tingling or pain highest 4" in text  # whole, over two lines
    assert not re.search(r"\w\.\.\.", text)  # no word cut in the middle
    assert "Muscle cramps in the calves at night after long\u2026" in text  # whole words, …
    svg = html.read_text()
    labels = [" ".join(re.findall(r">([^<]*)</tspan>", shown))
              for shown in re.findall(r"<title>[^<]*</title>((?:<tspan[^>]*>[^<]*</tspan>)+)",
                                      svg)]
    assert "Cold-triggered tingling or pain" in labels  # whole, over two lines
    assert [label for label in labels if label.startswith("Muscle cramps in the calves")
            and label.endswith("\u2026") and len(label.split()) >= 6]
    assert "stabbin..." not in svg


def test_a_long_name_wraps_in_the_pdf_header(cli, tmp_path):
    name = "Maria-Fernanda Alexandra Constantinopoulou-Rodriguez e Souza"
    assert len(name) == 60
    ok(cli("profile", "set", "--name", name, "--born", "1961-04-02"))
    ok(cli("log", "numbness=2"))
    ok(cli("visit", "add", "2026-11-20", "--with", "Dr Rivera"))  # a longer window text
    target = tmp_path / "visit.pdf"
    ok(cli("export", "-o", str(target)))
    words = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", str(target), "-"],
                           capture_output=True, text=True, check=True).stdout
    boxes = [tuple(float(v) for v in found.groups()) + (word,) for found, word in (
        (re.search(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)"', line),
         line.rsplit(">", 2)[-2].split("<")[0]) for line in words.splitlines()
        if line.lstrip().startswith("<word"))]
    header = [b for b in boxes if b[1] < 60]
    assert set(f"{name}, born 1961-04-02".split()) <= {b[4] for b in header}  # all of it
    assert {"since", "2026-11-20:", "2026-11-25"} <= {b[4] for b in header}
    for n, a in enumerate(header):  # no two words of the header overlap
        for b in header[n + 1:]:
            assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1], (a, b)


def test_text_shows_as_typed_in_latin_greek_and_cyrillic(cli, tmp_path):
    ok(cli("profile", "set", "--name", "Nguyễn Thị Ελένη Пётр"))
    ok(cli("log", "numbness=2", "--note", "Μούδιασμα στα δάχτυλα; онемение пальцев; Łódź œ ≥"))
    target = tmp_path / "visit.pdf"
    result = ok(cli("export", "-o", str(target)))
    text = " ".join(pages(target))
    assert "Nguyễn Thị Ελένη Пётр" in text
    assert "Μούδιασμα στα δάχτυλα; онемение пальцев; Łódź œ ≥" in text
    assert "?" not in text.replace("Questions", "")
    assert "could not" not in result.stderr and "'?'" not in result.stderr
    fonts = subprocess.run(["pdffonts", str(target)], capture_output=True, text=True).stdout
    assert "DejaVuSans" in fonts and "yes yes" in fonts  # the shipped font, embedded, subset


def test_characters_no_font_has_are_named(cli, tmp_path):
    ok(cli("log", "numbness=2", "--note", "手足のしびれ"))
    target = tmp_path / "visit.pdf"
    result = ok(cli("export", "-o", str(target)))
    text = " ".join(pages(target))
    if "手足のしびれ" in text:  # a system font (fontconfig) had them
        assert "'?'" not in result.stderr
    else:
        lines = [line for line in result.stderr.splitlines() if "'?'" in line]
        assert len(lines) == 1 and "手" in lines[0] and "HTML export" in lines[0]


def test_the_font_ships_inside_the_package():
    from importlib.resources import files

    fonts = files("cipn_journal.export") / "fonts"
    names = {entry.name for entry in fonts.iterdir()}
    assert {"DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "LICENSE"} <= names
    assert sum((fonts / name).stat().st_size if hasattr(fonts / name, "stat") else 0
               for name in names) < 600_000
    import tomllib
    from pathlib import Path

    pyproject = tomllib.loads((Path(__file__).parents[1] / "pyproject.toml").read_text())
    data = pyproject["tool"]["setuptools"]["package-data"]["cipn_journal.export"]
    assert "fonts/*" in data


def test_long_texts_and_many_symptoms_do_not_crash(cli, tmp_path):
    for n in range(22):
        ok(cli("symptoms", "add", f"extra-{n}", "--label", f"Extra symptom number {n}"))
    keys = ["numbness", "tingling", "burning", "pain", "cold", "balance", "grip", "walking",
            "bowel", "bladder"] + [f"extra-{n}" for n in range(22)]
    assert len(keys) == 32
    for day in range(3):
        ok(cli("log", *(f"{k}={(day + n) % 9 + 1}" for n, k in enumerate(keys)),
               "--date", f"{day} days ago"))
    question = " ".join(f"question{n}" for n in range(800))[:7500]
    note = " ".join(f"note{n}" for n in range(1000))[:5000]
    assert len(question) == 7500 and len(note) == 5000
    ok(cli("ask", question))
    ok(cli("log", "numbness=2", "--note", note))
    target = tmp_path / "visit.pdf"
    ok(cli("export", "-o", str(target)))
    texts = pages(target)
    body = " ".join(" ".join(texts).split())
    assert question.split()[-1] in body and note.split()[-1] in body  # continued, not lost
    assert "Extra symptom number 21" in body  # the last panel of the split chart
    assert len(texts) >= 3


def test_the_caregivers_page_says_each_event_once_and_oxaliplatin_first(cli):
    """Reviewer's repros: the limits key point twice (first time, then 'limited on 4 days'),
    fluorouracil before oxaliplatin in the table and totals, a day-8 flare called 'an expected
    acute effect'."""
    caregiver(cli)
    page = ok(cli("export", "--format", "md", "--since", "2 weeks ago",
                  env={"CIPN_JOURNAL_TODAY": "2026-12-03"})).stdout.replace("**", "")
    points = page.split("## Key points")[1].split("## Symptoms")[0]
    assert len([line for line in points.splitlines() if "everyday tasks" in line
                and "Grade estimate" not in line]) == 1
    assert ("for the first time in this journal; limited on 4 days in this window (2026-11-21, "
            "2026-11-30, 2026-12-01, 2026-12-02); journal urgency: within days.") in points
    table = page.split("## Chemotherapy")[1]
    assert table.index("oxaliplatin") < table.index("fluorouracil") < table.index("leucovorin")
    assert ("Total recorded to 2026-12-03: oxaliplatin 85 mg/m2 (1 infusion); fluorouracil"
            in table)
    assert ("Tingling at 1/10 after an infusion, beyond the expected acute effect (0/10 before "
            "the infusion); journal urgency: within days.") in points


def test_no_month_label_overprints_the_last_days_label(cli, tmp_path):
    """Reviewer's repro: '2026-12' drawn over '2026-12-03' (a window ending 2 days into a
    month) in the PDF and the HTML."""
    caregiver(cli)
    today = {"CIPN_JOURNAL_TODAY": "2026-12-03"}
    html = ok(cli("export", "--format", "html", "--since", "2 weeks ago", env=today)).stdout
    course = html.split('<figure class="course">')[1].split("</figure>")[0]
    labels = re.findall(r">(\d{4}-\d\d(?:-\d\d)?)</text>", course)
    assert labels == ["2026-11-17", "2026-12-03"]
    target = tmp_path / "visit.pdf"
    ok(cli("export", "--since", "2 weeks ago", "-o", str(target), env=today))
    text = " ".join(pages(target))
    assert "2026-12-03" in text and not re.search(r"2026-12(?!-)", text)
