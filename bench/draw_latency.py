"""Latency from a mouse move on the canvas to the updated probabilities painted on screen.

Runs the real main window offscreen, draws digits with posted mouse-move events, and for each
move times how long the event loop takes until the reading (the card and its bar chart) has been
repainted with a prediction that includes that move. For scale it also times the core's own
``Predictor.predict_canvas`` on the same strokes (the baseline: what cannot be avoided).

    python bench/draw_latency.py [--model FILE] [--moves N] [--size WxH]

The last line is a JSON object: ``p50_ms``, ``p95_ms`` (the target is p95 < 16 ms, one frame at
60 Hz), ``max_ms``, ``moves``, and the baseline's ``core_p50_ms`` with the ratio to it.
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


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", help="checkpoint (default: the shipped model)")
    ap.add_argument("--moves", type=int, default=800, help="mouse moves to time (default 800)")
    ap.add_argument("--size", default="1280x800", help="window size (default 1280x800)")
    a = ap.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QMouseEvent
    from PySide6.QtWidgets import QApplication

    import mnistgui.gui  # noqa: F401  (binding work-arounds)
    from mnistgui.core.predict import Predictor, shipped_model_path
    from mnistgui.gui.app import prepare
    from mnistgui.gui.main_window import MainWindow

    app = QApplication.instance() or QApplication([sys.argv[0]])
    prepare(app)
    predictor = Predictor.load(a.model or shipped_model_path())
    window = MainWindow(predictor, restore_state=False, persist_state=False)
    w, h = (int(v) for v in a.size.lower().split("x"))
    window.resize(w, h)
    window.show()
    for _ in range(5):
        app.processEvents()
    tab = window.draw_tab
    canvas = tab.canvas
    panel = tab.prediction_panel

    def mouse(kind, x, y, button, buttons):
        pos = canvas.to_widget(x, y)
        return QMouseEvent(kind, pos, canvas.mapToGlobal(pos), button, buttons, Qt.KeyboardModifier.NoModifier)

    left = Qt.MouseButton.LeftButton
    none = Qt.MouseButton.NoButton
    latencies: list[float] = []
    cpu: list[float] = []  # CPU time of this process over the same spans
    timeouts = 0
    changed = [0]
    canvas.drawing_changed.connect(lambda: changed.__setitem__(0, changed[0] + 1))

    def run_drawing(strokes, record: bool) -> None:
        nonlocal timeouts
        canvas.clear()
        for stroke in strokes:
            x, y = stroke[0]
            QApplication.sendEvent(canvas, mouse(QEvent.Type.MouseButtonPress, x, y, left, left))
            for x, y in stroke[1:]:
                if record and len(latencies) >= a.moves:
                    break
                target = panel.serial + 1
                changes = changed[0]
                c0 = time.process_time()
                t0 = time.perf_counter()
                app.postEvent(canvas, mouse(QEvent.Type.MouseMove, x, y, none, left))
                deadline = t0 + 2.0
                while panel.painted_serial < target:
                    app.processEvents()
                    if changed[0] == changes:
                        break  # the move did not change the drawing (the same point): nothing to read
                    if time.perf_counter() > deadline:
                        timeouts += 1
                        break
                else:
                    if record:
                        latencies.append((time.perf_counter() - t0) * 1000.0)
                        cpu.append((time.process_time() - c0) * 1000.0)
            x, y = stroke[-1]
            QApplication.sendEvent(canvas, mouse(QEvent.Type.MouseButtonRelease, x, y, left, none))
            app.processEvents()

    run_drawing(DRAWINGS[0], record=False)  # warm-up: first forward passes, first paints
    while len(latencies) < a.moves:
        for d in DRAWINGS:
            run_drawing(d, record=True)
            if len(latencies) >= a.moves:
                break

    # baseline: the core alone on the same kind of input (growing strokes, the same pen)
    core: list[float] = []
    pw = canvas.pen_width()
    for d in DRAWINGS:
        for s in d:
            for k in range(2, len(s), 3):
                t0 = time.perf_counter()
                predictor.predict_canvas([s[:k]], None, pw)
                core.append((time.perf_counter() - t0) * 1000.0)
    window.close()

    p50, p95 = percentile(latencies, 50), percentile(latencies, 95)
    c50 = percentile(core, 50)
    print(f"moves timed          {len(latencies)} (window {a.size}, offscreen, {timeouts} timeouts)")
    print(f"move -> painted      p50 {p50:.2f} ms  p95 {p95:.2f} ms  max {max(latencies):.2f} ms  "
          f"mean {statistics.fmean(latencies):.2f} ms")
    print(f"  CPU time used      p50 {percentile(cpu, 50):.2f} ms  p95 {percentile(cpu, 95):.2f} ms  "
          f"(wall minus this is time the CPU was busy elsewhere)")
    print(f"core predict_canvas p50 {c50:.2f} ms  p95 {percentile(core, 95):.2f} ms  (baseline)")
    print(f"end-to-end / core    {p50 / c50:.2f}x at the median")
    print(f"target p95 < 16 ms:  {'met' if p95 < 16 else 'NOT met'}")
    print(json.dumps({
        "p50_ms": round(p50, 3), "p95_ms": round(p95, 3), "max_ms": round(max(latencies), 3),
        "moves": len(latencies), "timeouts": timeouts, "cpu_p50_ms": round(percentile(cpu, 50), 3),
        "cpu_p95_ms": round(percentile(cpu, 95), 3), "core_p50_ms": round(c50, 3),
        "ratio_to_core_p50": round(p50 / c50, 3), "target_p95_ms": 16,
    }))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
