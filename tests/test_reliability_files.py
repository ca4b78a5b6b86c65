"""Issue 24, reliability round three, the journal file and the files cipn writes: backups and
reads while another cipn writes (items 1, 2, 19), a -wal that does not belong to its journal
(3), empty files and sidecar modes (8), non-UTF-8 paths (7), `usb2/.` (9), a planted symlink
(18) and a killed `remind install` (10). Each test reproduces the failure the issue describes.
"""

import os
import shutil
import signal
import sqlite3
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from helpers_journal import ok

from cipn_journal.errors import JournalBusy
from cipn_journal.store import migrations, opening
from cipn_journal.store.connection import Store

TODAY = "2026-11-25"


def cipn(*args, env=None, timeout=120, cwd=None) -> subprocess.CompletedProcess:
    """A real `python -m cipn_journal` process, bytes out."""
    return subprocess.run([sys.executable, "-m", "cipn_journal", *args],
                          env={**os.environ, **(env or {})}, capture_output=True,
                          timeout=timeout, cwd=cwd)


def rows(db: Path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


def siblings(db: Path) -> list[str]:
    return sorted(p.name for p in db.parent.iterdir())


# -- first opens at the same time -------------------------------------------------------------
def test_a_journal_another_cipn_creates_during_the_check_is_not_another_programs(tmp_path):
    """CI on 2026-12-03 (test_promise_02_concurrent_writers_4x100[1]): four cipn started on a new
    journal at once. One read `user_version` 0; another cipn's first migration committed; it then
    read the tables, found ours, and called the journal "an SQLite database of another program"
    (exit 1). The check reads the version and the tables as one state of the file. Here the other
    cipn's migration commits right after the statement that read the version."""
    db = tmp_path / "journal.db"
    opening.create_file(db)
    conn = sqlite3.connect(db, isolation_level=None)
    statements: list[str] = []

    def another_cipn_migrates(statement: str) -> None:
        if statement.startswith("--"):
            return  # SQLite's own statement inside one of ours (pragma_user_version)
        statements.append(statement)
        if len(statements) >= 2 and "user_version" in statements[-2] \
                and not rows(db, "PRAGMA user_version")[0][0]:
            Store.open(db, create=True).close()

    conn.set_trace_callback(another_cipn_migrates)
    try:
        version = opening.check(conn, db, read_only=False)
    finally:
        conn.close()
    assert rows(db, "PRAGMA user_version") == [(migrations.SCHEMA_VERSION,)]  # it did commit
    assert version in (0, migrations.SCHEMA_VERSION)


def test_a_new_journal_another_program_is_writing_waits_for_it(tmp_path):
    """Eight cipn started at once on a new journal (tests/helpers_writer.py, 8 writers x 120
    rounds, before this fix): in round 21, 6 of them said "busy" at once. Turning a new file
    into a WAL journal needs its write lock, and SQLite does not wait for a lock it would take
    over a read it already holds: here another program holds the write lock of the new
    (rollback-mode) file for 0.3 s, and the first write waits for it like any write
    (CIPN_JOURNAL_BUSY_MS)."""
    db = tmp_path / "journal.db"
    opening.create_file(db)
    other = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    letting_go = threading.Timer(0.3, lambda: other.execute("COMMIT"))
    letting_go.start()
    started = time.monotonic()
    try:
        Store.open(db, create=True).close()
    finally:
        letting_go.join()
        other.close()
    assert time.monotonic() - started >= 0.25  # it waited
    assert rows(db, "PRAGMA journal_mode") == [("wal",)]
    assert rows(db, "PRAGMA user_version") == [(migrations.SCHEMA_VERSION,)]


def test_a_new_journal_busy_for_longer_than_the_wait_says_busy(tmp_path, monkeypatch):
    db = tmp_path / "journal.db"
    opening.create_file(db)
    monkeypatch.setenv("CIPN_JOURNAL_BUSY_MS", "200")
    other = sqlite3.connect(db, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    started = time.monotonic()
    try:
        with pytest.raises(JournalBusy, match="busy: another program is writing"):
            Store.open(db, create=True)
    finally:
        other.execute("COMMIT")
        other.close()
    assert 0.15 <= time.monotonic() - started < 5
    assert rows(db, "PRAGMA user_version") == [(0,)]  # nothing written


# -- 1, 2. reading while another cipn writes -------------------------------------------------
def test_item_01_a_read_sees_what_a_writer_committed_after_it_opened(cli, db_path):
    """A reading store opened on a journal with no -wal must still follow the file: it used to
    be opened `immutable`, so a writer's changes (and its checkpoint rewriting pages) went
    unseen, which tore backups and made reads fail as "damaged"."""
    ok(cli("log", "numbness=2", "--note", "first"))
    assert siblings(db_path) == ["journal.db"]
    with Store.open(db_path, create=False) as reader:
        assert reader.scalar("SELECT COUNT(*) FROM notes") == 1
        writer = sqlite3.connect(db_path)
        writer.execute("PRAGMA wal_autocheckpoint = 0")
        writer.execute("INSERT INTO notes (date, text, written_at, change_id) "
                       "VALUES ('2026-11-24', 'second', '2026-11-24T10:00:00+00:00', 1)")
        writer.commit()
        try:
            assert reader.scalar("SELECT COUNT(*) FROM notes") == 2
            target = db_path.parent / "copy.db"
            reader.backup(target)
            assert rows(target, "SELECT COUNT(*) FROM notes") == [(2,)]
        finally:
            writer.close()


WRITER = """
import os, sys
from cipn_journal.cli import app
db, stop, size = sys.argv[1], sys.argv[2], int(sys.argv[3])
count = 0
while not os.path.exists(stop):
    try:
        app(args=['--db', db, 'log', f'pain={count % 11}', '--date', f'{count % 300} days ago',
                  '--note', f'note {count} ' + 'n' * size], prog_name='cipn')
    except SystemExit as exit:
        if exit.code:
            print('writer', count, exit.code, file=sys.stderr)
            sys.exit(1)
    count += 1
print(count)
"""
READS = 20  # reading commands run while the writer writes (about a minute on two busy cores)


@pytest.mark.slow
def test_items_01_02_backups_exports_and_reads_during_writes_are_whole(tmp_path):
    """A ten-year demo journal, a writer logging 3,000-character notes one command after the
    other, and meanwhile backups, JSON exports, history and summary: every one succeeds, none
    says "damaged", and every backup passes integrity_check."""
    db = tmp_path / "journal.db"
    env = {"CIPN_JOURNAL_TODAY": TODAY, "HOME": str(tmp_path), "CIPN_JOURNAL_DB": str(db)}
    made = cipn("demo", "--weeks", "520", env=env, timeout=600)
    assert made.returncode == 0, made.stderr
    out = tmp_path / "out"
    out.mkdir()
    stop = tmp_path / "stop"
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(db), str(stop), "3000"],
                              env={**os.environ, **env}, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE)
    readers = [["backup", str(out)],
               ["export", "--format", "json", "--since", "all", "-o", str(out / "e.json"),
                "--force"],
               ["history", "--since", "all"], ["backup", str(out)], ["summary"]]
    failures = []
    try:
        for done in range(READS):
            if writer.poll() is not None:
                break
            argv = readers[done % len(readers)]
            result = cipn(*argv, env=env)
            if result.returncode != 0:
                failures.append((argv[0], result.returncode, result.stderr[-400:]))
    finally:
        stop.touch()
        try:
            logged, writer_errors = writer.communicate(timeout=120)
        except subprocess.TimeoutExpired:
            writer.kill()
            logged, writer_errors = writer.communicate()
    assert writer.returncode == 0, writer_errors
    assert failures == []
    assert done == READS - 1 and int(logged) >= 10, (done, logged)
    backups = sorted(out.glob("journal.backup-*.db"))
    assert len(backups) == 2 * READS // len(readers)
    for backup in backups:
        assert rows(backup, "PRAGMA integrity_check") == [("ok",)], backup
    assert rows(db, "PRAGMA integrity_check") == [("ok",)]
    assert rows(db, "SELECT COUNT(*) FROM notes WHERE text LIKE 'note %'") == [(int(logged),)]


