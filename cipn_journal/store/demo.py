"""Writing a generated demo journal (domain/demo.py) into a journal file: every table at once,
as one change, with sqlite-utils' bulk inserts (the demo is off the daily `log` path). A demo
with --force empties the journal first (after the command's backup)."""

from datetime import date
from pathlib import Path

from cipn_journal.domain.demo import DOSE, FELT_IN_HANDS_AND_FEET, DemoJournal
from cipn_journal.store.connection import Store


def _evening(day: date) -> str:
    """A plausible time of day for something the demo person recorded on `day` (UTC)."""
    return f"{day.isoformat()}T19:00:00+00:00"


def write(store: Store, journal: DemoJournal, *, now_by: str = "patient",
          replaced: Path | None = None, last_change: int | None = None) -> int:
    """Store the generated journal as one change; return the number of values written.
    `replaced`: where the journal it replaces was saved (`demo --force`), named in the change so
    that `cipn undo` says where to find it. `last_change`: the newest change when that copy was
    made; if another cipn wrote since, nothing is written (it would not be in the copy)."""
    infusions = set(journal.infusions)
    with store.change("demo") as change:
        newest = store.scalar("SELECT MAX(id) FROM changes WHERE id < ?", (change.id,))
        if newest != last_change:
            from cipn_journal.errors import JournalBusy

            raise JournalBusy(f"The journal {store.path} changed while the demo was being "
                              "prepared: nothing was written. Run the demo again.")
        store.clear(change)
        now = change.now
        observations = [
            {"date": day.isoformat(), "symptom": key, "severity": value,
             "location": "both" if key in FELT_IN_HANDS_AND_FEET and value else None,
             "reported_by": now_by, "recorded_at": now}
            for day, values in sorted(journal.values.items()) for key, value in values.items()
        ]
        change.insert_many("observations", observations)
        change.insert_many("days", [
            {"date": day.isoformat(), "limits": journal.limits.get(day),
             "falls": journal.falls.get(day, 0), "reported_by": now_by, "recorded_at": now}
            for day in sorted(journal.values)])
        change.insert_many("notes", [
            {"date": day.isoformat(), "text": text, "reported_by": now_by, "written_at": now}
            for day, text in journal.notes.items()])
        change.insert_many("alerts", [
            {"date": a.date.isoformat(), "subject": a.subject, "rule": a.rule,
             "value": str(a.value), "reference": a.reference, "message": a.message,
             "urgency": a.urgency, "escalates": None, "raised_at": _evening(a.date),
             "status": "acknowledged" if ack else "open",
             "acknowledged_at": _evening(ack) if ack else None,
             "acknowledged_on": ack.isoformat() if ack else None,
             "ack_note": "Told the care team at the infusion." if ack in infusions
             else "Told the care team at the follow-up call." if ack else None}
            for a, ack in journal.alerts])
        change.insert_many("treatments", [
            {"date": day.isoformat(), "entered": "oxaliplatin", "drug": "oxaliplatin",
             "drug_class": "platinum", "cycle": number, "cycle_given": 0, "dose": DOSE[0],
             "unit": DOSE[1], "dose_text": DOSE[2], "route": "iv", "note": None,
             "recorded_at": now}
            for number, day in enumerate(journal.infusions, start=1)])
        change.insert_many("meds", [
            {"name": name, "kind": kind, "start": start.isoformat(), "stop": None,
             "note": None, "recorded_at": now}
            for name, kind, start in journal.meds])
        change.insert_many("visits", [
            {"date": day.isoformat(), "with_whom": who, "recorded_at": now}
            for day, who in journal.visits])
        change.insert_many("questions", [
            {"text": text, "asked": asked.isoformat(), "done_at": None, "recorded_at": now}
            for asked, text in journal.questions])
        change.describe(
            f"demo journal {journal.start.isoformat()} to {journal.end.isoformat()}"
            + (f"; the journal it replaced is saved in {replaced}" if replaced else "")
        )
    return len(observations)
