"""Where the Fine-tune tab finds MNIST: the app's one MNIST folder (:mod:`mnistgui.gui.mnist_folder`).

The data is read in the fine-tuning's worker through the core's shared copy, so a second
fine-tune, or a Train tab that has MNIST loaded already, costs no second read or copy.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal

from mnistgui.core.data import find_mnist_files
from mnistgui.core.errors import DataError
from mnistgui.core.jobs import MnistRequest
from mnistgui.gui import mnist_folder


class MnistSource(QObject):
    #: the folder changed (or was checked again)
    changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        #: use only the first N training / test images (None: all); for quick checks
        self.limit_train: int | None = None
        self.limit_test: int | None = None
        self.problem: str | None = None
        # chosen or downloaded anywhere in the app: this tab looks again
        mnist_folder.notifier().changed.connect(self.changed)

    @property
    def folder(self) -> Path:
        return mnist_folder.mnist_folder()

    @property
    def is_default(self) -> bool:
        return mnist_folder.chosen_folder() is None

    def set_folder(self, folder: str | Path | None) -> bool:
        """Use ``folder`` (None: the app's cache) from now on; True when MNIST is there."""
        mnist_folder.set_folder(folder)  # changed follows, through the app's one notifier
        return self.available()

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
