"""`cipn import` through the CLI: the round trip (export everything, import into an empty journal,
export again: byte-identical apart from exported_at), identical records skipped, conflicts
(stop, --keep, --replace with history), --dry-run, undo, bad files (exit 2, nothing written),
and a property test: a mutated export never makes the import fail with anything but the
journal's own errors, and a failed import writes nothing."""

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from helpers_journal import build, ok
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

TABLES = ("observations", "observation_history", "days", "notes", "custom_symptoms", "alerts",
          "treatments", "meds", "visits", "questions")


def rich_journal(cli):
    """build()'s journal plus everything the JSON format holds: a replaced value (history), an
    undone change, a custom symptom, an acknowledged alert, a caregiver's entry, a stopped
    medicine, an answered question, a given cycle number, text in several scripts."""
    build(cli)
    ok(cli("log", "numbness=1", "--date", "2026-10-28"))  # replaces 0: kept in history
    ok(cli("log", "pain=8", "--date", "2026-11-23"))
    ok(cli("undo"))  # the 8 stays in history as undone; its alerts become undone
    ok(cli("symptoms", "add", "cramps", "--label", "Muscle cramps at night"))
    ok(cli("log", "cramps=3", "--date", "2026-11-21", "--by", "caregiver",
           "--note", "Krämpfe | «nuit» 夜 \"quoted\"\nsecond line"))
    alerts = json.loads(ok(cli("alerts", "--json")).stdout)
    ok(cli("alerts", "ack", str(alerts[0]["id"]), "--note", "told the nurse"))
    ok(cli("meds", "add", "vitamin B12", "--start", "2026-10-20"))
    ok(cli("meds", "stop", "vitamin B12", "--date", "2026-11-15"))
    ok(cli("ask", "Is the cold sensitivity expected?"))
    questions = json.loads(ok(cli("questions", "--json")).stdout)
    ok(cli("questions", "done", str(questions[0]["id"])))
    ok(cli("treatment", "add", "paclitaxel", "--date", "2026-11-19", "--cycle", "4",
           "--dose", "80mg/m2", "--note", "reduced dose"))


def export_all(cli, db=None) -> str:
    args = ["--db", str(db)] if db else []
    return ok(cli(*args, "export", "--format", "json", "--since", "all")).stdout


def without_time(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if '"exported_at":' not in line)


def counts(db: Path) -> dict[str, int]:
    conn = sqlite3.connect(db)
    try:
        return {t: conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
                for t in (*TABLES, "changes")}
    finally:
        conn.close()


def dump(db: Path) -> list[str]:
    conn = sqlite3.connect(db)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def write(tmp_path, data, name="in.json") -> Path:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data, indent=2))
    return path


# -- the round trip ---------------------------------------------------------------------------
def test_round_trip_is_byte_identical_apart_from_exported_at(cli, tmp_path):
    rich_journal(cli)
    first = export_all(cli)
    data = json.loads(first)
    assert data["observation_history"] and data["custom_symptoms"]
    assert {a["status"] for a in data["alerts"]} == {"open", "acknowledged", "undone"}
    source = write(tmp_path, first, "journal.json")
    copy = tmp_path / "copy" / "journal.db"
    result = ok(cli("--db", str(copy), "import", str(source)))
    assert "Imported journal.json: " in result.stderr and "cipn undo" in result.stderr
    second = export_all(cli, copy)
    assert without_time(second) == without_time(first)
    assert second != first or '"exported_at"' in first


def test_importing_the_same_file_again_adds_nothing(cli, tmp_path, db_path):
    rich_journal(cli)
    source = write(tmp_path, export_all(cli))
    before = counts(db_path)
    result = ok(cli("import", str(source)))
    assert result.stderr.startswith("Nothing new in in.json: 0 added, ")
    assert "identical (skipped)" in result.stderr
    assert counts(db_path) == before


