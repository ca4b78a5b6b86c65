"""The journal's reliability promises (issue 7), one test per promise, named after it: nothing
acknowledged is lost to kill -9 or concurrent writers, the durability settings are what README
says, damaged/newer/read-only journals and a full disk are refused cleanly and left untouched,
files are private whatever the umask, bugs are reported without user text, and nothing is
written outside the journal's folder. The slower variants carry the `slow` marker.
"""

import hashlib
import os
import pickle
import random
import re
import select
import shutil
import signal
import sqlite3
import stat
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import pytest
from conftest import TODAY
from helpers_commands import BY_PATH, INVOCATIONS, NOTE, app_commands, present, seed_commands
from helpers_writer import entry
from typer.testing import CliRunner

import cipn_journal.commands.log
from cipn_journal.cli import app
from cipn_journal.store import migrations
from cipn_journal.store.connection import Store
from cipn_journal.store.opening import SYNCHRONOUS

ROOT = Path(__file__).resolve().parent.parent
WRITER = Path(__file__).resolve().parent / "helpers_writer.py"
SYMPTOMS = ("numbness", "tingling", "burning", "pain")


# -- helpers -------------------------------------------------------------------------------
def invoke(args, *, stdin=None):
    """Run the app in-process through its boundary; (exit code, stdout, stderr)."""
    result = CliRunner().invoke(app, list(args), input=stdin)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def cipn_process(db, *args, env=None, **popen):
    """A real `python -m cipn_journal` process."""
    return subprocess.Popen(
        [sys.executable, "-m", "cipn_journal", "--db", str(db), *args],
        env={**os.environ, **(env or {})}, cwd=ROOT, **popen)


def writer(db, symptom, first, count, out, *, errors=subprocess.PIPE):
    return subprocess.Popen([sys.executable, str(WRITER), str(db), symptom, str(first),
                             str(count)], stdout=out, stderr=errors, cwd=ROOT,
                            env=os.environ.copy())


def acks(text: str) -> dict[int, int]:
    """Entry number -> exit code, from a writer's output (a cut-off last line is ignored)."""
    found = {}
    for line in text.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[0] == "ACK" and parts[2].isdigit():
            found[int(parts[1])] = int(parts[2])
    return found


def read(db, sql, params=()):
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def created(db: Path) -> bool:
    """Whether the journal exists with its tables (a kill can come before they are)."""
    return db.exists() and read(db, "PRAGMA user_version") != [(0,)]


def siblings(db: Path) -> list[str]:
    return sorted(p.name for p in db.parent.iterdir())


def left_beside(db: Path) -> list[str]:
    """The files in the journal's folder but the empty -wal and the -shm a read leaves there
    (SQLite's read-only connection creates them, README "Your data"); a -wal with content
    stays listed."""
    wal = db.with_name(db.name + "-wal")
    return [name for name in siblings(db)
            if name != db.name + "-shm" and not (name == wal.name and wal.stat().st_size == 0)]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def named(tmp_path) -> Path:
    """A folder outside the journal's for the files a user names (exports, backups)."""
    folder = tmp_path / "named"
    folder.mkdir()
    return folder


def seed(db: Path, named: Path) -> None:
    """A journal with an open alert, a supplement, a question; an import file beside it."""
    for args in seed_commands():
        code, _, stderr = invoke(["--db", str(db), *args])
        assert code == 0, (args, stderr)
    if "import" in app_commands():
        code, _, stderr = invoke(["--db", str(db), "export", "--format", "json", "-o",
                                  str(named / "import.json")])
        assert code == 0, stderr


@pytest.fixture(scope="module")
def seeded_journal(tmp_path_factory):
    """The bytes of a seeded journal and its import file, built once for the module."""
    folder = tmp_path_factory.mktemp("seeded")
    db, files = folder / "journal.db", folder / "named"
    files.mkdir()
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CIPN_JOURNAL_TODAY", TODAY)
        patch.setenv("HOME", str(folder))
        seed(db, files)
    return db.read_bytes(), {p.name: p.read_bytes() for p in files.iterdir()}


@pytest.fixture
def seeded(seeded_journal, db_path, named) -> Path:
    data, files = seeded_journal
    db_path.parent.mkdir(mode=0o700)
    db_path.write_bytes(data)
    os.chmod(db_path, 0o600)
    for name, content in files.items():
        (named / name).write_bytes(content)
    return db_path


def run_invocation(path: str, db: Path, named: Path):
    invocation = BY_PATH[path]
    assert invocation.path in app_commands(), f"`cipn {path}` is missing from the app"
    return invoke(["--db", str(db), *invocation.argv(named)], stdin=invocation.stdin)


ALL = [invocation.path for invocation in INVOCATIONS]


def test_every_command_of_the_app_is_in_the_reliability_table():
    missing = sorted(set(app_commands()) - set(BY_PATH))
    assert not missing, (
        f"add an invocation for {missing} to tests/helpers_commands.py: every command is run "
        "against damaged, newer, read-only and watched journals")


