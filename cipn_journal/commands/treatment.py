"""The care-context commands: `treatment add|list`, `meds add|stop|list`, `visit add|list`,
`ask` and `questions [done ID]`. Thin: validate, open the journal, call the store
(treatments, meds, visits, questions) or reports/cycles.py, render.
Confirmations, notices and reminders go to stderr; listings to stdout (`--json` for scripts).
"""

from datetime import date
from typing import Annotated, overload

import typer

from cipn_journal.commands import app, open_journal, today
from cipn_journal.commands.meds_effect import meds_effect
from cipn_journal.domain.dates import WHEN_HELP
from cipn_journal.errors import BadInput
from cipn_journal.output import err, json_text, out, print_rich, safe, use_rich

MAX_NAME = 200
MAX_TEXT = 10_000


@overload
def _text(value: str, option: str, *, limit: int, example: str) -> str: ...


@overload
def _text(value: str | None, option: str, *, limit: int, example: str) -> str | None: ...


def _text(value: str | None, option: str, *, limit: int, example: str) -> str | None:
    """User text, trimmed; BadInput when empty or too long."""
    if value is None:
        return None
    cleaned = value.strip()
    if not cleaned:
        raise BadInput(f"{option} is empty: write its text, e.g. {example}.")
    if len(cleaned) > limit:
        raise BadInput(f"{option} is {len(cleaned)} characters long: at most {limit} are kept.")
    return cleaned


def _past_day(text: str, *, now: date, what: str) -> date:
    from cipn_journal.domain.dates import not_in_future, parse_when

    return not_in_future(parse_when(text, today=now), today=now, what=what)


def _any_day(text: str, *, now: date) -> date:
    """A day that may be ahead (a visit): 'thursday' or 'Nov 30' is the next one."""
    from cipn_journal.domain.dates import parse_when

    return parse_when(text, today=now, ahead=True)


def _day_words(day: date, now: date) -> str:
    label = f"{day:%a} {day.day} {day:%b %Y}"
    gap = (day - now).days
    if gap == 0:
        return f"{label} (today)"
    if gap == -1:
        return f"{label} (yesterday)"
    if gap == 1:
        return f"{label} (tomorrow)"
    return f"{label} (in {gap} days)" if gap > 0 else label


def _dump(data) -> None:
    out(json_text(data))


def _show(rich_render, plain_render) -> None:
    """A listing to stdout: a Rich table on a terminal, plain text otherwise."""
    if use_rich():
        print_rich(rich_render())
    else:
        out(plain_render())


# -- treatment ----------------------------------------------------------------------------------
treatment_app = typer.Typer(
    help="Infusions and cycles of chemotherapy.\n\n"
    "Example: cipn treatment add oxaliplatin --date today --dose 85mg/m2 --route iv",
    no_args_is_help=True)
app.add_typer(treatment_app, name="treatment")


@treatment_app.command("add")
def treatment_add(
    ctx: typer.Context,
    drug: Annotated[str, typer.Argument(metavar="DRUG",
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
                                              help="Into a vein, under the skin, by mouth.")]
    = None,
    note: Annotated[str | None, typer.Option("--note", "-n", metavar="TEXT",
                                             help="A note about this infusion.")] = None,
    as_typed: Annotated[bool, typer.Option(
        "--as-typed", help="Record DRUG as typed, though it looks like a known drug misspelled "
        "or a regimen.")] = False,
) -> None:
    """Record a chemotherapy infusion (again for the same day and drug: correct it).

    Example: cipn treatment add oxaliplatin --dose 85mg/m2 --route iv
    """
    from cipn_journal.domain import treatment as rules
    from cipn_journal.store.treatments import add_treatment

    now = today()
    name = _text(drug, "DRUG", limit=100, example="oxaliplatin")
    if not as_typed:
        _check_drug_name(name)
    day = _past_day(when, now=now, what="an infusion")
    number = rules.parse_cycle(cycle)
    amount = rules.parse_dose(dose) if dose is not None else None
    way = rules.parse_route(route)
    text = _text(note, "--note", limit=MAX_TEXT, example="--note 'dose reduced'")
    with open_journal(ctx, create=True) as store:
        result = add_treatment(store, day=day, name=name, cycle=number, dose=amount,
                               route=way, note=text)
    err(_treatment_message(result, now))
    known = rules.find_drug(name)
    if known is None and not result.updated:
        err(f"Note: {safe(name, one_line=True)!r} is not on the journal's list of drugs known "
            f"to cause neuropathy ({rules.SOURCE}); it is recorded as typed. For a "
            "combination, record each drug by name.")
    for when_day, old, new in result.renumbered:
        err(f"Renumbered the {safe(result.drug, one_line=True)} infusion of {when_day}: "
            f"cycle {new}" + (f" (was {old})." if old is not None else "."))
    from cipn_journal.render.treatment import totals_line

    if result.totals and not (result.updated and not result.changes):
        err(totals_line(result.totals))


