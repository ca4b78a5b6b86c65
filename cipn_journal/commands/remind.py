"""`cipn remind`: the evening check "is anything logged today?" (exit 1 and a one-line reminder
when not, silent exit 0 when it is), a desktop notification for cron (`--notify`), and the one
marked line in the user's crontab that runs it (`install`, `uninstall`, `status`). The check
runs every evening, so its path imports only the standard library and the store.
"""

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Annotated

import typer

from cipn_journal.commands import app, open_journal, settings, today
from cipn_journal.domain import crontab
from cipn_journal.domain.treatment import plan_words
from cipn_journal.errors import BadInput, JournalError
from cipn_journal.output import err, out, safe
from cipn_journal.reports.upcoming import next_infusion
from cipn_journal.reports.weekly_due import due_line
from cipn_journal.store.journal import has_entry_on

REMINDER = "Nothing logged today yet: cipn checkin"
# What a notification shows: no symptom, value or note, since a screen may be seen by others.
TITLE = "cipn-journal"
BODY = "Nothing logged today yet: run cipn checkin in a terminal."
WEEKLY_BODY = "The weekly questions are due: run cipn weekly in a terminal."
# The day before a planned infusion (and on its day), in place of the reminder. The
# notification does not name the drug: a screen may be seen by others.
PLAN_REMINDER = "{plan}: log today's symptoms first: cipn checkin"
PLAN_BODY = "An infusion {when}: log today's symptoms first: run cipn checkin in a terminal."
TIMEOUT_S = 30  # a hung crontab or notifier must not hang cron's job
NO_NOTIFIER = (
    "Warning: this machine has neither notify-send nor osascript, so the evening reminder "
    "cannot show a notification: cron will run it and nothing will appear. Install "
    "notify-send (Debian, Ubuntu: sudo apt install libnotify-bin; Fedora: sudo dnf install "
    "libnotify; Arch: sudo pacman -S libnotify), or use `cipn remind || cipn checkin` in your "
    "shell profile instead.")

remind_app = typer.Typer()
app.add_typer(remind_app, name="remind")


@remind_app.callback(invoke_without_command=True)
def remind(
    ctx: typer.Context,
    quiet: Annotated[bool, typer.Option("--quiet", "-q",
                                        help="Print nothing; only the exit status tells.")]
    = False,
    notify: Annotated[bool, typer.Option(
        "--notify", help="Show the reminder as a desktop notification (notify-send or "
        "osascript) instead of printing it.")] = False,
) -> None:
    """Remind you when nothing is logged today: exit 1 and one line, else exit 0, silently.

    A journal that does not exist yet has nothing logged today either (exit 1). When the
    weekly questions are due (last answered 7 or more days ago), a line says so too; the exit
    status stays about today's entry.

    In a shell profile: cipn remind || cipn checkin

    Example: cipn remind install --at 20:00
    """
    if ctx.invoked_subcommand is not None:
        if quiet or notify:
            raise BadInput(f"--quiet and --notify belong to `cipn remind` alone, not to "
                           f"`cipn remind {ctx.invoked_subcommand}`.")
        return
    logged, weekly, plan = _check(ctx)
    reminder, body = REMINDER, BODY
    if plan is not None:  # an infusion today or tomorrow

        words = safe(plan_words(plan, today()), one_line=True)
        reminder = PLAN_REMINDER.format(plan=words[:1].upper() + words[1:])
        body = PLAN_BODY.format(when="today" if plan.date == today() else "tomorrow")
    if notify and (not logged or weekly):
        _notify(" ".join(([] if logged else [body]) + ([WEEKLY_BODY] if weekly else [])))
    elif not quiet:
        for line in ([] if logged else [reminder]) + ([weekly] if weekly else []):
            err(line)
    if not logged:
        raise typer.Exit(1)


def _check(ctx: typer.Context):
    """Whether anything is logged today, the weekly questions' line when they are due, and
    the planned infusion when it is today or tomorrow (else None)."""
    if not settings(ctx).path.exists():
        return False, None, None  # nothing logged; and no journal is created by a check
    now = today()
    with open_journal(ctx, create=False, missing_ok=True) as store:
        plan = next_infusion(store, now)
        soon = plan if plan is not None and (plan.date - now).days <= 1 else None
        return has_entry_on(store, now), due_line(store, now), soon