# -- 1. kill -9 ----------------------------------------------------------------------------
ACK_TIMEOUT = 60  # seconds for a child to acknowledge; generous for a loaded 2-core machine


def read_until(stream, done, *, timeout: float = ACK_TIMEOUT, what: str) -> str:
    """Read a child's pipe until `done(complete lines so far)` holds; the text read. Fails the
    test when the child ends or stays silent for `timeout` seconds first, so a kill can never
    come before an acknowledgement without the test noticing."""
    fd = stream.fileno()
    data = b""
    deadline = time.monotonic() + timeout
    while not done(data.rpartition(b"\n")[0].decode()):
        ready, _, _ = select.select([fd], [], [], max(0.0, deadline - time.monotonic()))
        if not ready:
            pytest.fail(f"no {what} within {timeout} s; read so far: {data!r}")
        chunk = os.read(fd, 65536)
        if not chunk:
            pytest.fail(f"the child ended before its {what}; read: {data!r}")
        data += chunk
    return data.decode()


def kill_rounds(db: Path, tmp_path: Path, rounds: int, seed_value: int) -> int:
    """Start a writer, wait until it has acknowledged a random number (1-8) of entries, kill -9
    it a random few milliseconds later (inside its next command, or between two), and check
    that every acknowledged entry is stored, whole and once; `rounds` times.
    Returns how many entries were acknowledged in all."""
    chooser = random.Random(seed_value)
    today = date.fromisoformat(TODAY)
    acknowledged: dict[int, tuple] = {}
    first = 0
    for number in range(rounds):
        wanted = chooser.randint(1, 8)
        with open(tmp_path / f"round-{number}.err", "w") as errors:
            child = writer(db, "numbness", first, 1000, subprocess.PIPE, errors=errors)
            try:
                seen = read_until(child.stdout,
                                  lambda text, wanted=wanted: len(acks(text)) >= wanted,
                                  what=f"{wanted} acknowledgements (round {number})")
                time.sleep(chooser.uniform(0, 0.012))  # a command takes a few ms
            finally:
                child.send_signal(signal.SIGKILL)
                child.wait()
            output = seen + child.stdout.read().decode(errors="replace")
            child.stdout.close()
        done = acks(output)
        assert len(done) >= wanted, f"round {number}: {output!r}"
        assert all(code == 0 for code in done.values()), done
        for n in done:
            acknowledged[n] = entry("numbness", n, today)
        assert created(db)
        stored = read(db, "SELECT date, symptom, severity FROM observations")
        notes = [row[0] for row in read(db, "SELECT text FROM notes")]
        for n, (day, key, severity, note) in acknowledged.items():
            assert (day, key, severity) in stored, f"round {number}: entry {n} lost"
            assert note in notes, f"round {number}: note of entry {n} lost"
        assert len(notes) == len(set(notes)), f"round {number}: a note is stored twice"
        # Each command is one transaction: an entry's value, note and change row together.
        assert len(stored) == len(notes) == len(read(db, "SELECT id FROM changes"))
        assert read(db, "PRAGMA integrity_check") == [("ok",)]
        first = len(notes)  # entries 0..first-1 are stored, the killed one included
    return len(acknowledged)


def test_promise_01_kill_9_keeps_every_acknowledged_entry(db_path, tmp_path):
    db_path.parent.mkdir()
    assert kill_rounds(db_path, tmp_path, rounds=3, seed_value=1) >= 3


@pytest.mark.slow
def test_promise_01_kill_9_keeps_every_acknowledged_entry_20_kills(db_path, tmp_path):
    db_path.parent.mkdir()
    assert kill_rounds(db_path, tmp_path, rounds=20, seed_value=20) >= 20


def test_promise_01_kill_9_of_a_real_cipn_process(db_path):
    """The same promise for `python -m cipn_journal log`. Every other process is killed -9 a
    few milliseconds after it said "Logged" on stderr (its acknowledgement) but before it
    exited; the others at a random moment, acknowledged or not. What was acknowledged is
    stored; what was not is stored whole or not at all."""
    chooser = random.Random(11)
    acknowledged, possible = set(), set()
    for n in range(6):
        note = f"real-{n}"
        child = cipn_process(db_path, "log", f"tingling={n}", "--date", f"{n} days ago",
                             "--note", note, stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE)
        said = ""
        try:
            if n % 2 == 0:
                said = read_until(child.stderr, lambda text: "Logged for" in text,
                                  what=f"acknowledgement of {note}")
                time.sleep(chooser.uniform(0, 0.01))
            else:
                time.sleep(chooser.uniform(0.05, 0.6))
        finally:
            child.send_signal(signal.SIGKILL)
            child.wait()
            said += child.stderr.read().decode(errors="replace")
            child.stderr.close()
        assert "Traceback" not in said
        possible.add(note)
        if "Logged for" in said:
            acknowledged.add(note)
        notes = [row[0] for row in read(db_path, "SELECT text FROM notes")]
        assert acknowledged <= set(notes) <= possible, f"process {n}: {notes}"
        assert len(notes) == len(set(notes))
        assert len(read(db_path, "SELECT id FROM observations")) == len(notes)
        assert read(db_path, "PRAGMA integrity_check") == [("ok",)]
    assert len(acknowledged) >= 3


