"""Tests for mnistgui.core.data: IDX parsing, finding and loading MNIST, splits, downloads."""

from __future__ import annotations

import dataclasses
import gzip
import hashlib
import pathlib
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import numpy as np
import pytest
import torch

from mnistgui.core import data
from mnistgui.core.data import (
    DEFAULT_MIRRORS,
    FILES,
    MD5,
    DownloadCancelled,
    DownloadProgress,
    MnistData,
    check_mnist,
    download_mnist,
    find_mnist_files,
    load_mnist,
    read_idx,
    split_indices,
)
from mnistgui.core.errors import DataError, DownloadError

MNIST_DIR = pathlib.Path(__file__).resolve().parents[2].parent / "shared" / "mnist"

# The test data must be there: a missing folder is a failure, not a skip.
needs_mnist = pytest.mark.usefixtures("mnist_dir")

GZ_NAMES = [base + ".gz" for base in FILES.values()]


# ------------------------------------------------------------------------------------------
# Helpers
# ------------------------------------------------------------------------------------------


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


# ------------------------------------------------------------------------------------------
# download_mnist, against a local HTTP server
# ------------------------------------------------------------------------------------------


class _ServerState:
    def __init__(self, root: pathlib.Path):
        self.root = root
        self.requests: list[tuple[str, str | None]] = []  # (file name, Range header)
        self.honour_range = True
        self.interrupts: dict[str, int] = {}  # name -> number of requests to cut short
        self.corrupt: set[str] = set()
        self.lock = threading.Lock()


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):  # keep test output quiet
        pass

    def do_GET(self):
        state: _ServerState = self.server.state
        name = self.path.rsplit("/", 1)[-1]
        range_header = self.headers.get("Range")
        with state.lock:
            state.requests.append((name, range_header))
            cut_short = state.interrupts.get(name, 0) > 0
            if cut_short:
                state.interrupts[name] -= 1
        path = state.root / name
        if not name or not path.is_file():
            self.send_error(404)
            return
        body = path.read_bytes()
        if name in state.corrupt:
            body = bytes(b ^ 0x5A for b in body)
        start = 0
        if range_header and state.honour_range:
            start = int(range_header.split("=")[1].split("-")[0])
            if start >= len(body):
                self.send_response(416)
                self.send_header("Content-Range", f"bytes */{len(body)}")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.send_response(206)
            self.send_header("Content-Range", f"bytes {start}-{len(body) - 1}/{len(body)}")
        else:
            self.send_response(200)
        payload = body[start:]
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        if cut_short:
            self.wfile.write(payload[: len(payload) // 2])
            self.wfile.flush()
            self.close_connection = True
            return
        self.wfile.write(payload)


class LocalServer:
    def __init__(self, root: pathlib.Path):
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.httpd.daemon_threads = True
        self.httpd.state = _ServerState(root)
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )
        self.thread.start()
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/mnist/"

    @property
    def state(self) -> _ServerState:
        return self.httpd.state

    def requested(self, name: str) -> list[str | None]:
        """Range headers of the requests made for ``name``."""
        return [rng for n, rng in self.state.requests if n == name]

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def served(tmp_path):
    """A small synthetic MNIST set served over HTTP; yields (server, arrays, checksums)."""
    arrays = synthetic_set(n_train=200, n_test=20)  # train images ~157 kB: several chunks
    root = tmp_path / "served"
    write_set(root, arrays)
    checksums = {name: md5_file(root / name) for name in GZ_NAMES}
    server = LocalServer(root)
    yield server, arrays, checksums
    server.close()


@pytest.fixture
def dead_url():
    """URL of a port on which nothing listens (connections are refused)."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    return f"http://127.0.0.1:{port}/mnist/"


def test_download_constants():
    assert set(MD5) == set(GZ_NAMES)
    assert DEFAULT_MIRRORS[0].startswith("https://")
    assert all(url.endswith("/") for url in DEFAULT_MIRRORS)


def test_download_success_then_load(tmp_path, served):
    server, arrays, checksums = served
    dest = tmp_path / "new" / "dest"
    assert download_mnist(dest, mirrors=[server.url], checksums=checksums) == dest
    for name in GZ_NAMES:
        assert md5_file(dest / name) == checksums[name]
        assert not (dest / (name + ".part")).exists()
        assert server.requested(name) == [None]
    loaded = load_mnist(dest)
    np.testing.assert_array_equal(loaded.train_images.numpy(), arrays["train_images"])
    np.testing.assert_array_equal(loaded.test_labels.numpy(), arrays["test_labels"])


def test_download_progress(tmp_path, served, monkeypatch):
    server, _, checksums = served
    monkeypatch.setattr(data, "CHUNK_SIZE", 16 * 1024)
    reports: list[DownloadProgress] = []
    download_mnist(tmp_path, mirrors=[server.url], checksums=checksums, progress=reports.append)
    assert all(isinstance(r, DownloadProgress) for r in reports)
    assert [r.file_index for r in reports] == sorted(r.file_index for r in reports)
    for index, name in enumerate(GZ_NAMES):
        mine = [r for r in reports if r.file == name]
        size = (tmp_path / name).stat().st_size
        assert mine and all(r.file_index == index and r.file_count == 4 for r in mine)
        assert all(r.total_bytes == size and r.mirror == server.url for r in mine)
        done = [r.done_bytes for r in mine]
        assert done[0] == 0 and done[-1] == size
        assert all(a < b for a, b in zip(done, done[1:]))  # increasing, one report per chunk
    assert len([r for r in reports if r.file == GZ_NAMES[0]]) >= 10  # ~157 kB in 16 kB chunks


def test_download_first_mirror_dead(tmp_path, served, dead_url):
    server, _, checksums = served
    download_mnist(tmp_path, mirrors=[dead_url, server.url], checksums=checksums)
    assert all(md5_file(tmp_path / n) == checksums[n] for n in GZ_NAMES)
    assert all(server.requested(n) == [None] for n in GZ_NAMES)


def test_download_mirror_timeout_then_next(tmp_path, served):
    server, _, checksums = served
    silent = socket.socket()  # accepts connections (backlog) but never answers
    silent.bind(("127.0.0.1", 0))
    silent.listen(8)
    try:
        silent_url = f"http://127.0.0.1:{silent.getsockname()[1]}/"
        started = time.monotonic()
        download_mnist(tmp_path, mirrors=[silent_url, server.url], checksums=checksums, timeout=0.3)
        elapsed = time.monotonic() - started
    finally:
        silent.close()
    assert all(md5_file(tmp_path / n) == checksums[n] for n in GZ_NAMES)
    # Once the second mirror has delivered a file it is tried first: only one timeout is paid.
    assert elapsed < 1.0
    assert [n for n, _ in server.state.requests] == GZ_NAMES


def test_download_all_mirrors_fail_message(tmp_path, served, dead_url):
    server, _, checksums = served
    server.state.root = tmp_path / "empty"  # every file is a 404
    with pytest.raises(DownloadError) as info:
        download_mnist(tmp_path / "dest", mirrors=[server.url, dead_url], checksums=checksums)
    message = str(info.value)
    assert GZ_NAMES[0] in message
    assert server.url + GZ_NAMES[0] in message and "404" in message
    assert dead_url + GZ_NAMES[0] in message and "refused" in message.lower()
    assert "connection" in message and "folder" in message
    assert not list((tmp_path / "dest").iterdir())


def test_download_interrupted_then_resumed(tmp_path, served):
    server, _, checksums = served
    name = GZ_NAMES[0]
    server.state.interrupts[name] = 1
    with pytest.raises(DownloadError, match="interrupted") as info:
        download_mnist(tmp_path, mirrors=[server.url], checksums=checksums)
    assert name in str(info.value)
    part = tmp_path / (name + ".part")
    size = (server.state.root / name).stat().st_size
    assert part.stat().st_size == size // 2
    assert not (tmp_path / name).exists()

    download_mnist(tmp_path, mirrors=[server.url], checksums=checksums)
    assert server.requested(name) == [None, f"bytes={size // 2}-"]
    assert md5_file(tmp_path / name) == checksums[name]
    assert not part.exists()
    load_mnist(tmp_path)


def test_download_interrupted_then_next_mirror_resumes(tmp_path, served):
    server, _, checksums = served
    other = LocalServer(server.state.root)
    try:
        name = GZ_NAMES[0]
        server.state.interrupts[name] = 1
        download_mnist(tmp_path, mirrors=[server.url, other.url], checksums=checksums)
        size = (server.state.root / name).stat().st_size
        assert other.requested(name) == [f"bytes={size // 2}-"]
        assert md5_file(tmp_path / name) == checksums[name]
    finally:
        other.close()


def test_download_resume_ignored_by_server(tmp_path, served):
    server, _, checksums = served
    name = GZ_NAMES[0]
    server.state.interrupts[name] = 1
    with pytest.raises(DownloadError):
        download_mnist(tmp_path, mirrors=[server.url], checksums=checksums)
    assert (tmp_path / (name + ".part")).exists()

    server.state.honour_range = False  # answers 200 with the whole file
    download_mnist(tmp_path, mirrors=[server.url], checksums=checksums)
    assert server.requested(name)[-1] is not None  # a Range was asked for ...
    assert md5_file(tmp_path / name) == checksums[name]  # ... and the 200 body replaced the part
    assert not (tmp_path / (name + ".part")).exists()


def test_download_oversized_part_restarts(tmp_path, served):
    server, _, checksums = served
    name = GZ_NAMES[1]
    size = (server.state.root / name).stat().st_size
    (tmp_path / (name + ".part")).write_bytes(b"x" * (size + 10))  # server answers 416
    download_mnist(tmp_path, mirrors=[server.url], checksums=checksums)
    assert server.requested(name) == [f"bytes={size + 10}-", None]
    assert md5_file(tmp_path / name) == checksums[name]


def test_download_bad_part_prefix_retried_from_scratch(tmp_path, served):
    server, _, checksums = served
    name = GZ_NAMES[0]
    (tmp_path / (name + ".part")).write_bytes(b"garbage")
    download_mnist(tmp_path, mirrors=[server.url], checksums=checksums)
    assert server.requested(name) == ["bytes=7-", None]
    assert md5_file(tmp_path / name) == checksums[name]


def test_download_corrupt_transfer_rejected(tmp_path, served, dead_url):
    server, _, checksums = served
    name = GZ_NAMES[2]
    server.state.corrupt.add(name)
    with pytest.raises(DownloadError) as info:
        download_mnist(tmp_path, mirrors=[server.url, dead_url], checksums=checksums)
    message = str(info.value)
    assert name in message and "checksum mismatch" in message
    assert server.url in message and dead_url in message
    assert not (tmp_path / name).exists()
    assert not (tmp_path / (name + ".part")).exists()
    # Files before the corrupt one arrived intact and stay.
    assert md5_file(tmp_path / GZ_NAMES[0]) == checksums[GZ_NAMES[0]]


def test_download_default_checksums_reject_foreign_file(tmp_path, served):
    server, _, _ = served  # synthetic files do not have the canonical md5 sums
    with pytest.raises(DownloadError, match="checksum mismatch"):
        download_mnist(tmp_path, mirrors=[server.url])
    assert not (tmp_path / GZ_NAMES[0]).exists()


def test_download_cancel_keeps_part_then_resumes(tmp_path, served, monkeypatch):
    server, _, checksums = served
    monkeypatch.setattr(data, "CHUNK_SIZE", 16 * 1024)
    name = GZ_NAMES[0]
    reports: list[DownloadProgress] = []
    with pytest.raises(DownloadError, match="Download cancelled") as info:
        download_mnist(
            tmp_path,
            mirrors=[server.url],
            checksums=checksums,
            progress=reports.append,
            cancel=lambda: len(reports) >= 3,
        )
    assert isinstance(info.value, DownloadCancelled)
    part = tmp_path / (name + ".part")
    assert part.stat().st_size == reports[-1].done_bytes > 0
    assert not (tmp_path / name).exists()

    download_mnist(tmp_path, mirrors=[server.url], checksums=checksums)
    assert server.requested(name)[-1] == f"bytes={reports[-1].done_bytes}-"
    assert md5_file(tmp_path / name) == checksums[name]


def test_download_cancel_before_start(tmp_path, served):
    server, _, checksums = served
    with pytest.raises(DownloadCancelled):
        download_mnist(tmp_path, mirrors=[server.url], checksums=checksums, cancel=lambda: True)
    assert server.state.requests == []


def test_download_skips_files_already_present(tmp_path, served):
    server, _, checksums = served
    root = server.state.root
    for name in GZ_NAMES[:2]:
        (tmp_path / name).write_bytes((root / name).read_bytes())
    # A complete .part left behind is moved into place without a request.
    (tmp_path / (GZ_NAMES[2] + ".part")).write_bytes((root / GZ_NAMES[2]).read_bytes())
    # A file with the wrong content is replaced.
    (tmp_path / GZ_NAMES[3]).write_bytes(b"stale")
    reports: list[DownloadProgress] = []
    download_mnist(tmp_path, mirrors=[server.url], checksums=checksums, progress=reports.append)
    assert [n for n, _ in server.state.requests] == [GZ_NAMES[3]]
    assert all(md5_file(tmp_path / n) == checksums[n] for n in GZ_NAMES)
    skipped = [r for r in reports if r.file == GZ_NAMES[0]]
    assert len(skipped) == 1 and skipped[0].done_bytes == skipped[0].total_bytes

    server.state.requests.clear()
    download_mnist(tmp_path, mirrors=[server.url], checksums=checksums)
    assert server.state.requests == []


@needs_mnist
def test_download_real_mnist_end_to_end(tmp_path):
    computed = {name: md5_file(MNIST_DIR / name) for name in GZ_NAMES}
    # Every file but the (rebuilt) training images is canonical.
    for name in GZ_NAMES:
        if name != "train-images-idx3-ubyte.gz":
            assert computed[name] == MD5[name]
    checksums = dict(MD5, **{"train-images-idx3-ubyte.gz": computed["train-images-idx3-ubyte.gz"]})
    server = LocalServer(MNIST_DIR)
    try:
        dest = download_mnist(tmp_path / "mnist", mirrors=[server.url], checksums=checksums)
    finally:
        server.close()
    assert all(md5_file(dest / n) == checksums[n] for n in GZ_NAMES)
    loaded = load_mnist(dest, limit_train=10)
    assert loaded.train_images.shape == (10, 28, 28)
    assert loaded.test_images.shape == (10000, 28, 28)
    assert int(torch.bincount(loaded.test_labels, minlength=10).sum()) == 10000


def test_cli_data_download_from_a_local_mirror(tmp_path, served, dead_url, monkeypatch, capsys):
    from mnistgui.cli import main

    server, arrays, checksums = served
    monkeypatch.setattr(data, "MD5", checksums)
    dest = tmp_path / "dl"
    code = main(["data", "download", "--dest", str(dest), "--mirror", dead_url, "--mirror", server.url])
    assert code == 0
    assert "MNIST is in" in capsys.readouterr().out
    loaded = load_mnist(dest)
    assert np.array_equal(loaded.test_labels.numpy(), arrays["test_labels"])
    assert main(["data", "check", str(dest)]) == 0
