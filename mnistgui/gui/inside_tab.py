"""The Inside tab. For now it says what it will hold."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from mnistgui.gui.placeholder import PlaceholderPage


class InsideTab(PlaceholderPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            "Look inside the network",
            "Follow your drawing through the network, layer by layer, and see what made it decide.",
            [
                "The filters the convolution layers learned",
                "The feature maps your drawing lights up in each layer",
                "A saliency map: which pixels pushed the reading towards its digit",
            ],
            "Meanwhile: the Draw tab shows the 28×28 input the network reads, and "
            "<b>View › Show Preprocessing Steps</b> shows how your drawing became it.",
            parent,
        )
