"""The journal's schema: an append-only list of named migrations, each frozen SQL text.

Frozen: a migration's text is what it runs, in every version of the program, whatever is
installed. It calls no rule (`domain/clinical.py` changes), no store helper and no schema
generator (sqlite-utils 3 and 4 write different column types and quoting), so a journal created
today and one upgraded from 2026's first release get the same tables, byte for byte:
tests/test_migrations.py compares a new journal's schema with tests/fixtures/schema.sql, and
upgrades a journal made by each released schema (tests/fixtures/journals/). A released
migration is never edited; a change to the schema is a new entry at the end of MIGRATIONS.

Tracked by name, as simonw/llm does (`_llm_migrations`) and sqlite-utils 4's `Migrations`
(`_sqlite_migrations`): the table `migrations` lists each migration applied and when. Two
branches that each add a migration merge by keeping both entries, in any order; nothing is
renumbered. `PRAGMA user_version` still says how many have been applied (the schema version):
an older cipn-journal compares it with its own and refuses a newer journal untouched, and so
does this one (`Store._prepare`). Journals from before the names (user_version 1-4, no
`migrations` table) are adopted: their first `user_version` migrations are recorded as
applied, in the same transaction as the pending ones.

To add one: write its SQL as a constant, append `("mNNN_what_it_does", CONSTANT)` to
MIGRATIONS (the number only orders reading; the name must be new: two branches that both pick
m007 still differ by the rest), add its table to DATA_TABLES if its rows carry `change_id`,
rewrite tests/fixtures/schema.sql (test_migrations.py says how) and review that diff: it must be
exactly the new text. A release adds its journal to tests/fixtures/journals (make.sh there).

All pending migrations run in one transaction (BEGIN IMMEDIATE): a journal is either upgraded
completely or left as it was, and two processes opening an old journal at once upgrade it once.

sqlite-utils is not used here, so creating a journal costs no more start-up than a daily `log`.
A future change SQLite's ALTER TABLE cannot make (a column's type or constraint) may be drafted
with sqlite-utils' `table.transform_sql()`, whose statements are then pasted here as frozen text
(it would otherwise write its own version's SQL, and commits the transaction it is given).
"""

import sqlite3
from collections.abc import Iterator

LEDGER = "migrations"

