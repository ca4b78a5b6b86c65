"""`cipn import`: reading a JSON export back into a journal. `load` checks the whole file first
(a newer format, malformed JSON or a wrong shape is BadInput naming what is wrong); `plan`
matches each record to the journal's (new, identical, or a conflict); `run` applies the plan as
one change, so that `cipn undo` reverts a whole import and a failure writes nothing.
"""

import json
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from cipn_journal.domain import proctcae
from cipn_journal.domain.dates import before_day_began
from cipn_journal.domain.symptoms import BUILTIN, BUILTIN_KEYS, check_new_key, felt_in_limbs
from cipn_journal.domain.treatment import drug_key, find_drug
from cipn_journal.errors import BadInput, JournalError
from cipn_journal.export import schema
from cipn_journal.output import safe
from cipn_journal.store import exchange
from cipn_journal.store.exchange import all_rows
from cipn_journal.store.identity import adopt
from cipn_journal.store.journal import custom_keys
from cipn_journal.store.treatments import renumber_cycles

META_KEYS = ("format", "format_version", "app_version", "exported_at", "window", "journal_id")
CONFLICTS_SHOWN = 20
REPLACE, KEEP = "replace", "keep"


class ImportConflicts(JournalError):
    """Records of the file differ from the journal's and neither --replace nor --keep was given."""


@dataclass
class Conflict:
    table: str
    label: str  # the record, for people: "2026-11-03 numbness"
    row_id: int
    record: dict  # the file's values, by JSON key
    differences: list[tuple[str, object, object]]  # key, journal's value, file's value


@dataclass
class Plan:
    new: dict[str, list[dict]] = field(default_factory=dict)
    identical: dict[str, int] = field(default_factory=dict)
    conflicts: list[Conflict] = field(default_factory=list)

    def count_new(self) -> int:
        return sum(len(items) for items in self.new.values())


class Records(dict):
    """The file's records by table (JSON key -> stored value), and the identity of the journal
    that wrote it (`journal_id`, None in files from before it was exported)."""

    journal_id: str | None = None


@dataclass
class Result:
    plan: Plan
    mode: str | None
    dry_run: bool


# -- reading and checking the file ----------------------------------------------------------
def _reject_constant(name: str):
    raise ValueError(f"{name} is not a number JSON allows")


# Things that cannot be in the future (README, "Everyday use"); a day ahead is allowed for a file
# written in a time zone that is already tomorrow. Visits and meds' dates may be ahead.
NOT_IN_FUTURE = ("observations", "observation_history", "days", "notes", "alerts", "treatments",
                 "weekly_records", "extent_days")


def check_not_in_future(data: dict[str, list[dict]], *, today) -> None:
    """Refuse a file whose symptoms, day facts, notes, alerts or infusions are dated after
    tomorrow: they would be stored where no window ever shows them."""
    latest = (today + timedelta(days=1)).isoformat()
    for index, record in enumerate(data.get("profile", [])):
        if record.get("born") and record["born"] > latest:
            raise BadInput(f"profile[{index}].born {record['born']} is in the future: a date "
                           f"of birth can be up to {latest}. Nothing was written.")
    for table in NOT_IN_FUTURE:
        for index, record in enumerate(data.get(table, [])):
            if record.get("date") and record["date"] > latest:
                raise BadInput(
                    f"{table}[{index}].date {record['date']} is in the future: symptoms, day "
                    f"facts, notes, alerts and infusions can only be dated up to {latest}. "
                    "Nothing was written."
                )
    # `ask` is dated today, `alerts ack --date` and `questions done --date` refuse the future.
    for table, key in (("questions", "asked"), ("questions", "done_at"),
                       ("alerts", "acknowledged_at")):
        for index, record in enumerate(data.get(table, [])):
            if record.get(key) and _utc_day(record[key]) > latest:
                raise BadInput(f"{table}[{index}].{key} {record[key]} is in the future: it can "
                               f"be up to {latest}. Nothing was written.")


def _utc_day(value: str) -> str:
    """The UTC day of a record time ('2026-11-03T23:30:00-05:00' -> '2026-11-04'), or a day."""
    if len(value) == 10:
        return value
    moment = datetime.fromisoformat(value)
    return (moment.astimezone(UTC) if moment.tzinfo else moment).date().isoformat()


