"""The command-line boundary: the Typer app and its global options, the one place that turns
known errors into messages and exit codes (1: fix the situation, 2: bad input, 70: a bug), and
the helpers every command uses (today's date, opening the journal). No SQL here.
"""

import errno
import os
import sqlite3
import sys
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from typer.core import TyperGroup

from cipn_journal.errors import BadInput, JournalError

app = typer.Typer(
    cls=None,  # set below, once JournalGroup is defined
    name="cipn",
    help=(
        "A local-first journal for chemotherapy-induced peripheral neuropathy (CIPN).\n\n"
        "Example: cipn log numbness=3 tingling=2"
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class Settings:
    """The global options, kept on the click context."""

    __slots__ = ("db", "debug")

    def __init__(self, db: str | None, debug: bool):
        self.db = db
        self.debug = debug

    @property
    def path(self) -> Path:
        from cipn_journal.store.connection import journal_path

        return journal_path(self.db)


def _version(value: bool) -> None:
    if value:
        import cipn_journal

        typer.echo(f"cipn-journal {cipn_journal.__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    ctx: typer.Context,
    db: Annotated[
        str | None,
        typer.Option("--db", metavar="PATH", help="Journal file (default: CIPN_JOURNAL_DB, "
                     "else the platform's data folder)."),
    ] = None,
    debug: Annotated[bool, typer.Option("--debug", help="Show full tracebacks of bugs.")] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True,
                           help="Show the version and exit.")
    ] = False,
) -> None:
    """A local-first journal for chemotherapy-induced peripheral neuropathy (CIPN).

    Example: cipn log numbness=3 tingling=2
    """
    if db is not None and not db.strip():
        raise BadInput("--db is empty: give the journal file's path, e.g. --db ~/mum.db.")
    from_env = os.environ.get("CIPN_JOURNAL_DB")
    if db is None and from_env and not from_env.strip():
        raise BadInput("CIPN_JOURNAL_DB is blank: set it to the journal file's path, e.g. "
                       "~/mum.db, or unset it to use the default journal.")
    ctx.obj = Settings(db=db, debug=debug)


def settings(ctx: typer.Context) -> Settings:
    return ctx.find_root().obj


def today() -> date:
    """The local calendar day. CIPN_JOURNAL_TODAY (an ISO date) fixes it, for tests and demos."""
    fixed = os.environ.get("CIPN_JOURNAL_TODAY")
    if fixed:
        from cipn_journal.domain.dates import EARLIEST, LATEST

        try:
            day = date.fromisoformat(fixed)
        except ValueError:
            day = None
        if day is None or not EARLIEST <= day <= LATEST:
            raise BadInput(
                f"CIPN_JOURNAL_TODAY={fixed[:40]!r} is not an ISO date from "
                f"{EARLIEST.isoformat()} to {LATEST.isoformat()}, like 2026-11-03."
            )
        return day
    return date.today()


def open_store(ctx: typer.Context, *, create: bool):
    """The journal for this command; None for a reading command when none exists yet."""
    from cipn_journal.store.connection import Store

    chosen = settings(ctx)
    store = Store.open(chosen.path, create=create)
    from_env = os.environ.get("CIPN_JOURNAL_DB")
    if store is None and (chosen.db or (from_env and not os.path.isabs(
            os.path.expanduser(from_env)))):
        # A mistyped --db must not look like an empty journal.
        from cipn_journal.output import safe

        sys.stderr.write(f"Note: there is no journal at {safe(str(chosen.path))} yet.\n")
    return store


NOTHING_LOGGED = "Nothing is logged yet. Start with: cipn log numbness=2 (or cipn checkin)."


def _bug_location(exc: BaseException) -> str:
    import traceback

    frames = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in frames if "cipn_journal" in f.filename] or frames
    if not ours:
        return "unknown place"
    frame = ours[-1]
    name = frame.filename
    marker = name.rfind("cipn_journal")
    if marker >= 0:
        name = name[marker:]
    return f"{name}:{frame.lineno}"


class JournalGroup(TyperGroup):
    """The app's click group: runs every command through `guarded`, so that tests driving the
    app with CliRunner see the same messages and exit codes as a user."""

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True,
             **extra):
        from cipn_journal.output import prepare_streams

        prepare_streams()
        arguments = list(sys.argv[1:] if args is None else args)

        def run():
            refuse_undecodable(arguments)
            result = super(JournalGroup, self).main(
                args=arguments, prog_name=prog_name or "cipn", complete_var=complete_var,
                standalone_mode=False, **extra)
            sys.stdout.flush()  # so that a full disk or a closed pipe is reported like any error
            return result

        code = guarded(run, arguments)
        try:
            sys.stdout.flush()
        except OSError:
            pass  # output of a command that already failed; its error was reported
        sys.exit(code)


# Options and arguments that name a file: any bytes the operating system allows are fine.
_PATH_OPTIONS = {"--db", "-o", "--output"}
_PATH_ARGUMENTS = {"import", "backup"}


def refuse_undecodable(args: list[str]) -> None:
    """Text that is not UTF-8 (`--note "$(printf 'caf\\xe9')"`: Python keeps the bad bytes as
    lone surrogates) is refused here, before any command reads it, not deep in the store."""
    command = command_name(args)
    for index, arg in enumerate(args):
        if not any("\ud800" <= c <= "\udfff" for c in arg):
            continue
        before = args[index - 1] if index else ""
        if before in _PATH_OPTIONS or arg.split("=", 1)[0] in _PATH_OPTIONS or (
                command in _PATH_ARGUMENTS and not arg.startswith("-")):
            continue
        shown = arg.encode("utf-8", "surrogateescape").decode("ascii", "backslashreplace")
        cut = shown if len(shown) <= 60 else shown[:57] + "..."
        raise BadInput(f"The argument '{cut}' is not UTF-8 text: nothing was written. Set the "
                       "terminal or the script to UTF-8 (e.g. LANG=C.UTF-8) and try again.")


