"""The app's workflows, each one function or generator that the command line and the GUI share.

- Training: :func:`start_train_run` makes a run folder in a :class:`~mnistgui.core.runs.RunStore`
  with its :class:`~mnistgui.core.train.Trainer` and :class:`~mnistgui.core.runs.RunRecorder`;
  :func:`train_job` yields the recorded run's events, and can end with a test evaluation kept
  with the run and a copy of its checkpoint written where the caller asks. A run made by
  ``mnistgui train`` is a run like any other in the Train tab's list. A run that mixes synthetic
  or pen-recorded digits into its batches renders them all before its first batch (tens of
  seconds to minutes): :func:`prepare_run_task` makes it as a task for a worker thread.
  :func:`training_threads` is how many intra-op threads training and evaluation use. In a
  distributed run (``torchrun ... -m mnistgui train``) every process trains, and the first alone
  keeps the run folder and writes the checkpoint; the others' runs have no folder.
- Evaluation: :func:`evaluate_run` measures a run's model on the test set and keeps the result
  with the run (:func:`evaluate_task` as a task for a worker thread); :func:`evaluate_samples`
  reads labelled drawings through a :class:`~mnistgui.core.predict.Predictor`, exactly as the app
  reads the canvas.
- Recipes: :func:`recipe_of` reads the recipe a model was trained with, to train it again.
- Fine-tuning: :func:`finetune_job` loads MNIST (one shared copy), splits it, fine-tunes,
  measures the base and the tuned model side by side and saves the result, as a model version or
  a file; :func:`compare_models` measures two saved models the same way.

Everything they yield or return is plain data; they run in whatever thread iterates them.
"""

from __future__ import annotations

import copy
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator, Sequence

import numpy as np
import torch

from mnistgui.core.canvas import preprocess_canvas
from mnistgui.core.checkpoint import Checkpoint, load_checkpoint, save_checkpoint
from mnistgui.core.data import MnistData, shared_mnist, split_indices
from mnistgui.core.errors import Cancelled, CheckpointError, DataError, PreprocessError, TrainingError
from mnistgui.core.events import Control, Event, Failed, Finished, Snapshot
from mnistgui.core.finetune import (
    CV_FOLDS,
    MIN_HELDOUT,
    Comparison,
    FinetuneConfig,
    FineTuner,
    compare,
    comparison_from_predictions,
    cross_validate,
    finetune_checkpoint,
)
from mnistgui.core.metrics import Report, evaluate, report_from_logits
from mnistgui.core.model import DigitCNN
from mnistgui.core.predict import Predictor
from mnistgui.core.preprocess import PreprocessConfig, StrokeSample
from mnistgui.core.runs import RunError, RunInfo, RunRecorder, RunStore
from mnistgui.core.train import TrainConfig, Trainer
from mnistgui.core.versions import ModelVersion, VersionStore

#: what the Train tab records as the command that made a run
TRAIN_TAB_COMMAND = "mnistgui (Train tab)"


def training_threads(drawing: bool = False) -> int:
    """Intra-op threads for training and evaluation: every core, or while the user may be
    drawing every core but one, which the GUI thread needs to read strokes as they are drawn
    (torch keeps the count per thread; the GUI thread's own readings use one)."""
    cores = os.cpu_count() or 1
    return max(1, cores - 1) if drawing else cores


class ThreadBudget:
    """How many threads a run in the app trains with, asked before every batch (``train_job``'s
    ``threads``): the GUI sets :attr:`drawing` while a page the user draws on is shown."""

    def __init__(self, drawing: bool = False) -> None:
        self.drawing = drawing

    def __call__(self) -> int:
        return training_threads(self.drawing)


def model_copy(model: DigitCNN) -> DigitCNN:
    """A copy of ``model`` in eval mode, for a job in another thread (the caller keeps reading
    with the original)."""
    return copy.deepcopy(model).eval()


# ---------------------------------------------------------------------------------------------
# Training


