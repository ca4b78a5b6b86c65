"""Exports, import and backup of a journal. `FORMATS` is the one registry of `--format` names;
each export function takes the store (None: no journal yet) and a `model.Selection` and returns
the whole document as text. Modules are imported only for the format that is asked for.
"""

import importlib
from dataclasses import dataclass


@dataclass(frozen=True)
class Format:
    name: str
    module: str  # cipn_journal.export.<module>.export(store, selection) -> str
    description: str
    terminal: bool  # may be printed to a terminal (otherwise -o FILE is required)

    def export(self, store, selection) -> str:
        return importlib.import_module(f"cipn_journal.export.{self.module}").export(
            store, selection)


FORMATS: dict[str, Format] = {
    "md": Format("md", "markdown", "Markdown visit summary (portal message, print)", True),
    "html": Format("html", "html", "printable HTML page with a chart per symptom", False),
    "csv": Format("csv", "csv_export", "one row per day and symptom, for a spreadsheet", True),
    "json": Format("json", "json_export", "the whole journal in the window, to import", False),
    "fhir": Format("fhir", "fhir", "FHIR R4 Bundle (collection) for a clinic's systems", False),
}
