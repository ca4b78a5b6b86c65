"""Writing and reading the day journal: symptom values with replace-and-keep-history, day facts
(limits, falls, who reported), notes, custom symptoms, and the alerts a logged day raises.
All SQL for these tables lives here; callers get plain objects.
"""

from datetime import date, timedelta

from cipn_journal.domain import alerts as rules
from cipn_journal.domain.symptoms import Symptom, catalog
from cipn_journal.store.connection import Change, Store

LIMITS = ("none", "everyday", "selfcare")
WHERE = ("hands", "feet", "both")
REPORTERS = ("patient", "caregiver")


class DayEntry:
    """What one `log` or `checkin` stores for one day."""

    __slots__ = ("day", "symptoms", "where", "limits", "falls", "note", "by")

    def __init__(self, day: date, symptoms: list[tuple[str, int]] | None = None,
                 where: str | None = None, limits: str | None = None, falls: int | None = None,
                 note: str | None = None, by: str = "patient"):
        self.day = day
        self.symptoms = symptoms if symptoms is not None else []
        self.where = where
        self.limits = limits
        self.falls = falls
        self.note = note
        self.by = by

    def is_empty(self) -> bool:
        return not self.symptoms and self.limits is None and self.falls is None and not self.note


class LogResult:
    """What a log stored: (key, new, old) values, unchanged ones, day facts, alerts raised."""

    __slots__ = ("day", "stored", "unchanged", "facts", "alerts")

    def __init__(self, day: date):
        self.day = day
        self.stored: list[tuple[str, int, int | None]] = []
        self.unchanged: list[tuple[str, int]] = []
        self.facts: list[str] = []
        self.alerts: list[rules.Alert] = []


def custom_symptoms(store: Store | None) -> list[Symptom]:
    if store is None:
        return []
    return [
        Symptom(row["key"], row["label"], row["label"], (), builtin=False)
        for row in store.rows("SELECT key, label FROM custom_symptoms ORDER BY id")
    ]


def symptoms_of(store: Store | None) -> tuple[Symptom, ...]:
    return catalog(custom_symptoms(store))


def add_symptom(store: Store, key: str, label: str) -> None:
    """Add a custom symptom; the key is checked inside the write transaction, so that a key
    another cipn added a moment ago is refused as taken, not a constraint error."""
    from cipn_journal.domain.symptoms import check_new_key

    with store.change("symptoms add") as change:
        check_new_key(key, symptoms_of(store))
        change.insert("custom_symptoms", {"key": key, "label": label, "added_at": change.now})
        change.describe(f"added the symptom {key}")


def log_day(store: Store, entry: DayEntry, *, today: date, command: str = "log",
            symptoms: tuple[Symptom, ...] | None = None, also=None) -> LogResult:
    """Store one day's entry as one transaction, judging it for alerts. `symptoms`: the
    journal's catalog when the caller already read it. `also(change, result)`: more of the same
    command stored in its transaction (`log --extent`)."""
    result = LogResult(entry.day)
    iso = entry.day.isoformat()
    labels = {s.key: s.short for s in (symptoms or symptoms_of(store))}
    with store.change(command) as change:
        for key, severity in entry.symptoms:
            _store_value(store, change, entry, key, severity, result)
        _store_day_facts(store, change, entry, result)
        if also is not None:
            also(change, result)
        if change.writes:
            result.alerts = _raise_alerts(store, change, entry, result, labels, today)
            parts = [f"{k} {new}" + (f" (was {old})" if old is not None else "")
                     for k, new, old in result.stored] + result.facts
            change.describe(f"{command} for {iso}: " + ", ".join(parts))
    return result


