"""Golden arrays: fixed drawings and images, and the 28x28 model inputs preprocessing made of them.

The expected inputs are stored in ``golden/preprocess.npz``. A change that moves any of them by
more than float rounding fails here; if the change is meant, run this file as a script
(``python tests/core/test_preprocess_golden.py``) to write the arrays again, and say why in the
commit.
"""

from __future__ import annotations

import math
import pathlib

import numpy as np
import pytest
from PIL import Image

from mnistgui.core.canvas import preprocess_canvas
from mnistgui.core.preprocess import PreprocessConfig, image_to_gray, preprocess_image, preprocess_strokes

GOLDEN = pathlib.Path(__file__).with_name("golden") / "preprocess.npz"
ATOL = 1e-5  # the arrays are 0..1: far below one grey level in 255


def _circle(cx, cy, rx, ry, n=24, start=0.0, end=2 * math.pi):
    return [[cx + rx * math.cos(start + (end - start) * i / n), cy + ry * math.sin(start + (end - start) * i / n)]
            for i in range(n + 1)]


STROKES = {
    "one": ([[[0.52, 0.14], [0.5, 0.86]]], None),
    "seven": ([[[0.25, 0.2], [0.75, 0.2], [0.42, 0.85]], [[0.35, 0.52], [0.62, 0.52]]], None),
    "zero_thin_pen": ([_circle(0.5, 0.5, 0.22, 0.32)], 0.02),
    "four_thick_pen": ([[[0.6, 0.15], [0.25, 0.6], [0.75, 0.6]], [[0.6, 0.15], [0.6, 0.88]]], 0.09),
    "two_small_off_centre": ([_circle(0.2, 0.2, 0.08, 0.08, 12, math.pi, 2.1 * math.pi) + [[0.13, 0.35], [0.3, 0.35]]],
                             None),
}


def _images() -> dict[str, np.ndarray]:
    """Grey images (ink = 1) made without randomness, so they are the same everywhere."""
    yy, xx = np.mgrid[0:60, 0:40].astype(np.float32)
    ring = np.clip(1.0 - np.abs(np.hypot((xx - 20) / 14, (yy - 30) / 22) - 1.0) * 6, 0, 1)
    bar = np.zeros((90, 120), np.float32)
    bar[10:80, 55:63] = 1.0
    bar[10:18, 40:63] = 0.6
    # dark ink on white paper, as a scan would be, through the app's image reading
    paper = np.full((80, 64, 3), 250, np.uint8)
    paper[12:70, 28:36] = (20, 30, 40)
    paper[12:20, 18:36] = (20, 30, 40)
    return {"ring": ring, "bar": bar, "scan": image_to_gray(Image.fromarray(paper, "RGB"))}


def _outputs() -> dict[str, np.ndarray]:
    cfg = PreprocessConfig()
    out = {}
    for name, (strokes, pen) in STROKES.items():
        out[f"strokes/{name}"] = preprocess_strokes(strokes, cfg, pen).image
    images = _images()
    for name, gray in images.items():
        out[f"image/{name}"] = preprocess_image(gray, cfg).image
    out["canvas/seven_over_ring"] = preprocess_canvas(STROKES["seven"][0], images["ring"], 0.05, cfg).image
    out["canvas/box_centring"] = preprocess_strokes(STROKES["seven"][0], PreprocessConfig(center="box")).image
    return out


@pytest.fixture(scope="module")
def golden() -> dict[str, np.ndarray]:
    with np.load(GOLDEN, allow_pickle=False) as z:
        return {k: z[k] for k in z.files}


def test_every_case_has_its_golden_array(golden):
    assert set(golden) == set(_outputs())
    for name, arr in golden.items():
        assert arr.shape == (28, 28) and arr.dtype == np.float32, name
        assert 0 <= float(arr.min()) and float(arr.max()) <= 1 and float(arr.sum()) > 10, name


@pytest.mark.parametrize("name", sorted(_outputs()))
def test_preprocessing_gives_the_golden_arrays(golden, name):
    got = _outputs()[name]
    assert np.allclose(got, golden[name], rtol=0, atol=ATOL), (
        f"{name}: largest difference {np.abs(got - golden[name]).max():.2e}")


if __name__ == "__main__":
    GOLDEN.parent.mkdir(exist_ok=True)
    arrays = {k: v.astype(np.float32) for k, v in _outputs().items()}
    np.savez_compressed(GOLDEN, **arrays)
    print(f"wrote {len(arrays)} arrays to {GOLDEN}")