def _check_drug_name(name: str) -> None:
    """Refuse a regimen's name and a likely misspelling of a known drug (each would count as a
    drug of its own, with its own cycles and doses); --as-typed skips this."""
    from cipn_journal.domain import treatment as rules

    if rules.find_drug(name) is not None:
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
    from cipn_journal.domain import treatment as rules
    from cipn_journal.render.treatment import dose_label

    drug = safe(result.drug, one_line=True)
    when = _day_words(result.day, now)
    if result.updated:
        if not result.changes:
            return (f"Nothing changed: {drug} on {when} is already recorded (cycle "
                    f"{result.cycle}). Give --cycle, --dose, --route or --note to correct it.")
        return f"Updated the {drug} infusion of {when}: " + ", ".join(
            safe(c, one_line=True) for c in result.changes) + "."
    known = rules.find_drug(result.entered)
    if known and rules.shown_name(result.entered) != known.generic:
        what = (f"{safe(rules.shown_name(result.entered), one_line=True)} as {drug} "
                f"({known.drug_class})")
    elif known:
        what = f"{drug} ({known.drug_class})"
    else:
        what = drug
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
    from cipn_journal.render import treatment as render
    from cipn_journal.reports.cycles import cycles_in_window
    from cipn_journal.store.treatments import cumulative_doses, list_treatments

    now = today()
    with open_journal(ctx, create=False) as store:
        if cycles:
            found = cycles_in_window(store, None, now)
        else:
            found = list_treatments(store)
            totals = cumulative_doses(store, None)
    if as_json:
        _dump(found)
        return
    if not found:
        err(render.NO_TREATMENT)
        return
    if cycles:
        _show(lambda: render.cycles_table(found), lambda: render.cycles_plain(found))
    else:
        _show(lambda: render.treatments_table(found, totals),
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
    from cipn_journal.domain import treatment as rules
    from cipn_journal.reports.upcoming import next_infusion
    from cipn_journal.store import treatments as infusions

    now = today()
    if when is None:
        if drug is not None:
            raise BadInput("--drug goes with a day: cipn treatment next WHEN --drug DRUG.")
        with open_journal(ctx, create=False, missing_ok=True) as store:
            plan = next_infusion(store, now)
        if as_json:
            _dump({"date": plan.date.isoformat(), "drug": plan.drug} if plan else None)
        elif plan is None:
            err("No next infusion is planned. Plan one with: cipn treatment next WHEN")
        else:
            out(f"Next infusion: {safe(rules.plan_words(plan, now), one_line=True)} "
                f"({plan.date.isoformat()}).")
        return
    if as_json:
        raise BadInput("--json shows the plan: cipn treatment next --json (without WHEN).")
    day = _any_day(when, now=now)
    if day < now:
        raise BadInput(f"{when.strip()!r} is {day.isoformat()}, in the past: the next infusion "
                       "is today or later. Record one that was given with: cipn treatment add "
                       f"DRUG --date {day.isoformat()}")
    name = None
    if drug is not None:
        name = _text(drug, "--drug", limit=100, example="--drug oxaliplatin")
        _check_drug_name(name)
        name = rules.drug_key(name)  # as `treatment add` stores it, so the two meet
    with open_journal(ctx, create=True) as store:
        if name is None:
            name = rules.planned_drug(infusions.load_infusions(store))
        before = infusions.plan_infusion(store, day=day, drug=name)
    plan = rules.Plan(day, name)
    of = f" of {safe(name, one_line=True)}" if name else ""
    said = f"Planned the next infusion{of}: {_day_words(day, now)}"
    if before is not None and before.date >= now and before != plan:
        said += f"; it was {safe(rules.plan_words(before, now), one_line=True)}"
    if day == now:
        err(said + ". Log today's symptoms before it: cipn checkin")
    else:
        err(said + ". The day before, cipn remind asks you to log your symptoms first.")


# -- supplements and medicines ------------------------------------------------------------------
meds_app = typer.Typer(help="Supplements and medicines you take.\n\n"
                       "Example: cipn meds add glutamine --start 2026-09-01",
                       no_args_is_help=True)
app.add_typer(meds_app, name="meds")


@meds_app.command("add")
def meds_add(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(metavar="NAME", help="What you take, e.g. duloxetine.")],
    kind: Annotated[str | None, typer.Option(
        "--kind", metavar="supplement|medicine",
        help="Default: supplement for common supplements, else medicine.")] = None,
    start: Annotated[str | None, typer.Option(
        "--start", metavar="WHEN", help=f"First day taken (default: today; {WHEN_HELP}).")]
    = None,
    note: Annotated[str | None, typer.Option("--note", "-n", metavar="TEXT",
                                             help="A note, e.g. who prescribed it.")] = None,
) -> None:
    """Record a supplement or medicine you take (the journal never recommends any).

    Example: cipn meds add glutamine --start 2026-09-01
    """
    from cipn_journal.domain import meds as rules
    from cipn_journal.store.meds import add_med

    now = today()
    label = _text(name, "NAME", limit=MAX_NAME, example="duloxetine")
    chosen = rules.default_kind(label)
    if kind is not None:
        chosen = kind.strip().casefold()
        if chosen not in rules.KINDS:
            raise BadInput(f"--kind {kind!r} is not one of: {', '.join(rules.KINDS)}.")
    first = _past_day(start, now=now, what="a start day") if start is not None else now
    text = _text(note, "--note", limit=MAX_TEXT, example="--note 'from Dr Rivera'")
    with open_journal(ctx, create=True) as store:
        add_med(store, name=label, kind=chosen, start=first, note=text)
    since = (_day_words(first, now) if start is not None
             else f"today ({first:%a} {first.day} {first:%b %Y}; --start gives an earlier day)")
    err(f"Added {safe(label, one_line=True)} ({chosen}), taken since {since}.")
    for notice in rules.notices(label, chosen):
        err(notice)


