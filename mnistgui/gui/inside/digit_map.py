"""Making the Inside tab's map of digits: MNIST test images placed by a model, in a worker thread.

:class:`DigitMapMaker` finds MNIST (a folder given, then the folders chosen in the Train and
Fine-tune tabs, then the app's cache), runs :func:`~mnistgui.core.explain.mnist_embedding` on its own copy of the model through
a :class:`~mnistgui.gui.worker.TaskWorker`, one map at a time, and answers once per model: with
the map, with where it looked for MNIST, or with why it failed.
"""

from __future__ import annotations

import copy
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Signal, Slot
from torch import nn

from mnistgui.core.data import find_mnist_files
from mnistgui.core.errors import DataError
from mnistgui.core.explain import mnist_embedding
from mnistgui.core.predict import Predictor
from mnistgui.gui import mnist_folder
from mnistgui.gui.worker import TaskWorker, WorkerHandle
from mnistgui.paths import mnist_cache_dir

#: MNIST test images on the map of digits.
EMBEDDING_SIZE = 3000


def mapped_layer_name(model: nn.Module) -> str:
    """How the map's page names the layer the map is made from (the one before the last)."""
    names = [n for n, m in model.classifier.named_children() if not isinstance(m, (nn.Dropout, nn.Flatten))]
    if "fc2" not in names or names.index("fc2") == 0:
        return "penultimate"
    name = names[names.index("fc2") - 1]
    return QCoreApplication.translate("DigitMap", "{0} (after its ReLU)").format(name[5:]) \
        if name.startswith("relu_") else name


class DigitMapMaker(QObject):
    """Makes the map of digits for :attr:`predictor`, the model in use."""

    #: the fraction done
    progressed = Signal(float)
    #: the map is made: (an :class:`~mnistgui.core.explain.Embedding`, the weights' key, the MNIST folder)
    made = Signal(object, object, str)
    #: MNIST was not found: (the app's cache folder, every folder looked in)
    missing = Signal(str, list)
    #: the map could not be made: the reason
    failed = Signal(str)
    #: the worker thread has ended (a map made for a model no longer in use is dropped)
    idle = Signal()

    def __init__(self, predictor: Predictor, parent: QObject | None = None) -> None:
        super().__init__(parent)
        #: the model in use; a map made for another is dropped
        self.predictor = predictor
        #: a folder to try first
        self._answered: Predictor | None = None  # the model the last answer was for
        self._handle: WorkerHandle | None = None
        self._pending: Predictor | None = None
        self._pending_key: tuple | None = None
        self._mnist_source = ""

    @property
    def busy(self) -> bool:
        return self._handle is not None

    def answered(self) -> bool:
        """The model in use has had its answer: a map, MNIST missing, or a failure."""
        return self._answered is self.predictor

    def forget(self) -> None:
        """Let the model in use be answered again (Try again, a new folder)."""
        self._answered = None

    def start(self, key: tuple) -> None:
        """Make the map for the model in use (unless one is being made)."""
        if self.busy:
            return
        folder, looked = self.find_mnist()
        if folder is None:
            self._answered = self.predictor
            self.missing.emit(str(mnist_cache_dir()), looked)
            return
        self._mnist_source = str(folder)
        model = copy.deepcopy(self.predictor.model).eval()  # the worker's own copy
        worker = TaskWorker(mnist_embedding, model, folder, self.predictor.preprocess, EMBEDDING_SIZE)
        handle = WorkerHandle(worker, self)
        worker.progressed.connect(self._on_worker_progressed)
        worker.succeeded.connect(self._on_worker_succeeded)
        worker.failed.connect(self._on_worker_failed)
        handle.thread.finished.connect(self._on_thread_finished)
        self._handle = handle
        self._pending = self.predictor
        self._pending_key = key
        self.progressed.emit(0.0)
        handle.start()

    def stop(self, timeout_ms: int = 5000) -> None:
        if self._handle is not None:
            self._handle.stop(timeout_ms)
            self._handle = None

    def find_mnist(self) -> tuple[Path | None, list[str]]:
        """The first folder that holds MNIST, and every folder looked in."""
        candidates: list[Path] = []
        chosen = mnist_folder.chosen_folder()
        if chosen is not None:
            candidates.append(chosen)
        candidates.append(mnist_cache_dir())
        candidates = list(dict.fromkeys(candidates))  # each folder once
        looked = [str(c) for c in candidates]
        for c in candidates:
            try:
                find_mnist_files(c)
            except DataError:
                continue
            return c, looked
        return None, looked

    @Slot(object)
    def _on_worker_progressed(self, fraction) -> None:
        self.progressed.emit(float(fraction))

    @Slot(object)
    def _on_worker_succeeded(self, emb) -> None:
        if emb is None or self._pending is not self.predictor:
            return  # made for a model no longer in use; the thread's end lets the next one start
        self._answered = self.predictor
        self.made.emit(emb, self._pending_key, self._mnist_source)

    @Slot(str)
    def _on_worker_failed(self, message: str) -> None:
        self._answered = self.predictor
        self.failed.emit(message)

    @Slot()
    def _on_thread_finished(self) -> None:
        self._handle = None
        self.idle.emit()
