"""The "Notify your doctor" block shown when a log raises alerts, and the alerts listing."""

from cipn_journal.alerts import CALL_TO_ACTION
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
