"""`cipn profile`: set, show, validate, undo; carried by the JSON export and import."""

import json

import pytest
from helpers_journal import ok


def test_set_show_json_and_undo(cli, query):
    result = cli("profile", "set", "--name", "Ana Ruíz", "--born", "1961-04-02",
                 "--regimen", "FOLFOX")
    assert result.exit_code == 0 and result.stdout == ""
    assert "Profile saved: Name: Ana Ruíz; Born: 1961-04-02; Regimen: FOLFOX." in result.stderr
    shown = ok(cli("profile"))
    assert shown.stdout == "Name: Ana Ruíz\nBorn: 1961-04-02\nRegimen: FOLFOX\n"
    data = json.loads(ok(cli("profile", "--json")).stdout)
    assert {k: v for k, v in data.items() if k != "id"} == {
        "name": "Ana Ruíz", "born": "1961-04-02", "clinic": None, "diagnosis": None,
        "regimen": "FOLFOX"}
    person = data["id"]
    assert len(person) == 36
    ok(cli("profile", "set", "--name", "", "--clinic", "Oncology, St Mary"))
    rows = query("SELECT person_id, name, clinic, regimen FROM profile")
    assert rows == [(person, None, "Oncology, St Mary", "FOLFOX")]
    ok(cli("undo"))  # the update is reverted from its before-image
    assert query("SELECT person_id, name, clinic FROM profile") == [(person, "Ana Ruíz", None)]
    ok(cli("undo"))  # the first set is removed whole
    assert query("SELECT COUNT(*) FROM profile") == [(0,)]
    assert json.loads(ok(cli("profile", "--json")).stdout) is None


def test_same_values_change_nothing(cli, query):
    ok(cli("profile", "set", "--name", "Ana"))
    result = cli("profile", "set", "--name", " Ana ")
    assert result.exit_code == 0 and "nothing changed" in result.stderr
    assert query("SELECT COUNT(*) FROM changes WHERE command = 'profile set'") == [(1,)]


@pytest.mark.parametrize("args, message", [
    (("--born", "2026-11-26"), "--born 2026-11-26 is in the future"),
    (("--born", "1899-12-31"), "is before 1900"),
    (("--born", "April 1961"), "is not a date: give it like 1961-04-02 or '2 April 1961'"),
    (("--born", "1961-02-30"), "no such day (February 1961 has 28 days)"),
    (("--name", "Ana\nRuiz"), "holds a line break"),
    (("--name", "x" * 201), "at most 200 are accepted"),
    ((), "Give at least one of"),
])
def test_bad_input_writes_nothing(cli, db_path, args, message):
    result = cli("profile", "set", *args)
    assert result.exit_code == 2 and message in result.stderr and result.stdout == ""
    assert "Traceback" not in result.stderr
    assert not db_path.exists()


def test_json_export_and_import_carry_the_profile(cli, tmp_path, monkeypatch):
    ok(cli("log", "numbness=2", "--date", "2026-11-20"))
    ok(cli("profile", "set", "--name", "Ana Ruiz", "--born", "1961-04-02"))
    target = tmp_path / "out.json"
    ok(cli("export", "-o", str(target)))
    data = json.loads(target.read_text())
    assert [{k: v for k, v in r.items() if k not in ("id", "recorded_at")}
            for r in data["profile"]] == [{"name": "Ana Ruiz", "born": "1961-04-02",
                                           "clinic": None, "diagnosis": None, "regimen": None}]
    # Another journal with a different profile: a conflict, then --keep or --replace.
    monkeypatch.setenv("CIPN_JOURNAL_DB", str(tmp_path / "other.db"))
    ok(cli("profile", "set", "--name", "Someone Else"))
    result = cli("import", str(target))
    assert result.exit_code == 1
    assert "profile (who the journal is about)" in result.stderr
    ok(cli("import", str(target), "--keep"))
    assert json.loads(ok(cli("profile", "--json")).stdout)["name"] == "Someone Else"
    ok(cli("import", str(target), "--replace"))
    after = json.loads(ok(cli("profile", "--json")).stdout)
    assert after["name"] == "Ana Ruiz" and after["id"] == data["profile"][0]["id"]
    # Into a journal without a profile it is simply added.
    monkeypatch.setenv("CIPN_JOURNAL_DB", str(tmp_path / "third.db"))
    ok(cli("import", str(target)))
    assert json.loads(ok(cli("profile", "--json")).stdout)["born"] == "1961-04-02"
