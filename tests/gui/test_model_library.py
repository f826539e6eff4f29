"""The model library through the Fine-tune tab's Models page: lineage, roll back to the parent,
the button's text after a roll back, undo and redo, and what a restart keeps."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from mnistgui import paths
from mnistgui.core.checkpoint import load_checkpoint
from mnistgui.core.library import SHIPPED, run_key, version_key
from mnistgui.core.runs import RunStore
from mnistgui.core.train import TrainConfig
from mnistgui.core.versions import VersionStore
from mnistgui.gui.finetune.tab import FinetuneTab


@pytest.fixture(autouse=True)
def _app_data_in_tmp(tmp_path, monkeypatch):
    monkeypatch.setattr(paths, "data_dir", lambda: tmp_path / "data")
    monkeypatch.setattr(paths, "mnist_cache_dir", lambda: tmp_path / "no-mnist")


def _tab(qtbot, predictor, model_path):
    t = FinetuneTab(predictor, model_path=model_path)
    qtbot.addWidget(t)
    t.resize(1024, 640)
    t.show()
    qtbot.waitExposed(t)
    t.select_page("models")
    return t


def test_a_fine_tune_of_a_run_rolls_back_to_that_run_not_the_shipped_model(qtbot, predictor, model_path, tmp_path):
    runs = RunStore(tmp_path / "data" / "runs")
    run = runs.create(TrainConfig(epochs=1))
    runs.save_model(run.id, load_checkpoint(model_path))
    tab = _tab(qtbot, predictor, model_path)
    m, vp = tab.manager, tab.versions_panel
    picked = []
    m.model_selected.connect(lambda p, path: picked.append(path))
    assert m.switch(run_key(run.id)) and m.current.name == "Run 1"
    # a fine-tune of Run 1 saves a version from its own thread, then the tab adopts it
    ckpt = load_checkpoint(model_path)
    v = VersionStore(tmp_path / "data" / "models").add(ckpt, activate=True, name="fine-tuned v{id}")
    assert m.adopt(v, m.in_use())
    vp.refresh()
    assert m.in_use() == version_key(v.id) and picked[-1] == str(m.versions.path(v.id))
    row = vp._row_ids.index(version_key(v.id))
    assert vp.table.item(row, 2).text() == "fine-tuned from Run 1" and vp.table.item(row, 0).text() == "● in use"
    assert vp.roll_back_button.isEnabled() and vp.roll_back_button.text() == "Roll back to Run 1"

    qtbot.mouseClick(vp.roll_back_button, Qt.MouseButton.LeftButton)
    assert m.in_use() == run_key(run.id) and m.current.name == "Run 1"
    assert vp.table.item(vp._row_ids.index(run_key(run.id)), 0).text() == "● in use"
    # Run 1 was trained, not fine-tuned: nothing to roll back to (and never "back" to the newer model)
    assert not vp.roll_back_button.isEnabled() and vp.roll_back_button.text() == "Roll back"
    assert "not fine-tuned" in vp.roll_back_button.toolTip()
    assert vp.undo_button.isEnabled() and "fine-tuned v1" in vp.undo_button.toolTip()
    qtbot.mouseClick(vp.undo_button, Qt.MouseButton.LeftButton)
    assert m.in_use() == version_key(v.id)
    qtbot.mouseClick(vp.redo_button, Qt.MouseButton.LeftButton)
    assert m.in_use() == run_key(run.id)
    # the in-use run cannot be deleted from the Models page, nor the shipped model; a version can
    vp.select(run_key(run.id))
    assert not vp.delete_button.isEnabled()
    vp.select(SHIPPED)
    assert not vp.delete_button.isEnabled() and vp.use_button.isEnabled()
    tab.shutdown()

    # after a restart: the same model in use, the lineage and the undo list kept
    again = _tab(qtbot, predictor, model_path)
    assert again.restore_active_version() and again.manager.in_use() == run_key(run.id)
    again.versions_panel.refresh()
    assert again.manager.library.get(version_key(v.id)).parent == run_key(run.id)
    assert again.versions_panel.undo_button.isEnabled()
    again.shutdown()


def test_a_model_opened_from_a_file_is_marked_in_use_and_the_switch_can_be_undone(qtbot, predictor, model_path,
                                                                                   tmp_path):
    from mnistgui.core.predict import Predictor

    other = tmp_path / "mine.pt"
    other.write_bytes(model_path.read_bytes())
    tab = _tab(qtbot, predictor, model_path)
    vp = tab.versions_panel
    tab.set_current_model(Predictor.load(other), other)  # as File > Open model does
    vp.refresh()
    key = tab.manager.in_use()
    assert key.startswith("file:") and vp.table.item(vp._row_ids.index(key), 0).text() == "● in use"
    assert vp.table.item(vp._row_ids.index(key), 2).text() == "opened from a file"
    assert "In use: mine" in vp.in_use_label.text()
    qtbot.mouseClick(vp.undo_button, Qt.MouseButton.LeftButton)
    assert tab.manager.in_use() == SHIPPED and tab.manager.current is predictor
    tab.shutdown()


def test_the_edit_menu_goes_back_and_forward_between_models(qtbot, window, tmp_path):
    menus = window.menus
    menus.update_model_actions()
    assert not menus.model_back_action.isEnabled()  # nothing switched yet
    original = window.predictor
    other = tmp_path / "mine.pt"
    other.write_bytes(window.model_path.read_bytes())
    assert window.open_model(other)
    menus.update_model_actions()
    assert menus.model_back_action.isEnabled() and menus.model_back_action.text() == f"Back to {original.name}"
    menus.model_back_action.trigger()
    assert window.predictor is original and window.draw_tab.predictor is original
    menus.update_model_actions()
    assert menus.model_forward_action.isEnabled() and menus.model_forward_action.text() == "Forward to mine"
    menus.model_forward_action.trigger()
    assert window.predictor is not original and window.model_path.name == "mine.pt"
