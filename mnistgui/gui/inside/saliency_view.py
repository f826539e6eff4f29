"""The Inside tab's saliency page: which pixels made the network say a digit.

Grad-CAM (where the last convolution block looked), gradient x input (which inked pixels pushed
the chosen digit's score up) and, on request, integrated gradients, each laid over the 28x28
input. The digit explained is the prediction unless the user picks another one.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, Qt, Signal, Slot
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from mnistgui.gui import i18n
from mnistgui.gui.widgets import style
from mnistgui.gui.inside.views import GRAY_LUT, HEAT_LUT, BarsView, ImagePane, LiveText, small_font
from mnistgui.gui.widgets.controls import FlexLabel, make_card

#: The saliency methods, as the tab names them: (key, title, what it shows)
METHODS = (
    ("grad_cam", QT_TRANSLATE_NOOP("Saliency", "Grad-CAM"),
     QT_TRANSLATE_NOOP("Saliency", "Where the last convolution block looked: its maps, weighted by how much they raise the "
                       "digit's score. Coarse ({cam} maps); empty places can light up too, as evidence (a 7 has "
                       "nothing under its bar).")),
    ("gradient_x_input", QT_TRANSLATE_NOOP("Saliency", "Gradient × input"),
     QT_TRANSLATE_NOOP("Saliency", "How much each inked pixel pushed the digit's score up or down (the size of it): sharp, pixel by "
                       "pixel, but noisy.")),
    ("integrated_gradients", QT_TRANSLATE_NOOP("Saliency", "Integrated gradients"),
     QT_TRANSLATE_NOOP("Saliency", "Gradient × input averaged along the way from a blank image to this one: steadier, and each "
                       "pixel's share adds up to the score. Slower, so computed only when switched on.")),
)
#: untranslated: say them with method_title()
TITLES = {k: t for k, t, _ in METHODS}


def method_title(key: str) -> str:
    """A saliency method's name as the interface says it."""
    return QCoreApplication.translate("Saliency", TITLES[key])


class SaliencyCard(QFrame):
    """A title, the input with a heat map over it, and a caption.

    The caption is as tall as its text wraps to at the card's width (a :class:`FlexLabel`), so
    the card's minimum height follows its width; the image takes the height left over (square,
    at most as large as the room allows), and is never covered by the caption.
    """

    def __init__(self, key: str, title: str | QWidget, caption: str, parent: QWidget | None = None) -> None:
        """``title``: its text, or a widget to head the card with (a switch)."""
        super().__init__(parent)
        self.key = key
        if isinstance(title, QWidget):
            self.title = title
        else:
            self.title = QLabel(f"<b>{title}</b>")
            self.title.setTextFormat(Qt.TextFormat.RichText)
        self.pane = ImagePane()
        self.pane.setMinimumSize(104, 104)
        # no height for its width: the caption's height is what the card must make room for first
        self.pane.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.image = self.pane.add_image(GRAY_LUT, (0.0, 1.0))
        self.heat = self.pane.add_image(HEAT_LUT, (0.0, 1.0), z=1.0)
        self.pane.set_extent(28, 28)
        self.caption = FlexLabel("", lines=2)
        self.caption.setMinimumWidth(100)  # three cards side by side fit an 800-pixel window
        self.caption.setObjectName("Muted")
        self.caption.setFont(small_font(self.font(), -1))
        self.caption.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.caption.setText(caption)  # after the font: the height is the small font's
        self.heat_values: np.ndarray | None = None
        lay = make_card(self, (12, 9, 12, 10), 6)
        lay.addWidget(self.title)
        lay.addWidget(self.pane, 1)
        lay.addWidget(self.caption)

    def set_active(self, active: bool) -> None:
        """Shown greyed out while its map is not computed (the title, a switch, stays usable)."""
        self.pane.setEnabled(active)
        self.caption.setEnabled(active)

    def show_maps(self, image: np.ndarray | None, heat: np.ndarray | None) -> None:
        self.image.set_values(np.zeros((28, 28), np.float32) if image is None else image)
        self.heat_values = heat
        self.heat.set_values(np.zeros((28, 28), np.float32) if heat is None else heat)


