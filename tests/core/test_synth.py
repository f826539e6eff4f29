"""The synthetic writer, and the realistic check: pen-drawn digits at varied sizes, slants,
positions and pen widths must read correctly through the real preprocessing and shipped model."""

import numpy as np

from mnistgui.core.predict import Predictor
from mnistgui.core.synth import TEMPLATES, synth_digit, synth_samples, synthetic_pool


def test_samples_are_balanced_reproducible_and_on_the_canvas():
    a = synth_samples(40, seed=7)
    b = synth_samples(40, seed=7)
    assert [s.label for s in a] == [i % 10 for i in range(40)]
    assert [s.strokes for s in a] == [s.strokes for s in b]
    assert [s.strokes for s in a] != [s.strokes for s in synth_samples(40, seed=8)]
    for s in a:
        pts = np.concatenate([np.asarray(st) for st in s.strokes])
        assert pts.min() >= 0 and pts.max() <= 1
        assert 0.02 <= s.meta["pen_width"] <= 0.07


def test_every_style_of_every_digit_is_drawable():
    rng = np.random.default_rng(0)
    for d, styles in TEMPLATES.items():
        for k in range(len(styles)):
            s = synth_digit(d, rng, style=k)
            assert s.label == d and s.meta["style"] == k and len(s.strokes) == len(styles[k])


def test_pool_is_mnist_shaped():
    images, labels = synthetic_pool(20, seed=0)
    assert images.shape == (20, 28, 28) and images.dtype.is_floating_point is False
    assert labels.tolist() == [i % 10 for i in range(20)]
    assert int(images.max()) > 200


def test_shipped_model_reads_pen_drawn_digits():
    pred = Predictor.load()
    samples = synth_samples(400, seed=2024)  # a seed never used in training
    hits = [pred.predict_canvas(s.strokes, None, s.meta["pen_width"]).digit == s.label for s in samples]
    per_digit = np.array(hits).reshape(-1, 10).mean(0)
    assert np.mean(hits) >= 0.97
    assert per_digit.min() >= 0.9
