"""The preprocessing gives what the former one gave (kept in bench/predict_latency.py as the
benchmark's baseline: every stroke drawn on the whole supersampled square, the steps in torch).

The steps run on numpy and PIL, and a drawing that extends the last one is drawn by adding its new
shapes; for the same drawing the canvas raster is identical, the 28x28 input agrees to float
rounding, and the shipped model's probabilities agree to far better than 1e-3.
"""

import importlib.util
import math
import sys
from pathlib import Path

import numpy as np
import pytest

from mnistgui.core.predict import Predictor
from mnistgui.core.canvas import preprocess_canvas
from mnistgui.core.preprocess import PreprocessConfig, fit_to_square, preprocess_image
from mnistgui.core.render import render_strokes
from mnistgui.core.synth import synth_samples

BENCH = Path(__file__).resolve().parents[2] / "bench"
IMAGE_TOLERANCE = 1e-4  # on 0..1 pixels; float rounding gives about 3e-6
PROBABILITY_TOLERANCE = 1e-3


@pytest.fixture(scope="module")
def baseline():
    sys.path.insert(0, str(BENCH))
    try:
        spec = importlib.util.spec_from_file_location("predict_latency_bench", BENCH / "predict_latency.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(BENCH))
    return module


def _circle(cx, cy, r, n=24):
    return [[cx + r * math.cos(2 * math.pi * t / n), cy + r * math.sin(2 * math.pi * t / n)] for t in range(n + 1)]


def drawings():
    """(name, strokes, pen width): thin and thick pens, small and large digits, dots, single
    strokes, sharp corners, strokes leaving the canvas, many short segments."""
    out = []
    seven = [[[0.2, 0.2], [0.8, 0.2], [0.45, 0.85]], [[0.3, 0.5], [0.7, 0.5]]]
    for pen in (0.004, 0.01, 0.02, 0.04, 0.08, 0.15):
        out.append((f"seven pen {pen}", seven, pen))
    out += [
        ("dot", [[[0.5, 0.5]]], 0.04),
        ("thick dot", [[[0.3, 0.6]]], 0.2),
        ("two dots", [[[0.3, 0.3]], [[0.7, 0.7]]], 0.05),
        ("vertical one", [[[0.5, 0.15], [0.5, 0.85]]], 0.03),
        ("slanted one", [[[0.45, 0.1], [0.55, 0.9]]], 0.01),
        ("horizontal bar", [[[0.1, 0.5], [0.9, 0.5]]], 0.06),
        ("tiny zero", [_circle(0.2, 0.2, 0.03)], 0.01),
        ("huge zero", [_circle(0.5, 0.5, 0.49)], 0.04),
        ("zero leaving the canvas", [_circle(0.9, 0.1, 0.3)], 0.05),
        ("hairpin", [[[0.3, 0.2], [0.5, 0.8], [0.31, 0.21]]], 0.06),
        ("zigzag", [[[0.2 + 0.06 * i, 0.3 + 0.4 * (i % 2)] for i in range(11)]], 0.03),
        ("repeated points", [[[0.4, 0.4], [0.4, 0.4], [0.6, 0.6], [0.6, 0.6], [0.4, 0.8]]], 0.04),
        ("empty stroke beside ink", [[], [[0.3, 0.3], [0.6, 0.7]]], 0.04),
    ]
    for s in synth_samples(40, seed=11):
        out.append((f"synthetic {s.label}", s.strokes, s.meta.get("pen_width")))
    rng = np.random.default_rng(5)
    for i, s in enumerate(synth_samples(20, seed=12)):
        scale = rng.uniform(0.08, 1.2)
        ox, oy = rng.uniform(-0.1, 0.9 - scale * 0.5, 2)
        moved = [[[ox + x * scale, oy + y * scale] for x, y in st] for st in s.strokes]
        out.append((f"synthetic {s.label} moved {i}", moved, float(rng.choice([0.006, 0.02, 0.05, 0.12]))))
    return out


DRAWINGS = drawings()


@pytest.mark.parametrize("name,strokes,pen", DRAWINGS, ids=[d[0] for d in DRAWINGS])
def test_strokes_give_the_former_raster_and_input(baseline, name, strokes, pen):
    cfg = PreprocessConfig()
    raster = render_strokes(strokes, cfg.raster_size, pen, cfg.supersample)
    assert np.array_equal(raster, baseline.baseline_render_strokes(strokes, cfg.raster_size, pen, cfg.supersample))
    new = preprocess_canvas(strokes, None, pen, cfg)
    old = baseline.baseline_preprocess_strokes(strokes, cfg, pen)
    assert new.image.shape == (28, 28) and new.image.dtype == np.float32
    assert np.abs(new.image - old).max() < IMAGE_TOLERANCE
    assert np.array_equal(new.source, raster)


def test_a_drawing_read_as_it_grows_is_drawn_as_a_whole(baseline):
    """Read after every point, as the canvas reads a stroke being drawn (the strokes drawn
    before are reused, and only the new points added): the raster of the whole drawing each
    time, through new strokes, repeated points, an undo and pens from one pixel up."""
    rng = np.random.default_rng(21)
    cfg = PreprocessConfig()
    for pen in (0.001, 0.004, 0.009, 0.018, 0.04, 0.15):
        shown = []
        for stroke in synth_samples(2, seed=int(pen * 1000))[1].strokes:
            shown.append([])
            for point in stroke:
                shown[-1].append(point)
                if rng.random() < 0.1:
                    shown[-1].append(point)
                view = [list(s) for s in shown]
                assert np.array_equal(render_strokes(view, cfg.raster_size, pen, cfg.supersample),
                                      baseline.baseline_render_strokes(view, cfg.raster_size, pen, cfg.supersample))
        view = [list(s) for s in shown[:-1]] or [[(0.5, 0.5)]]  # the last stroke undone
        assert np.array_equal(render_strokes(view, cfg.raster_size, pen, cfg.supersample),
                              baseline.baseline_render_strokes(view, cfg.raster_size, pen, cfg.supersample))


def test_the_shipped_model_reads_both_alike(baseline):
    pred = Predictor.load()
    cfg = pred.preprocess
    new = np.stack([preprocess_canvas(s, None, pen, cfg).image for _, s, pen in DRAWINGS])
    old = np.stack([baseline.baseline_preprocess_strokes(s, cfg, pen) for _, s, pen in DRAWINGS])
    p_new, p_old = pred.probabilities(new), pred.probabilities(old)
    assert np.abs(p_new - p_old).max() < PROBABILITY_TOLERANCE
    assert (p_new.argmax(1) == p_old.argmax(1)).all()


def test_images_take_the_same_steps_as_before(baseline):
    """Grey images (files, pasted pictures): the same steps, the same result."""
    pred = Predictor.load()
    cfg = pred.preprocess
    rng = np.random.default_rng(3)
    images = []
    for s in synth_samples(12, seed=4):  # drawn digits at other sizes, with other margins
        g = baseline.baseline_render_strokes(s.strokes, int(rng.integers(40, 400)), 0.05)
        ys, xs = np.nonzero(g)
        top, left, bottom, right = (int(v) for v in rng.integers(0, 60, 4))
        images.append(np.ascontiguousarray(
            g[max(0, ys.min() - top) : ys.max() + 1 + bottom, max(0, xs.min() - left) : xs.max() + 1 + right]))
    images.append(np.pad(rng.random((30, 18)).astype(np.float32), 5))  # noisy blob
    images.append(np.ones((6, 90), np.float32))  # a flat bar
    for g in images:
        new = preprocess_image(g, cfg)
        old = baseline.baseline_preprocess_image(g, cfg)
        assert np.abs(new.image - old).max() < IMAGE_TOLERANCE
        assert np.abs(pred.predict_gray(g).probabilities - pred.probabilities(old[None])[0]).max() < PROBABILITY_TOLERANCE


def test_fit_to_square_resizes_as_before(baseline):
    import torch

    rng = np.random.default_rng(8)
    for h, w, size in ((300, 120, 256), (50, 400, 256), (20, 20, 256), (700, 700, 256)):
        g = rng.random((h, w)).astype(np.float32)
        old = baseline._resize(torch.from_numpy(g), *(max(1, round(v * size / max(h, w))) for v in (h, w))).numpy()
        sq = fit_to_square(g, size)
        y0, x0 = (size - old.shape[0]) // 2, (size - old.shape[1]) // 2
        assert np.abs(sq[y0 : y0 + old.shape[0], x0 : x0 + old.shape[1]] - old).max() < IMAGE_TOLERANCE
