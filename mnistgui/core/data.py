"""MNIST on disk: reading and checking IDX files, and one shared in-memory copy.

MNIST comes as four IDX files, usually gzip-compressed:

* ``train-images-idx3-ubyte`` -- 60000 x 28 x 28 unsigned bytes
* ``train-labels-idx1-ubyte`` -- 60000 unsigned bytes (digits 0-9)
* ``t10k-images-idx3-ubyte``  -- 10000 x 28 x 28 unsigned bytes
* ``t10k-labels-idx1-ubyte``  -- 10000 unsigned bytes

:func:`load_mnist` reads them from any folder the user names, gzipped or not, also in the layout
torchvision uses (``<folder>/MNIST/raw/``). Local folders are never checked against md5 sums: a
file that parses as valid MNIST is accepted even if its bytes differ from the canonical
distribution (:mod:`mnistgui.core.download` fetches and verifies the canonical files).
:func:`shared_mnist` keeps one copy in memory for everything that trains on MNIST.

Every problem is reported as a :class:`~mnistgui.core.errors.DataError` whose message names the
file concerned and says what is wrong with it.
"""

from __future__ import annotations

import gzip
import os
import pathlib
import threading
import zlib
from dataclasses import dataclass

import numpy as np
import torch

from mnistgui.core.errors import DataError

__all__ = [
    "FILES",
    "IMAGE_SIZE",
    "NUM_CLASSES",
    "MnistData",
    "read_idx",
    "find_mnist_files",
    "load_mnist",
    "shared_mnist",
    "check_mnist",
    "split_indices",
]

#: The four MNIST files, by role, under their canonical base names (without ``.gz``).
FILES: dict[str, str] = {
    "train_images": "train-images-idx3-ubyte",
    "train_labels": "train-labels-idx1-ubyte",
    "test_images": "t10k-images-idx3-ubyte",
    "test_labels": "t10k-labels-idx1-ubyte",
}

#: Height and width of an MNIST image.
IMAGE_SIZE = 28
#: Number of digit classes.
NUM_CLASSES = 10

_GZIP_MAGIC = b"\x1f\x8b"

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


_shared_lock = threading.Lock()
_shared: dict[str, object] = {}  # "key" and "data" of the one copy kept


def _files_key(folder: str | os.PathLike) -> tuple:
    files = find_mnist_files(folder)
    stats = []
    for key, path in sorted(files.items()):
        try:
            st = path.stat()
        except OSError as exc:
            raise DataError(f"{path}: cannot be read ({exc.strerror or exc}).") from exc
        stats.append((key, str(path.resolve()), st.st_mtime_ns, st.st_size))
    return (str(pathlib.Path(folder).expanduser().resolve()), tuple(stats))


def shared_mnist(
    folder: str | os.PathLike,
    *,
    limit_train: int | None = None,
    limit_test: int | None = None,
) -> MnistData:
    """MNIST from ``folder``, read once and shared by every caller in the process.

    The whole dataset is kept for the folder last asked for (one copy at a time: MNIST is about
    55 MB), and read again only when its files change on disk. Limits give views of the first
    images of that copy, not copies. Safe to call from several threads: a second caller waits
    for the first one's read.

    Raises:
        DataError: as :func:`load_mnist`.
    """
    for name, limit in (("limit_train", limit_train), ("limit_test", limit_test)):
        if limit is not None and limit < 0:
            raise ValueError(f"{name} must be >= 0 or None, got {limit}")
    with _shared_lock:
        key = _files_key(folder)
        if _shared.get("key") != key:
            _shared.clear()  # let the old copy go before reading the new one
            _shared["data"] = load_mnist(folder)
            _shared["key"] = key
        data: MnistData = _shared["data"]  # type: ignore[assignment]
    if limit_train is None and limit_test is None:
        return data
    lt = data.train_labels.shape[0] if limit_train is None else limit_train
    ls = data.test_labels.shape[0] if limit_test is None else limit_test
    return MnistData(data.train_images[:lt], data.train_labels[:lt], data.test_images[:ls],
                     data.test_labels[:ls], data.source)


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
