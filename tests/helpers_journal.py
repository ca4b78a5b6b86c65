"""Helpers the CLI tests share: `ok` (a command that must succeed), `build` (the small
hand-built journal the export, import, backup and browser tests read), `Page` (an HTML page
read into tags, tables and sections) and `counts_by_level_and_rule` (alerts counted as the
issues report them). Test files import them from here, never from each other.
"""

from collections import Counter
from html.parser import HTMLParser


def ok(result):
    assert result.exit_code == 0, (result.exit_code, result.stderr)
    return result


def build(cli, *, visit=True, notes=("Tripped on the stairs", "Fingertips numb; dropped a cup")):
    """The small journal most tests read: two oxaliplatin infusions, a week of baseline, values
    rising after the first infusion, limits, a fall, two notes, a supplement, two visits (one
    coming), a question. Today is 2026-11-25."""
    ok(cli("treatment", "add", "oxaliplatin", "--date", "2026-11-04", "--dose", "85mg/m2",
           "--route", "iv"))
    ok(cli("treatment", "add", "Eloxatin", "--date", "2026-11-18", "--dose", "85mg/m2",
           "--route", "iv"))
    for day in range(28, 32):
        ok(cli("log", "numbness=0", "tingling=1", "--date", f"2026-10-{day}"))
    for day in range(1, 4):
        ok(cli("log", "numbness=0", "tingling=1", "--date", f"2026-11-0{day}"))
    ok(cli("log", "numbness=2", "--date", "2026-11-05"))
    ok(cli("log", "numbness=3", "tingling=2", "--date", "2026-11-12", "--limits", "everyday"))
    ok(cli("log", "numbness=5", "--date", "2026-11-16", "--where", "feet"))
    ok(cli("log", "numbness=4", "--date", "2026-11-20", "--falls", "1", "--note", notes[0],
           env={"CIPN_JOURNAL_TODAY": "2026-11-20"}))  # logged that day: a call today (rule 9)
    ok(cli("log", "numbness=6", "tingling=3", "--date", "2026-11-24", "--note", notes[1]))
    ok(cli("meds", "add", "glutamine", "--start", "2026-11-01"))
    if visit:
        ok(cli("visit", "add", "2026-11-10", "--with", "Dr Rivera"))
        ok(cli("visit", "add", "2026-12-02", "--with", "Dr Rivera"))
    ok(cli("ask", "Should the dose be lowered?"))


def counts_by_level_and_rule(alerts: list[dict]) -> dict[tuple[str, str], int]:
    """{(urgency, rule): count} of `alerts --json` alerts, `today` first, then by rule."""
    found: dict[tuple[str, str], int] = {}
    for alert in alerts:
        key = (alert["urgency"], alert["rule"])
        found[key] = found.get(key, 0) + 1
    return dict(sorted(found.items(), key=lambda item: (
        ["today", "soon", "next"].index(item[0][0]), item[0][1])))


class Page(HTMLParser):
    """Tags, tables (rows of cell texts) and the text under each h2 of an HTML page."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.tags: Counter = Counter()
        self.attributes: list[tuple[str, str, str | None]] = []
        self.tables: list[list[list[str]]] = []
        self.sections: dict[str, str] = {}
        self._cell: list[str] | None = None
        self._heading: list[str] | None = None
        self._section = ""
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags[tag] += 1
        self.attributes += [(tag, name, value) for name, value in attrs]
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self._cell = []
        elif tag == "h2":
            self._heading = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self.tables[-1][-1].append("".join(self._cell).strip())
            self._cell = None
        elif tag == "h2" and self._heading is not None:
            self._section = "".join(self._heading)
            self.sections[self._section] = ""
            self._heading = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)
        if self._heading is not None:
            self._heading.append(data)
        elif self._section:
            self.sections[self._section] += data

    def table(self, first_header: str) -> list[list[str]]:
        return next(t for t in self.tables if t and t[0][0] == first_header)
