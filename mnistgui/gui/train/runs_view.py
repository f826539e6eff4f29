"""The runs list: every run kept, their curves overlaid, and what can be done with a run.

The list reads the run store (:mod:`mnistgui.core.runs`). Selecting runs overlays their
validation accuracy and smoothed training loss; the buttons rename, delete, export a run's
checkpoint, show its evaluation, or make its model the one the Draw tab reads with.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QItemSelectionModel, Qt, Signal, Slot
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from mnistgui.core.errors import MnistguiError
from mnistgui.core.runs import RunInfo, RunStore
from mnistgui.gui import i18n
from mnistgui.gui.widgets import style
from mnistgui.gui.widgets.flow import flow_row, group
from mnistgui.gui.train.plots import style_plot

#: colours for overlaid runs, in order of selection
PALETTE = ("#2f6fed", "#e8590c", "#16a34a", "#7c3aed", "#db2777", "#0891b2", "#ca8a04", "#4b5563")
COLUMNS = (QT_TRANSLATE_NOOP("RunsView", "Name"), QT_TRANSLATE_NOOP("RunsView", "Started"), QT_TRANSLATE_NOOP("RunsView", "Model"), QT_TRANSLATE_NOOP("RunsView", "Epochs"), QT_TRANSLATE_NOOP("RunsView", "Best val. acc."), QT_TRANSLATE_NOOP("RunsView", "Test acc."), QT_TRANSLATE_NOOP("RunsView", "Status"))

STATUS_TEXT = {
    "created": QT_TRANSLATE_NOOP("RunsView", "not started"),
    "running": QT_TRANSLATE_NOOP("RunsView", "training…"),
    "completed": QT_TRANSLATE_NOOP("RunsView", "completed"),
    "early-stopped": QT_TRANSLATE_NOOP("RunsView", "stopped early"),
    "stopped": QT_TRANSLATE_NOOP("RunsView", "stopped"),
    "failed": QT_TRANSLATE_NOOP("RunsView", "failed"),
    "interrupted": QT_TRANSLATE_NOOP("RunsView", "interrupted"),
    "damaged": QT_TRANSLATE_NOOP("RunsView", "damaged"),
}


def status_text(status: str) -> str:
    """A run's status as the interface says it."""
    return QCoreApplication.translate("RunsView", STATUS_TEXT[status]) if status in STATUS_TEXT else status


def _when(iso: str) -> str:
    try:
        return datetime.fromisoformat(iso).astimezone().strftime("%d %b %H:%M")
    except (ValueError, TypeError):
        return ""


def _pct(v) -> str:
    return i18n.percent(v, 2) if isinstance(v, (int, float)) else "–"


def _swatch(color: str) -> QIcon:
    pm = QPixmap(10, 10)
    pm.fill(QColor(color))
    icon = QIcon(pm)
    icon.addPixmap(pm, QIcon.Mode.Selected)  # the same colour in a selected row, not a tinted one
    return icon


def smoothed(y: np.ndarray, beta: float = 0.95) -> np.ndarray:
    out = np.empty(len(y))
    ema = 0.0
    for i, v in enumerate(y):
        ema = beta * ema + (1 - beta) * float(v)
        out[i] = ema / (1 - beta ** (i + 1))
    return out