def load(path: Path) -> Records:
    """The file's records, checked and converted to the values the journal stores."""
    try:
        raw = path.read_bytes()
    except IsADirectoryError:
        raise BadInput(f"{path} is a folder: give the JSON file made by `cipn export "
                       "--format json`.") from None
    except OSError as exc:
        raise BadInput(f"Cannot read {path}: {exc.strerror or type(exc).__name__}.") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise BadInput(f"{path} is not UTF-8 text: it is not a cipn-journal export.") from None
    try:
        data = json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        raise BadInput(f"{path} is not valid JSON: {exc.msg} (line {exc.lineno}, column "
                       f"{exc.colno}). Nothing was imported.") from None
    except (ValueError, RecursionError) as exc:
        reason = "it is nested too deeply" if isinstance(exc, RecursionError) else str(exc)
        raise BadInput(f"{path} is not valid JSON: {reason}. Nothing was imported.") from None
    return check(data, str(path))


def check(data, source: str) -> Records:
    """The export's records, each a dict of JSON key -> stored value, or BadInput."""
    def bad(problem: str) -> BadInput:
        return BadInput(f"{source}: {problem}. Nothing was imported.")

    if not isinstance(data, dict):
        raise bad("it is not a cipn-journal export (expected a JSON object)")
    if "format" in data and data["format"] != schema.FORMAT:
        raise bad(f"\"format\" is {_short(data['format'])}, not {schema.FORMAT!r}")
    version = data.get("format_version")
    if version is None:
        raise bad("it has no \"format_version\": it is not a cipn-journal export")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise bad(f"\"format_version\" {_short(version)} is not a version number")
    if version > schema.FORMAT_VERSION:
        raise bad(f"it was written by a newer cipn-journal (format_version {version}; this "
                  f"version reads up to {schema.FORMAT_VERSION}): upgrade cipn-journal to "
                  "import it")
    unknown = sorted(set(data) - set(META_KEYS) - set(schema.BY_NAME))
    if unknown:
        raise bad(f"unknown section {_short(unknown[0])} (sections: "
                  f"{', '.join(schema.BY_NAME)})")
    found = Records()
    if data.get("journal_id") is not None:
        try:
            found.journal_id = schema.person_id(data["journal_id"])
        except schema.Invalid as exc:
            raise bad(f"\"journal_id\": {exc}") from None
    for table in schema.TABLES:
        items = data.get(table.name, [])
        if not isinstance(items, list):
            raise bad(f"\"{table.name}\" is not a list")
        found[table.name] = [_record(table, index, item, bad)
                             for index, item in enumerate(items)]
    _own_weakness(found)
    _cross_check(found, bad)
    return found


def _own_weakness(found: Records) -> None:
    """An export from before `weakness` was built in (migration m009_weakness) may hold a symptom
    of one's own called `weakness`. As m009 does for a journal, it keeps its label, values and
    alerts under `weakness-own` (taken in the file too: the first free `weakness-own-N` from 2;
    the file has no row ids), and the built-in `weakness` starts empty."""
    old = "weakness"
    if not any(record["key"] == old for record in found["custom_symptoms"]):
        return
    taken = {record["key"] for record in found["custom_symptoms"]}
    new, number = f"{old}-own", 2
    while new in taken:
        new, number = f"{old}-own-{number}", number + 1
    for table, column in (("custom_symptoms", "key"), ("observations", "symptom"),
                          ("observation_history", "symptom"), ("alerts", "subject")):
        for record in found[table]:
            if record[column] == old:
                record[column] = new
    for record in found["alerts"]:
        escalated = record["escalates"]
        if escalated is not None and escalated[1] == old:
            record["escalates"] = (escalated[0], new, escalated[2])


