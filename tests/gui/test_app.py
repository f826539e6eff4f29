"""Starting the app: --screenshot, --tab, --size, the first paint, and bad models and options."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import numpy as np
import pytest
from PIL import Image
from PySide6.QtCore import QTimer

from mnistgui import cli
from mnistgui.gui.app import FIRST_PAINT_MARKER, FIRST_READING_MARKER, STARTUP_REPORT_ENV

STROKES = [{"strokes": [[[0.3, 0.22], [0.7, 0.22], [0.45, 0.8]]], "label": 7}]


def _run(args, env_extra=None, tmp=None):
    env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}  # the app must choose
    env.pop("DISPLAY", None)
    env.pop("WAYLAND_DISPLAY", None)
    env.update(env_extra or {})
    if tmp is not None:  # keep the app's settings and data out of the user's home
        env["XDG_CONFIG_HOME"] = str(tmp / "config")
        env["XDG_DATA_HOME"] = str(tmp / "data")
        env["XDG_CACHE_HOME"] = str(tmp / "cache")
    code = "import sys; from mnistgui.cli import main; raise SystemExit(main(sys.argv[1:]))"
    return subprocess.Popen([sys.executable, "-c", code, *args], env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


@pytest.fixture(scope="module")
def runs(tmp_path_factory, model_path):
    """Two real app starts, run side by side (each is a fresh process and QApplication)."""
    tmp = tmp_path_factory.mktemp("app")
    strokes = tmp / "seven.json"
    strokes.write_text(json.dumps(STROKES))
    procs = {
        "draw": _run(["--model", str(model_path), "--screenshot", str(tmp / "draw.png"),
                      "--strokes", str(strokes), "--size", "1024x700"], tmp=tmp),
        "start": _run(["--model", str(model_path), "--strokes", str(strokes)],
                      {STARTUP_REPORT_ENV: "1", "QT_QPA_PLATFORM": "offscreen"}, tmp=tmp),
    }
    out = {}
    for name, p in procs.items():
        stdout, stderr = p.communicate(timeout=120)
        out[name] = (p.returncode, stdout, stderr)
    return tmp, out


def test_screenshot_renders_the_window_with_the_replayed_strokes_and_reading(runs):
    tmp, out = runs
    rc, stdout, stderr = out["draw"]
    assert rc == 0, stderr
    assert "Traceback" not in stderr
    with Image.open(tmp / "draw.png") as im:
        assert im.size == (1024, 700)
        a = np.asarray(im.convert("RGB")).astype(int)
    # the ink of the replayed 7 is on the left half (the canvas), the accent bar on the right
    left = a[:, : a.shape[1] // 2]
    assert (left.sum(axis=2) < 150).sum() > 500
    right = a[:, a.shape[1] // 2 :]
    accent = (abs(right[..., 0] - 0x2F) < 12) & (abs(right[..., 1] - 0x6F) < 12) & (abs(right[..., 2] - 0xED) < 12)
    assert accent.sum() > 300  # the top bar of the chart, painted


def test_the_window_paints_before_the_model_loads_then_reads_the_strokes(runs):
    _tmp, out = runs
    rc, stdout, stderr = out["start"]
    assert rc == 0, stderr
    lines = stdout.splitlines()
    paint = json.loads(next(ln for ln in lines if ln.startswith(FIRST_PAINT_MARKER))[len(FIRST_PAINT_MARKER):])
    reading = json.loads(next(ln for ln in lines if ln.startswith(FIRST_READING_MARKER))[len(FIRST_READING_MARKER):])
    assert paint["torch_at_first_paint"] is False  # torch loads with the model, after the paint
    assert "model_loaded" not in paint
    assert 0 < reading["window_built"] <= reading["first_paint"] <= reading["model_loaded"] <= reading["first_reading"]


def _bad_model(tmp_path):
    bad = tmp_path / "bad.pt"
    bad.write_bytes(b"this is not a checkpoint")
    return bad


def test_a_bad_model_file_is_one_clear_message_and_a_failure_status(tmp_path, capsys, qapp):
    rc = cli.main(["--model", str(_bad_model(tmp_path))])
    err = capsys.readouterr().err
    assert rc == 1
    assert err.startswith("mnistgui: error: ") and "bad.pt" in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_a_failed_start_leaves_the_application_s_event_loop_usable(tmp_path, capsys, qtbot):
    """The window closes after the event loop has returned: closing the last window inside it
    would also post a quit, which would end every later event loop of the same application."""
    assert cli.main(["--model", str(_bad_model(tmp_path))]) == 1
    qtbot.wait(50)  # whatever the failed start left queued is handled here
    fired = []
    timer = QTimer()
    timer.setSingleShot(True)
    timer.timeout.connect(lambda: fired.append(True))
    timer.start(0)
    qtbot.waitUntil(lambda: fired == [True], timeout=5000)


def test_a_missing_model_file(tmp_path, capsys, qapp):
    assert cli.main(["--model", str(tmp_path / "nope.pt"), "--screenshot", str(tmp_path / "x.png")]) == 1
    assert "no such file" in capsys.readouterr().err
    assert not (tmp_path / "x.png").exists()


@pytest.mark.parametrize("args,words", [
    (["--size", "big"], "--size expects"),
    (["--size", "10x10"], "between"),
    (["--tab", "nowhere"], "unknown tab"),
])
def test_bad_options_are_refused(tmp_path, capsys, qapp, model_path, args, words):
    rc = cli.main(["--model", str(model_path), "--screenshot", str(tmp_path / "x.png"), *args])
    assert rc == 2
    assert words in capsys.readouterr().err


def test_a_bad_stroke_file_for_the_screenshot(tmp_path, capsys, qapp, model_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{")
    rc = cli.main(["--model", str(model_path), "--screenshot", str(tmp_path / "x.png"), "--strokes", str(bad)])
    assert rc == 1
    assert "bad.json" in capsys.readouterr().err
    assert not (tmp_path / "x.png").exists()
