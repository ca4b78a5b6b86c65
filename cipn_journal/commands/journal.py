"""The journal core's commands besides `log`: checkin, history, undo, symptoms, demo."""

import shlex
import sys
from typing import Annotated

import typer

from cipn_journal import output
from cipn_journal.commands import (
    BY_HELP,
    app,
    open_journal,
    reporter,
    settings,
    today,
    whole_number,
)
from cipn_journal.commands.log import (
    WHEN_HELP,
    _day,
    _falls,
    _note,
    confirm,
    describe_day,
    fitted,
    show_alerts,
)
from cipn_journal.errors import BadInput, JournalError
from cipn_journal.output import err, out, safe


def _ask(prompt: str, interactive: bool) -> str | None:
    """One answer, or None at end of input."""
    if interactive:
        try:
            return input(fitted(prompt, sys.stdout))
        except EOFError:
            sys.stdout.write("\n")  # Ctrl-D: what follows starts on a line of its own
            return None
    sys.stderr.write(prompt)
    sys.stderr.flush()
    line = sys.stdin.readline()
    if not line:
        sys.stderr.write("\n")
        return None
    if not line.endswith("\n"):
        sys.stderr.write("\n")
    return line.rstrip("\r\n")


class _Stop(Exception):
    """The person pressed q (or input ended): keep what was answered."""


def _answer(prompt: str, interactive: bool, parse):
    """Ask until `parse` accepts the answer (on a terminal) or fail with exit 2 (scripted)."""
    while True:
        raw = _ask(prompt, interactive)
        if raw is None:
            raise _Stop
        text = raw.strip().lower()
        if text == "q":
            raise _Stop
        try:
            return parse(text)
        except BadInput as exc:
            if not interactive:
                raise
            sys.stdout.write(fitted(f"  {output.message(str(exc))}", sys.stdout) + "\n")


def _note_answer(interactive: bool) -> str | None:
    """The check-in's note. One too long is asked again on a terminal; from a pipe it alone is
    left out, with a message: the other answers are still saved."""
    from cipn_journal.commands.log import MAX_NOTE

    while True:
        raw = _ask("A note for the day? [Enter=none] ", interactive)
        if raw is None or not raw.strip() or raw.strip().lower() == "q":
            return None
        if len(raw.strip()) <= MAX_NOTE:
            return _note(raw.strip())
        problem = (f"The note is {len(raw.strip())} characters long: at most {MAX_NOTE} are "
                   "kept.")
        if not interactive:
            err(f"{problem} It was left out; the other answers are saved.")
            return None
        sys.stdout.write(f"  {problem} Write a shorter one, or Enter for none.\n")


