"""Synthetic handwriting: digits drawn as pen strokes, in several styles, with human variety.

Each digit has a few templates (pen paths through key points, including the styles that trouble
MNIST readers: 1s with a long flag or a base, open-topped 4s and 4s in one stroke, crossed 7s,
slashed 0s, 9s with straight or curved tails or a small head on a long tail). A sample smooths a
template into a dense pen trace, then varies it the way people do: slant, rotation, width, size
and position on the canvas, wobble, and pen width. Used to check
that drawings read well end to end, and as stand-in data where no real writer is at hand.
"""

from __future__ import annotations

import math
from typing import Sequence

import numpy as np

from mnistgui.core.preprocess import StrokeSample

# Key points in a unit box (x right, y down); each template is a list of strokes.
_O = [(0.5, 0.0), (0.15, 0.2), (0.05, 0.55), (0.25, 0.95), (0.6, 1.0), (0.9, 0.7), (0.9, 0.3), (0.65, 0.02), (0.45, 0.05)]
TEMPLATES: dict[int, list[list[list[tuple[float, float]]]]] = {
    0: [
        [_O],
        [[(0.55, 0.0), (0.2, 0.15), (0.1, 0.6), (0.35, 1.0), (0.75, 0.9), (0.9, 0.45), (0.7, 0.05), (0.5, 0.02)]],
        [_O, [(0.85, 0.1), (0.15, 0.9)]],  # slashed
    ],
    1: [
        [[(0.5, 0.0), (0.5, 1.0)]],
        [[(0.2, 0.25), (0.55, 0.0), (0.55, 1.0)]],  # flag
        [[(0.1, 0.4), (0.6, 0.0), (0.6, 1.0)]],  # long flag
        [[(0.3, 0.2), (0.55, 0.0), (0.55, 1.0)], [(0.25, 1.0), (0.85, 1.0)]],  # flag and base
    ],
    2: [
        [[(0.1, 0.25), (0.4, 0.0), (0.8, 0.1), (0.8, 0.4), (0.05, 1.0), (0.95, 1.0)]],
        [[(0.15, 0.2), (0.5, 0.0), (0.85, 0.25), (0.5, 0.7), (0.1, 1.0), (0.25, 0.85), (0.6, 0.95), (1.0, 0.95)]],
    ],
    3: [
        [[(0.1, 0.1), (0.5, 0.0), (0.85, 0.2), (0.45, 0.47), (0.9, 0.7), (0.5, 1.0), (0.05, 0.9)]],
        [[(0.1, 0.0), (0.9, 0.0), (0.45, 0.4), (0.9, 0.65), (0.55, 1.0), (0.05, 0.88)]],  # flat top
    ],
    4: [
        [[(0.65, 0.0), (0.0, 0.7), (1.0, 0.7)], [(0.7, 0.3), (0.7, 1.0)]],  # closed
        [[(0.15, 0.0), (0.05, 0.6), (0.95, 0.6)], [(0.7, 0.05), (0.7, 1.0)]],  # open top
        [[(0.1, 0.0), (0.1, 0.55), (0.85, 0.55)], [(0.75, 0.0), (0.75, 1.0)]],  # open, upright
        [[(0.25, 0.0), (0.08, 0.6), (0.95, 0.58), (0.72, 0.6), (0.74, 0.0), (0.7, 1.0)]],  # open, in one stroke
    ],
    5: [
        [[(0.85, 0.0), (0.2, 0.0), (0.12, 0.45), (0.55, 0.38), (0.9, 0.65), (0.6, 1.0), (0.05, 0.9)]],
        [[(0.2, 0.0), (0.1, 0.45), (0.55, 0.38), (0.9, 0.65), (0.6, 1.0), (0.05, 0.9)], [(0.2, 0.0), (0.9, 0.0)]],
    ],
    6: [
        [[(0.75, 0.0), (0.3, 0.3), (0.1, 0.75), (0.45, 1.0), (0.85, 0.8), (0.6, 0.5), (0.15, 0.7)]],
        [[(0.6, 0.0), (0.2, 0.45), (0.2, 0.9), (0.55, 1.0), (0.8, 0.75), (0.5, 0.55), (0.2, 0.7)]],
    ],
    7: [
        [[(0.0, 0.0), (1.0, 0.0), (0.35, 1.0)]],
        [[(0.0, 0.05), (1.0, 0.0), (0.4, 1.0)], [(0.3, 0.5), (0.85, 0.5)]],  # crossed
        [[(0.0, 0.15), (0.05, 0.0), (0.95, 0.0), (0.5, 0.5), (0.45, 1.0)]],  # hooked, straight drop
    ],
    8: [
        [[(0.85, 0.15), (0.5, 0.0), (0.15, 0.2), (0.5, 0.48), (0.9, 0.75), (0.5, 1.0), (0.1, 0.75), (0.5, 0.48), (0.85, 0.2)]],
        [[(0.5, 0.45), (0.2, 0.25), (0.5, 0.0), (0.8, 0.25), (0.5, 0.45), (0.15, 0.72), (0.5, 1.0), (0.85, 0.72), (0.5, 0.45)]],
    ],
    9: [
        [[(0.85, 0.2), (0.5, 0.0), (0.15, 0.25), (0.45, 0.5), (0.85, 0.3), (0.85, 0.0), (0.8, 1.0)]],  # straight stem
        [[(0.85, 0.25), (0.5, 0.0), (0.15, 0.25), (0.45, 0.5), (0.85, 0.3), (0.8, 0.7), (0.45, 1.0), (0.15, 0.9)]],  # curved tail
        [[(0.9, 0.1), (0.5, 0.0), (0.15, 0.2), (0.35, 0.45), (0.85, 0.25)], [(0.88, 0.05), (0.6, 1.0)]],  # two strokes, slanted
        [[(0.8, 0.12), (0.55, 0.0), (0.3, 0.1), (0.35, 0.3), (0.75, 0.2), (0.8, 0.1), (0.78, 0.5), (0.65, 0.85),
          (0.35, 1.0), (0.15, 0.88)]],  # small head, long curved tail
        [[(0.85, 0.2), (0.5, 0.0), (0.15, 0.22), (0.45, 0.42), (0.85, 0.22), (0.85, 0.65), (0.6, 0.95), (0.25, 0.9),
          (0.22, 0.72)]],  # tail curling back up
    ],
}


