"""The Inside tab: layers, kernels, saliency, the map of digits and the robustness probe, live."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication

from digits import TEMPLATES, place
from helpers import densify, draw
from mnistgui.core.explain import grad_cam, kernels, receptive_field
from mnistgui.gui.inside import digit_map
from mnistgui.gui.inside import tab as inside_module
from mnistgui.gui.inside.views import MosaicView

SHOTS = os.environ.get("MNISTGUI_SCREENSHOTS")  # a folder to keep the screenshots in, for a look


@pytest.fixture(scope="module")
def shared_window(qapp, predictor, model_path):
    """One main window for the tests of this file (building one takes seconds on a busy machine)."""
    from mnistgui.gui.main_window import MainWindow

    w = MainWindow(predictor, model_path=model_path, restore_state=False, persist_state=False)
    w.resize(1280, 800)
    w.show()
    yield w
    w.close()
    w.deleteLater()


@pytest.fixture
def window(qtbot, shared_window):
    """The shared window, back to a blank Inside tab with its defaults."""
    w = shared_window
    w.resize(1280, 800)
    w.select_tab("inside")
    t = w.inside_tab
    qtbot.waitUntil(t.isVisible)
    w.draw_tab.canvas.clear()
    t.show_drawing()
    t.set_target(None)
    t.set_heat_method("grad_cam")
    t.feature_page.set_per_map(True)
    t.saliency_page.integrated_check.setChecked(False)
    t.select_page("layers")
    t.feature_page.scroll.verticalScrollBar().setValue(0)
    if t.kernels_page.layer_combo.count():
        t.kernels_page.show_layer("conv1")
    qtbot.waitUntil(lambda: t.explanation is None and not t.refresh_pending())
    return w


@pytest.fixture
def tab(window):
    return window.inside_tab


def _draw_digit(qtbot, tab, digit: int, scale: float = 0.85) -> None:
    strokes = [densify(s, 0.02) for s in place(TEMPLATES[digit], scale)]
    draw(qtbot, tab.canvas, strokes)
    qtbot.waitUntil(lambda: tab.explanation is not None and tab.explanation.digit == digit
                    and not tab.refresh_pending())


def _view_pos(view, x: float, y: float) -> QPointF:
    """Image coordinates in a pyqtgraph view -> the view's widget coordinates."""
    return QPointF(view.mapFromScene(view.vb.mapViewToScene(QPointF(x, y))))


