import math
import threading

import numpy as np
import pytest
import torch

from mnistgui.core.augment import AugmentConfig, augment_batch, renormalize
from mnistgui.core.errors import TrainingError
from mnistgui.core.events import BatchMetrics, EpochMetrics, Failed, Finished, Snapshot
from mnistgui.core.preprocess import PreprocessConfig
from mnistgui.core.step import BatchStep, NonFiniteLoss, Pool
from mnistgui.core.train import TrainConfig, Trainer, drain, lr_factor, resolve_device


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
    assert t.history.epoch == [1, 2]


def test_a_snapshot_is_a_copy_that_training_on_leaves_alone(mnist_small):
    t = make_trainer(mnist_small, epochs=2)
    key = "features.conv1.weight"
    first = None
    for ev in t.run():
        if isinstance(ev, Snapshot) and first is None:
            first, kept = ev, ev.state_dict[key].clone()
            assert all(v.device.type == "cpu" for v in ev.state_dict.values())
            assert torch.equal(kept, t.model.state_dict()[key].cpu())  # the weights after epoch 1
    assert torch.equal(first.state_dict[key], kept)  # epoch 2 trained on without touching it
    assert not torch.equal(t.model.state_dict()[key].cpu(), kept)


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
    # 128 images and no augmentation overfit within a few epochs: validation loss turns up, and
    # patience 2 stops the run two epochs after its best, long before the 40 planned
    t = make_trainer(mnist_small, n=128, val=256, epochs=40, patience=2, augment=False, dropout=0.0,
                     label_smoothing=0.0, schedule="constant", warmup=0.0)
    events = list(t.run())
    fin = events[-1]
    assert isinstance(fin, Finished) and fin.reason == "early-stopped"
    assert fin.epochs_run == fin.best_epoch + 2 < 40 and fin.best_epoch >= 2
    val = t.history.val_loss
    assert len(val) == fin.epochs_run and min(val) == val[fin.best_epoch - 1] == fin.best_val_loss
    assert all(v >= fin.best_val_loss for v in val[fin.best_epoch:])
    assert [e.epochs_without_improvement for e in events if isinstance(e, EpochMetrics)][-2:] == [1, 2]
    flags = [e.is_best for e in events if isinstance(e, Snapshot)]
    assert flags[fin.best_epoch - 1] and not any(flags[fin.best_epoch:])
    best, last = t.best_model().state_dict(), t.model.state_dict()
    assert all(torch.equal(best[k], t.best_state[k]) for k in best)
    assert not torch.equal(best["classifier.fc2.weight"], last["classifier.fc2.weight"].cpu())


def test_keeping_the_last_epoch_keeps_its_weights_while_early_stopping_still_waits_on_the_lowest_loss(mnist_small):
    # the same overfitting run as above, keeping the last epoch: every epoch is the kept one, the
    # kept weights are the final ones, and patience still ends the run two epochs after the
    # lowest validation loss
    t = make_trainer(mnist_small, n=128, val=256, epochs=40, patience=2, augment=False, dropout=0.0,
                     label_smoothing=0.0, schedule="constant", warmup=0.0, keep="last")
    events = list(t.run())
    fin = events[-1]
    assert isinstance(fin, Finished) and fin.reason == "early-stopped" and fin.epochs_run < 40
    val = t.history.val_loss
    lowest = int(np.argmin(val)) + 1
    assert fin.epochs_run == lowest + 2 and fin.best_epoch == fin.epochs_run
    assert fin.best_val_loss == val[-1] > min(val)
    epochs = [e for e in events if isinstance(e, EpochMetrics)]
    assert [e.best_epoch for e in epochs] == list(range(1, fin.epochs_run + 1))
    assert all(e.keep == "last" for e in epochs) and epochs[-1].epochs_without_improvement == 2
    assert all(e.is_best for e in events if isinstance(e, Snapshot))
    kept, last = t.best_model().state_dict(), t.model.state_dict()
    assert all(torch.equal(kept[k], last[k].cpu()) for k in kept)
    # a resumed run goes on counting from the lowest loss, not the kept one
    again = make_trainer(mnist_small, n=128, val=256, epochs=40, keep="last")
    again.load_state(t.state())
    assert again.lowest_val_loss == min(val) < again.best_val_loss


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
    with pytest.raises(ValueError, match="device"):
        TrainConfig(device="tpu")


