"""The run store: runs kept on disk with config, curves, metrics and best checkpoint."""

import json

import numpy as np
import pytest
import torch

from mnistgui.core.checkpoint import load_checkpoint
from mnistgui.core.metrics import evaluate
from mnistgui.core.predict import Predictor
from mnistgui.core.runs import BatchLog, RunError, RunRecorder, RunStore
from mnistgui.core.events import BatchMetrics, Control
from mnistgui.core.train import TrainConfig, Trainer, drain


def _trainer(data, epochs=2, control=None, **kw):
    cfg = TrainConfig(epochs=epochs, batch_size=64, val_size=160, **kw)
    return Trainer(cfg, data.train_images[:320], data.train_labels[:320], data.train_images[640:800],
                   data.train_labels[640:800], control=control)


def test_create_list_rename_delete(tmp_path):
    store = RunStore(tmp_path / "runs")
    assert store.list() == []
    a = store.create(TrainConfig(epochs=1), data={"source": "x"})
    b = store.create(TrainConfig(epochs=2))
    assert (a.name, b.name) == ("Run 1", "Run 2")
    assert [r.id for r in store.list()] == [b.id, a.id]  # newest first
    assert store.get(a.id).data == {"source": "x"} and store.get(b.id).train_config.epochs == 2
    store.rename(a.id, "  my   best run ")
    assert store.get(a.id).name == "my best run"
    with pytest.raises(RunError):
        store.rename(a.id, "  ")
    store.delete(a.id)
    assert [r.id for r in store.list()] == [b.id]
    assert not any(p.name.startswith(".deleted") for p in (tmp_path / "runs").iterdir())
    with pytest.raises(RunError, match="no longer exists"):
        store.get(a.id)
    with pytest.raises(RunError):
        store.folder("../escape")


def test_a_recorded_run_keeps_config_curves_metrics_and_a_usable_model(tmp_path, mnist_small):
    store = RunStore(tmp_path)
    t = _trainer(mnist_small)
    run = store.create(t.config, data={"source": "mnist", "train_size": 320, "val_size": 160})
    rec = RunRecorder(store, run, t)
    fin = drain(rec.events())
    info = store.get(run.id)
    assert info.status == fin.reason == "completed" and info.epochs_run == 2 and info.has_model
    assert info.history["epoch"] == [1, 2] and info.best_epoch == t.best_epoch
    assert info.metrics["val_accuracy"] == pytest.approx(t.best_val_accuracy)
    batches = store.load_batches(run.id)
    assert list(batches["step"]) == list(range(1, 11))
    assert batches["x"][4] == pytest.approx(1.0) and batches["x"][-1] == pytest.approx(2.0)
    assert np.all(np.isfinite(batches["loss"]))

    ckpt = store.load_model(run.id)
    assert ckpt.name == info.name and ckpt.trainer_state["epoch"] == 2
    assert ckpt.provenance["config"]["epochs"] == 2 and ckpt.provenance["run"] == run.id
    for k, v in t.best_model().state_dict().items():
        assert torch.equal(ckpt.state_dict[k], v)
    pred = Predictor.from_checkpoint(ckpt)
    p = pred.probabilities(mnist_small.test_images[:5].numpy() / 255.0)
    assert p.shape == (5, 10) and np.allclose(p.sum(1), 1, atol=1e-5)

    store.rename(run.id, "Exported")
    out = store.export_model(run.id, tmp_path / "out" / "model.pt")
    assert load_checkpoint(out).name == "Exported"


def test_evaluation_round_trip_and_test_metrics_in_run_and_checkpoint(tmp_path, mnist_small):
    store = RunStore(tmp_path)
    t = _trainer(mnist_small, epochs=1)
    run = store.create(t.config)
    drain(RunRecorder(store, run, t).events())
    images, labels = mnist_small.test_images[:300], mnist_small.test_labels[:300]
    rep = evaluate(t.best_model(), images, labels)
    info = store.save_evaluation(run.id, rep, labels.numpy(), epoch=1)
    assert info.metrics["test_accuracy"] == pytest.approx(rep.accuracy)
    assert np.array_equal(np.array(info.metrics["confusion"]), rep.confusion)
    assert store.load_model(run.id).metrics["test_accuracy"] == pytest.approx(rep.accuracy)
    back = store.load_evaluation(run.id)
    assert back.epoch == 1 and back.weights == "best"
    assert np.array_equal(back.labels, labels.numpy())
    assert np.array_equal(back.report.confusion, rep.confusion)
    assert np.array_equal(back.report.predictions, rep.predictions)
    assert np.allclose(back.report.probabilities, rep.probabilities, atol=1e-6)
    assert back.report.accuracy == rep.accuracy and back.report.loss == pytest.approx(rep.loss, rel=1e-4)


def test_a_stopped_run_keeps_its_curves_and_says_so(tmp_path, mnist_small):
    store = RunStore(tmp_path)
    ctl = Control()
    t = _trainer(mnist_small, epochs=5, control=ctl)
    run = store.create(t.config)
    seen = 0
    for ev in RunRecorder(store, run, t).events():
        if isinstance(ev, BatchMetrics):
            seen += 1
            if seen == 3:
                ctl.stop()
    info = store.get(run.id)
    assert info.status == "stopped" and not info.has_model and info.epochs_run == 0
    assert len(store.load_batches(run.id)["step"]) == 3
    with pytest.raises(RunError, match="no model"):
        store.load_model(run.id)


def test_a_nan_loss_marks_the_run_failed_with_the_advice(tmp_path, mnist_small):
    store = RunStore(tmp_path)
    t = _trainer(mnist_small, epochs=1)
    with torch.no_grad():
        t.model.classifier.fc2.weight.fill_(float("nan"))
    run = store.create(t.config)
    events = list(RunRecorder(store, run, t).events())
    info = store.get(run.id)
    assert info.status == "failed" and "learning rate" in info.message
    assert type(events[-1]).__name__ == "Failed"


def test_damaged_and_interrupted_runs_are_listed_not_fatal(tmp_path):
    store = RunStore(tmp_path)
    a = store.create(TrainConfig())
    b = store.create(TrainConfig())
    (a.folder / "run.json").write_text("{not json")
    d = json.loads((b.folder / "run.json").read_text())
    d["status"] = "running"
    (b.folder / "run.json").write_text(json.dumps(d))
    listed = {r.id: r for r in store.list()}
    assert listed[a.id].damaged and "damaged" in listed[a.id].damaged
    assert listed[b.id].status == "interrupted"
    store.delete(a.id)
    assert [r.id for r in store.list()] == [b.id]


def test_batch_log_grows_by_doubling():
    log = BatchLog(capacity=4)
    for i in range(1, 11):
        log.append(BatchMetrics(1, i, 10, i, 1.0 / i, 0.5, 1e-3, 100.0, 0.1 * i))
    a = log.arrays()
    assert len(log) == 10 and list(a["step"]) == list(range(1, 11))
    assert a["x"][-1] == pytest.approx(1.0)
    assert list(BatchLog.from_arrays(a).arrays()["step"]) == list(range(1, 11))
