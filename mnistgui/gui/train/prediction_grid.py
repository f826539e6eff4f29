"""The Train tab's live predictions: a fixed grid of test digits, read again at every epoch's end.

Each tile is a test digit with what the model of that epoch reads it as, and how sure it is
(where the tile is wide enough for both); green when right, red when wrong. The reading is the core's
(:class:`~mnistgui.core.preview.GridPredictor`, on a model of its own loaded with the epoch's
snapshot), done in the training thread; this widget only paints it.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPen
from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget

from mnistgui.core.preview import GridReading
from mnistgui.gui.widgets import style
from mnistgui.gui.widgets.controls import FlexLabel

WRONG = "#dc2626"
COLUMNS = 10


class DigitTiles(QWidget):
    """Tiles of digits with a reading under each, painted in one pass."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.images: np.ndarray | None = None  # (N, 28, 28) uint8, ink bright
        self.labels: np.ndarray | None = None
        self.reading: GridReading | None = None
        self._qimages: list[QImage] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(COLUMNS * 35, 4 * 52)

    def set_images(self, images: np.ndarray | None, labels: np.ndarray | None) -> None:
        self.images, self.labels, self.reading = images, labels, None
        self._qimages = []
        if images is not None:
            for a in images:
                ink = np.ascontiguousarray(255 - np.asarray(a, np.uint8))  # dark ink on white
                self._qimages.append(QImage(ink.data, 28, 28, 28, QImage.Format.Format_Grayscale8).copy())
        self.update()

    def set_reading(self, reading: GridReading | None) -> None:
        self.reading = reading
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(COLUMNS * 64, 4 * 80)

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt's name
        p = QPainter(self)
        p.fillRect(self.rect(), QColor(style.CARD))
        n = len(self._qimages)
        if not n:
            p.end()
            return
        rows = -(-n // COLUMNS)
        cw = self.width() / COLUMNS
        ch = self.height() / rows
        text_h = max(14, min(18, int(ch * 0.22)))
        side = int(max(8, min(cw - 8, ch - text_h - 8)))
        font = QFont(self.font())
        font.setPixelSize(max(10, text_h - 3))
        p.setFont(font)
        # where a tile is too narrow for its reading and how sure it is, it shows the digit alone
        # (its colour still says right or wrong)
        fits = p.fontMetrics().horizontalAdvance("0 · 100%") <= cw - 2
        r = self.reading
        for i, img in enumerate(self._qimages):
            col, row = i % COLUMNS, i // COLUMNS
            x0 = int(col * cw + (cw - side) / 2)
            y0 = int(row * ch + 3)
            p.drawImage(QRect(x0, y0, side, side), img)
            if r is None:
                colour, text = QColor(style.MUTED), "?"
            else:
                ok = bool(r.correct[i])
                colour = QColor(style.OK if ok else WRONG)
                text = f"{int(r.predictions[i])} · {r.confidence[i] * 100:.0f}%" if fits else str(int(r.predictions[i]))
            pen = QPen(colour, 2 if r is not None and not r.correct[i] else 1)
            p.setPen(pen)
            p.drawRect(QRect(x0, y0, side, side))
            p.drawText(QRect(int(col * cw), y0 + side + 2, int(cw), text_h), Qt.AlignmentFlag.AlignCenter, text)
        p.end()


class PredictionGrid(QWidget):
    """The grid with a line above it saying which epoch read it and how many it got right."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel("")
        self.title.setObjectName("CardTitle")
        self.note = FlexLabel(self.tr("The same test digits, read again by the model at the end of every epoch: green when right, red when wrong, with how sure it is."), lines=1)
        self.note.setObjectName("Muted")
        self.tiles = DigitTiles()
        lay = QVBoxLayout(self)
        lay.setContentsMargins(14, 10, 14, 12)
        lay.setSpacing(6)
        lay.addWidget(self.title)
        lay.addWidget(self.note)
        lay.addWidget(self.tiles, 1)
        self.clear()

    def clear(self) -> None:
        self.tiles.set_images(None, None)
        self.title.setText(self.tr("Start a run to watch it learn to read these digits"))

    def set_images(self, images: np.ndarray, labels: np.ndarray) -> None:
        self.tiles.set_images(images, labels)
        self.title.setText(self.tr("{0} test digits, read at the end of every epoch").format(len(images)))

    def set_reading(self, reading: GridReading) -> None:
        self.tiles.set_reading(reading)
        n = len(reading.predictions)
        self.title.setText(self.tr("Epoch {0}: {1} of {2} read right").format(reading.epoch, reading.right, n))
