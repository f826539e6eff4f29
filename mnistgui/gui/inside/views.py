"""Pieces the Inside tab's pages share: colour tables, image panes, mosaics of maps, bar charts.

Every view creates its plot items once and later only updates them: images with
``setImage(..., autoLevels=False)``, bars with ``setOpts``, curves with ``setData``. Images are
row-major (``a[y, x]``) with y pointing down, as the network sees them. Values are coloured here,
through a colour table and fixed levels (:class:`LutImage`), so pyqtgraph only draws ready pixels:
several times cheaper per frame than letting it apply the table itself.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QAbstractTextDocumentLayout, QColor, QFont, QPainter, QPalette, QPen, QTextDocument
from PySide6.QtWidgets import QGraphicsRectItem, QSizePolicy, QWidget

from mnistgui.gui.widgets import style

# ---------------------------------------------------------------------------------------------
# Colours

#: One colour per digit (0-9), the same in every plot of the tab.
DIGIT_COLORS = (
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
    "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf",
)
POSITIVE = "#f08c2e"  # activations and weights above zero
NEGATIVE = "#3f7fd9"  # and below
FIELD = QColor("#f5b301")  # a receptive field, a selected map


def _ramp(stops: list[tuple[float, tuple[int, ...]]], n: int = 256) -> np.ndarray:
    pos = np.array([p for p, _ in stops])
    cols = np.array([c for _, c in stops], dtype=np.float64)
    x = np.linspace(pos[0], pos[-1], n)
    return np.stack([np.interp(x, pos, cols[:, i]) for i in range(cols.shape[1])], 1).round().astype(np.uint8)


#: Signed values (levels -1..1): blue below zero, black at zero, orange to pale yellow above.
DIVERGING_LUT = _ramp([
    (-1.0, (170, 205, 255)), (-0.55, (60, 120, 225)), (0.0, (12, 14, 20)),
    (0.45, (205, 85, 25)), (0.8, (250, 170, 60)), (1.0, (255, 240, 175)),
])
#: An input image (levels 0..1): white ink on black, as MNIST shows digits.
GRAY_LUT = _ramp([(0.0, (0, 0, 0)), (1.0, (255, 255, 255))])
#: A saliency map (levels 0..1): see-through where it is zero, warm and opaque where it is high.
HEAT_LUT = _ramp([
    (0.0, (255, 220, 90, 0)), (0.18, (255, 205, 70, 0)), (0.4, (252, 150, 35, 95)),
    (0.7, (240, 85, 25, 170)), (1.0, (215, 25, 30, 215)),
])


def packed(lut: np.ndarray) -> np.ndarray:
    """A (256, 3 or 4) uint8 colour table as 256 RGBA pixels packed in uint32 (opaque if RGB)."""
    if lut.shape[1] == 3:
        lut = np.concatenate([lut, np.full((lut.shape[0], 1), 255, np.uint8)], 1)
    return np.ascontiguousarray(lut, dtype=np.uint8).view(np.uint32).ravel()


def colour_index(values: np.ndarray, levels: tuple[float, float]) -> np.ndarray:
    """Values -> uint8 indices into a 256-colour table: ``levels`` (low, high) spread over it."""
    lo, hi = levels
    idx = np.asarray(values, np.float32) - np.float32(lo)
    idx *= np.float32(255.0 / (hi - lo))
    idx += np.float32(0.5)
    np.clip(idx, 0.0, 255.49, out=idx)
    return idx.astype(np.uint8)


def colorize(values: np.ndarray, table: np.ndarray, levels: tuple[float, float]) -> np.ndarray:
    """Values -> (..., 4) uint8 RGBA colours through a :func:`packed` colour table and fixed levels.

    One gather of packed pixels: several times faster than indexing a (256, 3) table."""
    idx = colour_index(values, levels)
    return np.take(table, idx).view(np.uint8).reshape(idx.shape + (4,))


_DIVERGING_PACKED = packed(DIVERGING_LUT)
_HEAT_PACKED = packed(HEAT_LUT)


def heat_rgba(heat: np.ndarray) -> np.ndarray:
    """A 0..1 map as an (h, w, 4) uint8 image through :data:`HEAT_LUT` (for the canvas)."""
    return colorize(heat, _HEAT_PACKED, (0.0, 1.0))


class LutImage(pg.ImageItem):
    """An image item for values: coloured through a fixed table and fixed levels, never rescaled
    to its data. ``values`` keeps what it shows."""

    def __init__(self, lut: np.ndarray, levels: tuple[float, float]) -> None:
        super().__init__(axisOrder="row-major")
        self.colour_table = packed(lut)  # (not ``lut`` or ``levels``: ImageItem's own attributes)
        self.value_levels = levels
        self.values: np.ndarray | None = None

    def set_values(self, values: np.ndarray) -> None:
        self.values = values
        self.set_colours(colorize(values, self.colour_table, self.value_levels))

    def set_colours(self, rgb: np.ndarray) -> None:
        """Show ready (h, w, 3 or 4) uint8 colours."""
        self.setImage(rgb, autoLevels=False)


#: between the tiles of a mosaic: the card's colour, as a packed RGBA pixel
_GAP_PIXEL = np.array(QColor(style.CARD).getRgb(), np.uint8).view(np.uint32)[0]


def signed_scale(maps: np.ndarray, per_map: bool) -> np.ndarray:
    """Maps (C, H, W) divided by their largest magnitude, each on its own or all together."""
    m = np.abs(maps)
    top = m.max(axis=tuple(range(1, maps.ndim)), keepdims=True) if per_map else m.max()
    top = np.where(top > 0, top, 1.0)
    return (maps / top).astype(np.float32)


def grid_shape(n: int) -> tuple[int, int]:
    """(rows, cols) for n tiles: a power of two of columns, about twice as wide as tall."""
    if n <= 1:
        return 1, 1
    cols = min(n, 2 ** math.ceil(math.log2(math.sqrt(2 * n))))
    return math.ceil(n / cols), cols


def small_font(base: QFont, delta: float = -1.0, bold: bool = False) -> QFont:
    return style.font(base, delta, QFont.Weight.DemiBold if bold else None)


class LiveText(QWidget):
    """A line or a few of rich text that changes as often as the view refreshes.

    A QLabel whose text changes asks for its window to be laid out again, which on this tab costs
    more than the refresh itself. This widget has a fixed number of lines and a width that follows
    the layout, so new text only repaints it.
    """

    def __init__(self, lines: int = 1, color: str = style.TEXT, point_delta: float = 0.0,
                 bold: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFont(style.font(self.font(), point_delta, QFont.Weight.DemiBold if bold else None))
        self._doc = QTextDocument(self)
        self._doc.setDocumentMargin(0)
        self._doc.setDefaultFont(self.font())
        self._color = QColor(color)
        self._forms: tuple[str, ...] = ("",)  # the text, and a shorter one if any
        self._widths: tuple[float, ...] = (0.0,)
        self._shown = ""
        self._height = lines * self.fontMetrics().lineSpacing() + 2
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.setFixedHeight(self._height)

    def text(self) -> str:
        return self._forms[0]

    def setText(self, html: str, short: str = "") -> None:  # noqa: N802 - a label's name for it
        """Show ``html``; where it is too wide for one line of this width, ``short`` if given."""
        forms = (html, short) if short and short != html else (html,)
        if forms != self._forms:
            self._forms = forms
            widths = []
            for text in forms:  # the width each takes on one line
                self._doc.setTextWidth(-1)
                self._doc.setHtml(text)
                widths.append(self._doc.idealWidth())
            self._widths = tuple(widths)
            self._shown = forms[-1]
            self.update()

    def shown_text(self) -> str:
        """What the widget shows at its present width."""
        if len(self._forms) > 1 and self._widths[0] > self.width():
            return self._forms[1]
        return self._forms[0]

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(160, self._height)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(40, self._height)

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt's name
        text = self.shown_text()
        if text != self._shown:
            self._doc.setHtml(text)
            self._shown = text
        p = QPainter(self)
        self._doc.setTextWidth(self.width())
        ctx = QAbstractTextDocumentLayout.PaintContext()
        ctx.palette.setColor(QPalette.ColorRole.Text, self._color)
        ctx.clip = QRectF(self.rect())
        p.setClipRect(self.rect())
        self._doc.documentLayout().draw(p, ctx)
        p.end()


# ---------------------------------------------------------------------------------------------
# Image panes


class ImagePane(pg.GraphicsView):
    """A fixed view of images in pixel coordinates; reports the pointer in those coordinates.

    ``hovered(x, y)`` while the pointer moves over it (``(-1, -1)`` when it leaves) and
    ``clicked(x, y)`` on a left click; x and y are in image pixels (fractional).
    """

    hovered = Signal(float, float)
    clicked = Signal(float, float)

    def __init__(self, parent: QWidget | None = None, background: str = style.CARD) -> None:
        super().__init__(parent, background=background)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setMouseTracking(True)
        self.setRenderHints(QPainter.RenderHint(0))  # pixels and straight lines: no antialiasing
        self.vb = pg.ViewBox(lockAspect=True, invertY=True, enableMouse=False, enableMenu=False,
                             defaultPadding=0.0)
        self.setCentralItem(self.vb)
        self._extent = (1.0, 1.0)
        self._aspect = 1.0  # height / width of what is shown, for heightForWidth
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def add_image(self, lut: np.ndarray, levels: tuple[float, float], z: float = 0.0) -> LutImage:
        item = LutImage(lut, levels)
        item.setZValue(z)
        self.vb.addItem(item)
        return item

    def add_rect(self, color: QColor = FIELD, width: float = 2.0, z: float = 10.0) -> QGraphicsRectItem:
        r = QGraphicsRectItem()
        pen = QPen(color, width)
        pen.setCosmetic(True)
        pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
        r.setPen(pen)
        r.setZValue(z)
        r.setVisible(False)
        self.vb.addItem(r)
        return r

    def set_extent(self, w: float, h: float) -> None:
        """Show image pixels 0..w across and 0..h down, whole."""
        if (w, h) == self._extent:
            return
        self._extent = (w, h)
        self._aspect = h / w if w else 1.0
        self.vb.setRange(xRange=(0, w), yRange=(0, h), padding=0.0)
        self.updateGeometry()

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt's name
        return True

    def heightForWidth(self, w: int) -> int:  # noqa: N802 - Qt's name
        return max(24, round(w * self._aspect))

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(240, self.heightForWidth(240))

    def _image_pos(self, ev) -> QPointF:
        return self.vb.mapSceneToView(self.mapToScene(ev.position().toPoint()))

    def mouseMoveEvent(self, ev) -> None:  # noqa: N802 - Qt's name
        super().mouseMoveEvent(ev)
        p = self._image_pos(ev)
        self.hovered.emit(p.x(), p.y())

    def mousePressEvent(self, ev) -> None:  # noqa: N802 - Qt's name
        super().mousePressEvent(ev)
        if ev.button() == Qt.MouseButton.LeftButton:
            p = self._image_pos(ev)
            self.clicked.emit(p.x(), p.y())

    def leaveEvent(self, ev) -> None:  # noqa: N802 - Qt's name
        super().leaveEvent(ev)
        self.hovered.emit(-1.0, -1.0)

    def wheelEvent(self, ev) -> None:  # noqa: N802 - Qt's name
        ev.ignore()  # nothing here zooms: let the page around it scroll


class MosaicView(ImagePane):
    """Many same-sized maps (C, H, W) tiled in one image item, with a gap between tiles.

    Values go in already scaled to -1..1 (see :func:`signed_scale`) and are drawn through
    :data:`DIVERGING_LUT`. :meth:`tile_at` turns a pointer position into (map, y, x).
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, background=style.CARD)
        self.image = self.add_image(DIVERGING_LUT, (-1.0, 1.0))
        self.selection = self.add_rect(FIELD, 2.0)
        self._shape = (0, 0, 0)
        self._grid = (1, 1)
        self._gap = 1
        self._buf: np.ndarray | None = None  # the tiles' colours, gaps in the card's colour
        self._maps = np.zeros((0, 1, 1), np.float32)

    @property
    def count(self) -> int:
        return self._shape[0]

    @property
    def map_shape(self) -> tuple[int, int]:
        return self._shape[1], self._shape[2]

    @property
    def grid(self) -> tuple[int, int]:
        return self._grid

    def _layout(self, c: int, h: int, w: int) -> None:
        if (c, h, w) == self._shape:
            return
        self._shape = (c, h, w)
        self._grid = grid_shape(c)
        self._gap = max(1, round(max(h, w) / 9))
        rows, cols = self._grid
        g = self._gap
        self._buf = np.full((rows, h + g, cols, w + g), _GAP_PIXEL, dtype=np.uint32)
        self.set_extent(cols * (w + g) - g, rows * (h + g) - g)
        self.selection.setVisible(False)

    def set_maps(self, maps: np.ndarray) -> None:
        """Show maps (C, H, W) whose values are already in -1..1."""
        c, h, w = maps.shape
        self._layout(c, h, w)
        rows, cols = self._grid
        buf = self._buf
        assert buf is not None
        colours = np.full((rows * cols, h, w), _GAP_PIXEL, np.uint32)
        colours[:c] = np.take(_DIVERGING_PACKED, colour_index(maps, (-1.0, 1.0)))
        buf[:, :h, :, :w] = colours.reshape(rows, cols, h, w).transpose(0, 2, 1, 3)
        g = self._gap
        hh, ww = rows * (h + g) - g, cols * (w + g) - g
        px = np.ascontiguousarray(buf.reshape(rows * (h + g), cols * (w + g))[:hh, :ww])
        self.image.set_colours(px.view(np.uint8).reshape(hh, ww, 4))
        self._maps = maps

    @property
    def shown(self) -> np.ndarray:
        """The values shown, tiled as on screen (NaN in the gaps)."""
        c, h, w = self._shape
        rows, cols = self._grid
        g = self._gap
        full = np.full((rows * cols, h + g, w + g), np.nan, dtype=np.float32)
        full[:c, :h, :w] = self._maps
        return full.reshape(rows, cols, h + g, w + g).transpose(0, 2, 1, 3).reshape(
            rows * (h + g), cols * (w + g))[: rows * (h + g) - g, : cols * (w + g) - g]

    def tile_at(self, x: float, y: float) -> tuple[int, int, int] | None:
        """The map and the unit (map, row, column) under image position (x, y), if any."""
        c, h, w = self._shape
        if not c or x < 0 or y < 0:
            return None
        g = self._gap
        col, xx = divmod(int(x), w + g)
        row, yy = divmod(int(y), h + g)
        k = row * self._grid[1] + col
        if xx >= w or yy >= h or col >= self._grid[1] or k >= c:
            return None
        return k, yy, xx

    def tile_rect(self, k: int) -> QRectF:
        _, h, w = self._shape
        g = self._gap
        row, col = divmod(k, self._grid[1])
        return QRectF(col * (w + g), row * (h + g), w, h)

    def select(self, k: int | None) -> None:
        """Outline map ``k`` (or none)."""
        if k is None or not 0 <= k < self._shape[0]:
            self.selection.setVisible(False)
            return
        self.selection.setRect(self.tile_rect(k).adjusted(-0.5, -0.5, 0.5, 0.5))
        self.selection.setVisible(True)


