"""The Train tab's thread policy and its evaluation task, over the core's jobs (no Qt here).

Training itself is :func:`mnistgui.core.jobs.train_job`; a test evaluation is
:func:`mnistgui.core.jobs.evaluate_run`, run here with the tab's share of the cores.
"""

from __future__ import annotations

import os

import torch

from mnistgui.core.jobs import RunEvaluation, evaluate_run
from mnistgui.core.preprocess import PreprocessConfig
from mnistgui.core.runs import RunStore


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
