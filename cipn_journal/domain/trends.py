"""How one symptom is moving (issue 12): its level against the journal's one baseline
(pre-treatment or first-week, `choose_basis`), its direction against the days before the recent
ones, the change since the last visit, and the sparkline of daily values. What a day with entries
says about a symptom not named that day is issue 22's rule 1 (domain/day_values.py): 0 only if
its last value was 0, else "not logged". Pure; a threshold (clinical.py) is judged on the change
as shown, to one decimal, computed from exact fractions (issue 23 item 4: "+2.0" is never
"stable").
"""

from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from fractions import Fraction

from cipn_journal.domain.clinical import (
    CYCLE_LINKED_NOTE,
    DIRECTION_POINTS,
    PREVIOUS_DAYS,
    RECENT_DAYS,
    SCALE_MAX,
    SHOWN_TENTHS,
    SINCE_VISIT_DAYS,
    SPARKLINE_MAX_MARKS,
    SUMMARY_BASELINE_DAYS,
    TREND_POINTS,
    baseline_words,
    level_words,
    not_logged_words,
    trend_sentence,
)
from cipn_journal.domain.day_values import day_values, logged
from cipn_journal.domain.treatment import course_over, cycles_of

# The summary reads the baseline length under this name.
BASELINE_DAYS = SUMMARY_BASELINE_DAYS

WORSENING, IMPROVING, STABLE = "worsening", "improving", "stable"

MARKS = "▁▂▃▄▅▆▇█"  # severities 1 to SCALE_MAX, eight steps
ZERO_MARK = "·"  # logged as 0: distinct from a gap
GAP_MARK = " "  # nothing logged that day
MAX_MARKS = SPARKLINE_MAX_MARKS


@dataclass
class SymptomStats:
    key: str
    label: str
    values: dict[date, int] = field(default_factory=dict)  # the window's logged days only
    days: int = 0
    latest: int | None = None
    latest_date: date | None = None
    mean: float | None = None
    peak: int | None = None
    peak_date: date | None = None
    baseline: float | None = None
    recent: float | None = None
    change: float | None = None
    trend: str | None = None  # None when the window has no value for this symptom
    previous: float | None = None  # mean of the 7 days with entries before the recent ones
    direction: str | None = None  # recent against previous: worsening, improving, stable
    since_visit: dict | None = None  # {"visit": ISO date, "before": mean, "change": recent-before}
    where: str | None = None  # the symptom's last known place: hands, feet or both
    change_text: str = "-"  # the change as shown ("+2.0"): the words are judged on it
    # the last value named (day, value) when the recent days say nothing about the symptom
    # (rule 1: not named after a value above 0): "not logged since 2026-11-10 (last 3/10)"
    not_logged: tuple[date, int] | None = None
    words: str = "-"  # the one trend sentence (issue 23 item 4)
    cycle_linked: bool = False  # means leave the flare days out (issue 23 item 3)

    def daily(self, days: list[date]) -> list[int | None]:
        """The value of every day of the window, None where nothing was logged."""
        return [self.values.get(day) for day in days]


@dataclass(frozen=True)
class BaselineBasis:
    """The days the one baseline is the mean over: the week before the first infusion
    (`pre-treatment`, from and to are that week) or the journal's first days with entries
    (`first-week`, from the first to the last of them)."""

    kind: str
    start: date
    end: date
    days: tuple[date, ...]
    # where the basis days sit in the treatment (`placed`): before, during, after, None: no
    # infusion recorded. Only a basis before treatment is called "before treatment".
    treatment: str | None = None

    def as_json(self) -> dict:
        return {"kind": self.kind, "from": self.start.isoformat(), "to": self.end.isoformat(),
                "days": len(self.days), "treatment": self.treatment}

    @property
    def before_treatment(self) -> bool:
        return self.treatment == BEFORE_TREATMENT

    def words(self) -> str:
        """'before treatment (Sep 11-17)', 'journal start, after treatment (Oct 1-7)'."""
        return baseline_words(self.treatment, self.start, self.end)


BEFORE_TREATMENT, DURING_TREATMENT, AFTER_TREATMENT = "before", "during", "after"


