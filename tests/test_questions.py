"""Questions for the care team through the CLI: `ask`, `questions [--all] [--json]`,
`questions done ID` (kept, not deleted), bad input and undo."""

import json
import re

import pytest

from cipn_journal.store import questions
from cipn_journal.store.connection import Store

QUESTION_KEYS = ["id", "text", "asked", "done_at", "done_on"]


def ask(cli, *words):
    result = cli("ask", *words)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    return result


def listed(cli, *extra):
    result = cli("questions", "--json", *extra)
    assert result.exit_code == 0
    return json.loads(result.stdout)


def test_ask_saves_a_question_quoted_or_not(cli, query):
    first = ask(cli, "Is the numbness a reason to change the dose?")
    assert first.stderr == ("Saved question 1 for your next visit. "
                            "List them with: cipn questions\n")
    ask(cli, "can", "I", "wear", "gloves?")
    assert query("SELECT id, text, asked, done_at FROM questions") == [
        (1, "Is the numbness a reason to change the dose?", "2026-11-25", None),
        (2, "can I wear gloves?", "2026-11-25", None)]


def test_questions_lists_the_open_ones(cli):
    ask(cli, "First?")
    ask(cli, "Second?")
    found = listed(cli)
    assert [list(q) for q in found] == [QUESTION_KEYS, QUESTION_KEYS]
    assert found == [
        {"id": 1, "text": "First?", "asked": "2026-11-25", "done_at": None, "done_on": None},
        {"id": 2, "text": "Second?", "asked": "2026-11-25", "done_at": None, "done_on": None},
    ]
    assert cli("questions").stdout.splitlines() == [
        "id  question  asked       status",
        "1   First?    2026-11-25  open",
        "2   Second?   2026-11-25  open",
    ]


def test_done_keeps_the_question_and_all_shows_it(cli, query, db_path):
    ask(cli, "First?")
    ask(cli, "Second?")
    result = cli("questions", "done", "1")
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == "Marked question 1 answered: First?\n"
    assert [q["id"] for q in listed(cli)] == [2]
    everything = listed(cli, "--all")
    assert [q["id"] for q in everything] == [1, 2]
    assert everything[0]["done_at"] is not None
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00", everything[0]["done_at"])
    plain = cli("questions", "--all").stdout.splitlines()
    assert re.fullmatch(r"1   First\?    2026-11-25  answered \d{4}-\d\d-\d\d", plain[1])
    assert query("SELECT COUNT(*) FROM questions") == [(2,)]
    with Store.open(db_path, create=False) as store:
        assert [q["id"] for q in questions.open_questions(store)] == [2]
    assert questions.open_questions(None) == []


def test_done_twice_changes_nothing(cli, query):
    ask(cli, "First?")
    cli("questions", "done", "1")
    before = query("SELECT * FROM questions")
    changes = query("SELECT COUNT(*) FROM changes")
    again = cli("questions", "done", "#1")
    assert again.exit_code == 0
    assert re.fullmatch(r"Question 1 was already answered \(\d{4}-\d\d-\d\d\): nothing "
                        r"changed\.\n", again.stderr)
    assert query("SELECT * FROM questions") == before
    assert query("SELECT COUNT(*) FROM changes") == changes


def test_nothing_open(cli, db_path):
    for args in (("questions",), ("questions", "--json"), ("questions", "done", "7")):
        result = cli(*args)
        assert (result.exit_code, result.stdout) == (1, "")
        assert result.stderr.startswith(f"Error: No journal at {db_path}: nothing was read")
    assert not db_path.exists()
    ask(cli, "First?")
    result = cli("questions", "done", "7")
    assert result.exit_code == 2
    assert result.stderr == ("Error: There is no question 7: `cipn questions --all` lists them "
                             "with their IDs.\n")
    cli("questions", "done", "1")
    assert cli("questions").stderr.startswith("No open questions.")


# -- bad input ----------------------------------------------------------------------------------
@pytest.mark.parametrize("args,message", [
    (["done", "x"], "Error: Question ID 'x' is not a number: `cipn questions` lists the IDs."),
    (["done", "-1"], "Error: "),
])
def test_bad_id_creates_nothing(cli, db_path, args, message):
    result = cli("questions", *args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith(message)
    assert len(result.stderr.splitlines()) == 1
    assert not db_path.exists()


def test_unknown_id_on_an_existing_journal(cli, query):
    ask(cli, "First?")
    result = cli("questions", "done", "2")
    assert result.exit_code == 2
    assert result.stderr == ("Error: There is no question 2: `cipn questions --all` lists "
                             "them with their IDs.\n")
    assert query("SELECT done_at FROM questions") == [(None,)]


@pytest.mark.parametrize("args", [[], ["  "]])
def test_empty_question_is_bad_input(cli, db_path, args):
    result = cli("ask", *args)
    assert result.exit_code == 2
    assert not db_path.exists()


# -- undo ---------------------------------------------------------------------------------------
def test_undo_of_ask_and_of_done(cli, query):
    ask(cli, "First?")
    cli("questions", "done", "1")
    undone = cli("undo")
    assert undone.stderr.startswith("Undid the questions done of ")
    assert "question 1 answered" in undone.stderr
    assert query("SELECT text, done_at FROM questions") == [("First?", None)]
    undone = cli("undo")
    assert undone.stderr.startswith("Undid the ask of ")
    assert undone.stderr.endswith(': question 1 "First?".\n')
    assert query("SELECT COUNT(*) FROM questions") == [(0,)]


def test_undo_message_shortens_a_long_question(cli):
    ask(cli, "Why " * 40)
    undone = cli("undo")
    assert undone.stderr.endswith(': question 1 "' + ("Why " * 15)[:59].rstrip() + '…".\n')


def test_rich_table_shows_typed_text_as_text(cli, monkeypatch):
    monkeypatch.setattr("cipn_journal.commands.options.use_rich", lambda *a: True)
    ask(cli, "[red]Why?[/red]")
    result = cli("questions", env={"COLUMNS": "200"})
    assert "[red]Why?[/red]" in result.stdout
