"""What a day with entries says about each symptom (issue 22, rule 1): a value named that day is
that value; a symptom not named counts 0 only if its last value before that day was 0 or it was
never logged, otherwise the day is "not logged" for it (silence is never recovery); a question a
check-in asked and the person skipped is "not logged". Pure: callers pass what the store read.
"""

from collections.abc import Collection, Iterable, Mapping
from datetime import date

NOT_LOGGED = None  # the value of a day that says nothing about a symptom

DayValue = int | None  # a severity, or NOT_LOGGED


def day_values(
    days: Iterable[date],
    named: Mapping[str, Mapping[date, int]],
    *,
    last_before: Mapping[str, int] | None = None,
    skipped: Mapping[date, Collection[str]] | None = None,
    symptoms: Iterable[str] | None = None,
) -> dict[str, dict[date, DayValue]]:
    """Each symptom's value on each day with entries, or NOT_LOGGED.

    - `days`: the days with entries (any order; a day in `named` is one too).
    - `named`: {symptom: {day: value}}, the values named on those days.
    - `last_before`: {symptom: value}, the last value named before the first of `days`, for a
      read that starts mid-journal; a symptom absent here was never logged before them.
    - `skipped`: {day: symptoms a check-in asked that day and got no answer}.
    - `symptoms`: the symptoms to answer for (default: those in `named` and `last_before`).

    Returns {symptom: {day: value or NOT_LOGGED}} over every day, in date order. A value
    counted 0 does not change "the last value": only named values do.
    """
    before = last_before or {}
    unanswered = skipped or {}
    ordered = sorted(set(days).union(*(set(values) for values in named.values())))
    wanted = list(dict.fromkeys(symptoms)) if symptoms is not None else list(
        dict.fromkeys([*named, *before]))
    result: dict[str, dict[date, DayValue]] = {}
    for symptom in wanted:
        own = named.get(symptom, {})
        last = before.get(symptom)
        series: dict[date, DayValue] = {}
        for day in ordered:
            if day in own:
                last = series[day] = own[day]
            elif symptom in unanswered.get(day, ()):
                series[day] = NOT_LOGGED
            else:
                series[day] = 0 if not last else NOT_LOGGED
        result[symptom] = series
    return result


def logged(series: Mapping[date, DayValue]) -> dict[date, int]:
    """The days of one symptom's series that have a value (named or counted 0)."""
    return {day: value for day, value in series.items() if value is not NOT_LOGGED}
