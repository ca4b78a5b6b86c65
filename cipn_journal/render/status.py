"""`cipn` alone on a terminal: a short status (today logged or not, open alerts by level, the
weekly questions, the next infusion or visit) and the three commands people use most. Lines of
(label, text, style); user text (who a visit is with) is made safe here.
"""

from datetime import date

from cipn_journal.domain.clinical import NOT_MONITORED, TODAY, URGENCY_COUNT_WORDS
from cipn_journal.domain.treatment import plan_words
from cipn_journal.output import safe
from cipn_journal.reports.status import Status

# The three commands people use most, with what each does.
USUAL = (
    ("cipn checkin", "today's guided check-in"),
    ("cipn log numbness=3 tingling=2", "log symptoms in one line"),
    ("cipn summary", "how each symptom is moving"),
)
MORE = "Every command: cipn --help"


def _visit_words(visit: dict, today: date) -> str:
    day = date.fromisoformat(visit["date"])
    gap = (day - today).days
    when = ("today" if gap == 0 else "tomorrow" if gap == 1
            else f"on {day:%a} {day.day} {day:%b} (in {gap} days)")
    whom = f" with {safe(visit['with'], one_line=True)}" if visit["with"] else ""
    return f"visit{whom} {when}"


def lines(status: Status, journal: str) -> list[tuple[str, str, str]]:
    """(label, text, style) rows; style is "" or a Rich style for the terminal."""
    rows: list[tuple[str, str, str]] = []
    if not status.exists:
        rows.append(("Journal", f"none yet at {safe(journal, one_line=True)}: the first "
                     "check-in or log starts it", ""))
    else:
        rows.append(("Today", "logged" if status.logged_today
                     else "nothing logged yet: cipn checkin",
                     "" if status.logged_today else "bold"))
        if status.alerts:
            counts = ", ".join(f"{n} {URGENCY_COUNT_WORDS.get(level, level)}"
                               for level, n in status.alerts.items())
            rows.append(("Alerts", f"{counts} (cipn alerts). {NOT_MONITORED}.",
                         "bold red" if TODAY in status.alerts else "yellow"))
        else:
            rows.append(("Alerts", "none open", ""))
        if status.weekly_days is not None:
            since = ("" if status.weekly_days < 0
                     else f" ({status.weekly_days} days since the last)")
            rows.append(("Weekly", f"questions due{since}: cipn weekly", "bold"))
        coming = []
        if status.next_infusion is not None:
            plan = status.next_infusion
            coming.append(f"{safe(plan_words(plan, status.today), one_line=True)} "
                          f"({plan.date.isoformat()})")
        if status.next_visit is not None:
            coming.append(_visit_words(status.next_visit, status.today))
        if coming:
            rows.append(("Next", "; ".join(coming), ""))
    return rows


def rich(status: Status, journal: str):
    from rich.table import Table
    from rich.text import Text

    facts = Table.grid(padding=(0, 1))
    facts.add_column(no_wrap=True, style="bold")
    facts.add_column(ratio=1)
    for label, shown, style in lines(status, journal):
        facts.add_row(label + ":", Text(shown, style=style))
    usual = Table.grid(padding=(0, 2))
    usual.add_column(no_wrap=True, style="bold")
    usual.add_column()
    for command, what in USUAL:
        usual.add_row("  " + command, what)
    from rich.console import Group

    return Group(Text(f"cipn-journal, {status.today:%a} {status.today.day} "
                      f"{status.today:%b %Y}", style="italic"),
                 facts, Text(""), usual, Text(""), Text(MORE, style="dim"))
