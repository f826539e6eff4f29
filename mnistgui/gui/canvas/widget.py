"""The drawing canvas: a square sheet of paper that records vector strokes.

Mouse, tablet and touch all end in the same three steps (:meth:`DrawingCanvas.begin_stroke`,
``extend_stroke``, ``end_stroke``) over a :class:`~mnistgui.gui.canvas.drawing.Drawing`; a finished stroke,
an erasure, a clear, an opened image and a pen width change are commands on the canvas's
``QUndoStack``. Stroke files replay through the same steps.
"""

from __future__ import annotations

import enum
import os
from typing import Any

import numpy as np
from PySide6.QtCore import QEvent, QPointF, QRect, QRectF, QSize, Qt, Signal, Slot
from PySide6.QtGui import QGuiApplication, QImage, QInputDevice, QKeySequence, QPainter, QPointingDevice, QUndoStack
from PySide6.QtWidgets import QSizePolicy, QWidget

from mnistgui.core.errors import MnistguiError
from mnistgui.core.canvas import Background, compose_canvas, preprocess_canvas
from mnistgui.core.preprocess import DEFAULT_PEN_WIDTH, PreprocessConfig, PreprocessResult, save_strokes
from mnistgui.gui.canvas import transfer
from mnistgui.gui.canvas.commands import AddStrokeCommand, PenWidthCommand, ReplaceStrokesCommand, SetContentCommand
from mnistgui.gui.canvas.drawing import Drawing, clamp_pen_width
from mnistgui.gui.canvas.marks import Mark, mark_at, paint_marks
from mnistgui.gui.canvas.sheet import SheetPainter
from mnistgui.gui.canvas.strokes import erase

class Tool(str, enum.Enum):
    PEN = "pen"
    ERASER = "eraser"


