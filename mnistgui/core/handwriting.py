"""Real pen-recorded digits as training and measuring data.

A pen digit is a :class:`~mnistgui.core.preprocess.StrokeSample` whose ``meta`` names its
``writer`` and ``source``. Such collections store each digit centred with its larger side spanning
a fixed share of the canvas; :func:`place` puts a digit where and as large as a person would draw
it. :func:`augment_strokes` varies a digit at the level of the pen: the whole digit slanted,
rotated and stretched, each stroke moved a little on its own, the trace re-sampled as sparsely as a
tablet that reports ten points a second, and the pen lifted for a moment inside a stroke.
:func:`blend_strokes` makes new styles between two writers: two digits of the same label written
with the same strokes are traced point for point, and a digit part way between them is drawn.
:func:`pen_pool` turns digits into model inputs through the app's own preprocessing, so training
sees exactly what the canvas would produce.
"""

from __future__ import annotations

import itertools
import math
import os
from typing import Callable, Iterable, Sequence

import numpy as np

from mnistgui.core.errors import Cancelled, PreprocessError
from mnistgui.core.preprocess import DEFAULT_PEN_WIDTH, PreprocessConfig, StrokeSample, load_strokes

Strokes = list[list[tuple[float, float]]]

#: Pen widths (fraction of the canvas side) that devices and users choose between.
PEN_WIDTH_RANGE = (0.02, 0.07)
#: The larger side of a digit as a share of the canvas, as people draw on it.
SIZE_RANGE = (0.35, 0.85)


def load_pen_digits(path: str | os.PathLike) -> list[StrokeSample]:
    """Labelled stroke samples from a JSON file; every sample must carry a label."""
    samples = load_strokes(path)
    unlabelled = sum(1 for s in samples if s.label is None)
    if unlabelled:
        raise PreprocessError(f"{path}: {unlabelled} of {len(samples)} samples have no label")
    if not samples:
        raise PreprocessError(f"{path}: the file holds no samples")
    return samples


def writer_of(sample: StrokeSample) -> str:
    return str(sample.meta.get("writer", "unknown"))


def split_writers(samples: Sequence[StrokeSample], val_fraction: float, seed: int = 0
                  ) -> tuple[list[StrokeSample], list[StrokeSample]]:
    """Split by writer (no writer on both sides): ``(train, val)``."""
    writers = sorted({writer_of(s) for s in samples})
    rng = np.random.default_rng(seed)
    rng.shuffle(writers)
    n_val = int(round(len(writers) * val_fraction))
    val_writers = set(writers[:n_val])
    train = [s for s in samples if writer_of(s) not in val_writers]
    val = [s for s in samples if writer_of(s) in val_writers]
    return train, val


def _extent(strokes: Sequence[Sequence[Sequence[float]]]) -> tuple[float, float, float, float]:
    pts = np.concatenate([np.asarray(s, dtype=np.float64).reshape(-1, 2) for s in strokes if len(s)])
    return float(pts[:, 0].min()), float(pts[:, 1].min()), float(pts[:, 0].max()), float(pts[:, 1].max())


def place(strokes: Sequence[Sequence[Sequence[float]]], size: float, cx: float, cy: float) -> Strokes:
    """Scale a digit so its larger side is ``size`` (canvas fraction) and centre it at (cx, cy)."""
    x0, y0, x1, y1 = _extent(strokes)
    side = max(x1 - x0, y1 - y0, 1e-6)
    s = size / side
    mx, my = (x0 + x1) / 2, (y0 + y1) / 2
    return [[((x - mx) * s + cx, (y - my) * s + cy) for x, y in st] for st in strokes]


