"""The `alerts` table: raising the alerts a logged day earns (judged by domain/alerts.py's rules,
never twice while one is open), listing them, and acknowledging them once the care team was
told. All SQL for alerts lives here; callers get dicts or domain Alerts."""

from datetime import date, timedelta

from cipn_journal.domain import alerts as rules
from cipn_journal.domain.clinical import URGENCIES, urgency
from cipn_journal.store.connection import Change, Store

ALERT_KEYS = ("id", "date", "subject", "rule", "value", "reference", "message", "raised_at",
              "status", "acknowledged_at", "acknowledged_on", "ack_note", "urgency",
              "escalates")
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
    if rule == "spread":
        try:
            return int(stored)
        except ValueError:
            return stored
    try:
        return int(stored)
    except ValueError:
        return stored


def raise_alerts(store: Store, change: Change, *, day: date, today: date,
                 values: list[tuple[str, int]], labels: dict[str, str], limits: str | None,
                 falls: int | None) -> list[rules.Alert]:
    """Judge the values just stored for `day` against the weeks before it, store the alerts
    that are not duplicates of an open one or of the same day's, and return them."""
    start = (day - timedelta(days=rules.NEW_LOOKBACK_DAYS)).isoformat()
    found: list[rules.Alert] = []
    if values:
        keys = [key for key, _ in values]
        past: dict[str, dict[date, int]] = {key: {} for key in keys}
        for row in store.rows(
            f"SELECT date, symptom, severity FROM observations WHERE symptom IN "
            f"({', '.join('?' for _ in keys)}) AND date >= ? AND date < ?",
            [*keys, start, day.isoformat()],
        ):
            past[row["symptom"]][date.fromisoformat(row["date"])] = row["severity"]
        for key, severity in values:
            found += rules.judge_symptom(day=day, symptom=key,
                                         label=labels.get(key, key), severity=severity,
                                         past=past[key])
    if limits in _LIMITS_SUBJECTS:
        past_limits = {
            date.fromisoformat(row["date"]): row["limits"]
            for row in store.rows(
                "SELECT date, limits FROM days WHERE date >= ? AND date < ? "
                "AND limits IS NOT NULL", (start, day.isoformat()))
        }
        from cipn_journal.store.journal import first_day

        found += rules.judge_limits(day=day, limits=limits, past=past_limits,
                                    journal_start=_first_day_before(store, day, first_day))
    if falls:
        found += rules.judge_falls(day=day, falls=falls)
    return store_alerts(store, change, day, found)


def raise_weekly_alerts(store: Store, change: Change, *, day: date,
                        composite: dict[str, int | None],
                        extent: dict[str, int | None]) -> list[rules.Alert]:
    """Inside the weekly save (or `log --extent`): alerts from the PRO-CTCAE composite grades
    against the previous weekly answer, and from an extent higher than any recorded before
    `day` (issue 16). Returns the alerts stored."""
    from cipn_journal.domain import proctcae
    from cipn_journal.store.weekly import highest_extents, previous_record

    found: list[rules.Alert] = []
    if any(grade is not None for grade in composite.values()):
        previous = previous_record(store, day)
        before = previous.composite if previous is not None else {}
        for term, grade in composite.items():
            if grade is not None:
                found += rules.judge_composite(day=day, term=term, label=proctcae.TERMS[term],
                                               grade=grade, previous=before.get(term))
    given = {limb: level for limb, level in extent.items() if level is not None}
    if given:
        highest = highest_extents(store, day)
        for limb, level in given.items():
            found += rules.judge_spread(day=day, limb=limb, level=level,
                                        highest=highest.get(limb),
                                        words=proctcae.EXTENT_LEVELS[limb])
    return store_alerts(store, change, day, found)


def _first_day_before(store: Store, day: date, first_day) -> date | None:
    """The journal's first day, or `day` when nothing was logged before it."""
    earlier = store.scalar(
        "SELECT EXISTS (SELECT 1 FROM observations WHERE date < ?) "
        "OR EXISTS (SELECT 1 FROM days WHERE date < ?)", (day.isoformat(), day.isoformat()))
    return first_day(store) if earlier else day


def store_alerts(store: Store, change: Change, day: date,
                 found: list[rules.Alert]) -> list[rules.Alert]:
    """Store the alerts judged for `day` that are neither the same day's again nor a
    duplicate of an open one; an alert whose value is well above the open one's escalates it
    (domain/alerts.py `escalation`). Returns the alerts stored."""
    if not found:
        return []
    open_rows: dict[tuple[str, str], dict] = {}
    for r in store.rows("SELECT id, subject, rule, value FROM alerts WHERE status = 'open' "
                        "ORDER BY id"):
        open_rows[(r["subject"], r["rule"])] = {
            "id": r["id"], "value": alert_value(r["rule"], r["subject"], r["value"])}
    same_day = {(r["subject"], r["rule"]) for r in store.rows(
        "SELECT subject, rule FROM alerts WHERE date = ? AND status != 'undone'",
        (day.isoformat(),))}
    raised = []
    for alert in found:
        key = (alert.subject, alert.rule)
        if rules.is_duplicate(alert, open_keys=set(), same_day_keys=same_day):
            continue
        if alert.subject != "fall":
            verdict = rules.escalation(alert, open_rows.get(key))
            if verdict is False:
                continue
            if verdict is not True:
                alert.escalates = verdict
        alert_id = change.insert("alerts", {
            "date": alert.date.isoformat(), "subject": alert.subject, "rule": alert.rule,
            "value": str(alert.value), "reference": alert.reference, "message": alert.message,
            "raised_at": change.now, "status": "open", "urgency": alert.urgency,
            "escalates": alert.escalates,
        })
        open_rows[key] = {"id": alert_id, "value": alert.value}
        same_day.add(key)
        raised.append(alert)
    return raised


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
        if item["urgency"] not in URGENCIES:  # imported from an export made before issue 12
            item["urgency"] = urgency(item["rule"], item["subject"], item["value"],
                                      item["reference"])
        found.append(item)
    found.sort(key=rules.sort_key)
    return found


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
                    "status": "acknowledged", "acknowledged_at": at or change.now,
                    "acknowledged_on": on, "ack_note": note,
                })
                result.acknowledged.append(row["id"])
        if result.acknowledged:
            change.describe("acknowledged alert " + ", ".join(map(str, result.acknowledged)))
    return result
