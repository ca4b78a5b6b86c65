"""`cipn history`: what was logged, day by day, as a table on a terminal, lines when piped, or
JSON."""

import sys
from typing import Annotated

import typer

from cipn_journal import output
from cipn_journal.commands import app, completion, open_journal, today, whole_number
from cipn_journal.commands.log import fitted
from cipn_journal.domain.clinical import DEFAULT_WINDOW_DAYS
from cipn_journal.domain.symptoms import resolve as resolve_symptom
from cipn_journal.output import err, out, print_rich
from cipn_journal.render import history as render
from cipn_journal.reports import history as report
from cipn_journal.reports.window import resolve
from cipn_journal.store import journal as entries


@app.command()
def history(
    ctx: typer.Context,
    since: Annotated[str | None, typer.Option(
        "--since", metavar="WHEN",
        help="First day: a WHEN, all, or last-visit (default: 27 days before --until).")]
    = None,
    days: Annotated[int | None, typer.Option(
        "-n", "--days", parser=whole_number(1, 100_000), metavar="N",
        help="Only the last N days that have entries (with no --since: in the whole journal).")]
    = None,
    until: Annotated[str | None, typer.Option("--until", metavar="WHEN",
                                              help="Last day (default: today).")] = None,
    symptom: Annotated[str | None, typer.Option("--symptom", "-s", metavar="S",
                                                autocompletion=completion.symptom,
                                                help="Only this symptom.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="JSON for scripts.")] = False,
) -> None:
    """Show what was logged, day by day (the last 4 weeks unless told).

    Example: cipn history -n 10 --symptom numbness
    """
    now = today()
    with open_journal(ctx, create=False) as store:
        symptoms = entries.symptoms_of(store)
        key = resolve_symptom(symptom, symptoms) if symptom else None
        if since is None and days is not None:
            since = "all"
        window = resolve(store, since, until, today=now, default_days=DEFAULT_WINDOW_DAYS)
        rows = report.rows(store, window, key)
        if days is not None:
            shown = sorted({row.date for row in rows})[-days:]
            rows = [row for row in rows if row.date >= shown[0]] if shown else []
        cycles = report.cycle_days(store, rows) if rows and not as_json else {}
    if as_json:
        out(output.json_text(report.as_json(rows)))
        return
    if not rows:
        err("Nothing logged in that window.")
        return
    if output.use_rich() and output.console().width >= render.table_width(rows, symptoms, cycles):
        print_rich(render.table(rows, symptoms, cycles))
    else:
        out(fitted(render.plain(rows, symptoms, cycles), sys.stdout, indent=" " * 12))