def _record(table: schema.Table, index: int, item, bad) -> dict:
    where = f"{table.name}[{index}]"
    if not isinstance(item, dict):
        raise bad(f"{where} is not an object")
    extra = sorted(set(item) - set(table.keys))
    if extra:
        raise bad(f"{where} has an unknown key {_short(extra[0])} (keys: "
                  f"{', '.join(table.keys)})")
    record: dict[str, Any] = {}
    for spec in table.fields:
        value = item.get(spec.key)
        if value is None:
            if spec.required:
                raise bad(f"{where}.{spec.key} is missing")
            record[spec.key] = None
            continue
        try:
            record[spec.key] = spec.check(value)
        except schema.Invalid as exc:
            raise bad(f"{where}.{spec.key} {exc}") from None
    if table.name == "treatments":
        # Stored as `treatment add` stores it: a brand or any spelling as the generic name.

        known = find_drug(record["drug"])
        record["drug"] = drug_key(record["drug"])
        if known is not None:
            record["class"] = known.drug_class
    if table.name == "weekly_records" and record["skipped"] is None:
        record["skipped"] = ""  # as the journal stores "none skipped"
    if table.name == "observations" and record["where"] is not None:
        if not felt_in_limbs(record["symptom"]):  # as `log --where` refuses it
            raise bad(f"{where}.where is {record['where']!r}, but {record['symptom']} is not "
                      "felt in the hands or feet: remove \"where\" from this record")
    return record


def _cross_check(found: dict[str, list[dict]], bad) -> None:
    for table in schema.TABLES:
        if not table.unique:
            continue
        seen: set[tuple] = set()
        for record in found[table.name]:
            key = match_key(table, record)
            if key in seen:
                raise bad(f"{table.name} holds {describe(table, record)} twice")
            seen.add(key)
    for index, record in enumerate(found["custom_symptoms"]):
        try:
            check_new_key(record["key"], BUILTIN)
        except BadInput as exc:
            raise bad(f"custom_symptoms[{index}].key: {str(exc).rstrip('.')}") from None
    _check_weekly(found, bad)
    _check_order(found, bad)
    for index, record in enumerate(found["meds"]):
        if record["start"] and record["stop"] and record["stop"] < record["start"]:
            raise bad(f"meds[{index}] stops ({record['stop']}) before it starts "
                      f"({record['start']})")


def _check_weekly(found: dict[str, list[dict]], bad) -> None:
    """Weekly answers as `cipn weekly` accepts them: NCI's skip rule holds, and a key listed
    as skipped is scored 0."""
    for index, record in enumerate(found.get("weekly_records", [])):
        answers = {key: record[key] for key in proctcae.ALL_KEYS if record[key] is not None}
        if not answers:  # `cipn weekly` saves nothing without an answer
            raise bad(f"weekly_records[{index}] ({record['date']}) has no answer: weekly "
                      "answers hold at least one")
        try:
            proctcae.check_skip_rule(answers)
        except BadInput as exc:
            raise bad(f"weekly_records[{index}]: {str(exc).rstrip('.')}") from None
        for key in filter(None, record["skipped"].split(",")):
            if answers.get(key) != 0:
                raise bad(f"weekly_records[{index}] lists {key} as skipped but it is not 0")
            if proctcae.skipped_by(answers, key) is None:
                first = ("numbness.severity" if key in proctcae.EXTENT_KEYS
                         else proctcae.first_item(key.split(".")[0]).key)
                if first == key:
                    raise bad(f"weekly_records[{index}].skipped lists {key}, the first "
                              "question of its symptom: NCI's skip rule never skips it")
                raise bad(f"weekly_records[{index}].skipped lists {key}, but {first} is not "
                          f"answered 0: NCI's skip rule skips {key} only when {first} is 0")
    for index, record in enumerate(found.get("extent_days", [])):
        if all(record[limb] is None for limb in proctcae.LIMBS):  # as `cipn log --extent`
            raise bad(f"extent_days[{index}] ({record['date']}) has neither hands nor feet: "
                      "a logged extent holds at least one limb")


