"""Hostile and damaged checkpoints: each is refused with a message before anything big is built.

Every file here is made by the test itself, in ``tmp_path``."""

import io
import math
import os
import zipfile

import pytest
import torch

from mnistgui.core import checkpoint as ckpt_mod
from mnistgui.core.checkpoint import Checkpoint, checkpoint_from_bytes, load_checkpoint, save_checkpoint
from mnistgui.core.errors import CheckpointError
from mnistgui.core.model import ModelConfig, build_model
from mnistgui.core.predict import Predictor, shipped_model_path


def _good() -> Checkpoint:
    cfg = ModelConfig(arch="classic")
    return Checkpoint(model_config=cfg, state_dict=build_model(cfg).state_dict(), name="good")


def _bytes(d: dict) -> bytes:
    buf = io.BytesIO()
    torch.save(d, buf)
    return buf.getvalue()


def _with(section: str, **changes) -> bytes:
    d = _good().to_dict()
    d[section] = {**d[section], **changes}
    return _bytes(d)


@pytest.mark.parametrize("changes, words", [
    ({"raster_size": 20000}, "raster_size"),
    ({"raster_size": 10**7}, "raster_size"),
    ({"std": 0.0}, "std"),
    ({"std": float("nan")}, "std"),
    ({"mean": float("inf")}, "mean"),
    ({"size": "x"}, "size"),
    ({"size": 0}, "size"),
    ({"supersample": 1000}, "supersample"),
    ({"pen_width": -1.0}, "pen_width"),
    ({"center": ["mass"]}, "center"),
    ({"subpixel": "yes"}, "subpixel"),
    ({"size": 32}, "32x32"),  # a valid size, but not the one the network reads
])
def test_a_preprocessing_section_out_of_range_is_refused(changes, words):
    with pytest.raises(CheckpointError, match="preprocessing") as e:
        checkpoint_from_bytes(_with("preprocess", **changes), "m.pt")
    assert words in str(e.value) and "\n" not in str(e.value)


@pytest.mark.parametrize("changes, words", [
    ({"channels": [10000, 10000]}, "channel"),
    ({"channels": [1024, 1024]}, "parameters"),  # each count allowed, the whole network too big
    ({"channels": [-3, 64]}, "channel"),
    ({"channels": [32]}, "channel counts"),
    ({"channels": "abc"}, "channel counts"),
    ({"hidden": 10**9}, "hidden"),
    ({"hidden": 0}, "hidden"),
    ({"hidden": 12.5}, "hidden"),
    ({"input_size": 1e5}, "input_size"),
    ({"input_size": -28}, "input_size"),
    ({"num_classes": True}, "num_classes"),
    ({"dropout": float("nan")}, "dropout"),
    ({"arch": ["standard"]}, "architecture"),
])
def test_a_model_config_is_checked_before_anything_is_built(changes, words, monkeypatch):
    from mnistgui.core import model

    data = _with("model_config", **changes)
    devices = []
    init = model.DigitCNN.__init__

    def spy(self, *a, **k):
        devices.append(torch.empty(0).device.type)  # the device the network would be built on
        init(self, *a, **k)

    monkeypatch.setattr(model.DigitCNN, "__init__", spy)
    with pytest.raises(CheckpointError, match="model config") as e:
        checkpoint_from_bytes(data, "m.pt")
    assert words in str(e.value)
    assert set(devices) <= {"meta"}  # sized on the meta device at most: nothing allocated


def test_the_size_of_a_network_is_found_without_allocating_it():
    from mnistgui.core.model import state_shapes

    with pytest.raises(ValueError, match="parameters"):
        state_shapes(ModelConfig(channels=(1024, 1024), hidden=8192))
    with pytest.raises(ValueError, match="parameters"):
        build_model(ModelConfig(channels=(1024, 1024), hidden=8192))
    assert state_shapes(ModelConfig())["classifier.fc1.weight"] == ((128, 1600), torch.float32)


def test_a_tensor_outside_the_weights_is_refused():
    d = _good().to_dict()
    d["metrics"] = {"test_accuracy": 0.99, "junk": torch.zeros(1000)}
    with pytest.raises(CheckpointError, match="metrics section holds a tensor"):
        checkpoint_from_bytes(_bytes(d), "m.pt")
    d = _good().to_dict()
    nested = []
    for _ in range(100):
        nested = [nested]
    d["history"] = {"curve": nested}
    with pytest.raises(CheckpointError, match="nested too deeply"):
        checkpoint_from_bytes(_bytes(d), "m.pt")


