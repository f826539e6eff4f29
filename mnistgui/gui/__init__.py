"""The desktop app: PySide6 and pyqtgraph widgets over :mod:`mnistgui.core`.

Nothing is imported here, so ``import mnistgui.gui.app`` stays cheap and the CLI's headless
commands never load Qt.
"""
