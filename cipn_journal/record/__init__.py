"""The record service: each write that can raise alerts (`log`, `checkin`, `log --extent`,
`weekly`, `demo`) as one transaction that stores the values, reads what the alert rules need
from the store, asks the domain's one rule (domain/alerts.py `judge_day`) and stores its alerts
in the same transaction. Between commands/ and store/: the store only reads and writes.
"""
