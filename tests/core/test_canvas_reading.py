"""The one reading of a canvas: strokes, an optional background image and the pen."""

import numpy as np
import pytest

from mnistgui.core.canvas import Background, compose_canvas, preprocess_canvas
from mnistgui.core.errors import PreprocessError
from mnistgui.core.predict import Predictor
from mnistgui.core.preprocess import PreprocessConfig, fit_to_square, preprocess_image, preprocess_strokes

SEVEN = [[[0.25, 0.2], [0.75, 0.2], [0.42, 0.85]]]


def _image():
    g = np.zeros((90, 60), np.float32)
    g[10:80, 28:34] = 1.0
    return g


def test_strokes_alone_read_as_a_stroke_file_does():
    cfg = PreprocessConfig(raster_size=200)
    got = preprocess_canvas(SEVEN, None, 0.06, cfg)
    assert np.array_equal(got.image, preprocess_strokes(SEVEN, cfg, 0.06).image)


def test_an_image_alone_reads_at_full_resolution_as_its_file_does():
    g = _image()
    for bg in (g, Background(g, "bar.png")):
        assert np.array_equal(preprocess_canvas([], bg).image, preprocess_image(g).image)
        assert np.array_equal(preprocess_canvas([[]], bg).image, preprocess_image(g).image)  # an empty stroke


def test_ink_over_an_image_is_composed_on_the_configs_raster_square():
    g = _image()
    cfg = PreprocessConfig(raster_size=128)
    bg = Background(g)
    got = preprocess_canvas(SEVEN, bg, 0.05, cfg)
    want = preprocess_image(compose_canvas(SEVEN, fit_to_square(g, 128), cfg, 0.05), cfg)
    assert np.array_equal(got.image, want.image)
    assert got.source.shape == (128, 128)
    assert bg.square(128) is bg.square(128)  # fitted once per size, then kept


def test_the_predictor_reads_a_canvas_with_its_own_config():
    pred = Predictor.load()
    p = pred.predict_canvas(SEVEN, None, 0.05)
    assert np.array_equal(p.preprocessed.image, preprocess_canvas(SEVEN, None, 0.05, pred.preprocess).image)
    assert p.digit == 7 and np.isclose(p.probabilities.sum(), 1, atol=1e-5)
    with_bg = pred.predict_canvas(SEVEN, Background(np.zeros((40, 40), np.float32)), 0.05)
    assert with_bg.digit == 7


def test_an_empty_canvas_says_nothing_is_drawn():
    with pytest.raises(PreprocessError, match="nothing drawn"):
        preprocess_canvas([], None)
    with pytest.raises(PreprocessError, match="no ink"):
        preprocess_canvas([], np.zeros((40, 40), np.float32))


def test_a_28x28_model_input_reaches_the_model_unchanged(mnist_dir):
    """An MNIST test digit opened on the canvas (from the evaluation's images, say) is read as the
    evaluation read it: not framed, thickened or shifted again."""
    from mnistgui.core.data import load_mnist

    pred = Predictor.load()
    test = load_mnist(mnist_dir).test_images[:40].numpy().astype(np.float32) / 255.0
    for img in test:
        got = preprocess_canvas([], Background(img, "MNIST test"), None, pred.preprocess)
        assert got.as_is and np.array_equal(got.image, img)
        assert not np.array_equal(preprocess_image(img, pred.preprocess).image, img)  # what it was before
    np.testing.assert_allclose(np.stack([pred.predict_canvas([], img).probabilities for img in test]),
                               pred.probabilities(test), atol=1e-6)
    np.testing.assert_allclose(pred.predict_gray(test[0]).probabilities, pred.probabilities(test[:1])[0], atol=1e-6)


def test_ink_over_a_28x28_image_is_preprocessed_and_a_blank_one_is_refused():
    img = np.zeros((28, 28), np.float32)
    with pytest.raises(PreprocessError):
        preprocess_canvas([], img)
    img[6:22, 12:15] = 1.0
    got = preprocess_canvas(SEVEN, img, 0.05)
    assert not got.as_is and got.source.shape != (28, 28)
