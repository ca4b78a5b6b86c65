"""The one prompt loop of the guided commands, `checkin` and `weekly`: questions wrapped between
words at the terminal's width, answers read one line at a time (at most `MAX_ANSWER` characters
each, so endless input without a line break is refused, not read until memory runs out).
On a terminal a bad answer is asked again; from a pipe it is bad input (exit 2, nothing written)
and each answer is echoed after its prompt, made inert, so the transcript reads as a conversation.
"""

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

import typer

from cipn_journal import output
from cipn_journal.commands.log import MAX_NOTE, fitted
from cipn_journal.errors import BadInput
from cipn_journal.output import err

T = TypeVar("T")

# The longest answer read: a note's limit. Anything longer is no answer to these questions.
MAX_ANSWER = MAX_NOTE
_READ = MAX_ANSWER + 3  # one character more than the longest kept, and "\r\n"
ANSWER_ROOM = 12  # columns a prompt leaves free on its last line, so a typed word is not broken
_ECHOED = 60  # a piped answer longer than this is echoed cut, with its length


class Stop(Exception):
    """q, Ctrl-D or the end of piped input: keep what was answered."""


class TooLong(Exception):
    """A line of input too long to be an answer: the rest of it is left unread."""


@contextmanager
def interview() -> Iterator[None]:
    """Around the questions: q or the end of input ends them (the answers given are kept);
    Ctrl-C ends the command with nothing written (exit 130)."""
    try:
        yield
    except Stop:
        pass
    except (KeyboardInterrupt, EOFError):
        err("\nStopped with Ctrl-C: nothing was written. (q saves the answers given so far.)")
        raise typer.Exit(130) from None


class Prompter:
    """Questions to stdout when both stdin and stdout are a terminal, else to stderr (so that
    `--json > file` holds only the JSON); answers from stdin."""

    def __init__(self, command: str, *, instead: str | None = None):
        if sys.stdin is None:  # `cipn checkin <&-`
            other = f", or use {instead}" if instead else ""
            raise BadInput(f"There is no input to read the answers from (stdin is closed): run "
                           f"cipn {command} at a terminal, pipe the answers in{other}.")
        self.interactive = sys.stdin.isatty()
        on_screen = self.interactive and sys.stdout.isatty()
        self.stream = sys.stdout if on_screen else sys.stderr

    def say(self, text: str) -> None:
        self.stream.write(fitted(text, self.stream) + "\n")
        self.stream.flush()

    def line(self, prompt: str) -> str | None:
        """One answer as typed, without its line end; None at the end of input. TooLong for a
        line of more than MAX_ANSWER + 1 characters (the rest of it is not read; up to one
        more than the limit is read, so a message can say by how much a note is too long)."""
        if self.stream is sys.stdout:
            try:  # input(): line editing, on a terminal
                return input(fitted(prompt, sys.stdout, room=ANSWER_ROOM))
            except EOFError:
                sys.stdout.write("\n")  # Ctrl-D: what follows starts on a line of its own
                return None
        self.stream.write(fitted(prompt, self.stream, room=ANSWER_ROOM))
        self.stream.flush()
        line = sys.stdin.readline(_READ)
        if not line:
            self.stream.write("\n")
            return None
        if len(line) == _READ and not line.endswith("\n"):  # cut: the rest is not read
            self.stream.write("\n")
            raise TooLong
        text = line.rstrip("\r\n")
        if not self.interactive:
            self.stream.write(_echo(text) + "\n")
        elif not line.endswith("\n"):
            self.stream.write("\n")
        return text

    def answer(self, prompt: str, parse: Callable[[str], T]) -> T:
        """Ask until `parse` accepts the answer (on a terminal), or fail with exit 2 (from a
        pipe). The answer reaches `parse` trimmed, in lower case, its spaces single; q stops."""
        while True:
            try:
                raw = self.line(prompt)
            except TooLong:  # its start says nothing (a pasted blob, /dev/zero)
                raise BadInput(f"The answer is longer than {MAX_ANSWER} characters: answer "
                               "with a number or a few words. Nothing was written.") from None
            if raw is None:
                raise Stop
            text = " ".join(raw.lower().split())
            if text == "q":
                raise Stop
            try:
                return parse(text)
            except BadInput as exc:
                if not self.interactive:
                    raise
                self.say(f"  {output.message(str(exc))}")


def _echo(text: str) -> str:
    """A piped answer as it is shown after its prompt: control characters (an escape sequence)
    shown as text, a long one cut."""
    shown = output.safe(text, one_line=True)
    if len(shown) > _ECHOED:
        shown = f"{shown[:_ECHOED - 20]}...{shown[-8:]} ({len(text)} characters)"
    return shown
