"""Pieces of ink in a grey image, for reading a written number (:mod:`mnistgui.core.number`):
connected components, a working copy of a large image, and cuts between digits that touch, along
paths that cross the least ink."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from mnistgui.core.number import SegmentConfig

def _runs(mask: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, int]:
    """The runs of ink on each row of a boolean image, row by row, left to right, as ``(row,
    start, end)`` (end exclusive), and which 8-connected component each run is in: ``(rows,
    starts, ends, component 0..n-1, n)``, the components numbered in the order of their runs'
    representatives in the union-find over runs.

    Each run is joined with the runs it touches on the row above, diagonals included; the runs
    it touches there are found for all runs at once, so only the joins are a loop in Python."""
    m = np.ascontiguousarray(mask, dtype=bool)
    h, w = m.shape
    padded = np.zeros((h, w + 2), np.int8)
    padded[:, 1:-1] = m
    d = np.diff(padded, axis=1)
    rows, starts = np.nonzero(d == 1)
    ends = np.nonzero(d == -1)[1]  # same order: row by row, left to right
    n = len(rows)
    if n == 0:
        return rows, starts, ends, np.zeros(0, np.int64), 0
    # Runs in one row are disjoint and sorted, so their ends are sorted too: the runs of the row
    # above that touch [s, e) are one stretch, from the first that ends at s or later to the last
    # that starts at e or before. Keys of row and column order all runs at once.
    span = w + 2
    row_key = rows.astype(np.int64) * span
    key_start, key_end = row_key + starts, row_key + ends
    above = row_key - span
    lo = np.searchsorted(key_end, above + starts, side="left")
    hi = np.searchsorted(key_start, above + ends, side="right")
    count = np.maximum(hi - lo, 0)
    j_of = np.repeat(np.arange(n), count)  # each run, once per run above it touches
    k_of = _ranges(lo, count)  # and those runs
    parent = list(range(n))

    def find(a: int) -> int:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    for k, j in zip(k_of.tolist(), j_of.tolist()):
        ra, rb = find(k), find(j)
        if ra != rb:
            parent[rb] = ra
    roots = np.array([find(i) for i in range(n)], dtype=np.int64)
    _, compact = np.unique(roots, return_inverse=True)
    return rows, starts, ends, compact.reshape(-1), int(compact.max()) + 1


def _paint(shape: tuple[int, int], rows, starts, ends, values, dtype) -> np.ndarray:
    """An image of ``shape`` holding ``values[i]`` on run i (0 elsewhere)."""
    out = np.zeros(shape, dtype)
    lengths = ends - starts
    if lengths.sum():
        out.reshape(-1)[_ranges(rows.astype(np.int64) * shape[1] + starts, lengths)] = np.repeat(values, lengths)
    return out


def _ranges(starts: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """``range(s, s + c)`` for each ``s``, ``c`` of ``starts``, ``counts``, one after the other."""
    offset = np.cumsum(counts) - counts
    return np.repeat(starts - offset, counts) + np.arange(int(counts.sum()))


def label_components(mask: np.ndarray) -> tuple[np.ndarray, int]:
    """8-connected components of a boolean image: ``(labels (H, W) int32, 1..n; 0 background), n)``.

    Runs of ink on each row are joined with the runs they touch on the row above (union-find over
    runs), so the cost grows with the number of runs, not of pixels.
    """
    rows, starts, ends, comp, n = _runs(mask)
    return _paint(np.shape(mask), rows, starts, ends, comp + 1, np.int32), n


def component_boxes(labels: np.ndarray, n: int) -> tuple[np.ndarray, ...]:
    """Each component's box (end-exclusive pixels) and area: ``(x0, y0, x1, y1, area)``, arrays of ``n``."""
    ys, xs = np.nonzero(labels)
    lab = labels[ys, xs] - 1
    x0 = np.full(n, np.iinfo(np.int32).max)
    y0 = x0.copy()
    np.minimum.at(x0, lab, xs)
    np.minimum.at(y0, lab, ys)
    x1 = np.zeros(n, np.int64)
    y1 = x1.copy()
    np.maximum.at(x1, lab, xs + 1)
    np.maximum.at(y1, lab, ys + 1)
    return x0, y0, x1, y1, np.bincount(lab, minlength=n)


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
    return cut_paths(ink, [c], reach)[0]


