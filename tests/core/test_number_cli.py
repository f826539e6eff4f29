"""``mnistgui predict --number``: whole numbers from stroke files and images, one JSON object each."""

import json

import numpy as np
from PIL import Image

from mnistgui.cli import main
from written_numbers import PEN, digit as _digit, image_of, row


def jsonl(text):
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def test_predict_number_from_strokes_and_from_images(capsys, tmp_path):
    a, _ = row([_digit(1, 0), _digit(9, 0), _digit(8, 0), _digit(4, 0)], [0.4, 0.3, 0.35])
    b, _ = row([_digit(7, 0), _digit(3, 0)], [0.3])
    f = tmp_path / "numbers.json"
    f.write_text(json.dumps([{"strokes": a, "pen_width": PEN}, {"strokes": b, "pen_width": PEN}]))
    assert main(["predict", "--number", "--strokes", str(f), "--json"]) == 0
    rows = jsonl(capsys.readouterr().out)
    assert [r["input"] for r in rows] == [f"{f}#0", f"{f}#1"]
    assert [r["number"] for r in rows] == ["1984", "73"]
    for r in rows:
        assert [d["digit"] for d in r["digits"]] == [int(c) for c in r["number"]]
        for d in r["digits"]:
            assert 0 < d["probability"] <= 1 and len(d["box"]) == 4 and d["box"][0] < d["box"][2]
    # the same number as a photo: dark ink on light paper, and the reverse
    g = image_of(a)
    dark, light = tmp_path / "dark.png", tmp_path / "light.png"
    Image.fromarray((255 * (1 - g)).round().astype(np.uint8)).save(dark)
    Image.fromarray((255 * g).round().astype(np.uint8)).save(light)
    assert main(["predict", "--number", str(dark), str(light), "--json"]) == 0
    rows = jsonl(capsys.readouterr().out)
    assert [r["number"] for r in rows] == ["1984", "1984"]
    assert all(0 <= d["box"][0] < d["box"][2] <= g.shape[1] for r in rows for d in r["digits"])


def test_predict_number_text_and_a_bad_file_among_good_ones(capsys, tmp_path):
    bad = tmp_path / "bad.png"
    bad.write_bytes(b"not an image")
    good = tmp_path / "good.png"
    s, _ = row([_digit(2, 0), _digit(6, 0)], [0.4])
    Image.fromarray((255 * (1 - image_of(s))).round().astype(np.uint8)).save(good)
    assert main(["predict", "--number", str(bad), str(good)]) == 1
    cap = capsys.readouterr()
    assert "bad.png: error:" in cap.err and len(cap.err.strip().splitlines()) == 1
    assert f"{good}: 26" in cap.out


def test_predict_number_says_when_images_are_read_without_the_learnt_scorer(capsys, tmp_path, monkeypatch):
    from mnistgui.core import number

    good = tmp_path / "good.png"
    s, _ = row([_digit(2, 0), _digit(6, 0)], [0.4])
    Image.fromarray((255 * (1 - image_of(s))).round().astype(np.uint8)).save(good)
    assert main(["predict", "--number", str(good), "--json"]) == 0
    cap = capsys.readouterr()
    assert cap.err == "" and jsonl(cap.out)[0]["number"] == "26"  # the shipped scorer: nothing to say
    monkeypatch.setattr(number, "_scorer", (None, "the number scorer x.json is missing; images are read with ..."))
    assert main(["predict", "--number", str(good), "--json"]) == 0
    cap = capsys.readouterr()
    assert cap.err.startswith("note: the number scorer x.json is missing")
    assert jsonl(cap.out)[0]["number"] == "26"  # the output stays one JSON object per input
