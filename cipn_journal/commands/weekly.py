"""`cipn weekly`: NCI's PRO-CTCAE questions once a week (asked, or given as KEY=ANSWER), then
how far up the limbs numbness or tingling reaches; ends with each symptom's composite grade.
Kept light: the first question is out before anything heavy is imported (see benchmarks/).
"""

import sys
from typing import Annotated

import typer

from cipn_journal import output
from cipn_journal.commands import BY_HELP, app, completion, open_journal, settings, today
from cipn_journal.commands import reporter as who_reports
from cipn_journal.commands.log import (
    WHEN_HELP,
    _day,
    describe_day,
    fitted,
    glued,
    in_treatment,
    show_alerts,
)
from cipn_journal.commands.prompts import Prompter, interview
from cipn_journal.domain import proctcae
from cipn_journal.errors import BadInput
from cipn_journal.output import err, out
from cipn_journal.record.weekly import save_weekly
from cipn_journal.store import weekly as records

_SKIP = object()  # the answer `s`


@app.command()
def weekly(
    ctx: typer.Context,
    items: Annotated[
        list[str] | None,
        typer.Argument(metavar="[KEY=ANSWER]...", autocompletion=completion.weekly_items,
                       help="Answers 0-4 or their words, e.g. numbness.severity=2 "
                            "extent.feet=ankle; none: the questions are asked."),
    ] = None,
    when: Annotated[str, typer.Option("--date", "-d", metavar="WHEN",
                                      help=f"The day ({WHEN_HELP}).")] = "today",
    by: Annotated[str | None, typer.Option("--by", metavar="patient|caregiver",
                                           autocompletion=completion.reporters,
                                           help=BY_HELP)] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the stored record as JSON.")]
    = False,
) -> None:
    """Weekly questions: NCI's PRO-CTCAE items about the past week, then how far up it reaches.

    Asked one by one: answer 0-4 or the words; Enter keeps last week's answer; s skips; q saves.

    Or give KEY=ANSWER, with these keys:
    numbness.severity  numbness.interference  constipation.severity
    dizziness.severity  dizziness.interference
    urgency.frequency  urgency.interference
    leakage.frequency  leakage.interference
    pain.frequency  pain.severity  pain.interference
    extent.hands: none, fingers, wrist, elbow, above (or 0-4)
    extent.feet: none, toes, ankle, knee, above (or 0-4)

    Example: cipn weekly numbness.severity=moderate numbness.interference=1 extent.feet=ankle
    """
    now = today()
    day = _day(when, now=now, what="weekly answers")
    reporter = who_reports(by)
    if items:
        answers = proctcae.parse_assignments(items)
    else:
        answers = _interview(ctx, day, now)
        if not answers:
            err("Nothing answered: nothing was saved.")
            return
    scored, filled = proctcae.apply_skip_rule(answers)
    record = records.WeeklyRecord(day, scored, filled, reporter)
    with open_journal(ctx, create=True) as store:
        result = save_weekly(store, record, today=now)
        during = in_treatment(store, result.alerts, now)
    label = describe_day(day, now)
    if result.unchanged:
        said = f"Nothing changed: the weekly answers for {label} were already stored."
    elif result.replaced is not None:
        said = (f"Saved the weekly answers for {label}, replacing that day's earlier answers "
                "(`cipn undo` brings them back).")
    else:
        said = f"Saved the weekly answers for {label}."
    err(fitted(said, sys.stderr))
    if as_json:
        out(output.json_text(result.record.as_json()))
    else:
        err(fitted(grades_text(result.record), sys.stderr, indent="    "))

    show_alerts(result.alerts, now, during)


def grades_text(record) -> str:
    """Each answered symptom's composite grade, and the extent, for the end of `cipn weekly`."""
    lines = [f"PRO-CTCAE composite grades 0-3 ({proctcae.COMPOSITE_SOURCE}): a summary of "
             "your answers, not a clinician's grade."]
    grades = record.composite
    for term, name in proctcae.TERMS.items():
        items = proctcae.term_items(term)
        if not any(item.key in record.answers for item in items):
            continue
        grade = grades[term]
        if grade is not None:
            lines.append(f"  {name}: composite grade {grade}")
            continue
        missing = [item.attribute for item in items if item.key not in record.answers]
        lines.append(f"  {name}: no composite grade ({' and '.join(missing)} not answered)")
    if len(lines) == 1:
        lines = ["No PRO-CTCAE question was answered: no composite grade."]
    extent = record.extent
    shown = [f"{limb} {proctcae.extent_word(limb, level)}" for limb, level in extent.items()
             if level is not None]
    if shown:
        lines.append("Extent of numbness or tingling: " + ", ".join(shown))
    return "\n".join(lines)


def _interview(ctx: typer.Context, day, now) -> dict[str, int]:
    """Ask every question in NCI's order, applying the skip rule as answers come; return the
    answers given (q or the end of input keeps them; Ctrl-C writes nothing)."""
    ask = Prompter("weekly", instead="cipn weekly KEY=ANSWER...")
    if settings(ctx).path.exists():
        with open_journal(ctx, create=False, missing_ok=True) as store:
            last = records.last_record(store, day)
    else:
        last = None
    defaults: dict[str, int] = {}
    if last is not None and (day - last.day).days <= proctcae.RECALL_DAYS:
        defaults = {key: value for key, value in last.answers.items()
                    if key not in last.skipped}
    say = ask.say
    say(f"Weekly questions for {describe_day(day, now)} ({proctcae.ATTRIBUTION}). Answer with "
        "the number or the words; Enter keeps last week's answer, s skips, q stops and saves.")
    questions = [(item.key, item.text, item.scale) for item in proctcae.ITEMS] + [
        (f"extent.{limb}", f"How far up your {part} does numbness or tingling reach "
         f"({limb})?", proctcae.EXTENT_LEVELS[limb])
        for limb, part in (("hands", "arms"), ("feet", "legs"))]
    answers: dict[str, int] = {}
    with interview():
        for number, (key, text, scale) in enumerate(questions, start=1):
            cause = proctcae.skipped_by(answers, key)
            if cause:
                continue
            default = defaults.get(key)
            choices = ", ".join(f"{value} {word}" for value, word in enumerate(scale))
            keep = f" [Enter={default} {scale[default]}]" if default is not None else ""
            say(f"{number}/{len(questions)} {text}")

            def parse(answer: str, key=key, default=default, choices=choices):
                if answer == "s":
                    return _SKIP
                if answer == "":
                    if default is None:
                        raise BadInput(
                            f"There is no answer from the last {proctcae.RECALL_DAYS} days for "
                            f"Enter to keep: answer {choices}, s or q.")
                    return default
                try:
                    return proctcae.parse_answer(key, answer)
                except BadInput:
                    raise BadInput(f"Answer {output.clip(answer)} for {key} is not one of "
                                   f"{choices} (number or words), Enter, s or q.") from None

            # Each choice ("4 Very severe") and the Enter hint stay on one line when wrapped.
            shown = ", ".join(glued(f"{value} {word}") for value, word in enumerate(scale))
            value = ask.answer(f"    {shown}{' ' + glued(keep.strip()) if keep else ''} ",
                               parse)
            if value is _SKIP:
                continue
            answers[key] = value
            if value == 0 and any(proctcae.skipped_by({key: 0}, other)
                                  for other in proctcae.ALL_KEYS):
                say("    (so the questions that follow on from it are skipped and scored 0)")
    return answers
