"""The model library: one list with lineage, one model in use, undo and redo, roll back to the parent."""

from __future__ import annotations

import json

import pytest
import torch

from mnistgui.core.checkpoint import Checkpoint, make_provenance
from mnistgui.core.library import SHIPPED, LibraryError, ModelLibrary, file_key, run_key, version_key
from mnistgui.core.model import ModelConfig, build_model
from mnistgui.core.runs import RunStore
from mnistgui.core.train import TrainConfig
from mnistgui.core.versions import VersionStore


def _ckpt(name="", base=""):
    torch.manual_seed(0)
    cfg = ModelConfig(arch="classic")
    return Checkpoint(model_config=cfg, state_dict=build_model(cfg).state_dict(), name=name,
                      provenance=make_provenance({"strategy": "head"}, "", kind="finetune", base=base,
                                                 train_samples=20, heldout_samples=5))


@pytest.fixture
def lib_parts(tmp_path):
    shipped = tmp_path / "default.pt"
    shipped.write_bytes(b"")  # only its path matters here
    runs = RunStore(tmp_path / "runs")
    run = runs.create(TrainConfig(epochs=1))
    runs.save_model(run.id, _ckpt("Run 1"))
    runs.create(TrainConfig(epochs=1))  # a run stopped before its first epoch: no model, not listed
    versions = VersionStore(tmp_path / "models")
    return shipped, runs, versions, run.id, tmp_path / "library.json"


def _library(parts, **kw):
    shipped, runs, versions, _rid, state = parts
    return ModelLibrary(shipped, versions, runs, state, shipped_name="default", **kw)


def test_one_list_of_shipped_trained_and_fine_tuned_models_with_their_lineage(lib_parts):
    shipped, runs, versions, rid, _state = lib_parts
    lib = _library(lib_parts)
    v = versions.add(_ckpt(base="Run 1"), activate=False)
    lib.reload()
    lib.set_parent(version_key(v.id), run_key(rid))
    keys = [e.key for e in lib.entries()]
    assert keys[0] == SHIPPED and set(keys) == {SHIPPED, run_key(rid), version_key(v.id)}
    tuned = lib.get(version_key(v.id))
    assert tuned.kind == "fine-tuned" and tuned.parent == run_key(rid)
    assert tuned.lineage == "fine-tuned from Run 1"
    assert lib.get(run_key(rid)).lineage == "trained in the Train tab"
    assert lib.get(SHIPPED).lineage == "shipped with mnistgui"
    # the paths the tabs hand over name the same entries
    assert lib.key_for_path(runs.folder(rid) / "best.pt") == run_key(rid)
    assert lib.key_for_path(versions.path(v.id)) == version_key(v.id)
    assert lib.key_for_path(shipped) == SHIPPED
    assert lib.key_for_path(shipped.parent / "elsewhere.pt").startswith("file:")


def test_a_version_made_before_parents_were_kept_finds_its_parent_by_name(lib_parts):
    _s, _r, versions, rid, _state = lib_parts
    a = versions.add(_ckpt(base="Run 1"), activate=False)
    b = versions.add(_ckpt(base="default"), activate=False)
    c = versions.add(_ckpt(base="gone"), activate=False)
    lib = _library(lib_parts)
    assert lib.get(version_key(a.id)).parent == run_key(rid)
    assert lib.get(version_key(b.id)).parent == SHIPPED
    gone = lib.get(version_key(c.id))
    assert gone.parent == "" and gone.lineage == "fine-tuned from gone"