# -- 2. concurrent writers -----------------------------------------------------------------
def race(db: Path, tmp_path: Path, *, writers: int, count: int) -> None:
    """`writers` processes each log `count` distinct entries at the same time."""
    children = []
    for number in range(writers):
        out = open(tmp_path / f"writer-{number}.out", "w")
        children.append((writer(db, SYMPTOMS[number], 0, count, out), out))
    said = []
    for child, out in children:
        _, errors = child.communicate(timeout=300)
        out.close()
        assert child.returncode == 0, errors.decode()
        said.append([line for line in errors.decode(errors="replace").splitlines()
                     if not line.startswith("Logged for")])
    today = date.fromisoformat(TODAY)
    stored = set(read(db, "SELECT date, symptom, severity FROM observations"))
    notes = [row[0] for row in read(db, "SELECT text FROM notes")]
    for number in range(writers):
        done = acks((tmp_path / f"writer-{number}.out").read_text())
        assert done == dict.fromkeys(range(count), 0), \
            f"writer {number}: a command failed: {said[number][:3]}"
        for n in range(count):
            day, key, severity, note = entry(SYMPTOMS[number], n, today)
            assert (day, key, severity) in stored
    assert len(stored) == len(notes) == len(set(notes)) == writers * count
    assert read(db, "PRAGMA integrity_check") == [("ok",)]


def test_promise_02_concurrent_writers_store_every_entry(db_path, tmp_path):
    race(db_path, tmp_path, writers=4, count=15)  # the journal does not exist at the start


@pytest.mark.slow
@pytest.mark.parametrize("repeat", range(5))
def test_promise_02_concurrent_writers_4x100(tmp_path, repeat):
    race(tmp_path / f"race-{repeat}" / "journal.db", tmp_path, writers=4, count=100)


