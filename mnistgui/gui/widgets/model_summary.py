"""The model summary as a table: each layer's output shape, parameters and multiply-adds, and the
total (the core's :func:`~mnistgui.core.summary.summarize`). Shown in the Train and Inside tabs."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from mnistgui.core.summary import ModelSummary, shape_text, summarize
from mnistgui.gui import i18n
from mnistgui.gui.widgets.controls import FlexLabel

COLUMNS = (QT_TRANSLATE_NOOP("ModelSummaryView", "Layer"), QT_TRANSLATE_NOOP("ModelSummaryView", "Type"),
           QT_TRANSLATE_NOOP("ModelSummaryView", "Output shape"), QT_TRANSLATE_NOOP("ModelSummaryView", "Parameters"),
           QT_TRANSLATE_NOOP("ModelSummaryView", "Multiply-adds"))
NOTE = QT_TRANSLATE_NOOP(
    "ModelSummaryView", "Multiply-adds for one 28×28 image: a convolution does one per kernel weight per output value, a "
    "fully connected layer one per weight, batch norm one per value (a scale and a shift); pooling, "
    "ReLU, dropout and flatten none. Parameters include biases and batch norm's γ and β.")


class ModelSummaryView(QWidget):
    """A table of the model's layers with a total row and a note on what is counted."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.summary: ModelSummary | None = None
        self.title = QLabel("")
        self.title.setObjectName("CardTitle")
        self.title.setWordWrap(True)  # a long run name wraps rather than widening the window
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("SummaryTable")
        self.table.setHorizontalHeaderLabels([QCoreApplication.translate("ModelSummaryView", c) for c in COLUMNS])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setDefaultSectionSize(24)
        hh = self.table.horizontalHeader()
        hh.setHighlightSections(False)
        hh.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        hh.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setAccessibleName(self.tr("Model summary"))
        self.note = FlexLabel(QCoreApplication.translate("ModelSummaryView", NOTE), lines=2)
        self.note.setObjectName("Muted")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(6)
        lay.addWidget(self.title)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.note)

    def set_model(self, model, name: str = "") -> None:
        """Summarise ``model`` (a :class:`~mnistgui.core.model.DigitCNN`; None clears)."""
        if model is None:
            self.summary = None
            self.table.setRowCount(0)
            self.title.setText(self.tr("No model yet"))
            return
        s = self.summary = summarize(model)
        rows = [(self.tr("input"), self.tr("28×28 grey image, normalised"), shape_text(s.input_shape), "", "")]
        rows += [(layer.name, layer.kind, shape_text(layer.output_shape), i18n.integer(layer.parameters),
                  i18n.integer(layer.mult_adds) if layer.mult_adds else "–") for layer in s.layers]
        rows.append((self.tr("Total"), "", "", i18n.integer(s.parameters), i18n.integer(s.mult_adds)))
        self.table.setRowCount(len(rows))
        bold = QFont(self.font())
        bold.setWeight(QFont.Weight.DemiBold)
        for r, cells in enumerate(rows):
            for c, text in enumerate(cells):
                it = QTableWidgetItem(text)
                if c >= 3:
                    it.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if r == len(rows) - 1:
                    it.setFont(bold)
                self.table.setItem(r, c, it)
        arch = getattr(getattr(model, "config", None), "arch", "")
        self.title.setText((name + " · " if name else "") + (self.tr("{0} architecture · ").format(arch) if arch else "")
                           + self.tr("{0} parameters, {1} million multiply-adds per image").format(
                               i18n.integer(s.parameters), i18n.number(s.mult_adds / 1e6, 2)))