def test_import_merges_new_records(cli, tmp_path, db_path):
    ok(cli("log", "numbness=2", "--date", "2026-11-01"))
    source = write(tmp_path, export_all(cli))
    other = tmp_path / "other.db"
    ok(cli("--db", str(other), "log", "tingling=4", "--date", "2026-11-02"))
    ok(cli("--db", str(other), "log", "numbness=2", "--date", "2026-11-01"))
    result = ok(cli("--db", str(other), "import", str(source)))
    assert "Imported in.json: 0 added" not in result.stderr
    rows = sqlite3.connect(other).execute(
        "SELECT date, symptom, severity FROM observations ORDER BY date").fetchall()
    assert rows == [("2026-11-01", "numbness", 2), ("2026-11-02", "tingling", 4)]


def test_undo_reverts_a_whole_import(cli, tmp_path):
    rich_journal(cli)
    source = write(tmp_path, export_all(cli))
    copy = tmp_path / "copy.db"
    ok(cli("--db", str(copy), "import", str(source)))
    result = ok(cli("--db", str(copy), "undo"))
    assert "Undid the import" in result.stderr
    conn = sqlite3.connect(copy)
    assert conn.execute("SELECT COUNT(*) FROM observations").fetchone() == (0,)
    assert conn.execute("SELECT COUNT(*) FROM treatments").fetchone() == (0,)


# -- conflicts --------------------------------------------------------------------------------
@pytest.fixture
def conflicting(cli, tmp_path, db_path):
    """A journal and a file that disagree on one value and one visit, plus a new value."""
    ok(cli("log", "numbness=3", "--date", "2026-11-01"))
    ok(cli("visit", "add", "2026-11-10", "--with", "Dr Rivera"))
    data = json.loads(export_all(cli))
    data["observations"][0]["severity"] = 5
    data["visits"][0]["with"] = "Dr Chen"
    data["observations"].append({"date": "2026-11-02", "symptom": "tingling", "severity": 2,
                                 "where": None, "reported_by": "caregiver",
                                 "recorded_at": "2026-11-02T08:00:00+00:00"})
    return write(tmp_path, data)


def test_conflicts_stop_the_import_and_are_listed(cli, conflicting, db_path):
    before = dump(db_path)
    result = cli("import", str(conflicting))
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "Error: 2 records in the file differ from the journal: nothing was imported.\n")
    assert ("  observations 2026-11-01 numbness: severity 3 in the journal, 5 in the file"
            in result.stderr)
    assert ("  visits 2026-11-10: with 'Dr Rivera' in the journal, 'Dr Chen' in the file"
            in result.stderr)
    assert "--replace" in result.stderr and "--keep" in result.stderr
    assert dump(db_path) == before


def test_keep_keeps_the_journal_values(cli, conflicting, query):
    result = ok(cli("import", str(conflicting), "--keep"))
    assert "1 added" in result.stderr and "2 kept as in the journal" in result.stderr
    assert query("SELECT date, symptom, severity FROM observations ORDER BY date") == [
        ("2026-11-01", "numbness", 3), ("2026-11-02", "tingling", 2)]
    assert query("SELECT with_whom FROM visits") == [("Dr Rivera",)]


def test_replace_takes_the_file_values_and_keeps_the_old_in_history(cli, conflicting, query):
    result = ok(cli("import", str(conflicting), "--replace"))
    assert "1 added" in result.stderr and "2 replaced" in result.stderr
    assert query("SELECT severity FROM observations WHERE symptom = 'numbness'") == [(5,)]
    assert query("SELECT date, symptom, severity, reason FROM observation_history") == [
        ("2026-11-01", "numbness", 3, "replaced")]
    assert query("SELECT with_whom FROM visits") == [("Dr Chen",)]
    ok(cli("undo"))
    assert query("SELECT severity FROM observations WHERE symptom = 'numbness'") == [(3,)]
    assert query("SELECT with_whom FROM visits") == [("Dr Rivera",)]
    assert query("SELECT COUNT(*) FROM observations") == [(1,)]


