"""Images on the canvas: every mode from a file, the clipboard, drag and drop; bad files."""

from __future__ import annotations

import json

import numpy as np
import pytest
from PIL import Image
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QGuiApplication, QImage
from PySide6.QtWidgets import QApplication

from digits import TEMPLATES, place
from helpers import densify, draw
from mnistgui import cli
from mnistgui.core.render import render_strokes


def _digit_ink(digit: int, w: int = 180, h: int = 240) -> np.ndarray:
    """A digit as ink (0..1) on a w x h image, drawn off-centre like a photo of a note."""
    side = max(w, h)
    ink = render_strokes(place(TEMPLATES[digit], 0.7, 0.05, 0.02), side, 0.05)
    y0, x0 = (side - h) // 2, (side - w) // 2
    return ink[y0 : y0 + h, x0 : x0 + w]


def _save(ink: np.ndarray, path, mode: str, light_on_dark: bool = False) -> None:
    lum = ink if light_on_dark else 1.0 - ink
    grey = Image.fromarray(np.round(lum * 255).astype(np.uint8), "L")
    if mode == "L":
        img = grey
    elif mode == "RGB":  # blue ink on cream paper, or yellow chalk on a green board
        a = ink[..., None]
        paper, pen = (np.array([20, 70, 40]), np.array([250, 240, 120])) if light_on_dark else (
            np.array([250, 244, 225]), np.array([30, 50, 160]))
        img = Image.fromarray(np.round(paper * (1 - a) + pen * a).astype(np.uint8), "RGB")
    elif mode == "RGBA":  # black ink on a transparent background
        rgba = np.zeros(ink.shape + (4,), np.uint8)
        rgba[..., 3] = np.round(ink * 255).astype(np.uint8)
        img = Image.fromarray(rgba, "RGBA")
    elif mode == "P":
        img = grey.convert("RGB").convert("P", palette=Image.Palette.ADAPTIVE, colors=16)
    elif mode == "1":
        img = grey.point(lambda v: 255 if v > 127 else 0).convert("1")
    elif mode == "I;16":
        img = Image.fromarray(np.round(lum * 65535).astype(np.uint16))
    else:
        raise ValueError(mode)
    img.save(path)


CASES = [
    ("L", "png", False), ("L", "png", True), ("RGB", "png", False), ("RGB", "png", True),
    ("RGBA", "png", False), ("P", "png", False), ("1", "png", False), ("1", "bmp", True),
    ("I;16", "png", False), ("RGB", "jpg", False), ("L", "jpg", True), ("RGB", "bmp", False),
]


@pytest.mark.parametrize("mode,fmt,light_on_dark", CASES,
                         ids=[f"{m}-{f}-{'light-on-dark' if d else 'dark-on-light'}" for m, f, d in CASES])
def test_an_image_of_any_mode_is_read_like_the_cli_reads_it(
        qtbot, tmp_path, window, draw_tab, capsys, model_path, mode, fmt, light_on_dark):
    digit = 7 if light_on_dark else 2
    path = tmp_path / f"digit.{fmt}"
    _save(_digit_ink(digit), path, mode, light_on_dark)
    assert window.open_image(path)
    canvas = draw_tab.canvas
    assert canvas.drawing.background is not None and canvas.drawing.strokes == ()
    draw_tab.predict_now()
    pred = draw_tab.prediction
    assert pred is not None and pred.digit == digit
    capsys.readouterr()
    cli.main(["predict", "--model", str(model_path), str(path), "--json"])
    out = json.loads(capsys.readouterr().out.strip())
    np.testing.assert_allclose(out["probabilities"], pred.probabilities, atol=1e-6)


def test_opening_an_image_is_undoable_and_strokes_draw_over_it(qtbot, tmp_path, draw_tab):
    canvas = draw_tab.canvas
    draw(qtbot, canvas, [densify([(0.2, 0.2), (0.3, 0.3)], 0.02)])
    path = tmp_path / "one.png"
    _save(_digit_ink(1), path, "L")
    assert canvas.open_image(path)
    assert canvas.drawing.strokes == () and canvas.drawing.background.name == "one.png"
    draw(qtbot, canvas, [densify([(0.7, 0.2), (0.7, 0.4)], 0.02)])
    pred = draw_tab.predict_now()
    from mnistgui.core.canvas import compose_canvas

    cfg = draw_tab.predictor.preprocess
    expected = draw_tab.predictor.predict_gray(
        compose_canvas(canvas.drawing.strokes, canvas.drawing.background.square(cfg.raster_size), cfg,
                       canvas.pen_width()))
    np.testing.assert_allclose(pred.probabilities, expected.probabilities, atol=1e-7)
    canvas.undo()  # the stroke over it
    canvas.undo()  # the image
    assert canvas.drawing.background is None and len(canvas.drawing.strokes) == 1
    assert "one.png" not in draw_tab.source_label.text()