@meds_app.command("stop")
def meds_stop(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(metavar="NAME", help="Name as listed by cipn meds list.")],
    when: Annotated[str, typer.Option("--date", "-d", metavar="WHEN",
                                      help=f"Last day taken ({WHEN_HELP}).")] = "today",
) -> None:
    """Record that you stopped a supplement or medicine (it stays in the list as past).

    Example: cipn meds stop glutamine --date yesterday
    """
    from cipn_journal.store.meds import stop_med

    now = today()
    label = _text(name, "NAME", limit=MAX_NAME, example="glutamine")
    day = _past_day(when, now=now, what="stopping a supplement or medicine")
    with open_journal(ctx, create=False) as store:
        if store is None:
            raise BadInput(f"{label!r} is not a current supplement or medicine: nothing is "
                           "recorded yet.")
        stopped = stop_med(store, name=label, day=day)
    err(f"Stopped {safe(stopped['name'], one_line=True)} on {_day_words(day, now)} "
        f"(taken since {stopped['start'] or 'a day not given'}).")


@meds_app.command("list")
def meds_list(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="JSON for scripts.")] = False,
) -> None:
    """List supplements and medicines, current and past.

    Example: cipn meds list --json
    """
    from cipn_journal.render import treatment as render
    from cipn_journal.store.meds import list_meds

    with open_journal(ctx, create=False) as store:
        found = list_meds(store)
    if as_json:
        _dump(found)
        return
    if not found:
        err(render.NO_MEDS)
        return
    _show(lambda: render.meds_table(found), lambda: render.meds_plain(found))


meds_app.command("effect")(meds_effect)  # issue 26, in its own module


# -- visits -------------------------------------------------------------------------------------
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
    from cipn_journal.store.questions import open_questions
    from cipn_journal.store.visits import add_visit

    now = today()
    day = _any_day(when, now=now)
    who = _text(with_whom, "--with", limit=MAX_NAME, example="--with 'Dr Rivera'")
    with open_journal(ctx, create=True) as store:
        done, before = add_visit(store, day=day, with_whom=who)
        waiting = open_questions(store)
    on = _day_words(day, now)
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
    from cipn_journal.render import treatment as render
    from cipn_journal.reports.cycles import cycle_context
    from cipn_journal.store.visits import visits

    now = today()
    with open_journal(ctx, create=False) as store:
        found = visits(store)
        contexts = {v["id"]: cycle_context(store, date.fromisoformat(v["date"]))
                    for v in found if v["date"] <= now.isoformat()}
    if as_json:
        _dump(found)
        return
    if not found:
        err(render.NO_VISITS)
        return
    _show(lambda: render.visits_table(found, contexts, now),
          lambda: render.visits_plain(found, contexts, now))


# -- questions ----------------------------------------------------------------------------------
@app.command()
def ask(
    ctx: typer.Context,
    words: Annotated[list[str], typer.Argument(metavar="TEXT",
                                               help="The question, quoted or not.")],
) -> None:
    """Save a question to ask at your next visit.

    Example: cipn ask "Should the dose change now that my toes are numb?"
    """
    from cipn_journal.store.questions import add_question

    now = today()
    text = _text(" ".join(words), "TEXT", limit=MAX_TEXT,
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
    from cipn_journal.render import treatment as render
    from cipn_journal.store.questions import questions

    with open_journal(ctx, create=False) as store:
        found = questions(store, include_all=show_all)
    if as_json:
        _dump(found)
        return
    if not found:
        err(render.NO_QUESTIONS if not show_all else
            "No questions yet. Collect one for the next visit with: cipn ask 'TEXT'")
        return
    answered = {q["id"]: date.fromisoformat(q["done_on"]) for q in found if q["done_on"]}
    _show(lambda: render.questions_table(found, answered),
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
    from cipn_journal.store.questions import question_done

    cleaned = question_id.strip().lstrip("#")
    if not (cleaned.isascii() and cleaned.isdigit()) or len(cleaned) > 18:
        raise BadInput(f"Question ID {question_id!r} is not a number: `cipn questions` lists "
                       "the IDs.")
    from cipn_journal.commands.log import told_on

    at, on = told_on(when, "an answer")
    with open_journal(ctx, create=False) as store:
        question, newly = question_done(store, int(cleaned), at, on=on)
    text = safe(question["text"], one_line=True)
    if newly:
        err(f"Marked question {question['id']} answered: {text}")
    else:
        err(f"Question {question['id']} was already answered "
            f"({question['done_on'] or 'day not recorded'}): nothing changed.")