def _catmull_rom(points: Sequence[tuple[float, float]], per_segment: int = 8) -> np.ndarray:
    """A smooth dense trace through the key points (as a pen would record it)."""
    p = np.asarray(points, dtype=np.float64)
    if len(p) < 3:
        t = np.linspace(0, 1, per_segment * 2)[:, None]
        return p[0] * (1 - t) + p[-1] * t
    ext = np.vstack([2 * p[0] - p[1], p, 2 * p[-1] - p[-2]])
    out = []
    for i in range(1, len(ext) - 2):
        p0, p1, p2, p3 = ext[i - 1], ext[i], ext[i + 1], ext[i + 2]
        for t in np.linspace(0, 1, per_segment, endpoint=False):
            t2, t3 = t * t, t * t * t
            out.append(0.5 * ((2 * p1) + (-p0 + p2) * t + (2 * p0 - 5 * p1 + 4 * p2 - p3) * t2
                              + (-p0 + 3 * p1 - 3 * p2 + p3) * t3))
    out.append(p[-1])
    return np.asarray(out)


def synth_digit(digit: int, rng: np.random.Generator, style: int | None = None,
                size_range=(0.25, 0.85), pen_range=(0.02, 0.07), hand: dict | None = None) -> StrokeSample:
    """One hand-drawn-looking sample of ``digit`` in canvas-relative coordinates.

    ``hand`` fixes a writer's habits (``slant``, ``rotation`` in degrees, ``aspect``), around
    which each sample varies a little; without it every sample is a new writer.
    """
    styles = TEMPLATES[digit]
    k = int(rng.integers(len(styles))) if style is None else style % len(styles)
    if hand is None:
        slant = rng.uniform(-0.35, 0.15)  # people slant right (x grows as y shrinks) more than left
        rot = math.radians(rng.uniform(-10, 10))
        aspect = math.exp(rng.uniform(-0.3, 0.3))
    else:
        slant = hand["slant"] + rng.uniform(-0.05, 0.05)
        rot = math.radians(hand["rotation"] + rng.uniform(-3, 3))
        aspect = hand["aspect"] * math.exp(rng.uniform(-0.05, 0.05))
    traces = []
    for stroke in styles[k]:
        pts = np.asarray(stroke, dtype=np.float64)
        pts = pts + rng.normal(0, 0.03, pts.shape)  # key points wander
        tr = _catmull_rom([tuple(q) for q in pts])
        tr = tr + rng.normal(0, 0.004, tr.shape)  # hand tremor
        traces.append(tr)
    allp = np.vstack(traces)
    c = (allp.min(0) + allp.max(0)) / 2
    m = np.array([[aspect, 0.0], [0.0, 1.0]])
    m = np.array([[1.0, slant], [0.0, 1.0]]) @ m
    m = np.array([[math.cos(rot), -math.sin(rot)], [math.sin(rot), math.cos(rot)]]) @ m
    traces = [(t - c) @ m.T for t in traces]
    allp = np.vstack(traces)
    ext = (allp.max(0) - allp.min(0)).max()
    size = rng.uniform(*size_range)
    traces = [t * (size / max(ext, 1e-6)) for t in traces]
    allp = np.vstack(traces)
    lo, hi = allp.min(0), allp.max(0)
    room = 1.0 - (hi - lo) - 0.04
    off = 0.02 + rng.uniform(0, 1, 2) * np.maximum(room, 0) - lo
    traces = [t + off for t in traces]
    strokes = [[(float(x), float(y)) for x, y in np.clip(t, 0.0, 1.0)] for t in traces]
    return StrokeSample(
        strokes=strokes, label=digit,
        meta={"pen_width": round(float(rng.uniform(*pen_range)), 4), "style": k},
    )


