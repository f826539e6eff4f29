"""The Train tab: real (small) training through the panel, its controls, evaluation click-through,
the runs it keeps, and the main window around it."""

from __future__ import annotations

import gc

import numpy as np
import pytest
import torch
from PySide6.QtCore import Qt

from mnistgui.core.checkpoint import load_checkpoint
from mnistgui.core.data import MnistData
from mnistgui.core.metrics import evaluate
from mnistgui.core.runs import RunRecorder, RunStore
from mnistgui.core.train import TrainConfig, Trainer, drain
from helpers import HeldControl

TIMEOUT = 60000


@pytest.fixture(scope="module")
def small(mnist_small) -> MnistData:
    """800 training images (640 to train on, 160 to validate) and 1000 test images."""
    d = mnist_small
    return MnistData(d.train_images[:800], d.train_labels[:800], d.test_images, d.test_labels, d.source)


def _setup(tab, data, epochs=2, images=480, **settings):
    """Train on ``images`` of the training set, 160 of them held out: 5 batches of 64 an epoch."""
    tab.set_data(data)
    tab.data_panel.train_limit.setValue(images)
    tab.data_panel.val_size.setValue(160)
    s = tab.settings
    s.batch_size.setValue(64)
    s.epochs.setValue(epochs)
    for name, value in settings.items():
        getattr(s, name).setValue(value)


@pytest.fixture
def tab(qtbot, tmp_path, small):
    from mnistgui.gui.train.tab import TrainingTab

    t = TrainingTab(runs_root=tmp_path / "runs", cache_dir=tmp_path / "cache")
    qtbot.addWidget(t)
    t.resize(1280, 730)
    t.show()
    qtbot.waitExposed(t)
    _setup(t, small)
    yield t
    assert t.shutdown(20000)


def _wait_finished(qtbot, tab):
    qtbot.waitUntil(lambda: tab.state in ("finished", "failed"), timeout=TIMEOUT)


def test_a_short_run_plots_saves_evaluates_and_continues(qtbot, tab):
    frozen = gc.get_freeze_count()
    assert tab.start()
    assert not tab.settings.arch.isEnabled() and tab.settings.lr_slider.isEnabled()  # only the LR may change
    assert not tab.data_panel.folder_button.isEnabled()
    _wait_finished(qtbot, tab)
    assert tab.state == "finished" and tab.last_finished.reason == "completed"
    tab.plots.refresh()
    lengths = tab.plots.curve_lengths()
    assert lengths["loss_raw"] == lengths["loss_smooth"] == lengths["lr"] == 10  # 2 epochs of 5 batches
    assert lengths["val_loss"] == lengths["train_acc"] == 2
    x = tab.plots.loss_raw.curve.xData
    assert x[0] == pytest.approx(0.2) and x[-1] == pytest.approx(2.0)
    assert tab.plots.best_lines[0].isVisible() and tab.plots.best_epoch in (1, 2)
    assert tab.controls.progress.value() == 1000 and tab.settings.arch.isEnabled()

    qtbot.waitUntil(lambda: tab.evaluation.report is not None and not tab._evaluating, timeout=TIMEOUT)
    rep = tab.evaluation.report
    assert int(rep.support.sum()) == 1000 and f"{rep.accuracy * 100:.2f}%" == tab.evaluation.accuracy_label.text()
    [run] = tab.store.list()
    assert run.status == "completed" and run.epochs_run == 2 and run.has_model
    assert run.metrics["test_accuracy"] == pytest.approx(rep.accuracy)
    assert tab.runs_view.table.rowCount() == 1 and "completed" in tab.runs_view.table.item(0, 6).text()
    assert tab.evaluate_now()  # on demand, too
    qtbot.waitUntil(lambda: not tab._evaluating, timeout=TIMEOUT)
    assert tab.evaluation.report is not rep and "epoch" in tab.evaluation.summary_label.text()

    assert tab.continue_training(1)
    _wait_finished(qtbot, tab)
    tab.plots.refresh()
    assert tab.plots.curve_lengths()["loss_raw"] == 15 and tab.plots.curve_lengths()["val_acc"] == 3
    [run] = tab.store.list()  # the same run, one epoch longer
    assert run.epochs_run == 3 and run.history["epoch"] == [1, 2, 3]
    assert len(tab.store.load_batches(run.id)["step"]) == 15
    assert gc.get_freeze_count() == frozen  # a run freezes nothing: the garbage of runs is collected


