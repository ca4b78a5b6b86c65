"""`python -m cipn_journal` runs the same CLI as `cipn`."""

from cipn_journal.cli import main

main()
