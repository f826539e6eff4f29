"""Before and after, side by side: two models on the held-out personal samples and on MNIST.

The headline figures sit on top (held-out accuracy and MNIST test accuracy, each with its change),
then a bar chart of the held-out accuracy per digit (before in grey, after in blue) and, under it,
the same figures as a table, digits as columns like the bars above them.
"""

from __future__ import annotations

import math
import re

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QSize, Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from mnistgui.core.finetune import Comparison
from mnistgui.gui import i18n
from mnistgui.gui.widgets import style

BEFORE_COLOR = "#b8bec8"
AFTER_COLOR = style.ACCENT
GOOD = "#15803d"
BAD = "#b42318"
#: an MNIST drop larger than this (in points) is shown as a warning
MNIST_TOLERANCE = 0.3


def method_text(method: str) -> str:
    """How a comparison was measured (the core's "5-fold cross-validation"), as the interface says it."""
    m = re.fullmatch(r"(\d+)-fold cross-validation", method)
    if m:
        return QCoreApplication.translate("ComparisonView", "{0}-fold cross-validation").format(m.group(1))
    return QCoreApplication.translate("ComparisonView", "held out") if method == "held out" else method


def _pct(v: float | None, digits: int = 1) -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "–"
    return i18n.percent(v, digits)


def _change(before: float | None, after: float | None, digits: int = 1) -> tuple[str, str]:
    """('+12.5 pts', colour) for a change in accuracy."""
    if before is None or after is None or math.isnan(before) or math.isnan(after):
        return "", style.MUTED
    d = (after - before) * 100
    if abs(d) < 0.5 * 10 ** -digits:
        return QCoreApplication.translate("ComparisonView", "no change"), style.MUTED
    return QCoreApplication.translate("ComparisonView", "{0} pts").format(i18n.signed(d, digits)), GOOD if d > 0 else BAD


class _Figure(QFrame):
    """One headline: a title, 'before → after' large, and the change."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Figure")
        self.title = QLabel(title)
        self.title.setObjectName("Muted")
        self.value = QLabel("–")
        self.value.setFont(style.font(self.font(), 5, QFont.Weight.DemiBold))
        self.value.setTextFormat(Qt.TextFormat.RichText)
        self.delta = QLabel("")
        self.delta.setFont(style.font(self.font(), 0, QFont.Weight.DemiBold))
        lay = QVBoxLayout(self)
        lay.setContentsMargins(12, 6, 12, 6)
        lay.setSpacing(0)
        lay.addWidget(self.title)
        row = QHBoxLayout()
        row.setSpacing(10)
        row.addWidget(self.value)
        row.addWidget(self.delta, 0, Qt.AlignmentFlag.AlignBottom)
        row.addStretch(1)
        lay.addLayout(row)

    def show_pair(self, title: str, before: float | None, after: float | None, digits: int,
                  warn_below: float | None = None) -> None:
        self.title.setText(title)
        self.value.setText(f"<span style='color:{style.MUTED}'>{_pct(before, digits)}</span>"
                           f"<span style='color:{style.FAINT}'>  →  </span>{_pct(after, digits)}")
        text, color = _change(before, after, digits)
        if warn_below is not None and before is not None and after is not None and text:
            d = (after - before) * 100
            color = GOOD if d > 0 else (style.MUTED if d >= -warn_below else BAD)
        self.delta.setText(text)
        self.delta.setStyleSheet(f"color: {color};")


class PerDigitChart(pg.PlotWidget):
    """Held-out accuracy per digit: two bars a digit, created once and updated."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, background=style.CARD)
        self.setMinimumHeight(70)  # the page fits a 1024x640 window
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        item = self.getPlotItem()
        item.setMenuEnabled(False)
        item.hideButtons()
        item.setMouseEnabled(x=False, y=False)
        item.getViewBox().setDefaultPadding(0.0)
        item.setXRange(-0.6, 9.6, padding=0)
        item.setYRange(0, 1.08, padding=0)
        bottom = item.getAxis("bottom")
        bottom.setTicks([[(i, str(i)) for i in range(10)], []])
        bottom.setPen(pg.mkPen(style.BORDER))
        bottom.setTextPen(pg.mkPen(style.MUTED))
        bottom.setStyle(tickLength=0, tickTextOffset=5)
        left = item.getAxis("left")
        left.setTicks([[(v, f"{int(v * 100)}%") for v in (0, 0.5, 1.0)], []])
        left.setPen(pg.mkPen(style.BORDER))
        left.setTextPen(pg.mkPen(style.FAINT))
        left.setStyle(tickLength=0)
        left.setWidth(38)
        grid = pg.mkPen(QColor(0, 0, 0, 16))
        for y in (0.25, 0.5, 0.75, 1.0):
            line = pg.InfiniteLine(pos=y, angle=0, pen=grid)
            line.setZValue(-10)
            item.addItem(line)
        x = np.arange(10, dtype=float)
        self.before_bars = pg.BarGraphItem(x=x - 0.19, height=np.zeros(10), width=0.36,
                                           brush=QColor(BEFORE_COLOR), pen=pg.mkPen(None))
        self.after_bars = pg.BarGraphItem(x=x + 0.19, height=np.zeros(10), width=0.36,
                                          brush=QColor(AFTER_COLOR), pen=pg.mkPen(None))
        item.addItem(self.before_bars)
        item.addItem(self.after_bars)
        item.getViewBox().disableAutoRange()
        item.setXRange(-0.6, 9.6, padding=0)
        item.setYRange(0, 1.08, padding=0)
        small = QFont(self.font())
        small.setPointSizeF(max(7.0, small.pointSizeF() - 1.5))
        self.none_labels = []
        for i in range(10):
            t = pg.TextItem("", color=style.FAINT, anchor=(0.5, 1.0))
            t.setFont(small)
            t.setPos(i, 0.12)
            item.addItem(t)
            self.none_labels.append(t)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(480, 140)

    def set_values(self, before, after) -> None:
        b = np.array([v if v is not None else 0.0 for v in before], dtype=float)
        a = np.array([v if v is not None else 0.0 for v in after], dtype=float)
        self.before_bars.setOpts(height=b)
        self.after_bars.setOpts(height=a)
        for t, v in zip(self.none_labels, before):
            t.setText(QCoreApplication.translate("ComparisonView", "none") if v is None else "")


