"""Turn a drawing into the 28x28 input the model was trained on, the way MNIST was made.

There is one path for every input (:func:`mnistgui.core.canvas.preprocess_canvas` for whatever a
canvas holds). Vector strokes (from the canvas or a stroke file) are first
rasterised with the canvas's pen into a square grey image; images from files arrive as grey
images. Every grey image then goes through the same steps:

1. ``bbox``: the bounding box of the ink, and the crop to it;
2. ``thickness``: the crop is resampled so its longest side is four times the target box, the mean
   stroke width is estimated (twice the ink area over the ink perimeter) and brought to the width
   typical of MNIST by a morphological dilation or erosion, so thin and thick pens read alike;
3. ``fitted``: the digit scaled, keeping its aspect ratio and anti-aliased, to fit a 20x20 box;
4. ``centered``: the box placed in a 28x28 field so that its centre of mass is at the centre.

MNIST itself did steps 1, 3 and 4 (NIST digits were size-normalised into 20x20 keeping their
aspect ratio, then centred by centre of mass in 28x28). Step 2 is added because pens on screens
vary far more in width, relative to the digit, than NIST's did.

Stroke files are JSON (read and written by :mod:`mnistgui.core.strokefile`): a list of samples;
each sample either a list of strokes or an object with a ``"strokes"`` key (and optionally
``"label"``); each stroke a list of ``[x, y]`` points in canvas-relative coordinates from 0 to 1,
y pointing down.
"""

from __future__ import annotations

import math
import os
import re
import stat
import struct
import warnings
from dataclasses import asdict, dataclass, field, fields
from numbers import Integral, Real
from pathlib import Path
from typing import TYPE_CHECKING, Sequence

import numpy as np

from mnistgui.core.errors import PreprocessError
from mnistgui.core.render import DEFAULT_PEN_WIDTH, Stroke, render_region, render_strokes

if TYPE_CHECKING:
    import torch

#: MNIST's mean and standard deviation of pixel values (on a 0..1 scale).
MNIST_MEAN = 0.1307
MNIST_STD = 0.3081

#: The most pixels an image may decode to (a 32-megapixel RGBA image is 128 MB as decoded; a
#: larger JPEG photo is decoded at a reduced scale and passes).
MAX_IMAGE_PIXELS = 32_000_000


@dataclass(frozen=True)
class PreprocessConfig:
    """The preprocessing a model expects. Stored in every checkpoint and applied when it predicts."""

    size: int = 28  # output side
    box: int = 20  # the digit's bounding box is fitted into box x box
    raster_size: int = 256  # strokes are rasterised on a square of this side
    pen_width: float = DEFAULT_PEN_WIDTH  # default pen, fraction of the canvas side
    supersample: int = 2  # stroke rasterisation supersampling factor (anti-aliasing)
    ink_threshold: float = 0.2  # grey level (0..1) above which a pixel counts for the bbox
    normalize_thickness: bool = True
    target_stroke_width: float = 2.6  # mean stroke width in output pixels (MNIST's median)
    center: str = "mass"  # "mass" (MNIST) or "box"
    subpixel: bool = True  # place the centre of mass exactly, not to the nearest pixel
    mean: float = MNIST_MEAN
    std: float = MNIST_STD

    def __post_init__(self) -> None:
        # bounds that keep one reading to a few tens of megabytes and milliseconds, whatever a
        # checkpoint says (a raster of 20000 pixels a side would take gigabytes)
        for name, lo, hi in (("size", 8, 128), ("box", 2, 128), ("raster_size", 16, 2048), ("supersample", 1, 4)):
            v = getattr(self, name)
            if isinstance(v, bool) or not isinstance(v, Integral) or not lo <= v <= hi:
                raise ValueError(f"{name} must be a whole number from {lo} to {hi}, got {v!r:.40}")
            object.__setattr__(self, name, int(v))
        if self.box > self.size:
            raise ValueError(f"box ({self.box}) must not be larger than size ({self.size})")
        for name, lo, hi, low_open in (("pen_width", 0.0, 0.5, True), ("ink_threshold", 0.0, 1.0, False),
                                       ("target_stroke_width", 0.0, float(self.size), True),
                                       ("mean", -10.0, 10.0, False), ("std", 1e-3, 10.0, False)):
            v = getattr(self, name)
            ok = (not isinstance(v, bool) and isinstance(v, Real) and math.isfinite(v)
                  and (lo < v if low_open else lo <= v) and v <= hi)
            if not ok:
                raise ValueError(f"{name} must be a number {'above' if low_open else 'from'} {lo:g} "
                                 f"{'and at most' if low_open else 'to'} {hi:g}, got {v!r:.40}")
            object.__setattr__(self, name, float(v))
        for name in ("normalize_thickness", "subpixel"):
            if not isinstance(getattr(self, name), bool):
                raise ValueError(f"{name} must be true or false, got {getattr(self, name)!r:.40}")
        if self.center not in ("mass", "box"):
            raise ValueError(f"center must be 'mass' or 'box', got {self.center!r:.40}")

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict) -> "PreprocessConfig":
        if not isinstance(d, dict):
            raise TypeError(f"expected a mapping of settings, got {type(d).__name__}")
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in d.items() if k in known})


