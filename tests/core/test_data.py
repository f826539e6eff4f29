"""Tests for mnistgui.core.data: IDX parsing, finding and loading MNIST, the shared copy, splits."""

from __future__ import annotations

import dataclasses
import gzip
import pathlib
import threading

import numpy as np
import pytest
import torch

from idx_files import GZ_NAMES, gz, idx_bytes, synthetic_set, write_set
from mnistgui.core.data import (
    FILES,
    MnistData,
    check_mnist,
    find_mnist_files,
    load_mnist,
    read_idx,
    shared_mnist,
    split_indices,
)
from mnistgui.core.errors import DataError

MNIST_DIR = pathlib.Path(__file__).resolve().parents[2].parent / "shared" / "mnist"

# The test data must be there: a missing folder is a failure, not a skip.
needs_mnist = pytest.mark.usefixtures("mnist_dir")


# ------------------------------------------------------------------------------------------
# read_idx
# ------------------------------------------------------------------------------------------


def test_read_idx_raw_and_gzip_detected_by_content(tmp_path):
    arr = synthetic_set()["train_images"]
    # Names deliberately misleading: detection must rely on the gzip magic bytes.
    raw_path = tmp_path / "images.gz"
    raw_path.write_bytes(idx_bytes(arr))
    gz_path = tmp_path / "images"
    gz_path.write_bytes(gz(idx_bytes(arr)))
    for path in (raw_path, gz_path):
        out = read_idx(path)
        assert out.dtype == np.uint8
        assert out.shape == arr.shape
        np.testing.assert_array_equal(out, arr)
        assert out.flags.writeable


@needs_mnist
def test_read_idx_real_labels():
    labels = read_idx(MNIST_DIR / "t10k-labels-idx1-ubyte.gz")
    assert labels.shape == (10000,)
    assert labels.dtype == np.uint8
    assert labels.max() == 9


def test_read_idx_bad_magic(tmp_path):
    path = tmp_path / "bad-magic"
    path.write_bytes(b"\x01\x02\x08\x01" + (3).to_bytes(4, "big") + b"abc")
    with pytest.raises(DataError, match="magic") as info:
        read_idx(path)
    assert str(path) in str(info.value)


def test_read_idx_unknown_and_unsupported_type(tmp_path):
    unknown = tmp_path / "unknown-type"
    unknown.write_bytes(b"\x00\x00\x07\x01" + (1).to_bytes(4, "big") + b"\x00")
    with pytest.raises(DataError, match="unknown data type 0x07"):
        read_idx(unknown)
    ints = tmp_path / "int32"
    ints.write_bytes(b"\x00\x00\x0c\x01" + (1).to_bytes(4, "big") + b"\x00\x00\x00\x05")
    with pytest.raises(DataError, match="unsigned bytes"):
        read_idx(ints)


def test_read_idx_too_short_and_missing(tmp_path):
    short = tmp_path / "short"
    short.write_bytes(b"\x00\x00")
    with pytest.raises(DataError, match="too short"):
        read_idx(short)
    header_only = tmp_path / "header-only"
    header_only.write_bytes(b"\x00\x00\x08\x03" + (10).to_bytes(4, "big"))
    with pytest.raises(DataError, match="truncated header"):
        read_idx(header_only)
    with pytest.raises(DataError, match="not found") as info:
        read_idx(tmp_path / "nope")
    assert "nope" in str(info.value)


@pytest.mark.parametrize("compress", [False, True])
def test_read_idx_truncated_payload(tmp_path, compress):
    full = idx_bytes(np.zeros((10, 28, 28), dtype=np.uint8))
    cut = full[: 16 + 1000]
    path = tmp_path / "truncated"
    path.write_bytes(gz(cut) if compress else cut)
    with pytest.raises(DataError) as info:
        read_idx(path)
    message = str(info.value)
    assert str(path) in message
    assert "truncated: expected 7840 bytes of image data, found 1000" in message


def test_read_idx_truncated_labels_message(tmp_path):
    path = tmp_path / "labels"
    path.write_bytes(b"\x00\x00\x08\x01" + (100).to_bytes(4, "big") + bytes(40))
    with pytest.raises(DataError, match="expected 100 bytes of label data, found 40"):
        read_idx(path)


