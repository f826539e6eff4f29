"""The personal samples as the GUI sees them: the core's store, opened on first use, with undo.

Every edit made in the app (a sample saved, relabelled, deleted, an import) is a command on one
``QUndoStack`` over the store's own operations: a deletion is the store's soft delete, undone by
its restore; an added sample is undone by deleting it and redone by restoring it. The commands
edit the store, never widgets; views listen to :attr:`SampleLibrary.changed`.

Imports and exports run in a worker thread through :class:`~mnistgui.gui.worker.TaskWorker`,
each on a connection of its own (the store is in WAL mode, so the GUI keeps reading meanwhile).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Sequence

import numpy as np
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, Signal, Slot
from PySide6.QtGui import QUndoCommand, QUndoStack

from mnistgui.core.samples import ImportReport, SampleRecord, SampleStore, SampleStoreError, open_or_set_aside
from mnistgui.gui.worker import TaskWorker, WorkerHandle

#: import and export formats: key -> (title, what it is)
FORMATS = {
    "png": (QT_TRANSLATE_NOOP("SampleGallery", "PNG folder"),
            QT_TRANSLATE_NOOP("SampleGallery", "a folder with one sub-folder per digit (0 to 9) holding images")),
    "json": (QT_TRANSLATE_NOOP("SampleGallery", "Stroke JSON"),
             QT_TRANSLATE_NOOP("SampleGallery", "a stroke file with a label on each drawing")),
    "npz": ("NPZ", QT_TRANSLATE_NOOP("SampleGallery", "a NumPy archive with 'images' and 'labels'")),
}


# ---------------------------------------------------------------------------------------------
# Work done in the worker thread: plain functions over a connection of their own


@dataclass
class ImportResult:
    kind: str
    source: str
    report: ImportReport
    ids: list[int] = field(default_factory=list)


@dataclass
class ExportResult:
    kind: str
    target: str
    count: int


def import_task(db_path: str, kind: str, source: str, *, progress, cancelled) -> ImportResult:
    with SampleStore(db_path) as store:
        before = max((r.id for r in store.samples()), default=0)
        progress(QCoreApplication.translate("SampleLibrary", "Importing {0}…").format(Path(source).name))
        rep = store.import_file(source, kind)
        ids = [r.id for r in store.samples() if r.id > before and r.source == "import"]
    return ImportResult(kind, source, rep, ids)


def export_task(db_path: str, kind: str, target: str, *, progress, cancelled) -> ExportResult:
    with SampleStore(db_path) as store:
        progress(QCoreApplication.translate("SampleLibrary", "Exporting to {0}…").format(Path(target).name))
        if kind == "png":
            n = store.export_png_folder(target)
        elif kind == "json":
            n = store.export_json(target)
        elif kind == "npz":
            n = store.export_npz(target)
        else:
            raise ValueError(f"unknown export format {kind!r}")
    return ExportResult(kind, target, n)


# ---------------------------------------------------------------------------------------------
# Undoable edits


class _LibraryCommand(QUndoCommand):
    def __init__(self, library: "SampleLibrary", text: str) -> None:
        super().__init__(text)
        self.library = library

    def _done(self) -> None:
        self.library.changed.emit()


class AddSamplesCommand(QUndoCommand):
    """Samples already written to the store: undo deletes them, redo restores them."""

    def __init__(self, library: "SampleLibrary", ids: Sequence[int], text: str,
                 label: int | None = None, strokes: list | None = None, source: str = "") -> None:
        super().__init__(text)
        self.library = library
        self.ids = list(ids)
        self.label = label
        self.strokes = strokes
        self.source = source
        self._first = True

    def redo(self) -> None:
        if self._first:  # pushing: the samples are in the store already
            self._first = False
        else:
            self.library.store.restore(self.ids)
        self.library.changed.emit()

    def undo(self) -> None:
        self.library.store.delete(self.ids)
        self.library.changed.emit()


class DeleteSamplesCommand(_LibraryCommand):
    def __init__(self, library: "SampleLibrary", ids: Sequence[int]) -> None:
        n = len(ids)
        # (an undo command is no QObject, and lupdate takes no plural forms outside one: two texts)
        super().__init__(library, QCoreApplication.translate("SampleLibrary", "Delete 1 sample") if n == 1 else
                         QCoreApplication.translate("SampleLibrary", "Delete {0} samples").format(n))
        self.ids = list(ids)

    def redo(self) -> None:
        self.library.store.delete(self.ids)
        self._done()

    def undo(self) -> None:
        self.library.store.restore(self.ids)
        self._done()


class RelabelSamplesCommand(_LibraryCommand):
    def __init__(self, library: "SampleLibrary", ids: Sequence[int], label: int) -> None:
        n = len(ids)
        super().__init__(library, (QCoreApplication.translate("SampleLibrary", "Relabel 1 sample as {1}") if n == 1 else
                                   QCoreApplication.translate("SampleLibrary", "Relabel {0} samples as {1}")).format(n, label))
        self.ids = list(ids)
        self.label = int(label)
        self.old: dict[int, int] = {}

    def redo(self) -> None:
        store = self.library.store
        for i in self.ids:
            self.old[i] = store.relabel(i, self.label)
        self._done()

    def undo(self) -> None:
        store = self.library.store
        for i in reversed(self.ids):
            store.relabel(i, self.old[i])
        self._done()


# ---------------------------------------------------------------------------------------------


class SampleLibrary(QObject):
    """The sample store at ``path()`` (opened on first use), an undo stack and background jobs."""

    #: the samples changed (an edit, an undo or redo, an import)
    changed = Signal()
    #: an import finished: an :class:`ImportResult`
    imported = Signal(object)
    #: an export finished: an :class:`ExportResult`
    exported = Signal(object)
    #: an import or export failed, or the store cannot be opened: the message for the user
    failed = Signal(str)
    #: a job started (True) or ended (False)
    busy_changed = Signal(bool)
    #: a job's progress text
    progressed = Signal(str)

    def __init__(self, path: Callable[[], Path], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._path_fn = path
        self._path: Path | None = None
        self._store: SampleStore | None = None
        self.error: str | None = None
        #: a damaged database was moved aside when the store was opened: what to tell the user, once
        self.notice: str | None = None
        self.undo_stack = QUndoStack(self)
        self._job: WorkerHandle | None = None  # kept until the next job: it owns the thread
        self._busy = False

    # -- the store --------------------------------------------------------------------------
    @property
    def path(self) -> Path:
        if self._path is None:
            self._path = Path(self._path_fn())
        return self._path

    @property
    def is_open(self) -> bool:
        return self._store is not None

    @property
    def store(self) -> SampleStore:
        """The store, opened now if need be; raises :class:`SampleStoreError` if it cannot be."""
        if self._store is None:
            try:
                self._store, self.notice = open_or_set_aside(self.path)
            except SampleStoreError as exc:
                self.error = str(exc)
                raise
            self.error = None
        return self._store

    def available(self) -> bool:
        """Open the store if need be; False (and :attr:`error` set) when it cannot be opened."""
        try:
            self.store
        except SampleStoreError:
            return False
        return True

    def close(self) -> None:
        self.undo_stack.blockSignals(True)  # the views may be going away
        if self._job is not None:
            self._job.stop(30000)
        if self._store is not None:
            self._store.close()
            self._store = None

    # -- reading ----------------------------------------------------------------------------
    def counts(self) -> list[int]:
        """Samples per digit; all zero (and :attr:`error` set) when they cannot be read."""
        try:
            return self.store.counts() if self.available() else [0] * 10
        except SampleStoreError as exc:
            self.error = str(exc)
            return [0] * 10

    def samples(self, label: int | None = None) -> list[SampleRecord]:
        """The samples (of one digit); none (and :attr:`error` set) when they cannot be read."""
        try:
            return self.store.samples(label) if self.available() else []
        except SampleStoreError as exc:
            self.error = str(exc)
            return []

    def heldout_count(self) -> int:
        return sum(1 for r in self.samples() if r.heldout)

    # -- edits ------------------------------------------------------------------------------
    def add(self, label: int, strokes: Sequence | None, pen_width: float | None, source: str,
            image28: np.ndarray | None = None) -> int:
        """Save a sample (undoable); returns its id. Raises a core error the caller reports."""
        sid = self.store.add(label, strokes, image28=image28, source=source, pen_width=pen_width)
        kept = [[list(p) for p in s] for s in strokes] if strokes is not None else None
        self.undo_stack.push(AddSamplesCommand(self, [sid], self.tr("Save a {0}").format(label), label, kept, source))
        return sid

    def relabel(self, ids: Sequence[int], label: int) -> None:
        ids = [i for i in ids]
        if ids:
            self.undo_stack.push(RelabelSamplesCommand(self, ids, label))

    def delete(self, ids: Sequence[int]) -> None:
        ids = [i for i in ids]
        if ids:
            self.undo_stack.push(DeleteSamplesCommand(self, ids))

    # -- import and export (in a worker thread) ---------------------------------------------
    @property
    def busy(self) -> bool:
        return self._busy

    def import_samples(self, kind: str, source: str) -> bool:
        """Start importing; :attr:`imported` or :attr:`failed` follows. False if busy."""
        return self._start(import_task, kind, source)

    def export_samples(self, kind: str, target: str) -> bool:
        """Start exporting; :attr:`exported` or :attr:`failed` follows. False if busy."""
        return self._start(export_task, kind, target)

    def _start(self, fn, kind: str, where: str) -> bool:
        if self._busy or not self.available():
            return False
        if self._job is not None:
            self._job.thread.wait(5000)  # the last job's thread is ending (its work is done)
        worker = TaskWorker(fn, str(self.path), kind, str(where))
        worker.succeeded.connect(self._on_job_succeeded)
        worker.failed.connect(self._on_job_failed)
        worker.progressed.connect(self._on_job_progressed)
        worker.finished.connect(self._on_job_finished)
        self._job = WorkerHandle(worker, self)
        self._busy = True
        self.busy_changed.emit(True)
        self._job.start()
        return True

    @Slot(object)
    def _on_job_succeeded(self, result) -> None:
        if isinstance(result, ImportResult):
            if result.ids:
                n = len(result.ids)
                self.undo_stack.push(AddSamplesCommand(
                    self, result.ids, self.tr("Import %n sample(s)", "", n),
                    source="import"))
            self.imported.emit(result)
        else:
            self.exported.emit(result)

    @Slot(str)
    def _on_job_failed(self, message: str) -> None:
        self.failed.emit(message)

    @Slot(object)
    def _on_job_progressed(self, text) -> None:
        self.progressed.emit(str(text))

    @Slot()
    def _on_job_finished(self) -> None:
        self._busy = False
        self.busy_changed.emit(False)
