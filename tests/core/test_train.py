import math
import threading

import numpy as np
import pytest
import torch

from mnistgui.core.augment import AugmentConfig, augment_batch, renormalize
from mnistgui.core.errors import TrainingError
from mnistgui.core.train import (
    BatchMetrics,
    Control,
    EpochMetrics,
    Failed,
    Finished,
    Snapshot,
    TrainConfig,
    Trainer,
    drain,
    lr_factor,
)


def make_trainer(data, n=512, val=256, **kw):
    cfg = TrainConfig(**{"epochs": 1, "batch_size": 64, "seed": 0, **kw})
    return Trainer(
        cfg,
        data.train_images[:n],
        data.train_labels[:n],
        data.train_images[n : n + val],
        data.train_labels[n : n + val],
    )


def test_overfits_a_small_batch(mnist_small):
    t = make_trainer(mnist_small, n=64, val=64, epochs=60, augment=False, dropout=0.0,
                     label_smoothing=0.0, lr=3e-3, schedule="constant", warmup=0.0)
    events = list(t.run())
    epochs = [e for e in events if isinstance(e, EpochMetrics)]
    assert epochs[-1].train_accuracy == 1.0
    assert epochs[-1].train_loss < 0.05 < epochs[0].train_loss


def test_events_come_in_order_with_plain_data(mnist_small):
    t = make_trainer(mnist_small, epochs=2)
    events = list(t.run())
    kinds = [type(e).__name__ for e in events]
    assert kinds.count("BatchMetrics") == 2 * 8
    assert kinds.count("EpochMetrics") == 2 and kinds.count("Snapshot") == 2
    assert kinds[-1] == "Finished" and events[-1].reason == "completed"
    b = events[0]
    assert isinstance(b, BatchMetrics) and b.batches == 8 and b.epoch == 1 and b.step == 1
    assert all(isinstance(v, (int, float)) for v in vars(b).values())
    snap = next(e for e in events if isinstance(e, Snapshot))
    assert all(v.device.type == "cpu" for v in snap.state_dict.values())
    # a snapshot is a copy: training on does not change it
    w = snap.state_dict["features.conv1.weight"].clone()
    assert torch.equal(w, snap.state_dict["features.conv1.weight"])
    assert t.history.epoch == [1, 2]


def test_learns_mnist_on_a_small_subset(mnist_small):
    t = make_trainer(mnist_small, n=2000, val=500, epochs=2, batch_size=64)
    fin = drain(t.run())
    assert fin.best_val_accuracy > 0.85


def test_seeded_runs_on_the_cpu_are_reproducible(mnist_small):
    a = make_trainer(mnist_small, n=256, val=64, seed=3)
    b = make_trainer(mnist_small, n=256, val=64, seed=3)
    la = [e.loss for e in a.run() if isinstance(e, BatchMetrics)]
    lb = [e.loss for e in b.run() if isinstance(e, BatchMetrics)]
    assert la == lb
    c = make_trainer(mnist_small, n=256, val=64, seed=4)
    lc = [e.loss for e in c.run() if isinstance(e, BatchMetrics)]
    assert la != lc


def test_stop_acts_within_one_batch(mnist_small):
    t = make_trainer(mnist_small, epochs=3)
    seen = []
    for ev in t.run():
        seen.append(ev)
        if isinstance(ev, BatchMetrics) and ev.step == 3:
            t.control.stop()
    batches = [e for e in seen if isinstance(e, BatchMetrics)]
    assert batches[-1].step == 3
    assert isinstance(seen[-1], Finished) and seen[-1].reason == "stopped"


def test_pause_blocks_the_loop_until_resume(mnist_small):
    t = make_trainer(mnist_small, epochs=1)
    gen = t.run()
    first = next(gen)
    assert isinstance(first, BatchMetrics) and first.step == 1
    t.control.pause()
    got = []
    th = threading.Thread(target=lambda: got.append(next(gen)))
    th.start()
    th.join(0.3)
    assert th.is_alive() and got == []  # no batch runs while paused
    assert t.step == 1
    t.control.resume()
    th.join(10)
    assert got and got[0].step == 2


def test_stop_wakes_a_paused_loop(mnist_small):
    t = make_trainer(mnist_small, epochs=1)
    gen = t.run()
    next(gen)
    t.control.pause()
    t.control.stop()
    rest = list(gen)
    assert isinstance(rest[-1], Finished) and rest[-1].reason == "stopped"


def test_nan_loss_stops_with_an_error_event(mnist_small):
    t = make_trainer(mnist_small, epochs=1)
    with torch.no_grad():
        t.model.classifier.fc2.weight.fill_(float("nan"))
    events = list(t.run())
    assert isinstance(events[-1], Failed)
    assert "nan" in events[-1].message.lower() and "learning rate" in events[-1].message
    with pytest.raises(TrainingError):
        drain(make_nan_trainer(mnist_small).run())


