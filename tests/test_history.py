"""`cipn history`: what was logged, day by day."""

import json


def test_history_json_keys_and_values(cli):
    cli("log", "numbness=3", "--where", "feet", "--date", "yesterday")
    cli("log", "numbness=4", "--date", "yesterday")  # replaced: only the current value shows
    cli("log", "tingling=2", "--limits", "everyday", "--falls", "1", "--note", "a",
        "--date", "yesterday")
    cli("log", "--note", "b", "--date", "yesterday", "--by", "caregiver")
    cli("log", "--falls", "2")  # a day with only day facts
    rows = json.loads(cli("history", "--json").stdout)
    # The caregiver wrote only the note "b": the values and the day's facts stay the
    # patient's (issue 12: the reporter comes from the value and the fact, not the last writer).
    assert rows == [
        {"date": "2026-11-24", "symptom": "numbness", "severity": 4, "where": "feet",
         "limits": "everyday", "falls": 1, "note": "a\nb", "reported_by": "patient",
         "facts_reported_by": "patient"},
        {"date": "2026-11-24", "symptom": "tingling", "severity": 2, "where": None,
         "limits": "everyday", "falls": 1, "note": "a\nb", "reported_by": "patient",
         "facts_reported_by": "patient"},
        {"date": "2026-11-25", "symptom": None, "severity": None, "where": None,
         "limits": None, "falls": 2, "note": None, "reported_by": "patient",
         "facts_reported_by": "patient"},
    ]


def test_history_window_and_symptom_filter(cli):
    for n in range(5):
        cli("log", f"numbness={n}", f"pain={n}", "--date", f"{n} days ago")
    rows = json.loads(cli("history", "--since", "3 days ago", "--until", "yesterday",
                          "--symptom", "numb", "--json").stdout)
    assert [(r["date"], r["symptom"], r["severity"]) for r in rows] == [
        ("2026-11-22", "numbness", 3), ("2026-11-23", "numbness", 2),
        ("2026-11-24", "numbness", 1)]


def test_history_plain_text(cli):
    cli("log", "numbness=3", "tingling=1", "--date", "yesterday", "--note", "cold hands")
    cli("log", "pain=5", "--limits", "everyday")
    result = cli("history")
    assert result.exit_code == 0
    assert "\x1b[" not in result.stdout
    lines = result.stdout.splitlines()
    assert lines[0].startswith("2026-11-24  numbness=3  tingling=1")
    assert "note: cold hands" in lines[1]
    assert lines[2].startswith("2026-11-25  pain=5") and "limits: everyday" in lines[2]


def test_history_rich_table_shows_user_text_literally(cli, monkeypatch):
    from cipn_journal import output

    monkeypatch.setattr(output, "use_rich", lambda stream=None: True)
    cli("log", "numbness=3", "--note", "[bold]not bold[/] \x1b[31mred")
    result = cli("history")
    assert "Symptoms by day" in result.stdout  # the Rich table's title
    assert "[bold]not bold[/]" in result.stdout
    assert "\x1b[31m" not in result.stdout
    assert "\\x1b[31mred" in result.stdout


def test_history_bad_window(cli):
    cli("log", "numbness=1")
    result = cli("history", "--since", "today", "--until", "yesterday")
    assert result.exit_code == 2
    assert "after --until" in result.stderr
    assert cli("history", "--symptom", "elbow").exit_code == 2


def test_history_empty_window_is_a_sentence(cli):
    cli("log", "numbness=1")
    result = cli("history", "--since", "2020-01-01", "--until", "2020-01-31")
    assert result.exit_code == 0
    assert result.stderr.strip() == "Nothing logged in that window."


def test_history_shows_the_cycle_day(cli):
    cli("treatment", "add", "oxaliplatin", "--date", "4 days ago")
    cli("log", "cold=5", "--date", "2 days ago")
    cli("log", "cold=1", "--date", "5 days ago")
    lines = cli("history").stdout.splitlines()
    assert lines[0] == "2026-11-20  cold=1"
    assert lines[1] == "2026-11-23  cold=5  | cycle 1, day 3"
    # JSON keeps its documented keys.
    assert "cycle" not in json.loads(cli("history", "--json").stdout)[0]


def test_bidi_override_in_a_note_is_shown_escaped(cli):
    cli("log", "numbness=1", "--note", "abc\u202edcba")
    shown = cli("history").stdout
    assert "abc\\u202edcba" in shown
    assert "\u202e" not in shown