def test_promise_02_busy_journal_is_a_clear_message_and_writes_nothing(db_path):
    assert invoke(["log", "numbness=1"])[0] == 0
    before = read(db_path, "SELECT COUNT(*) FROM changes")
    holder = sqlite3.connect(db_path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        started = time.monotonic()
        child = cipn_process(db_path, "log", "numbness=5", "--note", NOTE,
                             env={"CIPN_JOURNAL_BUSY_MS": "300"},
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        stdout, stderr = child.communicate(timeout=60)
        waited = time.monotonic() - started
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert child.returncode == 1
    assert stderr.startswith("Error: The journal ") and "is busy" in stderr
    assert stderr.count("\n") == 1 and NOTE not in stderr and stdout == ""
    assert waited >= 0.3  # it waited for the lock before giving up
    assert read(db_path, "SELECT severity FROM observations") == [(1,)]
    assert read(db_path, "SELECT COUNT(*) FROM changes") == before


def test_promise_02_two_writers_adding_the_same_symptom(db_path, monkeypatch):
    import cipn_journal.store.journal

    assert invoke(["log", "numbness=1"])[0] == 0
    add_symptom = cipn_journal.store.journal.add_symptom

    def another_cipn_was_faster(store, key, label):
        other = sqlite3.connect(db_path, isolation_level=None)
        other.execute("INSERT INTO changes (recorded_at, command) VALUES ('t', 'symptoms add')")
        other.execute("INSERT INTO custom_symptoms (key, label, added_at, change_id) "
                      "VALUES (?, 'theirs', 't', last_insert_rowid())", (key,))
        other.close()
        add_symptom(store, key, label)

    monkeypatch.setattr(cipn_journal.store.journal, "add_symptom", another_cipn_was_faster)
    code, _, stderr = invoke(["symptoms", "add", "cramps", "--label", "Cramps"])
    assert code == 2, stderr
    assert "already taken" in stderr
    assert read(db_path, "SELECT label FROM custom_symptoms") == [("theirs",)]


# -- 3. durability settings ----------------------------------------------------------------
def test_promise_03_wal_and_synchronous_full_and_a_committed_log_is_on_disk(db_path, tmp_path):
    child = cipn_process(db_path, "log", "numbness=4", "--note", "on disk",
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    child.communicate(timeout=60)
    assert child.returncode == 0
    # Once the command returned, its change is in the journal file itself (checkpointed, no
    # -wal left over): a copy of the file alone holds it.
    assert siblings(db_path) == ["journal.db"]
    assert read(db_path, "PRAGMA journal_mode") == [("wal",)]
    with Store.open(db_path, create=False) as store:
        assert SYNCHRONOUS == "FULL"
        assert store.scalar("PRAGMA synchronous") == 2  # FULL
    copy = tmp_path / "copy.db"
    shutil.copyfile(db_path, copy)
    assert read(copy, "SELECT symptom, severity FROM observations") == [("numbness", 4)]
    assert read(copy, "SELECT text FROM notes") == [("on disk",)]


def test_promise_03_readme_states_the_durability_settings():
    readme = (ROOT / "README.md").read_text()
    section = re.search(r"^## Your data\n(.*?)(?=^## |\Z)", readme, re.M | re.S)
    assert section is not None, "README has no 'Your data' section"
    text = section.group(1)
    assert "WAL" in text
    assert re.search(r"synchronous\s*=?\s*FULL", text, re.I)


def test_promise_03_backup_is_flushed_before_it_replaces_the_target(db_path, named,
                                                                     monkeypatch):
    assert invoke(["log", "numbness=1"])[0] == 0
    synced = []
    real_fsync = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: synced.append(os.readlink(
        f"/proc/self/fd/{fd}")) or real_fsync(fd))
    target = named / "copy.db"
    with Store.open(db_path, create=False) as store:
        store.backup(target)
    assert read(target, "SELECT severity FROM observations") == [(1,)]
    assert any(Path(name).name.startswith(".copy.db.") for name in synced)  # the data
    assert str(named.resolve()) in synced  # the rename
    assert sorted(p.name for p in named.iterdir()) == ["copy.db"]


# -- 4. corrupt journal --------------------------------------------------------------------
def damage(data: bytes, how: str) -> bytes:
    if how == "truncated-to-half":
        return data[: len(data) // 2]
    if how == "header-overwritten":
        return random.Random(4).randbytes(100) + data[100:]
    return random.Random(4).randbytes(len(data))


@pytest.mark.parametrize("how", ["truncated-to-half", "header-overwritten", "random-bytes"])
@pytest.mark.parametrize("command", ALL)
def test_promise_04_corrupt_journal_is_refused_untouched(seeded, named, command, how):
    damaged = damage(seeded.read_bytes(), how)
    seeded.write_bytes(damaged)
    before = sorted(p.name for p in named.iterdir())
    code, stdout, stderr = run_invocation(command, seeded, named)
    assert code == 1, stderr
    assert stderr.startswith("Error: ") and str(seeded) in stderr
    assert "backup" in stderr and "Traceback" not in stderr and NOTE not in stderr
    assert seeded.read_bytes() == damaged
    assert left_beside(seeded) == ["journal.db"]  # no backup, nor a -wal with content
    assert sorted(p.name for p in named.iterdir()) == before  # no partial export or backup


# -- 5. newer schema -----------------------------------------------------------------------
@pytest.mark.parametrize("command", ALL)
def test_promise_05_newer_journal_is_refused_naming_both_versions(seeded, named, command):
    conn = sqlite3.connect(seeded)
    conn.execute("PRAGMA user_version = 99")
    conn.commit()
    conn.close()
    before = seeded.read_bytes()
    code, _, stderr = run_invocation(command, seeded, named)
    assert code == 1, stderr
    assert "schema version 99" in stderr
    assert f"reads up to {migrations.SCHEMA_VERSION}" in stderr
    assert seeded.read_bytes() == before
    assert left_beside(seeded) == ["journal.db"]


def test_promise_05_sqlite_file_of_another_program_is_refused_untouched(tmp_path):
    other = tmp_path / "places.sqlite"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE bookmarks (url TEXT)")
    conn.execute("INSERT INTO bookmarks VALUES ('https://example.org')")
    conn.commit()
    conn.close()
    before = other.read_bytes()
    for args in (["history"], ["log", "numbness=2"], ["symptoms"]):
        code, _, stderr = invoke(["--db", str(other), *args])
        assert code == 1, args
        assert "not a cipn journal" in stderr and str(other) in stderr
    assert other.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("places")) == [
        "places.sqlite"]


def test_promise_05_journal_missing_a_table_is_damaged_not_a_bug(db_path):
    assert invoke(["log", "numbness=1"])[0] == 0
    conn = sqlite3.connect(db_path)
    conn.execute("DROP TABLE notes")
    conn.commit()
    conn.close()
    code, _, stderr = invoke(["history"])
    assert code == 1
    assert "damaged" in stderr and "notes" in stderr and "backup" in stderr


# -- 6. read-only journal ------------------------------------------------------------------
NOBODY = 65534


def as_user(function):
    """Run `function()` as the user `nobody` in a forked child when we are root (modes do not
    bind root), else here; return its result."""
    if os.geteuid() != 0:
        return function()
    reader, writer_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        os.close(reader)
        try:
            os.setgroups([])
            os.setgid(NOBODY)
            os.setuid(NOBODY)
            result = ("ok", function())
        except BaseException as exc:  # reported to the parent, which fails the test
            result = ("error", f"{type(exc).__name__}: {exc}")
        with os.fdopen(writer_fd, "wb") as pipe:
            pickle.dump(result, pipe)
        os._exit(0)
    os.close(writer_fd)
    with os.fdopen(reader, "rb") as pipe:
        data = pipe.read()
    os.waitpid(pid, 0)
    status, value = pickle.loads(data)
    assert status == "ok", value
    return value


@pytest.fixture
def shared_tmp():
    """A folder that `nobody` can reach (pytest's own tmp folders are private to root)."""
    folder = Path(tempfile.mkdtemp(prefix="cipn-ro-"))
    os.chmod(folder, 0o755)
    yield folder
    for path in [folder, *folder.rglob("*")]:
        if path.is_dir():
            os.chmod(path, 0o700)
    shutil.rmtree(folder)


def make_read_only(db: Path, how: str) -> None:
    root = os.geteuid() == 0
    if how == "read-only-file":
        if root:  # nobody owns the folder and the file; the file's mode forbids writing
            os.chown(db.parent, NOBODY, NOBODY)
            os.chown(db, NOBODY, NOBODY)
        os.chmod(db.parent, 0o755)
        os.chmod(db, 0o444)
    else:  # a folder nobody may write in, a file nobody may write
        os.chmod(db, 0o644 if root else 0o444)
        os.chmod(db.parent, 0o755 if root else 0o555)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork to drop privileges")
@pytest.mark.parametrize("how", ["read-only-file", "read-only-folder"])
def test_promise_06_read_only_journal_reads_work_writes_exit_1_no_stray_files(
        seeded_journal, shared_tmp, how):
    data, files = seeded_journal
    journal, writable, outputs = (shared_tmp / name for name in ("j", "w", "out"))
    for folder in (journal, writable, outputs):
        folder.mkdir()
    for name, content in files.items():
        (outputs / name).write_bytes(content)
    os.chmod(outputs, 0o777)
    for path in outputs.iterdir():
        os.chmod(path, 0o644)
    db = journal / "journal.db"
    db.write_bytes(data)
    commands = present()
    # What each reading command shows on a journal it may write (and every lazy import done
    # before the fork, so the child needs no access to the interpreter's files).
    expected = {}
    for invocation in commands:
        if not invocation.writes:
            (writable / "journal.db").write_bytes(data)
            expected[invocation.path] = invoke(
                ["--db", str(writable / "journal.db"), *invocation.argv(outputs)],
                stdin=invocation.stdin)
            assert expected[invocation.path][0] == 0, (invocation.path, expected)
    for name in list(outputs.iterdir()):
        if name.name not in files:
            name.unlink()
    make_read_only(db, how)
    before = digest(db)

    def run_all():
        return {invocation.path: invoke(["--db", str(db), *invocation.argv(outputs)],
                                         stdin=invocation.stdin)
                for invocation in commands}

    results = as_user(run_all)
    for invocation in commands:
        code, stdout, stderr = results[invocation.path]
        if invocation.writes:
            assert code == 1, (invocation.path, stderr)
            assert "read-only" in stderr and str(db) in stderr, (invocation.path, stderr)
            assert "Traceback" not in stderr and NOTE not in stderr
        else:
            assert (code, stdout) == expected[invocation.path][:2], (invocation.path, stderr)
    assert digest(db) == before
    assert sorted(p.name for p in journal.iterdir()) == ["journal.db"], "stray files"


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork to drop privileges")
def test_promise_06_journal_in_a_folder_the_user_cannot_enter(seeded_journal, shared_tmp):
    journal = shared_tmp / "private"
    journal.mkdir()
    db = journal / "journal.db"
    db.write_bytes(seeded_journal[0])
    os.chmod(journal, 0o700 if os.geteuid() == 0 else 0o000)
    outputs = shared_tmp / "out"
    outputs.mkdir(mode=0o777)
    os.chmod(outputs, 0o777)

    def run_all():
        return {invocation.path: invoke(["--db", str(db), *invocation.argv(outputs)],
                                         stdin=invocation.stdin)
                for invocation in present() if invocation.path != "import"}

    for path, (code, _, stderr) in as_user(run_all).items():
        assert code == 1, (path, stderr)
        assert str(db) in stderr and "ermission denied" in stderr, (path, stderr)
        assert "unexpected error" not in stderr


# -- 7. disk full --------------------------------------------------------------------------
def test_promise_07_disk_full_fails_cleanly_and_the_next_log_succeeds(db_path, monkeypatch):
    assert invoke(["log", "numbness=1"])[0] == 0
    prepare = Store._prepare

    def no_room_to_grow(store):  # the file may not grow by a single page
        prepare(store)
        pages = store.scalar("PRAGMA page_count")
        store.conn.execute(f"PRAGMA max_page_count = {pages}")

    monkeypatch.setattr(Store, "_prepare", no_room_to_grow)
    counts = read(db_path, "SELECT (SELECT COUNT(*) FROM observations), "
                           "(SELECT COUNT(*) FROM notes), (SELECT COUNT(*) FROM changes)")
    big = NOTE + " " + "x" * 50_000
    code, _, stderr = invoke(["log", "tingling=2", "--note", big])
    assert code == 1
    assert stderr.startswith("Error: ") and "disk is full" in stderr
    assert "Nothing was written" in stderr
    assert NOTE not in stderr and stderr.count("\n") == 1
    assert read(db_path, "SELECT (SELECT COUNT(*) FROM observations), "
                         "(SELECT COUNT(*) FROM notes), (SELECT COUNT(*) FROM changes)") == counts
    monkeypatch.setattr(Store, "_prepare", prepare)  # space is back
    assert invoke(["log", "tingling=2", "--note", big])[0] == 0
    assert read(db_path, "SELECT COUNT(*) FROM notes") == [(1,)]
    assert read(db_path, "PRAGMA integrity_check") == [("ok",)]


@pytest.fixture
def small_disk():
    """A 1 MB tmpfs (needs root and the right to mount; skipped otherwise)."""
    folder = Path(tempfile.mkdtemp(prefix="cipn-full-"))
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(folder)],
                             capture_output=True).returncode == 0 if (
        os.geteuid() == 0 and shutil.which("mount")) else False
    if not mounted:
        folder.rmdir()
        pytest.skip("cannot mount a small tmpfs here (needs root)")
    yield folder
    subprocess.run(["umount", str(folder)], check=True)
    folder.rmdir()


