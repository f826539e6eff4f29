"""The window opens before its model: the canvas takes strokes while the model loads on a worker
thread, they are read as soon as it is there, and the other pages are built then."""

from __future__ import annotations

import numpy as np

from digits import TEMPLATES
from helpers import draw
from mnistgui.gui.main_window import MainWindow


def _window(qtbot, **kw) -> MainWindow:
    w = MainWindow(None, restore_state=False, persist_state=False, **kw)
    qtbot.addWidget(w)
    w.resize(1100, 760)
    w.show()
    qtbot.waitExposed(w)
    return w


def test_strokes_drawn_before_the_model_are_read_when_it_comes(qtbot, predictor, model_path):
    w = _window(qtbot, build_pages_later=False)
    tab = w.draw_tab
    draw(qtbot, tab.canvas, TEMPLATES[7])
    assert w.predictor is None and tab.prediction is None  # taken, not read yet
    assert len(tab.canvas.drawing.strokes) == len(TEMPLATES[7])
    qtbot.waitUntil(lambda: tab.prediction_panel.hint_label.text().startswith("Loading the model"))
    with qtbot.waitSignal(w.model_loaded, timeout=60000):
        w.load_model(model_path)
        assert w.loading_model and w.model_label.text() == "Loading model…"
    assert not w.loading_model and w.model_label.text().startswith("Model: ")
    assert tab.prediction is not None and tab.prediction.digit == 7
    assert not tab.prediction_panel.hint_label.text().startswith("Loading the model")
    expected = predictor.predict_canvas(tab.canvas.drawing.all_strokes(), None, tab.canvas.pen_width())
    assert np.allclose(tab.prediction.probabilities, expected.probabilities, atol=1e-6)
    qtbot.waitUntil(lambda: tab.prediction_panel.painted_serial >= tab.prediction_panel.serial)


def test_the_other_pages_wait_for_the_model(qtbot, model_path):
    w = _window(qtbot, build_pages_later=False)
    w.select_tab("inside")
    assert not w.is_page_built("inside")  # its host says the model is loading
    assert w.tabs.currentWidget().widget().text() == "Loading the model…"
    with qtbot.waitSignal(w.model_loaded, timeout=60000):
        w.load_model(model_path)
    assert w.is_page_built("inside")  # the page asked for meanwhile, built with the model
    assert w.tabs.currentWidget().widget() is w.inside_tab


def test_a_window_without_a_model_builds_its_pages_once_the_model_is_there(qtbot, model_path):
    w = _window(qtbot)
    w.load_model(model_path)
    with qtbot.waitSignal(w.pages_built, timeout=120000):
        pass
    assert w.predictor is not None


def test_a_model_that_cannot_be_loaded_is_said_and_drawing_goes_on(qtbot, tmp_path):
    bad = tmp_path / "bad.pt"
    bad.write_bytes(b"this is not a checkpoint")
    w = _window(qtbot, build_pages_later=False)
    with qtbot.waitSignal(w.model_load_failed, timeout=60000) as failed:
        w.load_model(bad)
    assert "bad.pt" in failed.args[0]
    assert w.predictor is None and w.model_label.text() == "No model"
    draw(qtbot, w.draw_tab.canvas, TEMPLATES[1])
    assert w.draw_tab.prediction is None and len(w.draw_tab.canvas.drawing.strokes) == 1


def test_closing_while_the_model_loads_waits_for_the_loading_thread(qtbot, model_path):
    w = _window(qtbot, build_pages_later=False)
    w.load_model(model_path)  # the window has been painted: the loading thread starts now
    w.close()
    assert not w._loader.running