def make_nan_trainer(data):
    t = make_trainer(data, epochs=1)
    with torch.no_grad():
        t.model.classifier.fc2.bias.fill_(float("inf"))
    return t


def test_early_stopping_on_validation_loss(mnist_small):
    # a learning rate far too high makes validation loss worse: patience 1 stops after epoch 2
    t = make_trainer(mnist_small, n=256, val=128, epochs=6, patience=1, lr=0.5,
                     optimizer="sgd", schedule="constant", warmup=0.0)
    t.best_val_loss = -1.0  # nothing can improve on this
    events = list(t.run())
    fin = events[-1]
    assert isinstance(fin, Finished) and fin.reason in ("early-stopped",)
    assert fin.epochs_run == 1


def test_best_model_is_kept(mnist_small):
    t = make_trainer(mnist_small, n=512, val=128, epochs=2)
    drain(t.run())
    best = t.best_model()
    assert t.best_epoch in (1, 2)
    for k, v in best.state_dict().items():
        assert torch.equal(v, t.best_state[k])


def test_resume_continues_exactly(mnist_small):
    full = make_trainer(mnist_small, n=256, val=64, epochs=2, seed=5)
    losses_full = [e.loss for e in full.run() if isinstance(e, BatchMetrics)]
    first = make_trainer(mnist_small, n=256, val=64, epochs=2, seed=5)
    gen = first.run()
    part = []
    for ev in gen:
        if isinstance(ev, BatchMetrics):
            part.append(ev.loss)
        if isinstance(ev, Snapshot):
            break
    state = first.state()
    second = make_trainer(mnist_small, n=256, val=64, epochs=2, seed=99)
    second.load_state(state)
    part += [e.loss for e in second.run() if isinstance(e, BatchMetrics)]
    assert np.allclose(part, losses_full, rtol=1e-5)


def test_continue_for_more_epochs_and_change_lr(mnist_small):
    t = make_trainer(mnist_small, n=256, val=64, epochs=1)
    drain(t.run())
    t.extend(2)
    t.set_lr(1e-4)
    evs = list(t.run())
    assert [e.epoch for e in evs if isinstance(e, EpochMetrics)] == [2, 3]
    assert max(e.lr for e in evs if isinstance(e, BatchMetrics)) <= 1e-4 + 1e-12


@pytest.mark.parametrize("opt", ["adam", "adamw", "sgd"])
@pytest.mark.parametrize("sched", ["onecycle", "cosine", "constant"])
def test_every_optimizer_and_schedule_trains(mnist_small, opt, sched):
    t = make_trainer(mnist_small, n=128, val=64, optimizer=opt, schedule=sched, lr=0.01 if opt == "sgd" else 2e-3)
    fin = drain(t.run())
    assert math.isfinite(fin.best_val_loss)


def test_lr_schedules_warm_up_then_anneal():
    for s in ("onecycle", "cosine"):
        assert lr_factor(s, 0.0, 0.1) < 0.1
        assert lr_factor(s, 0.1, 0.1) == pytest.approx(1.0)
        assert lr_factor(s, 1.0, 0.1) < 0.02
    assert lr_factor("constant", 0.7, 0.1) == 1.0


def test_bad_configs_are_refused():
    with pytest.raises(ValueError, match="optimizer"):
        TrainConfig(optimizer="rmsprop")
    with pytest.raises(ValueError, match="learning rate"):
        TrainConfig(lr=-1)
    with pytest.raises(ValueError, match="unknown architecture"):
        TrainConfig(arch="vgg")
    with pytest.raises(TrainingError, match="CUDA"):
        if torch.cuda.is_available():
            raise TrainingError("CUDA present: nothing to test")
        make = TrainConfig(device="cuda")
        from mnistgui.core.train import resolve_device

        resolve_device(make.device)


def test_augmentation_keeps_digits_framed_like_mnist(mnist_small):
    x = mnist_small.train_images[:64].float().div(255).unsqueeze(1)
    g = torch.Generator().manual_seed(0)
    y = augment_batch(x, AugmentConfig(), g)
    assert y.shape == x.shape and 0 <= float(y.min()) and float(y.max()) <= 1
    assert not torch.allclose(x, y)
    img = y[:, 0]
    m = img.sum((1, 2))
    cx = (img.sum(1) * torch.arange(28)).sum(1) / m
    cy = (img.sum(2) * torch.arange(28)).sum(1) / m
    assert float((cx - 14).abs().mean()) < 0.6 and float((cy - 14).abs().mean()) < 0.6
    # renormalising MNIST itself changes it little: it is already in that frame
    r = renormalize(torch.nn.functional.pad(x, (7, 7, 7, 7)))[:, :, 7:35, 7:35]
    assert float((r - x).abs().mean()) < 0.07
    assert torch.equal(augment_batch(x, AugmentConfig(strength=0.0)), x)