# -- 19. "damaged" never advises a restore while another program has the journal open ---------
def _damage(db: Path, where: str) -> None:
    """Overwrite the file's header (the open fails) or the notes table's page (a read fails)."""
    conn = sqlite3.connect(db)
    try:
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'notes'").fetchone()[0]
    finally:
        conn.close()
    with open(db, "r+b") as file:
        if where == "header":
            file.write(b"\xff" * 100)
        else:
            file.seek((root - 1) * page_size)
            file.write(b"\xff" * page_size)


HOLDER = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1])
conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchall()
print("open", flush=True)
sys.stdin.read()
"""


@pytest.mark.parametrize("where", ["header", "notes page"])
@pytest.mark.parametrize("command", [["history", "--since", "all"], ["backup"]])
def test_item_19_damaged_while_another_program_has_it_open_says_wait_not_restore(
        cli, db_path, command, where):
    ok(cli("log", "numbness=2", "--note", "a note to damage"))
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(db_path)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    try:
        assert holder.stdout.readline() == b"open\n"
        _damage(db_path, where)
        started = time.monotonic()
        shared = cli(*command)
        waited = time.monotonic() - started
    finally:
        holder.communicate(b"")
    assert shared.exit_code == 1, shared.stderr
    assert "restore" not in shared.stderr.lower(), shared.stderr
    assert "another program" in shared.stderr and "try again" in shared.stderr.lower()
    if where == "header":
        assert waited >= 0.5  # the open was tried again before giving up
    alone = cli(*command)  # nobody else has it open: the usual advice
    assert alone.exit_code == 1
    assert "damaged" in alone.stderr and "restore" in alone.stderr.lower(), alone.stderr


def test_item_19_a_wal_whose_shm_a_closing_writer_just_removed_is_read(cli, db_path):
    """A writer that closes removes the -shm a moment before the -wal: that moment is not a
    foreign -wal, and the open tries again before refusing."""
    import threading

    ok(cli("log", "numbness=2"))
    wal = Path(f"{db_path}-wal")
    wal.write_bytes(_foreign_wal(cli, db_path.parent.parent))
    threading.Timer(0.3, wal.unlink).start()
    result = cli("history")
    assert result.exit_code == 0, result.stderr
    assert "numbness" in result.stdout


# -- 3. a -wal that does not belong to its journal ---------------------------------------------
def _foreign_wal(cli, tmp_path) -> bytes:
    """The -wal of another journal, as a careless restore would put beside a journal."""
    other = tmp_path / "other.db"
    ok(cli("--db", str(other), "demo", "--weeks", "4"))
    conn = sqlite3.connect(other)
    try:
        conn.execute("PRAGMA wal_autocheckpoint = 0")
        conn.execute("UPDATE notes SET text = text || ' (from the other journal)'")
        conn.execute("INSERT INTO observations (date, symptom, severity, location, reported_by, "
                     "recorded_at, change_id) VALUES ('2020-01-01', 'pain', 9, NULL, 'self', "
                     "'2026-11-24T10:00:00+00:00', 1)")
        conn.commit()
        return Path(f"{other}-wal").read_bytes()
    finally:
        conn.close()


@pytest.mark.parametrize("command", [["history", "--since", "all"], ["log", "pain=1"],
                                     ["summary"], ["backup"], ["export", "--format", "json"]])
def test_item_03_a_wal_without_its_shm_is_refused_naming_the_file(cli, tmp_path, command):
    wal = _foreign_wal(cli, tmp_path)
    small = tmp_path / "w.db"
    ok(cli("--db", str(small), "log", "numbness=1"))
    Path(f"{small}-wal").write_bytes(wal)
    before = small.read_bytes()
    result = cli("--db", str(small), *command)
    assert result.exit_code == 1, (result.stdout, result.stderr)
    assert result.stdout == ""
    assert f"{small}-wal" in result.stderr and "Move w.db-wal into another folder" in result.stderr
    assert "not changed" in result.stderr
    assert small.read_bytes() == before and Path(f"{small}-wal").read_bytes() == wal
    assert siblings(small) == ["home", "other.db", "w.db", "w.db-wal"]
    # Moved aside, the journal is whole and as it was.
    Path(f"{small}-wal").rename(tmp_path / "aside.db-wal")
    assert rows(small, "PRAGMA integrity_check") == [("ok",)]
    history = ok(cli("--db", str(small), "history", "--since", "all")).stdout
    assert "pain" not in history and "numbness" in history


def test_item_03_the_check_runs_before_anything_opens_the_file(cli, tmp_path):
    """The check used to run after `PRAGMA user_version`, which had already made the -shm."""
    wal = _foreign_wal(cli, tmp_path)
    small = tmp_path / "w.db"
    ok(cli("--db", str(small), "log", "numbness=1"))
    Path(f"{small}-wal").write_bytes(wal)
    with pytest.raises(Exception) as raised:
        Store.open(small, create=False)
    assert f"{small}-wal" in str(raised.value)
    assert not Path(f"{small}-shm").exists()


# -- 8. empty files; sidecars 0600 -----------------------------------------------------------
@pytest.mark.parametrize("command", [["summary"], ["history"], ["symptoms"],
                                     ["export", "--format", "json"], ["alerts"]])
def test_item_08_a_reading_command_leaves_an_empty_file_empty(cli, tmp_path, command):
    empty = tmp_path / "e.db"
    empty.touch()
    result = cli("--db", str(empty), *command)
    assert "Traceback" not in result.stderr
    assert empty.stat().st_size == 0
    assert siblings(empty) == ["e.db", "home"]
    if result.exit_code != 0:
        assert result.exit_code == 1 and "No journal at" in result.stderr


@pytest.fixture
def umask_022():
    old = os.umask(0o022)
    yield
    os.umask(old)


def test_item_08_an_empty_file_becomes_a_0600_journal_with_0600_sidecars(cli, tmp_path,
                                                                         umask_022):
    empty = tmp_path / "e3.db"
    empty.touch()
    assert mode(empty) == 0o644
    ok(cli("--db", str(empty), "log", "pain=2"))
    assert mode(empty) == 0o600
    with Store.open(empty, create=False) as store:
        with store.change("test") as change:
            change.insert("notes", {"date": TODAY, "text": "x", "written_at": change.now})
        for suffix in ("-wal", "-shm"):
            assert mode(Path(f"{empty}{suffix}")) == 0o600, suffix


# -- 7. a path that is not UTF-8 -----------------------------------------------------------------
def test_item_07_backup_of_a_journal_with_a_non_utf8_name(tmp_path):
    env = {"CIPN_JOURNAL_TODAY": TODAY, "HOME": str(tmp_path)}
    name = os.fsencode(str(tmp_path)) + b"/j\xff.db"
    made = subprocess.run([sys.executable, "-m", "cipn_journal", "--db", name, "log", "pain=2"],
                          env={**os.environ, **env}, capture_output=True)
    assert made.returncode == 0, made.stderr
    result = subprocess.run([sys.executable, "-m", "cipn_journal", "--db", name, "backup"],
                            env={**os.environ, **env}, capture_output=True)
    assert result.returncode == 0, result.stderr
    assert b"Traceback" not in result.stderr and b"unexpected error" not in result.stderr
    copies = [n for n in os.listdir(os.fsencode(str(tmp_path))) if b".backup-" in n]
    assert copies == [b"j\xff.backup-2026-11-25.db"]
    copy = os.path.join(os.fsencode(str(tmp_path)), copies[0])
    assert rows(Path(os.fsdecode(copy)), "SELECT severity FROM observations") == [(2,)]


def test_item_07_remind_install_with_a_non_utf8_journal_name(tmp_path):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    state = tmp_path / "crontab.txt"
    _fake_crontab(bin_dir, state)
    env = {"CIPN_JOURNAL_TODAY": TODAY, "HOME": str(tmp_path),
           "PATH": f"{bin_dir}:/usr/bin:/bin"}
    name = os.fsencode(str(tmp_path)) + b"/j\xff.db"
    result = subprocess.run([sys.executable, "-m", "cipn_journal", "--db", name, "remind",
                             "install"], env={**os.environ, **env}, capture_output=True)
    assert result.returncode == 0, result.stderr
    assert b"unexpected error" not in result.stderr
    assert b"j\xff.db" in state.read_bytes()


# -- 9. `usb2/.` with the folder missing ------------------------------------------------------
@pytest.mark.parametrize("args", [["backup", "{}/usb2/."],
                                  ["export", "-o", "{}/usb3/."],
                                  ["export", "--format", "json", "-o", "{}/usb4/.", "--force"],
                                  ["backup", "{}/usb5/./"]])
def test_item_09_a_folder_written_with_a_dot_is_a_folder(cli, tmp_path, args):
    ok(cli("log", "numbness=2"))
    before = sorted(p.name for p in tmp_path.rglob("*"))
    result = cli(*[a.format(tmp_path) for a in args])
    assert result.exit_code == 1, result.stderr
    assert "does not exist: nothing was written" in result.stderr
    assert sorted(p.name for p in tmp_path.rglob("*")) == before


def test_item_09_an_existing_folder_with_a_dot_takes_the_dated_backup(cli, tmp_path):
    ok(cli("log", "numbness=2"))
    (tmp_path / "usb").mkdir()
    ok(cli("backup", f"{tmp_path}/usb/."))
    assert [p.name for p in (tmp_path / "usb").iterdir()] == ["journal.backup-2026-11-25.db"]


# -- 18. a symlink planted in a folder others can write ----------------------------------------
NOBODY = 65534


@pytest.fixture
def shared_folder(tmp_path):
    """A folder every user may write (like /tmp, with the sticky bit), holding a link that
    another user (nobody) planted, pointing at one of this user's files."""
    if os.geteuid() != 0:
        pytest.skip("planting another user's link needs root")
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o1777)
    precious = tmp_path / "precious.txt"
    precious.write_text("keep me\n")
    link = shared / "visit.md"
    link.symlink_to(precious)
    os.lchown(link, NOBODY, NOBODY)
    return shared, link, precious


