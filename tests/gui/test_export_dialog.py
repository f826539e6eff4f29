"""File > Export Model: the model in use, or any checkpoint, written with its preprocessing JSON."""

from __future__ import annotations

import json

import numpy as np
from PySide6.QtWidgets import QMessageBox

from mnistgui.core.checkpoint import load_checkpoint, save_checkpoint
from mnistgui.core.export import load_exported
from mnistgui.core.preprocess import to_model_input


def _open_dialog(qtbot, window):
    window.menus.export_action.trigger()
    dialog = window.menus.export_dialog
    qtbot.waitExposed(dialog)
    return dialog


def test_file_export_writes_the_model_in_use_and_reads_as_it_does(qtbot, tmp_path, window, mnist_small):
    dialog = _open_dialog(qtbot, window)
    assert window.predictor.name in dialog.model_label.text()
    assert dialog.out_edit.text().endswith(".onnx")
    dialog.format_box.setCurrentIndex(dialog.format_box.findData("torchscript"))
    assert dialog.out_edit.text().endswith(".pt")  # the suffix follows the format
    out = tmp_path / "mine.pt"
    dialog.out_edit.setText(str(out))
    with qtbot.waitSignal(dialog.exported, timeout=60000) as sig:
        dialog.export_button.click()
    assert sig.args == [str(out), str(out) + ".json"]
    assert json.loads((tmp_path / "mine.pt.json").read_text())["class_names"] == window.predictor.checkpoint.class_names
    images = mnist_small.test_images[:50].numpy() / 255.0
    got = load_exported(out)(to_model_input(images, window.predictor.preprocess).numpy())
    assert np.abs(got - window.predictor.probabilities(images)).max() < 1e-4
    assert dialog.isVisible() and dialog.export_button.isEnabled()


def test_another_checkpoint_can_be_exported_and_a_bad_target_is_reported(qtbot, tmp_path, window, model_path):
    ck = load_checkpoint(model_path)
    ck.name = "tuned"
    other = tmp_path / "tuned.pt"
    save_checkpoint(other, ck)
    dialog = _open_dialog(qtbot, window)
    assert not dialog.use_checkpoint_file(tmp_path / "missing.pt")
    assert dialog.last_message.icon() == QMessageBox.Icon.Warning
    assert dialog.use_checkpoint_file(other) and "tuned" in dialog.model_label.text()
    assert dialog.out_edit.text().endswith("tuned.onnx")
    dialog.int8_box.setChecked(True)
    assert dialog.out_edit.text().endswith("tuned-int8.onnx") and dialog.mnist_note.isVisibleTo(dialog)
    dialog.int8_box.setChecked(False)
    dialog.format_box.setCurrentIndex(dialog.format_box.findData("torchscript"))
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    dialog.out_edit.setText(str(blocker / "model.pt"))  # a folder that is a file
    with qtbot.waitSignal(dialog.export_failed, timeout=60000):
        dialog.export_button.click()
    assert dialog.last_message.icon() == QMessageBox.Icon.Warning and "a-file" in dialog.last_message.text()
    assert dialog.isVisible() and dialog.export_button.isEnabled() and window.isVisible()
