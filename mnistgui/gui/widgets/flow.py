"""A row of widgets that wraps onto further lines where the room is too narrow for one.

Qt's box layouts keep a row on one line, so a row of buttons sets the narrowest width its page
can have. :class:`FlowLayout` puts its items side by side while they fit and starts a new line
where they do not, so a page holding it fits a small window (its narrowest width is its widest
item's) and reads as one row in a large one. Its height depends on its width: it reports
``heightForWidth``, and its minimum height is the height of its lines at the width it was last
given, so a page that does not lay out by height for width (a scroll area's page) still grows
by the lines it wraps onto rather than squeezing what is below.
"""

from __future__ import annotations

from typing import Sequence

from PySide6.QtCore import QMargins, QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QHBoxLayout, QLayout, QLayoutItem, QWidget


class FlowLayout(QLayout):
    """Items left to right, wrapped onto new lines where the width runs out; lines ``v_spacing``
    apart, items on a line ``h_spacing`` apart."""

    def __init__(self, parent: QWidget | None = None, h_spacing: int = 6, v_spacing: int = 6) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._width = 0  # the width last given (0: none yet)
        self._h = h_spacing
        self._v = v_spacing
        self.setContentsMargins(0, 0, 0, 0)

    # the QLayout interface -------------------------------------------------------------------

    def addItem(self, item: QLayoutItem) -> None:  # noqa: N802 - Qt's name
        self._items.append(item)
        self.invalidate()

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # noqa: N802 - Qt's name
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # noqa: N802 - Qt's name
        if not 0 <= index < len(self._items):
            return None
        item = self._items.pop(index)
        self.invalidate()
        return item

    def expandingDirections(self) -> Qt.Orientation:  # noqa: N802 - Qt's name
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt's name
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt's name
        return self._arrange(QRect(0, 0, width, 0), place=False)

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802 - Qt's name
        super().setGeometry(rect)
        self._arrange(rect, place=True)
        if rect.width() != self._width:
            before = self.minimumSize().height()
            self._width = rect.width()
            if self.minimumSize().height() != before:
                self.invalidate()  # the layouts above ask again (a layout request, posted)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        """All items on one line."""
        shown = self._shown()
        m = self.contentsMargins()
        w = sum(i.sizeHint().width() for i in shown) + self._h * max(0, len(shown) - 1)
        h = max((i.sizeHint().height() for i in shown), default=0)
        return QSize(w + m.left() + m.right(), h + m.top() + m.bottom())

    def minimumSize(self) -> QSize:  # noqa: N802 - Qt's name
        """As wide as the widest item; as high as the lines are at the width last given (one line
        before any)."""
        m = self.contentsMargins()
        width = max((item.minimumSize().width() for item in self._shown()), default=0) + m.left() + m.right()
        if self._width > 0:
            return QSize(width, self.heightForWidth(max(self._width, width)))
        return QSize(width, self.sizeHint().height())

    # ---------------------------------------------------------------------------------------

    def _shown(self) -> list[QLayoutItem]:
        """The items that take room: not hidden, and not a group whose widgets all are."""
        return [i for i in self._items if not i.isEmpty() and not i.sizeHint().isEmpty()]

    def _arrange(self, rect: QRect, place: bool) -> int:
        """Lay the items out in ``rect`` (or only measure, ``place`` False); the height they take."""
        m: QMargins = self.contentsMargins()
        area = rect.adjusted(m.left(), m.top(), -m.right(), -m.bottom())
        lines: list[list[tuple[QLayoutItem, int, QSize]]] = [[]]
        x = area.x()
        for item in self._shown():
            size = item.sizeHint().expandedTo(item.minimumSize())
            size.setWidth(min(size.width(), max(area.width(), item.minimumSize().width())))
            if lines[-1] and x + size.width() > area.right() + 1:
                x = area.x()
                lines.append([])
            lines[-1].append((item, x, size))
            x += size.width() + self._h
        top = area.y()
        for n, row in enumerate(lines):
            tall = max((s.height() for _i, _x, s in row), default=0)
            if place:
                for item, ix, s in row:  # centred on their line
                    item.setGeometry(QRect(QPoint(ix, top + (tall - s.height()) // 2), s))
            top += tall + (self._v if n < len(lines) - 1 else 0)
        return top - rect.y() + m.bottom()


def group(widgets: Sequence[QWidget], spacing: int = 6) -> QWidget:
    """Widgets kept together on one line of a :class:`FlowLayout` (buttons that belong together)."""
    box = QWidget()
    lay = QHBoxLayout(box)
    lay.setContentsMargins(0, 0, 0, 0)
    lay.setSpacing(spacing)
    for w in widgets:
        lay.addWidget(w)
    return box


def flow_row(groups: Sequence[QWidget], spacing: int = 16, line_spacing: int = 6) -> FlowLayout:
    """A :class:`FlowLayout` of these widgets (each e.g. a :func:`group`), ``spacing`` apart."""
    flow = FlowLayout(h_spacing=spacing, v_spacing=line_spacing)
    for g in groups:
        flow.addWidget(g)
    return flow