def test_pause_resume_and_stop_act_within_a_batch(qtbot, tab, monkeypatch):
    from mnistgui.gui.train import tab as tab_module

    monkeypatch.setattr(tab_module, "Control", HeldControl)  # the run's control tells when it holds
    tab.settings.epochs.setValue(50)
    assert tab.start()
    ctl = tab.trainer.control
    qtbot.waitUntil(lambda: tab.plots.batch_count >= 2, timeout=TIMEOUT)
    at_pause = tab.trainer.step
    qtbot.mouseClick(tab.controls.pause_button, Qt.MouseButton.LeftButton)
    assert tab.state == "paused" and tab.controls.pause_button.text() == "Resume"
    qtbot.waitUntil(ctl.held.is_set, timeout=TIMEOUT)  # the loop waits before its next batch
    held = tab.trainer.step
    assert held <= at_pause + 1  # the batch under way ends, no other starts

    tab.settings.set_lr(0.001)
    tab.settings.lr_changed.emit(0.001)  # as the slider does
    assert tab.trainer.base_lr == pytest.approx(0.001)
    assert ctl.held.is_set() and tab.trainer.step == held  # still held after all that
    qtbot.mouseClick(tab.controls.pause_button, Qt.MouseButton.LeftButton)  # Resume
    assert tab.state == "running"
    qtbot.waitUntil(lambda: tab.trainer.step > held + 1 and tab.trainer.epoch >= 1, timeout=TIMEOUT)
    at_stop = tab.trainer.step  # after an epoch: a run that trained something is kept
    qtbot.mouseClick(tab.controls.stop_button, Qt.MouseButton.LeftButton)
    _wait_finished(qtbot, tab)
    assert tab.last_finished.reason == "stopped" and tab.trainer.step <= at_stop + 1
    qtbot.waitUntil(lambda: not tab._handle.thread.isRunning(), timeout=TIMEOUT)
    [run] = tab.store.list()
    assert run.status == "stopped"
    assert tab.controls.start_button.isEnabled() and tab.controls.continue_button.isEnabled()


def test_a_nan_loss_stops_with_advice_and_the_controls_come_back(qtbot, tab):
    s = tab.settings
    s.optimizer.setCurrentIndex(s.optimizer.findData("sgd"))
    s.epochs.setValue(20)
    assert tab.start()
    qtbot.waitUntil(lambda: tab.plots.batch_count >= 1, timeout=TIMEOUT)
    s.lr_changed.emit(1e5)  # far past what the field allows: the loss blows up within a few batches
    _wait_finished(qtbot, tab)
    assert tab.state == "failed"
    assert tab.banner.isVisible() and "Lower the learning rate" in tab.banner.text()
    assert tab.controls.start_button.isEnabled() and tab.settings.arch.isEnabled()
    assert not tab.controls.continue_button.isEnabled()
    [run] = tab.store.list()
    assert run.status == "failed" and "learning rate" in run.message


