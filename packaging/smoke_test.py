"""Smoke test of a built bundle: its executable reads digits and renders its window.

    python packaging/smoke_test.py packaging/dist/mnistgui/mnistgui

Runs ``predict --strokes`` on a drawn 1 and 7 and checks the JSON readings, then
``--screenshot`` offscreen and checks the picture (size, and that something was painted); also
checks that no CUDA library was bundled beside a CPU torch. Prints one line per check and exits
non-zero at the first failure.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

STROKES = [
    [[[0.5, 0.15], [0.5, 0.85]]],  # a 1
    [[[0.3, 0.22], [0.7, 0.22], [0.45, 0.8]]],  # a 7
]
CUDA_LIBS = ("libcudart", "libcublas", "libcudnn", "libnccl", "libcufft", "libcusparse", "libnvrtc", "libtorch_cuda")


def fail(message: str) -> None:
    print(f"FAIL {message}", flush=True)
    raise SystemExit(1)


def run(cmd: list[str], env: dict) -> subprocess.CompletedProcess:
    t = time.perf_counter()
    r = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)
    if r.returncode != 0:
        fail(f"{' '.join(cmd[1:3])} exited {r.returncode}: {r.stderr.strip()[-800:]}")
    print(f"ok   {' '.join(Path(c).name if i == 0 else c for i, c in enumerate(cmd[:3]))} "
          f"({time.perf_counter() - t:.1f} s)", flush=True)
    return r


def picture(path: Path) -> tuple[int, int, int]:
    """Width, height and number of distinct colours of a PNG (Pillow: a dependency of the app)."""
    from PIL import Image

    with Image.open(path) as im:
        if im.format != "PNG":
            fail(f"{path.name} is not a PNG")
        colours = im.convert("RGB").getcolors(maxcolors=1 << 20)
        return im.width, im.height, len(colours or ())


def main() -> None:
    exe = Path(sys.argv[1]).resolve()
    if not exe.is_file():
        fail(f"{exe}: no such executable")
    bundle = exe.parent
    cuda = sorted(p.name for p in bundle.rglob("*.so*") if p.name.startswith(CUDA_LIBS))
    torch_libs = sorted(p.name for p in bundle.rglob("libtorch*.so*"))
    if cuda:
        print(f"note CUDA libraries in the bundle: {', '.join(cuda[:6])}{' ...' if len(cuda) > 6 else ''}")
    else:
        print(f"ok   no CUDA libraries (torch: {', '.join(torch_libs)})")
    with tempfile.TemporaryDirectory() as tmp:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
        env.update(QT_QPA_PLATFORM="offscreen", HOME=tmp, XDG_CONFIG_HOME=f"{tmp}/config",
                   XDG_DATA_HOME=f"{tmp}/data", XDG_CACHE_HOME=f"{tmp}/cache")
        digits = Path(tmp) / "digits.json"
        digits.write_text(json.dumps(STROKES))
        out = run([str(exe), "predict", "--strokes", str(digits), "--json"], env).stdout
        rows = [json.loads(line) for line in out.splitlines() if line.strip()]
        if [r["digit"] for r in rows] != [1, 7] or any(abs(sum(r["probabilities"]) - 1) > 1e-4 for r in rows):
            fail(f"predict read {[r.get('digit') for r in rows]}, expected [1, 7]")
        print(f"ok   predict read 1 and 7 ({rows[0]['probabilities'][1]:.3f}, {rows[1]['probabilities'][7]:.3f})")
        seven = Path(tmp) / "seven.json"
        seven.write_text(json.dumps(STROKES[1:]))
        shot = Path(tmp) / "window.png"
        run([str(exe), "--screenshot", str(shot), "--strokes", str(seven), "--size", "1000x700"], env)
        w, h, colours = picture(shot)
        if (w, h) != (1000, 700) or colours < 50:
            fail(f"the screenshot is {w}x{h} with {colours} colours: not the painted window")
        keep = os.environ.get("MNISTGUI_SMOKE_SCREENSHOT")
        if keep:
            Path(keep).write_bytes(shot.read_bytes())
        print(f"ok   screenshot {w}x{h}, {colours} colours")
        run([str(exe), "--version"], env)
    print("smoke test passed")


if __name__ == "__main__":
    main()
