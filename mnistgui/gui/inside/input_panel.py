"""The Inside tab's left column: the drawing, what the network reads, and one map enlarged.

The canvas here is a second view of the Draw tab's drawing (same strokes, same undo history).
Below it: the reading, the 28x28 input with a heat map over it and a unit's receptive field
marked, the feature map chosen on the Layers page enlarged, and the choice of heat map.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from mnistgui.core.explain import input_extent
from mnistgui.core.preprocess import PreprocessResult
from mnistgui.gui.canvas.drawing import Drawing
from mnistgui.gui.canvas.widget import DrawingCanvas
from mnistgui.gui.inside.views import DIVERGING_LUT, GRAY_LUT, HEAT_LUT, ImagePane, LiveText, heat_rgba
from mnistgui.gui.widgets import style
from mnistgui.gui.widgets.controls import make_card

#: Heat maps that can lie over the input and the canvas.
HEAT_CHOICES = (("off", QT_TRANSLATE_NOOP("Saliency", "No heat map")), ("grad_cam", QT_TRANSLATE_NOOP("Saliency", "Grad-CAM")),
                ("gradient_x_input", QT_TRANSLATE_NOOP("Saliency", "Gradient × input")),
                ("integrated_gradients", QT_TRANSLATE_NOOP("Saliency", "Integrated gradients")))


def _edge_fade(n: int = 28, width: float = 3.0) -> np.ndarray:
    """1 inside, falling to 0 over ``width`` pixels at the border: the heat map's edges fade on
    the canvas instead of ending in a hard square."""
    d = np.minimum(np.arange(n) + 0.5, n - 0.5 - np.arange(n)) / width
    d = np.clip(d, 0.0, 1.0)
    return np.minimum(d[:, None], d[None, :]).astype(np.float32)


_EDGE_FADE = _edge_fade()


def _tool(text: str, tip: str) -> QToolButton:
    b = QToolButton()
    b.setObjectName("Tool")
    b.setText(text)
    b.setToolTip(tip)
    b.setFocusPolicy(Qt.FocusPolicy.TabFocus)
    return b


def _caption(text: str = "") -> QLabel:
    lab = QLabel(text)
    lab.setObjectName("Muted")
    lab.setWordWrap(True)
    lab.setTextFormat(Qt.TextFormat.RichText)
    lab.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
    return lab


class InputPanel(QFrame):
    """The left column: the canvas, then what the network reads and one map enlarged."""

    def __init__(self, drawing: Drawing | None, undo_stack: QUndoStack | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        title = QLabel(self.tr("<b>Your drawing</b>"))
        title.setTextFormat(Qt.TextFormat.RichText)
        self.undo_button = _tool(self.tr("Undo"), self.tr("Undo the last change (Ctrl+Z)"))
        self.clear_button = _tool(self.tr("Clear"), self.tr("Clear the drawing (Esc)"))
        head = QHBoxLayout()
        head.setContentsMargins(0, 0, 0, 0)
        head.setSpacing(2)
        head.addWidget(title)
        head.addStretch(1)
        head.addWidget(self.undo_button)
        head.addWidget(self.clear_button)

        self.canvas = DrawingCanvas(drawing=drawing, undo_stack=undo_stack)
        self.canvas.setMinimumSize(170, 170)
        self.canvas.setToolTip(self.tr("Draw here, or in the Draw tab: it is the same drawing"))

        self.banner = QFrame()
        self.banner.setObjectName("Banner")
        self.banner_label = QLabel("")
        self.banner_label.setWordWrap(True)
        self.banner_label.setTextFormat(Qt.TextFormat.RichText)
        self.back_button = QPushButton(self.tr("Back to the drawing"))
        self.back_button.setObjectName("Link")
        self.back_button.setCursor(Qt.CursorShape.PointingHandCursor)
        bl = QVBoxLayout(self.banner)
        bl.setContentsMargins(10, 6, 10, 6)
        bl.setSpacing(2)
        bl.addWidget(self.banner_label)
        bl.addWidget(self.back_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.banner.hide()

        # what the network reads, and one map enlarged
        self.input_pane = ImagePane()
        self.input_image = self.input_pane.add_image(GRAY_LUT, (0.0, 1.0))
        self.input_heat = self.input_pane.add_image(HEAT_LUT, (0.0, 1.0), z=1.0)
        self.field_rect = self.input_pane.add_rect()
        self.input_pane.set_extent(28, 28)
        self.input_pane.setToolTip(self.tr("The 28×28 image the network reads"))
        self.detail_pane = ImagePane()
        self.detail_image = self.detail_pane.add_image(DIVERGING_LUT, (-1.0, 1.0))
        self.unit_rect = self.detail_pane.add_rect()
        self.detail_pane.set_extent(26, 26)
        self.detail_pane.setToolTip(self.tr("Hover a unit to see the part of the input it looks at"))
        for pane in (self.input_pane, self.detail_pane):
            pane.setMinimumSize(96, 96)
            pane.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.input_caption = _caption(self.tr("Input · 28×28"))
        self.detail_caption = LiveText(1, style.MUTED)
        self.field_caption = LiveText(3, style.MUTED, -1)
        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(3)
        grid.addWidget(self.input_pane, 0, 0)
        grid.addWidget(self.detail_pane, 0, 1)
        grid.addWidget(self.input_caption, 1, 0)
        grid.addWidget(self.detail_caption, 1, 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)

        heat_label = QLabel(self.tr("Heat map"))
        heat_label.setObjectName("Muted")
        self.heat_combo = QComboBox()
        self.heat_combo.setAccessibleName(self.tr("Heat map over the input and the drawing"))
        self.heat_combo.setToolTip(self.tr("Lay a saliency map over the input and over your drawing"))
        for key, title_ in HEAT_CHOICES:
            self.heat_combo.addItem(QCoreApplication.translate("Saliency", title_), key)
        self.heat_combo.setCurrentIndex(1)
        heat_label.setBuddy(self.heat_combo)
        heat_row = QHBoxLayout()
        heat_row.setContentsMargins(0, 0, 0, 0)
        heat_row.addWidget(heat_label)
        heat_row.addWidget(self.heat_combo, 1)
        self.heat_caption = LiveText(3, style.MUTED, -1)

        self.reading = LiveText(1, style.TEXT, 2, bold=True)

        lay = make_card(self, (12, 10, 12, 10), 6)
        lay.addLayout(head)
        lay.addWidget(self.banner)
        lay.addWidget(self.canvas, 1)
        lay.addWidget(self.reading)
        lay.addSpacing(2)
        lay.addLayout(grid)
        lay.addWidget(self.field_caption)
        lay.addLayout(heat_row)
        lay.addWidget(self.heat_caption)

    @property
    def heat_method(self) -> str:
        return str(self.heat_combo.currentData())

    def clear(self) -> None:
        """Nothing drawn: blank images, no heat map, no map enlarged."""
        zero = np.zeros((28, 28), np.float32)
        self.input_image.set_values(zero)
        self.input_heat.set_values(zero)
        self.field_rect.setVisible(False)
        self.unit_rect.setVisible(False)
        self.detail_image.set_values(np.zeros((1, 1), np.float32))
        self.detail_image.setVisible(False)
        self.detail_caption.setText("")
        self.field_caption.setText(self.tr("Click a map on the Layers page to enlarge it here."))
        self.heat_caption.setText("")
        self.reading.setText(self.tr("<span style='color:{0}'>Nothing drawn yet</span>").format(style.FAINT))
        self.canvas.set_overlay(None)

    def show_input(self, image28: np.ndarray, digit: int, confidence: float) -> None:
        """The 28x28 input and the network's reading of it."""
        self.input_image.set_values(image28)
        colour = style.UNSURE if confidence < 0.6 else style.TEXT
        self.reading.setText(self.tr("<span style='color:{0}'>Reads {1}</span>&nbsp;&nbsp;<span style='color:{2}; font-weight:400'>{3:.1f}%</span>").format(colour, digit, style.MUTED, confidence * 100))

    def show_heat(self, heat: np.ndarray | None, caption: str) -> None:
        """A heat map over the input (None: none), and what it shows."""
        self.input_heat.setVisible(heat is not None)
        if heat is not None:
            self.input_heat.set_values(heat)
        self.heat_caption.setText(caption if heat is not None else "")

    def show_heat_on_canvas(self, heat: np.ndarray | None, preprocessed: PreprocessResult | None) -> None:
        """The heat map over the drawing, where the 28x28 input came from on the canvas."""
        if heat is None or preprocessed is None:
            self.canvas.set_overlay(None)
            return
        x0, y0, x1, y1 = input_extent(preprocessed)
        h, w = preprocessed.source.shape
        side = float(max(h, w))
        ox, oy = (side - w) / 2.0, (side - h) / 2.0  # the canvas letterboxes an image into its square
        rgba = heat_rgba(heat)
        if rgba.shape[:2] == _EDGE_FADE.shape:
            rgba[..., 3] = (rgba[..., 3] * _EDGE_FADE).astype(np.uint8)
        self.canvas.set_overlay(rgba, ((x0 + ox) / side, (y0 + oy) / side, (x1 + ox) / side, (y1 + oy) / side))

    def show_map(self, scaled: np.ndarray, caption: str, unit: tuple[int, int],
                 field: tuple[int, int, int, int], about_unit: str, short_caption: str = "") -> None:
        """One feature map enlarged (values scaled to -1..1), a unit marked on it at ``(y, x)``,
        and its receptive ``field`` ``(x0, y0, x1, y1)`` on the input; ``short_caption`` is
        shown where ``caption`` does not fit on its line."""
        h, w = scaled.shape
        self.detail_pane.set_extent(w, h)
        self.detail_image.setVisible(True)
        self.detail_image.set_values(scaled)
        self.detail_caption.setText(caption, short_caption)
        y, x = unit
        self.unit_rect.setRect(x, y, 1, 1)
        self.unit_rect.setVisible(True)
        self.mark_field(field)
        fx0, fy0, fx1, fy1 = field
        self.field_caption.setText(
            self.tr("<span style='color:#b7791f'>■</span> The {0}×{1} input pixels seen by {2}.").format(fx1 - fx0, fy1 - fy0, about_unit)
        )

    def mark_field(self, field: tuple[int, int, int, int]) -> None:
        """Mark the input pixels ``(x0, y0, x1, y1)`` a unit sees."""
        x0, y0, x1, y1 = field
        self.field_rect.setRect(x0, y0, x1 - x0, y1 - y0)
        self.field_rect.setVisible(True)
