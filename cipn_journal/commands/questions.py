"""`cipn ask` and `cipn questions [done ID]`: questions to bring to the next visit."""

from datetime import date
from typing import Annotated

import typer

from cipn_journal.commands import app, open_journal, today
from cipn_journal.commands.log import told_on
from cipn_journal.commands.options import MAX_TEXT, dump, show, user_text
from cipn_journal.errors import BadInput
from cipn_journal.output import err, safe
from cipn_journal.render import treatment as render
from cipn_journal.store.questions import add_question, question_done, questions


@app.command()
def ask(
    ctx: typer.Context,
    words: Annotated[list[str], typer.Argument(metavar="TEXT",
                                               help="The question, quoted or not.")],
) -> None:
    """Save a question to ask at your next visit.

    Example: cipn ask "Should the dose change now that my toes are numb?"
    """
    now = today()
    text = user_text(" ".join(words), "TEXT", limit=MAX_TEXT,
                 example="cipn ask 'Is the numbness a reason to change the dose?'")
    with open_journal(ctx, create=True) as store:
        number = add_question(store, text=text, asked=now)
    err(f"Saved question {number} for your next visit. List them with: cipn questions")


questions_app = typer.Typer()
app.add_typer(questions_app, name="questions")


@questions_app.callback(invoke_without_command=True)
def questions_list(
    ctx: typer.Context,
    show_all: Annotated[bool, typer.Option("--all", help="Also the answered ones.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="JSON for scripts.")] = False,
) -> None:
    """List open questions for your care team (all of them with --all).

    Example: cipn questions done 2
    """
    if ctx.invoked_subcommand is not None:
        return

    with open_journal(ctx, create=False) as store:
        found = questions(store, include_all=show_all)
    if as_json:
        dump(found)
        return
    if not found:
        err(render.NO_QUESTIONS if not show_all else
            "No questions yet. Collect one for the next visit with: cipn ask 'TEXT'")
        return
    answered = {q["id"]: date.fromisoformat(q["done_on"]) for q in found if q["done_on"]}
    show(lambda: render.questions_table(found, answered),
          lambda: render.questions_plain(found, answered))


@questions_app.command("done")
def questions_done(
    ctx: typer.Context,
    question_id: Annotated[str, typer.Argument(metavar="ID",
                                               help="The question's ID from cipn questions.")],
    when: Annotated[str, typer.Option("--date", "-d", metavar="WHEN",
                                      help="The day it was answered (default: today).")]
    = "today",
) -> None:
    """Mark a question answered (it is kept; `cipn questions --all` shows it).

    Example: cipn questions done 2
    """
    cleaned = question_id.strip().lstrip("#")
    if not (cleaned.isascii() and cleaned.isdigit()) or len(cleaned) > 18:
        raise BadInput(f"Question ID {question_id!r} is not a number: `cipn questions` lists "
                       "the IDs.")

    at, on = told_on(when, "an answer")
    with open_journal(ctx, create=False) as store:
        question, newly = question_done(store, int(cleaned), at, on=on)
    text = safe(question["text"], one_line=True)
    if newly:
        err(f"Marked question {question['id']} answered: {text}")
    else:
        err(f"Question {question['id']} was already answered "
            f"({question['done_on'] or 'day not recorded'}): nothing changed.")
