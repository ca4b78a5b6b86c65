"""Issue 25, what a terminal shows: the help page, alert wording said of yesterday, the alerts
listing and the alert box at 60 and 80 columns, NO_COLOR and TERM=dumb on a terminal, the
history title, `cipn` alone, `treatment next`. The width-dependent ones run the real `cipn` on a
pseudo-terminal of a given size."""

import fcntl
import json
import os
import pty
import struct
import subprocess
import sys
import termios

from helpers_journal import ok


def on_a_terminal(args, *, columns: int, env: dict | None = None,
                  stdin=subprocess.DEVNULL) -> tuple[int, str, str]:
    """The real `cipn ARGS` with stdout on a pseudo-terminal `columns` wide (no COLUMNS in the
    environment: the width comes from the terminal, as in tmux); (exit, stdout, stderr)."""
    main, secondary = pty.openpty()
    fcntl.ioctl(secondary, termios.TIOCSWINSZ, struct.pack("HHHH", 50, columns, 0, 0))
    child_env = {k: v for k, v in os.environ.items()
                 if k not in ("COLUMNS", "LINES", "NO_COLOR")}
    child_env.update({"TERM": "xterm-256color", **(env or {})})
    try:
        process = subprocess.run([sys.executable, "-m", "cipn_journal", *args], stdin=stdin,
                                 stdout=secondary, stderr=subprocess.PIPE, env=child_env,
                                 timeout=60)
    finally:
        os.close(secondary)
    chunks = []
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(main)
    text = b"".join(chunks).decode().replace("\r\n", "\n")
    return process.returncode, text, process.stderr.decode()


def visible(text: str) -> str:
    """What a terminal shows: the colour codes taken out."""
    import re

    return re.sub(r"\x1b\[[0-9;]*m", "", text)


def test_help_lists_export_on_one_line(cli):
    """Item 15: the export line of `cipn --help` has no stray line break in its summary."""
    result = ok(cli("--help", env={"COLUMNS": "200"}))
    line = next(x for x in result.stdout.splitlines() if " export " in x)
    assert "calendar (ics)." in line


def test_format_error_has_no_wrong_article(cli, tmp_path):
    """Item 15: no "a ics file name"."""
    ok(cli("log", "numbness=2"))
    result = cli("export", "--format", "md", "-o", str(tmp_path / "x.ics"))
    assert result.exit_code == 2
    assert result.stderr == ("Error: --format md does not match -o x.ics (the ending of ics "
                             "files): give --format ics, or a file name ending in .md.\n")


def test_alerts_of_yesterday_are_said_in_the_past(cli):
    """Item 15: "is new yesterday" and "now reaches the knee yesterday" read as past."""
    for day in range(16, 23):  # 7 days burning counts 0 on: it can be new (issue 22 rule 3)
        ok(cli("log", "tingling=0", "--date", f"2026-11-{day}"))
    ok(cli("log", "burning=3", "--date", "yesterday"))
    ok(cli("weekly", "extent.feet=toes", "--date", "2026-11-17"))
    ok(cli("weekly", "extent.feet=knee", "--date", "yesterday"))
    listed = ok(cli("alerts")).stdout
    assert "Burning was new yesterday (3/10)." in listed
    assert "reached the knee yesterday" in listed
    assert "is new yesterday" not in listed and "reaches the knee yesterday" not in listed


def test_history_title_wraps_at_the_terminal_not_the_table(cli):
    """Item 18: at 50 columns the two-symptom table is 45 wide; its title is one line."""
    for day in ("2026-11-20", "2026-11-21", "2026-11-24"):
        ok(cli("log", "numbness=3", "tingling=2", "--date", day))
    code, shown, _ = on_a_terminal(["history"], columns=50)
    assert code == 0
    lines = visible(shown).splitlines()
    assert "Symptoms by day (0 none - 10 worst; · not logged)" in lines
    assert "numb = numbness, tingl = tingling" in lines


def test_no_color_and_dumb_terminal_drop_colour_only(cli):
    """Item 3: NO_COLOR=1 or TERM=dumb on an 80-column terminal keeps the terminal layout,
    fitted to the width, without a single escape code."""
    ok(cli("demo"))
    code, coloured, _ = on_a_terminal(["summary"], columns=80)
    assert code == 0 and "\x1b[" in coloured
    for env in ({"NO_COLOR": "1"}, {"TERM": "dumb"}):
        code, shown, _ = on_a_terminal(["summary"], columns=80, env=env)
        assert code == 0
        assert "\x1b" not in shown
        assert shown == visible(coloured)
        assert max(len(line) for line in shown.splitlines()) <= 80


