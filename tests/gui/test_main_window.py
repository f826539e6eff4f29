"""The main window: tabs, status bar, menus and keys, models, saving, and remembered state."""

from __future__ import annotations


import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from helpers import densify, draw
from mnistgui.core.checkpoint import load_checkpoint, save_checkpoint
from mnistgui.core.errors import CheckpointError
from mnistgui.core.preprocess import load_strokes
from mnistgui.gui.main_window import TABS, MainWindow


def _menu(window, title):
    for a in window.menuBar().actions():
        if a.text().replace("&", "") == title:
            return a.menu()
    raise AssertionError(f"no {title} menu")


def _texts(menu):
    return [a.text().replace("&", "") for a in menu.actions() if not a.isSeparator()]


def test_pages_other_than_draw_are_built_when_first_shown(qtbot, window):
    assert [window.tabs.tabText(i) for i in range(window.tabs.count())] == [t for _, t in TABS]
    assert window.is_page_built("draw")
    assert not any(window.is_page_built(n) for n in ("train", "finetune", "inside"))
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.is_page_built("train")
    assert window.tabs.currentWidget().widget() is window.training_tab


def test_a_window_builds_its_other_pages_after_the_first_paint(qtbot, predictor, model_path):
    w = MainWindow(predictor, model_path=model_path, restore_state=False, persist_state=False)
    qtbot.addWidget(w)
    built = []
    w.pages_built.connect(lambda: built.append(all(w.is_page_built(n) for n, _ in TABS)))
    assert not w.is_page_built("inside")
    w.show()
    qtbot.waitUntil(lambda: built == [True], timeout=60000)  # said once, when the last page is built
    assert w.current_tab_name() == "draw"


def test_garbage_is_collected_on_the_gui_thread_and_start_up_can_be_frozen():
    import gc

    from mnistgui.gui.app import freeze_start_up_objects

    assert not gc.isenabled()  # collections run from a timer on the GUI thread, never in a worker
    before = gc.get_freeze_count()
    freeze_start_up_objects()
    try:
        assert gc.get_freeze_count() > before
    finally:
        gc.unfreeze()


def test_the_status_bar_names_the_model_its_accuracy_and_the_device(window, predictor):
    assert predictor.name in window.model_label.text()
    acc = predictor.test_accuracy
    if acc is not None:
        assert f"{acc * 100:.2f}%" in window.accuracy_label.text()
    assert window.device_label.text() == "CPU"


def test_menus_hold_the_commands(window):
    assert _texts(_menu(window, "File")) == ["Open Image…", "Open Model…", "Export Model…", "Save Drawing…", "Quit"]
    edit = _texts(_menu(window, "Edit"))
    for word in ("Undo", "Redo", "Paste", "Clear", "Pen", "Eraser"):
        assert any(t.startswith(word) for t in edit), word
    assert window.draw_tab.undo_action.shortcut().toString() == "Ctrl+Z"
    assert window.draw_tab.redo_action.shortcut().toString() == "Ctrl+Shift+Z"


def test_keyboard_switches_tabs_and_draw_keys_only_work_on_the_draw_tab(qtbot, window, draw_tab):
    draw(qtbot, draw_tab.canvas, [densify([(0.5, 0.2), (0.5, 0.8)], 0.02)])
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.current_tab_name() == "train"
    qtbot.keyClick(window, Qt.Key.Key_Escape)  # not a clear while the canvas is hidden
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert len(draw_tab.canvas.drawing.strokes) == 1
    assert not draw_tab.undo_action.isEnabled()
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window.current_tab_name() == "draw" and draw_tab.undo_action.isEnabled()
    assert draw_tab.undo_action.text() == "Undo Draw stroke"


