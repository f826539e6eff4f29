"""Starting the app: the QApplication, the model, the main window, and headless screenshots.

``run_app`` is what ``mnistgui`` with no subcommand calls. Only what the first screen needs is
imported before the window is shown.

Setting ``MNISTGUI_EXIT_AFTER_PAINT=1`` makes the app print one line, ``mnistgui-first-paint``
followed by a JSON object of timings, as soon as the window has been painted with the model
loaded, and quit (``bench/cold_start.py`` uses it).
"""

from __future__ import annotations

import gc
import json
import os
import sys
import time
from pathlib import Path

_T0 = time.perf_counter()

FIRST_PAINT_ENV = "MNISTGUI_EXIT_AFTER_PAINT"
FIRST_PAINT_MARKER = "mnistgui-first-paint"


class _StartupError(Exception):
    """A problem with the command line or the model: one line for the user, no traceback."""

    def __init__(self, message: str, status: int = 1) -> None:
        super().__init__(message)
        self.status = status


def parse_size(text: str) -> tuple[int, int]:
    """``"1280x800"`` -> (1280, 800)."""
    try:
        w, h = (int(v) for v in text.lower().replace("×", "x").split("x"))
    except ValueError:
        raise _StartupError(f"--size expects WIDTHxHEIGHT, e.g. 1280x800; got {text!r}", 2) from None
    if not (320 <= w <= 10000 and 240 <= h <= 10000):
        raise _StartupError(f"--size {text}: width and height must be between 320x240 and 10000x10000", 2)
    return w, h


def _headless() -> bool:
    from PySide6.QtGui import QGuiApplication

    return QGuiApplication.platformName() in ("offscreen", "minimal")


def _quiet_offscreen_notes() -> None:
    """Offscreen, Qt notes that it cannot do what only a screen can; those notes are noise."""
    from PySide6.QtCore import qInstallMessageHandler

    def handler(_mode, _context, message: str) -> None:
        if "does not support propagateSizeHints" in message:
            return
        print(message, file=sys.stderr)

    qInstallMessageHandler(handler)


def _fatal(message: str, status: int, show_dialog: bool) -> int:
    print(f"mnistgui: error: {message}", file=sys.stderr, flush=True)
    if show_dialog and not _headless():
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.critical(None, "mnistgui", message)
    return status


def run_app(args) -> int:
    """Open the main window (or render it to a PNG with ``--screenshot``); the exit status."""
    screenshot = getattr(args, "screenshot", None)
    strokes = getattr(args, "strokes", None)
    tab = getattr(args, "tab", None)
    size = getattr(args, "size", None)
    model = getattr(args, "model", None)

    if screenshot and not os.environ.get("QT_QPA_PLATFORM"):
        # render the real window without showing it on any screen
        os.environ["QT_QPA_PLATFORM"] = "offscreen"

    from PySide6.QtCore import QCoreApplication, Qt
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QApplication

    from mnistgui import __version__
    from mnistgui.paths import APPLICATION, ORGANIZATION

    # names first: QSettings and QStandardPaths derive their locations from them
    QCoreApplication.setOrganizationName(ORGANIZATION)
    QCoreApplication.setApplicationName(APPLICATION)
    QCoreApplication.setApplicationVersion(__version__)
    app = QApplication.instance()
    if app is None:
        # fractional scale factors (125%, 150%) as they are, not rounded: crisp on any screen
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
        app = QApplication([sys.argv[0] if sys.argv else "mnistgui"])
        if _headless():
            _quiet_offscreen_notes()
    app.setApplicationDisplayName("mnistgui")
    QGuiApplication.setDesktopFileName("mnistgui")
    interactive = not screenshot

    try:
        from mnistgui.gui.main_window import tab_index

        geometry = parse_size(size) if size else None
        if tab:
            try:
                tab_index(tab)
            except ValueError as exc:
                raise _StartupError(str(exc), 2) from None
        if strokes and not screenshot and not Path(strokes).is_file():
            raise _StartupError(f"{strokes}: no such stroke file", 2)
        predictor, model_path = _load_model(model)
    except _StartupError as exc:
        return _fatal(str(exc), exc.status, interactive)
    t_model = time.perf_counter()

    prepare(app)
    from mnistgui.gui.main_window import MainWindow

    window = MainWindow(predictor, model_path=model_path, restore_state=interactive,
                        persist_state=interactive, build_pages_later=interactive)
    window.pages_built.connect(freeze_start_up_objects)
    if geometry:
        window.resize(*geometry)
    if tab:
        window.select_tab(tab)
    t_window = time.perf_counter()

    if screenshot:
        return _screenshot(app, window, Path(screenshot), strokes)

    if os.environ.get(FIRST_PAINT_ENV):
        _exit_after_first_paint(app, window, {"model_loaded": t_model - _T0, "window_built": t_window - _T0})
    window.show()
    if strokes:
        window.draw_tab.canvas.open_strokes(strokes)
    _warm_up_later(window)
    return app.exec()


def _load_model(model: str | None):
    from mnistgui.core.errors import MnistguiError
    from mnistgui.core.predict import Predictor, shipped_model_path

    path = Path(model) if model else shipped_model_path()
    try:
        return Predictor.load(path), path
    except MnistguiError as exc:
        hint = "" if model else " (the model that ships with mnistgui is missing or damaged; reinstall it)"
        raise _StartupError(f"{exc}{hint}", 1) from None


