"""The Train tab. For now it says what it will hold; training works from the command line."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from mnistgui.gui.placeholder import PlaceholderPage


class TrainingTab(PlaceholderPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            "Train a model on MNIST",
            "Pick an architecture and a training recipe, then watch the network learn: loss and "
            "accuracy update with every batch, and the finished model reads your drawings at once.",
            [
                "Architecture, optimiser, learning-rate schedule and augmentation, with sensible defaults",
                "Live loss and accuracy curves for training and validation",
                "Pause, resume or stop at any batch; the best model so far is kept",
                "Test accuracy per digit and a confusion matrix when it is done",
            ],
            "Meanwhile: <code>mnistgui train --data DIR --out model.pt</code> trains from the command "
            "line, and <b>File › Open Model</b> reads with the result.",
            parent,
        )