def random_placement(strokes: Sequence[Sequence[Sequence[float]]], rng: np.random.Generator,
                     size_range: tuple[float, float] = SIZE_RANGE) -> Strokes:
    """Place a digit at a random size and a random position where it fits on the canvas."""
    size = float(rng.uniform(*size_range))
    x0, y0, x1, y1 = _extent(strokes)
    side = max(x1 - x0, y1 - y0, 1e-6)
    hw, hh = (x1 - x0) / side * size / 2, (y1 - y0) / side * size / 2
    cx = float(rng.uniform(hw, 1 - hw)) if hw < 0.5 else 0.5
    cy = float(rng.uniform(hh, 1 - hh)) if hh < 0.5 else 0.5
    return place(strokes, size, cx, cy)


def _affine(rng: np.random.Generator, strength: float) -> np.ndarray:
    """A 2x2 matrix: rotation, slant (shear), aspect, within a person's range at ``strength`` 1."""
    rot = math.radians(rng.normal(0, 7) * strength)
    shear = float(np.clip(rng.normal(0, 0.18) * strength, -0.5, 0.5))
    aspect = math.exp(float(np.clip(rng.normal(0, 0.12) * strength, -0.35, 0.35)))
    c, s = math.cos(rot), math.sin(rot)
    r = np.array([[c, -s], [s, c]])
    sh = np.array([[1.0, shear], [0.0, 1.0]])
    a = np.diag([aspect, 1.0 / aspect])
    return r @ sh @ a


