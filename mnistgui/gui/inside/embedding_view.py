"""The Inside tab's map of digits: MNIST test images placed by what the network makes of them.

Each test image is a dot, placed by the first two principal components of the network's
penultimate layer and coloured by its label. The current drawing is a star that moves as the user
draws; hovering a dot shows the image behind it. When MNIST is not on this computer the page
says how to get it.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QPointF, Qt, Signal, Slot
from PySide6.QtGui import QColor, QPixmap
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from mnistgui.core.explain import Embedding
from mnistgui.gui import i18n
from mnistgui.gui.widgets import imaging, style
from mnistgui.gui.inside.views import DIGIT_COLORS, small_font
from mnistgui.gui.widgets.controls import FlexLabel, make_card
from mnistgui.gui.widgets.mnist_getter import MnistGetter

#: How close (in screen pixels) the pointer must come to a dot to show its image.
HOVER_RADIUS_PX = 9.0


def digit_legend(parent_font, title: str = "") -> QWidget:
    """A row of coloured digit chips: the key to every per-digit colour on the tab."""
    w = QWidget()
    row = QHBoxLayout(w)
    row.setContentsMargins(0, 0, 0, 0)
    row.setSpacing(8)
    if title:
        t = QLabel(title)
        t.setObjectName("Muted")
        row.addWidget(t)
    for d, c in enumerate(DIGIT_COLORS):
        chip = QLabel(f"<span style='color:{c}; font-size:13pt'>●</span>&nbsp;{d}")
        chip.setTextFormat(Qt.TextFormat.RichText)
        chip.setFont(small_font(parent_font, 0, bold=True))
        row.addWidget(chip)
    row.addStretch(1)
    return w


class HoverCard(QFrame):
    """A small floating card with a digit image and a line of text."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)
        self.image = QLabel()
        self.image.setFixedSize(84, 84)
        self.text = QLabel("")
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.text.setFont(small_font(self.font(), -1))
        lay = make_card(self, (8, 8, 8, 6), 4)
        lay.addWidget(self.image, 0, Qt.AlignmentFlag.AlignHCenter)
        lay.addWidget(self.text)
        self.hide()

    def show_digit(self, image_u8: np.ndarray, text: str, at: QPointF) -> None:
        q = imaging.mnist_qimage(image_u8.astype(np.float32) / 255.0)
        self.image.setPixmap(QPixmap.fromImage(q.scaled(84, 84, Qt.AspectRatioMode.IgnoreAspectRatio,
                                                        Qt.TransformationMode.FastTransformation)))
        self.text.setText(text)
        self.adjustSize()
        p = self.parentWidget()
        x = at.x() + 16
        y = at.y() - self.height() / 2
        if x + self.width() > p.width() - 4:
            x = at.x() - 16 - self.width()
        y = min(max(4.0, y), p.height() - self.height() - 4.0)
        self.move(round(x), round(y))
        self.show()
        self.raise_()


