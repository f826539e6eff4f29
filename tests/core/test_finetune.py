import json

import numpy as np
import pytest
import torch

from mnistgui.cli import main
from mnistgui.core.checkpoint import load_checkpoint
from mnistgui.core.errors import TrainingError
from mnistgui.core.finetune import FinetuneConfig, FinetuneEval, FineTuner, compare
from mnistgui.core.predict import Predictor
from mnistgui.core.preprocess import preprocess_strokes, save_strokes
from mnistgui.core.samples import holdout_mask
from mnistgui.core.synth import writer_samples
from mnistgui.core.train import Finished, Snapshot


@pytest.fixture(scope="module")
def base():
    return Predictor.load()


@pytest.fixture(scope="module")
def writer(base):
    samples = writer_samples(10, seed=1)
    imgs = np.stack([preprocess_strokes(s.strokes, base.preprocess, s.meta["pen_width"]).image for s in samples])
    images = torch.from_numpy(np.round(imgs * 255).astype(np.uint8))
    labels = torch.tensor([s.label for s in samples])
    return samples, images, labels, holdout_mask(labels.tolist())


def mnist_parts(d):
    return (d.train_images[:2000], d.train_labels[:2000]), (d.train_images[2000:2600], d.train_labels[2000:2600])


@pytest.mark.parametrize("strategy", ["replay", "full", "head"])
def test_each_strategy_adapts_to_the_writer(base, writer, mnist_small, strategy):
    _, images, labels, mask = writer
    tr, ev = mnist_parts(mnist_small)
    t = FineTuner(base.model, FinetuneConfig(strategy=strategy, steps=60, eval_every=30), images, labels, mask,
                  preprocess=base.preprocess, mnist_train=tr, mnist_eval=ev)
    events = list(t.run())
    evals = [e for e in events if isinstance(e, FinetuneEval)]
    assert [e.step for e in evals] == [0, 30, 60]
    assert isinstance(events[-1], Finished) and isinstance(events[-2], Snapshot)
    assert evals[-1].personal_train_accuracy > evals[0].personal_train_accuracy
    assert evals[-1].heldout_accuracy >= evals[0].heldout_accuracy
    # the base model is untouched
    x = torch.zeros(1, 1, 28, 28)
    assert torch.equal(base.model(x), Predictor.load().model(x))
    if strategy == "head":
        tuned = t.tuned_model()
        for (n, p0), p1 in zip(base.model.features.named_parameters(), tuned.features.parameters()):
            assert torch.equal(p0, p1), n


def test_heldout_samples_are_never_trained_on(base, writer):
    _, images, labels, mask = writer
    t = FineTuner(base.model, FinetuneConfig(strategy="full", steps=5), images, labels, mask,
                  preprocess=base.preprocess)
    assert t.train_labels.numel() == 80 and t.heldout_labels.numel() == 20
    held = images[torch.as_tensor(mask)]
    for h in held:
        assert not any(torch.equal(h, x) for x in t.train_images)


def test_fine_tuning_halves_the_errors_and_keeps_mnist(base, writer, mnist_dir):
    from mnistgui.core.data import load_mnist

    _, images, labels, mask = writer
    d = load_mnist(mnist_dir, limit_test=3000)
    t = FineTuner(base.model, FinetuneConfig(), images, labels, mask, preprocess=base.preprocess,
                  mnist_train=(d.train_images[:20000], d.train_labels[:20000]),
                  mnist_eval=(d.train_images[55000:], d.train_labels[55000:]))
    list(t.run())
    held = torch.as_tensor(mask)
    c = compare(base.model, t.tuned_model(), images[held], labels[held], base.preprocess,
                (d.test_images, d.test_labels))
    assert (1 - c.tuned_heldout_accuracy) <= 0.5 * (1 - c.base_heldout_accuracy)
    assert c.base_mnist_accuracy - c.tuned_mnist_accuracy <= 0.005
    assert c.heldout_support == [2] * 10
    assert "held-out personal samples (20)" in c.summary()


def test_replay_needs_mnist_and_training_needs_samples(base, writer):
    _, images, labels, mask = writer
    with pytest.raises(TrainingError, match="replay"):
        FineTuner(base.model, FinetuneConfig(strategy="replay"), images, labels, mask)
    with pytest.raises(TrainingError, match="no personal samples"):
        FineTuner(base.model, FinetuneConfig(strategy="head"), images[:1], labels[:1], np.array([True]))


def test_stop_within_a_step(base, writer):
    _, images, labels, mask = writer
    t = FineTuner(base.model, FinetuneConfig(strategy="head", steps=100), images, labels, mask,
                  preprocess=base.preprocess)
    steps = []
    for ev in t.run():
        if hasattr(ev, "loss"):
            steps.append(ev.step)
            if ev.step == 4:
                t.control.stop()
    assert steps[-1] == 4


def test_cli_finetune_and_evaluate_strokes(base, writer, mnist_dir, tmp_path, capsys):
    samples = writer[0]
    f = tmp_path / "writer.json"
    save_strokes(f, samples)
    out = tmp_path / "tuned.pt"
    code = main(["finetune", "--samples", str(f), "--out", str(out), "--data", str(mnist_dir),
                 "--steps", "60", "--json"])
    assert code == 0
    lines = [json.loads(l) for l in capsys.readouterr().out.splitlines()]
    summary = lines[-1]
    assert summary["event"] == "summary" and summary["tuned_heldout_accuracy"] >= summary["base_heldout_accuracy"]
    ck = load_checkpoint(out)
    assert ck.provenance["kind"] == "finetune" and ck.provenance["config"]["strategy"] == "replay"
    assert ck.metrics["comparison"]["heldout_count"] == 20
    assert main(["evaluate", "--model", str(out), "--strokes", str(f), "--json"]) == 0
    ev = json.loads(capsys.readouterr().out)
    assert 0 <= ev["accuracy"] <= 1
    assert main(["finetune", "--samples", str(f), "--out", str(out)]) == 2
    assert "replay" in capsys.readouterr().err
