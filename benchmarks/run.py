"""Benchmark harness for issue 8: is `cipn log` instant, and does a ten-year journal stay fast?

Owns a work directory (journals built with the installed `cipn demo`, jrnl configs, a venv for
the peers jrnl and sqlite-utils), times whole processes in interleaved rounds, prints medians and
ratios paired within this one run, checks the goals and exits 1 if one is missed.
Standard library only; see benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import random
import selectors
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import venv
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
FLOOR_SCRIPT = HERE / "floor_typer.py"
LOG_ARGS = ["numbness=3", "tingling=2"]
JRNL_ENTRY = "Numbness 3, tingling 2. Feet worse after the walk."
PEERS = ("jrnl", "sqlite-utils")
SMALL_WEEKS = 4
BIG_WEEKS = 520
QUICK_BIG_WEEKS = 104
QUICK_RUNS = 3
CHECKIN_TIMEOUT_S = 30.0
RSS_LIMIT_MB = 60.0
SLOW_START_VARIABLES = (
    "PYTHONDONTWRITEBYTECODE",
    "PYTHONPROFILEIMPORTTIME",
    "PYTHONDEVMODE",
    "PYTHONTRACEMALLOC",
    "PYTHONVERBOSE",
)


class SetupError(Exception):
    """The benchmark cannot start (no cipn, a demo journal that fails to build): exit 2."""


class CommandFailed(Exception):
    """A benchmarked command exited non-zero or never showed its output."""


@dataclass
class Command:
    """One row of the table: what to run and how to time it."""

    key: str
    label: str
    argv: list[str]
    env: dict[str, str]
    pipe_stdout: bool = False  # stdout is a pipe the harness drains (as `| less` would)
    first_output: bool = False  # time until the first bytes on stderr, then kill it
    peer: bool = False  # a peer's failure means "not measured", not a missed goal

    @property
    def missing(self) -> bool:
        """A peer that could not be found or installed has no command line."""
        return not self.argv


@dataclass
class Result:
    """Timings (ms) and peak RSS (bytes) of one command over the timed rounds."""

    samples: list[float] = field(default_factory=list)
    peak_rss: int | None = None
    error: str | None = None
    note: str | None = None  # e.g. the checkin's first question, shown for a sanity check

    @property
    def median(self) -> float | None:
        return statistics.median(self.samples) if self.samples and not self.error else None


# --- setup -------------------------------------------------------------------------------


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Time cipn's daily commands against python -c pass, a Typer floor and peers.",
        epilog="Example: python benchmarks/run.py --runs 20 --workdir ~/.cache/cipn-bench",
    )
    parser.add_argument("--runs", type=int, default=15, help="timed rounds (default 15)")
    parser.add_argument("--warmup", type=int, default=1, help="untimed rounds first (default 1)")
    parser.add_argument("--workdir", type=Path, help="keep journals and the peers' venv here")
    parser.add_argument("--cipn", help="the cipn executable (default: next to python, or PATH)")
    parser.add_argument(
        "--python", help="interpreter for `-c pass` and the floor (default: cipn's own)"
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help=f"smoke test: {QUICK_RUNS} runs, a {QUICK_BIG_WEEKS}-week 'big' journal",
    )
    parser.add_argument(
        "--no-install", action="store_true", help="do not pip-install missing peers"
    )
    parser.add_argument(
        "--checkin-marker",
        default="?",
        help="text on stderr that shows checkin's first question is out (default: '?'; "
        "'' for its first bytes)",
    )
    parser.add_argument("--seed", type=int, default=0, help="seed for the order within rounds")
    args = parser.parse_args(argv)
    if args.quick:
        args.runs = min(args.runs, QUICK_RUNS)
    if args.runs < 1 or args.warmup < 0:
        parser.error("--runs must be at least 1 and --warmup at least 0")
    return args


def find_cipn(option: str | None) -> str:
    """The executable to benchmark: --cipn, else the one beside this python, else PATH."""
    if option:
        found = shutil.which(option) or (option if Path(option).is_file() else None)
    else:
        beside = Path(sys.executable).parent / "cipn"
        found = str(beside) if beside.is_file() else shutil.which("cipn")
    if not found:
        raise SetupError("no `cipn` to benchmark; `pip install -e .` first or pass --cipn PATH")
    return str(Path(found).absolute())


def interpreter_of(executable: str) -> str:
    """The python named in a console script's shebang, so the floor runs where cipn runs."""
    try:
        with open(executable, "rb") as script:
            first = script.readline(512).decode(errors="replace")
    except OSError:
        return sys.executable
    if first.startswith("#!"):
        words = first[2:].split()
        if len(words) == 1 and Path(words[0]).name.startswith("python"):
            if Path(words[0]).is_file():
                return words[0]
    return sys.executable


