"""Hostile input (issue 7, promises 10 and 11): text a user typed is stored exactly and shown as
text (no Rich markup interpreted, no terminal escape sequence passed through, no crash), and
the input parsers answer anything with a value or the journal's own error. The property tests
run a few hundred examples here and a few thousand under the `slow` marker.
"""

import json
import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from conftest import TODAY
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cipn_journal import output
from cipn_journal.errors import BadInput
from cipn_journal.output import safe

HOSTILE = {
    "rich-markup": "[bold red]alarm[/] [/] [link=https://example.org]click[/link] :warning:",
    "ansi": "red \x1b[31mRED\x1b[0m title \x1b]0;pwned\x07 clear \x1b[2J c1 \x9b31m del \x7f",
    "html": "<script>alert('x')</script><b>bold</b> &amp; &lt;",
    "csv-equals": '=HYPERLINK("https://example.org","x")',
    "csv-plus": "+1+2",
    "csv-minus": "-3+4",
    "csv-at": "@SUM(A1:A2)",
    "nul": "before\x00after",
    "line-breaks": "line one\nline two\r\nthree\rfour",
    "bidi": "abc \u202edcba\u202c \u2066x\u2069",
    "long-line": ("word " * 20_000)[:-1] + ".",  # 100,000 characters, one line
}
# The escape sequences of HOSTILE["ansi"] as they must never reach a screen.
RAW_SEQUENCES = ("\x1b[31mRED", "\x1b]0;pwned", "\x1b[2J", "\x9b31m", "\x07")
SGR = re.compile(r"\x1b\[[0-9;]*m")  # the colours Rich itself writes


def assert_inert(text: str) -> None:
    """No control character but newline and tab, once Rich's own colour codes are removed."""
    for sequence in RAW_SEQUENCES:
        assert sequence not in text
    rest = SGR.sub("", text)
    bad = sorted({f"{ord(c):#04x}" for c in rest
                  if (ord(c) < 0x20 and c not in "\n\t") or 0x7F <= ord(c) <= 0x9F})
    assert not bad, f"control characters reach the output: {bad}"


def shown(text: str) -> list[str]:
    """How each line of a note reads on screen."""
    return [safe(line, one_line=True) for line in text.split("\n")]


@pytest.fixture(params=["plain", "rich"])
def screen(request, monkeypatch):
    """Plain text (piped) or Rich forced on, colours included, wide enough for one line."""
    if request.param == "rich":
        monkeypatch.setattr(output, "use_rich", lambda stream=None: True)
        monkeypatch.setenv("FORCE_COLOR", "1")
        monkeypatch.setenv("COLUMNS", "1000")
    return request.param


# -- 10. hostile text ----------------------------------------------------------------------
@pytest.mark.parametrize("name", HOSTILE)
def test_promise_10_hostile_note_is_stored_exactly_and_shown_literally(cli, query, screen,
                                                                       name):
    text = HOSTILE[name]
    logged = cli("log", "numbness=2", "--note", text)
    assert logged.exit_code == 0, logged.stderr
    assert_inert(logged.stdout + logged.stderr)
    assert query("SELECT text FROM notes") == [(text,)]
    listed = cli("history")
    assert listed.exit_code == 0
    assert_inert(listed.stdout + listed.stderr)
    if screen == "plain" or len(text) < 1000:
        for line in shown(text):
            assert line in listed.stdout
    assert json.loads(cli("history", "--json").stdout)[0]["note"] == text


def test_promise_10_markup_is_never_interpreted_on_a_terminal(cli, monkeypatch):
    monkeypatch.setattr(output, "use_rich", lambda stream=None: True)
    monkeypatch.setenv("COLUMNS", "1000")
    cli("log", "numbness=2", "--note", HOSTILE["rich-markup"])
    listed = cli("history")
    assert "[bold red]alarm[/] [/] [link=https://example.org]click[/link] :warning:" in (
        listed.stdout)
    assert "\x1b]8;" not in listed.stdout  # no hyperlink made of [link=...]