def _store_value(store: Store, change: Change, entry: DayEntry, key: str, severity: int,
                 result: LogResult) -> None:
    iso = entry.day.isoformat()
    current = store.row(
        "SELECT id, severity, location FROM observations WHERE date = ? AND symptom = ?",
        (iso, key),
    )
    # A replacement without --where keeps where the symptom was felt.
    location = entry.where if entry.where is not None else (current and current["location"])
    if current is None:
        change.insert("observations", {
            "date": iso, "symptom": key, "severity": severity, "location": location,
            "reported_by": entry.by, "recorded_at": change.now,
        })
        result.stored.append((key, severity, None))
        return
    if current["severity"] == severity and current["location"] == location:
        result.unchanged.append((key, severity))
        return
    old = store.row("SELECT * FROM observations WHERE id = ?", (current["id"],))
    change.insert("observation_history", {
        "date": iso, "symptom": key, "severity": old["severity"], "location": old["location"],
        "reported_by": old["reported_by"], "recorded_at": old["recorded_at"],
        "replaced_at": change.now, "reason": "replaced",
    })
    change.update("observations", current["id"], {
        "severity": severity, "location": location, "reported_by": entry.by,
        "recorded_at": change.now,
    })
    result.stored.append((key, severity, current["severity"]))


def _store_day_facts(store: Store, change: Change, entry: DayEntry, result: LogResult) -> None:
    iso = entry.day.isoformat()
    day = store.row("SELECT * FROM days WHERE date = ?", (iso,))
    values: dict = {}
    if entry.limits is not None:
        values["limits"] = entry.limits
        result.facts.append(f"limits: {entry.limits}")
    if entry.falls is not None:
        values["falls"] = entry.falls
        result.facts.append("1 fall" if entry.falls == 1 else f"{entry.falls} falls")
    if entry.note:
        change.insert("notes", {"date": iso, "text": entry.note, "reported_by": entry.by,
                                "written_at": change.now})
        result.facts.append("a note")
    if day is None:
        if change.writes or values:
            change.insert("days", {"date": iso, "reported_by": entry.by,
                                   "recorded_at": change.now, **values})
        return
    if day["reported_by"] != entry.by and change.writes:
        values["reported_by"] = entry.by
    if any(day[column] != value for column, value in values.items()):
        change.update("days", day["id"], {**values, "recorded_at": change.now})


def _raise_alerts(store: Store, change: Change, entry: DayEntry, result: LogResult,
                  labels: dict[str, str], today: date) -> list[rules.Alert]:
    day = entry.day
    start = (day - timedelta(days=rules.NEW_LOOKBACK_DAYS)).isoformat()
    found: list[rules.Alert] = []
    judged = [(key, new) for key, new, _old in result.stored]
    if judged:
        keys = [key for key, _ in judged]
        past: dict[str, dict[date, int]] = {key: {} for key in keys}
        for row in store.rows(
            f"SELECT date, symptom, severity FROM observations WHERE symptom IN "
            f"({', '.join('?' for _ in keys)}) AND date >= ? AND date < ?",
            [*keys, start, day.isoformat()],
        ):
            past[row["symptom"]][date.fromisoformat(row["date"])] = row["severity"]
        for key, severity in judged:
            found += rules.judge_symptom(day=day, today=today, symptom=key,
                                         label=labels.get(key, key), severity=severity,
                                         past=past[key])
    if entry.limits in ("everyday", "selfcare"):
        past_limits = {
            date.fromisoformat(row["date"]): row["limits"]
            for row in store.rows(
                "SELECT date, limits FROM days WHERE date >= ? AND date < ? "
                "AND limits IS NOT NULL", (start, day.isoformat()))
        }
        found += rules.judge_limits(day=day, today=today, limits=entry.limits, past=past_limits)
    if entry.falls:
        found += rules.judge_falls(day=day, today=today, falls=entry.falls)
    if not found:
        return []
    open_keys = {(r["subject"], r["rule"]) for r in store.rows(
        "SELECT subject, rule FROM alerts WHERE status = 'open'")}
    same_day = {(r["subject"], r["rule"]) for r in store.rows(
        "SELECT subject, rule FROM alerts WHERE date = ? AND status != 'undone'",
        (day.isoformat(),))}
    raised = []
    for alert in found:
        if rules.is_duplicate(alert, open_keys=open_keys, same_day_keys=same_day):
            continue
        change.insert("alerts", {
            "date": alert.date.isoformat(), "subject": alert.subject, "rule": alert.rule,
            "value": str(alert.value), "reference": alert.reference, "message": alert.message,
            "raised_at": change.now, "status": "open",
        })
        open_keys.add((alert.subject, alert.rule))
        same_day.add((alert.subject, alert.rule))
        raised.append(alert)
    return raised


