"""The desktop app: PySide6 and pyqtgraph widgets over :mod:`mnistgui.core`.

Nothing is imported here, so the CLI's headless commands never load Qt.
"""