def placed(basis: BaselineBasis | None, infusions: list) -> BaselineBasis | None:
    """The basis with where its days sit in the treatment: before the first infusion (the
    pre-treatment week, or a first week that ended before it), after the course
    (treatment.course_over on its first day), else during; None without infusions."""
    if basis is None or not infusions:
        return basis
    first = min(i.date for i in infusions)
    if basis.kind == "pre-treatment" or basis.end < first:
        when = BEFORE_TREATMENT
    elif course_over(cycles_of(infusions), basis.start):
        when = AFTER_TREATMENT
    else:
        when = DURING_TREATMENT
    return replace(basis, treatment=when)


def choose_basis(first_infusion: date | None, before_infusion: list[date],
                 first_days: list[date]) -> BaselineBasis | None:
    """Pre-treatment when an infusion is recorded and the SUMMARY_BASELINE_DAYS before the first
    one have at least one day with entries (`before_infusion`); else the journal's first
    SUMMARY_BASELINE_DAYS days with entries (`first_days`); None for an empty journal."""
    if first_infusion is not None and before_infusion:
        return BaselineBasis("pre-treatment",
                             first_infusion - timedelta(days=SUMMARY_BASELINE_DAYS),
                             first_infusion - timedelta(days=1), tuple(before_infusion))
    if first_days:
        days = tuple(first_days[:SUMMARY_BASELINE_DAYS])
        return BaselineBasis("first-week", days[0], days[-1], days)
    return None


def mean_over(values: dict[date, int], days) -> Fraction | None:
    """The exact mean over `days` (days with entries), a day without a value counting 0."""
    days = list(days)
    if not days:
        return None
    return Fraction(sum(values.get(day, 0) for day in days), len(days))


def mean_of(counted: dict[date, int], days) -> Fraction | None:
    """The exact mean over those of `days` that have a value in `counted` (named, or counted
    0 by rule 1); None when none has."""
    found = [counted[day] for day in days if day in counted]
    return Fraction(sum(found), len(found)) if found else None


def counted_values(days: list[date], named: dict[date, int], last_before: int | None
                   ) -> dict[date, int]:
    """One symptom's values on `days` (days with entries, in order) by rule 1: named, or 0
    when not named and its last value was 0 (or it was never logged); other days are left
    out. `last_before`: its last value before the first of `days` (None: never logged)."""
    these = set(days)
    series = day_values(days, {"s": {d: v for d, v in named.items() if d in these}},
                        last_before={} if last_before is None else {"s": last_before},
                        symptoms=["s"])["s"]
    return logged(series)


def tenths(change: Fraction) -> int:
    """The change in tenths as shown, half away from zero (as output.one_decimal rounds)."""
    whole = int(abs(change) * SHOWN_TENTHS + Fraction(1, 2))
    return -whole if change < 0 else whole


def shown(change: Fraction) -> str:
    count = tenths(change)
    if count == 0:
        return "0.0"
    whole, tenth = divmod(abs(count), SHOWN_TENTHS)
    return f"{'-' if count < 0 else '+'}{whole}.{tenth}"


