"""Whether another process has the journal open right now, for the messages that would
otherwise call a journal damaged: a read that fails while another cipn (or an SQLite tool)
works on the file is tried again, and never answered with advice to restore a backup."""

import os
from pathlib import Path


def in_use_elsewhere(path: Path) -> bool | None:
    """Whether another process has the journal open: every SQLite connection to a WAL journal
    holds a read lock on a byte of its -shm (and the database file) while it is open. Linux
    lists every lock in /proc/locks, read here without taking or dropping one (opening the -shm
    to ask would drop this process's own locks on it). None where that list does not exist."""
    real = path.resolve()
    ours = set()
    for file in (real, real.with_name(real.name + "-shm")):
        try:
            info = os.stat(file)
        except OSError:
            continue
        ours.add(f"{os.major(info.st_dev):02x}:{os.minor(info.st_dev):02x}:{info.st_ino}")
    try:
        with open("/proc/locks") as locks:
            listed = locks.read().splitlines()
    except OSError:
        return None
    me = str(os.getpid())
    for line in listed:
        fields = [field for field in line.split() if field != "->"]  # "->": a waiting lock
        if len(fields) >= 6 and fields[5] in ours and fields[4] != me:
            return True
    return False
