"""Which model the app reads with: the model library in the GUI.

:class:`ModelManager` holds the core's :class:`~mnistgui.core.library.ModelLibrary` (the shipped
model, every run's model and every fine-tuned version, in the app data folder) and the model in
use; it emits :attr:`ModelManager.model_selected` when another one should be used, and the main
window hands it to every tab. Switching, undo and redo of a switch, and rolling a fine-tuned model
back to its parent all go through here, so every list shows the same "in use".
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from PySide6.QtCore import QObject, Signal

from mnistgui.core.errors import MnistguiError
from mnistgui.core.jobs import ModelSpec, model_copy
from mnistgui.core.library import SHIPPED, LibraryEntry, ModelLibrary, version_key
from mnistgui.core.predict import Predictor, shipped_model_path
from mnistgui.core.runs import RunStore
from mnistgui.core.versions import ModelVersion, VersionStore


class ModelManager(QObject):
    """The model library and the model in use."""

    #: use this model from now on: (Predictor, checkpoint path or "")
    model_selected = Signal(object, str)
    #: the library or the model in use changed
    changed = Signal()
    #: something went wrong; the message is for the user
    failed = Signal(str)

    def __init__(self, folder: Callable[[], Path], original: Predictor | None,
                 original_path: str | Path | None = None, parent: QObject | None = None, *,
                 runs_folder: Callable[[], Path] | None = None, state_file: Callable[[], Path] | None = None) -> None:
        """``folder()`` is the versions folder; ``runs_folder()`` the runs' (None: runs are not
        listed); ``state_file()`` where the library keeps what is in use (default: beside the
        versions folder)."""
        super().__init__(parent)
        self._folder_fn = folder
        self._runs_fn = runs_folder
        self._state_fn = state_file or (lambda: self._folder_fn().parent / "library.json")
        self._library: ModelLibrary | None = None
        self.original = original
        self.original_path = str(original_path) if original_path else ""
        self.current = original
        self.current_path = self.original_path

    # -- the library --------------------------------------------------------------------------
    @property
    def library(self) -> ModelLibrary:
        if self._library is None:
            o = self.original
            shipped = shipped_model_path()
            ours = o is not None and self._same(self.original_path, shipped)
            versions = VersionStore(self._folder_fn())
            runs = RunStore(self._runs_fn()) if self._runs_fn is not None else None
            self._library = ModelLibrary(
                shipped, versions, runs, self._state_fn(),
                shipped_name=(o.name if ours and o.name else self.tr("Shipped model")),
                shipped_accuracy=o.test_accuracy if ours else None)
            for msg in (versions.recovered, self._library.recovered):
                if msg:
                    self.failed.emit(msg)
        return self._library

    @property
    def versions(self) -> VersionStore:
        return self.library.versions

    @staticmethod
    def _same(a, b) -> bool:
        if not a or not b:
            return False
        try:
            return Path(a).resolve() == Path(b).resolve()
        except OSError:
            return False

    def reload(self) -> None:
        """Read the runs and versions again (another tab trained or deleted one)."""
        self.library.reload()
        self.changed.emit()

    def entries(self) -> list[LibraryEntry]:
        return self.library.entries()

    def name_of(self, key: str) -> str:
        return self.library.name_of(key)

    def in_use(self) -> str:
        """The key of the model the app reads with now."""
        if self.current is self.original and not self.original_path:
            return SHIPPED
        return self.library.key_for_path(self.current_path)

    # -- reading with a model -----------------------------------------------------------------
    def predictor_for(self, key: str) -> tuple[Predictor, str]:
        if self.original is not None and key == self.library.key_for_path(self.original_path or None):
            return self.original, self.original_path
        e = self.library.get(key)
        if e.kind == "trained":
            ckpt = self.library.runs.load_model(key.split(":", 1)[1])
        elif e.kind == "fine-tuned":
            ckpt = self.versions.load(int(key.split(":")[1]))
        else:
            return Predictor.load(e.path), str(e.path)
        return Predictor.from_checkpoint(ckpt, ckpt.name or e.name), str(e.path)

    def _go(self, action: Callable[[], LibraryEntry | None], target: str | None) -> bool:
        """Load ``target``, then record the switch with ``action``; a failure changes nothing."""
        try:
            if target is None:
                action()  # raises the reason nothing can be done
                return False
            predictor, path = self.predictor_for(target)
            action()
        except (MnistguiError, OSError) as exc:
            self.failed.emit(str(exc))
            return False
        self.current, self.current_path = predictor, path
        self.model_selected.emit(predictor, path)
        self.changed.emit()
        return True

    def switch(self, key: str) -> bool:
        """Read with ``key`` from now on (undoable)."""
        return self._go(lambda: self.library.use(key), key)

    def undo(self) -> bool:
        """Back to the model used before the last switch."""
        return self._go(self.library.undo, self.library.undo_target)

    def redo(self) -> bool:
        return self._go(self.library.redo, self.library.redo_target)

    def roll_back(self) -> bool:
        """From a fine-tuned model back to the model it was fine-tuned from."""
        self._sync()
        return self._go(self.library.roll_back, self.library.roll_back_target)

    def roll_back_target(self) -> str | None:
        """The parent of the model in use, if it is fine-tuned and its parent is still kept."""
        parent = self.library.parent_of(self.in_use())
        return parent if parent in self.library else None

    def can_roll_back(self) -> bool:
        return self.roll_back_target() is not None

    def _sync(self) -> None:
        """The library's "in use" is the model the app reads with (it may have been opened
        from the File menu, or given on the command line)."""
        key = self.in_use()
        if key != self.library.active:
            try:
                self.library.use(key)
            except MnistguiError as exc:
                self.failed.emit(str(exc))

    def set_current(self, predictor: Predictor, path: str | Path | None) -> None:
        """The main window reads with another model now (chosen in the Train tab, opened from a
        file): it becomes the one in use, and the switch can be undone."""
        self.current = predictor
        self.current_path = str(path) if path else ""
        self.library.reload()  # a run trained meanwhile is listed
        self._sync()
        self.changed.emit()

    def remove(self, key: str) -> bool:
        """Delete a fine-tuned version (runs are deleted in the Train tab)."""
        try:
            e = self.library.get(key)
            if e.kind != "fine-tuned":
                raise MnistguiError(self.tr("{0} is not a fine-tuned version: delete runs in the Train tab's Runs list").format(e.name))
            if key == self.in_use():
                raise MnistguiError(self.tr("{0} is in use: switch to another model before deleting it").format(e.name))
            self.versions.remove(int(key.split(":")[1]))
            self.library.forget(key)
        except (MnistguiError, OSError) as exc:
            self.failed.emit(str(exc))
            return False
        self.changed.emit()
        return True

    def adopt(self, version: ModelVersion, base_key: str | None = None) -> bool:
        """A fine-tune saved ``version`` from the model ``base_key`` (default: the one in use):
        record its parent and read with it now."""
        self._library = None  # the job wrote the versions' index from its own thread
        key = version_key(version.id)
        parent = base_key or self.in_use()
        try:
            self.library.set_parent(key, parent)
        except (MnistguiError, OSError) as exc:
            self.failed.emit(str(exc))
        return self.switch(key)

    def restore_active(self) -> bool:
        """At start-up: read with the model chosen last time, unless a model was given
        explicitly (the starting model is not the one that ships with the app)."""
        if self.original is None or not self._same(self.original_path, shipped_model_path()):
            return False
        key = self.library.active
        if key == SHIPPED:
            return False
        try:
            predictor, path = self.predictor_for(key)
        except (MnistguiError, OSError) as exc:
            self.failed.emit(self.tr("Could not read with the model chosen last time: {0}").format(exc))
            return False
        self.current, self.current_path = predictor, path
        self.model_selected.emit(predictor, path)
        self.changed.emit()
        return True

    def spec(self, key: str) -> ModelSpec:
        if key == self.in_use() and not self.current_path and self.current is not None:
            return ModelSpec(self.name_of(key), model=model_copy(self.current.model),
                             preprocess=self.current.preprocess)
        return ModelSpec(self.name_of(key), path=str(self.library.get(key).path))
