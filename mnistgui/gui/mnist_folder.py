"""The one MNIST folder the app uses: the Train, Fine-tune and Inside tabs all read this setting.

The folder is kept in ``QSettings`` under :data:`SETTINGS_KEY`; unset, it is the app's download
cache. Settings from earlier versions of the app kept it under one key per tab
(:data:`OLD_KEYS`): the first of those that names a folder is taken over once, and they are
removed. The data itself is read through :func:`mnistgui.core.data.shared_mnist`, so however
many tabs use MNIST, one copy is in memory.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QSettings, Signal

from mnistgui import paths

SETTINGS_KEY = "data/mnist_dir"
#: where earlier versions kept the folder: the Train tab's, then the Fine-tune tab's
OLD_KEYS = ("train/data_folder", "finetune/mnist_dir")


def chosen_folder() -> Path | None:
    """The folder the user chose, or None when the app's cache is meant."""
    s = QSettings()
    value = s.value(SETTINGS_KEY)
    if value is None:
        value = next((v for v in (s.value(k) for k in OLD_KEYS) if isinstance(v, str) and v), "")
        s.setValue(SETTINGS_KEY, value)
        for k in OLD_KEYS:
            s.remove(k)
        s.sync()
    return Path(value) if isinstance(value, str) and value else None


def mnist_folder() -> Path:
    """Where MNIST is looked for: the chosen folder, or the app's download cache."""
    return chosen_folder() or paths.mnist_cache_dir()


class _Notifier(QObject):
    #: the folder was set (by any tab): every place that needs MNIST looks again
    changed = Signal()


_notifier: _Notifier | None = None


def notifier() -> _Notifier:
    """The one object whose :attr:`~_Notifier.changed` says the folder was set, wherever."""
    global _notifier
    if _notifier is None:
        _notifier = _Notifier()
    return _notifier


def set_folder(folder: str | Path | None) -> None:
    """Use ``folder`` from now on (None: the app's cache); every tab that needs MNIST hears of it."""
    s = QSettings()
    s.setValue(SETTINGS_KEY, str(folder) if folder else "")
    s.sync()
    notifier().changed.emit()
