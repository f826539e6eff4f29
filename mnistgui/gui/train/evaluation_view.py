"""Test-set evaluation: accuracy, per-class precision/recall/F1, and a confusion matrix to click.

Clicking a cell of the matrix lists the test images behind it, each with the probabilities the
model gave; clicking an image emits :attr:`EvaluationView.image_opened` with it, so the main
window can open it in the Draw tab.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QPoint, QRect, QRectF, QSize, Qt, Signal, Slot
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QIcon, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGraphicsRectItem,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from mnistgui.core.metrics import Report
from mnistgui.gui import i18n
from mnistgui.gui.widgets import imaging, style
from mnistgui.gui.widgets.controls import FlexLabel

#: images listed for one cell at most (a diagonal cell can hold a thousand)
MAX_IMAGES = 300

_DIAG = np.array([47, 111, 237], dtype=np.float64)  # accent blue
_ERR = np.array([220, 38, 38], dtype=np.float64)  # red
_ZERO = np.array([246, 247, 249], dtype=np.float64)


def confusion_colors(cm: np.ndarray) -> np.ndarray:
    """RGBA (C, C, 4): the diagonal in blue by recall, errors in red by count (square root scale,
    relative to the largest error), empty cells near white."""
    cm = np.asarray(cm, dtype=np.float64)
    c = cm.shape[0]
    rows = np.maximum(cm.sum(axis=1, keepdims=True), 1)
    off = cm.copy()
    np.fill_diagonal(off, 0)
    worst = max(off.max(), 1.0)
    t = np.where(np.eye(c, dtype=bool), 0.15 + 0.85 * (cm / rows), np.sqrt(off / worst))
    t = np.where(cm == 0, 0.0, np.clip(t, 0.0, 1.0))
    base = np.where(np.eye(c, dtype=bool)[..., None], _DIAG, _ERR)
    rgb = _ZERO + (base - _ZERO) * t[..., None]
    out = np.empty((c, c, 4), dtype=np.uint8)
    out[..., :3] = np.round(rgb).astype(np.uint8)
    out[..., 3] = 255
    return out


def _count_text(v: int, short: bool = False) -> str:
    """A count as a matrix cell shows it: empty for none; when ``short`` (a cell too narrow for
    four digits even in the smallest font), thousands as "1k" (hovering over the cell, or clicking
    it, gives the exact count)."""
    if not v:
        return ""
    if short and v >= 1000:
        return f"{round(v / 1000)}k"
    return str(v)


def _percent_text(v: float) -> str:
    """A share as the per-digit table shows it: a percentage with one decimal, "100" for all
    (four characters at most, so that the ten columns fit a narrow window)."""
    text = f"{v * 100:.1f}"
    return "100" if text == "100.0" else text


class ConfusionMatrixView(pg.PlotWidget):
    """The confusion matrix as a heat map with counts; rows are the true digit, columns the
    prediction. Emits ``cell_clicked(true, predicted)``. The cells fill the room the view has
    (wider than tall where it is wide), so that four-digit counts fit them; hovering over a cell
    tells its count in words."""

    cell_clicked = Signal(int, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, background=style.CARD)
        self.setMinimumSize(210, 200)  # the Train tab fits a 1024x640 window
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName(self.tr("Confusion matrix"))
        self.setToolTip(self.tr("Click a cell to see its test images"))
        pi = self.getPlotItem()
        pi.setMenuEnabled(False)
        pi.hideButtons()
        pi.setMouseEnabled(x=False, y=False)
        vb = pi.getViewBox()
        vb.invertY(True)
        vb.setAspectLocked(False)  # cells wider than tall where the room is wide: the counts fit
        vb.setDefaultPadding(0.0)
        pi.setXRange(-0.5, 9.5, padding=0)
        pi.setYRange(-0.5, 9.5, padding=0)
        ticks = [[(i, str(i)) for i in range(10)], []]
        for name, label in (("left", self.tr("true digit")), ("bottom", self.tr("predicted digit"))):
            ax = pi.getAxis(name)
            ax.setTicks(ticks)
            ax.setPen(pg.mkPen(style.BORDER))
            ax.setTextPen(pg.mkPen(style.MUTED))
            ax.setStyle(tickLength=0)
            ax.setLabel(label, color=style.MUTED)
        self.image = pg.ImageItem(axisOrder="row-major")
        pi.addItem(self.image)
        font = QFont(self.font())
        font.setPointSizeF(max(7.0, font.pointSizeF() - 1))
        self._label_font = font  # the largest the counts are written in (see _fit_labels)
        self.labels = []
        for i in range(10):
            row = []
            for j in range(10):
                t = pg.TextItem("", anchor=(0.5, 0.5))
                t.setFont(font)
                t.setPos(j, i)
                pi.addItem(t)
                row.append(t)
            self.labels.append(row)
        self.selection = QGraphicsRectItem(QRectF(-0.5, -0.5, 1, 1))
        pen = pg.mkPen(style.TEXT, width=2.5)
        pen.setCosmetic(True)
        self.selection.setPen(pen)
        self.selection.setZValue(20)
        self.selection.setVisible(False)
        pi.addItem(self.selection)
        self.matrix = np.zeros((10, 10), dtype=np.int64)
        self.scene().sigMouseClicked.connect(self._on_scene_mouse_clicked)
        vb.sigResized.connect(self._on_view_changed)  # the counts keep fitting their cells
        vb.sigRangeChanged.connect(self._on_view_changed)

    def set_matrix(self, cm: np.ndarray | None) -> None:
        self.matrix = np.zeros((10, 10), dtype=np.int64) if cm is None else np.asarray(cm, dtype=np.int64)
        rgba = confusion_colors(self.matrix)
        self.image.setImage(rgba, autoLevels=False)
        self.image.setRect(QRectF(-0.5, -0.5, 10, 10))  # after setImage: the rect scales by the image's size
        for i in range(10):
            for j in range(10):
                v = int(self.matrix[i, j])
                dark = rgba[i, j, :3].astype(float) @ np.array([0.299, 0.587, 0.114]) < 150
                self.labels[i][j].setColor(QColor("#ffffff" if dark else style.TEXT))
        self.selection.setVisible(False)
        self._fit_labels()

    def cell_width(self) -> float:
        """A cell's width on screen, in pixels."""
        vb = self.getPlotItem().getViewBox()
        a, b = vb.mapViewToScene(pg.Point(0, 0)), vb.mapViewToScene(pg.Point(1, 0))
        return abs(b.x() - a.x())

    def _fit_labels(self) -> None:
        """Write the counts as large as fits a cell: the widest count (1,135 in a test set of
        MNIST's) in full, in a smaller font when the matrix is small, and as "1k" only where even
        the smallest font would not fit (hovering over the cell gives the exact count)."""
        counts = self.matrix
        widest = max((str(int(v)) for v in counts.ravel()), key=len, default="0")
        room = self.cell_width() - 2
        font = QFont(self._label_font)
        size = font.pointSizeF()
        while size > 6.5 and QFontMetricsF(font).horizontalAdvance(widest) > room:
            size -= 0.5
            font.setPointSizeF(size)
        short = QFontMetricsF(font).horizontalAdvance(widest) > room
        for i, row in enumerate(self.labels):
            for j, t in enumerate(row):
                v = int(counts[i, j])
                t.setText(_count_text(v, short))
                if t.textItem.font() != font:
                    t.setFont(font)

    @Slot()
    def _on_view_changed(self) -> None:
        self._fit_labels()

    def cell_at(self, pos: QPoint) -> tuple[int, int] | None:
        """The cell ``(true, predicted)`` at a widget position, or None."""
        vb = self.getPlotItem().getViewBox()
        scene = self.mapToScene(pos)
        if not vb.sceneBoundingRect().contains(scene):
            return None
        p = vb.mapSceneToView(scene)
        j, i = int(round(p.x())), int(round(p.y()))
        return (i, j) if 0 <= i < 10 and 0 <= j < 10 else None

    def cell_tip(self, true: int, pred: int) -> str:
        """What hovering over a cell says: its exact count, in words."""
        what = self.tr("{0} read as {1}").format(true, pred) if true != pred else self.tr("{0} read correctly").format(true)
        return self.tr("{0}: {1} test images. Click to see them.").format(what, i18n.integer(int(self.matrix[true, pred])))

    def event(self, ev) -> bool:  # noqa: D102 - Qt's name
        if ev.type() == QEvent.Type.ToolTip:
            cell = self.cell_at(ev.pos())
            if cell is not None:
                vb = self.getPlotItem().getViewBox()
                i, j = cell
                area = self.mapFromScene(vb.mapViewToScene(QRectF(j - 0.5, i - 0.5, 1, 1))).boundingRect()
                QToolTip.showText(ev.globalPos(), self.cell_tip(i, j), self, QRect(area))  # hidden off the cell
                return True
        return super().event(ev)

    def select(self, true: int, pred: int) -> None:
        self.selection.setRect(QRectF(pred - 0.5, true - 0.5, 1, 1))
        self.selection.setVisible(True)

    def cell_center(self, true: int, pred: int):
        """Where cell (true, pred) is, in widget coordinates (for tests and accessibility)."""
        vb = self.getPlotItem().getViewBox()
        scene = vb.mapViewToScene(pg.Point(pred, true))
        return self.mapFromScene(scene)

    @Slot(object)
    def _on_scene_mouse_clicked(self, ev) -> None:
        if ev.button() != Qt.MouseButton.LeftButton:
            return
        cell = self.cell_at(self.mapFromScene(ev.scenePos()))
        if cell is not None:
            ev.accept()
            self.select(*cell)
            self.cell_clicked.emit(*cell)


