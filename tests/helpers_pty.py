"""`converse`: run the real `cipn` with stdin, stdout and stderr on a pseudo-terminal of a given
size, type each answer when the program waits at a prompt, and return what the terminal showed,
line by line (a person's view of a guided check-in or weekly interview)."""

import fcntl
import os
import pty
import re
import select
import struct
import subprocess
import sys
import termios
import time

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")  # colour and cursor codes take no columns
QUIET = 0.15  # seconds without output at a prompt: the program waits for an answer


def _read(fd: int, wait: float) -> bytes:
    ready, _, _ = select.select([fd], [], [], wait)
    if not ready:
        return b""
    try:
        return os.read(fd, 65536) or b""
    except OSError:  # the child closed the terminal
        return b""


def converse(args: list[str], answers: list[str], env: dict, *, columns: int = 80,
             rows: int = 50, timeout: float = 60) -> tuple[int, list[str]]:
    """(exit code, the terminal's lines) after answering `answers` one by one."""
    main, secondary = pty.openpty()
    fcntl.ioctl(secondary, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    clean = {k: v for k, v in env.items() if k not in ("COLUMNS", "LINES")}
    process = subprocess.Popen([sys.executable, "-m", "cipn_journal", *args], stdin=secondary,
                               stdout=secondary, stderr=secondary, env=clean,
                               start_new_session=True)
    os.close(secondary)
    shown = b""
    pending = list(answers)
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            chunk = _read(main, QUIET)
            if chunk:
                shown += chunk
                continue
            if process.poll() is not None:
                while chunk := _read(main, 0.05):
                    shown += chunk
                break
            if pending and shown.endswith(b" "):  # quiet at a prompt
                os.write(main, pending.pop(0).encode() + b"\r")
        else:
            raise AssertionError(f"no end after {timeout} s: {shown[-500:]!r}")
    finally:
        if process.poll() is None:
            process.kill()
        process.wait()
        os.close(main)
    text = ANSI.sub("", shown.decode(errors="replace")).replace("\r\n", "\n")
    return process.returncode, text.split("\n")


def broken_lines(lines: list[str], columns: int) -> list[str]:
    """Lines longer than the terminal: the terminal would break them, inside a word or not."""
    return [line for line in lines if len(line) > columns]