def test_what_a_checkpoint_unpacks_to_is_capped_before_torch_allocates_it(monkeypatch):
    """A small file whose zip members inflate to more than the cap is refused unread."""
    monkeypatch.setattr(ckpt_mod, "MAX_CHECKPOINT_BYTES", 2_000_000)
    d = _good().to_dict()
    d["trainer_state"] = {"pad": torch.zeros(1_000_000)}  # 4 MB of zeros: compresses to almost nothing
    raw = _bytes(d)
    squeezed = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw)) as src, zipfile.ZipFile(squeezed, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, src.read(info.filename))
    data = squeezed.getvalue()
    assert len(data) < 1_500_000  # the file itself is under the cap
    loads = []
    monkeypatch.setattr(ckpt_mod.torch, "load", lambda *a, **k: loads.append(1))
    with pytest.raises(CheckpointError, match="unpacks to 5 MB, more than"):
        checkpoint_from_bytes(data, "m.pt")
    assert loads == []


def test_a_file_too_large_a_device_or_a_pipe_is_refused_without_reading_it(tmp_path, monkeypatch):
    with pytest.raises(CheckpointError, match="not a regular file"):
        load_checkpoint("/dev/zero")
    fifo = tmp_path / "pipe.pt"
    os.mkfifo(fifo)
    with pytest.raises(CheckpointError, match="not a regular file"):
        load_checkpoint(fifo)  # would block forever if it were opened
    monkeypatch.setattr(ckpt_mod, "MAX_CHECKPOINT_BYTES", 1000)
    big = tmp_path / "big.pt"
    big.write_bytes(b"PK\x03\x04" + b"\0" * 5000)
    with pytest.raises(CheckpointError, match="larger than any mnistgui checkpoint"):
        load_checkpoint(big)


def _conv1_offset(data: bytes, c: Checkpoint) -> tuple[int, int]:
    w = c.state_dict["features.conv1.weight"].numpy().tobytes()
    at = data.find(w)
    assert at > 0
    return at, len(w)


def test_corrupted_weights_are_caught_by_their_digest(tmp_path):
    c = _good()
    data = bytearray(ckpt_mod.to_bytes(c))
    at, n = _conv1_offset(bytes(data), c)
    for i in range(at, at + min(n, 200)):
        data[i] ^= 0x5A  # torch does not check the zip's CRC: without a digest this would load
    with pytest.raises(CheckpointError, match="do not match the checksum"):
        checkpoint_from_bytes(bytes(data), "m.pt")


def test_non_finite_weights_are_refused_even_without_a_digest(tmp_path):
    c = _good()
    d = c.to_dict()
    del d["weights_sha256"]  # as a checkpoint written before digests were stored
    data = bytearray(_bytes(d))
    at, n = _conv1_offset(bytes(data), c)
    data[at:at + n] = b"\xff" * n  # every float a NaN
    with pytest.raises(CheckpointError, match="not finite"):
        checkpoint_from_bytes(bytes(data), "m.pt")


def test_a_checkpoint_without_a_digest_still_loads(tmp_path):
    c = _good()
    d = c.to_dict()
    del d["weights_sha256"]
    back = checkpoint_from_bytes(_bytes(d), "old.pt")
    for k, v in c.state_dict.items():
        assert torch.equal(back.state_dict[k], v)
    # the shipped model loads whether it has a digest or not, and saved again it gets one
    shipped = load_checkpoint(shipped_model_path())
    p = save_checkpoint(tmp_path / "copy.pt", shipped)
    obj = torch.load(p, weights_only=True)
    assert obj["weights_sha256"] == ckpt_mod.weights_digest(shipped.state_dict)
    assert Predictor.load(p).probabilities(torch.zeros(1, 28, 28).numpy()).shape == (1, 10)


def test_random_bytes_are_called_corrupt_not_dangerous(tmp_path):
    p = tmp_path / "noise.pt"
    p.write_bytes(bytes(range(256)) * 40)
    with pytest.raises(CheckpointError) as e:
        load_checkpoint(p)
    assert "run code" not in str(e.value)
    assert "not a mnistgui checkpoint" in str(e.value)


def test_messages_are_cut_at_a_word_not_inside_one():
    text = ckpt_mod._clip("If you see this message the file was damaged in a way nobody expected", 20)
    assert text.endswith("…") and len(text) <= 20
    assert text[:-1].split()[-1] in "If you see this message".split()
    assert ckpt_mod._clip("short", 20) == "short"


def test_the_shipped_model_carries_the_digest_of_its_weights():
    obj = torch.load(shipped_model_path(), weights_only=True)
    assert obj["weights_sha256"] == ckpt_mod.weights_digest(obj["state_dict"])
