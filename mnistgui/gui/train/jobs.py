"""The Train tab's thread policy, its background tasks and its recipes, over the core's jobs
(no Qt here).

Training itself is :func:`mnistgui.core.jobs.train_job`; a test evaluation is
:func:`mnistgui.core.jobs.evaluate_run`, run here with the tab's share of the cores. A run that
mixes synthetic or pen-recorded digits into its batches renders them all before its first batch
(tens of seconds to minutes): :func:`prepare_run_task` does that in a worker thread.
:func:`recipe_of` reads the recipe a model was trained with, to train it again.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import torch

from mnistgui.core.checkpoint import load_checkpoint
from mnistgui.core.data import MnistData
from mnistgui.core.errors import CheckpointError
from mnistgui.core.events import Control
from mnistgui.core.jobs import RunEvaluation, TrainRun, evaluate_run, start_train_run
from mnistgui.core.preprocess import PreprocessConfig
from mnistgui.core.runs import RunStore
from mnistgui.core.train import TrainConfig


def training_threads() -> int:
    """Intra-op threads for training and evaluation: every core but one, which the GUI thread
    needs to stay responsive (torch keeps the count per thread; the GUI thread's own readings
    use one)."""
    return max(1, (os.cpu_count() or 1) - 1)


def evaluate_task(model, images, labels, pre: PreprocessConfig, store: RunStore, run_id: str, epoch: int,
                  weights: str, threads: int, progress, cancelled) -> RunEvaluation:
    """Evaluate ``model`` on the test set and keep the evaluation with its run (a task for a
    :class:`~mnistgui.gui.worker.TaskWorker`)."""
    torch.set_num_threads(threads)
    return evaluate_run(store, run_id, model, images, labels, pre, epoch=epoch, weights=weights)


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
    """:func:`~mnistgui.core.jobs.start_train_run` in a worker thread: the run's trainer renders
    the digits it mixes into its batches as it is made. None when cancelled (no run is kept)."""
    from mnistgui.core.handwriting import load_pen_digits

    pen_digits = len(load_pen_digits(cfg.pen_data)) if cfg.pen > 0 else None
    progress(preparation_text(cfg, pen_digits))
    if cancelled():
        return None
    run = start_train_run(store, cfg, data, train_count=train_count, control=control)
    if cancelled():
        store.delete(run.info.id)
        return None
    return run


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
