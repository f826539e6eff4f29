"""The Train tab's preparation of a run that mixes synthetic or pen-recorded digits into its
batches: :func:`~mnistgui.core.jobs.prepare_run_task` makes the run in a
:class:`~mnistgui.gui.worker.TaskWorker` (its trainer renders the digits, from seconds to
minutes), the tab saying meanwhile what it prepares; then the run trains as any other.

A part of :class:`~mnistgui.gui.train.tab.TrainingTab`: it works on the tab's store, data
panel, controls and state.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Slot

from mnistgui.core.errors import MnistguiError
from mnistgui.core.events import Control
from mnistgui.core.jobs import TrainRun, prepare_run_task, preparation_text
from mnistgui.core.train import TrainConfig
from mnistgui.gui.worker import TaskWorker, WorkerHandle


class RunPreparationMixin:
    """Make a run in a worker thread, then train it; a stop while it is made keeps no run."""

    def _prepare(self, cfg: TrainConfig) -> bool:
        """Make the run in a worker thread (its trainer renders the digits it mixes in), then train."""
        if cfg.val_size >= self.data_panel.train_count():
            raise ValueError(QCoreApplication.translate(
                "RunPreparationMixin", "a validation set of {0} images leaves no training images out of {1}; make it smaller"
            ).format(cfg.val_size, self.data_panel.train_count()))
        worker = TaskWorker(prepare_run_task, self.store, cfg, self.data, self.data_panel.train_count(), Control())
        worker.progressed.connect(self._on_prepare_progressed)
        worker.succeeded.connect(self._on_prepare_succeeded)
        worker.failed.connect(self._on_prepare_failed)
        worker.finished.connect(self._on_prepare_finished)
        self.new_run()
        self._failure = ""
        self._prepare_handle = WorkerHandle(worker, self)
        self.controls.progress.setRange(0, 0)  # busy, for as long as it takes
        self._set_progress_text(preparation_text(cfg))
        self._set_state("preparing")
        self._prepare_handle.start()
        return True

    @Slot(object)
    def _on_prepare_progressed(self, text) -> None:
        if self.state == "preparing":
            self._set_progress_text(str(text))

    @Slot(object)
    def _on_prepare_succeeded(self, run: TrainRun | None) -> None:
        if run is None:
            return
        if self.state != "preparing":  # stopped as it ended: keep no run that never trained
            try:
                self.store.delete(run.info.id)
            except MnistguiError as exc:
                self.show_message(QCoreApplication.translate("RunPreparationMixin", "The run that was stopped before it began could not be removed: {0}").format(exc))
            return
        self._prepare_handle = None
        self._start_run(run)

    @Slot(str)
    def _on_prepare_failed(self, message: str) -> None:
        self._failure = message
        self.show_message(QCoreApplication.translate("RunPreparationMixin", "Cannot start: {0}").format(message))

    @Slot()
    def _on_prepare_finished(self) -> None:
        if self.state in ("preparing", "stopping") and self.trainer is None:  # no run started
            self._prepare_handle = None
            self.controls.progress.setRange(0, 1000)
            self._set_state("idle")
            self._set_progress_text(
                QCoreApplication.translate("RunPreparationMixin", "Press Start to train with these settings.") if self._failure
                else QCoreApplication.translate("RunPreparationMixin", "Stopped before training began."))
        self.runs_view.refresh()
