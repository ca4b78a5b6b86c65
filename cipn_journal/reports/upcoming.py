"""What is coming: the planned next infusion while it is still ahead (`cipn treatment next`,
read by `summary`, `remind`, the calendar export and `cipn` alone) and the next booked visit.
"""

from datetime import date

from cipn_journal.domain.treatment import Plan, current_plan
from cipn_journal.store import treatments, visits


def next_infusion(store, today: date) -> Plan | None:
    """The planned next infusion, or None when none is planned, its day has passed or it was
    given (recorded) on its day."""
    if store is None:
        return None
    plan = treatments.planned_infusion(store)
    if plan is None:
        return None
    return current_plan(plan, treatments.load_infusions(store, plan.drug), today)


def next_visit(store, today: date) -> dict | None:
    """The first visit booked for today or later (keys visits.VISIT_KEYS), or None."""
    found = visits.visits(store, start=today)
    return found[0] if found else None
