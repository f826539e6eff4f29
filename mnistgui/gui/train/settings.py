"""The training recipe: architecture, optimiser, learning rate, schedule, augmentation, the
synthetic and real pen-recorded digits mixed into the batches, and the rest, with a live preview
of what augmentation does to a few training digits. A model's recipe (the shipped model's, or any
checkpoint's) can be set in one go, to train it again."""

from __future__ import annotations

import math
import os
from dataclasses import replace

import numpy as np
import torch
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QTimer, Qt, Signal, Slot
from PySide6.QtGui import QDoubleValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QSizePolicy,
    QSlider,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from mnistgui.core.augment import AugmentConfig, augment_batch
from mnistgui.core.errors import MnistguiError
from mnistgui.core.jobs import Recipe, recipe_of
from mnistgui.core.model import ARCHITECTURE_DESCRIPTIONS, ARCHITECTURES, ModelConfig
from mnistgui.core.predict import shipped_model_path
from mnistgui.core.jobs import QUICK_RECIPE
from mnistgui.core.step import available_devices, resolve_precision
from mnistgui.core.train import (KEEP_CHOICES, OPTIMIZERS, PRECISION_CHOICES, SCHEDULES, TrainConfig, resolve_device,
                                 to_batch)
from mnistgui.gui.train.image_strip import ImageStrip
from mnistgui.gui import i18n
from mnistgui.gui.widgets import style
from mnistgui.gui.widgets.controls import make_card

LR_MIN_LOG, LR_MAX_LOG = -5.0, 0.0  # the slider spans 1e-5 .. 1
LR_STEPS = 400
OPTIMIZER_TEXT = {"adamw": "AdamW", "adam": "Adam", "sgd": QT_TRANSLATE_NOOP("TrainingSettings", "SGD (Nesterov momentum)")}
SCHEDULE_TEXT = {"onecycle": QT_TRANSLATE_NOOP("TrainingSettings", "One-cycle"), "cosine": QT_TRANSLATE_NOOP("TrainingSettings", "Cosine"), "constant": QT_TRANSLATE_NOOP("TrainingSettings", "Constant")}
KEEP_TEXT = {"best": QT_TRANSLATE_NOOP("TrainingSettings", "The best epoch"),
             "last": QT_TRANSLATE_NOOP("TrainingSettings", "The last epoch")}
DEVICE_TEXT = {"auto": QT_TRANSLATE_NOOP("TrainingSettings", "Automatic"), "cpu": "CPU", "cuda": QT_TRANSLATE_NOOP("TrainingSettings", "CUDA GPU"), "mps": QT_TRANSLATE_NOOP("TrainingSettings", "Apple GPU (MPS)")}
PRECISION_TEXT = {"auto": QT_TRANSLATE_NOOP("TrainingSettings", "Automatic ({auto} here)"), "fp32": "fp32",
                  "bf16": QT_TRANSLATE_NOOP("TrainingSettings", "bf16 mixed precision"),
                  "fp16": QT_TRANSLATE_NOOP("TrainingSettings", "fp16 mixed precision")}
#: the core's descriptions of its architectures (mnistgui.core.model), as the interface says them
ARCHITECTURE_TEXT = {
    "standard": QT_TRANSLATE_NOOP("TrainingSettings", "2 conv layers with batch norm and dropout (default): fast and accurate"),
    "classic": QT_TRANSLATE_NOOP("TrainingSettings", "the classic small CNN: 2 conv layers, 2 fully connected, no normalisation"),
    "wide": QT_TRANSLATE_NOOP("TrainingSettings", "4 conv layers (32-32-64-64) with batch norm and dropout: slower, most robust"),
}


def _texts(table: dict[str, str], keys) -> dict[str, str]:
    """``keys`` with their names from ``table``, translated (a key without one is its own name)."""
    return {k: QCoreApplication.translate("TrainingSettings", table[k]) if k in table else k for k in keys}