@dataclass
class PreprocessResult:
    """The model input and every intermediate step, for display and for tests."""

    image: np.ndarray  # float32 (size, size) in 0..1, ink = 1
    source: np.ndarray  # the grey image the steps started from, ink = 1
    bbox: tuple[int, int, int, int]  # (x0, y0, x1, y1) in source pixels, end-exclusive
    cropped: np.ndarray  # source cropped to bbox
    thickness: np.ndarray  # the crop at working resolution, stroke width normalised
    fitted: np.ndarray  # the digit fitted into the box (box-sized or smaller on one side)
    centered: np.ndarray  # same as image
    stroke_width: float  # estimated mean stroke width before normalisation, output pixels
    com_shift: tuple[float, float]  # (dx, dy) applied to centre the mass, output pixels
    steps: dict[str, np.ndarray] = field(default_factory=dict)
    #: the source was already a model input (``size`` x ``size``) and is the image unchanged
    as_is: bool = False

    def tensor(self, cfg: PreprocessConfig) -> "torch.Tensor":
        """The normalised model input, shape (1, 1, size, size)."""
        return to_model_input(self.image[None], cfg)


def to_model_input(images: "np.ndarray | torch.Tensor", cfg: PreprocessConfig) -> "torch.Tensor":
    """(N, H, W) grey images in 0..1 -> normalised float tensor (N, 1, H, W)."""
    import torch  # only here: the steps need numpy and PIL alone, so importing this module does not load torch

    if isinstance(images, np.ndarray):  # normalised by numpy: no tensor temporaries
        a = (np.asarray(images, np.float32) - np.float32(cfg.mean)) / np.float32(cfg.std)
        return torch.from_numpy(a[:, None])
    t = torch.as_tensor(images, dtype=torch.float32)
    return ((t - cfg.mean) / cfg.std).unsqueeze(1)


# Stroke files live in their own module; their names are kept here for the callers that use them.
from mnistgui.core.strokefile import (  # noqa: F401, E402
    StrokeSample,
    MAX_STROKE_FILE_BYTES,
    MAX_SAMPLES,
    MAX_STROKES_PER_SAMPLE,
    MAX_POINTS_PER_SAMPLE,
    MAX_POINTS_PER_FILE,
    MAX_COORDINATE,
    MAX_INK_LENGTH,
    PEN_WIDTH_RANGE,
    pen_width_of,
    parse_samples,
    parse_stroke_json,
    read_stroke_json,
    _short,
    load_strokes,
    samples_to_json,
    save_strokes,
)


# ---------------------------------------------------------------------------------------------
# The pipeline on grey images


def _resize(img: np.ndarray, h: int, w: int) -> np.ndarray:
    """Resize a 2-D image bilinearly (half-pixel centres), anti-aliased along an axis that
    shrinks (the triangle filter widened by the scale, as in PIL and torchvision); values kept
    in 0..1. PIL does it on the float image, in C, on the calling thread."""
    from PIL import Image

    a = np.ascontiguousarray(img, dtype=np.float32)
    src = Image.frombuffer("F", (a.shape[1], a.shape[0]), a, "raw", "F", 0, 1)
    out = src.resize((max(1, w), max(1, h)), Image.Resampling.BILINEAR)
    return np.clip(np.frombuffer(out.tobytes(), np.float32).reshape(out.height, out.width), 0.0, 1.0)


