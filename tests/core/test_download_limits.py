"""Downloads from servers that misbehave: one that trickles, one that never stops sending, one
that offers too much. Each is given up on with a message, within bounds set by the caller, and
a cancel is honoured between two small reads."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from idx_files import GZ_NAMES
from mnistgui.core import download
from mnistgui.core.download import DownloadCancelled, download_mnist
from mnistgui.core.errors import DownloadError


class _Misbehaving(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        mode = self.server.mode
        self.send_response(200)
        if mode == "offers-too-much":
            self.send_header("Content-Length", str(10**12))
        self.end_headers()  # trickle and endless: no Content-Length, the body never ends
        piece = b"\0" * (100 if mode == "trickle" else 64 * 1024)
        try:
            while not self.server.stopping.is_set():
                self.wfile.write(piece)
                self.wfile.flush()
                if mode == "trickle":
                    self.server.stopping.wait(0.05)  # a little, often: never a read timeout
        except (BrokenPipeError, ConnectionResetError):
            pass


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Misbehaving)
    httpd.daemon_threads = True
    httpd.stopping = threading.Event()
    httpd.mode = "trickle"
    t = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    t.start()
    httpd.url = f"http://127.0.0.1:{httpd.server_address[1]}/mnist/"
    yield httpd
    httpd.stopping.set()
    httpd.shutdown()
    httpd.server_close()


CHECKSUMS = {name: "0" * 32 for name in GZ_NAMES}


def test_a_trickling_server_is_given_up_on_at_the_deadline(tmp_path, server):
    with pytest.raises(DownloadError, match="too slow") as e:
        download_mnist(tmp_path, mirrors=[server.url], checksums=CHECKSUMS, timeout=5.0, deadline=0.5)
    assert GZ_NAMES[0] in str(e.value)
    assert (tmp_path / (GZ_NAMES[0] + ".part")).exists()  # kept, to resume from


def test_a_cancel_is_honoured_between_small_reads(tmp_path, server):
    reports = []
    # each read returns the 100 bytes that have arrived rather than waiting for 64 KiB (22 s here)
    with pytest.raises(DownloadCancelled):
        download_mnist(tmp_path, mirrors=[server.url], checksums=CHECKSUMS, timeout=5.0,
                       progress=reports.append, cancel=lambda: len(reports) > 5)
    assert 0 < reports[-1].done_bytes < 64 * 1024


@pytest.mark.parametrize("mode", ["endless", "offers-too-much"])
def test_a_body_larger_than_the_file_can_be_is_cut_off_and_removed(tmp_path, server, mode):
    server.mode = mode
    sizes = {name: 200_000 for name in GZ_NAMES}
    with pytest.raises(DownloadError, match="more than the 200,000 bytes expected"):
        download_mnist(tmp_path, mirrors=[server.url], checksums=CHECKSUMS, sizes=sizes, timeout=5.0)
    assert not (tmp_path / (GZ_NAMES[0] + ".part")).exists()


def test_the_canonical_files_are_capped_at_their_known_sizes(tmp_path, server, monkeypatch):
    server.mode = "endless"
    monkeypatch.setattr(download, "SIZES", {**download.SIZES, GZ_NAMES[0]: 100_000})
    written = []
    with pytest.raises(DownloadError, match="more than the 100,000 bytes"):
        download_mnist(tmp_path, mirrors=[server.url], timeout=5.0, progress=lambda p: written.append(p.done_bytes))
    assert max(written) <= 100_000
