"""The gallery of personal samples: filter by digit, select many, relabel, delete, undo, import, export."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PySide6.QtCore import (
    QT_TRANSLATE_NOOP, QAbstractListModel, QCoreApplication, QItemSelectionModel, QModelIndex, QRect, QSize, Qt, Signal,
    Slot,
)
from PySide6.QtGui import QAction, QColor, QFont, QKeySequence, QPainter, QPen, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListView,
    QMenu,
    QSizePolicy,
    QStyle,
    QStyledItemDelegate,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from mnistgui.core.samples import SampleRecord
from mnistgui.gui.widgets import imaging, style
from mnistgui.gui.widgets.controls import ElidedLabel, SegmentedControl, alive, button, muted
from mnistgui.gui.finetune.sample_library import FORMATS, ExportResult, ImportResult, SampleLibrary

#: the mark of a held-out sample (never trained on)
HELD_OUT = "#f59e0b"

ID_ROLE = Qt.ItemDataRole.UserRole + 1
RECORD_ROLE = Qt.ItemDataRole.UserRole + 2

TILE = QSize(84, 104)
THUMB = 64
SOURCE_NAMES = {"guided": QT_TRANSLATE_NOOP("SampleGallery", "guided collection"),
                "free": QT_TRANSLATE_NOOP("SampleGallery", "free collection"),
                "correction": QT_TRANSLATE_NOOP("SampleGallery", "a correction in the Draw tab"),
                "unsure": QT_TRANSLATE_NOOP("SampleGallery", "an answer in the Draw tab (the model was unsure)"),
                "import": QT_TRANSLATE_NOOP("SampleGallery", "an import")}


def _tr(text: str) -> str:
    return QCoreApplication.translate("SampleGallery", text)


def _thumbnail(image: np.ndarray) -> QPixmap:
    """A 28x28 sample (ink = 255) as a dark-on-white pixmap, scaled up crisply."""
    img = imaging.gray_to_qimage(image.astype(np.float32) / 255.0)
    return QPixmap.fromImage(img.scaled(THUMB, THUMB, Qt.AspectRatioMode.IgnoreAspectRatio,
                                        Qt.TransformationMode.SmoothTransformation))


class SampleListModel(QAbstractListModel):
    """The samples shown: records of one digit or all, with cached thumbnails."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.records: list[SampleRecord] = []
        self._pixmaps: dict[int, QPixmap] = {}

    def set_records(self, records: list[SampleRecord]) -> None:
        self.beginResetModel()
        self.records = records
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self.records)

    def row_of(self, sample_id: int) -> int:
        for i, r in enumerate(self.records):
            if r.id == sample_id:
                return i
        return -1

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self.records):
            return None
        r = self.records[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return str(r.label)
        if role == Qt.ItemDataRole.DecorationRole:
            pm = self._pixmaps.get(r.id)
            if pm is None:
                pm = self._pixmaps[r.id] = _thumbnail(r.image)
            return pm
        if role == Qt.ItemDataRole.ToolTipRole:
            when = r.created.replace("T", " ").split("+")[0]
            part = (QCoreApplication.translate("SampleGallery", "held out: never trained on, it measures the result")
                    if r.heldout else QCoreApplication.translate("SampleGallery", "used for training"))
            source = _tr(SOURCE_NAMES[r.source]) if r.source in SOURCE_NAMES else r.source
            return (QCoreApplication.translate("SampleGallery", "<b>{0}</b> · sample {1}<br>from {2}, {3} UTC<br>{4}").format(
                r.label, r.id, source, when, part)
                + ("" if r.strokes else QCoreApplication.translate("SampleGallery", "<br>image only (no strokes)")))
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return (QCoreApplication.translate("SampleGallery", "{0}, sample {1}, held out") if r.heldout
                    else QCoreApplication.translate("SampleGallery", "{0}, sample {1}")).format(r.label, r.id)
        if role == ID_ROLE:
            return r.id
        if role == RECORD_ROLE:
            return r
        return None


class SampleDelegate(QStyledItemDelegate):
    """A tile: the 28x28 image, its label below, a mark on held-out samples."""

    def sizeHint(self, option, index) -> QSize:  # noqa: N802 - Qt's name
        return TILE

    def paint(self, p: QPainter, option, index) -> None:
        r: SampleRecord = index.data(RECORD_ROLE)
        pm: QPixmap = index.data(Qt.ItemDataRole.DecorationRole)
        rect = option.rect.adjusted(3, 3, -3, -3)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        hover = bool(option.state & QStyle.StateFlag.State_MouseOver)
        p.save()
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        if selected:
            p.setPen(QPen(QColor(style.ACCENT), 2))
            p.setBrush(QColor("#e8effd"))
        else:
            p.setPen(QPen(QColor("#dfe3e8" if not hover else "#c3cad4"), 1))
            p.setBrush(QColor("#ffffff"))
        p.drawRoundedRect(rect, 7, 7)
        tx = rect.x() + (rect.width() - THUMB) // 2
        ty = rect.y() + 6
        p.drawPixmap(tx, ty, pm)
        p.setPen(QPen(QColor("#e6e8ec"), 1))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawRect(tx, ty, THUMB, THUMB)
        f = QFont(option.font)
        f.setWeight(QFont.Weight.DemiBold)
        f.setPointSizeF(f.pointSizeF() + 1)
        p.setFont(f)
        p.setPen(QColor("#1d4ed8" if selected else style.TEXT))
        text_rect = QRect(rect.x(), ty + THUMB + 1, rect.width(), rect.bottom() - ty - THUMB - 1)
        p.drawText(text_rect, Qt.AlignmentFlag.AlignCenter, str(r.label))
        if r.heldout:
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(QColor(HELD_OUT))
            p.drawEllipse(rect.right() - 12, text_rect.center().y() - 3, 7, 7)
        p.restore()


class ImportReportDialog(QDialog):
    """What an import brought in, and each item it skipped with the reason."""

    def __init__(self, result: ImportResult, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        rep = result.report
        self.setWindowTitle(self.tr("Import finished") if rep.imported else self.tr("Nothing imported"))
        self.setMinimumWidth(560)
        lay = QVBoxLayout(self)
        lay.setSpacing(10)
        n = rep.imported
        head = QLabel(self.tr("Imported %n sample(s) from <b>{0}</b>.", "", n).format(Path(result.source).name))
        head.setWordWrap(True)
        lay.addWidget(head)
        self.skipped_list: QTreeWidget | None = None
        if rep.skipped:
            k = len(rep.skipped)
            lay.addWidget(muted(self.tr("Skipped %n item(s) that could not be used; everything else was imported:", "", k)))
            tree = QTreeWidget()
            tree.setHeaderLabels([self.tr("Item"), self.tr("Why it was skipped")])
            tree.setRootIsDecorated(False)
            tree.setAlternatingRowColors(True)
            for item, why in rep.skipped:
                it = QTreeWidgetItem([Path(item).name if "/" in item or "\\" in item else item, why])
                it.setToolTip(0, item)
                it.setToolTip(1, why)
                tree.addTopLevelItem(it)
            tree.resizeColumnToContents(0)
            tree.setMinimumHeight(160)
            lay.addWidget(tree)
            self.skipped_list = tree
        if n:
            lay.addWidget(muted(self.tr("Imported samples are in the gallery; Undo removes them all again.")))
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        box.accepted.connect(self.accept)
        lay.addWidget(box)


class SampleGallery(QWidget):
    """The samples as tiles, with a filter by digit and the edits."""

    #: something to tell the user: (title, text, is_warning)
    message = Signal(str, str, bool)

    def __init__(self, library: SampleLibrary, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("SampleGallery")
        self.library = library
        self.filter_digit: int | None = None
        self.last_dialog: QDialog | None = None

        self.filter = SegmentedControl([self.tr("All")] + [str(d) for d in range(10)])
        self.filter.changed.connect(self._on_filter_changed)

        self.model = SampleListModel(self)
        self.view = QListView()
        self.view.setObjectName("Gallery")
        self.view.setViewMode(QListView.ViewMode.IconMode)
        self.view.setResizeMode(QListView.ResizeMode.Adjust)
        self.view.setMovement(QListView.Movement.Static)
        self.view.setUniformItemSizes(True)
        self.view.setGridSize(QSize(TILE.width() + 4, TILE.height() + 4))
        self.view.setSpacing(0)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setSelectionRectVisible(True)
        self.view.setMouseTracking(True)
        self.view.setModel(self.model)
        self.view.setItemDelegate(SampleDelegate(self.view))
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._on_view_context_menu_requested)
        self.view.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self.view.setAccessibleName(self.tr("Your samples"))

        self.empty_label = QLabel()
        self.empty_label.setObjectName("Faint")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.empty_label.setFont(style.font(self.font(), 2))

        self._make_actions()
        K = QKeySequence
        self.relabel_menu = QMenu(self)
        for d in range(10):
            a = self.relabel_menu.addAction(f"{d}")
            a.setData(d)
        self.relabel_menu.triggered.connect(self._on_relabel_menu_triggered)
        self.relabel_button = button(self.tr("Relabel as"), tip=self.tr("Give the selected samples another label (or press 0-9)"))
        self.relabel_button.setMenu(self.relabel_menu)
        self.relabel_button.setProperty("menu", True)
        self.delete_button = button(self.tr("Delete"), tip=self.tr("Delete the selected samples (Delete; undoable)"), name="Danger")
        self.delete_button.clicked.connect(self.delete_action.trigger)
        self.undo_button = button(self.tr("Undo"), tip=self.tr("Undo the last change to your samples (Ctrl+Z)"))
        self.undo_button.clicked.connect(self.undo_action.trigger)
        self.redo_button = button(self.tr("Redo"), tip=self.tr("Redo (Ctrl+Shift+Z)"))
        self.redo_button.clicked.connect(self.redo_action.trigger)

        self.import_menu = QMenu(self)
        self.export_menu = QMenu(self)
        for kind, (title, what) in FORMATS.items():
            title = _tr(title)
            a = self.import_menu.addAction(f"{title}…")
            a.setData(kind)
            a.setToolTip(_tr(what))
            a = self.export_menu.addAction(f"{title}…")
            a.setData(kind)
        self.import_menu.triggered.connect(self._on_import_menu_triggered)
        self.export_menu.triggered.connect(self._on_export_menu_triggered)
        self.import_button = button(self.tr("Import"), tip=self.tr("Add samples from a PNG folder, a stroke file or an NPZ archive"))
        self.import_button.setMenu(self.import_menu)
        self.import_button.setProperty("menu", True)
        self.export_button = button(self.tr("Export"),
                                    tip=self.tr("Write your samples as a PNG folder, a stroke file or an NPZ archive"))
        self.export_button.setMenu(self.export_menu)
        self.export_button.setProperty("menu", True)

        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.setSpacing(10)
        show = QLabel(self.tr("Show"))
        show.setObjectName("Muted")
        top.addWidget(show)
        top.addWidget(self.filter)
        top.addStretch(1)

        edits = QHBoxLayout()
        edits.setContentsMargins(0, 0, 0, 0)
        edits.setSpacing(6)
        self.selection_label = ElidedLabel("", mode=Qt.TextElideMode.ElideRight)  # whole in its tooltip
        self.selection_label.setObjectName("Muted")
        edits.addWidget(self.selection_label, 1)
        edits.addWidget(self.relabel_button)
        edits.addWidget(self.delete_button)
        edits.addSpacing(10)
        edits.addWidget(self.undo_button)
        edits.addWidget(self.redo_button)
        edits.addSpacing(10)
        edits.addWidget(self.import_button)
        edits.addWidget(self.export_button)

        legend = QHBoxLayout()
        legend.setContentsMargins(2, 0, 0, 0)
        dot = QLabel("●")
        dot.setStyleSheet(f"color: {HELD_OUT};")
        legend.addWidget(dot)
        legend.addWidget(muted(self.tr("held out: every fifth sample of each digit is never trained on; it measures how well the model reads you."), wrap=False), 1)
        self.busy_label = muted("", wrap=False)
        legend.addWidget(self.busy_label)

        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(8)
        lay.addLayout(top)
        lay.addLayout(edits)
        lay.addWidget(self.view, 1)
        lay.addWidget(self.empty_label, 1)
        lay.addLayout(legend)

        library.changed.connect(self._on_library_changed)
        library.imported.connect(self._on_library_imported)
        library.exported.connect(self._on_library_exported)
        library.failed.connect(self._on_library_failed)
        library.busy_changed.connect(self._on_library_busy_changed)
        library.progressed.connect(self.busy_label.setText)
        stack = library.undo_stack
        stack.indexChanged.connect(self._update_actions)
        stack.cleanChanged.connect(self._update_actions)
        self._update_actions()
        self.relabel_shortcuts = []
        for d in range(10):
            a = QAction(self)
            a.setShortcut(K(str(d)))
            a.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            a.setData(d)
            a.triggered.connect(self._on_relabel_key_triggered)
            self.view.addAction(a)
            self.relabel_shortcuts.append(a)

    def _make_actions(self) -> None:
        K = QKeySequence
        ctx = Qt.ShortcutContext.WidgetWithChildrenShortcut
        self.delete_action = QAction(self.tr("Delete"), self)
        self.delete_action.setShortcuts([K(K.StandardKey.Delete), K(Qt.Key.Key_Backspace)])
        self.delete_action.setShortcutContext(ctx)
        self.delete_action.triggered.connect(self._on_delete_triggered)
        self.undo_action = QAction(self.tr("Undo"), self)
        self.undo_action.setShortcut(K(K.StandardKey.Undo))
        self.undo_action.setShortcutContext(ctx)
        self.undo_action.triggered.connect(self.library.undo_stack.undo)
        self.redo_action = QAction(self.tr("Redo"), self)
        self.redo_action.setShortcuts([K("Ctrl+Shift+Z"), K(K.StandardKey.Redo)])
        self.redo_action.setShortcutContext(ctx)
        self.redo_action.triggered.connect(self.library.undo_stack.redo)
        for a in (self.delete_action, self.undo_action, self.redo_action):
            self.addAction(a)

    # ------------------------------------------------------------------------------------------
    # Public

    def refresh(self) -> None:
        """Read the samples again, keeping the selection."""
        keep = set(self.selected_ids())
        counts = self.library.counts()
        # with the counts where there is room for them; else the digits alone (counts in tooltips)
        self.filter.set_texts([self.tr("All · {0}").format(sum(counts))] + [f"{d} · {counts[d]}" for d in range(10)],
                              [self.tr("All")] + [str(d) for d in range(10)])
        self.filter.buttons[0].setToolTip(self.tr("All your samples: {0}").format(sum(counts)))
        for d in range(10):
            self.filter.buttons[d + 1].setToolTip(self.tr("%n sample(s) of {0}", "", counts[d]).format(d))
        records = self.library.samples(self.filter_digit)
        self.model.set_records(records)
        sel = self.view.selectionModel()
        for i, r in enumerate(records):
            if r.id in keep:
                sel.select(self.model.index(i), QItemSelectionModel.SelectionFlag.Select)
        empty = not records
        self.view.setVisible(not empty)
        self.empty_label.setVisible(empty)
        if empty:
            if self.library.error:
                self.empty_label.setText(self.library.error)
            elif self.filter_digit is None:
                self.empty_label.setText(self.tr("No samples yet.\nCollect some on the Collect page, or import them."))
            else:
                self.empty_label.setText(self.tr("No {0}s yet.").format(self.filter_digit))
        self._update_actions()

    def set_filter(self, digit: int | None) -> None:
        self.filter.set_index(0 if digit is None else digit + 1)

    def selected_ids(self) -> list[int]:
        rows = sorted(i.row() for i in self.view.selectionModel().selectedIndexes())
        return [self.model.records[r].id for r in rows if r < len(self.model.records)]

    def select_ids(self, ids) -> None:
        sel = self.view.selectionModel()
        sel.clearSelection()
        for i in ids:
            row = self.model.row_of(i)
            if row >= 0:
                sel.select(self.model.index(row), QItemSelectionModel.SelectionFlag.Select)

    def selected_labels(self) -> set[int]:
        rows = sorted(i.row() for i in self.view.selectionModel().selectedIndexes())
        return {self.model.records[r].label for r in rows if r < len(self.model.records)}

    def relabel_selected(self, label: int) -> None:
        """Give the selected samples ``label``; those that have it already are left as they are."""
        rows = sorted(i.row() for i in self.view.selectionModel().selectedIndexes())
        ids = [self.model.records[r].id for r in rows
               if r < len(self.model.records) and self.model.records[r].label != label]
        if ids:
            self.library.relabel(ids, label)

    def delete_selected(self) -> None:
        ids = self.selected_ids()
        if ids:
            self.library.delete(ids)

    def import_samples(self, kind: str, source: str | Path) -> bool:
        """Import from ``source`` in the background; a report dialog follows."""
        return self.library.import_samples(kind, str(source))

    def export_samples(self, kind: str, target: str | Path) -> bool:
        return self.library.export_samples(kind, str(target))

    # ------------------------------------------------------------------------------------------
    # Slots

    @Slot()
    def _update_actions(self) -> None:
        if not alive(self.view, self.relabel_button, self.delete_button, self.undo_button, self.redo_button,
                     self.import_button, self.export_button, self.selection_label):
            return  # being torn down
        stack = self.library.undo_stack
        n = len(self.selected_ids()) if self.model.records else 0
        busy = self.library.busy
        self.relabel_button.setEnabled(n > 0)
        current = self.selected_labels() if n else set()
        for a in self.relabel_menu.actions():  # the label they all have already is not offered
            d = int(a.data())
            same = current == {d}
            a.setEnabled(not same)
            a.setText(self.tr("{0} (their label now)").format(d) if same else f"{d}")
        self.delete_button.setEnabled(n > 0)
        self.delete_action.setEnabled(n > 0)
        self.undo_action.setEnabled(stack.canUndo())
        self.redo_action.setEnabled(stack.canRedo())
        self.undo_button.setEnabled(stack.canUndo())
        self.redo_button.setEnabled(stack.canRedo())
        self.undo_button.setToolTip(self.tr("Undo: {0} (Ctrl+Z)").format(stack.undoText()) if stack.canUndo()
                                    else self.tr("Nothing to undo"))
        self.redo_button.setToolTip(self.tr("Redo: {0} (Ctrl+Shift+Z)").format(stack.redoText()) if stack.canRedo()
                                    else self.tr("Nothing to redo"))
        self.import_button.setEnabled(not busy)
        self.export_button.setEnabled(not busy and bool(self.model.records or self.filter_digit is not None))
        if n == 0:
            self.selection_label.setText(self.tr("Click a sample to select it; Shift or Ctrl to select many, Ctrl+A all."))
        elif n == 1:
            r = self.model.records[self.model.row_of(self.selected_ids()[0])]
            when = r.created.replace("T", " ").split("+")[0]
            self.selection_label.setText(
                self.tr("Sample {0}: a {1}, from {2}, {3} UTC").format(r.id, r.label, _tr(SOURCE_NAMES[r.source]) if r.source in SOURCE_NAMES else r.source, when)
                + (self.tr(" · held out") if r.heldout else ""))
        else:
            self.selection_label.setText(self.tr("%n samples selected: press 0-9 to relabel them, Delete to delete them.", "", n))

    @Slot()
    def _on_selection_changed(self) -> None:
        self._update_actions()

    @Slot(int)
    def _on_filter_changed(self, index: int) -> None:
        self.filter_digit = None if index == 0 else index - 1
        self.refresh()

    @Slot()
    def _on_library_changed(self) -> None:
        if self.isVisible():
            self.refresh()
        else:
            self._update_actions()

    @Slot(QAction)
    def _on_relabel_menu_triggered(self, action: QAction) -> None:
        self.relabel_selected(int(action.data()))

    @Slot()
    def _on_relabel_key_triggered(self) -> None:
        a = self.sender()
        if isinstance(a, QAction):
            self.relabel_selected(int(a.data()))

    @Slot()
    def _on_delete_triggered(self) -> None:
        self.delete_selected()

    @Slot()
    def _on_view_context_menu_requested(self, pos) -> None:
        if not self.selected_ids():
            return
        menu = QMenu(self)
        sub = menu.addMenu(self.tr("Relabel as"))
        for a in self.relabel_menu.actions():
            sub.addAction(a)
        menu.addAction(self.delete_action)
        menu.popup(self.view.viewport().mapToGlobal(pos))

    @Slot(QAction)
    def _on_import_menu_triggered(self, action: QAction) -> None:
        kind = str(action.data())
        title = _tr(FORMATS[kind][0])
        if kind == "png":
            path = QFileDialog.getExistingDirectory(self, self.tr("Import a {0} (sub-folders 0 to 9)").format(title))
        elif kind == "json":
            path, _ = QFileDialog.getOpenFileName(self, self.tr("Import a stroke file"), "",
                                                  self.tr("Stroke files (*.json);;All files (*)"))
        else:
            path, _ = QFileDialog.getOpenFileName(self, self.tr("Import an NPZ archive"), "",
                                                  self.tr("NPZ archives (*.npz);;All files (*)"))
        if path:
            self.import_samples(kind, path)

    @Slot(QAction)
    def _on_export_menu_triggered(self, action: QAction) -> None:
        kind = str(action.data())
        if kind == "png":
            path = QFileDialog.getExistingDirectory(self, self.tr("Export to a folder (one sub-folder per digit)"))
        elif kind == "json":
            path, _ = QFileDialog.getSaveFileName(self, self.tr("Export as a stroke file"), "samples.json",
                                                  self.tr("Stroke files (*.json)"))
        else:
            path, _ = QFileDialog.getSaveFileName(self, self.tr("Export as an NPZ archive"), "samples.npz",
                                                  self.tr("NPZ archives (*.npz)"))
        if path:
            self.export_samples(kind, path)

    @Slot(object)
    def _on_library_imported(self, result: ImportResult) -> None:
        if self.isVisible():
            self.refresh()
        dlg = ImportReportDialog(result, self)
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        dlg.setWindowModality(Qt.WindowModality.WindowModal)
        dlg.open()
        self.last_dialog = dlg

    @Slot(object)
    def _on_library_exported(self, result: ExportResult) -> None:
        n = result.count
        note = ""
        if result.kind == "json":
            total = len(self.library.samples())
            if total > n:
                note = self.tr(" (%n imported from images have no strokes and are not in a stroke file)", "", total - n)
        self.message.emit(self.tr("Export finished"),
                          self.tr("Wrote %n sample(s) to {0}{1}.", "", n).format(result.target, note), False)

    @Slot(str)
    def _on_library_failed(self, text: str) -> None:
        self.message.emit(self.tr("Import or export failed"), text, True)

    @Slot(bool)
    def _on_library_busy_changed(self, busy: bool) -> None:
        if not busy:
            self.busy_label.setText("")
        self._update_actions()
