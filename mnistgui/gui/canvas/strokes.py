"""Stroke geometry for the canvas, free of Qt: points, strokes and the vector eraser.

A stroke is a tuple of ``(x, y)`` points in canvas-relative coordinates (0..1, y down), the format
of :mod:`mnistgui.core.preprocess`. Strokes are immutable, so an undo command can keep the strokes
it replaced by reference instead of copying them.
"""

from __future__ import annotations

import math
from typing import Iterable, Sequence

Point = tuple[float, float]
Stroke = tuple[Point, ...]

#: Recorded coordinates are rounded to this many decimals (1e-5 of the canvas side is far below a
#: pixel), which is what stroke files store: a saved drawing reads back bit for bit the same.
DECIMALS = 5


def snap(x: float, y: float) -> Point:
    return (round(float(x), DECIMALS), round(float(y), DECIMALS))


def as_stroke(points: Iterable[Sequence[float]]) -> Stroke:
    return tuple(snap(p[0], p[1]) for p in points)


def stroke_length(stroke: Sequence[Point]) -> float:
    return sum(math.dist(a, b) for a, b in zip(stroke, stroke[1:]))


def _circle_interval(a: Point, b: Point, c: Point, r: float) -> tuple[float, float] | None:
    """The part ``[t0, t1]`` of segment a->b (t in 0..1) that lies inside the circle (c, r)."""
    dx, dy = b[0] - a[0], b[1] - a[1]
    fx, fy = a[0] - c[0], a[1] - c[1]
    qa = dx * dx + dy * dy
    qc = fx * fx + fy * fy - r * r
    if qa <= 1e-18:
        return (0.0, 1.0) if qc <= 0 else None
    qb = 2.0 * (fx * dx + fy * dy)
    disc = qb * qb - 4.0 * qa * qc
    if disc <= 0:
        return None
    s = math.sqrt(disc)
    t0 = max(0.0, (-qb - s) / (2.0 * qa))
    t1 = min(1.0, (-qb + s) / (2.0 * qa))
    return (t0, t1) if t0 < t1 else None


def _kept_intervals(removed: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """The complement in [0, 1] of a union of intervals."""
    kept = []
    t = 0.0
    for s, e in sorted(removed):
        if s > t:
            kept.append((t, s))
        t = max(t, e)
    if t < 1.0:
        kept.append((t, 1.0))
    return kept


def eraser_centres(path: Sequence[Point], radius: float) -> list[Point]:
    """Circle centres along an eraser path, close enough that the circles leave no gaps."""
    if not path:
        return []
    out = [path[0]]
    step = max(radius * 0.5, 1e-6)
    for a, b in zip(path, path[1:]):
        n = max(1, math.ceil(math.dist(a, b) / step))
        out.extend((a[0] + (b[0] - a[0]) * k / n, a[1] + (b[1] - a[1]) * k / n) for k in range(1, n + 1))
    return out


def erase_stroke(stroke: Stroke, centres: Sequence[Point], radius: float) -> list[Stroke] | None:
    """Cut away the parts of ``stroke`` whose centre line passes within ``radius`` of a centre.

    Returns the remaining pieces (possibly none), or ``None`` when the stroke is untouched.
    """
    if not stroke or not centres:
        return None
    xs = [p[0] for p in stroke]
    ys = [p[1] for p in stroke]
    x0, x1, y0, y1 = min(xs) - radius, max(xs) + radius, min(ys) - radius, max(ys) + radius
    near = [c for c in centres if x0 <= c[0] <= x1 and y0 <= c[1] <= y1]
    if not near:
        return None
    r2 = radius * radius
    if len(stroke) == 1:
        p = stroke[0]
        hit = any((p[0] - c[0]) ** 2 + (p[1] - c[1]) ** 2 <= r2 for c in near)
        return [] if hit else None

    pieces: list[list[Point]] = []
    current: list[Point] = []
    touched = False
    for a, b in zip(stroke, stroke[1:]):
        removed = [iv for c in near if (iv := _circle_interval(a, b, c, radius)) is not None]
        if not removed:
            if not current:
                current = [a]
            current.append(b)
            continue
        touched = True
        kept = [(s, e) for s, e in _kept_intervals(removed) if e - s > 1e-9]
        if not kept:  # the whole segment is under the eraser
            if current:
                pieces.append(current)
            current = []
            continue
        for s, e in kept:
            pa = a if s <= 0.0 else snap(a[0] + (b[0] - a[0]) * s, a[1] + (b[1] - a[1]) * s)
            pb = b if e >= 1.0 else snap(a[0] + (b[0] - a[0]) * e, a[1] + (b[1] - a[1]) * e)
            if s > 0.0 or not current:
                if current:
                    pieces.append(current)
                current = [pa]
            current.append(pb)
            if e < 1.0:
                pieces.append(current)
                current = []
    if current:
        pieces.append(current)
    if not touched:
        return None
    # crumbs shorter than a thousandth of the canvas are dropped: they would show as specks
    return [tuple(p) for p in pieces if len(p) >= 2 and stroke_length(p) > 1e-3]


def erase(strokes: Sequence[Stroke], path: Sequence[Point], radius: float) -> list[Stroke] | None:
    """Erase along ``path`` with a round eraser; ``None`` when nothing was under it."""
    centres = eraser_centres(path, radius)
    out: list[Stroke] = []
    changed = False
    for s in strokes:
        pieces = erase_stroke(s, centres, radius)
        if pieces is None:
            out.append(s)
        else:
            changed = True
            out.extend(pieces)
    return out if changed else None
