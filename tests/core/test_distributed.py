"""Training on two processes (gloo, on the CPU) against one, on a small real subset of MNIST.

The processes are forked from the test (so they start in milliseconds, torch already loaded)
and join a process group through the same environment torchrun gives them (RANK, WORLD_SIZE,
MASTER_ADDR, MASTER_PORT); each runs ``mnistgui train`` itself, or a bare trainer.
"""

from __future__ import annotations

import json
import multiprocessing as mp
import os
import socket
import sys
import traceback
from pathlib import Path

import pytest
import torch

from mnistgui.cli import main
from mnistgui.core.checkpoint import load_checkpoint
from mnistgui.core.distributed import World, shard_rows

# small, but with every kind of batch: several full ones and a last short one. SGD at a small
# learning rate: Adam, or a large rate, amplify the last-bit differences that any change in the
# order of a sum makes (one process on one thread or two differs from itself as much)
ARGS = ["--limit-train", "700", "--val-size", "100", "--limit-test", "300", "--batch-size", "64",
        "--dropout", "0", "--precision", "fp32", "--optimizer", "sgd"]
#: how long the processes may take before the test fails (they take about a second)
DEADLINE_S = 120


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _child(rank: int, size: int, port: int, log: str, fn, args) -> None:
    os.environ.update(RANK=str(rank), WORLD_SIZE=str(size), LOCAL_RANK=str(rank), MASTER_ADDR="127.0.0.1",
                      MASTER_PORT=str(port))
    sys.stdout = sys.stderr = open(log, "w", buffering=1)
    torch.set_num_threads(1)  # as torchrun sets it: one thread per process on a small machine
    try:
        code = fn(rank, *args)
    except BaseException:
        traceback.print_exc()
        code = 99
    sys.stdout.flush()
    os._exit(code)


def run_processes(tmp_path: Path, fn, *args, size: int = 2) -> list[tuple[int, str]]:
    """Run ``fn(rank, *args)`` in ``size`` forked processes of one group: (exit code, output)
    of each."""
    ctx = mp.get_context("fork")
    port = _free_port()
    logs = [tmp_path / f"rank{r}.log" for r in range(size)]
    procs = [ctx.Process(target=_child, args=(r, size, port, str(logs[r]), fn, args)) for r in range(size)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(DEADLINE_S)
    for p in procs:
        if p.is_alive():
            p.kill()
            p.join()
    return [(p.exitcode, log.read_text()) for p, log in zip(procs, logs)]


def _train_cli(rank: int, argv: list[str]) -> int:
    return main(argv)


def train_argv(mnist_dir, where: Path, *extra: str) -> list[str]:
    return ["train", "--data", str(mnist_dir), "--out", str(where / "m.pt"), "--runs", str(where / "runs"),
            "--json", *ARGS, *extra]


def jsonl(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.startswith("{")]


def assert_same_weights(a: dict, b: dict) -> None:
    """Equal up to float rounding: each tensor within 0.2% of its size, or 1e-5 a value (a process that trained
    on the wrong rows, or normalised with its own half of a batch, is off by tens of percent)."""
    assert a.keys() == b.keys()
    for k in a:
        x, y = a[k].double(), b[k].double()
        assert (x - y).norm() <= 2e-3 * y.norm() + 1e-5 * x.numel() ** 0.5, (k, float((x - y).norm() / y.norm().clamp(min=1e-12)))


@pytest.fixture(scope="module", autouse=True)
def one_thread():
    """This process trains on one thread too, as each of the two does (fast, and steady when
    the machine is busy)."""
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)


@pytest.fixture(scope="module")
def one_process(tmp_path_factory, mnist_dir):
    """``mnistgui train`` for two epochs in this process: the reference."""
    where = tmp_path_factory.mktemp("one")
    assert main(train_argv(mnist_dir, where, "--epochs", "2")) == 0
    return where