def test_dry_run_writes_nothing(cli, conflicting, db_path):
    before = dump(db_path)
    result = cli("import", str(conflicting), "--dry-run")
    assert result.exit_code == 1  # the import itself would stop on the conflicts
    assert result.stderr.startswith("Dry run, nothing was written. Importing in.json into ")
    assert "1 added, 1 identical (skipped), 2 in conflict" in result.stderr
    assert "  observations: 1 new, 1 different" in result.stderr
    assert "differ from the journal" in result.stderr
    result = ok(cli("import", str(conflicting), "--dry-run", "--replace"))
    assert "2 replaced" in result.stderr
    assert dump(db_path) == before


def test_dry_run_without_a_journal_creates_nothing(cli, conflicting, db_path, tmp_path):
    result = ok(cli("--db", str(tmp_path / "new.db"), "import", str(conflicting), "--dry-run"))
    assert "would give: 4 added." in result.stderr
    assert not (tmp_path / "new.db").exists()


def test_replace_and_keep_together_are_bad_usage(cli, conflicting):
    result = cli("import", str(conflicting), "--replace", "--keep")
    assert result.exit_code == 2 and "not both" in result.stderr


def test_imported_infusions_are_renumbered(cli, tmp_path, query):
    ok(cli("treatment", "add", "oxaliplatin", "--date", "2026-11-18"))
    source = write(tmp_path, export_all(cli))
    other = tmp_path / "other.db"
    ok(cli("--db", str(other), "treatment", "add", "oxaliplatin", "--date", "2026-11-04"))
    ok(cli("--db", str(other), "import", str(source)))
    rows = sqlite3.connect(other).execute(
        "SELECT date, cycle FROM treatments ORDER BY date").fetchall()
    assert rows == [("2026-11-04", 1), ("2026-11-18", 2)]


# -- bad files --------------------------------------------------------------------------------
def valid(cli) -> dict:
    ok(cli("log", "numbness=3", "--date", "2026-11-01"))
    return json.loads(export_all(cli))


@pytest.mark.parametrize("change,message", [
    (lambda d: d.update(format_version=2),
     "it was written by a newer cipn-journal (format_version 2; this version reads up to 1): "
     "upgrade cipn-journal to import it"),
    (lambda d: d.pop("format_version"), "it has no \"format_version\""),
    (lambda d: d.update(format="something else"), "\"format\" is 'something else'"),
    (lambda d: d.update(observations={}), "\"observations\" is not a list"),
    (lambda d: d["observations"][0].update(severity=11),
     "observations[0].severity 11 is not a whole number from 0 to 10"),
    (lambda d: d["observations"][0].update(severity=True),
     "observations[0].severity True is not a whole number from 0 to 10"),
    (lambda d: d["observations"][0].update(date="2026-13-01"),
     "observations[0].date '2026-13-01' is not a date like 2026-11-03"),
    (lambda d: d["observations"][0].pop("symptom"), "observations[0].symptom is missing"),
    (lambda d: d["observations"][0].update(id=4), "observations[0] has an unknown key 'id'"),
    (lambda d: d["observations"][0].update(symptom="cramps"),
     "observations[0].symptom 'cramps' is neither a built-in symptom nor in custom_symptoms"),
    (lambda d: d["observations"].append(dict(d["observations"][0])),
     "observations holds 2026-11-01 numbness twice"),
    (lambda d: d.update(extra=[]), "unknown section 'extra'"),
    (lambda d: d["days"].append("2026-11-01"), "days[1] is not an object"),
    (lambda d: d["custom_symptoms"].append({"key": "numb", "label": "x"}),
     "custom_symptoms[0].key: Symptom key 'numb' is already taken (it means numbness)"),
    (lambda d: d["notes"].append({"date": "2026-11-01", "text": "\ud800"}),
     "notes[0].text is text with an invalid character"),
])
def test_wrong_shapes_are_bad_input_and_write_nothing(cli, tmp_path, db_path, change, message):
    data = valid(cli)
    change(data)
    source = tmp_path / "bad.json"
    source.write_text(json.dumps(data))
    before = dump(db_path)
    result = cli("import", str(source))
    assert result.exit_code == 2, result.stderr
    assert message in result.stderr
    assert result.stderr.startswith(f"Error: {source}: ") or "symptom" in message
    assert "Nothing was imported." in result.stderr
    assert dump(db_path) == before


