"""Driving the app like a user: mouse strokes through real Qt events; a training control that
tells when the loop is held at a pause."""

from __future__ import annotations

import math
import threading

from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication

from mnistgui.core.events import Control

LEFT = Qt.MouseButton.LeftButton


def _to_widget(canvas, x: float, y: float) -> QPointF:
    r = canvas.paper_rect()
    return QPointF(r.x() + x * r.width(), r.y() + y * r.height())


def mouse_move(canvas, pos: QPointF, buttons=LEFT) -> None:
    """A move with the button held (QTest does not always carry buttons on moves)."""
    ev = QMouseEvent(
        QEvent.Type.MouseMove, pos, canvas.mapToGlobal(pos), Qt.MouseButton.NoButton, buttons,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(canvas, ev)


def draw_stroke(qtbot, canvas, points, button=LEFT, release: bool = True) -> None:
    """Press at the first point, move through the rest, release at the last (canvas coords)."""
    pts = [_to_widget(canvas, x, y) for x, y in points]
    qtbot.mousePress(canvas, button, pos=pts[0].toPoint())
    for p in pts[1:]:
        mouse_move(canvas, p, button)
    if release:
        qtbot.mouseRelease(canvas, button, pos=pts[-1].toPoint())


def draw(qtbot, canvas, strokes, button=LEFT) -> None:
    for s in strokes:
        draw_stroke(qtbot, canvas, s, button)


def densify(points, step: float = 0.01):
    """Points every ``step`` along a polyline, as a mouse reports them."""
    out = [points[0]]
    for a, b in zip(points, points[1:]):
        n = max(1, math.ceil(math.dist(a, b) / step))
        out.extend((a[0] + (b[0] - a[0]) * k / n, a[1] + (b[1] - a[1]) * k / n) for k in range(1, n + 1))
    return out


def widget_point(canvas, x: float, y: float) -> QPoint:
    return _to_widget(canvas, x, y).toPoint()


class HeldControl(Control):
    """A training :class:`~mnistgui.core.events.Control` that tells when the loop is held at a pause.

    :attr:`held` is set while the training thread waits in :meth:`wait_while_paused`, so a test
    waits for that instead of sleeping and guessing.
    """

    def __init__(self) -> None:
        super().__init__()
        self.held = threading.Event()

    def wait_while_paused(self, timeout: float | None = None) -> None:
        if self.paused:
            self.held.set()
        try:
            super().wait_while_paused(timeout)
        finally:
            self.held.clear()