@pytest.mark.parametrize("name", HOSTILE)
def test_promise_10_hostile_symptom_label_is_stored_exactly_and_shown_literally(
        cli, query, db_path, screen, name):
    label = HOSTILE[name]
    added = cli("symptoms", "add", "cramps", "--label", label)
    assert_inert(added.stdout + added.stderr)
    if len(label) > 200:  # labels are short: refused as bad input, nothing stored
        assert added.exit_code == 2
        assert not db_path.exists()
        return
    assert added.exit_code == 0, added.stderr
    assert query("SELECT label FROM custom_symptoms") == [(label,)]
    listed = cli("symptoms", "--json")
    assert [s["label"] for s in json.loads(listed.stdout) if s["key"] == "cramps"] == [label]
    for args, stdin in ((["log", "cramps=7", "numbness=1"], None), (["symptoms"], None),
                        (["alerts", "--all"], None), (["history"], None), (["summary"], None),
                        (["checkin"], "s\n" * 13), (["export", "--format", "md"], None)):
        result = cli(*args, input=stdin)
        assert result.exit_code == 0, (args, result.stderr)
        assert_inert(result.stdout + result.stderr)
    shown_label = safe(label, one_line=True)
    assert shown_label in cli("symptoms").stdout
    assert shown_label in cli("alerts", "--all").stdout


def test_promise_10_nul_and_escapes_through_checkin_stdin(cli, query):
    note = "a\x00b \x1b[2J c \x9b31m d"
    answers = "s\n" * 11 + "s\n" + "s\n" + note + "\n"  # skip 11 symptoms, limits, falls
    result = cli("checkin", input=answers)
    assert result.exit_code == 0, result.stderr
    assert_inert(result.stdout + result.stderr)
    assert query("SELECT text FROM notes") == [(note,)]
    assert_inert(cli("history").stdout)


def test_promise_10_nul_in_answers_is_bad_input_not_a_crash(cli, query):
    result = cli("checkin", input="3\x00\n")
    assert result.exit_code == 2
    assert_inert(result.stdout + result.stderr)
    assert "unexpected error" not in result.stderr


@pytest.mark.parametrize("args", [
    ["log", "numb\x00ness=3"], ["log", "numbness=3\x00"], ["log", "--date", "to\x00day",
                                                           "numbness=3"],
    ["log", "numbness=2", "--falls", "1\x00"], ["history", "--since", "\x1b[2J"],
    ["history", "--symptom", "\x1b]0;x\x07"], ["alerts", "ack", "1\x00"],
    ["symptoms", "add", "cr\x00amps", "--label", "x"],
])
def test_promise_10_hostile_arguments_are_bad_input_shown_inert(cli, db_path, args):
    if args[0] == "history":  # a reading command on no journal says so first (issue 14)
        assert cli("ask", "Why?").exit_code == 0
    result = cli(*args)
    assert result.exit_code == 2, result.stderr
    assert result.stderr.startswith("Error: ")
    assert_inert(result.stdout + result.stderr)


def test_promise_10_json_output_escapes_every_control_character(cli):
    assert cli("symptoms", "add", "cramps", "--label", HOSTILE["ansi"]).exit_code == 0
    assert cli("log", "cramps=6", "--note", HOSTILE["ansi"]).exit_code == 0
    assert json.loads(cli("history", "--json").stdout)[0]["note"] == HOSTILE["ansi"]
    for args in (["history"], ["symptoms"], ["alerts", "--all"], ["summary"]):
        result = cli(*args, "--json")
        assert result.exit_code == 0, (args, result.stderr)
        json.loads(result.stdout)
        assert_inert(result.stdout)


def test_json_text_escapes_controls_and_round_trips():
    data = [{"note": HOSTILE["ansi"] + HOSTILE["nul"] + "\u2028é"}]
    text = output.json_text(data)
    assert_inert(text)
    assert "é" in text and "\\u009b" in text and "\\u2028" in text
    assert json.loads(text) == data