def isolated_env(workdir: Path) -> dict[str, str]:
    """The user's environment with HOME and XDG dirs inside the work dir: no real journal is
    read or written, and jrnl finds no personal config."""
    home = workdir / "home"
    env = dict(os.environ)
    env.pop("CIPN_JOURNAL_DB", None)
    # Settings that slow every Python start, which no user has: without the bytecode cache an
    # editable install recompiles its modules at every run.
    for name in SLOW_START_VARIABLES:
        env.pop(name, None)
    env.update(
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / ".config"),
        XDG_DATA_HOME=str(home / ".local" / "share"),
        XDG_STATE_HOME=str(home / ".local" / "state"),
        XDG_CACHE_HOME=str(home / ".cache"),
        NO_COLOR="1",
    )
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        Path(env[name]).mkdir(parents=True, exist_ok=True)
    return env


def say(message: str) -> None:
    """Progress goes to stderr; the report is the only thing on stdout."""
    print(message, file=sys.stderr, flush=True)


def build_journal(cipn: str, db: Path, weeks: int, env: dict[str, str]) -> None:
    """A fresh demo journal: earlier runs' files are removed, so every run starts alike."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    say(f"building {db.name}: cipn demo --weeks {weeks}")
    started = time.perf_counter()
    completed = subprocess.run(
        [cipn, "--db", str(db), "demo", "--weeks", str(weeks)],
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    if completed.returncode != 0:
        message = completed.stderr.strip()
        raise SetupError(f"`cipn demo` failed (exit {completed.returncode}): {message}")
    size_mb = db.stat().st_size / 1e6 if db.exists() else 0.0
    say(f"  done in {time.perf_counter() - started:.1f} s, {size_mb:.1f} MB")


def export_journal(cipn: str, db: Path, target: Path, env: dict[str, str]) -> None:
    """The whole journal as the JSON export, for the import rows."""
    completed = subprocess.run(
        [cipn, "--db", str(db), "export", "--since", "all", "--format", "json", "-o",
         str(target), "--force"],
        env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        text=True,
    )
    if completed.returncode != 0:
        raise SetupError(f"`cipn export` failed (exit {completed.returncode}): "
                         f"{completed.stderr.strip()}")
    say(f"  exported {db.name} to {target.name}: {target.stat().st_size / 1e6:.1f} MB")


def works(executable: str) -> bool:
    """A PATH hit may be a shim for another interpreter; `--version` tells."""
    try:
        completed = subprocess.run(
            [executable, "--version"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=60,
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return completed.returncode == 0


def find_peers(
    interpreter: str, workdir: Path, *, install: bool
) -> tuple[dict[str, str | None], str]:
    """Each peer from beside cipn's python or this one, PATH, or the work dir's own venv,
    installing the missing ones there. Returns {name: path or None} and what was done."""
    peers_venv = workdir / "peers-venv"
    peers_bin = peers_venv / ("Scripts" if os.name == "nt" else "bin")
    dirs = [Path(interpreter).parent, Path(sys.executable).parent, peers_bin]
    found: dict[str, str | None] = {}
    for name in PEERS:
        local = next((d / name for d in dirs if (d / name).is_file()), None)
        on_path = shutil.which(name)
        if local:
            found[name] = str(local)
        elif on_path and works(on_path):
            found[name] = on_path
        else:
            found[name] = None
    missing = [name for name, path in found.items() if path is None]
    if not missing:
        return found, "peers found"
    if not install:
        return found, f"not installed (--no-install): {', '.join(missing)}"
    say(f"installing {', '.join(missing)} into {peers_venv}")
    try:
        if not (peers_bin / "python").exists():
            venv.create(peers_venv, with_pip=True)
        completed = subprocess.run(
            [str(peers_bin / "python"), "-m", "pip", "install", "--quiet", *missing],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
        )
    except (OSError, subprocess.CalledProcessError) as error:
        return found, f"could not create the peers' venv: {error}"
    for name in missing:
        if (peers_bin / name).is_file():
            found[name] = str(peers_bin / name)
    if completed.returncode != 0:
        tail = completed.stderr.strip().splitlines()[-1:] or ["(no message)"]
        return found, f"pip install failed: {tail[0]}"
    return found, f"installed into {peers_venv}: {', '.join(missing)}"


def write_jrnl_journal(workdir: Path, name: str, days: int) -> Path:
    """A plain-text jrnl journal with one entry a day for `days` days, and its config file.
    The config lists every key jrnl expects, so it is used as is (no first-run questions)."""
    journal = workdir / "jrnl" / f"{name}.txt"
    config = workdir / "jrnl" / f"{name}.yaml"
    journal.parent.mkdir(parents=True, exist_ok=True)
    today = datetime.date.today()
    with journal.open("w", encoding="utf-8") as out:
        for back in range(days, 0, -1):
            day = today - datetime.timedelta(days=back)
            out.write(f"[{day.isoformat()} 21:00] Numbness {back % 4}, tingling {back % 3}.\n")
            out.write("Feet worse after the walk; buttons were hard this morning.\n\n")
    config.write_text(
        "colors:\n  body: none\n  date: none\n  tags: none\n  title: none\n"
        "default_hour: 9\ndefault_minute: 0\neditor: ''\nencrypt: false\nhighlight: false\n"
        "indent_character: '|'\n"
        f"journals:\n  default:\n    journal: '{journal}'\n"
        "linewrap: 79\ntagsymbols: '#@'\ntemplate: false\ntimeformat: '%Y-%m-%d %H:%M'\n"
        "version: v4.0\n",
        encoding="utf-8",
    )
    return config


# --- timing ------------------------------------------------------------------------------


# A parent's footprint at fork() counts in the child's ru_maxrss on Linux (exec records the
# copied image's high-water mark), so peak memory is read by a tiny helper process, never by
# this one: the helper's own few MB are below any Python program's peak.
RSS_HELPER = """
import os, sys
pid = os.fork()
if pid == 0:
    null = os.open(os.devnull, os.O_RDWR)
    os.dup2(null, 0)
    os.dup2(null, 1)
    os.execv(sys.argv[1], sys.argv[1:])
