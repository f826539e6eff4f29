"""The Train tab: choose the data and the recipe, watch a CNN learn, evaluate it, keep every run.

A run is the core's (:func:`~mnistgui.core.jobs.start_train_run`, the same as ``mnistgui train``
makes: a run folder, its trainer and the recorder that keeps the folder up to date), and
:func:`~mnistgui.core.jobs.train_job` drives it in a worker thread through
:class:`~mnistgui.gui.worker.EventWorker`; this widget only receives its plain,
throttled events on the GUI thread. Pause, resume and stop go through the trainer's
:class:`~mnistgui.core.events.Control` and act within one batch; the learning rate can change
mid-run (:meth:`Trainer.set_lr`), and a finished run can go on for more epochs
(:meth:`Trainer.extend`). Test evaluations run in a :class:`~mnistgui.gui.worker.TaskWorker` on a
copy of the weights taken from a snapshot, never on the model being trained
(:mod:`mnistgui.gui.train.evaluation`). A run that mixes synthetic or pen-recorded digits into its
batches is first made in a TaskWorker too (:mod:`mnistgui.gui.train.preparation`: rendering them
takes from seconds to minutes), the tab saying meanwhile what it prepares.
"""

from __future__ import annotations

import json
import os
from functools import partial
from pathlib import Path

from PySide6.QtCore import QSettings, Qt, Signal, Slot
from PySide6.QtWidgets import QFrame, QHBoxLayout, QScrollArea, QTabWidget, QVBoxLayout, QWidget

from mnistgui import paths
from mnistgui.core.data import MnistData
from mnistgui.core.errors import MnistguiError
from mnistgui.core.events import Control, EpochMetrics, Finished, Snapshot
from mnistgui.core.jobs import Recipe, ThreadBudget, TrainRun, needs_preparation, start_train_run, train_job
from mnistgui.core.predict import Predictor
from mnistgui.core.runs import RunInfo, RunStore
from mnistgui.core.train import TrainConfig, Trainer
from mnistgui.gui.train.data_panel import DataPanel
from mnistgui.gui.train.evaluation import EvaluationMixin
from mnistgui.gui.train.evaluation_view import EvaluationView
from mnistgui.gui.train.plots import TrainingPlots
from mnistgui.gui.train.live_views import LiveViewsMixin
from mnistgui.gui.train.preparation import RunPreparationMixin
from mnistgui.gui.train.run_controls import RunControls, duration
from mnistgui.gui.train.run_status import RunStatusMixin
from mnistgui.gui.train.runs_view import RunsView
from mnistgui.gui.train.settings import TrainingSettings, preview_picks
from mnistgui.gui.widgets.controls import MessageBanner
from mnistgui.gui.worker import EventWorker, WorkerHandle

#: batch events reach the GUI at most this many times a second (gathered into lists)
BATCH_RATE_HZ = 12.0
SIDE_WIDTH = 344  # the settings column, without its scroll bar

