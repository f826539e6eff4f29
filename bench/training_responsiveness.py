"""Does the Train tab stay responsive while it trains at full speed, and what does it cost?

The Train tab is shown offscreen at 1280x800 with its live curves and trains on real MNIST at
the default settings (standard CNN, batch 128, augmentation on). Meanwhile a 10 ms timer on the
GUI thread records how late each tick arrives: the event-loop latency (``p50_ms``, ``p99_ms``;
target p99 under 50 ms).

The same training runs headless (a bare ``Trainer`` loop on the main thread, the same number of
torch threads as the tab's training thread) before and after the tab's run; ``in_app_ratio`` is
the tab's training throughput divided by the mean of the two headless runs (target at least
0.9). Throughput is taken from the trainer's per-batch figures, leaving out the first batch of
each epoch (which waits for the validation pass). Prints the figures; the last line is a JSON
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

    from mnistgui.core.train import BatchMetrics, Trainer

    torch.set_num_threads(threads)
    t = Trainer(cfg, images, labels, val_images, val_labels)
    got = [ev for ev in t.run() if isinstance(ev, BatchMetrics)]
    torch.set_num_threads(1)  # as the app keeps its GUI thread
    return throughput(got, cfg.batch_size)


def main() -> None:
    p = parser(__doc__)
    p.add_argument("--batches", type=int, default=60, help="training batches in each measured run")
    a = p.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    from PySide6.QtCore import QCoreApplication, QElapsedTimer, QEventLoop, QStandardPaths, Qt, QTimer
    from PySide6.QtWidgets import QApplication

    import mnistgui.gui  # noqa: F401  (binding work-arounds)
    from mnistgui.core.data import load_mnist, split_indices
    from mnistgui.core.train import TrainConfig
    from mnistgui.gui.app import prepare
    from mnistgui.gui.training_tab import TrainingTab, training_threads

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

    print(f"{a.batches} batches of {cfg.batch_size} per run, {threads} torch thread(s) for training; "
          f"reference Python loop {ref_ms:.0f} ms (about 20 ms on an idle modern CPU)")
    before = headless(cfg, *args, threads)
    print(f"headless trainer, before: {before:8.0f} images/s")

    tmp = tempfile.mkdtemp(prefix="mnistgui-bench-")
    tab = TrainingTab(runs_root=os.path.join(tmp, "runs"), cache_dir=os.path.join(tmp, "cache"))
    tab.resize(1280, 730)  # the tab's share of a 1280x800 window
    tab.show()
    tab.set_data(data)
    tab.data_panel.train_limit.setValue(n)
    tab.data_panel.val_size.setValue(val)
    tab.settings.set_config(cfg)
    got = []
    # the batch events as the tab's slot hands them to its plots, on the GUI thread
    orig = tab.plots.add_batches

    def count(batches):
        got.extend(batches)
        orig(batches)

    tab.plots.add_batches = count
    lateness: list[float] = []
    clock = QElapsedTimer()
    timer = QTimer()
    timer.setTimerType(Qt.TimerType.PreciseTimer)
    timer.setInterval(TICK_MS)
    last = [0]

    def tick():
        now = clock.nsecsElapsed()
        if last[0]:
            lateness.append(max(0.0, (now - last[0]) / 1e6 - TICK_MS))
        last[0] = now

    timer.timeout.connect(tick)
    loop = QEventLoop()  # a real event loop, as the app runs (a polling loop would steal the CPU)

    def on_state(state: str) -> None:
        if state in ("finished", "failed"):
            loop.quit()

    tab.state_changed.connect(on_state)
    assert tab.start(), tab.last_error
    clock.start()
    timer.start()
    loop.exec()
    timer.stop()
    if tab.state == "failed":
        raise SystemExit(f"the run failed: {tab.last_error}")
    in_app = throughput(got, cfg.batch_size)
    tab.shutdown()
    print(f"Train tab, training:     {in_app:8.0f} images/s  ({len(got)} batch events)")
    after = headless(cfg, *args, threads)
    print(f"headless trainer, after:  {after:8.0f} images/s")
    base = statistics.mean([before, after])
    ratio = in_app / base
    p50, p95, p99 = (percentile(lateness, q) for q in (50, 95, 99))
    print(f"event-loop latency over {len(lateness)} ticks of {TICK_MS} ms: p50 {p50:.1f} ms, p95 {p95:.1f} ms, "
          f"p99 {p99:.1f} ms, max {max(lateness):.1f} ms")
    print(f"in-app / headless throughput: {ratio:.3f}")
    finish({"p50_ms": round(p50, 2), "p99_ms": round(p99, 2), "max_ms": round(max(lateness), 2),
            "in_app_ratio": round(ratio, 3), "in_app_images_per_s": round(in_app, 1),
            "headless_images_per_s": round(base, 1), "threads": threads, "python_ref_ms": round(ref_ms, 1)})


if __name__ == "__main__":
    main()
