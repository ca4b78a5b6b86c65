"""`cipn backup` through the CLI: the dated default beside the journal, a file or folder PATH,
no overwrite without --force, 0600, a consistent copy of the live journal (committed data still
in the WAL is in it, an open transaction is not), and restoring by pointing --db at it."""

import hashlib
import json
import os
import sqlite3
import stat

from helpers_journal import ok


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def history(cli, db=None) -> list[dict]:
    args = ["--db", str(db)] if db else []
    return json.loads(ok(cli(*args, "history", "--json")).stdout)


def journal(cli):
    ok(cli("log", "numbness=3", "tingling=2", "--date", "2026-11-20", "--note", "a note"))
    ok(cli("log", "numbness=4", "--date", "2026-11-24", "--falls", "1"))


def test_default_backup_is_a_dated_file_beside_the_journal(cli, db_path):
    journal(cli)
    result = ok(cli("backup"))
    target = db_path.parent / "journal.backup-2026-11-25.db"
    assert result.stdout == ""
    assert result.stderr == (f"Backed up the journal to {target}. To use it: cipn --db "
                             f"{target} summary\n")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert history(cli, target) == history(cli)
    assert sorted(p.name for p in db_path.parent.iterdir() if p.name.startswith(".")) == []


def test_a_second_backup_the_same_day_gets_a_new_name(cli, db_path):
    journal(cli)
    ok(cli("backup"))
    first = db_path.parent / "journal.backup-2026-11-25.db"
    before = digest(first)
    ok(cli("log", "pain=2"))
    result = ok(cli("backup"))
    second = db_path.parent / "journal.backup-2026-11-25-2.db"
    assert str(second) in result.stderr
    assert digest(first) == before
    assert len(history(cli, second)) == len(history(cli, first)) + 1


def test_an_existing_path_needs_force(cli, tmp_path):
    journal(cli)
    target = tmp_path / "copy.db"
    target.write_bytes(b"something else")
    before = digest(target)
    result = cli("backup", str(target))
    assert result.exit_code == 1
    assert f"{target} already exists: nothing was written" in result.stderr
    assert digest(target) == before
    ok(cli("backup", str(target), "--force"))
    assert history(cli, target) == history(cli)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_a_folder_gets_the_dated_file(cli, tmp_path):
    journal(cli)
    folder = tmp_path / "usb"
    folder.mkdir()
    ok(cli("backup", str(folder)))
    assert history(cli, folder / "journal.backup-2026-11-25.db") == history(cli)


def test_backup_mode_is_0600_whatever_the_umask(cli, tmp_path):
    journal(cli)
    old = os.umask(0)
    try:
        ok(cli("backup", str(tmp_path / "open.db")))
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "open.db").stat().st_mode) == 0o600


def test_nothing_to_back_up(cli, db_path, tmp_path):
    result = cli("backup", str(tmp_path / "x.db"))
    assert result.exit_code == 1
    assert f"There is no journal at {db_path}: nothing to back up." in result.stderr
    assert not (tmp_path / "x.db").exists() and not db_path.exists()


def test_backup_never_writes_over_the_journal(cli, db_path):
    journal(cli)
    before = history(cli)
    result = cli("backup", str(db_path), "--force")
    assert result.exit_code == 2 and "is the journal itself" in result.stderr
    assert history(cli) == before


def test_backup_missing_folder(cli, tmp_path):
    journal(cli)
    result = cli("backup", str(tmp_path / "nowhere" / "x.db"))
    assert result.exit_code == 1 and "does not exist" in result.stderr


def test_backup_is_a_consistent_copy_of_the_live_journal(cli, db_path, tmp_path):
    journal(cli)
    reader = sqlite3.connect(db_path)  # keeps the WAL from being checkpointed away
    reader.execute("SELECT COUNT(*) FROM observations").fetchone()
    ok(cli("log", "burning=5", "--date", "2026-11-25"))
    wal = db_path.with_name(db_path.name + "-wal")
    assert wal.exists() and wal.stat().st_size > 0
    writer = sqlite3.connect(db_path, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("INSERT INTO notes (date, text, written_at, change_id) "
                   "VALUES ('2026-11-25', 'not committed', '2026-11-25T00:00:00+00:00', 0)")
    try:
        ok(cli("backup", str(tmp_path / "live.db")))
    finally:
        writer.execute("ROLLBACK")
        writer.close()
        reader.close()
    copy = sqlite3.connect(tmp_path / "live.db")
    assert copy.execute("SELECT severity FROM observations WHERE symptom = 'burning'"
                        ).fetchall() == [(5,)]
    assert copy.execute("SELECT COUNT(*) FROM notes WHERE text = 'not committed'"
                        ).fetchone() == (0,)
    assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert not (tmp_path / "live.db-wal").exists()  # one self-contained file


def test_restore_by_pointing_db_at_the_backup(cli, db_path, tmp_path):
    journal(cli)
    target = tmp_path / "backup.db"
    ok(cli("backup", str(target)))
    kept = history(cli)
    ok(cli("--db", str(target), "log", "grip=2", "--date", "2026-11-25"))
    assert len(history(cli, target)) == len(kept) + 1
    assert history(cli) == kept  # the journal itself is untouched
    ok(cli("--db", str(target), "undo"))
    assert history(cli, target) == kept
    # Or copy it back while no cipn runs.
    db_path.unlink()
    target.replace(db_path)
    assert history(cli) == kept
    ok(cli("log", "grip=1"))
