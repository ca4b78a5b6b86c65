"""Turning what a person types for a day (`WHEN`) into a calendar date.

`parse_when` is pure: the clock is a parameter. Common forms are parsed here without importing
python-dateutil (it is slow to import); anything else falls back to dateutil. Nothing here
reads the clock or the machine's time zone: callers pass today and the zone.
"""

import re
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo

from cipn_journal.errors import BadInput

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# Short forms people write for weekdays, besides the first three letters.
_WEEKDAY_SHORT = {"tues": 1, "wednes": 2, "thur": 3, "thurs": 3}
ACCEPTED = (
    "today, yesterday, tomorrow, 'N days ago', 'N weeks ago', a weekday name (monday, "
    "'last monday', 'next monday'), an ISO date like 2026-11-03, or a date like 'Nov 3'"
)
# Patterns as text, compiled on first use (re caches them): `cipn log` imports this module for
# WHEN_HELP and, logging for today, never parses a date.
# Digits are ASCII only ([0-9], not \d): '٣' or '３' is not read as 3 (issue 24).
_AGO = r"^([0-9]{1,5}|a|an|one)\s+(day|days|week|weeks)\s+ago$"
_ISO = r"^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})$"
# 03/11/2026 is 3 November in one country and 11 March in another: refused, not guessed.
# Spaces and commas separate numbers as much as slashes do: '3 11 2026' and '3,11' too.
# (Pattern strings: `re` compiles and caches one on its first use; a `log` without --date
# parses no date and compiles none.)
_NUMERIC = (
    r"^[0-9]{1,4}(\s*[/.\-,]\s*|\s+)[0-9]{1,2}((\s*[/.\-,]\s*|\s+)[0-9]{1,4})?$")
# A year first is read one way only, year-month-day, whatever separates the numbers:
# 2026/11/03 (nobody writes year-day-month).
_YEAR_FIRST = (
    r"^([0-9]{4})(?:\s*[/.\-,]\s*|\s+)([0-9]{1,2})(?:\s*[/.\-,]\s*|\s+)([0-9]{1,2})$")
# What a free-form date may hold: a month name, a day, a four-digit year, a weekday, "of"/"the".
# Anything else ('nov 3 at 5', 'nov 3 12') would be read by dateutil as a year or a time.
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december")
_WORDS = r"[a-z]+|[0-9]+(?:st|nd|rd|th)?|[^a-z0-9]+"
_MAX_LEN = 64


# The forms `--help` names for a WHEN option (ACCEPTED is the full list, for error messages).
WHEN_HELP = "today, yesterday, '3 days ago', monday, 2026-11-03, 'Nov 3'"

# A date without a year ('Dec 1') or a bare weekday further back than this is more likely a typo
# or a future date than a day half a year ago: it must be given with its year. (Not a clinical
# number: it is about how people write dates.)
YEARLESS_DAYS_BACK = 180

EARLIEST = date(1900, 1, 1)
LATEST = date(2999, 12, 31)


def parse_when(text: str, *, today: date, ahead: bool = False) -> date:
    """Parse WHEN relative to `today`; raise BadInput naming the text and the accepted forms.

    A weekday name or a date without a year is its most recent occurrence, today included; with
    `ahead` (things that may be in the future, like a visit) it is the next one, today included.
    """
    day = _parse(text, today, ahead)
    if not EARLIEST <= day <= LATEST:
        raise _out_of_range(text)
    if (today - day).days > YEARLESS_DAYS_BACK and _without_year(text):
        raise BadInput(
            f"The date {str(text)!r} has no year and would be {day:%a} {day.day} {day:%b %Y}, "
            f"more than {YEARLESS_DAYS_BACK} days ago: give the year, e.g. "
            f"{day.isoformat()} or '{day:%b} {day.day} {day.year}'.")
    return day


def _without_year(text: str) -> bool:
    """Whether WHEN names a day of the year or a weekday without saying which year (not 'N
    days ago', not an ISO date, not a date with a four-digit year)."""
    cleaned = " ".join(str(text).strip().lower().split())
    if re.match(_AGO, cleaned) or re.match(_ISO, cleaned):
        return False
    return re.search(r"[0-9]{4}", cleaned) is None


