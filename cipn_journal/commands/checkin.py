"""`cipn checkin`: the guided daily check-in, one question per symptom, then the day's limits,
falls and a note; it ends with the alert box and the weekly questions' reminder when due."""

import sys
from typing import Annotated

import typer

from cipn_journal import output
from cipn_journal.commands import BY_HELP, app, completion, open_journal, reporter, settings, today
from cipn_journal.commands.log import (
    MAX_NOTE,
    WHEN_HELP,
    _day,
    _note,
    confirm,
    describe_day,
    fitted,
    glued,
    in_treatment,
    show_alerts,
)
from cipn_journal.commands.prompts import MAX_ANSWER, Prompter, TooLong, interview
from cipn_journal.domain.symptoms import MAX_FALLS, SEVERITY_HELP, parse_falls, parse_severity
from cipn_journal.errors import BadInput
from cipn_journal.output import err, safe
from cipn_journal.record.day import log_day
from cipn_journal.reports.weekly_due import due_line
from cipn_journal.store import journal as entries


def _note_answer(ask: Prompter) -> str | None:
    """The check-in's note. One too long is asked again on a terminal; from a pipe it alone is
    left out, with a message: the other answers are still saved."""
    while True:
        try:
            raw = ask.line("A note for the day? [Enter=none] ")
        except TooLong:
            problem = (f"The note is more than {MAX_ANSWER} characters long: at most {MAX_NOTE} "
                       "are kept.")
        else:
            text = "" if raw is None else raw.strip()
            if not text or text.lower() == "q":
                return None
            if len(text) <= MAX_NOTE:
                return _note(text)
            problem = f"The note is {len(text)} characters long: at most {MAX_NOTE} are kept."
        if not ask.interactive:
            err(f"{problem} It was left out; the other answers are saved.")
            return None
        ask.say(f"  {problem} Write a shorter one, or Enter for none.")


@app.command()
def checkin(
    ctx: typer.Context,
    when: Annotated[str, typer.Option("--date", "-d", metavar="WHEN",
                                      help=f"The day ({WHEN_HELP}).")] = "today",
    by: Annotated[str | None, typer.Option("--by", metavar="patient|caregiver",
                                           autocompletion=completion.reporters,
                                           help=BY_HELP)] = None,
) -> None:
    """Guided daily check-in: one question per symptom, Enter keeps yesterday's answer.

    Answers: 0 (none) to 10 (worst); s skips; q or Ctrl-D stops and keeps what you answered.

    Enter keeps the value logged that day or the day before (the prompt shows it), else skips.

    Example: cipn checkin
    """
    now = today()
    day = _day(when, now=now, what="a check-in")
    who = reporter(by)
    ask = Prompter("checkin", instead="cipn log")
    symptoms, last = entries.symptoms_of(None), {}
    if settings(ctx).path.exists():  # no "no journal yet" note: the check-in creates it
        with open_journal(ctx, create=False, missing_ok=True) as store:
            symptoms = entries.symptoms_of(store)
            last = entries.recent_values(store, day)
    ask.say(f"Check-in for {describe_day(day, now)}. Answer 0 (none) to 10 (worst); "
            "Enter keeps the answer shown, s skips, q stops and saves.")
    entry = entries.DayEntry(day=day, by=who)
    with interview():
        for number, symptom in enumerate(symptoms, start=1):
            default, logged = last.get(symptom.key, (None, None))

            def severity(text: str, key=symptom.key, default=default):
                if text == "":
                    return default  # None (skip) when nothing recent was logged
                if text == "s":
                    return None
                try:
                    return parse_severity(text, symptom=key)
                except BadInput:
                    raise BadInput(f"Answer {output.clip(text)} for {key} is not "
                                   f"{SEVERITY_HELP}, Enter, s or q.") from None

            value = ask.answer(
                f"{number}/{len(symptoms)} {safe(symptom.question, one_line=True)}? "
                + glued(f"[0-10, {_keeps(default, logged, day, now)}]") + " ", severity)
            if value is not None:
                entry.symptoms.append((symptom.key, value))

        def limits(text: str):
            table = {"": "none", "0": "none", "1": "everyday", "2": "selfcare", "s": None}
            if text not in table:
                raise BadInput(f"Answer {output.clip(text)} is not 0, 1, 2, Enter (no limits), "
                               "s or q.")
            return table[text]

        entry.limits = ask.answer(
            "Did symptoms limit what you could do? 0 no, 1 everyday tasks (meals, shopping, "
            "phone, money), 2 self-care (washing, dressing, eating, toilet) [Enter=0] ",
            limits)

        def falls(text: str):
            if text in ("", "s"):
                return 0 if text == "" else None
            try:
                return parse_falls(text)
            except BadInput:
                raise BadInput(f"Answer {output.clip(text)} for falls is not a number of falls "
                               f"from 0 to {MAX_FALLS}, Enter (none), s or q.") from None

        that_day = "today" if day == now else "that day"
        entry.falls = ask.answer(f"Falls {that_day}? [number, Enter=0] ", falls)
        entry.note = _note_answer(ask)
    if entry.is_empty():
        err("Nothing answered: nothing was logged.")
        return
    with open_journal(ctx, create=True) as store:
        result = log_day(store, entry, today=now, command="checkin")
        during = in_treatment(store, result.alerts, now)
    err(fitted(confirm(result, now), sys.stderr))
    show_alerts(result.alerts, now, during)
    _weekly_due(ctx, now)


def _weekly_due(ctx: typer.Context, now) -> None:
    """The check-in's last line when the weekly questions are due (reports/weekly_due.py)."""
    with open_journal(ctx, create=False) as store:
        line = due_line(store, now)
    if line:
        err(line)


def _keeps(default: int | None, logged, day, now) -> str:
    """What Enter does at a symptom's prompt, with the day of the value it keeps."""
    if default is None:
        return "Enter=skip"
    shown = f"{logged:%a} {logged.day} {logged:%b}"
    if logged == now:
        return f"Enter={default} from today"
    if (now - logged).days == 1:
        return f"Enter={default} from yesterday, {shown}"
    return f"Enter={default} from {shown}"
