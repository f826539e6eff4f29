"""Core tests never touch the user's folders: for the whole session the app's standard
locations point into a temporary folder (the command line finds its run store and caches there)."""

from __future__ import annotations

import pytest

from mnistgui import paths


@pytest.fixture(scope="session", autouse=True)
def app_folders_in_tmp(tmp_path_factory):
    root = tmp_path_factory.mktemp("app-folders")
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(paths, "_location", lambda kind: root / kind)
        yield root
