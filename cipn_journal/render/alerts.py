"""The alert box shown when a log or weekly answers raise alerts, and by the summary: three
levels, each under its heading ("Notify your doctor or nurse today", "... within a few days" or,
during treatment, "... at your next contact, or sooner if it worries you", "Tell the nurse at your
next infusion"), then "not monitored" and the emergency line; and the alerts listing, sorted by
the level shown then date. The wording is clinical.py's."""

from cipn_journal.domain.alert_display import shown_urgency
from cipn_journal.domain.alerts import sort_key
from cipn_journal.domain.clinical import (
    CALL_TO_ACTION,
    NOT_MONITORED,
    SOON,
    TODAY,
    URGENCIES,
    urgency_heading,
)
from cipn_journal.output import safe

TITLE = urgency_heading(TODAY, during_treatment=False)


def _groups(items: list[tuple[str, str]], during_treatment: bool
            ) -> list[tuple[str, str, list[str]]]:
    """(urgency, message) pairs as (level, heading, messages), `today` first; empty groups
    left out; a message said twice (two reasons of one day that aged alike) shown once."""
    return [(level, urgency_heading(level, during_treatment),
             list(dict.fromkeys(m for u, m in items if (u or SOON) == level)))
            for level in URGENCIES if any((u or SOON) == level for u, _m in items)]


def alert_block_plain(items: list[tuple[str, str]], during_treatment: bool = False) -> str:
    """The box as plain text; `items`: (urgency, message) pairs."""
    lines = []
    for _level, heading, messages in _groups(items, during_treatment):
        lines.append(f"!! {heading.upper()} !!")
        lines += [f"  * {safe(m, one_line=True)}" for m in messages]
    lines += [f"  {line}" for line in CALL_TO_ACTION]
    bar = "=" * 72
    return "\n".join([bar, *lines, bar])


def alert_panel(items: list[tuple[str, str]], during_treatment: bool = False):
    """The box: the first group's heading is its title when the title fits the terminal's
    width, else the heading's first line inside it (a title is never cut); each message hangs
    after its bullet, so that a wrapped line starts under the text, not under the bullet."""
    return _AlertPanel(items, during_treatment)


class _AlertPanel:
    """A Rich renderable that lays the box out at the width it is given."""

    def __init__(self, items: list[tuple[str, str]], during_treatment: bool = False):
        self.items = items
        self.during_treatment = during_treatment

    def __rich_console__(self, console, options):
        from rich.console import Group
        from rich.panel import Panel
        from rich.table import Table
        from rich.text import Text

        groups = _groups(self.items, self.during_treatment)
        first_level, first = (groups[0][0], groups[0][1]) if groups else (TODAY, TITLE)
        urgent = first_level == TODAY
        fits = len(first) + 6 <= options.max_width  # "╭─ " title " ─╮"
        parts: list = []
        for index, (level, heading, messages) in enumerate(groups):
            red = level == TODAY
            if index or not fits:  # the panel's title says the first heading when it fits
                parts.append(Text(heading, style="bold red" if red else "bold yellow"))
            bullets = Table.grid(padding=(0, 1))
            bullets.add_column(no_wrap=True)
            bullets.add_column(ratio=1)
            for message in messages:
                bullets.add_row(Text("•", style="bold red" if red else "yellow"),
                                Text(safe(message, one_line=True), style="bold"))
            parts += [bullets, Text("")]
        parts.append(Text("\n".join(CALL_TO_ACTION)))
        yield Panel(Group(*parts), title=first if fits else None, title_align="left",
                    border_style="bold red" if urgent else "yellow", expand=False)


def as_shown(alerts: list[dict], aged: dict[int, str]) -> list[dict]:
    """The alerts as a person reads them (issue 22 rule 7): one that aged is shown under `soon`
    with its "not yet told" line (`aged`: id -> line) as its message; sorted by that level, then
    newest first. The dicts given are not changed (JSON keeps the stored urgency)."""
    shown = [{**a, "urgency": shown_urgency(a), "message": aged.get(a["id"], a["message"])}
             for a in alerts]
    return sorted(shown, key=sort_key)


