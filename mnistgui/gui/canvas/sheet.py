"""How the drawing canvas is painted: a sheet of paper lying on the window, with its strokes.

The committed content (sheet, background image, finished strokes) is rendered once into a
pixmap per revision of the :class:`~mnistgui.gui.canvas.drawing.Drawing` and size; during a stroke
only its new points are inked into that pixmap, so a paint costs a blit and one short segment
however long the stroke is. An overlay (a heat map) and the eraser ring are drawn on top.
"""

from __future__ import annotations

from typing import Sequence

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPainter, QPen, QPixmap, QPolygonF
from PySide6.QtWidgets import QWidget

from mnistgui.core.canvas import Background
from mnistgui.core.preprocess import fit_to_square
from mnistgui.gui.canvas.drawing import Drawing
from mnistgui.gui.widgets import imaging

INK = QColor("#1b2130")
PAPER = QColor("#ffffff")
PAPER_EDGE = QColor("#d5dae1")
SURROUND = QColor("#f3f4f6")  # the window colour: the sheet lies on it
HINT = QColor("#9aa3af")
ERASER_RING = QColor("#e0593f")

#: Background images are shown from a copy no larger than this (the model gets full resolution).
_DISPLAY_IMAGE_MAX = 1400


def hint_layout(paper: QRectF, base: QFont) -> list[tuple[QRectF, QFont, str]]:
    """Where an empty sheet's hint goes: ("Draw a digit here", then how else to fill it), each line
    ``(rect, font, text)``, as large as the sheet suits and never wider than it: a line that would
    be wider is written smaller, down to a size still easy to read, and wraps beyond that."""
    strip = paper.width() > paper.height() * 1.5  # a strip to write a number on: a larger hint
    k = 1.6 if strip else 1.0
    hint = (QCoreApplication.translate("DrawingCanvas", "Write a number here") if strip
            else QCoreApplication.translate("DrawingCanvas", "Draw a digit here"))
    sub = QCoreApplication.translate("DrawingCanvas", "or open, paste or drop an image")
    room = paper.width() * 0.9
    lines = []
    for text, size, smallest in ((hint, max(11.0, paper.height() / 26.0 * k), 10.0),
                                 (sub, max(9.0, paper.height() / 44.0 * k), 8.0)):
        f = QFont(base)
        f.setPointSizeF(size)
        while size > smallest and QFontMetricsF(f).horizontalAdvance(text) > room:
            size = max(smallest, size - 0.5)
            f.setPointSizeF(size)
        r = QFontMetricsF(f).boundingRect(QRectF(0, 0, room, 1e4),
                                          int(Qt.AlignmentFlag.AlignHCenter | Qt.TextFlag.TextWordWrap), text)
        lines.append((f, text, r.height()))
    gap = paper.height() * 0.012
    y = paper.center().y() - (lines[0][2] + gap + lines[1][2]) / 2 - paper.height() * 0.02
    out = []
    for f, text, h in lines:
        out.append((QRectF(paper.center().x() - room / 2, y, room, h), f, text))
        y += h + gap
    return out


