"""mnistgui.core must never import Qt: it runs headless and under plain pytest."""

import subprocess
import sys


def test_core_imports_no_qt_and_no_gui():
    code = (
        "import sys, importlib, pkgutil, mnistgui.core as c\n"
        "for m in pkgutil.iter_modules(c.__path__):\n"
        "    importlib.import_module('mnistgui.core.' + m.name)\n"
        "bad = sorted(k for k in sys.modules if k.split('.')[0] in ('PySide6', 'shiboken6', 'pyqtgraph')"
        " or k.startswith('mnistgui.gui'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_core_sources_do_not_mention_qt_imports():
    import pathlib

    import mnistgui.core as c

    for path in pathlib.Path(c.__path__[0]).glob("*.py"):
        text = path.read_text()
        for bad in ("import PySide6", "from PySide6", "import pyqtgraph", "from mnistgui.gui", "from mnistgui.paths"):
            assert bad not in text, f"{path.name} has {bad!r}"
