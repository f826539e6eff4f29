"""Does the Train tab stay responsive while it trains at full speed, and what does it cost?

The Train tab is shown offscreen at 1280x800 with its live curves and trains on real MNIST at
the default settings (standard CNN, batch 128, augmentation on). Meanwhile a 10 ms timer on the
GUI thread records how late each tick arrives: the event-loop latency (``p50_ms``, ``p99_ms``;
target p99 under 25 ms). The tab trains on every core while it is shown (nobody draws).

The same training runs headless too (a bare ``Trainer`` loop on the main thread, with as many
torch threads as the tab's training thread uses), alternating with the tab's runs so that a
change in the machine's load touches both alike; ``in_app_ratio`` is the tab's mean training
throughput divided by the headless one (target at least 0.9). Throughput is taken from the
trainer's per-batch figures, leaving out the first batch of each epoch (which waits for the
validation pass). A fixed Python loop is timed as well (``python_ref_ms``, about 20 ms on an idle
modern CPU), to judge how busy the machine was. Prints the figures; the last line is a JSON
object.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time

from _common import finish, parser, percentile

TICK_MS = 10


def throughput(batches, batch_size: int) -> float:
    """Images per second over the given BatchMetrics (harmonic: total images / total time)."""
    b = [x for x in batches if x.batch > 1 and x.samples_per_s > 0]
    if not b:
        return float("nan")
    return len(b) * batch_size / sum(batch_size / x.samples_per_s for x in b)


def headless(cfg, images, labels, val_images, val_labels, threads: int) -> float:
    import torch

    from mnistgui.core.events import BatchMetrics
    from mnistgui.core.train import Trainer

    torch.set_num_threads(threads)
    t = Trainer(cfg, images, labels, val_images, val_labels)
    got = [ev for ev in t.run() if isinstance(ev, BatchMetrics)]
    torch.set_num_threads(1)  # as the app keeps its GUI thread
    return throughput(got, cfg.batch_size)


class Panel:
    """The Train tab, shown, with a latency probe on the GUI thread while it trains."""

    def __init__(self, app, data, cfg, n: int, val: int) -> None:
        from PySide6.QtCore import QElapsedTimer, Qt, QTimer

        from mnistgui.gui.train.tab import TrainingTab

        self.app = app
        tmp = tempfile.mkdtemp(prefix="mnistgui-bench-")
        self.tab = tab = TrainingTab(runs_root=os.path.join(tmp, "runs"), cache_dir=os.path.join(tmp, "cache"))
        tab.resize(1280, 730)  # the tab's share of a 1280x800 window
        tab.show()
        tab.set_data(data)
        tab.data_panel.train_limit.setValue(n)
        tab.data_panel.val_size.setValue(val)
        tab.settings.set_config(cfg)
        self.batches = []
        orig = tab.plots.add_batches

        def count(batches):  # the batch events as the tab's slot hands them to its plots
            self.batches.extend(batches)
            orig(batches)

        tab.plots.add_batches = count
        self.lateness: list[float] = []
        self.cpu = self.wall = 0.0
        self.clock = QElapsedTimer()
        self.clock.start()
        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self._tick)
        self._last = 0

    def _tick(self) -> None:
        now = self.clock.nsecsElapsed()
        if self._last:
            self.lateness.append(max(0.0, (now - self._last) / 1e6 - TICK_MS))
        self._last = now

    def train(self, batch_size: int) -> float:
        from PySide6.QtCore import QEventLoop

        tab = self.tab
        self.batches = []
        loop = QEventLoop()  # a real event loop, as the app runs (a polling loop would steal the CPU)

        def on_state(state: str) -> None:
            if state in ("finished", "failed"):
                loop.quit()

        tab.state_changed.connect(on_state)
        assert tab.start(), tab.last_error
        cpu0, wall0 = time.thread_time(), time.perf_counter()
        self._last = 0
        self.timer.start()
        loop.exec()
        self.timer.stop()
        self.cpu += time.thread_time() - cpu0
        self.wall += time.perf_counter() - wall0
        tab.state_changed.disconnect(on_state)
        if tab.state == "failed":
            raise SystemExit(f"the run failed: {tab.last_error}")
        while tab._evaluating:  # let the evaluation after the run end before measuring again
            self.app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 100)
        return throughput(self.batches, batch_size)


def main() -> None:
    p = parser(__doc__)
    p.add_argument("--batches", type=int, default=30, help="training batches in each measured run")
    p.add_argument("--rounds", type=int, default=3, help="tab runs, each between two headless runs")
    a = p.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    from PySide6.QtCore import QCoreApplication, QStandardPaths
    from PySide6.QtWidgets import QApplication

    import mnistgui.gui  # noqa: F401  (binding work-arounds)
    from mnistgui.core.data import load_mnist, split_indices
    from mnistgui.core.train import TrainConfig
    from mnistgui.gui.app import freeze_start_up_objects, prepare
    from mnistgui.core.jobs import training_threads

    QCoreApplication.setOrganizationName("mnistgui-bench")
    QCoreApplication.setApplicationName("mnistgui-bench")
    QStandardPaths.setTestModeEnabled(True)
    app = QApplication.instance() or QApplication([])
    prepare(app)

    t0 = time.perf_counter()
    sum(range(10**6))
    ref_ms = (time.perf_counter() - t0) * 1000

    val = 200
    n = a.batches * 128 + val
    data = load_mnist(a.data, limit_train=n, limit_test=1000)
    cfg = TrainConfig(epochs=1, val_size=val)
    threads = training_threads()
    tr, va = split_indices(n, val, cfg.seed)
    args = (data.train_images[tr], data.train_labels[tr], data.train_images[va], data.train_labels[va])
    panel = Panel(app, data, cfg, n, val)
    freeze_start_up_objects()  # as the app does once it has started, for both sides alike

    print(f"{a.rounds} rounds of {a.batches} batches of {cfg.batch_size}, {threads} torch thread(s) for "
          f"training; reference Python loop {ref_ms:.0f} ms (about 20 ms on an idle modern CPU)")
    head, tab_rates = [headless(cfg, *args, threads)], []
    print(f"  headless trainer: {head[-1]:6.0f} images/s")
    for _ in range(a.rounds):
        tab_rates.append(panel.train(cfg.batch_size))
        print(f"  Train tab:        {tab_rates[-1]:6.0f} images/s")
        head.append(headless(cfg, *args, threads))
        print(f"  headless trainer: {head[-1]:6.0f} images/s")
    panel.tab.shutdown()

    ratio = statistics.mean(tab_rates) / statistics.mean(head)
    lat = panel.lateness
    p50, p95, p99 = (percentile(lat, q) for q in (50, 95, 99))
    share = panel.cpu / panel.wall
    print(f"event-loop latency over {len(lat)} ticks of {TICK_MS} ms: p50 {p50:.1f} ms, p95 {p95:.1f} ms, "
          f"p99 {p99:.1f} ms, max {max(lat):.1f} ms")
    print(f"in-app / headless throughput: {ratio:.3f}; the GUI thread was busy {share * 100:.0f}% of the time")
    finish({"p50_ms": round(p50, 2), "p99_ms": round(p99, 2), "max_ms": round(max(lat), 2),
            "in_app_ratio": round(ratio, 3), "in_app_images_per_s": round(statistics.mean(tab_rates), 1),
            "headless_images_per_s": round(statistics.mean(head), 1), "threads": threads,
            "gui_thread_cpu_share": round(share, 3), "python_ref_ms": round(ref_ms, 1)})


if __name__ == "__main__":
    main()
