import json
from dataclasses import asdict

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
from mnistgui.core.events import Finished, Snapshot


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
    tuned = t.tuned_model()
    fresh = Predictor.load().model
    # the base model is untouched: every weight and statistic as loaded
    for (n, v0), v1 in zip(base.model.state_dict().items(), fresh.state_dict().values()):
        assert torch.equal(v0, v1), n
    # batch norm stays frozen: the tuned model keeps the base's running statistics
    bn = [k for k in fresh.state_dict() if "running_" in k or "num_batches_tracked" in k]
    assert bn
    for k in bn:
        assert torch.equal(tuned.state_dict()[k], fresh.state_dict()[k]), k
    changed = {n for n, v in tuned.state_dict().items() if not torch.equal(v, fresh.state_dict()[n])}
    assert any(n.startswith("classifier.") for n in changed)
    if strategy == "head":
        assert not any(n.startswith("features.") for n in changed)
    else:
        assert any(n.startswith("features.") for n in changed)


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
    # replay keeps MNIST: on this 3,000-image part of its test set, fine-tuning on one of the
    # synthetic writers costs 0.5-0.9 points (seeds 1-3, the shipped model); the target for real
    # writers, 0.3 points, is measured by bench/finetune_adaptation.py
    assert c.base_mnist_accuracy - c.tuned_mnist_accuracy <= 0.01
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
    # evaluate --strokes reads each drawing as the canvas is read, through the Predictor
    tuned = Predictor.load(out)
    assert main(["evaluate", "--model", str(out), "--strokes", str(f), "--json"]) == 0
    ev = json.loads(capsys.readouterr().out)
    by_canvas = np.mean([tuned.predict_canvas(s.strokes, None, s.meta["pen_width"]).digit == s.label for s in samples])
    assert ev["accuracy"] == pytest.approx(by_canvas) and sum(map(sum, ev["confusion"])) == 100
    assert main(["evaluate", "--strokes", str(f), "--json"]) == 0  # the shipped model, not tuned
    assert json.loads(capsys.readouterr().out)["accuracy"] < ev["accuracy"]
    assert main(["finetune", "--samples", str(f), "--out", str(out)]) == 2
    assert "replay" in capsys.readouterr().err


def test_the_cli_and_the_core_job_give_the_same_figures(base, writer, mnist_dir, tmp_path, capsys):
    from mnistgui.core.jobs import FinetuneJob, JobDone, MnistRequest, finetune_job, model_copy
    from mnistgui.core.samples import read_samples

    f = tmp_path / "writer.json"
    save_strokes(f, writer[0])
    code = main(["finetune", "--samples", str(f), "--out", str(tmp_path / "cli.pt"), "--data", str(mnist_dir),
                 "--steps", "30", "--seed", "4", "--device", "cpu", "--json"])
    assert code == 0
    lines = [json.loads(l) for l in capsys.readouterr().out.splitlines()]
    found = read_samples(f, base.preprocess)
    job = FinetuneJob(model_copy(base.model), base.checkpoint, base.preprocess,
                      FinetuneConfig(steps=30, seed=4, device="cpu"), found.images, found.labels, found.heldout,
                      str(f), mnist=MnistRequest(str(mnist_dir)), out=str(tmp_path / "job.pt"),
                      strokes=found.strokes)
    events = list(finetune_job(job))
    evals = [asdict(e) for e in events if isinstance(e, FinetuneEval)]
    cli_evals = [{k: v for k, v in l.items() if k != "event"} for l in lines if l["event"] == "eval"]
    for a, b in zip(cli_evals, evals, strict=True):
        assert {k: v for k, v in a.items() if k != "seconds"} == {k: v for k, v in b.items() if k != "seconds"}
    done = events[-1]
    assert isinstance(done, JobDone) and done.reason == "completed" and done.path == str(tmp_path / "job.pt")
    summary = {k: v for k, v in lines[-1].items() if k not in ("event", "out")}
    assert summary == done.comparison.to_dict()
    a, b = load_checkpoint(tmp_path / "cli.pt"), load_checkpoint(tmp_path / "job.pt")
    for k, v in a.state_dict.items():
        assert torch.equal(v, b.state_dict[k]), k


def test_the_job_works_on_a_small_mnist_subset(base, writer, mnist_dir, tmp_path):
    from mnistgui.core.jobs import FinetuneJob, JobDone, MnistRequest, Stage, finetune_job, mnist_parts, model_copy

    _, images, labels, mask = writer
    small = MnistRequest(str(mnist_dir), limit_train=1200, limit_test=300)
    (tr, _), (va, _), (te, _) = mnist_parts(small.load())
    assert (len(tr), len(va), len(te)) == (1000, 200, 300)
    job = FinetuneJob(model_copy(base.model), base.checkpoint, base.preprocess, FinetuneConfig(steps=10),
                      images, labels, mask, "writer", mnist=small, versions_dir=str(tmp_path / "versions"))
    events = list(finetune_job(job))
    assert [e.text for e in events if isinstance(e, Stage)][0] == "Loading MNIST…"
    done = events[-1]
    assert isinstance(done, JobDone) and done.version is not None and done.comparison.mnist_count == 300
    evals = [e for e in events if isinstance(e, FinetuneEval)]
    assert all(0 < e.mnist_accuracy for e in evals)  # measured on the 200 held back for validation
    from mnistgui.core.versions import VersionStore

    store = VersionStore(tmp_path / "versions")
    assert [v.id for v in store.versions()] == [done.version.id] and store.active_id == done.version.id


