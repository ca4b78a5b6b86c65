"""Renderers: functions that turn domain results into text or Rich renderables. They never
print; `cli.py` and the commands decide where output goes."""
