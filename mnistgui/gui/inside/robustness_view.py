"""The Inside tab's robustness probe: how the reading holds up as the drawing is transformed.

The current 28x28 input is shifted, rotated, scaled and thickened or thinned step by step, and
each digit's probability is plotted along each sweep. The transformed images go to the network
as they are (no new preprocessing), which shows what the network itself tolerates.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QRectF, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from mnistgui.core.explain import PROBES, probe_images, probe_values
from mnistgui.gui import i18n
from mnistgui.gui.widgets import style
from mnistgui.gui.inside.embedding_view import digit_legend
from mnistgui.gui.inside.views import DIGIT_COLORS, GRAY_LUT, small_font
from mnistgui.gui.widgets.controls import FlexLabel, make_card

#: transformed inputs shown under each probe's curves
THUMBNAILS = 5

#: (title, x-axis label, value of "unchanged") per probe
PROBE_AXES = {
    "shift": (QT_TRANSLATE_NOOP("Robustness", "Shift sideways"), QT_TRANSLATE_NOOP("Robustness", "pixels (of 28)"), 0.0),
    "rotation": (QT_TRANSLATE_NOOP("Robustness", "Rotation"), QT_TRANSLATE_NOOP("Robustness", "degrees"), 0.0),
    "scale": (QT_TRANSLATE_NOOP("Robustness", "Scale"), QT_TRANSLATE_NOOP("Robustness", "times the size"), 1.0),
    "thickness": (QT_TRANSLATE_NOOP("Robustness", "Stroke thickness"),
                  QT_TRANSLATE_NOOP("Robustness", "pixels of width added"), 0.0),
}


class RobustnessPage(QWidget):
    """Four small plots, one per transformation, ten curves each (made once)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        card = QFrame()
        intro = QLabel(self.tr("Your drawing, transformed step by step and read again: each line is one digit's probability. Flat lines mean the network does not mind the change; where the lines cross, it starts to read another digit. The dashed line marks your drawing as it is."))
        intro.setObjectName("Muted")
        intro.setWordWrap(True)
        intro.setFont(small_font(self.font(), -1))
        # the summary of the sweeps, as tall as it wraps to (it changes only when a probe is done)
        self.status = FlexLabel("", lines=2)
        self.status.setTextFormat(Qt.TextFormat.RichText)
        self.waiting_label = QLabel(self.tr("Drawing… the probe reads your drawing 84 times, so it runs again when you lift the pen."))
        self.waiting_label.setObjectName("Faint")
        self.waiting_label.hide()
        self._waiting = False
        self.layout_widget = pg.GraphicsLayoutWidget()
        self.layout_widget.setBackground(style.CARD)
        self.layout_widget.ci.setSpacing(14)
        self.plots: dict[str, pg.PlotItem] = {}
        self.curves: dict[str, list[pg.PlotDataItem]] = {}
        #: per probe, the thumbnails of the transformed input (image, value label)
        self.strips: dict[str, list[tuple[pg.ImageItem, pg.TextItem]]] = {}
        self.shown_image: np.ndarray | None = None
        for i, kind in enumerate(PROBES):
            title, xlabel, ident = PROBE_AXES[kind]
            title, xlabel = QCoreApplication.translate("Robustness", title), QCoreApplication.translate("Robustness", xlabel)
            p = self.layout_widget.addPlot(row=2 * (i // 2), col=i % 2)
            p.setMenuEnabled(False)
            p.hideButtons()
            p.setMouseEnabled(x=False, y=False)
            p.setTitle(self.tr("<span style='color:{0}'><b>{1}</b></span>").format(style.TEXT, title), size="10pt")
            p.setLabel("bottom", xlabel, color=style.MUTED)
            # the sweep's own range and 0-100%, drawn or not: no axis of its own making when empty
            vals = probe_values(kind)
            p.setXRange(float(vals.min()), float(vals.max()), padding=0.02)
            p.setYRange(-0.03, 1.05, padding=0)
            for name in ("bottom", "left"):
                ax = p.getAxis(name)
                ax.setPen(pg.mkPen(style.BORDER))
                ax.setTextPen(pg.mkPen(style.FAINT))
                ax.setTickFont(small_font(self.font(), -2))
                ax.enableAutoSIPrefix(False)
            p.getAxis("left").setTicks([[(0.0, "0%"), (0.5, "50%"), (1.0, "100%")], []])
            p.getAxis("left").setWidth(40)
            # the 50% line drawn as a line, not as the axis's grid: an axis with a grid drops the
            # labels that reach past the plot's edges, here 0% and 100%
            p.addItem(pg.InfiniteLine(pos=0.5, angle=0, pen=pg.mkPen(QColor(0, 0, 0, 30), width=1)))
            line = pg.InfiniteLine(pos=ident, angle=90, pen=pg.mkPen(QColor(0, 0, 0, 110), width=1,
                                                                       style=Qt.PenStyle.DashLine))
            p.addItem(line)
            self.curves[kind] = [p.plot([], [], pen=pg.mkPen(DIGIT_COLORS[d], width=1.5)) for d in range(10)]
            self.plots[kind] = p
            # under the curves: the input as the network reads it at a few of the values
            strip = self.layout_widget.addViewBox(row=2 * (i // 2) + 1, col=i % 2, lockAspect=True,
                                                  invertY=True, enableMouse=False, enableMenu=False)
            strip.setMaximumHeight(54)
            strip.setMinimumHeight(34)
            items = []
            for k in range(THUMBNAILS):
                item = pg.ImageItem(axisOrder="row-major")
                strip.addItem(item)
                label = pg.TextItem("", color=style.MUTED, anchor=(0.5, 0))
                label.setFont(small_font(self.font(), -2))
                label.setPos(k * 34 + 14, 29)
                strip.addItem(label)
                items.append((item, label))
            strip.setRange(QRectF(-2, -1, THUMBNAILS * 34, 42), padding=0)
            self.strips[kind] = items
        self._emphasised: int | None = None
        self.last: dict[str, tuple[np.ndarray, np.ndarray]] = {}

        lay = make_card(card, (12, 10, 12, 10), 6)
        lay.addWidget(intro)
        lay.addWidget(digit_legend(self.font(), self.tr("Digits")))
        lay.addWidget(self.layout_widget, 1)
        lay.addWidget(self.status)
        lay.addWidget(self.waiting_label)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 8, 6, 6)
        outer.addWidget(card)

    def show_images(self, image28: np.ndarray | None) -> None:
        """The input transformed by each probe at a few of its values, as the network reads it."""
        for kind, items in self.strips.items():
            vals = probe_values(kind, THUMBNAILS)
            imgs = probe_images(image28, kind, vals) if image28 is not None else None
            for k, (item, label) in enumerate(items):
                if imgs is None:
                    item.clear()
                    label.setText("")
                    continue
                item.setImage(imgs[k], autoLevels=False, levels=(0.0, 1.0), lut=GRAY_LUT)
                item.setRect(QRectF(k * 34, 0, 28, 28))  # after setImage: the rect scales by the image's size
                label.setText(_value_text(kind, float(vals[k])))
        self.shown_image = image28

    def show_probes(self, probes: dict[str, tuple[np.ndarray, np.ndarray]], digit: int | None,
                    image28: np.ndarray | None = None) -> None:
        """``probes``: per kind, (values (n,), probabilities (n, 10)); ``digit``: the reading;
        ``image28``: the input probed (its transformed versions are shown under the curves)."""
        self.last = probes
        self.show_images(image28 if probes else None)
        if digit != self._emphasised:
            self._emphasised = digit
            for kind in PROBES:
                for d, c in enumerate(self.curves[kind]):
                    c.setPen(pg.mkPen(DIGIT_COLORS[d], width=3.2 if d == digit else 1.3))
                    c.setZValue(5 if d == digit else 0)
        for kind, (vals, probs) in probes.items():
            for d, c in enumerate(self.curves[kind]):
                c.setData(vals, probs[:, d])
        if not probes:
            for kind in PROBES:
                for c in self.curves[kind]:
                    c.setData([], [])
        self.status.setText(self._summary(probes, digit))

    def set_waiting(self, waiting: bool) -> None:
        """Say whether the plots are for the drawing as it was before the stroke under way."""
        if waiting == self._waiting:
            return
        self._waiting = waiting
        self.waiting_label.setVisible(waiting)

    @staticmethod
    def _summary(probes: dict[str, tuple[np.ndarray, np.ndarray]], digit: int | None) -> str:
        if not probes or digit is None:
            return "<span style='color:{0}'>{1}</span>".format(
                style.MUTED, QCoreApplication.translate("Robustness", "Draw a digit to probe it."))
        parts = []
        for kind, (vals, probs) in probes.items():
            keep = probs.argmax(1) == digit
            title, _xlabel, ident = PROBE_AXES[kind]
            title = QCoreApplication.translate("Robustness", title)
            i0 = int(np.argmin(np.abs(vals - ident)))
            if not keep[i0]:
                continue
            lo = hi = i0
            while lo > 0 and keep[lo - 1]:
                lo -= 1
            while hi < len(vals) - 1 and keep[hi + 1]:
                hi += 1
            unit = {"shift": " px", "rotation": "°", "scale": "×", "thickness": " px"}[kind]

            def fmt(v: float) -> str:
                if kind in ("shift", "rotation"):
                    return i18n.signed(v, 0)
                return i18n.number(v, 2) if kind == "scale" else i18n.signed(v, 1)

            parts.append(QCoreApplication.translate("Robustness", "{0} {1} to {2}{3}").format(
                title.lower(), fmt(vals[lo]), fmt(vals[hi]), unit))
        if not parts:
            return QCoreApplication.translate("Robustness", "Still read as <b>{0}</b>: nowhere along these sweeps.").format(digit)
        return QCoreApplication.translate("Robustness", "Still read as <b>{0}</b> for {1}.").format(
            digit, QCoreApplication.translate("Robustness", "; ").join(parts))


def _value_text(kind: str, v: float) -> str:
    """A probe's value under its thumbnail: "−6 px", "+30°", "1.5×"."""
    if kind == "scale":
        return f"{v:.2g}×"
    unit = "°" if kind == "rotation" else " px"
    return i18n.signed(v, 0 if kind != "thickness" else 1) + unit