class TrainingTab(RunStatusMixin, RunPreparationMixin, EvaluationMixin, LiveViewsMixin, QWidget):
    """Train on MNIST with live curves, evaluate, and keep every run."""

    #: a test image was clicked: (28x28 float32 image with ink = 1, a name for it)
    image_opened = Signal(object, str)
    #: "Look inside" chosen for a test image: (28x28 float32 image, a name for it)
    inside_requested = Signal(object, str)
    #: "Use this model": (a :class:`~mnistgui.core.predict.Predictor`, its checkpoint path)
    predictor_chosen = Signal(object, str)
    #: the state changed: "idle", "preparing" (the run's digits are being rendered), "running",
    #: "paused", "stopping", "finished" or "failed"
    state_changed = Signal(str)

    def __init__(self, runs_root: str | os.PathLike | None = None, cache_dir: str | os.PathLike | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("TrainingTab")
        self.store = RunStore(runs_root if runs_root is not None else paths.runs_dir())
        self.thread_budget = ThreadBudget(drawing=True)  # every core while this page is shown
        self.data: MnistData | None = None
        self.trainer: Trainer | None = None
        self.run: TrainRun | None = None
        self.run_info: RunInfo | None = None
        self.state = "idle"
        self.last_finished: Finished | None = None
        self.last_error = ""
        self._handle: WorkerHandle | None = None
        self._eval_handle: WorkerHandle | None = None
        self._prepare_handle: WorkerHandle | None = None
        self._evaluating = False
        self._best: tuple[int, dict] | None = None  # (epoch, CPU state dict)
        self._latest: tuple[int, dict] | None = None
        self._rate = 0.0
        self._failure = ""  # what stopped the current run, if it failed
        self._epoch_seconds: list[float] = []
        self._last_epoch: EpochMetrics | None = None
        self._shown_once = False
        self._cache_dir = Path(cache_dir) if cache_dir is not None else paths.mnist_cache_dir()
        self._built = False
        self._in_use_run: str | None = None  # the run whose model the app reads with
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(14, 12, 14, 12)
        self._layout.setSpacing(14)

    @Slot(int, int)
    def _fit_side_scroll(self, _low: int, high: int) -> None:
        bar = self.side_scroll.verticalScrollBar()
        self.side_scroll.setFixedWidth(SIDE_WIDTH + (bar.sizeHint().width() if high > 0 else 0))

    def ensure_built(self) -> None:
        """Build the tab's widgets, if not yet done. The main window creates this tab at start-up
        but it is built when first shown (or used), so the app's first paint does not wait for
        its plots."""
        if self._built:
            return
        self._built = True
        self.data_panel = DataPanel(self._cache_dir)
        self.settings = TrainingSettings()
        self._restore_settings()
        side_inner = QWidget()
        side_inner.setObjectName("SideInner")
        side = QVBoxLayout(side_inner)
        side.setContentsMargins(0, 0, 6, 0)
        side.setSpacing(12)
        side.addWidget(self.data_panel)
        side.addWidget(self.settings)
        side.addStretch(1)
        self.side_scroll = QScrollArea()
        self.side_scroll.setObjectName("SideScroll")
        self.side_scroll.setWidget(side_inner)
        self.side_scroll.setWidgetResizable(True)
        self.side_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.side_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.side_scroll.setFixedWidth(SIDE_WIDTH)
        # where the column scrolls, its scroll bar is added beside it rather than taken from it
        self.side_scroll.verticalScrollBar().rangeChanged.connect(self._fit_side_scroll)

        self.controls = RunControls()
        self.banner = MessageBanner("ErrorBanner")
        if self._settings_note:
            self.show_message(self._settings_note)
        self.plots = TrainingPlots()
        # before a run, the plots span the epochs the settings say
        self.settings.epochs.valueChanged.connect(self._on_settings_epochs_changed)
        self.plots.set_planned_epochs(self.settings.epochs.value())
        self.evaluation = EvaluationView()
        self.runs_view = RunsView(self.store)
        self.runs_view.in_use_id = self._in_use_run
        self.views = QTabWidget()
        self.views.setObjectName("Views")
        self.views.setDocumentMode(False)
        self.views.setUsesScrollButtons(True)  # in a narrow window the tab bar scrolls rather than widening the page
        self.views.addTab(self.plots, self.tr("Curves"))
        self.views.addTab(self.evaluation, self.tr("Evaluation"))
        self.views.addTab(self.runs_view, self.tr("Runs"))

        right = QVBoxLayout()
        right.setSpacing(10)
        right.setContentsMargins(0, 0, 0, 0)
        right.addWidget(self.controls)
        right.addWidget(self.banner)
        right.addWidget(self.views, 1)
        self._layout.addWidget(self.side_scroll)
        self._layout.addLayout(right, 1)

        self.data_panel.data_loaded.connect(self._on_data_panel_data_loaded)
        self.data_panel.busy_changed.connect(self._on_data_panel_busy_changed)
        self.settings.lr_changed.connect(self._on_settings_lr_changed)
        self.settings.recipe_loaded.connect(self._on_settings_recipe_loaded)
        self.settings.recipe_failed.connect(self._on_settings_recipe_failed)
        self.evaluation.image_opened.connect(self.image_opened)
        self.evaluation.inside_requested.connect(self.inside_requested)
        self.evaluation.evaluate_requested.connect(self._on_evaluation_evaluate_requested)
        self.runs_view.use_requested.connect(self._on_runs_view_use_requested)
        self.runs_view.evaluation_requested.connect(self._on_runs_view_evaluation_requested)
        self.runs_view.message.connect(self._on_runs_view_message)
        c = self.controls
        c.start_button.clicked.connect(self._on_start_clicked)
        c.pause_button.clicked.connect(self._on_pause_clicked)
        c.stop_button.clicked.connect(self._on_stop_clicked)
        c.continue_button.clicked.connect(self._on_continue_clicked)
        c.new_button.clicked.connect(self._on_new_clicked)
        self._make_live_views()  # the Predictions and Model pages
        self._update_controls()

    # ------------------------------------------------------------------------------------------
    # Construction

    def _restore_settings(self) -> None:
        """The last run's settings; a stored value that does not parse is reported once, kept
        aside under ``train/config-damaged`` and dropped, and the defaults are used."""
        s = QSettings()
        raw = s.value("train/config")
        self._settings_note = ""
        if not raw:
            return
        try:
            d = json.loads(str(raw))
            if not isinstance(d, dict):
                kind = {type(None): "nothing", list: "a list", str: "text"}.get(type(d), "a single value")
                raise ValueError(f"it holds {kind} where the settings belong")
            self.settings.set_config(TrainConfig.from_dict(d))
        except (ValueError, TypeError, AttributeError, KeyError, OverflowError, RecursionError) as exc:
            s.setValue("train/config-damaged", str(raw)[:100_000])
            s.remove("train/config")
            s.sync()
            self._settings_note = self.tr("The saved training settings could not be read ({0}); the defaults are shown."
                                          ).format(str(exc)[:120])

    # ------------------------------------------------------------------------------------------
    # Public

    @property
    def is_training(self) -> bool:
        """A run is training (or being prepared, paused, or stopping)."""
        return self.state in ("preparing", "running", "paused", "stopping")

    def run_config(self) -> TrainConfig:
        """The run Start would train: the settings, with the data panel's validation images
        (raises ValueError with a message for the user)."""
        self.ensure_built()
        return self.settings.config(val_size=self.data_panel.val_size.value())

    def set_data(self, data: MnistData) -> None:
        """Train on ``data`` (as if it had been loaded from a folder)."""
        self.ensure_built()
        self.data_panel.set_data(data)

    def show_message(self, text: str) -> None:
        self.ensure_built()
        self.last_error = text
        self.banner.show_message(text)

    def start(self) -> bool:
        """Start a new run with the current settings; False (with a message) if it cannot."""
        self.ensure_built()
        if self.is_training:
            return False
        if self.data is None:
            self.show_message(self.tr("Load MNIST first: from the app's cache, a folder, or a download (left)."))
            return False
        try:
            cfg = self.run_config()
            if needs_preparation(cfg):
                return self._prepare(cfg)
            run = start_train_run(self.store, cfg, self.data, train_count=self.data_panel.train_count(),
                                  control=Control())
        except (ValueError, MnistguiError) as exc:
            self.show_message(self.tr("Cannot start: {0}").format(exc))
            return False
        self.new_run()
        self._start_run(run)
        return True

    def _start_run(self, run: TrainRun) -> None:
        cfg = run.trainer.config
        QSettings().setValue("train/config", json.dumps(cfg.to_dict()))
        self.run, self.trainer, self.run_info = run, run.trainer, run.info
        self._start_live_views(run)
        self.plots.reset(cfg.epochs)
        self.plots.set_run_notes(cfg.label_smoothing, cfg.augment)
        self._begin()
        self.views.setCurrentWidget(self.plots)

    def pause(self) -> None:
        if self.state == "running" and self.trainer is not None:
            self.trainer.control.pause()
            self._set_state("paused")
            self._set_progress_text(self.tr("paused after the batch under way; Resume goes on from there"), warn=True)

    def resume(self) -> None:
        if self.state == "paused" and self.trainer is not None:
            self.trainer.control.resume()
            self._set_state("running")
            self._set_progress_text(self.tr("training…"))

    def stop(self) -> None:
        if self.state == "preparing" and self._prepare_handle is not None:
            self._prepare_handle.request_stop()
            self._set_state("stopping")
            self._set_progress_text(self.tr("stopping: no run starts once the preparation under way ends…"), warn=True)
            return
        if self.state in ("running", "paused") and self.trainer is not None:
            self.trainer.control.stop()
            self._set_state("stopping")
            self._set_progress_text(self.tr("stopping after the batch under way…"))

    def continue_training(self, epochs: int | None = None) -> bool:
        """Train the current run for ``epochs`` more (the spin box's value by default)."""
        self.ensure_built()
        if self.is_training or self.trainer is None or self.state == "failed":
            return False
        n = int(epochs or self.controls.continue_epochs.value())
        lr = self.settings.lr()
        self.run.continue_for(n, lr)
        self.settings.set_config(self.trainer.config)
        self.settings.set_lr(lr)
        self.plots.set_planned_epochs(self.trainer.total_epochs)
        self._begin()
        return True

    def new_run(self) -> None:
        """Forget the current run (it stays in the runs list) and clear the live view."""
        self.ensure_built()
        if self.is_training:
            return
        self.trainer = self.run = self.run_info = None
        self._clear_live_views()
        self._best = self._latest = None
        self.last_finished = None
        self._epoch_seconds = []
        self._last_epoch = None
        self._rate = 0.0
        self.plots.reset(self.settings.epochs.value())
        self.controls.progress.setValue(0)
        self._set_progress_text(self._idle_text())
        self.controls.best_label.setText("")
        self.banner.hide()
        self._set_state("idle")

    def use_run(self, run_id: str) -> bool:
        """Make a run's best model the live predictor (emits :attr:`predictor_chosen`)."""
        self.ensure_built()
        try:
            ckpt = self.store.load_model(run_id)
            predictor = Predictor.from_checkpoint(ckpt, ckpt.name)
        except MnistguiError as exc:
            self.show_message(self.tr("Cannot use that model: {0}").format(exc))
            return False
        self.predictor_chosen.emit(predictor, str(self.store.folder(run_id) / "best.pt"))
        self._set_progress_text(self.tr("The Draw tab now reads with {0}.").format(ckpt.name), about_run=False)
        self._reads_with_note = run_id  # said until another model is chosen, here or elsewhere
        return True

    def set_model_in_use(self, path: str | os.PathLike | None) -> None:
        """The app reads with the model in ``path``: mark its run, if it is one's, "in use"."""
        p = Path(path) if path else None
        run_id = p.parent.name if p is not None and p.name == "best.pt" and \
            p.parent.parent.resolve() == self.store.root.resolve() else None
        self._in_use_run = run_id
        if self._built:
            self.runs_view.set_in_use(run_id)
            if getattr(self, "_reads_with_note", None) not in (None, run_id):
                self._reads_with_note = None  # "The Draw tab now reads with …" no longer holds
                self._set_progress_text(self._idle_text(), about_run=self.trainer is not None)

    def shutdown(self, timeout_ms: int = 30000) -> bool:
        """Stop whatever runs (training, evaluation, loading) and wait for it; what was saved is
        kept. True when every worker thread has ended."""
        ok = self.data_panel.shutdown(timeout_ms) if self._built else True
        if self._prepare_handle is not None:
            ok = self._prepare_handle.stop(timeout_ms) and ok
        if self._eval_handle is not None:
            ok = self._eval_handle.stop(timeout_ms) and ok
        if self._handle is not None:
            if self.trainer is not None:
                self.trainer.control.stop()
            stopped = self._handle.stop(timeout_ms)
            if stopped and self.is_training:
                self._forget_if_empty()  # closing before the first epoch ended: nothing to keep
            ok = stopped and ok
        return ok

    # ------------------------------------------------------------------------------------------
    # Running

    def _begin(self) -> None:
        t = self.trainer
        events = self._with_live_events(partial(train_job, self.run, threads=self.thread_budget))
        worker = EventWorker(events, t.control, rate_hz=BATCH_RATE_HZ)
        worker.batches_done.connect(self._on_worker_batches_done)
        worker.epoch_done.connect(self._on_worker_epoch_done)
        worker.snapshot_ready.connect(self._on_worker_snapshot_ready)
        worker.event_ready.connect(self._on_worker_event_ready)
        worker.failed.connect(self._on_worker_failed)
        worker.finished.connect(self._on_worker_finished)
        self._handle = WorkerHandle(worker, self)
        self._rate = 0.0
        self._failure = ""
        self.banner.hide()
        self.controls.progress.setRange(0, 1000)
        self._set_progress_text("starting…")
        self._set_state("running")
        self._handle.start()
        self.runs_view.refresh()

    def _set_state(self, state: str) -> None:
        self.state = state
        self._update_controls()
        self.state_changed.emit(state)

    def _update_controls(self) -> None:
        if not self._built:
            return
        s = self.state
        training = self.is_training
        has_data = self.data is not None and not self.data_panel.busy
        self.controls.start_button.setEnabled(not training and has_data)
        self.controls.start_button.setToolTip(self.tr("Start a new run with these settings") if has_data else
                                     self.tr("Load MNIST first (left)"))
        self.controls.pause_button.setEnabled(s in ("running", "paused"))
        self.controls.pause_button.setText(self.tr("Resume") if s == "paused" else self.tr("Pause"))
        self.controls.stop_button.setEnabled(s in ("preparing", "running", "paused"))
        can_continue = not training and self.trainer is not None and s != "failed"
        self.controls.continue_button.setEnabled(can_continue)
        self.controls.continue_epochs.setEnabled(can_continue)
        self.controls.new_button.setEnabled(not training and self.trainer is not None)
        self.settings.set_running(training)
        self.data_panel.set_locked(training)
        self.evaluation.set_can_evaluate(self._latest is not None and not self._evaluating and self.data is not None,
                                         self.tr("Evaluate the latest weights on the test set now") if self._latest else
                                         self.tr("Available once the first epoch has ended"))

    # ------------------------------------------------------------------------------------------
    # Slots: the training worker (queued from its thread)

    @Slot(list)
    def _on_worker_batches_done(self, batches: list) -> None:
        self.plots.add_batches(batches)
        self._update_progress(batches[-1])

    @Slot(object)
    def _on_worker_epoch_done(self, e: EpochMetrics) -> None:
        self._epoch_seconds.append(e.seconds)
        self._last_epoch = e
        self.plots.add_epoch(e)
        best = next((m for m in self.plots.epochs if m.epoch == e.best_epoch), e)
        self.controls.show_best(e, best.val_accuracy)

    @Slot(object)
    def _on_worker_snapshot_ready(self, s: Snapshot) -> None:
        self._latest = (s.epoch, s.state_dict)
        if s.is_best:
            self._best = (s.epoch, s.state_dict)
        self._update_controls()
        self.runs_view.refresh()  # the recorder saved the epoch before this snapshot came

    @Slot(str)
    def _on_worker_failed(self, message: str) -> None:
        self._failure = message
        self.show_message(message)

    @Slot(object)
    def _on_worker_finished(self, result) -> None:
        self.last_finished = result
        failed = bool(self._failure) or result is None
        self.plots.refresh()
        lr_note = self._restore_settings_lr()
        if failed:
            self._set_state("failed")
            self._set_progress_text(self.tr("failed (see the message above); what was saved is kept in Runs"), warn=True)
        else:
            f: Finished = result
            self.controls.progress.setValue(1000 if f.reason != "stopped" else self.controls.progress.value())
            detail = {
                "completed": self.tr("done"),
                "early-stopped": self.tr("stopped early (the validation loss stopped improving)"),
                "stopped": self.tr("stopped"),
            }.get(f.reason, f.reason)
            self._set_state("finished")
            if not f.best_epoch and self._forget_if_empty():
                self.runs_view.refresh()
                self.new_run()  # nothing was trained, and nothing is kept
                self._set_progress_text(self.tr("Stopped before the first epoch ended: nothing was trained, so no run "
                                                "is kept. Press Start to train.") + lr_note, about_run=False)
                return
            last = self.trainer is not None and self.trainer.config.keep == "last"
            self._set_progress_text(((self.tr(
                "{0}: %n epoch(s) in {1}; the final model (epoch {2}) kept in Runs", "", f.epochs_run)
                if last else self.tr(
                "{0}: %n epoch(s) in {1}; best model (epoch {2}) kept in Runs", "", f.epochs_run)).format(
                    detail, duration(f.seconds), f.best_epoch)
                if f.best_epoch else self.tr("{0} before the first epoch ended: no model to keep").format(detail))
                + lr_note)
            if self._best is not None:
                self._start_evaluation(*self._best, "best")
        self.runs_view.refresh()

    # ------------------------------------------------------------------------------------------
    # Slots: widgets

    @Slot(object)
    def _on_data_panel_data_loaded(self, data: MnistData) -> None:
        self.data = data
        picks = preview_picks(data.train_labels.numpy())
        self.settings.set_preview_images(data.train_images[picks] if picks else None)
        if not self.is_training and self.trainer is None:
            self._set_progress_text(self.tr("Press Start to train with these settings."))
        self._update_controls()

    @Slot(bool)
    def _on_data_panel_busy_changed(self, _busy: bool) -> None:
        self._update_controls()

    @Slot(object)
    def _on_settings_recipe_loaded(self, recipe: Recipe) -> None:
        cfg = recipe.config
        self.data_panel.val_size.setValue(cfg.val_size)
        if recipe.train_images:
            self.data_panel.train_limit.setValue(recipe.train_images)
        self.banner.hide()
        what = self.tr("the recipe of {0}").format(recipe.name) if recipe.name else self.tr("the default settings")
        self._set_progress_text(self.tr("Settings: {0} (%n epoch(s)); press Start to train it.", "", cfg.epochs).format(what),
            about_run=False)

    @Slot(str)
    def _on_settings_recipe_failed(self, message: str) -> None:
        self.show_message(message)

    @Slot(int)
    def _on_settings_epochs_changed(self, epochs: int) -> None:
        if self.trainer is None:
            self.plots.set_planned_epochs(epochs)

    @Slot(float)
    def _on_settings_lr_changed(self, lr: float) -> None:
        if self.trainer is not None and self.state in ("running", "paused"):
            try:
                self.trainer.set_lr(lr)
            except ValueError as exc:
                self.show_message(str(exc))
                return
            start = self.trainer.config.lr
            self._set_progress_text(self.tr("peak learning rate now {0:g}, from the next batch, for this run only "
                                            "(the settings go back to {1:g} when it ends)").format(lr, start))

    @Slot()
    def _on_start_clicked(self) -> None:
        self.start()

    @Slot()
    def _on_pause_clicked(self) -> None:
        if self.state == "paused":
            self.resume()
        else:
            self.pause()

    @Slot()
    def _on_stop_clicked(self) -> None:
        self.stop()

    @Slot()
    def _on_continue_clicked(self) -> None:
        self.continue_training()

    @Slot()
    def _on_new_clicked(self) -> None:
        self.new_run()

    @Slot()
    def _on_evaluation_evaluate_requested(self) -> None:
        self.evaluate_now()

    @Slot(str)
    def _on_runs_view_use_requested(self, run_id: str) -> None:
        self.use_run(run_id)

    @Slot(str)
    def _on_runs_view_evaluation_requested(self, run_id: str) -> None:
        self.show_run_evaluation(run_id)

    @Slot(str)
    def _on_runs_view_message(self, text: str) -> None:
        self._set_progress_text(text, about_run=False)

    # ------------------------------------------------------------------------------------------
    # Qt events

    # Word-wrapped labels inside make the layout report a height for each width, which a scroll
    # area holding the tab takes as the height to give it: the preferred one, taller than a
    # 700-pixel window. The tab fits any height down to its minimum instead.
    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt's name
        return False

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt's name
        return -1

    def hideEvent(self, event) -> None:  # noqa: N802 - Qt's name
        self.thread_budget.drawing = True  # another page, where the user may draw: a core for the GUI
        super().hideEvent(event)

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        self.thread_budget.drawing = False
        self.ensure_built()
        super().showEvent(event)
        if not self._shown_once:
            self._shown_once = True
            self.runs_view.refresh()
            self.data_panel.auto_load()
