"""The journal's schema, as an append-only list of numbered migrations.

A released migration is never edited: a change to the schema is a new function at the end of
MIGRATIONS. The store runs the pending ones when it opens a journal, each in its own transaction,
and records the number reached in `PRAGMA user_version`. sqlite-utils builds the tables; it is
imported only here, when a journal is created or upgraded, to keep it off the daily start-up path.
"""

from collections.abc import Callable


def m001_initial(db) -> None:
    """Every table of the first release; each row remembers the change (`changes.id`) that wrote
    it, which is how `cipn undo` finds what to revert."""
    db["changes"].create(
        {"id": int, "recorded_at": str, "command": str, "summary": str, "undone_at": str},
        pk="id", not_null={"recorded_at", "command"}, defaults={"summary": ""},
    )
    # Before-images of updated rows and copies of rows removed by undo, as JSON: nothing a
    # command replaces or undoes is lost.
    db["change_items"].create(
        {"id": int, "change_id": int, "table_name": str, "row_id": int, "kind": str,
         "data": str},
        pk="id", not_null={"change_id", "table_name", "row_id", "kind", "data"},
    )
    db["change_items"].create_index(["change_id"], index_name="change_items_by_change")
    db["observations"].create(
        {"id": int, "date": str, "symptom": str, "severity": int, "location": str,
         "reported_by": str, "recorded_at": str, "change_id": int},
        pk="id", not_null={"date", "symptom", "severity", "recorded_at", "change_id"},
    )
    db["observations"].create_index(
        ["date", "symptom"], unique=True, index_name="observations_by_date"
    )
    db["observations"].create_index(
        ["symptom", "date"], index_name="observations_by_symptom"
    )
    db["observations"].create_index(["change_id"], index_name="observations_by_change")
    db["observation_history"].create(
        {"id": int, "date": str, "symptom": str, "severity": int, "location": str,
         "reported_by": str, "recorded_at": str, "replaced_at": str, "reason": str,
         "change_id": int},
        pk="id", not_null={"date", "symptom", "severity", "replaced_at", "reason"},
    )
    db["observation_history"].create_index(
        ["date", "symptom"], index_name="observation_history_by_date"
    )
    db["observation_history"].create_index(["change_id"], index_name="history_by_change")
    db["days"].create(
        {"id": int, "date": str, "limits": str, "falls": int, "reported_by": str,
         "recorded_at": str, "change_id": int},
        pk="id", not_null={"date", "recorded_at", "change_id"},
    )
    db["days"].create_index(["date"], unique=True, index_name="days_by_date")
    db["days"].create_index(["change_id"], index_name="days_by_change")
    db["notes"].create(
        {"id": int, "date": str, "text": str, "reported_by": str, "written_at": str,
         "change_id": int},
        pk="id", not_null={"date", "text", "written_at", "change_id"},
    )
    db["notes"].create_index(["date"], index_name="notes_by_date")
    db["notes"].create_index(["change_id"], index_name="notes_by_change")
    db["custom_symptoms"].create(
        {"id": int, "key": str, "label": str, "added_at": str, "change_id": int},
        pk="id", not_null={"key", "label", "added_at", "change_id"},
    )
    db["custom_symptoms"].create_index(["key"], unique=True, index_name="custom_symptoms_key")
    db["alerts"].create(
        {"id": int, "date": str, "subject": str, "rule": str, "value": str, "reference": float,
         "message": str, "raised_at": str, "status": str, "acknowledged_at": str,
         "ack_note": str, "change_id": int},
        pk="id", not_null={"date", "subject", "rule", "message", "raised_at", "status",
                           "change_id"},
    )
    db["alerts"].create_index(["status", "subject", "rule"], index_name="alerts_by_status")
    db["alerts"].create_index(["date"], index_name="alerts_by_date")
    db["alerts"].create_index(["change_id"], index_name="alerts_by_change")
    db["treatments"].create(
        {"id": int, "date": str, "entered": str, "drug": str, "drug_class": str, "cycle": int,
         "cycle_given": int, "dose": float, "unit": str, "dose_text": str, "route": str,
         "note": str, "recorded_at": str, "change_id": int},
        pk="id", not_null={"date", "entered", "drug", "recorded_at", "change_id"},
    )
    db["treatments"].create_index(["drug", "date"], index_name="treatments_by_drug")
    db["treatments"].create_index(["change_id"], index_name="treatments_by_change")
    db["meds"].create(
        {"id": int, "name": str, "kind": str, "start": str, "stop": str, "note": str,
         "recorded_at": str, "change_id": int},
        pk="id", not_null={"name", "kind", "recorded_at", "change_id"},
    )
    db["meds"].create_index(["change_id"], index_name="meds_by_change")
    db["visits"].create(
        {"id": int, "date": str, "with_whom": str, "recorded_at": str, "change_id": int},
        pk="id", not_null={"date", "recorded_at", "change_id"},
    )
    db["visits"].create_index(["date"], index_name="visits_by_date")
    db["visits"].create_index(["change_id"], index_name="visits_by_change")
    db["questions"].create(
        {"id": int, "text": str, "asked": str, "done_at": str, "recorded_at": str,
         "change_id": int},
        pk="id", not_null={"text", "asked", "recorded_at", "change_id"},
    )
    db["questions"].create_index(["change_id"], index_name="questions_by_change")


