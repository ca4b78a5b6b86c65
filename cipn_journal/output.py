"""Where output goes and how it looks: one decision between Rich and plain text (`use_rich`),
data to stdout and messages to stderr, `safe()` so text a user typed is shown as text, and
`one_decimal`, how every screen and file rounds a mean. Rich is imported only when it is used,
never on the path of `cipn log`.
"""

import math
import os
import re
import sys

# C0 controls except tab and newline, DEL, and C1 controls: a note must never move the
# cursor, change colours or retitle the terminal.
_CONTROL_PATTERN = (r"[\x00-\x08\x0b-\x1f\x7f-\x9f"
                    # bidirectional overrides and line/paragraph separators: they reorder or
                    # break what is shown around them
                    r"\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


# Characters json.dumps(ensure_ascii=False) leaves raw that a terminal may act on: DEL, the C1
# controls (U+009B is a one-byte CSI) and the line/paragraph separators.
_JSON_RAW = re.compile("[\x7f-\x9f\u2028\u2029]")


def json_text(data) -> str:
    """`--json` output: indented, non-ASCII text readable, and every control character
    escaped, so that no note reaches a terminal as an escape sequence. Same JSON value."""
    import json

    return escape_json_controls(json.dumps(data, indent=2, ensure_ascii=False))


def escape_json_controls(text: str) -> str:
    """JSON text (or a piece of it from JSONEncoder.iterencode) with the characters that
    json.dumps(ensure_ascii=False) leaves raw written as \\uXXXX escapes."""
    return _JSON_RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def use_rich(stream=None) -> bool:
    """Rich output only on a terminal, and never with NO_COLOR or TERM=dumb."""
    stream = stream or sys.stdout
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def _escape_one(match: re.Match) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def safe(text: str, *, one_line: bool = False) -> str:
    """User text made inert for a terminal: control characters shown as \\xNN escapes."""
    shown = re.sub(_CONTROL_PATTERN, _escape_one, text)
    if one_line:
        shown = shown.replace("\n", " / ").replace("\t", " ")
    return shown


def one_decimal(value: float | None, *, signed: bool = False) -> str:
    """Half up (away from zero), as a person rounds by hand: 2.25 -> 2.3, -2.25 -> -2.3;
    "-" for no value."""
    if value is None:
        return "-"
    tenths = math.floor(abs(value) * 10 + 0.5)
    if tenths == 0:
        return "0.0"
    sign = "-" if value < 0 else ("+" if signed else "")
    return f"{sign}{tenths // 10}.{tenths % 10}"


def out(text: str = "") -> None:
    sys.stdout.write(text + "\n")


def err(text: str = "") -> None:
    sys.stderr.write(text + "\n")


def console(*, stderr: bool = False):
    """A Rich console for stdout (data) or stderr (messages); markup and emoji off by default
    so that nothing a user typed is ever interpreted."""
    from rich.console import Console

    return Console(
        file=sys.stderr if stderr else sys.stdout,
        markup=False, emoji=False, highlight=False,
    )


def print_rich(renderable, *, stderr: bool = False) -> None:
    console(stderr=stderr).print(renderable)
