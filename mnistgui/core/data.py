"""MNIST on disk: reading and checking IDX files, and downloading them.

MNIST comes as four IDX files, usually gzip-compressed:

* ``train-images-idx3-ubyte`` -- 60000 x 28 x 28 unsigned bytes
* ``train-labels-idx1-ubyte`` -- 60000 unsigned bytes (digits 0-9)
* ``t10k-images-idx3-ubyte``  -- 10000 x 28 x 28 unsigned bytes
* ``t10k-labels-idx1-ubyte``  -- 10000 unsigned bytes

:func:`load_mnist` reads them from any folder the user names, gzipped or not, also in the layout
torchvision uses (``<folder>/MNIST/raw/``). :func:`download_mnist` fetches the gzip files from
public mirrors with the standard library only, resuming interrupted transfers and verifying md5
sums. Local folders are never checked against md5 sums: a file that parses as valid MNIST is
accepted even if its bytes differ from the canonical distribution.

Every problem is reported as a :class:`~mnistgui.core.errors.DataError` (or its subclass
:class:`~mnistgui.core.errors.DownloadError`) whose message names the file concerned and says
what is wrong with it.
"""

from __future__ import annotations

import gzip
import hashlib
import http.client
import os
import pathlib
import re
import urllib.error
import urllib.request
import zlib
from dataclasses import dataclass
from typing import Callable, Mapping, Sequence

import numpy as np
import torch

from mnistgui.core.errors import DataError, DownloadError

__all__ = [
    "FILES",
    "MD5",
    "DEFAULT_MIRRORS",
    "IMAGE_SIZE",
    "NUM_CLASSES",
    "CHUNK_SIZE",
    "MnistData",
    "DownloadProgress",
    "DownloadCancelled",
    "read_idx",
    "find_mnist_files",
    "load_mnist",
    "check_mnist",
    "split_indices",
    "download_mnist",
]

#: The four MNIST files, by role, under their canonical base names (without ``.gz``).
FILES: dict[str, str] = {
    "train_images": "train-images-idx3-ubyte",
    "train_labels": "train-labels-idx1-ubyte",
    "test_images": "t10k-images-idx3-ubyte",
    "test_labels": "t10k-labels-idx1-ubyte",
}

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

#: Height and width of an MNIST image.
IMAGE_SIZE = 28
#: Number of digit classes.
NUM_CLASSES = 10
#: Bytes read from the network between two progress reports / cancel checks.
CHUNK_SIZE = 64 * 1024

_GZIP_MAGIC = b"\x1f\x8b"
_USER_AGENT = "mnistgui (python urllib)"

# IDX type byte -> (numpy dtype, description). IDX data is big-endian.
_IDX_TYPES: dict[int, tuple[str, str]] = {
    0x08: (">u1", "unsigned byte"),
    0x09: (">i1", "signed byte"),
    0x0B: (">i2", "16-bit integer"),
    0x0C: (">i4", "32-bit integer"),
    0x0D: (">f4", "32-bit float"),
    0x0E: (">f8", "64-bit float"),
}
_READ_BLOCK = 1 << 22  # bytes per read() when loading an IDX payload


# --------------------------------------------------------------------------------------------
# Reading IDX files
# --------------------------------------------------------------------------------------------


def _read_up_to(stream, n: int) -> bytearray:
    """Read up to ``n`` bytes from ``stream``, stopping early only at end of file."""
    buf = bytearray()
    while len(buf) < n:
        chunk = stream.read(min(_READ_BLOCK, n - len(buf)))
        if not chunk:
            break
        buf += chunk
    return buf


def _count_remaining(stream) -> int:
    """Number of bytes left in ``stream`` (read and discarded)."""
    total = 0
    while True:
        chunk = stream.read(_READ_BLOCK)
        if not chunk:
            return total
        total += len(chunk)


def _payload_kind(ndim: int) -> str:
    return {1: "label data", 3: "image data"}.get(ndim, "data")


