"""The flow layout that lets rows of buttons wrap in a narrow window."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QPushButton, QVBoxLayout, QWidget

from mnistgui.gui.widgets.flow import flow_row, group


@pytest.fixture
def row(qtbot):
    host = QWidget()
    qtbot.addWidget(host)
    a, b, c = QPushButton("Start the run"), QPushButton("Pause"), QPushButton("A rather long button")
    lay = QVBoxLayout(host)
    lay.setContentsMargins(0, 0, 0, 0)
    flow = flow_row([group([a, b]), group([c])], spacing=16)
    lay.addLayout(flow)
    lay.addStretch(1)
    host.show()
    qtbot.waitExposed(host)
    return host, flow, (a, b, c)


def _at(host, w):
    """Where ``w`` is in ``host``: (x, y, right)."""
    p = w.mapTo(host, QPoint(0, 0))
    return p.x(), p.y(), p.x() + w.width() - 1


def _settle(qtbot, host, width):
    host.resize(width, 300)
    qtbot.waitUntil(lambda: host.width() == width)
    host.layout().activate()


def test_one_line_when_wide_wrapped_when_narrow(qtbot, row):
    host, flow, (a, b, c) = row
    one_line = flow.sizeHint().width()
    _settle(qtbot, host, one_line + 40)
    (ax, ay, _), (bx, by, _), (cx, cy, cr) = (_at(host, w) for w in (a, b, c))
    assert ay == by == cy
    assert ax < bx < cx
    assert cr < host.width()

    first = a.parentWidget().sizeHint().width()
    _settle(qtbot, host, max(first, c.sizeHint().width()) + 10)
    (ax, ay, _), (bx, by, br), (cx, cy, cr) = (_at(host, w) for w in (a, b, c))
    assert ay == by < cy  # the second group goes to a line of its own, the first stays whole
    assert cx == ax  # and starts at the left
    assert max(br, cr) < host.width()


def test_narrowest_is_the_widest_group_and_height_follows_width(row):
    host, flow, (a, b, c) = row
    widest = max(a.parentWidget().minimumSizeHint().width(), c.parentWidget().minimumSizeHint().width())
    assert flow.minimumSize().width() == widest
    assert host.minimumSizeHint().width() < flow.sizeHint().width()  # the page may be narrower than one line
    tall = flow.heightForWidth(widest)
    low = flow.heightForWidth(flow.sizeHint().width())
    assert tall > low > 0  # two lines are taller than one
    c.parentWidget().hide()
    assert flow.heightForWidth(widest) == low  # a hidden group takes no room


def test_its_minimum_height_is_its_lines_at_the_width_given(qtbot, row):
    """A page that does not lay out by height for width (as a scroll area's page) still grows by
    the lines the row wraps onto."""
    host, flow, (a, b, c) = row
    one_line = flow.minimumSize().height()
    _settle(qtbot, host, flow.sizeHint().width() + 40)
    assert flow.minimumSize().height() == one_line
    _settle(qtbot, host, flow.minimumSize().width() + 2)
    qtbot.waitUntil(lambda: host.minimumSizeHint().height() >= flow.heightForWidth(host.width()))
    assert flow.minimumSize().height() == flow.heightForWidth(host.width()) > one_line


def test_an_empty_row_and_margins(qtbot):
    from mnistgui.gui.widgets.flow import FlowLayout

    empty = FlowLayout()
    assert (empty.minimumSize().width(), empty.minimumSize().height()) == (0, 0)
    empty.setContentsMargins(3, 4, 5, 6)
    assert (empty.minimumSize().width(), empty.minimumSize().height()) == (8, 10)
    host = QWidget()
    qtbot.addWidget(host)
    flow = FlowLayout(host)
    flow.setContentsMargins(3, 4, 5, 6)
    button = QPushButton("Start")
    flow.addWidget(button)
    host.resize(200, 100)
    host.show()
    qtbot.waitExposed(host)
    flow.activate()
    assert (button.x(), button.y()) == (3, 4)  # inside the margins
    assert flow.heightForWidth(200) == 4 + button.sizeHint().height() + 6
