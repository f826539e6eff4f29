"""Downloading MNIST: the four gzip files from public mirrors, resumed and md5-verified.

:func:`download_mnist` uses the standard library only. It resumes interrupted transfers with HTTP
Range requests, tries the mirrors in turn, and moves a file to its final name only once it is
complete with the right md5 sum, so a partial or corrupt file never stands there. Failures are
:class:`~mnistgui.core.errors.DownloadError` s whose message names the file, each mirror tried and
its error.
"""

from __future__ import annotations

import hashlib
import http.client
import os
import pathlib
import re
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Callable, Mapping, Sequence

from mnistgui.core.data import FILES
from mnistgui.core.errors import DownloadError

#: md5 sums of the canonical gzip files, by file name (base name + ``.gz``).
MD5: dict[str, str] = {
    "train-images-idx3-ubyte.gz": "f68b3c2dcbeaaa9fbdd348bbdeb94873",
    "train-labels-idx1-ubyte.gz": "d53e105ee54ea40749a09fcbcd1e9432",
    "t10k-images-idx3-ubyte.gz": "9fb629c4189551a2d022fa330f9573f3",
    "t10k-labels-idx1-ubyte.gz": "ec29112dd5afa0611ce80d1b7f02629c",
}

#: Base URLs tried in order by :func:`download_mnist`; a file's URL is the base plus its name.
DEFAULT_MIRRORS: tuple[str, ...] = (
    "https://ossci-datasets.s3.amazonaws.com/mnist/",
    "http://yann.lecun.com/exdb/mnist/",
)

#: The sizes of the canonical gzip files, by file name: no server may send more.
SIZES: dict[str, int] = {
    "train-images-idx3-ubyte.gz": 9_912_422,
    "train-labels-idx1-ubyte.gz": 28_881,
    "t10k-images-idx3-ubyte.gz": 1_648_877,
    "t10k-labels-idx1-ubyte.gz": 4_542,
}
#: The most a file whose size is not known (custom checksums) may take on disk.
MAX_FILE_BYTES = 64 * 1024 * 1024
#: Seconds one file may take from one mirror, all told: a server that trickles a few bytes at a
#: time, each within the read timeout, is given up on after this.
TRANSFER_DEADLINE = 600.0

#: At most this many bytes are read from the network between two progress reports / cancel
#: checks (a read returns what has arrived, so a slow server never holds a check back long).
CHUNK_SIZE = 64 * 1024

_USER_AGENT = "mnistgui (python urllib)"


@dataclass(frozen=True)
class DownloadProgress:
    """One progress report from :func:`download_mnist`."""

    file: str  #: file name being fetched, e.g. ``"train-images-idx3-ubyte.gz"``
    done_bytes: int  #: bytes of this file on disk so far (including a resumed part)
    total_bytes: int | None  #: size of this file, ``None`` when the server does not say
    file_index: int  #: 0-based index of this file among the files to fetch
    file_count: int  #: number of files (4)
    mirror: str  #: base URL of the mirror in use ("" for a file already present)


class DownloadCancelled(DownloadError):
    """The download was cancelled by the caller; partial files are kept for a later resume."""

    def __init__(self, message: str = "Download cancelled") -> None:
        super().__init__(message)


class _MirrorFailed(Exception):
    """One mirror could not deliver a file; the message says why."""


class _ChecksumMismatch(_MirrorFailed):
    """The file arrived complete but its md5 sum is wrong."""


def _md5_of(path: pathlib.Path) -> str:
    digest = hashlib.md5()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _md5_matches(path: pathlib.Path, expected: str) -> bool:
    try:
        return path.is_file() and _md5_of(path) == expected.lower()
    except OSError:
        return False


def _describe(exc: BaseException) -> str:
    """A short, readable description of a network error."""
    if isinstance(exc, urllib.error.HTTPError):
        return f"HTTP error {exc.code} {exc.reason}"
    if isinstance(exc, urllib.error.URLError):
        reason = exc.reason
        if isinstance(reason, BaseException):
            return _describe(reason)
        return str(reason)
    if isinstance(exc, TimeoutError):
        return "timed out"
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    text = str(exc)
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


_CONTENT_RANGE = re.compile(r"bytes\s+(\d+)-(\d+)/(\d+|\*)", re.IGNORECASE)