def architecture_descriptions() -> dict[str, str]:
    return {k: QCoreApplication.translate("TrainingSettings", ARCHITECTURE_TEXT[k]) if k in ARCHITECTURE_TEXT else v
            for k, v in ARCHITECTURE_DESCRIPTIONS.items()}
PREVIEW_COLUMNS = 8
PREVIEW_MS = 1200
# the settings folded under "More settings" (TrainConfig names)
MORE_SETTINGS = ("warmup", "weight_decay", "dropout", "label_smoothing", "pen_variants", "pen_blend", "pen_neighbours", "keep",
                 "patience", "seed", "device", "precision")


def lr_to_slider(lr: float) -> int:
    v = (math.log10(max(lr, 1e-12)) - LR_MIN_LOG) / (LR_MAX_LOG - LR_MIN_LOG)
    return int(round(min(1.0, max(0.0, v)) * LR_STEPS))


def slider_to_lr(v: int) -> float:
    lr = 10 ** (LR_MIN_LOG + (LR_MAX_LOG - LR_MIN_LOG) * v / LR_STEPS)
    return float(f"{lr:.2g}")  # two significant digits: what the field shows is what is used


def _combo(items: dict[str, str] | list[str], tips: dict[str, str] | None = None) -> QComboBox:
    c = QComboBox()
    pairs = items.items() if isinstance(items, dict) else ((k, k) for k in items)
    for key, text in pairs:
        c.addItem(text, key)
        if tips and key in tips:
            c.setItemData(c.count() - 1, tips[key], Qt.ItemDataRole.ToolTipRole)
    return c


def _select(c: QComboBox, key) -> None:
    i = c.findData(key)
    if i >= 0:
        c.setCurrentIndex(i)


def _percent(maximum: float, suffix: str, tip: str) -> QDoubleSpinBox:
    """A spin box for a fraction, shown as a percentage with one decimal."""
    b = QDoubleSpinBox()
    b.setDecimals(1)
    b.setRange(0.0, maximum)
    b.setSingleStep(5.0)
    b.setSuffix(suffix)
    b.setToolTip(tip)
    return b


def _fraction(b: QDoubleSpinBox) -> float:
    return round(b.value() / 100.0, 6)