@pytest.mark.parametrize("content,message", [
    ('{"format_version": 1,', "is not valid JSON: Expecting property name enclosed in double "
     "quotes (line 1, column 22)"),
    ('{"format_version": 1, "observations": [{"severity": NaN}]}', "NaN is not a number"),
    ("[1, 2]", "it is not a cipn-journal export (expected a JSON object)"),
    ("", "is not valid JSON"),
    ("[" * 100_000, "is not valid JSON"),
])
def test_malformed_files_are_bad_input(cli, tmp_path, db_path, content, message):
    source = tmp_path / "bad.json"
    source.write_text(content)
    result = cli("import", str(source))
    assert result.exit_code == 2
    assert message in result.stderr
    assert not db_path.exists()


def test_unreadable_files_are_bad_input(cli, tmp_path, db_path):
    result = cli("import", str(tmp_path / "missing.json"))
    assert result.exit_code == 2 and "Cannot read" in result.stderr
    result = cli("import", str(tmp_path))
    assert result.exit_code == 2 and "is a folder" in result.stderr
    (tmp_path / "latin1.json").write_bytes(b'{"a": "\xe9"}')
    result = cli("import", str(tmp_path / "latin1.json"))
    assert result.exit_code == 2 and "is not UTF-8 text" in result.stderr
    assert not db_path.exists()


# -- a mutated export never breaks the import ---------------------------------------------------
# The one JSON-mutation fuzzer of `cipn import`: every kind of change to an export (a field set
# to any JSON value, removed or added, a record duplicated, sections swapped or replaced, the
# format version changed, a value deep inside replaced, removed or duplicated, the text cut
# short), imported into a missing, the same or a conflicting journal in every mode.
json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(10**20), 10**20) | st.floats()
    | st.sampled_from(["", "0", "2026-11-03", "2026-11-25", "2026-02-30", "numbness", "cramps",
                       "open", "iv", "mg/m2", "2026-11-03T08:00:00+00:00", "\ud800", "x" * 300,
                       "-1", "none", "everyday", "caregiver", "feet", "replaced"])
    | st.text(max_size=20),
    lambda children: st.lists(children, max_size=3)
    | st.dictionaries(st.text(max_size=8), children, max_size=3),
    max_leaves=8,
)
HOSTILE_NOTE = "red \x1b[31mRED\x1b[0m title \x1b]0;pwned\x07 c1 \x9b31m nul \x00 bidi \u202e"


def mutate_deep(data, path: list[int], value, action: str) -> None:
    """Replace, remove or duplicate the place `path` leads to, at any depth, in place."""
    node = data
    for step in path[:-1]:
        if isinstance(node, dict) and node:
            node = node[sorted(node)[step % len(node)]]
        elif isinstance(node, list) and node:
            node = node[step % len(node)]
    if isinstance(node, dict) and node:
        key = sorted(node)[path[-1] % len(node)]
        if action == "remove":
            del node[key]
        elif action == "duplicate" and isinstance(node[key], list) and node[key]:
            node[key].append(json.loads(json.dumps(node[key][0])))
        else:
            node[key] = value
    elif isinstance(node, list) and node:
        index = path[-1] % len(node)
        if action == "remove":
            del node[index]
        elif action == "duplicate":
            node.append(json.loads(json.dumps(node[index])))
        else:
            node[index] = value


