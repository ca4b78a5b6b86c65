"""`cipn export --format ics` (and `-o FILE.ics`) through the CLI: the calendar parses back with
the icalendar library, one all-day VEVENT per infusion and per visit (past and planned), UIDs
stable across exports, no health detail beyond drug and visit, hostile text stays text, and
--format/extension agreement."""

import re
from datetime import UTC, date, datetime

from icalendar import Calendar

HOSTILE = "Dr Patel, oncology;\nroom 3\t\x1b[31mred\x07 \\ back\u202eslash"


def ok(result):
    assert result.exit_code == 0, (result.exit_code, result.stderr)
    return result


def build(cli):
    """Today is 2026-11-25: two oxaliplatin infusions (one with a private note), a drug the
    journal does not know, a past visit, two planned visits, symptoms, a note, a
    fall and a question: only drugs and visits may reach the calendar."""
    ok(cli("treatment", "add", "oxaliplatin", "--date", "2026-11-04", "--dose", "85mg/m2",
           "--route", "iv", "--note", "PRIVATE infusion note"))
    ok(cli("treatment", "add", "Eloxatin", "--date", "2026-11-18", "--dose", "85mg/m2",
           "--cycle", "3"))
    ok(cli("treatment", "add", "FOLFOX; 5-FU,\nbolus\x1b[2J", "--date", "2026-11-18"))
    ok(cli("log", "numbness=8", "tingling=6", "--date", "2026-11-20", "--falls", "1",
           "--note", "PRIVATE day note"))
    ok(cli("visit", "add", "2026-11-10", "--with", HOSTILE))
    ok(cli("visit", "add", "2026-12-02"))
    ok(cli("visit", "add", "2026-12-03", "--with", "Nurse Jo"))  # one visit a day (issue 14)
    ok(cli("ask", "PRIVATE question for the visit"))


def journal_id(query) -> str:
    [(found,)] = query("SELECT journal_id FROM journal")
    return found


def export(cli, tmp_path, *args, name="treatment.ics"):
    target = tmp_path / name
    result = ok(cli("export", *args, "-o", str(target), "--force"))
    return target, result


def events(data: bytes):
    calendar = Calendar.from_ical(data)
    return [(str(e["uid"]), e.decoded("dtstart"), str(e["summary"]), e)
            for e in calendar.walk("VEVENT")]