def _check_order(found: dict[str, list[dict]], bad) -> None:
    """What cannot come before what it is about, as `alerts ack --date` and `questions done
    --date` refuse it (issue 24): an acknowledgement before the alert's day, an answer before
    the question was asked, an alert escalating a later one or one of another subject or rule.
    Times are compared with the start of the day anywhere (UTC+14): a file written in another
    time zone is not refused for it."""
    for index, alert in enumerate(found["alerts"]):
        if alert["acknowledged_at"] and before_day_began(alert["acknowledged_at"],
                                                         alert["date"]):
            raise bad(f"alerts[{index}].acknowledged_at {alert['acknowledged_at']} is before "
                      f"the alert's day {alert['date']}: an alert is acknowledged on its day "
                      "or later")
        if alert["escalates"]:
            day, subject, rule = alert["escalates"]
            # The same subject; the rule may differ: one alert per symptom per day carries
            # every rule its value met under the decisive one (issue 22 rule 14).
            if subject != alert["subject"] or day > alert["date"]:
                raise bad(f"alerts[{index}].escalates names the {rule} alert about "
                          f"{_short(subject)} of {day}: an alert escalates an earlier one of the "
                          f"same subject ({_short(alert['subject'])})")
    for index, question in enumerate(found["questions"]):
        if question["done_at"] and before_day_began(question["done_at"], question["asked"]):
            raise bad(f"questions[{index}].done_at {question['done_at']} is before the "
                      f"question was asked ({question['asked']}): a question is answered on "
                      "the day it was asked or later")


def _short(value) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


# -- matching against the journal -----------------------------------------------------------
def match_key(table: schema.Table, record: dict) -> tuple:
    values = []
    for name in table.match:
        value = record[name]
        if table.name == "meds" and name == "name":
            value = " ".join(value.casefold().split())  # as `meds stop` finds a name
        values.append(value)
    return tuple(values)


def describe(table: schema.Table, record: dict) -> str:
    """A record as a person would name it: '2026-11-03 numbness', 'meds glutamine from ...'."""
    parts = []
    for name in table.match:
        value = record[name]
        if value is None:
            continue
        text = safe(str(value), one_line=True)
        parts.append(text if len(text) <= 50 else text[:47] + "...")
    if table.name == "profile":
        return "(who the journal is about)"
    return " ".join(parts) or "(no date)"


def differences(table: schema.Table, journal: dict, record: dict) -> list[tuple]:
    found = []
    given = bool(journal.get("cycle_given")) or bool(record.get("cycle_given"))
    for spec in table.fields:
        if not spec.compared or spec.key in table.match:
            continue
        if table.name == "treatments" and spec.key in ("cycle", "cycle_given") and not given:
            continue  # inferred cycle numbers are renumbered after the import
        ours, theirs = journal[spec.key], record[spec.key]
        same = spec.same(ours, theirs) if spec.same else ours == theirs
        if not same:
            found.append((spec.key, ours, theirs))
    return found


def _journal_records(store, table: schema.Table) -> list[tuple[int, dict]]:
    if store is None:
        return []

    return [(row_id, {f.key: row[f.column] for f in table.fields})
            for row_id, row in all_rows(store, table.name, [f.column for f in table.fields])]


def plan(store, data: dict[str, list[dict]]) -> Plan:
    """What importing `data` would do: for each record, new, identical or a conflict.
    Several records with the same match (two visits on one day) are paired one to one,
    identical ones first."""
    _check_symptoms(store, data)
    result = Plan()
    for table in schema.TABLES:
        journal: dict[tuple, list[tuple[int, dict]]] = {}
        for row_id, record in _journal_records(store, table):
            journal.setdefault(match_key(table, record), []).append((row_id, record))
        new, identical = [], 0
        for key, records in _grouped(table, data[table.name]):
            unpaired, paired = _pair(table, journal.get(key, []), records)
            identical += paired
            for record, rival in unpaired:
                if rival is None:
                    new.append(record)
                    continue
                result.conflicts.append(Conflict(
                    table.name, describe(table, record), rival[0], record,
                    differences(table, rival[1], record)))
        result.new[table.name] = new
        result.identical[table.name] = identical
    return result


def _signature(table: schema.Table, record: dict) -> tuple | None:
    """What `differences` compares, as one hashable value: two records with no differences
    have equal signatures. None for treatments, whose comparison depends on both records."""
    if table.name == "treatments":
        return None
    return tuple((record[spec.key] is None) if spec.same else record[spec.key]
                 for spec in table.fields if spec.compared and spec.key not in table.match)