class SaliencyPage(QWidget):
    """Pick the digit to explain; see three saliency maps for it."""

    #: the digit to explain was chosen: 0-9, or None for "the predicted digit"
    target_chosen = Signal(object)
    #: integrated gradients were switched on or off
    integrated_toggled = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        label = QLabel(self.tr("Explain"))
        label.setObjectName("Muted")
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.predicted_button = QToolButton()
        self.predicted_button.setText(self.tr("The prediction"))
        self.predicted_button.setToolTip(self.tr("Explain whichever digit the network reads"))
        self.digit_buttons: list[QToolButton] = []
        bar = QHBoxLayout()
        bar.setContentsMargins(2, 0, 2, 0)
        bar.setSpacing(3)
        bar.addWidget(label)
        bar.addSpacing(4)
        for i, b in enumerate([self.predicted_button] + [QToolButton() for _ in range(10)]):
            b.setObjectName("Tool")
            b.setCheckable(True)
            b.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            self.group.addButton(b, i - 1)  # id -1: the prediction
            if i:
                b.setText(str(i - 1))
                b.setToolTip(self.tr("Explain the digit {0}: what in the drawing speaks for it").format(i - 1))
                b.setMinimumWidth(26)
                self.digit_buttons.append(b)
            bar.addWidget(b)
        self.predicted_button.setChecked(True)
        self.group.idClicked.connect(self._on_group_id_clicked)
        bar.addStretch(1)
        # the switch heads its own card: the row above stays narrow enough for an 800-pixel window
        self.integrated_check = QCheckBox(method_title("integrated_gradients"))
        self.integrated_check.setFont(style.font(self.font(), weight=QFont.Weight.Bold))  # as the other titles
        self.integrated_check.setToolTip(self.tr("Also compute integrated gradients (24 passes through the network)"))
        self.integrated_check.toggled.connect(self.integrated_toggled)

        self.status = LiveText(2)

        self.cards: dict[str, SaliencyCard] = {}
        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(10)
        for col, (key, title, caption) in enumerate(METHODS):
            card = SaliencyCard(key, self.integrated_check if key == "integrated_gradients"
                                else QCoreApplication.translate("Saliency", title),
                                QCoreApplication.translate("Saliency", caption).format(cam="5×5"))
            self.cards[key] = card
            grid.addWidget(card, 0, col)
            grid.setColumnStretch(col, 1)
        self.cards["integrated_gradients"].set_active(False)
        # The three images side by side at one height: the cards' titles are equally high and
        # their captions as high as the tallest needs. (Equally wide too, unless the window is
        # too narrow for the switch's title: then that card is the wider.)
        for card in self.cards.values():
            card.ensurePolished()  # the style sheet's fonts and padding decide the heights
        tallest = max(c.title.sizeHint().height() for c in self.cards.values())
        for card in self.cards.values():
            card.title.setMinimumHeight(tallest)
            card.caption.installEventFilter(self)

        note = FlexLabel("", lines=1)  # as tall as it wraps to: the page's minimum height counts it
        note.setObjectName("Faint")
        note.setFont(small_font(self.font(), -1))
        note.setText(self.tr("Warm colours mark what raised the chosen digit's score. The same heat map can be laid over your drawing: choose it under the input, on the left."))

        # the reading, to pick a digit worth explaining: click a bar
        odds = QFrame()
        odds_title = QLabel(self.tr("<b>How likely each digit is</b>&nbsp;&nbsp;<span style='color:{0}'>click a bar to explain that digit</span>").format(style.MUTED))
        odds_title.setTextFormat(Qt.TextFormat.RichText)
        self.odds = BarsView(10, digits=True, probabilities=True)
        self.odds.setFixedHeight(108)
        self.odds.setCursor(Qt.CursorShape.PointingHandCursor)
        self.odds.clicked.connect(self._on_odds_clicked)
        ol = make_card(odds, (12, 9, 12, 6), 2)
        ol.addWidget(odds_title)
        ol.addWidget(self.odds)

        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 8, 6, 6)
        lay.setSpacing(8)
        lay.addLayout(bar)
        lay.addWidget(self.status)
        lay.addLayout(grid, 1)  # the cards take the room there is: their images grow with it
        lay.addWidget(note)
        lay.addWidget(odds)

    # ------------------------------------------------------------------------------------------

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Resize:  # a caption's width: its height may change
            self._even_captions()
        return False

    def _even_captions(self) -> None:
        """Every card's caption as high as the tallest one needs (so the images line up)."""
        captions = [c.caption for c in self.cards.values()]
        need = max(c.needed_height() for c in captions)
        for c in captions:
            c.set_floor(need)

    @property
    def target(self) -> int | None:
        i = self.group.checkedId()
        return None if i < 0 else i

    def set_target(self, target: int | None) -> None:
        b = self.predicted_button if target is None else self.digit_buttons[int(target)]
        b.setChecked(True)

    @property
    def integrated(self) -> bool:
        return self.integrated_check.isChecked()

    def set_cam_size(self, h: int, w: int) -> None:
        key, _title, caption = METHODS[0]
        self.cards[key].caption.setText(QCoreApplication.translate("Saliency", caption).format(cam=f"{h}×{w}"))
        self._even_captions()

    def show_maps(self, image: np.ndarray | None, maps: dict[str, np.ndarray | None], target: int | None,
                  predicted: int | None, probability: float | None,
                  probabilities: np.ndarray | None = None) -> None:
        self.odds.set_values(np.zeros(10, np.float32) if probabilities is None else probabilities)
        for key, card in self.cards.items():
            card.show_maps(image, maps.get(key))
        self.cards["integrated_gradients"].set_active(self.integrated)
        if target is None or predicted is None or probability is None:
            self.status.setText(self.tr("<span style='color:{0}'>Nothing to explain yet: draw a digit.</span>").format(style.MUTED))
            return
        if target == predicted:
            text = self.tr("Explaining <b>{0}</b>, the digit the network reads ({1}).").format(
                target, i18n.percent(probability))
        else:
            text = self.tr("Explaining <b>{0}</b>, which the network gives {1} (it reads {2}): what in the drawing "
                           "speaks for {0} all the same.").format(target, i18n.percent(probability), predicted)
        self.status.setText(text)

    @Slot(int)
    def _on_group_id_clicked(self, i: int) -> None:
        self.target_chosen.emit(None if i < 0 else i)

    @Slot(int)
    def _on_odds_clicked(self, digit: int) -> None:
        self.digit_buttons[digit].setChecked(True)
        self.target_chosen.emit(digit)