@dataclass
class TrainRun:
    """A training run and the folder that records it (``info`` and ``recorder`` are None in
    the processes of a distributed run other than the first, which keep no folder)."""

    store: RunStore
    info: RunInfo | None
    trainer: Trainer
    recorder: RunRecorder | None

    def continue_for(self, epochs: int, lr: float | None = None) -> None:
        """Plan ``epochs`` more epochs (at peak learning rate ``lr``, if given) in the same run
        folder, its curves going on from where they stopped; then run :func:`train_job` again."""
        self.trainer.extend(epochs)
        if lr is not None:
            self.trainer.set_lr(lr)
        self.trainer.control = Control()
        self.recorder = RunRecorder(self.store, self.info, self.trainer, command=self.recorder.command,
                                    batches=self.recorder.batches)


@dataclass(frozen=True)
class RunEvaluation:
    """A test evaluation of a run's weights, as kept with the run."""

    run_id: str
    report: Report
    labels: np.ndarray
    epoch: int
    weights: str  # "best" or "latest"
    note: str = ""  # why it could not be kept with the run, if it could not


@dataclass(frozen=True)
class TrainDone:
    """The last event of :func:`train_job`."""

    finished: Finished
    run: RunInfo | None  # as recorded at the end (None where the run keeps no folder)
    evaluation: RunEvaluation | None  # the test evaluation, when one was asked for and possible
    out: str  # where the checkpoint was copied, or ""


def start_train_run(store: RunStore, config: TrainConfig, data: MnistData, *, train_count: int | None = None,
                    name: str = "", command: str = TRAIN_TAB_COMMAND, control: Control | None = None,
                    resume: Checkpoint | None = None, cancelled=None) -> TrainRun:
    """A new run of ``config`` on the first ``train_count`` training images of ``data`` (all by
    default), ``config.val_size`` of them set aside for validation by the config's seed.

    ``resume`` is a checkpoint with a trainer state (from ``mnistgui train`` or a run folder):
    training goes on from it up to ``config.epochs`` epochs, recorded in the new run.
    ``cancelled`` is asked while the trainer renders the digits it mixes in (see
    :class:`~mnistgui.core.train.Trainer`).
    """
    n = int(data.train_labels.shape[0]) if train_count is None else int(train_count)
    if not 0 < n <= data.train_labels.shape[0]:
        raise TrainingError(f"{n} training images asked for, but MNIST has {data.train_labels.shape[0]}")
    if config.val_size >= n:
        raise TrainingError(f"a validation set of {config.val_size} images leaves no training images out of {n}; "
                            "make it smaller")
    tr_idx, va_idx = split_indices(n, config.val_size, config.seed)
    images, labels = data.train_images[:n], data.train_labels[:n]
    trainer = Trainer(config, images[tr_idx], labels[tr_idx], images[va_idx], labels[va_idx], control=control,
                      cancelled=cancelled)
    if resume is not None:
        if resume.trainer_state is None:
            raise TrainingError(f"{resume.name or 'the checkpoint'} holds no training state to resume from")
        trainer.load_state(resume.trainer_state)
        if trainer.epoch >= config.epochs:
            raise TrainingError(f"the run to resume already has {trainer.epoch} epochs; ask for more than that")
        trainer.total_epochs = config.epochs
    if not trainer.world.main:
        return TrainRun(store, None, trainer, None)
    info = store.create(config, name=name, data={"data": data.source, "train_size": int(len(tr_idx)),
                                                 "val_size": int(len(va_idx)),
                                                 "test_size": int(data.test_labels.shape[0])})
    return TrainRun(store, info, trainer, RunRecorder(store, info, trainer, command=command))


def needs_preparation(cfg: TrainConfig) -> bool:
    """The run renders digits to mix into its batches before it can start."""
    return cfg.synthetic > 0 or cfg.pen > 0