M001_INITIAL = """
CREATE TABLE "changes" (
   "id" INTEGER PRIMARY KEY,
   "recorded_at" TEXT NOT NULL,
   "command" TEXT NOT NULL,
   "summary" TEXT DEFAULT '',
   "undone_at" TEXT
);
CREATE TABLE "change_items" (
   "id" INTEGER PRIMARY KEY,
   "change_id" INTEGER NOT NULL,
   "table_name" TEXT NOT NULL,
   "row_id" INTEGER NOT NULL,
   "kind" TEXT NOT NULL,
   "data" TEXT NOT NULL
);
CREATE INDEX "change_items_by_change"
    ON "change_items" ("change_id");
CREATE TABLE "observations" (
   "id" INTEGER PRIMARY KEY,
   "date" TEXT NOT NULL,
   "symptom" TEXT NOT NULL,
   "severity" INTEGER NOT NULL,
   "location" TEXT,
   "reported_by" TEXT,
   "recorded_at" TEXT NOT NULL,
   "change_id" INTEGER NOT NULL
);
CREATE UNIQUE INDEX "observations_by_date"
    ON "observations" ("date", "symptom");
CREATE INDEX "observations_by_symptom"
    ON "observations" ("symptom", "date");
CREATE INDEX "observations_by_change"
    ON "observations" ("change_id");
CREATE TABLE "observation_history" (
   "id" INTEGER PRIMARY KEY,
   "date" TEXT NOT NULL,
   "symptom" TEXT NOT NULL,
   "severity" INTEGER NOT NULL,
   "location" TEXT,
   "reported_by" TEXT,
   "recorded_at" TEXT,
   "replaced_at" TEXT NOT NULL,
   "reason" TEXT NOT NULL,
   "change_id" INTEGER
);
CREATE INDEX "observation_history_by_date"
    ON "observation_history" ("date", "symptom");
CREATE INDEX "history_by_change"
    ON "observation_history" ("change_id");
CREATE TABLE "days" (
   "id" INTEGER PRIMARY KEY,
   "date" TEXT NOT NULL,
   "limits" TEXT,
   "falls" INTEGER,
   "reported_by" TEXT,
   "recorded_at" TEXT NOT NULL,
   "change_id" INTEGER NOT NULL
);
CREATE UNIQUE INDEX "days_by_date"
    ON "days" ("date");
CREATE INDEX "days_by_change"
    ON "days" ("change_id");
CREATE TABLE "notes" (
   "id" INTEGER PRIMARY KEY,
   "date" TEXT NOT NULL,
   "text" TEXT NOT NULL,
   "reported_by" TEXT,
   "written_at" TEXT NOT NULL,
   "change_id" INTEGER NOT NULL
);
CREATE INDEX "notes_by_date"
    ON "notes" ("date");
CREATE INDEX "notes_by_change"
    ON "notes" ("change_id");
CREATE TABLE "custom_symptoms" (
   "id" INTEGER PRIMARY KEY,
   "key" TEXT NOT NULL,
   "label" TEXT NOT NULL,
   "added_at" TEXT NOT NULL,
   "change_id" INTEGER NOT NULL
);
CREATE UNIQUE INDEX "custom_symptoms_key"
    ON "custom_symptoms" ("key");
CREATE TABLE "alerts" (
   "id" INTEGER PRIMARY KEY,
   "date" TEXT NOT NULL,
   "subject" TEXT NOT NULL,
   "rule" TEXT NOT NULL,
   "value" TEXT,
   "reference" REAL,
   "message" TEXT NOT NULL,
   "raised_at" TEXT NOT NULL,
   "status" TEXT NOT NULL,
   "acknowledged_at" TEXT,
   "ack_note" TEXT,
   "change_id" INTEGER NOT NULL
);
CREATE INDEX "alerts_by_status"
    ON "alerts" ("status", "subject", "rule");
CREATE INDEX "alerts_by_date"
    ON "alerts" ("date");
CREATE INDEX "alerts_by_change"
    ON "alerts" ("change_id");
CREATE TABLE "treatments" (
   "id" INTEGER PRIMARY KEY,
   "date" TEXT NOT NULL,
   "entered" TEXT NOT NULL,
   "drug" TEXT NOT NULL,
   "drug_class" TEXT,
   "cycle" INTEGER,
   "cycle_given" INTEGER,
   "dose" REAL,
   "unit" TEXT,
   "dose_text" TEXT,
   "route" TEXT,
   "note" TEXT,
   "recorded_at" TEXT NOT NULL,
   "change_id" INTEGER NOT NULL
);
CREATE INDEX "treatments_by_drug"
    ON "treatments" ("drug", "date");
CREATE INDEX "treatments_by_change"
    ON "treatments" ("change_id");
CREATE TABLE "meds" (
   "id" INTEGER PRIMARY KEY,
   "name" TEXT NOT NULL,
   "kind" TEXT NOT NULL,
   "start" TEXT,
   "stop" TEXT,
   "note" TEXT,
   "recorded_at" TEXT NOT NULL,
   "change_id" INTEGER NOT NULL
);
CREATE INDEX "meds_by_change"
    ON "meds" ("change_id");
CREATE TABLE "visits" (
   "id" INTEGER PRIMARY KEY,
   "date" TEXT NOT NULL,
   "with_whom" TEXT,
   "recorded_at" TEXT NOT NULL,
   "change_id" INTEGER NOT NULL
);
CREATE INDEX "visits_by_date"
    ON "visits" ("date");
CREATE INDEX "visits_by_change"
    ON "visits" ("change_id");
CREATE TABLE "questions" (
   "id" INTEGER PRIMARY KEY,
   "text" TEXT NOT NULL,
   "asked" TEXT NOT NULL,
   "done_at" TEXT,
   "recorded_at" TEXT NOT NULL,
   "change_id" INTEGER NOT NULL
);
CREATE INDEX "questions_by_change"
    ON "questions" ("change_id");
"""
# Every table of the first release. Each row remembers the change (`changes.id`) that wrote it,
# which is how `cipn undo` finds what to revert; `change_items` holds before-images of updated
# rows and copies of rows removed by undo, as JSON: nothing a command replaces or undoes is lost.
# (The text is what sqlite-utils 4.2 wrote for the first release's table definitions.)

