"""Starting the app: the QApplication, the main window, the model, and headless screenshots.

``run_app`` is what ``mnistgui`` with no subcommand calls. Only what the first screen needs is
imported before the window is shown: not torch, which loads with the model on a worker thread
after the first paint (:meth:`MainWindow.load_model`), while the canvas already takes strokes.
A screenshot loads the model first, since it shows a reading.

Setting ``MNISTGUI_STARTUP_REPORT=1`` makes the app print two lines and quit: first
``mnistgui-first-paint``, once the window has been painted, then ``mnistgui-first-reading``,
once the model is loaded and what the canvas holds (``--strokes``, say) has been read and the
reading painted (or, on an empty canvas, once the model is loaded). Each is followed by a JSON
object of seconds since the app's modules began loading: ``window_built``, ``first_paint``,
``model_loaded``, ``first_reading`` as far as they have happened, and whether torch had been
imported by the first paint (``torch_at_first_paint``). ``bench/cold_start.py`` uses it.
"""

from __future__ import annotations

import gc
import json
import os
import sys
import time
from pathlib import Path

_T0 = time.perf_counter()

STARTUP_REPORT_ENV = "MNISTGUI_STARTUP_REPORT"
FIRST_PAINT_MARKER = "mnistgui-first-paint"
FIRST_READING_MARKER = "mnistgui-first-reading"


class _StartupError(Exception):
    """A problem with the command line or the model: one line for the user, no traceback."""

    def __init__(self, message: str, status: int = 1) -> None:
        super().__init__(message)
        self.status = status


def parse_size(text: str) -> tuple[int, int]:
    """``"1280x800"`` -> (1280, 800)."""
    from PySide6.QtCore import QCoreApplication

    try:
        w, h = (int(v) for v in text.lower().replace("×", "x").split("x"))
    except ValueError:
        raise _StartupError(QCoreApplication.translate(
            "Startup", "--size expects WIDTHxHEIGHT, e.g. 1280x800; got {0}").format(repr(text)), 2) from None
    if not (320 <= w <= 10000 and 240 <= h <= 10000):
        raise _StartupError(QCoreApplication.translate(
            "Startup", "--size {0}: width and height must be between 320x240 and 10000x10000").format(text), 2)
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


def _debian_package(soname: str) -> str:
    """Debian's package name for a shared library: ``libxcb-cursor.so.0`` -> ``libxcb-cursor0``,
    ``libxkbcommon-x11.so.0`` -> ``libxkbcommon-x11-0``."""
    name, _, version = soname.partition(".so.")
    return name + ("-" if name[-1:].isdigit() else "") + version if version else name


def _missing_libraries(plugin: Path) -> list[str]:
    """The shared libraries ``plugin`` (and what it loads) needs and the system lacks, by ``ldd``."""
    import shutil
    import subprocess

    ldd = shutil.which("ldd")
    if ldd is None or not plugin.is_file():
        return []
    try:
        out = subprocess.run([ldd, str(plugin)], capture_output=True, text=True, timeout=10).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    missing = [line.split("=>")[0].strip() for line in out.splitlines() if "not found" in line]
    return list(dict.fromkeys(missing))


