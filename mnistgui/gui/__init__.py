"""The desktop app: PySide6 and pyqtgraph widgets over :mod:`mnistgui.core`.

Importing this package applies the work-arounds in :mod:`mnistgui.gui._qt_fixes` before any
widget exists; nothing else is imported here, so the CLI's headless commands never load Qt.
"""

from mnistgui.gui import _qt_fixes

_qt_fixes.install()