def preparation_text(cfg: TrainConfig, pen_digits: int | None = None) -> str:
    """What a run prepares before its first batch, for the user ("Preparing 4,408 …")."""
    parts = []
    if cfg.pen > 0:
        what = f"{pen_digits:,} pen-recorded digits" if pen_digits is not None else "the pen-recorded digits"
        parts.append(f"{what} ({cfg.pen_variants} rendering{'s' if cfg.pen_variants != 1 else ''} each)")
    if cfg.synthetic > 0:
        parts.append(f"{cfg.synthetic_pool:,} synthetic digits")
    return f"Preparing {' and '.join(parts)}…"


def prepare_run_task(store: RunStore, cfg: TrainConfig, data: MnistData, train_count: int, control: Control,
                     progress, cancelled) -> TrainRun | None:
    """:func:`start_train_run` as a task for a worker thread (``progress`` gets a line of text,
    ``cancelled`` is asked): the run's trainer renders the digits it mixes into its batches as it
    is made. None when cancelled (no run is kept)."""
    from mnistgui.core.handwriting import load_pen_digits

    pen_digits = len(load_pen_digits(cfg.pen_data)) if cfg.pen > 0 else None
    progress(preparation_text(cfg, pen_digits))
    if cancelled():
        return None
    try:
        run = start_train_run(store, cfg, data, train_count=train_count, control=control, cancelled=cancelled)
    except Cancelled:
        return None
    if cancelled():
        store.delete(run.info.id)
        return None
    return run


def evaluate_run(store: RunStore, run_id: str, model: torch.nn.Module, images: torch.Tensor, labels: torch.Tensor,
                 preprocess: PreprocessConfig, *, epoch: int, weights: str = "best", world=None) -> RunEvaluation:
    """Evaluate ``model`` (a run's weights from ``epoch``) on test images and keep the result
    with the run: for the best weights, its figures become the run's (and its model's) test
    metrics. A failure to keep it is reported in :attr:`RunEvaluation.note`, not raised.
    ``world``: the processes of a distributed run share the evaluation out."""
    report = evaluate(model, images, labels, preprocess, world=world)
    note = ""
    try:
        store.save_evaluation(run_id, report, labels.numpy(), epoch=epoch, weights=weights)
    except (RunError, OSError) as exc:
        note = str(exc)
    return RunEvaluation(run_id, report, labels.numpy(), epoch, weights, note)


def evaluate_task(model, images, labels, pre: PreprocessConfig, store: RunStore, run_id: str, epoch: int,
                  weights: str, threads: int, progress, cancelled) -> RunEvaluation:
    """:func:`evaluate_run` of ``model`` with ``threads`` intra-op threads, as a task for a
    worker thread (``progress`` and ``cancelled`` go unused: an evaluation takes seconds)."""
    torch.set_num_threads(threads)
    return evaluate_run(store, run_id, model, images, labels, pre, epoch=epoch, weights=weights)


def train_job(run: TrainRun, *, test: tuple[torch.Tensor, torch.Tensor] | None = None,
              out: str | Path | None = None,
              threads: int | Callable[[], int] | None = None) -> Iterator[Event | TrainDone]:
    """Train ``run`` (recorded in its folder) until it finishes, is stopped or fails.

    With ``out``, the run's checkpoint is copied there after every epoch (so a crash keeps the
    best model so far) and at the end. With ``test`` (images, labels), the best weights are
    evaluated at the end (:func:`evaluate_run`). Ends with :class:`TrainDone`, after a
    :class:`~mnistgui.core.events.Finished`; a :class:`~mnistgui.core.events.Failed` ends it
    early. ``threads`` sets torch's intra-op threads of the iterating thread: a number, or a
    function asked before every batch (the app gives training every core while nobody draws).

    In a distributed run every process iterates this; the first alone records the run and
    writes ``out``, and the test evaluation is shared out among them.
    """
    threads_now = threads if callable(threads) else (lambda: threads)
    store, trainer = run.store, run.trainer
    main = run.recorder is not None
    finished: Finished | None = None
    for ev in _with_threads(run.recorder.events() if main else trainer.run(), threads_now):
        if isinstance(ev, Snapshot) and out is not None and main:
            store.export_model(run.info.id, out)
        yield ev
        if isinstance(ev, Failed):
            return
        if isinstance(ev, Finished):
            finished = ev
    assert finished is not None
    evaluation = None
    if test is not None and trainer.best_state is not None:
        if main:
            evaluation = evaluate_run(store, run.info.id, trainer.best_model(), test[0], test[1],
                                      trainer.preprocess, epoch=trainer.best_epoch, world=trainer.world)
            if out is not None:
                store.export_model(run.info.id, out)
        else:  # this process's share of the first one's evaluation
            evaluate(trainer.best_model(), test[0], test[1], trainer.preprocess, world=trainer.world)
    yield TrainDone(finished, store.get(run.info.id) if main else None, evaluation,
                    str(out) if out is not None and main else "")


