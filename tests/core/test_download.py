"""Tests for mnistgui.core.download, against a local HTTP server."""

from __future__ import annotations

import pathlib
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import numpy as np
import pytest
import torch

from idx_files import GZ_NAMES, md5_file, synthetic_set, write_set
from mnistgui.core import download
from mnistgui.core.data import load_mnist
from mnistgui.core.download import (
    DEFAULT_MIRRORS,
    MD5,
    DownloadCancelled,
    DownloadProgress,
    download_mnist,
)
from mnistgui.core.errors import DownloadError

MNIST_DIR = pathlib.Path(__file__).resolve().parents[2].parent / "shared" / "mnist"

needs_mnist = pytest.mark.usefixtures("mnist_dir")


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
    monkeypatch.setattr(download, "CHUNK_SIZE", 16 * 1024)
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
    monkeypatch.setattr(download, "CHUNK_SIZE", 16 * 1024)
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
    monkeypatch.setattr(download, "MD5", checksums)
    dest = tmp_path / "dl"
    code = main(["data", "download", "--dest", str(dest), "--mirror", dead_url, "--mirror", server.url])
    assert code == 0
    assert "MNIST is in" in capsys.readouterr().out
    loaded = load_mnist(dest)
    assert np.array_equal(loaded.test_labels.numpy(), arrays["test_labels"])
    assert main(["data", "check", str(dest)]) == 0
