"""Reading digits with a trained model: one path for the canvas, stroke files and images."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import numpy as np
import torch

from mnistgui.core.calibration import Calibration
from mnistgui.core.canvas import Background, preprocess_canvas
from mnistgui.core.checkpoint import Checkpoint, load_checkpoint
from mnistgui.core.errors import CheckpointError
from mnistgui.core.inference import FastForward
from mnistgui.core.resources import shipped_model_path  # noqa: F401 - callers import it from here too
from mnistgui.core.model import DigitCNN
from mnistgui.core.preprocess import (
    PreprocessConfig,
    PreprocessResult,
    Stroke,
    is_model_input,
    load_image,
    model_input,
    preprocess_image,
    to_model_input,
)

@dataclass
class Prediction:
    probabilities: np.ndarray  # (10,) float, calibrated
    preprocessed: PreprocessResult | None = None
    unsure_below: float = Calibration().unsure_below  # the model's unsure rule

    @property
    def digit(self) -> int:
        return int(np.argmax(self.probabilities))

    @property
    def confidence(self) -> float:
        return float(np.max(self.probabilities))

    @property
    def runner_up(self) -> int:
        return int(np.argsort(self.probabilities)[-2])

    @property
    def unsure(self) -> bool:
        return self.confidence < self.unsure_below


class Predictor:
    """A model plus the preprocessing it was trained with, on the CPU, in eval mode."""

    def __init__(self, model: DigitCNN, preprocess: PreprocessConfig, checkpoint: Checkpoint | None = None,
                 name: str = "", calibration: Calibration | None = None) -> None:
        # channels_last: the same arithmetic, but max-pooling and convolution over one small
        # image cost about a third less on the CPU than in the default layout
        self.model = model.eval().to(memory_format=torch.channels_last)
        self.preprocess = preprocess
        self.checkpoint = checkpoint
        self.name = name
        self.calibration = calibration or Calibration()
        self._forward: tuple[DigitCNN, FastForward] | None = None

    @classmethod
    def from_checkpoint(cls, ckpt: Checkpoint, name: str = "") -> "Predictor":
        try:
            cal = Calibration.from_dict(ckpt.calibration)
        except (TypeError, ValueError) as exc:
            raise CheckpointError(f"the checkpoint's calibration section is damaged ({exc})") from None
        return cls(ckpt.build_model(), ckpt.preprocess, ckpt, name or ckpt.name, cal)

    @classmethod
    def load(cls, path: str | os.PathLike | None = None) -> "Predictor":
        p = Path(path) if path is not None else shipped_model_path()
        ckpt = load_checkpoint(p)
        return cls.from_checkpoint(ckpt, ckpt.name or p.stem)

    @property
    def test_accuracy(self) -> float | None:
        if self.checkpoint is None:
            return None
        v = self.checkpoint.metrics.get("test_accuracy")
        return float(v) if v is not None else None

    def load_state_dict(self, state_dict: dict) -> None:
        """Take new weights (e.g. a training snapshot) for the same architecture."""
        self.model.load_state_dict(state_dict)
        self.model.eval()

    @torch.inference_mode()
    def probabilities(self, images28: np.ndarray) -> np.ndarray:
        """(N, 28, 28) preprocessed grey images in 0..1 -> (N, 10) calibrated probabilities."""
        if self._forward is None or self._forward[0] is not self.model:
            self._forward = (self.model, FastForward(self.model))
        x = to_model_input(images28, self.preprocess)
        return self.calibration.probabilities(self._forward[1](x)).numpy()

    def unsure(self, probabilities: np.ndarray) -> np.ndarray:
        """The model's unsure rule on (N, 10) probabilities from :meth:`probabilities`."""
        return self.calibration.unsure(probabilities)

    def predict_preprocessed(self, pre: PreprocessResult) -> Prediction:
        return Prediction(self.probabilities(pre.image[None])[0], pre, self.calibration.unsure_below)

    def predict_canvas(self, strokes: Sequence[Stroke], background: Background | np.ndarray | None = None,
                       pen_width: float | None = None) -> Prediction:
        """Read what a canvas holds (see :func:`~mnistgui.core.preprocess.preprocess_canvas`)."""
        return self.predict_preprocessed(preprocess_canvas(strokes, background, pen_width, self.preprocess))

    def predict_gray(self, gray: np.ndarray) -> Prediction:
        """Read a grey image: one that is already a model input (28x28) as it is, any other
        through the preprocessing."""
        if is_model_input(gray, self.preprocess):
            return self.predict_preprocessed(model_input(gray, self.preprocess))
        return self.predict_preprocessed(preprocess_image(gray, self.preprocess))

    def predict_file(self, path: str | os.PathLike) -> Prediction:
        return self.predict_gray(load_image(path))
