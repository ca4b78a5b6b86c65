"""Exports, import and backup of a journal. `FORMATS` is the one registry of `--format` names;
each export function takes the store (None: no journal yet) and a `selection.Selection` and
returns the whole document as text (the PDF: bytes). Modules are imported only for the format
that is asked for.
"""

import importlib
from dataclasses import dataclass
from pathlib import Path

from cipn_journal.errors import BadInput


@dataclass(frozen=True)
class Format:
    name: str
    module: str  # cipn_journal.export.<module>.export(store, selection) -> str (pdf: bytes)
    terminal: bool  # may be printed to a terminal (otherwise -o FILE is required)
    suffixes: tuple[str, ...] = ()  # -o FILE endings that pick this format without --format
    default_since: str | None = None  # the --since used when none is given (None: the window)

    printed: bool = False  # a page to print: takes the paper size (`paper=`)

    def export(self, store, selection, *, paper: str = "a4") -> str | bytes:
        options = {"paper": paper} if self.printed else {}
        return importlib.import_module(f"cipn_journal.export.{self.module}").export(
            store, selection, **options)


FORMATS: dict[str, Format] = {
    # Markdown visit summary (portal message, print)
    "md": Format("md", "markdown", True, (".md", ".markdown")),
    # printable HTML page with a chart per symptom
    "html": Format("html", "html", False, (".html", ".htm"), printed=True),
    # one row per day and symptom, for a spreadsheet
    "csv": Format("csv", "csv_export", True, (".csv",)),
    # The journal itself, to import elsewhere: all of it unless --since/--until say (issue 24).
    "json": Format("json", "json_export", False, (".json",), default_since="all"),
    # a FHIR R4 Bundle (collection) for a clinic's systems
    "fhir": Format("fhir", "fhir", False, (".fhir.json",)),
    # the visit summary as a PDF (bytes), drawn without a browser
    "pdf": Format("pdf", "pdf", False, (".pdf",), printed=True),
    # A calendar holds every infusion and visit, past and planned, unless --since/--until say.
    "ics": Format("ics", "ics", False, (".ics",), default_since="all"),
}


def implied_by(target: Path | None) -> Format | None:
    """The format a file name's ending names (the longest matching ending wins:
    x.fhir.json is fhir, x.json json); None for any other name."""
    if target is None:
        return None
    name = target.name.lower()
    found = [(len(suffix), fmt) for fmt in FORMATS.values() for suffix in fmt.suffixes
             if name.endswith(suffix)]
    return max(found, key=lambda pair: pair[0])[1] if found else None


def choose(name: str | None, target: Path | None) -> Format:
    """The format of `--format NAME` and `-o TARGET`. Without --format: the one TARGET's
    ending names, else md. A --format that contradicts the ending (--format md -o x.html) is
    bad input naming both; an ending no format has (-o notes.txt) takes --format or md."""
    implied = implied_by(target)
    if name is None:
        return implied or FORMATS["md"]
    chosen = FORMATS.get(name.strip().lower())
    if chosen is None:
        raise BadInput(f"--format {name!r} is not one of: {', '.join(FORMATS)}.")
    if implied is not None and target is not None and implied is not chosen:
        raise BadInput(f"--format {chosen.name} does not match -o {target.name} (the "
                       f"ending of {implied.name} files): give --format {implied.name}, or a file "
                       f"name ending in {chosen.suffixes[0]}.")
    return chosen
