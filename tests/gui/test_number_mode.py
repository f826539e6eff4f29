"""The Draw tab's Number mode: a number written on a strip, read digit by digit, each framed on
the paper; a digit shown and corrected on its own; a photo of a number read the same way."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from helpers import densify, mouse_move
from mnistgui import paths
from mnistgui.core import number as core_number
from mnistgui.core.preprocess import StrokeSample, preprocess_strokes

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "core"))
from written_numbers import digit, image_of, row  # noqa: E402

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture(autouse=True)
def _app_data_in_tmp(tmp_path, monkeypatch):
    monkeypatch.setattr(paths, "data_dir", lambda: tmp_path / "data")
    monkeypatch.setattr(paths, "mnist_cache_dir", lambda: tmp_path / "no-mnist")


def _on_strip(canvas, strokes, height=0.55, left=0.3):
    """Strokes of a row of digits scaled onto the canvas's strip, ``height`` of it high."""
    pts = np.concatenate([np.asarray(s) for s in strokes])
    lo = pts.min(0)
    k = min(height / np.ptp(pts[:, 1]), (canvas.aspect() - 2 * left) / np.ptp(pts[:, 0]))
    return [[((x - lo[0]) * k + left, (y - lo[1]) * k + 0.2) for x, y in s] for s in strokes], k


def _write(qtbot, canvas, strokes):
    """Each stroke through real mouse events, as a user writes it."""
    for s in strokes:
        pts = [canvas.to_widget(x, y) for x, y in densify(s, 0.02)]
        qtbot.mousePress(canvas, LEFT, pos=pts[0].toPoint())
        for p in pts[1:]:
            mouse_move(canvas, p)
        qtbot.mouseRelease(canvas, LEFT, pos=pts[-1].toPoint())


def test_number_mode_reads_a_number_written_with_the_mouse_and_frames_each_digit(qtbot, draw_tab):
    canvas = draw_tab.canvas
    draw_tab.number_mode_action.trigger()
    assert draw_tab.mode == "number" and canvas.is_strip() and draw_tab.number_view.isVisible()
    assert canvas.aspect() >= canvas.STRIP_MIN_ASPECT - 1e-6
    strokes, _ = row([digit(2, 0), digit(0, 0), digit(4, 0)], [0.35, 0.35])
    placed, _ = _on_strip(canvas, strokes)
    _write(qtbot, canvas, placed)
    qtbot.waitUntil(lambda: draw_tab.number_reading is not None and draw_tab.number_reading.text == "204")
    reading = draw_tab.number_reading
    marks = canvas.marks()
    assert [m.box for m in marks] == [d.box for d in reading.digits]
    assert [b.text().splitlines()[0] for b in draw_tab.number_view.buttons] == ["2", "0", "4"]
    # the box of each digit holds its strokes
    for m, d in zip(marks, reading.digits):
        pts = np.concatenate([np.asarray(canvas.drawing.strokes[i]) for i in d.strokes])
        assert m.box[0] <= pts[:, 0].min() and pts[:, 0].max() <= m.box[2]
    # the digit just written is shown beside the canvas, as Digit mode shows its one
    assert draw_tab.selected_digit == 2 and marks[2].selected
    assert draw_tab.prediction is reading.digits[2].prediction
    # the same reading as the command line's, from the same strokes
    assert core_number.read_strokes(draw_tab.predictor, canvas.drawing.strokes, canvas.pen_width()).text == "204"


def test_clicking_a_digit_shows_its_input_and_probabilities(qtbot, draw_tab):
    canvas = draw_tab.canvas
    draw_tab.set_mode("number")
    placed, _ = _on_strip(canvas, row([digit(3, 0), digit(8, 0), digit(1, 0)], [0.4, 0.4])[0])
    canvas.replay(StrokeSample(strokes=placed, meta={"pen_width": 0.05}))
    qtbot.waitUntil(lambda: draw_tab.number_reading is not None and len(draw_tab.number_reading.digits) == 3)
    qtbot.mouseClick(draw_tab.number_view.buttons[0], LEFT)
    d0 = draw_tab.number_reading.digits[0]
    assert draw_tab.selected_digit == 0 and draw_tab.number_view.buttons[0].isChecked()
    assert draw_tab.prediction_panel.prediction is d0.prediction
    assert draw_tab.input_panel._result is d0.prediction.preprocessed  # its 28x28 input, and its steps
    assert draw_tab.prediction_panel.digit_label.text() == str(d0.digit) or d0.unsure
    # the label of a digit's box on the paper selects it too, and draws nothing
    n = len(canvas.drawing.strokes)
    from mnistgui.gui.canvas.marks import labels

    rect, _text = labels(canvas, canvas.marks())[1]
    qtbot.mouseClick(canvas, LEFT, pos=rect.center().toPoint())
    assert draw_tab.selected_digit == 1 and len(canvas.drawing.strokes) == n
    assert draw_tab.prediction_panel.prediction is draw_tab.number_reading.digits[1].prediction