def test_paste_an_image_from_the_clipboard(qtbot, window, draw_tab):
    ink = _digit_ink(4)
    img = QImage(np.ascontiguousarray(np.round((1 - ink) * 255).astype(np.uint8)).data,
                 ink.shape[1], ink.shape[0], ink.shape[1], QImage.Format.Format_Grayscale8).copy()
    QGuiApplication.clipboard().setImage(img)
    qtbot.keyClick(window, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert draw_tab.canvas.drawing.background is not None
    qtbot.waitUntil(lambda: draw_tab.prediction is not None)
    assert draw_tab.prediction.digit == 4


def test_paste_strokes_as_text(qtbot, window, draw_tab):
    sample = {"strokes": [[[0.5, 0.15], [0.5, 0.85]]], "pen_width": 0.05}
    QGuiApplication.clipboard().setText(json.dumps([sample]))
    window.draw_tab.paste_action.trigger()
    assert [list(map(list, s)) for s in draw_tab.canvas.drawing.strokes] == sample["strokes"]
    assert draw_tab.canvas.pen_width() == 0.05
    qtbot.waitUntil(lambda: draw_tab.prediction is not None)
    assert draw_tab.prediction.digit == 1


def test_paste_with_nothing_usable_says_so(qtbot, window, draw_tab):
    QGuiApplication.clipboard().setText("hello")
    draw_tab.paste_action.trigger()
    assert window.last_message is not None and "clipboard" in window.last_message.text()
    assert draw_tab.canvas.is_empty()


def _drop(canvas, mime: QMimeData) -> bool:
    pos = QPointF(canvas.width() / 2, canvas.height() / 2)
    args = (Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    try:
        enter = QDragEnterEvent(pos, *args)  # Qt 6.8 and later
    except TypeError:
        enter = QDragEnterEvent(pos.toPoint(), *args)
    QApplication.sendEvent(canvas, enter)
    if not enter.isAccepted():
        return False
    drop = QDropEvent(pos, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(canvas, drop)
    return True


def test_drop_an_image_file_and_a_stroke_file(qtbot, tmp_path, draw_tab):
    canvas = draw_tab.canvas
    path = tmp_path / "three.jpg"
    _save(_digit_ink(3), path, "RGB")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    assert _drop(canvas, mime)
    assert canvas.drawing.background is not None and canvas.drawing.background.name == "three.jpg"
    qtbot.waitUntil(lambda: draw_tab.prediction is not None)
    assert draw_tab.prediction.digit == 3

    strokes = tmp_path / "one.json"
    strokes.write_text(json.dumps([{"strokes": [[[0.5, 0.2], [0.5, 0.8]]]}]))
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(strokes))])
    assert _drop(canvas, mime)
    assert canvas.drawing.background is None and len(canvas.drawing.strokes) == 1
    canvas.undo()  # the replay was one step: the image is back
    assert canvas.drawing.background is not None


def test_drop_image_data(qtbot, draw_tab):
    ink = _digit_ink(0)
    rgba = np.zeros(ink.shape + (4,), np.uint8)
    rgba[..., 3] = np.round(ink * 255).astype(np.uint8)  # ink opaque, the rest transparent
    img = QImage(rgba.data, ink.shape[1], ink.shape[0], 4 * ink.shape[1], QImage.Format.Format_RGBA8888).copy()
    mime = QMimeData()
    mime.setImageData(img)
    assert _drop(draw_tab.canvas, mime)
    qtbot.waitUntil(lambda: draw_tab.prediction is not None)
    assert draw_tab.prediction.digit == 0


def test_a_drop_of_something_else_is_refused(draw_tab):
    mime = QMimeData()
    mime.setText("just some words")
    assert not _drop(draw_tab.canvas, mime)


@pytest.mark.parametrize("content", [b"", b"not an image at all", b"\x89PNG\r\n\x1a\n\x00\x00broken"],
                         ids=["empty", "text", "truncated-png"])
def test_a_bad_image_file_gets_a_message_and_the_app_goes_on(qtbot, tmp_path, window, draw_tab, content):
    canvas = draw_tab.canvas
    draw(qtbot, canvas, [densify([(0.5, 0.2), (0.5, 0.8)], 0.02)])
    before = canvas.drawing.strokes
    path = tmp_path / "bad.png"
    path.write_bytes(content)
    assert window.open_image(path) is False
    box = window.last_message
    assert box is not None and box.isVisible()
    assert "bad.png" in box.text()
    assert canvas.drawing.strokes == before and canvas.drawing.background is None
    box.close()
    # still working
    draw(qtbot, canvas, [densify([(0.3, 0.5), (0.7, 0.5)], 0.02)])
    assert len(canvas.drawing.strokes) == 2


def test_a_blank_image_and_a_missing_file_are_explained(qtbot, tmp_path, window):
    blank = tmp_path / "blank.png"
    Image.new("L", (50, 50), 255).save(blank)
    assert window.open_image(blank) is False
    assert "no visible digit" in window.last_message.text()
    window.last_message.close()
    assert window.open_image(tmp_path / "missing.png") is False
    assert "no such image file" in window.last_message.text()


def test_a_bad_stroke_file_dropped_gets_a_message(qtbot, tmp_path, window, draw_tab):
    path = tmp_path / "bad.json"
    path.write_text("[[[0.1, \"x\"]]]")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    assert _drop(draw_tab.canvas, mime)
    assert "bad.json" in window.last_message.text()
    assert draw_tab.canvas.is_empty()
