"""Pacing the Inside tab's refreshes: however many changes arrive, at most one refresh a frame.

A refresh runs in two halves with a turn of the event loop between them, so a stroke's next
points are taken and painted in between instead of waiting for the whole refresh; and refreshes
never come more often than leaves the GUI at least half of the time. While the widget is hidden
a change only marks it out of date.
"""

from __future__ import annotations

import time
from typing import Callable

from PySide6.QtCore import QObject, QTimer, Signal, Slot
from PySide6.QtWidgets import QWidget

#: One display frame: the shortest time between two refreshes.
FRAME_MS = 16


class RefreshPacer(QObject):
    """Runs ``first_half`` then ``second_half`` when ``widget`` is out of date and on show."""

    #: a refresh has been done
    refreshed = Signal()

    def __init__(self, widget: QWidget, first_half: Callable[[], None], second_half: Callable[[], None]) -> None:
        super().__init__(widget)
        self._widget = widget
        self._first_half = first_half
        self._second_half = second_half
        self.refresh_count = 0
        self.last_refresh_ms = 0.0
        #: what is shown is out of date
        self.dirty = True
        self._started = 0.0
        self._last_done = 0.0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._on_timer_timeout)
        self._second_timer = QTimer(self)
        self._second_timer.setSingleShot(True)
        self._second_timer.setInterval(0)
        self._second_timer.timeout.connect(self._on_second_timer_timeout)

    def request(self) -> None:
        """Note that what is shown is out of date; refresh at the next allowed moment if on show."""
        self.dirty = True
        if not self._widget.isVisible() or self._timer.isActive():
            return
        # at most once a frame, and leave the GUI at least as much time as a refresh takes
        gap_ms = max(FRAME_MS, 2.0 * self.last_refresh_ms)
        since_ms = (time.perf_counter() - self._last_done) * 1000.0
        self._timer.start(max(0, round(gap_ms - since_ms)))

    def refresh_now(self) -> None:
        """Both halves, now."""
        self.stop()
        self._started = time.perf_counter()
        self.dirty = False
        self._first_half()
        self._second_half()
        self._done()

    def pending(self) -> bool:
        """A refresh is due or half done."""
        return self._timer.isActive() or self._second_timer.isActive()

    def stop(self) -> None:
        self._timer.stop()
        self._second_timer.stop()

    def _done(self) -> None:
        done = time.perf_counter()
        self.last_refresh_ms = (done - self._started) * 1000.0
        self._last_done = done
        self.refresh_count += 1
        self.refreshed.emit()

    @Slot()
    def _on_timer_timeout(self) -> None:
        if not self._widget.isVisible():
            return
        self._started = time.perf_counter()
        self.dirty = False
        self._first_half()
        self._second_timer.start()

    @Slot()
    def _on_second_timer_timeout(self) -> None:
        self._second_half()
        self._done()
