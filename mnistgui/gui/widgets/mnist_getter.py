"""Getting MNIST in place, wherever the app needs it: "Choose folder…" and "Download" buttons.

The Train tab's data card, the Fine-tune tab's MNIST card and the Inside tab's map of digits all
offer them. Either sets the app's one MNIST folder (:mod:`mnistgui.gui.mnist_folder`), so every
other place that needs MNIST hears of it at once. The download runs in a
:class:`~mnistgui.gui.worker.TaskWorker` with a progress bar and a Cancel button; a failure is
said in one line the user can act on.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, Signal, Slot
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QProgressBar, QPushButton, QVBoxLayout, QWidget

from mnistgui import paths
from mnistgui.core.data import find_mnist_files
from mnistgui.core.download import DEFAULT_MIRRORS, DownloadProgress, download_mnist
from mnistgui.core.errors import DataError
from mnistgui.gui import i18n, mnist_folder
from mnistgui.gui.widgets.controls import FlexLabel, button
from mnistgui.gui.worker import TaskWorker, WorkerHandle

#: sizes of the four gzip files, for one progress bar over the whole download
FILE_SIZES = {
    "train-images-idx3-ubyte.gz": 9912422,
    "train-labels-idx1-ubyte.gz": 28881,
    "t10k-images-idx3-ubyte.gz": 1648877,
    "t10k-labels-idx1-ubyte.gz": 4542,
}
_ORDER = list(FILE_SIZES)


def download_fraction(p: DownloadProgress) -> float:
    """How far the whole download is, 0..1, by bytes."""
    total = sum(FILE_SIZES.values())
    before = sum(FILE_SIZES[n] for n in _ORDER[: _ORDER.index(p.file)]) if p.file in FILE_SIZES else 0
    size = p.total_bytes or FILE_SIZES.get(p.file, 1)
    here = min(p.done_bytes, size) / max(size, 1) * FILE_SIZES.get(p.file, 0)
    return min(1.0, (before + here) / total)


def download_text(p: DownloadProgress) -> str:
    total = p.total_bytes or FILE_SIZES.get(p.file)
    size = QCoreApplication.translate("MnistGetter", " ({0} of {1} MB)").format(
        i18n.number(p.done_bytes / 1e6, 1), i18n.number(total / 1e6, 1)) if total else ""
    return QCoreApplication.translate("MnistGetter", "Downloading {0} · file {1} of {2}{3}").format(
        p.file, p.file_index + 1, p.file_count, size)


def friendly_download_error(message: str) -> str:
    """What to tell the user about a failed download (the full message goes in a tooltip)."""
    if message.startswith("Download cancelled"):
        return QCoreApplication.translate("MnistGetter", "Download cancelled. What arrived is kept; Download again to resume.")
    if "every mirror failed" in message and "checksum mismatch" in message:
        return QCoreApplication.translate(
            "MnistGetter", "Could not download MNIST: the files that arrived are not the MNIST files expected (their "
            "checksums differ). Try again later, or choose a folder that already holds the four MNIST files.")
    if "every mirror failed" in message:
        return QCoreApplication.translate(
            "MnistGetter", "Could not download MNIST: no download server could be reached (this computer seems to be "
            "offline, or a firewall blocks it). Connect to the internet and press Download again "
            "(a partial download resumes), or choose a folder that already holds the four MNIST files.")
    return message


def folder_problem(folder: str | Path) -> str | None:
    """None when ``folder`` holds MNIST's four files, else what is wrong, in a line."""
    try:
        find_mnist_files(folder)
    except (DataError, OSError) as exc:
        return str(exc)
    return None


def _download_task(folder: str, mirrors, checksums, progress, cancelled) -> str:
    download_mnist(folder, mirrors=mirrors, checksums=checksums, progress=progress, cancel=cancelled)
    return folder


