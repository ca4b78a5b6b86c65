"""Before and after a supplement or medicine (issue 26), as pure rules: the two windows, each
symptom's mean in each (days with a value only, issue 22 rule 1 deciding what a day says), the
word for the difference, the trend before the start, and what else changed (infusions, other
medicines, oxaliplatin coasting) in words from clinical.py. Never a cause: numbers beside context.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

from cipn_journal.domain import clinical
from cipn_journal.domain.treatment import amount

BEFORE, BETWEEN, AFTER = "before", "between", "after"


@dataclass(frozen=True)
class Span:
    """Days from `start` to `end`, both included."""

    start: date
    end: date

    @property
    def length(self) -> int:
        return (self.end - self.start).days + 1

    def holds(self, day: date) -> bool:
        return self.start <= day <= self.end

    def as_json(self) -> dict:
        return {"from": self.start.isoformat(), "to": self.end.isoformat(), "days": self.length}


def windows(start: date, stop: date | None, today: date, after_from: int = 0
            ) -> tuple[Span, Span | None]:
    """The before window (the EFFECT_WINDOW_DAYS before `start`) and the after window: the last
    EFFECT_WINDOW_DAYS taken, ending today or on the last day taken (`stop`), starting no
    earlier than `after_from` days after the start; None when that is after its end."""
    length = timedelta(days=clinical.EFFECT_WINDOW_DAYS)
    before = Span(start - length, start - timedelta(days=1))
    end = min(stop, today) if stop is not None else today
    first = max(end - length + timedelta(days=1), start + timedelta(days=after_from))
    return before, (Span(first, end) if first <= end else None)


def between(before: Span, after: Span | None) -> Span | None:
    """The days from the start to the day before the after window (None when there are none)."""
    if after is None or after.start <= before.end + timedelta(days=1):
        return None
    return Span(before.end + timedelta(days=1), after.start - timedelta(days=1))


@dataclass(frozen=True)
class Side:
    """One symptom in one window: how many days have a value, their sum and exact mean."""

    days: int
    total: int

    @property
    def mean(self) -> Fraction | None:
        return Fraction(self.total, self.days) if self.days else None

    def mean_of_days(self) -> Fraction:
        """The mean, for a side known to have days."""
        return Fraction(self.total, self.days)

    @classmethod
    def of(cls, values: dict[date, int]) -> "Side":
        return cls(len(values), sum(values.values()))


@dataclass
class Change:
    """One symptom before and after: `difference` = after - before and its word, only when both
    windows have EFFECT_MIN_DAYS days with a value; `trend`: the change within the before
    window (second half's mean - first half's), when both halves have enough days."""

    key: str
    before: Side
    after: Side
    difference: Fraction | None = None
    word: str | None = None
    trend: Fraction | None = None

    @property
    def enough(self) -> bool:
        return self.difference is not None


def enough_days(days: int) -> bool:
    return days >= clinical.EFFECT_MIN_DAYS


def compare(key: str, before: dict[date, int], after: dict[date, int],
            before_window: Span) -> Change:
    """The change of one symptom, from its values on the days with a value of each window."""
    change = Change(key, Side.of(before), Side.of(after))
    if enough_days(change.before.days) and enough_days(change.after.days):
        change.difference = change.after.mean_of_days() - change.before.mean_of_days()
        change.word = clinical.effect_word(change.difference)
    change.trend = prior_trend(before, before_window)
    return change


def prior_trend(values: dict[date, int], window: Span) -> Fraction | None:
    """Mean of the window's last EFFECT_TREND_HALF_DAYS days minus mean of its first ones (days
    with a value); None when a half has fewer than EFFECT_TREND_MIN_DAYS of them."""
    middle = window.end - timedelta(days=clinical.EFFECT_TREND_HALF_DAYS)
    first = Side.of({d: v for d, v in values.items() if window.start <= d <= middle})
    last = Side.of({d: v for d, v in values.items() if middle < d <= window.end})
    if min(first.days, last.days) < clinical.EFFECT_TREND_MIN_DAYS:
        return None
    return last.mean_of_days() - first.mean_of_days()


def trend_item(label: str, trend: Fraction | None) -> str | None:
    """'Numbness was already rising, +1.5 in the 14 days before the start', or None when the
    trend is within EFFECT_SAME_POINTS or unknown."""
    if trend is None or clinical.effect_word(trend) == clinical.ABOUT_THE_SAME:
        return None
    return clinical.effect_trend_words(label, signed(trend), trend > 0)


def signed(value: Fraction | float) -> str:
    """+1.5 / -0.3 / 0.0: one decimal, half away from zero (as output.one_decimal)."""
    tenths = int(abs(Fraction(value)) * 10 + Fraction(1, 2))
    if tenths == 0:
        return "0.0"
    return f"{'-' if value < 0 else '+'}{tenths // 10}.{tenths % 10}"


def one_decimal(value: Fraction | None) -> str:
    return "-" if value is None else signed(value).lstrip("+")


@dataclass
class Infusions:
    """Infusions of one drug on the nerve-damage list in one window, and the dose they added."""

    window: str  # before, between, after
    drug: str
    count: int = 0
    added: dict[str, Decimal] = field(default_factory=dict)  # unit -> total

    def words(self) -> str:
        what = f"{self.count} {self.drug} infusion{'s' if self.count != 1 else ''}"
        added = ", ".join(f"+{amount(float(total))} {unit}" for unit, total in self.added.items())
        return clinical.effect_treatment_words(self.window, what, added)

    def as_json(self) -> dict:
        return {"kind": "treatment", "window": self.window, "drug": self.drug,
                "infusions": self.count,
                "added": [{"dose": float(total), "unit": unit}
                          for unit, total in self.added.items()],
                "text": self.words()}


def where(day: date, spans: dict[str, Span | None]) -> str | None:
    """before, between or after: the window that holds `day`, if any."""
    return next((name for name, span in spans.items() if span and span.holds(day)), None)


def infusions_by_window(infusions: list[dict], spans: dict[str, Span | None]
                        ) -> list[Infusions]:
    """Infusions (dicts with date, drug, dose, unit) grouped per window and drug, in the order
    before, between, after and then by first infusion."""
    found: dict[tuple[str, str], Infusions] = {}
    for infusion in sorted(infusions, key=lambda i: i["date"]):
        window = where(date.fromisoformat(infusion["date"]), spans)
        if window is None:
            continue
        group = found.setdefault((window, infusion["drug"]), Infusions(window, infusion["drug"]))
        group.count += 1
        if infusion["dose"] is not None and infusion["unit"]:
            group.added[infusion["unit"]] = (group.added.get(infusion["unit"], Decimal(0))
                                             + Decimal(str(infusion["dose"])))
    order = list(spans)
    return sorted(found.values(), key=lambda g: order.index(g.window))


def other_meds(meds: list[dict], spans: dict[str, Span | None]) -> list[dict]:
    """Other medicines (dicts with name, kind, start, stop) started or stopped within a window:
    {"kind": "medicine", "name", "change": started|stopped, "date", "window", "text"}."""
    found = []
    for med in meds:
        for what in ("start", "stop"):
            if not med[what]:
                continue
            window = where(date.fromisoformat(med[what]), spans)
            if window is None:
                continue
            verb = "started" if what == "start" else "stopped"
            found.append({"kind": "medicine", "name": med["name"], "change": verb,
                          "date": med[what], "window": window,
                          "text": clinical.effect_other_med_words(med["name"], med["kind"], verb,
                                                                  med[what], window)})
    return sorted(found, key=lambda item: item["date"])


def coasting(last_oxaliplatin: date | None, after: Span | None) -> dict | None:
    """Oxaliplatin coasting after the course: the last oxaliplatin infusion before the after
    window, which ends at most COASTING_TO_DAYS after it [Pachman]."""
    if last_oxaliplatin is None or after is None or last_oxaliplatin >= after.start:
        return None
    gap = (after.end - last_oxaliplatin).days
    if gap > clinical.COASTING_TO_DAYS:
        return None
    return {"kind": "coasting", "last_oxaliplatin": last_oxaliplatin.isoformat(), "days": gap,
            "text": clinical.effect_coasting_words(last_oxaliplatin.isoformat(), gap)}


def days_words(change: Change) -> str:
    """'14 days each' or '12 days before, 14 after': the days with a value compared."""
    if change.before.days == change.after.days:
        return f"{change.before.days} days each"
    return f"{change.before.days} days before, {change.after.days} after"


def visit_line(name: str, start: date, changes: list[tuple[str, Change]],
               treatment_continued: bool) -> str | None:
    """The visit document's line for a medicine started in its window, for the symptoms with
    enough days in both windows (None when there are none)."""
    shown = [f"{label} {one_decimal(c.before.mean)} -> {one_decimal(c.after.mean)} "
             f"({days_words(c)})" for label, c in changes if c.enough]
    if not shown:
        return None
    return clinical.effect_visit_words(name, f"{start:%b} {start.day}", shown,
                                       treatment_continued)
