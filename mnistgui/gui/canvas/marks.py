"""Marks over the canvas's drawing: one box per digit of a written number, with its reading.

A mark is a rectangle in canvas coordinates with a short label (the digit and its probability),
drawn in the accent colour, or in the unsure colour with a "?" when the model hesitates; the
selected one is drawn heavier with a filled label. Marks are never part of the drawing.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen

from mnistgui.gui.widgets import style


@dataclass(frozen=True)
class Mark:
    box: tuple[float, float, float, float]  # (x0, y0, x1, y1), canvas coordinates
    text: str  # e.g. "7  98%"
    unsure: bool = False
    selected: bool = False
    short: str = ""  # what the label says where the full text would run into the next one


def _font(widget) -> QFont:
    return style.font(widget.font(), 0, QFont.Weight.DemiBold)


def box_rect(canvas, mark: Mark) -> QRectF:
    x0, y0, x1, y1 = mark.box
    return QRectF(canvas.to_widget(x0, y0), canvas.to_widget(x1, y1)).adjusted(-3, -3, 3, 3)


def label_rect(canvas, mark: Mark, text: str | None = None) -> QRectF:
    """Where a mark's label goes: above its box, or inside its top when the paper ends there."""
    fm = QFontMetricsF(_font(canvas))
    box = box_rect(canvas, mark)
    w, h = fm.horizontalAdvance(mark.text if text is None else text) + 10, fm.height() + 4
    paper = canvas.paper_rect()
    top = box.top() - h - 1
    if top < paper.top() + 1:
        top = box.top() + 1
    left = min(max(box.left(), paper.left() + 1), paper.right() - w - 1)
    return QRectF(left, top, w, h)


def labels(canvas, marks) -> list[tuple[QRectF, str]]:
    """Each mark's label and its place, left to right: the short text where the full one would
    run into the next label, and moved right, off the label before it, where boxes overlap
    (digits that touch)."""
    out: list[tuple[QRectF, str]] = []
    paper = canvas.paper_rect()
    for i, m in enumerate(marks):
        text = m.text
        rect = label_rect(canvas, m, text)
        nxt = marks[i + 1] if i + 1 < len(marks) else None
        if m.short and nxt is not None and rect.right() + 2 > box_rect(canvas, nxt).left():
            text = m.short
            rect = label_rect(canvas, m, text)
        if out and rect.top() < out[-1][0].bottom() and rect.bottom() > out[-1][0].top():
            clear = out[-1][0].right() + 2  # just right of the label before, on the same line
            if rect.left() < clear:
                rect.moveLeft(min(clear, paper.right() - rect.width() - 1))
        out.append((rect, text))
    return out


def mark_at(canvas, marks, pos: QPointF) -> int | None:
    """The index of the mark whose label is at ``pos`` (widget coordinates), or None."""
    for i, (rect, _text) in enumerate(labels(canvas, marks)):
        if rect.adjusted(-2, -2, 2, 2).contains(pos):
            return i
    return None


def paint_marks(p: QPainter, canvas, marks) -> None:
    if not marks:
        return
    p.save()
    p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    p.setClipRect(canvas.paper_rect().adjusted(-1, -1, 1, 1))
    p.setFont(_font(canvas))
    for m, (label, text) in zip(marks, labels(canvas, marks)):
        colour = QColor(style.UNSURE if m.unsure else style.ACCENT)
        box = box_rect(canvas, m)
        pen = QPen(colour, 2.5 if m.selected else 1.2)
        if not m.selected:
            pen.setStyle(Qt.PenStyle.DashLine)
        p.setPen(pen)
        fill = QColor(colour)
        fill.setAlpha(22 if m.selected else 0)
        p.setBrush(fill)
        p.drawRoundedRect(box, 4, 4)
        bg = QColor(colour) if m.selected else QColor(255, 255, 255, 230)
        p.setPen(QPen(colour, 1.0))
        p.setBrush(bg)
        p.drawRoundedRect(label, 4, 4)
        p.setPen(QColor("#ffffff") if m.selected else colour)
        p.drawText(label, Qt.AlignmentFlag.AlignCenter, text)
    p.restore()
