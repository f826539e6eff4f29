"""The Inside tab's weights page: convolution kernels as images, and each layer's weights.

The first convolution's kernels are shown as they are (one input channel). A deeper layer has
one kernel per output map *and* input map, so it is shown one input map at a time, chosen with
the spin box. Below, a histogram of every layer's weights. Everything is redrawn only when the
model's weights change.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from mnistgui.core.explain import kernels, weight_histograms
from mnistgui.core.model import DigitCNN
from mnistgui.gui.widgets import style
from mnistgui.gui.inside.views import NEGATIVE, POSITIVE, LiveText, MosaicView, signed_scale, small_font
from mnistgui.gui.widgets.controls import make_card


class HistogramPlot(pg.PlotWidget):
    """One layer's weight histogram, drawn as a filled step curve (created once)."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent, background=style.CARD)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        item = self.getPlotItem()
        item.setMenuEnabled(False)
        item.hideButtons()
        item.setMouseEnabled(x=False, y=False)
        item.setTitle(f"<span style='color:{style.TEXT}'>{title}</span>", size="9pt")
        for name in ("bottom", "left"):
            ax = item.getAxis(name)
            ax.setPen(pg.mkPen(style.BORDER))
            ax.setTextPen(pg.mkPen(style.FAINT))
            ax.setTickFont(small_font(self.font(), -2))
            ax.setStyle(tickLength=-3)
        item.getAxis("left").setWidth(36)
        self.curve = pg.PlotDataItem(stepMode="center", fillLevel=0.0, pen=pg.mkPen(style.ACCENT, width=1.2),
                                     brush=pg.mkBrush(QColor(47, 111, 237, 70)))
        item.addItem(self.curve)
        dashed = pg.mkPen(QColor(0, 0, 0, 70), style=Qt.PenStyle.DashLine)
        zero = pg.InfiniteLine(pos=0.0, angle=90, pen=dashed)
        item.addItem(zero)
        self.setFixedHeight(170)

    def wheelEvent(self, ev) -> None:  # noqa: N802 - Qt's name
        ev.ignore()


