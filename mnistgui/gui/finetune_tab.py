"""The Fine-tune tab. For now it says what it will hold."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from mnistgui.gui.placeholder import PlaceholderPage


class FinetuneTab(PlaceholderPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            "Teach it your handwriting",
            "Draw and label digits of your own, keep them in a personal collection, and fine-tune "
            "the current model on them without making it forget MNIST.",
            [
                "Collect labelled samples straight from the canvas, a few per digit",
                "Fine-tune in seconds, mixing your samples with MNIST",
                "Compare how the model reads your samples before and after",
                "Save the tuned model and switch between models at any time",
            ],
            "Meanwhile: <b>File › Save Drawing</b> keeps a drawing as a stroke file, and "
            "<code>mnistgui predict --strokes FILE.json</code> reads it from the command line.",
            parent,
        )