def test_two_processes_train_the_same_weights_and_write_one_checkpoint(one_process, mnist_dir, tmp_path, capsys):
    capsys.readouterr()
    where = tmp_path / "two"
    results = run_processes(tmp_path, _train_cli, train_argv(mnist_dir, where, "--epochs", "2"))
    assert [code for code, _ in results] == [0, 0], results
    (_, out0), (_, out1) = results
    # the first process alone prints, records the run and writes the checkpoint
    assert jsonl(out1) == []
    events = jsonl(out0)
    assert [e["event"] for e in events] == ["epoch", "epoch", "summary"]
    assert events[-1]["processes"] == 2 and events[-1]["precision"] == "fp32"
    assert sorted(p.name for p in where.iterdir()) == ["m.pt", "runs"]
    assert len([p for p in (where / "runs").iterdir() if p.is_dir()]) == 1

    two, one = load_checkpoint(where / "m.pt"), load_checkpoint(one_process / "m.pt")
    assert_same_weights(two.state_dict, one.state_dict)
    assert_same_weights(two.trainer_state["model"], one.trainer_state["model"])
    assert two.provenance["processes"] == 2 and one.provenance["processes"] == 1
    assert two.provenance["precision"] == "fp32"
    # validation and test figures, shared out between the processes, are one process's
    for key in ("val_loss", "val_accuracy", "train_loss", "train_accuracy"):
        assert two.history[key] == pytest.approx(one.history[key], rel=1e-3, abs=1e-4), key

    # the checkpoint loads and reads digits
    from mnistgui.core.data import load_mnist
    from mnistgui.core.metrics import evaluate
    from mnistgui.core.predict import Predictor

    pred = Predictor.load(where / "m.pt")
    data = load_mnist(mnist_dir, limit_train=1, limit_test=300)
    rep = evaluate(pred.model, data.test_images, data.test_labels, pred.preprocess)
    assert rep.accuracy == pytest.approx(events[-1]["test_accuracy"], abs=1e-9)


def test_resume_on_another_number_of_processes(mnist_dir, tmp_path):
    first = tmp_path / "first"
    assert main(train_argv(mnist_dir, first, "--epochs", "1")) == 0
    resume = ["--resume", str(first / "m.pt"), "--epochs", "2"]
    one, two = tmp_path / "one", tmp_path / "two"
    assert main(train_argv(mnist_dir, one, *resume)) == 0
    results = run_processes(tmp_path, _train_cli, train_argv(mnist_dir, two, *resume))
    assert [code for code, _ in results] == [0, 0], results
    a, b = load_checkpoint(one / "m.pt"), load_checkpoint(two / "m.pt")
    assert a.trainer_state["epoch"] == b.trainer_state["epoch"] == 2
    assert_same_weights(b.trainer_state["model"], a.trainer_state["model"])
    assert b.history["val_loss"] == pytest.approx(a.history["val_loss"], rel=1e-3)


def _dying(rank: int, mnist_dir: str) -> int:
    from mnistgui.core.data import load_mnist
    from mnistgui.core.distributed import init_from_env
    from mnistgui.core.events import BatchMetrics, Failed
    from mnistgui.core.train import TrainConfig, Trainer

    init_from_env("cpu", timeout_s=60)
    data = load_mnist(mnist_dir, limit_train=640, limit_test=1)
    cfg = TrainConfig(batch_size=64, epochs=2, val_size=0, precision="fp32", device="cpu")
    t = Trainer(cfg, data.train_images, data.train_labels, data.train_images[:0], data.train_labels[:0])
    for ev in t.run():
        if isinstance(ev, BatchMetrics) and ev.batch == 3 and rank == 1:
            os._exit(3)  # the process dies without a word
        if isinstance(ev, Failed):
            print(ev.message)
            return 7
    return 0


def test_a_process_that_dies_ends_the_others_with_a_message(mnist_dir, tmp_path):
    (code0, out0), (code1, _) = run_processes(tmp_path, _dying, str(mnist_dir))
    assert code1 == 3
    assert code0 == 7, out0
    assert "lost contact" in out0 and "--resume" in out0


def test_the_processes_shards_of_a_batch_are_disjoint_and_cover_it():
    for n in (1, 10, 11, 64):
        for size in (1, 2, 3):
            rows = torch.cat([shard_rows(n, World(r, size)) for r in range(size)])
            assert rows.sort().values.equal(torch.arange(n))