def test_one_all_day_event_per_infusion_and_visit(cli, tmp_path, query):
    build(cli)
    j = journal_id(query)
    target, result = export(cli, tmp_path, "--format", "ics")
    assert result.stdout == ""
    assert "Wrote the ics export (the whole journal) to" in result.stderr
    found = events(target.read_bytes())
    assert [(uid, day, summary) for uid, day, summary, _ in found] == [
        (f"treatment-2026-11-04-oxaliplatin-{j}@cipn-journal", date(2026, 11, 4),
         "oxaliplatin, cycle 1, 85 mg/m2"),
        (f"visit-2026-11-10-{j}@cipn-journal", date(2026, 11, 10),
         "Visit with Dr Patel, oncology; / room 3 \ufffd[31mred\ufffd \\ back\ufffdslash"),
        (found[2][0], date(2026, 11, 18), "folfox; 5-fu, bolus\ufffd[2j, cycle 1"),
        (f"treatment-2026-11-18-oxaliplatin-{j}@cipn-journal", date(2026, 11, 18),
         "oxaliplatin, cycle 3, 85 mg/m2"),
        (f"visit-2026-12-02-{j}@cipn-journal", date(2026, 12, 2), "Clinic visit"),
        (f"visit-2026-12-03-{j}@cipn-journal", date(2026, 12, 3), "Visit with Nurse Jo"),
    ]
    assert re.fullmatch(r"treatment-2026-11-18-folfox-5-fu-bolus-2j-[0-9a-f]{10}-"
                        + re.escape(j) + r"@cipn-journal", found[2][0])
    for _, day, _, event in found:
        assert type(day) is date  # all-day: a DATE, not a date-time
        assert event.decoded("dtend") == date.fromordinal(day.toordinal() + 1)
        assert set(event) == {"UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "TRANSP"}


def test_no_health_detail_beyond_drug_and_visit(cli, tmp_path):
    build(cli)
    target, _ = export(cli, tmp_path)
    text = target.read_text().lower()
    for private in ("private", "numbness", "tingling", "fall", "route", "iv", "grade",
                    "alert", "platinum"):
        assert private not in text, private


def test_hostile_text_stays_text(cli, tmp_path):
    build(cli)
    target, _ = export(cli, tmp_path)
    raw = target.read_bytes()
    # Only CRLF line ends and printable text: no escape, bell or bidi character reaches a file
    # that a calendar (or `cat`) reads, and no line break splits a property.
    assert not re.search(rb"[\x00-\x08\x0a-\x0c\x0e-\x1f\x7f]", raw.replace(b"\r\n", b""))
    assert "\u202e" not in raw.decode()
    assert b"Dr Patel\\, oncology\\; / room 3" in raw  # RFC 5545 escapes, kept as text
    assert raw.count(b"BEGIN:VEVENT") == 6  # a semicolon or newline made no extra property
    assert not re.search(rb"^(ROOM|BOLUS|[0-9]-FU)", raw, re.M)


def test_uids_and_content_are_stable_across_exports(cli, tmp_path, query):
    build(cli)
    j = journal_id(query)
    first, _ = export(cli, tmp_path, name="a.ics")
    second, _ = export(cli, tmp_path, name="b.ics")
    assert first.read_bytes() == second.read_bytes()
    # DTSTAMP is when the record was last written, not the export's clock:
    [(written,)] = query("SELECT recorded_at FROM visits WHERE with_whom = 'Nurse Jo'")
    [stamp] = [e.decoded("dtstamp") for uid, _, _, e in events(first.read_bytes())
               if uid == f"visit-2026-12-03-{j}@cipn-journal"]
    assert stamp == datetime.fromisoformat(written).astimezone(UTC)
    # A changed record keeps its UID: a calendar updates the event rather than adding one.
    before = {uid: (summary, event.decoded("dtstamp")) for uid, _, summary, event in
              events(first.read_bytes())}
    ok(cli("treatment", "add", "oxaliplatin", "--date", "2026-11-04", "--dose", "70mg/m2"))
    ok(cli("visit", "add", "2026-12-09", "--with", "Dr Patel"))
    third, _ = export(cli, tmp_path, name="c.ics")
    after = {uid: (summary, event.decoded("dtstamp")) for uid, _, summary, event in
             events(third.read_bytes())}
    assert set(after) == set(before) | {f"visit-2026-12-09-{j}@cipn-journal"}
    uid = f"treatment-2026-11-04-oxaliplatin-{j}@cipn-journal"
    assert after[uid][0] == "oxaliplatin, cycle 1, 70 mg/m2"
    assert after[uid][1] >= before[uid][1]


def test_uids_survive_a_rebuild_from_json_but_not_an_import_into_another_journal(cli, tmp_path):
    """A journal rebuilt in a new file from its JSON export is the same journal: the same UIDs.
    Importing it into another person's journal makes that journal's events (issue 24 item 4)."""
    build(cli)
    ours, _ = export(cli, tmp_path, name="ours.ics")
    ok(cli("export", "--format", "json", "--since", "all", "-o", str(tmp_path / "all.json")))
    rebuilt = tmp_path / "rebuilt.db"
    ok(cli("--db", str(rebuilt), "import", str(tmp_path / "all.json")))
    again = tmp_path / "again.ics"
    ok(cli("--db", str(rebuilt), "export", "-o", str(again)))
    mine = {uid: summary for uid, _, summary, _ in events(ours.read_bytes())}
    assert {uid: summary for uid, _, summary, _ in events(again.read_bytes())} == mine

    other = tmp_path / "other.db"
    ok(cli("--db", str(other), "treatment", "add", "paclitaxel", "--date", "2026-10-01"))
    ok(cli("--db", str(other), "import", str(tmp_path / "all.json")))
    theirs = tmp_path / "theirs.ics"
    ok(cli("--db", str(other), "export", "-o", str(theirs)))
    copied = {uid: summary for uid, _, summary, _ in events(theirs.read_bytes())}
    assert sorted(copied.values()) == sorted([*mine.values(), "paclitaxel, cycle 1"])
    assert not set(copied) & set(mine)


def test_window_options_still_apply(cli, tmp_path):
    build(cli)
    target, result = export(cli, tmp_path, "--since", "2026-11-15", "--until", "2026-11-30")
    assert [day for _, day, _, _ in events(target.read_bytes())] == [
        date(2026, 11, 18), date(2026, 11, 18)]
    assert "(2026-11-15 to 2026-11-30)" in result.stderr


def test_empty_or_missing_journal_is_an_empty_calendar(cli, tmp_path, db_path):
    missing = cli("export", "-o", str(tmp_path / "treatment.ics"))
    assert missing.exit_code == 1 and "No journal at" in missing.stderr  # issue 14
    assert not db_path.exists() and not (tmp_path / "treatment.ics").exists()
    ok(cli("symptoms", "add", "cramps", "--label", "Cramps"))  # a journal with no entries
    target, _ = export(cli, tmp_path)
    assert events(target.read_bytes()) == []
    assert Calendar.from_ical(target.read_bytes())["PRODID"] == (
        "-//cipn-journal//treatment calendar//EN")


def test_extension_picks_ics_and_a_contradiction_is_bad_input(cli, tmp_path):
    build(cli)
    target, _ = export(cli, tmp_path, name="from-extension.ICS")
    assert target.read_bytes().startswith(b"BEGIN:VCALENDAR\r\n")
    for fmt, name in (("md", "x.ics"), ("json", "x.ics"), ("ics", "x.md"), ("ics", "x.json")):
        result = cli("export", "--format", fmt, "-o", str(tmp_path / name))
        assert result.exit_code == 2, (fmt, name)
        assert f"--format {fmt} does not match -o {name}" in result.stderr
        assert not (tmp_path / name).exists()
    # Every format's ending picks it; an ending no format has keeps md, the default.
    target, _ = export(cli, tmp_path, name="summary.html")
    assert target.read_text().startswith("<!DOCTYPE html>")
    target, _ = export(cli, tmp_path, name="summary.txt")
    assert target.read_text().startswith("# CIPN symptom summary")
    target, _ = export(cli, tmp_path, "--format", "ics", name="calendar.txt")
    assert target.read_bytes().startswith(b"BEGIN:VCALENDAR")


def test_ics_goes_to_a_pipe_but_not_a_terminal(cli):
    build(cli)
    result = ok(cli("export", "--format", "ics"))
    assert result.stdout.startswith("BEGIN:VCALENDAR\n")  # CliRunner shows CRLF as LF
    assert len(events(result.stdout.encode())) == 6


def test_icalendar_is_imported_only_by_the_ics_module():
    from pathlib import Path

    import cipn_journal

    package = Path(cipn_journal.__file__).parent
    importing = sorted(str(path.relative_to(package)) for path in package.rglob("*.py")
                       if re.search(r"^\s*(import|from) icalendar\b", path.read_text(), re.M))
    assert importing == ["export/ics.py"]


def test_ics_refuses_a_terminal(cli):
    import os

    from helpers_process import on_a_terminal as _on_a_terminal

    build(cli)
    code, stderr, shown = _on_a_terminal(["export", "--format", "ics"], dict(os.environ))
    assert code == 2 and shown == ""
    assert "give -o FILE, e.g. cipn export --format ics -o summary.ics" in stderr
