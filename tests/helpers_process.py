"""Helpers for tests that run the real `cipn` in a child process: `loaded_modules` (which
modules a command imports, for the start-up guards), `heavy` (the ones the daily commands must
not import) and `on_a_terminal` (a command with stdout on a pseudo-terminal).
"""

import json
import os
import pty
import subprocess
import sys

# The heavy third-party packages, listed once: the daily commands (`log`, `checkin`, start-up)
# must not import them, and they are the only imports a module may keep inside a function, so that
# only the commands that use them pay for them (tests/test_imports.py enforces both).
HEAVY = ("rich", "sqlite_utils", "dateutil", "pydantic", "platformdirs", "reportlab", "fhir",
         "icalendar")

SCRIPT = """
import sys
from cipn_journal.cli import main
try:
    main()
except SystemExit as exit:
    code = exit.code
modules = sorted(sys.modules)  # before this script's own json
import json
sys.__stderr__.write("\\nMODULES " + json.dumps(modules) + "\\n")
sys.__stderr__.write("EXIT " + str(code) + "\\n")
"""


def loaded_modules(args, env_db):
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, *args], capture_output=True, text=True,
        env={"CIPN_JOURNAL_DB": str(env_db), "PATH": "/usr/bin:/bin",
             "CIPN_JOURNAL_TODAY": "2026-11-25", "HOME": str(env_db.parent)},
    )
    line = next(x for x in result.stderr.splitlines() if x.startswith("MODULES "))
    code = next(x for x in result.stderr.splitlines() if x.startswith("EXIT "))
    return set(json.loads(line[len("MODULES "):])), code


def heavy(modules):
    return sorted(m for m in modules if m.split(".")[0] in HEAVY)


def on_a_terminal(args, env) -> tuple[int, str]:
    """Run the real `cipn` with stdout on a pseudo-terminal."""
    main, secondary = pty.openpty()
    try:
        process = subprocess.run(
            [sys.executable, "-m", "cipn_journal", *args], stdout=secondary,
            stderr=subprocess.PIPE, env=env, timeout=60)
    finally:
        os.close(secondary)
    chunks = []
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(main)
    return process.returncode, process.stderr.decode(), b"".join(chunks).decode()


