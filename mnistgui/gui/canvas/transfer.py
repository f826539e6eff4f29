"""Drawings in and out of the canvas: image and stroke files, the clipboard, drag and drop.

Everything here reads or writes data and returns it; nothing touches a widget. What comes in is
either a :class:`~mnistgui.core.preprocess.StrokeSample` (replayed on the canvas) or an
:class:`Image` (the canvas's background). Anything unreadable raises
:class:`~mnistgui.core.errors.PreprocessError` with a message for the user.
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from PySide6.QtCore import QCoreApplication, QMimeData, QUrl
from PySide6.QtGui import QImage

from mnistgui.core.errors import PreprocessError
from mnistgui.core.io import atomic_write_bytes
from mnistgui.core.preprocess import (
    MAX_IMAGE_PIXELS,
    StrokeSample,
    image_to_gray,
    load_image,
    load_strokes,
    parse_samples,
    parse_stroke_json,
    read_image_gray,
)
from mnistgui.gui.canvas.strokes import as_stroke

STROKE_SUFFIXES = (".json",)
#: encoded image formats taken from the clipboard or a drop, lossless ones first
_MIME_IMAGE_FORMATS = ("image/png", "image/bmp", "image/jpeg", "image/gif", "image/webp", "image/tiff")


@dataclass(frozen=True)
class Image:
    """A grey image (ink = 1) and a name for it (a file name, "clipboard", "dropped data")."""

    gray: np.ndarray
    name: str


def as_sample(data: Any) -> StrokeSample:
    """A stroke sample, a list of samples (the first is taken) or a list of strokes, as one sample."""
    if isinstance(data, StrokeSample):
        return data
    if isinstance(data, (list, tuple)) and data and all(isinstance(s, StrokeSample) for s in data):
        return data[0]
    if isinstance(data, (list, tuple)):
        return StrokeSample(strokes=[list(as_stroke(s)) for s in data])
    raise TypeError(f"cannot replay {type(data).__name__}: expected stroke samples or a list of strokes")


def read_strokes(path: str | os.PathLike) -> StrokeSample:
    """The first sample of a stroke file."""
    samples = load_strokes(path)
    if not samples:
        raise PreprocessError(QCoreApplication.translate("Transfer", "{0}: the stroke file holds no samples").format(path))
    return samples[0]


def read_image(path: str | os.PathLike) -> Image:
    return Image(load_image(path), Path(path).name)


def read_mime(mime: QMimeData, what: str) -> StrokeSample | Image:
    """Clipboard or drop data: a file (image or stroke JSON), an image, or stroke JSON text."""
    path = local_file(mime)
    if path is not None:
        return read_strokes(path) if path.suffix.lower() in STROKE_SUFFIXES else read_image(path)
    data = encoded_image(mime)
    if data is not None:
        return Image(gray_from_bytes(data, QCoreApplication.translate("Transfer", "{0} image").format(what)), what)
    if mime.hasImage():
        return Image(gray_from_qimage(QImage(mime.imageData()),
                                      QCoreApplication.translate("Transfer", "{0} image").format(what)), what)
    samples = stroke_json_text(mime)
    if not samples:
        raise PreprocessError(QCoreApplication.translate("Transfer", "the {0} holds nothing this app can read").format(what))
    return samples[0]


def accepts(mime: QMimeData) -> bool:
    """The data holds something :func:`read_mime` may read."""
    return (
        local_file(mime) is not None
        or mime.hasImage()
        or encoded_image(mime) is not None
        or stroke_json_text(mime) is not None
    )


def write_png(path: str | os.PathLike, gray: np.ndarray) -> None:
    """A grey image (ink = 1) as a dark-on-light grey PNG, written atomically."""
    from PIL import Image as PILImage

    arr = (255 - np.round(np.clip(gray, 0, 1) * 255)).astype(np.uint8)
    buf = io.BytesIO()
    PILImage.fromarray(arr, mode="L").save(buf, format="PNG")
    atomic_write_bytes(path, buf.getvalue())


def qimage_to_pil(image: QImage):
    """QImage -> PIL image (RGBA when the image has an alpha channel, else RGB)."""
    from PIL import Image as PILImage

    if image.isNull():
        raise PreprocessError(QCoreApplication.translate("Transfer", "the clipboard or drop holds an empty image"))
    has_alpha = image.hasAlphaChannel()
    fmt = QImage.Format.Format_RGBA8888 if has_alpha else QImage.Format.Format_RGB888
    img = image.convertToFormat(fmt)
    w, h, bpl = img.width(), img.height(), img.bytesPerLine()
    mode = "RGBA" if has_alpha else "RGB"
    data = bytes(img.constBits())[: bpl * h]
    return PILImage.frombuffer(mode, (w, h), data, "raw", mode, bpl, 1).copy()


def gray_from_bytes(data: bytes, what: str = "image") -> np.ndarray:
    """Encoded image bytes (PNG, JPEG, BMP, ...) -> grey image with ink = 1 (core conversion)."""
    return read_image_gray(io.BytesIO(data), QCoreApplication.translate("Transfer", "the {0}").format(what))


def gray_from_qimage(image: QImage, what: str = "image") -> np.ndarray:
    try:
        if image.width() * image.height() > MAX_IMAGE_PIXELS:  # checked before it is copied
            raise PreprocessError(QCoreApplication.translate("Transfer", "image is too large ({0}x{1} pixels)").format(
                image.width(), image.height()))
        return image_to_gray(qimage_to_pil(image))
    except PreprocessError as exc:
        raise PreprocessError(QCoreApplication.translate("Transfer", "the {0}: {1}").format(what, exc)) from None


def local_file(mime: QMimeData) -> Path | None:
    """The first local file named by drop or clipboard data (URLs, or a path as text)."""
    if mime.hasUrls():
        for url in mime.urls():
            if url.isLocalFile():
                return Path(url.toLocalFile())
    if mime.hasText():
        text = mime.text().strip()
        if text.startswith("file://"):
            text = QUrl(text).toLocalFile()
        if text and "\n" not in text and len(text) < 4096:
            p = Path(text).expanduser()
            try:
                if p.is_file():
                    return p
            except OSError:
                return None
    return None


def stroke_json_text(mime: QMimeData) -> list[StrokeSample] | None:
    """Stroke samples if the data's text is a stroke JSON document, else None."""
    if not mime.hasText():
        return None
    text = mime.text().strip()
    if not text or text[0] not in "[{":
        return None
    try:
        return parse_samples(parse_stroke_json(text))
    except PreprocessError:
        return None


def encoded_image(mime: QMimeData) -> bytes | None:
    """Encoded image bytes offered by the data, preferring lossless formats."""
    for fmt in _MIME_IMAGE_FORMATS:
        if mime.hasFormat(fmt):
            data = bytes(mime.data(fmt))
            if data:
                return data
    return None
