import io
import os
import pickle
import zipfile

import pytest
import torch

from mnistgui.core.checkpoint import (
    FORMAT_VERSION,
    Checkpoint,
    checkpoint_from_bytes,
    load_checkpoint,
    make_provenance,
    save_checkpoint,
    to_bytes,
)
from mnistgui.core.errors import CheckpointError
from mnistgui.core.model import ModelConfig, build_model
from mnistgui.core.preprocess import PreprocessConfig


def make_ckpt(**kw):
    cfg = ModelConfig(arch="classic")
    m = build_model(cfg)
    return Checkpoint(
        model_config=cfg,
        state_dict=m.state_dict(),
        preprocess=PreprocessConfig(target_stroke_width=2.2),
        history={"val_accuracy": [0.9, 0.95]},
        metrics={"test_accuracy": 0.991},
        provenance=make_provenance({"lr": 0.001}, "mnistgui train --epochs 2"),
        name="mine",
        **kw,
    )


def test_round_trip_keeps_everything(tmp_path):
    c = make_ckpt(trainer_state={"epoch": 3, "rng": torch.get_rng_state()})
    p = save_checkpoint(tmp_path / "m.pt", c)
    back = load_checkpoint(p)
    assert back.model_config == c.model_config
    assert back.preprocess == c.preprocess
    assert back.history == c.history and back.metrics == c.metrics
    assert back.provenance["command"] == "mnistgui train --epochs 2"
    assert back.provenance["config"] == {"lr": 0.001}
    assert back.name == "mine" and back.class_names == [str(i) for i in range(10)]
    assert back.trainer_state["epoch"] == 3
    m1, m2 = c.build_model(), back.build_model()
    x = torch.randn(2, 1, 28, 28)
    assert torch.equal(m1(x), m2(x))


def test_save_is_atomic_and_leaves_no_temporary_files(tmp_path, monkeypatch):
    p = tmp_path / "m.pt"
    save_checkpoint(p, make_ckpt())
    before = p.read_bytes()

    def boom(*a, **k):
        raise OSError("disk full")

    monkeypatch.setattr(os, "fsync", boom)
    with pytest.raises(OSError):
        save_checkpoint(p, make_ckpt(trainer_state={"x": 1}))
    assert p.read_bytes() == before
    assert [f.name for f in tmp_path.iterdir()] == ["m.pt"]


def test_truncated_file_is_refused(tmp_path):
    data = to_bytes(make_ckpt())
    for cut in (len(data) // 2, 100, 10):
        p = tmp_path / f"cut{cut}.pt"
        p.write_bytes(data[:cut])
        with pytest.raises(CheckpointError, match="truncated or corrupt|corrupt|not a readable"):
            load_checkpoint(p)


def test_empty_missing_and_folder(tmp_path):
    (tmp_path / "e.pt").write_bytes(b"")
    with pytest.raises(CheckpointError, match="empty"):
        load_checkpoint(tmp_path / "e.pt")
    with pytest.raises(CheckpointError, match="no such file"):
        load_checkpoint(tmp_path / "none.pt")
    with pytest.raises(CheckpointError, match="folder"):
        load_checkpoint(tmp_path)


class Evil:
    def __reduce__(self):
        return (os.system, ("echo pwned > /tmp/mnistgui-pwned",))


def test_a_pickle_that_would_run_code_is_refused(tmp_path):
    p = tmp_path / "evil.pt"
    torch.save({"format": "mnistgui-checkpoint", "payload": Evil()}, p)
    if os.path.exists("/tmp/mnistgui-pwned"):
        os.unlink("/tmp/mnistgui-pwned")
    with pytest.raises(CheckpointError, match="could run code"):
        load_checkpoint(p)
    assert not os.path.exists("/tmp/mnistgui-pwned")
    # a raw pickle (not torch's zip format) too
    raw = tmp_path / "raw.pt"
    raw.write_bytes(pickle.dumps(Evil()))
    with pytest.raises(CheckpointError):
        load_checkpoint(raw)
    assert not os.path.exists("/tmp/mnistgui-pwned")


def test_foreign_files_are_refused(tmp_path):
    bare = tmp_path / "bare.pt"
    torch.save(build_model().state_dict(), bare)
    with pytest.raises(CheckpointError, match="bare set of weights"):
        load_checkpoint(bare)
    other = tmp_path / "other.pt"
    torch.save({"hello": [1, 2]}, other)
    with pytest.raises(CheckpointError, match="not a mnistgui checkpoint"):
        load_checkpoint(other)
    txt = tmp_path / "notes.pt"
    txt.write_text("just some text")
    with pytest.raises(CheckpointError):
        load_checkpoint(txt)
    z = tmp_path / "z.pt"
    with zipfile.ZipFile(z, "w") as f:
        f.writestr("a.txt", "hi")
    with pytest.raises(CheckpointError):
        load_checkpoint(z)


def test_newer_format_version_and_damaged_sections(tmp_path):
    d = make_ckpt().to_dict()
    d["version"] = FORMAT_VERSION + 1
    buf = io.BytesIO()
    torch.save(d, buf)
    with pytest.raises(CheckpointError, match="version"):
        checkpoint_from_bytes(buf.getvalue())
    d = make_ckpt().to_dict()
    d["state_dict"] = {"features.conv1.weight": torch.zeros(3)}
    buf = io.BytesIO()
    torch.save(d, buf)
    with pytest.raises(CheckpointError, match="do not fit"):
        checkpoint_from_bytes(buf.getvalue())
    d = make_ckpt().to_dict()
    del d["model_config"]
    buf = io.BytesIO()
    torch.save(d, buf)
    with pytest.raises(CheckpointError, match="model_config"):
        checkpoint_from_bytes(buf.getvalue())


def test_shipped_model_loads_and_records_how_it_was_made():
    from mnistgui.core.predict import shipped_model_path

    c = load_checkpoint(shipped_model_path())
    assert c.provenance["command"].startswith("mnistgui train")
    assert c.provenance["config"]["arch"] == c.model_config.arch
    assert shipped_model_path().stat().st_size < 5_000_000
    assert c.metrics["test_accuracy"] >= 0.993


def test_a_checkpoint_of_the_architecture_once_called_seed_loads_as_classic(tmp_path):
    from mnistgui.core.predict import Predictor
    from mnistgui.core.runs import RunStore
    from mnistgui.core.train import TrainConfig

    c = make_ckpt(trainer_state=None)
    d = c.to_dict()
    d["model_config"]["arch"] = "seed"  # as checkpoints were written before the rename
    d["provenance"]["config"] = {**TrainConfig(arch="classic").to_dict(), "arch": "seed"}
    buf = io.BytesIO()
    torch.save(d, buf)
    (tmp_path / "old.pt").write_bytes(buf.getvalue())
    back = load_checkpoint(tmp_path / "old.pt")
    assert back.model_config.arch == "classic" and not back.model_config.has_dropout
    for k, v in back.build_model().state_dict().items():
        assert torch.equal(v, c.state_dict[k])
    assert TrainConfig.from_dict(back.provenance["config"]).arch == "classic"  # resuming such a run
    x = torch.zeros(1, 28, 28).numpy()
    assert Predictor.from_checkpoint(back).probabilities(x).shape == (1, 10)
    # a run recorded before the rename lists its config under the new name
    store = RunStore(tmp_path / "runs")
    run = store.create({**TrainConfig().to_dict(), "arch": "seed"})
    assert store.get(run.id).train_config.arch == "classic"
    with pytest.raises(ValueError, match="unknown architecture"):
        ModelConfig(arch="seed")  # new code names it classic
