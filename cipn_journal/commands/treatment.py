"""`cipn treatment add|list`: infusions and cycles of chemotherapy. Thin: validate, open the
journal, call the store, render. Confirmations to stderr; listings to stdout (`--json` for
scripts).
"""

from datetime import date
from typing import Annotated

import typer

from cipn_journal.commands import app, completion, open_journal, today
from cipn_journal.commands.log import NOTE_SHORT, note_given
from cipn_journal.commands.options import (
    MAX_TEXT,
    any_day,
    day_words,
    dump,
    past_day,
    show,
    user_text,
)
from cipn_journal.domain import treatment as rules
from cipn_journal.domain.dates import WHEN_HELP
from cipn_journal.errors import BadInput
from cipn_journal.output import err, out, safe
from cipn_journal.render import treatment as render
from cipn_journal.render.treatment import dose_label, totals_line
from cipn_journal.reports.cycles import cycles_in_window
from cipn_journal.reports.upcoming import next_infusion
from cipn_journal.store import treatments as infusions
from cipn_journal.store.treatments import add_treatment, cumulative_doses, list_treatments

treatment_app = typer.Typer(
    help="Infusions and cycles of chemotherapy.\n\n"
    "Example: cipn treatment add oxaliplatin --date today --dose 85mg/m2 --route iv",
    no_args_is_help=True)
app.add_typer(treatment_app, name="treatment")


@treatment_app.command("add")
def treatment_add(
    ctx: typer.Context,
    drug: Annotated[str, typer.Argument(metavar="DRUG", autocompletion=completion.drugs,
                                        help="Generic or brand name: oxaliplatin, Taxol...")],
    when: Annotated[str, typer.Option("--date", "-d", metavar="WHEN",
                                      help=f"Day of the infusion ({WHEN_HELP}).")] = "today",
    cycle: Annotated[str | None, typer.Option(
        "--cycle", metavar="N", help="Cycle number (default: the nth infusion of this drug).")]
    = None,
    dose: Annotated[str | None, typer.Option(
        "--dose", metavar="AMOUNT", help="Dose given, e.g. 85mg/m2, '130 mg/m2', 100mg.")]
    = None,
    route: Annotated[str | None, typer.Option("--route", metavar="iv|sc|oral",
                                              autocompletion=completion.routes,
                                              help="Into a vein, under the skin, by mouth.")]
    = None,
    note: Annotated[str | None, typer.Option("--note", NOTE_SHORT, metavar="TEXT",
                                             help="A note about this infusion.")] = None,
    old_note: Annotated[str | None, typer.Option("-n", hidden=True)] = None,
    as_typed: Annotated[bool, typer.Option(
        "--as-typed", help="Record DRUG as typed, though it looks like a known drug misspelled "
        "or a regimen.")] = False,
) -> None:
    """Record a chemotherapy infusion (again for the same day and drug: correct it).

    Example: cipn treatment add oxaliplatin --dose 85mg/m2 --route iv
    """
    note = note_given(note, old_note)
    now = today()
    name = user_text(drug, "DRUG", limit=100, example="oxaliplatin")
    if not as_typed:
        _check_drug_name(name)
    day = past_day(when, now=now, what="an infusion")
    number = rules.parse_cycle(cycle)
    amount = rules.parse_dose(dose) if dose is not None else None
    way = rules.parse_route(route)
    text = user_text(note, "--note", limit=MAX_TEXT, example="--note 'dose reduced'")
    with open_journal(ctx, create=True) as store:
        result = add_treatment(store, day=day, name=name, cycle=number, dose=amount,
                                    route=way, note=text)
    err(_treatment_message(result, now))
    known = rules.find_drug(name)
    if known is None and not result.updated:
        generic = rules.abbreviated(name)
        recorded = f"as {generic}" if generic else "as typed"
        err(f"Note: {safe(name, one_line=True)!r} is not on the journal's list of drugs known "
            f"to cause neuropathy ({rules.SOURCE}); it is recorded {recorded}. For a "
            "combination, record each drug by name.")
    for when_day, old, new in result.renumbered:
        err(f"Renumbered the {safe(result.drug, one_line=True)} infusion of {when_day}: "
            f"cycle {new}" + (f" (was {old})." if old is not None else "."))

    if result.totals and not (result.updated and not result.changes):
        err(totals_line(result.totals))


def _check_drug_name(name: str) -> None:
    """Refuse a regimen's name and a likely misspelling of a known drug (each would count as a
    drug of its own, with its own cycles and doses); --as-typed skips this."""
    if rules.find_drug(name) is not None or rules.abbreviated(name) is not None:
        return
    shown = safe(name, one_line=True)
    combination = rules.regimen(name)
    if combination is not None:
        raise BadInput(f"{shown} is a combination: record each drug of {combination[0]} by "
                       f"name: {combination[1]} (one `cipn treatment add` each; --as-typed "
                       "records the name as one drug).")
    close = rules.close_drug(name)
    if close is not None:
        raise BadInput(f"{shown!r} is not a drug the journal knows: did you mean {close}? "
                       "If it really is another drug, add --as-typed.")


