"""Writing an output file the safe way: never over an existing file without `force`, never a
half-written file (a temporary file in the same folder, flushed to disk, then renamed into
place), always readable only by its owner (0600), and never over the journal itself. Symlinks
are resolved first: a pipe or a terminal behind one is written into, never replaced; a link
another user planted in a folder others may write is never followed (`planted`).
"""

import fcntl
import os
import re
import stat
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from cipn_journal.errors import BadInput, JournalError, OutputExists
from cipn_journal.output import safe

# What `place` and Store.backup leave behind when killed: `.NAME.XXXXXXXX.partial` and
# `..NAME.XXXXXXXX.partial.XXXXXXXX.tmp` (mkstemp's random part is 8 of [a-z0-9_]).
_TEMP = r"\.\.?{name}\.[a-z0-9_]{{8}}\.partial(\.[a-z0-9_]{{8}}\.tmp)?"
STALE_AFTER_S = 600  # a temporary file this old belongs to no running backup


def shown(path: Path | str) -> str:
    """A path for a message: control characters escaped like any text a user typed."""
    return safe(str(path), one_line=True)


def output_path(raw: str) -> Path:
    """The path a user gave for an output. A trailing slash, `/.` or `/..` means a folder: one
    that does not exist (a USB stick not mounted) is refused rather than becoming a file of
    that name (pathlib reads `usb2/.` as `usb2`)."""
    path = Path(raw).expanduser()
    names_folder = raw.endswith(("/", os.sep)) or os.path.basename(raw) in (".", "..")
    if names_folder and not path.is_dir():
        raise JournalError(
            f"The folder {shown(raw)} does not exist: nothing was written. Create it (or "
            "connect the disk) first, or choose another place."
        )
    return path


def refuse_journal(target: Path, journal: Path) -> None:
    """Writing over the live journal (or its -wal/-shm files) would destroy it, --force or not."""
    try:
        resolved = target.expanduser().resolve()
        live = journal.expanduser().resolve()
    except OSError:
        return
    if resolved in {live, live.with_name(live.name + "-wal"), live.with_name(live.name + "-shm")}:
        raise BadInput(f"{shown(target)} is the journal itself: choose another file name.")


def _exists(target: Path) -> OutputExists:
    return OutputExists(
        f"{shown(target)} already exists: nothing was written and it was not changed. "
        "Use --force to replace it, or choose another file name."
    )


def passes_through(target: Path) -> bool:
    """A named pipe or a character device (a terminal, /dev/null, /dev/stdout), directly or
    behind symlinks: written into, like a pipe, never replaced."""
    try:
        mode = os.stat(target).st_mode
    except OSError:
        return False
    return stat.S_ISFIFO(mode) or stat.S_ISCHR(mode)


def planted(target: Path) -> bool:
    """Whether `target` is a symlink that another user owns, in a folder other users may write
    (like /tmp): it may have been put there so that `--force` writes over one of this user's
    files. Such a link is never followed: it is replaced itself, or refused where it may not
    be replaced (a folder with the sticky bit, like /tmp)."""
    try:
        link = os.lstat(target)
        folder = os.stat(target.parent)
    except OSError:
        return False
    return (stat.S_ISLNK(link.st_mode) and link.st_uid != os.geteuid()
            and bool(folder.st_mode & (stat.S_IWGRP | stat.S_IWOTH)))


def check_target(target: Path, *, force: bool, through: bool = False) -> None:
    """Fail early, before any work, when `target` cannot be written. With `through`, a pipe or
    a character device (also behind a symlink) is accepted with `force`: it is written into."""
    if planted(target) and os.stat(target.parent).st_mode & stat.S_ISVTX:
        raise JournalError(
            f"{shown(target)} is a link that another user made in {shown(target.parent)}, a "
            "folder everyone may write: nothing was written. cipn does not follow such a link "
            "(it could point at any of your files) and may not replace it there. Choose "
            "another name or folder.")
    if planted(target):
        if not force:
            raise _exists(target)
        return  # the link itself is replaced, never followed
    if target.is_dir():
        raise BadInput(f"{shown(target)} is a folder: give a file name, e.g. "
                       f"{shown(target / 'summary.md')}.")
    if not target.parent.is_dir():
        raise JournalError(
            f"The folder {shown(target.parent)} does not exist: nothing was written. "
            "Create it first or choose another place."
        )
    if (target.exists() or target.is_symlink()) and not force:
        raise _exists(target)
    try:
        mode = os.stat(target).st_mode  # through symlinks: what the link points to
    except OSError:
        return  # nothing there yet (or a dangling link, replaced like a file)
    if stat.S_ISREG(mode) or (through and (stat.S_ISFIFO(mode) or stat.S_ISCHR(mode))):
        return
    # --force replaces a file, never a named pipe, a device or a socket, nor a link to one.
    raise JournalError(
        f"{shown(target)} is not a regular file (a pipe, a device or a socket"
        + (", or a link to one" if target.is_symlink() else "")
        + "): nothing was written. Choose a file name."
    )


