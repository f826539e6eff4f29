"""Message boxes that tell the user something without blocking the event loop."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget


def open_message(parent: QWidget, title: str, text: str,
                 icon=QMessageBox.Icon.Information) -> QMessageBox:
    """Show a window-modal box over ``parent`` (it deletes itself when closed) and return it."""
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setWindowModality(Qt.WindowModality.WindowModal)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
    box.open()
    return box