def _mouse(view, kind, pos: QPointF, button=Qt.MouseButton.NoButton) -> None:
    buttons = Qt.MouseButton.NoButton if kind == QEvent.Type.MouseMove else button
    ev = QMouseEvent(kind, pos, view.mapToGlobal(pos), button, buttons, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(view.viewport(), ev)


def _grab(widget, tmp_path, name: str) -> np.ndarray:
    path = tmp_path / f"{name}.png"
    assert widget.grab().save(str(path))
    if SHOTS:
        os.makedirs(SHOTS, exist_ok=True)
        shutil.copy(path, os.path.join(SHOTS, path.name))
    from PIL import Image

    with Image.open(path) as im:
        return np.asarray(im.convert("RGB"))


def test_every_layer_is_shown_with_its_maps_and_shape(qtbot, tab, window):
    _draw_digit(qtbot, tab, 3)
    e = tab.explanation
    # drawing here is drawing on the Draw tab: one document, one reading
    assert len(window.draw_tab.canvas.drawing.strokes) == 1
    assert window.draw_tab.prediction.digit == e.digit == 3
    cards = tab.feature_page.cards
    assert list(cards) == [a.name for a in e.layers]
    assert list(cards)[:4] == ["conv1", "pool1", "bn1", "relu1"] and list(cards)[-1] == "softmax"
    kinds = {name: c.kind for name, c in cards.items()}
    assert {"conv", "pool", "norm", "relu", "fc", "softmax"} <= set(kinds.values())
    page = tab.feature_page
    assert set(page.visible_cards()) < set(cards)  # cards out of sight wait until they are seen
    for a in e.layers:
        card = cards[a.name]
        page.scroll.ensureWidgetVisible(card)
        qtbot.waitUntil(lambda: card.values is a.values)
        assert card.shape == a.shape
        if a.values.ndim == 3:
            c, h, w = a.shape
            view = card.view
            assert isinstance(view, MosaicView) and view.count == c and view.map_shape == (h, w)
            rows, cols = view.grid
            assert rows * cols >= c > (rows - 1) * cols
            assert card.shape_label.text() == f"{c} maps of {h}×{w}"
            shown = view.shown
            assert shown.shape == (rows * (h + view._gap) - view._gap, cols * (w + view._gap) - view._gap)
            # each map's tile holds that map, scaled to its own largest magnitude
            k = int(np.argmax(np.abs(a.values).reshape(c, -1).max(1)))
            tile = view.tile_rect(k)
            got = shown[int(tile.y()): int(tile.y()) + h, int(tile.x()): int(tile.x()) + w]
            np.testing.assert_allclose(got, a.values[k] / np.abs(a.values[k]).max(), atol=1e-5)
        else:
            np.testing.assert_allclose(card.view.values, a.values)
    assert cards["conv1"].shape == (32, 26, 26) and cards["conv2"].shape == (64, 11, 11)
    assert cards["fc1"].shape == (128,) and cards["softmax"].shape == (10,)
    assert cards["softmax"].view.values.sum() == pytest.approx(1.0, abs=1e-5)
    assert "3" in tab.input_panel.reading.text()


def test_colour_scale_per_map_or_per_layer(qtbot, tab):
    _draw_digit(qtbot, tab, 7)
    card = tab.feature_page.cards["relu1"]
    view = card.view
    assert "relu1" in tab.feature_page.visible_cards()
    per_map = view.shown.copy()
    tab.feature_page.per_layer_button.click()
    assert not tab.feature_page.per_map
    per_layer = view.shown
    values = tab.feature_page.cards["relu1"].values
    top = [np.nanmax(np.abs(per_map[int(r.y()): int(r.y()) + 13, int(r.x()): int(r.x()) + 13]))
           for r in (view.tile_rect(k) for k in range(32))]
    live = [t for t, v in zip(top, values) if np.abs(v).max() > 0]
    assert np.allclose(live, 1.0)  # every live map uses its whole colour range
    assert np.nanmax(np.abs(per_layer)) == pytest.approx(1.0)
    k_weak = int(np.argmin([np.abs(v).max() if np.abs(v).max() > 0 else np.inf for v in values]))
    r = view.tile_rect(k_weak)
    assert np.nanmax(np.abs(per_layer[int(r.y()): int(r.y()) + 13, int(r.x()): int(r.x()) + 13])) < 1.0


def test_hover_reads_a_value_and_a_click_enlarges_the_map_with_its_receptive_field(qtbot, tab):
    _draw_digit(qtbot, tab, 4)
    card = tab.feature_page.cards["conv2"]
    view = card.view
    k, y, x = 5, 4, 6
    r = view.tile_rect(k)
    pos = _view_pos(view, r.x() + x + 0.5, r.y() + y + 0.5)
    _mouse(view, QEvent.Type.MouseMove, pos)
    v = card.values[k, y, x]
    assert f"map {k}" in card.value_label.text() and f"{v:+.3f}" in card.value_label.text()
    _mouse(view, QEvent.Type.MouseButtonPress, pos, Qt.MouseButton.LeftButton)
    assert tab.selected_map == ("conv2", k)
    panel = tab.input_panel
    expected = card.values[k] / np.abs(card.values[k]).max()
    np.testing.assert_allclose(panel.detail_image.values, expected, atol=1e-6)
    x0, y0, x1, y1 = receptive_field(tab.predictor.model, "conv2", y, x)
    rect = panel.field_rect.rect()
    assert panel.field_rect.isVisible()
    assert (rect.x(), rect.y(), rect.right(), rect.bottom()) == (x0, y0, x1, y1)
    assert (x1 - x0, y1 - y0) == (8, 8)  # conv3x3, pool2, conv3x3 on 28x28
    assert "conv2 map 5" in panel.field_caption.text() and "8×8" in panel.field_caption.text()
    assert view.selection.isVisible() and view.selection.rect().contains(r.center())


def test_saliency_is_computed_for_the_chosen_digit_and_laid_over_input_and_canvas(qtbot, tab):
    _draw_digit(qtbot, tab, 2)
    tab.select_page("saliency")
    page = tab.saliency_page
    qtbot.waitUntil(lambda: "Explaining <b>2</b>" in page.status.text())
    img = tab.current_image()
    model, pre = tab.predictor.model, tab.predictor.preprocess
    np.testing.assert_allclose(page.cards["grad_cam"].heat_values, grad_cam(model, img, pre)[0], atol=1e-5)
    assert tab.canvas.has_overlay()
    with qtbot.waitSignal(tab.refreshed, timeout=5000):
        page.digit_buttons[8].click()
    assert tab.target == 8 and tab.explanation.target == 8
    assert tab.explanation.digit == 2  # still reads 2; explains 8
    np.testing.assert_allclose(page.cards["grad_cam"].heat_values, grad_cam(model, img, pre, 8)[0], atol=1e-5)
    np.testing.assert_allclose(tab.input_panel.input_heat.values, tab.heats["grad_cam"])
    assert "Explaining <b>8</b>" in page.status.text()
    with qtbot.waitSignal(tab.refreshed, timeout=5000):
        page.integrated_check.setChecked(True)
    ig = page.cards["integrated_gradients"].heat_values
    assert ig is not None and ig.shape == (28, 28) and ig.max() == pytest.approx(1.0)
    with qtbot.waitSignal(tab.refreshed, timeout=5000):
        tab.set_heat_method("off")
    assert not tab.canvas.has_overlay() and not tab.input_panel.input_heat.isVisible()
    with qtbot.waitSignal(tab.refreshed, timeout=5000):
        page.predicted_button.click()
    assert tab.explanation.target == 2


def test_kernels_of_the_first_layer_and_per_input_map_of_deeper_ones(qtbot, tab):
    tab.select_page("kernels")
    page = tab.kernels_page
    qtbot.waitUntil(lambda: page.layer == "conv1" and page.mosaic.count == 32)
    assert page.mosaic.map_shape == (3, 3) and not page.channel_spin.isVisible()
    page.show_layer("conv2", 5)
    assert page.mosaic.count == 64 and page.channel_spin.isVisible() and page.channel_spin.maximum() == 31
    np.testing.assert_allclose(page.values, kernels(tab.predictor.model, "conv2")[:, 5])
    assert "input map 5" in page.title.text()
    assert list(page.histogram_names()) == ["conv1", "conv2", "fc1", "fc2"]
    x, counts = page.histograms["conv1"].curve.getData()
    assert counts.sum() == 32 * 9


def test_robustness_probe_plots_each_digit_along_each_sweep(qtbot, tab):
    _draw_digit(qtbot, tab, 0)
    tab.select_page("robustness")
    page = tab.robustness_page
    qtbot.waitUntil(lambda: len(page.last) == 4)
    e = tab.explanation
    for kind, curves in page.curves.items():
        vals, probs = page.last[kind]
        assert len(curves) == 10 and probs.shape == (len(vals), 10)
        ys = np.stack([c.getData()[1] for c in curves], 1)
        np.testing.assert_allclose(ys.sum(1), 1.0, atol=1e-4)
    vals, probs = page.last["rotation"]
    i0 = int(np.argmin(np.abs(vals)))
    assert probs[i0, 0] == pytest.approx(e.probabilities[0], abs=1e-4)
    assert "Still read as <b>0</b>" in page.status.text()


def test_the_embedding_point_moves_as_the_drawing_changes(qtbot, tab, mnist_dir, monkeypatch):
    monkeypatch.setattr(digit_map, "EMBEDDING_SIZE", 600)
    tab.set_mnist_folder(mnist_dir)
    _draw_digit(qtbot, tab, 1)
    with qtbot.waitSignal(tab.embedding_finished, timeout=60000):
        tab.select_page("embedding")
    emb = tab.embedding
    assert tab.embedding_error is None and emb.points.shape == (600, 2) and emb.images.shape == (600, 28, 28)
    page = tab.embedding_page
    qtbot.waitUntil(lambda: tab.current_point is not None)
    first = tab.current_point.copy()
    sx, sy = page.plot.star.getData()
    assert (sx[0], sy[0]) == pytest.approx(tuple(first), abs=1e-5)
    np.testing.assert_allclose(first, emb.project(tab.explanation.penultimate)[0])
    # make the 1 a 7: the point moves towards the 7s
    draw(qtbot, tab.canvas, [densify([(0.3, 0.2), (0.53, 0.19)], 0.02)])
    qtbot.waitUntil(lambda: tab.explanation.digit == 7 and not tab.refresh_pending())
    moved = tab.current_point
    assert np.linalg.norm(moved - first) > 0.5
    centre7 = emb.points[emb.labels == 7].mean(0)
    assert np.linalg.norm(moved - centre7) < np.linalg.norm(first - centre7)
    # hovering a dot shows the image behind it
    i = int(np.argmax(emb.labels == 7))
    vb = page.plot.getPlotItem().getViewBox()
    pos = QPointF(page.plot.mapFromScene(vb.mapViewToScene(QPointF(*emb.points[i]))))
    _mouse(page.plot, QEvent.Type.MouseMove, pos)
    assert page.hovered_index >= 0 and page.hover_card.isVisible()
    assert f"labelled {int(emb.labels[page.hovered_index])}" in page.hover_card.text.text()


def test_without_mnist_the_map_says_how_to_get_it(qtbot, predictor, model_path):
    from mnistgui.gui.main_window import MainWindow

    w = MainWindow(predictor, model_path=model_path, restore_state=False, persist_state=False)
    qtbot.addWidget(w)
    w.show()
    w.select_tab("inside")
    tab = w.inside_tab  # the app's test-mode cache folder holds no MNIST, and no folder was given
    with qtbot.waitSignal(tab.embedding_finished, timeout=10000):
        tab.select_page("embedding")
    page = tab.embedding_page
    assert tab.embedding is None and tab.embedding_error
    assert "mnistgui data download" not in page.msg_text.text()  # no command for a GUI user
    getter = page.getter
    assert getter.isVisible() and getter.choose_button.isVisible() and getter.download_button.isVisible()
    assert page.retry_button.isVisible()


def test_the_map_of_digits_looks_in_the_apps_one_mnist_folder(predictor, mnist_dir, tmp_path):
    from mnistgui.gui import mnist_folder

    maker = digit_map.DigitMapMaker(predictor)
    assert maker.find_mnist()[0] is None  # the test-mode cache holds no MNIST
    mnist_folder.set_folder(mnist_dir)  # as the Train or the Fine-tune tab does
    folder, looked = maker.find_mnist()
    assert folder == mnist_dir and looked[0] == str(mnist_dir)


def test_refresh_is_coalesced_and_waits_while_the_tab_is_hidden(qtbot, tab, window):
    _draw_digit(qtbot, tab, 1)
    n = tab.refresh_count
    canvas = tab.canvas
    canvas.begin_stroke(0.3, 0.2)
    for i in range(60):  # sixty points arrive before the event loop runs again
        canvas.extend_stroke(0.3 + i * 0.004, 0.2)
    qtbot.waitUntil(lambda: tab.refresh_count > n and not tab.refresh_pending())
    assert tab.refresh_count == n + 1
    canvas.end_stroke()
    qtbot.waitUntil(lambda: not tab.refresh_pending() and tab.explanation.digit == 7)
    window.select_tab("draw")
    n = tab.refresh_count
    draw(qtbot, window.draw_tab.canvas, [densify([(0.45, 0.5), (0.65, 0.5)], 0.02)])
    qtbot.waitUntil(lambda: window.draw_tab.prediction is not None and not window.draw_tab._timer.isActive())
    assert tab.refresh_count == n  # hidden: nothing computed
    with qtbot.waitSignal(tab.refreshed, timeout=5000):
        window.select_tab("inside")
    assert tab.refresh_count == n + 1
    assert len(tab.canvas.drawing.strokes) == 3


def test_any_image_can_be_shown_and_drawing_brings_the_drawing_back(qtbot, tab, window, mnist_small):
    seven = mnist_small.test_images[0].numpy()
    with qtbot.waitSignal(tab.refreshed, timeout=5000):
        window.show_inside(seven, "MNIST test image 0")
    assert window.current_tab_name() == "inside" and not tab.showing_drawing()
    assert tab.input_panel.banner.isVisible() and "MNIST test image 0" in tab.input_panel.banner_label.text()
    assert tab.explanation.digit == 7
    np.testing.assert_allclose(tab.input_panel.input_image.values, seven / 255.0, atol=1e-6)
    assert not tab.canvas.has_overlay()  # the heat map belongs to the image, not to the canvas
    _draw_digit(qtbot, tab, 1)
    assert tab.showing_drawing() and not tab.input_panel.banner.isVisible()


def test_screenshots_of_every_page(qtbot, tab, window, tmp_path, mnist_dir, monkeypatch):
    monkeypatch.setattr(digit_map, "EMBEDDING_SIZE", 1000)
    tab.set_mnist_folder(mnist_dir)
    _draw_digit(qtbot, tab, 5)
    # the tab itself fits a 1024x700 window (menu, tab bar and status bar take about 90 pixels)
    assert tab.minimumSizeHint().width() <= 1024 and tab.minimumSizeHint().height() <= 700 - 90
    for size in ((1280, 800), (1024, 700)):
        window.resize(*size)
        for name, _title in inside_module.PAGES:
            if name == "embedding" and tab.embedding is None:
                with qtbot.waitSignal(tab.embedding_finished, timeout=60000):
                    tab.select_page(name)
            else:
                tab.select_page(name)
            qtbot.waitUntil(lambda: not tab.refresh_pending() and tab.current_page() == name)
            tab.refresh_now()
            shot = _grab(window, tmp_path, f"inside_{name}_{size[0]}x{size[1]}")
            assert len(np.unique(shot.reshape(-1, 3)[::37], axis=0)) > 50  # not a blank page


def test_the_screenshot_command_shows_the_inside_tab_for_a_drawing(tmp_path, model_path):
    strokes = tmp_path / "seven.json"
    strokes.write_text(json.dumps([{"strokes": [[[0.3, 0.22], [0.7, 0.22], [0.45, 0.8]]], "label": 7}]))
    out = tmp_path / "inside.png"
    env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
    env.update({"XDG_CONFIG_HOME": str(tmp_path / "c"), "XDG_DATA_HOME": str(tmp_path / "d"),
                "XDG_CACHE_HOME": str(tmp_path / "k")})
    code = "import sys; from mnistgui.cli import main; raise SystemExit(main(sys.argv[1:]))"
    p = subprocess.run([sys.executable, "-c", code, "--model", str(model_path), "--screenshot", str(out),
                        "--tab", "inside", "--strokes", str(strokes), "--size", "1280x800"],
                       env=env, capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stderr
    from PIL import Image

    with Image.open(out) as im:
        shot = np.asarray(im.convert("RGB")).astype(int)
    if SHOTS:
        shutil.copy(out, os.path.join(SHOTS, "cli_inside_1280x800.png"))
    assert shot.shape[:2] == (800, 1280)
    # the left column holds the replayed 7 (dark ink on the sheet) ...
    left = shot[100:470, 20:350]
    assert (left.sum(2) < 150).sum() > 500
    # ... and the layers page its maps (orange and blue tiles)
    maps = shot[140:420, 370:1270]
    orange = (maps[..., 0] > 180) & (maps[..., 1] > 80) & (maps[..., 1] < 190) & (maps[..., 2] < 90)
    blue = (maps[..., 2] > 170) & (maps[..., 0] < 120)
    assert orange.sum() > 500 and blue.sum() > 500


def _whole(label) -> bool:
    """A word-wrapped label is as tall as its text wraps to at its width."""
    return label.height() >= label.heightForWidth(label.width())


def _at_smallest_size(qtbot, window, page: str):
    """The window at the smallest size that shows the Inside tab without scrolling, on ``page``."""
    window.resize(1024, 640)
    tab = window.inside_tab
    tab.select_page(page)
    host = window._hosts["inside"]
    qtbot.waitUntil(lambda: window.width() == 1024 and tab.width() <= host.viewport().width()
                    and not tab.refresh_pending())
    return host


def test_saliency_captions_never_run_under_their_images_at_the_smallest_size(qtbot, tab, window):
    _draw_digit(qtbot, tab, 5)
    host = _at_smallest_size(qtbot, window, "saliency")
    cards = list(tab.saliency_page.cards.values())

    def laid_out():
        return all(_whole(c.caption) and c.caption.y() >= c.pane.y() + c.pane.height()  # under the image
                   and c.caption.y() + c.caption.height() <= c.contentsRect().bottom()  # inside the card
                   and c.pane.height() >= c.pane.minimumHeight() for c in cards)

    qtbot.waitUntil(laid_out)
    QApplication.processEvents()
    assert laid_out()
    assert host.verticalScrollBar().maximum() == 0  # and all of it fits the window


@pytest.mark.parametrize("size", [(1024, 640), (1400, 900)])
def test_the_three_saliency_images_line_up(qtbot, tab, window, size):
    _draw_digit(qtbot, tab, 2)
    window.resize(*size)
    tab.select_page("saliency")
    page = tab.saliency_page
    panes = [c.pane for c in page.cards.values()]

    def tops_and_heights():
        return {(p.mapTo(page, p.rect().topLeft()).y(), p.height()) for p in panes}

    qtbot.waitUntil(lambda: window.width() == size[0] and not tab.refresh_pending())
    qtbot.waitUntil(lambda: len(tops_and_heights()) == 1)  # one top, one height for all three
    captions = [c.caption for c in page.cards.values()]
    assert len({c.height() for c in captions}) == 1 and all(_whole(c) for c in captions)


def test_the_enlarged_maps_caption_drops_its_size_where_it_does_not_fit(qtbot, tab, window):
    _draw_digit(qtbot, tab, 3)
    tab.select_page("layers")
    card = tab.feature_page.cards["conv1"]
    view = card.view
    r = view.tile_rect(2)
    pos = _view_pos(view, r.x() + 5.5, r.y() + 5.5)
    _mouse(view, QEvent.Type.MouseButtonPress, pos, Qt.MouseButton.LeftButton)
    caption = tab.input_panel.detail_caption
    assert caption.text() == "conv1 · map 2 · 26×26"
    window.resize(1400, 900)
    qtbot.waitUntil(lambda: caption.shown_text() == "conv1 · map 2 · 26×26")
    window.resize(800, 600)  # the input panel is at its narrowest
    qtbot.waitUntil(lambda: caption.shown_text() == "conv1 · map 2")
    assert caption.fontMetrics().horizontalAdvance(caption.shown_text()) <= caption.width()


def test_robustness_axes_are_the_sweeps_before_anything_is_drawn(qtbot, tab):
    from mnistgui.core.explain import probe_values

    tab.select_page("robustness")
    page = tab.robustness_page
    qtbot.waitUntil(lambda: not tab.refresh_pending() and "Draw a digit" in page.status.text())
    for kind, plot in page.plots.items():
        vals = probe_values(kind)
        (x0, x1), (y0, y1) = plot.viewRange()
        span = vals.max() - vals.min()
        assert vals.min() - 0.1 * span <= x0 <= vals.min() and vals.max() <= x1 <= vals.max() + 0.1 * span, kind
        assert y0 <= 0.0 and 1.0 <= y1 <= 1.1
        assert plot.getAxis("bottom").autoSIPrefixScale == 1.0  # no "(x0.001)" on an empty axis
        assert plot.getAxis("bottom").labelString().count("x0") == 0


def test_the_robustness_summary_shows_whole_at_the_smallest_size(qtbot, tab, window):
    from PySide6.QtGui import QTextDocument

    _draw_digit(qtbot, tab, 5)
    _at_smallest_size(qtbot, window, "robustness")
    page = tab.robustness_page
    qtbot.waitUntil(lambda: len(page.last) == 4 and "Still read as" in page.status.text())
    status = page.status

    def whole():
        doc = QTextDocument()
        doc.setDocumentMargin(0)
        doc.setDefaultFont(status.font())
        doc.setHtml(status.text())
        doc.setTextWidth(status.contentsRect().width())
        card = status.parentWidget()
        return (status.contentsRect().height() >= doc.size().height()
                and status.mapTo(card, status.rect().bottomLeft()).y() <= card.contentsRect().bottom())

    qtbot.waitUntil(whole)
    QApplication.processEvents()
    assert whole()
    # and the same for a summary that wraps to more lines than it did when the window opened
    status.setText(status.text() + " " + status.text())
    qtbot.waitUntil(whole)
