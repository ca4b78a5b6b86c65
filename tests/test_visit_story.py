"""Issue 23 items 3, 4, 7, 8 and 12, each from a repro of the issue's Why, through the real CLI:
a symptom no longer named reads "not logged", never recovered; one trend sentence everywhere,
judged on the change as shown; key points in the issue's order, each event once, dated by the
change, without internal ids; cycle-linked symptoms compared like for like."""

import json
from datetime import date, timedelta

from helpers_journal import ok


def days(first: str, count: int) -> list[str]:
    start = date.fromisoformat(first)
    return [(start + timedelta(n)).isoformat() for n in range(count)]


def markdown(cli, *extra):
    return ok(cli("export", "--format", "md", *extra)).stdout.replace("**", "")


def summary_json(cli, *extra):
    return json.loads(ok(cli("summary", "--json", *extra)).stdout)


def by_key(data):
    return {s["symptom"]: s for s in data["symptoms"]}


# -- item 8: a symptom no longer named is "not logged", never 0.0 ----------------------------
def stopped_naming_balance(cli):
    for day in days("2026-11-01", 10):
        ok(cli("log", "numbness=2", "balance=3", "--date", day, "--limits", "none"))
    ok(cli("visit", "add", "2026-11-10"))
    for day in days("2026-11-11", 10):
        ok(cli("log", "numbness=2", "--date", day, "--limits", "none"))


def test_balance_not_named_after_the_visit_is_not_logged_in_the_summary(cli):
    stopped_naming_balance(cli)
    out = ok(cli("summary", "--since", "last-visit")).stdout
    assert "balance: not logged since Nov 10 (last 3/10)" in out
    assert "balance 0.0" not in out and "-3.0" not in out
    balance = by_key(summary_json(cli, "--since", "last-visit"))["balance"]
    assert balance["recent"] is None and balance["change"] is None
    assert balance["since_visit"]["not_logged_since"] == "2026-11-10"
    assert balance["since_visit"]["last"] == 3
    assert balance["trend_words"] == "not logged since 2026-11-10 (last 3/10)"


def test_balance_not_named_is_not_logged_on_the_visit_page(cli):
    stopped_naming_balance(cli)
    page = markdown(cli, "--since", "last-visit")
    row = next(line for line in page.splitlines() if line.startswith("| Unsteady"))
    assert row.split("|")[3:5] == [" - ", " - "]  # Recent and Since visit: not 0.0, not -3.0
    assert "- Unsteady: not logged since 2026-11-10 (last 3/10)" in page
    assert "-3.0" not in page


def test_a_symptom_last_logged_0_still_counts_0(cli):
    for day in days("2026-11-01", 5):
        ok(cli("log", "numbness=2", "balance=0", "--date", day, "--limits", "none"))
    ok(cli("log", "numbness=2", "balance=2", "--date", "2026-11-06", "--limits", "none"))
    ok(cli("log", "balance=0", "--date", "2026-11-07"))
    for day in days("2026-11-08", 7):
        ok(cli("log", "numbness=2", "--date", day, "--limits", "none"))
    balance = by_key(summary_json(cli, "--since", "2026-11-01"))["balance"]
    assert balance["recent"] == 0.0  # last value 0: the unnamed days count 0


# -- item 4: one trend sentence, judged on the value as shown ---------------------------------
def change_of_41_over_21(cli):
    """Baseline 1/3 over 3 days before treatment, recent 16/7: a change of 41/21 = 1.95."""
    ok(cli("treatment", "add", "oxaliplatin", "--date", "2026-11-10", "--dose", "85mg/m2"))
    for day, value in zip(days("2026-11-05", 3), (1, 0, 0), strict=True):
        ok(cli("log", f"numbness={value}", "--date", day, "--limits", "none"))
    for day, value in zip(days("2026-11-19", 7), (2, 2, 2, 2, 2, 3, 3), strict=True):
        ok(cli("log", f"numbness={value}", "--date", day, "--limits", "none"))


SENTENCE = "+2.0 points since before treatment (worsening); rising over the last 2 weeks"


def test_a_change_shown_as_2_0_is_worsening_everywhere(cli):
    change_of_41_over_21(cli)
    numbness = by_key(summary_json(cli, "--since", "2026-11-01"))["numbness"]
    assert numbness["trend"] == "worsening"
    assert numbness["trend_words"] == SENTENCE
    out = ok(cli("summary", "--since", "2026-11-01"), ).stdout
    assert SENTENCE in " ".join(out.split())
    assert "(stable)" not in out and "treatment, stable" not in out
    page = markdown(cli, "--since", "2026-11-01")
    assert SENTENCE in page
    html = ok(cli("export", "--format", "html", "--since", "2026-11-01")).stdout
    assert SENTENCE in html


def test_level_and_direction_are_one_sentence_not_two_words(cli):
    for day in days("2026-10-20", 7):
        ok(cli("log", "numbness=1", "--date", day, "--limits", "none"))
    ok(cli("treatment", "add", "oxaliplatin", "--date", "2026-10-27", "--dose", "85mg/m2"))
    for day in days("2026-10-27", 30):
        ok(cli("log", "numbness=4", "--date", day, "--limits", "none"))
    numbness = by_key(summary_json(cli, "--since", "2026-11-01"))["numbness"]
    words = "+3.0 points since before treatment (worsening); steady over the last 2 weeks"
    assert numbness["trend_words"] == words
    out = " ".join(ok(cli("summary", "--since", "2026-11-01")).stdout.split())
    assert words in out and "before treatment, stable" not in out
    assert words in markdown(cli, "--since", "2026-11-01")