def _parse(text: str, today: date, ahead: bool) -> date:
    cleaned = " ".join(str(text).strip().lower().split())
    if not cleaned or len(cleaned) > _MAX_LEN or not cleaned.isprintable() or any(
            char.isdigit() and not char.isascii() for char in cleaned):
        raise _bad(text)
    if cleaned == "today":
        return today
    if cleaned == "yesterday":
        return today - timedelta(days=1)
    if cleaned == "tomorrow":
        return today + timedelta(days=1)
    match = re.match(_AGO, cleaned)
    if match:
        count = 1 if match[1] in ("a", "an", "one") else int(match[1])
        days = count * (7 if match[2].startswith("week") else 1)
        try:
            return today - timedelta(days=days)
        except OverflowError:
            raise _bad(text) from None
    word, _, rest = cleaned.partition(" ")
    relative = word if word in ("last", "next") and rest else None
    weekday = rest if relative else cleaned
    for index, name in enumerate(WEEKDAYS):
        if weekday in (name, name[:3]) or _WEEKDAY_SHORT.get(weekday) == index:
            back = (today.weekday() - index) % 7
            forward = (index - today.weekday()) % 7
            if relative == "last":
                return today - timedelta(days=back or 7)
            if relative == "next":
                return today + timedelta(days=forward or 7)
            return today + timedelta(days=forward) if ahead else today - timedelta(days=back)
    match = re.match(_ISO, cleaned) or re.match(_YEAR_FIRST, cleaned)
    if match:
        return _day(text, int(match[1]), int(match[2]), int(match[3]))
    if re.match(_NUMERIC, cleaned) and re.match(r"[0-9]{4}", cleaned):
        raise _bad(text)  # a year and a month ('2026/11'): not a day
    if re.match(_NUMERIC, cleaned):
        raise BadInput(
            f"The date {str(text)!r} can be read two ways (day/month or month/day): write it "
            "as an ISO date like 2026-11-03, or as 'Nov 3'."
        )
    weekday_named = _check_free_form(cleaned, text)
    _check_day_of_month(cleaned, text)
    day = _parse_free_form(cleaned, text, today, ahead)
    if weekday_named is not None and day.weekday() != weekday_named:
        raise BadInput(
            f"The date {str(text)!r} names a {WEEKDAYS[weekday_named].capitalize()}, but "
            f"{day.isoformat()} is a {WEEKDAYS[day.weekday()].capitalize()}: check the date "
            "and give it without the weekday or with the right one."
        )
    return day


def _month(word: str) -> bool:
    return any(word in (name, name[:3]) for name in _MONTHS) or word == "sept"


def _weekday(word: str) -> int | None:
    for index, name in enumerate(WEEKDAYS):
        if word in (name, name[:3]) or (len(word) >= 3 and name.startswith(word)):
            return index
    return None


def _check_free_form(cleaned: str, original: str) -> int | None:
    """Refuse a free-form date that is more than a month, a day, a four-digit year and a weekday
    (each at most once); return the weekday it names, if any."""
    months = days = years = 0
    weekday = None
    for token in re.findall(_WORDS, cleaned):
        if token.strip(" ,.-/") == "":
            continue
        if token[0].isdigit():
            digits = token.rstrip("stndrh")  # 3rd, 21st
            if len(digits) <= 2:
                days += 1
            elif len(digits) == 4 and digits == token:
                years += 1
            else:
                raise _bad(original)
        elif _month(token):
            months += 1
        elif _weekday(token) is not None and weekday is None:
            weekday = _weekday(token)
        elif token not in ("of", "the"):
            raise _bad(original)
    if months != 1 or days != 1 or years > 1:
        raise _bad(original)
    return weekday


def _check_day_of_month(cleaned: str, original: str) -> None:
    """'Nov 31', '30 February 2026': BadInput saying that the month has no such day (dateutil
    would only say it cannot read it). Without a year, February has 29 days."""
    month = day = year = None
    for token in re.findall(_WORDS, cleaned):
        if token[0].isdigit():
            digits = token.rstrip("stndrh")
            if len(digits) == 4:
                year = int(digits)
            else:
                day = int(digits)
        elif _month(token):
            month = next(i for i, name in enumerate(_MONTHS, 1)
                         if token in (name, name[:3]) or (token == "sept" and i == 9))
    if month is not None and day is not None:
        reason = no_such_day(year if year is not None else 2000, month, day, yearless=year is None)
        if reason:
            raise BadInput(f"Cannot read the date {str(original)!r}: {reason}.")


