"""Commands of the summary part; registered on the app by cli.py."""
