"""The model library in the GUI: every model with its lineage, which one is in use, switching,
undo and redo of a switch, rolling back to a fine-tune's parent, comparing.

:class:`~mnistgui.gui.finetune.model_manager.ModelManager` holds the library and the model in
use; :class:`VersionsPanel` lists the library and offers the actions.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal, Slot
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from mnistgui.core.errors import MnistguiError
from mnistgui.core.jobs import CompareResult, compare_models
from mnistgui.core.library import LibraryEntry
from mnistgui.gui import i18n
from mnistgui.gui.finetune.model_manager import ModelManager
from mnistgui.gui.widgets import style
from mnistgui.gui.widgets.controls import FlexLabel, button, card, muted
from mnistgui.gui.finetune.report import ComparisonView
from mnistgui.gui.worker import TaskWorker, WorkerHandle


def _pair(before: float | None, after: float | None, digits: int) -> str:
    if after is None:
        return "–"
    if before is None:
        return i18n.percent(after, digits)
    return f"{i18n.percent(before, digits)} → {i18n.percent(after, digits)}"


def lineage_text(e: LibraryEntry) -> str:
    """Where a model of the library comes from, as the interface says it."""
    if e.kind == "shipped":
        return QCoreApplication.translate("VersionsPanel", "shipped with mnistgui")
    if e.kind == "trained":
        return QCoreApplication.translate("VersionsPanel", "trained in the Train tab")
    if e.kind == "fine-tuned":
        return QCoreApplication.translate("VersionsPanel", "fine-tuned from {0}").format(e.parent_name) \
            if e.parent_name else QCoreApplication.translate("VersionsPanel", "fine-tuned")
    return QCoreApplication.translate("VersionsPanel", "opened from a file")


def trained_on_text(text: str) -> str:
    """What a model was trained on (the library's words: "MNIST · ...", "120 samples + 30 held out")."""
    m = re.fullmatch(r"(\d+) samples \+ (\d+) held out", text or "")
    if m:
        return QCoreApplication.translate("VersionsPanel", "{0} samples + {1} held out").format(
            i18n.integer(int(m.group(1))), i18n.integer(int(m.group(2))))
    return text


def _short(name: str, n: int = 22) -> str:
    return name if len(name) <= n else name[: n - 1] + "…"


class VersionsPanel(QWidget):
    """The model library: every model with its lineage; use, undo, redo, roll back, compare, delete."""

    #: something to tell the user: (title, text, is_warning)
    message = Signal(str, str, bool)
    #: a comparison finished
    compared = Signal(object)

    COLUMNS = ("", QT_TRANSLATE_NOOP("VersionsPanel", "Model"), QT_TRANSLATE_NOOP("VersionsPanel", "Lineage"),
               QT_TRANSLATE_NOOP("VersionsPanel", "Made"), QT_TRANSLATE_NOOP("VersionsPanel", "Trained on"),
               QT_TRANSLATE_NOOP("VersionsPanel", "Held-out accuracy"), QT_TRANSLATE_NOOP("VersionsPanel", "MNIST test"))

    def __init__(self, manager: ModelManager, heldout: Callable, mnist, parent: QWidget | None = None) -> None:
        """``heldout()`` gives the held-out personal samples (images, labels); ``mnist`` is the
        tab's :class:`~mnistgui.gui.finetune.mnist_source.MnistSource`."""
        super().__init__(parent)
        self.manager = manager
        self._heldout = heldout
        self.mnist = mnist
        self._job: WorkerHandle | None = None
        self._busy = False
        self._row_ids: list[str] = []

        list_card, list_lay = card()
        head = QHBoxLayout()
        title = QLabel(self.tr("Model library"))
        title.setFont(style.font(self.font(), 3, QFont.Weight.DemiBold))
        head.addWidget(title)
        head.addStretch(1)
        self.in_use_label = muted("", wrap=False)
        head.addWidget(self.in_use_label)
        list_lay.addLayout(head)
        desc = FlexLabel(self.tr("Every model: the one that ships with the app, each training run's best and each fine-tune. The one in use reads your drawings; switches can be undone."), lines=1)
        desc.setObjectName("Muted")
        list_lay.addWidget(desc)
        self.table = QTableWidget(0, len(self.COLUMNS))
        self.table.setObjectName("VersionTable")
        self.table.setHorizontalHeaderLabels([QCoreApplication.translate("VersionsPanel", c) if c else "" for c in self.COLUMNS])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setShowGrid(False)
        self.table.setAlternatingRowColors(False)
        self.table.verticalHeader().setDefaultSectionSize(30)
        hh = self.table.horizontalHeader()
        hh.setHighlightSections(False)
        hh.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        for i in range(len(self.COLUMNS)):
            hh.setSectionResizeMode(i, QHeaderView.ResizeMode.ResizeToContents)
        hh.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._on_table_selection_changed)
        self.table.cellDoubleClicked.connect(self._on_table_cell_double_clicked)
        self.table.setMinimumHeight(90)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        list_lay.addWidget(self.table, 1)

        self.use_button = button(self.tr("Use this model"), primary=True,
                                 tip=self.tr("Read with the selected model from now on"))
        self.use_button.clicked.connect(self._on_use_clicked)
        self.undo_button = button(self.tr("Undo switch"), tip=self.tr("Go back to the model used before the last switch"))
        self.undo_button.clicked.connect(self._on_undo_clicked)
        self.redo_button = button(self.tr("Redo switch"), tip=self.tr("Use again the model the last undo left"))
        self.redo_button.clicked.connect(self._on_redo_clicked)
        self.roll_back_button = button(self.tr("Roll back"), tip=self.tr("Go back to the model the one in use was fine-tuned from"))
        self.roll_back_button.clicked.connect(self._on_roll_back_clicked)
        self.compare_button = button(self.tr("Compare"),
                                     tip=self.tr("Measure the selected model and the one in use on your held-out samples "
                                                 "and on MNIST's test set"))
        self.compare_button.clicked.connect(self._on_compare_clicked)
        self.delete_button = button(self.tr("Delete"), tip=self.tr("Delete the selected fine-tuned version (not the one in use)"),
                                    name="Danger")
        self.delete_button.clicked.connect(self._on_delete_clicked)
        row = QHBoxLayout()
        row.setSpacing(8)
        row.addWidget(self.use_button)
        row.addWidget(self.undo_button)
        row.addWidget(self.redo_button)
        row.addWidget(self.roll_back_button)
        row.addWidget(self.compare_button)
        row.addStretch(1)
        row.addWidget(self.delete_button)
        list_lay.addLayout(row)

        self.compare_card, cmp_lay = card()
        cmp_head = QHBoxLayout()
        cmp_title = QLabel(self.tr("Comparison"))
        cmp_title.setObjectName("CardTitle")
        self.close_compare_button = button(self.tr("Close"), tip=self.tr("Hide the comparison"))
        self.close_compare_button.clicked.connect(self._on_close_compare_clicked)
        cmp_head.addWidget(cmp_title)
        cmp_head.addStretch(1)
        cmp_head.addWidget(self.close_compare_button)
        cmp_lay.addLayout(cmp_head)
        self.compare_status = FlexLabel("", lines=1)
        self.compare_status.setObjectName("Muted")
        self.report = ComparisonView()
        cmp_lay.addWidget(self.compare_status)
        cmp_lay.addWidget(self.report, 1)
        self.compare_card.setVisible(False)

        self.compare_card.setMinimumHeight(330)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(12)
        lay.addWidget(list_card, 1)
        lay.addWidget(self.compare_card, 2)

        manager.changed.connect(self.refresh)

    # ------------------------------------------------------------------------------------------

    def selected_id(self) -> str:
        """The key of the selected model ("" when none is)."""
        rows = self.table.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self._row_ids):
            return ""
        return self._row_ids[rows[0].row()]

    def select(self, key: str) -> None:
        if key in self._row_ids:
            self.table.selectRow(self._row_ids.index(key))

    def refresh(self) -> None:
        m = self.manager
        keep = self.selected_id()
        m.library.reload()
        entries = m.entries()
        in_use = m.in_use()
        self._row_ids = [e.key for e in entries]
        self.table.setRowCount(len(self._row_ids))
        self.table.setMinimumHeight(32 + 30 * min(4, len(self._row_ids)))
        bold = QFont(self.font())
        bold.setWeight(QFont.Weight.DemiBold)
        for r, e in enumerate(entries):
            cells = self._cells(e)
            using = e.key == in_use
            if using:
                cells[0] = self.tr("● in use")
            for c, text in enumerate(cells):
                it = QTableWidgetItem(text)
                if using:
                    it.setFont(bold)
                if c == 0:
                    it.setForeground(QColor(style.ACCENT))
                if c in (2, 3, 4):
                    it.setForeground(QColor(style.MUTED))
                if c == 1:
                    it.setToolTip(str(e.path))
                self.table.setItem(r, c, it)
        self.in_use_label.setText(self.tr("In use: {0}").format(m.name_of(in_use)))
        self.in_use_label.setToolTip(lineage_text(m.library.get(in_use)) if in_use in m.library else "")
        if keep and keep in self._row_ids:
            self.select(keep)
        elif self._row_ids:
            self.select(in_use if in_use in self._row_ids else self._row_ids[0])
        self._update_buttons()

    def _cells(self, e: LibraryEntry) -> list[str]:
        try:  # in local time, as the Train tab's runs
            when = datetime.fromisoformat(e.created).astimezone().strftime("%d %b %H:%M") if e.created else ""
        except (TypeError, ValueError):
            when = ""
        held = _pair(*e.heldout, 1) if e.heldout else "–"
        return ["", e.name, lineage_text(e), when, trained_on_text(e.trained_on) or "–", held,
                _pair(None, e.mnist_accuracy, 2)]

    def compare(self, key: str) -> bool:
        """Measure model ``key`` against the one in use, in a worker thread."""
        if self._busy:
            return False
        m = self.manager
        try:
            before = m.spec(m.in_use())
            after = m.spec(key)
        except MnistguiError as exc:
            self.message.emit(self.tr("Cannot compare"), str(exc), True)
            return False
        images, labels = self._heldout()
        worker = TaskWorker(compare_models, before, after, images, labels, self.mnist.request())
        worker.progressed.connect(self._on_job_progressed)
        worker.succeeded.connect(self._on_job_succeeded)
        worker.failed.connect(self._on_job_failed)
        worker.finished.connect(self._on_job_finished)
        if self._job is not None:
            self._job.thread.wait(5000)
        self._job = WorkerHandle(worker, self)
        self._busy = True
        self.compare_card.setVisible(True)
        self.compare_status.setText(self.tr("Measuring {0} against {1}…").format(after.label, before.label))
        self._update_buttons()
        self._job.start()
        return True

    def stop(self) -> None:
        if self._job is not None:
            self._job.stop(30000)

    # ------------------------------------------------------------------------------------------

    @Slot()
    def _update_buttons(self) -> None:
        m = self.manager
        sel = self.selected_id()
        in_use = m.in_use()
        lib = m.library
        entry = lib.get(sel) if sel and sel in lib else None
        self.use_button.setEnabled(bool(sel) and sel != in_use)
        deletable = entry is not None and entry.kind == "fine-tuned" and sel != in_use
        self.delete_button.setEnabled(deletable)
        self.delete_button.setToolTip(
            self.tr("Delete the selected fine-tuned version") if deletable else
            self.tr("The model in use cannot be deleted: switch to another first") if sel == in_use else
            self.tr("Only fine-tuned versions are deleted here: runs in the Train tab's Runs list, and the shipped model is always kept"))
        self.compare_button.setEnabled(bool(sel) and sel != in_use and not self._busy)
        undo, redo = lib.undo_target, lib.redo_target
        self.undo_button.setEnabled(undo is not None)
        self.undo_button.setToolTip(self.tr("Back to {0}, the model used before the last switch").format(m.name_of(undo))
                                    if undo else self.tr("No switch to undo"))
        self.redo_button.setEnabled(redo is not None)
        self.redo_button.setToolTip(self.tr("Use {0} again").format(m.name_of(redo)) if redo else self.tr("No switch to redo"))
        can = m.can_roll_back()
        here = lib.get(in_use) if in_use in lib else None
        if can:
            parent = m.name_of(m.roll_back_target())
            self.roll_back_button.setText(self.tr("Roll back to {0}").format(_short(parent)))
            self.roll_back_button.setToolTip(self.tr("{0} was fine-tuned from {1}: read with {1} again (Undo switch comes back)").format(m.name_of(in_use), parent))
        else:
            self.roll_back_button.setText(self.tr("Roll back"))
            self.roll_back_button.setToolTip(
                self.tr("{0} was fine-tuned from {1}, which is no longer kept").format(here.name, here.parent_name)
                if here is not None and here.kind == "fine-tuned" and here.parent_name else
                self.tr("{0} was not fine-tuned from another model: nothing to roll back to").format(m.name_of(in_use)))
        self.roll_back_button.setEnabled(can)

    @Slot()
    def _on_table_selection_changed(self) -> None:
        self._update_buttons()

    @Slot(int, int)
    def _on_table_cell_double_clicked(self, row: int, _col: int) -> None:
        key = self._row_ids[row]
        if key != self.manager.in_use():
            self.manager.switch(key)

    @Slot()
    def _on_use_clicked(self) -> None:
        sel = self.selected_id()
        if sel:
            self.manager.switch(sel)

    @Slot()
    def _on_undo_clicked(self) -> None:
        self.manager.undo()

    @Slot()
    def _on_redo_clicked(self) -> None:
        self.manager.redo()

    @Slot()
    def _on_roll_back_clicked(self) -> None:
        self.manager.roll_back()

    @Slot()
    def _on_compare_clicked(self) -> None:
        sel = self.selected_id()
        if sel:
            self.compare(sel)

    @Slot()
    def _on_delete_clicked(self) -> None:
        sel = self.selected_id()
        if sel:
            self.manager.remove(sel)

    @Slot()
    def _on_close_compare_clicked(self) -> None:
        self.compare_card.setVisible(False)

    @Slot(object)
    def _on_job_progressed(self, text) -> None:
        self.compare_status.setText(str(text))

    @Slot(object)
    def _on_job_succeeded(self, result: CompareResult) -> None:
        c = result.comparison
        self.report.set_comparison(c, result.before_label, result.after_label)
        note = "" if c.heldout_count else self.tr(" Collect at least five of a digit to have held-out samples.")
        self.compare_status.setText(self.tr("{0} against {1}, on your {2} held-out samples").format(result.after_label, result.before_label, c.heldout_count) +
                                    (self.tr(" and {0} MNIST test images.").format(i18n.integer(c.mnist_count)) if c.mnist_count else
                                     self.tr(" (MNIST not found, so not measured on it).")) + note)
        self.compared.emit(result)

    @Slot(str)
    def _on_job_failed(self, text: str) -> None:
        self.compare_status.setText(self.tr("The comparison failed: {0}").format(text))

    @Slot()
    def _on_job_finished(self) -> None:
        self._busy = False
        self._update_buttons()
