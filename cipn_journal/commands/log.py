"""`cipn log`, the daily command, and the helpers the other journal commands share (dates,
choices, the confirmation line, the "Notify your doctor" block). It has its own module so that
`cipn log` builds no other command's parser (see benchmarks/)."""

import shutil
import sys
import textwrap
from datetime import date, datetime, time
from typing import Annotated

import typer

from cipn_journal import output
from cipn_journal.commands import BY_HELP, app, completion, open_journal, reporter, settings, today
from cipn_journal.domain.dates import WHEN_HELP, not_in_future, on_day, parse_when
from cipn_journal.domain.symptoms import BUILTIN, felt_in_limbs, parse_assignments, parse_falls
from cipn_journal.errors import BadInput
from cipn_journal.output import err, print_rich
from cipn_journal.record.day import log_day
from cipn_journal.store import journal as entries
from cipn_journal.store.journal import LIMITS

MAX_NOTE = 100_000


def _choice(value: str | None, allowed: tuple[str, ...], option: str) -> str | None:
    if value is None:
        return None
    cleaned = value.strip().lower()
    if cleaned not in allowed:
        raise BadInput(f"{option} {value!r} is not one of: {', '.join(allowed)}.")
    return cleaned


def _limits(value: str | None) -> str | None:
    """--limits, read as people write it: 'self-care', 'self care' and 'selfcare' are one."""
    if value is None:
        return None

    cleaned = "".join(value.strip().lower().replace("-", " ").split())
    if cleaned not in LIMITS:
        raise BadInput(f"--limits {value!r} is not one of: none, everyday, self-care.")
    return cleaned


def _falls(value: str | None) -> int | None:
    if value is None:
        return None

    return parse_falls(value)


def _day(text: str, *, now: date, what: str) -> date:
    if text == "today":  # the default: no need to load the date parser
        return now

    return not_in_future(parse_when(text, today=now), today=now, what=what)


def told_on(when: str, what: str) -> tuple[str | None, str]:
    """--date of `alerts ack` and `questions done`: (the time to record: None for today, when
    the time now is kept, else noon that day in the local zone; the local day, ISO), as the
    store keeps both; a future day is bad input."""
    now = today()
    day = _day(when, now=now, what=what)
    if day == now:
        return None, day.isoformat()

    zone = datetime.combine(day, time(12)).astimezone().tzinfo  # the machine's, that day
    assert zone is not None
    return on_day(day, zone), day.isoformat()


def _note(text: str | None) -> str | None:
    if text is None:
        return None
    if not text.strip():
        raise BadInput("--note is empty: write the note's text, e.g. --note 'dropped a cup'.")
    if len(text) > MAX_NOTE:
        raise BadInput(f"--note is {len(text)} characters long: at most {MAX_NOTE} are kept.")
    return text


NOTE_SHORT = "-m"  # -n is a number everywhere (history -n 10, changes -n 20)


def note_given(note: str | None, old_short: str | None) -> str | None:
    """--note, also given as -n, its short form until this release: it still works, with a
    line saying so; both at once is bad input."""
    if old_short is None:
        return note
    if note is not None:
        raise BadInput("Give the note once: -m or --note (-n is its old short form).")
    err("Note: -n for a note is deprecated: use -m (or --note). In a later release -n will "
        "only be a number, as in cipn history -n 10.")
    return old_short


def terminal_width(stream) -> int | None:
    """The width of the terminal `stream` writes to (COLUMNS wins), or None when it is not a
    terminal (a pipe or a file gets lines whole, for scripts)."""
    isatty = getattr(stream, "isatty", None)
    if not (isatty and isatty()):
        return None

    return shutil.get_terminal_size().columns


GLUE = "\x00"  # marks a space `fitted` must not break at; never written out


def glued(text: str) -> str:
    """`text` kept on one line by `fitted` (its spaces become GLUE)."""
    return text.replace(" ", GLUE)


def fitted(text: str, stream, *, indent: str = "", room: int = 0) -> str:
    """`text` wrapped at word boundaries to the terminal's width (a terminal breaks long lines
    inside words: 'worseni' / 'ng'); unchanged when `stream` is not a terminal. A trailing space
    (a prompt's) is kept; `room` columns are left free at the end of the last line (for the
    answer typed after a prompt)."""
    width = terminal_width(stream)
    if width is None or width < 20:
        return text.replace(GLUE, " ")

    lines: list[str] = []
    for line in text.split("\n"):
        lead = line[:len(line) - len(line.lstrip(" "))]
        wrap = textwrap.TextWrapper(width - 1, break_on_hyphens=False, break_long_words=False,
                                    subsequent_indent=lead or indent)
        lines += wrap.wrap(line) or [""]
    if room and len(lines[-1]) > width - 1 - room:  # the last line leaves room for an answer
        wrap.width = width - 1 - room
        lines += wrap.wrap(lines.pop())
    return "\n".join(lines).replace(GLUE, " ") + (" " if text.endswith(" ") else "")


def describe_day(day: date, now: date) -> str:
    label = f"{day:%a} {day.day} {day:%b %Y}"
    if day == now:
        return f"{label} (today)"
    if (now - day).days == 1:
        return f"{label} (yesterday)"
    return label


def in_treatment(store, raised, now: date) -> bool:
    """Whether the box's `soon` heading says "at your next contact" (during treatment: issue 22
    rule 4); read only when a `soon` alert was raised."""
    if not any(alert.urgency == "soon" for alert in raised):
        return False
    # Lazy (tests/test_imports.py): most days raise no alert, and `log` starts fast.
    from cipn_journal.reports.alert_view import during_treatment

    return during_treatment(store, now)