def guarded(run, args: list[str]) -> int:
    """Run the command and map every outcome to one message and one exit code."""
    from cipn_journal.output import message

    usage_error = _click_exceptions().ClickException

    debug = "--debug" in _global_args(args)  # not a note that happens to read "--debug"
    try:
        result = run()
        return result if isinstance(result, int) else 0
    except JournalError as exc:
        sys.stderr.write(f"Error: {message(str(exc))}\n")
        return exc.exit_code
    except typer.Exit as exc:
        return exc.exit_code
    except typer.Abort:
        sys.stderr.write("\nStopped. Nothing was written.\n")
        return 130
    except usage_error as exc:
        if type(exc).__name__ == "NoArgsIsHelpError":
            # `cipn` or `cipn meds` alone: the help is the answer, not an error to report.
            text = exc.format_message()
            if text.strip():  # Typer's Rich help has printed itself and left this empty
                sys.stdout.write(text + "\n")
            return exc.exit_code
        hint = f" See '{exc.ctx.command_path} --help'." if getattr(exc, "ctx", None) else ""
        if type(exc).__name__ == "NoSuchOption" and getattr(exc, "option_name", "") in (
                "--db", "--debug", "--version"):
            name = exc.option_name
            hint = f" {name} goes before the command: cipn {name} ... COMMAND."
        text = message(" ".join(exc.format_message().split()).rstrip("."))
        sys.stderr.write(f"Error: {text}.{hint}\n")
        return exc.exit_code
    except KeyboardInterrupt:
        sys.stderr.write("\nStopped. Nothing was written.\n")
        return 130
    except BrokenPipeError:
        # The reader (e.g. `head`) went away: not an error worth a message.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except sqlite3.Error as exc:
        from cipn_journal.store.connection import journal_path, translate_error

        error = translate_error(exc, journal_path(_db_option(args)))
        if error is None:  # not the file or the disk: a bad statement is a bug
            return _report_bug(exc, debug)
        sys.stderr.write(f"Error: {message(str(error))}\n")
        return error.exit_code
    except OSError as exc:
        if exc.errno not in _SITUATION_ERRNOS:
            return _report_bug(exc, debug)
        where = message(str(exc.filename)) if exc.filename else "the output (stdout)"
        sys.stderr.write(
            f"Error: could not use {where}: {exc.strerror}. Check the permissions and the "
            "free space there, then try again.\n"
        )
        return 1
    except Exception as exc:  # the one catch-all: a bug, reported without user text
        return _report_bug(exc, debug)


# Operating-system errors that describe the user's situation (permissions, a full or read-only
# disk), not a bug: they get a message and exit 1.
_SITUATION_ERRNOS = {
    errno.EACCES, errno.EPERM, errno.EROFS, errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO,
    errno.EBADF,  # stdout closed by the shell (`cipn history >&-`)
}


def _report_bug(exc: BaseException, debug: bool) -> int:
    """One line naming the exception type and where it happened; never its message, which may
    hold a note or other health data. The traceback only with --debug."""
    if debug:
        import traceback

        traceback.print_exception(exc)
    sys.stderr.write(
        f"cipn: unexpected error ({type(exc).__name__} at {_bug_location(exc)}). "
        "This is a bug; run the same command with --debug to see the full traceback.\n"
    )
    return 70


def _click_exceptions():
    try:  # Typer 0.28+ vendors click
        from typer._click import exceptions
    except ImportError:
        from click import exceptions
    return exceptions


def main() -> None:
    """Console-script entry point."""
    load_commands(sys.argv[1:])
    app()


def _global_args(args: list[str]) -> list[str]:
    """The arguments before the command word: the global options."""
    name = command_name(args)
    return args[:args.index(name)] if name is not None else args


def _db_option(args: list[str]) -> str | None:
    options = _global_args(args)
    for index, arg in enumerate(options):
        if arg == "--db" and index + 1 < len(options):
            return options[index + 1]
        if arg.startswith("--db="):
            return arg[5:]
    return None


app.info.cls = JournalGroup

# Which module defines each command. Only the module of the command being run is imported, so
# the daily `cipn log` does not pay for building every other command (see benchmarks/).
COMMAND_MODULES = {
    "log": "log", "checkin": "journal", "history": "journal", "undo": "journal",
    "symptoms": "journal", "demo": "journal",
    "summary": "summary",
    "alerts": "alerts",
    "treatment": "treatment", "meds": "treatment", "visit": "treatment", "ask": "treatment",
    "questions": "treatment",
    "export": "export", "import": "export", "backup": "export",
}
_GLOBAL_OPTIONS_WITH_VALUE = {"--db"}


def command_name(args: list[str]) -> str | None:
    """The command word in the arguments, skipping global options."""
    skip = False
    for arg in args:
        if skip:
            skip = False
            continue
        if arg in _GLOBAL_OPTIONS_WITH_VALUE:
            skip = True
            continue
        if arg.startswith("-"):
            continue
        return arg
    return None


def load_commands(args: list[str] | None = None) -> None:
    """Register the command named in `args` on the app, or every command (help, tests)."""
    import importlib

    name = command_name(args) if args is not None else None
    wanted = [COMMAND_MODULES[name]] if name in COMMAND_MODULES else list(
        dict.fromkeys(COMMAND_MODULES.values()))
    for module in wanted:
        importlib.import_module(f"cipn_journal.commands.{module}")
