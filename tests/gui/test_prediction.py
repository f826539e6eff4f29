"""Live reading on the Draw tab: right digits, live during a stroke, the same numbers as the CLI."""

from __future__ import annotations

import json

import numpy as np
import pytest
from PySide6.QtCore import QCoreApplication, Qt

from digits import TEMPLATES, VARIATIONS, place
from helpers import densify, draw, draw_stroke, mouse_move, widget_point
from mnistgui import cli
from mnistgui.core.predict import Prediction


def _draw_digit(qtbot, draw_tab, digit, scale=1.0, dx=0.0, dy=0.0, slant=0.0, pen=0.04):
    canvas = draw_tab.canvas
    canvas.clear()
    canvas.set_pen_width(pen)
    draw(qtbot, canvas, [densify(s, 0.012) for s in place(TEMPLATES[digit], scale, dx, dy, slant)])
    qtbot.waitUntil(lambda: draw_tab.prediction is not None and draw_tab.prediction_panel.serial > 0)
    draw_tab.predict_now()
    return draw_tab.prediction


@pytest.mark.parametrize(
    "scale,dx,dy",
    [(1.0, 0.0, 0.0), (0.4, -0.25, -0.22), (0.55, 0.2, 0.2), (1.15, 0.0, 0.0)],
    ids=["full", "small-top-left", "small-bottom-right", "large"],
)
@pytest.mark.parametrize("digit", [0, 1])
def test_a_clear_1_and_0_are_read_at_any_size_and_place(qtbot, draw_tab, digit, scale, dx, dy):
    pred = _draw_digit(qtbot, draw_tab, digit, scale, dx, dy)
    assert pred.digit == digit
    assert not pred.unsure
    assert draw_tab.prediction_panel.digit_label.text() == str(digit)


def test_digits_drawn_through_the_canvas_at_varied_sizes_slants_places_and_pens(qtbot, draw_tab):
    """Every template digit under every variation, drawn with the mouse; report the accuracy."""
    wrong = []
    total = 0
    for digit in TEMPLATES:
        for scale, dx, dy, slant, pen in VARIATIONS:
            pred = _draw_digit(qtbot, draw_tab, digit, scale, dx, dy, slant, pen)
            total += 1
            if pred.digit != digit:
                wrong.append((digit, (scale, dx, dy, slant, pen), pred.digit))
    accuracy = 1 - len(wrong) / total
    print(f"canvas-drawn digits: {accuracy * 100:.1f}% of {total} read correctly; wrong: {wrong}")
    assert accuracy >= 0.96, wrong


def test_the_reading_updates_live_during_a_stroke(qtbot, draw_tab):
    canvas = draw_tab.canvas
    panel = draw_tab.prediction_panel
    pts = densify([(0.5, 0.15), (0.5, 0.85)], 0.02)
    draw_stroke(qtbot, canvas, pts[:4], release=False)
    qtbot.waitUntil(lambda: draw_tab.prediction is not None)
    first = panel.serial
    for x, y in pts[4:]:
        mouse_move(canvas, canvas.to_widget(x, y))
    qtbot.waitUntil(lambda: panel.serial > first)
    assert canvas.is_drawing()  # still no release
    qtbot.waitUntil(lambda: panel.painted_serial == panel.serial)
    assert draw_tab.prediction.digit == 1
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=widget_point(canvas, *pts[-1]))


def test_a_burst_of_moves_is_read_once_per_event_loop_pass(qtbot, draw_tab):
    canvas = draw_tab.canvas
    pts = densify([(0.5, 0.15), (0.5, 0.85)], 0.005)
    draw_stroke(qtbot, canvas, pts[:2], release=False)
    qtbot.waitUntil(lambda: draw_tab.prediction is not None)
    before = draw_tab.prediction_panel.serial

    for x, y in pts[2:]:  # sent synchronously: no event loop pass in between
        mouse_move(canvas, canvas.to_widget(x, y))
    qtbot.waitUntil(lambda: draw_tab.prediction_panel.serial > before)
    for _ in range(5):  # let any further queued readings run (there should be none)
        QCoreApplication.processEvents()
    assert draw_tab.prediction_panel.serial == before + 1
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton)