def _notify(body: str = BODY) -> None:
    """A desktop notification, when this machine has a way to show one; else nothing. A
    notifier that fails is reported on stderr (from cron, that reaches the user's mail)."""
    tool = _notifier()
    if tool is None:
        return
    if Path(tool).name == "notify-send":
        argv = [tool, TITLE, body]
    else:
        argv = [tool, "-e", f'display notification "{body}" with title "{TITLE}"']
    try:
        done = subprocess.run(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, timeout=TIMEOUT_S, env=_desktop_env())
    except (OSError, subprocess.TimeoutExpired) as exc:
        err(f"Could not show a notification with {tool}: {type(exc).__name__}.")
        return
    if done.returncode != 0:
        said = safe(done.stderr.decode("utf-8", errors="replace").strip(), one_line=True)
        err(f"Could not show a notification with {tool} (exit {done.returncode})"
            + (f": {said[:200]}" if said else "."))


def _notifier() -> str | None:
    """The program that shows a desktop notification here: notify-send (Linux), else
    osascript (macOS), else None."""
    return shutil.which("notify-send") or shutil.which("osascript")


def _desktop_env() -> dict[str, str]:
    """cron starts jobs without the desktop session's D-Bus address, which notify-send needs;
    on Linux the session bus of a logged-in user is at /run/user/UID/bus."""
    env = dict(os.environ)
    if "DBUS_SESSION_BUS_ADDRESS" not in env and hasattr(os, "getuid"):
        bus = Path(f"/run/user/{os.getuid()}/bus")
        if bus.exists():
            env["DBUS_SESSION_BUS_ADDRESS"] = f"unix:path={bus}"
    return env


# -- the crontab line ---------------------------------------------------------------------------
@remind_app.command("install")
def install(
    ctx: typer.Context,
    at: Annotated[str, typer.Option("--at", metavar="HH:MM",
                                    help="When, every day (local time, 00:00-23:59).")]
    = "20:00",
) -> None:
    """Add the daily reminder to your crontab (again: replace it); other lines are kept.

    cron runs `cipn --db JOURNAL remind --notify` at that time: a desktop notification when
    nothing is logged that day.

    Example: cipn remind install --at 20:00
    """
    hour, minute = crontab.parse_at(at)
    journal = settings(ctx).path.absolute()
    line = crontab.cron_line(hour, minute, [*_program(), "--db", str(journal), "remind",
                                            "--notify"])
    tool = _crontab_command()
    if tool is None:
        raise JournalError(
            "There is no `crontab` command here, so nothing was installed. Add this line to "
            "your crontab (or another scheduler) by hand:\n" + line)
    current = _read_crontab(tool)
    updated, replaced = crontab.with_line(current, line)
    _write_crontab(tool, updated)
    out(line)
    err(f"{'Replaced' if replaced else 'Installed'} the daily reminder: at {hour:02d}:{minute:02d} "
        f"cron checks {journal} and shows a notification if nothing is logged that day. "
        "`cipn remind uninstall` removes it.")
    if not journal.exists():
        err(f"Note: there is no journal at {journal} yet: until you log there, every evening "
            "will bring the reminder.")
    if _notifier() is None:
        err(NO_NOTIFIER)


@remind_app.command("uninstall")
def uninstall() -> None:
    """Remove the daily reminder from your crontab; every other line is kept.

    Example: cipn remind uninstall
    """
    tool = _crontab_command()
    if tool is None:
        raise JournalError("There is no `crontab` command here: no reminder was installed "
                           "through it, nothing to remove.")
    current = _read_crontab(tool)
    updated, removed = crontab.without_line(current)
    if not removed:
        err("No cipn reminder is in your crontab: nothing changed.")
        return
    _write_crontab(tool, updated)
    err("Removed the daily reminder from your crontab; its other lines are unchanged.")


