"""Small building blocks shared by the Fine-tune tab's pages: cards, a segmented switch, buttons."""

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

#: rules for the widgets below; set on the Fine-tune tab (it applies to everything inside it)
STYLESHEET = f"""
QWidget#FinetuneTab {{ background: {style.WINDOW}; }}
QToolButton#Segment {{
    border: 1px solid {style.BORDER}; border-radius: 0; padding: 5px 16px; color: {style.MUTED};
    background: {style.CARD};
}}
QToolButton#Segment[first="true"] {{ border-top-left-radius: 7px; border-bottom-left-radius: 7px; }}
QToolButton#Segment[last="true"] {{ border-top-right-radius: 7px; border-bottom-right-radius: 7px; }}
QToolButton#Segment:hover {{ color: {style.TEXT}; background: #f4f6f9; }}
QToolButton#Segment:checked {{ color: #1d4ed8; background: #e8effd; border-color: {style.ACCENT_SOFT}; }}
QToolButton#Segment:focus {{ border-color: {style.ACCENT}; }}
QPushButton {{
    border: 1px solid #cfd4db; border-radius: 6px; padding: 5px 14px; background: #f9fafb; color: {style.TEXT};
}}
QPushButton:hover {{ background: #eef1f5; }}
QPushButton:pressed {{ background: #e3e7ed; }}
QPushButton:disabled {{ color: #b3b9c2; border-color: #e1e4e9; background: #f6f7f9; }}
QPushButton:focus {{ border-color: {style.ACCENT}; }}
QPushButton::menu-indicator {{ subcontrol-position: right center; right: 6px; }}
QPushButton[menu="true"] {{ padding-right: 22px; }}
QPushButton#Primary {{ background: {style.ACCENT}; color: white; border-color: {style.ACCENT}; font-weight: 600; }}
QPushButton#Primary:hover {{ background: #285fd0; }}
QPushButton#Primary:disabled {{ background: #b9cbf3; border-color: #b9cbf3; color: #f4f7fe; }}
QPushButton#Digit {{ padding: 0; font-weight: 600; min-width: 34px; min-height: 34px; }}
QPushButton#Digit:checked {{ background: #e8effd; border-color: {style.ACCENT}; color: #1d4ed8; }}
QPushButton#Danger {{ color: #b42318; }}
QLabel#Banner {{
    background: #fff7e6; border: 1px solid #f5d9a8; border-radius: 8px; padding: 8px 12px; color: #7a4b00;
}}
QLabel#ErrorBanner {{
    background: #fdecea; border: 1px solid #f3c2bd; border-radius: 8px; padding: 8px 12px; color: #8a1c12;
}}
QLabel#Ok {{ color: #15803d; }}
QLabel#Warn {{ color: #b45309; }}
QLabel#Big {{ color: {style.TEXT}; }}
QRadioButton {{ spacing: 8px; color: {style.TEXT}; font-weight: 600; }}
QRadioButton:disabled {{ color: #a7adb6; }}
QListView#Gallery, QTableWidget#VersionTable, QTableWidget#ReportTable {{
    background: {style.CARD}; border: 1px solid {style.BORDER}; border-radius: 8px;
}}
QTableWidget#VersionTable, QTableWidget#ReportTable {{ gridline-color: #eef0f3; }}
QHeaderView::section {{
    background: #f7f8fa; border: none; border-bottom: 1px solid {style.BORDER}; padding: 5px 8px;
    color: {style.MUTED}; font-weight: 600;
}}
QProgressBar {{ border: none; background: #e7eaef; border-radius: 3px; max-height: 6px; }}
QProgressBar::chunk {{ background: {style.ACCENT}; border-radius: 3px; }}
"""


def card(title: str = "", parent: QWidget | None = None) -> tuple[QFrame, QVBoxLayout]:
    """A white card with an optional small title; returns it and its layout."""
    frame = QFrame(parent)
    frame.setObjectName("Card")
    lay = QVBoxLayout(frame)
    lay.setContentsMargins(16, 12, 16, 14)
    lay.setSpacing(8)
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
