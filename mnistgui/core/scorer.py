"""What a candidate digit of an image costs, learnt: a small network over its features.

The raster path of :mod:`mnistgui.core.number` finds the way of least cost through the candidate
digits of an image. Each candidate is described by :func:`~mnistgui.core.ink.edge_features` (how
sure the model is of it, its size and shape, its cuts' ink, which digit it reads as). A weighted
sum of them (:attr:`~mnistgui.core.number.SegmentConfig.image_weights`) is one way to cost it;
this module holds the other, which the app uses where its file loads: one hidden layer (tanh)
over the standardised features, whose weights were learnt so that the ways through the
candidates of composed numbers that read them right are the likely ones (a conditional random
field over the candidates: ``bench/fit_number_weights.py --scorer``). A shape's cost then depends
on what it reads as and how sure the model is together, which a sum cannot say: a sliver of a 5
that reads as a sure 4 is no 4, a whole 4 read as sure is.

The file is JSON (``resources/models/number_scorer.json``), checked in full when read; one that
is missing or does not check out is reported and the weighted sum is used instead.
"""

from __future__ import annotations

import json
import math
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from mnistgui.core.errors import MnistguiError

FORMAT = "mnistgui-number-scorer"
VERSION = 1


class ScorerError(MnistguiError):
    """A scorer file that cannot be used."""


@dataclass(frozen=True)
class Scorer:
    """``cost(f) = w2 . tanh(W1 ((f - mean) / scale) + b1) + b2`` for a candidate's features ``f``."""

    mean: np.ndarray  # (D,)
    scale: np.ndarray  # (D,), all > 0
    w1: np.ndarray  # (H, D)
    b1: np.ndarray  # (H,)
    w2: np.ndarray  # (H,)
    b2: float
    about: str = ""  # how it was made (the command)

    @property
    def features(self) -> int:
        return int(self.mean.shape[0])

    def cost(self, features: np.ndarray) -> np.ndarray | float:
        """The cost of one candidate (a vector of features: a float) or of several (rows: an array)."""
        f = np.asarray(features, dtype=np.float64)
        hidden = np.tanh(((f - self.mean) / self.scale) @ self.w1.T + self.b1)
        out = hidden @ self.w2 + self.b2
        return float(out) if f.ndim == 1 else out

    def to_dict(self) -> dict:
        return {"format": FORMAT, "version": VERSION, "about": self.about,
                "mean": self.mean.tolist(), "scale": self.scale.tolist(), "w1": self.w1.tolist(),
                "b1": self.b1.tolist(), "w2": self.w2.tolist(), "b2": self.b2}

    @classmethod
    def from_dict(cls, d: object, features: int | None = None) -> "Scorer":
        """Checked: the format, shapes that agree (and ``features`` long, where given), finite numbers."""
        if not isinstance(d, dict) or d.get("format") != FORMAT:
            raise ScorerError("not a number scorer file")
        if d.get("version") != VERSION:
            raise ScorerError(f"number scorer version {d.get('version')!r:.20} is not supported (expected {VERSION})")
        try:
            mean, scale = (np.asarray(d[k], dtype=np.float64) for k in ("mean", "scale"))
            w1, b1, w2 = (np.asarray(d[k], dtype=np.float64) for k in ("w1", "b1", "w2"))
            b2 = float(d["b2"])
        except (KeyError, TypeError, ValueError) as exc:
            raise ScorerError(f"the number scorer's weights are malformed ({exc})") from None
        dim = mean.shape[0] if mean.ndim == 1 else -1
        if (mean.ndim != 1 or scale.shape != mean.shape or w1.ndim != 2 or w1.shape[1] != dim
                or b1.shape != (w1.shape[0],) or w2.shape != (w1.shape[0],) or w1.shape[0] == 0):
            raise ScorerError("the number scorer's weights do not fit together")
        if features is not None and dim != features:
            raise ScorerError(f"the number scorer weighs {dim} features, the app describes a candidate by {features}")
        if not all(np.isfinite(a).all() for a in (mean, scale, w1, b1, w2)) or not math.isfinite(b2):
            raise ScorerError("the number scorer's weights hold values that are not finite numbers")
        if (scale <= 0).any():
            raise ScorerError("the number scorer's scales must be above 0")
        return cls(mean, scale, w1, b1, w2, b2, str(d.get("about", "")))


def load(path: str | os.PathLike, features: int | None = None) -> Scorer:
    """The scorer in ``path`` (ScorerError, in terms a user can act on, if it cannot be used)."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ScorerError(f"the number scorer {p} is missing") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ScorerError(f"the number scorer {p} cannot be read ({exc})") from None
    try:
        d = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ScorerError(f"the number scorer {p} is not valid JSON ({exc.msg}, line {exc.lineno})") from None
    try:
        return Scorer.from_dict(d, features)
    except ScorerError as exc:
        raise ScorerError(f"{p}: {exc}") from None


def save(scorer: Scorer, path: str | os.PathLike) -> None:
    """Write ``scorer`` to ``path`` atomically."""
    from mnistgui.core.io import atomic_write_text

    atomic_write_text(path, json.dumps(scorer.to_dict(), separators=(",", ":")) + "\n")