def words(text: str) -> list[str]:
    """The words a terminal shows, box-drawing characters aside."""
    import re

    return re.sub(r"[│┃║╭╮╰╯┏┓┗┛┡┩━─═]", " ", visible(text)).split()


def test_alerts_listing_keeps_words_whole_at_60_and_80_columns(cli):
    """Item 2: at 60 columns the message column was squeezed to 8 characters ("composit|e",
    "2026-11-|22"); now every date and word of every message is shown whole."""
    ok(cli("demo"))
    ok(cli("log", "numbness=9", "pain=8", "--falls", "1"))  # alerts of every level are open
    listed = ok(cli("alerts", "--json")).stdout
    import json

    from cipn_journal.domain.alerts import spoken

    found = json.loads(listed)
    assert len(found) >= 3
    for columns in (60, 80):
        code, shown, hint = on_a_terminal(["alerts"], columns=columns)
        assert code == 0
        assert max(len(line) for line in visible(shown).splitlines()) <= columns
        lines = visible(shown).splitlines()
        if any(line.startswith("│") for line in lines):  # the table: read its What column
            cells = [line.split("│")[5] for line in lines if line.startswith("│")]
            shown_words = " ".join(cells).split()
        else:
            shown_words = words(shown)
        if columns == 60:  # too narrow for a 28-column message: one block per alert
            assert "│" not in shown
        for alert in found:
            message = spoken(alert["message"], alert["date"], __import__("datetime").date(
                2026, 11, 25))
            if not alert["current"]:  # aged (issue 22 rule 7): its "not yet told" line
                message = "not yet told: " + f"{alert['value']}/10"
            assert " ".join(message.split()) in " ".join(shown_words), (columns, message)
            assert alert["date"] in " ".join(visible(shown).split())


def test_alert_box_title_is_never_cut(cli):
    """Item 2: the `soon` heading during treatment ("Notify your doctor or nurse at your next
    contact, or sooner if it worries you") is 78 characters; in a 60-column box it is the first
    line inside the box, whole, not a cut title."""
    ok(cli("treatment", "next", "2026-12-01"))  # a planned infusion: during treatment
    for back in range(1, 8):  # 7 days tingling counts 0 on: it can be new (issue 22 rule 3)
        ok(cli("log", "numbness=0", "--date", f"{back} days ago"))
    ok(cli("log", "tingling=3"))
    heading = ("Notify your doctor or nurse at your next contact, or sooner if it worries you")
    for columns in (60, 80):
        code, shown, _ = on_a_terminal(["summary"], columns=columns)
        assert code == 0
        assert heading in " ".join(words(shown)), columns
        assert "…" not in shown


def test_summary_until_shows_the_alerts_known_then(cli):
    """Item 16: `summary --until 2026-10-31` showed November's open alerts. A window that ended
    earlier shows the alerts open at its end: raised by then, not acknowledged by then."""
    for day in range(10, 17):  # 7 days naming numbness only: the others count 0 (rule 3)
        ok(cli("log", "numbness=0", "--date", f"2026-10-{day}"))
    ok(cli("log", "burning=3", "--date", "2026-10-20"))   # new: alert 1
    ok(cli("log", "pain=4", "--date", "2026-10-25"))      # new: alert 2
    ok(cli("alerts", "ack", "2", "--date", "2026-11-02"))  # told after the window's end
    ok(cli("log", "grip=5", "--date", "2026-11-20"))      # new: alert 3, after the window
    ok(cli("alerts", "ack", "1", "--date", "2026-10-22"))  # told before the window's end
    import json

    then = json.loads(ok(cli("summary", "--until", "2026-10-31", "--json")).stdout)
    # Pain's alerts of Oct 25 (new, and worse against the 0 counted on Oct 20): open then.
    assert {(a["subject"], a["date"]) for a in then["alerts"]} == {("pain", "2026-10-25")}
    plain = ok(cli("summary", "--until", "2026-10-31")).stdout
    # new and 4 points above the 0s (a call today) on a day logged later: `soon` (rule 9)
    assert "Shooting or stabbing pain was new on 2026-10-25 (4/10)." in plain
    assert "Grip" not in plain and "Dropping" not in plain
    now = json.loads(ok(cli("summary", "--json")).stdout)
    assert ("grip", "2026-11-20") in {(a["subject"], a["date"]) for a in now["alerts"]}
    assert 2 not in [a["id"] for a in now["alerts"]]  # acknowledged on Nov 2


