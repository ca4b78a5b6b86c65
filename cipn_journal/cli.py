"""The command-line boundary: the global options, lazy loading of the command modules (only
the one being run is imported, before Typer builds the click group), and the one place that
turns known errors into messages and exit codes (1: fix the situation, 2: bad input, 70: a bug).
What the commands share (the app they register on, today's date, opening the journal) is in
`cipn_journal.commands`. No SQL here.
"""

import errno
import importlib
import os
import sqlite3
import sys
import traceback
from typing import Annotated

import typer
from typer.core import TyperGroup

import cipn_journal
from cipn_journal.commands import NOTHING_LOGGED, Settings, app, open_journal, settings, today
from cipn_journal.errors import BadInput, JournalError
from cipn_journal.output import message, prepare_streams, use_rich
from cipn_journal.store.paths import journal_path
from cipn_journal.store.sqlite_errors import translate_error

__all__ = ["NOTHING_LOGGED", "app", "open_journal", "main", "settings", "today"]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"cipn-journal {cipn_journal.__version__}")
        raise typer.Exit()


@app.callback(invoke_without_command=True)
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
    if ctx.invoked_subcommand is None:  # `cipn` alone (or with global options only)
        from cipn_journal.commands import status

        if not status.on_a_terminal():
            ctx.fail("Missing command.")
        status.show(ctx)


def _bug_location(exc: BaseException) -> str:
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


# Which module defines each command. Only the module of the command being run is imported, so
# the daily `cipn log` does not pay for building every other command (see benchmarks/).
COMMAND_MODULES = {
    "log": "log", "checkin": "checkin", "history": "history", "undo": "changes",
    "symptoms": "symptoms", "demo": "demo",
    "summary": "summary",
    "alerts": "alerts",
    "treatment": "treatment", "meds": "meds", "visit": "visit", "ask": "questions",
    "questions": "questions",
    "export": "export", "import": "importing", "backup": "backup",
    "remind": "remind",
    "weekly": "weekly",
    "changes": "changes",
    "profile": "profile",
}


def load_commands(args: list[str], complete_var: str | None = None) -> bool:
    """Import the command modules `args` need (their decorators register their commands on
    `app`): the module of the command word, or every module when the commands are listed
    (`--help`, shell completion, `cipn` alone on a pipe) or the word is unknown (for Typer's
    "Did you mean ...?"); none for `--version` or `cipn` alone on a terminal (the status).
    True when a module was imported now: a click group built from `app` before lacks its
    commands."""
    completing = (complete_var or "_CIPN_COMPLETE") in os.environ
    if completing:
        args = _words_before_the_cursor()
    word = _command_word(args)
    if word in COMMAND_MODULES:
        wanted = [COMMAND_MODULES[word]]
    elif (word is not None or "--help" in args or "-h" in args or completing
          or (not args and not use_rich())):
        wanted = list(dict.fromkeys(COMMAND_MODULES.values()))
    else:
        wanted = []
    new = [name for name in (f"cipn_journal.commands.{module}" for module in wanted)
           if name not in sys.modules]
    for name in new:
        importlib.import_module(name)
    return bool(new)


def _words_before_the_cursor() -> list[str]:
    """The words a shell completing `cipn` has before the word being completed, without `cipn`:
    bash passes them in COMP_WORDS with the cursor's index in COMP_CWORD, zsh, fish and
    PowerShell the line up to the cursor in _TYPER_COMPLETE_ARGS (Typer's completion scripts)."""
    if "COMP_WORDS" in os.environ:
        words = os.environ["COMP_WORDS"].split()
        cursor = os.environ.get("COMP_CWORD", "")
        return words[1:int(cursor)] if cursor.isdigit() else words[1:]
    line = os.environ.get("_TYPER_COMPLETE_ARGS", "")
    words = line.split()
    return words[1:] if line[-1:].isspace() else words[1:-1]


