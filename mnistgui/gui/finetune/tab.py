"""The Fine-tune tab: collect one's handwriting, keep it, fine-tune on it, and choose a model.

Four pages under one switch:

- **Collect** (:class:`~mnistgui.gui.finetune.collect_panel.CollectPanel`): guided or free collection;
- **Samples** (:class:`~mnistgui.gui.finetune.sample_gallery.SampleGallery`): the gallery, with relabel,
  delete and undo, import and export;
- **Fine-tune** (:class:`~mnistgui.gui.finetune.tuning_panel.FinetunePanel`): strategy, MNIST, live
  curves, the before/after report;
- **Models** (:class:`~mnistgui.gui.finetune.model_versions.VersionsPanel`): the model library (the
  shipped model, every run's and every fine-tune's) listed with lineage, compared, switched (with
  undo and redo) and rolled back to a fine-tune's parent.

The sample database (``data_dir()/samples.db``) and the versions folder (``data_dir()/models``)
are opened on first use, not at start-up. The tab emits :attr:`FinetuneTab.model_selected` when
another model should read the drawings; the main window passes it to the Draw tab.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal, Slot
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMessageBox, QStackedWidget, QVBoxLayout, QWidget

from mnistgui import paths
from mnistgui.core.errors import MnistguiError
from mnistgui.core.predict import Predictor
from mnistgui.gui.widgets.dialogs import open_message
from mnistgui.gui.widgets import style
from mnistgui.gui.finetune.collect_panel import CollectPanel
from mnistgui.gui.widgets.controls import SegmentedControl, muted
from mnistgui.gui.finetune.tuning_panel import FinetunePanel, heldout_tensors
from mnistgui.gui.finetune.mnist_source import MnistSource
from mnistgui.gui.finetune.model_manager import ModelManager
from mnistgui.gui.finetune.model_versions import VersionsPanel
from mnistgui.gui.finetune.sample_gallery import SampleGallery
from mnistgui.gui.finetune.sample_library import SampleLibrary

PAGES = ("collect", "samples", "finetune", "models")
PAGE_TITLES = (QT_TRANSLATE_NOOP("FinetuneTab", "Collect"), QT_TRANSLATE_NOOP("FinetuneTab", "Samples"),
               QT_TRANSLATE_NOOP("FinetuneTab", "Fine-tune"), QT_TRANSLATE_NOOP("FinetuneTab", "Models"))
SAMPLES_FILE = "samples.db"
MODELS_DIR = "models"
RUNS_DIR = "runs"  # under a data_dir given to the tab (else paths.runs_dir(), as the Train tab's)
LIBRARY_FILE = "library.json"


class FinetuneTab(QWidget):
    """Teach the model one person's handwriting."""

    #: read with this model from now on: (Predictor, checkpoint path or "")
    model_selected = Signal(object, str)

    def __init__(self, predictor: Predictor | None = None, model_path: str | os.PathLike | None = None,
                 parent: QWidget | None = None, data_dir: Callable[[], Path] | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("FinetuneTab")
        self._data_dir = data_dir or paths.data_dir
        #: the last message shown to the user (a non-blocking box), for tests and scripts
        self.last_message: QMessageBox | None = None
        self._draw_tab = None
        self._shown = False
        self._reported_error: str | None = None

        # No Qt parent for these three: they must outlive the panels that listen to them (a Qt
        # parent deletes its children first-made first, and the undo stack signals as it goes).
        self.library = SampleLibrary(lambda: self._data_dir() / SAMPLES_FILE)
        self.manager = ModelManager(lambda: self._data_dir() / MODELS_DIR, predictor, model_path,
                                    runs_folder=(lambda: self._data_dir() / RUNS_DIR) if data_dir else paths.runs_dir,
                                    state_file=lambda: self._data_dir() / LIBRARY_FILE)
        self.mnist = MnistSource()

        self.collect = CollectPanel(self.library, model=self._model_in_use)  # reads the drawing live
        self.gallery = SampleGallery(self.library)
        self.finetune = FinetunePanel(self.library, self.manager, self.mnist)
        self.versions_panel = VersionsPanel(self.manager, self._heldout, self.mnist)

        self.pages = QStackedWidget()
        for w in (self.collect, self.gallery, self.finetune, self.versions_panel):
            self.pages.addWidget(w)
        self.switch = SegmentedControl(
            [self.tr(t) for t in PAGE_TITLES],
            tips=[self.tr("Draw and label samples of your handwriting"), self.tr("Browse, relabel, delete, import and export"),
                  self.tr("Adapt the model to your samples"), self.tr("Switch between, compare and roll back models")],
        )
        self.switch.changed.connect(self._on_switch_changed)
        self.summary_label = muted("", wrap=False)
        self.summary_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        title = QLabel(self.tr("Your handwriting"))
        title.setFont(style.font(self.font(), 3, QFont.Weight.DemiBold))

        head = QHBoxLayout()
        head.setContentsMargins(0, 0, 0, 0)
        head.setSpacing(14)
        head.addWidget(title)
        head.addWidget(self.switch)
        head.addStretch(1)
        head.addWidget(self.summary_label)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(14, 10, 16, 14)
        lay.setSpacing(10)
        lay.addLayout(head)
        lay.addWidget(self.pages, 1)

        self.library.changed.connect(self._on_library_changed)
        self.manager.model_selected.connect(self._on_manager_model_selected)
        self.manager.failed.connect(self._on_manager_failed)
        self.gallery.message.connect(self._on_panel_message)
        self.finetune.message.connect(self._on_panel_message)
        self.versions_panel.message.connect(self._on_panel_message)

    # ------------------------------------------------------------------------------------------
    # Public

    def select_page(self, name: str) -> None:
        self.switch.set_index(PAGES.index(name))

    def current_page(self) -> str:
        return PAGES[self.pages.currentIndex()]

    def refresh(self) -> None:
        """Read the samples and versions again and show them."""
        if not self.library.available() and self.library.error != self._reported_error:
            self._reported_error = self.library.error  # once, not at every visit
            self.show_message(self.tr("Your samples cannot be opened"), self.library.error or "", QMessageBox.Icon.Warning)
        elif self.library.notice:  # a damaged database was set aside: said once
            notice, self.library.notice = self.library.notice, None
            self.show_message(self.tr("Your samples were damaged"), notice, QMessageBox.Icon.Warning)
        self._show_summary()
        page = self.pages.currentWidget()
        if page is self.collect:
            self.collect.refresh()
        elif page is self.gallery:
            self.gallery.refresh()
        elif page is self.finetune:
            self.finetune.refresh()
        else:
            self.versions_panel.refresh()

    def _model_in_use(self) -> Predictor | None:
        return self.manager.current

    def set_current_model(self, predictor: Predictor, path: str | os.PathLike | None) -> None:
        """The app reads with this model now (the base of the next fine-tune)."""
        if predictor is not self.manager.current:
            self.manager.set_current(predictor, path)

    def restore_active_version(self) -> bool:
        """At start-up: read with the model version chosen last time (see :class:`ModelManager`)."""
        return self.manager.restore_active()

    def attach_draw_tab(self, draw_tab) -> None:
        """Keep what the Draw tab is told a drawing is ("That's a 7", or the answer to "4 or 9?")
        in these samples."""
        self._draw_tab = draw_tab
        draw_tab.sample_labelled.connect(self._on_draw_tab_sample_labelled)
        draw_tab.sample_unlabel_requested.connect(self._on_draw_tab_sample_unlabel_requested)

    def save_correction(self, label: int, source: str = "correction") -> int | None:
        """Save the Draw tab's drawing as ``label`` (``source`` "correction", or "unsure" for an
        answer to the model's question); its id, or None."""
        d = self._draw_tab
        kept = None if d is None else d.sample_to_save()  # Number mode: the selected digit alone
        if kept is None:
            return None
        strokes, pen_width, image28 = kept
        try:
            if strokes is None:
                if image28 is None:
                    raise MnistguiError(self.tr("there is nothing the model could read to save"))
                sid = self.library.add(label, None, None, source, image28=image28)
            else:
                sid = self.library.add(label, strokes, pen_width, source)
        except (MnistguiError, OSError) as exc:
            text = self.library.error or str(exc)
            d.show_save_error(text)
            self._status(self.tr("Not saved: {0}").format(text))
            return None
        n = self.library.counts()[label]
        self._last_kept = (sid, self.library.undo_stack.index())  # what the Draw tab's Undo takes back
        d.show_saved(label, n)
        self._status(self.tr("Saved the drawing as a {0} in your samples (%n of them); fine-tune on them in "
                             "the Fine-tune tab", "", n).format(label))
        return sid

    def show_message(self, title: str, text: str, icon=QMessageBox.Icon.Information) -> QMessageBox:
        box = open_message(self, title, text, icon)
        self.last_message = box
        return box

    def shutdown(self) -> None:
        """Stop background work and close the sample database (the window is closing)."""
        self.finetune.stop(wait=True)
        self.finetune.mnist_getter.shutdown()
        self.versions_panel.stop()
        self.library.close()

    # ------------------------------------------------------------------------------------------
    # Helpers

    def _heldout(self):
        return heldout_tensors(self.library)

    def _status(self, text: str) -> None:
        w = self.window()
        sb = getattr(w, "statusBar", None)
        if callable(sb):
            sb().showMessage(text, 8000)

    def _show_summary(self) -> None:
        if not self.library.is_open:
            self.summary_label.setText("")
            return
        counts = self.library.counts()
        n = sum(counts)
        self.summary_label.setText(self.tr("%n sample(s) · {0}–{1} per digit", "", n).format(min(counts), max(counts))
                                   if n else self.tr("No samples yet"))

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        self.refresh()
        if not self._shown:
            self._shown = True
            self.collect.next_prompt()

    # ------------------------------------------------------------------------------------------
    # Slots

    @Slot(int)
    def _on_switch_changed(self, index: int) -> None:
        self.pages.setCurrentIndex(index)
        if self.isVisible():
            self.refresh()

    @Slot()
    def _on_library_changed(self) -> None:
        self._show_summary()

    @Slot(object, str)
    def _on_manager_model_selected(self, predictor: Predictor, path: str) -> None:
        self.model_selected.emit(predictor, path)

    @Slot(str)
    def _on_manager_failed(self, text: str) -> None:
        self.show_message(self.tr("Model library"), text, QMessageBox.Icon.Warning)

    @Slot(str, str, bool)
    def _on_panel_message(self, title: str, text: str, warning: bool) -> None:
        self.show_message(title, text, QMessageBox.Icon.Warning if warning else QMessageBox.Icon.Information)

    @Slot(int, str)
    def _on_draw_tab_sample_labelled(self, label: int, source: str) -> None:
        self.save_correction(label, source)

    def undo_correction(self) -> bool:
        """Take back the sample the Draw tab kept last, if nothing was done to the samples since
        (the samples' own undo history then says the same)."""
        kept = getattr(self, "_last_kept", None)
        stack = self.library.undo_stack
        if kept is None or stack.index() != kept[1] or not stack.canUndo():
            if self._draw_tab is not None:
                self._draw_tab.show_save_error(self.tr("it was changed since: undo it on the Samples page"))
            return False
        stack.undo()
        self._last_kept = None
        if self._draw_tab is not None:
            self._draw_tab.show_unsaved()
        self._status(self.tr("Taken back out of your samples"))
        return True

    @Slot()
    def _on_draw_tab_sample_unlabel_requested(self) -> None:
        self.undo_correction()
