"""The live reading: the top digit large and the runner-up, or, when the model is unsure, its two
best digits as equals and the question which one it is (:mod:`~mnistgui.gui.draw.question`); and
ten bars.

The plot items are created once; each prediction only updates them (``setOpts`` / ``setText``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt, Signal, Slot
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSizePolicy, QStackedWidget, QVBoxLayout, QWidget

from mnistgui.gui import i18n
from mnistgui.gui.draw.question import UnsureBadge, UnsureQuestion
from mnistgui.gui.widgets import style
from mnistgui.gui.widgets.controls import make_card

if TYPE_CHECKING:  # the predictor's module loads torch, which the window opens without
    from mnistgui.core.predict import Prediction

_BAR_TOP = QColor(style.ACCENT)
_BAR_SECOND = QColor(style.ACCENT_SOFT)
_BAR_REST = QColor(style.BAR)
_BAR_UNSURE = QColor(style.UNSURE)


class BarLabels(pg.GraphicsObject):
    """The percentage above each bar, painted as plain text in one item.

    (Ten ``pg.TextItem`` would each lay out a text document on every paint: most of a reading's
    drawing time. This item paints ten short strings in screen pixels.)
    """

    def __init__(self, font: QFont) -> None:
        super().__init__()
        self._font = font
        self._fm = QFontMetrics(font)
        self._texts = [""] * 10
        self._ys = np.zeros(10)
        self._color = QColor(style.MUTED)
        self._top = 1.2

    def set_values(self, probs: np.ndarray | None) -> None:
        texts = [""] * 10 if probs is None else [i18n.percent(p, 0) if p >= 0.005 else "" for p in probs]
        ys = np.zeros(10) if probs is None else np.asarray(probs, dtype=float)
        if texts != self._texts or not np.allclose(ys, self._ys, atol=1e-3):
            self._texts, self._ys = texts, ys
            self.update()

    def texts(self) -> list[str]:
        return list(self._texts)

    def text_height(self) -> int:
        return self._fm.height()

    def set_top(self, top: float) -> None:
        """The chart's top, in probability: the figures are painted up to it."""
        if top != self._top:
            self.prepareGeometryChange()
            self._top = top

    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt's name
        return QRectF(-0.6, 0.0, 10.2, self._top)

    def paint(self, p: QPainter, *_args) -> None:
        to_device = p.transform()  # the item's coordinates to the view's pixels
        p.save()
        p.resetTransform()
        p.setFont(self._font)
        p.setPen(self._color)
        gap = 3
        for i, (text, y) in enumerate(zip(self._texts, self._ys)):
            if text:
                pt = to_device.map(QPointF(i, y))
                w = self._fm.horizontalAdvance(text)
                p.drawText(QPointF(pt.x() - w / 2.0, pt.y() - gap - self._fm.descent()), text)
        p.restore()


