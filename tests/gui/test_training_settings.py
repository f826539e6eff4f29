"""The Train tab's recipe: every setting reaches TrainConfig as `mnistgui train`'s flags do, a
model's recipe is set in one go, and a run that mixes in pen-recorded digits says it is preparing
them (the GUI free meanwhile) before it trains."""

from __future__ import annotations

import dataclasses
import threading

import numpy as np
import pytest
from PySide6.QtCore import Qt

from mnistgui import cli
from mnistgui.core.checkpoint import load_checkpoint, save_checkpoint
from mnistgui.core.data import MnistData
from mnistgui.core.predict import shipped_model_path
from mnistgui.core.preprocess import StrokeSample, save_strokes
from mnistgui.core.synth import synth_samples
from mnistgui.core.train import TrainConfig

TIMEOUT = 60000
#: the flags of `mnistgui train` the settings now set, and the TrainConfig fields they fill
FLAGS = ("synthetic", "label_smoothing", "warmup", "pen_data", "pen", "pen_variants", "pen_blend", "pen_neighbours",
         "keep")


def _pen_file(tmp_path, writers: int = 3, per_writer: int = 10):
    """Labelled synthetic digits, with writer ids, in the stroke JSON of pen-recorded digits."""
    out = []
    for w, part in enumerate(np.array_split(np.array(synth_samples(writers * per_writer, seed=3)), writers)):
        out.extend(StrokeSample(strokes=s.strokes, label=s.label, meta={"writer": f"w{w}", "source": "test"})
                   for s in part)
    path = tmp_path / "pen.json"
    save_strokes(path, out)
    return path


@pytest.fixture
def bare_tab(qtbot, tmp_path):
    """The Train tab with no MNIST loaded."""
    from mnistgui.gui.train.tab import TrainingTab

    t = TrainingTab(runs_root=tmp_path / "runs", cache_dir=tmp_path / "no-mnist")
    qtbot.addWidget(t)
    t.resize(1024, 700)
    t.show()
    qtbot.waitExposed(t)
    yield t
    assert t.shutdown(20000)


def test_the_new_settings_reach_trainconfig_as_the_cli_flags_do(settings, tmp_path):
    pen = _pen_file(tmp_path)
    argv = ["train", "--out", str(tmp_path / "m.pt"), "--synthetic", "0.1", "--label-smoothing", "0.08",
            "--warmup", "0.2", "--pen-data", str(pen), "--pen", "0.25", "--pen-variants", "4", "--pen-blend", "0.4",
            "--pen-neighbours", "0.15", "--keep", "last"]
    a = cli.build_parser().parse_args(argv)
    expected = dataclasses.replace(TrainConfig(), **{f: getattr(a, f) for f in FLAGS})
    assert settings.config() != expected
    assert not settings.pen.isEnabled() and not settings.pen_blend.isEnabled()  # no file yet: no share of it to set
    assert not settings.pen_neighbours.isEnabled()
    settings.synthetic.setValue(10.0)
    settings.label_smoothing.setValue(0.08)
    settings.warmup.setValue(20.0)
    settings.pen_data.setText(str(pen))
    assert settings.pen.isEnabled() and settings.pen_note.text() == "off while the pen share is 0%"
    settings.pen.setValue(25.0)
    settings.pen_variants.setValue(4)
    settings.pen_blend.setValue(40.0)
    settings.pen_neighbours.setValue(15.0)
    settings.keep.setCurrentIndex(settings.keep.findData("last"))
    assert settings.config() == expected
    # and back: a config shows as itself
    settings.set_config(TrainConfig())
    assert settings.config() == TrainConfig()
    settings.set_config(expected)
    assert settings.config() == expected
    assert settings.pen_note.text() == "prepared before training" and "4×" in settings.pen_note.toolTip()
    settings.pen_data.setText(str(tmp_path / "missing.json"))
    assert settings.pen_note.text() == "no such file here"
    for w in (settings.warmup, settings.label_smoothing, settings.synthetic, settings.pen_data, settings.pen,
              settings.pen_variants, settings.pen_blend, settings.pen_neighbours, settings.keep):
        assert w.toolTip()


