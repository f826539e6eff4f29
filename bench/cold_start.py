"""Cold start: from the command to a painted window that takes strokes, and to the first reading.

Starts the real ``mnistgui --strokes FILE`` (a 7) N times, offscreen, as a fresh user, with
``MNISTGUI_STARTUP_REPORT=1``: the app prints one line once its window has been painted and
another once the model is loaded and the replayed 7 has been read and its reading painted, then
quits (see ``mnistgui.gui.app``). The times are taken here, from starting the process to reading
each line: ``first_paint_seconds`` and ``first_reading_seconds``.

The baseline, measured in the same run and interleaved with it, is the former start-up order,
kept below (``BASELINE``): the same window built only after torch and the model have loaded on
the GUI thread, so its first paint and first reading come together. For scale, ``python -c
"import torch"`` is timed too: the floor of any start that reads with a PyTorch model.

    python bench/cold_start.py [--runs N] [--model FILE]

The last line is a JSON object: medians (and the slowest run) of both figures for the app and
for the baseline, their ratios, the app's own split of its median run, and ``import torch``.
Targets: first paint under 1 s, first reading under 3 s.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# mnistgui.gui.app's markers (not imported: no warm-up of this process's own imports)
PAINT_MARKER = "mnistgui-first-paint"
READING_MARKER = "mnistgui-first-reading"
REPORT_ENV = "MNISTGUI_STARTUP_REPORT"
SEVEN = [{"strokes": [[[0.3, 0.22], [0.7, 0.22], [0.45, 0.8]], [[0.38, 0.5], [0.62, 0.5]]], "label": 7}]

# The former start-up: torch and the model first, on the GUI thread, then the window.
BASELINE = r"""
import sys, time
from pathlib import Path
model, strokes = sys.argv[1] or None, sys.argv[2]
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication
from mnistgui.gui import app as mnistgui_app
from mnistgui.paths import APPLICATION, ORGANIZATION
QCoreApplication.setOrganizationName(ORGANIZATION)
QCoreApplication.setApplicationName(APPLICATION)
app = QApplication(["mnistgui"])
from mnistgui.core.predict import Predictor, shipped_model_path
path = Path(model) if model else shipped_model_path()
predictor = Predictor.load(path)
t_model = time.perf_counter() - mnistgui_app._T0
mnistgui_app.prepare(app)
from mnistgui.gui.main_window import MainWindow
window = MainWindow(predictor, model_path=path)
mnistgui_app.report_startup(app, window, {"model_loaded": t_model,
                                          "window_built": time.perf_counter() - mnistgui_app._T0})
window.show()
window.draw_tab.canvas.open_strokes(strokes)
sys.exit(app.exec())
"""


def app_command(model: str | None, strokes: str) -> list[str]:
    script = Path(sys.executable).with_name("mnistgui")
    cmd = [str(script)] if script.exists() else [sys.executable, "-m", "mnistgui"]
    return cmd + (["--model", model] if model else []) + ["--strokes", strokes]


def baseline_command(model: str | None, strokes: str) -> list[str]:
    return [sys.executable, "-c", BASELINE, model or "", strokes]


def one_start(cmd: list[str], env: dict) -> dict:
    """Seconds from starting ``cmd`` to each marker line, and the app's own timings."""
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert p.stdout is not None
    out: dict = {}
    for line in p.stdout:
        now = time.perf_counter() - t0
        if line.startswith(PAINT_MARKER):
            out["first_paint"] = now
        elif line.startswith(READING_MARKER):
            out["first_reading"] = now
            out["app"] = json.loads(line[len(READING_MARKER):])
            break
    p.wait(timeout=120)
    if "first_reading" not in out:
        raise RuntimeError(f"{cmd[0]} exited ({p.returncode}) without a reading: {p.stderr.read()[-2000:]}")
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--model", help="checkpoint to start with (default: the shipped model)")
    a = ap.parse_args(argv)

    home = tempfile.mkdtemp(prefix="mnistgui-cold-")
    try:
        strokes = os.path.join(home, "seven.json")
        Path(strokes).write_text(json.dumps(SEVEN), encoding="utf-8")
        env = dict(os.environ)
        env[REPORT_ENV] = "1"
        env["QT_QPA_PLATFORM"] = "offscreen"
        env.pop("DISPLAY", None)
        env.pop("WAYLAND_DISPLAY", None)
        # a fresh user: no saved window state, nothing in the caches
        env["XDG_CONFIG_HOME"] = os.path.join(home, "config")
        env["XDG_DATA_HOME"] = os.path.join(home, "data")
        env["XDG_CACHE_HOME"] = os.path.join(home, "cache")
        new_cmd, old_cmd = app_command(a.model, strokes), baseline_command(a.model, strokes)

        one_start(new_cmd, env)  # once each to fill the OS file cache: "cold" is a new process
        one_start(old_cmd, env)
        new, old = [], []
        for i in range(a.runs):
            for cmd, runs in ((new_cmd, new), (old_cmd, old)) if i % 2 == 0 else ((old_cmd, old), (new_cmd, new)):
                runs.append(one_start(cmd, env))
            n, o = new[-1], old[-1]
            print(f"run {i + 1}: painted {n['first_paint']:.2f} s, first reading {n['first_reading']:.2f} s "
                  f"(baseline: painted {o['first_paint']:.2f} s, first reading {o['first_reading']:.2f} s)")

        torch_times = []
        for _ in range(3):
            t0 = time.perf_counter()
            subprocess.run([sys.executable, "-c", "import torch"], check=True, env=env)
            torch_times.append(time.perf_counter() - t0)
    finally:
        shutil.rmtree(home, ignore_errors=True)

    def med(runs, key):
        return statistics.median(r[key] for r in runs)

    def worst(runs, key):
        return max(r[key] for r in runs)

    paint, reading = med(new, "first_paint"), med(new, "first_reading")
    b_paint, b_reading = med(old, "first_paint"), med(old, "first_reading")
    torch_s = statistics.median(torch_times)
    split = min(new, key=lambda r: abs(r["first_reading"] - reading))["app"]
    print(f"command: {' '.join(new_cmd)}")
    print(f"window painted (takes strokes): median {paint:.2f} s, slowest {worst(new, 'first_paint'):.2f} s "
          f"over {len(new)} runs; baseline {b_paint:.2f} s (ratio {paint / b_paint:.2f})")
    print(f"first reading: median {reading:.2f} s, slowest {worst(new, 'first_reading'):.2f} s; "
          f"baseline {b_reading:.2f} s (ratio {reading / b_reading:.2f})")
    print(f"python -c 'import torch': {torch_s:.2f} s")
    print(f"targets: paint < 1 s {'met' if paint < 1 else 'NOT met'}; "
          f"first reading < 3 s {'met' if reading < 3 else 'NOT met'}")
    print(json.dumps({
        "first_paint_seconds": round(paint, 3),
        "first_reading_seconds": round(reading, 3),
        "first_paint_slowest": round(worst(new, "first_paint"), 3),
        "first_reading_slowest": round(worst(new, "first_reading"), 3),
        "baseline_first_paint_seconds": round(b_paint, 3),
        "baseline_first_reading_seconds": round(b_reading, 3),
        "ratio_first_paint": round(paint / b_paint, 3),
        "ratio_first_reading": round(reading / b_reading, 3),
        "runs": len(new),
        "app_split_of_median_run": {k: round(v, 3) if isinstance(v, float) else v for k, v in split.items()},
        "import_torch_seconds": round(torch_s, 3),
        "target_first_paint_seconds": 1.0,
        "target_first_reading_seconds": 3.0,
    }))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
