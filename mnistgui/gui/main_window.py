"""The main window: tabs, menus, the status bar, and window state kept between runs.

The window can open before there is a model (:meth:`MainWindow.load_model`): torch and the
checkpoint then load on a worker thread after the first paint, while the Draw tab already takes
strokes; they are read as soon as the model is there, and the other tabs are built then.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP, QByteArray, QCoreApplication, QEvent, QObject, QSettings, Qt, QTimer, Signal, Slot,
)
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QMainWindow,
    QMessageBox,
    QScrollArea,
    QTabWidget,
    QWidget,
)

from mnistgui.core.errors import MnistguiError
from mnistgui.gui import i18n
from mnistgui.gui.widgets.dialogs import open_message
from mnistgui.gui.widgets.page_holder import PageHolder
from mnistgui.gui.widgets.status_bar import ElidingStatusBar
from mnistgui.gui.draw.tab import DrawTab
from mnistgui.gui.menus import MainMenus

if TYPE_CHECKING:  # the predictor's module loads torch, which the window opens without
    from mnistgui.core.checkpoint import Checkpoint
    from mnistgui.core.predict import Predictor

#: Tab names as the command line (``--tab``) and the settings know them, with their titles.
#: (The titles are English: :func:`tab_title` gives them in the interface's language.)
TABS = (("draw", QT_TRANSLATE_NOOP("MainWindow", "Draw")), ("train", QT_TRANSLATE_NOOP("MainWindow", "Train")),
        ("finetune", QT_TRANSLATE_NOOP("MainWindow", "Fine-tune")), ("inside", QT_TRANSLATE_NOOP("MainWindow", "Inside")))
TAB_ALIASES = {"fine-tune": "finetune", "training": "train"}

DEFAULT_SIZE = (1280, 800)
#: the smallest the window goes: an 800x600 screen, less a panel or a title bar
MINIMUM_SIZE = (640, 480)
#: after the model arrives, the other pages wait this long: the first reading is painted first
_PAGES_AFTER_MODEL_MS = 50


def tab_title(title: str) -> str:
    """A tab's title (of :data:`TABS`) as the interface says it."""
    return QCoreApplication.translate("MainWindow", title)


def tab_index(name: str) -> int:
    key = TAB_ALIASES.get(name.strip().lower(), name.strip().lower())
    for i, (n, _title) in enumerate(TABS):
        if n == key:
            return i
    raise ValueError(f"unknown tab {name!r}; choose one of {', '.join(n for n, _ in TABS)}")


class _TabHost(QScrollArea):
    """Holds a tab's place until its page is built (see :meth:`MainWindow._page`).

    Every tab's page, the Draw tab's too, sits in one: a page that needs more room than the
    window has scrolls, rather than making the window grow, so the window fits any screen
    (1024x640 without scrolling, 800x600 with).
    """

    def __init__(self, name: str, page: QWidget | None = None) -> None:
        super().__init__()
        self.name = name
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        if page is None:
            page = QLabel(self.tr("Loading the model…"))  # replaced by the page (built with the model)
            page.setObjectName("Muted")
            page.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setWidget(page)

    def setWidget(self, page: QWidget) -> None:  # noqa: N802 - Qt's name
        old = super().widget()
        if isinstance(old, PageHolder):
            old.page.removeEventFilter(old)
        self._holder = PageHolder(page)  # kept: its Python side must live as long as it does
        super().setWidget(self._holder)

    def widget(self) -> QWidget:
        """The page (not the holder around it)."""
        holder = super().widget()
        return holder.page if isinstance(holder, PageHolder) else holder


class _FirstPaintWatcher(QObject):
    """Calls ``callback`` once, in the event loop pass after ``widget`` first paints."""

    def __init__(self, widget: QWidget, callback) -> None:
        super().__init__(widget)
        self._callback = callback
        widget.installEventFilter(self)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Paint:
            obj.removeEventFilter(self)
            QTimer.singleShot(0, self._callback)
        return False


