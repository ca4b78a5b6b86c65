"""The `alerts` table: storing the alerts the domain decided (domain/alerts.py `judge_day`, run
by the record service), what a judgement reads of them (the open ones, a day's), listing them,
and acknowledging them once the care team was told. All SQL for alerts lives here; it decides
nothing."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from cipn_journal.domain import alerts as rules
from cipn_journal.domain.alerts import Alert
from cipn_journal.domain.clinical import URGENCIES, urgency
from cipn_journal.domain.dates import not_before
from cipn_journal.errors import BadInput

if TYPE_CHECKING:  # only for annotations: store/migrations.py imports alert_value from here
    from cipn_journal.store.connection import Change, Store

ALERT_KEYS = ("id", "date", "subject", "rule", "value", "reference", "message", "raised_at",
              "status", "acknowledged_at", "acknowledged_on", "ack_note", "urgency",
              "escalates", "rules", "symptoms")
# What limited a day, as judge_limits names its alerts' subject: their value is that text.
_LIMITS_SUBJECTS = ("everyday", "selfcare")


def alert_value(rule: str, subject: str, stored: str | None) -> int | str | None:
    """Alert values are stored as text. A limits alert (rule "function" about everyday tasks or
    self-care) holds what was limited; every other alert a severity or a number of falls, which
    comes back as an integer (a custom symptom may be called "everyday": its value is a number)."""
    if stored is None:
        return None
    if rule == "function" and subject in _LIMITS_SUBJECTS:
        return stored
    try:
        return int(stored)
    except ValueError:
        return stored


def rules_of(row) -> list[str]:
    """Every rule an alert met (issue 22 rule 14), from its `rules` column (names separated by
    commas); an alert imported without it met its `rule` alone."""
    return [rule for rule in (row["rules"] or "").split(",") if rule] or [row["rule"]]


def symptoms_text(symptoms: dict[str, int] | None) -> str | None:
    """'numbness=3,grip=2': how the `symptoms` column holds a persisting alert's symptoms."""
    return None if not symptoms else ",".join(f"{k}={v}" for k, v in symptoms.items())


def symptoms_of(row) -> dict[str, int] | None:
    """The nerve symptoms a `persisting` alert names, with their values (issue 22 rule 10: one
    alert a cycle): its `symptoms` column; an alert stored before that column (m010), or
    imported, named its subject alone. None for an alert that did not meet `persisting`."""
    if row["symptoms"]:
        return {key: int(value) for key, value in (
            item.split("=", 1) for item in row["symptoms"].split(","))}
    if "persisting" not in rules_of(row):
        return None
    value = alert_value(row["rule"], row["subject"], row["value"])
    return {row["subject"]: value} if isinstance(value, int) else None


def day_symptoms(store: Store, ids: list[int]) -> dict[int, dict[str, int]]:
    """{id: symptoms} of the alerts `ids` that name symptoms (`symptoms_of`)."""
    if not ids:
        return {}
    found = {}
    for row in store.rows(f"SELECT id, subject, rule, rules, value, symptoms FROM alerts "
                          f"WHERE id IN ({', '.join('?' for _ in ids)})", ids):
        named = symptoms_of(row)
        if named:
            found[row["id"]] = named
    return found


def _by_rule(rows) -> dict[tuple[str, str], tuple[int, int | str | None]]:
    """(subject, rule) -> (id, value) for each rule each alert met; later rows win."""
    return {(r["subject"], rule): (r["id"], alert_value(r["rule"], r["subject"], r["value"]))
            for r in rows for rule in rules_of(r)}


def open_alerts(store: Store, until: date) -> dict[tuple[str, str], tuple[int, int | str | None]]:
    """The open alerts dated `until` or earlier, (subject, rule) -> (id, value) for each rule
    they met; the newest of a key wins. (A back-dated value is judged against what was open by
    its day: it never escalates, nor is swallowed by, a later day's alert.)"""
    return _by_rule(store.rows("SELECT id, subject, rule, rules, value FROM alerts "
                               "WHERE status = 'open' AND date <= ? ORDER BY date, id",
                               (until.isoformat(),)))


def day_keys(store: Store, day: date) -> set[tuple[str, str]]:
    """(subject, rule) of each rule met by the alerts stored for `day` and not undone."""
    return {(r["subject"], rule) for r in store.rows(
        "SELECT subject, rule, rules FROM alerts WHERE date = ? AND status != 'undone'",
        (day.isoformat(),)) for rule in rules_of(r)}


def day_open(store: Store, day: date) -> dict[tuple[str, str], tuple[int, int | str | None]]:
    """(subject, rule) -> (id, value) of each rule met by the open alerts stored for `day`."""
    return _by_rule(store.rows("SELECT id, subject, rule, rules, value FROM alerts "
                               "WHERE date = ? AND status = 'open' ORDER BY id",
                               (day.isoformat(),)))


