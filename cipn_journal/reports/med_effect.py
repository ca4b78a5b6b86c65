"""`cipn meds effect` (issue 26) assembled: the medicine asked for, its two windows, each nerve
symptom before and after (what a day says: domain/day_values.py), and what else changed in
those weeks (infusions, other medicines, oxaliplatin coasting). An object, not text: render/
and the visit document word it. Reads only the windows' days (a ten-year journal stays fast).
"""

from dataclasses import dataclass, field
from datetime import date

from cipn_journal.domain import clinical
from cipn_journal.domain import med_effect as rules
from cipn_journal.domain import meds as med_rules
from cipn_journal.domain.day_values import day_values, logged
from cipn_journal.errors import BadInput, JournalError
from cipn_journal.store import journal, treatments
from cipn_journal.store import meds as med_store


@dataclass
class Window:
    name: str  # before or after
    span: rules.Span
    entry_days: int  # days with symptom values

    def as_json(self) -> dict:
        return {**self.span.as_json(), "days_with_values": self.entry_days}


@dataclass
class MedEffect:
    med: dict  # med_store.MED_KEYS
    before: Window
    after: Window | None  # None: the after window has not begun (--after-from)
    after_from: int
    today: date
    changes: list[tuple[str, rules.Change]] = field(default_factory=list)  # (label, change)
    context: list[dict] = field(default_factory=list)  # each with "kind" and "text"
    caution: str | None = None  # acetyl-L-carnitine

    @property
    def stopped(self) -> bool:
        return self.med["stop"] is not None

    @property
    def enough(self) -> bool:
        """Both windows have EFFECT_MIN_DAYS days with values: the comparison is shown."""
        return (self.after is not None and rules.enough_days(self.before.entry_days)
                and rules.enough_days(self.after.entry_days))

    @property
    def too_few(self) -> str | None:
        """Why there is no comparison, in words; None when there is one."""
        if self.enough:
            return None
        return clinical.effect_too_few_words(
            self.before.entry_days, self.after.entry_days if self.after else None,
            self.after_from, self.today.isoformat())

    @property
    def treatment_continued(self) -> bool:
        return any(item["kind"] == "treatment" and item["window"] == rules.AFTER
                   for item in self.context)

    def as_json(self) -> dict:
        return {
            "med": self.med,
            "windows": {"before": self.before.as_json(),
                        "after": self.after.as_json() if self.after else None,
                        "after_from": self.after_from},
            "enough": self.enough,
            "too_few": self.too_few,
            "symptoms": [{
                "symptom": change.key, "label": label,
                "before": _side(change.before), "after": _side(change.after),
                "difference": (float(change.difference) if change.difference is not None
                               else None),
                "word": change.word,
                "trend_before": float(change.trend) if change.trend is not None else None,
            } for label, change in self.changes] if self.enough else [],
            "context": self.context,
            "caution": self.caution,
            "caveat": clinical.EFFECT_CAVEAT,
        }


def _side(side: rules.Side) -> dict:
    return {"mean": float(side.mean) if side.mean is not None else None, "days": side.days,
            "total": side.total}


def find_med(store, name: str) -> dict:
    """The medicine called `name` (as `meds stop` matches: aliases, case, spacing): the one
    taken now, else the one started last. BadInput naming what is listed when none is."""
    meds = med_store.list_meds(store)
    found = [m for m in meds if med_rules.same_name(m["name"], name)]
    if not found:
        listed = ", ".join(repr(m["name"]) for m in meds)
        raise BadInput(f"{name!r} is not among your supplements and medicines: "
                       + (f"listed are {listed}." if meds else "none is recorded yet.")
                       + " `cipn meds list` shows them.")
    current = [m for m in found if m["stop"] is None]
    return current[-1] if current else max(found, key=lambda m: m["start"] or "")


def build(store, name: str, *, today: date, after_from: int = 0) -> MedEffect:
    """The before-and-after of the medicine called `name`, as of `today`."""
    return for_med(store, find_med(store, name), today=today, after_from=after_from)