def _bbox(img: np.ndarray, threshold: float) -> tuple[int, int, int, int] | None:
    mask = img > threshold
    rows = np.flatnonzero(mask.any(axis=1))
    if rows.size == 0:
        return None
    cols = np.flatnonzero(mask.any(axis=0))
    return int(cols[0]), int(rows[0]), int(cols[-1]) + 1, int(rows[-1]) + 1


def _padded(img: np.ndarray, n: int, value: float = 0.0) -> np.ndarray:
    out = np.full((img.shape[0] + 2 * n, img.shape[1] + 2 * n), value, np.float32)
    out[n : n + img.shape[0], n : n + img.shape[1]] = img
    return out


def estimate_stroke_width(img) -> float:
    """Mean stroke width in pixels: twice the ink area over the ink boundary's length.

    For a stroke of length L and width w the area is L*w and the boundary about 2L, so the
    estimate is w for long strokes (slightly less for short, blobby ones). The boundary length is
    the total variation of the anti-aliased image.
    """
    img = np.asarray(img, dtype=np.float32)
    x = _padded(img, 1)
    gx = x[1:-1, 2:] - x[1:-1, :-2]
    gy = x[2:, 1:-1] - x[:-2, 1:-1]
    perimeter = float(np.sqrt(gx * gx + gy * gy).sum(dtype=np.float64)) / 2.0
    area = float(img.sum(dtype=np.float64))
    if perimeter <= 1e-6:
        return 0.0
    return 2.0 * area / perimeter


def _morph(img: np.ndarray, radius: int) -> np.ndarray:
    """Dilate (radius > 0) or erode (radius < 0) with a near-disc of the given radius."""
    if radius == 0:
        return img
    op = np.maximum if radius > 0 else np.minimum
    outside = -np.inf if radius > 0 else np.inf  # beyond the border nothing counts
    h, w = img.shape
    p = np.full((h + 2, w + 2), outside, np.float32)  # the image framed by what is outside it
    rows = np.empty((h + 2, w), np.float32)
    x = np.asarray(img, dtype=np.float32)
    for i in range(abs(radius)):
        p[1:-1, 1:-1] = x
        # alternate a 3x3 square and a plus: their composition approximates a disc
        if i % 2 == 0:
            op(op(p[:, :-2], p[:, 1:-1], out=rows), p[:, 2:], out=rows)
            x = op(rows[:-2], rows[1:-1])
            op(x, rows[2:], out=x)
        else:
            x = op(p[:-2, 1:-1], p[2:, 1:-1])
            op(x, p[1:-1, 1:-1], out=x)
            op(x, p[1:-1, :-2], out=x)
            op(x, p[1:-1, 2:], out=x)
    return np.clip(x, 0.0, 1.0)


def _center_of_mass(img: np.ndarray) -> tuple[float, float]:
    total = float(img.sum(dtype=np.float64))
    h, w = img.shape
    cy = float(img.sum(axis=1, dtype=np.float64) @ np.arange(h)) / total
    cx = float(img.sum(axis=0, dtype=np.float64) @ np.arange(w)) / total
    return cx, cy


def _paste(dst: np.ndarray, src: np.ndarray, ox: int, oy: int) -> None:
    """Copy ``src`` into ``dst`` at integer offset (ox, oy), clipping what falls outside."""
    sh, sw = src.shape
    dh, dw = dst.shape
    sx0, sy0 = max(0, -ox), max(0, -oy)
    dx0, dy0 = max(0, ox), max(0, oy)
    w = min(sw - sx0, dw - dx0)
    h = min(sh - sy0, dh - dy0)
    if w > 0 and h > 0:
        dst[dy0 : dy0 + h, dx0 : dx0 + w] = src[sy0 : sy0 + h, sx0 : sx0 + w]


def _place(img: np.ndarray, ox: float, oy: float, size: int) -> np.ndarray:
    """Place ``img`` at fractional offset (ox, oy) in a size x size field (bilinear for the
    fraction; a lopsided digit may be pushed partly off the field, as in MNIST)."""
    ix, iy = math.floor(ox), math.floor(oy)
    ax, ay = ox - ix, oy - iy
    big = np.zeros((size + 1, size + 1), np.float32)
    _paste(big, img, ix + 1, iy + 1)  # one spare row/column on the top-left for the fraction
    out = (
        (1 - ax) * (1 - ay) * big[1:, 1:]
        + ax * (1 - ay) * big[1:, :-1]
        + (1 - ax) * ay * big[:-1, 1:]
        + ax * ay * big[:-1, :-1]
    )
    return np.ascontiguousarray(out, dtype=np.float32)