M002_WEEKLY = """
CREATE TABLE "weekly_records" (
   "id" INTEGER PRIMARY KEY,
   "date" TEXT NOT NULL,
   "numbness_severity" INTEGER,
   "numbness_interference" INTEGER,
   "constipation_severity" INTEGER,
   "dizziness_severity" INTEGER,
   "dizziness_interference" INTEGER,
   "urgency_frequency" INTEGER,
   "urgency_interference" INTEGER,
   "leakage_frequency" INTEGER,
   "leakage_interference" INTEGER,
   "pain_frequency" INTEGER,
   "pain_severity" INTEGER,
   "pain_interference" INTEGER,
   "extent_hands" INTEGER,
   "extent_feet" INTEGER,
   "skipped" TEXT DEFAULT '',
   "reported_by" TEXT,
   "recorded_at" TEXT NOT NULL,
   "replaced_at" TEXT,
   "change_id" INTEGER NOT NULL
);
CREATE INDEX "weekly_records_by_date"
    ON "weekly_records" ("date");
CREATE INDEX "weekly_records_by_change"
    ON "weekly_records" ("change_id");
CREATE TABLE "extent_days" (
   "id" INTEGER PRIMARY KEY,
   "date" TEXT NOT NULL,
   "hands" INTEGER,
   "feet" INTEGER,
   "reported_by" TEXT,
   "recorded_at" TEXT NOT NULL,
   "replaced_at" TEXT,
   "change_id" INTEGER NOT NULL
);
CREATE INDEX "extent_days_by_date"
    ON "extent_days" ("date");
CREATE INDEX "extent_days_by_change"
    ON "extent_days" ("change_id");
"""
# The weekly PRO-CTCAE answers and the extent of numbness or tingling (issue 16).
# `weekly_records`: one current row per date (`replaced_at` NULL), one column per item (NULL: not
# answered) and per limb's extent; answering again the same day marks the old row replaced and
# inserts a new one, so every earlier version stays readable and undo restores it. `skipped`
# lists the keys NCI's skip rule scored 0. `extent_days`: the extent given with
# `cipn log --extent`, versioned the same way. The date index is not unique: undo restores the
# replaced row before it removes its replacement.

_INTEGER_VALUE = "(value IS NOT NULL AND CAST(CAST(value AS INTEGER) AS TEXT) = value)"
M003_ALERT_URGENCY = f"""
ALTER TABLE "alerts" ADD COLUMN "urgency" TEXT;
ALTER TABLE "alerts" ADD COLUMN "escalates" INTEGER;
UPDATE "alerts" SET "urgency" = CASE
    WHEN rule = 'function' THEN CASE WHEN subject = 'everyday' THEN 'soon' ELSE 'today' END
    WHEN rule = 'composite' THEN
        CASE WHEN {_INTEGER_VALUE} AND CAST(value AS INTEGER) >= 3 THEN 'today' ELSE 'soon' END
    WHEN rule = 'spread' THEN 'soon'
    WHEN {_INTEGER_VALUE} AND CAST(value AS INTEGER) >= 7 THEN 'today'
    WHEN rule = 'worse' AND {_INTEGER_VALUE} AND reference IS NOT NULL
         AND CAST(value AS INTEGER) - reference >= 4 THEN 'today'
    ELSE 'soon'
END;
"""
# Two levels of alert (issue 12): `urgency` ("today" or "soon") and `escalates` (the id of the
# open alert a later, higher value raised again). Alerts raised before get the urgency the rules
# of that release gave from their stored rule, subject, value and reference, written out here
# once (the live rule in domain/clinical.py may change; this must not): a fall or self-care
# limit: today, everyday tasks: soon; a weekly composite grade of 3: today; a spread: soon; a
# value of 7 or more (severe on the 0-10 scale): today; a value 4 points or more above last
# week's average: today; anything else: soon. A value counts only when it is stored as a plain
# integer (limits alerts store words). They escalate nothing.