def test_switches_undo_and_redo_and_persist(lib_parts):
    _s, _r, versions, rid, state = lib_parts
    v = versions.add(_ckpt(), activate=False)
    lib = _library(lib_parts)
    assert lib.active == SHIPPED and lib.undo_target is None
    lib.use(run_key(rid))
    lib.use(version_key(v.id))
    assert versions.active_id == v.id  # the versions' own record follows (the one in use is not deleted)
    assert lib.undo_target == run_key(rid) and lib.redo_target is None
    assert lib.undo().key == run_key(rid)
    assert versions.active_id is None
    assert lib.undo().key == SHIPPED and lib.undo_target is None
    with pytest.raises(LibraryError, match="earlier"):
        lib.undo()
    assert lib.redo_target == run_key(rid)
    assert lib.redo().key == run_key(rid)
    again = _library(lib_parts)  # what is in use, and what undo and redo do, survive a restart
    assert again.active == run_key(rid)
    assert again.undo_target == SHIPPED and again.redo_target == version_key(v.id)
    again.use(SHIPPED)  # a new switch forgets what could be redone
    assert again.redo_target is None
    assert json.loads(state.read_text())["active"] == SHIPPED


def test_roll_back_goes_to_the_parent_and_can_be_undone(lib_parts):
    _s, _r, versions, rid, _state = lib_parts
    v1 = versions.add(_ckpt(), activate=False)
    v2 = versions.add(_ckpt(), activate=False)
    lib = _library(lib_parts)
    lib.set_parent(version_key(v1.id), run_key(rid))
    lib.set_parent(version_key(v2.id), version_key(v1.id))
    lib.use(version_key(v2.id))
    assert lib.roll_back_target == version_key(v1.id)
    assert lib.roll_back().key == version_key(v1.id)
    assert lib.roll_back().key == run_key(rid)  # not the shipped model: the run it was tuned from
    assert lib.roll_back_target is None  # a trained model has no parent to roll back to
    with pytest.raises(LibraryError, match="not fine-tuned"):
        lib.roll_back()
    assert lib.undo().key == version_key(v1.id)  # a roll back is a switch like any other


def test_deleted_models_leave_the_lists_and_the_one_in_use_cannot_go(lib_parts):
    _s, runs, versions, rid, _state = lib_parts
    v = versions.add(_ckpt(), activate=False)
    lib = _library(lib_parts)
    lib.set_parent(version_key(v.id), run_key(rid))
    lib.use(run_key(rid))
    lib.use(version_key(v.id))
    with pytest.raises(LibraryError, match="in use"):
        lib.forget(version_key(v.id))
    lib.use(SHIPPED)
    runs.delete(rid)
    lib.forget(run_key(rid))
    assert run_key(rid) not in lib and lib.undo_target == version_key(v.id)
    tuned = lib.get(version_key(v.id))
    assert tuned.parent_name == "Run 1"  # the parent's name is remembered after it is deleted
    lib.use(version_key(v.id))
    with pytest.raises(LibraryError, match="no longer kept"):
        lib.roll_back()


def test_a_model_opened_from_a_file_is_listed_while_in_use(lib_parts, tmp_path):
    lib = _library(lib_parts)
    other = tmp_path / "mine.pt"
    key = file_key(other)
    assert key not in lib
    lib.use(key)  # as the app does when it opens a file
    assert lib.get(key).kind == "file" and lib.get(key).name == "mine"
    assert key in [e.key for e in _library(lib_parts).entries()]  # still listed after a restart, while in use
    lib.use(SHIPPED)
    assert key not in [e.key for e in _library(lib_parts).entries()]  # listed only while in use
    other.write_bytes(b"")
    assert _library(lib_parts).undo_target == key  # but undo can go back to it while the file is there
    other.unlink()
    assert _library(lib_parts).undo_target is None


def test_a_damaged_state_file_starts_afresh_with_a_message(lib_parts):
    state = lib_parts[4]
    state.write_text("{not json")
    lib = _library(lib_parts)
    assert lib.active == SHIPPED and "could not be read" in lib.recovered


def test_the_versions_choice_is_taken_over_the_first_time(lib_parts):
    _s, _r, versions, _rid, _state = lib_parts
    v = versions.add(_ckpt())  # active in the versions' own record, no library file yet
    assert _library(lib_parts).active == version_key(v.id)
