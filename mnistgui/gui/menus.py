"""The main window's menu bar: File, Edit, View and Help, with their actions and dialogs.

The menus call the window's public methods (open a model or an image, save the drawing, select a
tab); the Draw tab's own actions (undo, pen, eraser...) appear in Edit and View as they are.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, Slot
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMessageBox

from mnistgui import __version__
from mnistgui.gui import i18n

if TYPE_CHECKING:
    from mnistgui.gui.main_window import MainWindow

def image_filter() -> str:
    return QCoreApplication.translate("MainMenus", "Images ({0});;All files (*)").format(
        "*.png *.jpg *.jpeg *.bmp *.gif *.tif *.tiff *.webp")


def model_filter() -> str:
    return QCoreApplication.translate("MainMenus", "mnistgui models (*.pt);;All files (*)")


class MainMenus(QObject):
    """Builds the window's menu bar and keeps its actions (``open_model_action``...)."""

    def __init__(self, window: MainWindow, tab_titles) -> None:
        super().__init__(window)
        self.window = window
        mb = window.menuBar()
        K = QKeySequence

        self.file_menu = mb.addMenu(self.tr("&File"))
        self.open_model_action = self._act(self.tr("Open &Model…"), K("Ctrl+Shift+O"), self._on_open_model_triggered,
                                           self.tr("Read with another checkpoint"))
        self.open_image_action = self._act(self.tr("&Open Image…"), K(K.StandardKey.Open), self._on_open_image_triggered,
                                           self.tr("Read a digit from a PNG, JPEG or BMP image"))
        self.export_action = self._act(self.tr("&Export Model…"), K("Ctrl+Shift+E"), self._on_export_triggered,
                                       self.tr("Save the model as ONNX or TorchScript, float or int8, for use elsewhere"))
        self.save_action = self._act(self.tr("&Save Drawing…"), K(K.StandardKey.Save), self._on_save_triggered,
                                     self.tr("Save the drawing as a stroke file (.json) or a PNG image"))
        self.quit_action = self._act(self.tr("&Quit"), K(K.StandardKey.Quit), window.close)
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self.file_menu.addAction(self.open_image_action)
        self.file_menu.addAction(self.open_model_action)
        self.file_menu.addAction(self.export_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.save_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.quit_action)

        d = window.draw_tab
        self.edit_menu = mb.addMenu(self.tr("&Edit"))
        for a in (d.undo_action, d.redo_action):
            self.edit_menu.addAction(a)
        self.edit_menu.addSeparator()
        self.edit_menu.addAction(d.paste_action)
        self.edit_menu.addAction(d.clear_action)
        self.edit_menu.addSeparator()
        for a in (d.pen_action, d.eraser_action, d.thinner_action, d.thicker_action):
            self.edit_menu.addAction(a)
        self.edit_menu.addSeparator()  # switching models, undone and redone (the model library's)
        self.model_back_action = self._act(self.tr("Back to the Previous Model"), None, self._on_model_back_triggered,
                                           self.tr("Undo the last switch of model"))
        self.model_forward_action = self._act(self.tr("Forward to the Next Model"), None,
                                              self._on_model_forward_triggered,
                                              self.tr("Redo the switch of model that was undone"))
        self.edit_menu.addAction(self.model_back_action)
        self.edit_menu.addAction(self.model_forward_action)
        self.edit_menu.aboutToShow.connect(self.update_model_actions)

        self.view_menu = mb.addMenu(self.tr("&View"))
        self.view_menu.addAction(d.steps_action)
        self.view_menu.addSeparator()
        self.tab_actions = []
        for i, title in enumerate(tab_titles):
            a = QAction(title, window)
            a.setShortcut(K(f"Ctrl+{i + 1}"))
            a.setData(i)
            a.triggered.connect(self._on_tab_action_triggered)
            self.view_menu.addAction(a)
            self.tab_actions.append(a)
        self.view_menu.addSeparator()
        self._make_language_menu()

        self.help_menu = mb.addMenu(self.tr("&Help"))
        self.getting_started_action = self._act(self.tr("&Getting Started"), K(K.StandardKey.HelpContents),
                                                self._on_getting_started_triggered,
                                                self.tr("What each tab does, and where to begin"))
        self.shortcuts_action = self._act(self.tr("&Keyboard Shortcuts"), K("Ctrl+/"), self._on_shortcuts_triggered,
                                          self.tr("Every key the window answers to"))
        self.help_menu.addAction(self.getting_started_action)
        self.help_menu.addAction(self.shortcuts_action)
        self.help_menu.addSeparator()
        self.about_action = self._act(self.tr("&About mnistgui"), None, self._on_about_triggered)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        self.help_menu.addAction(self.about_action)

    def _make_language_menu(self) -> None:
        """View > Language: the system's or one the interface speaks, kept for the next start."""
        self.language_menu = self.view_menu.addMenu(self.tr("&Language"))
        self.language_group = QActionGroup(self)
        self.language_actions: dict[str, QAction] = {}
        chosen = i18n.chosen_language()
        for code, name in (("", self.tr("System language")), *i18n.LANGUAGES):
            a = QAction(name, self.window)
            a.setCheckable(True)
            a.setChecked(code == chosen)
            a.setData(code)
            a.triggered.connect(self._on_language_action_triggered)
            self.language_group.addAction(a)
            self.language_menu.addAction(a)
            self.language_actions[code] = a

    def _act(self, text: str, keys, slot, tip: str = "") -> QAction:
        a = QAction(text, self.window)
        if keys is not None:
            a.setShortcuts(keys if isinstance(keys, list) else [keys])
        a.triggered.connect(slot)
        if tip:
            a.setStatusTip(tip)
        return a

    def _models(self):
        """The model library's manager (None before there is a model)."""
        w = self.window
        return w.finetune_tab.manager if w.predictor is not None else None

    @Slot()
    def update_model_actions(self) -> None:
        w = self.window
        m = self._models() if w.is_page_built("finetune") else None
        lib = m.library if m is not None else None
        back, forward = (lib.undo_target, lib.redo_target) if lib is not None else (None, None)
        self.model_back_action.setEnabled(back is not None)
        self.model_back_action.setText(self.tr("Back to {0}").format(m.name_of(back)) if back
                                       else self.tr("Back to the Previous Model"))
        self.model_forward_action.setEnabled(forward is not None)
        self.model_forward_action.setText(self.tr("Forward to {0}").format(m.name_of(forward)) if forward
                                          else self.tr("Forward to the Next Model"))

    @Slot()
    def _on_model_back_triggered(self) -> None:
        m = self._models()
        if m is not None:
            m.undo()

    @Slot()
    def _on_model_forward_triggered(self) -> None:
        m = self._models()
        if m is not None:
            m.redo()

    @Slot()
    def _on_tab_action_triggered(self) -> None:
        action = self.sender()
        if isinstance(action, QAction):
            self.window.tabs.setCurrentIndex(int(action.data()))

    @Slot()
    def _on_language_action_triggered(self) -> None:
        action = self.sender()
        if isinstance(action, QAction):
            i18n.choose_language(str(action.data() or ""))
            self.window.statusBar().showMessage(
                self.tr("The language changes when mnistgui starts again"), 8000)

    @Slot()
    def _on_open_model_triggered(self) -> None:
        w = self.window
        start = str(w.model_path.parent) if w.model_path else ""
        path, _ = QFileDialog.getOpenFileName(w, self.tr("Open Model"), start, model_filter())
        if path:
            w.open_model(path)

    @Slot()
    def _on_export_triggered(self) -> None:
        from mnistgui.gui.export_dialog import ExportDialog

        w = self.window
        checkpoint = w.predictor.checkpoint if w.predictor is not None else None
        self.export_dialog = ExportDialog(checkpoint, w.model_path, w)
        self.export_dialog.open()

    @Slot()
    def _on_open_image_triggered(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self.window, self.tr("Open Image"), "", image_filter())
        if path:
            self.window.open_image(path)

    @Slot()
    def _on_save_triggered(self) -> None:
        path, chosen = QFileDialog.getSaveFileName(
            self.window, self.tr("Save Drawing"), "drawing.json",
            self.tr("Stroke file (*.json);;PNG image (*.png)")
        )
        if not path:
            return
        if not Path(path).suffix:
            path += ".png" if "*.png" in chosen.lower() else ".json"
        self.window.save_drawing(path)

    @Slot()
    def _on_getting_started_triggered(self) -> None:
        from mnistgui.gui import help as app_help

        app_help.show_box(self.window, self.tr("Getting started"), app_help.getting_started_html())

    @Slot()
    def _on_shortcuts_triggered(self) -> None:
        from mnistgui.gui import help as app_help

        app_help.show_box(self.window, self.tr("Keyboard shortcuts"), app_help.shortcuts_html(self.window))

    @Slot()
    def _on_about_triggered(self) -> None:
        QMessageBox.about(
            self.window,
            self.tr("About mnistgui"),
            self.tr("<b>mnistgui {0}</b><p>Draw digits and watch a small convolutional network read "
                    "them; train and fine-tune it on MNIST, and look inside.</p>"
                    "<p>Keys: P pen, E eraser, [ and ] pen width, Esc clear, Ctrl+Z undo, "
                    "Ctrl+Shift+Z redo, Ctrl+V paste, S preprocessing steps, Ctrl+1…4 tabs.</p>").format(__version__),
        )
