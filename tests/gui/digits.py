"""Hand-made digit drawings for the GUI tests, in canvas coordinates (0..1, y down).

Each template is a list of strokes, drawn the way people commonly write the digit; ``place``
scales, slants and moves one, as people draw at different sizes, angles and places.
"""

from __future__ import annotations

import math


def _arc(cx, cy, rx, ry, a0, a1, n=28):
    """Points on an ellipse from angle a0 to a1 (degrees; 0 = right, 90 = down)."""
    return [
        (cx + rx * math.cos(math.radians(a0 + (a1 - a0) * i / n)),
         cy + ry * math.sin(math.radians(a0 + (a1 - a0) * i / n)))
        for i in range(n + 1)
    ]


def _line(*pts, n=8):
    out = [pts[0]]
    for a, b in zip(pts, pts[1:]):
        out.extend((a[0] + (b[0] - a[0]) * k / n, a[1] + (b[1] - a[1]) * k / n) for k in range(1, n + 1))
    return out


TEMPLATES: dict[int, list[list[tuple[float, float]]]] = {
    0: [_arc(0.5, 0.5, 0.21, 0.31, -100, 265, 40)],
    1: [_line((0.53, 0.19), (0.47, 0.81))],
    2: [_arc(0.5, 0.36, 0.18, 0.16, 190, 395, 20) + _line((0.62, 0.48), (0.3, 0.8), (0.72, 0.8))[1:]],
    3: [_arc(0.49, 0.34, 0.16, 0.15, 200, 450, 22) + _arc(0.49, 0.65, 0.18, 0.16, -90, 155, 22)[1:]],
    4: [_line((0.6, 0.2), (0.27, 0.62), (0.76, 0.62)), _line((0.61, 0.38), (0.6, 0.82))],
    5: [_line((0.69, 0.2), (0.37, 0.2), (0.34, 0.47)) + _arc(0.49, 0.62, 0.19, 0.18, -140, 150, 24)[1:]],
    6: [_line((0.63, 0.18), (0.42, 0.42)) + _arc(0.5, 0.64, 0.17, 0.17, 210, 570, 30)[1:]],
    7: [_line((0.3, 0.22), (0.7, 0.22), (0.45, 0.8))],
    8: [_arc(0.5, 0.33, 0.14, 0.14, 90, 450, 26), _arc(0.5, 0.64, 0.17, 0.17, -90, 270, 30)],
    9: [_arc(0.5, 0.36, 0.16, 0.15, 0, 360, 30) + _line((0.66, 0.36), (0.62, 0.81))[1:]],
}


def place(strokes, scale=1.0, dx=0.0, dy=0.0, slant=0.0):
    """Scale about the centre, slant (positive leans right), then move."""
    out = []
    for s in strokes:
        pts = []
        for x, y in s:
            x = 0.5 + (x - 0.5) * scale
            y = 0.5 + (y - 0.5) * scale
            x += slant * (0.5 - y)
            pts.append((x + dx, y + dy))
        out.append(pts)
    return out


#: Variations: (scale, dx, dy, slant, pen width)
VARIATIONS = [
    (1.0, 0.0, 0.0, 0.0, 0.04),
    (0.45, -0.22, -0.2, 0.15, 0.03),
    (0.6, 0.18, 0.15, -0.1, 0.07),
    (1.1, 0.0, 0.02, 0.2, 0.025),
    (0.35, 0.25, -0.25, 0.0, 0.05),
]
