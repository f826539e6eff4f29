"""The canvas's document: strokes, an optional background image and the pen width.

The widget draws what this holds; edits that can be undone go through the commands in
:mod:`mnistgui.gui.canvas.commands`, which are the only code that replaces the committed content. The
stroke being drawn right now (``live``) is kept apart until the pen lifts.
"""

from __future__ import annotations

from typing import Sequence

from PySide6.QtCore import QObject, Signal

from mnistgui.core.canvas import Background
from mnistgui.core.preprocess import DEFAULT_PEN_WIDTH, StrokeSample
from mnistgui.gui.canvas.strokes import Point, Stroke, snap

MIN_PEN_WIDTH = 0.01
MAX_PEN_WIDTH = 0.12


def clamp_pen_width(w: float) -> float:
    return round(min(MAX_PEN_WIDTH, max(MIN_PEN_WIDTH, float(w))), 4)


class Drawing(QObject):
    """Strokes in canvas-relative coordinates (0..1, y down) over an optional background."""

    #: Anything shown changed: a committed edit, a point added to the live stroke, the pen width.
    changed = Signal()

    def __init__(self, pen_width: float = DEFAULT_PEN_WIDTH, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._strokes: tuple[Stroke, ...] = ()
        self._background: Background | None = None
        self._pen_width = clamp_pen_width(pen_width)
        self._live: list[Point] | None = None
        #: bumped whenever the committed content (strokes, background, pen width) changes
        self.revision = 0

    # -- reading --------------------------------------------------------------------------------
    @property
    def strokes(self) -> tuple[Stroke, ...]:
        return self._strokes

    @property
    def background(self) -> Background | None:
        return self._background

    @property
    def pen_width(self) -> float:
        return self._pen_width

    @property
    def live(self) -> Sequence[Point] | None:
        return self._live

    def all_strokes(self) -> list[Sequence[Point]]:
        """The committed strokes plus the one being drawn: what the model reads."""
        if self._live:
            return [*self._strokes, self._live]
        return list(self._strokes)

    def has_ink(self) -> bool:
        return bool(self._strokes) or bool(self._live) or self._background is not None

    def to_sample(self) -> StrokeSample:
        """The strokes as a core stroke sample, recording the pen width they were drawn with."""
        return StrokeSample(
            strokes=[list(s) for s in self._strokes], meta={"pen_width": self._pen_width}
        )

    # -- committed edits (called by commands) ---------------------------------------------------
    def set_content(self, strokes: Sequence[Stroke], background: Background | None) -> None:
        self._strokes = tuple(strokes)
        self._background = background
        self._committed()

    def set_strokes(self, strokes: Sequence[Stroke]) -> None:
        self.set_content(strokes, self._background)

    def set_pen_width(self, w: float) -> None:
        w = clamp_pen_width(w)
        if w != self._pen_width:
            self._pen_width = w
            self._committed()

    def _committed(self) -> None:
        self.revision += 1
        self.changed.emit()

    # -- the live stroke ------------------------------------------------------------------------
    def begin_live(self, x: float, y: float) -> None:
        self._live = [snap(x, y)]
        self.changed.emit()

    def extend_live(self, x: float, y: float) -> bool:
        """Add a point to the live stroke; False (and nothing emitted) if it is the same point."""
        if self._live is None:
            return False
        p = snap(x, y)
        if p == self._live[-1]:
            return False
        self._live.append(p)
        self.changed.emit()
        return True

    def take_live(self) -> Stroke | None:
        """End the live stroke and hand it over (to be committed by a command)."""
        live, self._live = self._live, None
        return tuple(live) if live else None

    def drop_live(self) -> None:
        if self._live is not None:
            self._live = None
            self.changed.emit()