def _resample_sparse(pts: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Keep about as many points as a slow tablet reports: the ends and an even subset."""
    if len(pts) <= 4:
        return pts
    keep = int(rng.integers(max(3, len(pts) // 8), max(4, len(pts) // 2) + 1))
    idx = np.unique(np.round(np.linspace(0, len(pts) - 1, keep)).astype(int))
    return pts[idx]


def _lift(pts: np.ndarray, rng: np.random.Generator) -> list[np.ndarray]:
    """Split a stroke with a short gap, as when the pen skips on the surface."""
    if len(pts) < 8:
        return [pts]
    at = int(rng.integers(len(pts) // 4, 3 * len(pts) // 4))
    gap = max(1, int(rng.integers(1, max(2, len(pts) // 10) + 1)))
    a, b = pts[:at], pts[at + gap:]
    return [p for p in (a, b) if len(p)]


def augment_strokes(strokes: Sequence[Sequence[Sequence[float]]], rng: np.random.Generator,
                    strength: float = 1.0) -> Strokes:
    """A plausible variant of a digit, varied where a pen and a hand vary (see the module doc)."""
    arrays = [np.asarray(s, dtype=np.float64).reshape(-1, 2) for s in strokes if len(s)]
    if not arrays:
        return []
    allpts = np.concatenate(arrays)
    centre = (allpts.min(0) + allpts.max(0)) / 2
    side = float(max(np.ptp(allpts[:, 0]), np.ptp(allpts[:, 1]), 1e-6))
    m = _affine(rng, strength)
    out: list[np.ndarray] = []
    sparse = rng.random() < 0.3 * strength
    for pts in arrays:
        p = (pts - centre) @ m.T
        if len(arrays) > 1:  # each stroke a little off on its own
            p = p + rng.normal(0, 0.03 * strength, 2) * side
            local = np.eye(2) + rng.normal(0, 0.05 * strength, (2, 2))
            pc = p.mean(0)
            p = (p - pc) @ local.T + pc
        if sparse:
            p = _resample_sparse(p, rng)
        pieces = _lift(p, rng) if rng.random() < 0.08 * strength else [p]
        out.extend(pieces)
    return [[(float(x), float(y)) for x, y in p + centre] for p in out]


#: Points per stroke when two digits are traced against each other.
_BLEND_POINTS = 32
#: Two digits are only blended when their traces, matched, are at most this far apart on
#: average (a share of the digit's size): the same way of writing it, not two different ones.
BLEND_MAX_DISTANCE = 0.28


def _stroke_count(strokes: Sequence[Sequence[Sequence[float]]]) -> int:
    return sum(1 for s in strokes if len(s))


def _by_arc_length(pts: np.ndarray, n: int = _BLEND_POINTS) -> np.ndarray:
    """``n`` points evenly spaced along the trace (a dot stays a dot)."""
    seg = np.hypot(*np.diff(pts, axis=0).T) if len(pts) > 1 else np.zeros(0)
    along = np.concatenate([[0.0], np.cumsum(seg)])
    if along[-1] <= 1e-9:
        return np.repeat(pts[:1], n, axis=0)
    t = np.linspace(0.0, along[-1], n)
    return np.stack([np.interp(t, along, pts[:, 0]), np.interp(t, along, pts[:, 1])], axis=1)


def match_strokes(a: Sequence[Sequence[Sequence[float]]], b: Sequence[Sequence[Sequence[float]]]
                  ) -> tuple[list[np.ndarray], list[np.ndarray], float] | None:
    """Trace two digits against each other: both in unit size, each stroke as evenly spaced
    points, ``b``'s strokes put in the order and direction that follow ``a``'s most closely.
    ``(a's strokes, b's matched strokes, mean distance)``, or None when the two are not written
    with the same number of non-empty strokes (at most three)."""
    a = [s for s in a if len(s)]
    b = [s for s in b if len(s)]
    if not a or len(a) != len(b) or len(a) > 3:
        return None
    ua = [_by_arc_length(np.asarray(s, dtype=np.float64)) for s in place(a, 1.0, 0.0, 0.0)]
    ub = [_by_arc_length(np.asarray(s, dtype=np.float64)) for s in place(b, 1.0, 0.0, 0.0)]
    best: tuple[float, list[np.ndarray]] | None = None
    for order in itertools.permutations(range(len(ub))):
        total, chosen = 0.0, []
        for sa, j in zip(ua, order):
            fwd, rev = ub[j], ub[j][::-1]
            df = float(np.hypot(*(sa - fwd).T).mean())
            dr = float(np.hypot(*(sa - rev).T).mean())
            total += min(df, dr)
            chosen.append(fwd if df <= dr else rev)
        if best is None or total < best[0]:
            best = (total, chosen)
    assert best is not None
    return ua, best[1], best[0] / len(ua)


def blend_strokes(a: Sequence[Sequence[Sequence[float]]], b: Sequence[Sequence[Sequence[float]]],
                  weight: float, max_distance: float = BLEND_MAX_DISTANCE) -> Strokes | None:
    """A digit ``weight`` of the way from ``a`` to ``b`` (two writings of the same digit), in unit
    size around the origin; None when the two are written too differently to be blended."""
    m = match_strokes(a, b)
    if m is None or m[2] > max_distance:
        return None
    ua, ub, _ = m
    return [[(float(x), float(y)) for x, y in (1 - weight) * p + weight * q] for p, q in zip(ua, ub)]


def clip_x(strokes: Sequence[Sequence[Sequence[float]]], limit: float, keep_left: bool) -> Strokes:
    """The parts of the strokes left of ``x = limit`` (or right of it), each stroke cut where it
    crosses that line (a stroke that crosses it several times becomes several)."""
    out: Strokes = []
    for st in strokes:
        pts = np.asarray(st, dtype=np.float64).reshape(-1, 2)
        if not len(pts):
            continue
        inside = pts[:, 0] < limit if keep_left else pts[:, 0] > limit
        run: list[tuple[float, float]] = []
        for i in range(len(pts)):
            if i and inside[i] != inside[i - 1]:  # the segment crosses the line: cut it there
                (xa, ya), (xb, yb) = pts[i - 1], pts[i]
                t = (limit - xa) / (xb - xa) if xb != xa else 0.0
                cross = (float(limit), float(ya + t * (yb - ya)))
                if inside[i]:
                    run = [cross]
                else:
                    run.append(cross)
                    out.append(run)
                    run = []
            if inside[i]:
                run.append((float(pts[i, 0]), float(pts[i, 1])))
        if run:
            out.append(run)
    return out


def with_neighbour(strokes: Sequence[Sequence[Sequence[float]]], other: Sequence[Sequence[Sequence[float]]],
                   rng: np.random.Generator) -> Strokes:
    """The digit ``strokes`` as a cut between two touching digits of a number may leave it: the
    digit ``other`` written against its left or right side (touching, or overlapping a little),
    and both cut along a column near where they meet: mostly a piece of the neighbour comes
    with the digit (up to a third of its width, and never more than a third of its ink), else a
    strip of the digit's own edge goes with the neighbour (up to an eighth of its width, at most
    a fifth of its ink). In units of the digit's height."""
    def at_height(st, height):  # as bench/number_accuracy.py sets a digit in a line
        x0, y0, x1, y1 = _extent(st)
        w, h = x1 - x0, max(y1 - y0, 1e-6)
        return place(st, height * min(max(w, h) / h, 1.3), 0.0, 0.0)

    a = at_height(strokes, 1.0)
    b = at_height(other, float(rng.uniform(0.85, 1.15)))
    ax0, _, ax1, _ = _extent(a)
    bx0, _, bx1, _ = _extent(b)
    gap = float(rng.uniform(-0.1, 0.03))
    dy = float(rng.normal(0.0, 0.04))
    right = rng.random() < 0.5
    shift = (ax1 + gap - bx0) if right else (ax0 - gap - bx1)
    b = [[(x + shift, y + dy) for x, y in st] for st in b]
    if rng.random() < 0.75:  # the cut runs through the neighbour: a piece of it comes along
        near = (ax1 + gap) if right else (ax0 - gap)  # the neighbour's near edge
        into = float(rng.uniform(0.03, 0.35)) * (bx1 - bx0)
        whole = _ink_length(b)
        for _ in range(4):  # never most of it (a slanted 1 cut near its edge can come whole)
            limit = near + into if right else near - into
            piece = clip_x(b, limit, keep_left=right)
            if _ink_length(piece) <= 0.35 * whole:
                return clip_x(a, limit, keep_left=right) + piece
            into /= 2
        return a
    into = float(rng.uniform(0.0, 0.12)) * (ax1 - ax0)  # the cut runs through the digit's edge
    limit = ax1 - into if right else ax0 + into
    kept = clip_x(a, limit, keep_left=right)
    return kept if _ink_length(kept) >= 0.8 * _ink_length(a) else a


