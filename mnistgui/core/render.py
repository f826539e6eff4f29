"""Rasterising strokes: what the canvas's pen puts on paper, as a grey image (ink = 1).

Strokes are lists of ``[x, y]`` points from 0 to 1 across a square canvas, y pointing down. They
are drawn with round caps and joins, supersampled and box-filtered down, exactly as Pillow's
``ImageDraw.line(..., joint="curve")`` and ``ImageDraw.ellipse`` draw them, but only over the
region that holds ink, and reusing the last drawing on this thread when a stroke grows.
"""

from __future__ import annotations

import math
import threading
from typing import Sequence

import numpy as np

Stroke = Sequence[Sequence[float]]  # [[x, y], ...], canvas-relative, 0..1

#: The canvas's default pen, as a fraction of the canvas side.
DEFAULT_PEN_WIDTH = 0.04


def render_strokes(
    strokes: Sequence[Stroke],
    size: int,
    pen_width: float = DEFAULT_PEN_WIDTH,
    supersample: int = 2,
) -> np.ndarray:
    """Rasterise canvas-relative strokes on a ``size`` x ``size`` grey image (ink = 1).

    Lines have round caps and joins; ``pen_width`` is a fraction of the side. Drawn with
    ``supersample``-times oversampling and box-filtered down, which anti-aliases the edges.
    """
    return render_region(strokes, size, pen_width, supersample)[0]


class _LastDrawing(threading.local):
    """The last strokes drawn on this thread, and the whole supersampled square they were drawn on
    without the last stroke's end cap (see :func:`render_region`)."""

    key: tuple | None = None
    lines: list[list[tuple[float, float]]] = []
    image = None


_last = _LastDrawing()


def render_region(strokes: Sequence[Stroke], size: int, pen_width: float, supersample: int):
    """:func:`render_strokes` and the region ``(x0, y0, x1, y1)`` that can hold ink (None: none).

    The strokes are drawn as ``ImageDraw.line(..., joint="curve")`` and ``ImageDraw.ellipse``
    draw them, with the same primitives and arithmetic, on the whole supersampled square; only
    the region of the ink is then box-filtered down. Every shape is filled with the same ink,
    so the image is the union of the shapes, in whatever order they come: strokes that extend
    the last ones drawn on this thread (a canvas's stroke growing point by point) are drawn by
    adding only their new shapes to a copy of the last image.
    """
    from PIL import Image, ImageDraw

    ss = max(1, int(supersample))
    side = size * ss
    w = max(1.0, pen_width * side)
    r = w / 2.0
    width = int(round(w))
    lines = [[(float(x) * side, float(y) * side) for x, y in st] for st in strokes if len(st)]
    out = np.zeros((size, size), np.float32)
    if not lines:
        return out, None
    xs = [x for st in lines for x, _ in st]
    ys = [y for st in lines for _, y in st]
    m = r + 2.0  # the pen's reach around a point, and a pixel to spare either side
    x0 = max(0, math.floor((min(xs) - m) / ss))
    y0 = max(0, math.floor((min(ys) - m) / ss))
    x1 = min(size, math.ceil((max(xs) + m) / ss) + 1)
    y1 = min(size, math.ceil((max(ys) + m) / ss) + 1)
    if x1 <= x0 or y1 <= y0:
        return out, None

    key = (side, width, r)
    done = _drawn_before(lines, key)
    if done is None:
        img, done = Image.new("L", (side, side), 0), (0, 0)
    else:
        img = _last.image
    _last.key = None  # until the drawing below is complete
    draw = ImageDraw.Draw(img).draw  # the drawing primitives behind ImageDraw's methods
    ink = draw.draw_ink(255)
    k, n = done  # see _drawn_before
    if k and n == 0 and len(lines) > k:
        _cap(draw, ink, lines[k - 1][-1], r)  # that stroke is no longer the last
    for i in range(k, len(lines)):
        pts = lines[i]
        start = n if i == k else 0
        if start == 0:
            _cap(draw, ink, pts[0], r)
        if len(pts) > 1:
            _polyline(draw, ink, pts, width, start)
        if i < len(lines) - 1:
            _cap(draw, ink, pts[-1], r)
    _last.key, _last.lines, _last.image = key, lines, img  # all but the last stroke's end cap
    img = img.copy()
    _cap(ImageDraw.Draw(img).draw, ink, lines[-1][-1], r)
    box = (x0 * ss, y0 * ss, x1 * ss, y1 * ss)
    region = img.crop(box)
    if ss > 1:
        region = region.reduce(ss)
    out[y0:y1, x0:x1] = np.asarray(region, dtype=np.float32) / np.float32(255.0)
    return out, (x0, y0, x1, y1)


