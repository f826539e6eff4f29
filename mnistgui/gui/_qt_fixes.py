"""Work-arounds for defects in the Qt bindings, applied once when :mod:`mnistgui.gui` loads.

PySide6 6.12.0 (6.11.3 is fine) loses references to ``None``, ``True`` and ``False``:
``SignalInstance.emit`` returns ``True`` without a reference to it, and every call of a Python
override of a C++ virtual that returns nothing (``paintEvent``, ``mouseMoveEvent``, pyqtgraph's
``paint``...) drops one reference to ``None``. Python 3.12 made these objects immortal, which hides
the defect; on Python 3.11 their counts fall with every repaint until the interpreter aborts with
"none_dealloc: deallocating None" (or "bool_dealloc") after a minute or two of drawing.

The defect is detected, not assumed: a few probe calls show whether the counts fall. Only then
are the three objects made immortal, as Python 3.12 does, by giving them a reference count no
leak can exhaust. On bindings without the defect, or on Python 3.12 and later, nothing is done.
"""

from __future__ import annotations

import ctypes
import sys

_PROBES = 32
_applied = False


def _probe_losses() -> tuple[int, int]:
    """References to (None, True) lost over ``_PROBES`` calls of an override and an emit."""
    from PySide6.QtCore import QObject, Signal

    class _Probe(QObject):
        probed = Signal()

        def connectNotify(self, signal) -> None:  # noqa: N802 - a C++ virtual returning void
            pass

    probe = _Probe()

    def receiver() -> None:
        pass

    n0 = sys.getrefcount(None)
    for _ in range(_PROBES):
        probe.probed.connect(receiver)  # calls the override
        probe.probed.disconnect(receiver)
    none_lost = n0 - sys.getrefcount(None)
    t0 = sys.getrefcount(True)
    for _ in range(_PROBES):
        probe.probed.emit()
    true_lost = t0 - sys.getrefcount(True)
    return none_lost, true_lost


def bindings_lose_references() -> bool:
    none_lost, true_lost = _probe_losses()
    return none_lost >= _PROBES * 3 // 4 or true_lost >= _PROBES * 3 // 4


def _make_immortal(obj) -> None:
    # CPython keeps an object's reference count in its first field, a Py_ssize_t.
    ctypes.c_ssize_t.from_address(id(obj)).value += 1 << 48


def install() -> bool:
    """Apply the work-around where it is needed; True if it was applied."""
    global _applied
    if _applied:
        return True
    if sys.implementation.name != "cpython" or sys.version_info >= (3, 12):
        return False
    if not bindings_lose_references():
        return False
    for obj in (None, True, False):
        _make_immortal(obj)
    _applied = True
    return True
