"""Fine-tuning the model in use on the personal samples: strategy, MNIST, live curves, the report.

The run goes through :class:`~mnistgui.gui.worker.EventWorker` over
:func:`~mnistgui.core.jobs.finetune_job` (what ``mnistgui finetune`` runs): it loads MNIST when needed, fine-tunes a copy
of the model in use, measures both models and saves the result as a new version, which the tab
then puts in use. The curves are created once and updated from preallocated buffers.
"""

from __future__ import annotations

import math
import time
from dataclasses import replace
from functools import partial

import numpy as np
import pyqtgraph as pg
import torch
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QSize, Qt, Signal, Slot
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QRadioButton,
    QScrollArea,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from mnistgui.core.finetune import (
    CV_FOLDS,
    MIN_HELDOUT,
    DEFAULT_STRATEGY,
    STRATEGIES,
    Comparison,
    FinetuneConfig,
    FinetuneEval,
)
from mnistgui.core.events import BatchMetrics, Control
from mnistgui.core.jobs import FinetuneJob, JobDone, Stage, finetune_job, model_copy
from mnistgui.core.library import version_key
from mnistgui.core.samples import records_to_tensors
from mnistgui.gui import i18n
from mnistgui.gui.widgets import style
from mnistgui.gui.widgets.controls import FlexLabel, button, card, muted
from mnistgui.gui.finetune.report import ComparisonView
from mnistgui.gui.finetune.core_text import stage_text, strategy_description, strategy_title
from mnistgui.gui.finetune.mnist_source import MnistSource
from mnistgui.gui.finetune.model_manager import ModelManager
from mnistgui.gui.finetune.sample_library import SampleLibrary
from mnistgui.gui.widgets.mnist_getter import MnistGetter
from mnistgui.gui.worker import EventWorker, WorkerHandle

#: fewer than this many samples of a digit is flagged before a run
FEW = 5

CURVES = (
    ("personal_train_accuracy", QT_TRANSLATE_NOOP("FinetunePanel", "Your training samples"), "#93b4f5", Qt.PenStyle.DashLine),
    ("heldout_accuracy", QT_TRANSLATE_NOOP("FinetunePanel", "Your held-out samples"), style.ACCENT, Qt.PenStyle.SolidLine),
    ("mnist_accuracy", QT_TRANSLATE_NOOP("FinetunePanel", "MNIST validation"), "#16a34a", Qt.PenStyle.SolidLine),
)


def _sentence(text: str) -> str:
    """A strategy description as a sentence: capital first letter, full stop, no "(default)"."""
    t = text.replace(" (default)", "").strip()
    return t[:1].upper() + t[1:] + ("" if t.endswith(".") else ".")


class _Series:
    """x/y buffers that double when full; :meth:`view` is what the curve shows."""

    def __init__(self, capacity: int = 32) -> None:
        self.x = np.zeros(capacity)
        self.y = np.zeros(capacity)
        self.n = 0

    def clear(self) -> None:
        self.n = 0

    def append(self, x: float, y: float) -> None:
        if self.n == len(self.x):
            self.x = np.concatenate([self.x, np.zeros_like(self.x)])
            self.y = np.concatenate([self.y, np.zeros_like(self.y)])
        self.x[self.n], self.y[self.n] = x, y
        self.n += 1

    def view(self) -> tuple[np.ndarray, np.ndarray]:
        return self.x[: self.n], self.y[: self.n]


