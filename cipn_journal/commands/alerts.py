"""Commands of the alerts part; registered on the app by cli.py."""
