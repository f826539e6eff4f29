"""What the model sees: the 28x28 input, and on demand each preprocessing step."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QLineF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from mnistgui.core.preprocess import PreprocessConfig, PreprocessResult
from mnistgui.gui import i18n
from mnistgui.gui.widgets import imaging, style
from mnistgui.gui.widgets.controls import make_card

_EMPTY = QColor("#111318")
_BOX = QColor("#f5b301")
_FRAME = QColor("#d5dae1")


class GrayImageView(QWidget):
    """Paints a grey image (ink = 1) as white on black, scaled to fit, keeping square pixels.

    Small images are shown pixelated (every model pixel visible); ``box`` outlines a rectangle
    in image pixels; ``grid`` draws faint pixel lines.
    """

    def __init__(self, side: int = 64, grid: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._image: QImage | None = None
        self._shape = (0, 0)
        self._box: tuple[int, int, int, int] | None = None
        self._grid = grid
        self._side = side
        self._pixmap: QPixmap | None = None
        self._pixmap_key: tuple | None = None
        self._grid_cache: tuple[tuple, QPixmap] | None = None
        self.setMinimumSize(side, side)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(self._side, self._side)

    def set_image(self, gray: np.ndarray | None, box: tuple[int, int, int, int] | None = None) -> None:
        if gray is None or gray.size == 0:
            self._image, self._shape = None, (0, 0)
        else:
            self._image = imaging.mnist_qimage(gray)
            self._shape = gray.shape
        self._box = box
        self._pixmap = None
        self.update()

    def image_rect(self) -> QRectF:
        h, w = self._shape
        r = QRectF(self.rect())
        if not h or not w:
            return r
        s = min(r.width() / w, r.height() / h)
        return QRectF(r.x() + (r.width() - w * s) / 2, r.y() + (r.height() - h * s) / 2, w * s, h * s)

    def _render(self) -> QPixmap:
        """The view as a pixmap, rebuilt only when the image, the box or the size changes."""
        dpr = self.devicePixelRatioF()
        key = (self.width(), self.height(), dpr)
        if self._pixmap is not None and self._pixmap_key == key:
            return self._pixmap
        pm = QPixmap(max(1, round(self.width() * dpr)), max(1, round(self.height() * dpr)))
        pm.setDevicePixelRatio(dpr)
        pm.fill(_EMPTY)
        p = QPainter(pm)
        full = QRectF(self.rect())
        if self._image is not None:
            target = self.image_rect()
            h, w = self._shape
            smooth = max(h, w) > target.width()  # shrinking: smooth; enlarging: show the pixels
            p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, smooth)
            p.drawImage(target, self._image)
            sx, sy = target.width() / w, target.height() / h
            if self._grid and sx >= 4:
                p.drawPixmap(0, 0, self._grid_pixmap(pm, target, w, h))
            if self._box is not None:
                x0, y0, x1, y1 = self._box
                p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
                p.setPen(QPen(_BOX, 1.5))
                p.drawRect(QRectF(target.x() + x0 * sx, target.y() + y0 * sy, (x1 - x0) * sx, (y1 - y0) * sy))
        p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        p.setPen(QPen(_FRAME, 1))
        p.drawRect(full.adjusted(0, 0, -1, -1))
        p.end()
        self._pixmap, self._pixmap_key = pm, key
        return pm

    def _grid_pixmap(self, like: QPixmap, target: QRectF, w: int, h: int) -> QPixmap:
        """Faint pixel lines, drawn once per size (drawing them each time costs milliseconds)."""
        key = (like.width(), like.height(), like.devicePixelRatio(), target.getRect(), w, h)
        if self._grid_cache is not None and self._grid_cache[0] == key:
            return self._grid_cache[1]
        pm = QPixmap(like.size())
        pm.setDevicePixelRatio(like.devicePixelRatio())
        pm.fill(Qt.GlobalColor.transparent)
        p = QPainter(pm)
        p.setPen(QPen(QColor(255, 255, 255, 16), 1))
        sx, sy = target.width() / w, target.height() / h
        lines = [QLineF(round(target.x() + i * sx) + 0.5, target.top(),
                        round(target.x() + i * sx) + 0.5, target.bottom()) for i in range(1, w)]
        lines += [QLineF(target.left(), round(target.y() + j * sy) + 0.5,
                         target.right(), round(target.y() + j * sy) + 0.5) for j in range(1, h)]
        p.drawLines(lines)
        p.end()
        self._grid_cache = (key, pm)
        return pm

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt's name
        p = QPainter(self)
        p.drawPixmap(0, 0, self._render())
        p.end()


class _Step(QWidget):
    def __init__(self, caption: str, tip: str, side: int) -> None:
        super().__init__()
        self.view = GrayImageView(side)
        self.view.setToolTip(tip)
        self.caption = QLabel(caption)
        self.caption.setObjectName("Muted")
        self.caption.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.caption.setFont(style.font(self.font(), -1))
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(3)
        lay.addWidget(self.view, 0, Qt.AlignmentFlag.AlignHCenter)
        lay.addWidget(self.caption)


class ModelInputPanel(QFrame):
    """The model's 28x28 input beside a few figures; the steps that made it on demand."""

    #: the steps were shown or hidden
    steps_toggled = Signal(bool)

    STEPS = (
        ("source", QT_TRANSLATE_NOOP("ModelInputPanel", "Drawing"),
         QT_TRANSLATE_NOOP("ModelInputPanel", "The canvas as a grey image, with the bounding box of the ink")),
        ("cropped", QT_TRANSLATE_NOOP("ModelInputPanel", "Cropped"),
         QT_TRANSLATE_NOOP("ModelInputPanel", "Cropped to the bounding box")),
        ("thickness", QT_TRANSLATE_NOOP("ModelInputPanel", "Even pen"),
         QT_TRANSLATE_NOOP("ModelInputPanel", "Stroke width brought to MNIST's typical width")),
        ("fitted", QT_TRANSLATE_NOOP("ModelInputPanel", "Fitted 20×20"),
         QT_TRANSLATE_NOOP("ModelInputPanel", "Scaled to fit a 20×20 box, keeping the aspect ratio")),
        ("centered", QT_TRANSLATE_NOOP("ModelInputPanel", "Centred"),
         QT_TRANSLATE_NOOP("ModelInputPanel", "Placed in 28×28 with its centre of mass in the middle")),
    )

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._result: PreprocessResult | None = None
        self._cfg = PreprocessConfig()
        self._steps_shown_for: PreprocessResult | None = None

        title = QLabel(self.tr("What the model sees"))
        title.setObjectName("CardTitle")
        self.input_view = GrayImageView(112, grid=True)
        self.input_view.setAccessibleName(self.tr("Model input, 28 by 28 pixels"))
        self.input_view.setToolTip(self.tr("The 28×28 image the network reads, as MNIST digits look"))
        self.size_label = QLabel(self.tr("28 × 28 pixels"))
        self.size_label.setFont(style.font(self.font(), 0, None))
        self.detail_label = QLabel("")
        self.detail_label.setObjectName("Muted")
        self.detail_label.setTextFormat(Qt.TextFormat.PlainText)
        style.fix_size(self.detail_label, self._detail_text(10.0, 2.6, -10.0, -10.0), lines=2)
        self.steps_button = QPushButton(self.tr("Show the steps"))
        self.steps_button.setObjectName("Link")
        self.steps_button.setCheckable(True)
        self.steps_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.steps_button.setToolTip(self.tr("Show how the drawing became this input (S)"))
        self.steps_button.toggled.connect(self._on_steps_button_toggled)

        info = QVBoxLayout()
        info.setContentsMargins(0, 0, 0, 0)
        info.setSpacing(4)
        info.addWidget(self.size_label)
        info.addWidget(self.detail_label)
        info.addStretch(1)
        info.addWidget(self.steps_button, 0, Qt.AlignmentFlag.AlignLeft)
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.setSpacing(14)
        top.addWidget(self.input_view, 0, Qt.AlignmentFlag.AlignTop)
        top.addLayout(info, 1)

        self.steps_widget = QWidget()
        grid = QGridLayout(self.steps_widget)
        grid.setContentsMargins(0, 6, 0, 0)
        grid.setHorizontalSpacing(6)
        self.step_views: dict[str, GrayImageView] = {}
        for col, (key, caption, tip) in enumerate(self.STEPS):
            step = _Step(QCoreApplication.translate("ModelInputPanel", caption),
                         QCoreApplication.translate("ModelInputPanel", tip), 54)
            self.step_views[key] = step.view
            grid.addWidget(step, 0, col)
        self.steps_widget.setVisible(False)

        lay = make_card(self, (16, 12, 16, 12), 8)
        lay.addWidget(title)
        lay.addLayout(top)
        lay.addWidget(self.steps_widget)
        self.set_result(None)

    def set_config(self, cfg: PreprocessConfig) -> None:
        self._cfg = cfg

    def steps_visible(self) -> bool:
        return self.steps_button.isChecked()

    def set_steps_visible(self, visible: bool) -> None:
        self.steps_button.setChecked(visible)

    def _detail_text(self, width: float, target: float, dx: float, dy: float) -> str:
        return self.tr("pen {0} → {1} px\nshifted {2}, {3} px to centre").format(
            i18n.number(width, 1), i18n.number(target, 1), i18n.signed(dx), i18n.signed(dy))

    def set_result(self, result: PreprocessResult | None) -> None:
        self._result = result
        if result is None:
            self.input_view.set_image(None)
            self.detail_label.setText(self.tr("Nothing drawn yet."))
        else:
            self.input_view.set_image(result.image)
            dx, dy = result.com_shift
            if result.as_is:
                self.detail_label.setText(self.tr("already a 28×28 model input:\nread as it is, unchanged"))
            else:
                self.detail_label.setText(
                    self._detail_text(result.stroke_width, self._cfg.target_stroke_width, dx, dy)
                )
        if self.steps_visible():
            self._update_steps()

    def _update_steps(self) -> None:
        r = self._result
        if r is self._steps_shown_for and r is not None:
            return
        self._steps_shown_for = r
        for key, view in self.step_views.items():
            if r is None:
                view.set_image(None)
            elif key == "source":
                view.set_image(r.source, r.bbox)
            else:
                view.set_image(getattr(r, key))

    def _on_steps_button_toggled(self, checked: bool) -> None:
        self.steps_button.setText(self.tr("Hide the steps") if checked else self.tr("Show the steps"))
        self.steps_widget.setVisible(checked)
        if checked:
            self._steps_shown_for = None
            self._update_steps()
        self.steps_toggled.emit(checked)
