"""Where the app keeps its files, from Qt's standard locations (shared by the CLI and the GUI).

The core never guesses a folder: these paths are worked out here and passed to it.
"""

from __future__ import annotations

from pathlib import Path

ORGANIZATION = "mnistgui"
APPLICATION = "mnistgui"


def _location(kind: str) -> Path:
    from PySide6.QtCore import QCoreApplication, QStandardPaths

    if not QCoreApplication.organizationName():
        QCoreApplication.setOrganizationName(ORGANIZATION)
    if not QCoreApplication.applicationName():
        QCoreApplication.setApplicationName(APPLICATION)
    loc = getattr(QStandardPaths.StandardLocation, kind)
    return Path(QStandardPaths.writableLocation(loc))


def data_dir() -> Path:
    """Models, runs and samples."""
    return _location("AppDataLocation")


def cache_dir() -> Path:
    """Downloads."""
    return _location("CacheLocation")


def mnist_cache_dir() -> Path:
    return cache_dir() / "mnist"


def runs_dir() -> Path:
    return data_dir() / "runs"
