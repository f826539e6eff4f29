"""The Inside tab's left column: the drawing, what the network reads, and one map enlarged.

The canvas here is a second view of the Draw tab's drawing (same strokes, same undo history).
Below it: the reading, the 28x28 input with a heat map over it and a unit's receptive field
marked, the feature map chosen on the Layers page enlarged, and the choice of heat map.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
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

from mnistgui.gui.widgets import style
from mnistgui.gui.canvas.widget import DrawingCanvas
from mnistgui.gui.canvas.drawing import Drawing
from mnistgui.gui.inside.views import DIVERGING_LUT, GRAY_LUT, HEAT_LUT, ImagePane, LiveText

#: Heat maps that can lie over the input and the canvas.
HEAT_CHOICES = (("off", "No heat map"), ("grad_cam", "Grad-CAM"), ("gradient_x_input", "Gradient × input"),
                ("integrated_gradients", "Integrated gradients"))


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
        self.setObjectName("Card")
        title = QLabel("<b>Your drawing</b>")
        title.setTextFormat(Qt.TextFormat.RichText)
        self.undo_button = _tool("Undo", "Undo the last change (Ctrl+Z)")
        self.clear_button = _tool("Clear", "Clear the drawing (Esc)")
        head = QHBoxLayout()
        head.setContentsMargins(0, 0, 0, 0)
        head.setSpacing(2)
        head.addWidget(title)
        head.addStretch(1)
        head.addWidget(self.undo_button)
        head.addWidget(self.clear_button)

        self.canvas = DrawingCanvas(drawing=drawing, undo_stack=undo_stack)
        self.canvas.setMinimumSize(170, 170)
        self.canvas.setToolTip("Draw here, or in the Draw tab: it is the same drawing")

        self.banner = QFrame()
        self.banner.setObjectName("Banner")
        self.banner_label = QLabel("")
        self.banner_label.setWordWrap(True)
        self.banner_label.setTextFormat(Qt.TextFormat.RichText)
        self.back_button = QPushButton("Back to the drawing")
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
        self.input_pane.setToolTip("The 28×28 image the network reads")
        self.detail_pane = ImagePane()
        self.detail_image = self.detail_pane.add_image(DIVERGING_LUT, (-1.0, 1.0))
        self.unit_rect = self.detail_pane.add_rect()
        self.detail_pane.set_extent(26, 26)
        self.detail_pane.setToolTip("Hover a unit to see the part of the input it looks at")
        for pane in (self.input_pane, self.detail_pane):
            pane.setMinimumSize(96, 96)
            pane.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.input_caption = _caption("Input · 28×28")
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

        heat_label = QLabel("Heat map")
        heat_label.setObjectName("Muted")
        self.heat_combo = QComboBox()
        self.heat_combo.setAccessibleName("Heat map over the input and the drawing")
        self.heat_combo.setToolTip("Lay a saliency map over the input and over your drawing")
        for key, title_ in HEAT_CHOICES:
            self.heat_combo.addItem(title_, key)
        self.heat_combo.setCurrentIndex(1)
        heat_label.setBuddy(self.heat_combo)
        heat_row = QHBoxLayout()
        heat_row.setContentsMargins(0, 0, 0, 0)
        heat_row.addWidget(heat_label)
        heat_row.addWidget(self.heat_combo, 1)
        self.heat_caption = LiveText(3, style.MUTED, -1)

        self.reading = LiveText(1, style.TEXT, 2, bold=True)

        lay = QVBoxLayout(self)
        lay.setContentsMargins(12, 10, 12, 10)
        lay.setSpacing(6)
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