def m002_weekly(db) -> None:
    """The weekly PRO-CTCAE answers and the extent of numbness or tingling (issue 16).
    `weekly_records`: one current row per date (`replaced_at` NULL), one column per item (NULL:
    not answered) and per limb's extent; answering again the same day marks the old row
    replaced and inserts a new one, so every earlier version stays readable and undo restores
    it. `skipped` lists the keys NCI's skip rule scored 0. `extent_days`: the extent given with
    `cipn log --extent`, versioned the same way. The date index is not unique: undo restores
    the replaced row before it removes its replacement."""
    items = ("numbness_severity", "numbness_interference", "constipation_severity",
             "dizziness_severity", "dizziness_interference", "urgency_frequency",
             "urgency_interference", "leakage_frequency", "leakage_interference",
             "pain_frequency", "pain_severity", "pain_interference",
             "extent_hands", "extent_feet")
    db["weekly_records"].create(
        {"id": int, "date": str, **{column: int for column in items}, "skipped": str,
         "reported_by": str, "recorded_at": str, "replaced_at": str, "change_id": int},
        pk="id", not_null={"date", "recorded_at", "change_id"}, defaults={"skipped": ""},
    )
    db["weekly_records"].create_index(["date"], index_name="weekly_records_by_date")
    db["weekly_records"].create_index(["change_id"], index_name="weekly_records_by_change")
    db["extent_days"].create(
        {"id": int, "date": str, "hands": int, "feet": int, "reported_by": str,
         "recorded_at": str, "replaced_at": str, "change_id": int},
        pk="id", not_null={"date", "recorded_at", "change_id"},
    )
    db["extent_days"].create_index(["date"], index_name="extent_days_by_date")
    db["extent_days"].create_index(["change_id"], index_name="extent_days_by_change")


def m003_alert_urgency(db) -> None:
    """Two levels of alert (issue 12): `urgency` ("today" or "soon") and `escalates` (the id of
    the open alert a later, higher value raised again). Alerts raised before get the urgency the
    rule gives from their stored rule, subject, value and reference; they escalate nothing."""
    from cipn_journal.domain.clinical import urgency
    from cipn_journal.store.alerts import alert_value

    db["alerts"].add_column("urgency", str)
    db["alerts"].add_column("escalates", int)
    rows = db.conn.execute(
        "SELECT id, rule, subject, value, reference FROM alerts").fetchall()
    for row_id, rule, subject, value, reference in rows:
        level = urgency(rule, subject, alert_value(rule, subject, value), reference)
        db.conn.execute("UPDATE alerts SET urgency = ? WHERE id = ?", (level, row_id))


def m004_profile(db) -> None:
    """Who the journal is about (issue 15): one row (`cipn profile set` inserts it once, then
    updates it, so undo restores the before-image). `person_id` is a random UUID made when the
    profile is first set: the FHIR export's patient identity. Its schema version is its
    position in MIGRATIONS (numbered 4 to leave 3 to the alerts migration of issue 12)."""
    db["profile"].create(
        {"id": int, "person_id": str, "name": str, "born": str, "clinic": str,
         "diagnosis": str, "regimen": str, "recorded_at": str, "change_id": int},
        pk="id", not_null={"person_id", "recorded_at", "change_id"},
    )
    db["profile"].create_index(["change_id"], index_name="profile_by_change")


def m005_planned_infusions(db) -> None:
    """The planned next infusion (`cipn treatment next WHEN`, issue 25): each plan is a row of
    its own; the current plan is the one recorded last, so a new plan never overwrites an
    earlier one and undo brings that one back. `drug` may be NULL (no infusion recorded yet to
    name it)."""
    db["planned_infusions"].create(
        {"id": int, "date": str, "drug": str, "recorded_at": str, "change_id": int},
        pk="id", not_null={"date", "recorded_at", "change_id"},
    )
    db["planned_infusions"].create_index(["change_id"], index_name="planned_infusions_by_change")


MIGRATIONS: list[Callable] = [m001_initial, m002_weekly, m003_alert_urgency,
                              m004_profile, m005_planned_infusions]
SCHEMA_VERSION = len(MIGRATIONS)

# Tables whose rows carry `change_id`, in the order undo visits them.
DATA_TABLES = (
    "observations", "observation_history", "days", "notes", "custom_symptoms", "alerts",
    "treatments", "meds", "visits", "questions",
    "weekly_records", "extent_days", "profile", "planned_infusions",
)


def apply(conn, *, stop_before: int | None = None) -> int:
    """Run every pending migration on an open sqlite3 connection (autocommit mode), each in its
    own transaction; return the version reached. `stop_before` is for upgrade tests."""
    import sqlite_utils

    db = sqlite_utils.Database(conn)
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    for number, migration in enumerate(MIGRATIONS, start=1):
        if number <= version:
            continue
        if stop_before is not None and number >= stop_before:
            break
        conn.execute("BEGIN IMMEDIATE")
        try:
            # Another process may have migrated while we waited for the lock.
            if conn.execute("PRAGMA user_version").fetchone()[0] >= number:
                conn.execute("ROLLBACK")
                continue
            migration(db)
            conn.execute(f"PRAGMA user_version = {number}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        version = number
    return conn.execute("PRAGMA user_version").fetchone()[0]