@remind_app.command("status")
def status(ctx: typer.Context) -> None:
    """Show the reminder line in your crontab, if there is one.

    Example: cipn remind status
    """
    tool = _crontab_command()
    if tool is None:
        raise JournalError("There is no `crontab` command here: `cipn remind install` cannot "
                           "add the reminder; it prints the line to add by hand.")
    line = crontab.find(_read_crontab(tool))
    if line is None:
        err("No cipn reminder is in your crontab. Add one with: cipn remind install --at 20:00")
        return
    out(safe(line))
    schedule, words = crontab.parse(line)
    if line.lstrip().startswith("#"):
        err("The reminder line is commented out: cron does not run it. "
            "`cipn remind install --at HH:MM` replaces it with a working one.")
        return
    when = f"every day at {schedule}" if ":" in schedule else f"on the schedule {schedule!r}"
    err(f"The reminder runs {when}.")
    journal = str(settings(ctx).path.absolute())
    if words and "--db" in words[:-1] and words[words.index("--db") + 1] != journal:
        err(f"Note: it checks {safe(words[words.index('--db') + 1], one_line=True)}, not "
            f"{safe(journal, one_line=True)}.")
    if words and not Path(words[0]).is_file():
        err(f"Warning: the program it runs, {safe(words[0], one_line=True)}, is not there any "
            "more: run `cipn remind install` again.")
    if words and "--notify" in words and _notifier() is None:
        err(NO_NOTIFIER)


def _program() -> list[str]:
    """This cipn as an absolute command, for cron's minimal PATH: the `cipn` script that runs
    now, else the one installed beside this Python, else the one on PATH, else `python -m`."""
    started = Path(sys.argv[0]) if sys.argv and sys.argv[0] else None
    if started is not None and started.name == "cipn" and started.is_file():
        return [os.path.abspath(started)]
    beside = Path(sys.executable).parent / "cipn"
    if beside.is_file():
        return [os.path.abspath(beside)]
    found = shutil.which("cipn")
    if found:
        return [os.path.abspath(found)]
    return [os.path.abspath(sys.executable), "-m", "cipn_journal"]


def _crontab_command() -> str | None:
    return shutil.which("crontab")


def _run_crontab(tool: str, argument: str, data: bytes | None):
    try:
        return subprocess.run([tool, argument], input=data if data is not None else b"",
                              capture_output=True, timeout=TIMEOUT_S)
    except subprocess.TimeoutExpired:
        shown = argument if argument.startswith("-") else "FILE"
        raise JournalError(f"`crontab {shown}` did not answer within {TIMEOUT_S} s: your "
                           "crontab was not changed. Try again.") from None
    except OSError as exc:
        raise JournalError(f"Could not run {tool}: {exc.strerror or exc}. Your crontab was "
                           "not changed.") from None


def _said(done) -> str:
    text = safe(done.stderr.decode("utf-8", errors="replace").strip(), one_line=True)
    return text[:300] or f"exit {done.returncode}"


def _read_crontab(tool: str) -> bytes:
    """The user's crontab as bytes; none yet (`no crontab for USER`) is an empty one."""
    done = _run_crontab(tool, "-l", None)
    if done.returncode == 0:
        return done.stdout
    if b"no crontab for" in done.stderr.lower():
        return b""
    raise JournalError(f"`crontab -l` failed ({_said(done)}): nothing was changed. Check that "
                       "you may use cron (`crontab -l` in a terminal).")


def _write_crontab(tool: str, data: bytes) -> None:
    """Install `data` as the user's crontab with `crontab FILE`, FILE complete in a private
    temporary folder: `crontab` reads it whole, so a cipn killed meanwhile can never leave a
    cut crontab (through `crontab -` a kill ended the input early, and crontab installed what
    it had)."""
    with tempfile.TemporaryDirectory(prefix="cipn-crontab-") as folder:  # 0700, removed after
        name = os.path.join(folder, "crontab")
        with open(name, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        done = _run_crontab(tool, name, None)
    if done.returncode != 0:
        raise JournalError(f"`crontab` refused the new crontab ({_said(done)}): your crontab "
                           "was not changed.")