class KernelsPage(QWidget):
    """Kernels of a chosen conv layer (per input map for deeper layers) and weight histograms."""

    #: (layer, input channel) now shown
    shown = Signal(str, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._model: DigitCNN | None = None
        self._weights: dict[str, np.ndarray] = {}
        self.values = np.zeros((1, 3, 3), np.float32)
        self.histograms: dict[str, HistogramPlot] = {}
        self._hist_key: tuple | None = None

        self.layer_combo = QComboBox()
        self.layer_combo.setAccessibleName(self.tr("Convolution layer"))
        self.layer_combo.currentIndexChanged.connect(self._on_layer_combo_current_index_changed)
        self.channel_spin = QSpinBox()
        self.channel_spin.setAccessibleName(self.tr("Input map"))
        self.channel_spin.setToolTip(self.tr("A deeper layer has one kernel per input map: pick which input map"))
        self.channel_spin.valueChanged.connect(self._on_channel_spin_value_changed)
        self.channel_label = QLabel(self.tr("reading input map"))
        self.channel_label.setObjectName("Muted")
        layer_label = QLabel(self.tr("Layer"))
        layer_label.setObjectName("Muted")
        layer_label.setBuddy(self.layer_combo)
        bar = QHBoxLayout()
        bar.setContentsMargins(2, 0, 2, 0)
        bar.setSpacing(6)
        bar.addWidget(layer_label)
        bar.addWidget(self.layer_combo)
        bar.addSpacing(10)
        bar.addWidget(self.channel_label)
        bar.addWidget(self.channel_spin)
        bar.addStretch(1)

        card = QFrame()
        self.title = QLabel("")
        self.title.setTextFormat(Qt.TextFormat.RichText)
        self.caption = QLabel("")
        self.caption.setObjectName("Muted")
        self.caption.setWordWrap(True)
        self.caption.setFont(small_font(self.font(), -1))
        self.mosaic = MosaicView()
        self.mosaic.setMaximumHeight(210)  # small kernels would otherwise grow huge
        self.mosaic.setToolTip(self.tr("Hover a kernel to read its weights"))
        self.mosaic.hovered.connect(self._on_mosaic_hovered)
        self.value_label = LiveText(1, style.FAINT, -1)
        cl = make_card(card, (12, 9, 12, 8), 4)
        cl.addWidget(self.title)
        cl.addWidget(self.caption)
        cl.addWidget(self.mosaic)
        cl.addWidget(self.value_label)

        hist_card = QFrame()
        hist_title = QLabel(self.tr("<b>Weights of each layer</b>"))
        hist_title.setTextFormat(Qt.TextFormat.RichText)
        hist_caption = QLabel(self.tr("How many weights take each value. Training spreads them out from their small random start; most stay near zero."))
        hist_caption.setObjectName("Muted")
        hist_caption.setWordWrap(True)
        hist_caption.setFont(small_font(self.font(), -1))
        self._hist_row = QHBoxLayout()
        self._hist_row.setSpacing(6)
        hl = make_card(hist_card, (12, 9, 12, 10), 4)
        hl.addWidget(hist_title)
        hl.addWidget(hist_caption)
        hl.addLayout(self._hist_row)

        host = QWidget()
        host.setObjectName("InsidePage")
        inner = QVBoxLayout(host)
        inner.setContentsMargins(0, 0, 6, 6)
        inner.setSpacing(10)
        inner.addWidget(card)
        inner.addWidget(hist_card)
        inner.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(host)

        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 8, 0, 0)
        lay.setSpacing(8)
        lay.addLayout(bar)
        lay.addWidget(scroll, 1)

    # ------------------------------------------------------------------------------------------

    @property
    def layer(self) -> str:
        return self.layer_combo.currentText()

    @property
    def channel(self) -> int:
        return self.channel_spin.value()

    def set_model(self, model: DigitCNN) -> None:
        """Read the model's weights (call again when they change)."""
        self._model = model
        names = list(model.conv_layers())
        self._weights = {n: kernels(model, n) for n in names}
        current = self.layer_combo.currentText()
        if [self.layer_combo.itemText(i) for i in range(self.layer_combo.count())] != names:
            self.layer_combo.blockSignals(True)
            self.layer_combo.clear()
            self.layer_combo.addItems(names)
            self.layer_combo.setCurrentIndex(max(0, names.index(current)) if current in names else 0)
            self.layer_combo.blockSignals(False)
        self._show_kernels()
        self._show_histograms(model)

    def show_layer(self, layer: str, channel: int = 0) -> None:
        i = self.layer_combo.findText(layer)
        if i < 0:
            raise ValueError(f"no convolution layer named {layer!r}")
        self.layer_combo.setCurrentIndex(i)
        self.channel_spin.setValue(channel)
        self._show_kernels()

    def _show_kernels(self) -> None:
        w = self._weights.get(self.layer)
        if w is None:
            return
        out_c, in_c, kh, kw = w.shape
        self.channel_spin.blockSignals(True)
        self.channel_spin.setRange(0, in_c - 1)
        self.channel_spin.blockSignals(False)
        deep = in_c > 1
        self.channel_spin.setVisible(deep)
        self.channel_label.setVisible(deep)
        ch = min(self.channel_spin.value(), in_c - 1)
        self.values = w[:, ch]
        # one colour range for the whole layer, so kernels compare
        self.mosaic.set_maps(signed_scale(w, per_map=False)[:, ch])
        size = f"{kh}×{kw}"
        reading = self.tr(" reading input map {0} of {1}").format(ch, in_c) if deep else ""
        self.title.setText(self.tr("<b>{0}</b>&nbsp;&nbsp;<span style='color:{1}'>{2} kernels of {3}{4}</span>").format(self.layer, style.MUTED, out_c, size, reading))
        if deep:
            self.caption.setText(
                self.tr("Each of the {0} maps of {1} adds up {2} kernels, one per map it reads. These are the ones applied to input map {3}: orange weights reward brightness there, blue ones penalise it.").format(out_c, self.layer, in_c, ch)
            )
        else:
            self.caption.setText(
                self.tr("Each kernel is a {0} pattern slid over the image: orange weights reward ink, blue ones penalise it. Many are edge and stroke detectors.").format(size)
            )
        self.shown.emit(self.layer, ch)

    def _show_histograms(self, model: DigitCNN) -> None:
        hists = weight_histograms(model, bins=50)
        key = tuple(hists)
        if key != self._hist_key:
            self._hist_key = key
            for plot in self.histograms.values():
                self._hist_row.removeWidget(plot)
                plot.deleteLater()
            self.histograms = {}
            for name in hists:
                plot = HistogramPlot(name)
                self._hist_row.addWidget(plot, 1)
                self.histograms[name] = plot
        for name, (counts, edges) in hists.items():
            plot = self.histograms[name]
            plot.curve.setData(edges, counts.astype(float))
            plot.getPlotItem().setYRange(0.0, float(counts.max()) * 1.08, padding=0)
            plot.getPlotItem().setXRange(float(edges[0]), float(edges[-1]), padding=0.02)
            n = int(counts.sum())
            plot.setToolTip(self.tr("{0}: {1:,} weights from {2:+.3f} to {3:+.3f}").format(name, n, edges[0], edges[-1]))

    def histogram_names(self) -> Sequence[str]:
        return list(self.histograms)

    # ------------------------------------------------------------------------------------------

    @Slot(int)
    def _on_layer_combo_current_index_changed(self, _i: int) -> None:
        self.channel_spin.setValue(0)
        self._show_kernels()

    @Slot(int)
    def _on_channel_spin_value_changed(self, _v: int) -> None:
        self._show_kernels()

    @Slot(float, float)
    def _on_mosaic_hovered(self, x: float, y: float) -> None:
        hit = self.mosaic.tile_at(x, y)
        if hit is None:
            self.value_label.setText("")
            return
        k, yy, xx = hit
        v = float(self.values[k, yy, xx])
        colour = POSITIVE if v >= 0 else NEGATIVE
        self.value_label.setText(self.tr("kernel {0}  ·  row {1}, column {2}  ·  <span style='color:{3}'>weight {4:+.4f}</span>").format(k, yy, xx, colour, v))
