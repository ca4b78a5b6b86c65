"""How one symptom is moving over a window of days: days logged, latest, mean, peak, baseline,
recent, change and its trend word, and the sparkline of daily values. Pure: the caller passes
the window's values and the baseline's sum and count. The trend threshold (clinical.py) is tested
in integer arithmetic so that floating-point noise cannot flip a word exactly at the threshold.
"""

from dataclasses import dataclass, field
from datetime import date

from cipn_journal.domain.clinical import RECENT_DAYS, SCALE_MAX, SUMMARY_BASELINE_DAYS, TREND_POINTS

# The summary reads the baseline length under this name.
BASELINE_DAYS = SUMMARY_BASELINE_DAYS

WORSENING, IMPROVING, STABLE = "worsening", "improving", "stable"

MARKS = "▁▂▃▄▅▆▇█"  # severities 1 to SCALE_MAX, eight steps
ZERO_MARK = "·"  # logged as 0: distinct from a gap
GAP_MARK = " "  # nothing logged that day
MAX_MARKS = 60  # longer windows get one mark per several days (their highest value)


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
    # Filled in by the clinical issue (12); the visit document shows them when present.
    previous: float | None = None
    direction: str | None = None
    since_visit: dict | None = None
    where: str | None = None

    def daily(self, days: list[date]) -> list[int | None]:
        """The value of every day of the window, None where nothing was logged."""
        return [self.values.get(day) for day in days]


def trend_word(numerator: int, denominator: int) -> str:
    """The word for change = numerator / denominator (denominator > 0), tested exactly."""
    if numerator >= TREND_POINTS * denominator:
        return WORSENING
    if numerator <= -TREND_POINTS * denominator:
        return IMPROVING
    return STABLE


def symptom_stats(key: str, label: str, values: dict[date, int],
                  baseline: tuple[int, int] | None) -> SymptomStats:
    """Statistics of one symptom. `values`: the window's days with a value; `baseline`: the sum
    and count of the journal's first SUMMARY_BASELINE_DAYS values of this symptom (None: never
    logged)."""
    stats = SymptomStats(key, label, dict(values))
    base_sum, base_n = baseline or (0, 0)
    if base_n:
        stats.baseline = base_sum / base_n
    ordered = sorted(values.items())
    if not ordered:
        return stats
    stats.days = len(ordered)
    stats.latest_date, stats.latest = ordered[-1]
    stats.mean = sum(value for _, value in ordered) / len(ordered)
    stats.peak = max(value for _, value in ordered)
    stats.peak_date = max(day for day, value in ordered if value == stats.peak)
    recent = [value for _, value in ordered[-RECENT_DAYS:]]
    stats.recent = sum(recent) / len(recent)
    if base_n:
        # change = sum(recent)/n_r - base_sum/n_b, over one common denominator
        numerator = sum(recent) * base_n - base_sum * len(recent)
        denominator = len(recent) * base_n
        stats.change = numerator / denominator
        stats.trend = trend_word(numerator, denominator)
    return stats


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
