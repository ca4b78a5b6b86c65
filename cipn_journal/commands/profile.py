"""`cipn profile`: who the journal is about (name, date of birth, clinic, diagnosis, regimen),
shown at the top of every export and on every printed page. `profile set` is one change that
`cipn undo` reverts."""

import re
from datetime import date
from typing import Annotated

import typer

from cipn_journal import output
from cipn_journal.commands import app, open_journal, today
from cipn_journal.domain.dates import no_such_day, parse_when
from cipn_journal.errors import BadInput
from cipn_journal.output import err, out
from cipn_journal.store.profile import read, set_profile

profile_app = typer.Typer()
app.add_typer(profile_app, name="profile")

MAX_TEXT = 200  # as a symptom label or a drug name (export/schema.py MAX_NAME)
FIRST_YEAR = 1900
LABELS = {"name": "Name", "born": "Born", "clinic": "Clinic", "diagnosis": "Diagnosis",
          "regimen": "Regimen"}
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def check_text(option: str, value: str) -> str | None:
    """One line of at most MAX_TEXT characters, spaces tidied; empty: None (clears)."""
    if _CONTROL.search(value):
        raise BadInput(f"{option} {output.safe(value[:40], one_line=True)!r} holds a line break "
                       "or a control character: give one line of text.")
    text = " ".join(value.split())
    if len(text) > MAX_TEXT:
        raise BadInput(f"{option} is {len(text)} characters long: at most {MAX_TEXT} are "
                       "accepted.")
    return text or None


def check_born(value: str, *, now: date) -> str | None:
    """A date of birth with its year, from FIRST_YEAR to today, as every date option reads it
    ('1961-04-02', '2 April 1961', 'Apr 2, 1961'); empty: None (clears)."""
    text = value.strip()
    if not text:
        return None
    shown = output.safe(value[:40], one_line=True)
    numbers = re.fullmatch(r"([0-9]{4})-([0-9]{2})-([0-9]{2})", text)  # ASCII digits only
    reason = no_such_day(*map(int, numbers.groups())) if numbers else None
    if reason:  # say why ('1961-02-29': February 1961 has 28 days)
        raise BadInput(f"--born {shown!r}: {reason}.")
    year = re.search(r"[0-9]{4}", text)
    if year is None:  # '2 April' would be this year's, 'yesterday' a baby's
        raise BadInput(f"--born {shown!r} has no year: give it, like 1961-04-02 or "
                       "'2 April 1961'.")
    if int(year[0]) < FIRST_YEAR:
        raise BadInput(f"--born {shown} is before {FIRST_YEAR}: give a date from "
                       f"{FIRST_YEAR} to today.")
    try:
        born = parse_when(text, today=now)
    except BadInput:
        raise BadInput(f"--born {shown!r} is not a date: give it like 1961-04-02 or "
                       "'2 April 1961'.") from None
    if born > now:
        raise BadInput(f"--born {shown} is in the future (today is {now.isoformat()}).")
    return born.isoformat()


def _lines(profile: dict | None) -> list[str]:
    if profile is None:
        return []
    return [f"{LABELS[name]}: {output.safe(profile[name], one_line=True)}"
            for name in LABELS if profile.get(name)]


@profile_app.callback(invoke_without_command=True)
def profile_show(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="JSON for scripts.")] = False,
) -> None:
    """Show who the journal is about (set it with `cipn profile set`).

    Example: cipn profile set --name "Ana Ruiz" --born 1961-04-02 --regimen FOLFOX
    """
    if ctx.invoked_subcommand is not None:
        return

    with open_journal(ctx, create=False) as store:
        found = read(store)
    if as_json:
        out(output.json_text(found))
        return
    if found is None or not _lines(found):
        err("No profile yet: `cipn profile set --name NAME` names the person on every export.")
        return
    out("\n".join(_lines(found)))


@profile_app.command("set")
def profile_set(
    ctx: typer.Context,
    name: Annotated[str | None, typer.Option("--name", metavar="TEXT",
                                             help="The person's name (\"\" clears it).")]
    = None,
    born: Annotated[str | None, typer.Option(
        "--born", metavar="DATE", help="Date of birth, e.g. 1961-04-02 or '2 April 1961'.")]
    = None,
    clinic: Annotated[str | None, typer.Option("--clinic", metavar="TEXT",
                                               help="Clinic or care team.")] = None,
    diagnosis: Annotated[str | None, typer.Option("--diagnosis", metavar="TEXT",
                                                  help="Diagnosis, in your words.")] = None,
    regimen: Annotated[str | None, typer.Option("--regimen", metavar="TEXT",
                                                help="Chemotherapy regimen, e.g. FOLFOX.")]
    = None,
) -> None:
    """Set who the journal is about; only the options given change ("" clears one).

    Example: cipn profile set --name "Ana Ruiz" --born 1961-04-02 --regimen FOLFOX
    """
    values: dict[str, str | None] = {}
    for option, value in (("name", name), ("clinic", clinic), ("diagnosis", diagnosis),
                          ("regimen", regimen)):
        if value is not None:
            values[option] = check_text(f"--{option}", value)
    if born is not None:
        values["born"] = check_born(born, now=today())
    if not values:
        raise BadInput("Give at least one of --name, --born, --clinic, --diagnosis, --regimen.")
    with open_journal(ctx, create=True) as store:
        found, changed = set_profile(store, values)
    if not changed:
        err("The profile already says that: nothing changed.")
        return
    shown = _lines(found)
    err("Profile saved" + (": " + "; ".join(shown) if shown else " (now empty)")
        + ". `cipn undo` reverts it.")
