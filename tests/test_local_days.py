"""Journal times (issue 21 item 8, issue 24 item 20): the domain reads no clock and no time
zone; the day an alert was acknowledged and a question answered is stored when it happens,
computed once for older rows, and never recomputed in the zone of a later reader."""

import ast
import json
import os
import sqlite3
import time
from pathlib import Path

import pytest
from helpers_released import released_journal

import cipn_journal.domain

DOMAIN = Path(cipn_journal.domain.__file__).parent


@pytest.fixture
def zone(monkeypatch):
    """zone("Pacific/Kiritimati"): the machine's time zone for what follows (restored after)."""
    def use(name: str) -> None:
        monkeypatch.setenv("TZ", name)
        time.tzset()

    yield use
    monkeypatch.undo()
    time.tzset()


def test_the_domain_reads_no_clock_and_no_zone():
    """No `now()`, `today()`, `astimezone()` without a zone, `time.*` or `localtime` in domain/:
    callers pass today and the zone."""
    found = []
    for path in sorted(DOMAIN.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
                continue
            name = node.func.attr
            if name in ("now", "today", "utcnow", "localtime", "tzset") or (
                    name == "astimezone" and not node.args):
                found.append(f"{path.name}:{node.lineno} {name}()")
    assert found == []


def test_questions_done_day_stays_in_another_zone(cli, monkeypatch, zone):
    zone("UTC")
    monkeypatch.delenv("CIPN_JOURNAL_TODAY")
    monkeypatch.setenv("CIPN_JOURNAL_NOW", "2026-11-28T23:40:00+00:00")
    assert cli("ask", "Dose?").exit_code == 0
    assert cli("questions", "done", "1").exit_code == 0
    zone("Pacific/Kiritimati")  # 13:40 on the 29th there
    monkeypatch.setenv("CIPN_JOURNAL_NOW", "2026-11-29T10:00:00+00:00")
    [question] = json.loads(cli("questions", "--all", "--json").stdout)
    assert question["done_on"] == "2026-11-28"
    listing = cli("questions", "--all").stdout
    assert "2026-11-28" in listing and "2026-11-29" not in listing
    again = cli("questions", "done", "1")
    assert "was already answered (2026-11-28)" in again.stderr


def test_older_rows_get_their_day_once_at_the_upgrade(cli, db_path, zone):
    """A released journal acknowledged alert 1 at 23:30 UTC on Nov 5 and answered question 1 at
    23:40: upgraded where the zone is UTC+14, they are the 6th, and stay the 6th read in UTC."""
    released_journal(db_path, 1)
    zone("Pacific/Kiritimati")
    assert cli("history").exit_code == 0  # upgrades it
    zone("UTC")
    conn = sqlite3.connect(db_path)
    try:
        assert conn.execute("SELECT id, acknowledged_on FROM alerts WHERE status = "
                            "'acknowledged'").fetchall() == [(1, "2026-11-06")]
        assert conn.execute("SELECT done_on FROM questions").fetchall() == [("2026-11-06",)]
    finally:
        conn.close()
    assert "[acknowledged 2026-11-06: told the nurse]" in cli("alerts", "--all").stdout


def test_an_import_without_days_records_them_once(cli, tmp_path, monkeypatch, zone):
    """A JSON file from before the days (acknowledged_at only): the import stores the local day
    of that time where it is imported; a file with the day keeps it."""
    zone("UTC")
    monkeypatch.delenv("CIPN_JOURNAL_TODAY")
    monkeypatch.setenv("CIPN_JOURNAL_NOW", "2026-11-28T23:30:00+00:00")
    source = tmp_path / "a.db"
    assert cli("--db", str(source), "log", "numbness=8").exit_code == 0
    assert cli("--db", str(source), "alerts", "ack", "--all-open").exit_code == 0
    out = tmp_path / "a.json"
    assert cli("--db", str(source), "export", "--since", "all", "-o", str(out)).exit_code == 0
    data = json.loads(out.read_text())
    assert [a["acknowledged_on"] for a in data["alerts"]] == ["2026-11-28"]
    zone("Pacific/Kiritimati")
    monkeypatch.setenv("CIPN_JOURNAL_NOW", "2026-11-29T10:00:00+00:00")
    kept = tmp_path / "kept.db"
    assert cli("--db", str(kept), "import", str(out)).exit_code == 0
    for alert in data["alerts"]:
        del alert["acknowledged_on"]
    old = tmp_path / "old.json"
    old.write_text(json.dumps(data))
    computed = tmp_path / "computed.db"
    assert cli("--db", str(computed), "import", str(old)).exit_code == 0
    zone("UTC")
    for path, day in ((kept, "2026-11-28"), (computed, "2026-11-29")):
        conn = sqlite3.connect(path)
        try:
            assert {d for (d,) in conn.execute("SELECT acknowledged_on FROM alerts")} == {day}
        finally:
            conn.close()
    assert os.environ["TZ"] == "UTC"