def escalation_note(alert) -> str:
    """' (higher than alert #3, still open)' for an alert whose higher value escalates an open
    one; an expected effect's alert raised to a higher level (`acute`: it lasted to day 8, or
    rose more than the cycle before) may have a lower value than the cycle's open note, so it
    says only that the note is still open. Else ''."""
    escalates = alert["escalates"] if isinstance(alert, dict) else alert.escalates
    if not escalates:
        return ""
    rule = alert["rule"] if isinstance(alert, dict) else alert.rule
    if rule == "acute":
        return f" (this cycle's alert #{escalates} is still open)"
    return f" (higher than alert #{escalates}, still open)"


ACK_HINT = (
    f"{NOT_MONITORED}. After telling your care team, record it with: "
    "cipn alerts ack ID (or --all-open)."
)
RULE_WORDS = {"new": "new", "worse": "worse", "severe": "severe", "function": "daily life",
              "composite": "weekly", "spread": "spread"}


def alerts_plain(found: list[dict]) -> str:
    lines = []
    for a in found:
        status = "" if a["status"] == "open" else f"  [{a['status']}"
        if a["status"] == "acknowledged":
            if a.get("acknowledged_on"):  # an imported acknowledgement may have no day
                status += f" {a['acknowledged_on']}"
            if a["ack_note"]:
                status += f": {safe(a['ack_note'], one_line=True)}"
        if status:
            status += "]"
        lines.append(f"#{a['id']:<4} {a['date']}  {a.get('urgency') or SOON:<5}  "
                     f"{RULE_WORDS.get(a['rule'], a['rule']):<10} "
                     f"{safe(a['message'] + escalation_note(a), one_line=True)}{status}")
    return "\n".join(lines)


def alerts_table(found: list[dict]):
    """The listing on a terminal: a table when the message column gets at least
    `_MESSAGE_MIN` characters, else one block per alert (its facts on a line, the message
    under them), so that no date or word is cut at 60 columns."""
    return _AlertsListing(found)


_MESSAGE_MIN = 28
LISTING_TITLE = "Alerts to tell your care team about"


def _cells(a: dict) -> tuple[str, str, str, str, str]:
    status = a["status"]
    if status == "acknowledged" and a["ack_note"]:
        status += f": {safe(a['ack_note'], one_line=True)}"
    return (f"#{a['id']}", a["date"], a.get("urgency") or SOON,
            RULE_WORDS.get(a["rule"], a["rule"]), status)


class _AlertsListing:
    def __init__(self, found: list[dict]):
        self.found = found

    def __rich_console__(self, console, options):
        from rich.padding import Padding
        from rich.table import Table
        from rich.text import Text

        rows = [_cells(a) for a in self.found]
        narrow = [max(len(header), *(len(r[n]) for r in rows))
                  for n, header in enumerate(("ID", "Date", "When", "Why"))]
        status_width = max(len("Status"), min(max(len(r[4]) for r in rows), 20))
        table_width = sum(narrow) + status_width + 6 * 3 + 1  # a cell's padding and border
        if options.max_width - table_width >= _MESSAGE_MIN:
            table = Table(title=LISTING_TITLE, title_justify="left")
            for name in ("ID", "Date", "When", "Why"):
                table.add_column(name, no_wrap=True)
            table.add_column("What", ratio=1, min_width=_MESSAGE_MIN)
            table.add_column("Status", max_width=20)
            for a, (ident, day, level, why, status) in zip(self.found, rows, strict=True):
                table.add_row(
                    Text(ident), Text(day),
                    Text(level, style="bold red" if level == TODAY else "yellow"),
                    Text(why),
                    Text(safe(a["message"] + escalation_note(a), one_line=True),
                         style="bold red" if a["status"] == "open" else ""),
                    Text(status))
            yield table
            return
        yield Text(LISTING_TITLE, style="italic")
        for a, (ident, day, level, why, status) in zip(self.found, rows, strict=True):
            facts = Text()
            facts.append(f"{ident}  {day}  ")
            facts.append(level, style="bold red" if level == TODAY else "yellow")
            facts.append(f"  {why}  {a['status']}")
            yield facts
            yield Padding(Text(safe(a["message"] + escalation_note(a), one_line=True),
                               style="bold red" if a["status"] == "open" else ""),
                          (0, 0, 0, 4))  # the message indented under its facts
            if status != a["status"]:  # the acknowledgement's note, indented too
                yield Padding(Text(status, style="dim"), (0, 0, 0, 4))