M004_PROFILE = """
CREATE TABLE "profile" (
   "id" INTEGER PRIMARY KEY,
   "person_id" TEXT NOT NULL,
   "name" TEXT,
   "born" TEXT,
   "clinic" TEXT,
   "diagnosis" TEXT,
   "regimen" TEXT,
   "recorded_at" TEXT NOT NULL,
   "change_id" INTEGER NOT NULL
);
CREATE INDEX "profile_by_change"
    ON "profile" ("change_id");
"""
# Who the journal is about (issue 15): one row (`cipn profile set` inserts it once, then updates
# it, so undo restores the before-image). `person_id` is a random UUID made when the profile is
# first set.

_RANDOM_UUID = ("lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || "
                "substr(hex(randomblob(2)), 2) || '-' || substr('89ab', 1 + (random() & 3), 1) || "
                "substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)))")
M005_JOURNAL_ID = f"""
CREATE TABLE "journal" (
   "id" INTEGER PRIMARY KEY CHECK ("id" = 1),
   "journal_id" TEXT NOT NULL
);
INSERT INTO "journal" ("id", "journal_id")
SELECT 1, COALESCE((SELECT person_id FROM profile ORDER BY id LIMIT 1), {_RANDOM_UUID});
"""
# The journal's identity (issue 24 item 4): one row, a random UUID (version 4, from SQLite's
# randomness) made when the journal is created, so two journals created in the same second never
# share it. It seeds every FHIR id and calendar UID. It is not a change: undo, `demo --force`
# and imports leave it (only `cipn import` into a journal it creates takes the file's).
# A journal from before that has a profile takes the profile's random `person_id`, which seeded
# its FHIR ids then, so they stay the same; one without a profile gets a new id.

M006_LOCAL_DAYS = """
ALTER TABLE "alerts" ADD COLUMN "acknowledged_on" TEXT;
ALTER TABLE "questions" ADD COLUMN "done_on" TEXT;
UPDATE "alerts" SET "acknowledged_on" = date("acknowledged_at", 'localtime')
    WHERE "acknowledged_at" IS NOT NULL;
UPDATE "questions" SET "done_on" = date("done_at", 'localtime') WHERE "done_at" IS NOT NULL;
"""
# The local day an alert was acknowledged and a question answered (issue 24 item 20), stored
# when the record is made, as observation days are: shown as it was, never recomputed in the
# machine's zone of the day it is read. Earlier rows get theirs once, here, from their UTC time
# in the zone of the machine that upgrades them (SQLite's 'localtime').

M007_PLANNED_INFUSIONS = """
CREATE TABLE "planned_infusions" (
   "id" INTEGER PRIMARY KEY,
   "date" TEXT NOT NULL,
   "drug" TEXT,
   "recorded_at" TEXT NOT NULL,
   "change_id" INTEGER NOT NULL
);
CREATE INDEX "planned_infusions_by_change"
    ON "planned_infusions" ("change_id");
"""
# The planned next infusion (`cipn treatment next WHEN`, issue 25): each plan is a row of its
# own; the current plan is the one recorded last, so a new plan never overwrites an earlier one
# and undo brings that one back. `drug` may be NULL (no infusion recorded yet to name it).

