"""`cipn visit add|list`: visits with the care team, past and upcoming."""

from datetime import date
from typing import Annotated

import typer

from cipn_journal.commands import app, open_journal, today
from cipn_journal.commands.options import MAX_NAME, any_day, day_words, dump, show, user_text
from cipn_journal.domain.dates import WHEN_HELP
from cipn_journal.output import err, safe
from cipn_journal.render import treatment as render
from cipn_journal.reports.cycles import cycle_context
from cipn_journal.store.questions import open_questions
from cipn_journal.store.visits import add_visit, visits

visit_app = typer.Typer(help="Visits with your care team (past and upcoming).\n\n"
                        "Example: cipn visit add 2026-12-02 --with 'Dr Rivera, oncology'",
                        no_args_is_help=True)
app.add_typer(visit_app, name="visit")


@visit_app.command("add")
def visit_add(
    ctx: typer.Context,
    when: Annotated[str, typer.Argument(metavar="WHEN",
                                        help=f"Day of the visit, may be ahead ({WHEN_HELP}).")],
    with_whom: Annotated[str | None, typer.Option(
        "--with", metavar="TEXT", help="Who you see, e.g. 'Dr Rivera, oncology'.")] = None,
) -> None:
    """Record a visit with your care team, past or upcoming.

    Example: cipn visit add 2026-12-02 --with "Dr Rivera, oncology"
    """
    now = today()
    day = any_day(when, now=now)
    who = user_text(with_whom, "--with", limit=MAX_NAME, example="--with 'Dr Rivera'")
    with open_journal(ctx, create=True) as store:
        done, before = add_visit(store, day=day, with_whom=who)
        waiting = open_questions(store)
    on = day_words(day, now)
    if done == "added":
        err(f"Added a visit on {on}" + (f" with {safe(who, one_line=True)}." if who else "."))
    elif done == "updated":
        err(f"Updated the visit on {on}: with {safe(who or '', one_line=True)}"
            + (f" (was {safe(before, one_line=True)})." if before else "."))
    else:
        err(f"There is already a visit on {on}"
            + (f" with {safe(before, one_line=True)}" if before else "")
            + ": nothing changed.")
    if waiting and day >= now:
        count = len(waiting)
        err(f"You have {count} open question{'s' if count != 1 else ''} to bring: "
            "cipn questions")


@visit_app.command("list")
def visit_list(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="JSON for scripts.")] = False,
) -> None:
    """List visits, oldest first, with the treatment cycle each fell in.

    Example: cipn visit list
    """
    now = today()
    with open_journal(ctx, create=False) as store:
        found = visits(store)
        contexts = {v["id"]: cycle_context(store, date.fromisoformat(v["date"]))
                    for v in found if v["date"] <= now.isoformat()}
    if as_json:
        dump(found)
        return
    if not found:
        err(render.NO_VISITS)
        return
    show(lambda: render.visits_table(found, contexts, now),
          lambda: render.visits_plain(found, contexts, now))
