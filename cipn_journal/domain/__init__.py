"""The pure rules: dates, symptoms, clinical (every threshold and clinical wording, once), trends,
alerts, grade, treatment, meds. No I/O, SQL, Rich or Typer; the clock is a parameter. Imports only
the standard library, cipn_journal.domain and cipn_journal.errors; the one exception is
python-dateutil (a declared dependency), imported inside `dates._parse_free_form` when needed."""