def fill(folder: Path) -> Path:
    filler = folder / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        while True:
            os.write(fd, b"\0" * 4096)
    except OSError:
        pass
    finally:
        os.close(fd)
    return filler


def test_promise_07_a_really_full_disk(small_disk):
    db = small_disk / "j" / "journal.db"
    assert invoke(["--db", str(db), "log", "numbness=1"])[0] == 0
    filler = fill(small_disk)
    big = NOTE + " " + "x" * 50_000
    code, _, stderr = invoke(["--db", str(db), "log", "tingling=2", "--note", big])
    assert code == 1
    assert stderr.startswith("Error: ") and str(db) in stderr and "Nothing was written" in stderr
    assert "disk" in stderr and "backup" not in stderr  # the journal is fine: no restore
    assert NOTE not in stderr
    filler.unlink()
    assert invoke(["--db", str(db), "log", "tingling=2", "--note", big])[0] == 0
    assert read(db, "SELECT symptom FROM observations ORDER BY id") == [("numbness",),
                                                                        ("tingling",)]
    assert read(db, "PRAGMA integrity_check") == [("ok",)]


# -- 8. exports and backups to paths that fail ---------------------------------------------
@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork to drop privileges")
@pytest.mark.parametrize("command", ["export", "backup"])
def test_promise_08_unwritable_folder_exits_1_and_leaves_no_file(seeded_journal, shared_tmp,
                                                                  command):
    assert command in app_commands()
    journal, locked = shared_tmp / "j", shared_tmp / "locked"
    journal.mkdir()
    locked.mkdir()
    db = journal / "journal.db"
    db.write_bytes(seeded_journal[0])
    os.chmod(db, 0o644)
    os.chmod(locked, 0o755 if os.geteuid() == 0 else 0o555)  # not writable by the user
    args = ["--db", str(db), *BY_PATH[command].argv(locked)]
    code, _, stderr = as_user(lambda: invoke(args))
    assert code == 1, stderr
    assert str(locked) in stderr and "ermission denied" in stderr and NOTE not in stderr
    assert list(locked.iterdir()) == []


