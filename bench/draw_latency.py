"""Latency from a mouse move on the canvas to its ink on screen, and to the reading that includes it.

Runs the real main window offscreen and draws digits with posted mouse-move events, two ways:

- one move at a time: each move is posted and the event loop runs until the reading (the card
  and its bar chart) has been repainted with a prediction that includes it;
- a stream, as a mouse reports at 250 Hz: a move every 4 ms while the event loop runs, however
  long each pass takes.

For every move it times the ink (from posting the move to the canvas's first paint that holds
its point: stroke to screen) and the reading (to the first painted reading that includes it).
The Draw tab reads once per pass of the event loop, after the canvas's repaint, however many
moves the pass handled. The baseline, run alternately with the app on the same drawings, is
the same app with every reading drawing the whole drawing again (``FORMER_RENDER``: the
preprocessing's reuse of the last drawing turned off), as readings did before. For scale it
also times the core's own ``Predictor.predict_canvas`` on the same strokes, drawn afresh.

    python bench/draw_latency.py [--model FILE] [--moves N] [--size WxH]

The last line is a JSON object: per protocol (``single_*``, ``stream_*``) the ink and reading
p50/p95 in ms for the app and the baseline and their ratios, the readings per second in the
stream, and the core's ``core_p50_ms``. Target: stroke to screen p95 under 8 ms (a frame at
120 Hz).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import sys
import time


def _arc(cx, cy, rx, ry, a0, a1, step=0.006):
    n = max(2, int(abs(math.radians(a1 - a0)) * max(rx, ry) / step))
    return [(cx + rx * math.cos(math.radians(a0 + (a1 - a0) * i / n)),
             cy + ry * math.sin(math.radians(a0 + (a1 - a0) * i / n))) for i in range(n + 1)]


def _line(a, b, step=0.006):
    n = max(1, int(math.dist(a, b) / step))
    return [(a[0] + (b[0] - a[0]) * i / n, a[1] + (b[1] - a[1]) * i / n) for i in range(n + 1)]


#: Digits as a hand draws them (canvas coordinates, 0..1), densely sampled like a mouse.
DRAWINGS = [
    [_arc(0.5, 0.34, 0.16, 0.15, 200, 450) + _arc(0.5, 0.65, 0.18, 0.16, -90, 155)],  # 3
    [_arc(0.5, 0.33, 0.14, 0.14, 90, 450), _arc(0.5, 0.64, 0.17, 0.17, -90, 270)],  # 8
    [_line((0.6, 0.2), (0.27, 0.62)) + _line((0.27, 0.62), (0.76, 0.62)), _line((0.61, 0.38), (0.6, 0.82))],  # 4
    [_arc(0.5, 0.5, 0.21, 0.31, -100, 265)],  # 0
]


def percentile(values, q):
    s = sorted(values)
    k = (len(s) - 1) * q / 100.0
    lo, hi = math.floor(k), math.ceil(k)
    return s[lo] + (s[hi] - s[lo]) * (k - lo)


STREAM_INTERVAL_S = 0.004  # a 250 Hz mouse


def FORMER_RENDER(lines, key):  # noqa: N802 - a stand-in for render._drawn_before
    """Nothing drawn before can be reused: every reading draws all its strokes, as before."""
    return None


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", help="checkpoint (default: the shipped model)")
    ap.add_argument("--moves", type=int, default=800, help="mouse moves to time, per protocol and variant")
    ap.add_argument("--size", default="1280x800", help="window size (default 1280x800)")
    a = ap.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    from PySide6.QtCore import QEvent, QObject, Qt
    from PySide6.QtGui import QMouseEvent
    from PySide6.QtWidgets import QApplication

    import mnistgui.gui  # noqa: F401  (binding work-arounds)
    from mnistgui.core import render
    from mnistgui.core.predict import Predictor, shipped_model_path
    from mnistgui.gui.app import prepare
    from mnistgui.gui.main_window import MainWindow

    app = QApplication.instance() or QApplication([sys.argv[0]])
    prepare(app)
    predictor = Predictor.load(a.model or shipped_model_path())
    window = MainWindow(predictor, restore_state=False, persist_state=False, build_pages_later=False)
    w, h = (int(v) for v in a.size.lower().split("x"))
    window.resize(w, h)
    window.show()
    for _ in range(5):
        app.processEvents()
    tab = window.draw_tab
    canvas = tab.canvas
    panel = tab.prediction_panel
    reuse = render._drawn_before
    clock = time.perf_counter

    class InkWatch(QObject):
        """The time of each canvas paint and how many points of the live stroke it shows."""

        def __init__(self) -> None:
            super().__init__(canvas)
            self.paints: list[tuple[float, int]] = []

        def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt's name
            if event.type() == QEvent.Type.Paint:
                live = canvas.drawing.live
                self.paints.append((clock(), len(live) if live else 0))
            return False

    ink = InkWatch()
    canvas.installEventFilter(ink)
    readings: list[tuple[int, int]] = []  # (serial, live points read) for each reading shown

    def on_reading(_pred) -> None:
        live = canvas.drawing.live
        readings.append((panel.serial, len(live) if live else 0))

    tab.prediction_updated.connect(on_reading)

    def mouse(kind, x, y, button, buttons):
        pos = canvas.to_widget(x, y)
        return QMouseEvent(kind, pos, canvas.mapToGlobal(pos), button, buttons, Qt.KeyboardModifier.NoModifier)

    left, none = Qt.MouseButton.LeftButton, Qt.MouseButton.NoButton
    painted_at: list[tuple[float, int]] = []  # (time, live points read) of each reading painted

    def watch_readings() -> None:
        while readings and panel.painted_serial >= readings[0][0]:
            painted_at.append((clock(), readings.pop(0)[1]))

    def first_after(events, k: int, t0: float) -> float | None:
        for t, n in events:
            if t >= t0 and n >= k:
                return (t - t0) * 1000.0
        return None

    def draw(strokes, stream: bool, out: dict, budget: int) -> None:
        """Draw ``strokes``; add each timed move's (ink ms, reading ms) to ``out``."""
        canvas.clear()
        app.processEvents()
        for stroke in strokes:
            x, y = stroke[0]
            QApplication.sendEvent(canvas, mouse(QEvent.Type.MouseButtonPress, x, y, left, left))
            app.processEvents()
            ink.paints.clear()
            painted_at.clear()
            readings.clear()
            posted: list[tuple[int, float]] = []  # (live points once handled, time posted)
            next_at = clock()
            for x, y in stroke[1:]:
                if len(posted) >= budget - len(out["ink"]):
                    break
                k = len(canvas.drawing.live) + 1  # the points once this move is handled (single)
                t0 = clock()
                app.postEvent(canvas, mouse(QEvent.Type.MouseMove, x, y, none, left))
                if stream:
                    posted.append((len(posted) + 2, t0))
                    next_at += STREAM_INTERVAL_S
                    while clock() < next_at:
                        app.processEvents()
                        watch_readings()
                else:
                    posted.append((k, t0))
                    deadline = t0 + 2.0
                    while clock() < deadline:
                        app.processEvents()
                        watch_readings()
                        if painted_at and painted_at[-1][1] >= k:
                            break
            deadline = clock() + 2.0
            while clock() < deadline and (not painted_at or painted_at[-1][1] < len(canvas.drawing.live or ())):
                app.processEvents()
                watch_readings()
            for k, t0 in posted:
                i, r = first_after(ink.paints, k, t0), first_after(painted_at, k, t0)
                if i is not None and r is not None:
                    out["ink"].append(i)
                    out["reading"].append(r)
            out["readings"] += len(painted_at)
            out["seconds"] += (clock() - posted[0][1]) if posted else 0.0
            x, y = stroke[-1]
            QApplication.sendEvent(canvas, mouse(QEvent.Type.MouseButtonRelease, x, y, left, none))
            app.processEvents()

    def fresh() -> dict:
        return {"ink": [], "reading": [], "readings": 0, "seconds": 0.0}

    results = {(p, v): fresh() for p in ("single", "stream") for v in ("app", "baseline")}
    draw(DRAWINGS[0], False, fresh(), 10**9)  # warm-up: first forward passes, first paints
    for protocol in ("single", "stream"):
        i = 0
        while min(len(results[(protocol, v)]["ink"]) for v in ("app", "baseline")) < a.moves:
            d = DRAWINGS[i % len(DRAWINGS)]
            for variant in (("app", "baseline") if i % 2 == 0 else ("baseline", "app")):
                render._drawn_before = reuse if variant == "app" else FORMER_RENDER
                r = results[(protocol, variant)]
                draw(d, protocol == "stream", r, a.moves)
            i += 1
    render._drawn_before = FORMER_RENDER  # the core alone, below: each drawing afresh

    # for scale: the core alone on the same kind of input (growing strokes, the same pen)
    core: list[float] = []
    pw = canvas.pen_width()
    for d in DRAWINGS:
        for s in d:
            for k in range(2, len(s), 3):
                t0 = clock()
                predictor.predict_canvas([s[:k]], None, pw)
                core.append((clock() - t0) * 1000.0)
    render._drawn_before = reuse
    window.close()

    fig: dict = {}
    print(f"window {a.size}, offscreen; {a.moves} moves per protocol and variant; baseline: every reading "
          f"draws the whole drawing again")
    for protocol in ("single", "stream"):
        for what in ("ink", "reading"):
            vals = {v: results[(protocol, v)][what] for v in ("app", "baseline")}
            p50, p95 = percentile(vals["app"], 50), percentile(vals["app"], 95)
            b50, b95 = percentile(vals["baseline"], 50), percentile(vals["baseline"], 95)
            fig[f"{protocol}_{what}_p50_ms"] = round(p50, 3)
            fig[f"{protocol}_{what}_p95_ms"] = round(p95, 3)
            fig[f"{protocol}_{what}_baseline_p50_ms"] = round(b50, 3)
            fig[f"{protocol}_{what}_baseline_p95_ms"] = round(b95, 3)
            fig[f"{protocol}_{what}_ratio_p95"] = round(p95 / b95, 3)
            label = "stroke to screen" if what == "ink" else "move to reading"
            print(f"{protocol:>6} {label:<17} p50 {p50:6.2f} ms  p95 {p95:6.2f} ms   baseline p50 {b50:6.2f} ms  "
                  f"p95 {b95:6.2f} ms   ratio p95 {p95 / b95:.2f}")
        for v in ("app", "baseline"):
            r = results[(protocol, v)]
            rate = r["readings"] / r["seconds"] if r["seconds"] else 0.0
            fig[f"{protocol}_readings_per_s{'' if v == 'app' else '_baseline'}"] = round(rate, 1)
        if protocol == "stream":
            print(f"{'':>6} readings per second: app {fig['stream_readings_per_s']}, "
                  f"baseline {fig['stream_readings_per_s_baseline']} (moves: {1 / STREAM_INTERVAL_S:.0f} per second)")
    c50 = percentile(core, 50)
    fig["core_p50_ms"] = round(c50, 3)
    fig["core_p95_ms"] = round(percentile(core, 95), 3)
    fig["moves"] = a.moves
    fig["target_ink_p95_ms"] = 8
    print(f"core predict_canvas  p50 {c50:.2f} ms  p95 {fig['core_p95_ms']:.2f} ms")
    worst = max(fig["single_ink_p95_ms"], fig["stream_ink_p95_ms"])
    print(f"target stroke to screen p95 < 8 ms: {'met' if worst < 8 else 'NOT met'}")
    print(json.dumps(fig))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
