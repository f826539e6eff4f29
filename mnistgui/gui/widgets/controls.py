"""Small building blocks the tabs share: cards, labels, buttons, a segmented switch, a banner."""

from __future__ import annotations

from typing import Sequence

import shiboken6

from PySide6.QtCore import QEvent, QSize, Qt, Signal, Slot
from PySide6.QtGui import QFont, QPainter
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from mnistgui.gui.widgets import style

#: a card's default inner margins: left, top, right, bottom
CARD_MARGINS = (16, 12, 16, 14)


def make_card(frame: QFrame, margins: tuple[int, int, int, int] = CARD_MARGINS, spacing: int = 8) -> QVBoxLayout:
    """Make ``frame`` one of the app's cards (white, bordered, rounded) and give it its layout."""
    frame.setObjectName("Card")
    lay = QVBoxLayout(frame)
    lay.setContentsMargins(*margins)
    lay.setSpacing(spacing)
    return lay


def card(title: str = "", parent: QWidget | None = None, margins: tuple[int, int, int, int] = CARD_MARGINS,
         spacing: int = 8) -> tuple[QFrame, QVBoxLayout]:
    """A new card with an optional small title; returns it and its layout."""
    frame = QFrame(parent)
    lay = make_card(frame, margins, spacing)
    if title:
        t = QLabel(title)
        t.setObjectName("CardTitle")
        lay.addWidget(t)
    return frame, lay


def muted(text: str = "", wrap: bool = True, name: str = "Muted") -> QLabel:
    label = QLabel(text)
    label.setObjectName(name)
    label.setWordWrap(wrap)
    return label


def width_with_text(button: QAbstractButton, text: str, hint=None) -> int:
    """The width ``button`` asks for with ``text`` on it, in its own font and style (its text is
    put back after). ``hint``: the size hint to read, if not the button's own."""
    shown = button.text()
    button.setText(text)
    width = (hint or button.sizeHint)().width()
    button.setText(shown)
    return width


def alive(*objects) -> bool:
    """All these Qt objects still exist (a slot can run while its widget is being torn down)."""
    return all(shiboken6.isValid(o) for o in objects)


class FlexLabel(QLabel):
    """A word-wrapped label that does not ask its layout for a height that depends on its width.

    A layout gives such items exactly that height, so the cards holding them no longer share
    space by their stretch factors; this one is at least ``lines`` lines high instead, and grows
    to the height its text needs at the width it is given, so no message is cut off (``fixed``:
    no taller than that; otherwise free to grow further).
    """

    def __init__(self, text: str = "", lines: int = 2, parent: QWidget | None = None, fixed: bool = True) -> None:
        super().__init__(text, parent)
        self.setWordWrap(True)
        self.setMinimumWidth(120)
        self._lines_height = self.fontMetrics().lineSpacing() * lines + 4
        self._fixed = fixed
        self._floor = 0
        self._fit()

    def needed_height(self) -> int:
        """The height its text needs at its present width (at least its lines)."""
        return max(self._lines_height, super().heightForWidth(max(1, self.width())) if self.text() else 0)

    def set_floor(self, height: int) -> None:
        """Be at least ``height`` high, whatever the text needs (to match labels beside it)."""
        if height != self._floor:
            self._floor = height
            self._fit()

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt's name
        return False

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        # as tall as the text needs at the width given (a wrapped QLabel's own hint guesses a
        # narrower width, and so a height its card then keeps as empty space)
        return QSize(super().sizeHint().width(), max(self.minimumHeight(), self._lines_height))

    def setText(self, text: str) -> None:  # noqa: N802 - Qt's name
        super().setText(text)
        self._fit()

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        need = max(self.needed_height(), self._floor)
        if self._fixed:
            if self.maximumHeight() != need or self.minimumHeight() != need:
                self.setFixedHeight(need)
        elif self.minimumHeight() != need:
            self.setMinimumHeight(need)


