"""Collecting samples of one's handwriting: guided (the app asks for a digit) or free.

Guided: the app asks for the digit with the fewest samples (ties broken at random, never the
same digit twice in a row), the user draws it and presses Enter (or Save); S (or Skip) asks for
another. Free: draw anything, then press 0-9 or click a digit to save it with that label.

In both modes, undoing on an empty canvas (Ctrl+Z, or the Undo button) takes the last saved
sample back out of the collection and puts its drawing back on the canvas.
"""

from __future__ import annotations

import random

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QFont, QKeySequence
from PySide6.QtWidgets import (
    QButtonGroup,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSlider,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from mnistgui.core.errors import MnistguiError, PreprocessError
from mnistgui.core.finetune import MIN_HELDOUT
from mnistgui.core.preprocess import StrokeSample
from mnistgui.core.samples import HOLDOUT_EVERY
from mnistgui.gui.widgets import style
from mnistgui.gui import i18n
from mnistgui.gui.canvas.drawing import MAX_PEN_WIDTH, MIN_PEN_WIDTH
from mnistgui.gui.canvas.widget import DrawingCanvas
from mnistgui.gui.widgets.controls import SegmentedControl, alive, big_label, button, card, muted
from mnistgui.gui.finetune.digit_counts import GOAL_PER_DIGIT, DigitCounts
from mnistgui.gui.finetune.sample_library import AddSamplesCommand, SampleLibrary

GUIDED, FREE = 0, 1
_DIGIT_KEYS = {getattr(Qt.Key, f"Key_{d}"): d for d in range(10)}


class CollectPanel(QWidget):
    """A canvas, the prompt or the digit buttons, and the counts per digit."""

    #: a sample was saved: (id, label)
    sample_saved = Signal(int, int)

    def __init__(self, library: SampleLibrary, parent: QWidget | None = None, seed: int | None = None,
                 model=None) -> None:
        """``model``: returns the model in use (a Predictor, or None), which reads the drawing live."""
        super().__init__(parent)
        self.setObjectName("CollectPanel")
        self.library = library
        self._model = model or (lambda: None)
        #: the live reading of the drawing (None: nothing drawn, or no model)
        self.reading = None
        self._read_timer = QTimer(self)
        self._read_timer.setSingleShot(True)
        self._read_timer.setInterval(0)
        self._read_timer.timeout.connect(self._on_read_timer_timeout)
        self._rng = random.Random(seed)
        self.prompt_digit: int = 0
        self._counts = [0] * 10

        self.canvas = DrawingCanvas()
        self.canvas.setAccessibleName(self.tr("Collection canvas"))
        self.canvas.installEventFilter(self)
        self.canvas.drawing_changed.connect(self._on_canvas_drawing_changed)

        # -- left: mode, canvas tools, canvas
        self.mode_switch = SegmentedControl(
            [self.tr("Guided"), self.tr("Free")],
            tips=[self.tr("The app asks for a digit; Enter saves it"), self.tr("Draw anything, then press its digit (0-9)")],
        )
        self.mode_switch.changed.connect(self._on_mode_switch_changed)
        self.clear_button = button(self.tr("Clear"), tip=self.tr("Clear the canvas (Esc)"))
        self.clear_button.clicked.connect(self._on_clear_clicked)
        self.undo_button = button(self.tr("Undo"), tip=self.tr("Undo the last stroke, or take the last saved sample back (Ctrl+Z)"))
        self.undo_button.clicked.connect(self._on_undo_clicked)
        tools = QHBoxLayout()
        tools.setContentsMargins(0, 0, 0, 0)
        tools.setSpacing(6)
        tools.addWidget(self.mode_switch)
        tools.addStretch(1)
        width_label = QLabel(self.tr("Width"))
        width_label.setObjectName("Muted")
        self.width_slider = QSlider(Qt.Orientation.Horizontal)
        self.width_slider.setRange(round(MIN_PEN_WIDTH * 1000), round(MAX_PEN_WIDTH * 1000))
        self.width_slider.setValue(round(self.canvas.pen_width() * 1000))
        self.width_slider.setMaximumWidth(110)
        self.width_slider.setMinimumWidth(60)
        self.width_slider.setAccessibleName(self.tr("Pen width"))
        self.width_slider.setToolTip(self.tr("Pen width, as a share of the canvas side"))
        self.width_slider.valueChanged.connect(self._on_width_slider_value_changed)
        width_label.setBuddy(self.width_slider)
        tools.addWidget(width_label)
        tools.addWidget(self.width_slider)
        tools.addSpacing(6)
        tools.addWidget(self.undo_button)
        tools.addWidget(self.clear_button)
        # what the model in use reads, live: a sample it already reads well teaches it little
        self.reading_label = muted("", wrap=False)
        self.reading_label.setTextFormat(Qt.TextFormat.RichText)
        self.reading_label.setFixedHeight(self.reading_label.fontMetrics().height() + 4)
        left = QVBoxLayout()
        left.setContentsMargins(0, 0, 0, 0)
        left.setSpacing(6)
        left.addLayout(tools)
        left.addWidget(self.canvas, 1)
        left.addWidget(self.reading_label)

        # -- right: what to do now
        task, task_lay = card()
        self.pages = QStackedWidget()
        self.pages.addWidget(self._make_guided_page())
        self.pages.addWidget(self._make_free_page())
        self.pages.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        task_lay.addWidget(self.pages)
        self.status_label = muted("")
        self.status_label.setMinimumHeight(self.fontMetrics().height() * 2 + 4)
        self.status_label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        task_lay.addWidget(self.status_label)

        counts_card, counts_lay = card(self.tr("Your samples"))
        self.counts = DigitCounts()
        self.counts.digit_clicked.connect(self._on_counts_digit_clicked)
        self.total_label = muted("")
        counts_lay.addWidget(self.counts)
        counts_lay.addWidget(self.total_label)

        right = QVBoxLayout()
        right.setContentsMargins(0, 0, 0, 0)
        right.setSpacing(12)
        right.addWidget(task)
        right.addWidget(counts_card)
        right.addStretch(1)
        right_w = QWidget()
        right_w.setLayout(right)
        right_w.setMinimumWidth(330)
        right_w.setMaximumWidth(440)

        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(14)
        lay.addLayout(left, 1)
        lay.addWidget(right_w, 1)  # as wide as it may be: the canvas takes the rest

        library.changed.connect(self._on_library_changed)
        library.undo_stack.indexChanged.connect(self._update_buttons)
        self.setFocusProxy(self.canvas)
        self._update_buttons()
        self._on_mode_switch_changed(GUIDED)

    # ------------------------------------------------------------------------------------------
    # Construction

    def _make_guided_page(self) -> QWidget:
        page = QWidget()
        lay = QVBoxLayout(page)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(4)
        ask = QLabel(self.tr("Please draw a"))
        ask.setObjectName("CardTitle")
        self.prompt_label = big_label("0", self.font(), 96)
        self.prompt_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.prompt_label.setMinimumHeight(112)
        self.prompt_label.setAccessibleName(self.tr("Digit to draw"))
        self.prompt_note = muted("", wrap=True)
        self.prompt_note.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.save_button = button(self.tr("Save  ⏎"), primary=True, tip=self.tr("Save the drawing as this digit (Enter)"))
        self.save_button.clicked.connect(self._on_save_clicked)
        self.skip_button = button(self.tr("Skip"), tip=self.tr("Ask for another digit (S)"))
        self.skip_button.clicked.connect(self._on_skip_clicked)
        row = QHBoxLayout()
        row.setSpacing(8)
        row.addWidget(self.save_button, 2)
        row.addWidget(self.skip_button, 1)
        lay.addWidget(ask)
        lay.addWidget(self.prompt_label)
        lay.addWidget(self.prompt_note)
        lay.addSpacing(6)
        lay.addLayout(row)
        return page

    def _make_free_page(self) -> QWidget:
        page = QWidget()
        lay = QVBoxLayout(page)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(8)
        t = QLabel(self.tr("Draw any digit, then save it as"))
        t.setObjectName("CardTitle")
        lay.addWidget(t)
        grid = QGridLayout()
        grid.setSpacing(6)
        self.digit_buttons: list[QPushButton] = []
        self._digit_group = QButtonGroup(self)
        for d in range(10):
            b = QPushButton(str(d))
            b.setObjectName("Digit")
            b.setAutoDefault(False)
            b.setFont(style.font(self.font(), 6, QFont.Weight.DemiBold))
            b.setMinimumHeight(46)
            b.setToolTip(self.tr("Save the drawing as a {0} (key {0})").format(d))
            b.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            self._digit_group.addButton(b, d)
            grid.addWidget(b, d // 5, d % 5)
            self.digit_buttons.append(b)
        self._digit_group.idClicked.connect(self._on_digit_clicked)
        lay.addLayout(grid)
        lay.addStretch(1)
        return page

    # ------------------------------------------------------------------------------------------
    # Public

    @property
    def mode(self) -> int:
        return self.pages.currentIndex()

    def set_mode(self, mode: int) -> None:
        self.mode_switch.set_index(mode)

    def refresh(self) -> None:
        """Read the counts again (e.g. after edits elsewhere)."""
        self._counts = self.library.counts()
        self.counts.set_counts(self._counts)
        n = sum(self._counts)
        short = [d for d in range(10) if self._counts[d] < GOAL_PER_DIGIT]
        if n == 0:
            text = self.tr("None yet. About {0} of each digit is a good start.").format(GOAL_PER_DIGIT)
        elif short:
            text = self.tr("%n in all. Aim for {0} of each digit; fewest so far: {1}.", "", n).format(
                GOAL_PER_DIGIT, self.tr(", ").join(str(d) for d in sorted(short, key=lambda d: self._counts[d])[:4]))
        else:
            text = self.tr("%n in all: enough of every digit to fine-tune. More never hurts.", "", n)
        held = sum(c // HOLDOUT_EVERY for c in self._counts)  # every fifth of a digit is held out
        if n and held < MIN_HELDOUT:
            text += " " + self.tr("Only {0} held out so far to measure a fine-tune on: until {1} are, it is "
                                  "measured by cross-validation over your samples.").format(held, MIN_HELDOUT)
        self.total_label.setText(text)
        self._show_prompt()

    def next_prompt(self, avoid: int | None = None) -> int:
        """Ask for the digit with the fewest samples (not ``avoid`` if another is as short)."""
        counts = self._counts
        low = min(counts)
        cands = [d for d in range(10) if counts[d] == low and d != avoid]
        if not cands:
            cands = ([d for d in range(10) if d != avoid and counts[d] <= low + 1]
                     or [d for d in range(10) if d != avoid])
        self.prompt_digit = self._rng.choice(cands)
        self._show_prompt()
        return self.prompt_digit

    def save(self, label: int | None = None) -> int | None:
        """Save the drawing (as ``label``, or the prompted digit in guided mode); its id or None."""
        if label is None:
            if self.mode != GUIDED:
                return None
            label = self.prompt_digit
        canvas = self.canvas
        if canvas.is_empty():
            self._say(self.tr("Draw the digit first, then save it."), warn=True)
            return None
        if not self.library.available():
            self._say(self.library.error or self.tr("The sample collection cannot be opened."), warn=True)
            return None
        strokes = canvas.strokes()
        pen = canvas.pen_width()
        source = "guided" if self.mode == GUIDED else "free"
        try:
            if canvas.drawing.background is not None:
                image = canvas.preprocessed(self.library.store.preprocess).image
                sid = self.library.add(label, None, None, source, image28=image)
            else:
                sid = self.library.add(label, strokes, pen, source)
        except (MnistguiError, OSError) as exc:
            self._say(self.tr("Not saved: {0}").format(exc), warn=True)
            return None
        canvas.clear()
        canvas.undo_stack.clear()  # undo now takes the saved sample back (see undo())
        self._counts = self.library.counts()
        n = self._counts[label]
        self._say(self.tr("Saved a {0} (%n of them now). Ctrl+Z takes it back.", "", n).format(label))
        if self.mode == GUIDED:
            self.next_prompt(avoid=label)
        self.sample_saved.emit(sid, label)
        canvas.setFocus()
        return sid

    def skip(self) -> int:
        """Ask for another digit."""
        was = self.prompt_digit
        self.canvas.clear()
        d = self.next_prompt(avoid=was)
        self._say(self.tr("Skipped the {0}.").format(was))
        self.canvas.setFocus()
        return d

    def can_undo_save(self) -> bool:
        stack = self.library.undo_stack
        cmd = stack.command(stack.index() - 1) if stack.canUndo() else None
        return isinstance(cmd, AddSamplesCommand) and cmd.source in ("guided", "free")

    def undo(self) -> bool:
        """Undo a stroke; on an empty canvas, take the last saved sample back onto the canvas."""
        canvas = self.canvas
        if canvas.undo_stack.canUndo():
            canvas.undo()
            return True
        if not self.can_undo_save():
            return False
        stack = self.library.undo_stack
        cmd = stack.command(stack.index() - 1)
        label, strokes, source = cmd.label, cmd.strokes, cmd.source
        stack.undo()
        if strokes:
            canvas.replay(StrokeSample(strokes=strokes, label=label))  # undoing it clears the canvas
        if source == "guided":
            self.set_mode(GUIDED)
            self.prompt_digit = label
            self._show_prompt()
        self._say(self.tr("Took the {0} back out of your samples.").format(label))
        canvas.setFocus()
        return True

    # ------------------------------------------------------------------------------------------
    # Helpers

    def _say(self, text: str, warn: bool = False) -> None:
        self.status_label.setText(text)
        self.status_label.setStyleSheet(f"color: {style.UNSURE};" if warn else "")

    def _show_prompt(self) -> None:
        d = self.prompt_digit
        self.prompt_label.setText(str(d))
        n = self._counts[d]
        self.prompt_note.setText(self.tr("You have {0} of {1} suggested {2}s.").format(n, GOAL_PER_DIGIT, d) if n < GOAL_PER_DIGIT
                                 else self.tr("You have {0} {1}s.").format(n, d))
        self.counts.set_highlight(d if self.mode == GUIDED else None)
        if hasattr(self, "reading_label"):
            self._show_reading()

    @Slot()
    def _update_buttons(self) -> None:
        if not alive(self.undo_button, self.clear_button, self.save_button, self.canvas):
            return  # being torn down
        has_ink = not self.canvas.is_empty()
        self.undo_button.setEnabled(self.canvas.undo_stack.canUndo() or self.can_undo_save())
        self.clear_button.setEnabled(has_ink)
        self.save_button.setEnabled(has_ink)

    # ------------------------------------------------------------------------------------------
    # Events and slots

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if obj is self.canvas and event.type() == QEvent.Type.KeyPress:
            if event.matches(QKeySequence.StandardKey.Undo):
                self.undo()
                return True
        return super().eventFilter(obj, event)

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt's name
        key = event.key()
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if mods == Qt.KeyboardModifier.NoModifier:
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.mode == GUIDED:
                self.save()
                event.accept()
                return
            if key == Qt.Key.Key_S and self.mode == GUIDED:
                self.skip()
                event.accept()
                return
            if key in _DIGIT_KEYS and self.mode == FREE:
                self.save(_DIGIT_KEYS[key])
                event.accept()
                return
        super().keyPressEvent(event)

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        self.canvas.setFocus()

    @Slot(int)
    def _on_mode_switch_changed(self, mode: int) -> None:
        self.pages.setCurrentIndex(mode)
        self._show_prompt()
        self._say(self.tr("Draw the digit asked for. Enter saves it, S asks for another, Esc clears, "
                          "Ctrl+Z undoes (and takes back what you saved last).") if mode == GUIDED
                  else self.tr("Draw a digit, then press its key (0-9) or click it to save it. Esc clears, "
                               "Ctrl+Z undoes (and takes back what you saved last)."))
        self.canvas.setFocus()

    @Slot()
    def _on_canvas_drawing_changed(self) -> None:
        self._update_buttons()
        if not self._read_timer.isActive():
            self._read_timer.start()
        w = round(self.canvas.pen_width() * 1000)
        if self.width_slider.value() != w:  # an undo of a width change
            self.width_slider.blockSignals(True)
            self.width_slider.setValue(w)
            self.width_slider.blockSignals(False)

    @Slot(int)
    def _on_width_slider_value_changed(self, value: int) -> None:
        self.canvas.set_pen_width(value / 1000.0)

    def read_now(self):
        """Read the drawing with the model in use and say what it reads (None: nothing to read)."""
        self._read_timer.stop()
        model = self._model()
        d = self.canvas.drawing
        strokes = d.all_strokes()
        self.reading = None
        if model is not None and strokes:
            try:
                self.reading = model.predict_canvas(strokes, d.background, self.canvas.pen_width())
            except PreprocessError:
                self.reading = None
        self._show_reading()
        return self.reading

    def _show_reading(self) -> None:
        r = self.reading
        if r is None:
            self.reading_label.setText("")
            return
        text = self.tr("The model in use reads <b>{0}</b> ({1})").format(r.digit, i18n.percent(r.confidence))
        if self.mode == GUIDED and r.digit != self.prompt_digit:
            text += " · " + self.tr("not the {0} asked for: a sample it reads wrong teaches it most").format(
                self.prompt_digit)
        self.reading_label.setText(text)

    @Slot()
    def _on_read_timer_timeout(self) -> None:
        self.read_now()

    @Slot()
    def _on_library_changed(self) -> None:
        if self.isVisible() or self.library.is_open:
            self._counts = self.library.counts()
            self.refresh()
        self._update_buttons()

    @Slot(int)
    def _on_counts_digit_clicked(self, d: int) -> None:
        if self.mode == GUIDED:
            self.prompt_digit = d
            self._show_prompt()
            self.canvas.setFocus()

    @Slot(int)
    def _on_digit_clicked(self, d: int) -> None:
        self.save(d)

    @Slot()
    def _on_save_clicked(self) -> None:
        self.save()

    @Slot()
    def _on_skip_clicked(self) -> None:
        self.skip()

    @Slot()
    def _on_clear_clicked(self) -> None:
        self.canvas.clear()
        self.canvas.setFocus()

    @Slot()
    def _on_undo_clicked(self) -> None:
        self.undo()
