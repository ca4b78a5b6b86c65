"""Make the README's picture of page 1 of the PDF visit summary (issue 15), so that it is never
drawn by hand: a 12-week demo journal with a profile, exported as a PDF for its last four weeks,
page 1 rendered to PNG with poppler's pdftoppm; and page 1 of a caregiver's 4-cycle FOLFOX course
(issue 23), the journal tests/test_visit_story.py builds through the CLI. Run from the repository
after `pip install .[test]`:

    python benchmarks/readme_images.py      # writes benchmarks/images/summary-page-1.png and
                                            # docs/visit-page.png
"""

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
TARGET = HERE / "images" / "summary-page-1.png"
FOLFOX_TARGET = HERE.parent / "docs" / "visit-page.png"
TODAY = "2026-11-28"  # a fixed day: the picture changes only when the document does
RESOLUTION = "70"  # dots per inch: readable in the README, small in the repository


def cipn(env: dict[str, str], *args: str) -> None:
    subprocess.run([sys.executable, "-m", "cipn_journal", *args], env=env, check=True,
                   stdout=subprocess.DEVNULL)


def page_one(pdf: Path, target: Path) -> None:
    subprocess.run(["pdftoppm", "-png", "-r", RESOLUTION, "-f", "1", "-l", "1", "-singlefile",
                    str(pdf), str(pdf.with_suffix(""))], check=True)
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(pdf.with_suffix(".png"), target)
    print(f"wrote {target.relative_to(HERE.parent)}", file=sys.stderr)


class _Result:
    def __init__(self, done: subprocess.CompletedProcess):
        self.exit_code, self.stdout, self.stderr = done.returncode, done.stdout, done.stderr
        self.output = done.stdout + done.stderr


def folfox(folder: Path) -> None:
    """The test's FOLFOX course, built by running `cipn` as the test does."""
    sys.path.insert(0, str(HERE.parent / "tests"))
    from test_visit_story import folfox_course  # noqa: PLC0415 (the tests' course, once)

    base = dict(os.environ, HOME=str(folder), CIPN_JOURNAL_DB=str(folder / "folfox.db"),
                CIPN_JOURNAL_TODAY="2026-11-25", NO_COLOR="1")

    def cli(*args: str, env: dict | None = None, input: str | None = None) -> _Result:
        return _Result(subprocess.run([sys.executable, "-m", "cipn_journal", *args],
                                      env={**base, **(env or {})}, input=input,
                                      capture_output=True, text=True))

    folfox_course(cli)
    pdf = folder / "folfox.pdf"
    cli("export", "--since", "all", "-o", str(pdf))
    page_one(pdf, FOLFOX_TARGET)


def main() -> int:
    if shutil.which("pdftoppm") is None:
        print("needs poppler-utils' pdftoppm (apt-get install poppler-utils)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work)
        env = dict(os.environ, HOME=work, CIPN_JOURNAL_DB=str(folder / "demo.db"),
                   CIPN_JOURNAL_TODAY=TODAY, NO_COLOR="1")
        cipn(env, "demo", "--weeks", "12")
        cipn(env, "profile", "set", "--name", "Ana Ruiz", "--born", "1961-04-02",
             "--regimen", "FOLFOX")
        pdf = folder / "visit.pdf"
        cipn(env, "export", "--since", "4 weeks ago", "-o", str(pdf))
        page_one(pdf, TARGET)
        folfox(folder)
    return 0


if __name__ == "__main__":
    sys.exit(main())