def _parse_idx(stream, path: pathlib.Path) -> np.ndarray:
    """Parse one IDX stream (already decompressed if need be) into a uint8 array."""
    header = _read_up_to(stream, 4)
    if len(header) < 4:
        raise DataError(f"{path}: too short to be an IDX file ({len(header)} bytes).")
    if header[0] != 0 or header[1] != 0:
        raise DataError(
            f"{path}: not an IDX file (bad magic number 0x{bytes(header).hex()}; "
            "an IDX file starts with two zero bytes)."
        )
    type_code, ndim = header[2], header[3]
    if type_code not in _IDX_TYPES:
        raise DataError(f"{path}: not an IDX file (unknown data type 0x{type_code:02x}).")
    if type_code != 0x08:
        raise DataError(
            f"{path}: holds {_IDX_TYPES[type_code][1]} data (type 0x{type_code:02x}); "
            "MNIST files hold unsigned bytes (type 0x08)."
        )
    if ndim == 0:
        raise DataError(f"{path}: IDX header declares zero dimensions.")

    size_bytes = _read_up_to(stream, 4 * ndim)
    if len(size_bytes) < 4 * ndim:
        raise DataError(
            f"{path}: truncated header: expected {4 * ndim} bytes of dimension sizes, "
            f"found {len(size_bytes)}."
        )
    shape = tuple(int(d) for d in np.frombuffer(bytes(size_bytes), dtype=">u4"))
    itemsize = np.dtype(_IDX_TYPES[type_code][0]).itemsize
    expected = int(np.prod(shape, dtype=np.int64)) * itemsize

    payload = _read_up_to(stream, expected)
    kind = _payload_kind(ndim)
    if len(payload) < expected:
        raise DataError(
            f"{path}: truncated: expected {expected} bytes of {kind}, found {len(payload)}."
        )
    extra = _count_remaining(stream)
    if extra:
        raise DataError(
            f"{path}: {extra} unexpected trailing bytes after the {expected} bytes of {kind} "
            f"declared by its header (shape {' x '.join(map(str, shape))})."
        )
    # A bytearray-backed array is writable, so torch.from_numpy can share it without a copy.
    return np.frombuffer(payload, dtype=np.uint8).reshape(shape)


def read_idx(path: str | os.PathLike) -> np.ndarray:
    """Read an IDX file, gzip-compressed or not, into a ``uint8`` array of its declared shape.

    Compression is detected from the gzip magic bytes (``1f 8b``), not from the file name.
    The header (two zero bytes, the type byte, the number of dimensions, the sizes) and the
    exact payload length are checked.

    Raises:
        DataError: the file is missing or unreadable, its gzip stream is corrupt, its header is
            not IDX, it does not hold unsigned bytes, or its payload is truncated or followed by
            trailing bytes. The message names the file.
    """
    path = pathlib.Path(path)
    try:
        raw = open(path, "rb")
    except FileNotFoundError:
        raise DataError(f"{path}: file not found.") from None
    except OSError as exc:
        raise DataError(f"{path}: cannot be opened ({exc.strerror or exc}).") from exc

    with raw:
        try:
            is_gzip = raw.read(2) == _GZIP_MAGIC
            raw.seek(0)
        except OSError as exc:
            raise DataError(f"{path}: cannot be read ({exc.strerror or exc}).") from exc
        if not is_gzip:
            try:
                return _parse_idx(raw, path)
            except OSError as exc:
                raise DataError(f"{path}: cannot be read ({exc.strerror or exc}).") from exc
        try:
            with gzip.GzipFile(fileobj=raw, mode="rb") as stream:
                return _parse_idx(stream, path)
        except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
            raise DataError(
                f"{path}: corrupt or incomplete gzip data ({exc}). "
                "Delete the file and download it again."
            ) from exc
        except OSError as exc:
            raise DataError(f"{path}: cannot be read ({exc.strerror or exc}).") from exc


# --------------------------------------------------------------------------------------------
# Finding and loading the dataset
# --------------------------------------------------------------------------------------------

# Sub-folders searched, in order: the folder itself, torchvision's layout under a root, and
# torchvision's layout when the user names the MNIST folder itself.
_SEARCH_DIRS: tuple[tuple[str, ...], ...] = ((), ("MNIST", "raw"), ("raw",))


def _candidates(folder: pathlib.Path, base: str) -> list[pathlib.Path]:
    """Paths looked at for one file, in order of preference (uncompressed first: faster)."""
    return [folder.joinpath(*sub, name) for sub in _SEARCH_DIRS for name in (base, base + ".gz")]


def find_mnist_files(folder: str | os.PathLike) -> dict[str, pathlib.Path]:
    """Locate the four MNIST files in ``folder``.

    Each file is looked for under its canonical name (see :data:`FILES`), uncompressed or with
    ``.gz``, directly in ``folder``, in ``folder/MNIST/raw/`` (torchvision's layout) or in
    ``folder/raw/``. Where several copies exist, one directly in ``folder`` wins, and an
    uncompressed copy wins over a gzipped one.

    Returns:
        ``{key: path}`` for the keys of :data:`FILES`.

    Raises:
        DataError: the folder does not exist, or some files are missing; the message names the
            folder, the missing files and the names looked for.
    """
    folder = pathlib.Path(folder).expanduser()
    if not folder.exists():
        raise DataError(f"MNIST folder {folder} does not exist.")
    if not folder.is_dir():
        raise DataError(f"{folder} is not a folder; choose the folder that holds the MNIST files.")

    found: dict[str, pathlib.Path] = {}
    missing: list[str] = []
    for key, base in FILES.items():
        hit = next((p for p in _candidates(folder, base) if p.is_file()), None)
        if hit is None:
            missing.append(base)
        else:
            found[key] = hit
    if missing:
        lines = "\n".join(f"  - {base} (looked for {base}.gz or {base})" for base in missing)
        raise DataError(
            f"MNIST folder {folder} is missing {len(missing)} of the 4 files:\n{lines}\n"
            "Files were looked for in the folder itself, in MNIST/raw/ and in raw/."
        )
    return found


