"""Mixed precision and the number of threads a run trains with."""

from __future__ import annotations

import pytest
import torch

from mnistgui.core import step
from mnistgui.core.errors import TrainingError
from mnistgui.core.events import BatchMetrics
from mnistgui.core.jobs import ThreadBudget, start_train_run, train_job, training_threads
from mnistgui.core.runs import RunStore
from mnistgui.core.step import resolve_precision
from mnistgui.core.train import TrainConfig, Trainer

CPU, CUDA = torch.device("cpu"), torch.device("cuda")


def test_auto_precision_follows_the_device(monkeypatch):
    monkeypatch.setattr(step, "_cpu_has_bf16", lambda: True)
    assert resolve_precision("auto", CPU) == "bf16"
    monkeypatch.setattr(step, "_cpu_has_bf16", lambda: False)
    assert resolve_precision("auto", CPU) == "fp32"  # emulated bf16 is slower than fp32
    assert resolve_precision("fp16", CPU) == "fp16"
    monkeypatch.setattr(torch.cuda, "is_bf16_supported", lambda *a, **k: False)
    assert resolve_precision("auto", CUDA) == "fp16"
    with pytest.raises(TrainingError, match="bf16"):
        resolve_precision("bf16", CUDA)
    monkeypatch.setattr(torch.cuda, "is_bf16_supported", lambda *a, **k: True)
    assert resolve_precision("auto", CUDA) == "bf16"
    with pytest.raises(ValueError, match="precision"):
        TrainConfig(precision="fp8")


def test_bf16_learns_and_keeps_float32_weights(mnist_small):
    imgs, labels = mnist_small.train_images[:384], mnist_small.train_labels[:384]
    cfg = TrainConfig(precision="bf16", device="cpu", epochs=2, batch_size=32, val_size=0, augment=False)
    t = Trainer(cfg, imgs, labels, imgs[:128], labels[:128])
    assert t.precision == "bf16"
    losses = [ev.loss for ev in t.run() if isinstance(ev, BatchMetrics)]
    assert all(p.dtype == torch.float32 for p in t.model.parameters())
    assert sum(losses[-4:]) / 4 < 0.6 * sum(losses[:4]) / 4
    assert t.history.val_accuracy[-1] > 0.6


def test_fp16_steps_through_a_gradient_scaler():
    # fp16 is for GPUs (on a CPU without fp16 units it is emulated, and slow): a few small steps
    g = torch.Generator().manual_seed(0)
    imgs = (torch.rand(32, 28, 28, generator=g) * 255).to(torch.uint8)
    labels = torch.randint(0, 10, (32,), generator=g)
    cfg = TrainConfig(precision="fp16", device="cpu", epochs=1, batch_size=16, val_size=0, augment=False)
    t = Trainer(cfg, imgs, labels, imgs[:0], labels[:0])
    before = {k: v.clone() for k, v in t.model.state_dict().items()}
    losses = [ev.loss for ev in t.run() if isinstance(ev, BatchMetrics)]
    assert t.batch_step.scaler.is_enabled() and len(losses) == 2
    assert all(torch.isfinite(p).all() for p in t.model.parameters())
    assert not torch.equal(before["features.conv1.weight"], t.model.state_dict()["features.conv1.weight"])


def test_a_run_records_its_precision_in_the_checkpoint(mnist_small, tmp_path):

    store = RunStore(tmp_path / "runs")
    cfg = TrainConfig(precision="bf16", device="cpu", epochs=1, batch_size=64, val_size=100)
    run = start_train_run(store, cfg, mnist_small, train_count=400)
    list(train_job(run))
    ckpt = store.load_model(run.info.id)
    assert ckpt.provenance["precision"] == "bf16" and ckpt.provenance["processes"] == 1


def test_the_app_trains_on_every_core_unless_the_user_may_draw(mnist_small, tmp_path):
    import os

    cores = os.cpu_count() or 1
    assert training_threads() == cores and training_threads(drawing=True) == max(1, cores - 1)
    budget = ThreadBudget()
    cfg = TrainConfig(precision="fp32", device="cpu", epochs=1, batch_size=64, val_size=0)
    run = start_train_run(RunStore(tmp_path / "runs"), cfg, mnist_small, train_count=64 * 6)
    seen = []
    before = torch.get_num_threads()
    try:
        for ev in train_job(run, threads=budget):
            if isinstance(ev, BatchMetrics):
                seen.append(torch.get_num_threads())  # asked again before the next batch
                budget.drawing = ev.batch % 2 == 1
    finally:
        torch.set_num_threads(before)
    assert seen == [cores if b % 2 == 1 else max(1, cores - 1) for b in range(1, 7)]
