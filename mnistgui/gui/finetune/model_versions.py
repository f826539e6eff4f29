"""Model versions in the GUI: which model the Draw tab reads with, switching, rolling back, comparing.

:class:`ModelManager` holds the model the app started with, the saved versions (the core's
:class:`~mnistgui.core.versions.VersionStore` in the app data folder) and the model in use; it
emits :attr:`ModelManager.model_selected` when another one should be used, and the main window
hands it to the Draw tab. :class:`VersionsPanel` lists the versions and offers the actions.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from PySide6.QtCore import QObject, Qt, Signal, Slot
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
from mnistgui.core.jobs import CompareResult, ModelSpec, compare_models, model_copy
from mnistgui.core.predict import Predictor, shipped_model_path
from mnistgui.core.versions import ModelVersion, VersionStore
from mnistgui.gui.widgets import style
from mnistgui.gui.widgets.controls import FlexLabel, button, card, muted
from mnistgui.gui.finetune.report import ComparisonView
from mnistgui.gui.worker import TaskWorker, WorkerHandle


def _same_file(a: str | Path | None, b: str | Path | None) -> bool:
    if not a or not b:
        return False
    try:
        return Path(a).resolve() == Path(b).resolve()
    except OSError:
        return False


class ModelManager(QObject):
    """The starting model, the saved versions, and the one in use."""

    #: use this model from now on: (Predictor, checkpoint path or "")
    model_selected = Signal(object, str)
    #: the list of versions or the one in use changed
    changed = Signal()
    #: something went wrong; the message is for the user
    failed = Signal(str)

    def __init__(self, folder: Callable[[], Path], original: Predictor | None,
                 original_path: str | Path | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._folder_fn = folder
        self._versions: VersionStore | None = None
        self.original = original
        self.original_path = str(original_path) if original_path else ""
        self.current = original
        self.current_path = self.original_path

    @property
    def versions(self) -> VersionStore:
        if self._versions is None:
            self._versions = VersionStore(self._folder_fn())
            if self._versions.recovered:
                self.failed.emit(self._versions.recovered)
        return self._versions

    @property
    def original_name(self) -> str:
        if self.original is None:
            return "starting model"
        return self.original.name or Path(self.original_path).stem or "starting model"

    def name_of(self, vid: int | None) -> str:
        if vid is None:
            return f"Original ({self.original_name})"
        v = self.versions.get(vid)
        return v.name

    def in_use(self) -> int | None | str:
        """The version in use: an id, None for the starting model, "other" for a model opened
        from a file that is neither."""
        if self.current is self.original or _same_file(self.current_path, self.original_path):
            return None
        for v in self.versions.versions():
            if _same_file(self.current_path, self.versions.folder / v.file):
                return v.id
        return "other"

    def set_current(self, predictor: Predictor, path: str | Path | None) -> None:
        """The main window reads with another model now (e.g. opened from a file)."""
        self.current = predictor
        self.current_path = str(path) if path else ""
        self.changed.emit()

    def predictor_for(self, vid: int | None) -> tuple[Predictor, str]:
        if vid is None:
            if self.original is None:
                raise MnistguiError("the starting model is not known")
            return self.original, self.original_path
        ckpt = self.versions.load(vid)
        return Predictor.from_checkpoint(ckpt), str(self.versions.path(vid))

    def _use(self, vid: int | None) -> None:
        predictor, path = self.predictor_for(vid)
        self.current, self.current_path = predictor, path
        self.model_selected.emit(predictor, path)

    def switch(self, vid: int | None) -> bool:
        """Read with version ``vid`` (None: the starting model) from now on."""
        try:
            predictor, path = self.predictor_for(vid)
            self.versions.switch(vid)
        except (MnistguiError, OSError) as exc:
            self.failed.emit(str(exc))
            return False
        self.current, self.current_path = predictor, path
        self.model_selected.emit(predictor, path)
        self.changed.emit()
        return True

    def roll_back(self) -> bool:
        """Go back to the model used before the current one."""
        vs = self.versions
        try:
            vid = vs.previous_id
            predictor, path = self.predictor_for(vid)
            vs.roll_back()
        except (MnistguiError, OSError) as exc:
            self.failed.emit(str(exc))
            return False
        self.current, self.current_path = predictor, path
        self.model_selected.emit(predictor, path)
        self.changed.emit()
        return True

    def remove(self, vid: int) -> bool:
        try:
            self.versions.remove(vid)
        except (MnistguiError, OSError) as exc:
            self.failed.emit(str(exc))
            return False
        self.changed.emit()
        return True

    def adopt(self, version: ModelVersion) -> bool:
        """A fine-tune saved ``version`` (and made it the active one): read with it now."""
        self._versions = None  # the job wrote the index from its own thread
        try:
            self._use(version.id)
        except (MnistguiError, OSError) as exc:
            self.failed.emit(str(exc))
            return False
        self.changed.emit()
        return True

    def restore_active(self) -> bool:
        """At start-up: read with the version chosen last time, unless a model was given
        explicitly (the starting model is not the one that ships with the app)."""
        if self.original is None or not _same_file(self.original_path, shipped_model_path()):
            return False
        vid = self.versions.active_id
        if vid is None:
            return False
        try:
            self._use(vid)
        except (MnistguiError, OSError) as exc:
            self.failed.emit(f"Could not read with the model version chosen last time: {exc}")
            return False
        return True

    def spec(self, vid: int | None) -> ModelSpec:
        if vid is None:
            if self.original_path:
                return ModelSpec(self.name_of(None), path=self.original_path)
            return ModelSpec(self.name_of(None), model=model_copy(self.original.model),
                             preprocess=self.original.preprocess)
        return ModelSpec(self.name_of(vid), path=str(self.versions.path(vid)))


def _pair(before: float | None, after: float | None, digits: int) -> str:
    if after is None:
        return "–"
    if before is None:
        return f"{after * 100:.{digits}f}%"
    return f"{before * 100:.{digits}f}% → {after * 100:.{digits}f}%"


class VersionsPanel(QWidget):
    """The list of versions, with use, roll back, compare and delete."""

    #: something to tell the user: (title, text, is_warning)
    message = Signal(str, str, bool)
    #: a comparison finished
    compared = Signal(object)

    COLUMNS = ("", "Version", "Made", "Strategy", "Trained on", "Held-out accuracy", "MNIST test")

    def __init__(self, manager: ModelManager, heldout: Callable, mnist, parent: QWidget | None = None) -> None:
        """``heldout()`` gives the held-out personal samples (images, labels); ``mnist`` is the
        tab's :class:`~mnistgui.gui.finetune.mnist_source.MnistSource`."""
        super().__init__(parent)
        self.manager = manager
        self._heldout = heldout
        self.mnist = mnist
        self._job: WorkerHandle | None = None
        self._busy = False
        self._row_ids: list[int | None] = []

        list_card, list_lay = card()
        head = QHBoxLayout()
        title = QLabel("Model versions")
        title.setFont(style.font(self.font(), 3, QFont.Weight.DemiBold))
        head.addWidget(title)
        head.addStretch(1)
        self.in_use_label = muted("", wrap=False)
        head.addWidget(self.in_use_label)
        list_lay.addLayout(head)
        desc = FlexLabel("Each fine-tune is saved as a new version; the original model is always kept. "
                         "The version in use reads your drawings in the Draw tab.", lines=1)
        desc.setObjectName("Muted")
        list_lay.addWidget(desc)
        self.table = QTableWidget(0, len(self.COLUMNS))
        self.table.setObjectName("VersionTable")
        self.table.setHorizontalHeaderLabels(list(self.COLUMNS))
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

        self.use_button = button("Use this version", primary=True,
                                 tip="Read with the selected version from now on")
        self.use_button.clicked.connect(self._on_use_clicked)
        self.roll_back_button = button("Roll back", tip="Go back to the model used before this one")
        self.roll_back_button.clicked.connect(self._on_roll_back_clicked)
        self.compare_button = button("Compare with the one in use",
                                     tip="Measure both on your held-out samples and on MNIST's test set")
        self.compare_button.clicked.connect(self._on_compare_clicked)
        self.delete_button = button("Delete", tip="Delete the selected version (not the one in use)",
                                    name="Danger")
        self.delete_button.clicked.connect(self._on_delete_clicked)
        row = QHBoxLayout()
        row.setSpacing(8)
        row.addWidget(self.use_button)
        row.addWidget(self.roll_back_button)
        row.addWidget(self.compare_button)
        row.addStretch(1)
        row.addWidget(self.delete_button)
        list_lay.addLayout(row)

        self.compare_card, cmp_lay = card()
        cmp_head = QHBoxLayout()
        cmp_title = QLabel("Comparison")
        cmp_title.setObjectName("CardTitle")
        self.close_compare_button = button("Close", tip="Hide the comparison")
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

    def selected_id(self) -> int | None | str:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return "none"
        return self._row_ids[rows[0].row()]

    def select(self, vid: int | None) -> None:
        if vid in self._row_ids:
            self.table.selectRow(self._row_ids.index(vid))

    def refresh(self) -> None:
        m = self.manager
        keep = self.selected_id()
        versions = list(reversed(m.versions.versions()))
        in_use = m.in_use()
        self._row_ids = [v.id for v in versions] + [None]
        self.table.setRowCount(len(self._row_ids))
        self.table.setMinimumHeight(32 + 30 * min(4, len(self._row_ids)))
        bold = QFont(self.font())
        bold.setWeight(QFont.Weight.DemiBold)
        for r, vid in enumerate(self._row_ids):
            if vid is None:
                when = ""
                o = m.original
                acc = o.test_accuracy if o is not None else None
                cells = ["", m.name_of(None), when, "—", "MNIST", "—", _pair(None, acc, 2)]
            else:
                v = versions[r]
                when = v.created.replace("T", " ").split("+")[0][:16]
                cells = ["", v.name, when, v.strategy or "—",
                         f"{v.train_samples} + {v.heldout_samples} held out",
                         _pair(v.base_heldout_accuracy, v.heldout_accuracy, 1),
                         _pair(v.base_mnist_accuracy, v.mnist_accuracy, 2)]
            using = vid == in_use
            if using:
                cells[0] = "● in use"
            for c, text in enumerate(cells):
                it = QTableWidgetItem(text)
                if using:
                    it.setFont(bold)
                if c == 0:
                    it.setForeground(QColor(style.ACCENT))
                if c in (2, 4):
                    it.setForeground(QColor(style.MUTED))
                self.table.setItem(r, c, it)
        if in_use == "other":
            self.in_use_label.setText(f"In use: {Path(m.current_path).name or 'a model opened from a file'}")
        else:
            self.in_use_label.setText(f"In use: {m.name_of(in_use)}")
        if keep != "none" and keep in self._row_ids:
            self.select(keep)
        elif self._row_ids:
            self.select(in_use if in_use in self._row_ids else self._row_ids[0])
        self._update_buttons()

    def compare(self, vid: int | None) -> bool:
        """Measure version ``vid`` against the one in use, in a worker thread."""
        if self._busy:
            return False
        m = self.manager
        in_use = m.in_use()
        if in_use == "other":
            before = ModelSpec(Path(m.current_path).stem or "in use", path=m.current_path or None,
                               model=None if m.current_path else model_copy(m.current.model),
                               preprocess=m.current.preprocess)
        else:
            before = m.spec(in_use)
        try:
            after = m.spec(vid)
        except MnistguiError as exc:
            self.message.emit("Cannot compare", str(exc), True)
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
        self.compare_status.setText(f"Measuring {after.label} against {before.label}…")
        self._update_buttons()
        self._job.start()
        return True

    def stop(self) -> None:
        if self._job is not None:
            self._job.stop(30000)

    # ------------------------------------------------------------------------------------------

    @Slot()
    def _update_buttons(self) -> None:
        sel = self.selected_id()
        in_use = self.manager.in_use()
        has = sel != "none"
        self.use_button.setEnabled(has and sel != in_use)
        self.delete_button.setEnabled(has and sel is not None and sel != in_use)
        self.compare_button.setEnabled(has and sel != in_use and not self._busy)
        vs = self.manager.versions
        self.roll_back_button.setEnabled(vs.can_roll_back)
        if vs.can_roll_back:
            prev = vs.previous_id
            self.roll_back_button.setText(f"Roll back to {self.manager.name_of(prev) if prev else 'the original'}")
        else:
            self.roll_back_button.setText("Roll back")

    @Slot()
    def _on_table_selection_changed(self) -> None:
        self._update_buttons()

    @Slot(int, int)
    def _on_table_cell_double_clicked(self, row: int, _col: int) -> None:
        vid = self._row_ids[row]
        if vid != self.manager.in_use():
            self.manager.switch(vid)

    @Slot()
    def _on_use_clicked(self) -> None:
        sel = self.selected_id()
        if sel != "none":
            self.manager.switch(sel)

    @Slot()
    def _on_roll_back_clicked(self) -> None:
        self.manager.roll_back()

    @Slot()
    def _on_compare_clicked(self) -> None:
        sel = self.selected_id()
        if sel != "none":
            self.compare(sel)

    @Slot()
    def _on_delete_clicked(self) -> None:
        sel = self.selected_id()
        if isinstance(sel, int):
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
        note = "" if c.heldout_count else " Collect at least five of a digit to have held-out samples."
        self.compare_status.setText(f"{result.after_label} against {result.before_label}, on your "
                                    f"{c.heldout_count} held-out samples" +
                                    (f" and {c.mnist_count:,} MNIST test images." if c.mnist_count else
                                     " (MNIST not found, so not measured on it).") + note)
        self.compared.emit(result)

    @Slot(str)
    def _on_job_failed(self, text: str) -> None:
        self.compare_status.setText(f"The comparison failed: {text}")

    @Slot()
    def _on_job_finished(self) -> None:
        self._busy = False
        self._update_buttons()