@pytest.mark.parametrize("command", [["export", "-o", "{}", "--force"],
                                     ["backup", "{}", "--force"]])
def test_item_18_force_never_follows_another_users_link(cli, shared_folder, command):
    shared, link, precious = shared_folder
    ok(cli("log", "numbness=2"))
    result = cli(*[a.format(link) for a in command])
    assert precious.read_text() == "keep me\n"
    assert result.exit_code == 1, result.stderr
    assert "link" in result.stderr and "nothing was written" in result.stderr
    assert link.is_symlink() and os.readlink(link) == str(precious)


def test_item_18_force_replaces_another_users_link_itself_where_it_may(cli, tmp_path):
    """Without the sticky bit this user may replace the link: the link goes, its target stays."""
    if os.geteuid() != 0:
        pytest.skip("planting another user's link needs root")
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)
    precious = tmp_path / "precious.txt"
    precious.write_text("keep me\n")
    link = shared / "visit.md"
    link.symlink_to(precious)
    os.lchown(link, NOBODY, NOBODY)
    ok(cli("log", "numbness=2"))
    ok(cli("export", "-o", str(link), "--force"))
    assert precious.read_text() == "keep me\n"
    assert not link.is_symlink() and link.read_text().startswith("# CIPN symptom summary")
    assert mode(link) == 0o600