def _drawn_before(lines: list[list[tuple[float, float]]], key: tuple) -> tuple[int, int] | None:
    """How much of ``lines`` the last drawing on this thread holds, or None if ``lines`` does not
    extend it: ``(k, 0)``, the first ``k`` strokes but the end cap of the ``k``-th; or ``(k, n)``
    with ``n`` > 0, the first ``k`` strokes whole and the first ``n`` points of the next one (it
    was the last and has grown since), without its end cap."""
    last = _last.lines
    if _last.key != key or _last.image is None or not last or len(lines) < len(last):
        return None
    k = len(last)
    if lines[: k - 1] != last[: k - 1]:
        return None
    grown, before = lines[k - 1], last[k - 1]
    if grown[: len(before)] != before:
        return None
    if len(grown) == len(before):
        return (k, 0)  # that stroke is as it was: its end cap is still to draw
    return (k - 1, len(before))


def _cap(draw, ink: int, point: tuple[float, float], r: float) -> None:
    """A round cap: ``ImageDraw.ellipse`` around ``point``."""
    x, y = point
    draw.draw_ellipse((x - r, y - r, x + r, y + r), ink, 1)


def _polyline(draw, ink: int, pts: list[tuple[float, float]], width: int, start: int = 0) -> None:
    """``ImageDraw.line(pts, width=width, joint="curve")``, with the same primitives and
    arithmetic; with ``start`` > 0, only what the points from ``start`` on add to the line already
    drawn through ``pts[:start]`` (the segments from ``pts[start - 1]``, the joints from there)."""
    atan2, degrees, radians, cos, sin = math.atan2, math.degrees, math.radians, math.cos, math.sin
    floor, ceil = math.floor, math.ceil
    first = max(0, start - 1)  # the first segment to draw starts at this point
    draw.draw_lines(pts[first:], ink, width)  # each segment is a shape of its own
    if width <= 4 or len(pts) < 3:
        return
    lo = max(1, first)  # joints at lo .. len - 2: the corners the new segments make
    heading = {j: degrees(atan2(pts[j + 1][0] - pts[j][0], pts[j][1] - pts[j + 1][1])) % 360
               for j in range(lo - 1, len(pts) - 1)}
    distance = width / 2 - 1
    pie, lines = draw.draw_pieslice, draw.draw_lines
    for i in range(lo, len(pts) - 1):
        a0, a1 = heading[i - 1], heading[i]
        if a0 == a1:
            continue  # a straight run needs no joint
        x, y = pts[i]
        flipped = (a1 > a0 and a1 - 180 > a0) or (a1 < a0 and a1 + 180 > a0)
        if flipped:
            start_angle, end_angle = a1 + 90, a0 + 90
        else:
            start_angle, end_angle = a0 - 90, a1 - 90
        box = (x - width / 2 + 1, y - width / 2 + 1, x + width / 2 - 1, y + width / 2 - 1)
        pie(box, start_angle - 90, end_angle - 90, ink, 1)
        if width > 8:  # short lines from the joint's edges through its centre cover gaps
            gap = []
            for angle in ((a0 + 90, a1 + 90) if flipped else (a0 - 90, a1 - 90)):
                angle -= 90
                dx, dy = distance * cos(radians(angle)), distance * sin(radians(angle))
                gap.append((x + (floor(dx) if dx > 0 else ceil(dx)), y + (floor(dy) if dy > 0 else ceil(dy))))
            lines((gap[0], (x, y), gap[1]), ink, 3)