def checked_gray(gray: np.ndarray) -> np.ndarray:
    """``gray`` as a float32 array, once it is known to be a readable grey image: 2-D, at least
    4x4 pixels, every value a finite number (PreprocessError otherwise)."""
    src = np.asarray(gray, dtype=np.float32)
    if src.ndim != 2:
        raise PreprocessError(f"expected a 2-D grey image, got an array of shape {src.shape}")
    if src.shape[0] < 4 or src.shape[1] < 4:
        raise PreprocessError(f"image is too small ({src.shape[1]}x{src.shape[0]} pixels)")
    if not np.isfinite(src).all():
        raise PreprocessError("image holds values that are not finite numbers")
    return src


def preprocess_image(gray: np.ndarray, cfg: PreprocessConfig | None = None) -> PreprocessResult:
    """Turn a grey image (any size, values 0..1, ink = 1) into the model's 28x28 input."""
    cfg = cfg or PreprocessConfig()
    src = checked_gray(gray)
    return _preprocess(src, np.clip(src, 0.0, 1.0), cfg, None)


def is_model_input(gray: np.ndarray, cfg: PreprocessConfig | None = None) -> bool:
    """Whether ``gray`` is already a model input: a 2-D image of the model's size (28x28, as
    MNIST's and the sample store's images are), which is read as it is."""
    cfg = cfg or PreprocessConfig()
    return np.ndim(gray) == 2 and tuple(np.shape(gray)) == (cfg.size, cfg.size)


def model_input(gray: np.ndarray, cfg: PreprocessConfig | None = None) -> PreprocessResult:
    """A 28x28 image (values 0..1, ink = 1) that is already a model input, as the model's input:
    unchanged, never re-framed or re-thickened (that would read an MNIST digit differently from
    how the model was tested on it). Its steps are the image itself."""
    cfg = cfg or PreprocessConfig()
    src = np.asarray(gray, dtype=np.float32)
    if not is_model_input(src, cfg):
        raise PreprocessError(f"expected a {cfg.size}x{cfg.size} image, got an array of shape {src.shape}")
    if not np.isfinite(src).all():
        raise PreprocessError("image holds values that are not finite numbers")
    img = np.ascontiguousarray(np.clip(src, 0.0, 1.0), dtype=np.float32)
    box = _bbox(img, cfg.ink_threshold)
    if box is None:
        raise PreprocessError("nothing drawn: the image has no ink")
    x0, y0, x1, y1 = box
    crop = img[y0:y1, x0:x1]
    return PreprocessResult(image=img, source=src, bbox=box, cropped=crop, thickness=crop, fitted=crop,
                            centered=img, stroke_width=estimate_stroke_width(img), com_shift=(0.0, 0.0),
                            as_is=True)