def symptom_stats(key: str, label: str, values: dict[date, int], baseline: Fraction | None, *,
                  window_entries: list[date], earlier_entries: tuple[date, ...] | list[date] = (),
                  visit: date | None = None, where: str | None = None,
                  counted: dict[date, int] | None = None,
                  last_named: tuple[date, int] | None = None,
                  before_treatment: bool = False,
                  flare: set[date] | None = None) -> SymptomStats:
    """Statistics of one symptom. `values`: its values named on every day passed in (window,
    basis, earlier days); `baseline`: the exact mean over the basis days (None: no basis);
    `window_entries`: the window's days with entries; `earlier_entries`: the days with entries
    before the window (the previous week and the week before the visit may reach back);
    `counted`: its value on those days by rule 1 (`counted_values`; default: a day not named
    counts 0); `last_named`: its last named value on or before the window's end (day, value);
    `before_treatment`: the baseline is before treatment (the words say so); `flare`: the
    flare days of a cycle-linked symptom (domain/cycle_linked.py), left out of the recent,
    previous and since-visit means so that they compare like with like."""
    window_set = set(window_entries)
    in_window = {d: v for d, v in values.items() if d in window_set}
    stats = SymptomStats(key, label, in_window, where=where)
    if baseline is not None:
        stats.baseline = float(baseline)
    ordered = sorted(in_window.items())
    if ordered:
        stats.days = len(ordered)
        stats.latest_date, stats.latest = ordered[-1]
        stats.peak = max(value for _, value in ordered)
        stats.peak_date = max(day for day, value in ordered if value == stats.peak)
    if not window_entries:
        return stats
    entries = sorted(set(earlier_entries) | set(window_entries))
    if counted is None:
        counted = {day: values.get(day, 0) for day in entries}
    # Means are over the days that say something about the symptom (rule 1): one whose last
    # value was above 0 and that is no longer named is "not logged", never recovered.
    window_mean = mean_of(counted, window_entries)
    if window_mean is not None:
        stats.mean = float(window_mean)
    if flare and not [day for day in entries if day not in flare]:
        flare = None  # no day outside the flares to compare: every day counts
    if flare:
        stats.cycle_linked = True
        counted = {day: value for day, value in counted.items() if day not in flare}
        entries = [day for day in entries if day not in flare]
        # a window of flare days only (printed in the week after an infusion) reads the last
        # days before it that were outside a flare: the values before the infusion
        window_entries = ([day for day in window_entries if day not in flare]
                          or entries[-RECENT_DAYS:])
    recent_days = window_entries[-RECENT_DAYS:]
    recent = mean_of(counted, recent_days)
    if recent is None:
        stats.not_logged = last_named
        stats.words = (not_logged_words(last_named[0].isoformat(), last_named[1])
                       if last_named else "-")
    else:
        stats.recent = float(recent)
        if baseline is not None:
            stats.change = float(recent - baseline)
            stats.change_text = shown(recent - baseline)
            stats.trend = word(recent - baseline, TREND_POINTS)
        before = [d for d in entries if d < recent_days[0]][-PREVIOUS_DAYS:]
        previous = mean_of(counted, before)
        if previous is not None:
            stats.previous = float(previous)
            stats.direction = word(recent - previous, DIRECTION_POINTS)
        level = level_words(stats.change, stats.change_text, before_treatment)
        stats.words = trend_sentence(level, stats.trend, stats.direction)
        if flare:
            stats.words += f" ({CYCLE_LINKED_NOTE})"
    if visit is not None:
        visit_days = [d for d in entries if d < visit][-SINCE_VISIT_DAYS:]
        before_visit = mean_of(counted, visit_days)
        if before_visit is not None:
            stats.since_visit = {"visit": visit.isoformat(), "before": float(before_visit),
                                 "change": None if recent is None
                                 else float(recent - before_visit)}
            if recent is None and last_named is not None:
                stats.since_visit["not_logged_since"] = last_named[0].isoformat()
                stats.since_visit["last"] = last_named[1]
    return stats


def word(change: Fraction, points: int) -> str:
    """worsening at +points or more, improving at -points or less, else stable, judged on the
    change as shown (one decimal: 41/21 is shown +2.0 and is worsening)."""
    count = tenths(change)
    if count >= points * SHOWN_TENTHS:
        return WORSENING
    return IMPROVING if count <= -points * SHOWN_TENTHS else STABLE


def mark(value: int | None) -> str:
    """One sparkline character: a gap, the zero mark, or a block for 1 to SCALE_MAX."""
    if value is None:
        return GAP_MARK
    if value <= 0:
        return ZERO_MARK
    steps = len(MARKS)
    return MARKS[min(steps, -(-value * steps // SCALE_MAX)) - 1]  # ceil(value * 8 / 10)


def spark_values(daily: list[int | None], *, max_marks: int = MAX_MARKS
                 ) -> tuple[list[int | None], int]:
    """The values to draw and how many days each mark stands for. Up to `max_marks` days: one
    mark a day. Longer: groups of days ending on the window's last day, each shown by its
    highest value (a peak must not disappear); the first group may be shorter."""
    per = max(1, -(-len(daily) // max_marks))
    if per == 1:
        return list(daily), 1
    shown: list[int | None] = []
    end = len(daily)
    while end > 0:
        group = [value for value in daily[max(0, end - per):end] if value is not None]
        shown.append(max(group) if group else None)
        end -= per
    shown.reverse()
    return shown, per


def sparkline(daily: list[int | None], *, max_marks: int = MAX_MARKS) -> str:
    values, _per = spark_values(daily, max_marks=max_marks)
    return "".join(mark(value) for value in values)
