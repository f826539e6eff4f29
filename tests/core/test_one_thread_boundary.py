"""Only mnistgui/gui/worker.py creates threads: every other module hands its work to a worker.

The core may use ``threading.Event`` and ``Lock`` (pause, stop, shared state), never start a thread.
"""

import ast
import pathlib

import mnistgui

PACKAGE = pathlib.Path(mnistgui.__file__).parent
WORKER = PACKAGE / "gui" / "worker.py"
#: names that make or pool threads
THREAD_NAMES = {"QThread", "QThreadPool", "QtConcurrent"}
THREAD_MODULES = ("concurrent", "_thread")


def _thread_uses(tree: ast.AST) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and node.id in THREAD_NAMES:
            found.append((node.lineno, node.id))
        elif isinstance(node, ast.Attribute):
            if node.attr in THREAD_NAMES:
                found.append((node.lineno, node.attr))
            elif node.attr == "Thread" and isinstance(node.value, ast.Name) and node.value.id == "threading":
                found.append((node.lineno, "threading.Thread"))
        elif isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names
                      if a.name.split(".")[0] in THREAD_MODULES or a.name.split(".")[-1] in THREAD_NAMES]
        elif isinstance(node, ast.ImportFrom):
            mod = node.module or ""
            if mod.split(".")[0] in THREAD_MODULES:
                found.append((node.lineno, mod))
            found += [(node.lineno, f"{mod}.{a.name}") for a in node.names
                      if a.name in THREAD_NAMES or (mod == "threading" and a.name == "Thread")]
    return found


def test_only_the_worker_module_creates_threads():
    modules = sorted(PACKAGE.rglob("*.py"))
    assert WORKER in modules
    bad = []
    for path in modules:
        if path == WORKER:
            continue
        tree = ast.parse(path.read_text(), filename=str(path))
        bad += [f"{path.relative_to(PACKAGE.parent)}:{line} uses {name}" for line, name in _thread_uses(tree)]
    assert bad == []


def test_the_check_sees_every_way_of_making_a_thread():
    source = (
        "import threading, concurrent.futures\n"
        "from PySide6.QtCore import QThread, QThreadPool\n"
        "from threading import Thread\n"
        "from PySide6 import QtConcurrent\n"
        "def f():\n"
        "    threading.Thread(target=f).start()\n"
        "    QtConcurrent.run(f)\n"
        "    threading.Event(); threading.Lock()\n"
    )
    names = {name for _, name in _thread_uses(ast.parse(source))}
    assert names == {"concurrent.futures", "PySide6.QtCore.QThread", "PySide6.QtCore.QThreadPool",
                     "threading.Thread", "PySide6.QtConcurrent", "QtConcurrent"}
    assert _thread_uses(ast.parse(WORKER.read_text()))  # the worker itself is seen using QThread