M008_ALERT_RULES = """
ALTER TABLE "alerts" ADD COLUMN "rules" TEXT;
UPDATE "alerts" SET "rules" = "rule";
"""
# One alert per symptom per day (issue 22 rule 14): `rules` lists every rule an alert met,
# separated by commas ("new,severe"); `rule` stays the decisive one. Alerts raised before met
# the one rule they were raised for, so `rules` is their `rule`. Their levels are kept as
# raised and nothing is deleted: `today` stays `today` and `soon` stays `soon` (the person
# was told that, and an acknowledgement refers to it), none becomes `next` (that level came
# with the expected-effects rule, whose alerts already store it); two old alerts about the
# same symptom and day (new and severe) stay two rows, as they were shown.
_OWN = """'weakness-own' || COALESCE((SELECT '-' || id FROM "custom_symptoms"
    WHERE "key" = 'weakness' AND EXISTS (SELECT 1 FROM "custom_symptoms"
    WHERE "key" = 'weakness-own')), '')"""
_HAS_OWN = """EXISTS (SELECT 1 FROM "custom_symptoms" WHERE "key" = 'weakness')"""
M009_WEAKNESS = f"""
UPDATE "observations" SET "symptom" = {_OWN} WHERE "symptom" = 'weakness' AND {_HAS_OWN};
UPDATE "observation_history" SET "symptom" = {_OWN}
    WHERE "symptom" = 'weakness' AND {_HAS_OWN};
UPDATE "alerts" SET "subject" = {_OWN} WHERE "subject" = 'weakness' AND {_HAS_OWN};
UPDATE "change_items" SET "data" = json_set("data", '$.symptom', {_OWN})
    WHERE "table_name" IN ('observations', 'observation_history')
    AND json_extract("data", '$.symptom') = 'weakness' AND {_HAS_OWN};
UPDATE "change_items" SET "data" = json_set("data", '$.subject', {_OWN})
    WHERE "table_name" = 'alerts' AND json_extract("data", '$.subject') = 'weakness'
    AND {_HAS_OWN};
UPDATE "change_items" SET "data" = json_set("data", '$.key', {_OWN})
    WHERE "table_name" = 'custom_symptoms' AND json_extract("data", '$.key') = 'weakness'
    AND {_HAS_OWN};
UPDATE "custom_symptoms" SET "key" = {_OWN} WHERE "key" = 'weakness';
"""
# `weakness` became a built-in symptom (issue 22 rule 11: new weakness is a red flag). A symptom of
# the person's own called `weakness` (custom_symptoms) may mean something else (tiredness, weak
# hands), so it is not merged into the built-in one: it keeps its label and every value, alert
# and undo record under the key `weakness-own` (`weakness-own-ID` if that key is taken too),
# and the built-in `weakness` starts empty. The custom row is renamed last: every statement
# before it tests that it still exists. A journal without it is unchanged.

M010_ALERT_SYMPTOMS = """
ALTER TABLE "alerts" ADD COLUMN "symptoms" TEXT;
"""
# One `persisting` alert a cycle names every nerve symptom that persists (issue 22 rule 10):
# `symptoms` holds them with their values ("numbness=3,grip=2"). Alerts stored before keep
# their rows as they were (NULL): each named one symptom, its subject, and is read that way.
M011_PLACES = """
CREATE INDEX "observations_places"
    ON "observations" ("symptom", "date") WHERE "location" IS NOT NULL;
"""
# A symptom's last known place (`store.journal.last_place`: the summary, and `log` without
# --where) was found by reading back through every value of that symptom until one had a place:
# all of them for a symptom never given one (balance, grip, walking...), 3,500 values each on
# a ten-year journal (25 ms for the summary's ten symptoms). This partial index holds only the
# values with a place (https://sqlite.org/partialindex.html): one seek each (1 ms).

