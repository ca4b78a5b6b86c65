"""What the care commands (treatment, meds, visit, questions) share: reading a text or a day
option, the words for a day, and showing a listing (a Rich table on a terminal, plain text
otherwise; JSON for scripts)."""

from datetime import date
from typing import overload

from cipn_journal.domain.dates import not_in_future, parse_when
from cipn_journal.errors import BadInput
from cipn_journal.output import json_text, out, print_rich, use_rich

MAX_NAME = 200
MAX_TEXT = 10_000


@overload
def user_text(value: str, option: str, *, limit: int, example: str) -> str: ...


@overload
def user_text(value: str | None, option: str, *, limit: int, example: str) -> str | None: ...


def user_text(value: str | None, option: str, *, limit: int, example: str) -> str | None:
    """User text, trimmed; BadInput when empty or too long."""
    if value is None:
        return None
    cleaned = value.strip()
    if not cleaned:
        raise BadInput(f"{option} is empty: write its text, e.g. {example}.")
    if len(cleaned) > limit:
        raise BadInput(f"{option} is {len(cleaned)} characters long: at most {limit} are kept.")
    return cleaned


def past_day(text: str, *, now: date, what: str) -> date:
    return not_in_future(parse_when(text, today=now), today=now, what=what)


def any_day(text: str, *, now: date) -> date:
    """A day that may be ahead (a visit): 'thursday' or 'Nov 30' is the next one."""
    return parse_when(text, today=now, ahead=True)


def day_words(day: date, now: date) -> str:
    label = f"{day:%a} {day.day} {day:%b %Y}"
    gap = (day - now).days
    if gap == 0:
        return f"{label} (today)"
    if gap == -1:
        return f"{label} (yesterday)"
    if gap == 1:
        return f"{label} (tomorrow)"
    return f"{label} (in {gap} days)" if gap > 0 else label


def dump(data) -> None:
    out(json_text(data))


def show(rich_render, plain_render) -> None:
    """A listing to stdout: a Rich table on a terminal, plain text otherwise."""
    if use_rich():
        print_rich(rich_render())
    else:
        out(plain_render())
