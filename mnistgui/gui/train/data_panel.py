"""Where the training data comes from: the app's cache, a folder, or a download; and a summary.

Reading (about a second for all of MNIST) and downloading run in a worker thread
(:class:`~mnistgui.gui.worker.TaskWorker`); the panel shows progress, can cancel a download,
and says plainly what went wrong when something does.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PySide6.QtCore import QCoreApplication, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from mnistgui.core.data import MnistData, find_mnist_files, shared_mnist
from mnistgui.core.download import DEFAULT_MIRRORS, DownloadProgress, download_mnist
from mnistgui.core.errors import DataError
from mnistgui.gui import i18n, mnist_folder
from mnistgui.gui.widgets.mnist_getter import download_fraction, download_text, friendly_download_error
from mnistgui.gui.widgets import style
from mnistgui.gui.train.image_strip import ImageStrip
from mnistgui.gui.worker import TaskWorker, WorkerHandle
from mnistgui.gui.widgets.controls import make_card

def _load_task(folder: str, progress, cancelled) -> MnistData:
    return shared_mnist(folder)  # the copy the other tabs read too


def _download_task(folder: str, mirrors, checksums, progress, cancelled) -> MnistData:
    download_mnist(folder, mirrors=mirrors, checksums=checksums, progress=progress, cancel=cancelled)
    return shared_mnist(folder)


def per_digit_table(train: np.ndarray, test: np.ndarray) -> str:
    """Images per digit in each split, as a small HTML table: digits 0-4, then 5-9."""
    num = "style='padding: 0 0 0 8px;' align='right'"
    label = f"style='color:{style.MUTED};'"
    rows = []
    for lo in (0, 5):
        digits = range(lo, lo + 5)
        gap = " style='padding-top: 4px;'" if lo else ""
        words = (QCoreApplication.translate("DataPanel", "digit"), QCoreApplication.translate("DataPanel", "train"),
                 QCoreApplication.translate("DataPanel", "test"))
        rows.append(f"<tr{gap}><td {label}>{words[0]}</td>" + "".join(f"<td {num}><b>{d}</b></td>" for d in digits) + "</tr>")
        rows.append(f"<tr><td {label}>{words[1]}</td>"
                    + "".join(f"<td {num}>{i18n.integer(train[d])}</td>" for d in digits) + "</tr>")
        rows.append(f"<tr><td {label}>{words[2]}</td>"
                    + "".join(f"<td {num}>{i18n.integer(test[d])}</td>" for d in digits) + "</tr>")
    return "<table cellspacing='0' cellpadding='0'>" + "".join(rows) + "</table>"


class DataPanel(QFrame):
    """Chooses, loads and summarises MNIST."""

    #: MNIST was loaded: an :class:`~mnistgui.core.data.MnistData`
    data_loaded = Signal(object)
    #: loading, downloading or reading started (True) or ended (False)
    busy_changed = Signal(bool)

    def __init__(self, cache_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.cache_dir = Path(cache_dir)
        self.data: MnistData | None = None
        self._task: WorkerHandle | None = None
        self._task_active = False  # from start until the worker says it has finished
        self._task_kind = ""
        self._auto_loaded = False
        self._locked = False
        #: where Download fetches from, and the md5 sums it checks (None: MNIST's own)
        self.mirrors: tuple[str, ...] = DEFAULT_MIRRORS
        self.checksums: dict[str, str] | None = None

        title = QLabel(self.tr("Data"))
        title.setObjectName("CardTitle")
        self.source_label = QLabel(self.tr("No data loaded"))
        self.source_label.setWordWrap(True)
        self.cache_button = QPushButton(self.tr("App cache"))
        self.cache_button.setToolTip(self.tr("Read MNIST from the app's cache folder ({0})").format(self.cache_dir))
        self.folder_button = QPushButton(self.tr("Folder…"))
        self.folder_button.setToolTip(self.tr("Read MNIST from a folder that holds its four files (.gz or not)"))
        self.download_button = QPushButton(self.tr("Download"))
        self.download_button.setToolTip(self.tr("Download MNIST (about 11 MB) into the app's cache ({0})").format(self.cache_dir))
        self.cache_button.clicked.connect(self._on_cache_clicked)
        self.folder_button.clicked.connect(self._on_folder_clicked)
        self.download_button.clicked.connect(self._on_download_clicked)
        buttons = QHBoxLayout()
        buttons.setSpacing(6)
        for b in (self.cache_button, self.folder_button, self.download_button):
            buttons.addWidget(b)

        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress.setTextVisible(False)
        self.progress.setFixedHeight(8)
        self.progress_label = QLabel("")
        self.progress_label.setObjectName("Muted")
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.clicked.connect(self._on_cancel_clicked)
        prow = QHBoxLayout()
        prow.setSpacing(8)
        pcol = QVBoxLayout()
        pcol.setSpacing(3)
        pcol.addWidget(self.progress)
        pcol.addWidget(self.progress_label)
        prow.addLayout(pcol, 1)
        prow.addWidget(self.cancel_button, 0, Qt.AlignmentFlag.AlignVCenter)
        self.progress_box = QWidget()
        self.progress_box.setLayout(prow)
        prow.setContentsMargins(0, 0, 0, 0)
        self.progress_box.setVisible(False)

        self.error_label = QLabel("")
        self.error_label.setWordWrap(True)
        self.error_label.setObjectName("Unsure")
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error_label.setVisible(False)

        self.counts_label = QLabel("")
        self.counts_label.setTextFormat(Qt.TextFormat.RichText)
        self.counts_label.setFont(style.font(self.font(), -1))
        self.counts_label.setVisible(False)
        self.samples = ImageStrip(columns=10, rows=2, tile=28, gap=2)
        self.samples.setToolTip(self.tr("Two training images of each digit"))
        self.samples.setVisible(False)

        self.train_limit = QSpinBox()
        self.train_limit.setRange(100, 60000)
        self.train_limit.setSingleStep(1000)
        self.train_limit.setValue(60000)
        self.train_limit.setGroupSeparatorShown(True)
        self.train_limit.setToolTip(self.tr("Train on the first N images of the training set (fewer: faster runs)"))
        self.val_size = QSpinBox()
        self.val_size.setRange(10, 20000)
        self.val_size.setSingleStep(500)
        self.val_size.setValue(5000)
        self.val_size.setGroupSeparatorShown(True)
        self.val_size.setToolTip(self.tr("Images of those held out (at random, by the seed) to validate each epoch"))
        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        form.setHorizontalSpacing(10)
        form.setVerticalSpacing(6)
        form.addRow(self.tr("Training images"), self.train_limit)
        form.addRow(self.tr("Of which validation"), self.val_size)

        lay = make_card(self, (14, 12, 14, 14), 8)
        lay.addWidget(title)
        lay.addWidget(self.source_label)
        lay.addLayout(buttons)
        lay.addWidget(self.progress_box)
        lay.addWidget(self.error_label)
        lay.addWidget(self.counts_label)
        lay.addWidget(self.samples)
        lay.addLayout(form)
        # MNIST chosen or downloaded on another tab: read it here too, if nothing is loaded yet
        mnist_folder.notifier().changed.connect(self._on_mnist_folder_changed)

    # ------------------------------------------------------------------------------------------
    # Public

    @property
    def busy(self) -> bool:
        return self._task_active

    def train_count(self) -> int:
        """How many training images (validation included) a run uses."""
        if self.data is None:
            return 0
        return min(self.train_limit.value(), int(self.data.train_images.shape[0]))

    def set_locked(self, locked: bool) -> None:
        """While a run trains its data cannot change."""
        self._locked = locked
        self._update_enabled()

    def _update_enabled(self) -> None:
        for w in (self.cache_button, self.folder_button, self.download_button, self.train_limit, self.val_size):
            w.setEnabled(not self._locked and not self.busy)

    def auto_load(self) -> None:
        """Once: read MNIST from the app's MNIST folder if it is there, else from the cache."""
        if self._auto_loaded or self.data is not None or self.busy:
            return
        self._auto_loaded = True
        for folder in (mnist_folder.chosen_folder(), self.cache_dir):
            if folder is None:
                continue
            try:
                find_mnist_files(folder)
            except DataError:
                continue
            self.load_folder(folder)
            return
        self.source_label.setText(self.tr("No MNIST yet. Download it (about 11 MB), or choose a folder that holds it."))

    def load_folder(self, folder: str | Path) -> None:
        self._start(TaskWorker(_load_task, str(folder)), "load", self.tr("Reading MNIST from {0}…").format(folder))

    def start_download(self) -> None:
        self._start(TaskWorker(_download_task, str(self.cache_dir), tuple(self.mirrors), self.checksums), "download",
                    self.tr("Connecting…"))

    def cancel(self) -> None:
        if self._task is not None:
            self._task.request_stop()

    def set_data(self, data: MnistData) -> None:
        """Use ``data`` (already in memory)."""
        self.data = data
        n_train, n_test = int(data.train_images.shape[0]), int(data.test_images.shape[0])
        self.source_label.setText(self.tr("MNIST from <span style='color:{0}'>{1}</span>").format(style.MUTED, _short(data.source)))
        self.source_label.setToolTip(data.source)
        train_pd = np.bincount(data.train_labels.numpy(), minlength=10)
        test_pd = np.bincount(data.test_labels.numpy(), minlength=10)
        self.counts_label.setText(self.tr("<b>{0}</b> training · <b>{1}</b> test images<br>{2}").format(i18n.integer(n_train), i18n.integer(n_test), per_digit_table(train_pd, test_pd)))
        self.counts_label.setVisible(True)
        labels = data.train_labels.numpy()
        picks = []
        for row in range(2):
            for d in range(10):
                where = np.nonzero(labels == d)[0]
                if len(where) > row:
                    picks.append(int(where[row]))
        self.samples.set_images(data.train_images[picks] if picks else None)
        self.samples.setVisible(True)
        self.train_limit.setMaximum(max(100, n_train))
        self.train_limit.setValue(n_train)
        self.val_size.setMaximum(max(10, n_train - 10))
        self.val_size.setValue(min(self.val_size.value(), max(10, n_train // 6)))
        self.error_label.setVisible(False)
        self.data_loaded.emit(data)

    def shutdown(self, timeout_ms: int = 10000) -> bool:
        return self._task.stop(timeout_ms) if self._task is not None else True

    # ------------------------------------------------------------------------------------------
    # Tasks

    def _start(self, worker: TaskWorker, kind: str, text: str) -> None:
        if self.busy:
            return
        self._task_kind = kind
        worker.progressed.connect(self._on_task_progressed)
        worker.succeeded.connect(self._on_task_succeeded)
        worker.failed.connect(self._on_task_failed)
        worker.finished.connect(self._on_task_finished)
        self._task = WorkerHandle(worker, self)
        self._task_active = True
        self.error_label.setVisible(False)
        self.progress.setRange(0, 1000 if kind == "download" else 0)
        self.progress.setValue(0)
        self.progress_label.setText(text)
        self.cancel_button.setVisible(kind == "download")
        self.progress_box.setVisible(True)
        self._update_enabled()
        self.busy_changed.emit(True)
        self._task.start()

    @Slot(object)
    def _on_task_progressed(self, p) -> None:
        if isinstance(p, DownloadProgress):
            self.progress.setValue(round(download_fraction(p) * 1000))
            self.progress_label.setText(download_text(p))

    @Slot(object)
    def _on_task_succeeded(self, data) -> None:
        if self._task_kind == "download":
            self.progress.setValue(1000)
        folder = Path(data.source)
        mnist_folder.set_folder(None if folder == self.cache_dir else folder)
        self.set_data(data)

    @Slot(str)
    def _on_task_failed(self, message: str) -> None:
        text = friendly_download_error(message) if self._task_kind == "download" else message
        self.error_label.setText(text)
        self.error_label.setToolTip(message if text != message else "")
        self.error_label.setVisible(True)

    @Slot()
    def _on_task_finished(self) -> None:
        self.progress_box.setVisible(False)
        self._task_active = False
        self._update_enabled()
        self.busy_changed.emit(False)

    # ------------------------------------------------------------------------------------------
    # Buttons

    @Slot()
    def _on_cache_clicked(self) -> None:
        try:
            find_mnist_files(self.cache_dir)
        except DataError:
            self.error_label.setText(self.tr("The app's cache ({0}) holds no MNIST yet: Download it, or choose a folder that holds it.").format(self.cache_dir))
            self.error_label.setVisible(True)
            return
        self.load_folder(self.cache_dir)

    @Slot()
    def _on_folder_clicked(self) -> None:
        start = str(mnist_folder.chosen_folder() or "")
        folder = QFileDialog.getExistingDirectory(self, self.tr("Choose the MNIST folder"), start)
        if folder:
            self.load_folder(folder)

    @Slot()
    def _on_download_clicked(self) -> None:
        self.start_download()

    @Slot()
    def _on_mnist_folder_changed(self) -> None:
        if self.data is not None or self.busy or self._locked:
            return
        folder = mnist_folder.mnist_folder()
        try:
            find_mnist_files(folder)
        except DataError:
            return
        self._auto_loaded = True
        self.load_folder(folder)

    @Slot()
    def _on_cancel_clicked(self) -> None:
        self.progress_label.setText(self.tr("Cancelling…"))
        self.cancel()


def _short(path: str, keep: int = 42) -> str:
    return path if len(path) <= keep else "…" + path[-(keep - 1):]