def _load_checkpoint(path: str | None, *, progress, cancelled):
    """On a worker thread: torch, then the checkpoint (None: the shipped model). The checkpoint
    (plain data and a CPU state dict) and the path it came from are what the GUI thread gets."""
    from mnistgui.core.checkpoint import load_checkpoint
    from mnistgui.core.predict import shipped_model_path

    p = Path(path) if path else shipped_model_path()
    try:
        ckpt = load_checkpoint(p)
    except MnistguiError as exc:
        if path:
            raise
        raise MnistguiError(str(exc) + QCoreApplication.translate(
            "Startup", " (the model that ships with mnistgui is missing or damaged; reinstall it)")) from None
    return ckpt, str(p)


def _one_torch_thread() -> None:
    """Readings on the GUI thread use one torch thread (a per-thread setting, so it is made there).

    Live readings are tiny (one 28x28 image): a single intra-op thread is as fast as several on an
    idle machine and far steadier on a busy one, where torch's thread pool would otherwise wait on
    cores that training or other programs hold.
    """
    import torch

    torch.set_num_threads(1)


def _predictor_from(ckpt: Checkpoint, path: str) -> Predictor:
    from mnistgui.core.predict import Predictor

    return Predictor.from_checkpoint(ckpt, ckpt.name or Path(path).stem)


def describe_device(predictor: Predictor) -> str:
    try:
        dev = next(predictor.model.parameters()).device
    except StopIteration:
        return "CPU"
    return "CPU" if dev.type == "cpu" else dev.type.upper()