def test_item_18_this_users_own_link_is_still_followed(cli, tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o1777)
    real = tmp_path / "exports" / "visit.md"
    real.parent.mkdir()
    real.write_text("old\n")
    link = shared / "visit.md"
    link.symlink_to(real)
    ok(cli("log", "numbness=2"))
    ok(cli("export", "-o", str(link), "--force"))
    assert link.is_symlink() and real.read_text().startswith("# CIPN symptom summary")


# -- 10. a killed `remind install` never truncates the crontab -----------------------------------
def _fake_crontab(bin_dir: Path, state: Path) -> None:
    """`crontab -l` prints the stored crontab; `crontab -` installs what it read from stdin
    until end of input, slowly (like a crontab whose writer may die midway); `crontab FILE`
    installs FILE whole."""
    script = bin_dir / "crontab"
    script.write_text(f"""#!{sys.executable}
import os, shutil, sys, time
state = {str(state)!r}
if sys.argv[1] == "-l":
    if os.path.exists(state):
        sys.stdout.buffer.write(open(state, "rb").read())
        sys.exit(0)
    sys.stderr.write("no crontab for tester\\n")
    sys.exit(1)
open(state + ".started", "w").close()
if sys.argv[1] == "-":
    got = b""
    while True:
        chunk = sys.stdin.buffer.read1(4096)
        if not chunk:
            break
        got += chunk
        time.sleep(0.02)
    data = got
else:
    time.sleep(0.5)
    data = open(sys.argv[1], "rb").read()
with open(state + ".new", "wb") as new:
    new.write(data)
os.replace(state + ".new", state)
""")
    script.chmod(0o755)


