"""The journal's records in an export's selection, table by table in the export format's
fields and in a stable order (`records`), for the JSON, FHIR and ICS exports."""

from cipn_journal.export import schema
from cipn_journal.export.selection import Selection
from cipn_journal.store.alerts import alert_value
from cipn_journal.store.exchange import alert_keys, rows_in_window


def _json_value(table: str, name: str, value, row) -> object:
    if name == "cycle_given" and value is not None:
        return bool(value)
    if table == "weekly_records" and name == "skipped":
        return [key for key in (value or "").split(",") if key]
    if table == "alerts" and name == "value":
        return alert_value(row["rule"], row["subject"], value)
    return value


def sort_key(record: dict, table: schema.Table) -> tuple:
    """Records in a stable order that does not depend on row ids: by what matches them, then
    by every other value."""
    names = list(table.match) + [k for k in table.keys if k not in table.match]
    return tuple((0,) if record[k] is None else (1, type(record[k]).__name__, _sortable(record[k]))
                 for k in names)


def _sortable(value):
    return sorted(value.items()) if isinstance(value, dict) else value


def _name_escalated(store, items: list[dict]) -> None:
    """`escalates` as the alert it names ({date, subject, rule}), not its row id, so that it
    means the same alert in the journal a file is imported into (issue 24)."""
    named = alert_keys(store, {item["escalates"] for item in items if item["escalates"]})
    for item in items:
        if item["escalates"]:
            item["escalates"] = named.get(item["escalates"])


def records(store, selection: Selection,
            tables: tuple[str, ...] | None = None) -> dict[str, list[dict]]:
    """Every table of the export format (or only `tables`), its records in the selection, in a
    stable order."""
    found: dict[str, list[dict]] = {}
    for table in schema.TABLES:
        if tables is not None and table.name not in tables:
            continue
        if store is None:
            found[table.name] = []
            continue
        rows = rows_in_window(store, table.name, [f.column for f in table.fields],
                              selection.low, selection.high)
        items = [{f.key: _json_value(table.name, f.key, row[f.column], row)
                  for f in table.fields} for row in rows]
        if table.name == "alerts":
            _name_escalated(store, items)
        items.sort(key=lambda item: sort_key(item, table))  # sorted at once: no late binding
        found[table.name] = items
    return found