@st.composite
def mutated(draw, base: dict):
    data = json.loads(json.dumps(base))
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["set", "delete", "top", "duplicate", "extra", "version",
                                     "swap", "deep"]))
        tables = [k for k, v in data.items() if isinstance(v, list) and v]
        if kind == "deep":
            mutate_deep(data, draw(st.lists(st.integers(0, 1000), min_size=1, max_size=4)),
                        draw(json_values),
                        draw(st.sampled_from(["replace", "remove", "duplicate"])))
        elif kind in ("set", "delete", "duplicate", "extra", "swap") and tables:
            table = draw(st.sampled_from(tables))
            items = data[table]
            index = draw(st.integers(0, len(items) - 1))
            record = items[index]
            if not isinstance(record, dict) or not record:
                continue
            key = draw(st.sampled_from(sorted(record)))
            if kind == "set":
                record[key] = draw(json_values)
            elif kind == "delete":
                del record[key]
            elif kind == "duplicate":
                items.append(dict(record))
            elif kind == "extra":
                record[draw(st.text(max_size=6))] = draw(json_values)
            else:
                other = draw(st.sampled_from(sorted(data)))
                data[other], data[table] = data[table], data[other]
        elif kind == "top" and isinstance(data, dict) and data:
            key = draw(st.sampled_from(sorted(data)))
            if draw(st.booleans()):
                del data[key]
            else:
                data[key] = draw(json_values)
        elif kind == "version" and isinstance(data, dict):
            data["format_version"] = draw(json_values | st.integers(-2, 3))
    text = json.dumps(data, indent=1)  # ensure_ascii: a lone surrogate is written as \ud800
    if draw(st.integers(0, 9)) == 0:
        cut = draw(st.integers(0, len(text)))
        text = text[:cut] + draw(st.text(max_size=4)).encode("utf-8", "replace").decode()
    return text


def integrity(db: Path) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("PRAGMA integrity_check").fetchall()
    finally:
        conn.close()


