"""A scroll area's page holder: the page gets the window's room, and scrolls only when it needs more."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QSize
from PySide6.QtWidgets import QWidget


class PageHolder(QWidget):
    """Holds a page at the scroll area's size, or at the page's minimum size where that is larger.

    A page whose layout has a height for its width (any word-wrapped label gives one) would
    otherwise be made as tall as that height at the page's preferred sizes, and scroll at sizes
    where it fits; held here, without a layout, it is given the window's room and scrolls only
    when it needs more than that.
    """

    def __init__(self, page: QWidget) -> None:
        super().__init__()
        self.page = page
        page.setParent(self)
        page.installEventFilter(self)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return self.page.minimumSizeHint().expandedTo(self.page.minimumSize())

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return self.minimumSizeHint()

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        self.page.setGeometry(self.rect())

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LayoutRequest and obj is getattr(self, "page", None):
            # the page's minimum may have changed (a page built, a card shown): the scroll area
            # sizes this holder again
            self.updateGeometry()
            area = self.parentWidget().parentWidget() if self.parentWidget() is not None else None
            if area is not None:
                QCoreApplication.postEvent(area, QEvent(QEvent.Type.LayoutRequest))
        return False
