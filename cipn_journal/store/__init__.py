"""The journal file and every SQL statement of the program; callers get plain domain objects,
dicts or tuples, never SQL (tests/test_store_owns_sql.py checks that no module outside this
package runs or holds any).

- connection.py: the Store (an open journal; one change = one transaction, undo) and Change.
  Beside it, one job each: paths.py (where the journal lives), clock.py (the time every change
  records: CIPN_JOURNAL_NOW / _TODAY), opening.py (creating and opening the file safely,
  pragmas, checks), sqlite_errors.py (SQLite's errors as messages), in_use.py (whether another
  process has the journal open), undo.py (reverting a change), backup.py (a consistent copy),
  sql.py (small SQL helpers).
- migrations.py: the schema, as named migrations of frozen SQL text, append-only.
- journal.py: observations, observation_history, days, notes, custom_symptoms (log, history,
  windows, the summary's figures). alerts.py: alerts (stored as the record service
  decides them; the store judges nothing). treatments.py, meds.py, visits.py, questions.py:
  one table each. weekly.py: weekly answers and extents. exchange.py: the rows of the JSON
  export and of `cipn import`. demo.py: the demo's tables (its alerts: record/demo.py).
  changes.py: the list of recent changes (`cipn changes`, `undo --dry-run`).

sqlite-utils or the standard library: the daily `log` path (connection, journal, alerts) uses
the standard library's sqlite3 only, because importing sqlite_utils costs about 100 ms at each
start. Creating or upgrading a journal uses it neither: migrations are frozen SQL text, so that a
journal's tables do not depend on the sqlite-utils version installed (3 and 4 write different
types and quoting), and the first `log` into a new journal starts as fast as a daily one. Where
sqlite-utils serves: the bulk inserts of the demo (`Change.insert_many`), and drafting, at
development time, the SQL of a future column change SQLite's ALTER TABLE cannot make
(`table.transform_sql()`), which is then frozen into migrations.py as text. An import writes a
few rows through the same `Change.insert`/`update` as every command, which keep the
before-images undo needs.
"""
