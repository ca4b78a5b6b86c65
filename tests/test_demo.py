"""`cipn demo`: a deterministic sample journal that tells a story a clinician recognises, and the
alerts its days raise (checked by hand against the story)."""

import json
import sqlite3
from datetime import date

import pytest
from conftest import TODAY
from helpers_journal import counts_by_level_and_rule

from cipn_journal.domain import demo

INFUSIONS = ["2026-09-10", "2026-09-24", "2026-10-08", "2026-10-22", "2026-11-05", "2026-11-19"]

# Oxaliplatin every 2 weeks from 2026-09-10: cold-triggered symptoms and tingling flare on each
# infusion day, the expected acute syndrome (issue 22 rule 5: one `next` note a cycle, never a
# call today), constipation the day after (anti-sickness medicines), numbness first appears in
# cycle 3 and does not go away before the next infusion from then on (issue 22 rule 10: one
# `persisting` alert a cycle naming numbness and tingling, 1 or more above the 0 of the week
# before treatment; its subject is numbness, the first of the two). Alerts are acknowledged at
# the next infusion (the person tells the chemotherapy nurse); constipation at 3/10 for 3 days
# after each cycle stays below its own rule (issue 22 rule 12: 4 or more on 3 days with a value
# in a row): no alert in any cycle.
EXPECTED_ALERTS = [
    ("2026-09-10", "tingling", "acute", 1, "acknowledged"),
    ("2026-09-10", "cold", "acute", 4, "acknowledged"),
    ("2026-09-24", "tingling", "acute", 1, "acknowledged"),
    ("2026-09-24", "cold", "acute", 5, "acknowledged"),
    ("2026-10-08", "tingling", "acute", 2, "acknowledged"),
    ("2026-10-08", "cold", "acute", 4, "acknowledged"),
    ("2026-10-17", "numbness", "new", 1, "acknowledged"),
    ("2026-10-19", "numbness", "persisting", 2, "acknowledged"),
    ("2026-10-22", "tingling", "acute", 3, "acknowledged"),
    ("2026-10-22", "cold", "acute", 5, "acknowledged"),
    ("2026-11-02", "numbness", "persisting", 1, "acknowledged"),
    ("2026-11-05", "tingling", "acute", 2, "acknowledged"),
    ("2026-11-05", "cold", "acute", 5, "acknowledged"),
    ("2026-11-16", "numbness", "persisting", 2, "acknowledged"),
    ("2026-11-19", "cold", "acute", 5, "open"),
    ("2026-11-20", "tingling", "acute", 4, "open"),
]


def test_demo_raises_the_expected_alerts(cli):
    result = cli("demo")
    assert result.exit_code == 0
    assert "12-week demo journal" in result.stderr
    alerts = json.loads(cli("alerts", "--all", "--json").stdout)
    assert [(a["date"], a["subject"], a["rule"], a["value"], a["status"])
            for a in sorted(alerts, key=lambda a: (a["date"], a["id"]))] == EXPECTED_ALERTS
    assert [a["symptoms"] for a in sorted(alerts, key=lambda a: a["date"])
            if a["rule"] == "persisting"] == [{"numbness": 2, "tingling": 2},
                                              {"numbness": 1, "tingling": 1},
                                              {"numbness": 2, "tingling": 1}]
    # Listed by level; the cold flares are the expected acute syndrome: no call today.
    levels = [a["urgency"] for a in alerts]
    assert levels == sorted(levels, key=["today", "soon", "next"].index)
    assert "today" not in levels
    # Every infusion day brings one `next` flare note for cold.
    assert all(any(a[0] == day and a[1] == "cold" and a[2] == "acute" for a in EXPECTED_ALERTS)
               for day in INFUSIONS)


ALERT_COLUMNS = ("id, date, subject, rule, value, reference, message, urgency, escalates, "
                 "status")


def test_the_demo_stores_exactly_the_alerts_logging_its_values_would(cli, query, tmp_path):
    """Issue 21: the demo goes through the same pipeline as `log`. Its infusions are added with
    `cipn treatment add` and its values logged day by day with `cipn log` into a second journal,
    the open alerts acknowledged with `cipn alerts ack` on the days the demo person tells the
    care team: the same alerts, one for one."""
    assert cli("demo").exit_code == 0
    made = query(f"SELECT {ALERT_COLUMNS} FROM alerts ORDER BY id")
    sample = demo.generate(weeks=12, today=date.fromisoformat(TODAY))
    told = demo.told_days(sample)
    second = str(tmp_path / "logged.db")
    for infusion in sample.infusions:
        added = cli("--db", second, "treatment", "add", "oxaliplatin", "--date",
                    infusion.isoformat())
        assert added.exit_code == 0, added.stderr
    for day in sorted(sample.values):
        for told_day in told.get(day, []):
            acked = cli("--db", second, "alerts", "ack", "--all-open", "--date",
                        told_day.isoformat())
            assert acked.exit_code == 0, acked.stderr
        values = [f"{key}={value}" for key, value in sample.values[day].items()]
        facts = ["--limits", sample.limits[day]]
        if day in sample.falls:
            facts += ["--falls", str(sample.falls[day])]
        # each day logged on that day, as the demo person did (a day logged 3 or more days
        # later raises at most `soon`: issue 22 rule 9)
        logged = cli("--db", second, "log", *values, *facts, "--date", day.isoformat(),
                     env={"CIPN_JOURNAL_TODAY": day.isoformat()})
        assert logged.exit_code == 0, logged.stderr
    with sqlite3.connect(second) as conn:
        replayed = conn.execute(f"SELECT {ALERT_COLUMNS} FROM alerts ORDER BY id").fetchall()
    assert replayed == made
    assert len(made) == len(EXPECTED_ALERTS)
    assert {row[3] for row in made} == {"acute", "new", "persisting"}