@pytest.mark.parametrize("command", ["export", "backup"])
def test_promise_08_full_disk_exits_1_and_leaves_no_partial_file(seeded, small_disk, command):
    out = small_disk / "out"
    out.mkdir()
    fill(small_disk)
    code, _, stderr = run_invocation(command, seeded, out)
    assert code == 1, stderr
    assert str(out) in stderr and str(seeded) not in stderr  # names the place that is full
    assert re.search("no space left", stderr, re.I) and "Nothing was written" in stderr
    assert list(out.iterdir()) == []


@pytest.mark.parametrize("command", ["export", "backup"])
def test_promise_08_existing_target_without_force_is_unchanged(seeded, named, command):
    target = named / BY_PATH[command].names[0]
    target.write_bytes(b"the user's own file\n")
    before = digest(target)
    code, _, stderr = run_invocation(command, seeded, named)
    assert code == 1, stderr
    assert "already exists" in stderr and "--force" in stderr
    assert digest(target) == before
    assert sorted(p.name for p in named.iterdir()) == sorted(
        {"import.json", target.name} & {p.name for p in named.iterdir()})


def test_promise_08_export_to_dev_full_is_refused_untouched(seeded):
    assert "export" in app_commands()
    code, _, stderr = invoke(["--db", str(seeded), "export", "-o", "/dev/full"])
    assert code == 1 and "already exists" in stderr
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)


@pytest.mark.parametrize("command", ["export", "backup"])
def test_promise_08_force_never_replaces_a_pipe_or_device(seeded, named, command):
    assert command in app_commands()
    target = named / BY_PATH[command].names[0]
    os.mkfifo(target)
    code, _, stderr = invoke(["--db", str(seeded), *BY_PATH[command].argv(named), "--force"])
    assert stat.S_ISFIFO(os.lstat(target).st_mode)
    assert code == 1, stderr


@pytest.mark.parametrize("args", [["export", "--format", "md"], ["history"], ["symptoms"]])
def test_promise_08_output_to_a_full_device_exits_1_with_a_message(seeded, args):
    with open("/dev/full", "w") as full:
        child = cipn_process(seeded, *args, stdout=full, stderr=subprocess.PIPE, text=True)
        _, stderr = child.communicate(timeout=60)
    assert child.returncode == 1, stderr
    assert stderr.startswith("Error: could not use the output (stdout): No space left")
    assert "Traceback" not in stderr and stderr.count("\n") == 1