# (name, frozen SQL), in the order they run. Append only; never edit or reorder a released one.
MIGRATIONS: tuple[tuple[str, str], ...] = (
    ("m001_initial", M001_INITIAL),
    ("m002_weekly", M002_WEEKLY),
    ("m003_alert_urgency", M003_ALERT_URGENCY),
    ("m004_profile", M004_PROFILE),
    ("m005_journal_id", M005_JOURNAL_ID),
    ("m006_local_days", M006_LOCAL_DAYS),
    ("m007_planned_infusions", M007_PLANNED_INFUSIONS),
    ("m008_alert_rules", M008_ALERT_RULES),
    ("m009_weakness", M009_WEAKNESS),
    ("m010_alert_symptoms", M010_ALERT_SYMPTOMS),
    ("m011_places", M011_PLACES),
)
SCHEMA_VERSION = len(MIGRATIONS)

# Tables whose rows carry `change_id`, in the order undo visits them.
DATA_TABLES = (
    "observations", "observation_history", "days", "notes", "custom_symptoms", "alerts",
    "treatments", "meds", "visits", "questions",
    "weekly_records", "extent_days", "profile", "planned_infusions",
)

_LEDGER_SQL = f"""
CREATE TABLE IF NOT EXISTS "{LEDGER}" (
   "name" TEXT PRIMARY KEY,
   "applied_at" TEXT NOT NULL
)
"""
_NOW = "strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now')"


class NewerJournal(Exception):
    """The journal lists migrations this version does not know: a newer cipn-journal wrote it.
    Raised before anything is written (the transaction is rolled back)."""

    def __init__(self, names: list[str]):
        super().__init__(", ".join(names))
        self.names = names


def statements(script: str) -> Iterator[str]:
    """The statements of a migration's text, one at a time (`executescript` would commit the
    transaction the upgrade runs in)."""
    buffer = ""
    for piece in script.split(";"):
        buffer += piece + ";"
        if sqlite3.complete_statement(buffer):
            if buffer.strip() != ";":
                yield buffer.strip()
            buffer = ""


def applied(conn: sqlite3.Connection) -> list[str]:
    """The names of the migrations applied to this journal, in the order they ran; for a journal
    from before the names, the first `user_version` of MIGRATIONS."""
    if conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
                    (LEDGER,)).fetchone():
        return [name for (name,) in conn.execute(
            f'SELECT name FROM "{LEDGER}" ORDER BY rowid')]
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    return [name for name, _ in MIGRATIONS[:max(version, 0)]]


def pending(conn: sqlite3.Connection, *, stop_before: str | None = None) -> list[str]:
    done = set(applied(conn))
    names = []
    for name, _ in MIGRATIONS:
        if name == stop_before:
            break
        if name not in done:
            names.append(name)
    return names


def apply(conn: sqlite3.Connection, *, stop_before: str | None = None) -> int:
    """Run every pending migration on an open sqlite3 connection (autocommit mode), all in one
    transaction, and return the schema version reached (`PRAGMA user_version`). `stop_before`
    (a migration's name) is for upgrade tests. Raises NewerJournal, having changed nothing, when
    the journal lists a migration this version does not know."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        # Read inside the lock: another process may have migrated while we waited for it.
        done = applied(conn)
        unknown = [name for name in done if name not in dict(MIGRATIONS)]
        if unknown:
            raise NewerJournal(unknown)
        todo = pending(conn, stop_before=stop_before)
        adopting = not conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
            (LEDGER,)).fetchone()
        if todo or adopting:
            conn.execute(_LEDGER_SQL)
            for name in done if adopting else ():
                conn.execute(f'INSERT INTO "{LEDGER}" (name, applied_at) VALUES (?, {_NOW})',
                             (name,))
            scripts = dict(MIGRATIONS)
            for name in todo:
                for statement in statements(scripts[name]):
                    conn.execute(statement)
                conn.execute(f'INSERT INTO "{LEDGER}" (name, applied_at) VALUES (?, {_NOW})',
                             (name,))
            conn.execute(f"PRAGMA user_version = {len(done) + len(todo)}")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return conn.execute("PRAGMA user_version").fetchone()[0]