def qt_platform_problem(environ=None, platform: str | None = None, plugin: Path | None = None) -> str | None:
    """Why Qt's X11 (xcb) platform plugin would fail to load here, in one line saying what to
    install, or None. Qt aborts the process when its platform plugin cannot load, with a message
    that does not name the missing system libraries, so this is asked before the QApplication.

    Only on Linux, where X11 is what Qt will use: ``QT_QPA_PLATFORM`` is ``xcb``, or unset with
    ``DISPLAY`` set (and not in a Wayland session, where Qt uses its Wayland plugin)."""
    env = os.environ if environ is None else environ
    if not (platform or sys.platform).startswith("linux"):
        return None
    qpa = env.get("QT_QPA_PLATFORM", "")
    wayland = bool(env.get("WAYLAND_DISPLAY")) and env.get("XDG_SESSION_TYPE") == "wayland"
    if not (qpa.startswith("xcb") or (not qpa and env.get("DISPLAY") and not wayland)):
        return None
    if plugin is None:
        import PySide6

        plugin = Path(PySide6.__file__).parent / "Qt" / "plugins" / "platforms" / "libqxcb.so"
    missing = _missing_libraries(plugin)
    if not missing:
        return None
    packages = " ".join(dict.fromkeys(_debian_package(m) for m in missing))
    return (f"the window cannot open: Qt's X11 support needs system libraries this computer lacks "
            f"({', '.join(missing)}). Install them (Debian or Ubuntu: sudo apt install {packages}) "
            "and start mnistgui again.")


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
    from PySide6.QtGui import QGuiApplication, QIcon
    from PySide6.QtWidgets import QApplication

    from mnistgui import __version__
    from mnistgui.core.resources import icon_path
    from mnistgui.paths import APPLICATION, ORGANIZATION

    # names first: QSettings and QStandardPaths derive their locations from them
    QCoreApplication.setOrganizationName(ORGANIZATION)
    QCoreApplication.setApplicationName(APPLICATION)
    QCoreApplication.setApplicationVersion(__version__)
    app = QApplication.instance()
    if app is None and (problem := qt_platform_problem()):
        return _fatal(problem, 1, False)  # before Qt would abort with a cryptic message
    if app is None:
        # fractional scale factors (125%, 150%) as they are, not rounded: crisp on any screen
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
        app = QApplication([sys.argv[0] if sys.argv else "mnistgui"])
        if _headless():
            _quiet_offscreen_notes()
    from mnistgui.gui import i18n

    i18n.install(app)  # the language chosen (or the system's), before any widget is made
    app.setApplicationDisplayName("mnistgui")
    QGuiApplication.setDesktopFileName("mnistgui")
    app.setWindowIcon(QIcon(str(icon_path())))
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
            raise _StartupError(QCoreApplication.translate("Startup", "{0}: no such stroke file").format(strokes), 2)
        predictor, model_path = _load_model(model) if screenshot else (None, None)
    except _StartupError as exc:
        return _fatal(str(exc), exc.status, interactive)

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

    status = {"code": 0}

    def model_load_failed(message: str) -> None:  # the model asked for at start-up
        status["code"] = _fatal(message, 1, True)
        app.exit(status["code"])

    window.model_load_failed.connect(model_load_failed)
    if os.environ.get(STARTUP_REPORT_ENV):
        report_startup(app, window, {"window_built": t_window - _T0})
    window.load_model(model)  # after the first paint, on a worker thread
    window.show()
    if strokes:
        window.draw_tab.canvas.open_strokes(strokes)  # read as soon as the model is there
    code = app.exec()
    if window.isVisible():
        # closed here, after the event loop: closing the last window inside it would also post a
        # quit that a later event loop of the same application (tests) would receive
        window.close_without_asking()  # which waits for the model's loading thread, if it still runs
    return status["code"] or code


def _load_model(model: str | None):
    from PySide6.QtCore import QCoreApplication

    from mnistgui.core.errors import MnistguiError
    from mnistgui.core.predict import Predictor, shipped_model_path

    path = Path(model) if model else shipped_model_path()
    try:
        return Predictor.load(path), path
    except MnistguiError as exc:
        hint = "" if model else QCoreApplication.translate(
            "Startup", " (the model that ships with mnistgui is missing or damaged; reinstall it)")
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
    """What every window of the app expects: the style, pyqtgraph's options, and garbage
    collection on the GUI thread (see the policy above). (The one torch thread of the GUI
    thread's readings is set by the main window, with its model.)"""
    global _gc_on_gui_thread
    if app.property("mnistgui_prepared"):
        return  # once per application: a new style sheet re-polishes every widget there is
    app.setProperty("mnistgui_prepared", True)
    import pyqtgraph as pg

    from mnistgui.gui.widgets import style

    style.apply(app)
    pg.setConfigOptions(antialias=True, background=None, foreground=style.MUTED)
    if _gc_on_gui_thread is None:
        from pyqtgraph.util.garbage_collector import GarbageCollector

        _gc_on_gui_thread = GarbageCollector(interval=1.0)


def report_startup(app, window, timings: dict) -> None:
    """Print the ``MNISTGUI_STARTUP_REPORT`` lines (see the module's docstring), then quit.

    ``timings``: what happened before the window was shown, in seconds since ``_T0``."""
    from PySide6.QtCore import QEvent, QObject, QTimer

    out = dict(timings)

    def emit(marker: str) -> None:
        shown = {k: round(v, 4) if isinstance(v, float) else v for k, v in out.items()}
        print(f"{marker} {json.dumps(shown)}", flush=True)

    def model_loaded() -> None:
        out["model_loaded"] = time.perf_counter() - _T0

    def reading_painted() -> None:
        panel = window.draw_tab.prediction_panel
        waiting = window.predictor is None or (
            window.draw_tab.prediction is not None and panel.painted_serial < panel.serial)
        if waiting:
            QTimer.singleShot(5, reading_painted)
            return
        out["first_reading"] = time.perf_counter() - _T0
        emit(FIRST_READING_MARKER)
        app.exit(0)  # run_app closes the window

    class _FirstPaint(QObject):
        def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt's name
            if event.type() == QEvent.Type.Paint:
                obj.removeEventFilter(self)
                QTimer.singleShot(0, self.report)  # after this paint has been flushed
            return False

        def report(self) -> None:
            out["first_paint"] = time.perf_counter() - _T0
            out["torch_at_first_paint"] = "torch" in sys.modules
            emit(FIRST_PAINT_MARKER)
            reading_painted()

    window.model_loaded.connect(model_loaded)
    watcher = _FirstPaint(window)
    window.draw_tab.canvas.installEventFilter(watcher)
    window._startup_report = watcher


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
