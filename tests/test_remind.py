"""`cipn remind` through the CLI: exit codes on logged and unlogged days (and with no journal),
--quiet, --notify with a fake `notify-send` first on PATH, and install/uninstall/status with a
fake `crontab` that keeps its crontab in a file and records every call: one marked line, every
other byte of the user's crontab kept, and the line to add by hand when there is no crontab."""

import os
import shlex
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from cipn_journal.domain.crontab import MARKER

USER_CRONTAB = (b"# my own jobs, hands off\n"
                b"MAILTO=\"\"\n"
                b"0 3 * * * /usr/bin/backup --all  # nightly, 100\\% sure\r\n"
                b"\n"
                b"*/5 * * * * echo 'caf\xc3\xa9' > /dev/null\n"
                b"# the last line has no line end")


def ok(result):
    assert result.exit_code == 0, (result.exit_code, result.stderr)
    return result


def _script(path: Path, body: str) -> Path:
    path.write_text("#!/bin/sh\nPATH=/usr/bin:/bin\n" + body)
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


class FakeCron:
    """A `crontab` command on PATH: `-l` prints the stored crontab (or "no crontab for" and
    exit 1), `-` stores stdin, `/path/FILE` stores FILE. Every call's arguments go to `calls`."""

    def __init__(self, root: Path):
        self.state = root / "crontab.txt"
        self.calls = root / "crontab-calls.txt"
        _script(root / "bin" / "crontab", f"""
echo "$*" >> '{self.calls}'
case "$1" in
  -l) if [ -f '{self.state}' ]; then cat '{self.state}'; exit 0; fi
      echo "no crontab for tester" >&2; exit 1 ;;
  -) cat > '{self.state}' ;;
  /*) cat "$1" > '{self.state}' ;;
  *) echo "fake crontab: unexpected $*" >&2; exit 2 ;;
esac
""")

    @property
    def content(self) -> bytes | None:
        return self.state.read_bytes() if self.state.exists() else None

    def set(self, data: bytes) -> None:
        self.state.write_bytes(data)

    def call_list(self) -> list[str]:
        return self.calls.read_text().splitlines() if self.calls.exists() else []


@pytest.fixture
def bin_dir(tmp_path, monkeypatch):
    """An empty folder that is the whole PATH: no crontab, notify-send or osascript unless a
    test puts one there."""
    folder = tmp_path / "bin"
    folder.mkdir()
    monkeypatch.setenv("PATH", str(folder))
    return folder


@pytest.fixture
def cron(tmp_path, bin_dir):
    return FakeCron(tmp_path)


@pytest.fixture
def notifier(tmp_path, bin_dir):
    """A notify-send that writes each argument on its own line to notify-args.txt."""
    record = tmp_path / "notify-args.txt"
    _script(bin_dir / "notify-send", f"""
for arg in "$@"; do printf '%s\\n' "$arg" >> '{record}'; done
echo ---- >> '{record}'
""")
    return record


def ours(content: bytes) -> list[bytes]:
    return [line for line in content.split(b"\n") if line.endswith(MARKER.encode())]


def command_of(line: bytes) -> list[str]:
    """The crontab line's command as /bin/sh gets it (cron first turns \\% into %)."""
    fields = line.decode().split(None, 5)
    return shlex.split(fields[5].replace("\\%", "%"), comments=True)


# -- cipn remind --------------------------------------------------------------------------------
def test_unlogged_day_exits_1_with_the_reminder(cli, db_path):
    ok(cli("log", "numbness=2", "--date", "yesterday"))
    result = cli("remind")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == "Nothing logged today yet: cipn checkin\n"


@pytest.mark.parametrize("args", [
    ["log", "numbness=0"],  # "no numbness" is an entry
    ["log", "--limits", "none"],
    ["log", "--falls", "0"],
    ["log", "--note", "a quiet day"],
])
def test_logged_day_exits_0_silently(cli, query, args):
    ok(cli(*args))
    result = cli("remind")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")
    assert query("SELECT COUNT(*) FROM changes")[0][0] == 1  # remind wrote nothing


