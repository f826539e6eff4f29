"""Honest probabilities and the rule that marks a reading as unsure.

A network trained with cross-entropy is usually over-confident where it is wrong. Temperature
scaling (Guo et al., "On Calibration of Modern Neural Networks", 2017) divides the logits by one
number T, fitted on held-out data to minimise the negative log-likelihood; it changes no reading,
only how sure each reading says it is. A reading is then *unsure* when its calibrated top
probability is below a threshold chosen on the same held-out data: the lowest threshold that
flags at most a given share of the correct readings.

Both numbers live in a checkpoint's ``calibration`` section, so the Draw tab, ``mnistgui predict``
and the benchmarks all apply the same rule.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

import numpy as np
import torch

#: Without a calibration section: the raw softmax and this threshold.
DEFAULT_UNSURE_BELOW = 0.6
#: The share of correct held-out readings the chosen rule may flag.
DEFAULT_FALSE_FLAG_RATE = 0.015


@dataclass(frozen=True)
class Calibration:
    temperature: float = 1.0
    unsure_below: float = DEFAULT_UNSURE_BELOW

    def __post_init__(self) -> None:
        if not (math.isfinite(self.temperature) and 0.05 <= self.temperature <= 20):
            raise ValueError(f"calibration temperature must be in [0.05, 20], got {self.temperature!r}")
        if not (math.isfinite(self.unsure_below) and 0 <= self.unsure_below <= 1):
            raise ValueError(f"the unsure threshold must be in [0, 1], got {self.unsure_below!r}")

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict | None) -> "Calibration":
        d = d or {}
        return cls(temperature=float(d.get("temperature", 1.0)),
                   unsure_below=float(d.get("unsure_below", DEFAULT_UNSURE_BELOW)))

    def probabilities(self, logits: torch.Tensor) -> torch.Tensor:
        return torch.softmax(logits.float() / self.temperature, dim=1)

    def unsure(self, probabilities: np.ndarray) -> np.ndarray:
        """(N, 10) calibrated probabilities -> (N,) bool."""
        return np.asarray(probabilities).max(axis=-1) < self.unsure_below


def fit_temperature(logits: torch.Tensor, labels: torch.Tensor) -> float:
    """The temperature minimising the negative log-likelihood of ``labels`` (a 1-D search on
    log T, which is convex enough for golden-section search to find its minimum)."""
    z = logits.detach().double()
    y = labels.long()

    def nll(log_t: float) -> float:
        return float(torch.nn.functional.cross_entropy(z / math.exp(log_t), y))

    lo, hi = math.log(0.05), math.log(20.0)
    g = (math.sqrt(5) - 1) / 2
    a, b = hi - g * (hi - lo), lo + g * (hi - lo)
    fa, fb = nll(a), nll(b)
    for _ in range(60):
        if fa < fb:
            hi, b, fb = b, a, fa
            a = hi - g * (hi - lo)
            fa = nll(a)
        else:
            lo, a, fa = a, b, fb
            b = lo + g * (hi - lo)
            fb = nll(b)
    return float(math.exp((lo + hi) / 2))


def choose_threshold(probabilities: np.ndarray, labels: np.ndarray,
                     false_flag_rate: float = DEFAULT_FALSE_FLAG_RATE) -> float:
    """The largest top-probability threshold that flags at most ``false_flag_rate`` of the
    correct readings (so it catches as many misreads as that allows)."""
    p = np.asarray(probabilities)
    top = p.max(axis=1)
    correct = p.argmax(axis=1) == np.asarray(labels)
    ok = np.sort(top[correct])
    if ok.size == 0:
        return DEFAULT_UNSURE_BELOW
    k = int(math.floor(false_flag_rate * ok.size))  # this many correct readings may fall below
    return float(min(ok[k], 0.999)) if k < ok.size else float(ok[-1])


def calibrate(logits: torch.Tensor, labels: torch.Tensor,
              false_flag_rate: float = DEFAULT_FALSE_FLAG_RATE,
              threshold_on: tuple[torch.Tensor, torch.Tensor] | None = None) -> Calibration:
    """The temperature fitted on ``logits``/``labels``; the threshold chosen on ``threshold_on``
    (logits, labels) where given, else on the same data."""
    t = fit_temperature(logits, labels)
    tl, ty = threshold_on if threshold_on is not None else (logits, labels)
    probs = torch.softmax(tl.double() / t, dim=1).numpy()
    return Calibration(temperature=t, unsure_below=choose_threshold(probs, ty.numpy(), false_flag_rate))


def expected_calibration_error(probabilities: np.ndarray, labels: np.ndarray, bins: int = 15) -> float:
    """ECE with equal-width confidence bins: the mean gap between confidence and accuracy."""
    p = np.asarray(probabilities)
    conf = p.max(axis=1)
    correct = (p.argmax(axis=1) == np.asarray(labels)).astype(np.float64)
    edges = np.linspace(0, 1, bins + 1)
    ece = 0.0
    for lo, hi in zip(edges[:-1], edges[1:]):
        m = (conf > lo) & (conf <= hi)
        if m.any():
            ece += m.mean() * abs(conf[m].mean() - correct[m].mean())
    return float(ece)