def test_the_shipped_models_recipe_gives_its_recorded_config(bare_tab):
    tab = bare_tab
    recorded = TrainConfig.from_dict(load_checkpoint(shipped_model_path()).provenance["config"])
    tab.settings.epochs.setValue(1)
    tab.settings.synthetic.setValue(0.0)
    assert tab.run_config() != recorded
    assert tab.settings.shipped_recipe_action in tab.settings.recipe_button.menu().actions()
    tab.settings.shipped_recipe_action.trigger()
    assert tab.run_config() == recorded  # what Start would train
    assert "recipe of default" in tab.controls.progress_label.text()
    tab.settings.default_recipe_action.trigger()
    assert tab.run_config() == TrainConfig()


def test_more_settings_fold_away_and_say_how_many_a_recipe_changed(qtbot, bare_tab):
    tab = bare_tab
    s = tab.settings
    tab.show()
    qtbot.waitExposed(tab)
    assert not s.more_button.isChecked() and not s.seed.isVisible() and s.epochs.isVisible()
    assert s.more_button.text() == "More settings"  # nothing under it differs from a new run's
    s.shipped_recipe_action.trigger()
    recorded = TrainConfig.from_dict(load_checkpoint(shipped_model_path()).provenance["config"])
    changed = [k for k in ("warmup", "weight_decay", "dropout", "label_smoothing", "pen_variants", "pen_blend",
                           "pen_neighbours", "keep", "patience", "seed", "device", "precision")
               if getattr(recorded, k) != getattr(TrainConfig(), k)]
    assert changed and s.changed_more_settings() == changed
    assert f"{len(changed)} changed" in s.more_button.text()
    assert tab.run_config() == recorded  # folded settings still count
    s.more_button.click()
    assert s.seed.isVisible() and s.precision.isVisible() and s.keep.isVisible()
    side = tab.side_scroll  # unfolded, the column scrolls, and its scroll bar hides none of it
    qtbot.waitUntil(lambda: side.verticalScrollBar().maximum() > 0)
    qtbot.waitUntil(lambda: side.viewport().width() >= side.widget().minimumSizeHint().width())
    assert s.more_button.text() == "More settings"  # the changes are in sight
    s.more_button.click()
    assert not s.seed.isVisible()
    s.default_recipe_action.trigger()
    assert s.more_button.text() == "More settings"


def test_a_fine_tuned_model_has_no_recipe_to_train_again(bare_tab, tmp_path):
    tab = bare_tab
    ckpt = load_checkpoint(shipped_model_path())
    tuned = dataclasses.replace(ckpt, provenance={**ckpt.provenance, "kind": "finetune", "base": "default"})
    save_checkpoint(tmp_path / "tuned.pt", tuned)
    before = tab.run_config()
    assert not tab.settings.use_recipe(tmp_path / "tuned.pt")
    assert tab.run_config() == before
    assert "fine-tuned from default" in tab.last_error and tab.banner.isVisible()


@pytest.fixture
def tab(qtbot, tmp_path, mnist_small):
    """The Train tab on 480 MNIST images (160 of them to validate), 5 batches of 64 an epoch."""
    from mnistgui.gui.train.tab import TrainingTab

    t = TrainingTab(runs_root=tmp_path / "runs", cache_dir=tmp_path / "cache")
    qtbot.addWidget(t)
    t.resize(1280, 730)
    t.show()
    qtbot.waitExposed(t)
    d = mnist_small
    t.set_data(MnistData(d.train_images[:800], d.train_labels[:800], d.test_images, d.test_labels, d.source))
    t.data_panel.train_limit.setValue(480)
    t.data_panel.val_size.setValue(160)
    t.settings.batch_size.setValue(64)
    t.settings.epochs.setValue(1)
    yield t
    assert t.shutdown(20000)


@pytest.fixture
def gate(monkeypatch):
    """Holds the making of a run (in its worker thread) until the test opens the gate."""
    from mnistgui.core import jobs

    opened = threading.Event()
    real = jobs.start_train_run

    def held(*args, **kwargs):
        assert opened.wait(TIMEOUT / 1000)
        return real(*args, **kwargs)

    monkeypatch.setattr(jobs, "start_train_run", held)
    yield opened
    opened.set()


