"""`cipn alerts`: the "notify your doctor" alerts, and acknowledging them once the care team
was told."""

import sys
from typing import Annotated

import typer

from cipn_journal import output
from cipn_journal.commands import app, open_journal, today
from cipn_journal.commands.log import NOTE_SHORT, note_given, told_on
from cipn_journal.domain.alerts import spoken
from cipn_journal.errors import BadInput
from cipn_journal.output import err, out
from cipn_journal.render import alerts as render
from cipn_journal.reports import alert_view
from cipn_journal.store.alerts import acknowledge_alerts, list_alerts

alerts_app = typer.Typer()
app.add_typer(alerts_app, name="alerts")


@alerts_app.callback(invoke_without_command=True)
def alerts_list(
    ctx: typer.Context,
    show_all: Annotated[bool, typer.Option("--all", help="Also acknowledged and undone ones.")]
    = False,
    as_json: Annotated[bool, typer.Option("--json", help="JSON for scripts.")] = False,
) -> None:
    """List open alerts, "today" ones first, then newest first (all of them with --all).

    Example: cipn alerts ack 3 --note "told the nurse on the phone"
    """
    if ctx.invoked_subcommand is not None:
        return

    now = today()
    with open_journal(ctx, create=False) as store:
        shown = alert_view.view(store, list_alerts(store, include_all=show_all), today=now)
    found = shown.alerts
    if as_json:
        out(output.json_text(found))
        return
    if not found:
        err("No open alerts." if not show_all else "No alerts yet.")
        return

    for alert in found:
        alert["message"] = spoken(alert["message"], alert["date"], now)
    found = render.as_shown(found, shown.aged)
    if output.use_rich():
        output.print_rich(render.alerts_table(found))
    else:
        out(render.alerts_plain(found))
    if any(a["status"] == "open" for a in found):
        if output.use_rich(sys.stderr):  # wrapped between words at the terminal's width
            from rich.text import Text

            output.print_rich(Text(render.ACK_HINT), stderr=True)
        else:
            err(render.ACK_HINT)


def _ids(values: list[str]) -> list[int]:
    ids = []
    for value in values:
        text = value.strip().lstrip("#")
        if not text.isdigit() or not text.isascii():
            raise BadInput(f"Alert ID {value!r} is not a number: `cipn alerts` lists the IDs.")
        if len(text) > 19 or int(text) >= 2**63:  # larger than any SQLite row id
            raise BadInput(f"No alert has the ID {text}: `cipn alerts --all` lists alert IDs.")
        ids.append(int(text))
    return list(dict.fromkeys(ids))


@alerts_app.command("ack")
def alerts_ack(
    ctx: typer.Context,
    ids: Annotated[list[str] | None, typer.Argument(metavar="[ID]...",
                                                    help="Alert IDs from `cipn alerts`.")]
    = None,
    all_open: Annotated[bool, typer.Option("--all-open", help="Every open alert.")] = False,
    note: Annotated[str | None, typer.Option("--note", NOTE_SHORT, metavar="TEXT",
                                             help="Who you told, what they said.")] = None,
    old_note: Annotated[str | None, typer.Option("-n", hidden=True)] = None,
    when: Annotated[str, typer.Option("--date", "-d", metavar="WHEN",
                                      help="The day you told them (default: today).")]
    = "today",
) -> None:
    """Record that you told your care team about alerts (they stay in the journal).

    Example: cipn alerts ack --all-open --note "called the oncology nurse"
    """
    note = note_given(note, old_note)
    if all_open and ids:
        raise BadInput("Give alert IDs or --all-open, not both.")
    if not all_open and not ids:
        raise BadInput("Give the alert IDs to acknowledge (see `cipn alerts`) or --all-open.")
    if note is not None and not note.strip():
        raise BadInput("--note is empty: write who you told, e.g. --note 'told the nurse'.")
    wanted = None if all_open else _ids(ids or [])

    at, on = told_on(when, "telling the care team")
    with open_journal(ctx, create=False) as store:
        result = acknowledge_alerts(store, wanted, note.strip() if note else None, at, on=on)
    if result.acknowledged:
        err("Acknowledged alert " + ", ".join(f"#{i}" for i in result.acknowledged)
            + (". They stay" if len(result.acknowledged) > 1 else ". It stays")
            + " in the journal (`cipn alerts --all`).")
    if result.already:
        err("Already acknowledged, unchanged: " + ", ".join(f"#{i}" for i in result.already)
            + ".")
    if result.undone:
        err("Undone (nothing to acknowledge): " + ", ".join(f"#{i}" for i in result.undone)
            + ".")
    if not (result.acknowledged or result.already or result.undone):
        err("No open alerts.")
