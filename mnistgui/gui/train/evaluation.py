"""The Train tab's test evaluations: the latest or best weights of the run, evaluated in a
:class:`~mnistgui.gui.worker.TaskWorker` (:func:`~mnistgui.core.jobs.evaluate_task`) on a copy
of the weights taken from a snapshot, never on the model being trained, and kept with the run;
and a stored run's evaluation, shown again.

A part of :class:`~mnistgui.gui.train.tab.TrainingTab`: it works on the tab's store, data,
trainer, evaluation view and runs list.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QCoreApplication, Slot

from mnistgui.core.errors import MnistguiError
from mnistgui.core.jobs import RunEvaluation, evaluate_task, training_threads
from mnistgui.core.model import build_model
from mnistgui.core.runs import RunInfo
from mnistgui.gui import i18n
from mnistgui.gui.worker import TaskWorker, WorkerHandle


def _keeps_last(run: RunInfo) -> bool:
    """Whether the run keeps its last epoch's weights as its model (not the lowest validation loss's)."""
    return run.config.get("keep") == "last"


class EvaluationMixin:
    """Evaluate a run's weights on the test set, one evaluation at a time, and show the result."""

    def evaluate_now(self) -> bool:
        """Evaluate the latest weights on the test set (during or after a run)."""
        self.ensure_built()
        if self._latest is None:
            return False
        epoch, sd = self._latest
        weights = "best" if (not self.is_training and self._best is not None and self._best[0] == epoch) else "latest"
        return self._start_evaluation(epoch, sd, weights)

    def show_run_evaluation(self, run_id: str) -> bool:
        """Show a stored run's test evaluation (its images, if the same test set is loaded)."""
        self.ensure_built()
        run = self.runs_view.run(run_id) or self._get_run(run_id)
        rec = self.store.load_evaluation(run_id) if run is not None else None
        if rec is None:
            self.show_message(QCoreApplication.translate("EvaluationMixin", "That run has no stored evaluation."))
            return False
        images = None
        if self.data is not None and np.array_equal(self.data.test_labels.numpy(), rec.labels):
            images = self.data.test_images.numpy()
        if rec.weights == "best" and _keeps_last(run):
            caption = QCoreApplication.translate("EvaluationMixin", "{0}: final weights, from epoch {1} (stored evaluation)")
        elif rec.weights == "best":
            caption = QCoreApplication.translate("EvaluationMixin", "{0}: best weights, from epoch {1} (stored evaluation)")
        else:
            caption = QCoreApplication.translate("EvaluationMixin", "{0}: latest weights, from epoch {1} (stored evaluation)")
        caption = caption.format(run.name, rec.epoch)
        self.evaluation.show_report(rec.report, rec.labels, images, caption)
        self.views.setCurrentWidget(self.evaluation)
        return True

    def _start_evaluation(self, epoch: int, state_dict: dict, weights: str) -> bool:
        if self._evaluating or self.data is None or self.trainer is None or self.run_info is None:
            return False
        model = build_model(self.trainer.config.model_config())
        model.load_state_dict(state_dict)
        model.eval()
        threads = max(1, training_threads() // 2) if self.is_training else training_threads()
        worker = TaskWorker(evaluate_task, model, self.data.test_images, self.data.test_labels,
                            self.trainer.preprocess, self.store, self.run_info.id, epoch, weights, threads)
        worker.succeeded.connect(self._on_eval_succeeded)
        worker.failed.connect(self._on_eval_failed)
        worker.finished.connect(self._on_eval_finished)
        self._eval_images = self.data.test_images.numpy()
        self._eval_handle = WorkerHandle(worker, self)
        self._evaluating = True
        if weights == "best" and self.trainer.config.keep == "last":
            busy = QCoreApplication.translate("EvaluationMixin", "Evaluating the final weights (epoch {0}) on {1} test images…")
        elif weights == "best":
            busy = QCoreApplication.translate("EvaluationMixin", "Evaluating the best weights (epoch {0}) on {1} test images…")
        else:
            busy = QCoreApplication.translate("EvaluationMixin", "Evaluating the latest weights (epoch {0}) on {1} test images…")
        self.evaluation.show_busy(busy.format(epoch, i18n.integer(self.data.test_images.shape[0])))
        self._update_controls()
        self._eval_handle.start()
        return True

    def _get_run(self, run_id: str) -> RunInfo | None:
        try:
            return self.store.get(run_id)
        except MnistguiError:
            return None

    @Slot(object)
    def _on_eval_succeeded(self, r: RunEvaluation) -> None:
        run = self._get_run(r.run_id)
        name = run.name if run is not None else QCoreApplication.translate("EvaluationMixin", "run")
        if r.weights == "best" and run is not None and _keeps_last(run):
            caption = QCoreApplication.translate("EvaluationMixin", "{0}: final weights, from epoch {1}").format(name, r.epoch)
        elif r.weights == "best":
            caption = QCoreApplication.translate("EvaluationMixin", "{0}: best weights, from epoch {1}").format(name, r.epoch)
        else:
            caption = QCoreApplication.translate("EvaluationMixin", "{0}: latest weights, after epoch {1}").format(name, r.epoch) + (
                QCoreApplication.translate("EvaluationMixin", " (still training)") if self.is_training else "")
        self.evaluation.show_report(r.report, r.labels, self._eval_images, caption)
        if r.note:
            self.show_message(QCoreApplication.translate("EvaluationMixin", "The evaluation could not be saved: {0}").format(r.note))
        self.runs_view.refresh()

    @Slot(str)
    def _on_eval_failed(self, message: str) -> None:
        self.evaluation.show_busy(QCoreApplication.translate("EvaluationMixin", "The evaluation failed."))
        self.show_message(QCoreApplication.translate("EvaluationMixin", "Evaluation failed: {0}").format(message))

    @Slot()
    def _on_eval_finished(self) -> None:
        self._evaluating = False
        self._update_controls()
