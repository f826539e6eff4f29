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

The file is JSON (``resources/models/number_scorer.json``), checked in full when read; where it is
missing or does not check out, the weighted sum is used instead, and
:func:`mnistgui.core.number.image_scorer` says why (``mnistgui predict --number`` prints it; the
status bar says so when an image is opened in the Draw tab's Number mode).
"""

from __future__ import annotations

import json
import math
import os
from dataclasses import dataclass
from numbers import Real
from pathlib import Path

import numpy as np

from mnistgui.core.errors import MnistguiError

FORMAT = "mnistgui-number-scorer"
VERSION = 1
LIMIT = 1e6  # no weight, mean or scale of a sane scorer is beyond this
MIN_SCALE = 1e-9


class ScorerError(MnistguiError):
    """A scorer file that cannot be used."""


def _numbers(value, what: str, depth: int) -> np.ndarray:
    """``value`` (nested lists, ``depth`` deep; 0: one number) as float64, every entry a real
    number (not true/false, not text) of a sane size."""
    def check(v, d):
        if d == 0:
            if isinstance(v, bool) or not isinstance(v, Real):
                raise ScorerError(f"the number scorer's {what} holds {type(v).__name__} values, not numbers")
            try:
                x = float(v)
            except OverflowError:
                raise ScorerError(f"the number scorer's {what} holds a number too large") from None
            if not math.isfinite(x):
                raise ScorerError(f"the number scorer's {what} holds values that are not finite numbers")
            if abs(x) > LIMIT:
                raise ScorerError(f"the number scorer's {what} holds a value beyond +-{LIMIT:g}")
            return x
        if not isinstance(v, list):
            raise ScorerError(f"the number scorer's {what} is malformed (expected a list)")
        return [check(x, d - 1) for x in v]

    out = check(value, depth)
    try:
        return np.asarray(out, dtype=np.float64)
    except ValueError:  # rows of different lengths
        raise ScorerError(f"the number scorer's {what} is malformed (rows of different lengths)") from None


@dataclass(frozen=True, eq=False)
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
        version = d.get("version")
        if type(version) is not int or version != VERSION:
            raise ScorerError(f"number scorer version {version!r:.20} is not supported (expected {VERSION})")
        missing = [k for k in ("mean", "scale", "w1", "b1", "w2", "b2") if k not in d]
        if missing:
            raise ScorerError(f"the number scorer's weights are malformed (no {', '.join(missing)})")
        mean, scale, b1, w2 = (_numbers(d[k], k, 1) for k in ("mean", "scale", "b1", "w2"))
        w1 = _numbers(d["w1"], "w1", 2)
        b2 = float(_numbers(d["b2"], "b2", 0))
        dim = mean.shape[0]
        if (scale.shape != mean.shape or w1.ndim != 2 or w1.shape[1] != dim or w1.shape[0] == 0
                or b1.shape != (w1.shape[0],) or w2.shape != (w1.shape[0],)):
            raise ScorerError("the number scorer's weights do not fit together")
        if features is not None and dim != features:
            raise ScorerError(f"the number scorer weighs {dim} features, the app describes a candidate by {features}")
        if (scale < MIN_SCALE).any():
            raise ScorerError(f"the number scorer's scales must be at least {MIN_SCALE:g}")
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
    except (ValueError, RecursionError) as exc:  # a number of thousands of digits, lists nested too deep
        raise ScorerError(f"the number scorer {p} cannot be read as JSON ({str(exc)[:80]})") from None
    try:
        return Scorer.from_dict(d, features)
    except ScorerError as exc:
        raise ScorerError(f"{p}: {exc}") from None


def save(scorer: Scorer, path: str | os.PathLike) -> None:
    """Write ``scorer`` to ``path`` atomically."""
    from mnistgui.core.io import atomic_write_text

    atomic_write_text(path, json.dumps(scorer.to_dict(), separators=(",", ":")) + "\n")
