import json
import math

import numpy as np
import pytest
import torch
from PIL import Image

from mnistgui.core.errors import PreprocessError
from mnistgui.core.canvas import compose_canvas
from mnistgui.core.preprocess import (
    PreprocessConfig,
    estimate_stroke_width,
    fit_to_square,
    image_to_gray,
    load_image,
    load_strokes,
    parse_samples,
    preprocess_image,
    preprocess_strokes,
    render_strokes,
    save_strokes,
    StrokeSample,
)

SEVEN = [[[0.0, 0.0], [1.0, 0.0], [0.45, 1.0]], [[0.25, 0.5], [0.75, 0.5]]]
ZERO = [[[0.5 + 0.35 * math.sin(t / 20 * 2 * math.pi), 0.5 - 0.5 * math.cos(t / 20 * 2 * math.pi)] for t in range(21)]]


def place(strokes, x0, y0, size):
    """The same digit drawn in the square [x0, x0+size] x [y0, y0+size] of the canvas."""
    return [[[x0 + x * size, y0 + y * size] for x, y in s] for s in strokes]


def corr(a, b):
    a = a - a.mean()
    b = b - b.mean()
    return float((a * b).sum() / np.sqrt((a * a).sum() * (b * b).sum()))


@pytest.mark.parametrize("digit", [SEVEN, ZERO], ids=["seven", "zero"])
def test_size_position_and_pen_width_give_the_same_input(digit):
    ref = preprocess_strokes(place(digit, 0.25, 0.2, 0.5)).image
    variants = [
        place(digit, 0.05, 0.05, 0.2),  # small, top left
        place(digit, 0.1, 0.1, 0.85),  # large
        place(digit, 0.7, 0.65, 0.25),  # bottom right
    ]
    for v in variants:
        assert corr(preprocess_strokes(v).image, ref) > 0.87
    for pen in (0.015, 0.1):  # thin and thick pens
        assert corr(preprocess_strokes(place(digit, 0.25, 0.2, 0.5), pen_width=pen).image, ref) > 0.9


def test_output_is_mnist_shaped_fitted_in_20x20_and_centred_by_mass():
    r = preprocess_strokes(place(SEVEN, 0.3, 0.3, 0.4))
    img = r.image
    assert img.shape == (28, 28) and img.dtype == np.float32
    assert 0.0 <= img.min() and img.max() <= 1.0
    ys, xs = np.nonzero(img > 0.2)
    assert max(ys.max() - ys.min() + 1, xs.max() - xs.min() + 1) in (19, 20, 21)
    total = img.sum()
    cy = (img.sum(1) * np.arange(28)).sum() / total
    cx = (img.sum(0) * np.arange(28)).sum() / total
    assert abs(cx - 14) <= 0.3 and abs(cy - 14) <= 0.3
    # the steps are returned for display
    assert r.fitted.shape[0] == 20 or r.fitted.shape[1] == 20
    assert r.source.shape == (256, 256)
    x0, y0, x1, y1 = r.bbox
    assert 0 <= x0 < x1 <= 256 and 0 <= y0 < y1 <= 256
    assert r.cropped.shape == (y1 - y0, x1 - x0)


def test_aspect_ratio_is_kept_for_a_one():
    one = [[[0.5, 0.2], [0.52, 0.8]]]
    img = preprocess_strokes(one).image
    ys, xs = np.nonzero(img > 0.2)
    assert ys.max() - ys.min() >= 18
    assert xs.max() - xs.min() <= 5


def test_stroke_width_is_normalised_towards_mnist():
    cfg = PreprocessConfig()
    widths = []
    for pen in (0.01, 0.03, 0.08):
        r = preprocess_strokes(place(ZERO, 0.2, 0.2, 0.6), cfg, pen_width=pen)
        widths.append(estimate_stroke_width(torch.from_numpy(r.image)))
    assert max(widths) - min(widths) < 1.0
    assert all(1.6 < w < 3.6 for w in widths)


def test_mnist_digits_pass_through_nearly_unchanged(mnist_small):
    imgs = mnist_small.test_images[:50].numpy().astype(np.float32) / 255
    cs = [corr(preprocess_image(im).image, im) for im in imgs]
    assert np.median(cs) > 0.9


def test_empty_inputs_are_refused_with_a_clear_message():
    with pytest.raises(PreprocessError, match="nothing drawn"):
        preprocess_strokes([])
    with pytest.raises(PreprocessError, match="nothing drawn"):
        preprocess_strokes([[]])
    with pytest.raises(PreprocessError, match="no ink"):
        preprocess_image(np.zeros((64, 64), np.float32))
    with pytest.raises(PreprocessError, match="2-D"):
        preprocess_image(np.zeros((3, 64, 64), np.float32))
    with pytest.raises(PreprocessError, match="too small"):
        preprocess_image(np.ones((2, 2), np.float32))


def test_a_single_dot_still_gives_an_input():
    r = preprocess_strokes([[[0.5, 0.5]]])
    assert r.image.max() > 0.5


def test_render_is_antialiased_and_respects_pen_width():
    g = render_strokes([[[0.1, 0.5], [0.9, 0.5]]], 100, pen_width=0.1)
    col = g[:, 50]
    assert col.max() == 1.0
    assert 8 <= (col > 0.5).sum() <= 12
    assert ((col > 0.05) & (col < 0.95)).any()  # grey edge pixels