def _with_threads(events: Iterator[Event], threads: Callable[[], int | None]) -> Iterator[Event]:
    """``events``, with torch's intra-op threads set to ``threads()`` before each is made."""
    current = None
    try:
        while True:
            want = threads()
            if want is not None and want != current:
                torch.set_num_threads(want)
                current = want
            try:
                ev = next(events)
            except StopIteration:
                return
            yield ev
    finally:
        events.close()  # a caller that stops iterating stops the run (its folder says so)


# ---------------------------------------------------------------------------------------------
# Recipes

#: Two epochs at a larger batch and rate, lighter augmentation, in the device's fastest
#: precision: 99% on MNIST's test set, aimed at under 20 s on a quiet 2-core CPU, evaluations
#: included (bench/time_to_accuracy.py --preset quick); the default recipe trains longer, for a
#: model that reads drawings more robustly.
QUICK_RECIPE = TrainConfig(epochs=2, batch_size=256, lr=5e-3, warmup=0.1, augment_strength=0.5)
#: the recipes ``mnistgui train --preset`` starts from
PRESETS = {"default": TrainConfig(), "quick": QUICK_RECIPE}


@dataclass(frozen=True)
class Recipe:
    """How a model was trained, to train it again."""

    config: TrainConfig
    name: str  # the model's ("" for the default settings)
    train_images: int | None = None  # the MNIST training images its run used (validation included)


def recipe_of(path: str | os.PathLike) -> Recipe:
    """The recipe recorded in a checkpoint (its provenance's config); CheckpointError when it
    holds none that can be trained again here."""
    ckpt = load_checkpoint(path)
    name = ckpt.name or Path(path).stem
    prov = ckpt.provenance or {}
    if prov.get("kind") == "finetune":
        base = prov.get("base") or "another model"
        raise CheckpointError(f"{name} was fine-tuned from {base}, not trained from scratch: "
                              f"choose {base} for the recipe")
    raw = prov.get("config")
    if not isinstance(raw, dict) or "arch" not in raw:
        raise CheckpointError(f"{name} does not record how it was trained")
    try:
        cfg = TrainConfig.from_dict(raw)
    except (TypeError, ValueError) as exc:
        raise CheckpointError(f"the recipe recorded in {name} cannot be used ({exc})") from None
    train, val = prov.get("train_size"), prov.get("val_size")
    n = int(train) + int(val) if isinstance(train, int) and isinstance(val, int) else None
    return Recipe(cfg, name, n)


# ---------------------------------------------------------------------------------------------
# Evaluating drawings