def test_open_a_good_model_and_refuse_a_bad_one(qtbot, tmp_path, window, model_path):
    draw(qtbot, window.draw_tab.canvas, [densify([(0.5, 0.2), (0.5, 0.8)], 0.02)])
    ckpt = load_checkpoint(model_path)
    ckpt.name = "renamed"
    good = tmp_path / "renamed.pt"
    save_checkpoint(good, ckpt)
    assert window.open_model(good)
    assert window.predictor.name == "renamed" and "renamed" in window.model_label.text()
    assert window.draw_tab.predictor is window.predictor
    assert window.draw_tab.prediction is not None  # read again with the new model

    current = window.predictor
    bad = tmp_path / "broken.pt"
    bad.write_bytes(good.read_bytes()[:5000])
    assert not window.open_model(bad)
    box = window.last_message
    assert box.isVisible() and box.icon() == QMessageBox.Icon.Warning
    with pytest.raises(CheckpointError) as err:  # the message is the core's, word for word
        load_checkpoint(bad)
    assert box.text() == str(err.value) and "broken.pt" in box.text()
    assert window.predictor is current and "renamed" in window.model_label.text()
    box.close()
    assert window.isVisible()


def test_a_foreign_file_as_a_model_is_refused(tmp_path, window):
    import torch

    foreign = tmp_path / "weights.pt"
    torch.save({"w": torch.zeros(2)}, foreign)
    assert not window.open_model(foreign)
    assert "not a mnistgui checkpoint" in window.last_message.text()


def test_save_the_drawing_as_strokes_and_as_png(qtbot, tmp_path, window, draw_tab):
    canvas = draw_tab.canvas
    canvas.set_pen_width(0.06)
    draw(qtbot, canvas, [densify([(0.5, 0.2), (0.5, 0.8)], 0.02)])
    js = tmp_path / "d.json"
    assert window.save_drawing(js)
    sample = load_strokes(js)[0]
    assert sample.meta["pen_width"] == 0.06
    assert [list(map(tuple, s)) for s in sample.strokes] == [list(s) for s in canvas.drawing.strokes]
    png = tmp_path / "d.png"
    assert window.save_drawing(png)
    from PIL import Image

    with Image.open(png) as im:
        assert im.mode == "L" and im.size == (256, 256)
        a = np.asarray(im)
    assert a[0, 0] == 255 and a.min() == 0  # dark ink on white
    assert not window.save_drawing(tmp_path / "d.txt")
    assert "save as .json" in window.last_message.text()


def test_geometry_tab_and_panel_state_are_restored(qtbot, predictor, model_path):
    w1 = MainWindow(predictor, model_path=model_path, build_pages_later=False)
    qtbot.addWidget(w1)
    w1.resize(1024, 700)
    w1.show()
    qtbot.waitExposed(w1)
    w1.select_tab("finetune")
    w1.draw_tab.input_panel.set_steps_visible(True)
    w1.draw_tab.canvas.set_pen_width(0.07)
    size = (w1.width(), w1.height())
    w1.close()

    w2 = MainWindow(predictor, model_path=model_path, build_pages_later=False)
    qtbot.addWidget(w2)
    assert w2.current_tab_name() == "finetune"
    assert (w2.width(), w2.height()) == size == (1024, 700)
    assert w2.draw_tab.input_panel.steps_visible()
    assert w2.draw_tab.canvas.pen_width() == 0.07
    assert w2.draw_tab.canvas.undo_stack.count() == 0  # restoring is not an edit


@pytest.mark.parametrize("size", [(1024, 700), (1920, 1200)])
def test_the_window_lays_out_at_small_and_large_sizes(qtbot, window, size):
    window.resize(*size)
    qtbot.waitUntil(lambda: window.width() == size[0])
    canvas = window.draw_tab.canvas
    panel = window.draw_tab.prediction_panel
    qtbot.waitUntil(lambda: canvas.paper_rect().width() > 300)
    assert panel.chart.height() >= 120
    assert canvas.geometry().right() < panel.mapTo(window.draw_tab, panel.rect().topLeft()).x()
