"""Hostile images and stroke files: each ends in a one-line PreprocessError (a non-zero exit in
the command line), never a traceback, and none makes the app allocate without bound.

Every file is made by the test, in ``tmp_path``: the huge images are PNG headers that claim a
size, with no pixels behind them."""

import json
import os
import struct
import zlib

import numpy as np
import pytest
from PIL import Image

from mnistgui.cli import main
from mnistgui.core import preprocess
from mnistgui.core.errors import PreprocessError
from mnistgui.core.preprocess import load_image, load_strokes, parse_samples, parse_stroke_json
from mnistgui.core.render import render_strokes

ONE = [[[0.5, 0.15], [0.5, 0.85]]]


def png_header(w: int, h: int) -> bytes:
    """A PNG that says it is w x h (grey, 8 bits) and holds one empty data chunk."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    ihdr = struct.pack(">IIBBBBB", w, h, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"")) + chunk(b"IEND", b"")


@pytest.mark.parametrize("w, h", [(20000, 20000), (10000, 7000)],
                         ids=["decompression-bomb", "over-the-app's-limit"])
def test_a_huge_image_is_refused_from_its_header(tmp_path, w, h):
    p = tmp_path / "huge.png"
    p.write_bytes(png_header(w, h))
    with pytest.raises(PreprocessError, match="too large") as e:
        load_image(p)
    assert str(e.value).startswith(str(p)) and "32 megapixels" in str(e.value)


def test_a_large_image_is_reduced_before_it_is_turned_into_floats(tmp_path):
    ink = render_strokes(ONE, 512, 0.05)
    big = np.kron(1.0 - ink, np.ones((10, 10), np.float32))  # 5120 x 5120, a one
    p = tmp_path / "big.png"
    Image.fromarray(np.round(big * 255).astype(np.uint8), "L").save(p)
    gray = load_image(p)
    assert max(gray.shape) <= preprocess.MAX_WORKING_SIDE
    assert gray.max() == 1.0 and gray[:, gray.shape[1] // 2].max() == 1.0


def test_a_pipe_is_not_opened_as_an_image_or_strokes(tmp_path):
    fifo = tmp_path / "pipe.png"
    os.mkfifo(fifo)
    with pytest.raises(PreprocessError, match="not a regular file"):
        load_image(fifo)
    with pytest.raises(PreprocessError, match="not a regular file"):
        load_strokes(fifo)


def test_predict_reports_each_bad_image_goes_on_and_exits_non_zero(capsys, tmp_path):
    bomb = tmp_path / "bomb.png"
    bomb.write_bytes(png_header(20000, 20000))
    good = tmp_path / "good.png"
    Image.fromarray((255 * render_strokes(ONE, 128)).astype(np.uint8)).save(good)
    fifo = tmp_path / "fifo.png"
    os.mkfifo(fifo)
    assert main(["predict", str(bomb), str(fifo), str(good)]) == 1
    out, err = capsys.readouterr()
    assert "good.png: 1" in out
    lines = err.strip().splitlines()
    assert len(lines) == 2 and "bomb.png: error:" in lines[0] and "too large" in lines[0]
    assert "fifo.png: error:" in lines[1] and "Traceback" not in err


HOSTILE_STROKES = {
    "400-digit-integer": '[[[%s, 0.5], [0.5, 0.5]]]' % ("9" * 400),
    "5000-digit-integer": '[[[%s, 0.5]]]' % ("9" * 5000),
    "nested-100000-deep": "[" * 100_000 + "]" * 100_000,
    "pen-width-text": json.dumps([{"strokes": ONE, "pen_width": "x"}]),
    "pen-width-infinite": '[{"strokes": [[[0.5, 0.1], [0.5, 0.9]]], "pen_width": Infinity}]',
    "pen-width-1e9": json.dumps([{"strokes": ONE, "pen_width": 1e9}]),
    "far-off-the-canvas": json.dumps([[[[0.5, 0.5], [1e300, 0.5]]]]),
    "label-400-digits": '[{"strokes": [[[0.5, 0.1], [0.5, 0.9]]], "label": %s}]' % ("7" * 400),
    "a-million-points": json.dumps([[[[0.5, 0.5]] * 1_000_000]]),
}


@pytest.mark.parametrize("name", HOSTILE_STROKES)
def test_a_hostile_stroke_file_is_one_clear_error(tmp_path, name):
    p = tmp_path / f"{name}.json"
    p.write_text(HOSTILE_STROKES[name])
    with pytest.raises(PreprocessError) as e:
        load_strokes(p)
    msg = str(e.value)
    assert msg.startswith(str(p)) and "\n" not in msg and len(msg) < 300


def test_the_bounds_name_what_was_too_much():
    with pytest.raises(PreprocessError, match="more than 10,000 points"):
        parse_samples([[[[0.5, 0.5]] * 10_001]])
    parse_samples([[[[0.5, 0.5]] * 10_000]])  # at the bound: read
    zigzag = [[0.1, 0.1], [0.9, 0.9]] * 50  # 100 points, lines 112 canvas sides long
    with pytest.raises(PreprocessError, match="more than 100 canvas sides long"):
        parse_samples([[zigzag]])
    parse_samples([[zigzag[:80]]])  # 89 sides: read
    with pytest.raises(PreprocessError, match="strokes, more than"):
        parse_samples([[[[0.5, 0.5]]] * 1001])
    with pytest.raises(PreprocessError, match="pen_width must be a number from"):
        parse_samples([{"strokes": ONE, "pen_width": 0.0}])
    assert parse_samples([{"strokes": ONE, "pen_width": 0.06}])[0].meta["pen_width"] == 0.06
    with pytest.raises(PreprocessError, match="nested far too deeply"):
        parse_stroke_json("[" * 100_000)
    with pytest.raises(PreprocessError, match="MB"):
        parse_stroke_json(" " * (preprocess.MAX_STROKE_FILE_BYTES + 1))


@pytest.mark.parametrize("name", ["400-digit-integer", "nested-100000-deep", "pen-width-text", "pen-width-1e9"])
def test_predict_evaluate_and_finetune_give_one_line_for_a_hostile_stroke_file(capsys, tmp_path, name):
    p = tmp_path / "s.json"
    p.write_text(HOSTILE_STROKES[name])
    for argv in (["predict", "--strokes", str(p)], ["evaluate", "--strokes", str(p)],
                 ["finetune", "--samples", str(p), "--out", str(tmp_path / "t.pt"), "--strategy", "head"]):
        assert main(argv) != 0
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and err.startswith("mnistgui: error:") and "Traceback" not in err, argv
    assert not (tmp_path / "t.pt").exists()
