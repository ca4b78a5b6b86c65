"""`cipn log`, the daily command, and the helpers the other journal commands share (dates,
choices, the confirmation line, the "Notify your doctor" block). It has its own module so that
`cipn log` builds no other command's parser (see benchmarks/)."""

import sys
from datetime import date
from typing import Annotated

import typer

from cipn_journal import output
from cipn_journal.commands import BY_HELP, app, open_journal, reporter, settings, today
from cipn_journal.domain.dates import WHEN_HELP
from cipn_journal.errors import BadInput
from cipn_journal.output import err

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
    from cipn_journal.store.journal import LIMITS

    cleaned = "".join(value.strip().lower().replace("-", " ").split())
    if cleaned not in LIMITS:
        raise BadInput(f"--limits {value!r} is not one of: none, everyday, self-care.")
    return cleaned


def _falls(value: str | None) -> int | None:
    if value is None:
        return None
    text = value.strip()
    if not text.isdigit() or not text.isascii() or len(text) > 2:
        raise BadInput(f"--falls {value!r} is not a number of falls from 0 to 99.")
    return int(text)


def _day(text: str, *, now: date, what: str) -> date:
    if text == "today":  # the default: no need to load the date parser
        return now
    from cipn_journal.domain.dates import not_in_future, parse_when

    return not_in_future(parse_when(text, today=now), today=now, what=what)


def told_on(when: str, what: str) -> str | None:
    """--date of `alerts ack` and `questions done`: None for today (the time now is kept),
    else a time on that day; a future day is bad input."""
    now = today()
    day = _day(when, now=now, what=what)
    if day == now:
        return None
    from cipn_journal.domain.dates import on_day

    return on_day(day)


def _note(text: str | None) -> str | None:
    if text is None:
        return None
    if not text.strip():
        raise BadInput("--note is empty: write the note's text, e.g. --note 'dropped a cup'.")
    if len(text) > MAX_NOTE:
        raise BadInput(f"--note is {len(text)} characters long: at most {MAX_NOTE} are kept.")
    return text


def terminal_width(stream) -> int | None:
    """The width of the terminal `stream` writes to (COLUMNS wins), or None when it is not a
    terminal (a pipe or a file gets lines whole, for scripts)."""
    isatty = getattr(stream, "isatty", None)
    if not (isatty and isatty()):
        return None
    import shutil

    return shutil.get_terminal_size().columns


def fitted(text: str, stream, *, indent: str = "") -> str:
    """`text` wrapped at word boundaries to the terminal's width (a terminal breaks long lines
    inside words: 'worseni' / 'ng'); unchanged when `stream` is not a terminal. A trailing space
    (a prompt's) is kept."""
    width = terminal_width(stream)
    if width is None or width < 20:
        return text
    import textwrap

    lines = []
    for line in text.split("\n"):
        lead = line[:len(line) - len(line.lstrip(" "))]
        lines += textwrap.wrap(line, width - 1, break_on_hyphens=False, break_long_words=False,
                               subsequent_indent=lead or indent) or [""]
    return "\n".join(lines) + (" " if text.endswith(" ") else "")


def describe_day(day: date, now: date) -> str:
    label = f"{day:%a} {day.day} {day:%b %Y}"
    if day == now:
        return f"{label} (today)"
    if (now - day).days == 1:
        return f"{label} (yesterday)"
    return label


def show_alerts(raised, now: date) -> None:
    """The alert box (two levels), on stderr so it is seen even when stdout is piped."""
    if not raised:
        return
    from cipn_journal.domain.alerts import spoken
    from cipn_journal.render.alerts import escalation_note

    messages = [(alert.urgency, spoken(alert.message, alert.date, now) + escalation_note(alert))
                for alert in raised]
    if output.use_rich(sys.stderr):
        from cipn_journal.output import print_rich
        from cipn_journal.render.alerts import alert_panel

        print_rich(alert_panel(messages), stderr=True)
    else:
        from cipn_journal.render.alerts import alert_block_plain

        err(alert_block_plain(messages))


