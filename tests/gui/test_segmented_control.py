"""The segmented control with short labels: full labels where they fit, short ones where not,
and a settled layout at every width (no see-saw between the two forms)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QHBoxLayout, QLabel, QWidget

from mnistgui.gui.widgets.controls import SegmentedControl

FULL = ["All · 120"] + [f"{d} · 12" for d in range(10)]
SHORT = ["All"] + [str(d) for d in range(10)]


class _Resizes(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.n = 0

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Resize:
            self.n += 1
        return False


def _row(qtbot):
    box = QWidget()
    lay = QHBoxLayout(box)
    lay.setContentsMargins(0, 0, 0, 0)
    lay.addWidget(QLabel("Show"))
    control = SegmentedControl(SHORT)
    lay.addWidget(control)
    lay.addStretch(1)
    qtbot.addWidget(box)
    return box, control


def _settle():
    for _ in range(3):
        QApplication.processEvents()


def test_every_width_settles_on_one_form_that_fits(qtbot):
    box, control = _row(qtbot)
    box.show()
    qtbot.waitExposed(box)
    control.set_texts(FULL, SHORT)
    full, short = control.sizeHint().width(), control.minimumSizeHint().width()
    assert short < full
    resizes = _Resizes()
    control.installEventFilter(resizes)
    extra = box.width() - control.width()  # what the label and the layout take beside it
    for width in list(range(full - 20, full + 20)) + [short + 40, full + 200]:
        box.resize(width + extra, 40)
        _settle()
        resizes.n = 0
        _settle()
        assert resizes.n == 0, f"still resizing at {width} px"
        texts = [b.text() for b in control.buttons]
        assert texts == (FULL if control.width() >= full else SHORT)
        last = control.buttons[-1]
        assert last.geometry().right() < control.width()  # every button whole


def test_labels_set_while_hidden_take_the_form_of_the_width_it_is_shown_at(qtbot):
    box, control = _row(qtbot)
    box.show()
    qtbot.waitExposed(box)
    control.set_texts(FULL, SHORT)
    narrow = control.minimumSizeHint().width() + 30 + (box.width() - control.width())
    box.resize(narrow, 40)
    qtbot.waitUntil(control.showing_short)
    box.hide()
    control.set_texts(["All · 1200"] + [f"{d} · 120" for d in range(10)], SHORT)
    box.show()
    qtbot.waitExposed(box)
    qtbot.waitUntil(control.showing_short)
    assert control.buttons[-1].geometry().right() < control.width()
