"""The plain events that training and fine-tuning yield, and the control that pauses or stops them.

Every event is a frozen dataclass of floats, ints, strings and CPU tensors, safe to hand to
another thread. :class:`Control` is the only thing another thread touches while a loop runs.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass


@dataclass(frozen=True)
class BatchMetrics:
    epoch: int  # 1-based
    batch: int  # 1-based within the epoch
    batches: int  # batches per epoch
    step: int  # global optimiser step, 1-based
    loss: float
    accuracy: float
    lr: float
    samples_per_s: float
    elapsed_s: float  # since the run (or its continuation) started


@dataclass(frozen=True)
class EpochMetrics:
    epoch: int
    epochs: int  # planned total
    train_loss: float
    train_accuracy: float
    val_loss: float
    val_accuracy: float
    lr: float
    best_epoch: int
    best_val_loss: float
    epochs_without_improvement: int
    patience: int
    seconds: float
    keep: str = "best"  # which epoch the run keeps: "best" (lowest validation loss) or "last"


@dataclass(frozen=True)
class Snapshot:
    """A CPU copy of the weights, safe to hand to another thread."""

    epoch: int
    state_dict: dict
    is_best: bool


@dataclass(frozen=True)
class Finished:
    reason: str  # "completed", "early-stopped", "stopped"
    epochs_run: int
    best_epoch: int
    best_val_loss: float
    best_val_accuracy: float
    seconds: float


@dataclass(frozen=True)
class Failed:
    message: str


Event = BatchMetrics | EpochMetrics | Snapshot | Finished | Failed


class Control:
    """Pause, resume and stop, from any thread; the training loop checks it every batch."""

    def __init__(self) -> None:
        self._running = threading.Event()
        self._running.set()
        self._stop = threading.Event()

    def pause(self) -> None:
        self._running.clear()

    def resume(self) -> None:
        self._running.set()

    def stop(self) -> None:
        self._stop.set()
        self._running.set()  # a paused loop must wake to see the stop

    @property
    def paused(self) -> bool:
        return not self._running.is_set()

    @property
    def stopped(self) -> bool:
        return self._stop.is_set()

    def wait_while_paused(self, timeout: float | None = None) -> None:
        self._running.wait(timeout)
