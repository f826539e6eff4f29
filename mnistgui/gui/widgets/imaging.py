"""Conversions between numpy grey images, QImages, PIL images and clipboard or drop data."""

from __future__ import annotations

import io
import json
from pathlib import Path

import numpy as np
from PySide6.QtCore import QMimeData
from PySide6.QtGui import QColor, QImage

from mnistgui.core.errors import PreprocessError

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".bmp", ".gif", ".tif", ".tiff", ".webp", ".pgm", ".ppm")
STROKE_SUFFIXES = (".json",)


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


def qimage_to_pil(image: QImage):
    """QImage -> PIL image (RGBA when the image has an alpha channel, else RGB)."""
    from PIL import Image

    if image.isNull():
        raise PreprocessError("the clipboard or drop holds an empty image")
    has_alpha = image.hasAlphaChannel()
    fmt = QImage.Format.Format_RGBA8888 if has_alpha else QImage.Format.Format_RGB888
    img = image.convertToFormat(fmt)
    w, h, bpl = img.width(), img.height(), img.bytesPerLine()
    mode = "RGBA" if has_alpha else "RGB"
    data = bytes(img.constBits())[: bpl * h]
    return Image.frombuffer(mode, (w, h), data, "raw", mode, bpl, 1).copy()


def gray_from_bytes(data: bytes, what: str = "image") -> np.ndarray:
    """Encoded image bytes (PNG, JPEG, BMP, ...) -> grey image with ink = 1 (core conversion)."""
    from PIL import Image, UnidentifiedImageError

    from mnistgui.core.preprocess import image_to_gray

    try:
        with Image.open(io.BytesIO(data)) as im:
            im.load()
            return image_to_gray(im)
    except UnidentifiedImageError:
        raise PreprocessError(f"the {what} is not an image this app can read") from None
    except PreprocessError as exc:
        raise PreprocessError(f"the {what}: {exc}") from None
    except (OSError, ValueError, SyntaxError) as exc:
        raise PreprocessError(f"the {what} cannot be read ({exc})") from None


def gray_from_qimage(image: QImage, what: str = "image") -> np.ndarray:
    from mnistgui.core.preprocess import image_to_gray

    try:
        return image_to_gray(qimage_to_pil(image))
    except PreprocessError as exc:
        raise PreprocessError(f"the {what}: {exc}") from None


def local_file(mime: QMimeData) -> Path | None:
    """The first local file named by drop or clipboard data (URLs, or a path as text)."""
    if mime.hasUrls():
        for url in mime.urls():
            if url.isLocalFile():
                return Path(url.toLocalFile())
    if mime.hasText():
        text = mime.text().strip()
        if text.startswith("file://"):
            from PySide6.QtCore import QUrl

            text = QUrl(text).toLocalFile()
        if text and "\n" not in text and len(text) < 4096:
            p = Path(text).expanduser()
            try:
                if p.is_file():
                    return p
            except OSError:
                return None
    return None


def stroke_json_text(mime: QMimeData):
    """Stroke samples if the data's text is a stroke JSON document, else None."""
    if not mime.hasText():
        return None
    text = mime.text().strip()
    if not text or text[0] not in "[{":
        return None
    from mnistgui.core.preprocess import parse_samples

    try:
        return parse_samples(json.loads(text))
    except (ValueError, PreprocessError):
        return None


def encoded_image(mime: QMimeData) -> bytes | None:
    """Encoded image bytes offered by the data, preferring lossless formats."""
    for fmt in ("image/png", "image/bmp", "image/jpeg", "image/gif", "image/webp", "image/tiff"):
        if mime.hasFormat(fmt):
            data = bytes(mime.data(fmt))
            if data:
                return data
    return None
