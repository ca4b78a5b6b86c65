"""The treatment calendar (`--format ics`): one all-day event per infusion ("oxaliplatin, cycle 3,
85 mg/m2"), for the planned next one ("oxaliplatin (planned)") and per visit ("Visit with Dr
Patel", "Clinic visit"), past and planned, for any
calendar program. Nothing else of the journal goes in: no symptom, note, alert or route.
Built with the icalendar library (RFC 5545 escaping and line folding), imported only here.
"""

import hashlib
import re
from datetime import UTC, date, datetime, timedelta

from icalendar import Calendar, Event

from cipn_journal.domain.treatment import Plan, amount
from cipn_journal.export.records import records as read_records
from cipn_journal.export.selection import Selection
from cipn_journal.output import printable
from cipn_journal.reports.upcoming import next_infusion
from cipn_journal.store.identity import journal_id

PRODID = "-//cipn-journal//treatment calendar//EN"
DOMAIN = "cipn-journal"
_SLUG = re.compile(r"[^a-z0-9]+")


def export(store, selection: Selection) -> str:
    found = read_records(store, selection, ("treatments", "visits"))
    journal = journal_id(store)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", "Treatment (cipn-journal)")
    events = [*(infusion_event(record, journal) for record in found["treatments"]),
              *visit_events(found["visits"], journal)]
    plan = next_infusion(store, selection.today)
    if plan is not None and (selection.low is None or plan.date >= selection.low) and (
            selection.high is None or plan.date <= selection.high):
        events.append(planned_event(plan, journal))
    # By day; on one day infusions (by drug), then visits in the order they were recorded.
    events.sort(key=lambda event: event.decoded("dtstart"))
    for event in events:
        calendar.add_component(event)
    return calendar.to_ical().decode("utf-8")


def text(value: str) -> str:
    """User text on one line, line breaks as " / " and other control characters U+FFFD
    (output.printable): RFC 5545 TEXT may not hold control characters, and a calendar shows a
    summary on one line. icalendar escapes the
    rest (commas, semicolons, backslashes)."""
    return " ".join(printable(value, one_line=True).split())


def infusion_uid(record: dict, journal: str) -> str:
    """The journal holds one infusion per drug and day (`treatment add` again updates it, and
    import matches on the same pair), so date and drug name the record, and the journal's random
    id (`journal`) tells two people's journals apart: the same UID in every export, in a
    journal rebuilt from its JSON export, and after undo and adding it again, so a calendar
    updates the event instead of adding a copy. Row ids would change in those cases.
    The drug is written as a slug, with a hash when the slug had to change it (unknown drugs
    are typed freely: '5-FU' and '5 FU' must not share a UID)."""
    drug = record["drug"]
    slug = _SLUG.sub("-", drug.casefold()).strip("-")
    if slug != drug:
        slug = f"{slug}-{hashlib.sha256(drug.encode()).hexdigest()[:10]}".lstrip("-")
    return f"treatment-{record['date']}-{slug}-{journal}@{DOMAIN}"


def infusion_event(record: dict, journal: str) -> Event:
    parts = [text(record["drug"])]
    if record["cycle"] is not None:
        parts.append(f"cycle {record['cycle']}")
    if record["dose"] is not None and record["unit"]:
        parts.append(f"{amount(record['dose'])} {record['unit']}")
    return _event(", ".join(parts), record["date"], infusion_uid(record, journal),
                  record["recorded_at"])


def planned_event(plan: Plan, journal: str) -> Event:
    """The planned next infusion (`cipn treatment next`): "oxaliplatin (planned)". With a drug
    it has the UID the infusion will have once recorded, so a calendar turns the planned event
    into the given one instead of showing both."""
    if plan.drug:
        uid = infusion_uid({"date": plan.date.isoformat(), "drug": plan.drug}, journal)
        summary = f"{text(plan.drug)} (planned)"
    else:
        uid = f"treatment-{plan.date.isoformat()}-planned-{journal}@{DOMAIN}"
        summary = "Infusion (planned)"
    return _event(summary, plan.date.isoformat(), uid, plan.recorded_at)


def visit_events(records: list[dict], journal: str) -> list[Event]:
    """Visits are matched by their day (as import does): the first recorded visit of a day is
    `visit-DAY`, further ones that day `visit-DAY-2`, `-3`... in the order they were recorded,
    so adding a visit never renames an earlier one."""
    events = []
    seen: dict[str, int] = {}
    for record in sorted(records, key=lambda r: (r["date"], r["recorded_at"] or "",
                                                 r["with"] or "")):
        day = record["date"]
        seen[day] = seen.get(day, 0) + 1
        suffix = "" if seen[day] == 1 else f"-{seen[day]}"
        whom = text(record["with"] or "")
        summary = f"Visit with {whom}" if whom else "Clinic visit"
        events.append(_event(summary, day, f"visit-{day}{suffix}-{journal}@{DOMAIN}",
                             record["recorded_at"]))
    return events


def _event(summary: str, day: str, uid: str, recorded_at: str | None) -> Event:
    start = date.fromisoformat(day)
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp(recorded_at))
    event.add("dtstart", start)  # a date: an all-day event on the user's own calendar day
    event.add("dtend", start + timedelta(days=1))
    event.add("summary", summary)
    event.add("transp", "TRANSPARENT")  # an all-day marker, not busy time
    return event


def stamp(recorded_at: str | None) -> datetime:
    """DTSTAMP is when the record was last written in the journal (UTC), not the export's time:
    two exports of the same journal are identical, and a record changed since (a dose added)
    carries a newer stamp, which tells a calendar the event was revised."""
    if not recorded_at:
        return datetime(1970, 1, 1, tzinfo=UTC)
    moment = datetime.fromisoformat(recorded_at)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)