class AugmentPreview(QWidget):
    """A few training digits (top row) and augmented versions of them, drawn again every
    :data:`PREVIEW_MS` while shown, and at once when the strength changes."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.strip = ImageStrip(columns=PREVIEW_COLUMNS, rows=3, tile=30, gap=3)
        self.strip.setToolTip(self.tr("Top row: training digits. Below: what augmentation makes of them, redrawn every second"))
        self.note = QLabel(self.tr("Load the data to preview augmentation."))
        self.note.setObjectName("Faint")
        self.note.setWordWrap(True)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 2, 0, 0)
        lay.setSpacing(4)
        lay.addWidget(self.strip)
        lay.addWidget(self.note)
        self._source: torch.Tensor | None = None  # float (k, 1, 28, 28) in 0..1
        self._strength = 1.0
        self._enabled = True
        self._seed = 0
        self._live = True
        self._timer = QTimer(self)
        self._timer.setInterval(PREVIEW_MS)
        self._timer.timeout.connect(self.redraw)

    def set_source(self, images_u8: torch.Tensor | None) -> None:
        self._source = None if images_u8 is None or len(images_u8) == 0 else to_batch(images_u8, torch.device("cpu"))
        self.note.setVisible(self._source is None)
        self.redraw()

    def set_strength(self, strength: float, enabled: bool) -> None:
        self._strength, self._enabled = strength, enabled
        self.redraw()

    @Slot()
    def redraw(self) -> None:
        if self._source is None:
            self.strip.set_images(None)
            return
        x = self._source
        rows = [x[:, 0]]
        for _ in range(2):
            if self._enabled and self._strength > 0:
                self._seed += 1
                g = torch.Generator().manual_seed(self._seed)
                with torch.inference_mode():
                    rows.append(augment_batch(x, AugmentConfig(strength=self._strength), g)[:, 0])
            else:
                rows.append(x[:, 0])
        self.strip.set_images(torch.cat(rows).numpy())

    def set_live(self, live: bool) -> None:
        """Redraw every :data:`PREVIEW_MS` (only while shown), or keep still (while a run trains,
        the preview has nothing new to say and its CPU is better spent training)."""
        self._live = live
        if live and self.isVisible():
            self._timer.start()
        else:
            self._timer.stop()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if self._live:
            self._timer.start()

    def hideEvent(self, event) -> None:  # noqa: N802 - Qt's name
        self._timer.stop()
        super().hideEvent(event)


class TrainingSettings(QFrame):
    """Every setting of a run. While a run trains only the learning rate can change."""

    #: the learning rate was changed by the user
    lr_changed = Signal(float)
    #: a model's recipe was set (a :class:`~mnistgui.core.jobs.Recipe`)
    recipe_loaded = Signal(object)
    #: a model's recipe could not be read (what to tell the user)
    recipe_failed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._running = False
        d = TrainConfig()
        #: the recipe last set: what the settings do not show (momentum, the synthetic pool's
        #: size, the held-out share of pen writers) comes from it
        self._base = d

        descriptions = architecture_descriptions()
        self.arch = _combo(list(ARCHITECTURES), descriptions)
        self.arch.setToolTip(self.tr("The network: ") + self.tr("; ").join(f"{k}: {v}" for k, v in descriptions.items()))
        self.optimizer = _combo(_texts(OPTIMIZER_TEXT, OPTIMIZERS))
        self.lr_slider = QSlider(Qt.Orientation.Horizontal)
        self.lr_slider.setRange(0, LR_STEPS)
        self.lr_slider.setPageStep(LR_STEPS // 20)
        self.lr_slider.setAccessibleName(self.tr("Learning rate (logarithmic)"))
        self.lr_slider.setToolTip(self.tr("Peak learning rate, on a logarithmic scale from 0.00001 to 1. It can change while a run trains: from the next batch."))
        self.lr_edit = QLineEdit()
        self.lr_edit.setFixedWidth(64)
        v = QDoubleValidator(1e-6, 10.0, 8, self.lr_edit)
        v.setNotation(QDoubleValidator.Notation.ScientificNotation)
        self.lr_edit.setValidator(v)
        self.lr_edit.setAccessibleName(self.tr("Learning rate"))
        self.lr_edit.setToolTip(self.tr("Peak learning rate (e.g. 0.003 or 3e-3)"))
        lr_row = QHBoxLayout()
        lr_row.setSpacing(6)
        lr_row.addWidget(self.lr_slider, 1)
        lr_row.addWidget(self.lr_edit)
        self.batch_size = QSpinBox()
        self.batch_size.setRange(8, 4096)
        self.batch_size.setSingleStep(32)
        self.batch_size.setToolTip(self.tr("Images per optimiser step"))
        self.epochs = QSpinBox()
        self.epochs.setRange(1, 500)
        self.epochs.setToolTip(self.tr("Passes over the training images"))
        self.weight_decay = QDoubleSpinBox()
        self.weight_decay.setDecimals(5)
        self.weight_decay.setRange(0.0, 0.5)
        self.weight_decay.setSingleStep(0.0001)
        self.weight_decay.setToolTip(self.tr("Weight decay (L2 penalty; decoupled for AdamW)"))
        self.dropout = QDoubleSpinBox()
        self.dropout.setDecimals(2)
        self.dropout.setRange(0.0, 0.9)
        self.dropout.setSingleStep(0.05)
        self.schedule = _combo(_texts(SCHEDULE_TEXT, SCHEDULES))
        self.schedule.setToolTip(self.tr("How the learning rate moves through the run, after the warm-up"))
        self.warmup = _percent(95.0, self.tr("% of the run"),
                               self.tr("Warm-up: the first part of the run, during which the learning rate climbs from "
                                       "4% of its peak to the peak (as mnistgui train --warmup)"))
        self.label_smoothing = QDoubleSpinBox()
        self.label_smoothing.setDecimals(3)
        self.label_smoothing.setRange(0.0, 0.5)
        self.label_smoothing.setSingleStep(0.01)
        self.label_smoothing.setToolTip(self.tr("Label smoothing: this share of each training target is spread evenly over all ten digits, so the model learns not to be over-confident (as --label-smoothing)"))
        self.synthetic = _percent(90.0, self.tr("% of each batch"),
                                  self.tr("Synthetic digits: this share of each batch is taken from digits drawn by the "
                                          "built-in pen writer instead of MNIST; they are rendered before the first batch "
                                          "(as --synthetic)"))
        self.pen_data = QLineEdit()
        self.pen_data.setPlaceholderText(self.tr("a stroke JSON file"))
        self.pen_data.setAccessibleName(self.tr("Pen-recorded digits file"))
        self.pen_data.setToolTip(self.tr("Real handwriting: a stroke JSON file of labelled digits recorded with a pen, with writer ids (e.g. ../shared/handwriting/train.json). A share of its writers is held out to validate and to calibrate the unsure rule (as --pen-data)"))
        self.pen_choose = QPushButton(self.tr("Choose…"))
        self.pen_choose.setToolTip(self.tr("Choose the file of pen-recorded digits"))
        self.pen_choose.clicked.connect(self._on_pen_choose_clicked)
        pen_row = QHBoxLayout()
        pen_row.setSpacing(6)
        pen_row.addWidget(self.pen_data, 1)
        pen_row.addWidget(self.pen_choose)
        self.pen = _percent(90.0, self.tr("% of each batch"),
                            self.tr("This share of each batch is taken from the pen-recorded digits, each varied at the "
                                    "level of its strokes: slant, rotation, stretch, sparse sampling, pen lifts (as --pen)"))
        self.pen_variants = QSpinBox()
        self.pen_variants.setRange(1, 64)
        self.pen_variants.setSuffix(self.tr(" per digit"))
        self.pen_variants.setToolTip(self.tr("Varied renderings of each pen-recorded digit, all made before the first batch: more give more variety and take longer to prepare (as --pen-variants)"))
        self.pen_blend = _percent(100.0, self.tr("% of the renderings"),
                                  self.tr("This share of the renderings first blends the digit with another writer's "
                                          "writing of the same digit, traced point for point: new styles between "
                                          "writers (as --pen-blend)"))
        self.pen_neighbours = _percent(100.0, self.tr("% of the renderings"),
                                       self.tr("This share of the renderings comes with a piece of another digit at "
                                               "one side, or without a strip of its own edge, as cutting apart the "
                                               "touching digits of a written number leaves them (as --pen-neighbours)"))
        self.pen_note = QLabel("")
        self.pen_note.setObjectName("Faint")
        # a long note is clipped (its tooltip has it all); it never widens the panel
        self.pen_note.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.augment = QCheckBox(self.tr("On"))
        self.augment.setToolTip(self.tr("Random rotation, slant, stretch, elastic jitter and stroke width on every batch"))
        self.strength = QSlider(Qt.Orientation.Horizontal)
        self.strength.setRange(0, 20)
        self.strength.setAccessibleName(self.tr("Augmentation strength"))
        self.strength_value = QLabel("")
        self.strength_value.setMinimumWidth(30)
        aug_row = QHBoxLayout()
        aug_row.setSpacing(8)
        aug_row.addWidget(self.augment)
        aug_row.addWidget(self.strength, 1)
        aug_row.addWidget(self.strength_value)
        self.preview = AugmentPreview()
        self.keep = _combo(_texts(KEEP_TEXT, KEEP_CHOICES))
        self.keep.setToolTip(self.tr("The weights the run keeps as its model: the epoch with the lowest validation "
                                     "loss, or the last epoch (a one-cycle or cosine schedule ends on its most "
                                     "settled weights) (as --keep)"))
        self.patience = QSpinBox()
        self.patience.setRange(0, 100)
        self.patience.setSpecialValueText(self.tr("off"))
        self.patience.setSuffix(self.tr(" epochs"))
        self.patience.setToolTip(self.tr("Early stopping: stop after this many epochs without a better validation loss"))
        self.seed = QSpinBox()
        self.seed.setRange(0, 2**31 - 1)
        self.seed.setToolTip(self.tr("Seeds the weights, the validation split, the batch order and augmentation"))
        self.device = _combo(_texts(DEVICE_TEXT, available_devices()))
        self.device.setToolTip(self.tr("Where training runs; only devices available on this computer are listed"))

        title = QLabel(self.tr("Training"))
        title.setObjectName("CardTitle")
        self.recipe_menu = QMenu(self)
        self.shipped_recipe_action = self.recipe_menu.addAction(self.tr("The shipped model's recipe"))
        self.shipped_recipe_action.setToolTip(self.tr("Set every setting to the recipe the shipped model was trained with"))
        self.checkpoint_recipe_action = self.recipe_menu.addAction(self.tr("A checkpoint's recipe…"))
        self.checkpoint_recipe_action.setToolTip(self.tr("Set every setting to the recipe a saved model (.pt) was trained with"))
        self.recipe_menu.addSeparator()
        self.default_recipe_action = self.recipe_menu.addAction(self.tr("The default settings"))
        self.recipe_menu.setToolTipsVisible(True)
        self.shipped_recipe_action.triggered.connect(self._on_shipped_recipe_triggered)
        self.checkpoint_recipe_action.triggered.connect(self._on_checkpoint_recipe_triggered)
        self.default_recipe_action.triggered.connect(self._on_default_recipe_triggered)
        self.quick_recipe_action = self.recipe_menu.addAction(self.tr("The quick recipe"))
        self.quick_recipe_action.setToolTip(self.tr("Two epochs at batch 256 with lighter augmentation: 99% on "
                                                    "MNIST's test digits, quickly; less robust than the default"))
        self.quick_recipe_action.triggered.connect(self._on_quick_recipe_triggered)
        self.recipe_button = QPushButton(self.tr("Use a recipe"))
        self.recipe_button.setMenu(self.recipe_menu)
        self.recipe_button.setProperty("menu", True)
        self.recipe_button.setToolTip(self.tr("Set every setting to the recipe of a model, to train it again"))
        head = QHBoxLayout()
        head.setContentsMargins(0, 0, 0, 0)
        head.addWidget(title)
        head.addStretch(1)
        head.addWidget(self.recipe_button)
        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        form.setHorizontalSpacing(10)
        form.setVerticalSpacing(7)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self.tr("Architecture"), self.arch)
        form.addRow(self.tr("Optimiser"), self.optimizer)
        form.addRow(self.tr("Learning rate"), lr_row)
        form.addRow(self.tr("Schedule"), self.schedule)
        form.addRow(self.tr("Batch size"), self.batch_size)
        form.addRow(self.tr("Epochs"), self.epochs)
        form.addRow(self.tr("Augmentation"), aug_row)
        form.addRow("", self.preview)
        form.addRow(self.tr("Synthetic digits"), self.synthetic)
        pen_label = QLabel(self.tr("Real handwriting"))
        pen_label.setBuddy(self.pen_data)
        form.addRow(pen_label, pen_row)
        form.addRow("", self.pen_note)
        form.addRow(self.tr("Pen share"), self.pen)
        # the settings most runs leave as they are, folded away until asked for
        self.more_button = QToolButton()
        self.more_button.setCheckable(True)
        self.more_button.setAutoRaise(True)
        self.more_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.more_button.setToolTip(self.tr("Warm-up, regularisation, the pen renderings, which weights are kept, "
                                            "early stopping, the seed, the device and the precision"))
        form.addRow(self.more_button)
        first_more = form.rowCount()
        form.addRow(self.tr("Warm-up"), self.warmup)
        form.addRow(self.tr("Weight decay"), self.weight_decay)
        form.addRow(self.tr("Dropout"), self.dropout)
        form.addRow(self.tr("Label smoothing"), self.label_smoothing)
        form.addRow(self.tr("Pen renderings"), self.pen_variants)
        form.addRow(self.tr("Blended writers"), self.pen_blend)
        form.addRow(self.tr("Touching digits"), self.pen_neighbours)
        form.addRow(self.tr("Weights kept"), self.keep)
        form.addRow(self.tr("Early stopping"), self.patience)
        form.addRow(self.tr("Seed"), self.seed)
        form.addRow(self.tr("Device"), self.device)
        auto = resolve_precision("auto", resolve_device("auto"))
        self.precision = _combo({k: v.format(auto=auto) for k, v in _texts(PRECISION_TEXT, PRECISION_CHOICES).items()})
        self.precision.setToolTip(self.tr("The arithmetic of training: fp32, or mixed precision (bf16, or fp16 with a "
                                          "gradient scaler); automatic is the fastest that keeps the accuracy here"))
        form.addRow(self.tr("Precision"), self.precision)
        self._form = form
        self._more_rows = range(first_more, form.rowCount())
        self.more_button.toggled.connect(self.show_more)
        lay = make_card(self, (14, 12, 14, 14), 8)
        lay.addLayout(head)
        lay.addLayout(form)

        self.fixed_widgets = (self.arch, self.optimizer, self.schedule, self.warmup, self.batch_size, self.epochs,
                              self.weight_decay, self.dropout, self.label_smoothing, self.augment, self.strength,
                              self.synthetic, self.pen_data, self.pen_choose, self.pen, self.pen_variants,
                              self.pen_blend, self.pen_neighbours, self.keep, self.patience, self.seed, self.device, self.precision, self.recipe_button)
        self.set_config(d)
        self.arch.currentIndexChanged.connect(self._on_arch_current_index_changed)
        self.lr_slider.valueChanged.connect(self._on_lr_slider_value_changed)
        self.lr_edit.editingFinished.connect(self._on_lr_edit_editing_finished)
        self.augment.toggled.connect(self._on_augment_changed)
        self.strength.valueChanged.connect(self._on_augment_changed)
        self.pen_data.textChanged.connect(self._on_pen_changed)
        self.pen.valueChanged.connect(self._on_pen_changed)
        self.pen_variants.valueChanged.connect(self._on_pen_changed)
        for w in (self.warmup, self.weight_decay, self.dropout, self.label_smoothing, self.pen_variants,
                  self.pen_blend, self.pen_neighbours, self.patience, self.seed):
            w.valueChanged.connect(self._update_more_button)
        for w in (self.keep, self.device, self.precision):
            w.currentIndexChanged.connect(self._update_more_button)
        self.show_more(False)

    # ------------------------------------------------------------------------------------------
    # Public

    @Slot(bool)
    def show_more(self, shown: bool) -> None:
        """Unfold (or fold away) the settings below "More settings"."""
        if self.more_button.isChecked() != shown:
            self.more_button.setChecked(shown)  # comes back here through toggled
            return
        for row in self._more_rows:
            self._form.setRowVisible(row, shown)
        self.more_button.setArrowType(Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow)
        self._update_more_button()

    def changed_more_settings(self) -> list[str]:
        """The settings under "More settings" that differ from a new run's defaults (their
        :class:`TrainConfig` names)."""
        c, d = self.config(), TrainConfig()
        return [k for k in MORE_SETTINGS if getattr(c, k) != getattr(d, k)]

    @Slot()
    def _update_more_button(self) -> None:
        n = len(self.changed_more_settings())
        text = self.tr("More settings")
        if n and not self.more_button.isChecked():
            text = self.tr("More settings · %n changed", "", n)
        self.more_button.setText(text)

    def lr(self) -> float:
        try:
            v = float(self.lr_edit.text())
        except ValueError:
            v = slider_to_lr(self.lr_slider.value())
        return v

    def config(self, val_size: int | None = None) -> TrainConfig:
        """The run these settings describe, with ``val_size`` validation images (by default the
        recipe's); raises ValueError with a message for the user."""
        return replace(
            self._base,
            arch=self.arch.currentData(),
            dropout=round(self.dropout.value(), 4),
            optimizer=self.optimizer.currentData(),
            lr=self.lr(),
            weight_decay=round(self.weight_decay.value(), 8),
            batch_size=self.batch_size.value(),
            epochs=self.epochs.value(),
            schedule=self.schedule.currentData(),
            warmup=_fraction(self.warmup),
            augment=self.augment.isChecked(),
            augment_strength=self.strength.value() / 10.0,
            patience=self.patience.value(),
            keep=self.keep.currentData(),
            seed=self.seed.value(),
            device=self.device.currentData() or "auto",
            precision=self.precision.currentData() or "auto",
            val_size=self._base.val_size if val_size is None else val_size,
            label_smoothing=round(self.label_smoothing.value(), 6),
            synthetic=_fraction(self.synthetic),
            pen_data=self.pen_data.text().strip(),
            pen=_fraction(self.pen),
            pen_variants=self.pen_variants.value(),
            pen_blend=_fraction(self.pen_blend),
            pen_neighbours=_fraction(self.pen_neighbours),
        )

    def set_config(self, c: TrainConfig) -> None:
        self._base = c
        _select(self.arch, c.arch)
        _select(self.optimizer, c.optimizer)
        self.set_lr(c.lr)
        self.batch_size.setValue(c.batch_size)
        self.epochs.setValue(c.epochs)
        self.weight_decay.setValue(c.weight_decay)
        self.dropout.setValue(c.dropout)
        _select(self.schedule, c.schedule)
        self.warmup.setValue(c.warmup * 100.0)
        self.label_smoothing.setValue(c.label_smoothing)
        self.augment.setChecked(c.augment)
        self.strength.setValue(int(round(c.augment_strength * 10)))
        self.synthetic.setValue(c.synthetic * 100.0)
        self.pen_data.setText(c.pen_data)
        self.pen.setValue(c.pen * 100.0)
        self.pen_variants.setValue(c.pen_variants)
        self.pen_blend.setValue(c.pen_blend * 100.0)
        self.pen_neighbours.setValue(c.pen_neighbours * 100.0)
        self.patience.setValue(c.patience)
        _select(self.keep, c.keep)
        self.seed.setValue(c.seed)
        _select(self.device, c.device if self.device.findData(c.device) >= 0 else "auto")
        _select(self.precision, c.precision)
        self._sync()

    def use_recipe(self, path: str | os.PathLike) -> bool:
        """Set every setting to the recipe the model in ``path`` was trained with; emits
        :attr:`recipe_loaded`, or :attr:`recipe_failed` (and returns False)."""
        try:
            recipe = recipe_of(path)
        except MnistguiError as exc:
            self.recipe_failed.emit(self.tr("No recipe to use: {0}").format(exc))
            return False
        self.set_config(recipe.config)
        self.recipe_loaded.emit(recipe)
        return True

    def set_lr(self, lr: float) -> None:
        self.lr_slider.blockSignals(True)
        self.lr_slider.setValue(lr_to_slider(lr))
        self.lr_slider.blockSignals(False)
        self.lr_edit.setText(f"{lr:g}")

    def set_running(self, running: bool) -> None:
        """Lock every setting but the learning rate (or unlock them)."""
        self._running = running
        for w in self.fixed_widgets:
            w.setEnabled(not running)
        self.preview.set_live(not running)
        self._sync()

    def set_preview_images(self, images_u8: torch.Tensor | None) -> None:
        self.preview.set_source(images_u8)

    # ------------------------------------------------------------------------------------------
    # Slots

    def _sync(self) -> None:
        has_dropout = ModelConfig(arch=self.arch.currentData()).has_dropout
        self.dropout.setEnabled(has_dropout and not self._running)
        self.dropout.setToolTip(self.tr("Dropout before the classifier") if has_dropout else
                                self.tr("This architecture has no dropout"))
        on = self.augment.isChecked()
        self.strength.setEnabled(on and not self._running)
        self.strength_value.setText(f"{i18n.number(self.strength.value() / 10, 1)}×" if on else self.tr("off"))
        self.preview.set_strength(self.strength.value() / 10.0, on)
        self._sync_pen()

    def _sync_pen(self) -> None:
        path = self.pen_data.text().strip()
        for w in (self.pen, self.pen_variants, self.pen_blend, self.pen_neighbours):
            w.setEnabled(bool(path) and not self._running)
        warn = False
        tip = ""
        if not path:
            note = self.tr("off: no file chosen")
        elif not os.path.isfile(path):
            note, warn = self.tr("no such file here"), True
            tip = self.tr("{0} does not exist").format(os.path.abspath(path))
        elif self.pen.value() <= 0:
            note = self.tr("off while the pen share is 0%")
        else:
            note = self.tr("prepared before training")
            tip = self.tr("{0}: each digit is rendered {1}× before the first batch, a minute or more for a few "
                          "thousand digits").format(os.path.abspath(path), self.pen_variants.value())
        self.pen_note.setText(note)
        self.pen_note.setToolTip(tip)
        self.pen_note.setStyleSheet(f"color: {style.UNSURE};" if warn else "")

    @Slot(int)
    def _on_arch_current_index_changed(self, _i: int) -> None:
        self._sync()

    @Slot()
    def _on_augment_changed(self) -> None:
        self._sync()

    @Slot()
    def _on_pen_changed(self) -> None:
        self._sync_pen()

    @Slot()
    def _on_pen_choose_clicked(self) -> None:
        current = self.pen_data.text().strip()
        start = os.path.dirname(os.path.abspath(current)) if current else ""
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Pen-recorded digits"), start, self.tr("Stroke JSON (*.json);;All files (*)"))
        if path:
            self.pen_data.setText(path)

    @Slot()
    def _on_shipped_recipe_triggered(self) -> None:
        self.use_recipe(shipped_model_path())

    @Slot()
    def _on_checkpoint_recipe_triggered(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("The recipe of a model"), "", self.tr("Checkpoints (*.pt);;All files (*)"))
        if path:
            self.use_recipe(path)

    @Slot()
    def _on_default_recipe_triggered(self) -> None:
        self.set_config(TrainConfig())
        self.recipe_loaded.emit(Recipe(TrainConfig(), ""))

    @Slot()
    def _on_quick_recipe_triggered(self) -> None:
        self.set_config(QUICK_RECIPE)
        self.recipe_loaded.emit(Recipe(QUICK_RECIPE, ""))

    @Slot(int)
    def _on_lr_slider_value_changed(self, v: int) -> None:
        lr = slider_to_lr(v)
        self.lr_edit.setText(f"{lr:g}")
        self.lr_changed.emit(lr)

    @Slot()
    def _on_lr_edit_editing_finished(self) -> None:
        try:
            lr = float(self.lr_edit.text())
        except ValueError:
            return
        if not (lr > 0 and math.isfinite(lr)):
            return
        self.set_lr(lr)
        self.lr_changed.emit(lr)


def preview_picks(labels: np.ndarray, k: int = PREVIEW_COLUMNS) -> list[int]:
    """Indices of ``k`` training images, different digits."""
    out = []
    for d in (2, 4, 7, 3, 5, 8, 0, 9, 6, 1)[:k]:
        where = np.nonzero(labels == d)[0]
        if len(where):
            out.append(int(where[0]))
    return out
