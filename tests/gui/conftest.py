"""GUI tests: offscreen Qt, test-mode standard paths, settings under each test's tmp_path."""

from __future__ import annotations

import atexit
import json
import os
import shutil
import tempfile

# Offscreen, before any QGuiApplication exists, on a desktop-sized screen (the offscreen default
# is 800x600, smaller than the window, and restoreGeometry keeps windows on screen).
_qpa_dir = tempfile.mkdtemp(prefix="mnistgui-qpa-")
atexit.register(shutil.rmtree, _qpa_dir, True)
with open(os.path.join(_qpa_dir, "offscreen.json"), "w", encoding="utf-8") as _f:
    json.dump({"screens": [{"name": "test", "x": 0, "y": 0, "width": 1920, "height": 1200,
                            "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}, _f)
os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={os.path.join(_qpa_dir, 'offscreen.json')}"

import pytest  # noqa: E402
from PySide6.QtCore import QCoreApplication, QSettings, QStandardPaths  # noqa: E402

from mnistgui.paths import APPLICATION, ORGANIZATION  # noqa: E402

QCoreApplication.setOrganizationName(ORGANIZATION)
QCoreApplication.setApplicationName(APPLICATION)
QStandardPaths.setTestModeEnabled(True)


@pytest.fixture(scope="session", autouse=True)
def _app_prepared(qapp):
    """The app's style and options, and garbage collection on the GUI thread only (a collection
    run by a worker thread could destroy widgets there), for every GUI test; the interface in
    English, whatever the machine's locale (its plural forms come from a translation too)."""
    from mnistgui.gui import i18n
    from mnistgui.gui.app import prepare

    i18n.install(qapp, "en")
    prepare(qapp)


@pytest.fixture(autouse=True)
def _settings_in_tmp(tmp_path):
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "settings"))
    yield


@pytest.fixture
def settings(qtbot):
    """The Train tab's settings panel on its own."""
    from mnistgui.gui.train.settings import TrainingSettings

    s = TrainingSettings()
    qtbot.addWidget(s)
    return s


@pytest.fixture(scope="session")
def model_path():
    from mnistgui.core.predict import shipped_model_path

    p = shipped_model_path()
    if not p.exists():
        pytest.fail(f"the shipped model {p} is missing: train it first (see README)")
    return p


@pytest.fixture(scope="session")
def predictor(model_path):
    from mnistgui.core.predict import Predictor

    return Predictor.load(model_path)


@pytest.fixture
def window(qtbot, predictor, model_path):
    from mnistgui.gui.main_window import MainWindow

    w = MainWindow(predictor, model_path=model_path, restore_state=False, persist_state=False,
                   build_pages_later=False)  # pages are built when a test asks for one
    qtbot.addWidget(w)
    w.resize(1100, 760)
    w.show()
    qtbot.waitExposed(w)
    return w


@pytest.fixture
def draw_tab(window):
    return window.draw_tab


@pytest.fixture
def canvas(draw_tab):
    return draw_tab.canvas
