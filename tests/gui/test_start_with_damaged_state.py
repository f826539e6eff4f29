"""The app starts whatever its settings and stores hold: a setting that does not parse and a
damaged sample database are each reported once and set aside; a storage error while saving a
sample is a message, never an exception out of a click.

Every damaged file is made by the test in ``tmp_path``."""

from __future__ import annotations

import sqlite3

import numpy as np
import pytest
from PySide6.QtCore import QSettings, Qt

from helpers import densify, draw
from mnistgui import paths
from mnistgui.core.samples import SampleStore


@pytest.fixture(autouse=True)
def _app_data_in_tmp(tmp_path, monkeypatch):
    monkeypatch.setattr(paths, "data_dir", lambda: tmp_path / "data")
    monkeypatch.setattr(paths, "mnist_cache_dir", lambda: tmp_path / "no-mnist")


def _window(qtbot, predictor, model_path):
    from mnistgui.gui.main_window import MainWindow

    w = MainWindow(predictor, model_path=model_path, restore_state=True, persist_state=False,
                   build_pages_later=False)
    qtbot.addWidget(w)
    w.resize(1100, 760)
    w.show()
    qtbot.waitExposed(w)
    return w


@pytest.mark.parametrize("stored", ["null", "[1, 2, 3]", '{"lr": "fast"}', "{not json", '{"epochs": -4}'])
def test_training_settings_that_do_not_parse_are_reported_once_and_set_aside(qtbot, predictor, model_path, stored):
    s = QSettings()
    s.setValue("train/config", stored)
    s.setValue("window/tab", "train")
    s.sync()
    w = _window(qtbot, predictor, model_path)
    tab = w.training_tab
    tab.ensure_built()
    assert tab.last_error and "saved training settings could not be read" in tab.last_error
    assert QSettings().value("train/config") is None  # set aside: not reported again
    assert QSettings().value("train/config-damaged") == stored
    assert tab.run_config().epochs >= 1  # the defaults are in place
    w.close()
    w2 = _window(qtbot, predictor, model_path)
    w2.training_tab.ensure_built()
    assert not getattr(w2.training_tab, "last_error", None)


def _damaged_store(p) -> None:
    img = np.zeros((28, 28), np.uint8)
    img[4:24, 13:15] = 255
    with SampleStore(p) as store:
        for i in range(400):
            store.add(i % 10, image28=img, source="import")
    con = sqlite3.connect(p)
    page = con.execute("PRAGMA page_size").fetchone()[0]
    con.close()
    data = bytearray(p.read_bytes())
    at = (len(data) // page // 2) * page
    data[at:at + page] = bytes(page)  # one zeroed page
    p.write_bytes(bytes(data))


def test_a_damaged_sample_database_is_set_aside_and_the_app_starts(qtbot, predictor, model_path, tmp_path):
    db = tmp_path / "data" / "samples.db"
    db.parent.mkdir(parents=True)
    _damaged_store(db)
    s = QSettings()
    s.setValue("window/tab", "finetune")  # the Fine-tune tab was the last one open
    s.sync()
    w = _window(qtbot, predictor, model_path)
    tab = w.finetune_tab
    qtbot.waitUntil(lambda: getattr(tab, "last_message", None) is not None)
    text = tab.last_message.text()
    assert "moved aside" in text and "nothing was deleted" in text
    asides = [p for p in db.parent.iterdir() if ".damaged-" in p.name and not p.name.endswith(("-wal", "-shm"))]
    assert len(asides) == 1 and asides[0].name in text
    assert tab.library.counts() == [0] * 10  # a new collection, and the app goes on
    tab.last_message.close()
    tab.last_message = None
    tab.refresh()
    assert tab.last_message is None  # said once


def test_a_correction_that_cannot_be_saved_says_why(qtbot, predictor, model_path):
    from mnistgui.core.samples import SampleStoreError

    w = _window(qtbot, predictor, model_path)
    w.select_tab("finetune")
    store = w.finetune_tab.library.store
    pages = store._db.execute("PRAGMA page_count").fetchone()[0]
    store._db.execute(f"PRAGMA max_page_count={pages}")  # as a disk with no room left
    with pytest.raises(SampleStoreError):
        for _ in range(100):  # fill what room the last page has
            store.add(1, [[[0.5, 0.15], [0.5, 0.85]]])
    kept = len(store)
    w.select_tab("draw")
    draw_tab = w.draw_tab
    draw(qtbot, draw_tab.canvas, [densify([(0.5, 0.15), (0.5, 0.85)], 0.01)])
    qtbot.waitUntil(lambda: draw_tab.prediction is not None)
    right = 7 if draw_tab.prediction.digit != 7 else 1
    qtbot.mouseClick(draw_tab.correction_bar.buttons[right], Qt.MouseButton.LeftButton)
    note = draw_tab.correction_bar.note
    assert note.text() == "not saved" and "disk is full" in note.toolTip()
    assert "nothing was changed" in note.toolTip() and "disk is full" in w.statusBar().currentMessage()
    assert len(store) == kept  # every sample saved before is kept
    assert not draw_tab.canvas.is_empty()  # and the drawing too, to save once there is room
