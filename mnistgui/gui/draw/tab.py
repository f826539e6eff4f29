"""The Draw tab: the canvas, its tools, and the live reading beside it.

Two modes: Digit, one digit on a square sheet; Number, a whole number written on a strip, cut into
digits by :mod:`mnistgui.core.number`, each digit framed on the paper with its reading
(:mod:`~mnistgui.gui.draw.number_view`); the panels beside the canvas then show the selected digit
as Digit mode shows its one, and a correction keeps that digit alone.

Predictions run on the GUI thread through :class:`~mnistgui.core.predict.Predictor` (a forward pass
of the small CNN is about a millisecond). Changes are coalesced: however many points a burst of
input events adds, one prediction runs per pass of the event loop, from a zero-delay timer.

The tab can exist before its model (``predictor`` None while the window loads one): the canvas
takes strokes meanwhile, and :meth:`DrawTab.set_predictor` reads them when the model comes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QSlider,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from mnistgui.core import number as core_number
from mnistgui.core.errors import PreprocessError
from mnistgui.core.preprocess import PreprocessConfig
from mnistgui.gui.canvas.widget import DrawingCanvas, Tool
from mnistgui.gui.draw.correction import CorrectionBar
from mnistgui.gui.canvas.drawing import MAX_PEN_WIDTH, MIN_PEN_WIDTH
from mnistgui.gui.draw.model_input_view import ModelInputPanel
from mnistgui.gui.draw.number_view import NumberReadout, marks_for
from mnistgui.gui.draw.prediction_view import PredictionPanel
from mnistgui.gui.widgets.controls import ElidedLabel

if TYPE_CHECKING:  # the predictor's module loads torch, which the tab opens without
    from mnistgui.core.predict import Prediction, Predictor

_PEN_STEP = 0.005


def _tool_button(action: QAction) -> QToolButton:
    b = QToolButton()
    b.setObjectName("Tool")
    b.setDefaultAction(action)
    b.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    b.setFocusPolicy(Qt.FocusPolicy.TabFocus)
    return b


class DrawTab(QWidget):
    """Draw a digit and watch it being read."""

    #: a new reading was shown: a :class:`Prediction`, or None for an empty canvas
    prediction_updated = Signal(object)
    #: the user says what the drawing is, to keep it as a personal sample: (the digit, how it was
    #: said: "correction" from "Read wrong? That's a …", "unsure" answering the unsure question)
    sample_labelled = Signal(int, str)
    #: the user takes back the sample just kept from this drawing
    sample_unlabel_requested = Signal()

    def __init__(self, predictor: Predictor | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("DrawTab")
        self.predictor = predictor
        self.canvas = DrawingCanvas()
        self.canvas.raster_size = self.preprocess_config.raster_size
        self.prediction_panel = PredictionPanel()
        self.input_panel = ModelInputPanel()
        self.input_panel.set_config(self.preprocess_config)
        self.last_error: str | None = None
        self._hint = self.prediction_panel.hint_label.text()
        self._number_hint = self.tr("Each digit of the number shows here:\nthe one just written, or the one clicked.")
        self._active = True
        self._seen_revision = -1
        #: "digit" or "number" (see :meth:`set_mode`)
        self.mode = "digit"
        #: Number mode: the number as last read, the digit shown beside it, the digits kept
        self.number_reading: core_number.NumberReading | None = None
        self.selected_digit: int | None = None
        self._saved_digits: set[int] = set()
        self._cache: tuple[object, core_number.ReadingCache] | None = None  # (its model, the cache)
        self.number_view = NumberReadout()
        self.number_view.setVisible(False)
        self.number_view.digit_selected.connect(self._on_number_view_digit_selected)
        self.canvas.mark_clicked.connect(self._on_canvas_mark_clicked)
        self.canvas.resized.connect(self._on_canvas_resized)  # a resized strip places an image anew: read it again

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._on_timer_timeout)

        self._make_actions()
        tools = self._make_toolbar()

        right = QVBoxLayout()
        right.setContentsMargins(0, 0, 0, 0)
        right.setSpacing(12)
        right.addWidget(self.prediction_panel, 3)
        #: "Read wrong? That's a …": saves the drawing to the personal samples (see FinetuneTab)
        self.correction_bar = CorrectionBar()
        self.prediction_updated.connect(self.correction_bar.set_prediction)
        self.correction_bar.digit_chosen.connect(self._on_correction_bar_digit_chosen)
        self.correction_bar.undo_requested.connect(self.sample_unlabel_requested)
        self.prediction_panel.digit_chosen.connect(self._on_prediction_panel_digit_chosen)
        right.addWidget(self.correction_bar, 0)
        right.addWidget(self.input_panel, 0)
        right_w = QWidget()
        right_w.setLayout(right)
        right_w.setMinimumWidth(340)
        right_w.setMaximumWidth(460)
        right_w.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)

        left = QVBoxLayout()
        left.setContentsMargins(0, 0, 0, 0)
        left.setSpacing(6)
        # two rows, so the column fits an 800-pixel-wide window: what to draw and the edits above,
        # the pen and its width under them, centred over the paper
        modes = QHBoxLayout()
        modes.setContentsMargins(6, 0, 6, 0)
        modes.setSpacing(4)
        for a in (self.digit_mode_action, self.number_mode_action):
            modes.addWidget(_tool_button(a))
        modes.addStretch(1)
        for a in (self.undo_action, self.redo_action, self.clear_action):
            modes.addWidget(_tool_button(a))
        left.addLayout(modes)
        left.addWidget(tools)
        # an image's name (and the model that reads it), on a line of its own that is always
        # there: elided, it never widens the window, and nothing moves when it appears
        self.source_label = ElidedLabel("")  # elided in the middle: the name's end and the model stay
        self.source_label.setObjectName("Faint")
        self.source_label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.source_label.setFixedHeight(self.source_label.fontMetrics().height() + 2)
        left.addWidget(self.source_label)
        left.addWidget(self.number_view)
        left.addWidget(self.canvas, 1)

        lay = QHBoxLayout(self)
        lay.setContentsMargins(14, 10, 16, 14)
        lay.setSpacing(14)
        lay.addLayout(left, 1)
        lay.addWidget(right_w)

        self.canvas.drawing_changed.connect(self._on_canvas_drawing_changed)
        self.canvas.tool_changed.connect(self._on_canvas_tool_changed)
        self.canvas.drawing.changed.connect(self._on_drawing_changed)
        stack = self.canvas.undo_stack
        stack.indexChanged.connect(self._update_actions)
        stack.canUndoChanged.connect(self._update_actions)
        stack.canRedoChanged.connect(self._update_actions)
        self._update_actions()
        self.setFocusProxy(self.canvas)

    # ------------------------------------------------------------------------------------------
    # Actions and the tool strip

    def _make_actions(self) -> None:
        def act(text: str, keys, slot, tip: str = "") -> QAction:
            a = QAction(text, self)
            if keys:
                a.setShortcuts(keys if isinstance(keys, list) else [keys])
            if slot is not None:
                a.triggered.connect(slot)
            if tip:
                a.setToolTip(tip)
                a.setStatusTip(tip)
            return a

        K = QKeySequence
        self.undo_action = act(self.tr("Undo"), K(K.StandardKey.Undo), self._on_undo_triggered)
        # Ctrl+Shift+Z and Ctrl+Y both redo, whatever the platform's own binding is
        redo_keys = [K("Ctrl+Shift+Z"), K("Ctrl+Y")]
        self.redo_action = act(
            self.tr("Redo"), redo_keys + [k for k in K.keyBindings(K.StandardKey.Redo) if k not in redo_keys],
            self._on_redo_triggered,
        )
        self.clear_action = act(self.tr("Clear"), [K(Qt.Key.Key_Escape), K(Qt.Key.Key_Delete)], self._on_clear_triggered,
                                self.tr("Clear the canvas (Esc or Delete; undoable)"))
        self.paste_action = act(self.tr("Paste"), K(K.StandardKey.Paste), self._on_paste_triggered,
                                self.tr("Paste an image or strokes from the clipboard"))
        self.pen_action = act(self.tr("Pen"), K("P"), self._on_pen_triggered, self.tr("Draw (P)"))
        self.eraser_action = act(self.tr("Eraser"), K("E"), self._on_eraser_triggered,
                                 self.tr("Erase parts of strokes (E; or drag with the right button)"))
        for a in (self.pen_action, self.eraser_action):
            a.setCheckable(True)
        for a, short in ((self.undo_action, self.tr("Undo")), (self.redo_action, self.tr("Redo"))):
            a.setIconText(short)  # the tool strip says "Undo"; the menu says what is undone
        group = QActionGroup(self)
        group.setExclusive(True)
        group.addAction(self.pen_action)
        group.addAction(self.eraser_action)
        self.pen_action.setChecked(True)
        self.thinner_action = act(self.tr("Thinner pen"), K("["), self._on_thinner_triggered, self.tr("Thinner pen ([)"))
        self.thicker_action = act(self.tr("Thicker pen"), K("]"), self._on_thicker_triggered, self.tr("Thicker pen (])"))
        self.steps_action = act(self.tr("Show Preprocessing Steps"), K("S"), None,
                                self.tr("Show how the drawing becomes the model's input"))
        self.steps_action.setCheckable(True)
        self.steps_action.toggled.connect(self._on_steps_action_toggled)
        self.input_panel.steps_toggled.connect(self.steps_action.setChecked)
        self.digit_mode_action = act(self.tr("Digit"), None, self._on_digit_mode_triggered,
                                     self.tr("Draw one digit on a square sheet"))
        self.number_mode_action = act(self.tr("Number"), None, self._on_number_mode_triggered,
                                      self.tr("Write a whole number on a strip: each digit is read and framed"))
        modes = QActionGroup(self)
        for a in (self.digit_mode_action, self.number_mode_action):
            a.setCheckable(True)
            modes.addAction(a)
        self.digit_mode_action.setChecked(True)
        self.edit_actions = [self.undo_action, self.redo_action, self.clear_action, self.paste_action,
                             self.pen_action, self.eraser_action, self.thinner_action, self.thicker_action,
                             self.steps_action]

    def _make_toolbar(self) -> QWidget:
        bar = QWidget()
        row = QHBoxLayout(bar)
        row.setContentsMargins(6, 0, 6, 0)
        row.setSpacing(4)
        row.addStretch(1)  # centred over the paper
        row.addWidget(_tool_button(self.pen_action))
        row.addWidget(_tool_button(self.eraser_action))
        row.addSpacing(10)
        width_label = QLabel(self.tr("Width"))
        width_label.setObjectName("Muted")
        row.addWidget(width_label)
        self.width_slider = QSlider(Qt.Orientation.Horizontal)
        self.width_slider.setRange(round(MIN_PEN_WIDTH * 1000), round(MAX_PEN_WIDTH * 1000))
        self.width_slider.setSingleStep(5)
        self.width_slider.setPageStep(10)
        self.width_slider.setFixedWidth(130)
        self.width_slider.setAccessibleName(self.tr("Pen width"))
        self.width_slider.setToolTip(self.tr("Pen width, as a share of the canvas side ([ and ])"))
        self.width_slider.valueChanged.connect(self._on_width_slider_value_changed)
        width_label.setBuddy(self.width_slider)
        row.addWidget(self.width_slider)
        self.width_value = QLabel("")
        self.width_value.setObjectName("Muted")
        self.width_value.setMinimumWidth(40)
        row.addWidget(self.width_value)
        row.addStretch(1)
        return bar

    # ------------------------------------------------------------------------------------------
    # Public

    def set_predictor(self, predictor: Predictor) -> None:
        """Read with another model from now on (the drawing stays)."""
        self.predictor = predictor
        self.canvas.raster_size = predictor.preprocess.raster_size
        self.input_panel.set_config(predictor.preprocess)
        self._show_source()
        self.predict_now()

    def set_active(self, active: bool) -> None:
        """The tab is (or is no longer) the one shown: its shortcuts work only while it is."""
        self._active = active
        self._update_actions()

    @property
    def prediction(self) -> Prediction | None:
        return self.prediction_panel.prediction

    @property
    def preprocess_config(self) -> PreprocessConfig:
        """The model's preprocessing (the default one until there is a model)."""
        return self.predictor.preprocess if self.predictor is not None else PreprocessConfig()

    def set_mode(self, mode: str) -> None:
        """"digit": one digit on a square sheet; "number": a number on a strip. The drawing stays
        (its coordinates are in units of the paper's height in both)."""
        if mode not in ("digit", "number"):
            raise ValueError(f"unknown Draw mode {mode!r}")
        (self.number_mode_action if mode == "number" else self.digit_mode_action).setChecked(True)
        if mode == self.mode:
            return
        self.mode = mode
        self.canvas.set_strip(mode == "number")
        self.number_view.setVisible(mode == "number")
        self.number_reading, self.selected_digit = None, None
        self._saved_digits.clear()
        self.canvas.set_marks([])
        self.predict_now()

    def select_digit(self, index: int) -> None:
        """Number mode: show digit ``index`` of the number in the panels beside the canvas."""
        r = self.number_reading
        if r is None or not 0 <= index < len(r.digits):
            return
        self.selected_digit = index
        self._show_number()
        self._show(r.digits[index].prediction)

    def sample_to_save(self) -> tuple[list | None, float | None, object] | None:
        """What a correction keeps as a personal sample, ``(strokes, pen width, 28x28 image)``:
        the drawing's strokes and pen (Digit mode) or the selected digit's strokes, alone on a
        square as a single digit is drawn (Number mode); where an image is read, the model's
        input instead (strokes None). None when there is nothing to keep."""
        canvas = self.canvas
        if canvas.is_empty():
            return None
        pred = self.prediction
        if self.mode == "number":
            r, i = self.number_reading, self.selected_digit
            if r is None or i is None:
                return None
            d = r.digits[i]
            if canvas.drawing.background is None and d.strokes:
                every = canvas.drawing.all_strokes()
                strokes, pen = core_number.alone([every[k] for k in d.strokes], canvas.pen_width())
                return strokes, pen, None
            return None, None, d.prediction.preprocessed.image
        if canvas.drawing.background is not None:
            return None, None, None if pred is None or pred.preprocessed is None else pred.preprocessed.image
        return canvas.strokes(), canvas.pen_width(), None

    def show_saved(self, label: int, count: int) -> None:
        """The drawing (Number mode: the selected digit) was kept as a ``label`` (``count`` of them
        now): the correction row and the unsure question say so, and offer nothing more for it."""
        self.correction_bar.show_saved(label, count)
        self.prediction_panel.show_saved(label)
        if self.mode == "number" and self.selected_digit is not None:
            self._saved_digits.add(self.selected_digit)
            self._show_number()

    def show_unsaved(self) -> None:
        """The sample kept from this drawing was taken back: the digits are offered again."""
        if self.mode == "number" and self.selected_digit is not None:
            self._saved_digits.discard(self.selected_digit)
        self.predict_now()

    def show_save_error(self, text: str) -> None:
        """Keeping the drawing failed (``text`` says why)."""
        self.correction_bar.show_error(text)
        self.prediction_panel.show_save_error(text)

    def predict_now(self) -> Prediction | None:
        """Read the canvas now and show the result (Number mode: the selected digit's)."""
        self._timer.stop()
        pred = self._predict_number() if self.mode == "number" else self._predict()
        self._show(pred)
        return pred

    def _show(self, pred: Prediction | None) -> None:
        self.prediction_panel.show_prediction(pred)
        self.prediction_panel.hint_label.setText(
            self.tr("Loading the model…\nwhat is drawn is read as soon as it is there.") if self._waiting()
            else self._number_hint if self.mode == "number" else self._hint)
        self.input_panel.set_result(None if pred is None else pred.preprocessed)
        self.prediction_updated.emit(pred)

    def _waiting(self) -> bool:
        d = self.canvas.drawing
        return self.predictor is None and (bool(d.strokes) or d.background is not None)

    def _predict_number(self) -> Prediction | None:
        """Number mode: read the strip as a number (the core's one reading of a canvas as a
        number: what `mnistgui predict --number` does with the same strokes, or the image)."""
        canvas = self.canvas
        self.last_error = None
        strokes = canvas.drawing.all_strokes()
        bg = canvas.drawing.background
        reading = None
        if (strokes or bg is not None) and self.predictor is not None:
            if self._cache is None or self._cache[0] is not self.predictor:
                self._cache = (self.predictor, core_number.ReadingCache())
            try:
                reading = core_number.read_canvas(self.predictor, strokes, bg, canvas.pen_width(), canvas.aspect(),
                                                  cache=self._cache[1])
            except PreprocessError as exc:
                self.last_error = str(exc)
        before = self.number_reading
        n = 0 if reading is None else len(reading.digits)
        if before is None or len(before.digits) != n:
            self._saved_digits.clear()
            self.selected_digit = n - 1 if n else None  # the digit being written
        elif before.text != reading.text:
            self._saved_digits.clear()
        self.number_reading = reading
        self._show_number()
        return None if self.selected_digit is None else reading.digits[self.selected_digit].prediction

    def _show_number(self) -> None:
        r, i = self.number_reading, self.selected_digit
        self.number_view.show_reading(r, i, self._saved_digits, self._waiting())
        self.canvas.set_marks(marks_for(r, i, self._saved_digits))

    def _predict(self) -> Prediction | None:
        canvas = self.canvas
        self.last_error = None
        strokes = canvas.drawing.all_strokes()
        bg = canvas.drawing.background
        if (not strokes and bg is None) or self.predictor is None:
            return None  # nothing to read, or no model yet: set_predictor() reads it then
        try:
            # the core's one reading of a canvas: what `mnistgui predict` does with the same
            # strokes and pen, or with the image file
            return self.predictor.predict_canvas(strokes, bg, canvas.pen_width())
        except PreprocessError as exc:  # e.g. all ink erased or outside the paper
            self.last_error = str(exc)
            return None

    # ------------------------------------------------------------------------------------------
    # Slots

    @Slot()
    def _on_canvas_resized(self) -> None:
        if self.mode == "number" and self.canvas.drawing.background is not None and not self._timer.isActive():
            self._timer.start()

    @Slot()
    def _on_digit_mode_triggered(self) -> None:
        self.set_mode("digit")

    @Slot()
    def _on_number_mode_triggered(self) -> None:
        self.set_mode("number")

    @Slot(int)
    def _on_number_view_digit_selected(self, index: int) -> None:
        self.select_digit(index)

    @Slot(int)
    def _on_canvas_mark_clicked(self, index: int) -> None:
        self.select_digit(index)

    @Slot(int)
    def _on_correction_bar_digit_chosen(self, digit: int) -> None:
        self.sample_labelled.emit(digit, "correction")

    @Slot(int)
    def _on_prediction_panel_digit_chosen(self, digit: int) -> None:
        self.sample_labelled.emit(digit, "unsure")

    @Slot()
    def _on_canvas_drawing_changed(self) -> None:
        d = self.canvas.drawing
        if self.mode == "number" and d.background is not None and d.live:
            return  # ink over an image is read when its stroke ends: the whole image is cut into digits again
        if not self._timer.isActive():
            self._timer.start()

    @Slot()
    def _on_timer_timeout(self) -> None:
        self.predict_now()

    @Slot()
    def _on_drawing_changed(self) -> None:
        rev = self.canvas.drawing.revision
        if rev == self._seen_revision:
            return  # only the live stroke grew: nothing here to update
        self._seen_revision = rev
        self._update_actions()
        self._show_source()

    def _show_source(self) -> None:
        """The image on the canvas, and the model that reads it (said plainly: an image opened
        from an evaluation may have been evaluated by another model)."""
        bg = self.canvas.drawing.background
        if bg is None or not bg.name:
            self.source_label.setText("")
            return
        by = self.tr(" · read by {0}").format(self.predictor.name or self.tr("the model in use")) \
            if self.predictor is not None else ""
        self.source_label.setText(self.tr("Image: {0}{1}").format(bg.name, by))

    @Slot(str)
    def _on_canvas_tool_changed(self, tool: str) -> None:
        (self.eraser_action if tool == Tool.ERASER.value else self.pen_action).setChecked(True)
        self._sync_width_controls()  # the slider sizes the tool in hand

    def _sizing_eraser(self) -> bool:
        return self.canvas.tool() is Tool.ERASER

    def _width(self) -> float:
        return self.canvas.eraser_radius() if self._sizing_eraser() else self.canvas.pen_width()

    def _set_width(self, w: float) -> None:
        """The pen's width or, with the eraser in hand, the eraser's own size."""
        if self._sizing_eraser():
            self.canvas.set_eraser_size(w)
            self._sync_width_controls()
        else:
            self.canvas.set_pen_width(w)

    @Slot()
    def _update_actions(self) -> None:
        stack = self.canvas.undo_stack
        on = self._active
        self.undo_action.setEnabled(on and stack.canUndo())
        self.redo_action.setEnabled(on and stack.canRedo())
        self.undo_action.setText(self.tr("Undo {0}").format(stack.undoText()).strip()
                                 if stack.canUndo() else self.tr("Undo"))
        self.redo_action.setText(self.tr("Redo {0}").format(stack.redoText()).strip()
                                 if stack.canRedo() else self.tr("Redo"))
        for a in (self.paste_action, self.pen_action, self.eraser_action, self.steps_action,
                  self.digit_mode_action, self.number_mode_action):
            a.setEnabled(on)
        d = self.canvas.drawing
        self.clear_action.setEnabled(on and (bool(d.strokes) or d.background is not None))
        self._sync_width_controls()

    def _sync_width_controls(self) -> None:
        w = self._width()
        tip = (self.tr("Eraser size, as a share of the canvas side ([ and ]); the pen keeps its width")
               if self._sizing_eraser() else self.tr("Pen width, as a share of the canvas side ([ and ])"))
        self.width_slider.setToolTip(tip)
        self.width_slider.blockSignals(True)
        self.width_slider.setValue(round(w * 1000))
        self.width_slider.blockSignals(False)
        self.width_value.setText(f"{w * 100:.1f}%")
        self.thinner_action.setEnabled(self._active and w > MIN_PEN_WIDTH)
        self.thicker_action.setEnabled(self._active and w < MAX_PEN_WIDTH)

    @Slot(int)
    def _on_width_slider_value_changed(self, value: int) -> None:
        self._set_width(value / 1000.0)

    @Slot()
    def _on_undo_triggered(self) -> None:
        self.canvas.undo()

    @Slot()
    def _on_redo_triggered(self) -> None:
        self.canvas.redo()

    @Slot()
    def _on_clear_triggered(self) -> None:
        self.canvas.clear()

    @Slot()
    def _on_paste_triggered(self) -> None:
        self.canvas.paste()

    @Slot()
    def _on_pen_triggered(self) -> None:
        self.canvas.set_tool(Tool.PEN)

    @Slot()
    def _on_eraser_triggered(self) -> None:
        self.canvas.set_tool(Tool.ERASER)

    @Slot()
    def _on_thinner_triggered(self) -> None:
        self._set_width(self._width() - _PEN_STEP)

    @Slot()
    def _on_thicker_triggered(self) -> None:
        self._set_width(self._width() + _PEN_STEP)

    @Slot(bool)
    def _on_steps_action_toggled(self, checked: bool) -> None:
        self.input_panel.set_steps_visible(checked)
