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


def _probs(**at) -> np.ndarray:
    """Ten probabilities: the given digits (d4=0.4, ...) and the rest shared equally."""
    probs = np.zeros(10)
    given = {int(k[1:]): v for k, v in at.items()}
    rest = (1.0 - sum(given.values())) / (10 - len(given))
    for d in range(10):
        probs[d] = given.get(d, rest)
    return probs


def test_an_unsure_reading_asks_between_its_two_digits_as_equals(qtbot, draw_tab):
    panel = draw_tab.prediction_panel
    q = panel.question
    unsure = Prediction(_probs(d4=0.38, d9=0.34), unsure_below=0.6)
    assert unsure.unsure
    panel.show_prediction(unsure)
    qtbot.waitUntil(lambda: panel.painted_serial == panel.serial)
    assert panel.unsure_label.shown and "60%" in panel.unsure_label.toolTip()
    assert q.isVisible() and not panel.digit_label.isVisible()  # no big digit with a small runner-up
    assert panel.asking and q.question_label.text() == "4 or 9? Which is it?"
    first, second = q.buttons
    assert (first.digit, second.digit) == (4, 9)
    assert (first.probability, second.probability) == pytest.approx((0.38, 0.34))
    assert first.height() == second.height() and abs(first.width() - second.width()) <= 1  # equals
    assert first.isEnabled() and second.isEnabled()
    assert first.caption() == "It's a 4" and second.caption() == "It's a 9"
    # the bars of the two candidates alike, unlike the rest
    brushes = panel.chart.bars.opts["brushes"]
    assert brushes[4] == brushes[9] != brushes[0]
    # the other digits stay offered below, for anything else
    bar = draw_tab.correction_bar
    draw_tab.prediction_updated.emit(unsure)
    assert bar.title.text() == "Neither? That's a"
    assert [b.isEnabled() for b in bar.buttons] == [d not in (4, 9) for d in range(10)]


def test_a_sure_reading_shows_no_question_and_nothing_moves(qtbot, draw_tab):
    panel = draw_tab.prediction_panel
    panel.show_prediction(Prediction(_probs(d4=0.38, d9=0.34), unsure_below=0.6))
    qtbot.waitUntil(lambda: panel.painted_serial == panel.serial)
    unsure_geometry = (panel._stack.geometry(), panel.chart.geometry())
    sure = Prediction(_probs(d4=0.97), unsure_below=0.6)
    assert not sure.unsure
    panel.show_prediction(sure)
    qtbot.waitUntil(lambda: panel.painted_serial == panel.serial)
    assert not panel.unsure_label.shown and not panel.asking
    assert not panel.question.isVisible() and panel.digit_label.isVisible()
    assert panel.digit_label.text() == "4"
    assert panel.runner_up_label.text().startswith("next")
    # the percentage right beside the big digit, as ever
    assert 0 < panel.confidence_label.x() - panel.digit_label.geometry().right() <= 24
    assert (panel._stack.geometry(), panel.chart.geometry()) == unsure_geometry  # no layout jump
    draw_tab.prediction_updated.emit(sure)
    assert draw_tab.correction_bar.title.text() == "Read wrong? That's a"


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



def test_a_full_bars_figure_has_room_above_it_however_short_the_chart(qtbot):
    from mnistgui.gui.draw.prediction_view import ProbabilityChart

    chart = ProbabilityChart()
    qtbot.addWidget(chart)
    probs = np.zeros(10, np.float32)
    probs[5] = 1.0
    chart.set_probabilities(probs)
    chart.show()
    vb = chart.getPlotItem().getViewBox()

    def room_above_a_full_bar() -> float:
        lo, hi = vb.viewRange()[1]
        return (hi - 1.0) * vb.height() / (hi - lo)

    for height in (100, 160, 400):  # 100: the chart in an 800x600 window
        chart.resize(360, height)
        qtbot.waitUntil(lambda: chart.height() == height and vb.height() > 0)
        qtbot.waitUntil(lambda: room_above_a_full_bar() >= chart.labels.text_height() + 3)
    assert vb.viewRange()[1][1] == pytest.approx(1.18)  # tall: the usual range
