"""The Train tab's precision and quick recipe reach TrainConfig as `mnistgui train`'s flags do,
and a run in the tab trains on every core while the tab is shown."""

from __future__ import annotations

import os

import pytest
from PySide6.QtWidgets import QLabel, QTabWidget

from mnistgui import cli
from mnistgui.core.train import TrainConfig


def _cli_config(*flags: str) -> TrainConfig:
    from mnistgui.core.jobs import PRESETS

    argv = ["train", "--out", "m.pt", *flags]
    a = cli.build_parser(argv).parse_args(argv)
    base = PRESETS[a.preset]
    return TrainConfig(**{**base.to_dict(), "batch_size": a.batch_size, "epochs": a.epochs, "lr": a.lr,
                          "warmup": a.warmup, "augment_strength": a.augment_strength, "precision": a.precision})


def test_precision_and_the_quick_recipe_are_the_cli_flags(settings):
    assert settings.config().precision == "auto" and "here" in settings.precision.currentText()
    settings.precision.setCurrentIndex(settings.precision.findData("fp32"))
    assert settings.config().precision == "fp32" == _cli_config("--precision", "fp32").precision
    settings.quick_recipe_action.trigger()
    assert settings.config() == _cli_config("--preset", "quick")
    assert settings.config() != TrainConfig() and settings.precision.currentData() == "auto"
    settings.default_recipe_action.trigger()
    assert settings.config() == TrainConfig()
    assert settings.precision.toolTip() and settings.quick_recipe_action.toolTip()


def test_training_takes_every_core_while_the_train_tab_is_shown(qtbot, tmp_path):
    from mnistgui.gui.train.tab import TrainingTab

    tabs = QTabWidget()
    qtbot.addWidget(tabs)
    tab = TrainingTab(runs_root=tmp_path / "runs", cache_dir=tmp_path / "no-mnist")
    tabs.addTab(QLabel("a page with a canvas"), "Draw")
    tabs.addTab(tab, "Train")
    tabs.resize(1024, 700)
    tabs.show()
    qtbot.waitExposed(tabs)
    cores = os.cpu_count() or 1
    assert tab.thread_budget() == max(1, cores - 1)  # not shown yet: the user may be drawing
    tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: tab.thread_budget() == cores)
    tabs.setCurrentIndex(0)
    qtbot.waitUntil(lambda: tab.thread_budget() == max(1, cores - 1))
    assert tab.shutdown(20000)
