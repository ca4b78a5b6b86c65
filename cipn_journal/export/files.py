"""Writing an output file the safe way: never over an existing file without `force`, never a
half-written file (a temporary file in the same folder, flushed to disk, then renamed into
place), always readable only by its owner (0600), and never over the journal itself.
"""

import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path

from cipn_journal.errors import BadInput, JournalError, OutputExists


def refuse_journal(target: Path, journal: Path) -> None:
    """Writing over the live journal (or its -wal/-shm files) would destroy it, --force or not."""
    try:
        resolved = target.expanduser().resolve()
        live = journal.expanduser().resolve()
    except OSError:
        return
    if resolved in {live, live.with_name(live.name + "-wal"), live.with_name(live.name + "-shm")}:
        raise BadInput(f"{target} is the journal itself: choose another file name.")


def check_target(target: Path, *, force: bool) -> None:
    """Fail early, before any work, when `target` cannot be written."""
    if target.is_dir():
        raise BadInput(f"{target} is a folder: give a file name, e.g. {target / 'summary.md'}.")
    if not target.parent.is_dir():
        raise JournalError(
            f"The folder {target.parent} does not exist: nothing was written. "
            "Create it first or choose another place."
        )
    if target.exists() and not force:
        raise OutputExists(
            f"{target} already exists: nothing was written and it was not changed. "
            "Use --force to replace it, or choose another file name."
        )
    try:
        mode = os.lstat(target).st_mode
    except OSError:
        mode = None
    if mode is not None and not (stat.S_ISREG(mode) or stat.S_ISLNK(mode)):
        # --force replaces a file, never a named pipe, a device or a socket.
        raise JournalError(
            f"{target} is not a regular file (a pipe, a device or a socket): nothing was "
            "written. Choose a file name."
        )


def write_file(target: Path, data: bytes, *, force: bool) -> None:
    """Write `data` to `target` atomically, mode 0600."""

    def fill(temp: Path) -> None:
        with open(temp, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())

    place(target, fill, force=force)


def place(target: Path, fill: Callable[[Path], None], *, force: bool) -> None:
    """Create a 0600 temporary file beside `target`, let `fill` write it, then move it into
    place: with `force` by os.replace, without by a hard link that fails if `target` appeared
    meanwhile, so that an existing file is never replaced."""
    check_target(target, force=force)
    try:
        fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".partial",
                                    dir=target.parent)
    except OSError as exc:
        raise _cannot_write(target, exc) from None
    os.close(fd)  # mkstemp creates the file with mode 0600
    temp = Path(name)
    try:
        fill(temp)
        os.chmod(temp, 0o600)
        if force:
            os.replace(temp, target)
        else:
            _link_new(temp, target)
        _sync_folder(target.parent)
    except OSError as exc:
        raise _cannot_write(target, exc) from None
    finally:
        temp.unlink(missing_ok=True)


def _link_new(temp: Path, target: Path) -> None:
    try:
        os.link(temp, target)
    except FileExistsError:
        raise OutputExists(
            f"{target} already exists: nothing was written and it was not changed. "
            "Use --force to replace it, or choose another file name."
        ) from None
    except OSError:
        # Some file systems (FAT on a USB stick) have no hard links: check, then rename.
        if target.exists():
            raise OutputExists(
                f"{target} already exists: nothing was written and it was not changed. "
                "Use --force to replace it, or choose another file name."
            ) from None
        os.replace(temp, target)


def _sync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # not every file system can sync a folder; the file itself is synced
    finally:
        os.close(fd)


def _cannot_write(target: Path, exc: OSError) -> JournalError:
    reason = exc.strerror or type(exc).__name__
    return JournalError(f"Could not write {target}: {reason}. Nothing was written; "
                        "check the folder's permissions and free space.")
