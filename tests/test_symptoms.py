"""`cipn symptoms` and `cipn symptoms add`."""

import json

import pytest

from cipn_journal.domain.symptoms import BUILTIN_KEYS


def test_list_builtins_in_clinical_order(cli, db_path):
    result = cli("symptoms", "--json")
    assert result.exit_code == 0
    listed = json.loads(result.stdout)
    assert [s["key"] for s in listed] == list(BUILTIN_KEYS)
    assert listed[0] == {"key": "numbness", "label": "Numbness, loss of feeling",
                         "aliases": ["numb"], "builtin": True}
    assert not db_path.exists()


def test_add_and_list_custom(cli, query):
    result = cli("symptoms", "add", "ringing-ears", "--label", "Ringing in the ears")
    assert result.exit_code == 0
    assert "cipn log ringing-ears=3" in result.stderr
    listed = json.loads(cli("symptoms", "--json").stdout)
    assert listed[-1] == {"key": "ringing-ears", "label": "Ringing in the ears", "aliases": [],
                          "builtin": False}
    plain = cli("symptoms").stdout
    assert "ringing-ears  Ringing in the ears [custom]" in plain


@pytest.mark.parametrize("key,words", [
    ("numbness", "is already taken:"), ("numb", "already taken (it means numbness)"),
    ("pins", "already taken (it means tingling)"), ("Cramps", "not valid"),
    ("cr amps", "not valid"),
    ("x_y", "not valid"), ("x" * 41, "not valid"),
])
def test_bad_keys(cli, db_path, key, words):
    result = cli("symptoms", "add", key, "--label", "x")
    assert result.exit_code == 2
    assert words in result.stderr
    assert not db_path.exists()


def test_clash_with_existing_custom_writes_nothing(cli, db_path):
    cli("symptoms", "add", "cramps", "--label", "Cramps")
    before = db_path.read_bytes()
    result = cli("symptoms", "add", "cramps", "--label", "Other")
    assert result.exit_code == 2
    assert "'cramps' is already taken" in result.stderr
    assert db_path.read_bytes() == before


def test_label_with_markup_is_shown_literally(cli):
    cli("symptoms", "add", "odd", "--label", "[red]Odd[/red] \x1b]0;title\x07")
    out = cli("symptoms").stdout
    assert "[red]Odd[/red]" in out
    assert "\x1b" not in out and "\x07" not in out
