"""The one line `cipn remind install` keeps in a user's crontab, as pure text functions: the time
(`--at HH:MM`), the line (absolute, shell-quoted paths; cron's PATH is minimal), and finding,
replacing or removing it by its marker comment while every other byte of the crontab is kept.
No I/O: commands/remind.py runs `crontab -l` and `crontab -`.
"""

import re
import shlex

from cipn_journal.errors import BadInput, JournalError

# The marker ends our line; a line that ends with it is ours (even if the user commented it out).
MARKER = "# cipn-journal reminder (cipn remind uninstall removes it)"
_AT = re.compile(r"([01]?[0-9]|2[0-3]):([0-5][0-9])")
_LINE = re.compile(rb"[^\n]*\n|[^\n]+\Z")


def parse_at(text: str) -> tuple[int, int]:
    """'20:00' -> (20, 0); bad input names the value and what is accepted."""
    found = _AT.fullmatch(text.strip())
    if found is None:
        raise BadInput(f"--at {text!r} is not a time of day: give HH:MM from 00:00 to 23:59, "
                       "e.g. --at 20:00.")
    return int(found[1]), int(found[2])


def quote(argument: str) -> str:
    """One argument of a crontab command: quoted for /bin/sh, and with `%` escaped, since cron
    turns an unescaped `%` into a newline. A newline cannot be written in a crontab line."""
    if "\n" in argument or "\r" in argument:
        raise JournalError(f"The path {argument!r} holds a line break, which a crontab line "
                           "cannot hold: move or rename it, then install the reminder again.")
    return shlex.quote(argument).replace("%", "\\%")


def cron_line(hour: int, minute: int, command: list[str]) -> str:
    """Every day at hour:minute (the machine's local time), run `command`; ends with MARKER."""
    return f"{minute} {hour} * * * {' '.join(quote(part) for part in command)} {MARKER}"


def split_lines(crontab: bytes) -> list[bytes]:
    """The crontab's lines, each with its own line end (the last may have none)."""
    return _LINE.findall(crontab)


def is_ours(line: bytes) -> bool:
    return line.rstrip(b"\r\n").endswith(MARKER.encode())


def find(crontab: bytes) -> str | None:
    """Our line (without its line end), or None."""
    for line in split_lines(crontab):
        if is_ours(line):
            return line.rstrip(b"\r\n").decode("utf-8", errors="replace")
    return None


def with_line(crontab: bytes, line: str) -> tuple[bytes, bool]:
    """The crontab with our line set to `line`, and whether an older one was replaced. An older
    line is replaced where it stands (further copies are removed); otherwise the line is added
    at the end, after the user's own settings (MAILTO=, PATH=) so that they apply to it too.
    Every other line is kept byte for byte; only a last line without a line end gets one, since
    our line cannot be written on the same line. A path that is not UTF-8 (held as surrogate
    escapes, as Python reads such file names) goes back to its own bytes."""
    new = line.encode("utf-8", "surrogateescape")
    kept: list[bytes] = []
    replaced = False
    for old in split_lines(crontab):
        if not is_ours(old):
            kept.append(old)
        elif not replaced:
            ending = old[len(old.rstrip(b"\r\n")):]
            kept.append(new + ending)
            replaced = True
    if replaced:
        return b"".join(kept), True
    if kept and not kept[-1].endswith(b"\n"):
        kept[-1] += b"\n"
    kept.append(new + b"\n")
    return b"".join(kept), False


def without_line(crontab: bytes) -> tuple[bytes, bool]:
    """The crontab without our line(s), every other byte kept; and whether one was removed."""
    lines = split_lines(crontab)
    kept = [line for line in lines if not is_ours(line)]
    return b"".join(kept), len(kept) != len(lines)


def parse(line: str) -> tuple[str, list[str]]:
    """Our line's schedule ("20:00", or the five fields as written if they are not a daily
    time) and its command's arguments as /bin/sh will see them."""
    fields = line.lstrip("#").split(None, 5)
    if len(fields) < 6:
        return line, []
    minute, hour, *rest = fields[:5]
    if rest == ["*", "*", "*"] and minute.isdigit() and hour.isdigit():
        schedule = f"{int(hour):02d}:{int(minute):02d}"
    else:
        schedule = " ".join(fields[:5])
    try:
        words = shlex.split(fields[5].replace("\\%", "%"), comments=True)
    except ValueError:
        words = []
    return schedule, words
