"""Make the README's picture of page 1 of the PDF visit summary (issue 15), so that it is never
drawn by hand: a 12-week demo journal with a profile, exported as a PDF for its last four weeks,
page 1 rendered to PNG with poppler's pdftoppm. Run from the repository after `pip install .`:

    python benchmarks/readme_images.py      # writes benchmarks/images/summary-page-1.png
"""

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
TARGET = HERE / "images" / "summary-page-1.png"
TODAY = "2026-11-28"  # a fixed day: the picture changes only when the document does
RESOLUTION = "70"  # dots per inch: readable in the README, small in the repository


def cipn(env: dict[str, str], *args: str) -> None:
    subprocess.run([sys.executable, "-m", "cipn_journal", *args], env=env, check=True,
                   stdout=subprocess.DEVNULL)


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
        subprocess.run(["pdftoppm", "-png", "-r", RESOLUTION, "-f", "1", "-l", "1",
                        "-singlefile", str(pdf), str(folder / "page")], check=True)
        TARGET.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(folder / "page.png", TARGET)
    print(f"wrote {TARGET.relative_to(HERE.parent)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