def for_med(store, med: dict, *, today: date, after_from: int = 0) -> MedEffect:
    if not med["start"]:
        raise JournalError(f"{med['name']!r} has no start day recorded, so there is no before "
                           "and after to show.")
    start = date.fromisoformat(med["start"])
    stop = date.fromisoformat(med["stop"]) if med["stop"] else None
    before, after = rules.windows(start, stop, today, after_from)
    labels = {s.key: s.short for s in journal.symptoms_of(store)}
    keys = [key for key in clinical.EFFECT_SYMPTOMS if key in labels]
    before_values, before_named, before_days = _series(store, before, keys)
    after_values, after_named, after_days = (_series(store, after, keys) if after
                                             else ({}, set(), 0))
    result = MedEffect(med, Window(rules.BEFORE, before, before_days),
                       Window(rules.AFTER, after, after_days) if after else None,
                       after_from, today)
    if med_rules.is_acetyl_l_carnitine(med["name"]):
        result.caution = med_rules.ALC_CAUTION
    for key in keys:  # a symptom logged (named) in either window
        if key in before_named or key in after_named:
            result.changes.append((labels[key], rules.compare(
                key, before_values[key], after_values.get(key, {}), before)))
    spans = {rules.BEFORE: before, rules.BETWEEN: rules.between(before, after),
             rules.AFTER: after}
    listed = [t for t in treatments.list_treatments(store) if t["class"] is not None]
    result.context += [group.as_json() for group in rules.infusions_by_window(listed, spans)]
    for label, change in result.changes:
        said = rules.trend_item(label, change.trend)
        if said is not None and change.trend is not None:
            result.context.append({"kind": "trend", "symptom": change.key,
                                   "change": float(change.trend), "text": said})
    others = [m for m in med_store.list_meds(store) if m["id"] != med["id"]]
    result.context += rules.other_meds(others, spans)
    oxaliplatin = [date.fromisoformat(t["date"]) for t in listed
                   if t["drug"] == "oxaliplatin" and after and t["date"] <= after.end.isoformat()]
    coasting = rules.coasting(max(oxaliplatin) if oxaliplatin else None, after)
    if coasting is not None:
        result.context.append(coasting)
    return result


def _series(store, span: rules.Span, keys: list[str]
            ) -> tuple[dict[str, dict[date, int]], set[str], int]:
    """{symptom: {day: value}} of the days with a value in `span` (issue 22 rule 1), the
    symptoms named there, and how many days in `span` have symptom values."""
    low, high = span.start.isoformat(), span.end.isoformat()
    days = journal.entry_days(store, low, high)
    named: dict[str, dict[date, int]] = {}
    for day_text, key, severity, _where in journal.values_between(store, low, high):
        if key in keys:
            named.setdefault(key, {})[date.fromisoformat(day_text)] = severity
    earlier = journal.last_values_before(store, span.start, keys)
    series = day_values(days, named, last_before=earlier, symptoms=keys)
    return {key: logged(daily) for key, daily in series.items()}, set(named), len(days)


def started_in(store, start: date | None, end: date) -> list[dict]:
    """The medicines started within [start, end] (start None: any time up to `end`)."""
    low = (start or date.min).isoformat()
    return [m for m in med_store.list_meds(store)
            if m["start"] and low <= m["start"] <= end.isoformat()]


def visit_lines(store, start: date | None, end: date) -> list[str]:
    """The visit document's lines: per medicine started in [start, end], its before-and-after
    as of `end`, when both windows have enough days with values."""
    if store is None:
        return []
    lines = []
    for med in started_in(store, start, end):
        effect = for_med(store, med, today=end)
        if not effect.enough:
            continue
        line = rules.visit_line(med["name"], date.fromisoformat(med["start"]),
                                [(c.key, c) for _label, c in effect.changes],
                                effect.treatment_continued)
        if line is not None:
            lines.append(line)
    return lines