@app.command()
def checkin(
    ctx: typer.Context,
    when: Annotated[str, typer.Option("--date", "-d", metavar="WHEN",
                                      help=f"The day ({WHEN_HELP}).")] = "today",
    by: Annotated[str | None, typer.Option("--by", metavar="patient|caregiver",
                                           help=BY_HELP)] = None,
) -> None:
    """Guided daily check-in: one question per symptom, Enter keeps yesterday's answer.

    Answers: 0 (none) to 10 (worst); s skips; q or Ctrl-D stops and keeps what you answered.

    Enter keeps the value logged that day or the day before (the prompt shows it), else skips.

    Example: cipn checkin
    """
    from cipn_journal.domain.symptoms import SEVERITY_HELP, parse_severity
    from cipn_journal.record.day import log_day
    from cipn_journal.store import journal as entries

    now = today()
    day = _day(when, now=now, what="a check-in")
    who = reporter(by)
    if sys.stdin is None:  # `cipn checkin <&-`
        raise BadInput("There is no input to read the answers from (stdin is closed): run "
                       "cipn checkin at a terminal, pipe the answers in, or use cipn log.")
    interactive = sys.stdin.isatty()
    symptoms, last = entries.symptoms_of(None), {}
    if settings(ctx).path.exists():  # no "no journal yet" note: the check-in creates it
        with open_journal(ctx, create=False, missing_ok=True) as store:
            symptoms = entries.symptoms_of(store)
            last = entries.recent_values(store, day)
    say = (lambda text: sys.stdout.write(fitted(text, sys.stdout) + "\n")) if interactive else err
    say(f"Check-in for {describe_day(day, now)}. Answer 0 (none) to 10 (worst); "
        "Enter keeps the answer shown, s skips, q stops and saves.")
    entry = entries.DayEntry(day=day, by=who)
    try:
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

            value = _answer(
                f"{number}/{len(symptoms)} {safe(symptom.question, one_line=True)}? "
                f"[0-10, {_keeps(default, logged, day, now)}] ", interactive, severity)
            if value is not None:
                entry.symptoms.append((symptom.key, value))

        def limits(text: str):
            table = {"": "none", "0": "none", "1": "everyday", "2": "selfcare", "s": None}
            if text not in table:
                raise BadInput(f"Answer {output.clip(text)} is not 0, 1, 2, Enter (no limits), "
                               "s or q.")
            return table[text]

        entry.limits = _answer(
            "Did symptoms limit what you could do? 0 no, 1 everyday tasks (meals, shopping, "
            "phone, money), 2 self-care (washing, dressing, eating, toilet) [Enter=0] ",
            interactive, limits)

        def falls(text: str):
            if text in ("", "s"):
                return 0 if text == "" else None
            return _falls(text)

        that_day = "today" if day == now else "that day"
        entry.falls = _answer(f"Falls {that_day}? [number, Enter=0] ", interactive, falls)
        entry.note = _note_answer(interactive)
    except _Stop:
        pass
    except (KeyboardInterrupt, EOFError):
        err("\nStopped with Ctrl-C: nothing was written. (q saves the answers given so far.)")
        raise typer.Exit(130) from None
    if entry.is_empty():
        err("Nothing answered: nothing was logged.")
        return
    with open_journal(ctx, create=True) as store:
        result = log_day(store, entry, today=now, command="checkin")
    err(fitted(confirm(result, now), sys.stderr))
    show_alerts(result.alerts, now)
    _weekly_due(ctx, now)


def _weekly_due(ctx: typer.Context, now) -> None:
    """The check-in's last line when the weekly questions are due (reports/weekly_due.py)."""
    from cipn_journal.reports.weekly_due import due_line

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


@app.command()
def undo(
    ctx: typer.Context,
    dry_run: Annotated[bool, typer.Option(
        "--dry-run", help="Say what undo would revert; change nothing.")] = False,
) -> None:
    """Revert the most recent change; nothing is lost (it stays in the file's history).

    Example: cipn undo --dry-run
    """
    if dry_run:
        from cipn_journal.store.changes import next_to_undo

        with open_journal(ctx, create=False) as store:
            pending = next_to_undo(store)
        if pending is None:
            err("Nothing to undo.")
            return
        err(f"Undo would revert the {_what(pending)}. Nothing was changed (run cipn undo to "
            "revert it).")
        return
    with open_journal(ctx, create=False) as store:
        reverted = store.undo()
    if reverted is None:
        err("Nothing to undo.")
        return
    err(f"Undid the {_what(reverted)}.")


def _what(change) -> str:
    """'log of Wed 25 Nov 2026, 14:03: log for 2026-11-25: numbness 3'."""
    from datetime import datetime

    when = datetime.fromisoformat(change["recorded_at"]).astimezone()
    return (f"{change['command']} of {when:%a} {when.day} {when:%b %Y, %H:%M}: "
            f"{safe(change['summary'], one_line=True)}")