class EmbeddingPlot(pg.PlotWidget):
    """The dots, the hovered dot's ring, and the current drawing's star: items made once."""

    #: the pointer is over dot i (-1: none); pos is in widget pixels
    dot_hovered = Signal(int, QPointF)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, background=style.CARD)
        item = self.getPlotItem()
        item.setMenuEnabled(False)
        item.hideButtons()
        for name in ("bottom", "left"):
            ax = item.getAxis(name)
            ax.setPen(pg.mkPen(style.BORDER))
            ax.setTextPen(pg.mkPen(style.FAINT))
            ax.setTickFont(small_font(self.font(), -2))
        item.setLabel("bottom", self.tr("first principal component"), color=style.MUTED)
        item.setLabel("left", self.tr("second principal component"), color=style.MUTED)
        self.dots = pg.ScatterPlotItem(size=5, pen=pg.mkPen(None))
        self.ring = pg.ScatterPlotItem(size=13, pen=pg.mkPen("#111318", width=1.6), brush=pg.mkBrush(None))
        self.star = pg.ScatterPlotItem(size=26, symbol="star", pen=pg.mkPen("#111318", width=1.6))
        self.star.setZValue(20)
        self.ring.setZValue(10)
        self.star_label = pg.TextItem("", color="#111318", anchor=(-0.12, 1.15),
                                      fill=pg.mkBrush(255, 255, 255, 215), border=pg.mkPen(style.BORDER))
        self.star_label.setFont(small_font(self.font(), 0, bold=True))
        self.star_label.setZValue(21)
        for it in (self.dots, self.ring, self.star, self.star_label):
            item.addItem(it)
        self.points = np.zeros((0, 2), np.float32)
        self._brushes = [pg.mkBrush(QColor(c).lighter(100)) for c in DIGIT_COLORS]
        for b in self._brushes:
            c = b.color()
            c.setAlpha(150)
            b.setColor(c)
        self.scene().sigMouseMoved.connect(self._on_scene_mouse_moved)

    def set_points(self, points: np.ndarray, labels: np.ndarray) -> None:
        self.points = np.asarray(points, np.float32)
        self.dots.setData(pos=self.points, brush=[self._brushes[int(d)] for d in labels])
        self.ring.setData([], [])
        lo = self.points.min(0).astype(float)
        hi = self.points.max(0).astype(float)
        pad = 0.06 * (hi - lo)
        self.getPlotItem().setRange(xRange=(float(lo[0] - pad[0]), float(hi[0] + pad[0])),
                                    yRange=(float(lo[1] - pad[1]), float(hi[1] + pad[1])), padding=0)

    def set_current(self, xy: np.ndarray | None, digit: int | None) -> None:
        if xy is None:
            self.star.setData([], [])
            self.star_label.setText("")
            return
        colour = DIGIT_COLORS[digit] if digit is not None else style.ACCENT
        self.star.setData([float(xy[0])], [float(xy[1])], brush=pg.mkBrush(colour))
        self.star_label.setText(self.tr("your drawing") if digit is None else self.tr("your drawing: {0}").format(digit))
        self.star_label.setPos(float(xy[0]), float(xy[1]))

    def nearest(self, pos: QPointF) -> int:
        """The dot within :data:`HOVER_RADIUS_PX` of a scene position, or -1."""
        if not len(self.points):
            return -1
        vb = self.getPlotItem().getViewBox()
        if not vb.sceneBoundingRect().contains(pos):
            return -1
        p = vb.mapSceneToView(pos)
        pw, ph = vb.viewPixelSize()
        if pw <= 0 or ph <= 0:
            return -1
        d2 = ((self.points[:, 0] - p.x()) / pw) ** 2 + ((self.points[:, 1] - p.y()) / ph) ** 2
        i = int(np.argmin(d2))
        return i if d2[i] <= HOVER_RADIUS_PX**2 else -1

    @Slot(object)
    def _on_scene_mouse_moved(self, pos) -> None:
        i = self.nearest(pos)
        if i >= 0:
            self.ring.setData([float(self.points[i, 0])], [float(self.points[i, 1])])
        else:
            self.ring.setData([], [])
        self.dot_hovered.emit(i, QPointF(self.mapFromScene(pos)))

    def leaveEvent(self, ev) -> None:  # noqa: N802 - Qt's name
        super().leaveEvent(ev)
        self.ring.setData([], [])
        self.dot_hovered.emit(-1, QPointF())

    def resizeEvent(self, ev) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(ev)
        self.dot_hovered.emit(-1, QPointF())  # what was under the pointer has moved