def write_file(target: Path, data: bytes, *, force: bool) -> bool:
    """Write `data` to `target` atomically, mode 0600; into it when it is a pipe or a
    character device (then return False: no file was made)."""
    check_target(target, force=force, through=True)
    if passes_through(target) and not planted(target):
        _write_through(target, data)
        return False

    def fill(temp: Path) -> None:
        with open(temp, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())

    place(target, fill, force=force)
    return True


def _write_through(target: Path, data: bytes) -> None:
    try:
        # Non-blocking open: a pipe nobody reads is an error, not a hang.
        fd = os.open(target, os.O_WRONLY | os.O_NONBLOCK | os.O_NOCTTY)
    except OSError as exc:
        if exc.errno == 6:  # ENXIO
            raise JournalError(f"Nothing reads the pipe {shown(target)}: nothing was "
                               "written. Start its reader first.") from None
        raise _cannot_write(target, exc) from None
    try:
        flags = fcntl.fcntl(fd, fcntl.F_GETFL)
        fcntl.fcntl(fd, fcntl.F_SETFL, flags & ~os.O_NONBLOCK)
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
    except OSError as exc:
        raise _cannot_write(target, exc) from None
    finally:
        os.close(fd)


def _resolved(target: Path) -> Path:
    """A symlink to a regular file is followed: its file is replaced, the link stays (a
    planted link is not: it is replaced itself)."""
    if target.is_symlink() and target.exists() and not planted(target):
        return Path(os.path.realpath(target))
    return target


def place(target: Path, fill: Callable[[Path], None], *, force: bool) -> None:
    """Create a 0600 temporary file beside `target`, let `fill` write it, then move it into
    place: with `force` by os.replace, without by a hard link that fails if `target` appeared
    meanwhile, so that an existing file is never replaced."""
    check_target(target, force=force)
    final = _resolved(target)
    with _temporary(final, target) as temp:
        fill(temp)
        os.chmod(temp, 0o600)
        if force:
            os.replace(temp, final)
        elif not _link_new(temp, final):
            raise _exists(target)
        _sync_folder(final.parent)


def place_new(candidates: Iterable[Path], fill: Callable[[Path], None]) -> Path:
    """Like `place` without force, into the first of `candidates` that does not exist yet:
    the name is taken atomically (a hard link, or an exclusive create), so that two cipn
    running at once never take the same name. Returns the name taken."""
    names = iter(candidates)
    first = next(names)
    if not first.parent.is_dir():
        raise JournalError(f"The folder {shown(first.parent)} does not exist: nothing was "
                           "written. Create it first or choose another place.")
    with _temporary(first, first) as temp:
        fill(temp)
        os.chmod(temp, 0o600)
        for target in (first, *names):
            if _link_new(temp, target):
                _sync_folder(target.parent)
                return target
    raise JournalError(f"Every backup name in {shown(first.parent)} is taken: nothing was "
                       "written. Give a file name.")


@contextmanager
def _temporary(final: Path, target: Path) -> Iterator[Path]:
    """A 0600 temporary file beside `final`, removed on the way out whatever happens; an
    OSError while it is used becomes a message naming `target`."""
    try:
        fd, name = tempfile.mkstemp(prefix=f".{final.name}.", suffix=".partial",
                                    dir=final.parent)
    except OSError as exc:
        raise _cannot_write(target, exc) from None
    os.close(fd)  # mkstemp creates the file with mode 0600
    temp = Path(name)
    try:
        yield temp
    except OSError as exc:
        raise _cannot_write(target, exc) from None
    finally:
        temp.unlink(missing_ok=True)


def _link_new(temp: Path, target: Path) -> bool:
    """Give `temp` the name `target` unless that name exists (then False), atomically."""
    try:
        os.link(temp, target)
        return True
    except FileExistsError:
        return False
    except OSError:
        pass
    # Some file systems (FAT on a USB stick) have no hard links: take the name with an
    # exclusive create, then rename over that empty file.
    try:
        os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        return False
    os.replace(temp, target)
    return True


def remove_stale_temporaries(folder: Path, names: Iterable[str], *, started: float) -> None:
    """Remove what a killed `place` or backup left in `folder`: only temporary files of the
    output names matching the regular expressions `names`, untouched for STALE_AFTER_S before
    `started` (so never the temporary file of a backup running now)."""
    pattern = re.compile("|".join(_TEMP.format(name=name) for name in names))
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        if not pattern.fullmatch(entry.name):
            continue
        try:
            info = entry.stat(follow_symlinks=False)
            if stat.S_ISREG(info.st_mode) and info.st_mtime < started - STALE_AFTER_S:
                os.unlink(entry.path)
        except OSError:
            continue  # gone already, or not ours to remove


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
    return JournalError(f"Could not write {shown(target)}: {reason}. Nothing was written; "
                        "check the folder's permissions and free space.")
