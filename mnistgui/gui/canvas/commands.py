"""Undoable edits of a :class:`~mnistgui.gui.canvas.drawing.Drawing`, for its ``QUndoStack``.

Each command holds references to the (immutable) strokes it replaced, never pixels.
"""

from __future__ import annotations

from typing import Sequence

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QUndoCommand

from mnistgui.core.canvas import Background
from mnistgui.gui.canvas.drawing import Drawing
from mnistgui.gui.canvas.strokes import Stroke

_PEN_WIDTH_ID = 1001


class AddStrokeCommand(QUndoCommand):
    def __init__(self, drawing: Drawing, stroke: Stroke, text: str | None = None) -> None:
        super().__init__(QCoreApplication.translate("UndoCommand", "Draw stroke") if text is None else text)
        self._drawing = drawing
        self._stroke = stroke

    def redo(self) -> None:
        self._drawing.set_strokes((*self._drawing.strokes, self._stroke))

    def undo(self) -> None:
        strokes = self._drawing.strokes
        if strokes and strokes[-1] is self._stroke:
            self._drawing.set_strokes(strokes[:-1])
        else:  # should not happen; keep the model consistent anyway
            self._drawing.set_strokes(tuple(s for s in strokes if s is not self._stroke))


class ReplaceStrokesCommand(QUndoCommand):
    """Swap the whole stroke list (the eraser: strokes cut into pieces or removed)."""

    def __init__(self, drawing: Drawing, before: Sequence[Stroke], after: Sequence[Stroke],
                 text: str | None = None) -> None:
        super().__init__(QCoreApplication.translate("UndoCommand", "Erase") if text is None else text)
        self._drawing = drawing
        self._before = tuple(before)
        self._after = tuple(after)

    def redo(self) -> None:
        self._drawing.set_strokes(self._after)

    def undo(self) -> None:
        self._drawing.set_strokes(self._before)


class SetContentCommand(QUndoCommand):
    """Replace strokes and background at once: Clear, or an opened or pasted image."""

    def __init__(self, drawing: Drawing, strokes: Sequence[Stroke], background: Background | None,
                 text: str) -> None:
        super().__init__(text)
        self._drawing = drawing
        self._new = (tuple(strokes), background)
        self._old = (drawing.strokes, drawing.background)

    def redo(self) -> None:
        self._drawing.set_content(*self._new)

    def undo(self) -> None:
        self._drawing.set_content(*self._old)


class PenWidthCommand(QUndoCommand):
    """Change the pen width; consecutive changes (a slider drag) merge into one step."""

    def __init__(self, drawing: Drawing, width: float) -> None:
        super().__init__(QCoreApplication.translate("UndoCommand", "Change pen width"))
        self._drawing = drawing
        self._old = drawing.pen_width
        self._new = width

    def id(self) -> int:  # noqa: A003 - Qt's name
        return _PEN_WIDTH_ID

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 - Qt's name
        if not isinstance(other, PenWidthCommand) or other._drawing is not self._drawing:
            return False
        self._new = other._new
        if self._new == self._old:
            self.setObsolete(True)  # dragged back to where it started: nothing to undo
        return True

    def redo(self) -> None:
        self._drawing.set_pen_width(self._new)

    def undo(self) -> None:
        self._drawing.set_pen_width(self._old)
