"""What the Train tab says about its run: the line under the progress bar (progress, time left,
paused, stopping), and a run's housekeeping when it ends: a learning rate changed during the run
given back, and a run that trained nothing not kept.

A part of :class:`~mnistgui.gui.train.tab.TrainingTab`: it works on the tab's trainer, run,
store, settings and controls.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QCoreApplication

from mnistgui.core.errors import MnistguiError
from mnistgui.core.events import BatchMetrics
from mnistgui.gui import i18n
from mnistgui.gui.train.run_controls import duration


class RunStatusMixin:
    """The run's status line and its end-of-run housekeeping."""

    def _set_progress_text(self, text: str, *, about_run: bool = True, warn: bool = False) -> None:
        """The line under the progress bar, led by the run's name."""
        name = self.run_info.name if (about_run and self.run_info is not None) else ""
        self.controls.set_progress_text(text, name, warn)

    def _update_progress(self, b: BatchMetrics) -> None:
        t = self.trainer
        if t is None:
            return
        rate = b.samples_per_s
        self._rate = rate if self._rate <= 0 else 0.8 * self._rate + 0.2 * rate
        bs = t.config.batch_size
        total, start = t.total_epochs, t.phase_start_epoch
        span = max(1, (total - start) * b.batches)
        done = (b.epoch - 1 - start) * b.batches + b.batch
        self.controls.progress.setValue(int(1000 * min(1.0, max(0.0, done / span))))
        per_batch = bs / max(self._rate, 1e-9)
        epoch_left = (b.batches - b.batch) * per_batch
        epochs_after = max(0, total - b.epoch)
        if self._epoch_seconds:
            per_epoch = float(np.mean(self._epoch_seconds[-3:]))
        else:
            per_epoch = b.batches * per_batch
        run_left = epoch_left + epochs_after * per_epoch
        if self.state == "paused":  # the batch under way when Pause was pressed has ended
            self._set_progress_text(QCoreApplication.translate(
                "RunStatusMixin", "paused at epoch {0}/{1}, batch {2}/{3}; Resume goes on from there").format(
                b.epoch, total, b.batch, b.batches), warn=True)
            return
        if self.state == "stopping":
            return  # "stopping after the batch under way…" stays said
        self._set_progress_text(QCoreApplication.translate(
            "RunStatusMixin", "epoch {0}/{1} · batch {2}/{3} · {4} images/s · {5} left in the epoch, {6} in the run").format(
            b.epoch, total, b.batch, b.batches, i18n.integer(round(self._rate)), duration(epoch_left), duration(run_left)))

    def _idle_text(self) -> str:
        """What the line under the progress bar says when nothing trains."""
        if self.trainer is not None and self.last_finished is not None and self.state == "finished":
            n = self.trainer.epoch  # (a mixin: two texts, as lupdate takes plural forms only in a QObject's tr)
            return (QCoreApplication.translate("RunStatusMixin", "1 epoch trained; Continue trains more, New run starts afresh.")
                    if n == 1 else QCoreApplication.translate(
                        "RunStatusMixin", "{0} epochs trained; Continue trains more, New run starts afresh.").format(n))
        return QCoreApplication.translate("RunStatusMixin", "Press Start to train with these settings.") if self.data is not None \
            else QCoreApplication.translate("RunStatusMixin", "Load the data and press Start.")

    def _restore_settings_lr(self) -> None:
        """A learning rate changed during a run was that run's: the settings get back the one
        the run started with, so the next run or a continuation does not take it silently."""
        t = self.trainer
        if t is not None and abs(self.settings.lr() - t.config.lr) > 1e-12:
            changed = self.settings.lr()
            self.settings.set_lr(t.config.lr)
            return QCoreApplication.translate(
                "RunStatusMixin", " The learning rate set during the run ({0:g}) was for it only: the settings are back at {1:g}."
            ).format(changed, t.config.lr)
        return ""

    def _forget_if_empty(self) -> bool:
        """A new run stopped before its first epoch ended trained nothing: it is not kept (no
        "0/1 stopped" run is left in the list). True when it was removed."""
        t, info = self.trainer, self.run_info
        if t is None or info is None or t.epoch > 0 or t.phase_start_epoch > 0:
            return False
        try:
            self.store.delete(info.id)
        except MnistguiError:
            return False
        return True
