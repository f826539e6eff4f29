"""Pieces of ink in a grey image, for reading a written number (:mod:`mnistgui.core.number`):
connected components, a working copy of a large image, and cuts between digits that touch, along
paths that cross the least ink."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from mnistgui.core.number import SegmentConfig

def label_components(mask: np.ndarray) -> tuple[np.ndarray, int]:
    """8-connected components of a boolean image: ``(labels (H, W) int32, 1..n; 0 background), n)``.

    Runs of ink on each row are joined with the runs they touch on the row above (union-find over
    runs), so the cost grows with the number of runs, not of pixels.
    """
    m = np.ascontiguousarray(mask, dtype=bool)
    h, w = m.shape
    padded = np.zeros((h, w + 2), np.int8)
    padded[:, 1:-1] = m
    d = np.diff(padded, axis=1)
    starts_r, starts_c = np.nonzero(d == 1)
    _, ends_c = np.nonzero(d == -1)  # same order: row by row, left to right
    n = len(starts_r)
    parent = list(range(n))

    def find(a: int) -> int:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    row_first = np.searchsorted(starts_r, np.arange(h + 1))
    for r in range(1, h):
        a0, a1 = row_first[r - 1], row_first[r]  # runs of the row above
        b0, b1 = row_first[r], row_first[r + 1]
        i = a0
        for j in range(b0, b1):
            s, e = starts_c[j], ends_c[j]  # [s, e) on this row
            while i < a1 and ends_c[i] < s:  # runs above that end before this one can touch it
                i += 1
            k = i
            while k < a1 and starts_c[k] <= e:  # touching, diagonals included
                ra, rb = find(k), find(j)
                if ra != rb:
                    parent[rb] = ra
                k += 1
    roots = np.array([find(i) for i in range(n)], dtype=np.int64)
    _, compact = np.unique(roots, return_inverse=True)
    labels = np.zeros((h, w), np.int32)
    for j in range(n):
        labels[starts_r[j], starts_c[j]:ends_c[j]] = compact[j] + 1
    return labels, int(compact.max()) + 1 if n else 0


def work_copy(gray: np.ndarray, cfg: SegmentConfig) -> tuple[np.ndarray, float]:
    """The image no larger than ``cfg.work_max`` on a side, and the scale from it to the original."""
    from mnistgui.core.preprocess import _resize

    h, w = gray.shape
    s = min(1.0, cfg.work_max / max(h, w))
    if s >= 1.0:
        return gray, 1.0
    return _resize(gray, max(4, round(h * s)), max(4, round(w * s))), 1.0 / s


def cut_columns(profile: np.ndarray, h: float, cfg: SegmentConfig) -> list[int]:
    """The columns (of a component's ink profile) where it is best cut: the lowest local minima,
    no nearer than ``cut_margin`` to either end or to each other."""
    n = len(profile)
    m = max(1, int(round(cfg.cut_margin * h)))
    if n <= 2 * m:
        return []
    k = np.array([1.0, 2.0, 1.0]) / 4.0
    p = np.convolve(profile, k, mode="same")
    cand = [i for i in range(m, n - m) if p[i] <= p[i - 1] and p[i] <= p[i + 1]]
    cand.sort(key=lambda i: p[i])
    chosen: list[int] = []
    for i in cand:
        if all(abs(i - c) >= m for c in chosen):
            chosen.append(i)
        if len(chosen) >= cfg.max_cuts:
            break
    return sorted(chosen)


def cut_path(ink: np.ndarray, c: int, reach: int) -> np.ndarray:
    """A path from top to bottom through ``ink`` (H, W) near column ``c``, one column per row,
    moving at most one column a row, that crosses the least ink: where digits touch or overlap,
    it runs between them rather than straight down through both."""
    hh, w = ink.shape
    lo, hi = max(1, c - reach), min(w - 1, c + reach + 1)
    if hi <= lo:
        return np.full(hh, c)
    band = ink[:, lo:hi] + 0.01 * np.abs(np.arange(lo, hi) - c)[None, :]  # straight when it can be
    acc = band[0].copy()
    step = np.zeros((hh, hi - lo), np.int8)
    big = np.inf
    for y in range(1, hh):
        left = np.concatenate([[big], acc[:-1]]) + 0.02
        right = np.concatenate([acc[1:], [big]]) + 0.02
        choice = np.argmin(np.stack([left, acc, right]), axis=0)
        acc = band[y] + np.minimum(np.minimum(left, acc), right)
        step[y] = choice - 1
    x = int(np.argmin(acc))
    path = np.empty(hh, np.int64)
    for y in range(hh - 1, -1, -1):
        path[y] = x + lo
        x += int(step[y, x])
    return path


def slices(members: np.ndarray, ink: np.ndarray, cuts: list[int], h: float,
            cfg: SegmentConfig) -> list[np.ndarray]:
    """A component's pixels (``members``, bbox-local) cut into slices along least-ink paths from
    the cut columns: one mask per slice, left to right."""
    hh, w = members.shape
    reach = max(1, int(round(cfg.cut_reach * h)))
    bounds = [np.zeros(hh, np.int64)]
    for c in cuts:
        bounds.append(np.maximum(cut_path(ink, c, reach), bounds[-1]))
    bounds.append(np.full(hh, w))
    cols = np.arange(w)[None, :]
    return [members & (cols >= a[:, None]) & (cols < b[:, None]) for a, b in zip(bounds[:-1], bounds[1:])]


def without_crumbs(keep: np.ndarray, share: float) -> np.ndarray:
    """A cut slice without the crumbs of the neighbour that the cut took along: its pieces of ink
    smaller than ``share`` of its largest."""
    lab, n = label_components(keep)
    if n <= 1:
        return keep
    area = np.bincount(lab.ravel(), minlength=n + 1)[1:]
    big = np.flatnonzero(area >= share * area.max()) + 1
    return np.isin(lab, big)
