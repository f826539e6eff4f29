"""The Draw tab's Number mode: the number as read, one button per digit.

Each digit shows its reading and probability, marked when the model is unsure of it; clicking one
shows it in the panels beside the canvas (its 28x28 input, its ten probabilities, its
correction), as Digit mode shows its one digit. The canvas draws the same digits as boxes
(:mod:`mnistgui.gui.canvas.marks`), built here from the same reading.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QButtonGroup, QFrame, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QWidget

from mnistgui.gui import i18n
from mnistgui.gui.canvas.marks import Mark
from mnistgui.gui.widgets import style
from mnistgui.gui.widgets.controls import make_card, width_with_text

if TYPE_CHECKING:  # the number module's readings come from a predictor, which loads torch
    from mnistgui.core.number import NumberReading

_CHIP_STYLE = f"""
QPushButton#NumberDigit {{
    border: 1px solid {style.BORDER}; border-radius: 6px; background: #ffffff; color: {style.TEXT};
    padding: 2px 6px; min-width: 22px;
}}
QPushButton#NumberDigit[unsure="true"] {{ border: 2px solid {style.UNSURE}; color: #92400e; }}
QPushButton#NumberDigit:checked {{ background: {style.ACCENT}; border-color: {style.ACCENT}; color: #ffffff; }}
QPushButton#NumberDigit[unsure="true"]:checked {{ background: {style.UNSURE}; border-color: {style.UNSURE}; }}
"""


def digit_text(probability: float, unsure: bool) -> str:
    return i18n.percent(probability, 0) + (" ?" if unsure else "")


def marks_for(reading: NumberReading | None, selected: int | None, saved: set[int] = frozenset()) -> list[Mark]:
    """The canvas's boxes for a reading: each digit with its reading and probability."""
    if reading is None:
        return []
    return [Mark(d.box, ("✓ " if i in saved else "") + f"{d.digit}  {digit_text(d.probability, d.unsure)}",
                 d.unsure, i == selected, f"{d.digit}{'?' if d.unsure else ''}")
            for i, d in enumerate(reading.digits)]


class _DigitChip(QPushButton):
    """One digit of the number: its reading over how sure the model is, or, where the row is too
    narrow for that (a long number in a small window), its reading alone; the tooltip says all."""

    def __init__(self) -> None:
        super().__init__()
        self._full = self._short = ""
        self._full_width = 0  # what the button asks for with its full text

    def set_texts(self, full: str, short: str) -> None:
        """The full text and the short one (set after the chip's style: its border counts)."""
        self._full, self._short = full, short
        self._full_width = width_with_text(self, full, lambda: QPushButton.sizeHint(self))
        self.updateGeometry()
        self._fit()

    def sizeHint(self):  # noqa: N802 - Qt's name
        hint = super().sizeHint()
        hint.setWidth(max(self._full_width, hint.width()))
        return hint

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        text = self._full if self.width() >= self._full_width else self._short
        if self.text() != text:
            self.setText(text)


class NumberReadout(QFrame):
    """"The number reads 1 9 8 4": one button per digit, the selected one checked."""

    #: the user clicked a digit: its index
    digit_selected = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.reading: NumberReading | None = None
        self.setStyleSheet(_CHIP_STYLE)
        title = QLabel(self.tr("The number reads"))
        title.setObjectName("CardTitle")
        self.note = QLabel("")
        self.note.setObjectName("Muted")
        self.note.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        head = QHBoxLayout()
        head.setContentsMargins(0, 0, 0, 0)
        head.addWidget(title)
        head.addStretch(1)
        head.addWidget(self.note)
        self.hint = QLabel(self.tr("Write a number on the strip: each digit is read as you write, "
                                   "and framed on the paper."))
        self.hint.setObjectName("Faint")
        self.hint.setWordWrap(True)
        self._row = QHBoxLayout()
        self._row.setContentsMargins(0, 0, 0, 0)
        self._row.setSpacing(4)
        self._row.addWidget(self.hint, 1)
        self._row.addStretch(0)
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.group.idClicked.connect(self._on_group_id_clicked)
        self.buttons: list[_DigitChip] = []
        self._font = style.font(self.font(), 5, QFont.Weight.Bold)
        lay = make_card(self, (14, 8, 14, 10), 4)
        lay.addLayout(head)
        lay.addLayout(self._row)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.setFixedHeight(104)

    def show_reading(self, reading: NumberReading | None, selected: int | None, saved: set[int] = frozenset(),
                     waiting: bool = False) -> None:
        """Show a reading (None: nothing written) with digit ``selected`` checked."""
        self.reading = reading
        n = 0 if reading is None else len(reading.digits)
        while len(self.buttons) > n:
            b = self.buttons.pop()
            self.group.removeButton(b)
            b.deleteLater()
        while len(self.buttons) < n:
            b = _DigitChip()
            b.setObjectName("NumberDigit")
            b.setCheckable(True)
            b.setAutoDefault(False)
            b.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            b.setFont(self._font)
            b.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)  # narrows, then shortens
            self.group.addButton(b, len(self.buttons))
            self._row.insertWidget(len(self.buttons), b)
            self.buttons.append(b)
        self.hint.setVisible(n == 0)
        if waiting:
            self.hint.setText(self.tr("Loading the model… what is written is read as soon as it is there."))
        for i, b in enumerate(self.buttons):
            d = reading.digits[i]
            b.setProperty("unsure", bool(d.unsure))
            b.style().unpolish(b)
            b.style().polish(b)
            mark = "✓" if i in saved else ""
            b.set_texts(f"{mark}{d.digit}\n{digit_text(d.probability, d.unsure)}",
                        f"{mark}{d.digit}{'?' if d.unsure else ''}")
            b.setChecked(i == selected)
            b.setToolTip(self.tr("Digit {0}: read as {1}, {2} sure{3}; click to see it, and to correct it").format(
                i + 1, d.digit, i18n.percent(d.probability, 1), self.tr(" (unsure)") if d.unsure else ""))
            b.setAccessibleName(self.tr("Digit {0}: {1}").format(i + 1, d.digit))
        unsure = 0 if reading is None else sum(d.unsure for d in reading.digits)
        if reading is None:
            self.note.setText("")
        elif unsure:
            self.note.setText(self.tr("{0} unsure: click one to check it").format(unsure))
        else:
            self.note.setText(self.tr("{0} digits").format(n) if n != 1 else self.tr("1 digit"))
        self.setAccessibleDescription(self.tr("Reads {0}").format(reading.text) if reading else self.tr("Nothing written"))

    @Slot(int)
    def _on_group_id_clicked(self, i: int) -> None:
        self.digit_selected.emit(i)