def _preprocess(src: np.ndarray, img: np.ndarray, cfg: PreprocessConfig,
                region: tuple[int, int, int, int] | None) -> PreprocessResult:
    """The steps on ``img`` (``src`` clipped to 0..1); ``region``, where known, holds all its ink."""
    if region is None:
        box = _bbox(img, cfg.ink_threshold)
    else:
        rx0, ry0, rx1, ry1 = region
        box = _bbox(img[ry0:ry1, rx0:rx1], cfg.ink_threshold)
        if box is not None:
            box = (box[0] + rx0, box[1] + ry0, box[2] + rx0, box[3] + ry0)
    if box is None:
        raise PreprocessError("nothing drawn: the image has no ink")
    x0, y0, x1, y1 = box
    crop = img[y0:y1, x0:x1]
    ch, cw = crop.shape
    long_side = max(ch, cw)

    # Working resolution: the digit's longest side at four times the target box.
    work = 4 * cfg.box
    scale_w = work / long_side
    thick = _resize(crop, round(ch * scale_w), round(cw * scale_w))
    stroke_w = estimate_stroke_width(thick) / 4.0  # in output pixels
    if cfg.normalize_thickness and stroke_w > 0:
        delta = cfg.target_stroke_width - stroke_w  # output pixels of width to add
        radius = int(round(delta * 4.0 / 2.0))  # work pixels per side
        if radius < 0:  # never erode more than a third of the width away
            radius = max(radius, -int(stroke_w * 4.0 / 3.0 / 2.0))
        if radius != 0:
            pad = max(radius, 0)
            thick = _morph(_padded(thick, pad), radius)
            b2 = _bbox(thick, cfg.ink_threshold)
            if b2 is not None:
                thick = thick[b2[1] : b2[3], b2[0] : b2[2]]

    th, tw = thick.shape
    s = cfg.box / max(th, tw)
    fitted = _resize(thick, max(1, round(th * s)), max(1, round(tw * s)))
    fh, fw = fitted.shape

    if cfg.center == "mass" and float(fitted.sum()) > 0:
        cx, cy = _center_of_mass(fitted)
        fx = cfg.size / 2.0 - cx  # MNIST puts the mass at pixel (14, 14) of 28x28
        fy = cfg.size / 2.0 - cy
        if not cfg.subpixel:
            fx, fy = float(round(fx)), float(round(fy))
    else:
        fx = float((cfg.size - fw) // 2)
        fy = float((cfg.size - fh) // 2)
    out = _place(fitted, fx, fy, cfg.size)
    ox, oy = fx, fy
    centered_box = (cfg.size - fw) / 2.0, (cfg.size - fh) / 2.0
    return PreprocessResult(
        image=out,
        source=src,
        bbox=box,
        cropped=crop,
        thickness=thick,
        fitted=fitted,
        centered=out,
        stroke_width=stroke_w,
        com_shift=(ox - centered_box[0], oy - centered_box[1]),
    )


def rasterize_strokes(strokes: Sequence[Stroke], cfg: PreprocessConfig | None = None,
                      pen_width: float | None = None) -> np.ndarray:
    """The canvas's rasterisation of strokes (what the canvas shows, as a grey image)."""
    cfg = cfg or PreprocessConfig()
    return render_strokes(
        strokes, cfg.raster_size, cfg.pen_width if pen_width is None else pen_width, cfg.supersample
    )


def preprocess_strokes(
    strokes: Sequence[Stroke], cfg: PreprocessConfig | None = None, pen_width: float | None = None
) -> PreprocessResult:
    """Strokes -> the canvas's raster -> :func:`preprocess_image`."""
    cfg = cfg or PreprocessConfig()
    if not any(len(s) for s in strokes):
        raise PreprocessError("nothing drawn: there are no strokes")
    pen = cfg.pen_width if pen_width is None else pen_width
    gray, region = render_region(strokes, cfg.raster_size, pen, cfg.supersample)
    if region is None:
        raise PreprocessError("nothing drawn: the image has no ink")
    return _preprocess(gray, gray, cfg, region)


# ---------------------------------------------------------------------------------------------
# Image files


#: Larger images are reduced (by PIL, on the decoded pixels, before any float copy) so that
#: their longest side is at most this: the model reads 28x28, and a 64-megapixel photo as float
#: arrays would take gigabytes.
MAX_WORKING_SIDE = 2048


def image_to_gray(pil_image) -> np.ndarray:
    """A PIL image of any mode -> grey float image with ink = 1 on background = 0.

    Transparency, where present, decides what is ink. Otherwise the background is the median of
    the border pixels: if it is light, the image is dark-on-light and is inverted. The result is
    stretched so the background is 0 and the strongest ink is 1.
    """
    from PIL import Image

    im = pil_image
    if im.width * im.height > MAX_IMAGE_PIXELS:
        raise PreprocessError(_too_large(im.width, im.height))
    if im.width < 4 or im.height < 4:
        raise PreprocessError(f"image is too small ({im.width}x{im.height} pixels)")
    if max(im.width, im.height) > MAX_WORKING_SIDE:
        if im.mode.startswith("I;16"):
            im = im.convert("I")
        elif im.mode not in ("L", "LA", "RGB", "RGBA", "I", "F"):
            im = im.convert("RGBA" if im.mode in ("P", "PA", "La", "RGBa") else "RGB")
        factor = math.ceil(max(im.width, im.height) / MAX_WORKING_SIDE)
        im = im.reduce(factor)
    if im.mode in ("I;16", "I;16B", "I;16L", "I", "F"):
        arr = np.asarray(im, dtype=np.float64)
        lo, hi = float(arr.min()), float(arr.max())
        lum = (arr - lo) / (hi - lo) if hi > lo else np.zeros_like(arr)
        alpha = None
    else:
        has_alpha = im.mode in ("RGBA", "LA", "PA") or (im.mode == "P" and "transparency" in im.info)
        rgba = np.asarray(im.convert("RGBA"), dtype=np.float32) / 255.0
        lum = 0.299 * rgba[..., 0] + 0.587 * rgba[..., 1] + 0.114 * rgba[..., 2]
        alpha = rgba[..., 3] if has_alpha else None
        if alpha is not None and float(alpha.min()) > 0.98:
            alpha = None
        _ = Image  # PIL imported for its side effect of registering formats
    if alpha is not None:
        # ink is what is opaque; its colour does not matter
        ink = alpha.astype(np.float32)
    else:
        border = np.concatenate([lum[0, :], lum[-1, :], lum[:, 0], lum[:, -1]])
        bg = float(np.median(border))
        ink = (bg - lum) if bg > 0.5 else (lum - bg)
        ink = np.clip(ink, 0.0, None)
    peak = float(np.percentile(ink, 99.9)) if ink.size > 1000 else float(ink.max())
    peak = max(peak, float(ink.max()) * 0.5)
    if peak < 0.08:
        raise PreprocessError("the image has no visible digit (it is blank or almost uniform)")
    gray = np.clip(ink / peak, 0.0, 1.0).astype(np.float32)
    gray[gray < 0.05] = 0.0
    return gray


def _too_large(w: int, h: int) -> str:
    return (f"image is too large ({w}x{h} pixels; this app reads images of up to "
            f"{MAX_IMAGE_PIXELS // 1_000_000} megapixels)")


def read_image_gray(source, where: str) -> np.ndarray:
    """An encoded image (a path or a binary file object) -> grey image with ink = 1.

    Its size is checked from its header before a pixel is decoded: an image over
    :data:`MAX_IMAGE_PIXELS` (a "decompression bomb" among them) is refused unread. Every error
    is a :class:`PreprocessError` whose message starts with ``where``.
    """
    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(source) as im:
                w, h = im.size
                if max(w, h) > MAX_WORKING_SIDE and im.format == "JPEG":
                    im.draft(im.mode, (MAX_WORKING_SIDE, MAX_WORKING_SIDE))  # decoded at a reduced scale
                if im.width * im.height > MAX_IMAGE_PIXELS:
                    raise PreprocessError(_too_large(w, h))
                im.load()
                return image_to_gray(im)
    except Image.DecompressionBombError as exc:
        size = re.search(r"\((\d+) pixels\)", str(exc))
        n = f"{int(size.group(1)):,} pixels; " if size else ""
        raise PreprocessError(f"{where}: image is too large ({n}this app reads images of up to "
                              f"{MAX_IMAGE_PIXELS // 1_000_000} megapixels)") from None
    except UnidentifiedImageError:
        raise PreprocessError(f"{where}: not an image file this app can read (PNG, JPEG, BMP, ...)") from None
    except PreprocessError as exc:
        raise PreprocessError(f"{where}: {exc}") from None
    except FileNotFoundError:
        raise PreprocessError(f"{where}: no such image file") from None
    except (OSError, ValueError, SyntaxError, MemoryError, EOFError, struct.error) as exc:
        raise PreprocessError(f"{where}: cannot read the image ({_short(str(exc) or type(exc).__name__, 100)})") from None


def load_image(path: str | os.PathLike) -> np.ndarray:
    """Read an image file (PNG, JPEG, BMP, ...) as a grey image with ink = 1."""
    p = Path(path)
    try:
        st = p.stat()
    except FileNotFoundError:
        raise PreprocessError(f"{p}: no such image file") from None
    except OSError as exc:
        raise PreprocessError(f"{p}: cannot read the image ({exc.strerror or exc})") from None
    if not stat.S_ISREG(st.st_mode):
        raise PreprocessError(f"{p}: not a regular file (a folder, a device or a pipe)")
    return read_image_gray(p, str(p))


def fit_to_square(gray: np.ndarray, size: int) -> np.ndarray:
    """Letterbox a grey image (ink = 1) into a ``size`` x ``size`` square, keeping its aspect."""
    g = np.ascontiguousarray(gray, dtype=np.float32)
    h, w = g.shape
    s = size / max(h, w)
    r = _resize(g, max(1, round(h * s)), max(1, round(w * s)))
    out = np.zeros((size, size), np.float32)
    y0 = (size - r.shape[0]) // 2
    x0 = (size - r.shape[1]) // 2
    out[y0 : y0 + r.shape[0], x0 : x0 + r.shape[1]] = r
    return out
