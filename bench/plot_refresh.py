"""One refresh of the Train tab's live plots, with 1k and with 200k points per curve.

A refresh is what the panel does for one throttled batch signal: append the new batches (10
here) to every per-batch curve and hand the curves their new data (``setData`` on buffer views,
which includes pyqtgraph's clip-to-view and peak downsampling of what is shown). Its time should
not grow with the history; target under 5 ms (``ms_1k``, ``ms_200k``).

The repaint that follows (rasterising all five plots, offscreen, at the size they have in a
1280x800 window) is timed on its own (``paint_ms_*``; target under 8 ms at 200k points),
beside two baselines measured in the same run: the same plots with the same data drawn with the
former pens (``baseline_paint_ms_*``: two-pixel smoothed and epoch curves, a 1.6-pixel learning
rate, kept below in ``FORMER_PEN_WIDTHS``), timed alternately with the present ones, and the
plots with no data at all (``paint_ms_empty``). (In the app the five plots repaint in turn, in
separate passes of the event loop, not all at once.) A fixed Python loop is timed too
(``python_ref_ms``, about 20 ms on an idle modern CPU), to judge how busy the machine was.
Prints medians and 90th percentiles; the last line is a JSON object.
"""

from __future__ import annotations

import os
import statistics
import time

from _common import finish, parser, percentile

REPEATS = 60
BATCHES_PER_EPOCH = 430  # full MNIST at batch size 128
NEW_PER_REFRESH = 10
#: the baseline's pens: the widths the curves were drawn with before they all became one pixel
FORMER_PEN_WIDTHS = {"loss_smooth": 2.0, "acc_smooth": 2.0, "lr": 1.6, "train_loss": 2.0,
                     "val_loss": 2.0, "train_acc": 2.0, "val_acc": 2.0}


def pens(plots, widths: dict | None):
    """Give the curves these pen widths (None: one pixel each, as the app draws them)."""
    import pyqtgraph as pg

    for name in FORMER_PEN_WIDTHS:
        curve = getattr(plots, name).curve
        width = 1.0 if widths is None else widths[name]
        curve.setPen(pg.mkPen(curve.opts["pen"].color(), width=width))


def repaint(plots) -> None:
    """Repaint every plot now (each is a view of its own)."""
    for view in plots.views:
        view.viewport().repaint()


def fill(plots, n: int):
    import numpy as np

    from mnistgui.core.events import EpochMetrics

    epochs = int(np.ceil(n / BATCHES_PER_EPOCH)) + 1
    plots.reset(epochs)
    rng = np.random.default_rng(0)
    x = np.arange(1, n + 1) / BATCHES_PER_EPOCH
    loss = 2.3 * np.exp(-x / 3) + 0.1 * rng.random(n)
    acc = 100 - 90 * np.exp(-x) - 5 * rng.random(n)
    lr = 3e-3 * (0.5 + 0.5 * np.cos(np.pi * x / epochs))
    plots.add_batch_arrays(x, loss, acc, lr)
    for e in range(1, int(x[-1]) + 1):
        plots.add_epoch(EpochMetrics(e, epochs, 0.3 / e, 0.9, 0.35 / e, 0.9, 1e-3, e, 0.35 / e, 0, 0, 1.0))
    plots.refresh()
    return x[-1]


def one_refresh(plots, x0: float) -> tuple[float, float]:
    """(refresh ms, repaint ms)."""
    import numpy as np

    x = x0 + np.arange(1, NEW_PER_REFRESH + 1) / BATCHES_PER_EPOCH
    t0 = time.perf_counter()
    plots.add_batch_arrays(x, np.full(len(x), 0.2), np.full(len(x), 97.0), np.full(len(x), 1e-3))
    plots.refresh()
    t1 = time.perf_counter()
    repaint(plots)
    t2 = time.perf_counter()
    return (t1 - t0) * 1000.0, (t2 - t1) * 1000.0


def measure(app, plots, n: int) -> tuple[list[float], list[float], list[float]]:
    """(refresh ms, repaint ms, repaint ms with the former pens), alternately on the same data."""
    x_last = fill(plots, n)
    for _ in range(5):  # settle the layout and caches
        repaint(plots)
        app.processEvents()
    refresh, paint, former = [], [], []
    for i in range(REPEATS):
        r, p = one_refresh(plots, x_last)
        refresh.append(r)
        paint.append(p)
        x_last += NEW_PER_REFRESH / BATCHES_PER_EPOCH
        pens(plots, FORMER_PEN_WIDTHS)
        app.processEvents()
        t0 = time.perf_counter()
        repaint(plots)
        former.append((time.perf_counter() - t0) * 1000.0)
        pens(plots, None)
        app.processEvents()
    return refresh, paint, former


def empty_paint(app, plots) -> list[float]:
    plots.reset(3)
    app.processEvents()
    out = []
    for _ in range(REPEATS):
        t0 = time.perf_counter()
        repaint(plots)
        out.append((time.perf_counter() - t0) * 1000.0)
    return out


def main() -> None:
    parser(__doc__, data=False).parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    import mnistgui.gui  # noqa: F401  (binding work-arounds)
    from mnistgui.gui.app import prepare
    from mnistgui.gui.train.plots import TrainingPlots

    app = QApplication.instance() or QApplication([])
    prepare(app)
    plots = TrainingPlots()
    plots.resize(900, 540)
    plots.show()
    app.processEvents()

    t0 = time.perf_counter()
    sum(range(10**6))
    figures = {"python_ref_ms": round((time.perf_counter() - t0) * 1000, 1)}
    e = empty_paint(app, plots)
    print(f"  no data:               repaint median {statistics.median(e):6.2f} ms, p90 {percentile(e, 90):6.2f} ms")
    figures["paint_ms_empty"] = round(statistics.median(e), 3)
    for label, n in (("1k", 1_000), ("200k", 200_000)):
        r, p, b = measure(app, plots, n)
        shown = plots.loss_raw.curve.curve.xData
        print(f"{n:>7} points per curve: refresh median {statistics.median(r):6.2f} ms, p90 {percentile(r, 90):6.2f} ms;"
              f" repaint median {statistics.median(p):6.2f} ms, p90 {percentile(p, 90):6.2f} ms"
              f" ({len(shown) if shown is not None else 0} points drawn for the raw loss curve)")
        print(f"{'':>7} baseline, the former pens: repaint median {statistics.median(b):6.2f} ms, "
              f"p90 {percentile(b, 90):6.2f} ms; ratio {statistics.median(p) / statistics.median(b):.2f}")
        figures[f"ms_{label}"] = round(statistics.median(r), 3)
        figures[f"p90_ms_{label}"] = round(percentile(r, 90), 3)
        figures[f"paint_ms_{label}"] = round(statistics.median(p), 3)
        figures[f"paint_p90_ms_{label}"] = round(percentile(p, 90), 3)
        figures[f"baseline_paint_ms_{label}"] = round(statistics.median(b), 3)
        figures[f"baseline_paint_p90_ms_{label}"] = round(percentile(b, 90), 3)
        figures[f"paint_ratio_{label}"] = round(statistics.median(p) / statistics.median(b), 3)
    print(f"target repaint < 8 ms at 200k points: {'met' if figures['paint_ms_200k'] < 8 else 'NOT met'}")
    finish(figures)


if __name__ == "__main__":
    main()