@pytest.mark.parametrize("compress", [False, True])
def test_read_idx_trailing_bytes(tmp_path, compress):
    payload = idx_bytes(np.arange(10, dtype=np.uint8)) + b"junk"
    path = tmp_path / "trailing"
    path.write_bytes(gz(payload) if compress else payload)
    with pytest.raises(DataError, match="4 unexpected trailing bytes") as info:
        read_idx(path)
    assert str(path) in str(info.value)


def test_read_idx_corrupt_gzip(tmp_path):
    blob = bytearray(gz(idx_bytes(synthetic_set()["train_images"])))
    middle = len(blob) // 2
    blob[middle : middle + 64] = bytes(64)
    corrupt = tmp_path / "corrupt.gz"
    corrupt.write_bytes(bytes(blob))
    with pytest.raises(DataError, match="gzip") as info:
        read_idx(corrupt)
    assert str(corrupt) in str(info.value)

    cut = tmp_path / "cut.gz"
    cut.write_bytes(gz(idx_bytes(synthetic_set()["train_images"]))[:500])
    with pytest.raises(DataError, match="gzip") as info:
        read_idx(cut)
    assert str(cut) in str(info.value)


# ------------------------------------------------------------------------------------------
# find_mnist_files
# ------------------------------------------------------------------------------------------


@needs_mnist
def test_find_canonical_layout_via_symlinks(tmp_path):
    for name in GZ_NAMES:
        (tmp_path / name).symlink_to(MNIST_DIR / name)
    found = find_mnist_files(tmp_path)
    assert set(found) == set(FILES)
    for key, base in FILES.items():
        assert found[key] == tmp_path / (base + ".gz")
    assert find_mnist_files(MNIST_DIR)["train_images"] == MNIST_DIR / "train-images-idx3-ubyte.gz"


def test_find_and_load_uncompressed_copies(tmp_path):
    arrays = synthetic_set()
    write_set(tmp_path, arrays, compress=False)
    found = find_mnist_files(tmp_path)
    assert found == {key: tmp_path / base for key, base in FILES.items()}
    loaded = load_mnist(tmp_path)
    np.testing.assert_array_equal(loaded.train_images.numpy(), arrays["train_images"])
    np.testing.assert_array_equal(loaded.test_labels.numpy(), arrays["test_labels"])


def test_find_and_load_torchvision_layout(tmp_path):
    arrays = synthetic_set()
    raw = tmp_path / "MNIST" / "raw"
    write_set(raw, arrays, compress=False)
    found = find_mnist_files(tmp_path)
    assert found == {key: raw / base for key, base in FILES.items()}
    loaded = load_mnist(tmp_path)
    assert loaded.train_images.shape == (30, 28, 28)
    np.testing.assert_array_equal(loaded.train_labels.numpy(), arrays["train_labels"])
    # Naming the MNIST folder itself also works.
    assert find_mnist_files(tmp_path / "MNIST") == found


def test_find_prefers_uncompressed_copy(tmp_path):
    arrays = synthetic_set()
    write_set(tmp_path, arrays, compress=True)
    write_set(tmp_path, arrays, compress=False)
    assert find_mnist_files(tmp_path)["test_images"] == tmp_path / FILES["test_images"]


def test_find_missing_files_message(tmp_path):
    arrays = synthetic_set()
    del arrays["test_labels"]
    del arrays["train_images"]
    write_set(tmp_path, arrays)
    with pytest.raises(DataError) as info:
        find_mnist_files(tmp_path)
    message = str(info.value)
    assert str(tmp_path) in message
    assert "t10k-labels-idx1-ubyte.gz" in message and "train-images-idx3-ubyte.gz" in message
    assert "2 of the 4" in message
    assert "MNIST/raw" in message
    assert "t10k-images" not in message  # present files are not listed


def test_find_folder_does_not_exist(tmp_path):
    with pytest.raises(DataError, match="does not exist"):
        find_mnist_files(tmp_path / "missing")
    a_file = tmp_path / "file"
    a_file.write_text("x")
    with pytest.raises(DataError, match="not a folder"):
        find_mnist_files(a_file)


# ------------------------------------------------------------------------------------------
# load_mnist / check_mnist
# ------------------------------------------------------------------------------------------


def test_load_count_mismatch_names_both_files(tmp_path):
    arrays = synthetic_set()
    arrays["test_labels"] = arrays["test_labels"][:-1]
    write_set(tmp_path, arrays)
    with pytest.raises(DataError) as info:
        load_mnist(tmp_path)
    message = str(info.value)
    assert "t10k-images-idx3-ubyte.gz" in message and "t10k-labels-idx1-ubyte.gz" in message
    assert "12 images" in message and "11 labels" in message