def test_the_canvas_and_the_cli_give_the_same_probabilities(qtbot, tmp_path, draw_tab, capsys, model_path):
    canvas = draw_tab.canvas
    canvas.set_pen_width(0.055)
    draw(qtbot, canvas, [densify(s, 0.012) for s in place(TEMPLATES[7], 0.7, 0.1, -0.05, 0.1)])
    shown = draw_tab.predict_now().probabilities
    path = tmp_path / "seven.json"
    canvas.save_strokes(path)
    capsys.readouterr()
    assert cli.main(["predict", "--model", str(model_path), "--strokes", str(path), "--json"]) == 0
    out = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert out["digit"] == int(np.argmax(shown))
    np.testing.assert_allclose(out["probabilities"], shown, atol=1e-6)
    # and the PNG the canvas saves reads the same through `mnistgui predict IMAGE`
    png = tmp_path / "seven.png"
    canvas.save_png(png)
    assert cli.main(["predict", "--model", str(model_path), str(png), "--json"]) == 0
    out_png = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert out_png["digit"] == out["digit"]
    np.testing.assert_allclose(out_png["probabilities"], shown, atol=0.02)


def test_an_empty_canvas_shows_a_hint_not_a_reading(draw_tab):
    panel = draw_tab.prediction_panel
    assert draw_tab.prediction is None
    assert panel.hint_label.isVisible()
    assert not panel.digit_label.isVisible()
    assert np.all(panel.chart.bars.opts["height"] == 0)


def test_a_low_confidence_reading_is_marked_unsure(draw_tab):
    panel = draw_tab.prediction_panel
    probs = np.full(10, 0.05)
    probs[4], probs[9] = 0.4, 0.2
    probs /= probs.sum()
    assert probs.max() < Prediction(probs).unsure_below
    panel.show_prediction(Prediction(probs))
    assert panel.unsure_label.shown
    assert panel.digit_label.text() == "4"
    assert "maybe 9" in panel.runner_up_label.text()
    sure = np.zeros(10)
    sure[4] = 1.0
    panel.show_prediction(Prediction(sure))
    assert not panel.unsure_label.shown
    assert panel.runner_up_label.text().startswith("next")


def test_the_bar_chart_items_are_created_once(qtbot, draw_tab):
    chart = draw_tab.prediction_panel.chart
    items = list(chart.getPlotItem().items)
    draw(qtbot, draw_tab.canvas, [densify([(0.5, 0.2), (0.5, 0.8)], 0.02)])
    qtbot.waitUntil(lambda: draw_tab.prediction is not None)
    assert list(chart.getPlotItem().items) == items
    heights = chart.bars.opts["height"]
    np.testing.assert_allclose(heights, draw_tab.prediction.probabilities)


def test_what_the_model_sees_and_the_steps_on_demand(qtbot, window, draw_tab):
    panel = draw_tab.input_panel
    draw(qtbot, draw_tab.canvas, [densify(s, 0.012) for s in TEMPLATES[3]])
    qtbot.waitUntil(lambda: draw_tab.prediction is not None)
    assert panel.input_view._image is not None
    assert not panel.steps_widget.isVisible()
    qtbot.keyClick(window, Qt.Key.Key_S)
    assert panel.steps_widget.isVisible()
    assert draw_tab.steps_action.isChecked()
    for key, view in panel.step_views.items():
        assert view._image is not None, key
    assert panel.step_views["source"]._box == draw_tab.prediction.preprocessed.bbox
    panel.steps_button.click()
    assert not panel.steps_widget.isVisible() and not draw_tab.steps_action.isChecked()