def _pair(table: schema.Table, candidates: list[tuple[int, dict]],
          records: list[dict]) -> tuple[list[tuple[dict, tuple | None]], int]:
    """Pair the file's records that share one match with the journal's: each record takes the
    first identical journal record still free; the others, in order, the first record still
    free as a conflict (None: new). Returns ([(record, rival or None)], identical count).
    Identical records are found through an index of signatures and the free records through a
    cursor, so a group of n records costs O(n), not O(n^2) (issue 13 item 18)."""
    free = [True] * len(candidates)
    by_signature: dict[tuple | None, deque[int]] = {}
    linear = _signature(table, records[0]) is None if records else False
    if not linear:
        for index, (_, record) in enumerate(candidates):
            by_signature.setdefault(_signature(table, record), deque()).append(index)
    unpaired, identical = [], 0
    for record in records:
        if linear:
            twin = next((i for i, c in enumerate(candidates)
                         if free[i] and not differences(table, c[1], record)), None)
        else:
            same = by_signature.get(_signature(table, record))
            twin = same.popleft() if same else None
        if twin is None:
            unpaired.append(record)
        else:
            free[twin] = False
            identical += 1
    paired, cursor = [], 0
    for record in unpaired:
        # An undone alert is no longer in force: it never conflicts with one.
        rival = None
        if not _undone(table, record):
            while cursor < len(candidates) and (not free[cursor]
                                                or _undone(table, candidates[cursor][1])):
                cursor += 1
            if cursor < len(candidates):
                rival = candidates[cursor]
                free[cursor] = False
        paired.append((record, rival))
    return paired, identical


def _grouped(table: schema.Table, records: list[dict]) -> Iterable[tuple[tuple, list[dict]]]:
    groups: dict[tuple, list[dict]] = {}
    for record in records:
        groups.setdefault(match_key(table, record), []).append(record)
    return groups.items()


def _undone(table: schema.Table, record: dict) -> bool:
    return table.name == "alerts" and record["status"] == "undone"


def _check_symptoms(store, data: dict[str, list[dict]]) -> None:
    known = set(BUILTIN_KEYS) | {r["key"] for r in data["custom_symptoms"]}
    if store is not None:
        known |= set(custom_keys(store))
    for name in ("observations", "observation_history"):
        for index, record in enumerate(data[name]):
            if record["symptom"] not in known:
                raise BadInput(
                    f"{name}[{index}].symptom {record['symptom']!r} is neither a built-in "
                    "symptom nor in custom_symptoms (of the file or the journal). Nothing was "
                    "imported.")


# -- applying the plan ------------------------------------------------------------------------
def conflict_message(conflicts: list[Conflict]) -> str:
    count = len(conflicts)
    lines = [f"{count} record{'s' if count != 1 else ''} in the file "
             f"{'differ' if count != 1 else 'differs'} from the journal: "
             "nothing was imported."]
    for conflict in conflicts[:CONFLICTS_SHOWN]:
        lines.append(f"  {conflict.table} {conflict.label}: " + "; ".join(
            f"{key} {_value(ours)} in the journal, {_value(theirs)} in the file"
            for key, ours, theirs in conflict.differences))
    if count > CONFLICTS_SHOWN:
        lines.append(f"  and {count - CONFLICTS_SHOWN} more.")
    lines.append("Use --replace to take the file's values (the journal's stay in its history "
                 "and `cipn undo` reverts the import), or --keep to keep the journal's.")
    return "\n".join(lines)


def _value(value) -> str:
    if value is None:  # not the word 'none' (no limits), which is a value
        return "not recorded"
    text = safe(str(value), one_line=True)
    text = text if len(text) <= 40 else text[:37] + "..."
    return repr(text) if isinstance(value, str) else text