def last_values(store: Store | None, day: date) -> dict[str, int]:
    """For each symptom, the value last logged on or before `day` (check-in defaults)."""
    if store is None:
        return {}
    rows = store.rows(
        "SELECT o.symptom, o.severity FROM observations o JOIN ("
        " SELECT symptom, MAX(date) AS date FROM observations WHERE date <= ? GROUP BY symptom"
        ") m ON o.symptom = m.symptom AND o.date = m.date",
        (day.isoformat(),),
    )
    return {row["symptom"]: row["severity"] for row in rows}


ALERT_KEYS = ("id", "date", "subject", "rule", "value", "reference", "message", "raised_at",
              "status", "acknowledged_at", "ack_note")


def alert_value(rule: str, subject: str, stored: str | None) -> int | str | None:
    """Alert values are stored as text; severities and fall counts come back as integers."""
    if stored is None:
        return None
    if subject in ("everyday", "selfcare"):
        return stored
    try:
        return int(stored)
    except ValueError:
        return stored


def list_alerts(store: Store | None, *, include_all: bool = False,
                since: str | None = None, until: str | None = None) -> list[dict]:
    """Alerts, newest first, as dicts with exactly ALERT_KEYS: open ones, or all with
    `include_all`; `since`/`until` (ISO dates) limit the alert's day."""
    if store is None:
        return []
    sql = f"SELECT {', '.join(ALERT_KEYS)} FROM alerts WHERE 1 = 1"
    params: list = []
    if not include_all:
        sql += " AND status = 'open'"
    if since:
        sql += " AND date >= ?"
        params.append(since)
    if until:
        sql += " AND date <= ?"
        params.append(until)
    sql += " ORDER BY date DESC, id DESC"
    found = []
    for row in store.rows(sql, params):
        item = {key: row[key] for key in ALERT_KEYS}
        item["value"] = alert_value(row["rule"], row["subject"], row["value"])
        found.append(item)
    return found


class AckResult:
    __slots__ = ("acknowledged", "already", "undone")

    def __init__(self):
        self.acknowledged: list[int] = []
        self.already: list[int] = []
        self.undone: list[int] = []


def acknowledge_alerts(store: Store, ids: list[int] | None, note: str | None) -> AckResult:
    """Record that the care team was told, for the given alert ids or (ids None) every open
    alert. An unknown id is bad input and nothing is written."""
    from cipn_journal.errors import BadInput

    result = AckResult()
    with store.change("alerts ack") as change:
        if ids is None:
            rows = store.rows("SELECT id, status FROM alerts WHERE status = 'open' ORDER BY id")
        else:
            found = {r["id"]: r for r in store.rows(
                f"SELECT id, status FROM alerts WHERE id IN ({', '.join('?' for _ in ids)})",
                ids)}
            missing = [i for i in ids if i not in found]
            if missing:
                raise BadInput(
                    f"No alert has the ID {', '.join(map(str, missing))}: "
                    "`cipn alerts --all` lists alert IDs."
                )
            rows = [found[i] for i in ids]
        for row in rows:
            if row["status"] == "acknowledged":
                result.already.append(row["id"])
            elif row["status"] == "undone":
                result.undone.append(row["id"])
            else:
                change.update("alerts", row["id"], {
                    "status": "acknowledged", "acknowledged_at": change.now, "ack_note": note,
                })
                result.acknowledged.append(row["id"])
        if result.acknowledged:
            change.describe("acknowledged alert " + ", ".join(map(str, result.acknowledged)))
    return result
