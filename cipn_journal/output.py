"""Where output goes and how it looks: one decision between Rich and plain text (`use_rich`: a
terminal or not; NO_COLOR and TERM=dumb only take the colour away),
data to stdout and messages to stderr, `safe()` so text a user typed is shown as text, and
`one_decimal`, how every screen and file rounds a mean, and `prepare_streams()` for closed
streams and terminals that cannot show the chart marks. Rich is imported only when it is used,
never on the path of `cipn log`.
"""

import codecs
import errno
import io
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
    escaped, so that no note reaches a terminal as an escape sequence. Same JSON value. When
    stdout cannot show some character (an ASCII terminal), it is a \\u escape instead."""
    import json  # lazy: only --json output needs it, and `log` is on the daily path

    text = json.dumps(data, indent=2, ensure_ascii=False)
    if not can_encode(text):
        text = json.dumps(data, indent=2, ensure_ascii=True)
    return escape_json_controls(text)


def escape_json_controls(text: str) -> str:
    """JSON text (or a piece of it from JSONEncoder.iterencode) with the characters that
    json.dumps(ensure_ascii=False) leaves raw written as \\uXXXX escapes."""
    return _JSON_RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def use_rich(stream=None) -> bool:
    """The terminal layout (Rich: tables and boxes fitted to the width) on a terminal; plain
    lines through a pipe. NO_COLOR and TERM=dumb drop the colour only (see `console`)."""
    stream = stream or sys.stdout
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def no_color() -> bool:
    """NO_COLOR (https://no-color.org: any non-empty value) or TERM=dumb: no escape codes."""
    return bool(os.environ.get("NO_COLOR")) or os.environ.get("TERM") == "dumb"


def _escape_one(match: re.Match) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def safe(text: str, *, one_line: bool = False) -> str:
    """User text made inert for a terminal: control characters shown as \\xNN escapes."""
    shown = re.sub(_CONTROL_PATTERN, _escape_one, text)
    if one_line:
        shown = shown.replace("\n", " / ").replace("\t", " ")
    return shown


# A line break however it was typed: CR LF (Windows), CR (old Macs, some phones), LF, vertical
# tab, form feed, NEL, and the Unicode line and paragraph separators.
_LINE_BREAK = re.compile(r"\r\n|[\r\n\x0b\x0c\x85\u2028\u2029]")


def printable(text: str, *, one_line: bool = False) -> str:
    """User text for a document a person reads (Markdown, HTML, PDF, calendar, CSV; issue 24):
    a line break typed any way is one line break (" / " with `one_line`, where a tab is a space
    too), and every other control or bidirectional-override character is U+FFFD, the character
    that stands for one that cannot be shown. The terminal shows them as escapes (`safe`); JSON
    keeps the text as typed."""
    shown = re.sub(_CONTROL_PATTERN, "\ufffd", _LINE_BREAK.sub("\n", text))
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
        color_system=None if no_color() else "auto",  # None: no colour, no bold, no codes
    )


def print_rich(renderable, *, stderr: bool = False) -> None:
    console(stderr=stderr).print(renderable)


# -- streams that are closed or cannot show every character -----------------------------------
# ASCII stand-ins for the marks cipn itself prints, one character each so that columns stay
# aligned: the sparkline's eight steps (low to high), the "0"/"not logged" dot, the ellipsis of
# a shortened heading, the bullet of an alert.
ASCII_MARKS = {"\u2581": "_", "\u2582": "-", "\u2583": "=", "\u2584": "+",
               "\u2585": "*", "\u2586": "#", "\u2587": "%", "\u2588": "@",
               "\u00b7": ".", "\u2026": ".", "\u2022": "*", "\u00b2": "2",
               "\ufeff": ""}  # the CSV's byte-order mark means nothing outside UTF-8
_FALLBACK = "cipn-ascii"


def _fallback(error: UnicodeError):
    """Codec error handler: our marks become their ASCII stand-ins, anything else (a note's
    accented letter) a visible escape, never a crash."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    text = error.object[error.start:error.end]
    return "".join(ASCII_MARKS[c] if c in ASCII_MARKS
                   else c.encode("ascii", "backslashreplace").decode() for c in text), error.end


def can_encode(text: str, stream=None) -> bool:
    """Whether `stream` (stdout) can write `text` as it is."""
    stream = stream or sys.stdout
    encoding = getattr(stream, "encoding", None) or "utf-8"
    try:
        text.encode(encoding)
    except UnicodeEncodeError:
        return False
    except LookupError:
        return True
    return True


class _ClosedOutput(io.TextIOBase):
    """stdout when the shell closed it (`cipn history >&-`): writing data is an error that the
    boundary reports (exit 1), while a command that writes only messages works as usual."""

    encoding = "utf-8"

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        raise OSError(errno.EBADF, "stdout is closed")

    def isatty(self) -> bool:
        return False


def prepare_streams() -> None:
    """Called once, before any command runs.

    A standard stream the shell closed (`>&-`, `2>&-`, `<&-`) gets /dev/null under its number,
    so that no file cipn opens can take that number and receive output meant for the terminal;
    closed stdout refuses data (exit 1), closed stderr drops messages (a change that was stored
    still exits 0), closed stdin stays None (the check-in says there is no input). A stream
    whose encoding cannot show the chart marks (PYTHONIOENCODING=ascii or latin-1) writes
    their ASCII stand-ins instead of failing."""
    for fd in (0, 1, 2):
        try:
            os.fstat(fd)
        except OSError:
            os.open(os.devnull, os.O_RDWR)  # the lowest free number: this one
    if sys.stdout is None:
        sys.stdout = _ClosedOutput()
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w")  # for the whole process
    try:
        codecs.lookup_error(_FALLBACK)
    except LookupError:
        codecs.register_error(_FALLBACK, _fallback)
    marks = "".join(ASCII_MARKS)
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None and not can_encode(marks, stream):
            reconfigure(errors=_FALLBACK)


def clip(value: str, limit: int = 60) -> str:
    """A value typed by someone, quoted and cut for a one-line message: a 1 MB answer or a
    5,000-digit number is not echoed whole."""
    text = safe(str(value), one_line=True)
    if len(text) > limit:
        text = f"{text[:limit - 20]}...{text[-8:]} ({len(str(value))} characters)"
    return repr(text)


_LONG_RUN = re.compile(r"\S{201,}")


def message(text: str) -> str:
    """An error message made safe for the terminal: control characters escaped (a file name
    may hold them), and any run of more than 200 characters without a space (a 5,000-digit
    number, a pasted blob) cut in the middle."""
    return _LONG_RUN.sub(lambda m: f"{m.group()[:60]}...{m.group()[-20:]} "
                                   f"({len(m.group())} characters)", safe(text))
