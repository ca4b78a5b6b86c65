"""Commands of the export part; registered on the app by cli.py."""
