"""The "Notify your doctor" block shown when a log raises alerts, and the alerts listing.
The prompt's wording (the call to action, "not monitored") is clinical.py's."""

from cipn_journal.domain.clinical import CALL_TO_ACTION, NOT_MONITORED
from cipn_journal.domain.dates import local_day
from cipn_journal.output import safe

TITLE = "Notify your doctor"


def alert_block_plain(messages: list[str]) -> str:
    lines = [f"!! {TITLE.upper()} !!"]
    lines += [f"  * {safe(m, one_line=True)}" for m in messages]
    lines += [f"  {line}" for line in CALL_TO_ACTION]
    bar = "=" * 72
    return "\n".join([bar, *lines, bar])


def alert_panel(messages: list[str]):
    from rich.panel import Panel
    from rich.text import Text

    body = Text()
    for message in messages:
        body.append("• ", style="bold red")
        body.append(safe(message, one_line=True) + "\n", style="bold")
    body.append("\n")
    body.append("\n".join(CALL_TO_ACTION))
    return Panel(body, title=TITLE, title_align="left", border_style="bold red", expand=False)


ACK_HINT = (
    f"{NOT_MONITORED}. After telling your care team, record it with: "
    "cipn alerts ack ID (or --all-open)."
)
RULE_WORDS = {"new": "new", "worse": "worse", "severe": "severe", "function": "daily life"}


def alerts_plain(found: list[dict]) -> str:
    lines = []
    for a in found:
        status = "" if a["status"] == "open" else f"  [{a['status']}"
        if a["status"] == "acknowledged":
            if a["acknowledged_at"]:  # an imported acknowledgement may have no time
                status += f" {local_day(a['acknowledged_at']).isoformat()}"
            if a["ack_note"]:
                status += f": {safe(a['ack_note'], one_line=True)}"
        if status:
            status += "]"
        lines.append(f"#{a['id']:<4} {a['date']}  {RULE_WORDS.get(a['rule'], a['rule']):<10} "
                     f"{safe(a['message'], one_line=True)}{status}")
    return "\n".join(lines)


def alerts_table(found: list[dict]):
    from rich.table import Table
    from rich.text import Text

    table = Table(title="Alerts to tell your care team about", title_justify="left")
    for name in ("ID", "Date", "Why", "What", "Status"):
        table.add_column(name, overflow="fold")
    for a in found:
        status = a["status"]
        if status == "acknowledged" and a["ack_note"]:
            status += f": {safe(a['ack_note'], one_line=True)}"
        table.add_row(
            Text(f"#{a['id']}"), Text(a["date"]),
            Text(RULE_WORDS.get(a["rule"], a["rule"])),
            Text(safe(a["message"], one_line=True),
                 style="bold red" if a["status"] == "open" else ""),
            Text(status),
        )
    return table