def run(store, data: dict[str, list[dict]], *, mode: str | None, dry_run: bool,
        source: str = "a file", rebuild: bool = False) -> Result:
    """Import `data` into `store` (None: no journal yet, only with `dry_run`) as one change.
    `rebuild`: the import created the journal, which then takes the identity of the journal
    that wrote the file (its `journal_id`), so that its FHIR ids and calendar UIDs stay the
    same; an import into an existing journal keeps that journal's identity."""
    if dry_run or store is None:
        return Result(plan(store, data), mode, dry_run=True)

    with store.change("import") as change:
        found = plan(store, data)
        if found.conflicts and mode is None:
            raise ImportConflicts(conflict_message(found.conflicts))
        result = Result(found, mode, dry_run=False)
        escalating: list[tuple[int, dict]] = []  # new alerts that escalate another
        for table in schema.TABLES:
            for record in found.new[table.name]:
                row_id = exchange.add(change, table.name, _stored(table, record, change.now))
                if table.name == "alerts" and record["escalates"]:
                    escalating.append((row_id, record))
        if mode == REPLACE:
            for conflict in found.conflicts:
                table = schema.BY_NAME[conflict.table]
                exchange.replace(store, change, table.name, conflict.row_id,
                                 _replaced_values(table, conflict, change.now))
        # Inferred cycle numbers stay "the nth infusion date" of each drug the import touched.
        drugs = {r["drug"] for r in found.new["treatments"]}
        drugs |= {c.record["drug"] for c in found.conflicts if c.table == "treatments"}
        for drug in sorted(drugs):
            renumber_cycles(store, change, drug)
        _link_escalations(store, change, escalating, found.conflicts if mode == REPLACE else [])
        journal_id = getattr(data, "journal_id", None)
        if rebuild and journal_id:
            adopt(change, journal_id)
        if change.writes:
            change.describe(f"import from {source}: " + ", ".join(counts(result)))
    return result


def _link_escalations(store, change, added: list[tuple[int, dict]],
                      replaced: list[Conflict]) -> None:
    """Each alert the import wrote that escalates another gets that alert's id in this journal,
    once every record is in (the file names it by date, subject and rule: issue 24). Not found
    (it was outside the exported window): the link stays empty."""
    written = added + [(c.row_id, c.record) for c in replaced
                       if c.table == "alerts" and c.record["escalates"]]
    if not written:
        return
    by_key = exchange.alerts_by_key(store)
    for row_id, record in written:
        # The alert it names, itself excepted: one in force first, then the latest before it.
        candidates = sorted((status == "undone", -(other if other < row_id else 0), other)
                            for other, status in by_key.get(record["escalates"], [])
                            if other != row_id)
        if candidates:
            change.update("alerts", row_id, {"escalates": candidates[0][2]})


def _stored(table: schema.Table, record: dict, now: str) -> dict:
    """The record's columns; an escalation is linked once every alert is in."""
    return {f.column: None if f.key == "escalates" else
            now if f.now and record[f.key] is None else record[f.key]
            for f in table.fields}


def _replaced_values(table: schema.Table, conflict: Conflict, now: str) -> dict:
    """The file's values for a conflicting record, without the keys that matched it."""
    matched = {table.field(k).column for k in table.match}
    return {column: value for column, value in _stored(table, conflict.record, now).items()
            if column not in matched}


def counts(result: Result) -> list[str]:
    """'12 added', '3 identical (skipped)', '1 replaced' ..."""
    found = result.plan
    parts = [f"{found.count_new()} added"]
    identical = sum(found.identical.values())
    if identical:
        parts.append(f"{identical} identical (skipped)")
    if found.conflicts:
        if result.mode == REPLACE:
            parts.append(f"{len(found.conflicts)} replaced")
        elif result.mode == KEEP:
            parts.append(f"{len(found.conflicts)} kept as in the journal")
        else:
            parts.append(f"{len(found.conflicts)} in conflict")
    return parts


def table_lines(result: Result) -> list[str]:
    """Per table: how many records are new, identical, in conflict."""
    found = result.plan
    lines = []
    clashing: dict[str, int] = {}
    for conflict in found.conflicts:
        clashing[conflict.table] = clashing.get(conflict.table, 0) + 1
    for table in schema.TABLES:
        new, same = len(found.new[table.name]), found.identical[table.name]
        differ = clashing.get(table.name, 0)
        if new or same or differ:
            parts = [f"{new} new"] + ([f"{same} identical"] if same else []) + (
                [f"{differ} different"] if differ else [])
            lines.append(f"  {table.name}: {', '.join(parts)}")
    return lines