def show_alerts(raised, now: date, during_treatment: bool = False) -> None:
    """The alert box (three levels), on stderr so it is seen even when stdout is piped;
    `during_treatment`: `in_treatment`."""
    if not raised:
        return
    # Lazy (tests/test_imports.py): most days raise no alert, and `log` starts fast.
    from cipn_journal.domain.alerts import spoken
    from cipn_journal.render.alerts import alert_block_plain, alert_panel, escalation_note

    messages = [(alert.urgency, spoken(alert.message, alert.date, now) + escalation_note(alert))
                for alert in raised]
    if output.use_rich(sys.stderr):
        print_rich(alert_panel(messages, during_treatment), stderr=True)
    else:
        err(alert_block_plain(messages, during_treatment))


def _moved(before: str | None, after: str | None) -> str:
    """A value whose place alone changed: "numbness 3 (now in the feet; was both)"."""
    return f" (now {_place(after)}; was {_place(before)})"


def _place(where: str | None) -> str:
    return {"hands": "in the hands", "feet": "in the feet", "both": "in hands and feet",
            None: "no place given"}.get(where, str(where))


def confirm(result, now: date) -> str:
    parts = [f"{key} {new}" + (f" ({result.carried[key]}, as before)"
                               if key in result.carried else "")
             + (_moved(*result.moved[key]) if key in result.moved
                else f" (was {old})" if old is not None else "")
             for key, new, old in result.stored]
    parts += [f"{key} (unchanged)" if value is None else f"{key} {value} (unchanged)"
              for key, value in result.unchanged]
    parts += result.facts
    if not result.stored and not result.facts:
        return f"Nothing changed for {describe_day(result.day, now)}: " + ", ".join(parts) + "."
    return f"Logged for {describe_day(result.day, now)}: " + ", ".join(parts) + "."


@app.command()
def log(
    ctx: typer.Context,
    items: Annotated[
        list[str] | None,
        typer.Argument(metavar="[SYMPTOM=SEVERITY]...", autocompletion=completion.symptom_items,
                       help="Symptoms and severities 0-10, e.g. numbness=3 tingling=2."),
    ] = None,
    when: Annotated[str, typer.Option("--date", "-d", metavar="WHEN",
                                      help=f"The day ({WHEN_HELP}).")] = "today",
    where: Annotated[str | None, typer.Option(
        "--where", metavar="hands|feet|both", help="Where these symptoms are felt.",
        autocompletion=completion.where)] = None,
    limits: Annotated[str | None, typer.Option(
        "--limits", metavar="none|everyday|self-care", autocompletion=completion.limits,
        help="What symptoms limited: everyday tasks or self-care.")] = None,
    falls: Annotated[str | None, typer.Option(
        "--falls", metavar="N", help="Number of falls that day.")] = None,
    note: Annotated[str | None, typer.Option("--note", NOTE_SHORT, metavar="TEXT",
                                             help="A note for the day (kept with its time).")]
    = None,
    old_note: Annotated[str | None, typer.Option("-n", hidden=True)] = None,
    by: Annotated[str | None, typer.Option("--by", metavar="patient|caregiver",
                                           autocompletion=completion.reporters,
                                           help=BY_HELP)] = None,
    extent: Annotated[list[str] | None, typer.Option(
        "--extent", metavar="LIMB=LEVEL",
        help="How far up numbness or tingling reaches: hands=fingers|wrist|elbow|above, "
             "feet=toes|ankle|knee|above (or 0-4); repeat for both.")] = None,
) -> None:
    """Log today's symptoms (0 none - 10 worst) and day facts.

    Example: cipn log numbness=3 tingling=2 --where feet --note "dropped a cup"
    """
    now = today()
    entry = entries.DayEntry(
        day=_day(when, now=now, what="symptoms and falls"),
        where=_choice(where, entries.WHERE, "--where"),
        limits=_limits(limits),
        falls=_falls(falls),
        note=_note(note_given(note, old_note)),
        by=reporter(by),
    )
    reach = None
    if extent:
        # lazy: only `log --extent` reads the levels (the daily log does not)
        from cipn_journal.domain.proctcae import parse_extent_options

        reach = parse_extent_options(extent)
    if entry.where and not items:
        raise BadInput("--where applies to the symptoms in the same command: add one, "
                       "e.g. numbness=3 --where feet.")
    if not items and entry.is_empty() and not reach:
        raise BadInput(
            "Nothing to log: give SYMPTOM=SEVERITY (e.g. numbness=3) or a day fact "
            "(--limits, --falls, --note, --extent)."
        )
    if not settings(ctx).path.exists():
        # Bad input must not create a journal; a new journal has no custom symptoms yet.
        _check_where(entry.where, parse_assignments(items or [], BUILTIN))
    with open_journal(ctx, create=True) as store:
        known = entries.symptoms_of(store)
        entry.symptoms = parse_assignments(items or [], known)
        _check_where(entry.where, entry.symptoms)
        result = log_day(store, entry, today=now, symptoms=known, extent=reach)
        during = in_treatment(store, result.alerts, now)
    err(fitted(confirm(result, now), sys.stderr))
    show_alerts(result.alerts, now, during)


def _check_where(where: str | None, values: list[tuple[str, int]]) -> None:
    """--where with only symptoms that are not felt in the limbs (bowel, bladder) is refused;
    with a mix it is stored on the limb symptoms only (store.journal)."""
    if where and values and not any(felt_in_limbs(key) for key, _value in values):
        names = ", ".join(key for key, _value in values)
        raise BadInput(f"--where {where} applies to symptoms felt in the hands or feet, not to "
                       f"{names}: drop --where, or add a limb symptom, e.g. numbness=3.")