def _transfer(
    url: str,
    part: pathlib.Path,
    *,
    timeout: float,
    on_chunk: Callable[[int, int | None], None],
    cancelled: Callable[[], bool],
    max_bytes: int = MAX_FILE_BYTES,
    deadline: float = TRANSFER_DEADLINE,
) -> None:
    """Fetch ``url`` into ``part``, resuming from the bytes already in ``part`` if any.

    Returns when the server has sent the whole body. Raises ``_MirrorFailed`` for network and
    protocol errors (``part`` keeps what arrived), for a body larger than ``max_bytes`` (``part``
    is removed) and for a transfer not done within ``deadline`` seconds (``part`` is kept, to
    resume); :class:`DownloadCancelled` on cancellation, and :class:`DownloadError` when
    ``part`` cannot be written. ``cancelled`` is polled between chunks, and a chunk is whatever
    has arrived (at most :data:`CHUNK_SIZE`), so a cancel waits for one network read at most.
    """
    ends = time.monotonic() + deadline
    for _ in range(2):  # a second round only to restart after a refused resume (416)
        offset = part.stat().st_size if part.exists() else 0
        headers = {"User-Agent": _USER_AGENT, "Accept-Encoding": "identity"}
        if offset:
            headers["Range"] = f"bytes={offset}-"
        try:
            response = urllib.request.urlopen(
                urllib.request.Request(url, headers=headers), timeout=timeout
            )
        except urllib.error.HTTPError as exc:
            exc.close()
            if exc.code == 416 and offset:
                # The partial file is not a prefix the server can continue: start over.
                part.unlink(missing_ok=True)
                continue
            raise _MirrorFailed(_describe(exc)) from exc
        except (OSError, http.client.HTTPException, ValueError) as exc:
            raise _MirrorFailed(_describe(exc)) from exc

        with response:
            status = getattr(response, "status", None) or 200  # file: URLs have none
            length = response.headers.get("Content-Length")
            length = int(length) if length and length.isdigit() else None
            if offset and status == 206:
                match = _CONTENT_RANGE.match(response.headers.get("Content-Range", ""))
                if not match or int(match.group(1)) != offset:
                    part.unlink(missing_ok=True)
                    raise _MirrorFailed(
                        "server resumed at the wrong position "
                        f"(Content-Range {response.headers.get('Content-Range')!r})"
                    )
                total = int(match.group(3)) if match.group(3) != "*" else None
                if total is None and length is not None:
                    total = offset + length
                mode = "ab"
            elif status == 200:
                offset, mode = 0, "wb"  # no resume (not asked, or the server ignored Range)
                total = length
            else:
                raise _MirrorFailed(f"unexpected HTTP status {status}")

            if total is not None and total > max_bytes:
                raise _MirrorFailed(f"the server offers {total:,} bytes, more than the {max_bytes:,} bytes expected")
            done = offset
            on_chunk(done, total)
            try:
                out = open(part, mode)
            except OSError as exc:
                raise DownloadError(f"Cannot write {part}: {exc.strerror or exc}.") from exc
            read = getattr(response, "read1", None) or response.read  # read1: what has arrived
            too_big = False
            with out:
                while True:
                    if cancelled():
                        raise DownloadCancelled()
                    if time.monotonic() > ends:
                        raise _MirrorFailed(f"too slow: {done:,} bytes in {deadline:g} s, and not done")
                    try:
                        chunk = read(CHUNK_SIZE)
                    except (OSError, http.client.HTTPException) as exc:
                        raise _MirrorFailed(
                            f"transfer interrupted after {done} bytes ({_describe(exc)})"
                        ) from exc
                    if not chunk:
                        break
                    if done + len(chunk) > max_bytes:
                        too_big = True
                        break
                    try:
                        out.write(chunk)
                    except OSError as exc:
                        raise DownloadError(
                            f"Cannot write {part}: {exc.strerror or exc}."
                        ) from exc
                    done += len(chunk)
                    on_chunk(done, total)
            if too_big:
                part.unlink(missing_ok=True)
                raise _MirrorFailed(f"the server sent more than the {max_bytes:,} bytes expected")
            if total is not None and done < total:
                raise _MirrorFailed(f"transfer interrupted after {done} of {total} bytes")
            return
    raise _MirrorFailed("server refused to resume and to restart the transfer")


def _fetch_from_mirror(
    url: str,
    part: pathlib.Path,
    md5: str,
    *,
    timeout: float,
    on_chunk: Callable[[int, int | None], None],
    cancelled: Callable[[], bool],
    max_bytes: int = MAX_FILE_BYTES,
    deadline: float = TRANSFER_DEADLINE,
) -> None:
    """Download ``url`` into ``part`` until it is complete and its md5 sum is ``md5``."""
    resumed = part.exists() and part.stat().st_size > 0
    limits = {"max_bytes": max_bytes, "deadline": deadline}
    _transfer(url, part, timeout=timeout, on_chunk=on_chunk, cancelled=cancelled, **limits)
    actual = _md5_of(part)
    if actual == md5.lower():
        return
    part.unlink(missing_ok=True)
    if resumed:
        # The kept part may have been bad: one more try from scratch on this mirror.
        _transfer(url, part, timeout=timeout, on_chunk=on_chunk, cancelled=cancelled, **limits)
        actual = _md5_of(part)
        if actual == md5.lower():
            return
        part.unlink(missing_ok=True)
    raise _ChecksumMismatch(f"checksum mismatch (md5 {actual}, expected {md5})")


