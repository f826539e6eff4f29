"""The Inside tab's layer-by-layer view: every layer's output for the current input.

Convolution, pooling, batch-norm and ReLU outputs are grids of maps; fully connected layers and
the softmax are bars. Each layer is a card with its name, what it does and its output's shape.
Cards are built once per architecture; a new input only updates their images and bars.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QRectF, Qt, Signal, Slot
from PySide6.QtGui import QColor, QLinearGradient, QPainter, QPen
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)
from torch import nn

from mnistgui.core.explain import LayerActivation
from mnistgui.gui import i18n
from mnistgui.gui.widgets import style
from mnistgui.gui.inside.views import DIVERGING_LUT, BarsView, LiveText, MosaicView, signed_scale, small_font
from mnistgui.gui.widgets.controls import make_card

KIND_TITLES = {
    "conv": QT_TRANSLATE_NOOP("FeatureMaps", "Convolution"), "pool": QT_TRANSLATE_NOOP("FeatureMaps", "Max-pooling"),
    "norm": QT_TRANSLATE_NOOP("FeatureMaps", "Batch norm"), "relu": QT_TRANSLATE_NOOP("FeatureMaps", "ReLU"),
    "fc": QT_TRANSLATE_NOOP("FeatureMaps", "Fully connected"), "softmax": QT_TRANSLATE_NOOP("FeatureMaps", "Softmax"),
}


def kind_title(kind: str) -> str:
    """A layer kind's name as the interface says it."""
    return QCoreApplication.translate("FeatureMaps", KIND_TITLES[kind]) if kind in KIND_TITLES else kind


def _pair(v) -> int:
    return v if isinstance(v, int) else v[0]


def describe_layer(module: nn.Module | None, kind: str) -> str:
    """One plain sentence on what a layer does to what comes in."""
    if kind == "conv" and isinstance(module, nn.Conv2d):
        k = _pair(module.kernel_size)
        src = QCoreApplication.translate("FeatureMaps", "the input") if module.in_channels == 1 else \
            QCoreApplication.translate("FeatureMaps", "all {0} maps before").format(module.in_channels)
        return QCoreApplication.translate(
            "FeatureMaps", "{0} filters of {1}×{1} slide over {2}; each map shows where its filter matches."
        ).format(module.out_channels, k, src)
    if kind == "pool" and isinstance(module, (nn.MaxPool2d, nn.AvgPool2d)):
        k = _pair(module.kernel_size)
        return QCoreApplication.translate(
            "FeatureMaps", "Keeps the strongest response in each {0}×{0} block: the maps shrink, the pattern stays."
        ).format(k)
    if kind == "norm":
        return QCoreApplication.translate(
            "FeatureMaps", "Shifts and scales each map by statistics learned in training, so all maps share a range.")
    if kind == "relu":
        return QCoreApplication.translate(
            "FeatureMaps", "Sets every negative value to zero (black): only evidence for a pattern goes on.")
    if kind == "fc" and isinstance(module, nn.Linear):
        n_in = module.in_features
        what = QCoreApplication.translate("FeatureMaps", "logits, one per digit") if module.out_features == 10 \
            else QCoreApplication.translate("FeatureMaps", "{0} units").format(module.out_features)
        return QCoreApplication.translate("FeatureMaps", "Every unit weighs all {0} values before it; gives {1}.").format(
            i18n.integer(n_in), what)
    if kind == "softmax":
        return QCoreApplication.translate("FeatureMaps", "Turns the logits into probabilities that add up to 100%.")
    return ""


def shape_text(shape: Sequence[int]) -> str:
    if len(shape) == 3:
        c, h, w = shape
        return QCoreApplication.translate("FeatureMaps", "{0} maps of {1}×{2}").format(c, h, w)
    return QCoreApplication.translate("FeatureMaps", "{0} values").format(shape[0]) if shape else ""


class _Hint(QLabel):
    """A one-line hint that takes only the room left over, and is left out when that is too
    little to read it whole (each map's tooltip says the same)."""

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if self.fontMetrics().horizontalAdvance(self.text()) > self.contentsRect().width():
            return
        super().paintEvent(event)


