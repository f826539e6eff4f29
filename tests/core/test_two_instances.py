"""Two instances of the app at once: version files and run folders are allocated exclusively,
a live run is seen as live from any process (a lock that dies with its process), and a live run
cannot be deleted from another one. Temporary files a killed write left are cleaned up.

The other instance is a real second process, started by the test."""

import json
import os
import subprocess
import sys
import threading
import time

import pytest
import torch

from mnistgui.core.checkpoint import Checkpoint, load_checkpoint
from mnistgui.core.io import ProcessLock, create_exclusive_bytes, is_locked, remove_stale_temps
from mnistgui.core.model import ModelConfig, build_model
from mnistgui.core.runs import LOCK_FILE, RunError, RunStore
from mnistgui.core.train import TrainConfig
from mnistgui.core.versions import VersionStore


def _ckpt(seed: int, name: str = "") -> Checkpoint:
    torch.manual_seed(seed)
    cfg = ModelConfig(arch="classic")
    return Checkpoint(model_config=cfg, state_dict=build_model(cfg).state_dict(), name=name)


def test_an_exclusive_create_has_one_winner(tmp_path):
    target = tmp_path / "v0001.pt"
    results = []
    barrier = threading.Barrier(8)

    def claim(i: int) -> None:
        barrier.wait()
        try:
            create_exclusive_bytes(target, bytes([i]) * 1000)
            results.append(i)
        except FileExistsError:
            pass

    threads = [threading.Thread(target=claim, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results) == 1
    assert target.read_bytes() == bytes([results[0]]) * 1000
    assert [p.name for p in tmp_path.iterdir()] == ["v0001.pt"]  # no temporary file left


def test_two_stores_adding_a_version_at_once_never_overwrite_each_other(tmp_path, monkeypatch):
    a = VersionStore(tmp_path)
    b = VersionStore(tmp_path)  # a second app, which read the folder when it was empty
    va = a.add(_ckpt(1, "mine"))
    monkeypatch.setattr(b, "_next_id", lambda: 1)  # it still believes v1 is free
    vb = b.add(_ckpt(2, "theirs"))
    assert (va.id, vb.id) == (1, 2) and vb.file == "v0002.pt"
    first, second = load_checkpoint(tmp_path / "v0001.pt"), load_checkpoint(tmp_path / "v0002.pt")
    assert first.name == "mine" and second.name == "theirs"
    for k, v in _ckpt(1).state_dict.items():
        assert torch.equal(first.state_dict[k], v)
    assert b.load(vb.id).name == "theirs"  # the window that made it uses its own
    assert {v.id for v in VersionStore(tmp_path).versions()} == {1, 2}


_HOLDER = """
import sys
from mnistgui.core.io import ProcessLock
lock = ProcessLock(sys.argv[1])
assert lock.acquire()
print("held", flush=True)
sys.stdin.readline()
"""


def _other_process_holding(path) -> subprocess.Popen:
    child = subprocess.Popen([sys.executable, "-c", _HOLDER, str(path)], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, text=True)
    assert child.stdout.readline().strip() == "held"
    return child


def test_a_run_training_in_another_process_is_live_there_and_cannot_be_deleted(tmp_path):
    store = RunStore(tmp_path)
    run = store.create(TrainConfig(), name="theirs")
    d = json.loads((run.folder / "run.json").read_text())
    d["status"] = "running"
    (run.folder / "run.json").write_text(json.dumps(d))
    child = _other_process_holding(run.folder / LOCK_FILE)
    try:
        [listed] = store.list()
        assert listed.status == "running" and store.is_live(run.id)
        with pytest.raises(RunError, match="another mnistgui window"):
            store.delete(run.id)
        with pytest.raises(RunError, match="another mnistgui window"):
            store.claim(run.id)  # and it cannot be trained twice
        assert run.folder.is_dir()
    finally:
        child.kill()  # as kill -9: the lock dies with the process
        child.wait()
    [listed] = store.list()
    assert listed.status == "interrupted" and not store.is_live(run.id)
    store.delete(run.id)
    assert store.list() == []


def test_a_lock_is_free_again_once_released_and_seen_from_this_process_too(tmp_path):
    p = tmp_path / "x.lock"
    assert not is_locked(p)
    lock = ProcessLock(p)
    assert lock.acquire() and is_locked(p)
    assert not ProcessLock(p).acquire()
    lock.release()
    assert not is_locked(p) and ProcessLock(p).acquire()


def test_temporary_files_a_killed_write_left_are_removed_once_old(tmp_path):
    versions = tmp_path / "versions"
    versions.mkdir()
    old = versions / ".v0003.pt.k2j4.tmp"
    fresh = versions / ".v0004.pt.a8d1.tmp"
    for p in (old, fresh):
        p.write_bytes(b"\0" * 1000)
    hour_ago = time.time() - 7200
    os.utime(old, (hour_ago, hour_ago))
    VersionStore(versions)
    assert not old.exists() and fresh.exists()  # a write in progress is never touched

    store = RunStore(tmp_path / "runs")
    run = store.create(TrainConfig())
    d = json.loads((run.folder / "run.json").read_text())
    d["status"] = "running"
    (run.folder / "run.json").write_text(json.dumps(d))
    left = run.folder / ".best.pt.x81k.tmp"
    left.write_bytes(b"\0" * 1000)
    os.utime(left, (hour_ago, hour_ago))
    assert store.list()[0].status == "interrupted" and not left.exists()
    assert remove_stale_temps(tmp_path / "nowhere") == 0