_, status, usage = os.wait4(pid, 0)
print(usage.ru_maxrss, os.waitstatus_to_exitcode(status))
"""


def time_process(command: Command) -> float:
    """Wall time (ms) of the whole process, from start to exit."""
    stdout = subprocess.PIPE if command.pipe_stdout else subprocess.DEVNULL
    started = time.perf_counter()
    completed = subprocess.run(
        command.argv,
        stdin=subprocess.DEVNULL,
        stdout=stdout,
        stderr=subprocess.PIPE,
        env=command.env,
    )
    elapsed = (time.perf_counter() - started) * 1000
    if completed.returncode != 0:
        message = completed.stderr.decode(errors="replace").strip()
        raise CommandFailed(f"exit {completed.returncode}: {message[-300:]}")
    return elapsed


def peak_rss(command: Command, python: str) -> int:
    """Peak resident memory (bytes) of one run of the command, read with os.wait4 by
    RSS_HELPER. ru_maxrss is in KiB on Linux and in bytes on macOS."""
    completed = subprocess.run(
        [python, "-I", "-S", "-c", RSS_HELPER, *command.argv],
        env=command.env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
    )
    try:
        maxrss, code = (int(word) for word in completed.stdout.split())
    except ValueError:
        raise CommandFailed(f"memory helper failed: {completed.stderr.strip()[-300:]}") from None
    if code != 0:
        raise CommandFailed(f"exit {code}: {completed.stderr.strip()[-300:]}")
    return maxrss if sys.platform == "darwin" else maxrss * 1024


def time_first_output(command: Command, marker: str, *, check: bool) -> tuple[float, str]:
    """Wall time (ms) from start until stderr shows `marker` (or any bytes), then kill.
    stdin is an open pipe, so a prompt waits for an answer that never comes. With `check`
    (the warm-up), wait a moment to make sure that output was not an error on the way out."""
    deadline = time.perf_counter() + CHECKIN_TIMEOUT_S
    seen = b""
    started = time.perf_counter()
    process = subprocess.Popen(
        command.argv,
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=command.env,
    )
    try:
        elapsed = None
        with selectors.DefaultSelector() as selector:
            selector.register(process.stderr, selectors.EVENT_READ)
            while elapsed is None:
                remaining = deadline - time.perf_counter()
                if remaining <= 0:
                    raise CommandFailed(f"no question within {CHECKIN_TIMEOUT_S:.0f} s")
                if not selector.select(remaining):
                    continue
                chunk = os.read(process.stderr.fileno(), 65536)
                if not chunk:
                    process.wait()
                    text = seen.decode(errors="replace").strip()
                    raise CommandFailed(f"exit {process.returncode} before a question: {text}")
                seen += chunk
                if marker.encode() in seen:
                    elapsed = (time.perf_counter() - started) * 1000
        if check:
            try:
                code = process.wait(timeout=0.5)
            except subprocess.TimeoutExpired:
                code = None  # still waiting for an answer: that was a question
            if code is not None and code != 0:
                text = seen.decode(errors="replace").strip()
                raise CommandFailed(f"exit {code}: {text[-300:]}")
    finally:
        process.kill()
        process.wait()
        process.stdin.close()
        process.stderr.close()
    return elapsed, seen.decode(errors="replace").strip()


def shown_line(text: str, marker: str) -> str:
    """The line holding the marker (the question), so the report shows what was waited for."""
    lines = [line for line in text.splitlines() if marker in line] or [""]
    return lines[0].strip()[:90]


def measure(
    commands: list[Command], *, runs: int, warmup: int, marker: str, seed: int
) -> dict[str, Result]:
    """Interleaved rounds: each round runs every command once, in a shuffled order, so slow
    drift of the machine (thermal, background jobs) hits all rows alike. The warm-up rounds
    are not timed; the first one also checks that every command works."""
    results = {command.key: Result() for command in commands}
    order = list(commands)
    shuffle = random.Random(seed).shuffle
    for round_number in range(warmup + runs):
        timed = round_number >= warmup
        shuffle(order)
        for command in order:
            result = results[command.key]
            if result.error or command.missing:
                continue
            try:
                if command.first_output:
                    elapsed, text = time_first_output(command, marker, check=round_number == 0)
                    result.note = result.note or shown_line(text, marker)
                else:
                    elapsed = time_process(command)
            except CommandFailed as error:
                result.error = str(error)
                say(f"  {command.label}: FAILED {error}")
                continue
            if timed:
                result.samples.append(elapsed)
        say(f"round {round_number + 1}/{warmup + runs}{'' if timed else ' (warm-up)'} done")
    return results


def measure_memory(
    commands: list[Command], results: dict[str, Result], python: str, *, runs: int
) -> None:
    """Peak RSS of each command that ran to completion: the largest of a few runs."""
    for command in commands:
        result = results[command.key]
        if command.first_output or command.missing or result.error:
            continue
        try:
            result.peak_rss = max(peak_rss(command, python) for _ in range(runs))
        except CommandFailed as error:
            result.error = str(error)
    say("memory measured")


# --- goals and report --------------------------------------------------------------------


@dataclass
class Goal:
    name: str
    measured: str
    limit: str
    status: str  # PASS, FAIL or "not measured"


# (goal, numerator row, denominator row, largest ratio allowed): issue 8's goals, on medians.
RATIO_GOALS = [
    ("log <= 7x python -c pass", "log_small", "pass", 7.0),
    ("log <= 0.55x jrnl adding one entry", "log_small", "jrnl_small", 0.55),
    ("log <= 1.15x floor_typer.py", "log_small", "floor", 1.15),
    ("big-journal log within 10% of small", "log_big", "log_small", 1.10),
    ("first log, new journal <= 1.5x log", "log_first", "log_small", 1.5),  # issue 21
    ("summary <= 2x log (big journal)", "summary_big", "log_big", 2.0),
    ("meds effect <= 2x log (big journal)", "effect_big", "log_big", 2.0),  # issue 26
    ("export html, 1 year <= 3x log (big)", "export_big", "log_big", 3.0),
    ("export fhir, 1 year <= 5x log (big)", "fhir_big", "log_big", 5.0),  # issue 17
    ("checkin 1st question <= 1.5x log (big)", "checkin_big", "log_big", 1.5),
    ("remind <= 1.2x log (big journal)", "remind_big", "log_big", 1.2),
    ("weekly 1st question <= 1.5x log (big)", "weekly_big", "log_big", 1.5),  # issue 16
    ("export pdf, 12 weeks <= 5x log (big)", "pdf_big", "log_big", 5.0),  # issue 15
]


def ratio_goal(
    goal: tuple[str, str, str, float], results: dict[str, Result], commands: dict[str, Command]
) -> Goal:
    """A failed cipn row fails the goal; a missing or failed peer leaves it not measured."""
    name, top, bottom, limit = goal
    limit_text = f"<= {limit:.2f}x"
    for key in (top, bottom):
        if commands[key].missing:
            return Goal(name, "peer missing", limit_text, "not measured")
        if results[key].error:
            if commands[key].peer:
                return Goal(name, "peer failed", limit_text, "not measured")
            return Goal(name, f"{key} failed", limit_text, "FAIL")
    ratio = results[top].median / results[bottom].median
    return Goal(name, f"{ratio:.2f}x", limit_text, "PASS" if ratio <= limit else "FAIL")


def evaluate(results: dict[str, Result], commands: dict[str, Command]) -> list[Goal]:
    goals = [ratio_goal(goal, results, commands) for goal in RATIO_GOALS]
    summary = results["summary_big"]
    limit_text = f"< {RSS_LIMIT_MB:.0f} MB"
    if summary.error or summary.peak_rss is None:
        goals.append(Goal("summary peak RSS (big journal)", "failed", limit_text, "FAIL"))
    else:
        mb = summary.peak_rss / 1e6
        status = "PASS" if mb < RSS_LIMIT_MB else "FAIL"
        goals.append(Goal("summary peak RSS (big journal)", f"{mb:.1f} MB", limit_text, status))
    return goals


def table(rows: list[list[str]], right: set[int]) -> str:
    """Plain aligned columns, first row the header: no ANSI, pastes into Markdown as code."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for number, row in enumerate(rows):
        cells = [
            cell.rjust(widths[i]) if i in right else cell.ljust(widths[i])
            for i, cell in enumerate(row)
        ]
        lines.append("  ".join(cells).rstrip())
        if number == 0:
            lines.append("  ".join("-" * width for width in widths))
    return "\n".join(lines)