def test_a_stopped_job_saves_nothing(base, writer, tmp_path):
    from mnistgui.core.events import Control
    from mnistgui.core.jobs import FinetuneJob, JobDone, finetune_job, model_copy

    _, images, labels, mask = writer
    ctl = Control()
    job = FinetuneJob(model_copy(base.model), base.checkpoint, base.preprocess,
                      FinetuneConfig(strategy="head", steps=50), images, labels, mask, "writer",
                      out=str(tmp_path / "never.pt"))
    events = []
    for ev in finetune_job(job, ctl):
        events.append(ev)
        if hasattr(ev, "loss") and ev.step == 3:
            ctl.stop()
    assert isinstance(events[-1], JobDone) and events[-1].reason == "stopped" and events[-1].comparison is None
    assert not (tmp_path / "never.pt").exists()


def test_fine_tuning_honours_the_device_as_training_does(base, writer, monkeypatch):
    from mnistgui.core import step

    _, images, labels, mask = writer
    t = FineTuner(base.model, FinetuneConfig(strategy="head", steps=2, device="cpu"), images, labels, mask,
                  preprocess=base.preprocess)
    assert t.device == torch.device("cpu") and t.batch_step.device == t.device
    assert all(p.device.type == "cpu" for p in t.model.parameters())
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    monkeypatch.setattr(step, "_mps_available", lambda: False)
    with pytest.raises(TrainingError, match="CUDA"):
        FineTuner(base.model, FinetuneConfig(strategy="head", device="cuda"), images, labels, mask)
    assert FineTuner(base.model, FinetuneConfig(strategy="head", device="auto"), images, labels,
                     mask).device == torch.device("cpu")
    with pytest.raises(ValueError, match="device"):
        FinetuneConfig(device="tpu")


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA GPU")
def test_fine_tuning_on_the_gpu_gives_a_cpu_model_like_the_cpus(base, writer):
    _, images, labels, mask = writer
    runs = {}
    for device in ("cpu", "cuda"):
        t = FineTuner(base.model, FinetuneConfig(strategy="head", steps=20, device=device, augment=False),
                      images, labels, mask, preprocess=base.preprocess)
        assert next(t.model.parameters()).device.type == device
        evals = [e for e in t.run() if isinstance(e, FinetuneEval)]
        runs[device] = (evals[-1], t.tuned_model())
    assert next(runs["cuda"][1].parameters()).device.type == "cpu"
    assert abs(runs["cuda"][0].personal_train_accuracy - runs["cpu"][0].personal_train_accuracy) <= 0.05


def test_drawings_are_redrawn_with_variation_and_held_out_ones_never(base, writer, mnist_small):
    samples, images, labels, mask = writer
    strokes = [s.strokes for s in samples]
    strokes[0] = None  # a sample that came as an image has nothing to re-draw
    cfg = FinetuneConfig(strategy="full", steps=4, stroke_variants=3)
    t = FineTuner(base.model, cfg, images, labels, mask, preprocess=base.preprocess, personal_strokes=strokes)
    trained = [i for i in range(len(samples)) if not mask[i] and strokes[i] is not None]
    assert t.stroke_pool.images.shape[0] == 3 * len(trained)
    assert t.stroke_pool.labels.tolist() == [int(labels[i]) for i in trained] * 3
    # every re-drawing differs from the sample as it was drawn
    for j, i in enumerate(trained[:10]):
        assert not torch.equal(t.stroke_pool.images[j], images[i])
    list(t.run())
    off = FineTuner(base.model, FinetuneConfig(strategy="full", steps=4, stroke_variants=0), images, labels, mask,
                    preprocess=base.preprocess, personal_strokes=strokes)
    assert off.stroke_pool is None


def test_with_too_few_held_out_the_result_is_cross_validated_over_every_sample(base, writer, tmp_path):
    from mnistgui.core.finetune import fold_of
    from mnistgui.core.jobs import FinetuneJob, JobDone, Stage, finetune_job, model_copy

    samples, images, labels, _ = writer
    # two drawings of each digit: every fifth is held out, so none is
    pick = np.concatenate([np.nonzero(labels.numpy() == d)[0][:2] for d in range(10)])
    few_images, few_labels = images[pick], labels[pick]
    mask = holdout_mask(few_labels.tolist())
    assert not mask.any()
    job = FinetuneJob(model_copy(base.model), base.checkpoint, base.preprocess,
                      FinetuneConfig(strategy="head", steps=10), few_images, few_labels, mask, "writer",
                      versions_dir=str(tmp_path / "versions"))
    events = list(finetune_job(job))
    done = events[-1]
    assert isinstance(done, JobDone) and done.reason == "completed"
    c = done.comparison
    assert c.method == "5-fold cross-validation" and c.cross_validated and c.heldout_count == 20
    assert 0.0 <= c.base_heldout_accuracy <= 1.0 and 0.0 <= c.tuned_heldout_accuracy <= 1.0
    assert sum(c.heldout_support) == 20 and all(s == 2 for s in c.heldout_support)
    stages = [e.text for e in events if isinstance(e, Stage)]
    assert sum("Measuring on your writing: fine-tune" in t for t in stages) == 5
    assert "cross-validation" in c.summary()
    # the folds: every digit spread over them, and of even size
    folds = fold_of(few_labels.numpy(), 5)
    assert sorted(np.bincount(folds, minlength=5).tolist()) == [4, 4, 4, 4, 4]
    for d in range(10):
        assert len(set(folds[few_labels.numpy() == d].tolist())) == 2  # a digit's two samples in two folds
