"""A page for a tab whose tools come in a later version: it says what will be there."""

from __future__ import annotations

from typing import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from mnistgui.gui.widgets import style


class PlaceholderPage(QWidget):
    """A centred card: a title, a summary, what the tab will offer, and what works today."""

    def __init__(self, title: str, summary: str, features: Sequence[str], meanwhile: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("PlaceholderPage")
        card = QFrame()
        card.setObjectName("Card")
        card.setFixedWidth(600)  # wrapped text needs a definite width to know its height

        badge = QLabel("Coming in a later version")
        badge.setStyleSheet(
            f"color: {style.ACCENT}; background: #e8effd; border-radius: 6px; padding: 2px 10px;"
        )
        badge.setFont(style.font(self.font(), -0.5, QFont.Weight.DemiBold))
        head = QLabel(title)
        head.setFont(style.font(self.font(), 9, QFont.Weight.DemiBold))
        head.setWordWrap(True)
        text = QLabel(summary)
        text.setWordWrap(True)
        text.setFont(style.font(self.font(), 1))
        text.setStyleSheet(f"color: {style.TEXT};")

        lay = QVBoxLayout(card)
        lay.setContentsMargins(32, 28, 32, 28)
        lay.setSpacing(12)
        lay.addWidget(badge, 0, Qt.AlignmentFlag.AlignLeft)
        lay.addWidget(head)
        lay.addWidget(text)
        lay.addSpacing(4)
        for f in features:
            row = QHBoxLayout()
            row.setSpacing(10)
            dot = QLabel("•")
            dot.setStyleSheet(f"color: {style.ACCENT};")
            dot.setFont(style.font(self.font(), 3, QFont.Weight.Bold))
            dot.setAlignment(Qt.AlignmentFlag.AlignTop)
            item = QLabel(f)
            item.setWordWrap(True)
            item.setStyleSheet(f"color: {style.TEXT};")
            row.addWidget(dot, 0, Qt.AlignmentFlag.AlignTop)
            row.addWidget(item, 1)
            lay.addLayout(row)
        lay.addSpacing(8)
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setStyleSheet(f"color: {style.BORDER};")
        lay.addWidget(line)
        note = QLabel(meanwhile)
        note.setObjectName("Muted")
        note.setWordWrap(True)
        note.setTextFormat(Qt.TextFormat.RichText)
        note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        lay.addWidget(note)

        # stretches rather than an alignment flag, so the card gets a height for its width
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(card)
        row.addStretch(1)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 24, 24, 24)
        outer.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)