class ProbabilityChart(pg.PlotWidget):
    """Ten bars, one per digit, 0..100%."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, background=style.CARD)
        self.setObjectName("ProbabilityChart")
        self.setMinimumHeight(100)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setAccessibleName(self.tr("Probability of each digit"))
        self.setAntialiasing(False)  # upright bars and straight lines: crisp without it, and cheaper
        item = self.getPlotItem()
        item.setMenuEnabled(False)
        item.hideButtons()
        item.setMouseEnabled(x=False, y=False)
        vb = item.getViewBox()
        vb.setDefaultPadding(0.0)
        item.setXRange(-0.6, 9.6, padding=0)
        item.setYRange(0.0, 1.18, padding=0)
        axis_pen = pg.mkPen(style.BORDER)
        text_pen = pg.mkPen(style.MUTED)
        bottom = item.getAxis("bottom")
        bottom.setTicks([[(i, str(i)) for i in range(10)], []])
        bottom.setPen(axis_pen)
        bottom.setTextPen(text_pen)
        bottom.setStyle(tickLength=0, tickTextOffset=6)
        tick_font = QFont(self.font())
        tick_font.setPointSizeF(tick_font.pointSizeF() + 1)
        tick_font.setWeight(QFont.Weight.DemiBold)
        bottom.setTickFont(tick_font)
        item.hideAxis("left")
        grid_pen = pg.mkPen(QColor(0, 0, 0, 18), width=1)
        for y in (0.25, 0.5, 0.75, 1.0):
            line = pg.InfiniteLine(pos=y, angle=0, pen=grid_pen)
            line.setZValue(-10)
            item.addItem(line)
        self._x = np.arange(10, dtype=float)
        self._heights = np.zeros(10)
        self.bars = pg.BarGraphItem(
            x=self._x, height=self._heights, width=0.68, brushes=[_BAR_REST] * 10, pen=pg.mkPen(None)
        )
        item.addItem(self.bars)
        small = QFont(self.font())
        small.setPointSizeF(max(7.0, small.pointSizeF() - 1))
        self.labels = BarLabels(small)
        item.addItem(self.labels)
        vb.sigResized.connect(self._on_view_resized)  # a short chart keeps room above a full bar

    def label_room(self) -> float:
        """The pixels kept above a full bar for its figure: the text and its gap."""
        return float(self.labels.text_height() + 5)

    @Slot()
    def _on_view_resized(self) -> None:
        h = self.getPlotItem().getViewBox().height()
        if h <= 0:
            return
        # 1.18 where the chart is tall; more where the figure over a 100% bar would not fit
        top = max(1.18, 1.0 / max(0.2, 1.0 - self.label_room() / h))
        if abs(top - self.getPlotItem().getViewBox().viewRange()[1][1]) > 1e-3:
            self.getPlotItem().setYRange(0.0, top, padding=0)
            self.labels.set_top(max(1.2, top))

    #: bumped by the panel with each reading; copied to ``painted_serial`` when the chart paints
    serial = 0
    painted_serial = -1

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().paintEvent(event)
        self.painted_serial = self.serial

    def set_probabilities(self, probs: np.ndarray | None, unsure: bool = False) -> None:
        if probs is None:
            self.bars.setOpts(height=np.zeros(10), brushes=[_BAR_REST] * 10)
            self.labels.set_values(None)
            return
        order = np.argsort(probs)
        top, second = int(order[-1]), int(order[-2])
        brushes = [_BAR_REST] * 10
        brushes[top] = _BAR_UNSURE if unsure else _BAR_TOP
        brushes[second] = _BAR_UNSURE if unsure else _BAR_SECOND  # unsure: two equal candidates
        self.bars.setOpts(height=np.asarray(probs, dtype=float), brushes=brushes)
        self.labels.set_values(probs)


class PredictionPanel(QFrame):
    """What the model reads, live."""

    #: the model was unsure and the user answered which of its two readings the drawing is
    digit_chosen = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.prediction: Prediction | None = None
        #: how many readings have been shown (tests and the latency benchmark watch it)
        self.serial = 0

        title = QLabel(self.tr("The model reads"))
        title.setObjectName("CardTitle")

        # the header: a hint when the canvas is empty, the reading when the model is sure, the
        # two candidates and the question which one it is when it is not
        self._stack = QStackedWidget()
        self._stack.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        hint = QLabel(self.tr("Draw a digit on the paper:\nthe model reads it as you write."))
        hint.setObjectName("Faint")
        hint.setFont(style.font(self.font(), 2))
        hint.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        hint.setWordWrap(True)
        self.hint_label = hint

        reading = QWidget()
        self.digit_label = QLabel("")
        self.digit_label.setFont(style.font(self.font(), weight=QFont.Weight.Bold, pixel_size=84))
        self.digit_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.digit_label.setAccessibleName(self.tr("Top digit"))
        self.confidence_label = QLabel("")
        self.confidence_label.setFont(style.font(self.font(), 7, QFont.Weight.DemiBold))
        self.runner_up_label = QLabel("")
        self.runner_up_label.setObjectName("Muted")
        self.runner_up_label.setFont(style.font(self.font(), 1))
        # Labels whose text changes with every reading get a fixed size: a fixed-size widget
        # does not ask its layouts to be redone when its text changes, so a reading repaints
        # only these labels and the chart, not the whole window.
        style.fix_size(self.digit_label, "8", pad=12)
        style.fix_size(self.confidence_label, i18n.percent(1.0))
        style.fix_size(self.runner_up_label, self.tr("next {0}  ·  {1}").format(8, i18n.percent(1.0)) + "  ")
        confidence_row = QHBoxLayout()
        confidence_row.setContentsMargins(0, 0, 0, 0)
        confidence_row.addWidget(self.confidence_label)
        confidence_row.addStretch(1)
        right = QVBoxLayout()
        right.setContentsMargins(0, 0, 0, 0)
        right.setSpacing(2)
        right.addStretch(1)
        right.addLayout(confidence_row)
        right.addWidget(self.runner_up_label)
        right.addStretch(1)
        row = QHBoxLayout(reading)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(14)
        row.addWidget(self.digit_label)
        row.addLayout(right, 1)
        self.question = UnsureQuestion()
        self.question.digit_chosen.connect(self.digit_chosen)
        #: the "unsure" badge (its tooltip states the model's threshold)
        self.unsure_label: UnsureBadge = self.question.badge
        self._stack.addWidget(hint)
        self._stack.addWidget(reading)
        self._stack.addWidget(self.question)
        self._stack.setFixedHeight(96)

        self.chart = ProbabilityChart()

        lay = make_card(self, (16, 12, 16, 10), 4)
        lay.addWidget(title)
        lay.addWidget(self._stack)
        lay.addWidget(self.chart, 1)
        self.show_prediction(None)

    def show_prediction(self, pred: Prediction | None) -> None:
        """Show a reading, or the hint when ``pred`` is None (an empty canvas)."""
        self.prediction = pred
        self.serial += 1
        self.chart.serial = self.serial
        if pred is None:
            self._stack.setCurrentIndex(0)
            self.chart.set_probabilities(None)
            self.setAccessibleDescription(self.tr("Nothing drawn"))
            return
        p = pred.probabilities
        top, second = pred.digit, pred.runner_up
        unsure = pred.unsure
        self.unsure_label.set_shown(unsure)
        if unsure:
            self.question.ask(top, float(p[top]), second, float(p[second]), pred.unsure_below)
            self._stack.setCurrentWidget(self.question)
            self.setAccessibleDescription(
                self.tr("Unsure: {0} or {1}, {2:.0f} and {3:.0f} percent; which is it?").format(top, second, p[top] * 100, p[second] * 100)
            )
        else:
            self._stack.setCurrentIndex(1)
            self.digit_label.setText(str(top))
            self.confidence_label.setText(i18n.percent(p[top]))
            self.runner_up_label.setText(self.tr("next {0}  ·  {1}").format(second, i18n.percent(p[second])))
            self.setAccessibleDescription(self.tr("Reads {0}, {1:.0f} percent; next {2}").format(top, p[top] * 100, second))
        self.chart.set_probabilities(p, unsure)

    @property
    def asking(self) -> bool:
        """The question which of two digits the drawing is, is shown (and not yet answered)."""
        return self._stack.currentWidget() is self.question and self.question.answered is None

    def show_saved(self, label: int) -> None:
        """The drawing was saved as ``label``: the question, if asked, gives way to a thank-you."""
        self.question.show_saved(label)

    def show_save_error(self, text: str) -> None:
        self.question.show_error(text)

    @property
    def painted_serial(self) -> int:
        """The serial of the last reading painted on screen. The chart changes with every
        reading and is painted last (its scene reports changes a pass later than the labels
        do), so when it is painted, so is the rest."""
        return self.chart.painted_serial
