"""`cipn symptoms`: the built-in and custom symptoms, and `symptoms add` for a person's own."""

from typing import Annotated

import typer

from cipn_journal import output
from cipn_journal.commands import app, open_journal
from cipn_journal.domain.symptoms import BUILTIN, check_new_key, close_builtin
from cipn_journal.errors import BadInput
from cipn_journal.output import err, out, safe
from cipn_journal.store import journal as entries

symptoms_app = typer.Typer(no_args_is_help=False)
app.add_typer(symptoms_app, name="symptoms")


@symptoms_app.callback(invoke_without_command=True)
def symptoms_list(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="JSON for scripts.")] = False,
) -> None:
    """List built-in and custom symptoms.

    Example: cipn symptoms add cramps --label "Muscle cramps"
    """
    if ctx.invoked_subcommand is not None:
        return

    # Listing the built-in symptoms needs no journal: this is the one reading command that
    # works before the first log (README "Everyday use").
    with open_journal(ctx, create=False, missing_ok=True) as store:
        symptoms = entries.symptoms_of(store)
    if as_json:
        out(output.json_text([{"key": s.key, "label": s.label, "aliases": list(s.aliases),
                               "builtin": s.builtin} for s in symptoms]))
        return
    width = max(len(s.key) for s in symptoms)
    for s in symptoms:
        aliases = f" (also: {', '.join(s.aliases)})" if s.aliases else ""
        custom = "" if s.builtin else " [custom]"
        out(f"{s.key.ljust(width)}  {safe(s.label, one_line=True)}{aliases}{custom}")


@symptoms_app.command("add")
def symptoms_add(
    ctx: typer.Context,
    key: Annotated[str, typer.Argument(help="Short key: lowercase letters, digits, dashes.")],
    label: Annotated[str, typer.Option("--label", "-l", help="What you feel, in words.")],
) -> None:
    """Add your own symptom to log and track.

    Example: cipn symptoms add cramps --label "Muscle cramps"
    """
    if not label.strip() or len(label) > 200:
        raise BadInput(f"--label {label[:40]!r} must be 1 to 200 characters of text.")
    check_new_key(key, BUILTIN)
    with open_journal(ctx, create=True) as store:
        entries.add_symptom(store, key, label.strip())  # checks custom keys in its transaction
    err(f"Added the symptom {key}: {safe(label.strip(), one_line=True)}. "
        f"Log it with: cipn log {key}=3")
    near = close_builtin(key)
    if near is not None:
        err(f"Note: {key} is close to the built-in symptom {near.key} ({near.label}); if you "
            f"meant that one, log it as {near.key} (`cipn undo` removes {key}).")