def no_such_day(year: int, month: int, day: int, *, yearless: bool = False) -> str | None:
    """Why year-month-day is not a day of the calendar ('there is no such day (February 2026 has
    28 days)', 'there is no month 13 (months are 01 to 12)'), or None when it is one. With
    `yearless`, February has 29 days."""
    if not 1 <= month <= 12:
        return f"there is no month {month} (months are 01 to 12)"
    leap = yearless or (year % 4 == 0 and (year % 100 != 0 or year % 400 == 0))
    length = (29 if leap else 28) if month == 2 else 30 if month in (4, 6, 9, 11) else 31
    if 1 <= day <= length:
        return None
    name = _MONTHS[month - 1].capitalize()
    return f"there is no such day ({name}{'' if yearless else f' {year}'} has {length} days)" \
        if month == 2 else f"there is no such day ({name} has {length} days)"


def _day(text: object, year: int, month: int, day: int) -> date:
    """The date of numbers read from `text`, or BadInput saying why there is none."""
    if 1 <= month <= 12 and not EARLIEST.year <= year <= LATEST.year:
        raise _out_of_range(text)
    reason = no_such_day(year, month, day)
    if reason:
        raise BadInput(f"Cannot read the date {str(text)!r}: {reason}.")
    return date(year, month, day)


def _parse_free_form(cleaned: str, original: str, today: date, ahead: bool) -> date:
    from dateutil import parser

    # Parsing with two different defaults shows which parts the text left out.
    try:
        first = parser.parse(cleaned, default=datetime(2000, 1, 1))
        second = parser.parse(cleaned, default=datetime(2004, 2, 2))
    except (ValueError, OverflowError, TypeError, LookupError, AttributeError, IndexError):
        raise _bad(original) from None
    if first.month != second.month or first.day != second.day:
        raise _bad(original)  # a year or a time alone is not a day
    if first.hour or first.minute or first.second or first.microsecond:
        raise _bad(original)
    if first.year == second.year:
        try:
            return date(first.year, first.month, first.day)
        except ValueError:
            raise _bad(original) from None
    # No year: the most recent occurrence, today included (Feb 29 goes back to a leap year);
    # with `ahead`, the next one.
    years = range(today.year, today.year + 9) if ahead else range(today.year, today.year - 9, -1)
    for year in years:
        try:
            candidate = date(year, first.month, first.day)
        except ValueError:
            continue
        if (candidate >= today) if ahead else (candidate <= today):
            return candidate
    raise _bad(original)


def _bad(text: object) -> BadInput:
    return BadInput(f"Cannot read the date {str(text)!r}: use {ACCEPTED}.")


def _out_of_range(text: object) -> BadInput:
    return BadInput(f"The date {str(text)!r} is out of range: give a date from "
                    f"{EARLIEST.isoformat()} to {LATEST.isoformat()}.")


def window_word(text: str | None) -> str | None:
    """`all` or `last-visit` when --since names one ('last visit', 'Last-Visit' too), else
    None (a WHEN, or nothing)."""
    if text is None:
        return None
    cleaned = " ".join(text.strip().lower().replace("-", " ").replace("_", " ").split())
    return {"all": "all", "last visit": "last-visit"}.get(cleaned)


def not_in_future(day: date, *, today: date, what: str) -> date:
    """Refuse a date after today for things that cannot be in the future."""
    if day > today:
        raise BadInput(
            f"The date {day.isoformat()} is in the future: {what} can only be logged "
            f"for today ({today.isoformat()}) or earlier."
        )
    return day


def not_before(day: date, start: date, *, record: str, action: str) -> date:
    """Refuse a --date before the record it is about (an alert acknowledged, a question answered
    before its day): `record` names the start ("alert #3's day"), `action` what may be done."""
    if day < start:
        raise BadInput(
            f"--date {day.isoformat()} is before {record} ({start.isoformat()}): it can be "
            f"{action} on {start.isoformat()} or later."
        )
    return day


def before_day_began(timestamp: str, day: str) -> bool:
    """Whether a stored time is before `day` began anywhere on Earth (UTC+14): surely before that
    local day, whichever zone the file was written in. A time without an offset is UTC."""
    moment = datetime.fromisoformat(timestamp)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    earliest = datetime.combine(date.fromisoformat(day), time(0),
                                tzinfo=timezone(timedelta(hours=14)))
    return moment < earliest


def on_day(day: date, zone: tzinfo) -> str:
    """A UTC timestamp for something that happened on the local day `day` at an unknown time
    (an alert acknowledged on Tuesday): noon in `zone`, the caller's time zone. The day itself
    is stored beside it (`acknowledged_on`, `done_on`), so nothing recomputes it later."""
    noon = datetime.combine(day, time(12), tzinfo=zone)
    return noon.astimezone(UTC).isoformat(timespec="seconds")