def evaluate_samples(predictor: Predictor, samples: Sequence[StrokeSample]) -> Report:
    """How well ``predictor`` reads labelled drawings, each read as the canvas would be
    (:meth:`Predictor.predict_canvas`'s preprocessing and probabilities)."""
    if not samples:
        raise PreprocessError("there are no samples to evaluate")
    unlabelled = [i for i, s in enumerate(samples) if s.label is None]
    if unlabelled:
        raise PreprocessError(f"samples without a label (first: sample {unlabelled[0]}); "
                              "every sample needs one to evaluate")
    images = []
    for i, s in enumerate(samples):
        try:
            images.append(preprocess_canvas(s.strokes, None, s.meta.get("pen_width"), predictor.preprocess).image)
        except PreprocessError as exc:
            raise PreprocessError(f"sample {i}: {exc}") from None
    probs = predictor.probabilities(np.stack(images))
    logits = torch.from_numpy(np.log(np.clip(probs, 1e-12, 1.0)))
    return report_from_logits(logits, torch.tensor([int(s.label) for s in samples]))


# ---------------------------------------------------------------------------------------------
# Fine-tuning

#: MNIST validation images set aside from its training set for the fine-tuning's live curve
MNIST_VAL_SIZE = 5000


@dataclass(frozen=True)
class MnistRequest:
    """Where MNIST is and how much of it to use (None: all)."""

    folder: str
    limit_train: int | None = None
    limit_test: int | None = None

    def load(self) -> MnistData:
        return shared_mnist(self.folder, limit_train=self.limit_train, limit_test=self.limit_test)