class ElidedLabel(QLabel):
    """One line of text that never widens its layout: what does not fit ends in "…" (the whole
    text is in the tooltip). For names a user chooses, such as an image's file name."""

    def __init__(self, text: str = "", parent: QWidget | None = None,
                 mode: Qt.TextElideMode = Qt.TextElideMode.ElideMiddle) -> None:
        super().__init__("", parent)
        self._full = ""
        self._mode = mode
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setText(text)

    def text(self) -> str:
        return self._full

    def setText(self, text: str) -> None:  # noqa: N802 - Qt's name
        self._full = text
        self.setToolTip(text if text else "")
        super().setText(text)
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(0, super().sizeHint().height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(0, super().minimumSizeHint().height())

    def elided_text(self) -> str:
        """What is shown at the present width."""
        m = self.contentsMargins()
        return self.fontMetrics().elidedText(self._full, self._mode, max(0, self.width() - m.left() - m.right()))

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt's name
        p = QPainter(self)
        p.setPen(self.palette().color(self.foregroundRole()))
        p.setFont(self.font())
        p.drawText(self.contentsRect(), int(self.alignment() | Qt.AlignmentFlag.AlignVCenter), self.elided_text())
        p.end()


def big_label(text: str, base: QFont, pixel_size: int, weight=QFont.Weight.Bold) -> QLabel:
    label = QLabel(text)
    label.setObjectName("Big")
    label.setFont(style.font(base, weight=weight, pixel_size=pixel_size))
    return label


def button(text: str, primary: bool = False, tip: str = "", name: str = "") -> QPushButton:
    b = QPushButton(text)
    if primary:
        b.setObjectName("Primary")
    elif name:
        b.setObjectName(name)
    if tip:
        b.setToolTip(tip)
    b.setAutoDefault(False)
    return b


class SegmentedControl(QWidget):
    """A row of exclusive, joined buttons (like tabs); :attr:`changed` gives the new index.

    With short labels as well (:meth:`set_texts`), the row shows its full labels where it has
    room for them and the short ones where it has not: its smallest width is that of the short
    labels, so a narrow window does not have to scroll for it.
    """

    changed = Signal(int)

    def __init__(self, labels: Sequence[str], parent: QWidget | None = None,
                 tips: Sequence[str] = ()) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.buttons: list[QToolButton] = []
        for i, text in enumerate(labels):
            b = QToolButton()
            b.setObjectName("Segment")
            b.setText(text)
            b.setCheckable(True)
            b.setProperty("first", i == 0)
            b.setProperty("last", i == len(labels) - 1)
            b.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            b.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            if i < len(tips) and tips[i]:
                b.setToolTip(tips[i])
            self.group.addButton(b, i)
            row.addWidget(b)
            self.buttons.append(b)
        row.addStretch(1)  # the buttons stay joined when the row is wider than they need
        self.buttons[0].setChecked(True)
        self.group.idToggled.connect(self._on_group_id_toggled)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self._full: list[str] = list(labels)
        self._short: list[str] = list(labels)
        self._widths = (0, 0)  # the row's width with the full labels, and with the short ones
        # the row decides its own width between the two forms (see set_texts)
        row.setSizeConstraint(QHBoxLayout.SizeConstraint.SetNoConstraint)
        self._measure()

    def set_texts(self, texts: Sequence[str], short: Sequence[str] | None = None) -> None:
        """New labels for the buttons, and shorter ones to show where the row is narrower than
        the full labels need (None: there are none)."""
        self._full = list(texts)
        self._short = list(short) if short is not None else list(texts)
        if self._short != self._full:
            self.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        self._measure()
        self._pick(self.width() if self.isVisible() else self._widths[0])
        self.updateGeometry()

    def showing_short(self) -> bool:
        """Whether the buttons show their short labels."""
        return self._short != self._full and [b.text() for b in self.buttons] == self._short

    def _measure(self) -> None:
        """The row's width in each form, each button measured with each of its labels (the
        same figures whichever form is shown, so the choice between them cannot see-saw)."""
        self.ensurePolished()  # the buttons' style sheet decides their padding
        full, short = (sum(width_with_text(b, t) for b, t in zip(self.buttons, texts))
                       for texts in (self._full, self._short))
        self._widths = (full, short)

    def _pick(self, width: int) -> None:
        """Show the full labels if ``width`` holds them, else the short ones."""
        for b, text in zip(self.buttons, self._full if width >= self._widths[0] else self._short):
            if b.text() != text:
                b.setText(text)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(self._widths[0], super().sizeHint().height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(self._widths[1], super().sizeHint().height())

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._pick(event.size().width())

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        self._measure()  # in the style it is shown with
        self._pick(self.width())  # and labels set while hidden
        self.updateGeometry()

    def changeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange) and hasattr(self, "_widths"):
            self._measure()
            self._pick(self.width())
            self.updateGeometry()

    def index(self) -> int:
        return self.group.checkedId()

    def set_index(self, i: int) -> None:
        self.buttons[i].setChecked(True)

    @Slot(int, bool)
    def _on_group_id_toggled(self, i: int, checked: bool) -> None:
        if checked:
            self.changed.emit(i)


class MessageBanner(QWidget):
    """A message the user can dismiss: a coloured, selectable label with a close button.

    ``name`` is the label's style rule: ``ErrorBanner`` (red) or ``Banner`` (amber).
    """

    def __init__(self, name: str = "ErrorBanner", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel("")
        self.label.setObjectName(name)
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.close_button = QToolButton()
        self.close_button.setText("✕")
        self.close_button.setAutoRaise(True)
        self.close_button.setToolTip(self.tr("Dismiss"))
        self.close_button.clicked.connect(self.hide)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(4)
        row.addWidget(self.label, 1)
        row.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignTop)
        self.setVisible(False)

    def show_message(self, text: str) -> None:
        self.label.setText(text)
        self.setVisible(True)

    def text(self) -> str:
        return self.label.text()