class CurvesPlot(pg.PlotWidget):
    """Accuracy against fine-tuning steps: personal train, held out, MNIST validation."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, background=style.CARD)
        self.setMinimumHeight(80)  # the page fits a 1024x640 window
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        item = self.getPlotItem()
        item.setMenuEnabled(False)
        item.hideButtons()
        item.setMouseEnabled(x=False, y=False)
        item.showGrid(x=False, y=True, alpha=0.08)
        item.setYRange(0, 1.1, padding=0)
        item.setXRange(0, 150, padding=0.02)
        for name in ("left", "bottom"):
            ax = item.getAxis(name)
            ax.setPen(pg.mkPen(style.BORDER))
            ax.setTextPen(pg.mkPen(style.MUTED))
        left = item.getAxis("left")
        left.setTicks([[(v, f"{int(v * 100)}%") for v in (0, 0.25, 0.5, 0.75, 1.0)], []])
        left.setWidth(42)
        self.series: dict[str, _Series] = {}
        self.curves: dict[str, pg.PlotDataItem] = {}
        for key, name, color, dash in CURVES:
            pen = pg.mkPen(color, width=2.2, style=dash)
            self.curves[key] = item.plot([], [], pen=pen, name=QCoreApplication.translate("FinetunePanel", name), symbol="o", symbolSize=5,
                                         symbolBrush=QColor(color), symbolPen=pg.mkPen(None))
            self.series[key] = _Series()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(480, 180)  # small: the layout's stretch shares out the rest

    def reset(self, steps: int) -> None:
        for key, s in self.series.items():
            s.clear()
            self.curves[key].setData([], [])
        self.getPlotItem().setXRange(0, max(1, steps), padding=0.02)

    def add(self, ev: FinetuneEval) -> None:
        for key, s in self.series.items():
            v = getattr(ev, key)
            if v is None or (isinstance(v, float) and math.isnan(v)):
                continue
            s.append(ev.step, v)
            self.curves[key].setData(*s.view())

    def last(self, key: str) -> float | None:
        s = self.series[key]
        return float(s.y[s.n - 1]) if s.n else None


class FinetunePanel(QWidget):
    """Choose a strategy, start, watch, read the report."""

    #: a run ended: the :class:`JobDone` (also when it was stopped)
    run_finished = Signal(object)
    #: something to tell the user: (title, text, is_warning)
    message = Signal(str, str, bool)

    def __init__(self, library: SampleLibrary, manager: ModelManager, mnist: MnistSource,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.manager = manager
        self.mnist = mnist
        #: the settings a run starts from (strategy and steps come from the controls); tests and
        #: quick checks may replace it, e.g. with fewer steps
        self.base_config = FinetuneConfig(eval_every=15, mnist_eval_size=1000)
        self._job: WorkerHandle | None = None
        self._control: Control | None = None
        self._running = False
        self._started_from = ""
        self.last_result: JobDone | None = None
        self.last_error: str | None = None

        # -- left: the settings
        left = QVBoxLayout()
        left.setContentsMargins(0, 0, 4, 0)
        left.setSpacing(12)

        data_card, data_lay = card(self.tr("Starting point"))
        self.base_label = QLabel()
        self.base_label.setWordWrap(True)
        self.samples_label = muted("")
        data_lay.addWidget(self.base_label)
        data_lay.addWidget(self.samples_label)
        left.addWidget(data_card)

        strat_card, strat_lay = card(self.tr("Strategy"))
        self.strategy_group = QButtonGroup(self)
        self.strategy_buttons: dict[str, QRadioButton] = {}
        self.strategy_notes: dict[str, QLabel] = {}
        for i, name in enumerate(STRATEGIES):
            rb = QRadioButton(strategy_title(name))
            rb.setToolTip(strategy_description(name))
            self.strategy_group.addButton(rb, i)
            note = muted(_sentence(strategy_description(name)))
            note.setContentsMargins(26, 0, 0, 4)
            strat_lay.addWidget(rb)
            strat_lay.addWidget(note)
            self.strategy_buttons[name] = rb
            self.strategy_notes[name] = note
        self.strategy_buttons[DEFAULT_STRATEGY].setChecked(True)
        steps_row = QHBoxLayout()
        steps_row.setSpacing(8)
        steps_label = QLabel(self.tr("Steps"))
        steps_label.setObjectName("Muted")
        self.steps_spin = QSpinBox()
        self.steps_spin.setRange(10, 2000)
        self.steps_spin.setSingleStep(10)
        self.steps_spin.setValue(self.base_config.steps)
        self.steps_spin.setToolTip(self.tr("Batches of your samples to train on; 150 suits about 10 samples a digit"))
        steps_label.setBuddy(self.steps_spin)
        steps_row.addWidget(steps_label)
        steps_row.addWidget(self.steps_spin)
        steps_row.addWidget(muted(self.tr("batches, augmented"), wrap=False))
        steps_row.addStretch(1)
        strat_lay.addLayout(steps_row)
        left.addWidget(strat_card)

        mnist_card, mnist_lay = card(self.tr("MNIST"))
        self.mnist_label = muted("")
        self.mnist_label.setTextFormat(Qt.TextFormat.RichText)
        #: "Choose folder…" and "Download", in place (the app's one MNIST folder)
        self.mnist_getter = MnistGetter()
        mnist_lay.addWidget(self.mnist_label)
        mnist_lay.addWidget(self.mnist_getter)
        left.addWidget(mnist_card)
        #: Head only was chosen for the user because MNIST was missing: Replay comes back with it
        self._head_for_want_of_mnist = False
        left.addStretch(1)

        left_w = QWidget()
        left_w.setLayout(left)
        scroll = QScrollArea()
        scroll.setWidget(left_w)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setMinimumWidth(330)
        scroll.setMaximumWidth(400)
        scroll.setObjectName("FinetuneSettings")
        self.settings_scroll = scroll

        # -- right: run, curves, report
        run_card, run_lay = card()
        head = QHBoxLayout()
        head.setSpacing(8)
        self.start_button = button(self.tr("Fine-tune"), primary=True, tip=self.tr("Fine-tune the model in use on your samples"))
        self.start_button.setMinimumWidth(120)
        self.start_button.clicked.connect(self._on_start_clicked)
        self.stop_button = button(self.tr("Stop"), tip=self.tr("Stop now; nothing is saved"))
        self.stop_button.clicked.connect(self._on_stop_clicked)
        self.stop_button.setEnabled(False)
        self.status_label = FlexLabel("", lines=2)
        head.addWidget(self.start_button)
        head.addWidget(self.stop_button)
        head.addSpacing(8)
        head.addWidget(self.status_label, 1)
        self.progress = QProgressBar()
        self.progress.setFixedHeight(6)
        self.progress.setTextVisible(False)
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        run_lay.addLayout(head)
        run_lay.addWidget(self.progress)
        self.curves = CurvesPlot()
        legend = QLabel(self.tr("Accuracy at each step:&nbsp;&nbsp; ") + "&nbsp;&nbsp;&nbsp;".join(
            f"<span style='color:{color}; font-weight:700'>"
            f"{'– –' if dash == Qt.PenStyle.DashLine else '——'}"
            f"</span>&nbsp;{QCoreApplication.translate('FinetunePanel', name)}" for _key, name, color, dash in CURVES))
        legend.setObjectName("Muted")
        legend.setTextFormat(Qt.TextFormat.RichText)
        legend.setWordWrap(True)  # wraps in a narrow window rather than widening it
        self.curves_legend = legend
        run_lay.addWidget(legend)
        run_lay.addWidget(self.curves, 1)

        report_card, report_lay = card()
        rhead = QHBoxLayout()
        rtitle = QLabel(self.tr("Before and after"))
        rtitle.setObjectName("CardTitle")
        rhead.addWidget(rtitle)
        self.result_label = muted("")  # model names can be long: it wraps, never widens the page
        self.result_label.setTextFormat(Qt.TextFormat.RichText)
        self.result_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        rhead.addWidget(self.result_label, 1)
        self.roll_back_button = button(self.tr("Roll back"), tip=self.tr("Go back to the model this fine-tune started from"))
        self.roll_back_button.clicked.connect(self._on_roll_back_clicked)
        self.roll_back_button.setVisible(False)
        rhead.addWidget(self.roll_back_button)
        report_lay.addLayout(rhead)
        self.report_stack = QStackedWidget()
        self.report_hint = FlexLabel(self.tr("When a fine-tune finishes, the base model and the fine-tuned one are measured side by side here: on your held-out samples (overall and per digit) and on MNIST's test set."), fixed=False)
        self.report_hint.setObjectName("Faint")
        self.report_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.report_hint.setFont(style.font(self.font(), 1))
        self.report = ComparisonView()
        self.report_stack.addWidget(self.report_hint)
        self.report_stack.addWidget(self.report)
        report_lay.addWidget(self.report_stack, 1)

        right = QVBoxLayout()
        right.setContentsMargins(0, 0, 0, 0)
        right.setSpacing(12)
        right.addWidget(run_card, 3)
        right.addWidget(report_card, 2)
        self._right = right

        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(14)
        lay.addWidget(scroll)
        lay.addLayout(right, 1)

        self.strategy_group.idToggled.connect(self._on_strategy_toggled)
        self.steps_spin.valueChanged.connect(self._on_steps_changed)
        mnist.changed.connect(self.refresh)
        manager.changed.connect(self._on_manager_changed)
        library.changed.connect(self._on_library_changed)

    # ------------------------------------------------------------------------------------------
    # Public

    @property
    def running(self) -> bool:
        return self._running

    def strategy(self) -> str:
        for name, rb in self.strategy_buttons.items():
            if rb.isChecked():
                return name
        return DEFAULT_STRATEGY

    def set_strategy(self, name: str) -> None:
        self.strategy_buttons[name].setChecked(True)

    def config(self) -> FinetuneConfig:
        return replace(self.base_config, strategy=self.strategy(), steps=self.steps_spin.value())

    def refresh(self) -> None:
        self._show_base()
        self._show_samples()
        self._show_mnist()
        self._show_recorded_report()
        self._update_buttons()

    def start(self) -> bool:
        """Start fine-tuning; False (with the reason in the status line) if it cannot start."""
        if self._running:
            return False
        self.last_error = None
        if not self.library.available():
            return self._refuse(self.library.error or self.tr("The sample collection cannot be opened."))
        rows = self.library.samples()
        train = sum(1 for r in rows if not r.heldout)
        if train == 0:
            return self._refuse(self.tr("Collect some samples first: every fifth of each digit is held out, "
                                        "so at least one other is needed to train on."))
        cfg = self.config()
        req = self.mnist.request()
        if cfg.strategy == "replay" and req is None:
            return self._refuse(self.tr("Replay needs MNIST to mix in. Choose the MNIST folder, "
                                        "or the 'Head only' strategy."))
        images, labels = records_to_tensors(rows)
        mask = np.array([r.heldout for r in rows], dtype=bool)
        base = self.manager.current
        if base is None:
            return self._refuse(self.tr("There is no model to start from."))
        self._started_from = base.name or self.tr("the model in use")
        self._started_key = self.manager.in_use()  # the new version's parent
        job = FinetuneJob(
            base_model=model_copy(base.model), base_checkpoint=base.checkpoint, preprocess=base.preprocess,
            config=cfg, images=images, labels=labels, heldout=mask,
            versions_dir=str(self.manager.versions.folder),
            samples_desc=str(self.library.path), mnist=req, strokes=[r.strokes for r in rows],
        )
        control = Control()
        worker = EventWorker(partial(finetune_job, job, control), control, rate_hz=20)
        worker.batches_done.connect(self._on_worker_batches_done)
        worker.event_ready.connect(self._on_worker_event_ready)
        worker.failed.connect(self._on_worker_failed)
        worker.finished.connect(self._on_worker_finished)
        if self._job is not None:
            self._job.thread.wait(5000)
        self._job = WorkerHandle(worker, self)
        self._control = control
        self._running = True
        self._t0 = time.monotonic()
        self.last_result = None
        self.curves.reset(cfg.steps)
        self.progress.setRange(0, cfg.steps)
        self.progress.setValue(0)
        self.result_label.setText("")
        self.roll_back_button.setVisible(False)
        self._say(self.tr("Starting: {0}, {1} steps on {2} samples…").format(
            strategy_title(cfg.strategy), cfg.steps, train))
        self._update_buttons()
        self._job.start()
        return True

    def stop(self, wait: bool = False) -> None:
        if self._job is None:
            return
        if wait:
            self._job.stop(30000)
        else:
            self._job.request_stop()

    # ------------------------------------------------------------------------------------------
    # Showing state

    def _refuse(self, text: str) -> bool:
        self.last_error = text
        self._say(text, warn=True)
        return False

    def _say(self, text: str, warn: bool = False) -> None:
        self.status_label.setText(text)
        self.status_label.setStyleSheet(f"color: {style.UNSURE};" if warn else f"color: {style.TEXT};")

    @Slot()
    def _show_base(self) -> None:
        m = self.manager
        cur = m.current
        name = (cur.name if cur is not None else "") or self.tr("the model in use")
        acc = cur.test_accuracy if cur is not None else None
        extra = self.tr(" · MNIST test {0}").format(i18n.percent(acc, 2)) if acc is not None else ""
        self.base_label.setText(self.tr("<b>{0}</b>{1}<br><span style='color:{2}'>the model the Draw tab reads with; the result is saved as a new version</span>").format(name, extra, style.MUTED))

    def _show_recorded_report(self) -> None:
        """Before any run this session, show the figures recorded with the version in use."""
        if self._running or self.last_result is not None:
            return
        cur = self.manager.current
        ckpt = cur.checkpoint if cur is not None else None
        data = (ckpt.metrics or {}).get("comparison") if ckpt is not None else None
        if not isinstance(data, dict):
            self.report_stack.setCurrentWidget(self.report_hint)
            self.result_label.setText("")
            return
        try:
            comp = Comparison(**data)
        except TypeError:
            return
        base = (ckpt.provenance or {}).get("base") or "base"
        self.report.set_comparison(comp, self.tr("Before ({0})").format(base), self.tr("After ({0})").format(cur.name))
        self.report_stack.setCurrentWidget(self.report)
        self.result_label.setText(self.tr("as measured when <b>{0}</b> was made").format(cur.name))
        self._right.setStretch(0, 1)
        self._right.setStretch(1, 2)

    def _show_samples(self) -> None:
        rows = self.library.samples()
        held = sum(1 for r in rows if r.heldout)
        n = len(rows)
        counts = [0] * 10
        for r in rows:
            counts[r.label] += 1
        few = [str(d) for d in range(10) if counts[d] < FEW]
        text = self.tr("{0} samples of yours: {1} to train on, {2} held out to measure the result.").format(n, n - held, held)
        if n == 0:
            text = self.tr("No samples yet: collect some on the Collect page first.")
        elif few:
            text += self.tr(" Fewer than {0} of: {1}.").format(FEW, self.tr(", ").join(few))
        if n and held < MIN_HELDOUT:
            text += self.tr(" Too few are held out to measure the result on (every fifth sample of a digit is), so "
                            "it is measured by {0}-fold cross-validation instead: {0} more fine-tunes, "
                            "each reading the samples it left out.").format(CV_FOLDS)
        self.samples_label.setText(text)

    def _show_mnist(self) -> None:
        ok = self.mnist.available()
        folder = self.mnist.folder
        replay = self.strategy_buttons["replay"]
        if ok:
            where = self.tr("the app's download folder") if self.mnist.is_default else str(folder)
            self.mnist_label.setText(self.tr("<span style='color:#15803d'>✓</span> Found in {0}. Replay mixes it into every batch, and the result is measured on its test set.").format(where))
            self.mnist_label.setToolTip(str(folder))
            replay.setEnabled(True)
            self.strategy_notes["replay"].setText(_sentence(strategy_description("replay")))
            self.mnist_getter.setVisible(False)
            if self._head_for_want_of_mnist and not self._running:
                self._head_for_want_of_mnist = False
                replay.setChecked(True)  # the recommended strategy, now that it can run
        else:
            where = self.tr("the app's download folder") if self.mnist.is_default else (folder.name or str(folder))
            self.mnist_label.setText(
                self.tr("<span style='color:{0}'>Not found</span> in {1}. Replay needs it to keep the model reading everyone else's digits; <b>Head only</b> works without it. Choose the folder that holds MNIST, or download it (about 11 MB).").format(style.UNSURE, where))
            self.mnist_label.setToolTip(f"{folder}\n{self.mnist.problem or ''}".strip())
            replay.setEnabled(False)
            self.mnist_getter.setVisible(True)
            self.strategy_notes["replay"].setText(self.tr("Needs MNIST (see below)."))
            if replay.isChecked():
                self._head_for_want_of_mnist = True
                self.strategy_buttons["head"].setChecked(True)

    def _update_buttons(self) -> None:
        run = self._running
        self.start_button.setEnabled(not run)
        self.stop_button.setEnabled(run)
        for rb in self.strategy_buttons.values():
            if run:
                rb.setEnabled(False)
        if not run:
            for name, rb in self.strategy_buttons.items():
                rb.setEnabled(name != "replay" or self.mnist.available())
        self.steps_spin.setEnabled(not run)
        self.mnist_getter.setEnabled(not run)

    # ------------------------------------------------------------------------------------------
    # Slots

    @Slot(int, bool)
    def _on_strategy_toggled(self, _id: int, checked: bool) -> None:
        if checked and self.strategy() != "head":
            self._head_for_want_of_mnist = False  # the user's own choice stands
        if checked and not self._running:
            self._say(_sentence(strategy_description(self.strategy())))

    @Slot(int)
    def _on_steps_changed(self, steps: int) -> None:
        self.curves.getPlotItem().setXRange(0, steps, padding=0.02)

    @Slot()
    def _on_manager_changed(self) -> None:
        self._show_base()
        r = self.last_result
        self.roll_back_button.setVisible(bool(r and r.version and self.manager.in_use() == version_key(r.version.id)
                                              and self.manager.can_roll_back()))
        if self.isVisible():
            self._show_recorded_report()

    @Slot()
    def _on_library_changed(self) -> None:
        if self.isVisible():
            self._show_samples()

    @Slot()
    def _on_start_clicked(self) -> None:
        self.start()

    @Slot()
    def _on_stop_clicked(self) -> None:
        self.stop()
        self._say(self.tr("Stopping…"))

    @Slot()
    def _on_roll_back_clicked(self) -> None:
        if self.manager.roll_back():
            name = self.manager.current.name or self.tr("the previous model")
            self.result_label.setText(self.tr("Rolled back: reading with {0}").format(name))

    @Slot(list)
    def _on_worker_batches_done(self, batches: list) -> None:
        last: BatchMetrics = batches[-1]
        self.progress.setValue(last.step)
        self._say(self.tr("Step {0} of {1} · {2} s").format(last.step, last.batches, i18n.number(last.elapsed_s, 0)))

    @Slot(object)
    def _on_worker_event_ready(self, ev) -> None:
        if isinstance(ev, FinetuneEval):
            self.curves.add(ev)
        elif isinstance(ev, Stage):
            self._say(stage_text(ev.text))
        elif isinstance(ev, JobDone):
            self._on_job_done(ev)

    def _on_job_done(self, ev: JobDone) -> None:
        self.last_result = ev
        if ev.version is None:
            self._say(self.tr("Stopped: nothing was saved; the model in use is unchanged."))
            self.run_finished.emit(ev)
            return
        self.progress.setValue(self.progress.maximum())
        self.report.set_comparison(ev.comparison, self.tr("Before ({0})").format(self._started_from),
                                   self.tr("After ({0})").format(ev.version.name))
        self.report_stack.setCurrentWidget(self.report)
        self._right.setStretch(0, 1)  # the report needs the room now
        self._right.setStretch(1, 2)
        self.result_label.setText(f"{self._started_from}  →  <b>{ev.version.name}</b>")
        adopted = self.manager.adopt(ev.version, self._started_key)
        self._say(self.tr("Done in {0} s. Saved as {1}").format(i18n.number(time.monotonic() - self._t0, 0), ev.version.name) +
                  (self.tr(", now reading your drawings in the Draw tab.") if adopted else self.tr(".")))
        self.run_finished.emit(ev)

    @Slot(str)
    def _on_worker_failed(self, text: str) -> None:
        self.last_error = text
        self._say(self.tr("Fine-tuning failed: {0}").format(text), warn=True)

    @Slot(object)
    def _on_worker_finished(self, _result) -> None:
        self._running = False
        self._control = None
        self._update_buttons()


def heldout_tensors(library: SampleLibrary) -> tuple[torch.Tensor, torch.Tensor]:
    """The held-out personal samples as tensors (empty when there are none)."""
    return records_to_tensors([r for r in library.samples() if r.heldout])