def test_an_undone_log_is_not_an_entry(cli):
    ok(cli("log", "numbness=3"))
    ok(cli("undo"))
    assert cli("remind").exit_code == 1


def test_no_journal_is_an_unlogged_day_and_creates_nothing(cli, db_path, tmp_path):
    result = cli("remind")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == "Nothing logged today yet: cipn checkin\n"
    assert not db_path.exists()
    other = tmp_path / "nowhere" / "mum.db"
    result = cli("--db", str(other), "remind")
    assert result.exit_code == 1
    assert result.stderr == "Nothing logged today yet: cipn checkin\n"  # no "no journal" note
    assert not other.parent.exists()


def test_quiet_prints_nothing_either_way(cli):
    result = cli("remind", "--quiet")
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", "")
    ok(cli("log", "tingling=1"))
    result = cli("remind", "-q")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")


def test_a_damaged_journal_is_an_error_not_a_reminder(cli, db_path):
    db_path.parent.mkdir(parents=True)
    db_path.write_bytes(b"not a database at all" * 100)
    result = cli("remind")
    assert result.exit_code == 1
    assert "cannot be read" in result.stderr and "Nothing logged" not in result.stderr


def test_notify_calls_notify_send_without_health_data(cli, notifier):
    ok(cli("log", "numbness=8", "burning=7", "--date", "yesterday", "--falls", "2",
           "--note", "secret: fell on the stairs"))
    result = cli("remind", "--notify")
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", "")
    title, body, end = notifier.read_text().splitlines()
    assert title == "cipn-journal"
    assert body == "Nothing logged today yet: run cipn checkin in a terminal."
    assert end == "----"
    sent = notifier.read_text().lower()
    for private in ("numbness", "burning", "8", "7", "fall", "secret", "stairs"):
        assert private not in sent


def test_notify_on_a_logged_day_does_nothing(cli, notifier):
    ok(cli("log", "numbness=1"))
    result = cli("remind", "--notify")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")
    assert not notifier.exists()


def test_notify_without_a_notifier_does_nothing(cli, bin_dir):
    result = cli("remind", "--notify")
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", "")


def test_notify_uses_osascript_when_there_is_no_notify_send(cli, tmp_path, bin_dir):
    record = tmp_path / "osascript-args.txt"
    _script(bin_dir / "osascript", f"""for arg in "$@"; do printf '%s\\n' "$arg" >> '{record}'; done
""")
    assert cli("remind", "--notify").exit_code == 1
    assert record.read_text().splitlines() == [
        "-e", 'display notification "Nothing logged today yet: run cipn checkin in a terminal."'
        ' with title "cipn-journal"']


def test_a_failing_notifier_is_reported_on_stderr(cli, bin_dir):
    _script(bin_dir / "notify-send", "echo 'Cannot autolaunch D-Bus' >&2\nexit 1\n")
    result = cli("remind", "--notify")
    assert result.exit_code == 1 and result.stdout == ""
    assert "Could not show a notification" in result.stderr
    assert "(exit 1): Cannot autolaunch D-Bus" in result.stderr


def test_reminder_options_do_not_go_with_a_subcommand(cli, cron):
    result = cli("remind", "--quiet", "status")
    assert result.exit_code == 2
    assert "--quiet and --notify belong to `cipn remind` alone" in result.stderr
    assert cron.call_list() == []