def test_a_correction_keeps_the_digit_alone_as_a_single_digit_sample(qtbot, window):
    draw_tab = window.draw_tab
    window.select_tab("finetune")
    library = window.finetune_tab.library
    window.select_tab("draw")
    canvas = draw_tab.canvas
    draw_tab.set_mode("number")
    placed, _ = _on_strip(canvas, row([digit(5, 1), digit(7, 0)], [0.4])[0])
    canvas.replay(StrokeSample(strokes=placed, meta={"pen_width": 0.05}))
    qtbot.waitUntil(lambda: draw_tab.number_reading is not None and len(draw_tab.number_reading.digits) == 2)
    draw_tab.select_digit(0)
    d0 = draw_tab.number_reading.digits[0]
    assert len(d0.strokes) == 2  # the 5 in two strokes, one digit
    qtbot.mouseClick(draw_tab.correction_bar.buttons[6], LEFT)  # "That's a 6"
    rows = library.samples()
    assert [(r.label, r.source) for r in rows] == [(6, "correction")]
    want, pen = core_number.alone([canvas.drawing.strokes[i] for i in d0.strokes], canvas.pen_width())
    assert np.allclose(np.asarray(rows[0].strokes[0]), np.asarray(want[0]), atol=1e-4)
    assert rows[0].pen_width == pytest.approx(pen, abs=1e-4)
    # what is kept reads as that digit read in the number did: a single digit like any other
    assert np.allclose(preprocess_strokes(rows[0].strokes, draw_tab.preprocess_config, rows[0].pen_width).image,
                       d0.prediction.preprocessed.image, atol=0.02)
    assert "✓" in draw_tab.number_view.buttons[0].text() and "✓" not in draw_tab.number_view.buttons[1].text()


def _open_photo(draw_tab, tmp_path, digits, gaps, name="number.png", dark_on_light=True):
    """A photo of ``digits`` (synthetic, written in a row) opened on the Number strip."""
    from PIL import Image

    g = image_of(row([digit(d, 0) for d in digits], gaps)[0], px=120)
    p = tmp_path / name
    Image.fromarray((np.clip(1 - g if dark_on_light else g, 0, 1) * 255).astype(np.uint8)).save(p)
    draw_tab.set_mode("number")
    assert draw_tab.canvas.open_image(p)


def test_an_opened_photo_of_a_number_is_read_in_number_mode(qtbot, draw_tab, tmp_path):
    canvas = draw_tab.canvas
    for name, dark in (("dark.png", True), ("light.png", False)):  # dark on light, and the reverse
        _open_photo(draw_tab, tmp_path, [1, 9, 8, 4], [0.4, 0.3, 0.35], name, dark)
        qtbot.waitUntil(lambda: draw_tab.number_reading is not None and draw_tab.number_reading.text == "1984")
        paper_w = canvas.aspect()
        assert all(0 <= m.box[0] < m.box[2] <= paper_w and 0 <= m.box[1] < m.box[3] <= 1 for m in canvas.marks())
    draw_tab.set_mode("digit")  # the image stays, read as one digit, with no boxes
    assert not canvas.is_strip() and canvas.marks() == [] and draw_tab.number_reading is None


def test_a_resized_strip_reads_its_opened_image_again(qtbot, draw_tab, tmp_path):
    canvas = draw_tab.canvas
    _open_photo(draw_tab, tmp_path, [2, 7], [0.35])
    qtbot.waitUntil(lambda: draw_tab.number_reading is not None)
    first = draw_tab.number_reading
    with qtbot.waitSignal(draw_tab.prediction_updated, timeout=10000):
        canvas.resize(canvas.width() - 40, canvas.height())
    qtbot.waitUntil(lambda: draw_tab.number_reading is not first)
    assert draw_tab.number_reading.text == first.text


