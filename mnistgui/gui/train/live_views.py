"""The Train tab's live prediction grid and its model summary.

The grid (:class:`~mnistgui.gui.train.prediction_grid.PredictionGrid`) shows a fixed set of test
digits read again after every epoch; the reading is done in the training thread
(:func:`~mnistgui.core.preview.with_grid_readings`) and arrives as a plain event. The summary
(:class:`~mnistgui.gui.widgets.model_summary.ModelSummaryView`) shows the run's model, or before a
run the one the settings would build.

A part of :class:`~mnistgui.gui.train.tab.TrainingTab`: it works on the tab's views, settings,
data and run.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QCoreApplication, Slot
from PySide6.QtWidgets import QVBoxLayout, QWidget

from mnistgui.core.model import build_model
from mnistgui.core.preview import GridPredictor, GridReading, grid_picks, with_grid_readings
from mnistgui.gui.train.prediction_grid import PredictionGrid
from mnistgui.gui.widgets.model_summary import ModelSummaryView


class LiveViewsMixin:
    """Predictions on test digits at every epoch, and the model's layers."""

    _grid: GridPredictor | None = None  # reads the grid at each snapshot, in the training thread

    def _make_live_views(self) -> None:
        self.predictions = PredictionGrid()
        self.summary = ModelSummaryView()
        model_page = QWidget()
        QVBoxLayout(model_page).addWidget(self.summary)
        self.views.insertTab(1, self.predictions, QCoreApplication.translate("TrainingTab", "Predictions"))
        self.views.addTab(model_page, QCoreApplication.translate("TrainingTab", "Model"))
        self.settings.arch.currentIndexChanged.connect(self._on_settings_arch_changed)
        self._on_settings_arch_changed()

    def _start_live_views(self, run) -> None:
        """A run starts: its model's summary, and the grid it reads at every epoch."""
        self.summary.set_model(run.trainer.model, run.info.name if run.info else "")
        picks = grid_picks(self.data.test_labels.numpy())
        images, labels = self.data.test_images[picks], self.data.test_labels[picks]
        self._grid = GridPredictor(run.trainer.model.config, images, labels, run.trainer.preprocess)
        self.predictions.set_images(images.numpy(), labels.numpy())

    def _clear_live_views(self) -> None:
        self._grid = None
        self.predictions.clear()
        self._on_settings_arch_changed()

    def _with_live_events(self, events):
        """``events`` (a function making the run's events), with the grid's readings added."""
        return partial(with_grid_readings, events, self._grid) if self._grid is not None else events

    @Slot(object)
    def _on_worker_event_ready(self, ev) -> None:
        if isinstance(ev, GridReading):
            self.predictions.set_reading(ev)

    @Slot(int)
    def _on_settings_arch_changed(self, _index: int = 0) -> None:
        """Before a run: the summary of the model the settings would build."""
        if self.trainer is None:
            try:
                self.summary.set_model(build_model(self.settings.config().model_config()), QCoreApplication.translate("TrainingTab", "Next run"))
            except ValueError:
                self.summary.set_model(None)
