"""What `cipn` alone shows on a terminal: whether today is logged, the open alerts by level,
whether the weekly questions are due, and the next planned infusion and booked visit. Facts,
not text (render/status.py words them); four indexed look-ups and the open alerts.
"""

from dataclasses import dataclass, field
from datetime import date

from cipn_journal.domain.clinical import URGENCIES
from cipn_journal.domain.treatment import Plan
from cipn_journal.reports import alert_view, upcoming, weekly_due
from cipn_journal.store.alerts import list_alerts
from cipn_journal.store.journal import has_entry_on


@dataclass
class Status:
    today: date
    exists: bool  # False: no journal at that path yet (nothing is created)
    logged_today: bool = False
    alerts: dict[str, int] = field(default_factory=dict)  # urgency -> open alerts, URGENCIES order
    weekly_days: int | None = None  # weekly_due.days_since: None not due, -1 due, never answered
    next_infusion: Plan | None = None
    next_visit: dict | None = None  # visits.VISIT_KEYS


def build(store, today: date) -> Status:
    if store is None:
        return Status(today, exists=False)
    # An alert that aged counts as `soon` (issue 22 rule 7), as the box and `cipn alerts` show it.
    shown = alert_view.view(store, list_alerts(store), today=today)
    levels = [shown.shown(alert) for alert in shown.alerts]
    return Status(
        today, exists=True, logged_today=has_entry_on(store, today),
        alerts={level: levels.count(level) for level in (*URGENCIES, *sorted(set(levels)))
                if level in levels},
        weekly_days=weekly_due.days_since(store, today),
        next_infusion=upcoming.next_infusion(store, today),
        next_visit=upcoming.next_visit(store, today),
    )