def report(
    commands: list[Command], results: dict[str, Result], goals: list[Goal], header: list[str]
) -> str:
    base = results["pass"].median
    rows = [["command", "median ms", "min ms", "max ms", "x pass", "peak RSS MB"]]
    for command in commands:
        result = results[command.key]
        if command.missing or result.error:
            status = "missing" if command.missing else "failed"
            rows.append([command.label, status, "", "", "", ""])
            continue
        median = result.median
        rows.append(
            [
                command.label,
                f"{median:.1f}",
                f"{min(result.samples):.1f}",
                f"{max(result.samples):.1f}",
                f"{median / base:.2f}" if base else "",
                f"{result.peak_rss / 1e6:.1f}" if result.peak_rss else "-",
            ]
        )
    goal_rows = [["goal", "measured", "limit", "result"]]
    goal_rows += [[goal.name, goal.measured, goal.limit, goal.status] for goal in goals]
    notes = [
        f"  {command.label}: {results[command.key].error or results[command.key].note}"
        for command in commands
        if results[command.key].error or results[command.key].note
    ]
    parts = header + ["", table(rows, {1, 2, 3, 4, 5}), "", table(goal_rows, set())]
    if notes:
        parts += ["", "notes:"] + notes
    return "\n".join(parts)


def startup_warning(python: str, env: dict[str, str]) -> str | None:
    """A setuptools editable install (`pip install -e .`) may add a `.pth` finder that imports
    pathlib and re at every start of that interpreter, about 10 ms on a slow machine: all rows
    pay it, which inflates `python -c pass` and hides what cipn itself costs."""
    code = "import sys; print(*sorted(m for m in sys.modules if m.startswith('__editable__')))"
    completed = subprocess.run([python, "-c", code], env=env, capture_output=True, text=True)
    finders = completed.stdout.split()
    if not finders:
        return None
    return (
        f"warning: {python} imports {', '.join(finders)} at every start-up, which inflates "
        "every row; for numbers to publish, install with `pip install .` or "
        "`pip install -e . --config-settings editable_mode=compat`"
    )