class DrawingCanvas(QWidget):
    """A resizable square drawing area over a :class:`Drawing`, with undo."""

    #: The drawing changed: during a stroke (every point) and after every edit, undo and redo.
    drawing_changed = Signal()
    #: The canvas changed size (the paper, and an image laid on it, are placed anew).
    resized = Signal()
    #: The active tool changed ("pen" or "eraser").
    tool_changed = Signal(str)
    #: The pen width changed (fraction of the canvas side).
    pen_width_changed = Signal(float)
    #: A background image was set (its name: file name, "clipboard" or "dropped image").
    image_loaded = Signal(str)
    #: A file, clipboard content or drop could not be read; the message says why.
    load_failed = Signal(str)
    #: The label of a mark (see :meth:`set_marks`) was clicked: its index.
    mark_clicked = Signal(int)

    MARGIN = 10
    #: A strip (see :meth:`set_strip`) is at least this many times as wide as it is high.
    STRIP_MIN_ASPECT = 2.5

    def __init__(self, parent: QWidget | None = None, pen_width: float = DEFAULT_PEN_WIDTH, *,
                 drawing: Drawing | None = None, undo_stack: QUndoStack | None = None) -> None:
        """``drawing`` and ``undo_stack`` make this canvas a second view of another canvas's
        document: both show, and edit, the same strokes with the same undo history."""
        super().__init__(parent)
        self.setObjectName("DrawingCanvas")
        self._drawing = drawing if drawing is not None else Drawing(pen_width, self)
        self._stack = undo_stack if undo_stack is not None else QUndoStack(self)
        self._tool = Tool.PEN
        #: the eraser's own size (its ring's radius, canvas-relative); None: as wide as the pen
        self._eraser_size: float | None = None
        self._gesture: Tool | None = None
        self._gesture_source = ""  # "mouse", "tablet", "touch" or "replay"
        self._gesture_button = Qt.MouseButton.LeftButton
        self._erase_before: tuple = ()
        self._erase_last: tuple[float, float] | None = None
        self._pushing = False
        self._hover: QPointF | None = None
        self._shown_pen_width = self._drawing.pen_width
        self._sheet = SheetPainter(self, self._drawing)
        self._strip = False
        self._marks: list[Mark] = []
        self.raster_size = PreprocessConfig().raster_size  # for the PNG export

        self.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents, True)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, True)
        self.setAcceptDrops(True)
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMinimumSize(220, 220)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName(self.tr("Drawing canvas"))

        self._drawing.changed.connect(self._on_drawing_changed)
        self._stack.indexChanged.connect(self._on_stack_index_changed)

    # ------------------------------------------------------------------------------------------
    # Public state

    @property
    def drawing(self) -> Drawing:
        return self._drawing

    @property
    def undo_stack(self) -> QUndoStack:
        return self._stack

    def strokes(self) -> list[list[tuple[float, float]]]:
        """All strokes, the one being drawn included, as lists of ``(x, y)`` (0..1, y down)."""
        return [list(s) for s in self._drawing.all_strokes()]

    def pen_width(self) -> float:
        return self._drawing.pen_width

    def tool(self) -> Tool:
        return self._tool

    def is_empty(self) -> bool:
        return not self._drawing.has_ink()

    def is_drawing(self) -> bool:
        """A stroke or an erasure is under way."""
        return self._gesture is not None

    def set_overlay(self, rgba: np.ndarray | None,
                    rect: tuple[float, float, float, float] = (0.0, 0.0, 1.0, 1.0)) -> None:
        """Show an image over the drawing (e.g. a heat map), or none.

        ``rgba`` is (h, w, 4) uint8 with straight alpha; ``rect`` is where it goes,
        ``(x0, y0, x1, y1)`` in canvas-relative coordinates (it may reach past the paper, which
        clips it). It is scaled smoothly and never becomes part of the drawing.
        """
        if rgba is None:
            if self._sheet.has_overlay:
                self._sheet.set_overlay(None)
                self.update()
            return
        a = np.ascontiguousarray(rgba, dtype=np.uint8)
        if a.ndim != 3 or a.shape[2] != 4:
            raise ValueError(f"set_overlay expects an (h, w, 4) RGBA array, got shape {a.shape}")
        h, w = a.shape[:2]
        img = QImage(a.data, w, h, 4 * w, QImage.Format.Format_RGBA8888).copy()
        self._sheet.set_overlay(img, rect)
        self.update()

    def has_overlay(self) -> bool:
        return self._sheet.has_overlay

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(560, 560)

    def set_strip(self, strip: bool) -> None:
        """A wide strip of paper, to write a number on, or the square sheet for one digit. The
        strokes stay: coordinates are in units of the paper's height either way."""
        if strip != self._strip:
            self._strip = strip
            self._sheet.invalidate()
            self.update()

    def is_strip(self) -> bool:
        return self._strip

    def aspect(self) -> float:
        """The paper's width over its height (1 for the square sheet)."""
        r = self.paper_rect()
        return r.width() / r.height()

    def set_marks(self, marks: list[Mark]) -> None:
        """Boxes with labels over the drawing (the digits of a number as read), or none."""
        if marks != self._marks:
            self._marks = list(marks)
            self.update()

    def marks(self) -> list[Mark]:
        return list(self._marks)

    # ------------------------------------------------------------------------------------------
    # Geometry

    def paper_rect(self) -> QRectF:
        """The drawing area, in widget coordinates: a square, or a strip as wide as the widget."""
        m = self.MARGIN
        if self._strip:
            w = max(1.0, self.width() - 2 * m)
            h = max(1.0, min(self.height() - 2 * m, w / self.STRIP_MIN_ASPECT))
            return QRectF(m, m, w, h)  # at the top, under the number as read
        side = max(1.0, min(self.width(), self.height()) - 2 * m)
        return QRectF((self.width() - side) / 2.0, (self.height() - side) / 2.0, side, side)

    def to_canvas(self, pos: QPointF) -> tuple[float, float]:
        """Widget position -> canvas coordinates ``(x, y)``, in units of the paper's height."""
        r = self.paper_rect()
        return ((pos.x() - r.x()) / r.height(), (pos.y() - r.y()) / r.height())

    def to_widget(self, x: float, y: float) -> QPointF:
        """Canvas coordinates ``(x, y)`` -> widget position."""
        r = self.paper_rect()
        return QPointF(r.x() + x * r.height(), r.y() + y * r.height())

    def eraser_radius(self) -> float:
        """The eraser ring's radius, canvas-relative: its own size once set, else the pen's width
        (at least 2.5%)."""
        if self._eraser_size is not None:
            return self._eraser_size
        return max(self._drawing.pen_width, 0.025)

    def set_eraser_size(self, size: float) -> None:
        """Give the eraser a size of its own (the pen keeps its width; not an edit of the drawing)."""
        self._eraser_size = clamp_pen_width(size)
        self.update()

    # ------------------------------------------------------------------------------------------
    # Tools and edits

    def set_tool(self, tool: Tool | str) -> None:
        tool = Tool(tool)
        if tool != self._tool:
            self._tool = tool
            self._update_cursor()
            self.update()
            self.tool_changed.emit(tool.value)

    def set_pen_width(self, width: float) -> None:
        """Change the pen width of the whole drawing (undoable; slider drags merge)."""
        width = clamp_pen_width(width)
        if width != self._drawing.pen_width:
            self._push(PenWidthCommand(self._drawing, width))

    def clear(self) -> bool:
        """Remove every stroke and the background image (undoable). False if already empty."""
        self.cancel_gesture()
        if not self._drawing.strokes and self._drawing.background is None:
            return False
        self._push(SetContentCommand(self._drawing, (), None, self.tr("Clear")))
        return True

    def undo(self) -> None:
        self.cancel_gesture()
        self._stack.undo()

    def redo(self) -> None:
        self.cancel_gesture()
        self._stack.redo()

    def _push(self, cmd) -> None:
        self._pushing = True
        try:
            self._stack.push(cmd)
        finally:
            self._pushing = False

    # ------------------------------------------------------------------------------------------
    # The three steps every input device goes through (canvas-relative coordinates)

    def begin_stroke(self, x: float, y: float, tool: Tool | None = None, source: str = "mouse") -> None:
        self.cancel_gesture()
        tool = tool or self._tool
        self._gesture = tool
        self._gesture_source = source
        if tool is Tool.PEN:
            self._drawing.begin_live(x, y)
        else:
            self._erase_before = self._drawing.strokes
            self._erase_last = (x, y)
            self._erase_to(x, y)

    def extend_stroke(self, x: float, y: float) -> None:
        if self._gesture is Tool.PEN:
            self._drawing.extend_live(x, y)
        elif self._gesture is Tool.ERASER:
            self._erase_to(x, y)

    def end_stroke(self, x: float | None = None, y: float | None = None) -> None:
        if x is not None and y is not None:
            self.extend_stroke(x, y)
        gesture, self._gesture = self._gesture, None
        if gesture is Tool.PEN:
            stroke = self._drawing.take_live()
            if stroke:
                self._push(AddStrokeCommand(self._drawing, stroke))
        elif gesture is Tool.ERASER:
            after = self._drawing.strokes
            if after is not self._erase_before:
                self._push(ReplaceStrokesCommand(self._drawing, self._erase_before, after))
            self._erase_before = ()
            self._erase_last = None

    def cancel_gesture(self) -> None:
        """Abandon a stroke or erasure under way (e.g. when an undo comes in the middle of it)."""
        gesture, self._gesture = self._gesture, None
        if gesture is Tool.PEN:
            self._drawing.drop_live()
        elif gesture is Tool.ERASER:
            if self._drawing.strokes is not self._erase_before and not self._pushing:
                self._drawing.set_strokes(self._erase_before)
            self._erase_before = ()
            self._erase_last = None

    def _erase_to(self, x: float, y: float) -> None:
        last = self._erase_last or (x, y)
        path = [last, (x, y)] if last != (x, y) else [(x, y)]
        self._erase_last = (x, y)
        # cut where the ring touches ink: the centre line within radius + half the pen
        result = erase(self._drawing.strokes, path, self.eraser_radius() + self._drawing.pen_width / 2.0)
        if result is not None:
            self._drawing.set_strokes(result)

    # ------------------------------------------------------------------------------------------
    # Replay, images, files

    def replay(self, data: Any, clear: bool = True) -> None:
        """Draw strokes exactly as a user would: point by point, stroke by stroke, as one step.

        ``data`` is a stroke sample, a list of samples (the first is drawn), or a list of strokes
        (each a list of ``[x, y]``). A sample's ``pen_width`` is applied first.
        """
        sample = transfer.as_sample(data)
        self.cancel_gesture()
        self._stack.beginMacro(self.tr("Replay strokes"))
        try:
            if clear:
                self.clear()
            pw = sample.meta.get("pen_width")
            if isinstance(pw, (int, float)) and not isinstance(pw, bool) and pw > 0:
                self.set_pen_width(pw)
            for stroke in sample.strokes:
                pts = list(stroke)
                if not pts:
                    continue
                self.begin_stroke(pts[0][0], pts[0][1], Tool.PEN, source="replay")
                for x, y in pts[1:]:
                    self.extend_stroke(x, y)
                self.end_stroke()
        finally:
            self._stack.endMacro()

    def open_strokes(self, path: str | os.PathLike) -> bool:
        """Replay the first sample of a stroke file; False (and ``load_failed``) if unreadable."""
        return self._load(transfer.read_strokes, path)

    def open_image(self, path: str | os.PathLike) -> bool:
        """Make an image file the background (undoable); False (and ``load_failed``) if unreadable."""
        return self._load(transfer.read_image, path)

    def set_image(self, gray: np.ndarray, name: str = "") -> None:
        """A grey image (ink = 1) becomes the background, replacing the drawing (undoable)."""
        self.cancel_gesture()
        self._push(SetContentCommand(self._drawing, (), Background(np.asarray(gray, np.float32), name),
                                     self.tr("Open image")))
        self.image_loaded.emit(name)

    def paste(self) -> bool:
        """Paste an image, an image file or stroke JSON from the clipboard."""
        mime = QGuiApplication.clipboard().mimeData()
        if mime is None or not self.can_accept(mime):
            self.load_failed.emit(self.tr("the clipboard holds no image, image file or strokes to paste"))
            return False
        return self.load_mime(mime, "clipboard")

    def can_accept(self, mime) -> bool:
        return transfer.accepts(mime)

    def load_mime(self, mime, what: str = "dropped data") -> bool:
        """Load clipboard or drop data: a file (image or stroke JSON), an image, or stroke JSON."""
        return self._load(transfer.read_mime, mime, what)

    def _load(self, read, *args) -> bool:
        try:
            content = read(*args)
        except MnistguiError as exc:
            self.load_failed.emit(str(exc))
            return False
        if isinstance(content, transfer.Image):
            self.set_image(content.gray, content.name)
        else:
            self.replay(content)
        return True

    def preprocessed(self, cfg: PreprocessConfig) -> PreprocessResult:
        """What the canvas holds as the model's input under ``cfg``: the core's one reading of a
        canvas (:func:`~mnistgui.core.preprocess.preprocess_canvas`), as the Draw tab reads it."""
        d = self._drawing
        return preprocess_canvas(d.all_strokes(), d.background, d.pen_width, cfg)

    def composite(self, cfg: PreprocessConfig | None = None) -> np.ndarray:
        """The canvas as one square grey image (ink = 1), as the core composes it (for the PNG
        export)."""
        cfg = cfg or PreprocessConfig(raster_size=self.raster_size)
        bg = self._drawing.background
        return compose_canvas(
            self._drawing.all_strokes(),
            None if bg is None else bg.square(cfg.raster_size),
            cfg,
            self._drawing.pen_width,
        )

    def save_strokes(self, path: str | os.PathLike) -> None:
        """Write the strokes (and the pen width) as a stroke file, atomically."""
        save_strokes(path, [self._drawing.to_sample()])

    def save_png(self, path: str | os.PathLike, cfg: PreprocessConfig | None = None) -> None:
        """Write the composite as a dark-on-light grey PNG, atomically."""
        transfer.write_png(path, self.composite(cfg))

    # ------------------------------------------------------------------------------------------
    # Reacting to the model

    @Slot()
    def _on_drawing_changed(self) -> None:
        d = self._drawing
        if d.revision != self._sheet.painted_revision:
            self._sheet.invalidate()  # committed content changed: repaint everything
            self.update()
            if d.pen_width != self._shown_pen_width:
                self._shown_pen_width = d.pen_width
                self.pen_width_changed.emit(d.pen_width)
        elif d.live:
            pts = d.live
            if len(pts) == 1 and not d.strokes and d.background is None:
                self.update()  # the first ink: the "Draw a digit here" hint goes at once
            else:
                self.update(self._segment_rect(pts[-2] if len(pts) > 1 else pts[-1], pts[-1]))
        else:
            if self._sheet.live_painted:  # a stroke was abandoned: its ink is in the cache
                self._sheet.invalidate()
            self.update()
        self.drawing_changed.emit()

    @Slot(int)
    def _on_stack_index_changed(self, _index: int) -> None:
        if self._gesture is not None and not self._pushing:
            self.cancel_gesture()

    def _segment_rect(self, a, b) -> QRect:
        pa, pb = self.to_widget(*a), self.to_widget(*b)
        pad = self._drawing.pen_width * self.paper_rect().height() / 2.0 + 3.0
        return QRectF(pa, pb).normalized().adjusted(-pad, -pad, pad, pad).toAlignedRect()

    # ------------------------------------------------------------------------------------------
    # Painting

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt's name
        erasing = self._tool is Tool.ERASER or self._gesture is Tool.ERASER
        p = QPainter(self)
        self._sheet.paint(p, self._hover if erasing else None, self.eraser_radius())
        paint_marks(p, self, self._marks)
        p.end()

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        self._sheet.invalidate()
        super().resizeEvent(event)
        self.resized.emit()

    def _update_cursor(self) -> None:
        self.setCursor(Qt.CursorShape.BlankCursor if self._tool is Tool.ERASER else Qt.CursorShape.CrossCursor)

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        self._update_cursor()
        super().showEvent(event)

    # ------------------------------------------------------------------------------------------
    # Input: mouse, tablet, touch, keys, drops

    def _inside(self, pos: QPointF) -> bool:
        return self.paper_rect().adjusted(-4, -4, 4, 4).contains(pos)

    def _set_hover(self, pos: QPointF | None) -> None:
        if self._tool is not Tool.ERASER and self._gesture is not Tool.ERASER:
            self._hover = pos
            return
        r = self.eraser_radius() * self.paper_rect().height() + 3
        for old in (self._hover, pos):
            if old is not None:
                self.update(QRectF(old.x() - r, old.y() - r, 2 * r, 2 * r).toAlignedRect())
        self._hover = pos

    def mousePressEvent(self, event) -> None:  # noqa: N802 - Qt's name
        pos = event.position()
        button = event.button()
        hit = mark_at(self, self._marks, pos) if button == Qt.MouseButton.LeftButton else None
        if hit is not None:  # a digit's label: show that digit, draw nothing
            self.mark_clicked.emit(hit)
            event.accept()
            return
        if button in (Qt.MouseButton.LeftButton, Qt.MouseButton.RightButton) and self._inside(pos):
            # the right button erases whatever the tool, like the back of a pencil
            tool = Tool.ERASER if button == Qt.MouseButton.RightButton else self._tool
            self._set_hover(pos)
            self.begin_stroke(*self.to_canvas(pos), tool=tool, source="mouse")
            self._gesture_button = button
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event) -> None:  # noqa: N802 - Qt's name
        pos = event.position()
        self._set_hover(pos)
        if self._gesture is not None and self._gesture_source == "mouse":
            self.extend_stroke(*self.to_canvas(pos))
            event.accept()
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if (
            self._gesture is not None
            and self._gesture_source == "mouse"
            and event.button() == self._gesture_button
        ):
            self.end_stroke(*self.to_canvas(event.position()))
            event.accept()
            return
        super().mouseReleaseEvent(event)

    def leaveEvent(self, event) -> None:  # noqa: N802 - Qt's name
        self._set_hover(None)
        super().leaveEvent(event)

    def tabletEvent(self, event) -> None:  # noqa: N802 - Qt's name
        pos = event.position()
        t = event.type()
        eraser_end = event.pointerType() == QPointingDevice.PointerType.Eraser
        if t == QEvent.Type.TabletPress:
            if self._inside(pos):
                self.begin_stroke(*self.to_canvas(pos), tool=Tool.ERASER if eraser_end else self._tool,
                                  source="tablet")
        elif t == QEvent.Type.TabletMove:
            self._set_hover(pos)
            if self._gesture is not None and self._gesture_source == "tablet":
                self.extend_stroke(*self.to_canvas(pos))
        elif t == QEvent.Type.TabletRelease:
            if self._gesture is not None and self._gesture_source == "tablet":
                self.end_stroke(*self.to_canvas(pos))
        event.accept()  # no synthesised mouse events: the tablet path handled it

    def event(self, event) -> bool:
        t = event.type()
        if t in (QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate, QEvent.Type.TouchEnd, QEvent.Type.TouchCancel):
            dev = event.device()
            if dev is not None and dev.type() != QInputDevice.DeviceType.TouchScreen:
                return super().event(event)  # touchpads move the pointer; they do not draw
            points = event.points()
            if t == QEvent.Type.TouchCancel:
                self.cancel_gesture()
            elif points:
                pos = points[0].position()
                if t == QEvent.Type.TouchBegin:
                    if self._inside(pos):
                        self.begin_stroke(*self.to_canvas(pos), source="touch")
                elif self._gesture is not None and self._gesture_source == "touch":
                    if t == QEvent.Type.TouchUpdate:
                        self.extend_stroke(*self.to_canvas(pos))
                    else:
                        self.end_stroke(*self.to_canvas(pos))
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt's name
        # In the main window these are menu shortcuts; on its own the canvas handles them itself.
        if event.matches(QKeySequence.StandardKey.Undo):
            self.undo()
        elif event.matches(QKeySequence.StandardKey.Redo):
            self.redo()
        elif event.matches(QKeySequence.StandardKey.Paste):
            self.paste()
        elif event.key() in (Qt.Key.Key_Escape, Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.clear()
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def dragEnterEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if self.can_accept(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event) -> None:  # noqa: N802 - Qt's name
        event.acceptProposedAction()

    def dropEvent(self, event) -> None:  # noqa: N802 - Qt's name
        event.acceptProposedAction()
        self.load_mime(event.mimeData(), "dropped data")