def rule_alerts(store: Store, rule: str, since: date) -> list[tuple[int, date, str, str, str]]:
    """(id, day, subject, urgency, status) of the alerts that met `rule` (decisive or among
    their `rules`) dated `since` or later, in
    the order they were raised. The read walks the date index (ordering by id in SQL would make
    SQLite scan the whole table in rowid order, slow on a ten-year journal)."""
    return sorted((r["id"], date.fromisoformat(r["date"]), r["subject"], r["urgency"], r["status"])
                  for r in store.rows(
                      "SELECT id, date, subject, urgency, status FROM alerts "
                      "WHERE date >= ? AND (rule = ? OR ',' || rules || ',' LIKE ?) "
                      "ORDER BY date", (since.isoformat(), rule, f"%,{rule},%")))


def told_since(store: Store, since: date) -> list[tuple[str, str, int | str | None, date]]:
    """(subject, rule, value, day acknowledged) of the alerts acknowledged on `since` or later:
    the local day stored when it was acknowledged (`acknowledged_on`)."""
    return [(r["subject"], r["rule"], alert_value(r["rule"], r["subject"], r["value"]),
             date.fromisoformat(r["told"]))
            for r in store.rows(
                "SELECT subject, rule, value, COALESCE(acknowledged_on, "
                "substr(acknowledged_at, 1, 10)) AS told FROM alerts "
                "WHERE status = 'acknowledged' AND told >= ?", (since.isoformat(),))]


def insert_alerts(change: Change, found: list[Alert], *, raised_at: str | None = None) -> None:
    """Store alerts the domain decided (domain/alerts.py `judge_day`) as open, raised now or
    at `raised_at`. An alert that `updates` one of its day's open alerts (a higher value
    logged the same day) rewrites that alert's value, reference, message and urgency."""
    for alert in found:
        if alert.updates is not None:
            change.update("alerts", alert.updates, {
                "subject": alert.subject, "rule": alert.rule, "rules": ",".join(alert.rules),
                "symptoms": symptoms_text(alert.symptoms), "value": str(alert.value),
                "reference": alert.reference, "message": alert.message,
                "urgency": alert.urgency})
            continue
        change.insert("alerts", {
            "date": alert.date.isoformat(), "subject": alert.subject, "rule": alert.rule,
            "value": str(alert.value), "reference": alert.reference, "message": alert.message,
            "raised_at": raised_at or change.now, "status": "open", "urgency": alert.urgency,
            "escalates": alert.escalates, "rules": ",".join(alert.rules),
            "symptoms": symptoms_text(alert.symptoms),
        })


def list_alerts(store: Store | None, *, include_all: bool = False,
                since: str | None = None, until: str | None = None) -> list[dict]:
    """Alerts as dicts with exactly ALERT_KEYS, `today` before `soon`, then newest first: open
    ones, or all with `include_all`; `since`/`until` (ISO dates) limit the alert's day."""
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
        item["rules"] = rules_of(row)
        item["symptoms"] = symptoms_of(row)
        if item["urgency"] not in URGENCIES:  # imported from an export made before issue 12
            item["urgency"] = urgency(item["rule"], item["subject"], item["value"],
                                      item["reference"])
        found.append(item)
    found.sort(key=rules.sort_key)
    return found


def acknowledge_open(store: Store, change: Change, *, at: str, on: str,
                     note: str | None) -> list[int]:
    """Inside a change (the demo's): mark every open alert acknowledged at `at`, on the local
    day `on`."""
    ids = [r["id"] for r in store.rows("SELECT id FROM alerts WHERE status = 'open' ORDER BY id")]
    for alert_id in ids:
        change.update("alerts", alert_id, {"status": "acknowledged", "acknowledged_at": at,
                                           "acknowledged_on": on, "ack_note": note})
    return ids


class AckResult:
    __slots__ = ("acknowledged", "already", "undone")

    def __init__(self):
        self.acknowledged: list[int] = []
        self.already: list[int] = []
        self.undone: list[int] = []


def acknowledge_alerts(store: Store, ids: list[int] | None, note: str | None,
                       at: str | None = None, *, on: str) -> AckResult:
    """Record that the care team was told, for the given alert ids or (ids None) every open
    alert, now or `at` (a UTC time: `ack --date`), on the local day `on` (ISO, stored as it
    is). An unknown id is bad input and nothing is written."""
    result = AckResult()
    told = date.fromisoformat(on) if at else None
    with store.change("alerts ack") as change:
        if ids is None:
            rows = store.rows("SELECT id, status, date FROM alerts WHERE status = 'open' "
                              "ORDER BY id")
        else:
            found = {r["id"]: r for r in store.rows(
                f"SELECT id, status, date FROM alerts WHERE id IN ({', '.join('?' for _ in ids)})",
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
                if told is not None:  # not before the alert's day (issue 24)
                    not_before(told, date.fromisoformat(row["date"]),
                               record=f"alert #{row['id']}'s day", action="acknowledged")
                change.update("alerts", row["id"], {
                    "status": "acknowledged", "acknowledged_at": at or change.now,
                    "acknowledged_on": on, "ack_note": note,
                })
                result.acknowledged.append(row["id"])
        if result.acknowledged:
            change.describe("acknowledged alert " + ", ".join(map(str, result.acknowledged)))
    return result
