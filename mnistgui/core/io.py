"""Atomic file writes (a temporary file in the same folder, flushed, then ``os.replace``), exclusive
creation of new files, and locks that die with their process."""

from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Iterator


@contextmanager
def atomic_open(path: str | os.PathLike, mode: str = "wb") -> Iterator[IO]:
    """Open a temporary file beside ``path``; on success it replaces ``path`` in one step.

    If the block raises, the temporary file is removed and ``path`` is untouched.
    """
    target = Path(path)
    fd, tmp = _temporary_beside(target)
    try:
        with os.fdopen(fd, mode) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        if isinstance(exc, OSError):
            raise _about(exc, target, tmp) from None
        raise


def _temporary_beside(target: Path) -> tuple[int, str]:
    """A new hidden temporary file in ``target``'s folder (made if need be), with the permissions
    a plain ``open()`` would give (mkstemp makes it private): its descriptor and path."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise _about(exc, target, None) from None
    try:
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
    except OSError as exc:
        os.close(fd)
        os.unlink(tmp)
        raise _about(exc, target, tmp) from None
    return fd, tmp


def _about(exc: OSError, target: Path, tmp: str | None) -> OSError:
    """``exc`` as an error about ``target`` (a full disk says no file; a failed temporary file
    would name a hidden file the user never asked for)."""
    if exc.filename is None or exc.filename == tmp or str(exc.filename).startswith(str(target.parent / f".{target.name}.")):
        err = OSError(exc.errno, exc.strerror or str(exc), str(target))
        return err
    return exc


def atomic_write_bytes(path: str | os.PathLike, data: bytes) -> None:
    with atomic_open(path, "wb") as fh:
        fh.write(data)


def atomic_write_text(path: str | os.PathLike, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


def create_exclusive_bytes(path: str | os.PathLike, data: bytes) -> None:
    """Write ``data`` as a new file at ``path``, atomically, failing with ``FileExistsError`` if
    ``path`` exists: of two processes creating the same name, one wins and the other is told.

    The data goes to a temporary file first, which is then hard-linked to ``path`` (a link is
    never made over an existing name), so a reader never sees part of the file. Where the file
    system has no hard links, the name is claimed with an exclusive create instead.
    """
    target = Path(path)
    fd, tmp = _temporary_beside(target)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        try:
            os.link(tmp, target)
        except FileExistsError:
            raise
        except OSError:  # no hard links here: claim the name, then fill it
            with open(target, "xb") as fh:
                try:
                    fh.write(data)
                    fh.flush()
                    os.fsync(fh.fileno())
                except BaseException:
                    os.unlink(target)  # ours: a part of it must not stand there
                    raise
    except FileExistsError:
        raise
    except OSError as exc:
        raise _about(exc, target, tmp) from None
    finally:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass


class ProcessLock:
    """A lock on a file that lasts while this object holds it, and dies with its process
    (``flock`` on POSIX, ``msvcrt.locking`` on Windows): a lock a killed process held is free.

    :func:`is_locked` asks, from any process (this one included), whether someone holds it.
    """

    def __init__(self, path: str | os.PathLike) -> None:
        self.path = Path(path)
        self._fd: int | None = None

    def acquire(self) -> bool:
        """Take the lock if it is free; False if another holder has it."""
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        if not _try_lock(fd):
            os.close(fd)
            return False
        self._fd = fd
        return True

    def release(self) -> None:
        if self._fd is not None:
            _unlock(self._fd)
            os.close(self._fd)
            self._fd = None

    @property
    def held(self) -> bool:
        return self._fd is not None


def is_locked(path: str | os.PathLike) -> bool:
    """Whether a :class:`ProcessLock` on ``path`` is held now (by any process)."""
    try:
        fd = os.open(path, os.O_RDWR)
    except FileNotFoundError:
        return False
    except OSError:
        return False
    try:
        if _try_lock(fd):
            _unlock(fd)
            return False
        return True
    finally:
        os.close(fd)


try:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            return False

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)

except ImportError:  # Windows
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)


def remove_stale_temps(folder: str | os.PathLike, older_than: float = 3600.0) -> int:
    """Remove the temporary files (``.<name>.<random>.tmp``) that a process killed in the middle
    of a write left in ``folder``, once they are ``older_than`` seconds old (a write in progress
    is never that old). Returns how many were removed."""
    import time

    removed = 0
    now = time.time()
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return 0
    for e in entries:
        if not (e.name.startswith(".") and e.name.endswith(".tmp")):
            continue
        try:
            if e.is_file(follow_symlinks=False) and now - e.stat(follow_symlinks=False).st_mtime > older_than:
                os.unlink(e.path)
                removed += 1
        except OSError:
            pass
    return removed