# ---------------------------------------------------------------------------------------------
# Bars


#: a probability bar taller than this has its figure written inside its top, not above it
INSIDE_LABEL = 0.75


class BarsView(pg.PlotWidget):
    """A vector as bars, created once; signed values in two colours, or probabilities.

    ``digits=True`` labels the ten bars 0-9 and highlights the largest; hover reports the bar
    under the pointer with ``hovered(index)`` (-1 when none).
    """

    hovered = Signal(int)
    #: bar i was clicked
    clicked = Signal(int)

    def __init__(self, n: int, digits: bool = False, probabilities: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent, background=style.CARD)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setMouseTracking(True)
        self._n = n
        self._digits = digits
        self._probs = probabilities
        item = self.getPlotItem()
        item.setMenuEnabled(False)
        item.hideButtons()
        item.setMouseEnabled(x=False, y=False)
        item.getViewBox().setDefaultPadding(0.0)
        item.setXRange(-0.6, n - 0.4, padding=0)
        axis_pen = pg.mkPen(style.BORDER)
        bottom = item.getAxis("bottom")
        bottom.setPen(axis_pen)
        bottom.setTextPen(pg.mkPen(style.MUTED))
        bottom.setStyle(tickLength=0, tickTextOffset=4)
        if digits:
            bottom.setTicks([[(i, str(i)) for i in range(n)], []])
        else:
            step = 16 if n > 64 else 8 if n > 16 else 1
            bottom.setTicks([[(i, str(i)) for i in range(0, n, step)], []])
        bottom.setTickFont(small_font(self.font(), -1, bold=digits))
        left = item.getAxis("left")
        left.setPen(axis_pen)
        left.setTextPen(pg.mkPen(style.FAINT))
        left.setStyle(tickLength=0, tickTextOffset=3)
        left.setWidth(34)
        left.setTickFont(small_font(self.font(), -2))
        for ax in (bottom, left):
            ax.enableAutoSIPrefix(False)
        self.zero = pg.InfiniteLine(pos=0.0, angle=0, pen=pg.mkPen(QColor(0, 0, 0, 60)))
        item.addItem(self.zero)
        self._x = np.arange(n, dtype=float)
        width = 0.8 if n <= 16 else 0.9
        # two single-colour items (positive and negative, or the top digit and the rest) draw far
        # faster than one item with a brush per bar
        first, second = (style.BAR, style.ACCENT) if probabilities else (POSITIVE, NEGATIVE)
        self.bars = pg.BarGraphItem(x=self._x, height=np.zeros(n), width=width, brush=QColor(first),
                                    pen=pg.mkPen(None))
        self.bars2 = pg.BarGraphItem(x=self._x, height=np.zeros(n), width=width, brush=QColor(second),
                                     pen=pg.mkPen(None))
        item.addItem(self.bars)
        item.addItem(self.bars2)
        self.labels: list[pg.TextItem] = []
        self._label_text = [""] * n
        self._label_inside = [False] * n
        if probabilities:
            for i in range(n):
                t = pg.TextItem("", color=style.MUTED, anchor=(0.5, 1.0))
                t.setFont(small_font(self.font(), -2))
                item.addItem(t)
                self.labels.append(t)
            item.setYRange(0.0, 1.2, padding=0)
        self._range = (0.0, 0.0)
        self.values = np.zeros(n, dtype=np.float32)
        self.setMinimumHeight(90)

    def set_values(self, v: np.ndarray) -> None:
        v = np.asarray(v, dtype=np.float32).reshape(-1)
        self.values = v
        if self._probs:
            top = int(np.argmax(v)) if v.size else -1
            rest = v.copy()
            only = np.zeros_like(v)
            if top >= 0:
                rest[top], only[top] = 0.0, v[top]
            self.bars.setOpts(height=rest)
            self.bars2.setOpts(height=only)
            for i, t in enumerate(self.labels):
                text = f"{v[i] * 100:.0f}%" if v[i] >= 0.005 else ""
                inside = bool(v[i] > INSIDE_LABEL)  # written in the bar's top: no room needed above it
                if text != self._label_text[i]:
                    self._label_text[i] = text
                    t.setText(text)
                if text:
                    if inside != self._label_inside[i]:
                        self._label_inside[i] = inside
                        t.setAnchor((0.5, 0.0) if inside else (0.5, 1.0))
                        t.setColor("#ffffff" if inside else style.MUTED)
                    t.setPos(i, float(v[i]) - 0.02 if inside else float(v[i]) + 0.02)
            return
        self.bars.setOpts(height=np.maximum(v, 0.0))
        self.bars2.setOpts(height=np.minimum(v, 0.0))
        lo, hi = float(min(0.0, v.min(initial=0.0))), float(max(0.0, v.max(initial=0.0)))
        pad = 0.08 * max(hi - lo, 1e-6)
        want = (lo - (pad if lo < 0 else 0.0), hi + pad)
        cur_lo, cur_hi = self._range
        # move the axis only when the bars leave it or shrink well inside it: steadier, and cheaper
        if want[0] < cur_lo or want[1] > cur_hi or (want[1] - want[0]) < 0.6 * (cur_hi - cur_lo):
            self._range = want
            self.getPlotItem().setYRange(*want, padding=0)

    def bar_at(self, pos) -> int:
        """The bar under a widget position, or -1."""
        vb = self.getPlotItem().getViewBox()
        p = vb.mapSceneToView(self.mapToScene(pos.toPoint()))
        i = round(p.x())
        return i if 0 <= i < self._n and abs(p.x() - i) <= 0.5 else -1

    def mouseMoveEvent(self, ev) -> None:  # noqa: N802 - Qt's name
        super().mouseMoveEvent(ev)
        self.hovered.emit(self.bar_at(ev.position()))

    def mousePressEvent(self, ev) -> None:  # noqa: N802 - Qt's name
        super().mousePressEvent(ev)
        i = self.bar_at(ev.position())
        if ev.button() == Qt.MouseButton.LeftButton and i >= 0:
            self.clicked.emit(i)

    def leaveEvent(self, ev) -> None:  # noqa: N802 - Qt's name
        super().leaveEvent(ev)
        self.hovered.emit(-1)

    def wheelEvent(self, ev) -> None:  # noqa: N802 - Qt's name
        ev.ignore()
