"""Every command has help with an example, and README documents every command."""

import re
from pathlib import Path

import pytest
from helpers_commands import walk_commands

README = (Path(__file__).parent.parent / "README.md").read_text()

COMMANDS = walk_commands()


@pytest.mark.parametrize("path,command", COMMANDS, ids=[p for p, _ in COMMANDS])
def test_command_has_help_with_example(path, command):
    text = (command.help or "") + (command.callback.__doc__ or "" if command.callback else "")
    assert text.strip(), f"{path} has no help"
    assert "Example: cipn" in text, f"{path} help has no example"


@pytest.mark.parametrize("path,command", COMMANDS, ids=[p for p, _ in COMMANDS])
def test_command_is_in_readme(path, command):
    assert re.search(rf"cipn( --db \S+)? {re.escape(path)}\b", README), (
        f"README does not show `cipn {path}`")


def test_quick_start_is_two_commands():
    block = README.split("## Quick start", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    lines = [line for line in block.strip().splitlines() if line.strip()]
    assert len(lines) == 2
    assert "cipn" in lines[0] and "pytest" in lines[1]
    # Issue 25 item 19: where pip refuses the system Python, one line says what to do first,
    # and the first command is said to write the default journal (--db to try elsewhere).
    after = README.split("## Quick start", 1)[1].split("```", 2)[2].split("\n## ", 1)[0]
    assert "python3 -m venv" in after and "Debian and Ubuntu" in after
    assert "writes your default\njournal" in after and "--db" in after
    ci = (Path(__file__).parent.parent / ".ci" / "run").read_text()
    assert lines[1].replace("python -m pip", "pip") in ci


def test_help_runs_for_every_command(cli):
    for path, _ in COMMANDS:
        result = cli(*path.split(), "--help")
        assert result.exit_code == 0, path
        assert "Example: cipn" in result.stdout