def test_ink_over_an_opened_photo_is_read_when_its_stroke_ends(qtbot, draw_tab, tmp_path, monkeypatch):
    from mnistgui.gui.draw import tab as tab_module

    canvas = draw_tab.canvas
    _open_photo(draw_tab, tmp_path, [3, 5], [0.4])
    qtbot.waitUntil(lambda: draw_tab.number_reading is not None and draw_tab.number_reading.text == "35")
    reads = []
    real = tab_module.core_number.read_canvas
    monkeypatch.setattr(tab_module.core_number, "read_canvas", lambda *a, **k: reads.append(1) or real(*a, **k))
    x = canvas.aspect() - 0.25  # a 1 written to the right of the photo's digits
    pts = [canvas.to_widget(x, y) for x, y in densify([(x, 0.25), (x, 0.75)], 0.02)]
    qtbot.mousePress(canvas, LEFT, pos=pts[0].toPoint())
    for q in pts[1:]:
        mouse_move(canvas, q)
        QApplication.processEvents()  # the timer a point would start has its chance to fire
    assert canvas.drawing.live and reads == []  # nothing read while the pen moves over the photo
    qtbot.mouseRelease(canvas, LEFT, pos=pts[-1].toPoint())
    qtbot.waitUntil(lambda: reads != [])
    assert len(reads) == 1 and draw_tab.number_reading.text == "351"


def test_a_photo_read_without_the_learnt_scorer_is_read_and_the_status_bar_says_so(qtbot, window, tmp_path,
                                                                                 monkeypatch):
    draw_tab = window.draw_tab
    _open_photo(draw_tab, tmp_path, [2, 6], [0.4], "ok.png")
    qtbot.waitUntil(lambda: draw_tab.number_reading is not None and draw_tab.number_reading.text == "26")
    assert "could not be read" not in window.statusBar().currentMessage()  # the shipped scorer: nothing to say
    monkeypatch.setattr(core_number, "_scorer", (None, "the number scorer x.json is missing; ..."))
    _open_photo(draw_tab, tmp_path, [7, 3], [0.4], "without.png")
    qtbot.waitUntil(lambda: draw_tab.number_reading is not None and draw_tab.number_reading.text == "73")
    message = window.statusBar().currentMessage()
    assert "without.png" in message and "could not be read" in message and "reinstall" in message


def test_a_long_number_in_a_narrow_readout_shows_each_digit_whole(qtbot, predictor):
    """Where the row is too narrow for "9" over "100%" on every chip (eight digits in an 800x600
    window), each chip shows its digit alone rather than a clipped ".00%"; with room, both."""
    from mnistgui.gui.draw.number_view import NumberReadout

    strokes, _ = row([digit(d, 0) for d in (1, 9, 8, 4, 2, 0, 2, 6)], [0.35] * 7)
    reading = core_number.read_strokes(predictor, strokes)
    assert len(reading.digits) == 8
    view = NumberReadout()
    qtbot.addWidget(view)
    view.show_reading(reading, 0)
    view.show()
    for width, full in ((340, False), (900, True)):
        view.resize(width, view.height())
        qtbot.waitUntil(lambda: all(b.width() > 0 for b in view.buttons))
        QApplication.processEvents()
        for b, d in zip(view.buttons, reading.digits):
            lines = b.text().split("\n")
            assert lines[0].rstrip("?") == str(d.digit)
            assert (len(lines) == 2) == full
            fm = b.fontMetrics()
            assert max(fm.horizontalAdvance(line) for line in lines) + 8 <= b.width()  # nothing clipped
            assert str(d.digit) in b.toolTip()


def test_the_labels_of_touching_digits_do_not_run_into_each_other(qtbot, draw_tab):
    from mnistgui.gui.canvas.marks import Mark, labels

    canvas = draw_tab.canvas
    draw_tab.set_mode("number")
    # a narrow 1, then a 9 and an 8 whose boxes overlap almost wholly: the three labels on one line
    boxes = [(0.30, 0.30, 0.38, 0.60), (0.46, 0.30, 0.58, 0.60), (0.48, 0.30, 0.70, 0.60)]
    marks = [Mark(b, t, short=t[0]) for b, t in zip(boxes, ("1  99%", "9  97%", "8  99%"))]
    canvas.set_marks(marks)
    placed = labels(canvas, canvas.marks())
    rects = [r for r, _ in placed]
    assert all(a.right() < b.left() for a, b in zip(rects, rects[1:]))  # left to right, apart
    assert len({r.top() for r in rects}) == 1
    assert [t for _, t in placed][:2] == ["1", "9"]  # short where the next box begins
    for r, m in zip(rects, marks):  # each over its own box still, where the paper allows
        assert canvas.paper_rect().contains(r)
        assert r.left() < canvas.to_widget(m.box[2], m.box[1]).x()