def test_demo_counts_by_level_and_rule(cli, capsys):
    """Issue 22, done when: the 12-week demo stores at most 2 `today` alerts, none an expected
    cold flare, at least one `next` flare note per cycle and at least one `persisting` alert."""
    assert cli("demo", "--weeks", "12").exit_code == 0
    alerts = json.loads(cli("alerts", "--all", "--json").stdout)
    counts = counts_by_level_and_rule(alerts)
    with capsys.disabled():
        print("\n12-week demo, alerts by level and rule:", counts)
    assert sum(n for (level, _rule), n in counts.items() if level == "today") <= 2
    assert not [a for a in alerts if a["urgency"] == "today"
                and (a["rule"] == "acute" or a["subject"] == "cold")]
    assert all(any(a["rule"] == "acute" and a["urgency"] == "next"
                   and infusion <= a["date"] < later for a in alerts)
               for infusion, later in zip(INFUSIONS, [*INFUSIONS[1:], "9999"], strict=True))
    assert counts.get(("soon", "persisting"), 0) >= 1


@pytest.mark.parametrize("weeks", [1, 40])
def test_demo_alerts_are_acknowledged_on_the_told_days(cli, query, weeks):
    """Every alert older than the last told day is acknowledged, at the evening of a told day."""
    assert cli("demo", "--weeks", str(weeks)).exit_code == 0
    sample = demo.generate(weeks=weeks, today=date.fromisoformat(TODAY))
    told = sorted(d for days in demo.told_days(sample).values() for d in days)
    rows = query("SELECT date, status, acknowledged_at FROM alerts")
    assert (rows == []) == (weeks == 1)
    for day, status, acknowledged_at in rows:
        if told and day < told[-1].isoformat():
            assert status == "acknowledged"
            assert acknowledged_at in {demo.evening(d) for d in told if d.isoformat() > day}


def test_demo_story_in_the_numbers(cli, query):
    cli("demo")
    by_day = dict(query("SELECT date, severity FROM observations WHERE symptom = 'cold'"))
    for day in INFUSIONS:
        assert by_day[day] >= 4  # acute cold symptoms after each infusion
    numb = [v for _, v in query("SELECT date, severity FROM observations "
                                "WHERE symptom = 'numbness' ORDER BY date")]
    assert max(numb[:35]) == 0 and sum(numb[-14:]) / 14 >= 2  # appears, then builds
    assert query("SELECT COUNT(DISTINCT symptom) FROM observations") == [(10,)]
    days = query("SELECT COUNT(*) FROM days")[0][0]
    assert 70 <= days < 84  # a few missed days
    assert query("SELECT COUNT(*) FROM notes")[0][0] >= 3


def test_demo_is_deterministic(cli, query, tmp_path):
    cli("demo")
    first = query("SELECT date, symptom, severity FROM observations ORDER BY date, symptom")
    other = tmp_path / "other.db"
    cli("--db", str(other), "demo")
    import sqlite3

    conn = sqlite3.connect(other)
    second = conn.execute(
        "SELECT date, symptom, severity FROM observations ORDER BY date, symptom").fetchall()
    conn.close()
    assert first == second


def test_demo_refuses_a_journal_with_entries_unless_forced(cli, db_path, query):
    cli("log", "numbness=2")
    before = db_path.read_bytes()
    result = cli("demo")
    assert result.exit_code == 1
    assert "already has entries" in result.stderr and "--force" in result.stderr
    assert db_path.read_bytes() == before
    result = cli("demo", "--weeks", "2", "--force")
    assert result.exit_code == 0
    backups = list(db_path.parent.glob("journal.before-demo-*.db"))
    assert len(backups) == 1  # the previous journal is kept
    import sqlite3

    conn = sqlite3.connect(backups[0])
    assert conn.execute("SELECT symptom, severity FROM observations").fetchall() == [
        ("numbness", 2)]
    conn.close()
    assert query("SELECT MIN(date), MAX(date) FROM observations") == [
        ("2026-11-12", "2026-11-25")]
    undone = cli("undo")
    assert f"the journal it replaced is saved in {backups[0]}" in undone.stderr


def test_ten_year_demo(cli, query):
    assert cli("demo", "--weeks", "520").exit_code == 0
    assert query("SELECT COUNT(*) FROM observations")[0][0] > 34000
    assert query("SELECT COUNT(*) FROM treatments") == [(12,)]
    # After the 12 cycles the person is followed up every 4 weeks: no stale open alerts.
    assert query("SELECT COUNT(*) FROM alerts WHERE status = 'open' AND date < '2026-01-01'"
                 ) == [(0,)]


def test_demo_force_refuses_when_another_cipn_wrote_after_the_backup(cli, db_path, query,
                                                                      monkeypatch):
    import sqlite3

    from cipn_journal.store.connection import Store

    cli("log", "numbness=2")
    original = Store.backup

    def backup_then_someone_logs(self, target):
        original(self, target)
        other = sqlite3.connect(db_path)
        other.execute("INSERT INTO changes (recorded_at, command, summary) "
                      "VALUES ('2026-11-25T20:00:00+00:00', 'log', 'written meanwhile')")
        other.commit()
        other.close()

    monkeypatch.setattr(Store, "backup", backup_then_someone_logs)
    result = cli("demo", "--force")
    assert result.exit_code == 1
    assert "changed while the demo was being prepared" in result.stderr
    assert query("SELECT symptom, severity FROM observations") == [("numbness", 2)]
