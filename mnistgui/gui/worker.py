"""The one thread boundary of the app.

Long work (training, fine-tuning, downloads, evaluations) runs in a :class:`QThread` through a
``QObject`` worker moved to it. Workers never touch a widget, a pixmap or a plot item: they emit
signals that carry plain data (the core's frozen event dataclasses, numpy arrays, CPU
state-dict copies, strings), which Qt queues to slots on the GUI thread.

- :class:`EventWorker` drives one of the core's event generators (``Trainer.run()`` and the
  like). Batch events are gathered and emitted as lists at most ``rate_hz`` times a second, so a
  fast trainer cannot flood the event loop; every other event is emitted as it comes.
- :class:`TaskWorker` runs one function, passing it a ``progress`` callback and a ``cancelled``
  predicate, and emits its result.
- :class:`WorkerHandle` owns the thread: ``start()``, ``stop()`` (ask and wait) and clean-up
  when the thread ends.
"""

from __future__ import annotations

import threading
import time
import traceback
from typing import Any, Callable, Iterator

from PySide6.QtCore import QCoreApplication, QObject, Qt, QThread, Signal, Slot

from mnistgui.core.errors import MnistguiError
from mnistgui.core.events import BatchMetrics, Control, EpochMetrics, Failed, Finished, Snapshot


def _describe(exc: BaseException) -> str:
    if isinstance(exc, MnistguiError):
        return str(exc)
    if isinstance(exc, MemoryError):
        return QCoreApplication.translate("Worker", "Out of memory: try a smaller batch size or a smaller model.")
    last = traceback.format_exception_only(type(exc), exc)[-1].strip()
    return QCoreApplication.translate("Worker", "Unexpected error: {0}").format(last)


class EventWorker(QObject):
    """Iterates an event generator in a worker thread and emits what it yields."""

    batches_done = Signal(list)  # list[BatchMetrics], throttled
    epoch_done = Signal(object)  # EpochMetrics
    snapshot_ready = Signal(object)  # Snapshot (CPU state-dict copy)
    event_ready = Signal(object)  # any other event the generator yields
    failed = Signal(str)
    finished = Signal(object)  # Finished, or None after a failure

    def __init__(self, make_events: Callable[[], Iterator[Any]], control: Control,
                 rate_hz: float = 25.0) -> None:
        super().__init__()
        self._make_events = make_events
        self.control = control
        self._interval = 1.0 / rate_hz if rate_hz > 0 else 0.0

    @Slot()
    def run(self) -> None:
        pending: list[BatchMetrics] = []
        last = 0.0
        result: Finished | None = None
        try:
            for ev in self._make_events():
                if isinstance(ev, BatchMetrics):
                    pending.append(ev)
                    now = time.monotonic()
                    if now - last >= self._interval:
                        self.batches_done.emit(pending)
                        pending = []
                        last = now
                    continue
                if pending:
                    self.batches_done.emit(pending)
                    pending = []
                if isinstance(ev, EpochMetrics):
                    self.epoch_done.emit(ev)
                elif isinstance(ev, Snapshot):
                    self.snapshot_ready.emit(ev)
                elif isinstance(ev, Failed):
                    self.failed.emit(ev.message)
                    break
                elif isinstance(ev, Finished):
                    result = ev
                else:
                    self.event_ready.emit(ev)
        except BaseException as exc:  # a worker reports every error; it never takes the app down
            if pending:
                self.batches_done.emit(pending)
                pending = []
            self.failed.emit(_describe(exc))
        if pending:
            self.batches_done.emit(pending)
        self.finished.emit(result)


class TaskWorker(QObject):
    """Runs ``fn(*args, progress=..., cancelled=...)`` in a worker thread."""

    progressed = Signal(object)
    succeeded = Signal(object)
    failed = Signal(str)
    finished = Signal()

    def __init__(self, fn: Callable[..., Any], *args: Any, rate_hz: float = 25.0) -> None:
        super().__init__()
        self._fn = fn
        self._args = args
        self._cancel = threading.Event()
        self._interval = 1.0 / rate_hz if rate_hz > 0 else 0.0
        self._last = 0.0

    def cancel(self) -> None:
        self._cancel.set()

    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    def _progress(self, value: Any) -> None:
        now = time.monotonic()
        if now - self._last >= self._interval:
            self._last = now
            self.progressed.emit(value)

    @Slot()
    def run(self) -> None:
        try:
            out = self._fn(*self._args, progress=self._progress, cancelled=self.is_cancelled)
        except BaseException as exc:
            self.failed.emit(_describe(exc))
        else:
            self.succeeded.emit(out)
        self.finished.emit()


#: handles whose thread has started and not yet been seen to finish: kept alive until then, so a
#: QThread is never destroyed while it runs (whatever its owner does with the handle)
_LIVE: set["WorkerHandle"] = set()


class WorkerHandle(QObject):
    """Owns a worker's thread: start it, ask it to stop, wait for it; cleans up after itself."""

    def __init__(self, worker: EventWorker | TaskWorker, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.worker = worker
        self.thread = QThread()
        self.thread.setObjectName(f"{type(worker).__name__}Thread")
        worker.moveToThread(self.thread)
        self.thread.started.connect(worker.run)
        # quit() is thread-safe: called directly from the worker thread, it does not wait for the
        # GUI thread, which may be blocked in stop() waiting for this thread to end
        worker.finished.connect(self.thread.quit, Qt.ConnectionType.DirectConnection)
        # The worker is not deleteLater()'d in its own thread: its destructor would need the GIL
        # there while holding Qt's connection lock, which the GUI thread, holding the GIL, may be
        # waiting for (a deadlock). The handle keeps it, and it goes with the handle, on the GUI
        # thread, once the thread has ended.
        self._done = False
        self.thread.finished.connect(self._on_thread_finished)

    def start(self) -> None:
        _LIVE.add(self)
        self.thread.start()

    @property
    def running(self) -> bool:
        return not self._done and self.thread.isRunning()

    def request_stop(self) -> None:
        w = self.worker
        if isinstance(w, EventWorker):
            w.control.stop()
        else:
            w.cancel()

    def stop(self, timeout_ms: int = 30000) -> bool:
        """Ask the work to stop and wait for the thread to end. True when it has ended."""
        if self._done or not self.thread.isRunning():
            return True
        self.request_stop()
        if not self.thread.wait(timeout_ms):
            return False
        self._done = True
        _LIVE.discard(self)
        return True

    @Slot()
    def _on_thread_finished(self) -> None:
        # QThread.finished is emitted from the thread just before it ends: let it end before the
        # last reference to this handle (and so to the QThread) may go, since destroying a
        # QThread that still runs brings the process down
        self.thread.wait()
        self._done = True
        _LIVE.discard(self)