def first_line(env: dict[str, str], argv: list[str]) -> str:
    """The first line a command prints (a version, say), or "?"."""
    completed = subprocess.run(argv, env=env, capture_output=True, text=True)
    lines = (completed.stdout or completed.stderr).strip().splitlines()
    return lines[0] if lines else "?"


def describe(
    cipn: str, interpreter: str, env: dict[str, str], args: argparse.Namespace, big_weeks: int
) -> list[str]:
    """Date, machine and versions: what a reader needs to compare two reports."""
    python = first_line(
        env, [interpreter, "-c", "import platform; print(platform.python_version())"]
    )
    typer = first_line(
        env, [interpreter, "-c", "import importlib.metadata as m; print(m.version('typer'))"]
    )
    version = first_line(env, [cipn, "--version"])
    quick = "  (--quick: a smoke test, not a measurement)" if args.quick else ""
    return [
        f"cipn benchmark {datetime.date.today().isoformat()}{quick}",
        f"machine: {platform.system()} {platform.machine()}, {os.cpu_count()} cores; "
        f"CPython {python}; typer {typer}; {version}",
        f"{args.runs} timed rounds after {args.warmup} warm-up, interleaved; "
        f"medians; big journal = {big_weeks} weeks",
    ]


# --- main --------------------------------------------------------------------------------