def cut_paths(ink: np.ndarray, columns: list[int], reach: int) -> list[np.ndarray]:
    """:func:`cut_path` near each of ``columns``, searched side by side in one pass over the rows
    (each band padded on the right with columns no path can take)."""
    hh, w = ink.shape
    spans = [(c, max(1, c - reach), min(w - 1, c + reach + 1)) for c in columns]
    out: list[np.ndarray | None] = [np.full(hh, c) if hi <= lo else None for c, lo, hi in spans]
    todo = [i for i, o in enumerate(out) if o is None]
    if not todo:
        return out  # type: ignore[return-value]
    big = np.inf
    widths = [spans[i][2] - spans[i][1] for i in todo]
    nb, n = len(todo), max(widths)
    band = np.full((hh, nb, n), big)
    for b, i in enumerate(todo):
        c, lo, hi = spans[i]
        band[:, b, : hi - lo] = ink[:, lo:hi] + 0.01 * np.abs(np.arange(lo, hi) - c)[None, :]  # straight when it can be
    acc = band[0].copy()
    step = np.zeros((hh, nb, n), np.int8)
    wall = np.full((nb, 1), big)
    for y in range(1, hh):
        left = np.concatenate([wall, acc[:, :-1]], axis=1) + 0.02
        right = np.concatenate([acc[:, 1:], wall], axis=1) + 0.02
        choice = np.argmin(np.stack([left, acc, right]), axis=0)
        acc = band[y] + np.minimum(np.minimum(left, acc), right)
        step[y] = choice - 1
    for b, i in enumerate(todo):
        lo = spans[i][1]
        x = int(np.argmin(acc[b, : widths[b]]))
        path = np.empty(hh, np.int64)
        for y in range(hh - 1, -1, -1):
            path[y] = x + lo
            x += int(step[y, b, x])
        out[i] = path
    return out  # type: ignore[return-value]


