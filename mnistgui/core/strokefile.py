"""Stroke files: drawings as JSON, read within bounds that keep what a file can make the app do
to a fraction of a second and a few tens of megabytes.

A stroke file is a list of samples; each sample either a list of strokes or an object with a
``"strokes"`` key (and optionally ``"label"`` and ``"pen_width"``); each stroke a list of
``[x, y]`` points in canvas-relative coordinates from 0 to 1, y pointing down. Every error is a
:class:`~mnistgui.core.errors.PreprocessError` of one line, naming the sample, stroke and point.
"""

from __future__ import annotations

import json
import math
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Sequence

from mnistgui.core.errors import PreprocessError




@dataclass
class StrokeSample:
    strokes: list[list[tuple[float, float]]]
    label: int | None = None
    meta: dict[str, Any] = field(default_factory=dict)


#: Bounds on what a stroke file or a pasted stroke text may make the app do: a drawing on the
#: canvas has a few hundred points (the largest of the pen-recorded digits has 167).
MAX_STROKE_FILE_BYTES = 16 * 1024 * 1024
MAX_SAMPLES = 100_000
MAX_STROKES_PER_SAMPLE = 1_000
MAX_POINTS_PER_SAMPLE = 10_000
MAX_POINTS_PER_FILE = 500_000
#: How far off the canvas (0..1) a point may lie.
MAX_COORDINATE = 10.0
#: How long the lines of one drawing may be in all, in canvas sides (the longest pen-recorded
#: digit's are 3.4): what drawing and painting them costs grows with it.
MAX_INK_LENGTH = 100.0
#: The pen widths a stroke sample may ask for, as a fraction of the canvas side.
PEN_WIDTH_RANGE = (0.001, 0.5)


def _parse_stroke(obj: Any, where: str, budget: list) -> list[tuple[float, float]]:
    if not isinstance(obj, list):
        raise PreprocessError(f"{where}: a stroke must be a list of [x, y] points")
    budget[0] -= len(obj)
    budget[1] -= len(obj)
    if budget[0] < 0:
        raise PreprocessError(f"{where}: the drawing has more than {MAX_POINTS_PER_SAMPLE:,} points, more "
                              "than this app reads in one drawing; draw it again or thin out its points")
    if budget[1] < 0:
        raise PreprocessError(f"{where}: the file holds more than {MAX_POINTS_PER_FILE:,} points in all, more "
                              "than this app reads at once; split it into smaller files")
    pts = []
    for j, p in enumerate(obj):
        if (
            not isinstance(p, (list, tuple))
            or len(p) < 2
            or not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in p[:2])
        ):
            raise PreprocessError(f"{where}, point {j}: expected [x, y] numbers, got {_short(p)}")
        try:
            x, y = float(p[0]), float(p[1])  # a float stays the object JSON made: no copy
        except OverflowError:
            x = y = math.inf
        if not (math.isfinite(x) and math.isfinite(y)):
            raise PreprocessError(f"{where}, point {j}: coordinates must be finite numbers")
        if abs(x) > MAX_COORDINATE or abs(y) > MAX_COORDINATE:
            raise PreprocessError(f"{where}, point {j}: coordinates run from 0 to 1 across the canvas; "
                                  f"({x:.3g}, {y:.3g}) is far off it")
        pts.append((x, y))
    budget[2] -= sum(math.dist(a, b) for a, b in zip(pts, pts[1:]))
    if budget[2] < 0:
        raise PreprocessError(f"{where}: the drawing's lines are more than {MAX_INK_LENGTH:g} canvas sides long "
                              "in all, far more than a digit's; draw it again")
    return pts


def _short(value: Any, n: int = 40) -> str:
    """``repr(value)`` cut to ``n`` characters (a 400-digit number stays readable)."""
    text = repr(value)
    return text if len(text) <= n else text[: n - 1] + "…"


def pen_width_of(value: Any, where: str) -> float:
    """A stroke sample's ``pen_width`` as a float in :data:`PEN_WIDTH_RANGE`, or PreprocessError."""
    lo, hi = PEN_WIDTH_RANGE
    ok = isinstance(value, (int, float)) and not isinstance(value, bool)
    if ok:
        try:
            ok = math.isfinite(float(value)) and lo <= float(value) <= hi
        except OverflowError:
            ok = False
    if not ok:
        raise PreprocessError(f"{where}: pen_width must be a number from {lo:g} to {hi:g} "
                              f"(a fraction of the canvas side), got {_short(value)}")
    return float(value)


def _sample_list(data: Any) -> list:
    if isinstance(data, dict) and "strokes" in data:
        data = [data]  # one sample on its own is accepted too
    if not isinstance(data, list):
        raise PreprocessError("a stroke file must hold a list of samples")
    if len(data) > MAX_SAMPLES:
        raise PreprocessError(f"the file holds {len(data):,} samples, more than the {MAX_SAMPLES:,} this app "
                              "reads at once; split it into smaller files")
    return data