def test_devices_resolve_to_what_is_there(monkeypatch):
    from mnistgui.core import step

    monkeypatch.setattr(step, "_mps_available", lambda: False)
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    assert resolve_device("auto") == torch.device("cpu") and resolve_device("cpu") == torch.device("cpu")
    with pytest.raises(TrainingError, match="no CUDA GPU.*--device cpu"):
        resolve_device("cuda")
    with pytest.raises(TrainingError, match="MPS"):
        resolve_device("mps")
    assert step.available_devices() == ["auto", "cpu"]
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    assert resolve_device("auto") == torch.device("cuda") == resolve_device("cuda")
    assert step.available_devices() == ["auto", "cpu", "cuda"]


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


def _step(model, **kw):
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    return BatchStep(model, opt, device=torch.device("cpu"), preprocess=PreprocessConfig(),
                     augment=AugmentConfig(strength=0.0), generator=torch.Generator().manual_seed(0), **kw)


def test_the_batch_step_mixes_pools_into_the_batch_and_measures_it(mnist_small):
    from mnistgui.core.model import build_model

    torch.manual_seed(0)
    step = _step(build_model())
    pool = Pool(torch.zeros(5, 28, 28, dtype=torch.uint8), torch.full((5,), 3))
    xs, ys = mnist_small.train_images[:6], mnist_small.train_labels[:6]
    mx, my = step.mix(xs, ys, [(pool, 4)])
    assert mx.shape == (10, 28, 28) and torch.equal(mx[:6], xs) and my[6:].tolist() == [3] * 4
    r = step(xs, ys, 0.05, draws=[(pool, 4)], epoch=2, batch=3, batches=9, step=20)
    m = r.metrics
    assert (m.epoch, m.batch, m.batches, m.step, m.lr) == (2, 3, 9, 20, 0.05) and r.count == 10
    assert m.accuracy == r.correct / 10 and math.isfinite(m.loss) and m.samples_per_s > 0
    assert step.optimizer.param_groups[0]["lr"] == 0.05


def test_the_batch_step_refuses_a_loss_that_is_not_finite_before_stepping(mnist_small):
    from mnistgui.core.model import build_model

    model = build_model()
    with torch.no_grad():
        model.classifier.fc2.bias.fill_(float("inf"))
    before = {k: v.detach().clone() for k, v in model.named_parameters()}
    with pytest.raises(NonFiniteLoss) as info:
        _step(model)(mnist_small.train_images[:8], mnist_small.train_labels[:8], 0.1, batch=1, batches=1, step=1)
    assert not math.isfinite(info.value.loss)
    assert all(torch.equal(before[k], v) for k, v in model.named_parameters())  # no optimiser step


def test_the_batch_step_can_keep_batch_norm_frozen(mnist_small):
    from mnistgui.core.model import build_model

    xs, ys = mnist_small.train_images[:32], mnist_small.train_labels[:32]
    frozen, free = build_model(), build_model()
    free.load_state_dict(frozen.state_dict())
    stats, w0 = frozen.features.bn1.running_mean.clone(), frozen.classifier.fc2.weight.detach().clone()
    _step(frozen, freeze_bn=True)(xs, ys, 0.01, batch=1, batches=1, step=1)
    _step(free)(xs, ys, 0.01, batch=1, batches=1, step=1)
    assert torch.equal(frozen.features.bn1.running_mean, stats)  # the weights trained, the statistics did not
    assert not torch.equal(frozen.classifier.fc2.weight, w0)
    assert not torch.equal(free.features.bn1.running_mean, stats)