def _running_min(v: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The running minimum of ``v`` along its last axis and, at each place, where it was reached."""
    m = np.minimum.accumulate(v, axis=-1)
    at = np.maximum.accumulate(np.where(v == m, np.arange(v.shape[-1]), 0), axis=-1)
    return m, at


def winding_paths(ink: np.ndarray, bands: list[tuple[int, int, int]], step: float, stray: float) -> list[np.ndarray]:
    """Paths from top to bottom through ``ink`` (H, W), one per band ``(c, lo, hi)``, each crossing
    the least ink: free to run sideways along a row (``step`` per pixel) before it goes down, and
    kept to columns ``lo`` to ``hi - 1`` around column ``c`` (``stray`` per pixel away from it).
    Between digits that overlap in x such a path winds through the gap where a straight cut would
    take part of both. One column per row, the left end of its run along the row. The bands are
    searched side by side in one pass over the rows.
    """
    hh, w = ink.shape
    spans = [(c, max(0, lo), min(w, hi)) for c, lo, hi in bands]
    out: list[np.ndarray | None] = [np.full(hh, c) if hi - lo < 2 else None for c, lo, hi in spans]
    todo = [i for i, o in enumerate(out) if o is None]
    if not todo:
        return out  # type: ignore[return-value]
    widths = np.array([spans[i][2] - spans[i][1] for i in todo])
    nb, n = len(todo), int(widths.max())
    idx = np.arange(n)
    real = idx[None, :] < widths[:, None]
    far = 1e12  # the cost of a column beyond a band's end: never taken
    cost = np.full((nb, hh, n), far)
    for b, i in enumerate(todo):
        c, lo, hi = spans[i]
        cost[b, :, : hi - lo] = ink[:, lo:hi] + stray * np.abs(np.arange(lo, hi) - c)[None, :]
    # each band's columns in reverse order, its padding still at the end
    rev = np.where(real, widths[:, None] - 1 - idx[None, :], idx[None, :])
    rows_b = np.arange(nb)[:, None]
    down_from = np.zeros((hh, nb, n), np.int64)  # the column of the row above the path came down from
    side_from = np.zeros((hh, nb, n), np.int64)  # the column of this row the path came along from
    wall = np.full((nb, 1), np.inf)
    acc = None
    for y in range(hh):
        row = cost[:, y, :]
        if acc is None:
            down, src = row.copy(), np.broadcast_to(idx, (nb, n)).copy()
        else:
            left = np.concatenate([wall, acc[:, :-1]], axis=1) + step
            right = np.concatenate([acc[:, 1:], wall], axis=1) + step
            three = np.stack([left, acc, right])
            k = np.argmin(three, axis=0)
            down = np.take_along_axis(three, k[None], axis=0)[0] + row
            src = idx[None, :] + k - 1
        down_from[y] = src
        q = np.cumsum(row + step, axis=1)
        m, at = _running_min(down - q)  # along the row rightwards: down[k] + q[x] - q[k]
        lr = q + m
        rrow, rdown = row[rows_b, rev], down[rows_b, rev]
        qr = np.cumsum(rrow + step, axis=1)
        mr, atr = _running_min(rdown - qr)
        rl = np.empty_like(lr)
        rl[rows_b, rev] = qr + mr
        from_r = np.empty_like(at)
        from_r[rows_b, rev] = np.where(real, widths[:, None] - 1 - atr, atr)
        acc = np.minimum(np.minimum(lr, rl), down)
        side_from[y] = np.where(acc == down, idx[None, :], np.where(acc == lr, at, from_r))
    for b, i in enumerate(todo):
        lo = spans[i][1]
        x = int(np.argmin(acc[b, : widths[b]]))
        path = np.empty(hh, np.int64)
        for y in range(hh - 1, -1, -1):
            k = int(side_from[y, b, x])
            path[y] = min(k, x) + lo
            x = int(down_from[y, b, k])
        out[i] = path
    return out  # type: ignore[return-value]


def cut_sites(members: np.ndarray, ink: np.ndarray, h: float, cfg: SegmentConfig) -> list[list[np.ndarray]]:
    """Where a component (``members``, bbox-local; ``ink`` its grey values) may be cut between two
    digits: at each of the columns where it has least ink, the different paths a cut can take
    there (see :func:`cut_path`, :func:`winding_paths`), each as the column per row left of which
    the cut leaves the ink. Paths at different places never cross; paths that part the ink the
    same way are given once."""
    hh, w = members.shape
    cols = cut_columns(members.sum(axis=0).astype(float), h, cfg)
    reach = max(1, int(round(cfg.cut_reach * h)))
    wide = max(1, int(round(cfg.wind_reach * h)))
    x = np.arange(w)[None, :]
    out: list[list[np.ndarray]] = []
    limits = [(0 if k == 0 else (cols[k - 1] + c) // 2 + 1, w if k == len(cols) - 1 else (c + cols[k + 1]) // 2)
              for k, c in enumerate(cols)]
    winding = winding_paths(ink, [(c, max(lo, c - r), min(hi, c + r + 1))
                                  for c, (lo, hi) in zip(cols, limits) for r in (wide, wide // 2)],
                            cfg.wind_step, cfg.wind_stray)
    straight = cut_paths(ink, cols, reach)
    for k, c in enumerate(cols):
        lo, hi = limits[k]
        paths = [np.clip(straight[k], lo, hi), winding[2 * k], winding[2 * k + 1]]
        alts: list[np.ndarray] = []
        seen: list[np.ndarray] = []
        for p in paths:
            left = members & (x < p[:, None])
            if not left.any() or not (members & ~left).any():
                continue
            if any(np.array_equal(left, o) for o in seen):
                continue
            seen.append(left)
            alts.append(p)
        if alts:
            out.append(alts)
    return out


def between(members: np.ndarray, left: np.ndarray | None, right: np.ndarray | None) -> np.ndarray:
    """The pixels of ``members`` right of the cut ``left`` and left of the cut ``right`` (each a
    column per row; None: the component's edge)."""
    out = members.copy()
    x = np.arange(members.shape[1])[None, :]
    if left is not None:
        out &= x >= left[:, None]
    if right is not None:
        out &= x < right[:, None]
    return out


def without_crumbs(keep: np.ndarray, share: float) -> np.ndarray:
    """A cut slice without the crumbs of the neighbour that the cut took along: its pieces of ink
    smaller than ``share`` of its largest."""
    rows, starts, ends, comp, n = _runs(keep)
    if n <= 1:
        return keep
    area = np.bincount(comp, weights=ends - starts, minlength=n)
    big = area >= share * area.max()
    return _paint(keep.shape, rows, starts, ends, big[comp], bool)


def edge_features(probabilities: np.ndarray, boxes: list[tuple[float, float, float, float]], pixels: int,
                  h: float, pen: float, cuts: tuple[float, float], cfg: SegmentConfig) -> np.ndarray:
    """What the search weighs about a candidate digit of an image, made of pieces with these
    ``boxes`` and ``pixels`` of ink in all: how sure the model is of it (the log of its two most
    likely digits' probabilities), its size and shape against the line's height ``h`` and against
    how the digit it reads as is usually written (``pen``: the ink's width), how its pieces lie
    beside each other, and how much ink the cuts on either side of it go through (in strokes), and
    which digit it reads as, with its width as that digit (:attr:`SegmentConfig.image_weights`
    weighs them)."""
    p = np.sort(np.asarray(probabilities, dtype=np.float64))[::-1]
    x0, y0 = min(b[0] for b in boxes), min(b[1] for b in boxes)
    x1, y1 = max(b[2] for b in boxes), max(b[3] for b in boxes)
    w, hh = (x1 - x0) / h, (y1 - y0) / h
    d = int(np.argmax(probabilities))
    la = math.log(max(max(x1 - x0 - pen, 0.0) / max(y1 - y0 - pen, 1e-9), 1e-3))
    outside = max(la - math.log(cfg.wide_aspect[d]), 0.0) + max(math.log(max(cfg.narrow_aspect[d], 1e-3)) - la, 0.0)
    joins = 0.0  # how little each piece overlaps in x the pieces left of it
    left = boxes[0]
    for b in boxes[1:]:
        overlap = min(left[2], b[2]) - max(left[0], b[0])
        joins += 1.0 - min(1.0, max(0.0, overlap / max(min(left[2] - left[0], b[2] - b[0]), 1e-9)))
        left = (min(left[0], b[0]), min(left[1], b[1]), max(left[2], b[2]), max(left[3], b[3]))
    f = [1.0, math.log(max(p[0], 1e-6)), math.log(max(p[1], 1e-6)), w, hh, max(0.0, 0.85 - hh),
         max(0.0, w - 1.05), max(0.0, hh - 1.15), outside, len(boxes) - 1, joins,
         float(cuts[0] > 0) + float(cuts[1] > 0), cuts[0] + cuts[1], pixels / max(h * max(pen, 1.0), 1e-9)]
    digit = [0.0] * 20
    digit[d] = 1.0
    digit[10 + d] = w
    return np.asarray(f + digit)