# -- install / uninstall / status ------------------------------------------------------------
def test_install_on_an_empty_crontab(cli, cron, db_path):
    result = ok(cli("remind", "install", "--at", "20:00"))
    content = cron.content
    assert content.count(b"\n") == 1 and content.endswith(b"\n")
    [line] = ours(content)
    assert line.startswith(b"0 20 * * * ")
    words = command_of(line)
    assert os.path.isabs(words[0]) and Path(words[0]).is_file()
    assert words[-4:] == ["--db", str(db_path.absolute()), "remind", "--notify"]
    assert result.stdout == line.decode() + "\n"
    assert "Installed the daily reminder: at 20:00" in result.stderr
    assert "there is no journal at" in result.stderr  # nothing logged there yet
    calls = cron.call_list()
    assert calls[0] == "-l" and len(calls) == 2  # then `crontab FILE`, a temporary file
    assert Path(calls[1]).is_absolute() and not Path(calls[1]).exists()


def test_install_twice_keeps_one_line_and_other_lines_byte_for_byte(cli, cron):
    cron.set(USER_CRONTAB)
    ok(cli("remind", "install", "--at", "20:00"))
    first = cron.content
    assert first.startswith(USER_CRONTAB + b"\n")  # the last line gets its line end, no more
    assert len(ours(first)) == 1
    result = ok(cli("remind", "install", "--at", "07:05"))
    second = cron.content
    [line] = ours(second)
    assert line.startswith(b"5 7 * * * ")
    assert second == USER_CRONTAB + b"\n" + line + b"\n"
    assert "Replaced the daily reminder: at 07:05" in result.stderr


def test_install_replaces_our_line_where_it_stands(cli, cron):
    old = f"30 21 * * * /old/venv/bin/cipn --db /old.db remind --notify {MARKER}".encode()
    cron.set(b"A=1\n" + old + b"\r\n# keep me\nlast line without end")
    ok(cli("remind", "install", "--at", "8:30"))
    content = cron.content
    [line] = ours(content.replace(b"\r", b""))
    assert content == b"A=1\n" + line + b"\r\n# keep me\nlast line without end"
    assert line.startswith(b"30 8 * * * ") and b"/old" not in line


def test_uninstall_removes_only_our_line(cli, cron):
    cron.set(USER_CRONTAB)
    ok(cli("remind", "install"))
    assert len(ours(cron.content)) == 1
    result = ok(cli("remind", "uninstall"))
    assert cron.content == USER_CRONTAB + b"\n"
    assert "Removed the daily reminder" in result.stderr
    result = ok(cli("remind", "uninstall"))
    assert "No cipn reminder is in your crontab: nothing changed." in result.stderr
    assert cron.call_list()[-1] == "-l"  # nothing written the second time


def test_uninstall_keeps_a_missing_trailing_newline(cli, cron):
    line = f"0 20 * * * /x/cipn --db /j.db remind --notify {MARKER}".encode()
    cron.set(b"# first\n" + line + b"\n# last, no line end")
    ok(cli("remind", "uninstall"))
    assert cron.content == b"# first\n# last, no line end"


def test_uninstall_without_a_crontab_changes_nothing(cli, cron):
    result = ok(cli("remind", "uninstall"))
    assert "nothing changed" in result.stderr
    assert cron.content is None and cron.call_list() == ["-l"]


def test_status_shows_the_line(cli, cron, db_path, notifier):
    result = ok(cli("remind", "status"))
    assert result.stdout == ""
    assert "No cipn reminder is in your crontab" in result.stderr
    cron.set(USER_CRONTAB)
    ok(cli("remind", "install", "--at", "19:45"))
    [line] = ours(cron.content)
    result = ok(cli("remind", "status"))
    assert result.stdout == line.decode() + "\n"
    assert result.stderr == "The reminder runs every day at 19:45.\n"
    result = ok(cli("--db", "/elsewhere/mum.db", "remind", "status"))
    assert f"Note: it checks {db_path.absolute()}, not /elsewhere/mum.db." in result.stderr
    assert cron.content.count(b"\n") == USER_CRONTAB.count(b"\n") + 2  # status wrote nothing