def define_commands(
    cipn: str,
    python: str,
    workdir: Path,
    env: dict[str, str],
    peers: dict[str, str | None],
    big_weeks: int,
) -> list[Command]:
    small, big = str(workdir / "small.db"), str(workdir / "big.db")
    floor_env = dict(env, FLOOR_DB=str(workdir / "floor.db"))
    years = f"{big_weeks / 52:.0f} years" if big_weeks >= 52 else f"{big_weeks} weeks"
    commands = [
        Command("pass", "python -c pass", [python, "-c", "pass"], env),
        Command(
            "floor",
            "floor_typer.py numbness=3 tingling=2",
            [python, str(FLOOR_SCRIPT), *LOG_ARGS],
            floor_env,
        ),
        Command(
            "log_small",
            f"cipn log (journal of {SMALL_WEEKS} weeks)",
            [cipn, "--db", small, "log", *LOG_ARGS],
            env,
        ),
        Command("log_big", f"cipn log ({years})", [cipn, "--db", big, "log", *LOG_ARGS], env),
        # The rows above log the same values again: after the warm-up they store nothing and
        # judge no alert. A day's first log writes: this one logs numbness 3 and 4 in turn on a
        # journal of its own, so every run stores a value and runs the alert rules (no goal of
        # its own; the `sh` adds a few ms).
        Command(
            "log_write",
            f"cipn log, a new value each run ({SMALL_WEEKS} weeks)",
            ["/bin/sh", "-c",
             'if [ -s "$1.odd" ]; then : > "$1.odd"; v=4; else echo 1 > "$1.odd"; v=3; fi; '
             'exec "$0" --db "$1" log "numbness=$v" "$2"',
             cipn, str(workdir / "write.db"), LOG_ARGS[1]],
            env,
        ),
        # Issue 21: the first `log` creates the journal (its tables, from the frozen migrations);
        # the file is removed before each run, so every run creates it.
        Command(
            "log_first",
            "cipn log into a new journal",
            ["/bin/sh", "-c", 'rm -f "$1" "$1-wal" "$1-shm" && exec "$0" --db "$1" log "$2" "$3"',
             cipn, str(workdir / "first.db"), *LOG_ARGS],
            env,
        ),
        Command(
            "summary_big",
            f"cipn summary | cat ({years})",
            [cipn, "--db", big, "summary"],
            env,
            pipe_stdout=True,
        ),
        # Issue 26: the before-and-after of the demo's supplement, taken since its first infusion.
        Command(
            "effect_big",
            f"cipn meds effect glutamine | cat ({years})",
            [cipn, "--db", big, "meds", "effect", "glutamine"],
            env,
            pipe_stdout=True,
        ),
        Command(
            "export_big",
            f"cipn export html, 52 weeks ({years})",
            [
                cipn,
                "--db",
                big,
                "export",
                "--format",
                "html",
                "--since",
                "52 weeks ago",
                "-o",
                str(workdir / "export.html"),
                "--force",
            ],
            env,
        ),
        # What cron runs every evening (issue 18); the journal is logged today, as on most days.
        Command(
            "remind_big",
            f"cipn remind --notify ({years})",
            [cipn, "--db", big, "remind", "--notify"],
            env,
        ),
        Command(
            "fhir_big",
            f"cipn export fhir, 52 weeks ({years})",
            [cipn, "--db", big, "export", "--format", "fhir", "--since", "52 weeks ago",
             "-o", str(workdir / "export.fhir.json"), "--force"],
            env,
        ),
        # Issue 13 item 18: a ten-year export imported into an empty journal (removed before
        # each run, so every run writes all of it) and into the full journal it came from (every
        # record is matched; --keep, because the log rows changed today's values).
        Command(
            "import_empty",
            f"cipn import {years} export into an empty journal",
            ["/bin/sh", "-c", 'rm -f "$1" "$1-wal" "$1-shm" && exec "$0" --db "$1" import "$2"',
             cipn, str(workdir / "empty.db"), str(workdir / "export.json")],
            env,
        ),
        Command(
            "import_full",
            f"cipn import {years} export into that journal",
            [cipn, "--db", big, "import", str(workdir / "export.json"), "--keep"],
            env,
        ),
        # The visit summary as a PDF (issue 15): ReportLab, the course chart over the whole journal.
        Command(
            "pdf_big",
            f"cipn export pdf, 12 weeks ({years})",
            [cipn, "--db", big, "export", "--format", "pdf", "--since", "12 weeks ago",
             "-o", str(workdir / "export.pdf"), "--force"],
            env,
        ),
        Command(
            "checkin_big",
            f"cipn checkin, first question ({years})",
            [cipn, "--db", big, "checkin"],
            env,
            first_output=True,
        ),
        Command(
            "weekly_big",
            f"cipn weekly, first question ({years})",
            [cipn, "--db", big, "weekly"],
            env,
            first_output=True,
        ),
    ]
    jrnl, sqlite_utils = peers.get("jrnl"), peers.get("sqlite-utils")
    for key, label, days in (
        ("jrnl_small", f"jrnl add entry ({SMALL_WEEKS} weeks)", SMALL_WEEKS * 7),
        ("jrnl_big", f"jrnl add entry ({years})", big_weeks * 7),
    ):
        argv = [jrnl, "--config-file", str(write_jrnl_journal(workdir, key, days)), JRNL_ENTRY]
        commands.append(Command(key, label, argv if jrnl else [], env, peer=True))
    row = workdir / "row.json"
    today = datetime.date.today().isoformat()
    row.write_text(f'{{"date": "{today}", "symptom": "numbness", "severity": 3}}\n')
    argv = [sqlite_utils, "insert", str(workdir / "peer.db"), "observations", str(row)]
    commands.append(
        Command(
            "sqlite_utils",
            "sqlite-utils insert one row",
            argv if sqlite_utils else [],
            env,
            peer=True,
        )
    )
    return commands