@dataclass(frozen=True)
class MnistData:
    """The MNIST dataset in memory."""

    train_images: torch.Tensor  #: uint8, (N, 28, 28)
    train_labels: torch.Tensor  #: int64, (N,)
    test_images: torch.Tensor  #: uint8, (M, 28, 28)
    test_labels: torch.Tensor  #: int64, (M,)
    source: str  #: the folder the data came from


def _check_images(arr: np.ndarray, path: pathlib.Path) -> None:
    if arr.ndim != 3 or arr.shape[1:] != (IMAGE_SIZE, IMAGE_SIZE):
        raise DataError(
            f"{path}: expected images of shape N x {IMAGE_SIZE} x {IMAGE_SIZE}, "
            f"found shape {' x '.join(map(str, arr.shape))}."
        )


def _check_labels(arr: np.ndarray, path: pathlib.Path) -> None:
    if arr.ndim != 1:
        raise DataError(
            f"{path}: expected a 1-dimensional list of labels, "
            f"found shape {' x '.join(map(str, arr.shape))}."
        )
    if arr.size and int(arr.max()) >= NUM_CLASSES:
        bad = int(np.count_nonzero(arr >= NUM_CLASSES))
        raise DataError(
            f"{path}: {bad} labels are outside 0-{NUM_CLASSES - 1} "
            f"(largest is {int(arr.max())}); this is not an MNIST label file."
        )


def _check_counts(images: np.ndarray, labels: np.ndarray, ipath, lpath) -> None:
    if images.shape[0] != labels.shape[0]:
        raise DataError(
            f"{ipath} holds {images.shape[0]} images but {lpath} holds {labels.shape[0]} "
            "labels; the two files do not belong together."
        )


def _limit(arr: np.ndarray, limit: int | None, name: str) -> np.ndarray:
    if limit is None or limit >= arr.shape[0]:
        return arr
    if limit < 0:
        raise ValueError(f"{name} must be >= 0 or None, got {limit}")
    return arr[:limit].copy()  # copy so the full array can be freed


def _read_split(files: dict[str, pathlib.Path], split: str) -> tuple[np.ndarray, np.ndarray]:
    ipath, lpath = files[f"{split}_images"], files[f"{split}_labels"]
    images, labels = read_idx(ipath), read_idx(lpath)
    _check_images(images, ipath)
    _check_labels(labels, lpath)
    _check_counts(images, labels, ipath, lpath)
    return images, labels


def load_mnist(
    folder: str | os.PathLike,
    *,
    limit_train: int | None = None,
    limit_test: int | None = None,
) -> MnistData:
    """Read and validate the four MNIST files found in ``folder`` (see :func:`find_mnist_files`).

    Images must be N x 28 x 28, labels one-dimensional with values 0-9, and the images and
    labels of a split must be equally many. md5 sums are not checked.

    Args:
        folder: the folder holding the files.
        limit_train: keep only the first ``limit_train`` training samples (``None``: all).
        limit_test: keep only the first ``limit_test`` test samples (``None``: all).

    Raises:
        DataError: a file is missing, unreadable or invalid; the message names it.
    """
    files = find_mnist_files(folder)
    train_x, train_y = _read_split(files, "train")
    test_x, test_y = _read_split(files, "test")
    train_x = _limit(train_x, limit_train, "limit_train")
    train_y = _limit(train_y, limit_train, "limit_train")
    test_x = _limit(test_x, limit_test, "limit_test")
    test_y = _limit(test_y, limit_test, "limit_test")
    return MnistData(
        train_images=torch.from_numpy(train_x),
        train_labels=torch.from_numpy(train_y).to(torch.int64),
        test_images=torch.from_numpy(test_x),
        test_labels=torch.from_numpy(test_y).to(torch.int64),
        source=str(pathlib.Path(folder).expanduser()),
    )


