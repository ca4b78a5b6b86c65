"""Commands of the treatment part; registered on the app by cli.py."""
