"""Shared fixtures: every test gets its own HOME, data folders and journal path (never the
user's real data), a fixed today (2026-11-25, a Wednesday), and a `cli` runner that drives the
real app against real SQLite files."""

import sqlite3
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cipn_journal.cli import app

TODAY = "2026-11-25"


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch):
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    for var, sub in (("XDG_DATA_HOME", "data-home"), ("XDG_CONFIG_HOME", "config"),
                     ("XDG_CACHE_HOME", "cache"), ("XDG_STATE_HOME", "state")):
        monkeypatch.setenv(var, str(home / sub))
    monkeypatch.setenv("CIPN_JOURNAL_DB", str(tmp_path / "journal" / "journal.db"))
    monkeypatch.setenv("CIPN_JOURNAL_TODAY", TODAY)
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("CIPN_JOURNAL_BUSY_MS", raising=False)
    return home


@pytest.fixture
def db_path(tmp_path) -> Path:
    return tmp_path / "journal" / "journal.db"


@dataclass
class Run:
    exit_code: int
    stdout: str
    stderr: str
    exception: BaseException | None


@pytest.fixture
def cli():
    """cli("log", "numbness=3", input="...") -> Run, through the real app and its boundary."""
    runner = CliRunner()

    def run(*args: str, input: str | None = None, env: dict | None = None) -> Run:
        result = runner.invoke(app, list(args), input=input, env=env)
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise result.exception
        return Run(result.exit_code, result.stdout, result.stderr, result.exception)

    return run


@pytest.fixture
def query(db_path):
    """query(sql, params) -> list of tuples, read straight from the journal file."""

    def run(sql: str, params: tuple = ()) -> list[tuple]:
        conn = sqlite3.connect(db_path)
        try:
            return conn.execute(sql, params).fetchall()
        finally:
            conn.close()

    return run
