"""Hostile input through the window: a decompression bomb opened, pasted or dropped, a hostile
stroke file, a checkpoint asking for a huge network. Each gets a message; the app goes on.

Every hostile file is made by the test in ``tmp_path``."""

from __future__ import annotations

import io
import json
import struct
import zlib

import torch
from PySide6.QtCore import QMimeData, QUrl
from PySide6.QtGui import QGuiApplication

from helpers import densify, draw
from test_images import _drop


def _bomb() -> bytes:
    """A PNG header that claims 20000x20000 pixels (no pixels behind it)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    ihdr = struct.pack(">IIBBBBB", 20000, 20000, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"")) + chunk(b"IEND", b"")


def _assert_refused(window, canvas, words: str, before) -> None:
    box = window.last_message
    assert box is not None and words in box.text() and "too large" in box.text()
    assert canvas.drawing.strokes == before and canvas.drawing.background is None
    box.close()


def test_a_decompression_bomb_opened_pasted_or_dropped_gets_a_message(qtbot, tmp_path, window, draw_tab):
    canvas = draw_tab.canvas
    draw(qtbot, canvas, [densify([(0.5, 0.2), (0.5, 0.8)], 0.02)])
    before = canvas.drawing.strokes
    path = tmp_path / "bomb.png"
    path.write_bytes(_bomb())

    assert window.open_image(path) is False
    _assert_refused(window, canvas, "bomb.png", before)

    mime = QMimeData()
    mime.setData("image/png", _bomb())
    QGuiApplication.clipboard().setMimeData(mime)
    draw_tab.paste_action.trigger()
    _assert_refused(window, canvas, "clipboard", before)

    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    assert _drop(canvas, mime)
    _assert_refused(window, canvas, "bomb.png", before)

    draw(qtbot, canvas, [densify([(0.3, 0.5), (0.7, 0.5)], 0.02)])  # still drawing
    assert len(canvas.drawing.strokes) == 2


def test_a_hostile_stroke_file_gets_a_message(qtbot, tmp_path, window, draw_tab):
    for name, text in (("deep.json", "[" * 100_000 + "]" * 100_000),
                       ("digits.json", "[[[%s, 0.5]]]" % ("9" * 400)),
                       ("pen.json", json.dumps([{"strokes": [[[0.5, 0.1], [0.5, 0.9]]], "pen_width": 1e9}])),
                       ("long.json", json.dumps([[[[0.5, 0.5]] * 20_000]]))):
        path = tmp_path / name
        path.write_text(text)
        assert draw_tab.canvas.open_strokes(path) is False
        box = window.last_message
        assert box is not None and name in box.text()
        box.close()
        assert draw_tab.canvas.is_empty()


def test_open_model_refuses_a_checkpoint_asking_for_a_huge_network(qtbot, tmp_path, window, predictor):
    d = predictor.checkpoint.to_dict()
    d["model_config"] = {**d["model_config"], "channels": [10000, 10000]}
    buf = io.BytesIO()
    torch.save(d, buf)
    path = tmp_path / "huge.pt"
    path.write_bytes(buf.getvalue())
    assert window.open_model(path) is False
    assert window.predictor is predictor  # the model in use is kept
    assert "channel" in window.last_message.text()