def _pixel_mean_std(images: np.ndarray) -> tuple[float, float]:
    """Mean and (population) standard deviation of pixel values scaled to 0-1."""
    if images.size == 0:
        return 0.0, 0.0
    flat = torch.from_numpy(np.ascontiguousarray(images)).reshape(-1)
    hist = torch.bincount(flat, minlength=256).numpy().astype(np.float64)
    values = np.arange(256, dtype=np.float64) / 255.0
    n = hist.sum()
    mean = float((hist * values).sum() / n)
    var = float((hist * (values - mean) ** 2).sum() / n)
    return mean, var**0.5


def check_mnist(folder: str | os.PathLike) -> dict:
    """Validate an MNIST folder as :func:`load_mnist` does and summarise it.

    Returns:
        ``{"folder": str, "files": {key: path str}, "train": int, "test": int,
        "train_per_digit": [10 ints], "test_per_digit": [10 ints],
        "mean": float, "std": float}`` where mean and std are those of the training pixels
        scaled to 0-1.

    Raises:
        DataError: as :func:`load_mnist`.
    """
    files = find_mnist_files(folder)
    train_x, train_y = _read_split(files, "train")
    test_x, test_y = _read_split(files, "test")
    mean, std = _pixel_mean_std(train_x)
    return {
        "folder": str(pathlib.Path(folder).expanduser()),
        "files": {key: str(path) for key, path in files.items()},
        "train": int(train_x.shape[0]),
        "test": int(test_x.shape[0]),
        "train_per_digit": np.bincount(train_y, minlength=NUM_CLASSES).tolist(),
        "test_per_digit": np.bincount(test_y, minlength=NUM_CLASSES).tolist(),
        "mean": mean,
        "std": std,
    }


def split_indices(n: int, val_size: int = 5000, seed: int = 0) -> tuple[torch.Tensor, torch.Tensor]:
    """Split ``range(n)`` at random into training and validation indices.

    The indices come from one seeded random permutation (``torch.Generator``): the first
    ``val_size`` of it are the validation indices, the rest the training indices. The same
    ``(n, val_size, seed)`` always gives the same split.

    Returns:
        ``(train_idx, val_idx)``, int64 tensors of ``n - val_size`` and ``val_size`` indices.

    Raises:
        DataError: ``val_size`` is negative or not smaller than ``n``.
    """
    if val_size < 0 or val_size >= n:
        raise DataError(
            f"Validation size {val_size} is not possible with {n} samples; "
            f"it must be at least 0 and less than {n}."
        )
    generator = torch.Generator().manual_seed(int(seed))
    perm = torch.randperm(n, generator=generator)
    return perm[val_size:].clone(), perm[:val_size].clone()


# --------------------------------------------------------------------------------------------
# Downloading
# --------------------------------------------------------------------------------------------


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
) -> None:
    """Fetch ``url`` into ``part``, resuming from the bytes already in ``part`` if any.

    Returns when the server has sent the whole body. Raises ``_MirrorFailed`` for network and
    protocol errors (``part`` keeps what arrived), :class:`DownloadCancelled` on cancellation,
    and :class:`DownloadError` when ``part`` cannot be written.
    """
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

            done = offset
            on_chunk(done, total)
            try:
                out = open(part, mode)
            except OSError as exc:
                raise DownloadError(f"Cannot write {part}: {exc.strerror or exc}.") from exc
            with out:
                while True:
                    if cancelled():
                        raise DownloadCancelled()
                    try:
                        chunk = response.read(CHUNK_SIZE)
                    except (OSError, http.client.HTTPException) as exc:
                        raise _MirrorFailed(
                            f"transfer interrupted after {done} bytes ({_describe(exc)})"
                        ) from exc
                    if not chunk:
                        break
                    try:
                        out.write(chunk)
                    except OSError as exc:
                        raise DownloadError(
                            f"Cannot write {part}: {exc.strerror or exc}."
                        ) from exc
                    done += len(chunk)
                    on_chunk(done, total)
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
) -> None:
    """Download ``url`` into ``part`` until it is complete and its md5 sum is ``md5``."""
    resumed = part.exists() and part.stat().st_size > 0
    _transfer(url, part, timeout=timeout, on_chunk=on_chunk, cancelled=cancelled)
    actual = _md5_of(part)
    if actual == md5.lower():
        return
    part.unlink(missing_ok=True)
    if resumed:
        # The kept part may have been bad: one more try from scratch on this mirror.
        _transfer(url, part, timeout=timeout, on_chunk=on_chunk, cancelled=cancelled)
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

    Returns:
        ``dest`` as a :class:`pathlib.Path`; :func:`load_mnist` can then read it.

    Raises:
        DownloadError: a file could not be fetched from any mirror (the message names the file,
            each mirror tried and its error), ``dest`` cannot be written, or the download was
            cancelled.
    """
    dest = pathlib.Path(dest).expanduser()
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