def test_load_rejects_wrong_image_shape(tmp_path):
    arrays = synthetic_set()
    arrays["train_images"] = np.zeros((30, 20, 20), dtype=np.uint8)
    write_set(tmp_path, arrays)
    with pytest.raises(DataError, match="N x 28 x 28") as info:
        load_mnist(tmp_path)
    assert "train-images-idx3-ubyte.gz" in str(info.value)


def test_load_rejects_bad_labels(tmp_path):
    arrays = synthetic_set()
    arrays["train_labels"] = arrays["train_labels"].copy()
    arrays["train_labels"][3] = 10
    write_set(tmp_path, arrays)
    with pytest.raises(DataError, match="outside 0-9") as info:
        load_mnist(tmp_path)
    assert "train-labels-idx1-ubyte.gz" in str(info.value)
    with pytest.raises(DataError):
        check_mnist(tmp_path)

    arrays = synthetic_set()
    arrays["test_labels"] = arrays["test_labels"].reshape(3, 4)
    write_set(tmp_path, arrays)
    with pytest.raises(DataError, match="1-dimensional"):
        load_mnist(tmp_path)


def test_load_limits_on_synthetic(tmp_path):
    arrays = synthetic_set()
    write_set(tmp_path, arrays)
    loaded = load_mnist(tmp_path, limit_train=5, limit_test=0)
    assert loaded.train_images.shape == (5, 28, 28)
    assert loaded.test_images.shape == (0, 28, 28)
    assert loaded.test_labels.shape == (0,)
    np.testing.assert_array_equal(loaded.train_images.numpy(), arrays["train_images"][:5])
    assert load_mnist(tmp_path, limit_train=1000).train_images.shape[0] == 30
    with pytest.raises(ValueError):
        load_mnist(tmp_path, limit_train=-1)


@pytest.fixture(scope="module")
def real_mnist() -> MnistData:
    assert (MNIST_DIR / "t10k-labels-idx1-ubyte.gz").is_file(), f"MNIST not found at {MNIST_DIR}"
    return load_mnist(MNIST_DIR)


def test_load_real_mnist(real_mnist):
    d = real_mnist
    assert d.train_images.shape == (60000, 28, 28) and d.train_images.dtype == torch.uint8
    assert d.test_images.shape == (10000, 28, 28) and d.test_images.dtype == torch.uint8
    assert d.train_labels.shape == (60000,) and d.train_labels.dtype == torch.int64
    assert d.test_labels.shape == (10000,) and d.test_labels.dtype == torch.int64
    train_hist = torch.bincount(d.train_labels, minlength=10)
    test_hist = torch.bincount(d.test_labels, minlength=10)
    assert train_hist.numel() == 10 and int(train_hist.sum()) == 60000
    assert test_hist.numel() == 10 and int(test_hist.sum()) == 10000
    assert int(train_hist.min()) > 5000 and int(test_hist.min()) > 800
    assert d.source == str(MNIST_DIR)
    with pytest.raises(dataclasses.FrozenInstanceError):
        d.source = "elsewhere"


@needs_mnist
def test_load_real_mnist_limited(real_mnist):
    small = load_mnist(MNIST_DIR, limit_train=100, limit_test=50)
    assert small.train_images.shape == (100, 28, 28) and small.test_labels.shape == (50,)
    assert torch.equal(small.train_images, real_mnist.train_images[:100])
    assert torch.equal(small.test_labels, real_mnist.test_labels[:50])


@needs_mnist
def test_check_mnist_summary(real_mnist):
    summary = check_mnist(MNIST_DIR)
    assert summary["folder"] == str(MNIST_DIR)
    assert summary["files"] == {key: str(MNIST_DIR / (base + ".gz")) for key, base in FILES.items()}
    assert summary["train"] == 60000 and summary["test"] == 10000
    train_hist = torch.bincount(real_mnist.train_labels, minlength=10).tolist()
    test_hist = torch.bincount(real_mnist.test_labels, minlength=10).tolist()
    assert summary["train_per_digit"] == train_hist
    assert summary["test_per_digit"] == test_hist
    assert sum(summary["test_per_digit"]) == 10000 and len(summary["train_per_digit"]) == 10
    assert summary["mean"] == pytest.approx(0.1307, abs=5e-4)
    assert summary["std"] == pytest.approx(0.3082, abs=5e-4)
    assert isinstance(summary["mean"], float) and isinstance(summary["std"], float)


