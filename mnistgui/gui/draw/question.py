"""The reading when the model is unsure: its two best digits side by side, as equals, and the
question which one it is. Each candidate is a button; a click says "it's this one", and the Draw
tab saves the drawing with that label in the personal samples (see :class:`DrawTab`).

Everything here keeps a fixed size while the reading changes, so a reading repaints these
widgets only (see the fixed sizes in :mod:`mnistgui.gui.draw.prediction_view`).
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt, Signal, Slot
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import QAbstractButton, QButtonGroup, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from mnistgui.gui import i18n
from mnistgui.gui.widgets import style

#: the height of a candidate button
CANDIDATE_HEIGHT = 62


class UnsureBadge(QWidget):
    """A small amber pill that says "unsure". Shown and hidden by painting, not by the widget's
    visibility, so it never moves anything around it."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._text = text
        self._shown = False
        f = QFont(self.font())
        f.setWeight(QFont.Weight.DemiBold)
        self.setFont(f)
        fm = QFontMetrics(f)
        self.setFixedSize(fm.horizontalAdvance(text) + 18, fm.height() + 4)
        self.setAccessibleName(self.tr("Unsure"))

    @property
    def shown(self) -> bool:
        return self._shown

    def set_shown(self, shown: bool) -> None:
        if shown != self._shown:
            self._shown = shown
            self.update()

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if not self._shown:
            return
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor(style.UNSURE))
        r = self.rect()
        p.drawRoundedRect(r, 5, 5)
        p.setPen(QColor("white"))
        p.drawText(r, Qt.AlignmentFlag.AlignCenter, self._text)
        p.end()


