"""The journal file and every SQL statement of the program: the connection (opening, pragmas,
errors, transactions, undo), the append-only migrations and one module per group of tables.
Callers get plain domain objects or dicts, never SQL."""