def test_check_mnist_synthetic_mean_std(tmp_path):
    arrays = synthetic_set()
    write_set(tmp_path, arrays)
    summary = check_mnist(tmp_path)
    pixels = arrays["train_images"].astype(np.float64) / 255
    assert summary["mean"] == pytest.approx(pixels.mean())
    assert summary["std"] == pytest.approx(pixels.std())
    assert summary["train_per_digit"] == np.bincount(arrays["train_labels"], minlength=10).tolist()
    with pytest.raises(DataError):
        check_mnist(tmp_path / "missing")


# ------------------------------------------------------------------------------------------
# shared_mnist
# ------------------------------------------------------------------------------------------


def test_shared_mnist_is_one_copy_and_limits_are_views(tmp_path):
    arrays = synthetic_set(n_train=30, n_test=12)
    write_set(tmp_path / "a", arrays)
    full = shared_mnist(tmp_path / "a")
    assert shared_mnist(str(tmp_path / "a" / ".." / "a")) is full  # the same folder, however named
    part = shared_mnist(tmp_path / "a", limit_train=5, limit_test=3)
    assert part.train_images.shape == (5, 28, 28) and part.test_labels.shape == (3,)
    assert part.train_images.data_ptr() == full.train_images.data_ptr()  # a view, not a copy
    np.testing.assert_array_equal(part.train_labels.numpy(), arrays["train_labels"][:5])
    with pytest.raises(ValueError):
        shared_mnist(tmp_path / "a", limit_train=-1)


def test_shared_mnist_reads_again_when_the_files_change_or_the_folder_does(tmp_path):
    write_set(tmp_path / "a", synthetic_set(seed=1))
    write_set(tmp_path / "b", synthetic_set(seed=2))
    first = shared_mnist(tmp_path / "a")
    other = shared_mnist(tmp_path / "b")
    assert other is not first and other.source.endswith("b")
    changed = synthetic_set(n_train=40, seed=3)
    write_set(tmp_path / "b", changed, compress=False)  # raw files now win over the gzipped ones
    again = shared_mnist(tmp_path / "b")
    assert again.train_images.shape[0] == 40
    np.testing.assert_array_equal(again.train_labels.numpy(), changed["train_labels"])


def test_shared_mnist_from_several_threads_reads_once(tmp_path, monkeypatch):
    from mnistgui.core import data

    write_set(tmp_path / "c", synthetic_set(seed=4))
    reads = []
    real = data.load_mnist
    monkeypatch.setattr(data, "load_mnist", lambda folder: reads.append(folder) or real(folder))
    got = []
    threads = [threading.Thread(target=lambda: got.append(shared_mnist(tmp_path / "c"))) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(reads) == 1 and len(got) == 4 and all(g is got[0] for g in got)


def test_shared_mnist_reports_a_missing_folder(tmp_path):
    with pytest.raises(DataError, match="does not exist"):
        shared_mnist(tmp_path / "nowhere")


# ------------------------------------------------------------------------------------------
# split_indices
# ------------------------------------------------------------------------------------------


def test_split_deterministic_and_disjoint():
    train_a, val_a = split_indices(1000, val_size=200, seed=3)
    train_b, val_b = split_indices(1000, val_size=200, seed=3)
    assert torch.equal(train_a, train_b) and torch.equal(val_a, val_b)
    assert train_a.dtype == torch.int64 and val_a.dtype == torch.int64
    assert len(train_a) == 800 and len(val_a) == 200
    joined = torch.cat([train_a, val_a])
    assert torch.equal(torch.sort(joined).values, torch.arange(1000))
    assert not set(train_a.tolist()) & set(val_a.tolist())
    _, val_other = split_indices(1000, val_size=200, seed=4)
    assert not torch.equal(val_a, val_other)
    # Random, not the first or last indices.
    assert not torch.equal(torch.sort(val_a).values, torch.arange(200))


def test_split_default_and_invalid_sizes():
    train, val = split_indices(60000)
    assert len(train) == 55000 and len(val) == 5000
    train, val = split_indices(10, val_size=0)
    assert len(train) == 10 and len(val) == 0
    for bad in (10, 11, -1):
        with pytest.raises(DataError):
            split_indices(10, val_size=bad)
