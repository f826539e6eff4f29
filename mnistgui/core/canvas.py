"""What a canvas holds (strokes over an optional image, drawn with a pen), as the model reads it.

:func:`preprocess_canvas` is the one path from a canvas to the model's 28x28 input, used by the
Draw tab, the collect panel and the command line alike (through
:meth:`~mnistgui.core.predict.Predictor.predict_canvas`); :func:`compose_canvas` is the square
grey image a canvas shows, which is also what a PNG export of it holds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

import numpy as np

from mnistgui.core.errors import PreprocessError
from mnistgui.core.preprocess import (
    PreprocessConfig,
    PreprocessResult,
    Stroke,
    fit_to_square,
    is_model_input,
    model_input,
    preprocess_image,
    preprocess_strokes,
    rasterize_strokes,
)


@dataclass(eq=False)
class Background:
    """An image under a canvas's strokes: grey, ink = 1, in its own aspect ratio.

    Its letterboxed squares (what the canvas composes) are kept per size, so a canvas that is
    read again after every stroke fits the image once.
    """

    gray: np.ndarray
    name: str = ""
    _squares: dict[int, np.ndarray] = field(default_factory=dict, repr=False)

    def square(self, size: int) -> np.ndarray:
        """The image fitted into a ``size`` x ``size`` square (see :func:`fit_to_square`)."""
        sq = self._squares.get(size)
        if sq is None:
            sq = fit_to_square(self.gray, size)
            self._squares[size] = sq
        return sq


def compose_canvas(
    strokes: Sequence[Stroke],
    background: np.ndarray | None,
    cfg: PreprocessConfig | None = None,
    pen_width: float | None = None,
) -> np.ndarray:
    """What a canvas holds, as one square grey image: an optional background image (already
    square, ``raster_size`` on a side, e.g. from :meth:`Background.square`) with strokes drawn
    over it."""
    cfg = cfg or PreprocessConfig()
    ink = rasterize_strokes(strokes, cfg, pen_width)
    if background is None:
        return ink
    if background.shape != ink.shape:
        raise PreprocessError(
            f"background is {background.shape}, expected {ink.shape} (use fit_to_square first)"
        )
    return np.maximum(ink, background.astype(np.float32))


def preprocess_canvas(
    strokes: Sequence[Stroke],
    background: Background | np.ndarray | None = None,
    pen_width: float | None = None,
    cfg: PreprocessConfig | None = None,
) -> PreprocessResult:
    """A canvas (strokes, an optional background image, the pen) -> the model's 28x28 input.

    The one path from a canvas to the model, with one config (the model's): strokes alone are
    read as ``mnistgui predict --strokes`` reads them; an image alone at its full resolution, as
    ``mnistgui predict IMAGE`` reads its file; ink over an image is composed on the config's
    raster square first (:func:`compose_canvas`). An image alone that is already a model input
    (28x28, e.g. an MNIST test digit) reaches the model unchanged (:func:`model_input`).
    """
    cfg = cfg or PreprocessConfig()
    if background is None:
        return preprocess_strokes(strokes, cfg, pen_width)
    bg = background if isinstance(background, Background) else Background(np.asarray(background, np.float32))
    if not any(len(s) for s in strokes):
        if is_model_input(bg.gray, cfg):
            return model_input(bg.gray, cfg)
        return preprocess_image(bg.gray, cfg)
    return preprocess_image(compose_canvas(strokes, bg.square(cfg.raster_size), cfg, pen_width), cfg)