def writer_samples(per_digit: int, seed: int = 0) -> list[StrokeSample]:
    """One unusual writer: the same style of each digit every time, a strong slant, tilt and
    width of their own (beyond what the model was trained on), ``per_digit`` samples of each
    digit, in the order someone might write them (0-9, then again)."""
    rng = np.random.default_rng(seed)
    hand = {
        "slant": float(rng.choice([-1, 1]) * rng.uniform(0.75, 0.95)),
        "rotation": float(rng.choice([-1, 1]) * rng.uniform(22, 30)),
        "aspect": float(np.exp(rng.choice([-1, 1]) * rng.uniform(0.45, 0.6))),
    }
    styles = {d: int(rng.integers(len(TEMPLATES[d]))) for d in range(10)}
    return [synth_digit(d, rng, style=styles[d], hand=hand, size_range=(0.45, 0.7))
            for _ in range(per_digit) for d in range(10)]


def synth_samples(n: int, seed: int = 0, **kw) -> list[StrokeSample]:
    """``n`` samples cycling through the digits (balanced), reproducible for a seed."""
    rng = np.random.default_rng(seed)
    return [synth_digit(i % 10, rng, **kw) for i in range(n)]


def synthetic_pool(n: int, seed: int, cfg=None, cancelled=None):
    """``n`` synthetic digits through the real preprocessing, as MNIST-like uint8 tensors
    ``(images (n, 28, 28), labels (n,))``: what the model sees when someone draws them.
    ``cancelled`` as in :func:`~mnistgui.core.handwriting.render_pool`."""
    from mnistgui.core.handwriting import render_pool

    samples = synth_samples(n, seed=seed)
    return render_pool(((s.strokes, s.meta["pen_width"], s.label) for s in samples), cfg, cancelled,
                       "synthetic digits")
