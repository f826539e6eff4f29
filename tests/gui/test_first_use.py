"""What a first-time user trips over: each test here is one of those traps, closed."""

from __future__ import annotations

import numpy as np


def test_an_evaluation_image_opened_in_draw_is_read_as_the_evaluation_read_it(qtbot, window, mnist_small):
    images = mnist_small.test_images[:60].numpy()
    window.training_tab.ensure_built()
    window.training_tab.evaluation.caption = "Run 1: best weights, from epoch 1"
    p = window.predictor.probabilities(images.astype(np.float32) / 255.0)
    # the test images the drawing preprocessing reads worst: those it moved most
    k = int(np.argmin(p.max(1)))
    img = images[k].astype(np.float32) / 255.0
    window._on_training_tab_image_opened(img, f"MNIST test #{k} (a {int(mnist_small.test_labels[k])})")
    qtbot.waitUntil(lambda: window.draw_tab.prediction is not None)
    pred = window.draw_tab.prediction
    assert pred is not None and pred.preprocessed.as_is
    np.testing.assert_allclose(pred.probabilities, p[k], atol=1e-6)  # the model input, unchanged
    assert np.array_equal(window.draw_tab.input_panel._result.image, img)
    # and it says which model reads it, and which one the evaluation was of
    name = window.predictor.name
    assert f"read by {name}" in window.draw_tab.source_label.text()
    msg = window.statusBar().currentMessage()
    assert f"read by {name}" in msg and "Run 1: best weights" in msg