@app.command()
def history(
    ctx: typer.Context,
    since: Annotated[str | None, typer.Option(
        "--since", metavar="WHEN",
        help="First day: a WHEN, all, or last-visit (default: 27 days before --until).")]
    = None,
    days: Annotated[int | None, typer.Option(
        "-n", "--days", parser=whole_number(1, 100_000), metavar="N",
        help="Only the last N days that have entries (with no --since: in the whole journal).")]
    = None,
    until: Annotated[str | None, typer.Option("--until", metavar="WHEN",
                                              help="Last day (default: today).")] = None,
    symptom: Annotated[str | None, typer.Option("--symptom", "-s", metavar="S",
                                                help="Only this symptom.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="JSON for scripts.")] = False,
) -> None:
    """Show what was logged, day by day (the last 4 weeks unless told).

    Example: cipn history -n 10 --symptom numbness
    """
    from cipn_journal.domain.clinical import DEFAULT_WINDOW_DAYS
    from cipn_journal.domain.symptoms import resolve as resolve_symptom
    from cipn_journal.render import history as render
    from cipn_journal.reports import history as domain
    from cipn_journal.reports.window import resolve
    from cipn_journal.store import journal as entries

    now = today()
    with open_journal(ctx, create=False) as store:
        symptoms = entries.symptoms_of(store)
        key = resolve_symptom(symptom, symptoms) if symptom else None
        if since is None and days is not None:
            since = "all"
        window = resolve(store, since, until, today=now, default_days=DEFAULT_WINDOW_DAYS)
        rows = domain.rows(store, window, key)
        if days is not None:
            shown = sorted({row.date for row in rows})[-days:]
            rows = [row for row in rows if row.date >= shown[0]] if shown else []
        cycles = domain.cycle_days(store, rows) if rows and not as_json else {}
    if as_json:
        out(output.json_text(domain.as_json(rows)))
        return
    if not rows:
        err("Nothing logged in that window.")
        return
    if output.use_rich() and output.console().width >= render.table_width(rows, symptoms, cycles):
        from cipn_journal.output import print_rich

        print_rich(render.table(rows, symptoms, cycles))
    else:
        out(fitted(render.plain(rows, symptoms, cycles), sys.stdout, indent=" " * 12))


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
    from cipn_journal.store import journal as entries

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
    from cipn_journal.domain.symptoms import BUILTIN, check_new_key
    from cipn_journal.store import journal as entries

    if not label.strip() or len(label) > 200:
        raise BadInput(f"--label {label[:40]!r} must be 1 to 200 characters of text.")
    check_new_key(key, BUILTIN)
    with open_journal(ctx, create=True) as store:
        entries.add_symptom(store, key, label.strip())  # checks custom keys in its transaction
    err(f"Added the symptom {key}: {safe(label.strip(), one_line=True)}. "
        f"Log it with: cipn log {key}=3")


@app.command()
def demo(
    ctx: typer.Context,
    weeks: Annotated[int, typer.Option("--weeks", parser=whole_number(1, 1040),
                                       help="How many weeks, ending today.")] = 12,
    force: Annotated[bool, typer.Option("--force", help="Replace a journal that has entries "
                                        "(a backup is made first).")] = False,
) -> None:
    """Write a realistic sample journal (oxaliplatin, daily check-ins) to the chosen journal.

    Example: cipn --db /tmp/demo.db demo --weeks 12
    """
    from cipn_journal.domain import demo as domain
    from cipn_journal.record.demo import write_demo

    now = today()
    with open_journal(ctx, create=True) as store:
        backup = None
        # What the backup holds: the demo refuses to replace anything written after it.
        last_change = store.last_change_id()
        if store.has_entries():
            if not force:
                raise JournalError(
                    f"The journal {store.path} already has entries: the demo was not written. "
                    "Use --db with a new file, or --force to replace it (a backup is made)."
                )
            backup = store.path.with_name(
                f"{store.path.stem}.before-demo-{now.isoformat()}{store.path.suffix}")
            counter = 1
            while backup.exists():
                counter += 1
                backup = store.path.with_name(
                    f"{store.path.stem}.before-demo-{now.isoformat()}-{counter}"
                    f"{store.path.suffix}")
            store.backup(backup)
        sample = domain.generate(weeks=weeks, today=now)
        count = write_demo(store, sample, replaced=backup, last_change=last_change)
    if backup:
        err(f"Saved the previous journal to {backup}.")
    err(f"Wrote a {weeks}-week demo journal ({count} values, {sample.start.isoformat()} to "
        f"{sample.end.isoformat()}) to {store.path}. Try: cipn"
        + (f" --db {shlex.quote(db)}" if (db := settings(ctx).db) else "") + " summary")