def confirm(result, now: date) -> str:
    parts = [f"{key} {new}" + (f" ({result.carried[key]}, as before)"
                               if key in result.carried else "")
             + (f" (was {old})" if old is not None else "")
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
        typer.Argument(metavar="[SYMPTOM=SEVERITY]...",
                       help="Symptoms and severities 0-10, e.g. numbness=3 tingling=2."),
    ] = None,
    when: Annotated[str, typer.Option("--date", "-d", metavar="WHEN",
                                      help=f"The day ({WHEN_HELP}).")] = "today",
    where: Annotated[str | None, typer.Option(
        "--where", metavar="hands|feet|both", help="Where these symptoms are felt.")] = None,
    limits: Annotated[str | None, typer.Option(
        "--limits", metavar="none|everyday|self-care",
        help="What symptoms limited: everyday tasks or self-care.")] = None,
    falls: Annotated[str | None, typer.Option(
        "--falls", metavar="N", help="Number of falls that day.")] = None,
    note: Annotated[str | None, typer.Option("--note", "-n", metavar="TEXT",
                                             help="A note for the day (kept with its time).")]
    = None,
    by: Annotated[str | None, typer.Option("--by", metavar="patient|caregiver",
                                           help=BY_HELP)] = None,
    extent: Annotated[list[str] | None, typer.Option(
        "--extent", metavar="LIMB=LEVEL",
        help="How far up numbness or tingling reaches: hands=fingers|wrist|elbow|above, "
             "feet=toes|ankle|knee|above (or 0-4); repeat for both.")] = None,
) -> None:
    """Log today's symptoms (0 none - 10 worst) and day facts.

    Example: cipn log numbness=3 tingling=2 --where feet --note "dropped a cup"
    """
    from cipn_journal.domain.symptoms import parse_assignments
    from cipn_journal.store import journal as entries

    now = today()
    entry = entries.DayEntry(
        day=_day(when, now=now, what="symptoms and falls"),
        where=_choice(where, entries.WHERE, "--where"),
        limits=_limits(limits),
        falls=_falls(falls),
        note=_note(note),
        by=reporter(by),
    )
    reach = None
    if extent:
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
        from cipn_journal.domain.symptoms import BUILTIN

        # Bad input must not create a journal; a new journal has no custom symptoms yet.
        _check_where(entry.where, parse_assignments(items or [], BUILTIN))
    with open_journal(ctx, create=True) as store:
        known = entries.symptoms_of(store)
        entry.symptoms = parse_assignments(items or [], known)
        _check_where(entry.where, entry.symptoms)
        result = entries.log_day(store, entry, today=now, symptoms=known,
                                 also=_extent_writer(store, entry, reach) if reach else None)
    err(fitted(confirm(result, now), sys.stderr))
    show_alerts(result.alerts, now)


def _check_where(where: str | None, values: list[tuple[str, int]]) -> None:
    """--where with only symptoms that are not felt in the limbs (bowel, bladder) is refused;
    with a mix it is stored on the limb symptoms only (store.journal)."""
    from cipn_journal.domain.symptoms import felt_in_limbs

    if where and values and not any(felt_in_limbs(key) for key, _value in values):
        names = ", ".join(key for key, _value in values)
        raise BadInput(f"--where {where} applies to symptoms felt in the hands or feet, not to "
                       f"{names}: drop --where, or add a limb symptom, e.g. numbness=3.")


def _extent_writer(store, entry, reach: dict[str, int]):
    """Stores `--extent` inside the log's transaction (see store.weekly.save_day_extent)."""

    def write(change, result) -> None:
        from cipn_journal.store.weekly import save_day_extent

        fact = save_day_extent(store, change, entry.day, reach, entry.by, result.alerts)
        if fact:
            result.facts.append(fact)
        else:
            from cipn_journal.domain.proctcae import extent_word

            result.unchanged += [(f"extent {limb}", extent_word(limb, level))
                                 for limb, level in reach.items()]

    return write
