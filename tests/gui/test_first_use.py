"""What a first-time user trips over: each test here is one of those traps, closed."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt


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


def test_a_long_image_name_in_the_status_bar_is_elided_not_cut_off(qtbot, window):
    from PySide6.QtCore import QPoint

    window.resize(1024, 640)
    qtbot.waitUntil(lambda: window.width() == 1024)
    img = np.zeros((60, 40), np.float32)
    img[10:50, 18:22] = 1.0
    name = "a-photo-of-a-handwritten-digit-" * 6 + ".png"
    window.draw_tab.canvas.set_image(img, name)
    sb = window.statusBar()
    qtbot.waitUntil(lambda: name in sb.currentMessage())
    shown, room = sb.elided_message(), sb.message_rect()
    assert "…" in shown and shown.startswith("Reading a-photo") and shown.endswith("Esc to clear")
    assert sb.fontMetrics().horizontalAdvance(shown) <= room.width()
    assert room.right() < window.model_label.mapTo(sb, QPoint(0, 0)).x()  # not under the model's name
    assert sb.toolTip() == sb.currentMessage()  # the whole message on hover
    sb.showMessage("Saved")
    assert sb.elided_message() == "Saved" and sb.toolTip() == ""


def test_ctrl_y_redoes_as_ctrl_shift_z_does(window):
    from PySide6.QtGui import QKeySequence

    keys = window.draw_tab.redo_action.shortcuts()
    assert QKeySequence("Ctrl+Y") in keys and QKeySequence("Ctrl+Shift+Z") in keys


def test_mnist_chosen_on_one_tab_is_found_by_every_tab_and_kept_after_a_restart(
        qtbot, window, mnist_dir, tmp_path, monkeypatch):
    import mnistgui.paths
    from PySide6.QtCore import QSettings

    from mnistgui.gui import mnist_folder
    from mnistgui.gui.inside import digit_map

    monkeypatch.setattr(mnistgui.paths, "mnist_cache_dir", lambda: tmp_path / "empty-cache")
    monkeypatch.setattr(digit_map, "mnist_cache_dir", lambda: tmp_path / "empty-cache")
    monkeypatch.setattr(digit_map, "EMBEDDING_SIZE", 300)
    window.select_tab("finetune")
    ft = window.finetune_tab
    ft.select_page("finetune")
    panel = ft.finetune
    panel.refresh()
    assert not panel.strategy_buttons["replay"].isEnabled() and panel.strategy() == "head"
    getter = panel.mnist_getter
    assert getter.isVisible() and getter.choose_button.isVisible() and getter.download_button.isVisible()
    assert "mnistgui data download" not in panel.mnist_label.text()

    window.select_tab("inside")
    inside = window.inside_tab
    with qtbot.waitSignal(inside.embedding_finished, timeout=10000):
        inside.select_page("embedding")
    assert inside.embedding_error and inside.embedding_page.getter.isVisible()

    # chosen on the map's page, with its own "Choose folder…"
    assert inside.embedding_page.getter.use_folder(mnist_dir)
    qtbot.waitUntil(lambda: inside.embedding is not None, timeout=60000)
    assert QSettings().value(mnist_folder.SETTINGS_KEY) == str(mnist_dir)  # kept for the next start
    # the Fine-tune tab heard of it: Replay is back, and chosen again (it had been chosen for want of MNIST)
    assert panel.strategy_buttons["replay"].isEnabled() and panel.strategy() == "replay"
    assert "Found" in panel.mnist_label.text() and not panel.mnist_getter.isVisible()
    # the Train tab reads it too, into the one copy in memory
    window.select_tab("train")
    train = window.training_tab
    qtbot.waitUntil(lambda: train.data is not None, timeout=60000)
    assert train.data.source == str(mnist_dir)
    assert panel.mnist.request().load() is train.data
    # a folder without MNIST is refused in place, in a line that says what is missing
    empty = tmp_path / "nothing"
    empty.mkdir()
    assert not getter.use_folder(empty)
    assert not getter.error_label.isHidden() and "No MNIST there" in getter.error_label.text()
    assert mnist_folder.chosen_folder() == mnist_dir


def test_mnist_downloads_in_place_from_the_finetune_tab(qtbot, window, mnist_dir, tmp_path, monkeypatch):
    import hashlib

    import mnistgui.paths
    from mnistgui.core.data import FILES

    monkeypatch.setattr(mnistgui.paths, "mnist_cache_dir", lambda: tmp_path / "cache")
    window.select_tab("finetune")
    window.finetune_tab.select_page("finetune")
    panel = window.finetune_tab.finetune
    panel.refresh()
    getter = panel.mnist_getter
    getter.mirrors = ("http://127.0.0.1:9/",)  # nothing listens there: as when offline
    getter.start_download()
    qtbot.waitUntil(lambda: not getter.busy, timeout=30000)
    assert "offline" in getter.error_label.text() and getter.download_button.isEnabled()
    getter.mirrors = (mnist_dir.as_uri() + "/",)
    getter.checksums = {f"{b}.gz": hashlib.md5((mnist_dir / f"{b}.gz").read_bytes()).hexdigest()
                        for b in FILES.values()}
    with qtbot.waitSignal(getter.found, timeout=60000):
        getter.start_download()
    qtbot.waitUntil(lambda: panel.strategy_buttons["replay"].isEnabled())
    assert (tmp_path / "cache" / "t10k-images-idx3-ubyte.gz").is_file()


def test_a_missing_x11_library_is_named_with_its_package_before_qt_would_abort(monkeypatch):
    import subprocess
    import sys

    from mnistgui.gui import app

    missing = ["libxcb-cursor.so.0", "libxcb-icccm.so.4", "libxcb-keysyms.so.1", "libxkbcommon-x11.so.0"]
    monkeypatch.setattr(app, "_missing_libraries", lambda plugin: missing)
    x11 = {"DISPLAY": ":0"}
    line = app.qt_platform_problem(x11, "linux")
    assert "sudo apt install libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxkbcommon-x11-0" in line
    assert "\n" not in line
    assert app.qt_platform_problem({"DISPLAY": ":0", "QT_QPA_PLATFORM": "xcb"}, "linux")
    # not where another platform plugin is used
    assert app.qt_platform_problem({"DISPLAY": ":0", "QT_QPA_PLATFORM": "offscreen"}, "linux") is None
    assert app.qt_platform_problem({}, "linux") is None
    assert app.qt_platform_problem(x11, "darwin") is None
    assert app.qt_platform_problem({"DISPLAY": ":0", "WAYLAND_DISPLAY": "wayland-0",
                                    "XDG_SESSION_TYPE": "wayland"}, "linux") is None
    monkeypatch.setattr(app, "_missing_libraries", lambda plugin: [])
    assert app.qt_platform_problem(x11, "linux") is None

    # the app itself: one line and status 1, no abort (the libraries are said missing)
    script = ("import sys; from mnistgui.gui import app; "
              "app._missing_libraries = lambda plugin: ['libxcb-keysyms.so.1']; "
              "from mnistgui import cli; sys.exit(cli.main([]))")
    env = {k: v for k, v in __import__("os").environ.items() if k != "QT_QPA_PLATFORM"}
    env.update(DISPLAY=":99", QT_QPA_PLATFORM="xcb")
    r = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120)
    assert r.returncode == 1, r.stderr
    assert r.stderr.strip().splitlines() == [
        "mnistgui: error: the window cannot open: Qt's X11 support needs system libraries this computer "
        "lacks (libxcb-keysyms.so.1). Install them (Debian or Ubuntu: sudo apt install libxcb-keysyms1) "
        "and start mnistgui again."]


def test_ldd_finds_what_a_library_lacks(tmp_path):
    from mnistgui.gui import app

    import PySide6
    from pathlib import Path

    plugin = Path(PySide6.__file__).parent / "Qt" / "plugins" / "platforms" / "libqoffscreen.so"
    assert app._missing_libraries(plugin) == []  # what the tests run on loads
    assert app._missing_libraries(tmp_path / "none.so") == []


def test_the_canvas_hint_goes_as_the_first_stroke_begins_not_at_mouse_up(qtbot, window):
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication

    from helpers import draw_stroke

    canvas = window.draw_tab.canvas
    qtbot.waitExposed(canvas)
    painted = []

    class Spy(QObject):
        def eventFilter(self, obj, ev):  # noqa: N802
            if ev.type() == QEvent.Type.Paint:
                painted.append(ev.region().boundingRect())
            return False

    canvas.setFocus()  # as after an earlier click: the press brings no focus repaint
    QApplication.processEvents()
    canvas.repaint()  # whatever was pending is painted now
    spy = Spy()
    canvas.installEventFilter(spy)
    hint = canvas.paper_rect().center().toPoint()  # where "Draw a digit here" is written
    draw_stroke(qtbot, canvas, [(0.1, 0.1), (0.12, 0.12), (0.14, 0.15)], release=False)  # far from it
    qtbot.waitUntil(lambda: bool(painted))
    QApplication.processEvents()
    assert any(r.contains(hint) for r in painted)  # the hint's place was painted again, mid-stroke
    assert canvas.drawing.live  # the pen is still down
    canvas.removeEventFilter(spy)


def test_confusion_counts_fit_their_cells_at_any_size(qtbot):
    from PySide6.QtGui import QFontMetricsF

    from mnistgui.gui.train.evaluation_view import ConfusionMatrixView

    view = ConfusionMatrixView()
    qtbot.addWidget(view)
    cm = np.full((10, 10), 7, np.int64)
    np.fill_diagonal(cm, 1135)  # MNIST's test set has 1,135 ones
    view.set_matrix(cm)
    view.show()
    qtbot.waitExposed(view)
    for side in (500, 300, 220, 160):
        view.resize(side, side)
        qtbot.waitUntil(lambda: view.cell_width() < side / 9)
        item = view.labels[1][1]
        text = item.textItem.toPlainText()
        # in full while a readable font fits; "1k" only below that; never cut to "135"
        assert text == "1135" if side == 500 else text in ("1135", "1k")
        assert QFontMetricsF(item.textItem.font()).horizontalAdvance(text) <= view.cell_width()
        assert "1,135 test images" in view.cell_tip(1, 1)  # and hovering gives the exact count
    assert view.labels[1][1].textItem.toPlainText() == "1k"  # 160 px: nothing smaller would be read


def _evaluation_with_a_report(window):
    """The Train tab's Evaluation view, shown, with a report on MNIST's test counts (made-up
    logits with some errors spread over the digits): ``(view, report)``."""
    import torch

    from mnistgui.core.metrics import report_from_logits

    counts = [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]  # MNIST's test set
    labels = torch.tensor([d for d, n in enumerate(counts) for _ in range(n)])
    logits = torch.nn.functional.one_hot(labels, 10).float() * 5
    logits[::97, 3] = 9
    report = report_from_logits(logits, labels)
    tab = window.training_tab
    tab.ensure_built()
    ev = tab.evaluation
    tab.views.setCurrentWidget(ev)
    window.select_tab("train")
    ev.show_report(report, labels.numpy(), None, "made-up logits")
    return ev, report


def test_the_confusion_matrix_writes_mnists_counts_in_full_at_1024x640(qtbot, window):
    from PySide6.QtCore import QEvent, QPoint
    from PySide6.QtGui import QFontMetricsF, QHelpEvent
    from PySide6.QtWidgets import QApplication, QToolTip

    window.resize(1024, 640)
    qtbot.waitUntil(lambda: window.width() == 1024 and window.height() == 640)
    ev, report = _evaluation_with_a_report(window)
    view = ev.matrix
    qtbot.waitUntil(lambda: view.isVisible() and view.labels[1][1].textItem.toPlainText() != "")
    QApplication.processEvents()
    for i in range(10):
        for j in range(10):
            n = int(report.confusion[i, j])
            item = view.labels[i][j].textItem
            assert item.toPlainText() == (str(n) if n else ""), (i, j)  # every count in full
            assert QFontMetricsF(item.font()).horizontalAdvance(item.toPlainText()) <= view.cell_width()
    pos = view.cell_center(1, 1)
    QApplication.sendEvent(view.viewport(), QHelpEvent(QEvent.Type.ToolTip, pos, view.viewport().mapToGlobal(pos)))
    assert "1 read correctly" in QToolTip.text() and f"{report.confusion[1, 1]:,} test images" in QToolTip.text()
    QToolTip.hideText()


def test_the_per_digit_figures_are_whole_and_apart_at_800x600(qtbot, window):
    from PySide6.QtGui import QFontMetricsF
    from PySide6.QtWidgets import QApplication

    ev, _report = _evaluation_with_a_report(window)
    for size in ((800, 600), (1280, 800)):
        window.resize(*size)
        qtbot.waitUntil(lambda: (window.width(), window.height()) == size)
        QApplication.processEvents()
        table, header = ev.table, ev.table.horizontalHeader()
        qtbot.waitUntil(lambda: header.sectionViewportPosition(9) + header.sectionSize(9) <= table.viewport().width())
        fm = QFontMetricsF(table.font())
        for r in range(4):
            for c in range(10):
                text = table.item(r, c).text()
                assert text and fm.horizontalAdvance(text) + 4 <= header.sectionSize(c), (size, r, c, text)
        assert table.item(3, 1).text() == "1135"
        # the matrix stays above the table: the summary beside the accuracy grows the page instead
        matrix_bottom = ev.matrix.mapTo(ev, ev.matrix.rect().bottomLeft()).y()
        assert matrix_bottom < table.mapTo(ev, table.rect().topLeft()).y() - 10
        assert ev.summary_label.height() >= ev.summary_label.heightForWidth(ev.summary_label.width())


def _page_fits(window, name):
    host = window._hosts[name]
    page = host.widget()
    need = page.minimumSizeHint().expandedTo(page.minimumSize())
    vp = host.viewport().size()
    return need.width() <= vp.width() and need.height() <= vp.height()


def test_the_window_fits_1024x640_without_scrolling_and_800x600_scrolling_only_down(qtbot, window):
    from PySide6.QtWidgets import QApplication

    from mnistgui.gui.inside import tab as inside_pages

    for name in ("train", "finetune", "inside"):
        window._page(name)
    window.resize(1024, 640)
    qtbot.waitUntil(lambda: window.size().width() == 1024 and window.size().height() == 640)
    for name in ("draw", "train", "finetune", "inside"):
        window.select_tab(name)
        QApplication.processEvents()
        assert _page_fits(window, name), name  # nothing cut off, nothing to scroll
    window.resize(800, 600)
    qtbot.waitUntil(lambda: (window.width(), window.height()) == (800, 600))  # it does go this small
    for name in ("draw", "train", "finetune", "inside"):
        window.select_tab(name)
        QApplication.processEvents()
        host = window._hosts[name]
        page = host.widget()
        # the page keeps at least its minimum size and scrolls, rather than being squeezed
        qtbot.waitUntil(lambda: page.width() >= page.minimumSizeHint().width()
                        and page.height() >= page.minimumSizeHint().height())
        if page.minimumSizeHint().width() > host.viewport().width():
            assert host.horizontalScrollBar().maximum() > 0
        # every page fits the width: it scrolls only up and down
        qtbot.waitUntil(lambda: host.horizontalScrollBar().maximum() == 0)
        need = page.minimumSizeHint().expandedTo(page.minimumSize())
        assert need.width() <= host.viewport().width() and page.width() <= host.viewport().width(), name
    inside = window.inside_tab
    for name, _title in inside_pages.PAGES:
        inside.select_page(name)
        QApplication.processEvents()
        assert window._hosts["inside"].horizontalScrollBar().maximum() == 0, name
    conv = inside.conv_page
    inside.select_page("convolution")
    qtbot.waitUntil(lambda: not conv.side_by_side())  # at 800 pixels the map goes above the numbers
    train = window.training_tab
    window.select_tab("train")
    train.settings.show_more(True)  # More settings unfolded: the column scrolls, no wider
    for i in range(train.views.count()):  # whichever view is shown: curves, predictions, runs, ...
        train.views.setCurrentIndex(i)
        QApplication.processEvents()
        assert window._hosts["train"].horizontalScrollBar().maximum() == 0, train.views.tabText(i)
    card = train.controls
    top = [b.mapTo(card, b.rect().topLeft()).y() for b in (card.start_button, card.continue_button)]
    assert top[0] < top[1]  # its buttons wrap onto two lines ...
    # ... and the page grows by that line (and scrolls) rather than squeezing the views below
    qtbot.waitUntil(lambda: train.views.height() >= train.views.minimumSizeHint().height())
    assert window._hosts["train"].verticalScrollBar().maximum() > 0
    window.select_tab("inside")
    window.resize(1024, 640)
    qtbot.waitUntil(conv.side_by_side)  # and beside them again where there is room


def test_the_maps_needs_mnist_message_is_never_cut_off(qtbot, window, tmp_path, monkeypatch):
    from mnistgui.gui.inside import digit_map

    monkeypatch.setattr(digit_map, "mnist_cache_dir", lambda: tmp_path / "empty-cache")
    window.resize(1024, 640)
    window.select_tab("inside")
    inside = window.inside_tab
    with qtbot.waitSignal(inside.embedding_finished, timeout=10000):
        inside.select_page("embedding")
    text = inside.embedding_page.msg_text
    qtbot.waitUntil(lambda: text.isVisible() and text.height() >= text.heightForWidth(text.width()))
    assert "Download" in text.text() and "choose their folder" in text.text()
    inside.embedding_page.show_computing(0.5, 3000)
    qtbot.waitUntil(lambda: text.height() >= text.heightForWidth(text.width()))


@pytest.fixture
def runs_in_tmp(monkeypatch, tmp_path):
    import mnistgui.paths

    monkeypatch.setattr(mnistgui.paths, "runs_dir", lambda: tmp_path / "runs")
    monkeypatch.setattr(mnistgui.paths, "mnist_cache_dir", lambda: tmp_path / "cache")
    return tmp_path / "runs"


def _small_run(tab, data, epochs):
    tab.set_data(data)
    tab.data_panel.train_limit.setValue(480)
    tab.data_panel.val_size.setValue(160)
    tab.settings.batch_size.setValue(64)
    tab.settings.epochs.setValue(epochs)


def _held_start(qtbot, tab, monkeypatch):
    """Start, and pause at once: the loop is held before much (or anything) is trained."""
    from helpers import HeldControl
    from mnistgui.gui.train import tab as tab_module

    monkeypatch.setattr(tab_module, "Control", HeldControl)
    assert tab.start()
    tab.pause()
    qtbot.waitUntil(tab.trainer.control.held.is_set, timeout=60000)


def test_closing_while_training_asks_and_a_run_that_trained_nothing_is_not_kept(
        qtbot, runs_in_tmp, window, mnist_small, monkeypatch):
    window.select_tab("train")
    tab = window.training_tab
    _small_run(tab, mnist_small, epochs=50)
    _held_start(qtbot, tab, monkeypatch)
    trainer = tab.trainer  # the tab lets go of it once the run has ended
    assert tab.store.list()  # the run's folder exists while it trains
    window.close()
    box = window.last_message
    assert window.isVisible() and box.property("asks_to_close") and "is training" in box.text()
    assert {b.text() for b in box.buttons()} == {"Stop and close", "Keep training"}
    keep = next(b for b in box.buttons() if b.text() == "Keep training")
    keep.click()
    qtbot.waitUntil(lambda: not box.isVisible())
    assert window.isVisible() and tab.is_training  # kept training
    window.close()
    window.stop_and_close_button.click()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=60000)
    from mnistgui.core.runs import RunStore

    assert trainer.epoch == 0 and RunStore(runs_in_tmp).list() == []  # no "0/50 stopped" left behind


def test_a_run_stopped_before_its_first_epoch_leaves_no_run_and_says_so(qtbot, runs_in_tmp, window, mnist_small,
                                                                        monkeypatch):
    window.select_tab("train")
    tab = window.training_tab
    _small_run(tab, mnist_small, epochs=50)
    _held_start(qtbot, tab, monkeypatch)
    tab.stop()
    qtbot.waitUntil(lambda: tab.state == "idle", timeout=60000)
    assert tab.store.list() == [] and tab.runs_view.table.rowCount() == 0
    assert "nothing was trained" in tab.controls.progress_label.text()


def test_the_end_of_a_run_names_the_weights_it_kept(qtbot, runs_in_tmp, window, mnist_small):
    window.select_tab("train")
    tab = window.training_tab
    for keep, said, weights in (("last", "the final model (epoch 2) kept", "final weights"),
                                ("best", "best model (epoch", "best weights")):
        _small_run(tab, mnist_small, epochs=2)
        tab.settings.keep.setCurrentIndex(tab.settings.keep.findData(keep))
        assert tab.start()
        qtbot.waitUntil(lambda: tab.state == "finished", timeout=60000)
        assert said in tab.controls.progress_label.text()
        # the kept model is evaluated at once, under the same name
        qtbot.waitUntil(lambda: not tab._evaluating and weights in (tab.evaluation.caption or ""), timeout=60000)
        run_id = tab.run_info.id
        tab.new_run()
        assert tab.show_run_evaluation(run_id) and f"{weights}, from epoch" in tab.evaluation.caption


def test_the_status_says_paused_a_continuation_counts_and_a_changed_rate_is_the_runs_only(
        qtbot, runs_in_tmp, window, mnist_small, monkeypatch):
    window.select_tab("train")
    tab = window.training_tab
    _small_run(tab, mnist_small, epochs=1)
    start_lr = tab.settings.lr()
    _held_start(qtbot, tab, monkeypatch)
    tab._on_worker_batches_done([_fake_batch(tab)])  # the batch under way at Pause, reported after it
    assert "paused" in tab.controls.progress_label.text()  # a batch that ends after Pause does not hide it
    tab.settings.set_lr(start_lr / 2)
    tab.settings.lr_changed.emit(start_lr / 2)
    assert "this run only" in tab.controls.progress_label.text()
    tab.resume()
    qtbot.waitUntil(lambda: tab.state == "finished", timeout=60000)
    assert tab.settings.lr() == pytest.approx(start_lr)  # the next run starts where the settings said
    assert "for it only" in tab.controls.progress_label.text()

    # Continue, then Stop: the list counts the epochs planned now, not the first run's
    assert tab.continue_training(1)
    tab.stop()  # checked every batch: the epoch (5 batches) does not end
    qtbot.waitUntil(lambda: tab.state == "finished", timeout=60000)
    [run] = tab.store.list()
    assert run.epochs_run == 1 and run.config["epochs"] == 2 and run.status == "stopped"
    tab.runs_view.refresh()
    assert tab.runs_view.table.item(0, 3).text() == "1/2"

    # "The Draw tab now reads with Run 1" goes once another model is chosen elsewhere
    assert tab.use_run(run.id)
    assert "now reads with" in tab.controls.progress_label.text()
    window.set_predictor(window.predictor, None)  # as choosing another model in Fine-tune does
    tab.set_model_in_use(None)
    assert "now reads with" not in tab.controls.progress_label.text()


def _fake_batch(tab):
    from mnistgui.core.events import BatchMetrics

    step = tab.trainer.step
    return BatchMetrics(epoch=1, batch=step, batches=5, step=step, loss=1.0, accuracy=0.5, lr=1e-3,
                        samples_per_s=100.0, elapsed_s=1.0)


def _epoch(n, best, *, epochs=1, val_loss=0.09, train_loss=0.4):
    from mnistgui.core.events import EpochMetrics
    import dataclasses

    names = {f.name for f in dataclasses.fields(EpochMetrics)}
    values = dict(epoch=n, epochs=epochs, train_loss=train_loss, val_loss=val_loss, train_accuracy=0.9,
                  val_accuracy=0.97, best_epoch=best, patience=0, seconds=1.0, lr=1e-3)
    values.update({k: 0 for k in names - values.keys()})
    return EpochMetrics(**{k: v for k, v in values.items() if k in names})


def test_charts_keep_points_inside_show_the_validation_point_reset_ranges_and_label_the_rate(qtbot):
    from mnistgui.core.events import BatchMetrics
    from PySide6.QtCore import Qt

    from mnistgui.gui.train import plots as plots_module
    from mnistgui.gui.train.plots import TrainingPlots

    p = TrainingPlots()
    qtbot.addWidget(p)
    p.resize(900, 600)
    p.show()
    p.reset(1)
    # one epoch: its points sit inside the plot, not on its right edge
    assert p.epoch_loss.getViewBox().viewRange()[0][1] >= 1.1
    p.add_epoch(_epoch(1, 1))
    p.refresh()
    # the best mark is a ring under the validation point, which keeps the legend's orange
    ring = p.best_marks[0]
    assert ring.zValue() < p.val_loss.curve.zValue()
    assert ring.opts["brush"].style() == Qt.BrushStyle.NoBrush  # hollow: the point inside shows
    assert ring.opts["size"] > p.val_loss.curve.opts["symbolSize"]
    assert p.val_loss.curve.opts["symbolBrush"] == plots_module.VAL
    # a run with large losses, then a new run: the y ranges start afresh
    batches = [BatchMetrics(epoch=1, batch=i, batches=20, step=i, loss=40.0 + i, accuracy=0.1, lr=3e-3,
                            samples_per_s=1.0, elapsed_s=1.0) for i in range(1, 21)]
    p.add_batches(batches)
    p.refresh()
    assert p.batch_loss.getViewBox().viewRange()[1][1] > 40
    # the learning rate's axis is labelled with its values, not only "0"
    assert len(set(p.lr_ticks)) == 3 and "0.003" in p.lr_ticks
    p.reset(1)
    assert p.batch_loss.getViewBox().viewRange()[1][1] < 5


def test_before_a_run_the_x_axis_spans_the_epochs_the_settings_say(qtbot, tmp_path):
    from mnistgui.gui.train.tab import TrainingTab

    tab = TrainingTab(runs_root=tmp_path / "runs", cache_dir=tmp_path / "cache")
    qtbot.addWidget(tab)
    tab.ensure_built()
    tab.settings.epochs.setValue(1)
    assert tab.plots.batch_loss.getViewBox().viewRange()[0][1] < 1.5
    tab.settings.epochs.setValue(6)
    assert 6 <= tab.plots.batch_loss.getViewBox().viewRange()[0][1] < 7


def test_the_curves_say_why_training_loss_sits_above_validation_loss(qtbot):
    from mnistgui.gui.train.plots import TrainingPlots

    p = TrainingPlots()
    qtbot.addWidget(p)
    p.set_run_notes(0.05, True)
    assert not p.note.isHidden() and "smoothed by 0.05" in p.note.text() and "augmented" in p.note.text()
    p.set_run_notes(0.0, False)
    assert p.note.isHidden()


def test_with_few_samples_collecting_warns_and_the_fine_tune_report_is_cross_validated(
        qtbot, window, tmp_path, monkeypatch):
    from mnistgui import paths
    from mnistgui.core.finetune import FinetuneConfig
    from mnistgui.core.synth import synth_samples

    monkeypatch.setattr(paths, "data_dir", lambda: tmp_path / "data")  # samples and versions here

    window.select_tab("finetune")
    ft = window.finetune_tab
    store = ft.library.store
    for s in synth_samples(20, seed=3):  # two of each digit: none held out
        store.add(s.label, s.strokes, source="free", pen_width=s.meta.get("pen_width"))
    ft.library.changed.emit()
    ft.collect.refresh()
    assert "cross-validation" in ft.collect.total_label.text()  # said while collecting
    ft.select_page("finetune")
    p = ft.finetune
    p.set_strategy("head")
    p.base_config = FinetuneConfig(eval_every=5, mnist_eval_size=100)
    p.steps_spin.setValue(10)
    with qtbot.waitSignal(p.run_finished, timeout=120000) as sig:
        assert p.start()
    done = sig.args[0]
    assert done.reason == "completed" and done.comparison.cross_validated
    title = p.report.heldout_figure.title.text()
    assert "5-fold cross-validation" in title and "(20)" in title  # an honest figure, said as such
    assert "Cross-validated accuracy per digit" in p.report.legend.text()


def test_help_has_getting_started_and_the_keyboard_shortcuts_the_window_has(qtbot, window):
    window.menus.getting_started_action.trigger()
    box = window.last_message
    assert box.isVisible() and all(t in box.text() for t in ("Draw", "Train", "Fine-tune", "Inside", "Download"))
    box.close()
    window.menus.shortcuts_action.trigger()
    box = window.last_message
    text = box.text()
    for keys in ("Ctrl+Y", "Ctrl+Shift+Z", "Ctrl+Z", "Esc", "Ctrl+1", "Ctrl+Shift+E"):
        assert f"<b>{keys}" in text or f"/ {keys}" in text, keys
    assert "Erase parts of strokes" in text  # the eraser's own description
    box.close()


def test_relabel_does_not_offer_the_label_the_samples_have(qtbot, window, tmp_path, monkeypatch):
    from mnistgui import paths
    from mnistgui.core.synth import synth_samples

    monkeypatch.setattr(paths, "data_dir", lambda: tmp_path / "data")
    window.select_tab("finetune")
    ft = window.finetune_tab
    for s in synth_samples(20, seed=5):
        ft.library.store.add(s.label, s.strokes, source="free", pen_width=s.meta.get("pen_width"))
    ft.library.changed.emit()
    ft.select_page("samples")
    g = ft.gallery
    g.set_filter(3)
    qtbot.waitUntil(lambda: g.model.rowCount() == 2)
    g.select_ids([r.id for r in g.model.records])
    qtbot.waitUntil(lambda: g.relabel_button.isEnabled())
    three = next(a for a in g.relabel_menu.actions() if a.data() == 3)
    assert not three.isEnabled() and "label now" in three.text()
    assert all(a.isEnabled() for a in g.relabel_menu.actions() if a.data() != 3)
    depth = ft.library.undo_stack.count()
    g.relabel_selected(3)  # as the 3 key does: nothing to change, nothing to undo
    assert ft.library.undo_stack.count() == depth
    g.relabel_selected(8)
    assert ft.library.undo_stack.count() == depth + 1


def test_pen_and_eraser_have_widths_of_their_own(qtbot, window):
    from mnistgui.gui.canvas.widget import Tool

    tab = window.draw_tab
    canvas = tab.canvas
    canvas.set_pen_width(0.03)
    tab.eraser_action.trigger()
    assert canvas.tool() is Tool.ERASER
    tab.width_slider.setValue(100)  # the eraser, 10%
    assert canvas.eraser_radius() == pytest.approx(0.10) and canvas.pen_width() == pytest.approx(0.03)
    tab.thinner_action.trigger()
    assert canvas.eraser_radius() < 0.10 and canvas.pen_width() == pytest.approx(0.03)
    tab.pen_action.trigger()
    assert tab.width_slider.value() == 30  # the slider shows the pen's width again
    tab.width_slider.setValue(50)
    assert canvas.pen_width() == pytest.approx(0.05) and canvas.eraser_radius() < 0.10


def test_a_right_reading_can_be_kept_and_thats_a_can_be_undone(qtbot, window, tmp_path, monkeypatch):
    from digits import TEMPLATES, place
    from helpers import densify, draw
    from mnistgui import paths

    monkeypatch.setattr(paths, "data_dir", lambda: tmp_path / "data")
    ft = window.finetune_tab  # built: it keeps what the Draw tab is told
    tab = window.draw_tab
    draw(qtbot, tab.canvas, [densify(s, 0.02) for s in place(TEMPLATES[7], 0.8)])
    pred = tab.predict_now()
    assert pred is not None and not pred.unsure
    read = tab.correction_bar.buttons[pred.digit]
    assert read.isEnabled() and read.property("read")  # a right reading can be kept too
    qtbot.mouseClick(read, Qt.MouseButton.LeftButton)
    assert ft.library.counts()[pred.digit] == 1 and "saved" in tab.correction_bar.note.text()
    undo = tab.correction_bar.undo_button
    assert not undo.isHidden()
    qtbot.mouseClick(undo, Qt.MouseButton.LeftButton)
    assert ft.library.counts()[pred.digit] == 0  # taken back
    assert undo.isHidden() and read.isEnabled()  # and the digits are offered again
    other = tab.correction_bar.buttons[(pred.digit + 1) % 10]
    qtbot.mouseClick(other, Qt.MouseButton.LeftButton)
    assert ft.library.counts()[(pred.digit + 1) % 10] == 1


def test_a_new_drawing_is_explained_for_what_it_is_read_as_not_the_last_chosen_digit(qtbot, window):
    from digits import TEMPLATES, place
    from helpers import densify, draw

    window.select_tab("inside")
    tab = window.inside_tab
    tab.select_page("saliency")
    page = tab.saliency_page
    draw(qtbot, tab.canvas, [densify(s, 0.02) for s in place(TEMPLATES[2], 0.85)])
    qtbot.waitUntil(lambda: tab.explanation is not None and not tab.refresh_pending())
    with qtbot.waitSignal(tab.refreshed, timeout=5000):
        page.digit_buttons[8].click()
    assert tab.target == 8
    tab.canvas.clear()  # a new drawing
    assert tab.target is None and page.target is None
    draw(qtbot, tab.canvas, [densify(s, 0.02) for s in place(TEMPLATES[7], 0.85)])
    qtbot.waitUntil(lambda: tab.explanation is not None and tab.explanation.digit == 7 and not tab.refresh_pending())
    assert tab.explanation.target == 7
    with qtbot.waitSignal(tab.refreshed, timeout=5000):
        page.digit_buttons[3].click()
    tab.show_image(np.zeros((28, 28), np.float32) + np.eye(28, dtype=np.float32), "a line")
    assert tab.target is None


def test_the_robustness_page_shows_the_transformed_inputs_it_reads(qtbot, window):
    from digits import TEMPLATES, place
    from helpers import densify, draw
    from mnistgui.core.explain import probe_images, probe_values
    from mnistgui.gui.inside.robustness_view import THUMBNAILS

    window.select_tab("inside")
    tab = window.inside_tab
    tab.select_page("robustness")
    page = tab.robustness_page
    draw(qtbot, tab.canvas, [densify(s, 0.02) for s in place(TEMPLATES[4], 0.85)])
    qtbot.waitUntil(lambda: page.shown_image is not None and not tab.refresh_pending(), timeout=20000)
    img = tab.current_image()
    for kind, items in page.strips.items():
        assert len(items) == THUMBNAILS
        want = probe_images(img, kind, probe_values(kind, THUMBNAILS))
        for k, (item, label) in enumerate(items):
            np.testing.assert_allclose(item.image, want[k], atol=1e-6)  # what the network read there
            assert label.textItem.toPlainText()
    # rotation: the first thumbnail is the input turned the other way from the last
    first, last = (it.image for it, _ in (page.strips["rotation"][0], page.strips["rotation"][-1]))
    assert not np.allclose(first, last) and np.allclose(page.strips["rotation"][THUMBNAILS // 2][0].image, img,
                                                       atol=1e-4)


def test_the_collect_canvas_reads_live_and_has_a_pen_width(qtbot, window, tmp_path, monkeypatch):
    from digits import TEMPLATES, place
    from helpers import densify, draw
    from mnistgui import paths

    monkeypatch.setattr(paths, "data_dir", lambda: tmp_path / "data")
    window.select_tab("finetune")
    ft = window.finetune_tab
    ft.select_page("collect")
    c = ft.collect
    c.width_slider.setValue(60)
    assert c.canvas.pen_width() == pytest.approx(0.06)
    c.prompt_digit = 3
    c._show_prompt()
    draw(qtbot, c.canvas, [densify(s, 0.02) for s in place(TEMPLATES[7], 0.8)])
    qtbot.waitUntil(lambda: c.reading is not None)
    want = window.predictor.predict_canvas(c.canvas.drawing.all_strokes(), None, c.canvas.pen_width())
    assert c.reading.digit == want.digit == 7
    assert "reads <b>7</b>" in c.reading_label.text() and "not the 3 asked for" in c.reading_label.text()
    c.canvas.clear()
    qtbot.waitUntil(lambda: c.reading is None and c.reading_label.text() == "")