def test_clicking_a_confusion_cell_lists_its_images_and_a_click_opens_one(qtbot, tab, small, predictor):
    images, labels = small.test_images, small.test_labels
    rep = evaluate(predictor.model, images, labels, predictor.preprocess)
    ev = tab.evaluation
    tab.views.setCurrentWidget(ev)
    ev.show_report(rep, labels.numpy(), images.numpy(), "the shipped model")
    off = rep.confusion.copy()
    np.fill_diagonal(off, 0)
    true, pred = np.unravel_index(int(np.argmax(off)), off.shape) if off.max() else (3, 3)
    true, pred = int(true), int(pred)
    ev.select_cell(0, 0)  # start elsewhere
    view = ev.matrix
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.cell_center(true, pred))
    assert ev.cell == (true, pred)
    expected = np.nonzero((labels.numpy() == true) & (rep.predictions == pred))[0]
    listed = ev.gallery_indices()
    assert sorted(listed) == sorted(expected.tolist()) and len(listed) == rep.confusion[true, pred]
    probs = rep.probabilities[listed, pred]
    assert np.all(np.diff(probs) <= 1e-6) if true != pred else np.all(np.diff(probs) >= -1e-6)

    item = ev.gallery.item(0)
    with qtbot.waitSignal(tab.image_opened, timeout=5000) as blocker:
        qtbot.mouseClick(ev.gallery.viewport(), Qt.MouseButton.LeftButton,
                         pos=ev.gallery.visualItemRect(item).center())
    img, name = blocker.args
    assert img.shape == (28, 28) and np.allclose(img, images[listed[0]].numpy() / 255.0)
    assert f"#{listed[0]}" in name


@pytest.fixture
def runs_in_tmp(monkeypatch, tmp_path):
    """The main window's Train tab keeps its runs (and looks for MNIST) under tmp_path."""
    import mnistgui.paths

    monkeypatch.setattr(mnistgui.paths, "runs_dir", lambda: tmp_path / "runs")
    monkeypatch.setattr(mnistgui.paths, "mnist_cache_dir", lambda: tmp_path / "cache")
    return tmp_path / "runs"


def test_closing_the_window_mid_run_stops_it_and_keeps_what_was_saved(qtbot, runs_in_tmp, window, small):
    window.select_tab("train")
    tab = window.training_tab
    qtbot.waitExposed(tab)
    _setup(tab, small, epochs=50, images=400)
    assert tab.start()
    qtbot.waitUntil(lambda: len(tab.store.list()[0].history.get("epoch", [])) >= 1, timeout=TIMEOUT)
    thread = tab._handle.thread
    window.close()  # asks first
    assert window.isVisible() and window.last_message.property("asks_to_close")
    window.last_message.buttons()  # "Stop and close", "Keep training"
    window.stop_and_close_button.click()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=TIMEOUT)
    assert not thread.isRunning()  # closeEvent asked the run to stop and waited for it
    [run] = RunStore(runs_in_tmp).list()
    assert run.status == "stopped" and run.epochs_run >= 1 and run.has_model
    assert len(RunStore(runs_in_tmp).load_batches(run.id)["step"]) >= 4


