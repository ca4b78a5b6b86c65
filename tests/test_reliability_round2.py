"""Issue 13, reliability round two: data loss (1-4), files and paths (5-9), input that crashes
or mis-dates (10-14), messages (15, 16), the small ones (17) and scale (18). One test (or more)
per item, named after it; each reproduces the failure the issue describes.
"""

import json
import os
import resource
import select
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


def cipn(*args, cwd, env=None, stdin=subprocess.DEVNULL, timeout=60, memory_mb=None,
         shell_suffix: str | None = None):
    """A real `python -m cipn_journal` process; (exit code, stdout bytes, stderr bytes).
    `shell_suffix` runs it through sh with redirections such as '>&-' (a closed stdout)."""
    command = [sys.executable, "-m", "cipn_journal", *args]
    if shell_suffix is not None:
        command = ["sh", "-c", f'"$0" "$@" {shell_suffix}', *command]

    def limit():
        if memory_mb:  # a runaway read fails fast instead of filling the machine's memory
            resource.setrlimit(resource.RLIMIT_AS, (memory_mb << 20, memory_mb << 20))

    child = subprocess.run(command, cwd=cwd, env={**os.environ, **(env or {})}, stdin=stdin,
                           capture_output=True, timeout=timeout, preexec_fn=limit)
    return child.returncode, child.stdout, child.stderr


