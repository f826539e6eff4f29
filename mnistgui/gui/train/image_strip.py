"""A grid of small MNIST images painted from one montage (one QImage, one drawImage per paint)."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QRectF, QSize
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QSizePolicy, QWidget

from mnistgui.gui.widgets import style


def as_gray(images) -> np.ndarray:
    """uint8 (0..255) or float (0..1) images, tensor or array -> float32 in 0..1, ink = 1."""
    a = images.numpy() if hasattr(images, "numpy") else np.asarray(images)
    if a.dtype == np.uint8:
        return a.astype(np.float32) / 255.0
    return np.clip(a.astype(np.float32), 0.0, 1.0)


class ImageStrip(QWidget):
    """``rows`` x ``columns`` tiles of 28x28 images, white ink on black as MNIST shows them.

    Tiles are ``tile`` pixels at most and shrink to fit the width they are given.
    """

    def __init__(self, columns: int, rows: int = 1, tile: int = 28, gap: int = 3,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.columns, self.rows, self.tile, self.gap = columns, rows, tile, gap
        self._montage: QImage | None = None
        self._count = 0
        self._src = (28, 28)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumHeight(self._height_for(tile))

    def _height_for(self, tile: int) -> int:
        return self.rows * tile + (self.rows - 1) * self.gap

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(self.columns * (self.tile + self.gap) - self.gap, self._height_for(self.tile))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(self.columns * 14, self._height_for(self.tile))

    def count(self) -> int:
        return self._count

    def set_images(self, images) -> None:
        """Up to rows x columns images, row by row; None or empty clears the strip."""
        if images is None or len(images) == 0:
            self._montage, self._count = None, 0
            self.update()
            return
        g = as_gray(images)[: self.rows * self.columns]
        n, h, w = g.shape
        full = np.zeros((self.rows * self.columns, h, w), dtype=np.float32)
        full[:n] = g
        grid = full.reshape(self.rows, self.columns, h, w).transpose(0, 2, 1, 3).reshape(self.rows * h, self.columns * w)
        a = np.ascontiguousarray(np.round(grid * 255).astype(np.uint8))
        self._montage = QImage(a.data, a.shape[1], a.shape[0], a.shape[1], QImage.Format.Format_Grayscale8).copy()
        self._count = n
        self._src = (h, w)
        self.update()

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt's name
        p = QPainter(self)
        tile = min(float(self.tile), (self.width() - (self.columns - 1) * self.gap) / self.columns)
        p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, tile < 28)
        for r in range(self.rows):
            for c in range(self.columns):
                k = r * self.columns + c
                target = QRectF(c * (tile + self.gap), r * (tile + self.gap), tile, tile)
                if self._montage is None or k >= self._count:
                    p.fillRect(target, QColor(style.BORDER).lighter(104))
                    continue
                h, w = self._src
                p.drawImage(target, self._montage, QRectF(c * w, r * h, w, h))
        p.end()
