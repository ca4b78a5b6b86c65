"""The one plain-text table helper: cells in columns two spaces apart, for pipes.
Every plain listing (summary, treatments, cycles, meds, visits, questions) lines up through it."""


def align(header: list[str], rows: list[list[str]], *,
          right: set[int] | frozenset[int] = frozenset(), drop_empty: bool = False) -> list[str]:
    """The header and rows as lines of aligned columns, trailing spaces removed. `right`: the
    columns (by index) aligned to the right, numbers; `drop_empty`: leave out a column that is
    empty in every row (the first column is kept when all are)."""
    columns = list(range(len(header)))
    if drop_empty:
        columns = [n for n in columns if any(row[n] for row in rows)] or [0]
    table = [[row[n] for n in columns] for row in [header, *rows]]
    widths = [max(len(row[i]) for row in table) for i in range(len(columns))]
    return ["  ".join(cell.rjust(widths[i]) if columns[i] in right else cell.ljust(widths[i])
                      for i, cell in enumerate(row)).rstrip() for row in table]