def test_status_warns_when_the_program_is_gone_or_commented_out(cli, cron):
    line = f"0 20 * * * /gone/bin/cipn --db /j.db remind --notify {MARKER}"
    cron.set(line.encode() + b"\n")
    result = ok(cli("remind", "status"))
    assert "the program it runs, /gone/bin/cipn, is not there any more" in result.stderr
    cron.set(b"#" + line.encode() + b"\n")
    result = ok(cli("remind", "status"))
    assert "commented out" in result.stderr


@pytest.mark.parametrize("at", ["24:00", "20:60", "8pm", "20", "", "20:00:00", "-1:00",
                                "２０:００"])
def test_bad_time_is_bad_input_and_touches_nothing(cli, cron, at):
    cron.set(USER_CRONTAB)
    result = cli("remind", "install", "--at", at)
    assert result.exit_code == 2 and result.stdout == ""
    assert f"--at {at!r} is not a time of day: give HH:MM from 00:00 to 23:59" in result.stderr
    assert cron.content == USER_CRONTAB and cron.call_list() == []


def test_no_crontab_command_gives_the_line_to_add_by_hand(cli, bin_dir, db_path):
    result = cli("remind", "install", "--at", "20:00")
    assert result.exit_code == 1 and result.stdout == ""
    first, line = result.stderr.rstrip("\n").split("\n")
    assert "There is no `crontab` command here" in first and "by hand" in first
    assert line.startswith("0 20 * * * ") and line.endswith(MARKER)
    assert command_of(line.encode())[-4:] == ["--db", str(db_path), "remind", "--notify"]
    for sub in ("uninstall", "status"):
        result = cli("remind", sub)
        assert result.exit_code == 1 and "no `crontab` command" in result.stderr


def test_a_failing_crontab_is_reported_and_nothing_written(cli, bin_dir, tmp_path):
    _script(bin_dir / "crontab", "echo 'you are not allowed to use this program' >&2\nexit 1\n")
    result = cli("remind", "install")
    assert result.exit_code == 1
    assert "`crontab -l` failed (you are not allowed to use this program)" in result.stderr


def test_paths_are_quoted_for_the_shell_and_for_cron(cli, cron, tmp_path):
    journal = tmp_path / "my journal's 100% $HOME `x`.db"
    ok(cli("--db", str(journal), "remind", "install"))
    [line] = ours(cron.content)
    assert b"100\\%" in line and b" 100% " not in line  # cron would cut the line at a bare %
    assert command_of(line)[-4:] == ["--db", str(journal), "remind", "--notify"]
    # /bin/sh gets exactly those arguments (what cron runs, with \% turned into %):
    fields = line.decode().split(None, 5)
    shown = subprocess.run(
        ["/bin/sh", "-c", "printf '%s\\n' " + fields[5].replace("\\%", "%").split(" ", 1)[1]],
        capture_output=True, text=True, check=True, env={"HOME": "/nope"}).stdout
    assert shown.splitlines() == ["--db", str(journal), "remind", "--notify"]


def test_a_path_with_a_line_break_cannot_go_in_a_crontab(cli, cron, tmp_path):
    result = cli("--db", str(tmp_path / "a\nb.db"), "remind", "install")
    assert result.exit_code == 1 and "line break" in result.stderr
    assert cron.content is None


def test_the_installed_cipn_writes_its_own_absolute_path(tmp_path, cron, bin_dir):
    """Through the installed script: cron gets the script's absolute path and the journal's,
    even when cipn was started with a relative --db."""
    installed = Path(sys.executable).parent / "cipn"
    assert installed.is_file(), "install the package (pip install -e '.[test]') to run this"
    work = tmp_path / "work"
    work.mkdir()
    done = subprocess.run([str(installed), "--db", "rel.db", "remind", "install", "--at", "21:15"],
                          cwd=work, capture_output=True, text=True,
                          env={**os.environ, "PATH": str(bin_dir)})
    assert done.returncode == 0, done.stderr
    [line] = ours(cron.content)
    assert command_of(line) == [str(installed), "--db", str(work / "rel.db"), "remind",
                                "--notify"]
    # and what cron would run works: nothing logged in that journal yet -> exit 1, silently
    # (the notification is all there is; there is no notifier on this PATH)
    ran = subprocess.run(command_of(line), capture_output=True, text=True,
                         env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)})
    assert (ran.returncode, ran.stdout, ran.stderr) == (1, "", "")