class JournalGroup(TyperGroup):
    """The app's click group. Commands load lazily: before Typer builds this group from `app`
    (`main()` below, the console script), `load_commands` imports only the module of the command
    being run, so the daily `cipn log` does not pay for building every other command. Typer's
    public API only: the group is built by calling `app`, as every Typer program is run; when
    the group was built before the module it needs was imported (tests driving `app` with
    CliRunner), `main` imports it and runs `app` again with the same arguments. Every command
    runs through `guarded`, so that tests driving the app with CliRunner see the same messages
    and exit codes as a user."""

    root: "typer.Context | None" = None  # the parsed global options, once parsed

    def parse_args(self, ctx, args):
        if not args:
            from cipn_journal.commands import status

            if status.on_a_terminal():  # `cipn` alone on a terminal: the status, not the help
                self.no_args_is_help = False
        return super().parse_args(ctx, args)

    def make_context(self, info_name, args, parent=None, **extra):
        context = super().make_context(info_name, args, parent=parent, **extra)
        self.root = context
        return context

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True,
             **extra):
        prepare_streams()
        arguments = list(sys.argv[1:] if args is None else args)
        self.root = None

        def run():
            refuse_undecodable(arguments)
            if load_commands(arguments, complete_var):  # this group lacks their commands
                return app(args=arguments, prog_name=prog_name, complete_var=complete_var,
                           standalone_mode=standalone_mode, **extra)
            result = super(JournalGroup, self).main(
                args=arguments, prog_name=prog_name or "cipn", complete_var=complete_var,
                standalone_mode=False, **extra)
            sys.stdout.flush()  # so that a full disk or a closed pipe is reported like any error
            return result

        code = guarded(run, lambda: self.root.params if self.root is not None else {})
        try:
            sys.stdout.flush()
        except OSError:
            pass  # output of a command that already failed; its error was reported
        sys.exit(code)


# Options and arguments that name a file: any bytes the operating system allows are fine.
_PATH_OPTIONS = {"--db", "-o", "--output"}
_PATH_ARGUMENTS = {"import", "backup"}


def _command_word(args: list[str]) -> str | None:
    """The command word of raw arguments (before click parses them): the first one that is
    not a global option or its value."""
    skip = False
    for arg in args:
        if skip:
            skip = False
        elif arg == "--db":
            skip = True
        elif not arg.startswith("-"):
            return arg
    return None


def refuse_undecodable(args: list[str]) -> None:
    """Text that is not UTF-8 (`--note "$(printf 'caf\\xe9')"`: Python keeps the bad bytes as
    lone surrogates) is refused here, before any command reads it, not deep in the store."""
    command = _command_word(args)
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



def guarded(run, global_options) -> int:
    """Run the command and map every outcome to one message and one exit code.
    `global_options()`: the global options as parsed (empty before they are)."""
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
    except typer.TyperException as exc:  # click's usage and file errors, as Typer raises them
        text = exc.format_message()
        if text.lstrip().startswith("Usage:") or not text.strip():
            # `cipn meds` alone (no_args_is_help): the help is the answer, not an error to
            # report; Typer's Rich help has printed itself and left the message empty.
            if text.strip():
                sys.stdout.write(text + "\n")
            return exc.exit_code
        context = getattr(exc, "ctx", None)
        hint = f" See '{context.command_path} --help'." if context is not None else ""
        # click's NoSuchOption: an unknown option, with the possibilities it was checked against
        name = getattr(exc, "option_name", None) if hasattr(exc, "possibilities") else None
        if name in ("--db", "--debug", "--version"):
            hint = f" {name} goes before the command: cipn {name} ... COMMAND."
        text = message(" ".join(text.split()))
        end = "" if text.endswith((".", "?", "!")) else "."  # "Did you mean 'visit'?" ends itself
        sys.stderr.write(f"Error: {text}{end}{hint}\n")
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
        error = translate_error(exc, journal_path(global_options().get("db")))
        if error is None:  # not the file or the disk: a bad statement is a bug
            return _report_bug(exc, bool(global_options().get("debug")))
        sys.stderr.write(f"Error: {message(str(error))}\n")
        return error.exit_code
    except OSError as exc:
        if exc.errno not in _SITUATION_ERRNOS:
            return _report_bug(exc, bool(global_options().get("debug")))
        where = message(str(exc.filename)) if exc.filename else "the output (stdout)"
        sys.stderr.write(
            f"Error: could not use {where}: {exc.strerror}. Check the permissions and the "
            "free space there, then try again.\n"
        )
        return 1
    except Exception as exc:  # the one catch-all: a bug, reported without user text
        return _report_bug(exc, bool(global_options().get("debug")))


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
        traceback.print_exception(exc)
    sys.stderr.write(
        f"cipn: unexpected error ({type(exc).__name__} at {_bug_location(exc)}). "
        "This is a bug; run the same command with --debug to see the full traceback.\n"
    )
    return 70


def main() -> None:
    """Console-script entry point: the command's module first, then the app built with it."""
    load_commands(sys.argv[1:])
    app()


app.info.cls = JournalGroup
