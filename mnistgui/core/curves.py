"""Per-batch training curves kept in growing numpy arrays (what a run records and the Train tab
plots)."""

from __future__ import annotations

import numpy as np

from mnistgui.core.events import BatchMetrics




class BatchLog:
    """Per-batch curves in preallocated numpy arrays that double when full."""

    FIELDS = (("x", np.float64), ("step", np.int64), ("loss", np.float32), ("accuracy", np.float32),
              ("lr", np.float64))

    def __init__(self, capacity: int = 1024) -> None:
        self.n = 0
        self._a = {k: np.empty(capacity, dtype=t) for k, t in self.FIELDS}

    def __len__(self) -> int:
        return self.n

    def append(self, b: BatchMetrics) -> None:
        if self.n == len(self._a["x"]):
            for k, arr in self._a.items():
                grown = np.empty(2 * len(arr), dtype=arr.dtype)
                grown[: self.n] = arr[: self.n]
                self._a[k] = grown
        i = self.n
        a = self._a
        a["x"][i] = b.step / b.batches  # in epochs; steps keep counting across a stop and a continue
        a["step"][i] = b.step
        a["loss"][i] = b.loss
        a["accuracy"][i] = b.accuracy
        a["lr"][i] = b.lr
        self.n += 1

    def arrays(self) -> dict[str, np.ndarray]:
        """Copies of the filled part."""
        return {k: v[: self.n].copy() for k, v in self._a.items()}

    @classmethod
    def from_arrays(cls, arrays: dict[str, np.ndarray]) -> "BatchLog":
        n = len(arrays.get("x", ()))
        log = cls(max(1024, n))
        for k, _t in cls.FIELDS:
            if k in arrays and len(arrays[k]) == n:
                log._a[k][:n] = arrays[k]
            else:
                log._a[k][:n] = 0
        log.n = n
        return log