class MainWindow(QMainWindow):
    """Draw, Train, Fine-tune and Inside tabs over one active model."""

    #: every tab's page has been built (once, whichever way they were)
    pages_built = Signal()
    #: the model asked for with :meth:`load_model` is loaded and reading
    model_loaded = Signal()
    #: the model asked for with :meth:`load_model` could not be loaded: the message
    model_load_failed = Signal(str)

    def __init__(self, predictor: Predictor | None, *, model_path: str | os.PathLike | None = None,
                 restore_state: bool = True, persist_state: bool = True,
                 build_pages_later: bool = True, parent: QWidget | None = None) -> None:
        """``predictor``: None to open before there is a model (then :meth:`load_model`).
        ``build_pages_later``: build the Train, Fine-tune and Inside pages in idle time after
        the first paint, once there is a model; if False, each is built only when it is shown or
        asked for (tests)."""
        super().__init__(parent)
        self.setWindowTitle("mnistgui")
        self.predictor = predictor
        self.model_path = Path(model_path) if model_path else None
        self._persist = persist_state
        #: the last message shown to the user (a non-blocking box), for tests and scripts
        self.last_message: QMessageBox | None = None

        self._restore_state = restore_state
        self._build_later = build_pages_later
        self._painted = False
        self._loader = None  # the WorkerHandle of the last load_model()
        self._loading = False
        if predictor is not None:
            _one_torch_thread()
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.setUsesScrollButtons(False)
        self.draw_tab = DrawTab(predictor)
        # The other tabs are built after the first paint (or at once when shown or asked for):
        # the first screen is the Draw tab, and the window should not wait for the rest.
        self._pages: dict[str, QWidget] = {"draw": self.draw_tab}
        self._hosts: dict[str, _TabHost] = {}
        for name, title in TABS:
            self._hosts[name] = _TabHost(name, self.draw_tab if name == "draw" else None)
            self.tabs.addTab(self._hosts[name], tab_title(title))
        self.setCentralWidget(self.tabs)

        self._make_status_bar()
        self.menus = MainMenus(self, [tab_title(title) for _name, title in TABS])
        self.draw_tab.canvas.load_failed.connect(self._on_canvas_load_failed)
        self.draw_tab.canvas.image_loaded.connect(self._on_canvas_image_loaded)
        self.tabs.currentChanged.connect(self._on_tabs_current_changed)
        self._show_model_info()

        self.setMinimumSize(*MINIMUM_SIZE)  # below this, pages scroll (see _TabHost)
        self.resize(*DEFAULT_SIZE)
        if restore_state:
            self._restore_settings()
        self._on_tabs_current_changed(self.tabs.currentIndex())
        self.draw_tab.predict_now()
        # the tab bar is painted whichever tab is shown
        self._first_paint_watcher = _FirstPaintWatcher(self.tabs.tabBar(), self._on_first_paint)
        if build_pages_later:
            QTimer.singleShot(3000, self._build_pages_later)  # in case the Draw tab is not the one shown

    # ------------------------------------------------------------------------------------------
    # The tabs' pages, built when first needed

    @property
    def training_tab(self):
        return self._page("train")

    @property
    def finetune_tab(self):
        return self._page("finetune")

    @property
    def inside_tab(self):
        return self._page("inside")

    def is_page_built(self, name: str) -> bool:
        return name in self._pages

    def _page(self, name: str) -> QWidget:
        page = self._pages.get(name)
        if page is None:
            page = self._build_page(name)
            self._pages[name] = page
            self._hosts[name].setWidget(page)
            if len(self._pages) == len(TABS):
                self.pages_built.emit()
        return page

    def _build_page(self, name: str) -> QWidget:
        if name == "train":
            from mnistgui.gui.train.tab import TrainingTab

            tab = TrainingTab()
            tab.image_opened.connect(self._on_training_tab_image_opened)
            tab.inside_requested.connect(self._on_training_tab_inside_requested)
            tab.predictor_chosen.connect(self._on_training_tab_predictor_chosen)
            tab.set_model_in_use(self.model_path)
            return tab
        if name == "finetune":
            from mnistgui.gui.finetune.tab import FinetuneTab

            tab = FinetuneTab(self.predictor, model_path=self.model_path)
            tab.attach_draw_tab(self.draw_tab)
            tab.model_selected.connect(self._on_finetune_tab_model_selected)
            if self._restore_state:
                tab.restore_active_version()  # the model version chosen last time
            return tab
        if name == "inside":
            from mnistgui.gui.inside.tab import InsideTab

            # the Inside tab draws on the same drawing (same strokes and undo) and reads what the Draw tab reads
            tab = InsideTab(self.predictor, self.draw_tab.canvas.drawing, self.draw_tab.canvas.undo_stack)
            self.draw_tab.prediction_updated.connect(tab.set_prediction)
            tab.set_prediction(self.draw_tab.prediction)
            return tab
        raise ValueError(f"no tab called {name!r}")

    @Slot()
    def _build_pages_later(self) -> None:
        """Build the next page not yet built, one per pass of the event loop, so input and painting
        go on in between. The pages need the model: without one, this waits for it."""
        if getattr(self, "_closing", False) or self.predictor is None:
            return
        for name, _title in TABS:
            if name not in self._pages:
                self._page(name)
                if len(self._pages) < len(TABS):
                    QTimer.singleShot(0, self._build_pages_later)
                return

    # ------------------------------------------------------------------------------------------
    # Construction

    def _make_status_bar(self) -> None:
        sb = ElidingStatusBar()  # a message with a long image name in it is elided, not cut off
        self.setStatusBar(sb)
        sb.setSizeGripEnabled(True)
        self.model_label = QLabel()
        self.accuracy_label = QLabel()
        self.device_label = QLabel()
        for w in (self.model_label, self.accuracy_label, self.device_label):
            sb.addPermanentWidget(w)

    # ------------------------------------------------------------------------------------------
    # Public

    def select_tab(self, name: str) -> None:
        self.tabs.setCurrentIndex(tab_index(name))

    def current_tab_name(self) -> str:
        return TABS[self.tabs.currentIndex()][0]

    def load_model(self, path: str | os.PathLike | None = None) -> None:
        """Load a checkpoint (None: the shipped model) on a worker thread, torch with it, once the
        window has been painted. Meanwhile the status bar says so and the canvas takes strokes,
        which are read as soon as the model is there; then :attr:`model_loaded`, or
        :attr:`model_load_failed` with a message."""
        from mnistgui.gui.worker import TaskWorker, WorkerHandle

        worker = TaskWorker(_load_checkpoint, None if path is None else str(path))
        worker.succeeded.connect(self._on_loader_succeeded)
        worker.failed.connect(self._on_loader_failed)
        self._loader = WorkerHandle(worker, self)
        self._loading = True
        self.model_label.setText(self.tr("Loading model…"))
        self.model_label.setToolTip("")
        if self._painted:
            self._loader.start()

    @property
    def loading_model(self) -> bool:
        return self._loading

    def set_predictor(self, predictor: Predictor, path: str | os.PathLike | None = None) -> None:
        self.predictor = predictor
        self.model_path = Path(path) if path else None
        self.draw_tab.set_predictor(predictor)
        if self.is_page_built("inside"):  # a page built later starts with the current model
            self.inside_tab.set_predictor(predictor)
        if self.is_page_built("finetune"):
            self.finetune_tab.set_current_model(predictor, self.model_path)
        if self.is_page_built("train"):
            self.training_tab.set_model_in_use(self.model_path)
        self._show_model_info()

    def open_model(self, path: str | os.PathLike) -> bool:
        """Load a checkpoint; a bad file is refused with a message and the current model stays."""
        from mnistgui.core.predict import Predictor

        try:
            predictor = Predictor.load(path)
        except MnistguiError as exc:
            self.show_message(self.tr("Cannot open the model"), str(exc), QMessageBox.Icon.Warning)
            return False
        if self.predictor is not None:
            self.finetune_tab  # noqa: B018 - built now: its model library records the switch (undoable)
        self.set_predictor(predictor, path)
        self.statusBar().showMessage(self.tr("Reading with {0}").format(predictor.name or Path(path).stem), 5000)
        return True

    def open_image(self, path: str | os.PathLike) -> bool:
        self.select_tab("draw")
        return self.draw_tab.canvas.open_image(path)

    def show_inside(self, image28, caption: str = "") -> None:
        """Open the Inside tab on any 28x28 image (e.g. one picked in a gallery of the Train tab)."""
        self.select_tab("inside")
        self.inside_tab.show_image(image28, caption)

    def save_drawing(self, path: str | os.PathLike) -> bool:
        """Save as stroke JSON (``.json``) or as a grey PNG (``.png``)."""
        p = Path(path)
        canvas = self.draw_tab.canvas
        suffix = p.suffix.lower()
        try:
            if suffix == ".json":
                canvas.save_strokes(p)
                note = self.tr(" (strokes only: the background image is not part of a stroke file)") \
                    if canvas.drawing.background is not None else ""
            elif suffix == ".png":
                canvas.save_png(p, self.draw_tab.preprocess_config)
                note = ""
            else:
                raise MnistguiError(self.tr("{0}: save as .json (strokes) or .png (image)").format(p.name))
        except (MnistguiError, OSError) as exc:
            msg = str(exc) if isinstance(exc, MnistguiError) else f"{p}: {exc.strerror or exc}"
            self.show_message(self.tr("Cannot save the drawing"), msg, QMessageBox.Icon.Warning)
            return False
        self.statusBar().showMessage(self.tr("Saved {0}{1}").format(p.name, note), 6000)
        return True

    def show_message(self, title: str, text: str, icon=QMessageBox.Icon.Information) -> QMessageBox:
        """Tell the user something in a window-modal box that does not block the event loop."""
        box = open_message(self, title, text, icon)
        self.last_message = box
        return box

    # ------------------------------------------------------------------------------------------
    # State

    def _show_model_info(self) -> None:
        p = self.predictor
        if p is None:
            self.model_label.setText(self.tr("Loading model…") if self._loading else self.tr("No model"))
            self.accuracy_label.setText("")
            self.device_label.setText("")
            return
        name = p.name or (self.model_path.stem if self.model_path else "model")
        self.model_label.setText(self.tr("Model: {0}").format(name))
        if self.model_path is not None:
            self.model_label.setToolTip(str(self.model_path))
        acc = p.test_accuracy
        self.accuracy_label.setText(
            self.tr("MNIST test accuracy {0}").format(i18n.percent(acc, 2)) if acc is not None else self.tr("MNIST test accuracy not recorded")
        )
        self.device_label.setText(describe_device(p))
        self.device_label.setToolTip(self.tr("Where the model runs"))

    def _restore_settings(self) -> None:
        s = QSettings()
        geometry = s.value("window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        state = s.value("window/state")
        if isinstance(state, QByteArray) and not state.isEmpty():
            self.restoreState(state)
        tab = s.value("window/tab")
        if isinstance(tab, str):
            try:
                self.select_tab(tab)
            except ValueError:
                pass
        steps = s.value("draw/show_steps")
        if steps is not None:
            self.draw_tab.input_panel.set_steps_visible(str(steps).lower() in ("true", "1"))
        pen = s.value("draw/pen_width")
        try:
            if pen is not None:
                self.draw_tab.canvas.drawing.set_pen_width(float(pen))
        except (TypeError, ValueError):
            pass

    def save_settings(self) -> None:
        s = QSettings()
        s.setValue("window/geometry", self.saveGeometry())
        s.setValue("window/state", self.saveState())
        s.setValue("window/tab", self.current_tab_name())
        s.setValue("draw/show_steps", self.draw_tab.input_panel.steps_visible())
        s.setValue("draw/pen_width", self.draw_tab.canvas.pen_width())
        s.sync()

    def work_under_way(self) -> str:
        """What closing would stop, in words ("" when nothing): a training run or a fine-tune."""
        train = self._pages.get("train")
        if train is not None and getattr(train, "is_training", False):
            info = getattr(train, "run_info", None)
            return self.tr("{0} is training").format(info.name) if info is not None else self.tr("A run is training")
        ft = self._pages.get("finetune")
        if ft is not None and getattr(getattr(ft, "finetune", None), "running", False):
            return self.tr("A fine-tune is under way")
        return ""

    def close_without_asking(self) -> bool:
        """Close now, stopping whatever trains (what was saved is kept)."""
        self._close_confirmed = True
        return self.close()

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        busy = "" if getattr(self, "_close_confirmed", False) else self.work_under_way()
        if busy:
            event.ignore()  # asked first: "Stop and close" closes, "Keep training" keeps it open
            self._ask_to_close(busy)
            return
        self._closing = True  # pages not built yet stay unbuilt: their inputs may already be gone
        if self._loader is not None:
            self._loader.stop()  # a load cannot be cut short: wait for its thread to end
        for name in ("inside", "finetune", "train"):
            page = self._pages.get(name)
            if page is not None and hasattr(page, "shutdown"):
                page.shutdown()
        if self._persist:
            self.save_settings()
        super().closeEvent(event)

    def _ask_to_close(self, busy: str) -> None:
        if self.last_message is not None and self.last_message.isVisible() and \
                self.last_message.property("asks_to_close"):
            return  # asked already
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Training is under way"),
                          self.tr("{0}. Stop it and close? What was saved so far is kept; a run stopped "
                                  "before its first epoch ends is not.").format(busy), QMessageBox.StandardButton.NoButton, self)
        box.setProperty("asks_to_close", True)
        self.stop_and_close_button = box.addButton(self.tr("Stop and close"), QMessageBox.ButtonRole.DestructiveRole)
        keep = box.addButton(self.tr("Keep training"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        box.setEscapeButton(keep)
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        box.buttonClicked.connect(self._on_close_box_button_clicked)
        self.last_message = box
        box.open()

    @Slot(object)
    def _on_close_box_button_clicked(self, button) -> None:
        if button is getattr(self, "stop_and_close_button", None):
            QTimer.singleShot(0, self.close_without_asking)  # after the box has closed

    # ------------------------------------------------------------------------------------------
    # Slots

    @Slot()
    def _on_first_paint(self) -> None:
        self._painted = True
        if self._loading and not self._loader.running:
            self._loader.start()
        if self._build_later:
            self._build_pages_later()

    @Slot(object)
    def _on_loader_succeeded(self, result) -> None:
        ckpt, path = result
        self._loading = False
        if getattr(self, "_closing", False):
            return
        _one_torch_thread()  # first: building the model runs it once, and more threads cost here
        try:
            predictor = _predictor_from(ckpt, path)
        except MnistguiError as exc:
            self._on_loader_failed(str(exc))
            return
        self.set_predictor(predictor, path)  # reads what was drawn meanwhile
        self._on_tabs_current_changed(self.tabs.currentIndex())  # a page asked for meanwhile
        self.model_loaded.emit()
        if self._build_later:
            QTimer.singleShot(_PAGES_AFTER_MODEL_MS, self._build_pages_later)  # the reading is painted first

    @Slot(str)
    def _on_loader_failed(self, message: str) -> None:
        self._loading = False
        self._show_model_info()
        self.model_load_failed.emit(message)

    @Slot(int)
    def _on_tabs_current_changed(self, index: int) -> None:
        host = self.tabs.widget(index)
        if isinstance(host, _TabHost) and self.predictor is not None:
            self._page(host.name)
        self.draw_tab.set_active(index == 0)
        self.menus.save_action.setEnabled(index == 0)

    @Slot(str)
    def _on_canvas_load_failed(self, message: str) -> None:
        self.show_message(self.tr("Cannot read that"), message, QMessageBox.Icon.Warning)

    @Slot(str)
    def _on_canvas_image_loaded(self, name: str) -> None:
        from mnistgui.core import number as core_number

        text = self.tr("Reading {0}: draw over it to add ink, Esc to clear").format(name)
        if self.draw_tab.mode == "number" and core_number.image_scorer()[1]:
            # a damaged install: numbers in images are still read, less well
            text += self.tr(" · the app's learnt weighing of the digits in images could not be read "
                            "(reinstall mnistgui); a simpler one reads this image")
        self.statusBar().showMessage(text, 12000)

    @Slot(object, str)
    def _on_training_tab_image_opened(self, image, name: str) -> None:
        """A test image clicked in the Train tab's evaluation: read it in the Draw tab, as it is
        (a 28x28 model input), by the model in use; the status bar says which that is and which
        model the evaluation was of."""
        self.select_tab("draw")
        self.draw_tab.canvas.set_image(image, name)
        caption = getattr(self.training_tab.evaluation, "caption", "")
        reader = self.predictor.name if self.predictor is not None and self.predictor.name else self.tr("the model in use")
        self.statusBar().showMessage(self.tr("{0} is read by {1}").format(name, reader) +
                                     (self.tr("; the evaluation's figures are of {0}").format(caption) if caption else ""), 12000)

    @Slot(object, str)
    def _on_training_tab_inside_requested(self, image, name: str) -> None:
        self.show_inside(image, name)

    @Slot(object, str)
    def _on_training_tab_predictor_chosen(self, predictor: Predictor, path: str) -> None:
        self.finetune_tab  # noqa: B018 - built now: its model library records the switch (undoable)
        self.set_predictor(predictor, path or None)
        self.statusBar().showMessage(self.tr("Reading with {0}").format(predictor.name or self.tr("the trained model")), 5000)

    @Slot(object, str)
    def _on_finetune_tab_model_selected(self, predictor: Predictor, path: str) -> None:
        self.set_predictor(predictor, path or None)
        self.statusBar().showMessage(self.tr("Reading with {0}").format(predictor.name or self.tr("the selected model")), 5000)
