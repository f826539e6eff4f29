import json

import pytest
import torch

from mnistgui.core.checkpoint import Checkpoint, make_provenance
from mnistgui.core.model import ModelConfig, build_model
from mnistgui.core.versions import INDEX, VersionError, VersionStore


def tuned(name="", strategy="replay", base_acc=0.6, acc=0.9, seed=0):
    torch.manual_seed(seed)
    cfg = ModelConfig(arch="classic")
    return Checkpoint(
        model_config=cfg,
        state_dict=build_model(cfg).state_dict(),
        metrics={"comparison": {"heldout_count": 8, "base_heldout_accuracy": base_acc,
                                "tuned_heldout_accuracy": acc, "base_mnist_accuracy": 0.99,
                                "tuned_mnist_accuracy": 0.988}},
        provenance=make_provenance({"strategy": strategy}, "", kind="finetune", base="default",
                                   train_samples=32, heldout_samples=8),
        name=name,
    )


def test_add_lists_versions_with_their_figures_and_activates(tmp_path):
    vs = VersionStore(tmp_path / "models")
    assert vs.versions() == [] and vs.active_id is None and not vs.can_roll_back
    a = vs.add(tuned())
    b = vs.add(tuned("mine", strategy="head"))
    c = vs.add(tuned(), name="tuned {id}", activate=False)
    assert c.name == "tuned 3" and vs.load(3).name == "tuned 3"
    assert (a.id, a.file, a.name) == (1, "v0001.pt", "v1")
    assert (b.id, b.name, b.strategy) == (2, "mine", "head")
    assert a.heldout_accuracy == 0.9 and a.base_heldout_accuracy == 0.6 and a.mnist_accuracy == 0.988
    assert a.train_samples == 32 and a.heldout_samples == 8 and a.base == "default"
    assert vs.active_id == 2
    again = VersionStore(tmp_path / "models")  # the index persists
    assert again.versions() == vs.versions() and again.active_id == 2
    ck = again.load(1)
    assert ck.name == "v1"
    for k, v in tuned().state_dict.items():
        assert torch.equal(ck.state_dict[k], v)


def test_switch_and_roll_back_walk_the_history(tmp_path):
    vs = VersionStore(tmp_path)
    vs.add(tuned())
    vs.add(tuned())
    vs.switch(None)
    assert vs.active_id is None
    assert vs.roll_back() == 2
    assert vs.roll_back() == 1
    assert vs.roll_back() is None
    assert not vs.can_roll_back
    with pytest.raises(VersionError, match="roll back"):
        vs.roll_back()
    vs.switch(1)
    vs.switch(1)  # no change: nothing new to roll back to
    assert VersionStore(tmp_path).previous_id is None
    with pytest.raises(VersionError, match="v7"):
        vs.switch(7)


def test_remove_deletes_the_file_but_not_the_one_in_use(tmp_path):
    vs = VersionStore(tmp_path)
    vs.add(tuned())
    vs.add(tuned())
    with pytest.raises(VersionError, match="in use"):
        vs.remove(2)
    vs.remove(1)
    assert [v.id for v in vs.versions()] == [2] and not (tmp_path / "v0001.pt").exists()
    assert vs.previous_id is None  # v1 left the history
    assert vs.add(tuned()).id == 3  # ids are never reused while files remain


def test_a_damaged_index_is_set_aside_and_rebuilt_from_the_files(tmp_path):
    vs = VersionStore(tmp_path)
    vs.add(tuned("first"))
    vs.add(tuned("second"))
    (tmp_path / INDEX).write_text("{ not json")
    (tmp_path / "v0009.pt").write_bytes(b"garbage")  # unreadable: never listed
    again = VersionStore(tmp_path)
    assert again.recovered and "set aside" in again.recovered
    assert [v.name for v in again.versions()] == ["first", "second"]
    assert again.active_id is None
    assert any(p.name.startswith(f"{INDEX}.damaged-") for p in tmp_path.iterdir())
    assert json.loads((tmp_path / INDEX).read_text())["versions"][0]["name"] == "first"


def test_a_checkpoint_saved_before_a_crash_is_listed_and_a_lost_file_is_dropped(tmp_path):
    vs = VersionStore(tmp_path)
    vs.add(tuned("kept"))
    from mnistgui.core.checkpoint import save_checkpoint

    save_checkpoint(tmp_path / "v0002.pt", tuned("orphan"))  # the index was never updated
    again = VersionStore(tmp_path)
    assert [v.name for v in again.versions()] == ["kept", "orphan"]
    (tmp_path / "v0001.pt").unlink()
    third = VersionStore(tmp_path)
    assert [v.id for v in third.versions()] == [2] and third.active_id is None
    with pytest.raises(VersionError):
        third.load(1)
