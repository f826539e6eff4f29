"""The canvas: strokes from mouse, tablet and touch; undo, clear, eraser, pen width, replay."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QInputDevice, QPointingDevice, QTabletEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from helpers import densify, draw, draw_stroke, mouse_move, widget_point
from mnistgui.core.preprocess import DEFAULT_PEN_WIDTH, StrokeSample
from mnistgui.gui.canvas.widget import DrawingCanvas, Tool

VERTICAL = densify([(0.5, 0.2), (0.5, 0.8)], 0.02)
HORIZONTAL = densify([(0.2, 0.5), (0.8, 0.5)], 0.02)


def test_a_mouse_stroke_is_recorded_as_canvas_relative_points(qtbot, canvas):
    draw_stroke(qtbot, canvas, VERTICAL)
    strokes = canvas.drawing.strokes
    assert len(strokes) == 1
    xs = [p[0] for p in strokes[0]]
    ys = [p[1] for p in strokes[0]]
    side = canvas.paper_rect().width()
    assert min(ys) == pytest.approx(0.2, abs=2 / side) and max(ys) == pytest.approx(0.8, abs=2 / side)
    assert max(xs) - min(xs) < 2 / side
    assert len(strokes[0]) >= len(VERTICAL) - 1


def test_drawing_changed_is_emitted_on_every_move_during_a_stroke(qtbot, canvas):
    seen = []
    canvas.drawing_changed.connect(lambda: seen.append(len(canvas.strokes()[-1]) if canvas.strokes() else 0))
    draw_stroke(qtbot, canvas, VERTICAL[:6], release=False)
    assert canvas.is_drawing()
    assert seen == list(range(1, 7))  # one point more each time, before the pen lifts
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=widget_point(canvas, *VERTICAL[5]))
    assert not canvas.is_drawing()
    assert len(canvas.drawing.strokes) == 1


def test_undo_and_redo_strokes_with_the_keyboard(qtbot, window, canvas):
    draw(qtbot, canvas, [VERTICAL, HORIZONTAL])
    assert len(canvas.drawing.strokes) == 2
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert canvas.drawing.strokes[0][0] == canvas.strokes()[0][0] and len(canvas.drawing.strokes) == 1
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert canvas.drawing.strokes == ()
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert len(canvas.drawing.strokes) == 2


@pytest.mark.parametrize("key", [Qt.Key.Key_Escape, Qt.Key.Key_Delete])
def test_clear_with_esc_or_delete_and_undo_it(qtbot, window, canvas, key):
    draw(qtbot, canvas, [VERTICAL, HORIZONTAL])
    before = canvas.drawing.strokes
    qtbot.keyClick(window, key)
    assert canvas.is_empty()
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert canvas.drawing.strokes == before


def test_clearing_an_empty_canvas_adds_no_undo_step(canvas):
    assert canvas.clear() is False
    assert canvas.undo_stack.count() == 0


def test_the_eraser_cuts_strokes_and_can_be_undone(qtbot, canvas):
    draw_stroke(qtbot, canvas, HORIZONTAL)
    canvas.set_tool(Tool.ERASER)
    draw_stroke(qtbot, canvas, densify([(0.5, 0.35), (0.5, 0.65)], 0.02))
    pieces = canvas.drawing.strokes
    assert len(pieces) == 2
    assert max(p[0] for p in pieces[0]) < 0.5 < min(p[0] for p in pieces[1])
    assert canvas.undo_stack.undoText() == "Erase"
    canvas.undo()
    assert len(canvas.drawing.strokes) == 1
    canvas.redo()
    assert canvas.drawing.strokes == pieces


def test_the_right_button_erases_whatever_the_tool(qtbot, canvas):
    draw_stroke(qtbot, canvas, HORIZONTAL)
    assert canvas.tool() is Tool.PEN
    draw_stroke(qtbot, canvas, densify([(0.3, 0.35), (0.3, 0.65)], 0.02), button=Qt.MouseButton.RightButton)
    assert len(canvas.drawing.strokes) == 2


def test_erasing_everything_shows_the_hint_again(qtbot, draw_tab, canvas):
    draw_stroke(qtbot, canvas, densify([(0.45, 0.5), (0.55, 0.5)], 0.02))
    qtbot.waitUntil(lambda: draw_tab.prediction is not None)
    canvas.set_tool("eraser")
    draw_stroke(qtbot, canvas, densify([(0.3, 0.5), (0.7, 0.5)], 0.02))
    assert canvas.drawing.strokes == ()
    qtbot.waitUntil(lambda: draw_tab.prediction is None)


def test_pen_width_is_undoable_and_slider_drags_merge(qtbot, draw_tab, canvas):
    assert canvas.pen_width() == DEFAULT_PEN_WIDTH
    draw_stroke(qtbot, canvas, VERTICAL)
    slider = draw_tab.width_slider
    widths = []
    canvas.pen_width_changed.connect(widths.append)
    for v in (45, 50, 60, 70):
        slider.setValue(v)
    assert canvas.pen_width() == pytest.approx(0.07)
    assert widths == pytest.approx([0.045, 0.05, 0.06, 0.07])
    assert canvas.undo_stack.count() == 2  # the stroke, then one merged width change
    qtbot.waitUntil(lambda: draw_tab.prediction is not None)
    canvas.undo()
    assert canvas.pen_width() == DEFAULT_PEN_WIDTH
    assert slider.value() == round(DEFAULT_PEN_WIDTH * 1000)


def test_pen_width_keys(qtbot, window, canvas):
    w = canvas.pen_width()
    qtbot.keyClick(window, Qt.Key.Key_BracketRight)
    assert canvas.pen_width() > w
    qtbot.keyClick(window, Qt.Key.Key_BracketLeft)
    qtbot.keyClick(window, Qt.Key.Key_BracketLeft)
    assert canvas.pen_width() < w


def test_tool_keys(qtbot, window, draw_tab, canvas):
    qtbot.keyClick(window, Qt.Key.Key_E)
    assert canvas.tool() is Tool.ERASER and draw_tab.eraser_action.isChecked()
    qtbot.keyClick(window, Qt.Key.Key_P)
    assert canvas.tool() is Tool.PEN and draw_tab.pen_action.isChecked()


def test_an_undo_in_the_middle_of_a_stroke_abandons_it(qtbot, canvas):
    draw_stroke(qtbot, canvas, VERTICAL)
    draw_stroke(qtbot, canvas, HORIZONTAL, release=False)
    canvas.undo()
    assert not canvas.is_drawing() and canvas.drawing.strokes == ()
    mouse_move(canvas, QPointF(10, 10))  # the rest of the gesture goes nowhere
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton)
    assert canvas.drawing.strokes == ()


def test_replay_draws_through_the_same_steps_as_one_undo_step(qtbot, canvas):
    sample = StrokeSample(strokes=[[(0.3, 0.3), (0.7, 0.3)], [(0.5, 0.3), (0.5, 0.8)]], meta={"pen_width": 0.06})
    changes = []
    canvas.drawing_changed.connect(lambda: changes.append(1))
    canvas.replay(sample)
    assert [list(s) for s in canvas.drawing.strokes] == sample.strokes
    assert canvas.pen_width() == 0.06
    assert len(changes) >= 4  # every point of every stroke, like a user's moves
    canvas.undo()
    assert canvas.is_empty() and canvas.pen_width() == DEFAULT_PEN_WIDTH


def test_replay_accepts_plain_stroke_lists(canvas):
    canvas.replay([[[0.2, 0.2], [0.8, 0.8]]])
    assert canvas.drawing.strokes == (((0.2, 0.2), (0.8, 0.8)),)


def test_the_canvas_resizes_and_keeps_a_square_paper(qtbot, canvas):
    canvas.replay([[[0.2, 0.2], [0.8, 0.8]]])
    for w, h in ((300, 500), (700, 400)):
        c = DrawingCanvas()
        qtbot.addWidget(c)
        c.resize(w, h)
        r = c.paper_rect()
        assert r.width() == r.height() == min(w, h) - 2 * c.MARGIN
        x, y = c.to_canvas(c.to_widget(0.25, 0.75))
        assert (x, y) == pytest.approx((0.25, 0.75))


def test_a_standalone_canvas_handles_its_own_keys(qtbot):
    c = DrawingCanvas()
    qtbot.addWidget(c)
    c.resize(400, 400)
    c.show()
    qtbot.waitExposed(c)
    draw_stroke(qtbot, c, VERTICAL)
    qtbot.keyClick(c, Qt.Key.Key_Escape)
    assert c.is_empty()
    qtbot.keyClick(c, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert len(c.drawing.strokes) == 1


def _tablet(canvas, kind, pos: QPointF, pointer=QPointingDevice.PointerType.Pen):
    dev = QPointingDevice(
        "test stylus", 4242, QInputDevice.DeviceType.Stylus, pointer,
        QInputDevice.Capability.Position | QInputDevice.Capability.Pressure, 1, 3,
    )
    buttons = Qt.MouseButton.NoButton if kind == QEvent.Type.TabletRelease else Qt.MouseButton.LeftButton
    ev = QTabletEvent(kind, dev, pos, canvas.mapToGlobal(pos), 0.6, 0.0, 0.0, 0.0, 0.0, 0.0,
                      Qt.KeyboardModifier.NoModifier, Qt.MouseButton.LeftButton, buttons)
    QApplication.sendEvent(canvas, ev)
    return ev


def test_a_tablet_pen_draws_and_its_eraser_end_erases(canvas):
    pts = [canvas.to_widget(x, y) for x, y in HORIZONTAL]
    ev = _tablet(canvas, QEvent.Type.TabletPress, pts[0])
    assert ev.isAccepted()
    for p in pts[1:]:
        _tablet(canvas, QEvent.Type.TabletMove, p)
    _tablet(canvas, QEvent.Type.TabletRelease, pts[-1])
    assert len(canvas.drawing.strokes) == 1 and len(canvas.drawing.strokes[0]) >= len(pts) - 1
    eraser = QPointingDevice.PointerType.Eraser
    vpts = [canvas.to_widget(0.5, y) for y in (0.4, 0.45, 0.5, 0.55, 0.6)]
    _tablet(canvas, QEvent.Type.TabletPress, vpts[0], eraser)
    for p in vpts[1:]:
        _tablet(canvas, QEvent.Type.TabletMove, p, eraser)
    _tablet(canvas, QEvent.Type.TabletRelease, vpts[-1], eraser)
    assert len(canvas.drawing.strokes) == 2


def test_touch_draws(qtbot, canvas):
    device = QTest.createTouchDevice(QInputDevice.DeviceType.TouchScreen)
    pts = [widget_point(canvas, x, y) for x, y in VERTICAL]
    QTest.touchEvent(canvas, device).press(0, pts[0], canvas).commit()
    for p in pts[1:]:
        QTest.touchEvent(canvas, device).move(0, p, canvas).commit()
    QTest.touchEvent(canvas, device).release(0, pts[-1], canvas).commit()
    assert len(canvas.drawing.strokes) == 1
    assert len(canvas.drawing.strokes[0]) >= len(set(pts)) - 1


@pytest.mark.parametrize("side", [170, 240, 600])
def test_the_empty_canvas_hint_fits_the_sheet_at_any_size(qtbot, side):
    import numpy as np
    from PySide6.QtGui import QImage

    c = DrawingCanvas()
    qtbot.addWidget(c)
    c.resize(side, side)  # 170: the Inside tab's canvas at its smallest
    c.show()
    qtbot.waitExposed(c)
    img = c.grab().toImage().convertToFormat(QImage.Format.Format_RGB888)
    a = np.frombuffer(img.constBits(), np.uint8).reshape(img.height(), img.bytesPerLine())[:, :img.width() * 3]
    a = a.reshape(img.height(), img.width(), 3).astype(int)
    paper = c.paper_rect().toAlignedRect()
    sheet = a[paper.top() + 4:paper.bottom() - 4, paper.left() + 2:paper.right() - 1]
    text = sheet.sum(2) < 3 * 200  # the hint's grey, darker than the sheet and its edge
    assert text.sum() > 50  # the hint is there
    cols = np.nonzero(text.any(0))[0]
    # no letter reaches the sheet's edges: the hint is written smaller or wraps, never cut
    assert cols.min() >= 0.03 * paper.width() and cols.max() <= sheet.shape[1] - 0.03 * paper.width()