def test_a_run_with_pen_digits_says_it_is_preparing_then_trains(qtbot, tab, tmp_path, gate):
    pen = _pen_file(tmp_path)
    s = tab.settings
    s.pen_data.setText(str(pen))
    s.pen.setValue(20.0)
    s.pen_variants.setValue(1)
    assert tab.start()
    assert tab.state == "preparing" and tab.trainer is None
    qtbot.waitUntil(lambda: "Preparing 30 pen-recorded digits (1 rendering each)" in
                    tab.controls.progress_label.text(), timeout=TIMEOUT)
    # the GUI thread is free while the worker prepares: the tab answers, locked as for a run
    assert tab.controls.progress.maximum() == 0  # a busy bar, not a stuck one
    assert not tab.controls.start_button.isEnabled() and tab.controls.stop_button.isEnabled()
    assert not s.pen_data.isEnabled() and not s.arch.isEnabled()
    gate.set()
    qtbot.waitUntil(lambda: tab.state in ("finished", "failed"), timeout=TIMEOUT)
    assert tab.state == "finished", tab.last_error
    assert tab.controls.progress.maximum() == 1000
    cfg = tab.trainer.config
    assert (cfg.pen_data, cfg.pen, cfg.pen_variants) == (str(pen), 0.2, 1)
    [(pool, share)] = tab.trainer.mix  # the pen digits were really mixed in: all 30, rendered once
    assert share == 0.2 and pool.images.shape[0] == 30
    [run] = tab.store.list()
    assert run.train_config == cfg

    # remembered: the next start of the tab shows the same settings
    from mnistgui.gui.train.tab import TrainingTab

    again = TrainingTab(runs_root=tmp_path / "runs", cache_dir=tmp_path / "cache")
    qtbot.addWidget(again)
    again.ensure_built()
    assert again.settings.config(val_size=cfg.val_size) == cfg


def test_stopping_while_preparing_starts_no_run(qtbot, tab, tmp_path, gate):
    tab.settings.pen_data.setText(str(_pen_file(tmp_path)))
    tab.settings.pen.setValue(20.0)
    tab.settings.pen_variants.setValue(1)
    assert tab.start() and tab.state == "preparing"
    qtbot.mouseClick(tab.controls.stop_button, Qt.MouseButton.LeftButton)
    assert tab.state == "stopping"
    gate.set()
    qtbot.waitUntil(lambda: tab.state == "idle", timeout=TIMEOUT)
    assert tab.trainer is None and tab.store.list() == []
    assert tab.controls.progress_label.text() == "Stopped before training began."
    assert tab.controls.start_button.isEnabled() and tab.controls.progress.maximum() == 1000


def test_a_missing_pen_file_is_reported_and_nothing_starts(qtbot, tab, tmp_path):
    tab.settings.pen_data.setText(str(tmp_path / "missing.json"))
    tab.settings.pen.setValue(20.0)
    assert tab.start()
    qtbot.waitUntil(lambda: tab.state == "idle", timeout=TIMEOUT)
    assert "no such stroke file" in tab.last_error and tab.store.list() == []
    assert tab.controls.start_button.isEnabled()


def test_the_run_says_which_epoch_it_keeps(qtbot):
    from mnistgui.core.events import EpochMetrics
    from mnistgui.gui.train.run_controls import RunControls

    controls = RunControls()
    qtbot.addWidget(controls)
    e = EpochMetrics(epoch=7, epochs=9, train_loss=0.3, train_accuracy=0.97, val_loss=0.061, val_accuracy=0.991,
                     lr=1e-4, best_epoch=4, best_val_loss=0.052, epochs_without_improvement=3, patience=0, seconds=9.0)
    controls.show_best(e, 0.992)
    assert controls.best_label.text().startswith("Best: epoch 4")
    assert "lowest validation loss: 0.0520" in controls.best_label.toolTip()
    controls.show_best(dataclasses.replace(e, best_epoch=7, best_val_loss=0.061, keep="last"), 0.991)
    assert controls.best_label.text().startswith("Kept: epoch 7 (the last)")
    assert "last epoch's weights are kept (validation loss 0.0610)" in controls.best_label.toolTip()
