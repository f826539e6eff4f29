"""Reading digits with a trained model: one path for the canvas, stroke files and images."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import numpy as np
import torch

from mnistgui.core.checkpoint import Checkpoint, load_checkpoint
from mnistgui.core.model import DigitCNN
from mnistgui.core.preprocess import (
    PreprocessConfig,
    PreprocessResult,
    Stroke,
    load_image,
    preprocess_image,
    preprocess_strokes,
    to_model_input,
)

#: Below this top probability a reading is shown as unsure.
UNSURE_BELOW = 0.6


def resources_dir() -> Path:
    return Path(__file__).resolve().parents[2] / "resources"


def shipped_model_path() -> Path:
    return resources_dir() / "models" / "default.pt"


@dataclass
class Prediction:
    probabilities: np.ndarray  # (10,) float
    preprocessed: PreprocessResult | None = None

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
        return self.confidence < UNSURE_BELOW


class Predictor:
    """A model plus the preprocessing it was trained with, on the CPU, in eval mode."""

    def __init__(self, model: DigitCNN, preprocess: PreprocessConfig, checkpoint: Checkpoint | None = None,
                 name: str = "") -> None:
        self.model = model.eval()
        self.preprocess = preprocess
        self.checkpoint = checkpoint
        self.name = name

    @classmethod
    def from_checkpoint(cls, ckpt: Checkpoint, name: str = "") -> "Predictor":
        return cls(ckpt.build_model(), ckpt.preprocess, ckpt, name or ckpt.name)

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
        """(N, 28, 28) preprocessed grey images in 0..1 -> (N, 10) probabilities."""
        x = to_model_input(images28, self.preprocess)
        return torch.softmax(self.model(x).float(), dim=1).numpy()

    def predict_preprocessed(self, pre: PreprocessResult) -> Prediction:
        return Prediction(self.probabilities(pre.image[None])[0], pre)

    def predict_strokes(self, strokes: Sequence[Stroke], pen_width: float | None = None) -> Prediction:
        return self.predict_preprocessed(preprocess_strokes(strokes, self.preprocess, pen_width))

    def predict_gray(self, gray: np.ndarray) -> Prediction:
        return self.predict_preprocessed(preprocess_image(gray, self.preprocess))

    def predict_file(self, path: str | os.PathLike) -> Prediction:
        return self.predict_gray(load_image(path))