def test_a_kept_run_is_listed_used_for_reading_and_its_images_open_in_draw(qtbot, runs_in_tmp, window, small):
    # a run made earlier (as a previous session of the app would have)
    store = RunStore(runs_in_tmp)
    torch.manual_seed(0)
    cfg = TrainConfig(epochs=1, batch_size=64, val_size=160)
    t = Trainer(cfg, small.train_images[:320], small.train_labels[:320], small.train_images[640:800],
                small.train_labels[640:800])
    run = store.create(cfg, name="earlier run")
    drain(RunRecorder(store, run, t).events())
    rep = evaluate(t.best_model(), small.test_images, small.test_labels)
    store.save_evaluation(run.id, rep, small.test_labels.numpy(), epoch=1)

    window.select_tab("train")
    tab = window.training_tab
    qtbot.waitExposed(tab)
    tab.set_data(small)
    rv = tab.runs_view
    qtbot.waitUntil(lambda: rv.table.rowCount() == 1)
    assert rv.table.item(0, 0).text() == "earlier run" and rv.table.item(0, 5).text() == f"{rep.accuracy * 100:.2f}%"
    rv.select_ids([run.id])
    assert rv.use_button.isEnabled()
    qtbot.mouseClick(rv.use_button, Qt.MouseButton.LeftButton)
    assert window.predictor.name == "earlier run" and window.draw_tab.predictor is window.predictor
    assert "earlier run" in window.model_label.text()
    assert f"{rep.accuracy * 100:.2f}%" in window.accuracy_label.text()
    p = window.predictor.probabilities(small.test_images[:200].numpy() / 255.0)
    assert np.mean(p.argmax(1) == rep.predictions[:200]) >= 0.99  # the run's model, as evaluated
    assert np.mean(p.argmax(1) == small.test_labels[:200].numpy()) > 0.3  # well above chance

    # its model is in use: marked so in the runs list and in the Fine-tune tab's model library
    name_cell = rv.table.item(0, 0)
    assert rv.in_use_id == run.id and name_cell.text() == "● earlier run" and name_cell.font().bold()
    assert "reads with this run" in name_cell.toolTip()
    assert not rv.use_button.isEnabled() and rv.use_button.text() == "In use"
    assert not rv.delete_button.isEnabled()
    lib = window.finetune_tab.manager
    assert lib.in_use() == f"run:{run.id}" and lib.library.active == f"run:{run.id}"
    assert lib.library.get(lib.in_use()).lineage == "trained in the Train tab"

    path = runs_in_tmp.parent / "exported.pt"
    assert rv.export_run(run.id, path) and load_checkpoint(path).name == "earlier run"
    assert rv.rename_run(run.id, "renamed run") and rv.table.item(0, 0).text().startswith("● renamed run")

    assert tab.show_run_evaluation(run.id)
    ev = tab.evaluation
    assert np.array_equal(ev.report.confusion, rep.confusion) and ev.images is not None
    first = ev.gallery_indices()[0]
    item = ev.gallery.item(0)
    qtbot.mouseClick(ev.gallery.viewport(), Qt.MouseButton.LeftButton, pos=ev.gallery.visualItemRect(item).center())
    assert window.current_tab_name() == "draw"
    bg = window.draw_tab.canvas.drawing.background
    assert bg is not None and np.allclose(bg.gray, small.test_images[first].numpy() / 255.0)

    assert rv.delete_runs([run.id]) == 0 and len(store.list()) == 1  # not while its model is in use
    assert lib.undo()  # back to the model used before: the run is no longer in use
    assert window.predictor.name != "renamed run" and rv.in_use_id is None
    assert rv.delete_runs([run.id]) == 1 and rv.table.rowCount() == 0 and store.list() == []


def test_download_loads_mnist_with_progress_and_says_plainly_when_offline(qtbot, tmp_path, mnist_dir):
    import hashlib

    from mnistgui.core.data import FILES
    from mnistgui.gui.train.data_panel import DataPanel

    panel = DataPanel(tmp_path / "cache")
    qtbot.addWidget(panel)
    panel.show()
    panel.mirrors = ("http://127.0.0.1:9/",)  # nothing listens there: as when offline
    panel.start_download()
    assert panel.progress_box.isVisible() and not panel.download_button.isEnabled()
    qtbot.waitUntil(lambda: panel.error_label.isVisible(), timeout=TIMEOUT)
    assert "offline" in panel.error_label.text() and "folder" in panel.error_label.text()
    assert "Connection refused" in panel.error_label.toolTip()
    assert panel.download_button.isEnabled() and panel.data is None

    # a mirror that answers (the shared folder, through file: URLs), with its files' own checksums
    panel.mirrors = (mnist_dir.as_uri() + "/",)
    panel.checksums = {f"{b}.gz": hashlib.md5((mnist_dir / f"{b}.gz").read_bytes()).hexdigest() for b in FILES.values()}
    seen = []
    with qtbot.waitSignal(panel.data_loaded, timeout=TIMEOUT) as blocker:
        panel.start_download()
        panel.progress.valueChanged.connect(seen.append)
    data = blocker.args[0]
    assert data.train_images.shape == (60000, 28, 28) and data.test_images.shape == (10000, 28, 28)
    assert all((tmp_path / "cache" / f"{b}.gz").is_file() for b in FILES.values())
    assert seen and max(seen) == 1000 and not panel.error_label.isVisible()
    assert "60,000" in panel.counts_label.text() and panel.samples.count() == 20