def _parse_sample(i: int, s: Any, budget: list) -> StrokeSample:
    label = None
    meta: dict[str, Any] = {}
    if isinstance(s, dict):
        if "strokes" not in s:
            raise PreprocessError(f"sample {i}: an object sample needs a \"strokes\" key")
        label = s.get("label")
        if label is not None and (
            isinstance(label, bool) or not isinstance(label, int) or not 0 <= label <= 9
        ):
            raise PreprocessError(f"sample {i}: label must be a digit 0-9, got {_short(label)}")
        meta = {k: v for k, v in s.items() if k not in ("strokes", "label")}
        if meta.get("pen_width") is not None:
            meta["pen_width"] = pen_width_of(meta["pen_width"], f"sample {i}")
        s = s["strokes"]
    if not isinstance(s, list):
        raise PreprocessError(f"sample {i}: expected a list of strokes")
    if len(s) > MAX_STROKES_PER_SAMPLE:
        raise PreprocessError(f"sample {i}: {len(s):,} strokes, more than the {MAX_STROKES_PER_SAMPLE:,} "
                              "this app reads in one drawing")
    budget[0], budget[2] = MAX_POINTS_PER_SAMPLE, MAX_INK_LENGTH
    strokes = [_parse_stroke(st, f"sample {i}, stroke {k}", budget) for k, st in enumerate(s)]
    return StrokeSample(strokes=strokes, label=label, meta=meta)


def parse_samples(data: Any) -> list[StrokeSample]:
    """Parse the stroke JSON structure (already decoded) into samples, within the bounds above."""
    budget = [0, MAX_POINTS_PER_FILE, 0.0]  # points left in this sample, in the file; length left in the sample
    return [_parse_sample(i, s, budget) for i, s in enumerate(_sample_list(data))]


def parse_stroke_json(text: str) -> Any:
    """Decode stroke JSON text, with one-line errors for what JSON itself allows but this app
    cannot use: text over :data:`MAX_STROKE_FILE_BYTES`, nesting too deep to decode, numbers too
    long to convert."""
    if len(text) > MAX_STROKE_FILE_BYTES:
        raise PreprocessError(f"the stroke data is {len(text) / 2**20:,.0f} MB, more than the "
                              f"{MAX_STROKE_FILE_BYTES // 2**20} MB this app reads at once")
    # every point is a list: more lists than the points a file may hold is refused before the
    # text is decoded into (far larger) Python objects
    if text.count("[") > MAX_POINTS_PER_FILE + MAX_SAMPLES:
        raise PreprocessError(f"the stroke data holds more than {MAX_POINTS_PER_FILE:,} points, more than this "
                              "app reads at once; split it into smaller files")
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise PreprocessError(f"not valid JSON ({exc.msg}, line {exc.lineno})") from None
    except RecursionError:
        raise PreprocessError("not a stroke file: its lists are nested far too deeply") from None
    except ValueError as exc:  # e.g. an integer of more than 4300 digits
        raise PreprocessError(f"not a usable stroke file ({_short(str(exc), 80)})") from None


def read_stroke_json(path: str | os.PathLike) -> Any:
    """The decoded JSON of a stroke file (:func:`parse_stroke_json`); errors name the file."""
    p = Path(path)
    try:
        st = p.stat()
        if not stat.S_ISREG(st.st_mode):
            raise PreprocessError(f"{p}: not a regular file (a folder, a device or a pipe)")
        if st.st_size > MAX_STROKE_FILE_BYTES:
            raise PreprocessError(f"{p}: the file is {st.st_size / 2**20:,.0f} MB, more than the "
                                  f"{MAX_STROKE_FILE_BYTES // 2**20} MB this app reads as strokes")
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise PreprocessError(f"{p}: no such stroke file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise PreprocessError(f"{p}: cannot read stroke file ({getattr(exc, 'strerror', None) or exc})") from None
    try:
        return parse_stroke_json(text)
    except PreprocessError as exc:
        raise PreprocessError(f"{p}: {exc}") from None


def load_strokes(path: str | os.PathLike) -> list[StrokeSample]:
    """Read a stroke JSON file. Errors name the file and say what is wrong."""
    data = read_stroke_json(path)
    budget = [0, MAX_POINTS_PER_FILE, 0.0]
    out: list[StrokeSample] = []
    try:
        data = _sample_list(data)
        data.reverse()
        while data:  # each sample's decoded lists are let go once it is parsed
            out.append(_parse_sample(len(out), data.pop(), budget))
    except PreprocessError as exc:
        raise PreprocessError(f"{Path(path)}: {exc}") from None
    return out


def samples_to_json(samples: Sequence[StrokeSample]) -> list:
    out = []
    for s in samples:
        obj: dict[str, Any] = {"strokes": [[[round(x, 5), round(y, 5)] for x, y in st] for st in s.strokes]}
        if s.label is not None:
            obj["label"] = int(s.label)
        obj.update(s.meta)
        out.append(obj)
    return out


def save_strokes(path: str | os.PathLike, samples: Sequence[StrokeSample]) -> None:
    """Write samples as stroke JSON, atomically."""
    from mnistgui.core.io import atomic_write_text

    atomic_write_text(Path(path), json.dumps(samples_to_json(samples)))
