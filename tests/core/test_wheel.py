"""The wheel, installed away from the checkout, is the whole app: code, model and icon.

The wheel is built from a copy of the project (so the checkout gets no build/ folder), then
installed with pip into a fresh virtual environment under the test's temporary folder. The
environment's own site-packages comes first; a ``.pth`` line appends this environment's
site-packages after it, for the dependencies only (torch is gigabytes: reinstalling it is not
what is tested). A ``.pth`` line adds a folder, not the ``.pth`` files in it, so the editable
install of the checkout stays invisible there: mnistgui comes from the wheel or not at all.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import struct
import subprocess
import sys
import sysconfig
import tomllib
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
STROKES = [
    [[[0.5, 0.15], [0.5, 0.85]]],  # a 1
    [[[0.3, 0.22], [0.7, 0.22], [0.45, 0.8]]],  # a 7
]


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _run(cmd, cwd, env, timeout=120):
    r = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert r.returncode == 0, f"{cmd[:3]}... exited {r.returncode}\n{r.stdout}\n{r.stderr}"
    return r


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    src = tmp_path_factory.mktemp("src")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, src / name)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")
    for name in ("mnistgui", "resources"):
        shutil.copytree(ROOT / name, src / name, ignore=ignore)
    out = tmp_path_factory.mktemp("wheel")
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
          "-q", "-w", str(out), str(src)], cwd=out, env=os.environ.copy())
    [whl] = out.glob("mnistgui-*.whl")
    return whl


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> dict:
    where = tmp_path_factory.mktemp("installed")
    venv = where / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", str(venv)], cwd=where, env=os.environ.copy())
    py = venv / "bin" / "python"
    site = Path(_run([str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                     cwd=where, env=os.environ.copy()).stdout.strip())
    (site / "_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    _run([sys.executable, "-m", "pip", "--python", str(py), "install", "--no-deps", "--no-index", "-q",
          str(wheel)], cwd=where, env=os.environ.copy())
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    env.update(QT_QPA_PLATFORM="offscreen", HOME=str(where / "home"), XDG_CONFIG_HOME=str(where / "config"),
               XDG_DATA_HOME=str(where / "data"), XDG_CACHE_HOME=str(where / "cache"))
    return {"where": where, "venv": venv, "python": py, "exe": venv / "bin" / "mnistgui", "env": env}


def test_the_listed_packages_are_the_project_s_folders():
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    folders = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "mnistgui").rglob("__init__.py")}
    assert listed == folders | {"mnistgui.resources"}


def test_the_wheel_holds_every_module_and_the_shipped_files_unchanged(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    modules = {p.relative_to(ROOT).as_posix() for p in (ROOT / "mnistgui").rglob("*.py")}
    assert modules <= names, sorted(modules - names)
    with zipfile.ZipFile(wheel) as z:
        for rel in ("models/default.pt", "models/number_scorer.json", "icons/mnistgui.svg"):
            assert _sha256(z.read(f"mnistgui/resources/{rel}")) == _sha256((ROOT / "resources" / rel).read_bytes())


def test_installed_wheel_finds_its_code_and_resources_in_its_own_environment(installed):
    code = ("import json, mnistgui, mnistgui.core.resources as r; print(json.dumps([mnistgui.__file__, "
            "str(r.shipped_model_path()), str(r.icon_path())]))")
    r = _run([str(installed["python"]), "-c", code], cwd=installed["where"], env=installed["env"])
    files = [Path(p) for p in json.loads(r.stdout)]
    assert all(p.is_file() and installed["venv"] in p.parents for p in files), files
    # what the wheel asks for is what the environment it runs in has
    code = ("import json; from importlib.metadata import requires, version; from packaging.requirements import "
            "Requirement; rs = [Requirement(x) for x in requires('mnistgui')]; print(json.dumps([[str(q), "
            "version(q.name)] for q in rs if q.marker is None]))")
    r = _run([str(installed["python"]), "-c", code], cwd=installed["where"], env=installed["env"])
    from packaging.requirements import Requirement

    pairs = json.loads(r.stdout)
    assert {Requirement(q).name for q, _ in pairs} >= {"torch", "PySide6-Essentials", "pyqtgraph"}
    assert all(Requirement(q).specifier.contains(v, prereleases=True) for q, v in pairs), pairs


def test_installed_cli_reads_a_stroke_file(installed):
    f = installed["where"] / "digits.json"
    f.write_text(json.dumps(STROKES))
    r = _run([str(installed["exe"]), "predict", "--strokes", str(f), "--json"], cwd=installed["where"],
             env=installed["env"])
    rows = [json.loads(line) for line in r.stdout.splitlines()]
    assert [row["digit"] for row in rows] == [1, 7]
    assert all(abs(sum(row["probabilities"]) - 1) < 1e-4 for row in rows)


def test_installed_app_renders_its_window(installed):
    f = installed["where"] / "seven.json"
    f.write_text(json.dumps(STROKES[1:]))
    png = installed["where"] / "window.png"
    _run([str(installed["exe"]), "--screenshot", str(png), "--strokes", str(f), "--size", "1000x700"],
         cwd=installed["where"], env=installed["env"])
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", data[16:24]) == (1000, 700)
    from PIL import Image

    colours = Image.open(png).convert("RGB").getcolors(maxcolors=1 << 20)
    assert colours is not None and len(colours) > 50  # a painted window, not a blank picture
