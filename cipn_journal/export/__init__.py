"""Exports, import and backup of a journal. `FORMATS` is the one registry of `--format` names;
each export function takes the store (None: no journal yet) and a `model.Selection` and returns
the whole document as text. Modules are imported only for the format that is asked for.
"""

import importlib
from dataclasses import dataclass
from pathlib import Path

from cipn_journal.errors import BadInput


@dataclass(frozen=True)
class Format:
    name: str
    module: str  # cipn_journal.export.<module>.export(store, selection) -> str
    terminal: bool  # may be printed to a terminal (otherwise -o FILE is required)
    suffix: str | None = None  # -o FILE ending in it picks this format when --format is not given
    default_since: str | None = None  # the --since used when none is given (None: the window)

    def export(self, store, selection) -> str:
        return importlib.import_module(f"cipn_journal.export.{self.module}").export(
            store, selection)


FORMATS: dict[str, Format] = {
    "md": Format("md", "markdown", True),  # Markdown visit summary (portal message, print)
    "html": Format("html", "html", False),  # printable HTML page with a chart per symptom
    "csv": Format("csv", "csv_export", True),  # one row per day and symptom, for a spreadsheet
    "json": Format("json", "json_export", False),  # the whole journal in the window, to import
    # A calendar holds every infusion and visit, past and planned, unless --since/--until say.
    "ics": Format("ics", "ics", False, suffix=".ics", default_since="all"),
}


def choose(name: str | None, target: Path | None) -> Format:
    """The format of `--format NAME` and `-o TARGET`. Without --format: the one TARGET's
    extension names (only .ics does), else md. A --format that contradicts the extension
    (--format md -o x.ics, --format ics -o x.md) is bad input naming both."""
    suffix = target.suffix.lower() if target is not None else ""
    implied = next((f for f in FORMATS.values() if f.suffix and f.suffix == suffix), None)
    if name is None:
        return implied or FORMATS["md"]
    chosen = FORMATS.get(name.strip().lower())
    if chosen is None:
        raise BadInput(f"--format {name!r} is not one of: {', '.join(FORMATS)}.")
    other = implied if implied is not None and implied is not chosen else None
    if other is None and chosen.suffix and suffix[1:] in FORMATS and suffix != chosen.suffix:
        other = FORMATS[suffix[1:]]
    if other is not None:
        raise BadInput(f"--format {chosen.name} does not match -o {target.name}, a .{other.name} "
                       f"file name: give --format {other.name}, or a file name ending in "
                       f"{chosen.suffix or '.' + chosen.name}.")
    return chosen
