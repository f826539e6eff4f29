"""File > Export Model: the model in use (or any checkpoint) as ONNX or TorchScript, float or
int8, through :func:`mnistgui.core.export.export_job` on a worker thread."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from PySide6.QtCore import QStandardPaths, Signal, Slot
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFileDialog,
                               QFormLayout, QHBoxLayout, QLabel, QLineEdit, QMessageBox,
                               QProgressBar, QPushButton, QVBoxLayout, QWidget)

from mnistgui.gui.mnist_folder import mnist_folder
from mnistgui.gui.widgets.controls import muted
from mnistgui.gui.widgets.dialogs import open_message

SUFFIXES = {"onnx": ".onnx", "torchscript": ".pt"}


class ExportDialog(QDialog):
    """Choose what to export and where; the export runs on a worker thread, the dialog stays
    open (with its choices) when it fails."""

    #: an export was written: (model file, preprocessing JSON)
    exported = Signal(str, str)
    #: an export failed: the message shown
    export_failed = Signal(str)

    def __init__(self, checkpoint=None, model_path: Path | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Export Model"))
        self.checkpoint = checkpoint
        self.model_path = Path(model_path) if model_path else None
        self._handle = None
        self.last_message: QMessageBox | None = None

        self.model_label = QLabel()
        self.model_label.setWordWrap(True)
        self.other_button = QPushButton(self.tr("Other Checkpoint…"))
        self.other_button.setToolTip(self.tr("Export a trained or fine-tuned model saved in a file"))
        self.other_button.clicked.connect(self._on_other_button_clicked)
        model_row = QHBoxLayout()
        model_row.addWidget(self.model_label, 1)
        model_row.addWidget(self.other_button)

        self.format_box = QComboBox()
        self.format_box.addItem(self.tr("ONNX (ONNX Runtime, other languages)"), "onnx")
        self.format_box.addItem(self.tr("TorchScript (PyTorch, LibTorch in C++)"), "torchscript")
        self.format_box.currentIndexChanged.connect(self._on_format_box_changed)
        self.int8_box = QCheckBox(self.tr("int8: about a quarter of the size, calibrated on MNIST"))
        self.int8_box.toggled.connect(self._on_int8_box_toggled)
        self.mnist_note = muted()

        self.out_edit = QLineEdit()
        self.browse_button = QPushButton(self.tr("Browse…"))
        self.browse_button.clicked.connect(self._on_browse_button_clicked)
        out_row = QHBoxLayout()
        out_row.addWidget(self.out_edit, 1)
        out_row.addWidget(self.browse_button)

        form = QFormLayout()
        form.addRow(self.tr("Model:"), model_row)
        form.addRow(self.tr("Format:"), self.format_box)
        form.addRow("", self.int8_box)
        form.addRow("", self.mnist_note)
        form.addRow(self.tr("Save as:"), out_row)

        self.note = muted(self.tr("A JSON file beside the model says how to feed it: the preprocessing, "
                                  "mean and std, input shape, class names and calibration."))
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setVisible(False)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.export_button = self.buttons.addButton(self.tr("Export"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.export_button.setDefault(True)
        self.buttons.accepted.connect(self.start_export)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.note)
        layout.addWidget(self.progress)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(560)
        self._show_model()
        self._on_int8_box_toggled(False)

    # -- choices -----------------------------------------------------------------------------

    @property
    def format(self) -> str:
        return str(self.format_box.currentData())

    def _default_out(self) -> Path:
        folder = Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation) or Path.home())
        stem = (self.checkpoint.name if self.checkpoint is not None and self.checkpoint.name else None) or (
            self.model_path.stem if self.model_path else "model")
        return folder / f"{stem}{'-int8' if self.int8_box.isChecked() else ''}{SUFFIXES[self.format]}"

    def _show_model(self) -> None:
        if self.checkpoint is None:
            self.model_label.setText(self.tr("No model yet: choose a checkpoint"))
        else:
            where = f" ({self.model_path.name})" if self.model_path else ""
            self.model_label.setText(f"{self.checkpoint.name or self.tr('the model in use')}{where}")
        self.export_button.setEnabled(self.checkpoint is not None)
        self.out_edit.setText(str(self._default_out()))

    def _retarget(self) -> None:
        """Keep the file name's suffix (and -int8) in step with the choices."""
        text = self.out_edit.text().strip()
        if not text:
            self.out_edit.setText(str(self._default_out()))
            return
        p = Path(text)
        stem = p.stem[:-5] if p.stem.endswith("-int8") else p.stem
        if p.suffix in SUFFIXES.values():
            p = p.with_name(f"{stem}{'-int8' if self.int8_box.isChecked() else ''}{SUFFIXES[self.format]}")
            self.out_edit.setText(str(p))

    @Slot(int)
    def _on_format_box_changed(self, _index: int) -> None:
        self._retarget()

    @Slot(bool)
    def _on_int8_box_toggled(self, on: bool) -> None:
        self.mnist_note.setText(self.tr("Calibrated on 1,000 training images from {0}").format(mnist_folder())
                                if on else "")
        self.mnist_note.setVisible(on)
        self._retarget()
        self.adjustSize()  # room for the note, or none

    @Slot()
    def _on_other_button_clicked(self) -> None:
        start = str(self.model_path.parent) if self.model_path else ""
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Export Which Checkpoint?"), start,
                                              self.tr("mnistgui models (*.pt);;All files (*)"))
        if path:
            self.use_checkpoint_file(path)

    def use_checkpoint_file(self, path: str | Path) -> bool:
        """Export the checkpoint in ``path`` instead; a bad file is refused with a message."""
        from mnistgui.core.checkpoint import load_checkpoint
        from mnistgui.core.errors import MnistguiError

        try:
            ckpt = load_checkpoint(path)
        except MnistguiError as exc:
            self._message(self.tr("Cannot export this file"), str(exc), QMessageBox.Icon.Warning)
            return False
        self.checkpoint, self.model_path = ckpt, Path(path)
        self._show_model()
        return True

    @Slot()
    def _on_browse_button_clicked(self) -> None:
        filt = (self.tr("ONNX model (*.onnx)") if self.format == "onnx" else self.tr("TorchScript model (*.pt)"))
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export As"), self.out_edit.text(), filt)
        if path:
            if not Path(path).suffix:
                path += SUFFIXES[self.format]
            self.out_edit.setText(path)

    # -- the export --------------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        return self._handle is not None and self._handle.running

    @Slot()
    def start_export(self) -> None:
        from mnistgui.core.export import export_job
        from mnistgui.gui.worker import TaskWorker, WorkerHandle

        if self.checkpoint is None or self.busy:
            return
        text = self.out_edit.text().strip()
        if not text:
            self._message(self.tr("Where to?"), self.tr("Give the file to export to."), QMessageBox.Icon.Warning)
            return
        out = Path(text).expanduser()
        int8 = self.int8_box.isChecked()
        job = partial(export_job, int8=int8, mnist_dir=str(mnist_folder()) if int8 else None)
        worker = TaskWorker(job, self.checkpoint, self.format, str(out))
        worker.succeeded.connect(self._on_worker_succeeded)
        worker.failed.connect(self._on_worker_failed)
        self._handle = WorkerHandle(worker, self)
        self._set_busy(True)
        self._handle.start()

    def _set_busy(self, busy: bool) -> None:
        self.progress.setVisible(busy)
        for w in (self.export_button, self.format_box, self.int8_box, self.out_edit, self.browse_button,
                  self.other_button):
            w.setEnabled(not busy)

    @Slot(object)
    def _on_worker_succeeded(self, result) -> None:
        self._set_busy(False)
        self._message(self.tr("Exported"),
                      self.tr("{0} ({1:.2f} MB)\nWhat it expects: {2}").format(
                          result.path, result.size_bytes / 1e6, result.spec_path))
        self.exported.emit(str(result.path), str(result.spec_path))

    @Slot(str)
    def _on_worker_failed(self, message: str) -> None:
        self._set_busy(False)
        self._message(self.tr("Cannot export"), message, QMessageBox.Icon.Warning)
        self.export_failed.emit(message)

    def _message(self, title: str, text: str, icon=QMessageBox.Icon.Information) -> None:
        self.last_message = open_message(self, title, text, icon)

    def done(self, result: int) -> None:  # noqa: D401 - Qt's name; closing waits for an export
        if self._handle is not None:
            self._handle.stop()
        super().done(result)
