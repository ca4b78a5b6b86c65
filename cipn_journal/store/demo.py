"""Writing a generated demo journal (domain/demo.py) into a journal file: every table but the
alerts at once, inside the record service's change, with sqlite-utils' bulk inserts (the demo is
off the daily `log` path). A demo with --force empties the journal first (after the command's
backup)."""

from pathlib import Path

from cipn_journal.domain.demo import DOSE, FELT_IN_HANDS_AND_FEET, DemoJournal
from cipn_journal.errors import JournalBusy
from cipn_journal.store.connection import Change, Store


def write(store: Store, change: Change, journal: DemoJournal, *, now_by: str = "patient",
          replaced: Path | None = None, last_change: int | None = None) -> int:
    """Inside `change`: store the generated journal (its alerts are the record service's);
    return the number of values written. `replaced`: where the journal it replaces was saved
    (`demo --force`), named in the change so that `cipn undo` says where to find it.
    `last_change`: the newest change when that copy was made; if another cipn wrote since,
    nothing is written (it would not be in the copy)."""
    newest = store.scalar("SELECT MAX(id) FROM changes WHERE id < ?", (change.id,))
    if newest != last_change:
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
