"""Who the journal is about: the one row of `profile` (name, date of birth, clinic, diagnosis,
regimen and a random UUID, the patient identity of the FHIR export). All SQL for it lives here;
`set_profile` is one change, and an update keeps the row's before-image for `cipn undo`.
"""

import uuid

from cipn_journal.store.connection import Store

FIELDS = ("name", "born", "clinic", "diagnosis", "regimen")


def read(store: Store | None) -> dict | None:
    """The profile as {id, name, born, clinic, diagnosis, regimen}, None when never set."""
    if store is None:
        return None
    row = store.row("SELECT person_id, name, born, clinic, diagnosis, regimen FROM profile "
                    "ORDER BY id LIMIT 1")
    if row is None:
        return None
    return {"id": row["person_id"], **{name: row[name] for name in FIELDS}}


def set_profile(store: Store, values: dict[str, str | None]) -> tuple[dict, bool]:
    """Store the given fields (a key with None: cleared; a missing key: unchanged) as one
    change. Returns the profile and whether anything changed."""
    with store.change("profile set") as change:
        row = store.row("SELECT * FROM profile ORDER BY id LIMIT 1")
        if row is None:
            fields = {name: values.get(name) for name in FIELDS}
            change.insert("profile", {"person_id": str(uuid.uuid4()), **fields,
                                      "recorded_at": change.now})
        else:
            updates = {name: value for name, value in values.items()
                       if name in FIELDS and row[name] != value}
            if updates:
                change.update("profile", row["id"], {**updates, "recorded_at": change.now})
        if change.writes:
            change.describe("profile set: " + ", ".join(
                name for name in FIELDS if name in values))
        changed = bool(change.writes)
    profile = read(store)
    assert profile is not None, "the profile was just written"
    return profile, changed