class SheetPainter:
    """Paints ``drawing`` on ``widget`` within the square the widget's ``paper_rect`` gives."""

    def __init__(self, widget: QWidget, drawing: Drawing) -> None:
        self._widget = widget
        self._drawing = drawing
        self._cache: QPixmap | None = None
        self._cache_key: tuple | None = None
        #: the drawing's revision in the cached pixmap
        self.painted_revision = -1
        #: points of the live stroke already inked into the cached pixmap
        self.live_painted = 0
        self._bg_image: tuple[Background, QImage] | None = None
        self._overlay: tuple[QImage, tuple[float, float, float, float]] | None = None
        self._overlay_scaled: tuple[tuple, QPixmap] | None = None  # scaled once, drawn many times

    def invalidate(self) -> None:
        """Render the committed content again at the next paint."""
        self._cache_key = None

    @property
    def has_overlay(self) -> bool:
        return self._overlay is not None

    def set_overlay(self, image: QImage | None, rect: tuple[float, float, float, float] = (0.0, 0.0, 1.0, 1.0)) -> None:
        self._overlay = None if image is None else (image, tuple(float(v) for v in rect))
        self._overlay_scaled = None

    def ink_pen(self) -> QPen:
        width = max(1.0, self._drawing.pen_width * self._widget.paper_rect().height())
        return QPen(INK, width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin)

    def paint(self, p: QPainter, eraser_at: QPointF | None, eraser_radius: float) -> None:
        """The whole canvas; the eraser ring at ``eraser_at`` (widget coordinates) if given."""
        cache = self._render_cache()
        self._ink_live_into(cache)
        p.drawPixmap(0, 0, cache)
        paper = self._widget.paper_rect()
        if self._overlay is not None:
            p.setClipRect(paper)
            self._paint_overlay(p)
            p.setClipping(False)
        if not self._drawing.has_ink():
            self._paint_hint(p, paper)
        if eraser_at is not None:
            p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            r = eraser_radius * paper.height()
            p.setPen(QPen(ERASER_RING, 1.5))
            p.setBrush(QColor(224, 89, 63, 28))
            p.drawEllipse(eraser_at, r, r)

    def _draw_strokes(self, p: QPainter, strokes: Sequence[Sequence[tuple[float, float]]]) -> None:
        r = self._widget.paper_rect()
        x0, y0, side = r.x(), r.y(), r.height()  # coordinates are in units of the paper's height
        for s in strokes:
            if not s:
                continue
            if len(s) == 1:
                p.drawPoint(QPointF(x0 + s[0][0] * side, y0 + s[0][1] * side))
            else:
                p.drawPolyline(QPolygonF([QPointF(x0 + x * side, y0 + y * side) for x, y in s]))

    def _ink_live_into(self, cache: QPixmap) -> None:
        """Add the live stroke's new points to the cached sheet. (Round caps on each piece make
        the same shape as round joins on the whole; the stroke is drawn whole once the pen lifts
        and the cache is rebuilt.)"""
        live = self._drawing.live
        if not live or len(live) <= self.live_painted:
            return
        p = QPainter(cache)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        p.setClipRect(self._widget.paper_rect())
        p.setPen(self.ink_pen())
        self._draw_strokes(p, [live[max(0, self.live_painted - 1):]])
        p.end()
        self.live_painted = len(live)

    def _background_image(self, bg: Background) -> QImage:
        if self._bg_image is None or self._bg_image[0] is not bg:
            g = bg.gray
            h, w = g.shape
            if max(h, w) > _DISPLAY_IMAGE_MAX:
                side = _DISPLAY_IMAGE_MAX
                sq = fit_to_square(g, side)
                s = side / max(h, w)
                rh, rw = max(1, round(h * s)), max(1, round(w * s))
                y0, x0 = (side - rh) // 2, (side - rw) // 2
                g = sq[y0 : y0 + rh, x0 : x0 + rw]
            self._bg_image = (bg, imaging.gray_to_qimage(g, ink=INK, paper=PAPER))
        return self._bg_image[1]

    def _render_cache(self) -> QPixmap:
        w = self._widget
        dpr = w.devicePixelRatioF()
        key = (w.width(), w.height(), dpr, self._drawing.revision)
        if self._cache is not None and self._cache_key == key:
            return self._cache
        pm = QPixmap(max(1, round(w.width() * dpr)), max(1, round(w.height() * dpr)))
        pm.setDevicePixelRatio(dpr)
        pm.fill(SURROUND)
        p = QPainter(pm)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
        paper = w.paper_rect()
        # a soft shadow, then the sheet
        for i, alpha in ((3, 10), (2, 16), (1, 24)):
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(QColor(20, 30, 50, alpha))
            p.drawRoundedRect(paper.adjusted(-i, -i + 1, i, i + 1), 4 + i, 4 + i)
        p.setBrush(PAPER)
        p.setPen(QPen(PAPER_EDGE, 1.0))
        p.drawRoundedRect(paper.adjusted(-0.5, -0.5, 0.5, 0.5), 4, 4)
        p.setClipRect(paper)
        bg = self._drawing.background
        if bg is not None:
            img = self._background_image(bg)
            h, w_ = bg.gray.shape
            s = min(paper.width() / w_, paper.height() / h)
            tw, th = w_ * s, h * s
            target = QRectF(paper.x() + (paper.width() - tw) / 2, paper.y() + (paper.height() - th) / 2, tw, th)
            p.drawImage(target, img)
        p.setPen(self.ink_pen())
        p.setBrush(Qt.BrushStyle.NoBrush)
        self._draw_strokes(p, self._drawing.strokes)
        p.end()
        self._cache, self._cache_key = pm, key
        self.painted_revision = self._drawing.revision
        self.live_painted = 0
        return pm

    def _paint_overlay(self, p: QPainter) -> None:
        assert self._overlay is not None
        img, (x0, y0, x1, y1) = self._overlay
        target = QRectF(self._widget.to_widget(x0, y0), self._widget.to_widget(x1, y1))
        dpr = self._widget.devicePixelRatioF()
        size = (max(1, round(target.width() * dpr)), max(1, round(target.height() * dpr)))
        if self._overlay_scaled is None or self._overlay_scaled[0] != size:
            scaled = img.scaled(*size, Qt.AspectRatioMode.IgnoreAspectRatio,
                                Qt.TransformationMode.SmoothTransformation)
            pm = QPixmap.fromImage(scaled)
            pm.setDevicePixelRatio(dpr)
            self._overlay_scaled = (size, pm)
        p.drawPixmap(target.topLeft(), self._overlay_scaled[1])

    def _paint_hint(self, p: QPainter, paper: QRectF) -> None:
        p.setPen(HINT)
        for rect, font, text in hint_layout(paper, self._widget.font()):
            p.setFont(font)
            p.drawText(rect, int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap), text)
