"""Issue 25, what a terminal shows: the help page, alert wording said of yesterday, the alerts
listing and the alert box at 60 and 80 columns, NO_COLOR and TERM=dumb on a terminal, the
history title, `cipn` alone, `treatment next`. The width-dependent ones run the real `cipn` on a
pseudo-terminal of a given size."""

from helpers_journal import ok


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
    ok(cli("log", "burning=3", "--date", "yesterday"))
    ok(cli("weekly", "extent.feet=toes", "--date", "2026-11-17"))
    ok(cli("weekly", "extent.feet=knee", "--date", "yesterday"))
    listed = ok(cli("alerts")).stdout
    assert "Burning was new yesterday (3/10)." in listed
    assert "reached the knee yesterday" in listed
    assert "is new yesterday" not in listed and "reaches the knee yesterday" not in listed