class RunsView(QWidget):
    """The runs table, its actions, and an overlay of the selected runs' curves."""

    #: make this run's model the live predictor
    use_requested = Signal(str)
    #: show this run's stored evaluation
    evaluation_requested = Signal(str)
    #: something to tell the user (one line)
    message = Signal(str)

    def __init__(self, store: RunStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.runs: list[RunInfo] = []
        #: the run whose model the app reads with (marked "in use"; it cannot be deleted)
        self.in_use_id: str | None = None
        self._overlays: dict[str, tuple[pg.PlotDataItem, pg.PlotDataItem]] = {}
        self._loaded: dict[str, tuple[str, np.ndarray, np.ndarray]] = {}

        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels([QCoreApplication.translate("RunsView", c) for c in COLUMNS])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        hh = self.table.horizontalHeader()
        hh.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # a run's name is what tells runs apart: it is never cut; the model's words give way first
        hh.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        hh.setHighlightSections(False)
        self.table.setAccessibleName(self.tr("Training runs"))
        self.table.setObjectName("RunsTable")
        self.table.itemSelectionChanged.connect(self._on_table_item_selection_changed)
        self.table.itemDoubleClicked.connect(self._on_table_item_double_clicked)

        self.use_button = QPushButton(self.tr("Use this model"))
        self.use_button.setToolTip(self.tr("Read drawings in the Draw tab with this run's best model"))
        self.eval_button = QPushButton(self.tr("Show evaluation"))
        self.eval_button.setToolTip(self.tr("Show this run's test evaluation and confusion matrix"))
        self.export_button = QPushButton(self.tr("Export…"))
        self.export_button.setToolTip(self.tr("Save this run's best checkpoint to a file"))
        self.rename_button = QPushButton(self.tr("Rename…"))
        self.delete_button = QPushButton(self.tr("Delete"))
        self.delete_button.setToolTip(self.tr("Delete the selected runs and their files"))
        for b, slot in ((self.use_button, self._on_use_clicked), (self.eval_button, self._on_eval_clicked),
                        (self.export_button, self._on_export_clicked), (self.rename_button, self._on_rename_clicked),
                        (self.delete_button, self._on_delete_clicked)):
            b.clicked.connect(slot)
        self.hint = QLabel(self.tr("Select several runs to compare their curves."))
        self.hint.setObjectName("Muted")
        self.hint.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)  # never widens the tab
        bar = flow_row([group([self.use_button, self.eval_button, self.export_button]),
                        group([self.rename_button, self.delete_button])], spacing=12)

        self.glw = pg.GraphicsLayoutWidget()
        self.glw.setBackground(style.CARD)
        self.glw.ci.setContentsMargins(6, 4, 10, 4)
        self.acc_plot = self.glw.addPlot(row=0, col=0)
        self.loss_plot = self.glw.addPlot(row=0, col=1)
        style_plot(self.acc_plot, self.tr("Validation accuracy per epoch, %"), percent=True)
        style_plot(self.loss_plot, self.tr("Training loss per batch, smoothed"))
        for p in (self.acc_plot, self.loss_plot):
            p.getAxis("bottom").setLabel(self.tr("epoch"), color=style.MUTED)
        self.acc_plot.setYRange(0, 100, padding=0.03)  # until runs are chosen (see _update_overlay)
        self.legend = self.acc_plot.addLegend(offset=(-8, -8), labelTextColor=style.TEXT, labelTextSize="8pt")
        self.legend.setBrush(pg.mkBrush(255, 255, 255, 220))

        top = QWidget()
        tl = QVBoxLayout(top)
        tl.setContentsMargins(0, 0, 0, 0)
        tl.setSpacing(8)
        tl.addLayout(bar)
        tl.addWidget(self.table, 1)
        tl.addWidget(self.hint)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(top)
        split.addWidget(self.glw)
        split.setStretchFactor(0, 4)
        split.setStretchFactor(1, 5)
        split.setChildrenCollapsible(False)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(14, 10, 14, 12)
        lay.addWidget(split)
        self._update_buttons()

    # ------------------------------------------------------------------------------------------
    # Listing

    def refresh(self) -> None:
        """Read the store again, keeping the selection."""
        keep = set(self.selected_ids())
        try:
            self.runs = self.store.list()
        except MnistguiError as exc:
            self.runs = []
            self.message.emit(str(exc))
        self.table.blockSignals(True)
        self.table.setRowCount(len(self.runs))
        for r, run in enumerate(self.runs):
            cfg = run.config
            model = f"{cfg.get('arch', '?')}, {cfg.get('optimizer', '?')}" if cfg else "–"
            epochs = f"{run.epochs_run}/{cfg.get('epochs', '?')}" if cfg else "–"
            using = run.id == self.in_use_id
            cells = (self.tr("● {0}").format(run.name) if using else run.name, _when(run.created), model, epochs, _pct(run.metrics.get("val_accuracy")),
                     _pct(run.metrics.get("test_accuracy")), status_text(run.status))
            for c, text in enumerate(cells):
                item = self.table.item(r, c)
                if item is None:
                    item = QTableWidgetItem()
                    self.table.setItem(r, c, item)
                item.setText(text)
                item.setData(Qt.ItemDataRole.UserRole, run.id)
                tip = run.damaged or run.message or ""
                item.setToolTip(self.tr("The app reads with this run's model") if using and c == 0 else tip)
                f = item.font()
                f.setBold(using)
                item.setFont(f)
                if c in (3, 4, 5):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            status = self.table.item(r, 6)
            bad = run.status in ("failed", "damaged", "interrupted")
            status.setForeground(pg.mkColor(style.UNSURE if bad else style.MUTED))
        self.table.clearSelection()
        for r, run in enumerate(self.runs):
            if run.id in keep:
                self._add_row_to_selection(r)
        self.table.blockSignals(False)
        self._loaded = {k: v for k, v in self._loaded.items() if k in {r.id for r in self.runs}}
        self._on_table_item_selection_changed()
        self.hint.setText(self.tr("%n run(s) kept · Ctrl- or Shift-click to compare several · double-click for a run's evaluation", "",
                                   len(self.runs))
                          if self.runs else self.tr("No runs yet: every run you start is kept here."))

    def _add_row_to_selection(self, row: int) -> None:
        sel = self.table.selectionModel()
        idx = self.table.model().index(row, 0)
        sel.select(idx, QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows)

    def selected_ids(self) -> list[str]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.runs[r].id for r in rows if r < len(self.runs)]

    def select_ids(self, ids: list[str]) -> None:
        self.table.clearSelection()
        for r, run in enumerate(self.runs):
            if run.id in ids:
                self._add_row_to_selection(r)

    def run(self, run_id: str) -> RunInfo | None:
        return next((r for r in self.runs if r.id == run_id), None)

    # ------------------------------------------------------------------------------------------
    # Actions (the buttons call these; tests may call them directly)

    def rename_run(self, run_id: str, name: str) -> bool:
        try:
            self.store.rename(run_id, name)
        except MnistguiError as exc:
            self.message.emit(str(exc))
            return False
        self._loaded.pop(run_id, None)
        self.refresh()
        return True

    def set_in_use(self, run_id: str | None) -> None:
        """Mark the run whose model the app reads with (None: the model in use is no run's)."""
        if run_id != self.in_use_id:
            self.in_use_id = run_id
            self.refresh()

    def delete_runs(self, ids: list[str]) -> int:
        done = 0
        for run_id in ids:
            if run_id == self.in_use_id:
                self.message.emit(self.tr("That run's model is in use: switch to another model before deleting it"))
                continue
            try:
                self.store.delete(run_id)
                done += 1
            except MnistguiError as exc:
                self.message.emit(str(exc))
        self.refresh()
        return done

    def export_run(self, run_id: str, path: str | Path) -> bool:
        try:
            out = self.store.export_model(run_id, path)
        except MnistguiError as exc:
            self.message.emit(str(exc))
            return False
        self.message.emit(self.tr("Saved the model of run {0} to {1}").format(
            self.run(run_id).name if self.run(run_id) else run_id, out))
        return True

    # ------------------------------------------------------------------------------------------
    # Overlay

    def _curves(self, run: RunInfo) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        key = run.updated
        cached = self._loaded.get(run.id)
        if cached is None or cached[0] != key:
            b = self.store.load_batches(run.id)
            x = b["x"]
            step = max(1, len(x) // 2000)  # a comparison needs the shape, not every batch
            loss = smoothed(b["loss"].astype(np.float64))[::step] if len(x) else np.zeros(0)
            self._loaded[run.id] = (key, x[::step].copy(), loss)
        _key, bx, by = self._loaded[run.id]
        h = run.history
        ex = np.asarray(h.get("epoch", []), dtype=np.float64)
        ey = np.asarray([v if v is not None else np.nan for v in h.get("val_accuracy", [])], dtype=np.float64) * 100
        return ex, ey, bx, by

    def _update_overlay(self) -> None:
        ids = self.selected_ids()
        for run_id in list(self._overlays):
            if run_id not in ids:
                a, b = self._overlays.pop(run_id)
                self.acc_plot.removeItem(a)
                self.loss_plot.removeItem(b)
                self.legend.removeItem(a)
        colors = {}
        for k, run_id in enumerate(ids[: len(PALETTE)]):
            run = self.run(run_id)
            if run is None or run.damaged:
                continue
            color = PALETTE[k % len(PALETTE)]
            colors[run_id] = color
            ex, ey, bx, by = self._curves(run)
            if run_id not in self._overlays:
                a = pg.PlotDataItem(pen=pg.mkPen(color, width=2), symbol="o", symbolSize=5, symbolBrush=color,
                                    symbolPen=None, name=run.name)
                b = pg.PlotDataItem(pen=pg.mkPen(color, width=1.6))
                self.acc_plot.addItem(a)
                self.loss_plot.addItem(b)
                self._overlays[run_id] = (a, b)
            a, b = self._overlays[run_id]
            a.setData(ex, ey)
            b.setData(bx, by)
            for pen_item in (a, b):
                pen_item.setPen(pg.mkPen(color, width=2 if pen_item is a else 1.6))
            a.setSymbolBrush(color)
            self.legend.removeItem(a)
            self.legend.addItem(a, run.name)
        for p in (self.acc_plot, self.loss_plot):
            p.enableAutoRange()
        if not self._overlays:  # nothing to fit: the accuracy's own scale, as on the Curves tab
            self.acc_plot.setYRange(0, 100, padding=0.03)
        # a swatch by each selected run's name, in its curves' colour
        for r, run in enumerate(self.runs):
            item = self.table.item(r, 0)
            if item is not None:
                item.setIcon(_swatch(colors[run.id]) if run.id in colors else QIcon())

    def _update_buttons(self) -> None:
        ids = self.selected_ids()
        one = self.run(ids[0]) if len(ids) == 1 else None
        usable = one is not None and one.has_model and not one.damaged
        using = one is not None and one.id == self.in_use_id
        self.use_button.setEnabled(usable and not using)
        self.use_button.setText(self.tr("In use") if using else self.tr("Use this model"))
        self.export_button.setEnabled(usable)
        self.eval_button.setEnabled(one is not None and "test_accuracy" in one.metrics)
        self.rename_button.setEnabled(one is not None and not one.damaged)
        busy = any(i in self.store.active for i in ids)
        held = self.in_use_id in ids
        self.delete_button.setEnabled(bool(ids) and not busy and not held)
        self.delete_button.setToolTip(self.tr("Stop the run before deleting it") if busy else
                                      self.tr("Its model is in use: switch to another model before deleting it") if held
                                      else self.tr("Delete the selected runs and their files"))

    # ------------------------------------------------------------------------------------------
    # Slots

    @Slot()
    def _on_table_item_selection_changed(self) -> None:
        self._update_buttons()
        self._update_overlay()

    @Slot(QTableWidgetItem)
    def _on_table_item_double_clicked(self, item: QTableWidgetItem) -> None:
        run_id = item.data(Qt.ItemDataRole.UserRole)
        run = self.run(run_id)
        if run is not None and "test_accuracy" in run.metrics:
            self.evaluation_requested.emit(run_id)

    @Slot()
    def _on_use_clicked(self) -> None:
        ids = self.selected_ids()
        if len(ids) == 1:
            self.use_requested.emit(ids[0])

    @Slot()
    def _on_eval_clicked(self) -> None:
        ids = self.selected_ids()
        if len(ids) == 1:
            self.evaluation_requested.emit(ids[0])

    @Slot()
    def _on_export_clicked(self) -> None:
        ids = self.selected_ids()
        run = self.run(ids[0]) if len(ids) == 1 else None
        if run is None:
            return
        safe = "".join(ch if ch.isalnum() or ch in "-_ " else "_" for ch in run.name).strip() or "model"
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export Model"), f"{safe}.pt",
                                              QCoreApplication.translate("MainMenus", "mnistgui models (*.pt);;All files (*)"))
        if path:
            if not Path(path).suffix:
                path += ".pt"
            self.export_run(run.id, path)

    @Slot()
    def _on_rename_clicked(self) -> None:
        ids = self.selected_ids()
        run = self.run(ids[0]) if len(ids) == 1 else None
        if run is None:
            return
        name, ok = QInputDialog.getText(self, self.tr("Rename Run"), self.tr("Name:"), text=run.name)
        if ok:
            self.rename_run(run.id, name)

    @Slot()
    def _on_delete_clicked(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        names = ", ".join(self.run(i).name for i in ids if self.run(i))
        answer = QMessageBox.question(
            self, self.tr("Delete Runs") if len(ids) > 1 else self.tr("Delete Run"),
            self.tr("Delete {0}? Its curves, metrics and model are removed from disk.").format(names) if len(ids) == 1 else
            self.tr("Delete {0} runs ({1})? Their curves, metrics and models are removed from disk.").format(len(ids), names),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Cancel)
        if answer == QMessageBox.StandardButton.Yes:
            self.delete_runs(ids)