class EmbeddingPage(QWidget):
    """The map once it is made; until then what is happening, or how to get MNIST."""

    recompute_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.embedding: Embedding | None = None
        self.hovered_index = -1

        # the message card: computing, or MNIST missing, or a failure
        msg_card = QFrame()
        msg_card.setMaximumWidth(560)
        self.msg_title = FlexLabel("", lines=1, fixed=False)
        self.msg_title.setFont(style.font(self.font(), 3, None))
        self.msg_text = FlexLabel("", lines=2, fixed=False)  # grows to its text: nothing cut off
        self.msg_text.setTextFormat(Qt.TextFormat.RichText)
        self.msg_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.setTextVisible(False)
        self.progress.setFixedHeight(8)
        #: "Choose folder…" and "Download" in place; the map is made once MNIST is there
        self.getter = MnistGetter()
        self.retry_button = QPushButton(self.tr("Try again"))
        self.retry_button.clicked.connect(self.recompute_requested)
        buttons = QHBoxLayout()
        buttons.addWidget(self.getter, 1)
        buttons.addWidget(self.retry_button, 0, Qt.AlignmentFlag.AlignTop)
        ml = make_card(msg_card, (24, 20, 24, 20), 10)
        ml.addWidget(self.msg_title)
        ml.addWidget(self.msg_text)
        ml.addWidget(self.progress)
        ml.addLayout(buttons)
        msg_page = QWidget()
        mp = QVBoxLayout(msg_page)
        mp.addStretch(1)
        centred = QHBoxLayout()  # the card as wide as there is room for, up to its maximum
        centred.addStretch(1)
        centred.addWidget(msg_card, 100)
        centred.addStretch(1)
        mp.addLayout(centred)
        mp.addStretch(2)

        # the map
        map_card = QFrame()
        self.summary = QLabel("")
        self.summary.setObjectName("Muted")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setFont(small_font(self.font(), -1))
        self.stale_button = QPushButton(self.tr("The model has changed: map again"))
        self.stale_button.setObjectName("Link")
        self.stale_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.stale_button.clicked.connect(self.recompute_requested)
        self.stale_button.hide()
        self.plot = EmbeddingPlot()
        self.plot.dot_hovered.connect(self._on_plot_dot_hovered)
        self.hover_card = HoverCard(self.plot)
        head = QHBoxLayout()
        head.addWidget(digit_legend(self.font()))
        head.addWidget(self.stale_button)
        cl = make_card(map_card, (12, 9, 12, 10), 6)
        cl.addLayout(head)
        cl.addWidget(self.plot, 1)
        cl.addWidget(self.summary)
        map_page = QWidget()
        mpl = QVBoxLayout(map_page)
        mpl.setContentsMargins(0, 0, 6, 6)
        mpl.addWidget(map_card)

        self.stack = QStackedWidget()
        self.stack.addWidget(msg_page)
        self.stack.addWidget(map_page)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 8, 0, 0)
        lay.addWidget(self.stack)
        self.show_computing(0.0)

    # ------------------------------------------------------------------------------------------

    @property
    def ready(self) -> bool:
        return self.stack.currentIndex() == 1

    def show_computing(self, fraction: float, n: int = 3000) -> None:
        self.msg_title.setText(self.tr("Mapping MNIST digits…"))
        self.msg_text.setText(self.tr("Running {0} MNIST test images through the network to place them on the map. This takes a few seconds, once per model.").format(i18n.integer(n)))
        self.progress.setValue(round(100 * fraction))
        self.progress.show()
        self.getter.hide()
        self.retry_button.hide()
        self.stack.setCurrentIndex(0)

    def show_missing(self, cache: str, looked: list[str]) -> None:
        self.msg_title.setText(self.tr("The map needs MNIST"))
        where = "".join(f"<br>&nbsp;&nbsp;<code>{p}</code>" for p in looked)
        self.msg_text.setText(
            self.tr("This map places your drawing among a few thousand MNIST test digits, and MNIST is not on this computer yet (looked in:{0}).<br><br><b>Download</b> it (about 11 MB, saved to <code>{1}</code>), or, if you already have the four MNIST files, choose their folder. The map is made as soon as MNIST is there.").format(where, cache)
        )
        self.progress.hide()
        self.getter.show()
        self.retry_button.show()
        self.stack.setCurrentIndex(0)

    def show_failed(self, message: str) -> None:
        self.msg_title.setText(self.tr("The map could not be made"))
        self.msg_text.setText(message.replace("\n", "<br>"))
        self.progress.hide()
        self.getter.show()
        self.retry_button.show()
        self.stack.setCurrentIndex(0)

    def set_embedding(self, emb: Embedding, layer: str, source: str) -> None:
        self.embedding = emb
        self.plot.set_points(emb.points, emb.labels)
        ex, ey = emb.explained
        n = len(emb.labels)
        self.summary.setText(
            self.tr("{0} MNIST test digits, each placed by what the network's <b>{1}</b> layer makes of it ({2} values, squeezed to two by PCA: the axes hold {3:.0f}% and {4:.0f}% of their variation). Digits the network finds alike sit together; the star is your drawing. Hover a dot to see its image. <span style='color:{5}'>MNIST from {6}</span>").format(i18n.integer(n), layer, emb.mean.shape[0], ex * 100, ey * 100, style.FAINT, source)
        )
        self.stale_button.hide()
        self.stack.setCurrentIndex(1)

    def set_stale(self, stale: bool) -> None:
        self.stale_button.setVisible(stale and self.embedding is not None)

    def set_current(self, xy: np.ndarray | None, digit: int | None) -> None:
        self.plot.set_current(xy, digit)

    @Slot(int, QPointF)
    def _on_plot_dot_hovered(self, i: int, pos: QPointF) -> None:
        self.hovered_index = i
        emb = self.embedding
        if i < 0 or emb is None or emb.images is None:
            self.hover_card.hide()
            return
        label = int(emb.labels[i])
        self.hover_card.show_digit(
            emb.images[i], "{0}<br><span style='color:{1}'><b>{2}</b></span>".format(
                self.tr("test image {0}").format(i18n.integer(i)), DIGIT_COLORS[label],
                self.tr("labelled {0}").format(label)), pos)
