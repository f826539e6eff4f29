"""How many samples there are of each digit: ten small columns filling up towards a goal."""

from __future__ import annotations

from typing import Sequence

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from mnistgui.gui.widgets import style

#: samples per digit the app suggests collecting before fine-tuning
GOAL_PER_DIGIT = 10


class DigitCounts(QWidget):
    """Ten columns (0-9): a bar that fills towards :data:`GOAL_PER_DIGIT`, the count above it.

    One digit can be highlighted (the digit being asked for); clicking a column emits
    :attr:`digit_clicked`.
    """

    digit_clicked = Signal(int)

    def __init__(self, parent: QWidget | None = None, goal: int = GOAL_PER_DIGIT) -> None:
        super().__init__(parent)
        self.setObjectName("DigitCounts")
        self._counts = [0] * 10
        self._highlight: int | None = None
        self.goal = goal
        self.setMinimumHeight(86)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName(self.tr("Samples per digit"))

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(320, 92)

    def counts(self) -> list[int]:
        return list(self._counts)

    def set_counts(self, counts: Sequence[int]) -> None:
        self._counts = [int(c) for c in counts]
        self.setAccessibleDescription(", ".join(f"{d}: {c}" for d, c in enumerate(self._counts)))
        self.setToolTip(
            self.tr("Samples of each digit; about {0} of each is a good start. Every fifth sample of a digit is kept aside to measure the result.").format(self.goal)
        )
        self.update()

    def set_highlight(self, digit: int | None) -> None:
        self._highlight = digit
        self.update()

    def _column(self, d: int) -> QRectF:
        w = self.width() / 10.0
        return QRectF(d * w, 0, w, self.height())

    def mousePressEvent(self, event) -> None:  # noqa: N802 - Qt's name
        d = int(event.position().x() // max(1.0, self.width() / 10.0))
        if 0 <= d <= 9:
            self.digit_clicked.emit(d)
        super().mousePressEvent(event)

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt's name
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        base = self.font()
        small = style.font(base, -1)
        digit_font = style.font(base, 1, QFont.Weight.DemiBold)
        fm_h = self.fontMetrics().height()
        top_text = fm_h + 2
        bottom_text = fm_h + 6
        bar_top = top_text + 2
        bar_bottom = self.height() - bottom_text
        bar_h = max(4.0, bar_bottom - bar_top)
        for d in range(10):
            col = self._column(d)
            bw = min(22.0, col.width() * 0.5)
            x = col.center().x() - bw / 2
            n = self._counts[d]
            hl = d == self._highlight
            # the track, then the fill
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(QColor("#eef0f3"))
            p.drawRoundedRect(QRectF(x, bar_top, bw, bar_h), 4, 4)
            frac = min(1.0, n / max(1, self.goal))
            if frac > 0:
                fill = QColor(style.ACCENT if n < self.goal else "#16a34a")
                if not hl and n < self.goal:
                    fill = QColor(style.ACCENT_SOFT)
                fh = max(4.0, bar_h * frac)
                p.setBrush(fill)
                p.drawRoundedRect(QRectF(x, bar_top + bar_h - fh, bw, fh), 4, 4)
            if hl:
                p.setBrush(Qt.BrushStyle.NoBrush)
                p.setPen(QPen(QColor(style.ACCENT), 1.5))
                p.drawRoundedRect(QRectF(x - 3, bar_top - 3, bw + 6, bar_h + 6), 6, 6)
            p.setFont(small)
            p.setPen(QColor(style.TEXT if n else style.FAINT))
            p.drawText(QRectF(col.x(), 0, col.width(), top_text), Qt.AlignmentFlag.AlignCenter, str(n))
            p.setFont(digit_font)
            p.setPen(QColor(style.ACCENT if hl else style.TEXT))
            p.drawText(QRectF(col.x(), bar_bottom + 4, col.width(), bottom_text - 4),
                       Qt.AlignmentFlag.AlignCenter, str(d))
        p.end()
