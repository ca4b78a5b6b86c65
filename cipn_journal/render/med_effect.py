"""`cipn meds effect` on a terminal (Rich) and as plain text: what was taken and the two windows,
one row per nerve symptom (before, after, the difference in points and its word), what else
changed, and the sentence that is always printed. Returns text or renderables; never prints.
"""

from datetime import date

from cipn_journal.domain import clinical
from cipn_journal.domain.med_effect import one_decimal, signed
from cipn_journal.output import safe
from cipn_journal.render.table import align

HEADER = ["symptom", "before", "after", "difference", ""]


def _day(day: date) -> str:
    return f"{day.day} {day:%b %Y}"


def _span(window) -> str:
    span = window.span
    return (f"{_day(span.start)} to {_day(span.end)} ({span.length} days, "
            f"{window.entry_days} with entries)")


def heading(effect) -> list[str]:
    """What was taken since when, and the two windows."""
    med = effect.med
    taken = (f"taken from {med['start']} to {med['stop']}" if effect.stopped
             else f"taken since {med['start']}")
    lines = [f"{safe(med['name'], one_line=True)} ({med['kind']}), {taken}",
             f"Before: {_span(effect.before)}"]
    if effect.after is not None:
        lines.append(f"After:  {_span(effect.after)}"
                     + (f", from {effect.after_from} days after the start"
                        if effect.after_from else ""))
    return lines


def rows(effect) -> list[list[str]]:
    """One row per symptom: label, before, after, difference with points, word."""
    found = []
    for label, change in effect.changes:
        if change.enough:
            found.append([label, one_decimal(change.before.mean), one_decimal(change.after.mean),
                          f"{signed(change.difference)} points", change.word])
        else:
            found.append([label, one_decimal(change.before.mean),
                          one_decimal(change.after.mean),
                          clinical.effect_too_few_row(change.before.days, change.after.days),
                          ""])
    return found


def _footer(effect) -> list[str]:
    lines = []
    if effect.context:
        lines += ["", "What else changed:"]
        lines += [f"- {safe(item['text'], one_line=True)}" for item in effect.context]
    if effect.caution:
        lines += ["", effect.caution]
    return lines + ["", clinical.EFFECT_CAVEAT]


def plain(effect) -> str:
    lines = heading(effect) + [""]
    if not effect.enough:
        lines.append(effect.too_few)
    elif not effect.changes:
        lines.append(clinical.EFFECT_NONE_LOGGED)
    else:
        lines += align([h.capitalize() for h in HEADER], rows(effect), right={1, 2, 3})
        lines += ["", clinical.EFFECT_EXPLAINED]
    return "\n".join(lines + _footer(effect))


def rich(effect):
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    parts: list = [Text(line, style="bold" if n == 0 else "") for n, line
                   in enumerate(heading(effect))]
    if not effect.enough:
        parts += [Text(""), Text(effect.too_few)]
    elif not effect.changes:
        parts += [Text(""), Text(clinical.EFFECT_NONE_LOGGED)]
    else:
        grid = Table(title="Before and after", title_justify="left", caption_justify="left",
                     caption=clinical.EFFECT_EXPLAINED)
        for name in HEADER:
            grid.add_column(name.capitalize(), justify="right" if name in (
                "before", "after", "difference") else "left", overflow="fold")
        for row in rows(effect):
            grid.add_row(*(Text(cell) for cell in row))
        parts += [Text(""), grid]
    parts += [Text(line, style="yellow" if line == effect.caution else "")
              for line in _footer(effect)]
    return Group(*parts)