class MnistGetter(QWidget):
    """"Choose folder…" and "Download" for MNIST, a progress bar while it downloads, and what
    went wrong when something does. :attr:`found` gives the folder that now holds MNIST (it is
    already the app's MNIST folder then)."""

    found = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        #: where Download fetches from, and the md5 sums it checks (None: MNIST's own)
        self.mirrors: tuple[str, ...] = DEFAULT_MIRRORS
        self.checksums: dict[str, str] | None = None
        self._task: WorkerHandle | None = None
        self._busy = False
        cache = paths.mnist_cache_dir()
        self.choose_button = button(self.tr("Choose folder…"),
                                    tip=self.tr("A folder that already holds MNIST's four files (.gz or not)"))
        self.download_button = button(self.tr("Download"),
                                      tip=self.tr("Download MNIST (about 11 MB) into the app's cache ({0})").format(cache))
        self.cancel_button = button(self.tr("Cancel"), tip=self.tr("Stop the download (what arrived is kept)"))
        self.choose_button.clicked.connect(self._on_choose_clicked)
        self.download_button.clicked.connect(self._on_download_clicked)
        self.cancel_button.clicked.connect(self._on_cancel_clicked)
        self.cancel_button.setVisible(False)
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress.setTextVisible(False)
        self.progress.setFixedHeight(8)
        self.progress.setVisible(False)
        self.status_label = FlexLabel("", lines=1, fixed=False)
        self.status_label.setObjectName("Muted")
        self.status_label.setVisible(False)
        self.error_label = FlexLabel("", lines=1, fixed=False)
        self.error_label.setObjectName("Unsure")
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error_label.setVisible(False)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(6)
        row.addWidget(self.choose_button)
        row.addWidget(self.download_button)
        row.addWidget(self.cancel_button)
        row.addStretch(1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(4)
        lay.addLayout(row)
        lay.addWidget(self.progress)
        lay.addWidget(self.status_label)
        lay.addWidget(self.error_label)

    @property
    def busy(self) -> bool:
        return self._busy

    def use_folder(self, folder: str | Path) -> bool:
        """Make ``folder`` the app's MNIST folder if it holds MNIST; else say what is missing."""
        problem = folder_problem(folder)
        if problem is not None:
            self._show_error(self.tr("No MNIST there: {0}").format(problem))
            return False
        self.error_label.setVisible(False)
        mnist_folder.set_folder(None if Path(folder) == paths.mnist_cache_dir() else folder)
        self.found.emit(str(folder))
        return True

    def start_download(self) -> None:
        if self._busy:
            return
        worker = TaskWorker(_download_task, str(paths.mnist_cache_dir()), tuple(self.mirrors), self.checksums)
        worker.progressed.connect(self._on_worker_progressed)
        worker.succeeded.connect(self._on_worker_succeeded)
        worker.failed.connect(self._on_worker_failed)
        worker.finished.connect(self._on_worker_finished)
        self._task = WorkerHandle(worker, self)
        self._busy = True
        self.error_label.setVisible(False)
        self.progress.setValue(0)
        self.progress.setVisible(True)
        self.status_label.setText(self.tr("Connecting…"))
        self.status_label.setVisible(True)
        self.cancel_button.setVisible(True)
        self._update_enabled()
        self._task.start()

    def shutdown(self, timeout_ms: int = 10000) -> bool:
        return self._task.stop(timeout_ms) if self._task is not None else True

    def _show_error(self, text: str, detail: str = "") -> None:
        self.error_label.setText(text)
        self.error_label.setToolTip(detail)
        self.error_label.setVisible(True)

    def _update_enabled(self) -> None:
        self.choose_button.setEnabled(not self._busy)
        self.download_button.setEnabled(not self._busy)

    @Slot()
    def _on_choose_clicked(self) -> None:
        start = str(mnist_folder.chosen_folder() or "")
        folder = QFileDialog.getExistingDirectory(self, self.tr("Choose the folder that holds MNIST"), start)
        if folder:
            self.use_folder(folder)

    @Slot()
    def _on_download_clicked(self) -> None:
        self.start_download()

    @Slot()
    def _on_cancel_clicked(self) -> None:
        self.status_label.setText(self.tr("Cancelling…"))
        if self._task is not None:
            self._task.request_stop()

    @Slot(object)
    def _on_worker_progressed(self, p) -> None:
        if isinstance(p, DownloadProgress):
            self.progress.setValue(round(download_fraction(p) * 1000))
            self.status_label.setText(download_text(p))

    @Slot(object)
    def _on_worker_succeeded(self, folder) -> None:
        self.progress.setValue(1000)
        self.use_folder(folder)

    @Slot(str)
    def _on_worker_failed(self, message: str) -> None:
        text = friendly_download_error(message)
        self._show_error(text, message if text != message else "")

    @Slot()
    def _on_worker_finished(self) -> None:
        self._busy = False
        self.progress.setVisible(False)
        self.status_label.setVisible(False)
        self.cancel_button.setVisible(False)
        self._update_enabled()
