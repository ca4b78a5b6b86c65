"""A journal's identity (issue 24 item 4): a random id made when the journal is created, kept by
`profile set`, imports, backups and copies, carried by the JSON export, the seed of every FHIR
id and calendar UID. Each repro of the issue is a test here."""

import json
import re
import shutil
import sqlite3
from pathlib import Path

import pytest
from helpers_released import released_journal

UUID4 = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")


def ok(result):
    assert result.exit_code == 0, (result.exit_code, result.stderr)
    return result


def journal_id(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        [(found,)] = conn.execute("SELECT journal_id FROM journal").fetchall()
        return found
    finally:
        conn.close()


def fhir_ids(cli, db: Path, out: Path) -> dict[str, str]:
    """{resource type + id: type} of the whole journal's FHIR export, and the Bundle's id."""
    ok(cli("--db", str(db), "export", "--since", "all", "-o", str(out.with_suffix(".fhir.json")),
           "--force"))
    bundle = json.loads(out.with_suffix(".fhir.json").read_text())
    ids = {f"{e['resource']['resourceType']}/{e['resource']['id']}": e["resource"]["resourceType"]
           for e in bundle["entry"]}
    ids[f"Bundle/{bundle['id']}"] = "Bundle"
    return ids


def uids(cli, db: Path, out: Path) -> set[str]:
    ok(cli("--db", str(db), "export", "-o", str(out), "--force"))
    from icalendar import Calendar

    return {str(event["uid"]) for event in Calendar.from_ical(out.read_bytes()).walk("VEVENT")}


def write(cli, db: Path) -> None:
    ok(cli("--db", str(db), "log", "numbness=8", "--falls", "1"))
    ok(cli("--db", str(db), "visit", "add", "2026-12-02"))


def test_two_journals_written_in_the_same_second_share_no_id(cli, tmp_path, monkeypatch):
    """`cipn --db mum.db log numbness=2 & cipn --db dad.db log numbness=2`, then export both:
    they shared the Patient, Observation and Flag ids, and ICS UIDs carried no journal."""
    monkeypatch.setenv("CIPN_JOURNAL_NOW", "2026-11-25T09:00:00+00:00")
    mum, dad = tmp_path / "mum.db", tmp_path / "dad.db"
    write(cli, mum)
    write(cli, dad)
    assert UUID4.fullmatch(journal_id(mum)) and UUID4.fullmatch(journal_id(dad))
    assert journal_id(mum) != journal_id(dad)
    ours, theirs = fhir_ids(cli, mum, tmp_path / "m.json"), fhir_ids(cli, dad, tmp_path / "d.json")
    assert {"Patient", "Observation", "Flag", "Appointment"} <= set(ours.values())
    assert not set(ours) & set(theirs)
    mine = uids(cli, mum, tmp_path / "m.ics")
    assert mine and not mine & uids(cli, dad, tmp_path / "d.ics")
    assert all(journal_id(mum) in uid for uid in mine)


def test_profile_set_changes_no_id(cli, tmp_path):
    """`cipn profile set --name X` changed every id (0 of 6 shared with the previous export)."""
    db = tmp_path / "j.db"
    write(cli, db)
    before = fhir_ids(cli, db, tmp_path / "a.json")
    ok(cli("--db", str(db), "profile", "set", "--name", "Ana Ruiz", "--born", "1961-04-02"))
    assert fhir_ids(cli, db, tmp_path / "b.json") == before
    ok(cli("--db", str(db), "profile", "set", "--name", "Ana María Ruiz"))
    assert fhir_ids(cli, db, tmp_path / "c.json") == before


@pytest.mark.parametrize("mode", ["--replace", "--keep"])
def test_importing_another_journals_profile_keeps_this_journals_ids(cli, tmp_path, mode):
    """`import --replace` of a profile swapped the person's id, so every FHIR id."""
    mine, other = tmp_path / "mine.db", tmp_path / "other.db"
    write(cli, mine)
    ok(cli("--db", str(mine), "profile", "set", "--name", "Ana"))
    ok(cli("--db", str(other), "profile", "set", "--name", "Bea"))
    ok(cli("--db", str(other), "export", "--format", "json", "--since", "all", "-o",
           str(tmp_path / "other.json")))
    before, identity = fhir_ids(cli, mine, tmp_path / "a.json"), journal_id(mine)
    ok(cli("--db", str(mine), "import", mode, str(tmp_path / "other.json")))
    assert journal_id(mine) == identity
    assert fhir_ids(cli, mine, tmp_path / "b.json") == before


def test_a_copy_and_a_backup_are_the_same_journal(cli, tmp_path):
    db = tmp_path / "j.db"
    write(cli, db)
    ids = fhir_ids(cli, db, tmp_path / "a.json")
    copy = tmp_path / "copy.db"
    shutil.copyfile(db, copy)
    assert fhir_ids(cli, copy, tmp_path / "b.json") == ids
    ok(cli("--db", str(db), "backup", str(tmp_path / "backup.db")))
    assert journal_id(tmp_path / "backup.db") == journal_id(db)
    assert fhir_ids(cli, tmp_path / "backup.db", tmp_path / "c.json") == ids


def test_undo_and_demo_force_keep_the_identity(cli, tmp_path):
    db = tmp_path / "j.db"
    write(cli, db)
    identity = journal_id(db)
    ok(cli("--db", str(db), "undo"))
    ok(cli("--db", str(db), "demo", "--weeks", "1", "--force"))
    assert journal_id(db) == identity


def test_the_json_export_carries_the_identity_and_a_rebuild_keeps_it(cli, tmp_path):
    """The README said a journal rebuilt from JSON gets new ids (557 of 557 were kept). Now: a
    journal `cipn import` creates from a JSON export is the same journal, with every id; an
    import into a journal that exists keeps that journal's identity."""
    db = tmp_path / "j.db"
    write(cli, db)
    ok(cli("--db", str(db), "export", "--format", "json", "--since", "all", "-o",
           str(tmp_path / "all.json")))
    assert json.loads((tmp_path / "all.json").read_text())["journal_id"] == journal_id(db)
    rebuilt = tmp_path / "rebuilt.db"
    ok(cli("--db", str(rebuilt), "import", str(tmp_path / "all.json")))
    assert journal_id(rebuilt) == journal_id(db)
    assert fhir_ids(cli, rebuilt, tmp_path / "r.json") == fhir_ids(cli, db, tmp_path / "a.json")

    existing = tmp_path / "existing.db"
    ok(cli("--db", str(existing), "log", "pain=1", "--date", "2026-10-01"))
    identity = journal_id(existing)
    ok(cli("--db", str(existing), "import", str(tmp_path / "all.json")))
    assert journal_id(existing) == identity


def test_a_bad_journal_id_in_a_file_is_refused(cli, tmp_path):
    data = {"format": "cipn-journal export", "format_version": 1, "journal_id": "mum"}
    (tmp_path / "bad.json").write_text(json.dumps(data))
    result = cli("--db", str(tmp_path / "j.db"), "import", str(tmp_path / "bad.json"))
    assert result.exit_code == 2
    assert '"journal_id": \'mum\' is not a UUID' in result.stderr
    assert not (tmp_path / "j.db").exists()


def test_migrated_journals_get_an_identity(cli, tmp_path):
    """A journal from before keeps the FHIR ids it had when it had a profile (its random
    person_id seeded them and becomes the journal's id); without one it gets a random id, a
    different one for each copy of the same old file."""
    with_profile = released_journal(tmp_path / "v4.db", 4)
    conn = sqlite3.connect(with_profile)
    [(person,)] = conn.execute("SELECT person_id FROM profile").fetchall()
    conn.close()
    ok(cli("--db", str(with_profile), "history"))
    assert journal_id(with_profile) == person

    first = released_journal(tmp_path / "a.db", 1)
    second = released_journal(tmp_path / "b.db", 1)
    ok(cli("--db", str(first), "history"))
    ok(cli("--db", str(second), "log", "pain=1"))
    assert UUID4.fullmatch(journal_id(first)) and UUID4.fullmatch(journal_id(second))
    assert journal_id(first) != journal_id(second)