def _ink_length(strokes: Sequence[Sequence[Sequence[float]]]) -> float:
    """The strokes' length: what they put on paper, with a dot as a little."""
    total = 0.0
    for st in strokes:
        pts = np.asarray(st, dtype=np.float64).reshape(-1, 2)
        total += float(np.hypot(*np.diff(pts, axis=0).T).sum()) if len(pts) > 1 else 0.0
        total += 0.02 if len(pts) else 0.0
    return total


def _blend_partners(samples: Sequence[StrokeSample]) -> dict[tuple[int, int], list[int]]:
    """Indices of the samples by (label, number of strokes): who can be blended with whom."""
    groups: dict[tuple[int, int], list[int]] = {}
    for i, s in enumerate(samples):
        groups.setdefault((int(s.label), _stroke_count(s.strokes)), []).append(i)
    return groups


def random_pen_width(rng: np.random.Generator) -> float:
    lo, hi = PEN_WIDTH_RANGE
    return float(math.exp(rng.uniform(math.log(lo), math.log(hi))))


def as_drawn(sample: StrokeSample, rng: np.random.Generator) -> tuple[Strokes, float]:
    """A digit as a person would put it on the canvas: random size, place and pen, no other change.
    The measuring protocol for pen-recorded digits."""
    return random_placement(sample.strokes, rng), random_pen_width(rng)