def download_mnist(
    dest: str | os.PathLike,
    *,
    mirrors: Sequence[str] = DEFAULT_MIRRORS,
    progress: Callable[[DownloadProgress], None] | None = None,
    cancel: Callable[[], bool] | None = None,
    timeout: float = 30.0,
    checksums: Mapping[str, str] | None = None,
    sizes: Mapping[str, int] | None = None,
    deadline: float = TRANSFER_DEADLINE,
) -> pathlib.Path:
    """Download the four MNIST gzip files into ``dest`` (created if needed).

    Files already in ``dest`` with the right md5 sum are kept and not fetched again. Each
    other file is written to ``<name>.gz.part`` first; a ``.part`` left by an earlier,
    interrupted call is resumed with an HTTP Range request (or restarted if the server ignores
    the range). Only a complete file with the right md5 sum is moved to its final name, so a
    partial or corrupt file never stands there. Mirrors are tried in order for each file,
    starting with the one that delivered the previous file.

    Args:
        dest: the folder to download into.
        mirrors: base URLs; a file's URL is the base followed by its name.
        progress: called with a :class:`DownloadProgress` for every chunk (~64 KiB) received,
            and once at the start of each file. Called from the downloading thread.
        cancel: polled before each chunk; when it returns True the download stops, the
            ``.part`` file is kept for a later resume and :class:`DownloadCancelled` (a
            :class:`DownloadError`) is raised.
        timeout: seconds to wait for a connection or for data before giving up on a mirror.
        checksums: md5 sums by file name; defaults to :data:`MD5`.
        sizes: the most each file may hold, by file name; defaults to :data:`SIZES` with the
            default checksums, else :data:`MAX_FILE_BYTES` for each. A server that offers or
            sends more is given up on, and what it sent removed.
        deadline: seconds one file may take from one mirror, all told (see
            :data:`TRANSFER_DEADLINE`); then the next mirror is tried, resuming what arrived.

    Returns:
        ``dest`` as a :class:`pathlib.Path`; :func:`load_mnist` can then read it.

    Raises:
        DownloadError: a file could not be fetched from any mirror (the message names the file,
            each mirror tried and its error), ``dest`` cannot be written, or the download was
            cancelled.
    """
    dest = pathlib.Path(dest).expanduser()
    if sizes is None:
        sizes = SIZES if checksums is None else {}
    checksums = dict(MD5 if checksums is None else checksums)
    cancelled = cancel if cancel is not None else (lambda: False)
    mirrors = tuple(mirrors)
    if not mirrors:
        raise DownloadError("No download mirrors were given.")
    try:
        dest.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DownloadError(f"Cannot create the folder {dest}: {exc.strerror or exc}.") from exc

    names = [base + ".gz" for base in FILES.values()]
    order = list(mirrors)  # the mirror that last delivered a file is tried first
    for index, name in enumerate(names):
        if cancelled():
            raise DownloadCancelled()
        md5 = checksums[name]
        final = dest / name
        part = dest / (name + ".part")

        def report(done: int, total: int | None, mirror: str, _name=name, _index=index) -> None:
            if progress is not None:
                progress(DownloadProgress(_name, done, total, _index, len(names), mirror))

        if _md5_matches(final, md5):
            size = final.stat().st_size
            report(size, size, "")
            continue
        if _md5_matches(part, md5):  # finished earlier but never moved into place
            os.replace(part, final)
            size = final.stat().st_size
            report(size, size, "")
            continue

        failures: list[str] = []
        for mirror in order:
            base = mirror if mirror.endswith("/") else mirror + "/"
            try:
                _fetch_from_mirror(
                    base + name,
                    part,
                    md5,
                    timeout=timeout,
                    on_chunk=lambda done, total, _m=mirror: report(done, total, _m),
                    cancelled=cancelled,
                    max_bytes=sizes.get(name, MAX_FILE_BYTES),
                    deadline=deadline,
                )
            except _MirrorFailed as exc:
                failures.append(f"  - {base + name}: {exc}")
                continue
            try:
                os.replace(part, final)
            except OSError as exc:
                raise DownloadError(f"Cannot write {final}: {exc.strerror or exc}.") from exc
            order.remove(mirror)
            order.insert(0, mirror)
            break
        else:
            tried = "\n".join(failures)
            raise DownloadError(
                f"Could not download {name}; every mirror failed:\n{tried}\n"
                "Check your internet connection and try again (a partial download is resumed), "
                "or point the app at a folder that already holds the MNIST files."
            )
    return dest
