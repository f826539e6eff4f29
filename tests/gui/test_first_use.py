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


def test_a_long_image_name_is_elided_and_neither_widens_the_window_nor_shifts_the_tools(qtbot, window):
    window.resize(1280, 800)
    qtbot.waitUntil(lambda: window.width() == 1280)
    tab = window.draw_tab
    pen = tab.width_slider
    x_before = pen.mapTo(window, pen.rect().topLeft()).x()
    img = np.zeros((60, 40), np.float32)
    img[10:50, 18:22] = 1.0
    for name in ("a.png", "a-photo-of-a-handwritten-digit-" * 12 + ".png"):
        tab.canvas.set_image(img, name)
        qtbot.waitUntil(lambda: name in tab.source_label.text())
        window.layout().activate()
        assert window.width() == 1280 and window.minimumSizeHint().width() <= 1024
        assert pen.mapTo(window, pen.rect().topLeft()).x() == x_before  # the tools stay put
    shown = tab.source_label.elided_text()
    assert "…" in shown and tab.source_label.fontMetrics().horizontalAdvance(shown) <= tab.source_label.width()
    assert tab.source_label.toolTip() == tab.source_label.text()  # the whole name on hover
    tab.canvas.clear()
    qtbot.waitUntil(lambda: tab.source_label.text() == "")
    assert window.width() == 1280


def test_ctrl_y_redoes_as_ctrl_shift_z_does(window):
    from PySide6.QtGui import QKeySequence

    keys = window.draw_tab.redo_action.shortcuts()
    assert QKeySequence("Ctrl+Y") in keys and QKeySequence("Ctrl+Shift+Z") in keys
