"""The Train tab's background work, as plain functions over the core (no Qt here).

They run in worker threads (:mod:`mnistgui.gui.worker`): the training run's event stream and a
test-set evaluation of a copy of the weights.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import numpy as np
import torch

from mnistgui.core.metrics import Report, evaluate
from mnistgui.core.preprocess import PreprocessConfig
from mnistgui.core.runs import RunError, RunRecorder, RunStore


def training_threads() -> int:
    """Intra-op threads for training and evaluation: every core but one, which the GUI thread
    needs to stay responsive (torch keeps the count per thread; the GUI thread's own readings
    use one)."""
    return max(1, (os.cpu_count() or 1) - 1)


def train_events(recorder: RunRecorder, threads: int):
    """The training thread's event stream (this generator runs in the worker thread)."""
    torch.set_num_threads(threads)
    yield from recorder.events()


@dataclass
class EvaluationResult:
    run_id: str
    report: Report
    labels: np.ndarray
    epoch: int
    weights: str  # "best" or "latest"
    note: str = ""  # a problem saving it, if any


def evaluate_task(model, images, labels, pre: PreprocessConfig, store: RunStore, run_id: str, epoch: int,
                  weights: str, threads: int, progress, cancelled) -> EvaluationResult:
    """Evaluate ``model`` on the test set and store the evaluation with its run."""
    torch.set_num_threads(threads)
    report = evaluate(model, images, labels, pre)
    note = ""
    try:
        store.save_evaluation(run_id, report, labels.numpy(), epoch=epoch, weights=weights)
    except (RunError, OSError) as exc:
        note = str(exc)
    return EvaluationResult(run_id, report, labels.numpy(), epoch, weights, note)
