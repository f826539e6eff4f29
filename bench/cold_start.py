"""Cold start: from the command to the first painted window with the model loaded.

Starts the real ``mnistgui`` command N times with ``MNISTGUI_EXIT_AFTER_PAINT=1``, which makes the
app print a marker line right after its window's first paint (the model is loaded before the
window is built) and quit. The wall time from starting the process to reading that line is the
cold start. For scale, the same run times ``python -c "import torch"``: the floor that any
start with a PyTorch model pays.

    python bench/cold_start.py [--runs N] [--model FILE]

The last line is a JSON object: ``seconds`` (the median; the target is under 3 s), ``min``,
``max``, the app's own split of the median run, and the ``import torch`` baseline.
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

MARKER = "mnistgui-first-paint"  # mnistgui.gui.app.FIRST_PAINT_MARKER (not imported: no warm-up)


def command() -> list[str]:
    script = Path(sys.executable).with_name("mnistgui")
    return [str(script)] if script.exists() else [sys.executable, "-m", "mnistgui"]


def one_start(cmd: list[str], env: dict) -> tuple[float, dict]:
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert p.stdout is not None
    for line in p.stdout:
        if line.startswith(MARKER):
            elapsed = time.perf_counter() - t0
            p.wait(timeout=60)
            return elapsed, json.loads(line[len(MARKER):])
    p.wait(timeout=60)
    raise RuntimeError(f"the app exited ({p.returncode}) without painting: {p.stderr.read()[-2000:]}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--model", help="checkpoint to start with (default: the shipped model)")
    a = ap.parse_args(argv)

    home = tempfile.mkdtemp(prefix="mnistgui-cold-")
    try:
        env = dict(os.environ)
        env["MNISTGUI_EXIT_AFTER_PAINT"] = "1"
        if not env.get("DISPLAY") and not env.get("WAYLAND_DISPLAY"):
            env.setdefault("QT_QPA_PLATFORM", "offscreen")
        # a fresh user: no saved window state, nothing in the caches
        env["XDG_CONFIG_HOME"] = os.path.join(home, "config")
        env["XDG_DATA_HOME"] = os.path.join(home, "data")
        env["XDG_CACHE_HOME"] = os.path.join(home, "cache")
        cmd = command() + (["--model", a.model] if a.model else [])

        one_start(cmd, env)  # once to fill the OS file cache: a "cold" start here is a new process
        runs = []
        for i in range(a.runs):
            seconds, split = one_start(cmd, env)
            runs.append((seconds, split))
            print(f"run {i + 1}: {seconds:.2f} s  (in the app: model loaded {split['model_loaded']:.2f} s, "
                  f"window built {split['window_built']:.2f} s, painted {split['first_paint']:.2f} s)")

        torch_times = []
        for _ in range(3):
            t0 = time.perf_counter()
            subprocess.run([sys.executable, "-c", "import torch"], check=True, env=env)
            torch_times.append(time.perf_counter() - t0)
    finally:
        shutil.rmtree(home, ignore_errors=True)

    secs = [s for s, _ in runs]
    median = statistics.median(secs)
    med_split = min(runs, key=lambda r: abs(r[0] - median))[1]
    torch_s = statistics.median(torch_times)
    print(f"command: {' '.join(cmd)}")
    print(f"cold start median {median:.2f} s (min {min(secs):.2f}, max {max(secs):.2f}) over {len(secs)} runs")
    print(f"baseline: python -c 'import torch' {torch_s:.2f} s; the app takes {median / torch_s:.2f}x that")
    print(f"target < 3 s: {'met' if median < 3 else 'NOT met'}")
    print(json.dumps({
        "seconds": round(median, 3), "min": round(min(secs), 3), "max": round(max(secs), 3),
        "runs": len(secs), "split_of_median_run": {k: round(v, 3) for k, v in med_split.items()},
        "import_torch_seconds": round(torch_s, 3), "ratio_to_import_torch": round(median / torch_s, 3),
        "target_seconds": 3,
    }))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