# -- `cipn` alone -------------------------------------------------------------------------------
def test_cipn_alone_on_a_terminal_shows_the_status(cli, db_path):
    """Beyond the list: `cipn` with no command on a terminal: today logged or not, open alerts
    by level, the weekly questions, the next infusion and visit, the three usual commands; at
    60 and 80 columns, every line within the width."""
    ok(cli("demo"))
    ok(cli("treatment", "next", "2026-11-26"))
    ok(cli("log", "numbness=9", "--falls", "1"))  # today: a severe value and a fall
    found = json.loads(ok(cli("alerts", "--json")).stdout)
    # An alert that aged (issue 22 rule 7) counts where it is shown: `soon`.
    levels = ["soon" if a["urgency"] == "today" and not a["current"] else a["urgency"]
              for a in found]
    assert levels.count("today") and levels.count("next")
    counts = ", ".join(f"{levels.count(level)} {words}" for level, words in (
        ("today", "today"), ("soon", "soon"), ("next", "for the next infusion"))
        if levels.count(level))
    for columns in (60, 80):
        code, shown, errors = on_a_terminal([], columns=columns)
        assert (code, errors) == (0, "")
        text = " ".join(visible(shown).split())
        assert "Today: logged" in text
        assert f"Alerts: {counts} (cipn alerts). This journal is not monitored by " \
               "anyone." in text
        assert "Next: oxaliplatin tomorrow (2026-11-26); visit with oncology clinic on Wed 2 " \
               "Dec (in 7 days)" in text
        for command in ("cipn checkin", "cipn log numbness=3 tingling=2", "cipn summary",
                        "cipn --help"):
            assert command in text
        assert "Usage:" not in text
        assert max(len(line) for line in visible(shown).splitlines()) <= columns


def test_cipn_alone_says_what_is_due_and_creates_nothing(cli, db_path):
    code, shown, _ = on_a_terminal([], columns=80)
    assert code == 0
    assert "Journal: none yet at" in " ".join(visible(shown).split())
    assert not db_path.exists()
    ok(cli("log", "numbness=8", "--date", "2026-11-10"))  # severe, logged later: soon
    code, shown, _ = on_a_terminal([], columns=80)
    text = " ".join(visible(shown).split())
    assert "Today: nothing logged yet: cipn checkin" in text
    assert "Alerts: 1 soon (cipn alerts)." in text
    assert "Weekly: questions due: cipn weekly" in text


def test_cipn_alone_off_a_terminal_prints_the_help_as_before(cli):
    """Through a pipe or a script, `cipn` alone keeps its old behaviour (the help, exit 2);
    `--help` is the help everywhere."""
    result = cli()
    assert result.exit_code == 2 and "Usage: cipn" in result.stdout
    assert "Today:" not in result.stdout
    missing = cli("--db", "elsewhere.db")
    assert (missing.exit_code, missing.stderr) == (
        2, "Error: Missing command. See 'cipn --help'.\n")
    code, shown, _ = on_a_terminal(["--help"], columns=80)
    assert code == 0 and "Usage: cipn" in visible(shown)


def test_alerts_all_at_60_columns_shows_an_acknowledgement_note_whole(cli):
    for day in range(12, 19):  # 7 days burning counts 0 on: it can be new (issue 22 rule 3)
        ok(cli("log", "tingling=0", "--date", f"2026-11-{day}"))
    ok(cli("log", "burning=3", "--date", "2026-11-20"))
    ok(cli("alerts", "ack", "1", "--note", "told the oncology nurse on the phone, she said to "
           "keep logging"))
    code, shown, _ = on_a_terminal(["alerts", "--all"], columns=60)
    assert code == 0
    text = " ".join(visible(shown).split())
    assert ("#1 2026-11-20 soon new acknowledged Burning is new on 2026-11-20 (3/10). "
            "acknowledged: told the oncology nurse on the phone, she said to keep logging") in text
