"""The Draw tab's correction: when the model reads a drawing wrong, one click on the right digit
saves the drawing, with that label, to the personal samples (source "correction"). When the model
is unsure, it asks between its two best readings itself (:mod:`~mnistgui.gui.draw.question`); this
row then offers the other digits."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QWidget,
)

from mnistgui.gui.widgets import style
from mnistgui.gui.widgets.controls import make_card

if TYPE_CHECKING:  # the predictor's module loads torch, which the window opens without
    from mnistgui.core.predict import Prediction


class CorrectionBar(QFrame):
    """"Wrong? That's a 0 1 2 … 9": a row of digits under the reading."""

    #: the user says the drawing is this digit
    digit_chosen = Signal(int)
    #: the user takes back the drawing just saved ("Undo" beside "saved as a 7")
    undo_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.prediction: Prediction | None = None
        self._saved = False
        self.title = QLabel(self.tr("Read wrong? That's a"))
        self.title.setObjectName("CardTitle")
        # "Neither? That's a" while the model asks which of two digits it is: the text changes
        # as the user draws, so the label keeps one size
        title_font = style.font(self.title.font(), weight=QFont.Weight.DemiBold)
        self.title.setFixedSize(QFontMetrics(title_font).horizontalAdvance(self.title.text()) + 8,
                                QFontMetrics(title_font).lineSpacing() + 2)
        self.note = QLabel("")
        self.note.setObjectName("Muted")
        self.note.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.undo_button = QPushButton(self.tr("Undo"))
        self.undo_button.setObjectName("Link")
        self.undo_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.undo_button.setToolTip(self.tr("Take the drawing back out of your samples"))
        self.undo_button.clicked.connect(self.undo_requested)
        self.undo_button.setVisible(False)
        head = QHBoxLayout()
        head.setContentsMargins(0, 0, 0, 0)
        head.addWidget(self.title)
        head.addStretch(1)
        head.addWidget(self.note)
        head.addWidget(self.undo_button)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(4)
        self.group = QButtonGroup(self)
        self.buttons: list[QPushButton] = []
        for d in range(10):
            b = QPushButton(str(d))
            b.setObjectName("CorrectionDigit")
            b.setAutoDefault(False)
            b.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            b.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            b.setToolTip(self.tr("Save this drawing as a {0} in your samples, to fine-tune on (Fine-tune tab)").format(d))
            b.setAccessibleName(self.tr("That's a {0}").format(d))
            self.group.addButton(b, d)
            row.addWidget(b)
            self.buttons.append(b)
        self.group.idClicked.connect(self._on_group_id_clicked)
        lay = make_card(self, (16, 10, 16, 12), 6)
        lay.addLayout(head)
        lay.addLayout(row)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.set_prediction(None)

    @Slot(object)
    def set_prediction(self, pred: Prediction | None) -> None:
        """A new reading (None: nothing drawn): the digits are offered again, but for what the
        model read (when it is unsure, the two digits it asks between: those it offers itself)."""
        self.prediction = pred
        self._saved = False
        self.undo_button.setVisible(False)
        on = pred is not None
        unsure = on and pred.unsure
        offered = () if not on else (pred.digit, pred.runner_up) if unsure else ()
        for d, b in enumerate(self.buttons):
            b.setEnabled(on and d not in offered)
            # a sure reading's own digit keeps a right reading as a sample too
            read = on and not unsure and d == pred.digit
            b.setProperty("read", read)
            b.setToolTip(self.tr("Read right: keep this drawing as a {0} in your samples").format(d) if read else
                         self.tr("Save this drawing as a {0} in your samples, to fine-tune on (Fine-tune tab)").format(d))
            b.style().unpolish(b)
            b.style().polish(b)
        self.title.setText(self.tr("Neither? That's a") if unsure else self.tr("Read wrong? That's a"))
        self.note.setText("" if on else self.tr("draw first"))
        self.note.setStyleSheet("")

    def show_saved(self, label: int, count: int) -> None:
        """The drawing was saved as ``label``: say so, and offer nothing more for this drawing."""
        self._saved = True
        for b in self.buttons:
            b.setEnabled(False)
        self.note.setText(self.tr("✓ saved as a {0} ({1} now)").format(label, count))
        self.note.setStyleSheet(f"color: {style.OK};")
        self.undo_button.setVisible(True)

    def show_error(self, text: str) -> None:
        self.note.setText(self.tr("not saved"))
        self.note.setToolTip(text)
        self.note.setStyleSheet(f"color: {style.UNSURE};")

    @Slot(int)
    def _on_group_id_clicked(self, d: int) -> None:
        self.digit_chosen.emit(d)