def pen_pool(samples: Sequence[StrokeSample], variants: int, seed: int,
             cfg: PreprocessConfig | None = None, strength: float = 1.0, augment_first: bool = False,
             cancelled: Callable[[], bool] | None = None, blend: float = 0.0, neighbours: float = 0.0):
    """``variants`` augmented renderings of every sample through the app's preprocessing, as
    MNIST-like uint8 tensors ``(images (n * variants, 28, 28), labels)``. The first rendering of
    each sample is only placed, not augmented, unless ``augment_first``. ``blend``: the share of
    the other renderings that first blend the sample with another writer's writing of the same
    digit (:func:`blend_strokes`, a random weight between 0.2 and 0.8). ``neighbours``: the share
    of the other renderings that come with a piece of another digit at their side, or without a
    strip of their own, as touching digits of a number are cut apart (:func:`with_neighbour`).
    ``cancelled`` as in :func:`render_pool`."""
    rng = np.random.default_rng(seed)
    partners = _blend_partners(samples) if blend > 0 else {}

    def blended(s: StrokeSample) -> Sequence:
        group = partners.get((int(s.label), _stroke_count(s.strokes)), [])
        other = samples[group[int(rng.integers(len(group)))]] if group else s
        if other is s or writer_of(other) == writer_of(s):
            return s.strokes
        return blend_strokes(s.strokes, other.strokes, float(rng.uniform(0.2, 0.8))) or s.strokes

    def drawings():
        for v in range(variants):
            for s in samples:
                plain = v == 0 and not augment_first
                strokes = s.strokes
                if not plain and blend > 0 and rng.random() < blend:
                    strokes = blended(s)
                strokes = strokes if plain else augment_strokes(strokes, rng, strength)
                if not plain and neighbours > 0 and rng.random() < neighbours:
                    strokes = with_neighbour(strokes, samples[int(rng.integers(len(samples)))].strokes, rng)
                strokes = random_placement(strokes, rng)
                yield strokes, (DEFAULT_PEN_WIDTH if plain else random_pen_width(rng)), s.label

    return render_pool(drawings(), cfg, cancelled, "pen-recorded digits")


def render_pool(drawings: Iterable[tuple[Sequence, float | None, int]], cfg: PreprocessConfig | None = None,
                cancelled: Callable[[], bool] | None = None, what: str = "digits"):
    """``(strokes, pen width, label)`` drawings through the app's preprocessing, as MNIST-like
    uint8 tensors ``(images (n, 28, 28), labels (n,))``; a drawing that does not render is left
    out. ``cancelled`` is asked every 64 drawings; when it says so,
    :class:`~mnistgui.core.errors.Cancelled` is raised."""
    import torch

    from mnistgui.core.preprocess import preprocess_strokes

    cfg = cfg or PreprocessConfig()
    images, labels = [], []
    for i, (strokes, pen, label) in enumerate(drawings):
        if cancelled is not None and i % 64 == 0 and cancelled():
            raise Cancelled(f"stopped while rendering {what}")
        try:
            img = preprocess_strokes(strokes, cfg, pen).image
        except PreprocessError:
            continue
        images.append(np.round(img * 255).astype(np.uint8))
        labels.append(int(label))
    if not images:
        raise PreprocessError(f"none of the {what} could be rendered")
    return torch.from_numpy(np.stack(images)), torch.tensor(labels, dtype=torch.int64)


def render_as_drawn(samples: Sequence[StrokeSample], seed: int, cfg: PreprocessConfig | None = None
                    ) -> tuple[np.ndarray, np.ndarray, list[StrokeSample]]:
    """Every sample placed as drawn (:func:`as_drawn`) and preprocessed: ``(images (N, 28, 28)
    float32, labels (N,), the samples that rendered)``. Reproducible for a seed."""
    from mnistgui.core.preprocess import preprocess_strokes

    cfg = cfg or PreprocessConfig()
    rng = np.random.default_rng(seed)
    images, labels, kept = [], [], []
    for s in samples:
        strokes, pen = as_drawn(s, rng)
        try:
            images.append(preprocess_strokes(strokes, cfg, pen).image)
        except PreprocessError:
            continue
        labels.append(int(s.label))
        kept.append(s)
    return np.stack(images).astype(np.float32), np.asarray(labels), kept