# -- 9. permissions ------------------------------------------------------------------------
@pytest.fixture(params=[0o000, 0o022], ids=["umask-000", "umask-022"])
def umask(request):
    old = os.umask(request.param)
    yield request.param
    os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_promise_09_journal_wal_shm_0600_folders_0700(tmp_path, umask):
    db = tmp_path / "new" / "deeper" / "journal.db"
    code, _, stderr = invoke(["--db", str(db), "log", "numbness=1"])
    assert code == 0, stderr
    assert mode(db) == 0o600
    assert mode(db.parent) == 0o700 and mode(db.parent.parent) == 0o700
    with Store.open(db, create=False) as store:  # -wal and -shm exist while it is open
        with store.change("test") as change:
            change.insert("notes", {"date": TODAY, "text": "x", "written_at": change.now})
        for suffix in ("-wal", "-shm"):
            assert mode(db.with_name("journal.db" + suffix)) == 0o600, suffix


def test_promise_09_demo_backup_is_0600(db_path, umask):
    assert invoke(["log", "numbness=1"])[0] == 0
    assert invoke(["demo", "--weeks", "1", "--force"])[0] == 0
    backups = [p for p in db_path.parent.iterdir() if ".before-demo-" in p.name]
    assert len(backups) == 1 and mode(backups[0]) == 0o600


@pytest.mark.parametrize("command", ["backup", "export"])
def test_promise_09_backups_and_exports_are_0600(seeded, named, umask, command):
    code, _, stderr = run_invocation(command, seeded, named)
    assert code == 0, stderr
    for name in BY_PATH[command].names:
        assert mode(named / name) == 0o600, name


# -- 12. bugs ------------------------------------------------------------------------------
BUG_LINE = re.compile(
    r"^cipn: unexpected error \((\w+) at (cipn_journal/[\w/]+\.py:\d+)\)\. This is a bug; run "
    r"the same command with --debug to see the full traceback\.\n$")


def break_log_day(monkeypatch, exception):
    """`cipn log`'s write raises `exception` (patched where commands/log.py looks it up)."""
    def broken(store, entry, **kwargs):
        raise exception(f"could not store {entry.note!r} for {entry.day}")

    monkeypatch.setattr(cipn_journal.commands.log, "log_day", broken)


def test_promise_12_a_bug_prints_one_line_without_user_text(db_path, monkeypatch):
    break_log_day(monkeypatch, RuntimeError)
    code, stdout, stderr = invoke(["log", "numbness=3", "--note", NOTE])
    assert code == 70
    match = BUG_LINE.match(stderr)
    assert match, stderr
    assert match.group(1) == "RuntimeError"
    assert match.group(2).startswith("cipn_journal/commands/")
    assert NOTE not in stderr and "Alvarez" not in stderr and stdout == ""


def test_promise_12_debug_shows_the_full_traceback(db_path, monkeypatch):
    break_log_day(monkeypatch, RuntimeError)
    code, _, stderr = invoke(["--debug", "log", "numbness=3", "--note", NOTE])
    assert code == 70
    assert stderr.startswith("Traceback (most recent call last):")
    assert "RuntimeError: could not store" in stderr
    assert stderr.splitlines()[-1].startswith("cipn: unexpected error (RuntimeError at ")


def test_promise_12_a_note_reading_debug_does_not_turn_on_tracebacks(db_path, monkeypatch):
    break_log_day(monkeypatch, RuntimeError)
    code, _, stderr = invoke(["log", "numbness=3", "--note", "--debug"])
    assert code == 70
    assert BUG_LINE.match(stderr), stderr


@pytest.mark.parametrize("exception,sql", [
    (sqlite3.OperationalError, "INSERT INTO notes (no_such_column) VALUES (1)"),
    (sqlite3.IntegrityError, "INSERT INTO changes (id, recorded_at, command) "
                             "SELECT id, recorded_at, command FROM changes"),
    (sqlite3.ProgrammingError, "SELECT ?"),  # a missing parameter
])
def test_promise_12_a_bad_statement_is_a_bug_not_a_damaged_journal(db_path, monkeypatch,
                                                                   exception, sql):
    assert invoke(["log", "numbness=1"])[0] == 0
    from cipn_journal.store.connection import Change

    def bad_insert(self, table, values):
        self.conn.execute(sql, ())

    monkeypatch.setattr(Change, "insert", bad_insert)
    code, _, stderr = invoke(["log", "tingling=3", "--note", NOTE])
    assert code == 70, stderr
    match = BUG_LINE.match(stderr)
    assert match and match.group(1) == exception.__name__, stderr
    assert "backup" not in stderr and NOTE not in stderr
    assert read(db_path, "SELECT COUNT(*) FROM observations") == [(1,)]  # rolled back
    assert read(db_path, "SELECT COUNT(*) FROM changes") == [(1,)]


