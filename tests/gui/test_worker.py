"""The thread boundary: a trainer in a QThread, signals with plain data, stop and failure."""

import threading

import torch
from helpers import HeldControl
from PySide6.QtCore import QObject, Slot

from mnistgui.core.events import BatchMetrics, Control, EpochMetrics, Snapshot
from mnistgui.core.train import TrainConfig, Trainer
from mnistgui.gui.worker import EventWorker, TaskWorker, WorkerHandle


class Sink(QObject):
    """GUI-thread receiver, as a panel would be."""

    def __init__(self):
        super().__init__()
        self.batches, self.epochs, self.snaps, self.errors, self.done = [], [], [], [], []
        self.batch_lists = []  # how many batches each signal carried
        self.progress, self.results = [], []
        self.threads = set()

    @Slot(list)
    def on_batches(self, b):
        self.threads.add(threading.get_ident())
        self.batches.extend(b)
        self.batch_lists.append(len(b))

    @Slot(object)
    def on_epoch(self, e):
        self.epochs.append(e)

    @Slot(object)
    def on_snapshot(self, s):
        self.snaps.append(s)

    @Slot(str)
    def on_failed(self, m):
        self.errors.append(m)

    @Slot(object)
    def on_finished(self, f):
        self.done.append(f)

    @Slot(object)
    def on_progress(self, value):
        self.progress.append(value)

    @Slot(object)
    def on_result(self, value):
        self.results.append(value)


def make(data, epochs=2, control=None, **kw):
    cfg = TrainConfig(epochs=epochs, batch_size=64, **kw)
    t = Trainer(cfg, data.train_images[:640], data.train_labels[:640], data.train_images[640:800],
                data.train_labels[640:800], control=control)
    return t


def wire(worker, sink):
    worker.batches_done.connect(sink.on_batches)
    worker.epoch_done.connect(sink.on_epoch)
    worker.snapshot_ready.connect(sink.on_snapshot)
    worker.failed.connect(sink.on_failed)
    worker.finished.connect(sink.on_finished)


def test_training_in_a_thread_delivers_plain_events_on_the_gui_thread(qtbot, mnist_small):
    t = make(mnist_small)
    sink = Sink()
    w = EventWorker(t.run, t.control, rate_hz=1000)
    wire(w, sink)
    h = WorkerHandle(w)
    with qtbot.waitSignal(w.finished, timeout=60000):
        h.start()
    # the blocker may hear `finished` in the worker thread; the sink's queued slots come after
    qtbot.waitUntil(lambda: bool(sink.done), timeout=5000)
    qtbot.waitUntil(lambda: not h.thread.isRunning(), timeout=5000)
    assert sink.threads == {threading.get_ident()}  # slots ran on the GUI thread
    assert [b.step for b in sink.batches] == list(range(1, 21))
    assert all(isinstance(b, BatchMetrics) for b in sink.batches)
    assert [e.epoch for e in sink.epochs] == [1, 2] and all(isinstance(e, EpochMetrics) for e in sink.epochs)
    assert len(sink.snaps) == 2 and isinstance(sink.snaps[0], Snapshot)
    assert all(isinstance(v, torch.Tensor) and v.device.type == "cpu" for v in sink.snaps[0].state_dict.values())
    assert sink.done[0].reason == "completed" and not sink.errors


def test_batch_signals_are_throttled(qtbot, mnist_small):
    t = make(mnist_small, epochs=2)
    sink = Sink()
    w = EventWorker(t.run, t.control, rate_hz=2)  # at most two lists a second
    wire(w, sink)
    h = WorkerHandle(w)
    with qtbot.waitSignal(w.finished, timeout=60000):
        h.start()
    qtbot.waitUntil(lambda: bool(sink.done), timeout=5000)
    assert sum(sink.batch_lists) == 20  # nothing lost
    assert len(sink.batch_lists) < 20  # but gathered into fewer signals


