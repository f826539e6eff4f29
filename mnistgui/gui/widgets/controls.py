"""Small building blocks the tabs share: cards, labels, buttons, a segmented switch, a banner."""

from __future__ import annotations

from typing import Sequence

import shiboken6

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
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


def alive(*objects) -> bool:
    """All these Qt objects still exist (a slot can run while its widget is being torn down)."""
    return all(shiboken6.isValid(o) for o in objects)


class FlexLabel(QLabel):
    """A word-wrapped label that does not ask its layout for a height that depends on its width.

    A layout gives such items exactly that height, so the cards holding them no longer share
    space by their stretch factors; this one is ``lines`` lines high instead (at least that
    high, and free to grow, when not ``fixed``).
    """

    def __init__(self, text: str = "", lines: int = 2, parent: QWidget | None = None, fixed: bool = True) -> None:
        super().__init__(text, parent)
        self.setWordWrap(True)
        self.setMinimumWidth(120)
        h = self.fontMetrics().lineSpacing() * lines + 4
        if fixed:
            self.setFixedHeight(h)
        else:
            self.setMinimumHeight(h)

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt's name
        return False


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
    """A row of exclusive, joined buttons (like tabs); :attr:`changed` gives the new index."""

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
        self.buttons[0].setChecked(True)
        self.group.idToggled.connect(self._on_group_id_toggled)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

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
        self.close_button.setToolTip("Dismiss")
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