# Garbage collection: the app's one policy, all of it here.
#
# Python's cyclic collector runs in whichever thread happens to allocate. Run in a worker thread
# (training allocates a great deal there), it can destroy Qt objects in that thread and crash Qt.
# So automatic collection is off, and collections run on the GUI thread from a timer instead
# (pyqtgraph's GarbageCollector, started by prepare()), in generations as the automatic one would.
#
# A full collection walks every object the collector tracks: with torch, Qt and pyqtgraph loaded,
# hundreds of thousands, for 0.3-0.6 s holding the GIL, while the window cannot paint. Almost all
# of them are made at start-up and live as long as the app. Once start-up is over (every tab's page
# built), freeze_start_up_objects() moves them out of the collector's walks, once. Nothing else
# freezes: what is made later (runs, plots, models) is collected as usual.
_gc_on_gui_thread = None


def freeze_start_up_objects() -> None:
    """Leave what exists now out of every later collection (see the policy above)."""
    gc.collect()
    gc.freeze()


def prepare(app) -> None:
    """What every window of the app expects: the style, pyqtgraph's options, one torch thread,
    and garbage collection on the GUI thread (see the policy above).

    Live readings run on the GUI thread and are tiny (one 28x28 image): a single intra-op thread
    is as fast as several on an idle machine and far steadier on a busy one, where torch's
    thread pool would otherwise wait on cores that training or other programs hold.
    """
    global _gc_on_gui_thread
    if app.property("mnistgui_prepared"):
        return  # once per application: a new style sheet re-polishes every widget there is
    app.setProperty("mnistgui_prepared", True)
    import pyqtgraph as pg
    import torch

    from mnistgui.gui.widgets import style

    style.apply(app)
    pg.setConfigOptions(antialias=True, background=None, foreground=style.MUTED)
    torch.set_num_threads(1)
    if _gc_on_gui_thread is None:
        from pyqtgraph.util.garbage_collector import GarbageCollector

        _gc_on_gui_thread = GarbageCollector(interval=1.0)


def _warm_up_later(window) -> None:
    """Run the model once after the first paint, so the first stroke is read without a hitch."""
    from PySide6.QtCore import QTimer

    def warm() -> None:
        try:
            window.predictor.predict_canvas([[(0.5, 0.3), (0.5, 0.7)]])
        except Exception:  # noqa: BLE001 - a warm-up must never take the app down
            pass

    QTimer.singleShot(50, warm)


def _exit_after_first_paint(app, window, timings: dict) -> None:
    from PySide6.QtCore import QEvent, QObject, QTimer

    class _FirstPaint(QObject):
        def __init__(self) -> None:
            super().__init__(window)
            self.seen = False

        def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt's name
            if event.type() == QEvent.Type.Paint and not self.seen:
                self.seen = True
                QTimer.singleShot(0, self.report)  # after this paint has been flushed
            return False

        def report(self) -> None:
            out = {**timings, "first_paint": time.perf_counter() - _T0}
            print(f"{FIRST_PAINT_MARKER} {json.dumps(out)}", flush=True)
            app.exit(0)

    watcher = _FirstPaint()
    window.draw_tab.canvas.installEventFilter(watcher)
    window._first_paint_watcher = watcher


def _screenshot(app, window, path: Path, strokes: str | None) -> int:
    from PySide6.QtCore import QBuffer, QIODevice, QTimer

    from mnistgui.core.errors import MnistguiError
    from mnistgui.core.io import atomic_write_bytes
    from mnistgui.core.preprocess import load_strokes

    window.show()
    if strokes:
        try:
            samples = load_strokes(strokes)
        except MnistguiError as exc:
            window.close()
            return _fatal(str(exc), 1, False)
        if samples:
            window.draw_tab.canvas.replay(samples[0])
    window.draw_tab.predict_now()
    if window.is_page_built("inside"):  # built when shown (--tab inside) or after the first paint
        window.inside_tab.refresh_now()  # it coalesces refreshes to frames: bring it up to date before the grab
    result = {"status": 1}
    deadline = time.monotonic() + 20.0

    def shoot() -> None:
        panel = window.draw_tab.prediction_panel
        painted = panel.painted_serial >= panel.serial or window.current_tab_name() != "draw"
        if not painted and time.monotonic() < deadline:
            QTimer.singleShot(10, shoot)  # the reading has not been painted yet: look again soon
            return
        pixmap = window.grab()
        buf = QBuffer()
        buf.open(QIODevice.OpenModeFlag.WriteOnly)
        if not pixmap.save(buf, "PNG"):
            print(f"mnistgui: error: {path}: could not encode the screenshot", file=sys.stderr)
        else:
            try:
                atomic_write_bytes(path, bytes(buf.data()))
                result["status"] = 0
            except OSError as exc:
                print(f"mnistgui: error: {path}: {exc.strerror or exc}", file=sys.stderr)
        window.close()
        app.exit(result["status"])

    QTimer.singleShot(0, shoot)
    app.exec()
    return result["status"]