class ComparisonView(QWidget):
    """Two models side by side; empty until :meth:`set_comparison`."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.comparison: Comparison | None = None
        self.heldout_figure = _Figure(self.tr("Your held-out samples"))
        self.mnist_figure = _Figure(self.tr("MNIST test set"))
        figs = QHBoxLayout()
        figs.setSpacing(10)
        figs.addWidget(self.heldout_figure, 1)
        figs.addWidget(self.mnist_figure, 1)

        self.legend = QLabel()
        self.legend.setObjectName("Muted")
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.legend.setWordWrap(True)  # long model names wrap
        self.chart = PerDigitChart()

        self.table = QTableWidget(3, 11)
        self.table.setObjectName("ReportTable")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.setHorizontalHeaderLabels([self.tr("Digit")] + [str(d) for d in range(10)])
        self.table.verticalHeader().setVisible(False)
        hh = self.table.horizontalHeader()
        hh.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        hh.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.table.verticalHeader().setDefaultSectionSize(22)
        self.table.verticalHeader().setMinimumSectionSize(20)
        self.table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.horizontalHeader().setFixedHeight(26)
        self.table.setFixedHeight(22 * 3 + 26 + 4)
        self.table.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(6)
        lay.addLayout(figs)
        lay.addWidget(self.legend)
        lay.addWidget(self.chart, 1)
        lay.addWidget(self.table)
        self.set_labels(self.tr("Base model"), self.tr("Fine-tuned"))

    def set_labels(self, before: str, after: str, cross_validated: bool = False) -> None:
        self.before_name, self.after_name = before, after
        what = self.tr("Cross-validated accuracy per digit") if cross_validated else self.tr("Held-out accuracy per digit")
        self.legend.setText(
            f"{what}: <span style='color:{BEFORE_COLOR}'>■</span> {before}"
            f"   <span style='color:{AFTER_COLOR}'>■</span> {after}")
        for row, name in enumerate((self.tr("Read") if cross_validated else self.tr("Held out"), before, after)):
            it = QTableWidgetItem(name)
            it.setForeground(QColor(style.MUTED if row == 0 else style.TEXT))
            self.table.setItem(row, 0, it)

    def set_comparison(self, c: Comparison | None, before: str | None = None, after: str | None = None) -> None:
        self.set_labels(before or self.before_name, after or self.after_name,
                        c is not None and c.cross_validated)
        self.comparison = c
        if c is None:
            self.heldout_figure.show_pair(self.tr("Your held-out samples"), None, None, 1)
            self.mnist_figure.show_pair(self.tr("MNIST test set"), None, None, 2)
            self.chart.set_values([None] * 10, [None] * 10)
            for col in range(1, 11):
                for row in range(3):
                    self.table.setItem(row, col, QTableWidgetItem(""))
            return
        # too few held out: every sample read by a fine-tune that left it out (said as such)
        held_title = (self.tr("Your samples ({0}), {1}").format(c.heldout_count, method_text(c.method)) if c.cross_validated
                      else self.tr("Your held-out samples ({0})").format(c.heldout_count))
        if c.heldout_count:
            self.heldout_figure.show_pair(held_title, c.base_heldout_accuracy, c.tuned_heldout_accuracy, 1)
        else:
            self.heldout_figure.show_pair(self.tr("No held-out samples yet"), None, None, 1)
        if c.base_mnist_accuracy is not None:
            self.mnist_figure.show_pair(self.tr("MNIST test set ({0})").format(i18n.integer(c.mnist_count)), c.base_mnist_accuracy,
                                        c.tuned_mnist_accuracy, 2, warn_below=MNIST_TOLERANCE)
        else:
            self.mnist_figure.show_pair(self.tr("MNIST test set: not measured (no MNIST)"), None, None, 2)
        self.chart.set_values(c.base_per_digit, c.tuned_per_digit)
        center = Qt.AlignmentFlag.AlignCenter
        for d in range(10):
            b, t, n = c.base_per_digit[d], c.tuned_per_digit[d], c.heldout_support[d]
            cells = [str(n), _pct(b, 0), _pct(t, 0)]
            for row, text in enumerate(cells):
                it = QTableWidgetItem(text)
                it.setTextAlignment(center)
                if row == 0:
                    it.setForeground(QColor(style.MUTED))
                if row == 2 and b is not None and t is not None and t != b:
                    it.setForeground(QColor(GOOD if t > b else BAD))
                    f = it.font()
                    f.setWeight(QFont.Weight.DemiBold)
                    it.setFont(f)
                self.table.setItem(row, d + 1, it)
        self.setAccessibleDescription(c.summary())