class ImageGallery(QListWidget):
    """Thumbnails of test images with the probabilities the model gave them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setViewMode(QListWidget.ViewMode.IconMode)
        self.setIconSize(QSize(56, 56))
        self.setGridSize(QSize(92, 104))
        self.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.setMovement(QListWidget.Movement.Static)
        self.setUniformItemSizes(True)
        self.setWordWrap(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setSpacing(2)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setAccessibleName(self.tr("Test images of the chosen cell"))
        f = QFont(self.font())
        f.setPointSizeF(max(7.0, f.pointSizeF() - 1))
        self.setFont(f)


def _pixmap(img_u8: np.ndarray, side: int = 56) -> QPixmap:
    pm = QPixmap.fromImage(imaging.mnist_qimage(img_u8.astype(np.float32) / 255.0))
    return pm.scaled(side, side, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.FastTransformation)


class EvaluationView(QWidget):
    """Test accuracy, per-class figures, the confusion matrix and the images behind each cell."""

    #: a test image was clicked: (28x28 float32 image, ink = 1; a name for it)
    image_opened = Signal(object, str)
    #: "Look inside" was chosen for a test image (its context menu): (image, name)
    inside_requested = Signal(object, str)
    #: the user asked to evaluate now
    evaluate_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.report: Report | None = None
        self.images: np.ndarray | None = None  # uint8 (N, 28, 28), the evaluated test images
        self.labels: np.ndarray | None = None
        self.cell: tuple[int, int] | None = None
        self.cell_indices: np.ndarray = np.zeros(0, dtype=np.int64)
        self.caption = ""

        self.accuracy_label = QLabel("–")
        self.accuracy_label.setFont(style.font(self.font(), 10, QFont.Weight.DemiBold))
        # as high as it wraps to in a narrow window (the page then scrolls, rather than the
        # matrix running under the table's title)
        self.summary_label = FlexLabel(self.tr("Not evaluated yet. A run is evaluated on the test set when it ends."),
                                       lines=2, fixed=False)
        self.summary_label.setObjectName("Muted")
        self.summary_label.setMinimumWidth(90)  # beside the accuracy and the button at 800 pixels
        self.evaluate_button = QPushButton(self.tr("Evaluate now"))
        self.evaluate_button.setToolTip(self.tr("Evaluate the latest weights on the test set now (the run goes on)"))
        self.evaluate_button.clicked.connect(self.evaluate_requested)
        head = QHBoxLayout()
        head.setSpacing(12)
        head.addWidget(self.accuracy_label, 0, Qt.AlignmentFlag.AlignVCenter)
        head.addWidget(self.summary_label, 1)
        head.addWidget(self.evaluate_button, 0, Qt.AlignmentFlag.AlignVCenter)

        self.matrix = ConfusionMatrixView()
        self.matrix.cell_clicked.connect(self._on_matrix_cell_clicked)
        self.gallery = ImageGallery()
        self.gallery.itemClicked.connect(self._on_gallery_item_clicked)
        self.gallery.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.gallery.customContextMenuRequested.connect(self._on_gallery_context_menu_requested)
        self.gallery_title = QLabel(self.tr("Click a cell of the matrix to see its test images."))
        self.gallery_title.setObjectName("Muted")
        self.gallery_title.setWordWrap(True)
        right = QVBoxLayout()
        right.setSpacing(6)
        right.addWidget(self.gallery_title)
        right.addWidget(self.gallery, 1)
        middle = QHBoxLayout()
        middle.setSpacing(14)
        middle.addWidget(self.matrix, 1)
        middle.addLayout(right, 1)

        self.table = QTableWidget(4, 10)
        self.table.setHorizontalHeaderLabels([str(i) for i in range(10)])
        self.table.setVerticalHeaderLabels([self.tr("Precision"), self.tr("Recall"), "F1", self.tr("Images")])
        self.table.verticalHeaderItem(3).setToolTip(self.tr("Test images of each digit"))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.setObjectName("DigitTable")  # a header with less padding: ten columns fit 800 pixels
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setMinimumSectionSize(12)  # never wider than the table
        self.table.setTextElideMode(Qt.TextElideMode.ElideNone)
        self._table_font = QFont(self.table.font())
        self.table.viewport().installEventFilter(self)  # its width decides the font (see _fit_table)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setMinimumSectionSize(18)  # else the style's minimum, taller than 22
        self.table.verticalHeader().setDefaultSectionSize(23)  # a bold label's descenders too
        self.table.horizontalHeader().setFixedHeight(22)
        self.table.setFixedHeight(22 + 23 * 4 + 2 * self.table.frameWidth() + 2)  # every row whole
        self.table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setAccessibleName(self.tr("Precision, recall and F1 per digit"))
        self.table.setToolTip(self.tr("Per digit: precision (of the images read as it, how many are it), recall (of the images that are it, how many were read as it) and F1"))
        for r in range(4):
            for c in range(10):
                it = QTableWidgetItem("")
                it.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.table.setItem(r, c, it)
        table_title = QLabel(self.tr("Per digit (columns)"))
        table_title.setObjectName("CardTitle")

        lay = QVBoxLayout(self)
        lay.setContentsMargins(14, 10, 14, 12)
        lay.setSpacing(8)
        lay.addLayout(head)
        lay.addLayout(middle, 1)
        lay.addWidget(table_title)
        lay.addWidget(self.table)
        self.set_can_evaluate(False)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt's name
        if obj is self.table.viewport() and event.type() == QEvent.Type.Resize:
            self._fit_table()
        return False

    def _fit_table(self) -> None:
        """The per-digit figures in the table's font where a column holds four digits in it
        ("99.7", "1135"), else in the largest smaller one that does, down to 6.5 points."""
        column = self.table.viewport().width() / 10
        font = QFont(self._table_font)
        while QFontMetricsF(font).horizontalAdvance("8888") + 6 > column and font.pointSizeF() > 6.5:
            font.setPointSizeF(max(6.5, font.pointSizeF() - 0.5))
        if font != self.table.font():
            self.table.setFont(font)

    # ------------------------------------------------------------------------------------------
    # Public

    def set_can_evaluate(self, can: bool, why: str = "") -> None:
        self.evaluate_button.setEnabled(can)
        if why:
            self.evaluate_button.setToolTip(why)

    def show_busy(self, text: str) -> None:
        self.summary_label.setText(text)

    def clear(self, text: str | None = None) -> None:
        if text is None:
            text = self.tr("Not evaluated yet. A run is evaluated on the test set when it ends.")
        self.report = None
        self.images = self.labels = None
        self.cell = None
        self.accuracy_label.setText("–")
        self.summary_label.setText(text)
        self.matrix.set_matrix(None)
        self.gallery.clear()
        self.gallery_title.setText(self.tr("Click a cell of the matrix to see its test images."))
        for r in range(4):
            for c in range(10):
                self.table.item(r, c).setText("")

    def show_report(self, report: Report, labels: np.ndarray, images: np.ndarray | None, caption: str) -> None:
        """Show ``report``, computed on test images ``images`` (uint8, or None when they are not
        loaded) with ``labels``."""
        self.report = report
        self.labels = np.asarray(labels, dtype=np.int64)
        self.images = images
        #: which model's figures these are (a run and its weights)
        self.caption = caption
        n = int(report.support.sum())
        errors = len(report.misclassified)
        self.accuracy_label.setText(f"{report.accuracy * 100:.2f}%")
        self.summary_label.setText(
            self.tr("test accuracy · {0:,} errors in {1:,} test images · loss {2:.4f}\n{3}").format(errors, n, report.loss, caption))
        self.matrix.set_matrix(report.confusion)
        for c in range(10):
            vals = (report.precision[c], report.recall[c], report.f1[c])
            for r, v in enumerate(vals):
                self.table.item(r, c).setText(_percent_text(v))
            self.table.item(3, c).setText(str(int(report.support[c])))  # four digits fit a narrow cell
        worst = int(np.argmin(report.f1)) if n else -1
        for c in range(10):
            color = QColor(style.UNSURE) if c == worst else QColor(style.TEXT)
            self.table.item(2, c).setForeground(color)
        # open on the most frequent error, so there is something to look at
        off = report.confusion.copy()
        np.fill_diagonal(off, 0)
        if off.max() > 0:
            i, j = np.unravel_index(int(np.argmax(off)), off.shape)
            self.select_cell(int(i), int(j))
        else:
            self.gallery.clear()
            self.gallery_title.setText(self.tr("No errors. Click a cell of the matrix to see its test images."))

    def select_cell(self, true: int, pred: int) -> None:
        """List the test images of digit ``true`` read as ``pred``."""
        self.cell = (true, pred)
        self.matrix.select(true, pred)
        self.gallery.clear()
        r = self.report
        if r is None:
            return
        idx = np.nonzero((self.labels == true) & (r.predictions == pred))[0]
        p = r.probabilities
        # errors: the most confident first; correct readings: the least sure first
        order = np.argsort(-p[idx, pred]) if true != pred else np.argsort(p[idx, pred])
        idx = idx[order]
        self.cell_indices = idx
        what = self.tr("{0} read as {1}").format(true, pred) if true != pred else self.tr("{0} read correctly").format(true)
        if self.images is None:
            self.gallery_title.setText(self.tr("{0}: {1} test images. Load the MNIST data (left) to see them.").format(what, i18n.integer(len(idx))))
            return
        shown = idx[:MAX_IMAGES]
        more = ((self.tr(", showing the {0} most confident") if true != pred else
                 self.tr(", showing the {0} least sure")).format(len(shown)) if len(idx) > len(shown) else "")
        self.gallery_title.setText(self.tr("<b>{0}</b>: {1} test images{2}. Click one to open it in the Draw tab (right-click: look inside).").format(what, i18n.integer(len(idx)), more))
        self.gallery.setUpdatesEnabled(False)
        for k in shown:
            probs = p[k]
            top = np.argsort(probs)[::-1][:3]
            text = f"{pred}: {i18n.percent(probs[pred], 0)}"
            if true != pred:
                text += f"\n{true}: {i18n.percent(probs[true], 0)}"
            item = QListWidgetItem(QIcon(_pixmap(self.images[k])), text)
            item.setData(Qt.ItemDataRole.UserRole, int(k))
            item.setToolTip(self.tr("Test image #{0}, a {1}\n").format(int(k), true) + "\n".join(
                f"{d}: {i18n.percent(probs[d])}" for d in top))
            self.gallery.addItem(item)
        self.gallery.setUpdatesEnabled(True)

    def gallery_indices(self) -> list[int]:
        """Test-set indices of the images listed, in order."""
        return [int(self.gallery.item(i).data(Qt.ItemDataRole.UserRole)) for i in range(self.gallery.count())]

    def _image(self, index: int) -> tuple[np.ndarray, str]:
        img = self.images[index].astype(np.float32) / 255.0
        label = int(self.labels[index]) if self.labels is not None else -1
        return img, self.tr("MNIST test #{0} (a {1})").format(index, label)

    def open_image(self, index: int) -> None:
        """Emit test image ``index`` for the Draw tab."""
        if self.images is not None:
            self.image_opened.emit(*self._image(index))

    def look_inside(self, index: int) -> None:
        """Emit test image ``index`` for the Inside tab."""
        if self.images is not None:
            self.inside_requested.emit(*self._image(index))

    # ------------------------------------------------------------------------------------------
    # Slots

    @Slot(int, int)
    def _on_matrix_cell_clicked(self, true: int, pred: int) -> None:
        self.select_cell(true, pred)

    @Slot(QListWidgetItem)
    def _on_gallery_item_clicked(self, item: QListWidgetItem) -> None:
        self.open_image(int(item.data(Qt.ItemDataRole.UserRole)))

    @Slot(QPoint)
    def _on_gallery_context_menu_requested(self, pos: QPoint) -> None:
        item = self.gallery.itemAt(pos)
        if item is None:
            return
        index = int(item.data(Qt.ItemDataRole.UserRole))
        menu = QMenu(self)
        menu.addAction(self.tr("Open in the Draw tab"), lambda: self.open_image(index))
        menu.addAction(self.tr("Look inside the network (Inside tab)"), lambda: self.look_inside(index))
        menu.exec(self.gallery.viewport().mapToGlobal(pos))
