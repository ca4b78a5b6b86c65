"""The alert box shown when a log or weekly answers raise alerts (two levels: "Call your care
team today" and "Tell your care team at your next contact..."), and the alerts listing, sorted
by urgency then date. The wording (headings, "not monitored") is clinical.py's."""

from cipn_journal.domain.clinical import (
    CALL_TO_ACTION,
    NOT_MONITORED,
    SOON,
    TODAY,
    URGENCIES,
    URGENCY_HEADING,
)
from cipn_journal.output import safe

TITLE = URGENCY_HEADING[TODAY]


def _groups(items: list[tuple[str, str]]) -> list[tuple[str, list[str]]]:
    """(urgency, message) pairs as (heading, messages), `today` first; empty groups left out."""
    return [(URGENCY_HEADING[level], [m for u, m in items if (u or SOON) == level])
            for level in URGENCIES if any((u or SOON) == level for u, _m in items)]


def alert_block_plain(items: list[tuple[str, str]]) -> str:
    """The box as plain text; `items`: (urgency, message) pairs."""
    lines = []
    for heading, messages in _groups(items):
        lines.append(f"!! {heading.upper()} !!")
        lines += [f"  * {safe(m, one_line=True)}" for m in messages]
    lines += [f"  {line}" for line in CALL_TO_ACTION]
    bar = "=" * 72
    return "\n".join([bar, *lines, bar])


def alert_panel(items: list[tuple[str, str]]):
    from rich.panel import Panel
    from rich.text import Text

    body = Text()
    groups = _groups(items)
    for index, (heading, messages) in enumerate(groups):
        if index:  # the first group's heading is the panel's title: not said twice
            body.append(heading + "\n", style="bold red" if heading == TITLE else "bold yellow")
        for message in messages:
            body.append("• ", style="bold red" if heading == TITLE else "yellow")
            body.append(safe(message, one_line=True) + "\n", style="bold")
        body.append("\n")
    body.append("\n".join(CALL_TO_ACTION))
    urgent = groups and groups[0][0] == TITLE
    return Panel(body, title=groups[0][0] if groups else TITLE, title_align="left",
                 border_style="bold red" if urgent else "yellow", expand=False)


def escalation_note(alert) -> str:
    """' (higher than alert #3)' for an alert that escalates an open one, else ''."""
    escalates = alert["escalates"] if isinstance(alert, dict) else alert.escalates
    return f" (higher than alert #{escalates}, still open)" if escalates else ""


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
    from rich.table import Table
    from rich.text import Text

    table = Table(title="Alerts to tell your care team about", title_justify="left")
    for name in ("ID", "Date", "When to tell", "Why", "What", "Status"):
        table.add_column(name, overflow="fold")
    for a in found:
        status = a["status"]
        if status == "acknowledged" and a["ack_note"]:
            status += f": {safe(a['ack_note'], one_line=True)}"
        level = a.get("urgency") or SOON
        table.add_row(
            Text(f"#{a['id']}"), Text(a["date"]),
            Text(level, style="bold red" if level == TODAY else "yellow"),
            Text(RULE_WORDS.get(a["rule"], a["rule"])),
            Text(safe(a["message"] + escalation_note(a), one_line=True),
                 style="bold red" if a["status"] == "open" else ""),
            Text(status),
        )
    return table
