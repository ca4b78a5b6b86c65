"""Every command of the app with arguments that reach the journal, for the reliability tests
that run each command against a damaged, newer, read-only or watched journal.

The table follows the command map of PRODUCT.md; `app_commands()` lists what the app has right
now, so a command that lands later is tested as soon as it exists, and a test fails when the
app has a command this table does not know.
"""

from dataclasses import dataclass
from pathlib import Path

from typer.main import get_command

from cipn_journal.cli import COMMAND_MODULES, app, load_commands

# A note with words that must never appear in an error message.
NOTE = "private note: told Dr Alvarez my feet burn at night"


@dataclass(frozen=True)
class Invocation:
    path: str  # "alerts ack"
    args: tuple[str, ...]  # may hold {tmp}: a folder the test owns, outside the journal's
    writes: bool  # whether the command changes the journal
    stdin: str | None = None
    names: tuple[str, ...] = ()  # files the user names (relative to {tmp}) it may create

    def argv(self, tmp: Path) -> list[str]:
        return [arg.replace("{tmp}", str(tmp)) for arg in self.args]


INVOCATIONS = (
    Invocation("log", ("log", "numbness=2", "--note", NOTE), writes=True),
    Invocation("checkin", ("checkin",), writes=True, stdin="2\n" * 30),
    Invocation("history", ("history",), writes=False),
    Invocation("undo", ("undo",), writes=True),
    Invocation("changes", ("changes", "-n", "50"), writes=False),
    Invocation("symptoms", ("symptoms",), writes=False),
    Invocation("symptoms add", ("symptoms", "add", "cramps", "--label", "Muscle cramps"),
               writes=True),
    Invocation("summary", ("summary",), writes=False),
    Invocation("alerts", ("alerts", "--all"), writes=False),
    Invocation("alerts ack", ("alerts", "ack", "--all-open", "--note", NOTE), writes=True),
    Invocation("treatment add", ("treatment", "add", "oxaliplatin", "--date", "2 days ago",
                                 "--cycle", "3"), writes=True),
    Invocation("treatment list", ("treatment", "list"), writes=False),
    Invocation("treatment next", ("treatment", "next", "tomorrow"), writes=True),
    Invocation("meds add", ("meds", "add", "duloxetine", "--note", NOTE), writes=True),
    Invocation("meds stop", ("meds", "stop", "vitamin-b6"), writes=True),
    Invocation("meds list", ("meds", "list"), writes=False),
    Invocation("meds effect", ("meds", "effect", "vitamin-b6"), writes=False),
    Invocation("visit add", ("visit", "add", "yesterday", "--with", "oncology nurse"),
               writes=True),
    Invocation("visit list", ("visit", "list"), writes=False),
    Invocation("ask", ("ask", NOTE), writes=True),
    Invocation("questions", ("questions", "--all"), writes=False),
    Invocation("questions done", ("questions", "done", "1"), writes=True),
    Invocation("export", ("export", "--format", "md", "-o", "{tmp}/export.md"), writes=False,
               names=("export.md",)),
    Invocation("import", ("import", "{tmp}/import.json", "--keep"), writes=True),
    Invocation("backup", ("backup", "{tmp}/backup.db"), writes=False, names=("backup.db",)),
    Invocation("demo", ("demo", "--weeks", "2", "--force"), writes=True),
    Invocation("remind", ("remind",), writes=False),
    Invocation("weekly", ("weekly", "numbness.severity=2", "extent.feet=ankle"), writes=True),
    Invocation("profile", ("profile", "--json"), writes=False),
    Invocation("profile set", ("profile", "set", "--name", "Ana Ruiz", "--regimen", NOTE),
               writes=True),
)
# Commands that never open the journal: they edit the user's crontab (through the `crontab`
# command, which these tests must not run for real). tests/test_remind.py covers them with a
# fake crontab.
NOT_JOURNAL = {"remind install", "remind uninstall", "remind status"}
BY_PATH = {invocation.path: invocation for invocation in INVOCATIONS}

# What the journal holds before each command runs (only the commands that exist are used):
# an open alert, a supplement to stop, a question to mark done.
SEED = (
    ("log", "numbness=2", "tingling=1", "--date", "yesterday"),
    ("log", "numbness=6", "--note", NOTE),
    ("meds", "add", "vitamin-b6", "--kind", "supplement"),
    ("ask", "Should the dose change?"),
)


def walk_commands() -> list[tuple[str, object]]:
    """(path, click command) of every command and group, as the help lists them: every
    command module is loaded first, as `cipn --help` does (cli.load_commands), then the click
    group is built from the app (`typer.main.get_command`, Typer's "Using Click" guide)."""
    load_commands(["--help"])
    found = []

    def walk(group, prefix):
        context = group.make_context(prefix or "cipn", [], resilient_parsing=True)
        for name in group.list_commands(context):
            command = group.get_command(context, name)
            path = f"{prefix} {name}".strip()
            found.append((path, command))
            if hasattr(command, "commands"):
                walk(command, path)

    walk(get_command(app), "")
    assert set(COMMAND_MODULES) <= {path for path, _ in found}, found  # nothing left unloaded
    return found


def app_commands() -> list[str]:
    """Every command a user can run on a journal: leaf commands and groups that run on their
    own (not those in NOT_JOURNAL)."""
    return [path for path, command in walk_commands()
            if (not hasattr(command, "commands") or command.invoke_without_command)
            and path not in NOT_JOURNAL]


def present() -> list[Invocation]:
    """The invocations of the commands the app has now."""
    commands = set(app_commands())
    return [invocation for invocation in INVOCATIONS if invocation.path in commands]


def seed_commands() -> list[tuple[str, ...]]:
    commands = set(app_commands())
    return [args for args in SEED
            if args[0] in commands or f"{args[0]} {args[1]}" in commands]
