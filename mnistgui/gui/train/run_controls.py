"""The Train tab's run controls: start, pause, stop, continue, a new run, and the run's progress."""

from __future__ import annotations

import html

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QWidget,
)

from mnistgui.core.events import EpochMetrics
from mnistgui.gui import i18n
from mnistgui.gui.widgets import style
from mnistgui.gui.widgets.controls import make_card
from mnistgui.gui.widgets.flow import flow_row, group


def duration(seconds: float) -> str:
    """``m:ss`` or ``h:mm:ss``; a dash for an unknown time."""
    if not np.isfinite(seconds) or seconds < 0:
        return "–"
    s = int(round(seconds))
    h, rem = divmod(s, 3600)
    m, s = divmod(rem, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


class RunControls(QFrame):
    """A card with the buttons that drive a run, its progress bar and a line of progress text.

    The Train tab connects the buttons and decides which are enabled; the card only lays them out.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.start_button = QPushButton(self.tr("Start"))
        self.start_button.setObjectName("Primary")
        self.start_button.setToolTip(self.tr("Start a new run with these settings"))
        self.pause_button = QPushButton(self.tr("Pause"))
        self.pause_button.setToolTip(self.tr("Pause after the current batch; Resume goes on from there"))
        self.stop_button = QPushButton(self.tr("Stop"))
        self.stop_button.setToolTip(self.tr("Stop after the current batch; the best model so far is kept"))
        self.continue_epochs = QSpinBox()
        self.continue_epochs.setRange(1, 500)
        self.continue_epochs.setValue(2)
        self.continue_epochs.setSuffix(self.tr(" epochs"))
        self.continue_epochs.setToolTip(self.tr("How many more epochs Continue trains for"))
        self.continue_epochs.setAccessibleName(self.tr("Epochs to continue for"))
        self.continue_button = QPushButton(self.tr("Continue"))
        self.continue_button.setToolTip(self.tr("Train this run for more epochs, with its own settings and the learning rate shown (a fresh, shorter schedule)"))
        self.new_button = QPushButton(self.tr("New run"))
        self.new_button.setToolTip(self.tr("Clear the live view to set up another run (this one stays in Runs)"))

        # the buttons that belong together stay on one line; in a narrow window the groups wrap
        buttons = flow_row([group([self.start_button, self.pause_button, self.stop_button]),
                            group([self.continue_button, self.continue_epochs]), group([self.new_button])])

        self.progress = QProgressBar()
        self.progress.setObjectName("RunProgress")
        self.progress.setRange(0, 1000)
        self.progress.setValue(0)
        self.progress.setTextVisible(False)
        self.progress.setFixedHeight(8)
        self.progress.setAccessibleName(self.tr("Training progress"))
        self.progress_label = QLabel(self.tr("Load the data and press Start."))
        self.progress_label.setObjectName("Muted")
        self.best_label = QLabel("")
        self.best_label.setObjectName("Muted")
        self.best_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        # a long progress text is clipped (its tooltip has it all); it never widens the tab
        self.progress_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        stats = QHBoxLayout()
        stats.setSpacing(12)
        stats.addWidget(self.progress_label, 1)
        stats.addWidget(self.best_label, 0)

        lay = make_card(self, (14, 10, 14, 10), 8)
        lay.addLayout(buttons)
        lay.addWidget(self.progress)
        lay.addLayout(stats)

    def set_progress_text(self, text: str, name: str = "", warn: bool = False) -> None:
        """The line under the progress bar, led by the run's ``name`` when given."""
        body = html.escape(text)
        if warn:
            body = f"<span style='color:{style.UNSURE}'>{body}</span>"
        self.progress_label.setText(f"<b style='color:{style.TEXT}'>{html.escape(name)}</b> · {body}" if name else body)
        self.progress_label.setToolTip(f"{name}: {text}" if name else text)

    def show_best(self, e: EpochMetrics, best_val_accuracy: float) -> None:
        """The best epoch so far (as of epoch ``e``) and the early stopping count."""
        if e.best_epoch < 1:
            self.best_label.setText("")
            return
        if e.keep == "last":
            text = self.tr("Kept: epoch {0} (the last), {1} val.").format(e.best_epoch, i18n.percent(best_val_accuracy, 2))
            kept = self.tr("The last epoch's weights are kept (validation loss {0:.4f}).").format(e.best_val_loss)
        else:
            text = self.tr("Best: epoch {0}, {1} val.").format(e.best_epoch, i18n.percent(best_val_accuracy, 2))
            kept = self.tr("The best epoch so far (lowest validation loss: {0:.4f}) is kept.").format(e.best_val_loss)
        if e.patience:
            text += self.tr(" · patience {0}/{1}").format(e.epochs_without_improvement, e.patience)
        self.best_label.setText(text)
        self.best_label.setToolTip(
            kept
            + (self.tr(" Early stopping ends the run after {0} epochs without improvement; {1} so far.").format(e.patience, e.epochs_without_improvement) if e.patience else self.tr(" Early stopping is off.")))