def test_stroke_json_formats_and_round_trip(tmp_path):
    data = [
        [[[0.1, 0.1], [0.2, 0.2]]],
        {"strokes": [[[0.3, 0.3], [0.4, 0.5]]], "label": 4, "writer": "w1"},
    ]
    p = tmp_path / "s.json"
    p.write_text(json.dumps(data))
    samples = load_strokes(p)
    assert [s.label for s in samples] == [None, 4]
    assert samples[1].meta == {"writer": "w1"}
    out = tmp_path / "out.json"
    save_strokes(out, samples)
    again = load_strokes(out)
    assert [s.strokes for s in again] == [s.strokes for s in samples]
    assert again[1].label == 4
    # a single sample object on its own is accepted
    assert parse_samples({"strokes": [[[0, 0], [1, 1]]]})[0].strokes == [[(0.0, 0.0), (1.0, 1.0)]]


@pytest.mark.parametrize(
    "text, message",
    [
        ("{not json", "not valid JSON"),
        ('"hello"', "list of samples"),
        ('[{"label": 3}]', "strokes"),
        ('[[[["a", 1]]]]', "expected \\[x, y\\]"),
        ('[{"strokes": [[[0, 0]]], "label": 12}]', "label must be a digit"),
        ('[[[[0, NaN]]]]', "finite"),
    ],
)
def test_bad_stroke_files_name_the_problem(tmp_path, text, message):
    p = tmp_path / "bad.json"
    p.write_text(text)
    with pytest.raises(PreprocessError, match=message):
        load_strokes(p)


def test_missing_stroke_file(tmp_path):
    with pytest.raises(PreprocessError, match="no such stroke file"):
        load_strokes(tmp_path / "nope.json")


def _digit_image(size=(120, 90), dark_on_light=True):
    g = render_strokes(place(SEVEN, 0.2, 0.15, 0.6), 120)
    g = g[: size[1], : size[0]] if size != (120, 120) else g
    arr = (255 * (1 - g) if dark_on_light else 255 * g).astype(np.uint8)
    return arr, g


@pytest.mark.parametrize("mode", ["L", "RGB", "P", "1", "I;16", "RGBA-opaque"])
@pytest.mark.parametrize("dark_on_light", [True, False])
def test_images_of_every_mode_and_polarity_give_the_same_digit(tmp_path, mode, dark_on_light):
    arr, g = _digit_image((120, 120), dark_on_light)
    im = Image.fromarray(arr, "L")
    if mode == "RGBA-opaque":
        im = im.convert("RGBA")
    elif mode == "I;16":
        im = Image.fromarray(arr.astype(np.uint16) * 257)
    else:
        im = im.convert(mode)
    p = tmp_path / "d.png"
    im.save(p)
    ref = preprocess_image(g).image
    got = preprocess_image(load_image(p)).image
    assert corr(got, ref) > 0.9


def test_transparent_png_uses_alpha_as_ink(tmp_path):
    _, g = _digit_image((120, 120))
    rgba = np.zeros((120, 120, 4), np.uint8)
    rgba[..., :3] = 30  # dark ink colour, but on a transparent background
    rgba[..., 3] = (g * 255).astype(np.uint8)
    p = tmp_path / "t.png"
    Image.fromarray(rgba, "RGBA").save(p)
    assert corr(preprocess_image(load_image(p)).image, preprocess_image(g).image) > 0.95


@pytest.mark.parametrize("fmt", ["JPEG", "BMP"])
def test_jpeg_and_bmp(tmp_path, fmt):
    arr, g = _digit_image((120, 120), True)
    p = tmp_path / f"d.{fmt.lower()}"
    Image.fromarray(arr).convert("RGB").save(p, fmt)
    assert corr(preprocess_image(load_image(p)).image, preprocess_image(g).image) > 0.9


def test_unreadable_and_blank_images_are_refused(tmp_path):
    p = tmp_path / "x.png"
    p.write_bytes(b"this is not an image")
    with pytest.raises(PreprocessError, match="not an image"):
        load_image(p)
    with pytest.raises(PreprocessError, match="no such image"):
        load_image(tmp_path / "missing.png")
    blank = tmp_path / "blank.png"
    Image.new("L", (50, 50), 255).save(blank)
    with pytest.raises(PreprocessError, match="no visible digit"):
        load_image(blank)
    tiny = tmp_path / "tiny.png"
    Image.new("L", (2, 2), 0).save(tiny)
    with pytest.raises(PreprocessError, match="too small"):
        load_image(tiny)


def test_fit_to_square_and_compose():
    bg = fit_to_square(np.ones((10, 40), np.float32), 256)
    assert bg.shape == (256, 256)
    assert bg[:, 128].sum() == pytest.approx(64, abs=2)  # 40 wide -> 256, 10 high -> 64
    both = compose_canvas(SEVEN, bg)
    assert both.shape == (256, 256) and both.max() == 1.0
    with pytest.raises(PreprocessError, match="background"):
        compose_canvas(SEVEN, np.zeros((10, 10), np.float32))


def test_stroke_sample_dataclass_defaults():
    s = StrokeSample(strokes=[])
    assert s.label is None and s.meta == {}