def mnist_parts(data: MnistData, val_size: int = MNIST_VAL_SIZE):
    """(train, validation, test) pairs of MNIST tensors, the validation part split off the
    training images (at most a sixth of them, so a small MNIST subset still works)."""
    n = int(data.train_labels.numel())
    if n == 0:
        raise DataError(f"MNIST in {data.source} has no training images to fine-tune with")
    tr, va = split_indices(n, min(val_size, n // 6), 0)
    return ((data.train_images[tr], data.train_labels[tr]), (data.train_images[va], data.train_labels[va]),
            (data.test_images, data.test_labels))


@dataclass(frozen=True)
class Stage:
    """What the job is doing now, for a status line."""

    text: str


@dataclass(frozen=True)
class JobDone:
    """A fine-tuning ended. ``comparison`` is None when it was stopped (nothing is saved then);
    ``version`` is the new model version when it was saved in a version store."""

    reason: str
    comparison: Comparison | None
    version: ModelVersion | None
    path: str
    seconds: float


@dataclass
class FinetuneJob:
    """A fine-tuning of ``base_model`` on labelled samples, saved in ``versions_dir`` (a
    :class:`~mnistgui.core.versions.VersionStore`) or to the file ``out``."""

    base_model: DigitCNN  # a copy of its own (see model_copy): the job trains from it
    base_checkpoint: Checkpoint | None  # the base's checkpoint (its name and history are recorded)
    preprocess: PreprocessConfig
    config: FinetuneConfig
    images: torch.Tensor  # uint8 (N, 28, 28)
    labels: torch.Tensor
    heldout: np.ndarray  # bool (N,)
    samples_desc: str  # where the samples came from
    mnist: MnistRequest | None = None
    versions_dir: str | None = None
    version_name: str = "fine-tuned v{id}"
    out: str | None = None
    name: str = ""  # the checkpoint's name (a version is named by version_name)
    command: str = ""  # the command line that asked for it, if any
    strokes: list | None = None  # per sample its strokes, or None: drawings are re-drawn to vary them

    def __post_init__(self) -> None:
        if (self.versions_dir is None) == (self.out is None):
            raise ValueError("a fine-tuning job saves to a versions folder or to a file: give one of them")


def finetune_job(job: FinetuneJob, control: Control | None = None) -> Iterator:
    """Load MNIST if asked, fine-tune, compare, save: yields :class:`Stage` s, the fine-tuner's
    events (:class:`~mnistgui.core.finetune.FinetuneEval`, batch metrics, ...) and a last
    :class:`JobDone` (unless a :class:`~mnistgui.core.events.Failed` ends it)."""
    mnist_train = mnist_eval = mnist_test = None
    if job.mnist is not None:
        yield Stage("Loading MNIST…")
        mnist_train, mnist_eval, mnist_test = mnist_parts(job.mnist.load())
    yield Stage("Fine-tuning…")
    tuner = FineTuner(job.base_model, job.config, job.images, job.labels, job.heldout, preprocess=job.preprocess,
                      mnist_train=mnist_train, mnist_eval=mnist_eval, control=control,
                      personal_strokes=job.strokes)
    finished: Finished | None = None
    for ev in tuner.run():
        if isinstance(ev, Finished):
            finished = ev
        yield ev
        if isinstance(ev, Failed):
            return
    seconds = finished.seconds if finished else 0.0
    if finished is None or finished.reason != "completed":
        yield JobDone("stopped", None, None, "", seconds)
        return
    yield Stage("Measuring the base and the fine-tuned model" + (" on MNIST's test set…" if mnist_test else "…"))
    held = torch.as_tensor(np.asarray(job.heldout, dtype=bool))
    comp = compare(job.base_model, tuner.tuned_model(), job.images[held], job.labels[held], job.preprocess,
                   mnist_test)
    if int(held.sum()) < MIN_HELDOUT and job.labels.numel() >= 2:
        # too few held out for a figure on the user's writing: cross-validate over every sample
        result = None
        for item in cross_validate(job.base_model, job.config, job.images, job.labels, preprocess=job.preprocess,
                                   mnist_train=mnist_train, strokes=job.strokes, control=control):
            if isinstance(item[0], int):
                yield Stage(f"Measuring on your writing: fine-tune {item[0] + 1} of {item[1]}, each leaving "
                            f"a {'fifth' if item[1] == 5 else f'1/{item[1]}'} of your samples out to read…")
            else:
                result = item
        if result is None:  # stopped while measuring: the fine-tune itself is not kept either
            yield JobDone("stopped", None, None, "", seconds)
            return
        k = min(CV_FOLDS, int(job.labels.numel()))
        comp = comparison_from_predictions(job.labels, *result, f"{k}-fold cross-validation", comp)
    yield Stage("Saving the new version…" if job.versions_dir is not None else "Saving…")
    ckpt = finetune_checkpoint(job.base_checkpoint, tuner, comp, name=job.name, samples=job.samples_desc,
                               command=job.command)
    version = None
    if job.versions_dir is not None:
        store = VersionStore(job.versions_dir)
        version = store.add(ckpt, activate=True, name=job.version_name)
        path = store.path(version.id)
    else:
        path = save_checkpoint(job.out, ckpt)
    yield JobDone("completed", comp, version, str(path), seconds)


@dataclass(frozen=True)
class ModelSpec:
    """A model to measure: a checkpoint file, or a copy of a model in memory."""

    label: str
    path: str | None = None
    model: DigitCNN | None = None
    preprocess: PreprocessConfig | None = None

    def load(self) -> tuple[DigitCNN, PreprocessConfig]:
        if self.path:
            p = Predictor.load(self.path)
            return p.model, p.preprocess
        if self.model is None:
            raise ValueError("a model spec needs a path or a model")
        return self.model, self.preprocess or PreprocessConfig()


@dataclass(frozen=True)
class CompareResult:
    before_label: str
    after_label: str
    comparison: Comparison


def compare_models(before: ModelSpec, after: ModelSpec, images: torch.Tensor, labels: torch.Tensor,
                   mnist: MnistRequest | None = None, *, progress=None, cancelled=None) -> CompareResult:
    """Two models side by side on held-out samples and, with ``mnist``, on MNIST's test set
    (``progress`` gets a line of text per stage; the arguments fit a task worker)."""
    say = progress or (lambda text: None)
    test = None
    if mnist is not None:
        say("Loading MNIST…")
        data = mnist.load()
        test = (data.test_images, data.test_labels)
    say("Measuring both models…")
    a, pre = before.load()
    b, _ = after.load()
    return CompareResult(before.label, after.label, compare(a, b, images, labels, pre, test))
