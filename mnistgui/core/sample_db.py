"""The sample database's SQLite plumbing: its errors, and how a file is identified (read-only,
before anything is written to it), checked and set aside when damaged.

:mod:`mnistgui.core.samples` builds the store on these; nothing here knows about samples beyond
the names of the store's tables and columns.
"""

from __future__ import annotations

import functools
import os
import sqlite3
import stat
import urllib.parse
from datetime import datetime
from pathlib import Path

from mnistgui.core.errors import MnistguiError

SCHEMA_VERSION = 1


class SampleStoreError(MnistguiError):
    """The sample database cannot be opened, read or written; the message says what became of
    the samples."""


class SampleStoreDamaged(SampleStoreError):
    """The sample database is damaged (not SQLite, a malformed page, a row that cannot be read)."""


_SQLITE_MAGIC = b"SQLite format 3\x00"
_COLUMNS = {"id", "label", "image", "strokes", "pen_width", "created", "source", "heldout", "deleted"}


def describe_error(exc: sqlite3.Error) -> str:
    text = str(exc)
    low = text.lower()
    if "disk is full" in low or "disk full" in low:
        return "the disk is full"
    if "readonly" in low or "read-only" in low:
        return "the database is read-only (there is no permission to write it)"
    if "locked" in low or "busy" in low:
        return "another program keeps it locked"
    if "disk i/o" in low:
        return "the disk reported an input/output error"
    return text or type(exc).__name__


def is_damage(exc: BaseException) -> bool:
    low = str(exc).lower()
    return isinstance(exc, sqlite3.DatabaseError) and ("malformed" in low or "not a database" in low
                                                        or "corrupt" in low)


def storage_errors(what: str, writes: bool):
    """Turn SQLite errors (and rows that cannot be decoded) in a store method into a
    :class:`SampleStoreError` saying ``what`` failed and what became of the samples."""

    def wrap(fn):
        @functools.wraps(fn)
        def inner(self, *args, **kwargs):
            try:
                return fn(self, *args, **kwargs)
            except sqlite3.Error as exc:
                kept = ("nothing was changed: every sample saved before is kept" if writes
                        else "nothing in it was changed")
                cls = SampleStoreDamaged if is_damage(exc) else SampleStoreError
                raise cls(f"{self.path}: could not {what} ({describe_error(exc)}); {kept}") from None
        return inner

    return wrap


def connect_read_only(path: Path) -> sqlite3.Connection:
    uri = "file:" + urllib.parse.quote(str(path.resolve())) + "?mode=ro"
    return sqlite3.connect(uri, uri=True, timeout=10.0, isolation_level=None, check_same_thread=False)


def identify(path: Path, check: bool = False) -> str:
    """"new" (no file, an empty file or a database with no tables) or "ours"; anything else
    raises. Read on a read-only connection: nothing is written to a file that is not ours."""
    try:
        st = path.stat()
    except FileNotFoundError:
        return "new"
    except OSError as exc:
        raise SampleStoreError(f"{path}: cannot open the sample database ({exc.strerror or exc})") from None
    if not stat.S_ISREG(st.st_mode):
        raise SampleStoreError(f"{path}: not a regular file, so not a sample database")
    if st.st_size == 0:
        return "new"
    try:
        with open(path, "rb") as fh:
            head = fh.read(len(_SQLITE_MAGIC))
    except OSError as exc:
        raise SampleStoreError(f"{path}: cannot read the sample database ({exc.strerror or exc})") from None
    if head != _SQLITE_MAGIC:
        raise SampleStoreDamaged(f"{path}: not a usable sample database (not a SQLite file, or its first page is "
                                 "damaged); nothing in it was changed")
    try:
        con = connect_read_only(path)
    except sqlite3.Error as exc:
        raise SampleStoreError(f"{path}: cannot open the sample database ({describe_error(exc)})") from None
    try:
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if not tables:
            return "new"
        row = None
        if {"meta", "samples"} <= tables:
            row = con.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
            columns = {r[1] for r in con.execute("PRAGMA table_info(samples)")}
        if row is None or not _COLUMNS <= columns:
            shown = ", ".join(sorted(tables)[:4]) + (", ..." if len(tables) > 4 else "")
            raise SampleStoreError(f"{path}: a database of another program (its tables: {shown}), not "
                                   "mnistgui's samples; it was left as it is")
        try:
            schema = int(row[0])
        except (TypeError, ValueError):
            raise SampleStoreDamaged(f"{path}: the sample database's schema entry is damaged") from None
        if schema > SCHEMA_VERSION:
            raise SampleStoreError(
                f"{path}: this sample database is from a newer mnistgui (schema {schema}); update mnistgui"
            )
        if check:
            result = con.execute("PRAGMA quick_check").fetchone()[0]
            if result != "ok":
                raise SampleStoreDamaged(f"{path}: the sample database is damaged ({str(result)[:80]})")
        return "ours"
    except sqlite3.Error as exc:
        cls = SampleStoreDamaged if is_damage(exc) else SampleStoreError
        raise cls(f"{path}: not a usable sample database ({describe_error(exc)}); nothing in it was changed") from None
    finally:
        con.close()


def set_aside(path: str | os.PathLike) -> Path:
    """Move a damaged database (and its WAL and shared-memory files) out of the way, keeping it:
    ``samples.db`` becomes ``samples.db.damaged-<time>``. Returns the new name."""
    p = Path(path)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    aside = p.with_name(f"{p.name}.damaged-{stamp}")
    n = 1
    while aside.exists():
        n += 1
        aside = p.with_name(f"{p.name}.damaged-{stamp}-{n}")
    try:
        os.replace(p, aside)
        for suffix in ("-wal", "-shm"):
            extra = p.with_name(p.name + suffix)
            if extra.exists():
                os.replace(extra, aside.with_name(aside.name + suffix))
    except OSError as exc:
        raise SampleStoreError(f"{p}: the sample database is damaged and cannot be moved aside "
                               f"({exc.strerror or exc}); move it away by hand") from None
    return aside
