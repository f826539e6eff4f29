"""Where the files that ship with mnistgui are: one function, whatever the install.

The model, the icon and the translations are package data of ``mnistgui.resources`` (the
repository's ``resources/`` folder, mapped into the package by pyproject.toml), found through
:mod:`importlib.resources`, so an editable install, a wheel, ``pipx`` and a PyInstaller bundle all
find them the same way.
"""

from __future__ import annotations

import atexit
import contextlib
from importlib import resources
from pathlib import Path

PACKAGE = "mnistgui.resources"

_extracted = contextlib.ExitStack()  # files a zip import had to put on disk, removed at exit
atexit.register(_extracted.close)


def resource_path(*parts: str) -> Path:
    """The file ``resources/<parts...>`` on disk (torch and Qt need a real path).

    Installed as files (the usual case) this is the file itself; imported from a zip, the file
    is copied out once and removed when the interpreter exits. The path may not exist: callers
    report a missing file in their own terms."""
    ref = resources.files(PACKAGE).joinpath(*parts)
    if isinstance(ref, Path):
        return ref
    if not ref.is_file():
        return Path(str(ref))  # a missing file in a zip: a path that does not exist
    return _extracted.enter_context(resources.as_file(ref))


def shipped_model_path() -> Path:
    """The model that ships with mnistgui."""
    return resource_path("models", "default.pt")


def scorer_path() -> Path:
    """The learnt scorer of the candidate digits of images of numbers (see mnistgui.core.scorer)."""
    return resource_path("models", "number_scorer.json")


def icon_path() -> Path:
    """The app's icon (scalable)."""
    return resource_path("icons", "mnistgui.svg")


def translations_dir() -> Path:
    """The folder of the compiled translations (``.qm``)."""
    return resource_path("translations")
