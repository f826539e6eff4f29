"""The window's status bar: a message that does not fit beside the permanent labels is elided."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt, Slot
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QStatusBar, QStyle, QStyleOption, QWidget


class ElidingStatusBar(QStatusBar):
    """A status bar whose messages end in "…" in the middle where they do not fit (the start and
    the end of a message stay, a long file name in it is what shortens); the whole message is the
    bar's tooltip meanwhile. Qt's own bar cuts such a message off under its permanent widgets."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.messageChanged.connect(self._on_message_changed)

    def message_rect(self) -> QRect:
        """Where a message is written: from the left to the first permanent widget shown."""
        right = self.width() - 12
        for w in self.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly):
            if w.isVisible() and w.x() > 0:  # while a message shows, only permanent widgets and the grip are
                right = min(right, w.x() - 2)
        return QRect(6, 0, max(0, right - 6), self.height())

    def elided_message(self) -> str:
        """The message as written at the present width."""
        return self.fontMetrics().elidedText(self.currentMessage(), Qt.TextElideMode.ElideMiddle,
                                             self.message_rect().width())

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if not self.currentMessage():
            super().paintEvent(event)
            return
        p = QPainter(self)
        opt = QStyleOption()
        opt.initFrom(self)
        self.style().drawPrimitive(QStyle.PrimitiveElement.PE_PanelStatusBar, opt, p, self)
        p.setPen(self.palette().windowText().color())
        p.drawText(self.message_rect(), int(Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignVCenter
                                            | Qt.TextFlag.TextSingleLine), self.elided_message())
        p.end()

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._on_message_changed(self.currentMessage())

    @Slot(str)
    def _on_message_changed(self, message: str) -> None:
        self.setToolTip(message if message and self.elided_message() != message else "")