# -- 13. nothing written outside the journal's folder ---------------------------------------
def tree(root: Path, skip: set[Path]) -> dict[str, tuple]:
    found = {}
    for path in sorted(root.rglob("*")):
        if any(path == s or s in path.parents for s in skip):
            continue
        info = path.lstat()
        found[str(path.relative_to(root))] = (
            stat.S_IFMT(info.st_mode), info.st_size, info.st_mtime_ns,
            digest(path) if path.is_file() else None)
    return found


def test_promise_13_nothing_written_outside_the_journal_folder(seeded, named, tmp_path,
                                                               monkeypatch):
    work = tmp_path / "cwd"
    work.mkdir()
    monkeypatch.chdir(work)
    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setenv("TMPDIR", str(temp))
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    before = tree(tmp_path, {seeded.parent, named})
    named_before = set(p.name for p in named.iterdir())
    allowed = set(named_before)
    for invocation in present():
        code, _, stderr = invoke(["--db", str(seeded), *invocation.argv(named)],
                                 stdin=invocation.stdin)
        assert code == 0, (invocation.path, stderr)
        allowed.update(invocation.names)
    assert tree(tmp_path, {seeded.parent, named}) == before
    assert set(p.name for p in named.iterdir()) <= allowed
    others = set(left_beside(seeded)) - {"journal.db"}
    assert all(re.fullmatch(r"journal\.before-demo-[\d-]+\.db", name) for name in others), (
        others)


# -- the daily log stays fast on a ten-year journal -----------------------------------------
@pytest.mark.slow
def test_log_does_not_scan_observations_on_a_ten_year_journal(db_path):
    assert invoke(["demo", "--weeks", "520"])[0] == 0
    from cipn_journal.record.day import log_day
    from cipn_journal.store import journal as entries

    statements = []
    with Store.open(db_path, create=True) as store:  # as `cipn log` opens it: writable
        store.conn.set_trace_callback(statements.append)
        log_day(store, entries.DayEntry(
            day=date.fromisoformat(TODAY), symptoms=[("numbness", 5), ("tingling", 2)],
            limits="everyday", falls=1, note="x"), today=date.fromisoformat(TODAY))
        store.conn.set_trace_callback(None)
        plans = {}
        for sql in statements:
            if not sql.lstrip().upper().startswith(("SELECT", "INSERT", "UPDATE")):
                continue
            plan = store.conn.execute(f"EXPLAIN QUERY PLAN {sql}",
                                      [None] * sql.count("?")).fetchall()
            plans[sql] = " | ".join(row[-1] for row in plan)
    scans = {sql: plan for sql, plan in plans.items()
             if re.search(r"\bSCAN (observations|days|alerts|notes)\b", plan)}
    assert not scans, scans
    assert any("observations" in sql for sql in plans)
    # ... and reads weeks, not years, of the day tables: the expected acute effects (issue 22
    # rule 5) read every value since the last two infusions, ten years back, on each log of
    # tingling, though they judge only the days just after an infusion.
    spans = {}
    for sql in plans:
        if re.search(r"\b(observations|days)\b", sql):
            bounds = sorted(re.findall(r"\bdate\s*[<>]=?\s*'(\d{4}-\d\d-\d\d)'", sql))
            if len(bounds) >= 2:
                spans[sql] = (date.fromisoformat(bounds[-1]) - date.fromisoformat(bounds[0])).days
    assert spans and max(spans.values()) <= 91, spans


@pytest.mark.slow
def test_the_summary_reads_weeks_not_years_of_a_ten_year_journal(db_path):
    """The summary judges which symptoms are cycle-linked on the days around the last
    infusions; with a course ten years back it read every value since (34,000 rows, 68 ms on
    the benchmark's journal): it reads the weeks around those infusions only."""
    assert invoke(["demo", "--weeks", "520"])[0] == 0
    from cipn_journal.reports import summary
    from cipn_journal.reports.window import resolve

    statements = []
    with Store.open(db_path, create=False) as store:
        store.conn.set_trace_callback(statements.append)
        window = resolve(store, None, None, today=date.fromisoformat(TODAY), default_days=28)
        summary.build(store, window, today=date.fromisoformat(TODAY))
        store.conn.set_trace_callback(None)
    spans = {}
    for sql in statements:
        if re.search(r"\bseverity\b.*\bFROM observations\b", sql):  # values, not dates
            bounds = sorted(re.findall(r"\bdate\s*[<>]=?\s*'(\d{4}-\d\d-\d\d)'", sql))
            if len(bounds) >= 2:
                spans[sql] = (date.fromisoformat(bounds[-1]) - date.fromisoformat(bounds[0])).days
    assert spans and not {sql: days for sql, days in spans.items() if days > 366}
    # Nor every day with entries since the last visit, nine years back here (2017): only the
    # last few before it and before the window, each an index seek (MAX(date)).
    listed = {}
    for sql in statements:
        if "SELECT DISTINCT date FROM observations" in sql:
            bounds = sorted(re.findall(r"\bdate\s*[<>]=?\s*'(\d{4}-\d\d-\d\d)'", sql))
            listed[sql] = (date.fromisoformat(bounds[-1]) - date.fromisoformat(bounds[0])).days
    assert listed and not {sql: days for sql, days in listed.items() if days > 366}