def test_remind_imports_nothing_heavy(cli, db_path):
    from helpers_process import heavy, loaded_modules

    ok(cli("log", "numbness=1"))
    modules, code = loaded_modules(["remind", "--notify"], db_path)
    assert code == "EXIT 0"
    assert "cipn_journal.store.journal" in modules
    assert heavy(modules) == []
    commands = sorted(m for m in modules if m.startswith("cipn_journal.commands."))
    assert commands == ["cipn_journal.commands.remind"]


# -- the weekly questions (issue 16 item 5, issue 18 item 1) -----------------------------------
WEEKLY_DUE = "It has been 8 days since your weekly questions: cipn weekly"


def test_remind_adds_the_weekly_line_and_the_exit_status_stays_about_today(cli):
    ok(cli("weekly", "numbness.severity=1", "numbness.interference=0", "--date", "8 days ago"))
    result = cli("remind")  # nothing logged today: exit 1, both lines
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.splitlines() == ["Nothing logged today yet: cipn checkin", WEEKLY_DUE]
    ok(cli("log", "numbness=1"))
    result = cli("remind")  # logged today: exit 0, the weekly line alone
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", WEEKLY_DUE + "\n")
    assert (cli("remind", "--quiet").exit_code, cli("remind", "--quiet").stderr) == (0, "")
    ok(cli("weekly", "numbness.severity=1", "numbness.interference=0", "--date", "6 days ago"))
    assert (cli("remind").exit_code, cli("remind").stderr) == (0, "")


def test_remind_asks_for_first_weekly_answers_only_after_a_week(cli):
    ok(cli("log", "numbness=1", "--date", "6 days ago"))
    ok(cli("log", "numbness=1"))
    assert (cli("remind").exit_code, cli("remind").stderr) == (0, "")
    ok(cli("log", "numbness=1", "--date", "7 days ago"))
    result = cli("remind")
    assert (result.exit_code, result.stderr) == (0, "Answer the weekly questions: cipn weekly\n")


def test_notify_mentions_the_weekly_questions(cli, notifier):
    ok(cli("log", "numbness=2", "--date", "9 days ago"))
    result = cli("remind", "--notify")
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", "")
    title, body, end = notifier.read_text().splitlines()
    assert body == ("Nothing logged today yet: run cipn checkin in a terminal. The weekly "
                    "questions are due: run cipn weekly in a terminal.")
    notifier.unlink()
    ok(cli("log", "numbness=2"))
    result = cli("remind", "--notify")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")
    assert notifier.read_text().splitlines()[1] == (
        "The weekly questions are due: run cipn weekly in a terminal.")


def test_install_and_status_warn_when_no_notification_can_be_shown(cli, cron):
    """Issue 25 item 4: with neither notify-send nor osascript, `remind --notify` shows nothing
    every evening: install and status say so, and what to install."""
    result = ok(cli("remind", "install", "--at", "20:00"))
    assert ours(cron.content)  # installed all the same: a notifier may come later
    warning = ("Warning: this machine has neither notify-send nor osascript, so the evening "
               "reminder cannot show a notification")
    assert warning in result.stderr
    assert "sudo apt install libnotify-bin" in result.stderr
    assert warning in ok(cli("remind", "status")).stderr


def test_no_warning_where_a_notifier_exists(cli, cron, notifier):
    assert "neither notify-send" not in ok(cli("remind", "install", "--at", "20:00")).stderr
    assert "neither notify-send" not in ok(cli("remind", "status")).stderr
