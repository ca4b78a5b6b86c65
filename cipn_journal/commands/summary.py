"""`cipn summary`: how each symptom is moving over a window, the grade estimate, falls, limits,
days not logged, and open alerts at the top. Registered on the app when cli.py imports it."""

import json
import sys
from typing import Annotated

import typer

from cipn_journal import output
from cipn_journal.commands import NOTHING_LOGGED, app, open_journal, today
from cipn_journal.domain.clinical import DEFAULT_WINDOW_DAYS as DEFAULT_DAYS
from cipn_journal.render import summary as render
from cipn_journal.reports import summary as report
from cipn_journal.reports.window import resolve


@app.command()
def summary(
    ctx: typer.Context,
    since: Annotated[str | None, typer.Option(
        "--since", metavar="WHEN",
        help="First day: a WHEN, all, or last-visit (default: 27 days before --until).")] = None,
    until: Annotated[str | None, typer.Option("--until", metavar="WHEN",
                                              help="Last day (default: today).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="JSON for scripts.")] = False,
) -> None:
    """How each symptom is moving: latest, peak, baseline, trend, and a grade estimate.

    The default window is the last 28 days, today included.

    Example: cipn summary --since last-visit
    """
    now = today()
    with open_journal(ctx, create=False) as store:
        window = resolve(store, since, until, today=now, default_days=DEFAULT_DAYS)
        result = report.build(store, window, today=now)
    if as_json:
        _write_json(render.as_json(result))
        return
    rich = output.use_rich()
    if result.is_empty:
        # Open alerts are shown whatever the window; the sentence is a message (stderr).
        if result.alerts:
            if rich:
                output.print_rich(render.rich_alerts(result))
            else:
                output.out("\n".join(render.alert_lines_plain(result)).rstrip("\n"))
        output.err(render.empty_message(result) if result.first_day else NOTHING_LOGGED)
        return
    if rich:
        output.print_rich(render.rich(result))
    else:
        output.out(render.plain(result))


def _write_json(found: dict) -> None:
    """Written in pieces as it is encoded: a long window's daily maps never become one big
    string (peak memory), and pieces are batched (many small writes are slow)."""
    pieces: list[str] = []
    for piece in json.JSONEncoder(indent=2, ensure_ascii=False).iterencode(found):
        pieces.append(output.escape_json_controls(piece))
        if len(pieces) >= 8192:
            sys.stdout.write("".join(pieces))
            pieces.clear()
    sys.stdout.write("".join(pieces) + "\n")
