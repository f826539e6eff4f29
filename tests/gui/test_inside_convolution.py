"""The Inside tab's Convolution and Summary pages."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from PySide6.QtCore import QPointF, Qt

from mnistgui.core.preprocess import to_model_input


@pytest.fixture
def tab(qtbot, predictor):
    from mnistgui.gui.inside.tab import InsideTab

    t = InsideTab(predictor)
    qtbot.addWidget(t)
    t.resize(1100, 700)
    t.show()
    qtbot.waitExposed(t)
    return t


def _four() -> np.ndarray:
    img = np.zeros((28, 28), np.float32)
    img[4:16, 8:11] = 1.0
    img[14:17, 8:20] = 1.0
    img[4:24, 17:20] = 1.0
    return img


def _outputs(predictor, img):
    with torch.inference_mode():
        _l, acts = predictor.model.forward_with_activations(to_model_input(img[None], predictor.preprocess))
    return acts


def test_the_convolution_page_works_out_the_strongest_unit_and_a_clicked_one(qtbot, tab, predictor):
    img = _four()
    tab.show_image(img, "a four")
    tab.select_page("convolution")
    qtbot.waitUntil(lambda: not tab.refresh_pending() and tab.conv_page.workings is not None)
    page = tab.conv_page
    w = page.workings
    acts = _outputs(predictor, img)
    assert w.layer == "conv1"
    m = acts["conv1"][0, w.channel].numpy()
    assert (w.y, w.x) == np.unravel_index(int(np.argmax(m)), m.shape)  # the map's strongest unit at first
    assert w.value == pytest.approx(float(m[w.y, w.x]), abs=1e-4)
    # the three grids show the patch, the kernel and their products, number by number
    assert page.patch.cells[1][1].text() == f"{w.conv.patch[0, 1, 1]:+.2f}".replace("-", "−")
    assert page.products.cells[2][0].text() == f"{w.conv.products[0, 2, 0]:+.2f}".replace("-", "−")
    assert "No bias" in page.sum_label.text() and "✓ the same" in page.steps_label.text()

    # a unit after pooling, batch norm and ReLU, picked on the page's own map
    page.layer_combo.setCurrentText("relu1")
    page.map_spin.setValue(4)
    view = page.map_view
    pos = QPointF(view.mapFromScene(view.vb.mapViewToScene(QPointF(7.5, 9.5))))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos.toPoint())
    w = page.workings
    assert (w.layer, w.channel, w.y, w.x) == ("relu1", 4, 9, 7)
    assert [s.kind for s in w.steps] == ["pool", "norm", "relu"]
    assert w.value == pytest.approx(float(acts["relu1"][0, 4, 9, 7]), abs=1e-4)
    text = page.steps_label.text()
    assert "batch norm, shown as its own step" in text and "max pooling" in text and "ReLU" in text


def test_a_unit_clicked_on_the_layers_page_is_worked_out_and_conv2_sums_its_input_maps(qtbot, tab, predictor):
    img = _four()
    tab.show_image(img)
    tab.refresh_now()
    tab._on_feature_page_map_clicked("conv2", 7, 3, 5)  # as a click on a unit of the Layers page
    tab.select_page("convolution")
    qtbot.waitUntil(lambda: not tab.refresh_pending())
    page = tab.conv_page
    w = page.workings
    assert (w.layer, w.channel, w.y, w.x) == ("conv2", 7, 3, 5)
    assert w.conv.patch.shape == (32, 3, 3) and page.channel_spin.isVisible()
    assert "over all 32 input maps" in page.sum_label.text()
    page.channel_spin.setValue(3)  # another input map's patch and kernel, the same sum
    assert page.kernel.cells[0][0].text() == f"{w.conv.kernel[3, 0, 0]:+.2f}".replace("-", "−")
    assert w.value == pytest.approx(float(_outputs(predictor, img)["conv2"][0, 7, 3, 5]), abs=1e-4)


def test_the_page_waits_for_a_drawing(qtbot, tab):
    tab.select_page("convolution")
    tab.refresh_now()
    assert tab.conv_page.workings is None and "Draw a digit" in tab.conv_page.sum_label.text()
    tab.show_image(_four())
    tab.refresh_now()
    assert tab.conv_page.workings is not None


def test_the_summary_page_lists_every_layer_and_the_total(qtbot, tab, predictor):
    tab.select_page("summary")
    page = tab.summary_page
    s = page.summary
    assert s is not None and page.table.rowCount() == len(s.layers) + 2
    assert page.table.item(0, 0).text() == "input"
    last = page.table.rowCount() - 1
    from mnistgui.gui import i18n

    assert page.table.item(last, 0).text() == "Total" and page.table.item(last, 3).text() == i18n.integer(s.parameters)
    assert s.parameters == sum(p.numel() for p in predictor.model.parameters())
    assert f"{i18n.integer(s.parameters)} parameters" in page.title.text()
