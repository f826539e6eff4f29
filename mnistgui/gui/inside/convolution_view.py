"""The Inside tab's Convolution page: one unit of a feature map worked out, for the current input.

Pick a layer and a map, click a unit on the map (or a unit on the Layers page): the page shows
the 3x3 input patch the unit's kernel sees, the kernel, their products and the sum, the bias, and
each later step of the block (max pooling, batch norm as a step of its own, ReLU) with its numbers,
ending with the network's own output at that unit. The arithmetic is the core's
(:func:`~mnistgui.core.unit_math.work_out_unit`); this page lays it out.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QRectF, Qt, Slot
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QBoxLayout,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from mnistgui.core.explain import LayerActivation
from mnistgui.core.unit_math import UnitError, UnitWorkings, work_out_unit
from mnistgui.gui.inside.views import DIVERGING_LUT, NEGATIVE, POSITIVE, ImagePane, signed_scale, small_font
from mnistgui.gui.widgets import style
from mnistgui.gui.widgets.controls import FlexLabel, make_card


def _num(v: float) -> str:
    return f"{v:+.2f}".replace("-", "−")


class NumberGrid(QFrame):
    """A small grid of numbers (a 3x3 patch, kernel or products), each cell tinted by its sign."""

    def __init__(self, title: str, size: int = 3, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("NumberGrid")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(3)
        self.title = FlexLabel(title, lines=1)  # wraps rather than widening the grid (its text changes)
        self.title.setObjectName("Muted")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        lay.addWidget(self.title)
        grid = QGridLayout()
        grid.setSpacing(2)
        self.cells: list[list[QLabel]] = []
        font = small_font(self.font(), -1.0)
        for r in range(size):
            row = []
            for c in range(size):
                cell = QLabel("")
                cell.setAlignment(Qt.AlignmentFlag.AlignCenter)
                cell.setFont(font)
                cell.setMinimumSize(38, 22)
                grid.addWidget(cell, r, c)
                row.append(cell)
            self.cells.append(row)
        lay.addLayout(grid)

    def set_values(self, values: np.ndarray | None) -> None:
        big = float(np.abs(values).max()) if values is not None and values.size else 0.0
        for r, row in enumerate(self.cells):
            for c, cell in enumerate(row):
                if values is None or r >= values.shape[0] or c >= values.shape[1]:
                    cell.setText("")
                    cell.setStyleSheet("")
                    continue
                v = float(values[r, c])
                a = int(30 + 150 * abs(v) / big) if big > 0 else 0
                col = QColor(POSITIVE if v >= 0 else NEGATIVE)
                cell.setText(_num(v))
                cell.setStyleSheet(f"background: rgba({col.red()},{col.green()},{col.blue()},{a});"
                                   f"border-radius: 3px; color: {style.TEXT};")


def _sign(text: str) -> QLabel:
    s = QLabel(text)
    f = QFont(s.font())
    f.setPointSizeF(f.pointSizeF() + 4)
    s.setFont(f)
    s.setObjectName("Muted")
    s.setAlignment(Qt.AlignmentFlag.AlignCenter)
    return s


class ConvolutionPage(QWidget):
    """A unit of a feature map, worked out from its input patch to its value."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ConvolutionPage")
        self.workings: UnitWorkings | None = None
        self.error = ""
        self._model = self._pre = self._img = None
        self._maps: dict[str, np.ndarray] = {}
        self._unit: tuple[int, int] | None = None  # (y, x) in the map shown; None: its strongest
        self._in_channel: int | None = None  # which input map's 3x3 is shown (None: the strongest)

        intro = FlexLabel(self.tr("How one unit of a feature map is computed from your drawing, number by number. Click a unit on the map (or on the Layers page)."), lines=1)
        intro.setObjectName("Muted")
        self.layer_combo = QComboBox()
        self.layer_combo.setToolTip(self.tr("The layer whose unit is worked out"))
        self.map_spin = QSpinBox()
        self.map_spin.setPrefix(self.tr("map "))
        self.map_spin.setToolTip(self.tr("Which of the layer's maps"))
        self.channel_spin = QSpinBox()
        self.channel_spin.setPrefix(self.tr("input map "))
        self.channel_spin.setToolTip(self.tr("Which input map's 3×3 patch and kernel are shown (the sum covers all)"))
        pick = QHBoxLayout()
        pick.setSpacing(8)
        for w in (QLabel(self.tr("Layer")), self.layer_combo, self.map_spin, self.channel_spin):
            pick.addWidget(w)
        pick.addStretch(1)

        self.map_view = ImagePane()
        self.map_image = self.map_view.add_image(DIVERGING_LUT, (-1.0, 1.0))
        self.marker = self.map_view.add_rect(QColor(style.TEXT), 2.0)
        self.map_view.setMinimumSize(110, 110)
        self.map_view.setMaximumWidth(240)
        self.map_caption = QLabel("")
        self.map_caption.setObjectName("Muted")
        self.map_caption.setWordWrap(True)
        left = QVBoxLayout()
        left.setSpacing(4)
        left.addWidget(self.map_view)
        left.addWidget(self.map_caption)
        left.addStretch(1)

        self.patch = NumberGrid(self.tr("Input patch"))
        self.kernel = NumberGrid(self.tr("Kernel"))
        self.products = NumberGrid(self.tr("Products"))
        grids = QHBoxLayout()
        grids.setSpacing(6)
        for w in (self.patch, _sign("×"), self.kernel, _sign("="), self.products):
            grids.addWidget(w)
        grids.addStretch(1)
        self.sum_label = QLabel("")
        self.sum_label.setTextFormat(Qt.TextFormat.RichText)
        self.sum_label.setWordWrap(True)
        self.steps_label = QLabel("")
        self.steps_label.setTextFormat(Qt.TextFormat.RichText)
        self.steps_label.setWordWrap(True)
        self.steps_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.sum_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        right = QVBoxLayout()
        right.setSpacing(8)
        right.addLayout(grids)
        right.addWidget(self.sum_label)
        right.addWidget(self.steps_label)
        right.addStretch(1)

        body_card = QFrame()
        # the map beside the numbers where the page is wide enough, above them where it is not
        # (an 800-pixel window): the page's minimum width is that of the narrower arrangement
        body = self._body = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        body.setSpacing(16)
        body.addLayout(left)
        body.addLayout(right, 1)
        self._left, self._right = left, right
        cl = make_card(body_card)
        cl.addLayout(pick)
        cl.addLayout(body, 1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 6, 0, 0)
        lay.setSpacing(8)
        lay.addWidget(intro)
        lay.addWidget(body_card, 1)

        self.layer_combo.currentIndexChanged.connect(self._on_layer_combo_current_index_changed)
        self.map_spin.valueChanged.connect(self._on_map_spin_value_changed)
        self.channel_spin.valueChanged.connect(self._on_channel_spin_value_changed)
        self.map_view.clicked.connect(self._on_map_view_clicked)
        self._show(None)
        margins = cl.contentsMargins()
        self._frame = margins.left() + margins.right() + 2  # the card's margins and border
        self.setMinimumWidth(max(left.minimumSize().width(), right.minimumSize().width()) + self._frame)

    def side_by_side(self) -> bool:
        """The map is beside the numbers (else above them)."""
        return self._body.direction() == QBoxLayout.Direction.LeftToRight

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        wide = (self._left.minimumSize().width() + self._body.spacing() + self._right.minimumSize().width()
                + self._frame)
        direction = QBoxLayout.Direction.LeftToRight if self.width() >= wide else QBoxLayout.Direction.TopToBottom
        if direction != self._body.direction():
            self._body.setDirection(direction)

    # ------------------------------------------------------------------------------------------
    # Public

    def set_model(self, model) -> None:
        """Work out units of ``model`` from now on (its feature layers fill the layer list)."""
        self._model = model
        names = [n for n, _m in model.features.named_children()]
        keep = self.layer_combo.currentText()
        self.layer_combo.blockSignals(True)
        self.layer_combo.clear()
        self.layer_combo.addItems(names)
        if keep in names:
            self.layer_combo.setCurrentText(keep)
        self.layer_combo.blockSignals(False)
        self._unit = None

    def set_input(self, model, pre, image28: np.ndarray | None, layers: list[LayerActivation]) -> None:
        """The current input and every layer's output for it (from the tab's refresh)."""
        if model is not self._model:
            self.set_model(model)
        self._pre, self._img = pre, image28
        self._maps = {a.name: a.values for a in layers if a.values.ndim == 3}
        self._work_out()

    def select(self, layer: str, k: int, unit: tuple[int, int] | None = None) -> None:
        """Show map ``k`` of ``layer`` and work out ``unit`` (row, column; None: its strongest)."""
        if self.layer_combo.findText(layer) < 0:
            return
        self.layer_combo.blockSignals(True)
        self.layer_combo.setCurrentText(layer)
        self.layer_combo.blockSignals(False)
        self._set_map_range()
        self.map_spin.blockSignals(True)
        self.map_spin.setMaximum(max(self.map_spin.maximum(), int(k)))
        self.map_spin.setValue(int(k))
        self.map_spin.blockSignals(False)
        self._unit = unit
        self._in_channel = None
        self._work_out()

    def layer(self) -> str:
        return self.layer_combo.currentText()

    # ------------------------------------------------------------------------------------------

    def _set_map_range(self) -> None:
        m = self._maps.get(self.layer())
        if m is not None:  # (before the first input, a map asked for is kept until it comes)
            self.map_spin.setMaximum(max(0, m.shape[0] - 1))

    def _work_out(self) -> None:
        self._set_map_range()
        layer, k = self.layer(), self.map_spin.value()
        maps = self._maps.get(layer)
        if self._model is None or self._img is None or maps is None:
            self.workings, self.error = None, ""
            self._show(None)
            return
        m = maps[min(k, maps.shape[0] - 1)]
        if self._unit is None or not (0 <= self._unit[0] < m.shape[0] and 0 <= self._unit[1] < m.shape[1]):
            self._unit = tuple(int(v) for v in np.unravel_index(int(np.argmax(m)), m.shape))
        y, x = self._unit
        try:
            self.workings = work_out_unit(self._model, self._img, self._pre, layer, k, y, x)
            self.error = ""
        except UnitError as exc:
            self.workings, self.error = None, str(exc)
        self.map_image.set_values(signed_scale(m[None], True)[0])
        self.map_view.set_extent(m.shape[1], m.shape[0])
        self.marker.setRect(QRectF(x, y, 1, 1))
        self.marker.setVisible(True)
        self.map_caption.setText(self.tr("{0} · map {1} · {2}×{3}: row {4}, column {5}").format(layer, k, m.shape[0], m.shape[1], y, x))
        self._show(self.workings)

    def _show(self, w: UnitWorkings | None) -> None:
        if w is None:
            for g in (self.patch, self.kernel, self.products):
                g.set_values(None)
            self.channel_spin.setVisible(False)
            self.sum_label.setText(self.error or self.tr("Draw a digit to see a unit worked out."))
            self.steps_label.setText("")
            if self._img is None:
                self.marker.setVisible(False)
                self.map_image.set_values(np.zeros((1, 1), np.float32))
                self.map_caption.setText("")
            return
        c = w.conv
        n_in = c.patch.shape[0]
        self.channel_spin.setVisible(n_in > 1)
        self.channel_spin.blockSignals(True)
        self.channel_spin.setMaximum(n_in - 1)
        ch = self._in_channel if self._in_channel is not None and self._in_channel < n_in else c.strongest_channels(1)[0]
        self.channel_spin.setValue(ch)
        self.channel_spin.blockSignals(False)
        src = self.tr("the normalised input") if c.input_name == "input" else self.tr("{0}'s map {1}").format(c.input_name, ch)
        self.patch.title.setText(self.tr("Input patch ({0})").format(src))
        self.kernel.title.setText(self.tr("{0} kernel {1}").format(c.layer, c.channel) + (self.tr(", input map {0}").format(ch) if n_in > 1 else ""))
        self.patch.set_values(c.patch[ch])
        self.kernel.set_values(c.kernel[ch])
        self.products.set_values(c.products[ch])
        sums = c.channel_sums
        lines = []
        if n_in > 1:
            top = self.tr(", ").join(self.tr("map {0}: {1}").format(i, _num(float(sums[i]))) for i in c.strongest_channels(4))
            lines.append(self.tr("Sum of these 9 products: <b>{0}</b>. The unit adds up such sums over all {1} input maps "
                                 "(largest: {2}): <b>{3}</b>").format(_num(float(sums[ch])), n_in, top, _num(c.total)))
        else:
            lines.append(self.tr("Sum of the 9 products: <b>{0}</b>").format(_num(c.total)))
        if c.bias is None:
            lines.append(self.tr("No bias (the batch norm after it shifts instead): {0} = <b>{1}</b>").format(
                c.layer, _num(c.value)))
        else:
            lines.append(self.tr("+ bias {0} = {1} = <b>{2}</b>").format(_num(c.bias), c.layer, _num(c.value)))
        if (c.y, c.x) != (w.y, w.x) and w.layer != c.layer:
            lines.append("<span style='color:{0}'>{1}</span>".format(style.MUTED, self.tr(
                "(the {0} unit at row {1}, column {2}: the largest in the pooling window of the unit you picked)").format(
                c.layer, c.y, c.x)))
        self.sum_label.setText("<br>".join(lines))
        steps = []
        for s in w.steps:
            if s.kind == "pool":
                vals = ", ".join(_num(float(v)) for v in s.window.ravel())
                steps.append(self.tr("<b>{0}</b> (max pooling): the largest of [{1}] = <b>{2}</b>").format(
                    s.layer, vals, _num(s.value)))
            elif s.kind == "norm":
                steps.append(self.tr("<b>{0}</b> (batch norm, shown as its own step, not folded into the kernel): "
                                     "({1} − {2}) / √({3} + {4}) × {5} + {6} = <b>{7}</b>").format(
                    s.layer, _num(s.value_in), _num(s.mean), f"{s.var:.3f}", f"{s.eps:g}", _num(s.gamma), _num(s.beta),
                    _num(s.value)))
            else:
                steps.append(self.tr("<b>{0}</b> (ReLU): max(0, {1}) = <b>{2}</b>").format(
                    s.layer, _num(s.value_in), _num(s.value)))
        ok = abs(w.value - w.actual) <= 1e-3 * max(1.0, abs(w.actual))
        steps.append("<span style='color:{0}'>{1}</span>".format(
            style.OK if ok else style.UNSURE,
            self.tr("The network's own output at {0} map {1}, row {2}, column {3}: {4}").format(
                w.layer, w.channel, w.y, w.x, _num(w.actual))
            + (self.tr(" ✓ the same") if ok else self.tr(" (differs!)"))))
        self.steps_label.setText("<br>".join(steps))

    # ------------------------------------------------------------------------------------------
    # Slots

    @Slot(int)
    def _on_layer_combo_current_index_changed(self, _i: int) -> None:
        self._unit = None
        self._in_channel = None
        self._work_out()

    @Slot(int)
    def _on_map_spin_value_changed(self, _v: int) -> None:
        self._in_channel = None
        self._work_out()

    @Slot(int)
    def _on_channel_spin_value_changed(self, v: int) -> None:
        self._in_channel = int(v)
        self._show(self.workings)

    @Slot(float, float)
    def _on_map_view_clicked(self, x: float, y: float) -> None:
        m = self._maps.get(self.layer())
        if m is None:
            return
        h, w = m.shape[1:]
        if 0 <= x < w and 0 <= y < h:
            self._unit = (int(y), int(x))
            self._in_channel = None
            self._work_out()