def test_item_10_a_killed_remind_install_keeps_every_crontab_line(tmp_path):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    state = tmp_path / "crontab.txt"
    _fake_crontab(bin_dir, state)
    lines = b"".join(b"%d * * * * echo line %d\n" % (i % 60, i) for i in range(10_000))
    state.write_bytes(lines)
    env = {**os.environ, "CIPN_JOURNAL_TODAY": TODAY, "HOME": str(tmp_path),
           "PATH": f"{bin_dir}:/usr/bin:/bin", "CIPN_JOURNAL_DB": str(tmp_path / "j.db")}
    child = subprocess.Popen([sys.executable, "-m", "cipn_journal", "remind", "install"],
                             env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                             start_new_session=True)
    started = Path(f"{state}.started")
    deadline = time.monotonic() + 60
    while not started.exists() and time.monotonic() < deadline:
        time.sleep(0.01)
    assert started.exists()
    time.sleep(0.1)  # the new crontab is being handed over
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and _crontab_busy(bin_dir):
        time.sleep(0.1)
    kept = state.read_bytes()
    assert kept.startswith(lines)  # every line kept, with or without the new one


def _crontab_busy(bin_dir: Path) -> bool:
    script = str(bin_dir / "crontab")
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as handle:
                if script.encode() in handle.read():
                    return True
        except OSError:
            continue
    return False


def test_item_10_install_hands_crontab_a_file(cli, tmp_path, monkeypatch):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    state = tmp_path / "crontab.txt"
    _fake_crontab(bin_dir, state)
    state.write_bytes(b"0 * * * * echo kept\n")
    monkeypatch.setenv("PATH", f"{bin_dir}:/usr/bin:/bin")
    ok(cli("remind", "install", "--at", "21:15"))
    content = state.read_bytes()
    assert content.startswith(b"0 * * * * echo kept\n") and b"15 21 * * *" in content
    ok(cli("remind", "uninstall"))
    assert state.read_bytes() == b"0 * * * * echo kept\n"
    assert shutil.which("crontab") == str(bin_dir / "crontab")
