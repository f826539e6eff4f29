"""The smaller cases of hostile and unlucky input: an output path that cannot be written is
refused before any work, a failed write names the file the user asked for, JSON output is
always JSON, a device or a model with broken weights is refused with one line."""

import errno
import io
import json
import os

import pytest
import torch

from mnistgui import cli
from mnistgui.cli import main
from mnistgui.core import io as core_io
from mnistgui.core.io import atomic_write_bytes, create_exclusive_bytes
from mnistgui.core.predict import shipped_model_path


def test_train_out_a_folder_is_refused_before_anything_is_loaded(tmp_path, capsys):
    # the data folder does not exist either: the output is what is checked first
    assert main(["train", "--data", str(tmp_path / "no-such-mnist"), "--out", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "is a folder" in err and "model.pt" in err and "no-such-mnist" not in err


def test_finetune_out_a_folder_is_refused_before_anything_is_loaded(tmp_path, capsys):
    assert main(["finetune", "--samples", str(tmp_path / "none.json"), "--out", str(tmp_path),
                 "--strategy", "head"]) == 2
    assert "is a folder" in capsys.readouterr().err


def test_a_failed_write_names_the_file_asked_for_not_its_temporary(tmp_path, monkeypatch):
    target = tmp_path / "model.pt"

    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(core_io.os, "fsync", full)
    for write in (atomic_write_bytes, create_exclusive_bytes):
        with pytest.raises(OSError) as e:
            write(target, b"x" * 100)
        assert e.value.filename == str(target) and e.value.errno == errno.ENOSPC
        assert list(tmp_path.iterdir()) == []  # no temporary file left behind


def test_json_output_has_no_nan(capsys):
    cli._emit({"loss": float("nan"), "per_class": [0.5, float("inf")], "nested": {"x": float("-inf")}})
    line = capsys.readouterr().out

    def refuse(name):
        raise ValueError(name)

    assert json.loads(line, parse_constant=refuse) == {"loss": None, "per_class": [0.5, None], "nested": {"x": None}}


def test_a_model_with_non_finite_weights_is_refused_before_fine_tuning(tmp_path, capsys):
    d = torch.load(shipped_model_path(), weights_only=True)
    d["state_dict"] = {k: torch.full_like(v, float("nan")) if v.is_floating_point() else v
                       for k, v in d["state_dict"].items()}
    d.pop("weights_sha256", None)
    buf = io.BytesIO()
    torch.save(d, buf)
    bad = tmp_path / "nan.pt"
    bad.write_bytes(buf.getvalue())
    samples = tmp_path / "s.json"
    samples.write_text(json.dumps([{"strokes": [[[0.5, 0.1], [0.5, 0.9]]], "label": 1}]))
    assert main(["finetune", "--model", str(bad), "--samples", str(samples), "--out", str(tmp_path / "t.pt"),
                 "--strategy", "head"]) == 1
    err = capsys.readouterr().err
    assert "not finite" in err and "learning rate" not in err and err.count("\n") == 1


def test_a_device_or_a_pipe_as_the_model_is_one_line(tmp_path, capsys):
    fifo = tmp_path / "model.pt"
    os.mkfifo(fifo)
    for model in ("/dev/zero", str(fifo)):
        assert main(["predict", "--model", model, "x.png"]) == 1
        err = capsys.readouterr().err
        assert "not a regular file" in err and err.count("\n") == 1
