"""Small MNIST-shaped IDX files for the data and download tests."""

from __future__ import annotations

import gzip
import hashlib
import pathlib

import numpy as np

from mnistgui.core.data import FILES

GZ_NAMES = [base + ".gz" for base in FILES.values()]


def idx_bytes(arr: np.ndarray, type_code: int = 0x08) -> bytes:
    """Encode ``arr`` (uint8) as an IDX file."""
    header = bytes([0, 0, type_code, arr.ndim]) + np.asarray(arr.shape, dtype=">u4").tobytes()
    return header + np.ascontiguousarray(arr, dtype=np.uint8).tobytes()


def gz(payload: bytes) -> bytes:
    return gzip.compress(payload, mtime=0)


def synthetic_set(n_train: int = 30, n_test: int = 12, seed: int = 0) -> dict[str, np.ndarray]:
    """A small, valid MNIST-shaped dataset, by key of FILES."""
    rng = np.random.default_rng(seed)
    return {
        "train_images": rng.integers(0, 256, (n_train, 28, 28), dtype=np.uint8),
        "train_labels": rng.integers(0, 10, n_train, dtype=np.uint8),
        "test_images": rng.integers(0, 256, (n_test, 28, 28), dtype=np.uint8),
        "test_labels": rng.integers(0, 10, n_test, dtype=np.uint8),
    }


def write_set(folder: pathlib.Path, arrays: dict[str, np.ndarray], *, compress: bool = True):
    folder.mkdir(parents=True, exist_ok=True)
    for key, arr in arrays.items():
        payload = idx_bytes(arr)
        name = FILES[key] + (".gz" if compress else "")
        (folder / name).write_bytes(gz(payload) if compress else payload)


def md5(blob: bytes) -> str:
    return hashlib.md5(blob).hexdigest()


def md5_file(path: pathlib.Path) -> str:
    return md5(path.read_bytes())
