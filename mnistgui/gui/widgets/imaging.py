"""Grey images (numpy, ink = 1) as QImages, in any two colours or as MNIST shows them."""

from __future__ import annotations

import numpy as np
from PySide6.QtGui import QColor, QImage


def gray_to_qimage(gray: np.ndarray, ink: QColor | None = None, paper: QColor | None = None) -> QImage:
    """Grey image (ink = 1) -> QImage: ``ink`` colour on ``paper`` (default dark on white)."""
    g = np.clip(np.asarray(gray, dtype=np.float32), 0.0, 1.0)
    h, w = g.shape
    if ink is None and paper is None:
        a = np.ascontiguousarray(255 - np.round(g * 255).astype(np.uint8))
        img = QImage(a.data, w, h, w, QImage.Format.Format_Grayscale8)
        return img.copy()  # detach from the numpy buffer
    ink = ink or QColor(0, 0, 0)
    paper = paper or QColor(255, 255, 255)
    out = np.empty((h, w, 4), dtype=np.uint8)
    for i, (p, k) in enumerate(zip(paper.getRgb()[:3], ink.getRgb()[:3])):
        out[..., i] = np.round(p + (k - p) * g).astype(np.uint8)
    out[..., 3] = 255
    out = np.ascontiguousarray(out)
    img = QImage(out.data, w, h, 4 * w, QImage.Format.Format_RGBA8888)
    return img.copy()


def mnist_qimage(img28: np.ndarray) -> QImage:
    """A model input (ink = 1) shown as MNIST shows it: white ink on black."""
    return gray_to_qimage(img28, ink=QColor(255, 255, 255), paper=QColor(0, 0, 0))