def _treatment_message(result, now: date) -> str:
    drug = safe(result.drug, one_line=True)
    when = day_words(result.day, now)
    if result.updated:
        if not result.changes:
            return (f"Nothing changed: {drug} on {when} is already recorded (cycle "
                    f"{result.cycle}). Give --cycle, --dose, --route or --note to correct it.")
        return f"Updated the {drug} infusion of {when}: " + ", ".join(
            safe(c, one_line=True) for c in result.changes) + "."
    known = rules.find_drug(result.entered)
    shown = rules.shown_name(result.entered)
    kind = f" ({known.drug_class})" if known else ""
    if shown.casefold() != result.drug.casefold():  # a brand or an abbreviation
        what = f"{safe(shown, one_line=True)} as {drug}{kind}"
    else:
        what = f"{drug}{kind}"
    facts = [f"cycle {result.cycle}"]
    if result.dose is not None:
        facts.append(dose_label(result.dose, result.unit))
    if result.route:
        facts.append(result.route)
    return f"Recorded {what} on {when}: {', '.join(facts)}."


@treatment_app.command("list")
def treatment_list(
    ctx: typer.Context,
    cycles: Annotated[bool, typer.Option(
        "--cycles", help="Per cycle: did symptoms persist to the next cycle?")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="JSON for scripts.")] = False,
) -> None:
    """List infusions, oldest first, with the running total dose of each drug.

    Example: cipn treatment list --cycles
    """
    now = today()
    with open_journal(ctx, create=False) as store:
        if cycles:
            found = cycles_in_window(store, None, now)
        else:
            found = list_treatments(store)
            totals = cumulative_doses(store, None)
    if as_json:
        dump(found)
        return
    if not found:
        err(render.NO_TREATMENT)
        return
    if cycles:
        show(lambda: render.cycles_table(found), lambda: render.cycles_plain(found))
    else:
        show(lambda: render.treatments_table(found, totals),
              lambda: render.treatments_plain(found, totals))


@treatment_app.command("next")
def treatment_next(
    ctx: typer.Context,
    when: Annotated[str | None, typer.Argument(
        metavar="[WHEN]", help="Day of the planned next infusion, today or later (a weekday is "
        "the next one). Without it: show the plan.")] = None,
    drug: Annotated[str | None, typer.Option(
        "--drug", metavar="DRUG", help="The drug planned (default: the last infusion's).")]
    = None,
    as_json: Annotated[bool, typer.Option("--json", help="JSON for scripts.")] = False,
) -> None:
    """Record the planned next infusion: summary, remind and the calendar show it.

    The day before, `cipn remind` says "oxaliplatin tomorrow: log today's symptoms first".
    Planning again replaces the plan (cipn undo brings the earlier one back).

    Example: cipn treatment next 2026-12-03
    """
    now = today()
    if when is None:
        if drug is not None:
            raise BadInput("--drug goes with a day: cipn treatment next WHEN --drug DRUG.")
        with open_journal(ctx, create=False, missing_ok=True) as store:
            plan = next_infusion(store, now)
        if as_json:
            dump({"date": plan.date.isoformat(), "drug": plan.drug} if plan else None)
        elif plan is None:
            err("No next infusion is planned. Plan one with: cipn treatment next WHEN")
        else:
            out(f"Next infusion: {safe(rules.plan_words(plan, now), one_line=True)} "
                f"({plan.date.isoformat()}).")
        return
    if as_json:
        raise BadInput("--json shows the plan: cipn treatment next --json (without WHEN).")
    day = any_day(when, now=now)
    if day < now:
        raise BadInput(f"{when.strip()!r} is {day.isoformat()}, in the past: the next infusion "
                       "is today or later. Record one that was given with: cipn treatment add "
                       f"DRUG --date {day.isoformat()}")
    name = None
    if drug is not None:
        name = user_text(drug, "--drug", limit=100, example="--drug oxaliplatin")
        _check_drug_name(name)
        name = rules.drug_key(name)  # as `treatment add` stores it, so the two meet
    with open_journal(ctx, create=True) as store:
        if name is None:
            name = rules.planned_drug(infusions.load_infusions(store))
        before = infusions.plan_infusion(store, day=day, drug=name)
    plan = rules.Plan(day, name)
    of = f" of {safe(name, one_line=True)}" if name else ""
    said = f"Planned the next infusion{of}: {day_words(day, now)}"
    if before is not None and before.date >= now and before != plan:
        said += f"; it was {safe(rules.plan_words(before, now), one_line=True)}"
    if day == now:
        err(said + ". Log today's symptoms before it: cipn checkin")
    else:
        err(said + ". The day before, cipn remind asks you to log your symptoms first.")
