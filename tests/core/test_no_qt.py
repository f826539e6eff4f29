"""mnistgui.core must never import Qt: it runs headless and under plain pytest."""

import ast
import pathlib
import subprocess
import sys

import mnistgui

PACKAGE = pathlib.Path(mnistgui.__file__).parent
ROOT = PACKAGE.parent
#: what the core may not import, directly or from inside a function
FORBIDDEN = ("PySide6", "shiboken6", "pyqtgraph", "mnistgui.gui", "mnistgui.paths")


def _module_name(path: pathlib.Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imported(tree: ast.AST, module: str, is_package: bool) -> list[tuple[int, str]]:
    """Every module an import anywhere in ``tree`` names (relative ones resolved), with its line;
    ``importlib.import_module("...")`` and ``__import__("...")`` of a constant name count too."""
    package = module if is_package else module.rpartition(".")[0]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join(anchor + ([base] if base else []))
            found += [(node.lineno, base)] + [(node.lineno, f"{base}.{a.name}") for a in node.names]
        elif isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
            f = node.func
            name = f.attr if isinstance(f, ast.Attribute) else getattr(f, "id", "")
            if name in ("import_module", "__import__") and isinstance(node.args[0].value, str):
                found.append((node.lineno, node.args[0].value))
    return found


def _is_forbidden(name: str) -> bool:
    return any(name == f or name.startswith(f + ".") for f in FORBIDDEN)


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


def test_no_core_module_imports_qt_or_the_gui_anywhere_in_it():
    """Imports inside functions too, which importing the modules never runs."""
    modules = sorted(PACKAGE.rglob("*.py"))
    assert any(p.parts[-2] == "core" for p in modules)
    bad = []
    for path in modules:
        tree = ast.parse(path.read_text(), filename=str(path))  # every module parses
        module = _module_name(path)
        if not (module == "mnistgui.core" or module.startswith("mnistgui.core.")):
            continue
        bad += [f"{path.relative_to(ROOT)}:{line} imports {name}"
                for line, name in _imported(tree, module, path.name == "__init__.py") if _is_forbidden(name)]
    assert bad == []


def test_the_check_sees_an_import_inside_a_function():
    tree = ast.parse("def f():\n    from ..gui.widgets import style\n    import pyqtgraph as pg\n")
    names = [n for _, n in _imported(tree, "mnistgui.core.example", False)]
    assert _is_forbidden("mnistgui.gui.widgets") and "mnistgui.gui.widgets" in names and "pyqtgraph" in names


def test_the_import_contract_holds():
    """``lint-imports`` with the contract in pyproject.toml: mnistgui.core may not import PySide6,
    pyqtgraph or mnistgui.gui, however indirectly."""
    exe = pathlib.Path(sys.executable).parent / "lint-imports"
    assert exe.is_file(), f"{exe} is missing: install the test extra (pip install -e '.[test]')"
    out = subprocess.run([str(exe), "--no-cache"], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "1 kept, 0 broken" in out.stdout
