"""Written numbers for the tests: synthetic digits in a row, as strokes and as images."""

import numpy as np

from mnistgui.core.handwriting import place
from mnistgui.core.render import render_strokes
from mnistgui.core.synth import synth_digit

PEN = 0.08  # of the line's height


def digit(d, style, seed=0):
    return synth_digit(d, np.random.default_rng(seed), style=style).strokes


def row(digits, gaps, heights=None):
    """Digits (lists of strokes) in a row, each 1 high, ``gaps[i]`` between the ink of digit i and
    i + 1 (negative: they overlap): ``(strokes, groups of stroke indices)``."""
    strokes, groups, right = [], [], None
    for k, st in enumerate(digits):
        placed = place(st, 1.0, 0.0, 0.5)
        pts = np.concatenate([np.asarray(s) for s in placed])
        h = np.ptp(pts[:, 1])
        placed = [[(x / h * (heights[k] if heights else 1), y / h * (heights[k] if heights else 1)) for x, y in s]
                  for s in placed]
        pts = np.concatenate([np.asarray(s) for s in placed])
        dx = 0.0 if right is None else right + gaps[k - 1] + PEN - pts[:, 0].min()
        groups.append(list(range(len(strokes), len(strokes) + len(placed))))
        strokes += [[(x + dx, y) for x, y in s] for s in placed]
        right = pts[:, 0].max() + dx
    return strokes, groups


def image_of(strokes, px=60, pen=PEN):
    """The strokes as a grey image, ``px`` pixels to the line's height."""
    pts = np.concatenate([np.asarray(s) for s in strokes])
    lo = pts.min(0) - 0.4
    side = float((pts.max(0) + 0.4 - lo).max())
    norm = [[((x - lo[0]) / side, (y - lo[1]) / side) for x, y in s] for s in strokes]
    size = int(side * px)
    g = render_strokes(norm, size, pen / side, 2)
    w = int((pts[:, 0].max() + 0.4 - lo[0]) * px)
    h = int((pts[:, 1].max() + 0.4 - lo[1]) * px)
    return g[:h, :w]