class ColourKey(QWidget):
    """A small legend for the map colours: negative, zero, positive."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFixedSize(160, 30)
        self.setToolTip(self.tr("Map colours: blue below zero, black at zero, orange to yellow above zero"))

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt's name
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        bar = QRectF(4, 2, self.width() - 8, 10)
        g = QLinearGradient(bar.topLeft(), bar.topRight())
        for i in range(0, 256, 15):
            r, gg, b = (int(v) for v in DIVERGING_LUT[i][:3])
            g.setColorAt(i / 255.0, QColor(r, gg, b))
        g.setColorAt(1.0, QColor(*(int(v) for v in DIVERGING_LUT[255][:3])))
        p.setPen(QPen(QColor(style.BORDER), 1))
        p.setBrush(g)
        p.drawRoundedRect(bar, 3, 3)
        p.setPen(QColor(style.MUTED))
        p.setFont(small_font(self.font(), -1.5))
        text = QRectF(0, 13, self.width(), 16)
        p.drawText(text, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, self.tr("negative"))
        p.drawText(text, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter, "0")
        p.drawText(text, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, self.tr("positive"))
        p.end()


class LayerCard(QFrame):
    """One layer: a header (name, what it does, shape) over its maps or bars, and a value line."""

    #: the pointer is over a unit: (layer, map, y, x); map -1 when it left. For vectors y = x = 0.
    unit_hovered = Signal(str, int, int, int)
    #: a map was clicked: (layer, map, y, x)
    map_clicked = Signal(str, int, int, int)

    def __init__(self, step: int, name: str, kind: str, shape: Sequence[int], description: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self.kind = kind
        self.shape = tuple(shape)
        self.values: np.ndarray = np.zeros(self.shape, np.float32)
        title = QLabel(f"<span style='color:{style.FAINT}'>{step}</span>&nbsp;&nbsp;<b>{name}</b>&nbsp;&nbsp;"
                       f"<span style='color:{style.MUTED}'>{kind_title(kind)}</span>")
        title.setTextFormat(Qt.TextFormat.RichText)
        self.shape_label = QLabel(shape_text(shape))
        self.shape_label.setObjectName("Muted")
        self.shape_label.setToolTip(self.tr("This layer's output: ") + " × ".join(str(s) for s in shape))
        head = QHBoxLayout()
        head.setContentsMargins(0, 0, 0, 0)
        head.addWidget(title)
        head.addStretch(1)
        head.addWidget(self.shape_label)
        self.description = QLabel(description)
        self.description.setObjectName("Muted")
        self.description.setWordWrap(True)
        self.description.setFont(small_font(self.font(), -1))
        self.value_label = LiveText(1, style.FAINT, -1)
        if len(self.shape) == 3:
            self.view: MosaicView | BarsView = MosaicView()
            self.view.setToolTip(self.tr("Hover a map to read its values; click one to enlarge it"))
            self.view.hovered.connect(self._on_view_hovered)
            self.view.clicked.connect(self._on_view_clicked)
            self.view.set_maps(np.zeros(self.shape, np.float32))
        else:
            n = self.shape[0]
            self.view = BarsView(n, digits=n == 10, probabilities=kind == "softmax")
            self.view.hovered.connect(self._on_bars_hovered)
            self.view.setFixedHeight(120 if n == 10 else 104)
        lay = make_card(self, (12, 9, 12, 8), 4)
        lay.addLayout(head)
        lay.addWidget(self.description)
        lay.addWidget(self.view)
        lay.addWidget(self.value_label)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Maximum)

    def set_values(self, values: np.ndarray, per_map: bool) -> None:
        self.values = values
        if isinstance(self.view, MosaicView):
            self.view.set_maps(signed_scale(values, per_map))
        else:
            self.view.set_values(values)

    @Slot(float, float)
    def _on_view_hovered(self, x: float, y: float) -> None:
        assert isinstance(self.view, MosaicView)
        hit = self.view.tile_at(x, y)
        if hit is None:
            self.value_label.setText("")
            self.unit_hovered.emit(self.name, -1, 0, 0)
            return
        k, yy, xx = hit
        v = float(self.values[k, yy, xx])
        self.value_label.setText(self.tr("map {0}  ·  row {1}, column {2}  ·  value {3}").format(k, yy, xx, i18n.signed(v, 3)))
        self.unit_hovered.emit(self.name, k, yy, xx)

    @Slot(float, float)
    def _on_view_clicked(self, x: float, y: float) -> None:
        assert isinstance(self.view, MosaicView)
        hit = self.view.tile_at(x, y)
        if hit is not None:
            self.map_clicked.emit(self.name, *hit)

    @Slot(int)
    def _on_bars_hovered(self, i: int) -> None:
        if i < 0:
            self.value_label.setText("")
            return
        v = float(self.values[i])
        if self.kind == "softmax":
            self.value_label.setText(self.tr("digit {0}  ·  probability {1}").format(i, i18n.percent(v, 2)))
        elif self.shape[0] == 10:
            self.value_label.setText(self.tr("digit {0}  ·  logit {1}").format(i, i18n.signed(v, 3)))
        else:
            self.value_label.setText(self.tr("unit {0}  ·  value {1}").format(i, i18n.signed(v, 3)))


class FeatureMapsPage(QWidget):
    """Every layer's output as cards, two to a row, in the order the data flows."""

    unit_hovered = Signal(str, int, int, int)
    map_clicked = Signal(str, int, int, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.cards: dict[str, LayerCard] = {}
        self._key: tuple | None = None
        self._per_map = True
        self._last: dict[str, LayerActivation] = {}
        self._stale: set[str] = set()  # cards not yet showing the latest input

        scale_label = QLabel(self.tr("Colour scale"))
        scale_label.setObjectName("Muted")
        self.per_map_button = QToolButton()
        self.per_map_button.setText(self.tr("Each map"))
        self.per_map_button.setToolTip(self.tr("Every map uses its own colour range: faint patterns show up"))
        self.per_layer_button = QToolButton()
        self.per_layer_button.setText(self.tr("Whole layer"))
        self.per_layer_button.setToolTip(self.tr("All maps of a layer share one colour range: strong maps stand out"))
        group = QButtonGroup(self)
        for b in (self.per_map_button, self.per_layer_button):
            b.setObjectName("Tool")
            b.setCheckable(True)
            b.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            group.addButton(b)
        self.per_map_button.setChecked(True)
        self.per_map_button.toggled.connect(self._on_per_map_button_toggled)
        hint = _Hint(self.tr("Hover a map for its values · click to enlarge it"))
        hint.setObjectName("Faint")
        hint.setFont(small_font(self.font(), -1))
        hint.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)  # never widens the page
        hint.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        bar = QHBoxLayout()
        bar.setContentsMargins(2, 0, 2, 0)
        bar.setSpacing(4)
        bar.addWidget(scale_label)
        bar.addSpacing(4)
        bar.addWidget(self.per_map_button)
        bar.addWidget(self.per_layer_button)
        bar.addSpacing(14)
        bar.addWidget(ColourKey())
        bar.addWidget(hint, 1)

        self._grid_host = QWidget()
        self._grid_host.setObjectName("InsidePage")
        self._grid = QGridLayout(self._grid_host)
        self._grid.setContentsMargins(0, 0, 6, 6)
        self._grid.setHorizontalSpacing(10)
        self._grid.setVerticalSpacing(10)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setWidget(self._grid_host)
        self.scroll.verticalScrollBar().valueChanged.connect(self._update_visible)

        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 8, 0, 0)
        lay.setSpacing(8)
        lay.addLayout(bar)
        lay.addWidget(self.scroll, 1)
        self._columns = 2

    # ------------------------------------------------------------------------------------------

    @property
    def per_map(self) -> bool:
        return self._per_map

    def set_per_map(self, per_map: bool) -> None:
        (self.per_map_button if per_map else self.per_layer_button).setChecked(True)

    def build(self, model: nn.Module, layers: Sequence[LayerActivation]) -> None:
        """Make one card per layer (only when the layers' names or shapes change)."""
        key = tuple((a.name, a.kind, a.shape) for a in layers)
        if key == self._key:
            return
        self._key = key
        self._last, self._stale = {}, set()
        for card in self.cards.values():
            self._grid.removeWidget(card)
            card.deleteLater()
        self.cards = {}
        modules = dict(model.named_modules())
        mods = {n.split(".")[-1]: m for n, m in modules.items()}
        for step, a in enumerate(layers, 1):
            card = LayerCard(step, a.name, a.kind, a.shape, describe_layer(mods.get(a.name), a.kind))
            card.unit_hovered.connect(self.unit_hovered)
            card.map_clicked.connect(self.map_clicked)
            self.cards[a.name] = card
        self._place_cards()

    def _place_cards(self) -> None:
        cols = self._columns
        for r in range(self._grid.rowCount()):
            self._grid.setRowStretch(r, 0)
        for i, card in enumerate(self.cards.values()):
            self._grid.addWidget(card, i // cols, i % cols, Qt.AlignmentFlag.AlignTop)
        self._grid.setRowStretch((len(self.cards) + cols - 1) // cols, 1)  # spare height goes below
        for c in range(2):
            self._grid.setColumnStretch(c, 1 if c < cols else 0)

    def show_layers(self, layers: Sequence[LayerActivation]) -> None:
        """Show a new input's layers. Only the cards in sight are drawn now; the others when
        they are scrolled into sight (most of a refresh's cost is drawing cards)."""
        self._last = {a.name: a for a in layers}
        self._stale = set(self._last)
        self._update_visible()

    def visible_cards(self) -> list[str]:
        top = self.scroll.verticalScrollBar().value()
        bottom = top + self.scroll.viewport().height()
        return [n for n, c in self.cards.items()
                if c.isVisibleTo(self) and c.geometry().bottom() >= top and c.geometry().top() <= bottom]

    @Slot()
    def _update_visible(self) -> None:
        if not self._stale:
            return
        for name in self.visible_cards():
            a = self._last.get(name)
            if name in self._stale and a is not None:
                self.cards[name].set_values(a.values, self._per_map)
                self._stale.discard(name)

    def select(self, layer: str | None, k: int | None) -> None:
        """Outline map ``k`` of ``layer`` (and no other)."""
        for name, card in self.cards.items():
            if isinstance(card.view, MosaicView):
                card.view.select(k if name == layer else None)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        cols = 2 if self.width() >= 620 else 1
        if cols != self._columns:
            self._columns = cols
            self._place_cards()
        self._update_visible()

    @Slot(bool)
    def _on_per_map_button_toggled(self, checked: bool) -> None:
        self._per_map = checked
        if self._last:
            self.show_layers(list(self._last.values()))