def _property(cli, tmp_path, *, examples: int) -> dict[int, int]:
    """Import `examples` mutated exports; each answers exit 0, 1 or 2 with the journal's own
    message, never a bug or a traceback; a refused or dry-run import leaves the journal's file
    byte for byte as it was (or still missing); the journal stays intact and exportable.
    Returns how often each exit code was seen."""
    rich_journal(cli)
    ok(cli("log", "numbness=2", "--date", "2026-11-22", "--note", HOSTILE_NOTE))
    base = json.loads(export_all(cli))
    base_path = tmp_path / "journal" / "journal.db"
    other = tmp_path / "other.db"
    ok(cli("--db", str(other), "log", "numbness=9", "--date", "2026-11-24"))  # a conflict
    unmutated = write(tmp_path, json.dumps(base), "unmutated.json")
    assert cli("--db", str(tmp_path / "check.db"), "import", str(unmutated)).exit_code == 0
    assert cli("--db", str(other), "import", str(unmutated)).exit_code == 1
    seen: dict[int, int] = {}

    @settings(max_examples=examples, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(data=st.data())
    def check(data):
        text = data.draw(mutated(base))
        target = tmp_path / "target.db"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        chosen = data.draw(st.sampled_from(["missing", "same", "other"]))
        if chosen != "missing":
            shutil.copy(base_path if chosen == "same" else other, target)
        before = target.read_bytes() if target.exists() else None
        source = tmp_path / "mutated.json"
        source.write_text(text, encoding="utf-8", errors="surrogatepass")
        mode = data.draw(st.sampled_from([[], ["--keep"], ["--replace"], ["--dry-run"]]))
        result = cli("--db", str(target), "import", str(source), *mode)
        assert result.exit_code in (0, 1, 2), result.stderr
        assert "unexpected error" not in result.stderr and "Traceback" not in result.stderr
        assert result.stderr.strip(), "an import always says what it did or why not"
        seen[result.exit_code] = seen.get(result.exit_code, 0) + 1
        if result.exit_code != 0 or mode == ["--dry-run"]:
            assert (target.read_bytes() if target.exists() else None) == before
        if target.exists():
            assert integrity(target) == [("ok",)]
        if result.exit_code == 0 and mode != ["--dry-run"]:
            ok(cli("--db", str(target), "export", "--format", "json", "--since", "all"))

    check()
    return seen


def test_mutated_exports_fail_only_with_journal_errors(cli, tmp_path):
    seen = _property(cli, tmp_path, examples=100)
    assert seen.get(2)  # most mutations break the file; some leave it importable


@pytest.mark.slow
def test_mutated_exports_fail_only_with_journal_errors_many(cli, tmp_path):
    seen = _property(cli, tmp_path, examples=3000)
    assert seen.get(0) and seen.get(1) and seen.get(2)


def test_a_brand_name_is_stored_as_the_generic(cli, tmp_path, query):
    data = {"format_version": 1, "treatments": [
        {"date": "2026-11-04", "drug": "Eloxatin", "entered": "Eloxatin", "dose": 85.0,
         "unit": "mg/m2"}]}
    ok(cli("import", str(write(tmp_path, data))))
    assert query("SELECT drug, entered, drug_class, cycle, recorded_at IS NOT NULL "
                 "FROM treatments") == [("oxaliplatin", "Eloxatin", "platinum", 1, 1)]


def test_records_dated_in_the_future_are_refused(cli, tmp_path, db_path):
    cli("log", "numbness=2", "--date", "yesterday")
    export = tmp_path / "future.json"
    assert cli("export", "--format", "json", "--since", "all", "-o", str(export)).exit_code == 0
    data = json.loads(export.read_text())
    data["observations"][0]["date"] = "2999-01-01"
    export.write_text(json.dumps(data))
    before = db_path.read_bytes()
    result = cli("import", str(export))
    assert result.exit_code == 2
    assert "observations[0].date 2999-01-01 is in the future" in result.stderr
    assert db_path.read_bytes() == before


# -- an export from before `weakness` was built in (migration m009_weakness) -------------------
def _old_export_with_own_weakness(cli, *, also_own: bool = False) -> str:
    """An export as a version before m009 wrote it: a symptom of one's own called `weakness`,
    with values (one relogged), a severe alert about it and an escalation naming it. Made
    through the app under another key, then renamed in the file's text."""
    ok(cli("symptoms", "add", "weakx", "--label", "Tired and weak"))
    if also_own:
        ok(cli("symptoms", "add", "weakness-own", "--label", "Weak grip"))
        ok(cli("log", "weakness-own=1", "--date", "2026-11-20"))
    ok(cli("log", "weakx=3", "--date", "2026-11-23"))
    ok(cli("log", "weakx=7", "--date", "2026-11-23"))
    ok(cli("log", "weakx=9", "numbness=1"))
    return export_all(cli).replace('"weakx"', '"weakness"')


def test_an_older_export_with_its_own_weakness_imports_as_weakness_own(cli, tmp_path, query):
    source = write(tmp_path, _old_export_with_own_weakness(cli))
    copy = tmp_path / "copy" / "journal.db"
    ok(cli("--db", str(copy), "import", str(source)))
    listed = json.loads(ok(cli("--db", str(copy), "symptoms", "--json")).stdout)
    assert [(s["key"], s["label"]) for s in listed if "weak" in s["key"]] == [
        ("weakness", "Weak legs or arms, legs giving way"), ("weakness-own", "Tired and weak")]
    conn = sqlite3.connect(copy)
    try:
        assert conn.execute("SELECT date, symptom, severity FROM observations WHERE symptom "
                            "LIKE 'weak%' ORDER BY date").fetchall() == [
            ("2026-11-23", "weakness-own", 7), ("2026-11-25", "weakness-own", 9)]
        assert conn.execute("SELECT symptom, severity FROM observation_history").fetchall() == [
            ("weakness-own", 3)]
        subjects = {s for (s,) in conn.execute("SELECT subject FROM alerts")}
    finally:
        conn.close()
    assert "weakness" not in subjects and "weakness-own" in subjects
    # imported again, nothing is new
    again = ok(cli("--db", str(copy), "import", str(source)))
    assert again.stderr.startswith("Nothing new in in.json")


def test_an_older_export_with_weakness_own_taken_too_uses_the_next_free_key(cli, tmp_path):
    source = write(tmp_path, _old_export_with_own_weakness(cli, also_own=True))
    copy = tmp_path / "copy" / "journal.db"
    ok(cli("--db", str(copy), "import", str(source)))
    listed = json.loads(ok(cli("--db", str(copy), "symptoms", "--json")).stdout)
    assert {(s["key"], s["label"]) for s in listed if "weak" in s["key"]} == {
        ("weakness", "Weak legs or arms, legs giving way"), ("weakness-own-2", "Tired and weak"),
        ("weakness-own", "Weak grip")}