def rows(db: Path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


# -- 5. --force through symlinks ----------------------------------------------------------
def test_item_05_force_through_symlink_to_device(cli, tmp_path):
    ok(cli("log", "numbness=2"))
    link = tmp_path / "out.md"
    link.symlink_to("/dev/null")
    refused = cli("export", "-o", str(link))
    assert refused.exit_code == 1 and "already exists" in refused.stderr
    result = cli("export", "-o", str(link), "--force")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert result.stderr.startswith(f"Wrote the md export (2026-10-29 to 2026-11-25) to {link}.")
    assert "readable only by you" not in result.stderr  # no file was made
    assert link.is_symlink() and os.readlink(link) == "/dev/null"
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_item_05_force_through_symlink_to_fifo(cli, tmp_path):
    ok(cli("log", "numbness=2", "--note", "through the pipe"))
    expected = ok(cli("export")).stdout
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    link = tmp_path / "visit.md"
    link.symlink_to(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)  # the reader is there before cipn
    try:
        result = cli("export", "-o", str(link), "--force")
        received = b""
        while chunk := os.read(reader, 65536):
            received += chunk
    finally:
        os.close(reader)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert received.decode() == expected
    assert link.is_symlink() and stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_item_05_force_replaces_the_file_behind_a_symlink_not_the_link(cli, tmp_path):
    ok(cli("log", "numbness=2"))
    real = tmp_path / "exports" / "visit.md"
    real.parent.mkdir()
    real.write_text("old\n")
    link = tmp_path / "visit.md"
    link.symlink_to(real)
    result = cli("export", "-o", str(link), "--force")
    assert result.exit_code == 0, result.stderr
    assert link.is_symlink()
    assert real.read_text().startswith("# CIPN symptom summary")
    assert stat.S_IMODE(real.stat().st_mode) == 0o600


def test_item_05_backup_never_replaces_a_link_to_a_device(cli, tmp_path):
    ok(cli("log", "numbness=2"))
    link = tmp_path / "copy.db"
    link.symlink_to("/dev/null")
    result = cli("backup", str(link), "--force")
    assert result.exit_code == 1
    assert "is not a regular file" in result.stderr and "link to one" in result.stderr
    assert link.is_symlink() and os.readlink(link) == "/dev/null"


# -- 6. a trailing slash means a folder ------------------------------------------------------
# Exit 1, not 2: like any missing output folder (PRODUCT.md: a failure the user can fix, e.g.
# by mounting the USB stick); the command itself was typed correctly.
@pytest.mark.parametrize("args", [["backup", "{}/usb/"], ["export", "-o", "{}/usb2/"],
                                  ["export", "--format", "json", "-o", "{}/usb3/", "--force"]])
def test_item_06_trailing_slash_folder_missing_is_refused(cli, tmp_path, args):
    ok(cli("log", "numbness=2"))
    before = sorted(p.name for p in tmp_path.rglob("*"))
    result = cli(*[a.format(tmp_path) for a in args])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "does not exist: nothing was written" in result.stderr
    assert sorted(p.name for p in tmp_path.rglob("*")) == before


def test_item_06_trailing_slash_existing_folder_takes_the_dated_backup(cli, tmp_path):
    ok(cli("log", "numbness=2"))
    (tmp_path / "usb").mkdir()
    ok(cli("backup", f"{tmp_path}/usb/"))
    assert [p.name for p in (tmp_path / "usb").iterdir()] == ["journal.backup-2026-11-25.db"]


# -- 7. concurrent default backups take -2, -3 ----------------------------------------------
def test_item_07_concurrent_backups_take_distinct_names(cli, db_path, tmp_path):
    ok(cli("demo", "--weeks", "8"))
    env = {"CIPN_JOURNAL_DB": str(db_path)}
    command = [sys.executable, "-m", "cipn_journal", "backup"]
    children = [subprocess.Popen(command, cwd=tmp_path, env={**os.environ, **env},
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE)
                for _ in range(4)]
    results = [(child.wait(timeout=120), child.stderr.read().decode()) for child in children]
    for child in children:
        child.stdout.close()
        child.stderr.close()
    assert [code for code, _ in results] == [0] * 4, results
    names = sorted(p.name for p in db_path.parent.iterdir() if ".backup-" in p.name)
    assert names == ["journal.backup-2026-11-25-2.db", "journal.backup-2026-11-25-3.db",
                     "journal.backup-2026-11-25-4.db", "journal.backup-2026-11-25.db"]
    said = sorted(text.split(" to ")[1].split(". ")[0] for _, text in results)
    assert said == sorted(str(db_path.parent / name) for name in names)


def test_item_07_a_name_taken_while_the_copy_is_made_goes_to_the_next_number(cli, db_path):
    """Another backup finishing first, simulated: the moment this backup's temporary file
    appears, its chosen name is taken. The old code chose the name first, then failed with
    'already exists ... Use --force'."""
    ok(cli("demo", "--weeks", "30"))
    folder = db_path.parent
    first = folder / "journal.backup-2026-11-25.db"
    for _attempt in range(10):  # the thief thread may be scheduled too late on a busy machine
        done = threading.Event()

        def take_the_name(done=done):
            while not done.is_set():
                if any(name.endswith(".partial") for name in os.listdir(folder)):
                    try:  # as another backup would: only if the name is still free
                        fd = os.open(first, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
                    except FileExistsError:
                        return
                    os.write(fd, b"another backup\n")
                    os.close(fd)
                    return

        thief = threading.Thread(target=take_the_name)
        thief.start()
        try:
            result = cli("backup")
        finally:
            done.set()
            thief.join()
        if first.read_bytes() == b"another backup\n":
            break
        for path in folder.glob("journal.backup-*"):  # not simulated: clean up, try again
            path.unlink()
    assert first.read_bytes() == b"another backup\n", "the race was not simulated"
    assert result.exit_code == 0, result.stderr
    second = folder / "journal.backup-2026-11-25-2.db"
    assert f"Backed up the journal to {second}." in result.stderr
    assert rows(second, "SELECT count(*) FROM observations") == rows(
        db_path, "SELECT count(*) FROM observations")


# -- 9. import reads only regular files of a sane size -----------------------------------------
def test_item_09_import_dev_zero_is_refused(tmp_path, db_path):
    link = tmp_path / "export.json"
    link.symlink_to("/dev/zero")
    for source in ("/dev/zero", str(link)):
        code, out, err = cipn("--db", str(db_path), "import", source, cwd=tmp_path,
                              memory_mb=1024, timeout=60)
        assert code == 2, err
        assert out == b""
        assert err.decode() == (
            f"Error: {source} is not a regular file (a device, a pipe or a socket): give the "
            "JSON file made by `cipn export --format json`.\n")
    assert not db_path.exists()


def test_item_09_import_of_a_huge_file_names_the_limit(tmp_path, db_path):
    huge = tmp_path / "huge.json"
    with open(huge, "wb") as file:
        file.truncate(201 * 1024 * 1024)  # sparse: no disk space used
    code, out, err = cipn("--db", str(db_path), "import", str(huge), cwd=tmp_path,
                          memory_mb=1024, timeout=60)
    assert code == 2, err
    text = err.decode()
    assert str(huge) in text and "201 MB" in text and "200 MB" in text
    assert text.count("\n") == 1
    assert not db_path.exists()


# -- 11. numeric dates with spaces or commas, words that are not a date, a wrong weekday -----
@pytest.mark.parametrize("when", ["3 11 2026", "3,11,2026", "3 11", "3, 11", "nov 3 at 5",
                                  "nov 3 12", "nov 3 2026 5", "nov 3 026"])
def test_item_11_ambiguous_or_extra_numbers_are_refused(cli, query, when):
    ok(cli("log", "tingling=1"))
    result = cli("log", "numbness=3", "--date", when)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert repr(when) in result.stderr and result.stderr.count("\n") == 1
    assert "ISO date like 2026-11-03" in result.stderr
    assert query("SELECT date, symptom FROM observations") == [("2026-11-25", "tingling")]


def test_item_11_a_weekday_that_contradicts_the_date_is_refused(cli, query):
    result = cli("log", "numbness=3", "--date", "monday 3 nov 2026")
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: The date 'monday 3 nov 2026' names a Monday, but 2026-11-03 is a Tuesday: "
        "check the date and give it without the weekday or with the right one.\n")
    assert not Path(os.environ["CIPN_JOURNAL_DB"]).exists()
    ok(cli("log", "numbness=3", "--date", "tuesday 3 nov 2026"))
    ok(cli("log", "numbness=2", "--date", "Nov 4th, 2026"))
    assert query("SELECT date FROM observations ORDER BY date") == [("2026-11-03",),
                                                                   ("2026-11-04",)]


# -- 12. arguments that are not UTF-8 ------------------------------------------------------------
@pytest.mark.parametrize("args", [
    [b"log", b"pain=2", b"--note", b"caf\xe9"],
    [b"ask", b"caf\xe9 or tea?"],
    [b"symptoms", b"add", b"cramps", b"--label", b"caf\xe9 cramps"],
    [b"log", b"pain=2", b"--date", b"nov 3\xff"],
], ids=["note", "ask", "label", "date"])
def test_item_12_invalid_utf8_arguments_are_refused_at_the_boundary(tmp_path, args):
    db = tmp_path / "j.db"
    code, out, err = cipn(b"--db", str(db).encode(), *args, cwd=tmp_path,
                          env={"LC_ALL": "C.UTF-8"})
    assert code == 2, err
    assert out == b""
    text = err.decode()
    assert text.startswith("Error: The argument '") and "\\x" in text
    assert "' is not UTF-8 text: nothing was written" in text
    assert text.count("\n") == 1 and "Traceback" not in text
    assert not db.exists()


def test_item_12_a_journal_path_in_another_encoding_still_works(tmp_path):
    folder = os.fsencode(tmp_path)
    code, _, err = cipn(b"--db", folder + b"/caf\xe9.db", b"log", b"pain=2", cwd=tmp_path,
                        env={"LC_ALL": "C.UTF-8"})
    assert code == 0, err
    assert os.path.exists(folder + b"/caf\xe9.db")


# -- 13. terminals that cannot show every character --------------------------------------------
@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
def test_item_13_non_utf8_output_falls_back_to_ascii_marks(cli, db_path, tmp_path, encoding):
    ok(cli("demo", "--weeks", "4"))
    ok(cli("log", "numbness=3", "--note", "café ☕"))
    env = {"CIPN_JOURNAL_DB": str(db_path), "PYTHONIOENCODING": encoding}
    for args in (["history"], ["summary"], ["export"], ["export", "--format", "csv"]):
        code, out, err = cipn(*args, cwd=tmp_path, env=env)
        assert code == 0, (args, err)
        text = out.decode(encoding)  # every byte is in the terminal's encoding
        assert "unexpected error" not in err.decode(encoding)
        assert "\u2581" not in text and "\u2588" not in text
    code, out, _ = cipn("export", "--format", "csv", cwd=tmp_path, env=env)
    assert out.decode(encoding).startswith("date,symptom,severity,")  # no byte-order mark
    code, out, _ = cipn("summary", cwd=tmp_path, env=env)
    legend = ". 0, _-= mild (1-3), +* moderate (4-6), #%@ severe (7-10)" if encoding == "ascii" \
        else "\u00b7 0, _-= mild (1-3), +* moderate (4-6), #%@ severe (7-10)"
    assert legend in out.decode(encoding)
    code, out, _ = cipn("history", "--json", cwd=tmp_path, env=env)
    assert code == 0
    data = json.loads(out.decode(encoding))  # the same JSON value, escaped
    assert "café ☕" in [row["note"] for row in data]


# -- 14. closed stdout, stderr or stdin -----------------------------------------------------------
def test_item_14_a_stored_change_exits_0_with_stdout_or_stderr_closed(tmp_path):
    db = tmp_path / "j.db"
    for suffix, symptom in ((">&-", "pain=2"), ("2>&-", "numbness=3"), (">&- 2>&-", "cold=1")):
        code, out, err = cipn("--db", str(db), "log", symptom, cwd=tmp_path,
                              shell_suffix=suffix)
        assert code == 0, (suffix, err)
        assert b"Traceback" not in err and b"unexpected error" not in err
    assert rows(db, "SELECT symptom, severity FROM observations ORDER BY symptom") == [
        ("cold", 1), ("numbness", 3), ("pain", 2)]
    code, _, err = cipn("--db", str(db), "undo", cwd=tmp_path, shell_suffix=">&-")
    assert code == 0, err
    assert err.decode().startswith("Undid the log of ")
    assert rows(db, "SELECT symptom FROM observations ORDER BY symptom") == [
        ("numbness",), ("pain",)]  # undone once, not twice


def test_item_14_data_to_a_closed_stdout_is_an_error_and_no_input_is_clean(tmp_path):
    db = tmp_path / "j.db"
    assert cipn("--db", str(db), "log", "pain=2", cwd=tmp_path)[0] == 0
    code, _, err = cipn("--db", str(db), "history", cwd=tmp_path, shell_suffix=">&-")
    assert code == 1
    assert err.decode() == ("Error: could not use the output (stdout): stdout is closed. Check "
                            "the permissions and the free space there, then try again.\n")
    code, out, err = cipn("--db", str(db), "checkin", cwd=tmp_path, shell_suffix="<&-")
    assert code == 2
    assert err.decode() == ("Error: There is no input to read the answers from (stdin is "
                            "closed): run cipn checkin at a terminal, pipe the answers in, or "
                            "use cipn log.\n")
    assert rows(db, "SELECT count(*) FROM observations") == [(1,)]


# -- 16. file names with control characters -------------------------------------------------------
EVIL = "e\x1b]0;PWNED\x07"


def test_item_16_file_names_with_control_characters_are_escaped(cli, tmp_path):
    ok(cli("log", "numbness=2"))
    shown = "e\\x1b]0;PWNED\\x07"
    results = []
    results.append(cli("import", str(tmp_path / f"{EVIL}.json")))  # no such file
    (tmp_path / f"{EVIL}.md").write_text("mine\n")
    results.append(cli("export", "-o", str(tmp_path / f"{EVIL}.md")))  # exists
    results.append(cli("backup", str(tmp_path / f"{EVIL}-missing" / "x.db")))  # no folder
    (tmp_path / f"{EVIL}.db").write_bytes(b"not a database at all, just text" * 100)
    results.append(cli("--db", str(tmp_path / f"{EVIL}.db"), "history"))  # damaged journal
    results.append(cli("--db", str(tmp_path / f"{EVIL}-none.db"), "history"))  # no journal
    for result in results:
        assert "\x1b" not in result.stderr and "\x07" not in result.stderr, result.stderr
        assert shown in result.stderr, result.stderr
    assert [r.exit_code for r in results] == [2, 1, 1, 1, 1]
    exported = ok(cli("export", "-o", str(tmp_path / f"{EVIL}-new.md")))
    assert "\x1b" not in exported.stderr and f"{shown}-new.md" in exported.stderr


# -- 17. the small ones ------------------------------------------------------------------------
def test_item_17_blank_journal_variable_is_refused(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    before = sorted(os.listdir(tmp_path))
    result = cli("log", "numbness=2", env={"CIPN_JOURNAL_DB": "  "})
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: CIPN_JOURNAL_DB is blank: set it to the journal")
    assert sorted(os.listdir(tmp_path)) == before


def test_item_17_relative_journal_variable_elsewhere_says_no_journal(cli, tmp_path,
                                                                      monkeypatch):
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path / "elsewhere")
    result = cli("history", env={"CIPN_JOURNAL_DB": "mum.db"})
    assert result.exit_code == 1  # issue 14: a reading command on no journal is an error
    assert result.stderr.startswith("Error: No journal at mum.db: nothing was read or written.")
    assert os.listdir(tmp_path / "elsewhere") == []


DIGITS = "9" * 5000


@pytest.mark.parametrize("args", [
    ["log", f"pain={DIGITS}"], ["log", "pain=2", "--falls", DIGITS], ["alerts", "ack", DIGITS],
    ["questions", "done", DIGITS], ["demo", "--weeks", DIGITS],
], ids=["severity", "falls", "alert", "question", "weeks"])
def test_item_17_a_5000_digit_number_is_bad_input(cli, query, args):
    ok(cli("log", "numbness=1"))
    result = cli(*args)
    assert result.exit_code == 2, result.stderr
    assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1
    assert len(result.stderr) < 400 and "(500" in result.stderr  # cut, with its length
    assert "int_max_str_digits" not in result.stderr and "Exceeds" not in result.stderr
    assert query("SELECT symptom, severity FROM observations") == [("numbness", 1)]


@pytest.mark.parametrize("today", ["0001-01-01", "9999-12-31", "1899-12-31"])
def test_item_17_a_fixed_today_out_of_range_is_refused(cli, today):
    for args in (["log", "numbness=2"], ["summary"], ["export"]):
        result = cli(*args, env={"CIPN_JOURNAL_TODAY": today})
        assert result.exit_code == 2
        assert result.stderr == (f"Error: CIPN_JOURNAL_TODAY={today!r} is not an ISO date "
                                 "from 1900-01-01 to 2999-12-31, like 2026-11-03.\n")


def test_item_17_a_huge_checkin_answer_is_not_echoed_whole(cli, db_path):
    answer = "x" * 1_000_000
    result = cli("checkin", input=answer + "\n")
    assert result.exit_code == 2
    assert len(result.stderr) < 1000 and "is longer than 100000 characters" in result.stderr
    assert not db_path.exists()


def test_item_17_a_too_long_checkin_note_keeps_the_other_answers(cli, query):
    answers = ["3", "2"] + ["s"] * 9 + ["1", "0", "n" * 100_001]  # 11 built-in symptoms
    result = cli("checkin", input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.stderr
    assert ("The note is 100001 characters long: at most 100000 are kept. It was left out; "
            "the other answers are saved.") in result.stderr
    assert "--note" not in result.stderr
    assert query("SELECT symptom, severity FROM observations ORDER BY symptom") == [
        ("numbness", 3), ("tingling", 2)]
    assert query("SELECT limits FROM days") == [("everyday",)]
    assert query("SELECT count(*) FROM notes") == [(0,)]


def test_item_17_conflict_message_tells_not_recorded_from_none(cli, tmp_path):
    ok(cli("log", "numbness=2", "--falls", "1"))  # limits not given: null
    data = json.loads(ok(cli("export", "--format", "json", "--since", "all")).stdout)
    data["days"][0]["limits"] = "none"
    source = tmp_path / "other.json"
    source.write_text(json.dumps(data))
    result = cli("import", str(source))
    assert result.exit_code == 1
    assert "days 2026-11-25: limits not recorded in the journal, 'none' in the file" in (
        result.stderr)


def test_item_17_backup_removes_its_own_stale_temporary_files(cli, db_path):
    ok(cli("log", "numbness=2"))
    folder = db_path.parent
    stale = [".journal.backup-2026-11-24.db.ab12cd_9.partial",
             "..journal.backup-2026-11-24.db.ab12cd_9.partial.zz99yy00.tmp",
             ".journal.backup-2026-11-20-3.db.qwertyui.partial"]
    fresh = ".journal.backup-2026-11-25.db.fresh123.partial"  # a backup running now
    foreign = [".other.db.ab12cd_9.partial", ".journal.backup-2026-11-24.db.ab12cd_9.partial~",
               "journal.db.ab12cd_9.partial"]
    hour_ago = time.time() - 3600
    for name in stale + foreign + [fresh]:
        (folder / name).write_bytes(b"x")
        if name != fresh:
            os.utime(folder / name, (hour_ago, hour_ago))
    ok(cli("backup"))
    left = {p.name for p in folder.iterdir()}
    assert not left & set(stale)
    assert set(foreign) | {fresh} <= left
    # a named backup cleans the temporary files of that name only
    other = folder.parent / "usb"
    other.mkdir()
    (other / ".mum.db.abcdefgh.partial").write_bytes(b"x")
    (other / ".dad.db.abcdefgh.partial").write_bytes(b"x")
    for name in (".mum.db.abcdefgh.partial", ".dad.db.abcdefgh.partial"):
        os.utime(other / name, (hour_ago, hour_ago))
    ok(cli("backup", str(other / "mum.db")))
    assert sorted(p.name for p in other.iterdir()) == [".dad.db.abcdefgh.partial", "mum.db"]


def test_item_17_ctrl_c_in_checkin_says_nothing_was_written(tmp_path):
    """A real SIGINT to a check-in waiting for its first answer. This already worked before
    issue 13 (the check-in catches it); the test proves it."""
    db = tmp_path / "j.db"
    child = subprocess.Popen([sys.executable, "-m", "cipn_journal", "--db", str(db), "checkin"],
                             cwd=tmp_path, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE)
    try:
        seen, deadline = b"", time.monotonic() + 60
        while b"[0-10, Enter=skip]" not in seen and time.monotonic() < deadline:
            if select.select([child.stderr], [], [], 0.2)[0]:
                seen += os.read(child.stderr.fileno(), 4096)
        assert b"[0-10, Enter=skip]" in seen, seen
        child.send_signal(signal.SIGINT)
        out, rest = child.communicate(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
            child.communicate()
    assert child.returncode == 130
    assert out == b""
    assert (seen + rest).decode().endswith(
        "\nStopped with Ctrl-C: nothing was written. (q saves the answers given so far.)\n")
    assert b"Traceback" not in rest
    assert not db.exists()


# -- 1. reading commands cannot write ------------------------------------------------------
def _foreign_wal(cli, tmp_path) -> bytes:
    """The -wal of another journal (A), as a careless restore would put beside a journal."""
    a = tmp_path / "A.db"
    ok(cli("--db", str(a), "demo", "--weeks", "20"))
    conn = sqlite3.connect(a)
    try:
        conn.execute("PRAGMA wal_autocheckpoint = 0")
        conn.execute("UPDATE notes SET text = text || ' (edited)'")
        conn.commit()
        return Path(f"{a}-wal").read_bytes()
    finally:
        conn.close()


@pytest.mark.parametrize("command", [["summary"], ["history"], ["export"], ["alerts"],
                                     ["symptoms"], ["questions", "--all"]])
def test_item_01_a_read_leaves_a_damaged_journal_exactly_as_it_was(cli, tmp_path, command):
    wal = _foreign_wal(cli, tmp_path)
    b = tmp_path / "B.db"
    ok(cli("--db", str(b), "demo", "--weeks", "30"))
    Path(f"{b}-wal").write_bytes(wal)
    before = b.read_bytes()
    result = cli("--db", str(b), *command)
    assert b.read_bytes() == before
    assert Path(f"{b}-wal").read_bytes() == wal
    assert result.exit_code == 1, (result.stdout, result.stderr)
    assert result.stdout == ""
    # A -wal without its -shm is refused before anything reads it (issue 24 item 3).
    assert "the journal was not changed" in result.stderr
    assert f"{b}-wal" in result.stderr and "Move B.db-wal into another folder" in result.stderr
    assert not Path(f"{b}-shm").exists()
    # Moving the foreign -wal away gives the journal back, intact.
    Path(f"{b}-wal").unlink()
    Path(f"{b}-shm").unlink(missing_ok=True)
    assert rows(b, "PRAGMA integrity_check") == [("ok",)]
    ok(cli("--db", str(b), "summary"))


def test_item_01_reading_commands_change_no_byte_and_leave_only_empty_sidecars(cli, db_path):
    ok(cli("demo", "--weeks", "4"))
    before = db_path.read_bytes()
    for command in (["summary"], ["history"], ["export", "--format", "json"], ["alerts"],
                    ["symptoms"], ["questions", "--all"], ["treatment", "list"]):
        ok(cli(*command))
    assert db_path.read_bytes() == before
    # SQLite's read-only connection leaves an empty -wal and the -shm (issue 24 item 1: reads
    # no longer open the file `immutable`, which tore backups taken during a write).
    assert sorted(p.name for p in db_path.parent.iterdir()) in (
        ["journal.db"], ["journal.db", "journal.db-shm", "journal.db-wal"])
    wal = Path(f"{db_path}-wal")
    assert not wal.exists() or wal.stat().st_size == 0


# -- 2. the demo keeps what undo kept -------------------------------------------------------
def test_item_02_demo_refuses_a_journal_with_only_undone_records(cli, query):
    ok(cli("log", "--note", "precious note"))
    ok(cli("undo"))
    assert query("SELECT COUNT(*) FROM notes") == [(0,)]
    result = cli("demo")
    assert result.exit_code == 1 and "already has entries" in result.stderr
    assert result.stdout == ""
    kept = query("SELECT data FROM change_items WHERE table_name = 'notes'")
    assert len(kept) == 1 and json.loads(kept[0][0])["text"] == "precious note"
    assert query("SELECT COUNT(*) FROM observations") == [(0,)]


# -- 3. a damaged record of changes is never written to -------------------------------------
def test_item_03_a_journal_that_lost_its_changes_rows_is_not_written(cli, db_path, query):
    ok(cli("demo", "--weeks", "4"))
    count = query("SELECT COUNT(*) FROM observations")[0][0]
    assert count > 100
    page_size = query("PRAGMA page_size")[0][0]
    root = query("SELECT rootpage FROM sqlite_master WHERE name = 'changes'")[0][0]
    assert query("SELECT COUNT(*) FROM changes") == [(1,)]  # one leaf page: its root
    # An empty, valid leaf page of a table where the row of change 1 was.
    page = b"\x0d\x00\x00\x00\x00" + (page_size % 65536).to_bytes(2, "big")
    with open(db_path, "r+b") as file:
        file.seek((root - 1) * page_size)
        file.write(page + b"\x00" * (page_size - len(page)))
    assert query("SELECT COUNT(*) FROM changes") == [(0,)]
    before = db_path.read_bytes()
    for command in (["log", "numbness=2"], ["undo"]):
        result = cli(*command)
        assert result.exit_code == 1, (command, result.stdout, result.stderr)
        assert result.stdout == ""
        assert "damaged" in result.stderr and "`cipn backup`" in result.stderr
        assert "Nothing was written" in result.stderr
        assert db_path.read_bytes() == before
    assert query("SELECT COUNT(*) FROM observations") == [(count,)]
    ok(cli("history"))  # what it holds can still be read


# -- 4. undoing an import removes every history row it brought ------------------------------
def test_item_04_undo_of_an_import_removes_undone_history_rows_too(cli, tmp_path, query):
    first = tmp_path / "first.db"
    for args in (["log", "numbness=2"], ["log", "numbness=3"], ["log", "pain=1"], ["undo"]):
        ok(cli("--db", str(first), *args))
    export = tmp_path / "all.json"
    ok(cli("--db", str(first), "export", "--since", "all", "-o", str(export)))
    ok(cli("import", str(export)))
    assert sorted(query("SELECT symptom, severity, reason FROM observation_history")) == [
        ("numbness", 2, "replaced"), ("pain", 1, "undone")]
    ok(cli("undo"))
    assert query("SELECT COUNT(*) FROM observations") == [(0,)]
    # Only the imported current value, kept by the undo itself, is left in the history.
    assert query("SELECT symptom, severity, reason FROM observation_history") == [
        ("numbness", 3, "undone")]
    kept = [json.loads(data) for (data,) in query(
        "SELECT data FROM change_items WHERE table_name = 'observation_history' "
        "AND kind = 'undone'")]
    assert sorted((k["symptom"], k["severity"], k["reason"]) for k in kept) == [
        ("numbness", 2, "replaced"), ("pain", 1, "undone")]


# -- 15. foreign or tampered databases ------------------------------------------------------
@pytest.mark.parametrize("version", [77, 1])
def test_item_15_a_foreign_database_is_not_a_cipn_journal(cli, tmp_path, version):
    foreign = tmp_path / "other.db"
    conn = sqlite3.connect(foreign)
    conn.execute("CREATE TABLE recipes (id INTEGER PRIMARY KEY, name TEXT)")
    conn.execute(f"PRAGMA user_version = {version}")
    conn.commit()
    conn.close()
    before = foreign.read_bytes()
    for command in (["history"], ["log", "numbness=2"]):
        result = cli("--db", str(foreign), *command)
        assert result.exit_code == 1, result.stderr
        assert "not a cipn journal" in result.stderr
        assert "newer version" not in result.stderr and "missing" not in result.stderr
    assert foreign.read_bytes() == before


def _tampered(cli, db_path, sql: str) -> None:
    ok(cli("demo", "--weeks", "2"))
    conn = sqlite3.connect(db_path)
    conn.execute(sql)
    conn.commit()
    conn.close()


@pytest.mark.parametrize("sql", ["ALTER TABLE notes DROP COLUMN text",
                                 "PRAGMA user_version = -1"])
def test_item_15_a_tampered_journal_is_damaged_not_a_bug(cli, db_path, sql):
    _tampered(cli, db_path, sql)
    before = db_path.read_bytes()
    for command in (["history"], ["export", "--format", "json", "--since", "all"],
                    ["log", "--note", "x"]):
        result = cli(*command)
        assert result.exit_code == 1, (command, result.stderr)
        assert "damaged" in result.stderr and "bug" not in result.stderr
        assert "It was not changed" in result.stderr
    assert db_path.read_bytes() == before


# -- 10. timestamps that would crash later --------------------------------------------------
def _export_with(cli, tmp_path, table: str, key: str, value: str) -> Path:
    ok(cli("--db", str(tmp_path / "source.db"), "demo", "--weeks", "20"))
    ok(cli("--db", str(tmp_path / "source.db"), "ask", "Is this normal?"))
    ok(cli("--db", str(tmp_path / "source.db"), "questions", "done", "1"))
    source = tmp_path / "source.json"
    ok(cli("--db", str(tmp_path / "source.db"), "export", "--since", "all", "-o", str(source)))
    data = json.loads(source.read_text())
    record = next(r for r in data[table] if r.get(key))
    record[key] = value
    source.write_text(json.dumps(data))
    return source


@pytest.mark.parametrize(("table", "key", "value"), [
    ("alerts", "acknowledged_at", "0001-01-01T00:00:00+01:00"),
    ("questions", "done_at", "9999-12-31T23:59:59-23:59"),
    ("notes", "written_at", "1899-12-31T23:00:00+00:00"),
])
def test_item_10_out_of_range_times_are_refused_on_import(cli, tmp_path, db_path, table, key,
                                                          value):
    source = _export_with(cli, tmp_path, table, key, value)
    result = cli("import", str(source))
    assert result.exit_code == 2, result.stderr
    assert result.stdout == ""
    assert table in result.stderr and key in result.stderr and value in result.stderr
    assert "1900-01-02 to 2999-12-30" in result.stderr
    assert not db_path.exists()


@pytest.mark.parametrize(("sql", "commands"), [
    ("UPDATE alerts SET acknowledged_at = '0001-01-01T00:00:00+01:00' "
     "WHERE acknowledged_at IS NOT NULL",
     [["export", "--since", "all"], ["export", "--since", "all", "--format", "json"],
      ["alerts", "--all"]]),
    ("UPDATE questions SET done_at = '9999-12-31T23:59:59-23:59'",
     [["questions", "--all"], ["export", "--since", "all"]]),
])
def test_item_10_a_stored_edge_time_does_not_crash_readers(cli, db_path, sql, commands):
    ok(cli("demo", "--weeks", "20"))
    ok(cli("ask", "Is this normal?"))
    ok(cli("questions", "done", "1"))
    conn = sqlite3.connect(db_path)
    assert conn.execute(sql).rowcount > 0
    conn.commit()
    conn.close()
    for command in commands:
        result = cli(*command)
        assert result.exit_code == 0, (command, result.stderr)
        assert result.stdout


# -- 18. import matching through an index (its speed: benchmarks/run.py "import") -----------
def test_item_18_records_sharing_a_match_pair_as_before(cli, tmp_path, query):
    """Several visits on one day: identical ones pair first (in the journal's order), the rest
    in order as conflicts, and what is left is new. The index keeps these semantics."""
    # `visit add` updates a day's visit, so several on one day come in through an import.
    ok(cli("visit", "add", "2026-11-20", "--with", "Dr A"))
    seed = tmp_path / "seed.json"
    ok(cli("export", "--since", "all", "--format", "json", "-o", str(seed)))
    data = json.loads(seed.read_text())
    first = data["visits"][0]
    data["visits"] = [{**first, "with": who} for who in ("Dr A", "Dr B", "Dr C", "Dr A")]
    seed.write_text(json.dumps(data))
    ok(cli("import", str(seed)))
    assert [w for (w,) in query("SELECT with_whom FROM visits ORDER BY id")] == [
        "Dr A", "Dr B", "Dr C", "Dr A"]
    source = tmp_path / "visits.json"
    data["visits"] = [{**first, "with": who} for who in ("Dr C", "Dr X", "Dr A", "Dr A",
                                                          "Dr A", "Dr Y")]
    source.write_text(json.dumps(data))
    result = cli("import", str(source), "--dry-run")
    assert result.exit_code == 1 and result.stdout == ""
    assert "visits: 2 new, 3 identical, 1 different" in result.stderr, result.stderr
    assert "with 'Dr B' in the journal, 'Dr X' in the file" in result.stderr
    assert result.stderr.count("in the journal,") == 1
    ok(cli("import", str(source), "--keep"))
    assert sorted(query("SELECT with_whom FROM visits")) == [
        ("Dr A",), ("Dr A",), ("Dr A",), ("Dr B",), ("Dr C",), ("Dr Y",)]


# -- 8. symlinked journals and read-only folders ---------------------------------------------
SYSTEM_PYTHON = Path("/usr/bin/python3")
NOBODY = 65534


def _others_may_enter(path: Path) -> bool:
    """Whether a user who is not the owner may reach `path` (every folder on the way has the
    x bit for others): a virtual environment in a private folder cannot be imported by nobody."""
    import stat

    path = path.resolve()
    return all(p.stat().st_mode & stat.S_IXOTH for p in [path, *path.parents] if p.is_dir())


def _can_run_as_nobody() -> bool:
    import site

    return (os.geteuid() == 0 and SYSTEM_PYTHON.exists()
            and subprocess.run(["which", "setpriv"], capture_output=True).returncode == 0
            and all(_others_may_enter(Path(p)) for p in site.getsitepackages()))


needs_nobody = pytest.mark.skipif(
    not _can_run_as_nobody(),
    reason="needs root, setpriv, /usr/bin/python3 and site-packages other users may read, to "
           "run cipn as an unprivileged user (root ignores permission bits, so a read-only "
           "folder cannot be tested as root); .ci/run provides all of them")


def as_nobody(*args, home: Path) -> tuple[int, str, str]:
    """`cipn ARGS` run by the unprivileged user nobody (uid 65534), with the system Python and
    this checkout on its path (the test's own interpreter may sit where nobody cannot read)."""
    import site

    root = Path(__file__).resolve().parent.parent
    paths = [str(root), *site.getsitepackages()]
    env = {"PATH": "/usr/bin:/bin", "HOME": str(home), "PYTHONPATH": os.pathsep.join(paths),
           "CIPN_JOURNAL_TODAY": "2026-11-25", "NO_COLOR": "1"}
    child = subprocess.run(
        ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups",
         str(SYSTEM_PYTHON), "-m", "cipn_journal", *args],
        env=env, capture_output=True, text=True, timeout=60, cwd="/")
    return child.returncode, child.stdout, child.stderr


@pytest.fixture
def shared_dir():
    """A folder under /tmp that nobody may enter (pytest's tmp_path is private to root)."""
    import shutil
    import tempfile

    base = Path(tempfile.mkdtemp(prefix="cipn-item08-"))
    base.chmod(0o755)
    yield base
    shutil.rmtree(base)


def _journal_in(cli, folder: Path, *, owner: int | None = None) -> Path:
    folder.mkdir(mode=0o755)
    db = folder / "journal.db"
    ok(cli("--db", str(db), "log", "numbness=2", "--note", "through the link"))
    db.chmod(0o644)
    if owner is not None:
        os.chown(folder, owner, owner)
        os.chown(db, owner, owner)
    return db


@needs_nobody
def test_item_08_a_link_to_a_journal_in_a_read_only_folder_reads(cli, shared_dir):
    db = _journal_in(cli, shared_dir / "ro")  # root's folder: read-only for nobody
    os.chown(db, NOBODY, NOBODY)  # the file is nobody's: only the folder is read-only
    links = shared_dir / "links"
    links.mkdir()
    os.chown(links, NOBODY, NOBODY)
    link = links / "journal.db"
    link.symlink_to(db)
    before = db.read_bytes()
    direct = as_nobody("--db", str(db), "history", home=shared_dir)
    through = as_nobody("--db", str(link), "history", home=shared_dir)
    assert direct[0] == 0, direct
    assert through == direct
    assert "numbness" in through[1] or "Numbness" in through[1]
    code, out, err = as_nobody("--db", str(link), "log", "pain=1", home=shared_dir)
    assert code == 1 and out == "" and "read-only for you" in err
    assert db.read_bytes() == before
    assert sorted(p.name for p in db.parent.iterdir()) == ["journal.db"]


@needs_nobody
def test_item_08_a_link_in_a_read_only_folder_to_a_writable_journal_writes(cli, shared_dir,
                                                                              db_path):
    db = _journal_in(cli, shared_dir / "mine", owner=NOBODY)
    links = shared_dir / "ro-links"  # root's folder: read-only for nobody
    links.mkdir(mode=0o755)
    link = links / "journal.db"
    link.symlink_to(db)
    code, out, err = as_nobody("--db", str(link), "log", "pain=1", home=shared_dir)
    assert code == 0, err
    assert out == "" and "pain 1" in err
    assert rows(db, "SELECT symptom, severity FROM observations ORDER BY symptom") == [
        ("numbness", 2), ("pain", 1)]
    assert sorted(p.name for p in links.iterdir()) == ["journal.db"]


def test_item_08_a_dangling_link_is_no_such_file(cli, tmp_path):
    link = tmp_path / "journal.db"
    link.symlink_to(tmp_path / "unmounted" / "journal.db")
    for command in (["history"], ["log", "numbness=2"]):
        result = cli("--db", str(link), *command)
        assert result.exit_code == 1, (command, result.stderr)
        assert result.stdout == ""
        assert "no journal at" in result.stderr and "no such file" in result.stderr
        assert "read-only" not in result.stderr
    assert link.is_symlink() and not (tmp_path / "unmounted").exists()


@needs_nobody
def test_item_08_a_read_only_folder_with_a_wal_and_no_shm_reads(cli, shared_dir):
    db = _journal_in(cli, shared_dir / "ro")
    # A -wal holding the last entry, and no -shm (copied from a machine that crashed).
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    conn.execute("UPDATE notes SET text = 'kept in the wal'")
    conn.commit()
    main, wal = db.read_bytes(), Path(f"{db}-wal").read_bytes()
    conn.close()
    db.write_bytes(main)
    Path(f"{db}-wal").write_bytes(wal)
    Path(f"{db}-wal").chmod(0o644)
    assert not Path(f"{db}-shm").exists()
    code, out, err = as_nobody("--db", str(db), "history", home=shared_dir)
    assert code == 0, err
    assert "umbness" in out
    assert f"{db}-wal" in err and "may not show" in err
    assert db.read_bytes() == main and Path(f"{db}-wal").read_bytes() == wal
    assert sorted(p.name for p in db.parent.iterdir()) == ["journal.db", "journal.db-wal"]
