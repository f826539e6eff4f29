"""Where the Fine-tune tab finds MNIST: the app's download cache, or a folder the user chose.

The choice is kept in ``QSettings`` (``finetune/mnist_dir``). Loaded data is kept for the rest of
the session, so a second fine-tune does not read the files again.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QSettings, Signal

from mnistgui import paths
from mnistgui.core.data import MnistData, find_mnist_files
from mnistgui.core.errors import DataError
from mnistgui.gui.finetune_jobs import MnistLoaded, MnistRequest

SETTINGS_KEY = "finetune/mnist_dir"


class MnistSource(QObject):
    #: the folder changed (or was checked again)
    changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        #: use only the first N training / test images (None: all); for quick checks
        self.limit_train: int | None = None
        self.limit_test: int | None = None
        self._cache: dict[tuple, MnistData] = {}
        self.problem: str | None = None

    @property
    def folder(self) -> Path:
        chosen = QSettings().value(SETTINGS_KEY)
        if isinstance(chosen, str) and chosen:
            return Path(chosen)
        return paths.mnist_cache_dir()

    @property
    def is_default(self) -> bool:
        return not QSettings().value(SETTINGS_KEY)

    def set_folder(self, folder: str | Path | None) -> bool:
        """Use ``folder`` (None: the app's cache) from now on; True when MNIST is there."""
        s = QSettings()
        if folder:
            s.setValue(SETTINGS_KEY, str(folder))
        else:
            s.remove(SETTINGS_KEY)
        s.sync()
        ok = self.available()
        self.changed.emit()
        return ok

    def available(self) -> bool:
        """MNIST's four files are in the folder (checked now; :attr:`problem` says what is missing)."""
        try:
            find_mnist_files(self.folder)
        except (DataError, OSError) as exc:
            self.problem = str(exc)
            return False
        self.problem = None
        return True

    def request(self) -> MnistRequest | None:
        if not self.available():
            return None
        return MnistRequest(str(self.folder), self.limit_train, self.limit_test)

    def loaded(self, req: MnistRequest | None) -> MnistData | None:
        return self._cache.get(req.key) if req is not None else None

    def remember(self, ev: MnistLoaded) -> None:
        self._cache = {ev.key: ev.data}  # one copy at a time: MNIST is about 55 MB

    def preload(self, data: MnistData) -> None:
        """Use data already in memory for the current folder and limits."""
        req = MnistRequest(str(self.folder), self.limit_train, self.limit_test)
        self._cache = {req.key: data}