def test_stop_ends_the_thread_within_a_batch(qtbot, mnist_small):
    t = make(mnist_small, epochs=50)
    sink = Sink()
    w = EventWorker(t.run, t.control, rate_hz=1000)
    wire(w, sink)
    h = WorkerHandle(w)
    h.start()
    qtbot.waitUntil(lambda: len(sink.batches) >= 3, timeout=30000)
    assert h.stop(10000)
    qtbot.waitUntil(lambda: bool(sink.done), timeout=5000)
    assert sink.done[0].reason == "stopped"
    assert t.step <= len(sink.batches) + 1
    assert h.stop()  # stopping again is harmless


def test_pause_and_resume_through_the_control(qtbot, mnist_small):
    ctl = HeldControl()
    t = make(mnist_small, epochs=50, control=ctl)
    sink = Sink()
    w = EventWorker(t.run, ctl, rate_hz=1000)
    wire(w, sink)
    h = WorkerHandle(w)
    h.start()
    qtbot.waitUntil(lambda: len(sink.batches) >= 2, timeout=30000)
    at_pause = t.step
    ctl.pause()
    qtbot.waitUntil(ctl.held.is_set, timeout=10000)  # the loop is waiting before its next batch
    n = t.step
    assert n <= at_pause + 1  # the batch under way ends, no other starts
    qtbot.waitUntil(lambda: len(sink.batches) == n, timeout=5000)  # every batch done has been delivered
    assert ctl.held.is_set() and t.step == n  # still held: nothing moves while paused
    ctl.resume()
    qtbot.waitUntil(lambda: t.step > n, timeout=10000)
    assert h.stop(10000)


def test_nan_and_exceptions_become_failed_signals(qtbot, mnist_small):
    t = make(mnist_small)
    with torch.no_grad():
        t.model.classifier.fc2.weight.fill_(float("nan"))
    sink = Sink()
    w = EventWorker(t.run, t.control)
    wire(w, sink)
    h = WorkerHandle(w)
    with qtbot.waitSignal(w.finished, timeout=30000):
        h.start()
    qtbot.waitUntil(lambda: bool(sink.errors) and bool(sink.done), timeout=5000)
    assert "learning rate" in sink.errors[0] and sink.done == [None]

    def boom():
        yield BatchMetrics(1, 1, 1, 1, 0.1, 0.5, 0.001, 10.0, 0.1)
        raise RuntimeError("disk on fire")

    sink2 = Sink()
    w2 = EventWorker(boom, Control())
    wire(w2, sink2)
    h2 = WorkerHandle(w2)
    with qtbot.waitSignal(w2.finished, timeout=10000):
        h2.start()
    qtbot.waitUntil(lambda: bool(sink2.errors) and bool(sink2.done), timeout=5000)
    assert sink2.errors == ["Unexpected error: RuntimeError: disk on fire"]
    assert len(sink2.batches) == 1


def test_task_worker_progress_result_and_cancel(qtbot):
    def work(n, progress, cancelled):
        total = 0
        for i in range(n):
            if cancelled():
                raise RuntimeError("cancelled")
            total += i
            progress(i)
        return total

    sink = Sink()
    w = TaskWorker(work, 100, rate_hz=0)
    w.progressed.connect(sink.on_progress)
    w.succeeded.connect(sink.on_result)
    h = WorkerHandle(w)
    h.start()
    qtbot.waitUntil(lambda: bool(sink.results), timeout=10000)
    assert sink.results == [4950] and sink.progress[-1] == 99

    w2 = TaskWorker(work, 10**9)
    sink2 = Sink()
    w2.failed.connect(sink2.on_failed)
    h2 = WorkerHandle(w2)
    h2.start()
    qtbot.waitUntil(lambda: h2.thread.isRunning(), timeout=5000)
    assert h2.stop(10000)
    qtbot.waitUntil(lambda: bool(sink2.errors), timeout=5000)
    assert "cancelled" in sink2.errors[0]
