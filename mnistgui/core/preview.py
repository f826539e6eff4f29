"""Live predictions on a fixed grid of test digits while a model trains (as ConvNetJS shows them).

:func:`grid_picks` chooses the digits once per run (the same ones every epoch, so the change is the
model's); :class:`GridPredictor` owns a model of its own, loads each epoch's
:class:`~mnistgui.core.events.Snapshot` (a CPU copy of the weights) into it and reads the grid: one
forward pass of a few dozen 28x28 images. :func:`with_grid_readings` does that in the training
thread, right after each snapshot, and hands the reading on as an event of its own: on a busy
machine the read takes tens of milliseconds (two frames or more on the GUI thread, once an epoch),
painting the grid a few (``bench/prediction_grid.py`` measures both). It never touches the model
that trains.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Iterator

import numpy as np
import torch

from mnistgui.core.events import Snapshot
from mnistgui.core.model import ModelConfig, build_model
from mnistgui.core.preprocess import PreprocessConfig
from mnistgui.core.train import predict_logits


def grid_picks(labels: np.ndarray | torch.Tensor, per_digit: int = 4, seed: int = 0) -> np.ndarray:
    """Indices of ``per_digit`` images of every digit, in rows of 0-9 (fewer where a digit has fewer)."""
    labels = np.asarray(labels)
    rng = np.random.default_rng(seed)
    by_digit = [rng.permutation(np.flatnonzero(labels == d))[:per_digit] for d in range(10)]
    out = [by_digit[d][i] for i in range(per_digit) for d in range(10) if i < len(by_digit[d])]
    return np.asarray(out, dtype=np.int64)


@dataclass(frozen=True)
class GridReading:
    epoch: int
    predictions: np.ndarray  # (N,) int
    confidence: np.ndarray  # (N,) probability of the predicted digit
    correct: np.ndarray  # (N,) bool

    @property
    def right(self) -> int:
        return int(self.correct.sum())


class GridPredictor:
    """Reads a fixed set of images with the weights of each snapshot, on a model of its own."""

    def __init__(self, config: ModelConfig, images_u8: torch.Tensor, labels: torch.Tensor,
                 preprocess: PreprocessConfig | None = None) -> None:
        self.model = build_model(config).eval()
        self.images = torch.as_tensor(images_u8, dtype=torch.uint8)
        self.labels = np.asarray(labels, dtype=np.int64)
        self.preprocess = preprocess or PreprocessConfig()

    def read(self, epoch: int, state_dict: dict) -> GridReading:
        """The grid read with ``state_dict`` (the weights of epoch ``epoch``)."""
        self.model.load_state_dict(state_dict)
        with torch.inference_mode():
            probs = torch.softmax(predict_logits(self.model, self.images, self.preprocess), 1).numpy()
        pred = probs.argmax(1)
        return GridReading(int(epoch), pred, probs[np.arange(len(pred)), pred], pred == self.labels)


def with_grid_readings(make_events: Callable[[], Iterator[Any]], grid: GridPredictor) -> Iterator[Any]:
    """Every event of ``make_events()``, and after each :class:`Snapshot` the grid read with its
    weights (a :class:`GridReading`). Run it where the events are made (the training thread)."""
    for ev in make_events():
        yield ev
        if isinstance(ev, Snapshot):
            yield grid.read(ev.epoch, ev.state_dict)