# -- 11. parsers under hypothesis ----------------------------------------------------------
TODAY_DATE = date.fromisoformat(TODAY)
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
          "January", "Sept", "February")


def check(prop, *strategies, examples: int) -> None:
    settings(max_examples=examples, deadline=None, database=None,
             suppress_health_check=[HealthCheck.function_scoped_fixture,
                                    HealthCheck.too_slow])(given(*strategies)(prop))()


FEW, MANY = 100, 4000
both = pytest.mark.parametrize("examples", [
    pytest.param(FEW, id="few"), pytest.param(MANY, id="many", marks=pytest.mark.slow)])

WHEN_TEXT = st.one_of(
    st.text(max_size=80),
    st.from_regex(r"\A *(\d{1,7}|a|an|one) +(day|days|week|weeks) +ago *\Z"),
    st.from_regex(r"\A-?\d{1,5}-\d{1,3}-\d{1,3}\Z"),
    st.builds(lambda m, d, y: f"{m} {d} {y}".strip(), st.sampled_from(MONTHS),
              st.integers(-3, 40), st.sampled_from(["", "1899", "1900", "2026", "3000", "99"])),
    st.sampled_from(["today", "Yesterday", "TOMORROW", "mon", "sunday", "now", "noon", "9am",
                     "2026", "31/02/2026", "02/30", "Feb 29", "last-visit", "all", " ", ""]),
)


@both
def test_promise_11_parse_when_answers_a_date_or_bad_input(examples):
    from cipn_journal.domain.dates import EARLIEST, LATEST, parse_when

    def prop(text):
        try:
            day = parse_when(text, today=TODAY_DATE)
        except BadInput as exc:
            assert repr(text)[1:-1][:20] in str(exc) or len(repr(text)) > 20
            return
        assert isinstance(day, date) and EARLIEST <= day <= LATEST

    check(prop, WHEN_TEXT, examples=examples)


@both
def test_promise_11_parse_when_round_trips_valid_dates(examples):
    from cipn_journal.domain.dates import EARLIEST, LATEST, parse_when

    def prop(day, days_ago, form):
        text = {"iso": day.isoformat(), "long": day.strftime("%B %d %Y"),
                "short": f"{day:%b} {day.day}, {day.year}"}[form]
        assert parse_when(text, today=TODAY_DATE) == day
        assert parse_when(f"{days_ago} days ago", today=TODAY_DATE) == (
            TODAY_DATE - timedelta(days=days_ago))

    check(prop, st.dates(EARLIEST, LATEST), st.integers(0, 40_000),
          st.sampled_from(["iso", "long", "short"]), examples=examples)


@both
def test_promise_11_symptom_assignments_answer_pairs_or_bad_input(examples):
    from cipn_journal.domain.symptoms import BUILTIN, parse_assignments

    keys = {s.key for s in BUILTIN}

    def prop(items):
        try:
            pairs = parse_assignments(items, BUILTIN)
        except BadInput:
            return
        assert len(pairs) == len(items)
        assert all(key in keys and 0 <= value <= 10 for key, value in pairs)

    names = st.sampled_from(sorted({n for s in BUILTIN for n in (s.key, *s.aliases)}))
    item = st.one_of(st.text(max_size=30),
                     st.builds(lambda n, v: f"{n}={v}", names, st.text(max_size=4)),
                     st.builds(lambda n, v: f"{n}={v}", names, st.integers(-3, 15)))
    check(prop, st.lists(item, max_size=6), examples=examples)


@both
def test_promise_11_symptom_assignments_round_trip(examples):
    from cipn_journal.domain.symptoms import BUILTIN, parse_assignments

    by_name = {n: s.key for s in BUILTIN for n in (s.key, *s.aliases)}

    def prop(chosen, severities, upper):
        items = [f"{name.upper() if upper else name}={value}"
                 for name, value in zip(chosen, severities, strict=False)]
        expected = [(by_name[name], value)
                    for name, value in zip(chosen, severities, strict=False)]
        assert parse_assignments(items, BUILTIN) == expected

    unique_keys = st.lists(st.sampled_from(sorted(by_name)), max_size=5,
                           unique_by=lambda name: by_name[name])
    check(prop, unique_keys, st.lists(st.integers(0, 10), min_size=5, max_size=5),
          st.booleans(), examples=examples)