def benchmark(args: argparse.Namespace, workdir: Path) -> int:
    """Build, measure, report; 1 if a goal is missed."""
    cipn = find_cipn(args.cipn)
    python = args.python or interpreter_of(cipn)
    big_weeks = QUICK_BIG_WEEKS if args.quick else BIG_WEEKS
    env = isolated_env(workdir)
    say(f"work dir: {workdir}")
    for scratch in ("floor.db", "floor.db-wal", "floor.db-shm", "peer.db"):
        (workdir / scratch).unlink(missing_ok=True)
    build_journal(cipn, workdir / "small.db", SMALL_WEEKS, env)
    build_journal(cipn, workdir / "write.db", SMALL_WEEKS, env)
    (workdir / "write.db.odd").unlink(missing_ok=True)
    build_journal(cipn, workdir / "big.db", big_weeks, env)
    export_journal(cipn, workdir / "big.db", workdir / "export.json", env)
    peers, peer_note = find_peers(python, workdir, install=not args.no_install)
    say(f"peers: {peer_note}")
    commands = define_commands(cipn, python, workdir, env, peers, big_weeks)
    load_before = os.getloadavg()[0]
    results = measure(
        commands, runs=args.runs, warmup=args.warmup, marker=args.checkin_marker, seed=args.seed
    )
    if results["pass"].error:
        raise SetupError(f"`{python} -c pass` failed: {results['pass'].error}")
    measure_memory(commands, results, python, runs=1 if args.quick else 3)
    goals = evaluate(results, {command.key: command for command in commands})
    header = describe(cipn, python, env, args, big_weeks)
    versions = [first_line(env, [path, "--version"]) for path in peers.values() if path]
    header.append(f"cipn: {cipn}; peers: {peer_note} ({'; '.join(versions)})")
    # Other work on the machine widens every spread; the load says whether to trust a run.
    load_after = os.getloadavg()[0]
    header.append(f"load average (1 min) before/after: {load_before:.2f} / {load_after:.2f}")
    warning = startup_warning(python, env)
    if warning:
        say(warning)
        header.append(warning)
    missing = [name for name, path in peers.items() if path is None]
    if missing:
        header.append(f"missing peers (their goals are not measured): {', '.join(missing)}")
    print(report(commands, results, goals, header))
    return 1 if any(goal.status == "FAIL" for goal in goals) else 0


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    temporary = args.workdir is None
    workdir = Path(tempfile.mkdtemp(prefix="cipn-bench-")) if temporary else args.workdir
    workdir = workdir.absolute()
    try:
        workdir.mkdir(parents=True, exist_ok=True)
        return benchmark(args, workdir)
    except SetupError as error:
        print(f"run.py: {error}", file=sys.stderr)
        return 2
    finally:
        if temporary:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