class CandidateButton(QAbstractButton):
    """One of the two readings: the digit, large, its probability, and "It's a 4" under it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Candidate")
        self.digit = -1
        self.probability = 0.0
        #: this is the digit the user chose (painted with a tick, in green)
        self.chosen = False
        self._digit_font = style.font(self.font(), weight=QFont.Weight.Bold, pixel_size=46)
        self._prob_font = style.font(self.font(), 3, QFont.Weight.DemiBold)
        self._caption_font = QFont(self.font())
        self.setAttribute(Qt.WidgetAttribute.WA_Hover, True)  # repaint as the mouse comes and goes
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setFixedHeight(CANDIDATE_HEIGHT)
        fm = QFontMetrics(self._prob_font)
        self.setMinimumWidth(24 + QFontMetrics(self._digit_font).horizontalAdvance("8") + 12
                             + fm.horizontalAdvance(i18n.percent(1.0)) + 12)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(self.minimumWidth() + 20, CANDIDATE_HEIGHT)

    def set_candidate(self, digit: int, probability: float) -> None:
        if digit == self.digit and probability == self.probability:
            return
        if digit != self.digit:
            self.digit = digit
            self.setAccessibleName(self.tr("It's a {0}").format(digit))
            self.setToolTip(self.tr("It's a {0}: save this drawing as a {0} in your samples, to fine-tune on (Fine-tune tab)").format(digit))
        self.probability = probability
        self.update()

    def set_chosen(self, chosen: bool) -> None:
        if chosen != self.chosen:
            self.chosen = chosen
            self.update()

    def caption(self) -> str:
        if self.chosen:
            return self.tr("✓ your answer")
        return self.tr("It's a {0}").format(self.digit) if self.isEnabled() else ""

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt's name
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        r = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        on = self.isEnabled()
        hot = on and (self.isDown() or self.testAttribute(Qt.WidgetAttribute.WA_UnderMouse))
        if self.chosen:
            border, fill, ink = style.OK, "#effaf3", style.OK
        elif hot:
            border, fill, ink = style.ACCENT_SOFT, "#e8effd", "#1d4ed8"
        elif on:
            border, fill, ink = "#d5dae1", "#fbfbfc", style.UNSURE
        else:
            border, fill, ink = "#eceef1", "#fafbfc", style.MUTED
        if on and self.hasFocus() and not self.chosen:
            border = style.ACCENT
        p.setPen(QPen(QColor(border), 1.2 if self.chosen else 1.0))
        p.setBrush(QColor(fill))
        p.drawRoundedRect(r, 8, 8)

        x = 14.0
        dfm = QFontMetrics(self._digit_font)
        dw = dfm.horizontalAdvance("8")
        p.setFont(self._digit_font)
        p.setPen(QColor(ink))
        p.drawText(QRectF(x, 0, dw, r.height()), Qt.AlignmentFlag.AlignCenter, str(self.digit))
        x += dw + 12
        text_w = r.width() - x - 8
        pfm = QFontMetrics(self._prob_font)
        cfm = QFontMetrics(self._caption_font)
        block = pfm.height() + cfm.height()
        top = (r.height() - block) / 2
        p.setFont(self._prob_font)
        p.setPen(QColor(style.TEXT if on or self.chosen else style.MUTED))
        p.drawText(QRectF(x, top, text_w, pfm.height()), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                   i18n.percent(self.probability))
        p.setFont(self._caption_font)
        p.setPen(QColor(style.OK if self.chosen else style.MUTED))
        p.drawText(QRectF(x, top + pfm.height(), text_w, cfm.height()),
                   Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, self.caption())
        p.end()


class UnsureQuestion(QWidget):
    """"4 or 9? Which is it?" over the two candidates as equal buttons; after an answer, a thank-you
    in place of the question, and the candidates no longer clickable (until the next drawing)."""

    #: the user says the drawing is this digit (one of the two candidates)
    digit_chosen = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.candidates: tuple[int, int] = (-1, -1)
        #: the label the drawing was saved with, once it was (else None)
        self.answered: int | None = None
        self.question_label = QLabel("")
        self.question_label.setFont(style.font(self.font(), 1, QFont.Weight.DemiBold))
        self.question_label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        style.fix_size(self.question_label, self.tr("✓ Saved as a {0} — thanks").format(8), pad=8)
        self.badge = UnsureBadge(self.tr("unsure"))
        head = QHBoxLayout()
        head.setContentsMargins(0, 0, 0, 0)
        head.setSpacing(8)
        head.addWidget(self.question_label)
        head.addStretch(1)
        head.addWidget(self.badge, 0, Qt.AlignmentFlag.AlignVCenter)
        self.buttons = (CandidateButton(), CandidateButton())
        self.group = QButtonGroup(self)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(10)
        for i, b in enumerate(self.buttons):
            self.group.addButton(b, i)
            row.addWidget(b, 1)
        self.group.idClicked.connect(self._on_group_id_clicked)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(6)
        lay.addStretch(1)
        lay.addLayout(head)
        lay.addLayout(row)
        lay.addStretch(1)
        self._shown_answered: bool | None = None

    def ask(self, first: int, p_first: float, second: int, p_second: float, unsure_below: float) -> None:
        """A new unsure reading: ``first`` and ``second`` with their probabilities; ask again."""
        self.candidates = (first, second)
        self.answered = None
        self.buttons[0].set_candidate(first, p_first)
        self.buttons[1].set_candidate(second, p_second)
        for b in self.buttons:
            b.set_chosen(False)
            b.setEnabled(True)
        self.question_label.setText(self.tr("{0} or {1}? Which is it?").format(first, second))
        self.question_label.setToolTip("")
        self._style_question(False)
        self.badge.set_shown(True)
        self.badge.setToolTip(self.tr("The top digit has less than {0:.0f}% calibrated probability: the model is not sure.").format(unsure_below * 100))

    def show_saved(self, label: int) -> None:
        """The drawing was saved as ``label`` (here or with the correction row): thank, ask no more."""
        self.answered = label
        for b in self.buttons:
            b.set_chosen(b.digit == label)
            b.setEnabled(False)
        self.question_label.setText(self.tr("✓ Saved as a {0} — thanks").format(label))
        self._style_question(True)

    def show_error(self, text: str) -> None:
        """The answer could not be saved (``text`` says why, in the tooltip); it can be given again."""
        self.question_label.setText(self.tr("Not saved: try again?"))
        self.question_label.setToolTip(text)
        self._style_question(False)

    def _style_question(self, answered: bool) -> None:
        if answered != self._shown_answered:  # a style sheet is costly to apply: only on a change
            self._shown_answered = answered
            self.question_label.setStyleSheet(f"color: {style.OK if answered else style.UNSURE};")

    @Slot(int)
    def _on_group_id_clicked(self, i: int) -> None:
        if self.answered is None:
            self.digit_chosen.emit(self.buttons[i].digit)