def _dose_module():
    from cipn_journal.domain import treatment

    return treatment


@both
def test_promise_11_dose_answers_a_dose_or_bad_input(examples):
    treatment = _dose_module()

    def prop(text):
        try:
            dose = treatment.parse_dose(text)
        except BadInput:
            return
        assert dose.amount > 0 and dose.unit in set(treatment.UNITS.values())

    units = st.sampled_from(sorted(treatment.UNITS))
    text = st.one_of(st.text(max_size=30),
                     st.builds(lambda a, s, u: f"{a}{s}{u}", st.text("0123456789.-e+", max_size=9),
                               st.sampled_from(["", " ", "  "]), units))
    check(prop, text, examples=examples)


@both
def test_promise_11_dose_round_trips(examples):
    treatment = _dose_module()

    def prop(whole, fraction, unit, space):
        text = f"{whole}.{fraction:04d}{' ' if space else ''}{unit}"
        dose = treatment.parse_dose(text)
        assert dose.unit == treatment.UNITS[unit]
        assert Decimal(str(dose.amount)) == Decimal(f"{whole}.{fraction:04d}")

    check(prop, st.integers(0, 999_999), st.integers(1, 9999), st.sampled_from(
        sorted(treatment.UNITS)), st.booleans(), examples=examples)


# -- 11. import -----------------------------------------------------------------------------------
# The JSON-mutation fuzzer of `cipn import` lives in test_import.py (one fuzzer for import).
@pytest.fixture(scope="module")
def export_json(tmp_path_factory):
    """A real JSON export of a small journal with every kind of record."""
    from typer.testing import CliRunner

    from cipn_journal.cli import app
    folder = tmp_path_factory.mktemp("export")
    db, target = folder / "journal.db", folder / "export.json"
    runner = CliRunner()
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CIPN_JOURNAL_TODAY", TODAY)
        patch.setenv("HOME", str(folder))
        for args in (["demo", "--weeks", "3"], ["symptoms", "add", "cramps", "--label", "Cramps"],
                     ["log", "cramps=4", "numbness=7", "--note", HOSTILE["ansi"]],
                     ["meds", "add", "vitamin-b6", "--kind", "supplement"],
                     ["treatment", "add", "oxaliplatin", "--date", "yesterday", "--dose",
                      "85mg/m2"],
                     ["export", "--format", "json", "--since", "all", "-o", str(target)]):
            result = runner.invoke(app, ["--db", str(db), *args])
            assert result.exit_code == 0, f"cannot build the export: {args} -> {result.stderr}"
    return json.loads(target.read_text())


def test_promise_11_an_unmutated_export_round_trips(export_json, tmp_path):
    from typer.testing import CliRunner

    from cipn_journal.cli import app

    runner = CliRunner()
    source, again = tmp_path / "in.json", tmp_path / "out.json"
    source.write_text(json.dumps(export_json))
    db = tmp_path / "copy.db"
    assert runner.invoke(app, ["--db", str(db), "import", str(source)]).exit_code == 0
    assert runner.invoke(app, ["--db", str(db), "export", "--format", "json", "--since", "all",
                               "-o", str(again)]).exit_code == 0
    exported = json.loads(again.read_text())
    for key in ("exported_at",):
        exported.pop(key), export_json.get(key)
    for section, records in export_json.items():
        if isinstance(records, list):
            strip = lambda rows: sorted(  # noqa: E731 - recorded_at is the import's own time
                json.dumps({k: v for k, v in row.items() if k != "recorded_at"},
                           sort_keys=True) for row in rows)
            assert strip(exported[section]) == strip(records), section
