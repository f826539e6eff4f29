"""The Fine-tune tab's background work, as plain functions over the core (no Qt here).

:func:`finetune_events` is the generator the tab's :class:`~mnistgui.gui.worker.EventWorker`
drives: it loads MNIST if it is not loaded yet, runs the core's :class:`FineTuner`, measures the
base and the tuned model side by side with :func:`~mnistgui.core.finetune.compare`, and saves the
result as a new model version. :func:`compare_task` measures two saved models the same way, for a
:class:`~mnistgui.gui.worker.TaskWorker`. Everything they yield or return is plain data.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import numpy as np
import torch

from mnistgui.core.data import MnistData, load_mnist, split_indices
from mnistgui.core.finetune import Comparison, FinetuneConfig, FineTuner, compare, finetune_checkpoint
from mnistgui.core.model import DigitCNN
from mnistgui.core.predict import Predictor
from mnistgui.core.preprocess import PreprocessConfig
from mnistgui.core.train import Control, Failed, Finished
from mnistgui.core.versions import ModelVersion, VersionStore

#: MNIST validation images set aside from its training set for the live curve
MNIST_VAL_SIZE = 5000


@dataclass(frozen=True)
class MnistRequest:
    """Where MNIST is and how much of it to use (None: all)."""

    folder: str
    limit_train: int | None = None
    limit_test: int | None = None

    @property
    def key(self) -> tuple:
        return (str(Path(self.folder).expanduser().resolve()), self.limit_train, self.limit_test)


@dataclass(frozen=True)
class Stage:
    """What the job is doing now, for the status line."""

    text: str


@dataclass(frozen=True)
class MnistLoaded:
    key: tuple
    data: MnistData


@dataclass(frozen=True)
class JobDone:
    """The run ended. ``version`` is None when it was stopped (nothing is saved then)."""

    reason: str
    comparison: Comparison | None
    version: ModelVersion | None
    path: str
    seconds: float


@dataclass
class FinetuneJob:
    base_model: DigitCNN  # a copy of its own: the GUI keeps reading with the original
    base_checkpoint: object  # the base's Checkpoint (name and history recorded), or None
    preprocess: PreprocessConfig
    config: FinetuneConfig
    images: torch.Tensor  # uint8 (N, 28, 28)
    labels: torch.Tensor
    heldout: np.ndarray  # bool (N,)
    versions_dir: str
    samples_desc: str
    mnist: MnistRequest | None = None
    mnist_data: MnistData | None = None  # already loaded (skips the load)
    version_name: str = "fine-tuned v{id}"


def mnist_parts(data: MnistData, val_size: int = MNIST_VAL_SIZE):
    """(train, validation, test) pairs of MNIST tensors, validation split off training."""
    n = int(data.train_labels.numel())
    tr, va = split_indices(n, min(val_size, max(1, n // 6)), 0)
    return ((data.train_images[tr], data.train_labels[tr]), (data.train_images[va], data.train_labels[va]),
            (data.test_images, data.test_labels))


def load_mnist_for(req: MnistRequest) -> MnistData:
    return load_mnist(req.folder, limit_train=req.limit_train, limit_test=req.limit_test)


def finetune_events(job: FinetuneJob, control: Control) -> Iterator:
    """Load MNIST if needed, fine-tune, compare, save: yields the events the tab shows."""
    data = job.mnist_data
    if data is None and job.mnist is not None:
        yield Stage("Loading MNIST…")
        data = load_mnist_for(job.mnist)
        yield MnistLoaded(job.mnist.key, data)
    mnist_train = mnist_eval = mnist_test = None
    if data is not None:
        mnist_train, mnist_eval, mnist_test = mnist_parts(data)
    yield Stage("Fine-tuning…")
    tuner = FineTuner(job.base_model, job.config, job.images, job.labels, job.heldout,
                      preprocess=job.preprocess, mnist_train=mnist_train, mnist_eval=mnist_eval, control=control)
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
    where = " on MNIST's test set…" if mnist_test else "…"
    yield Stage(f"Measuring the base and the fine-tuned model{where}")
    held = torch.as_tensor(np.asarray(job.heldout, dtype=bool))
    tuned = tuner.tuned_model()
    comp = compare(job.base_model, tuned, job.images[held], job.labels[held], job.preprocess, mnist_test)
    yield Stage("Saving the new version…")
    ckpt = finetune_checkpoint(job.base_checkpoint, tuner, comp, name="", samples=job.samples_desc,
                               command="")
    store = VersionStore(job.versions_dir)
    version = store.add(ckpt, activate=True, name=job.version_name)
    yield JobDone("completed", comp, version, str(store.path(version.id)), seconds)


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
        return self.model, self.preprocess or PreprocessConfig()


@dataclass(frozen=True)
class CompareRequest:
    before: ModelSpec
    after: ModelSpec
    images: torch.Tensor  # held-out personal samples
    labels: torch.Tensor
    mnist: MnistRequest | None = None
    mnist_data: MnistData | None = None


@dataclass(frozen=True)
class CompareResult:
    before_label: str
    after_label: str
    comparison: Comparison
    mnist: MnistLoaded | None


def compare_task(req: CompareRequest, *, progress, cancelled) -> CompareResult:
    data = req.mnist_data
    loaded = None
    if data is None and req.mnist is not None:
        progress("Loading MNIST…")
        data = load_mnist_for(req.mnist)
        loaded = MnistLoaded(req.mnist.key, data)
    progress("Measuring both models…")
    a, pre = req.before.load()
    b, _ = req.after.load()
    test = (data.test_images, data.test_labels) if data is not None else None
    comp = compare(a, b, req.images, req.labels, pre, test)
    return CompareResult(req.before.label, req.after.label, comp, loaded)


def model_copy(model: DigitCNN) -> DigitCNN:
    """A copy for a worker thread: the GUI thread keeps reading with the original."""
    return copy.deepcopy(model).eval()
