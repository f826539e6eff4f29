"""The Train tab's live prediction grid and its model summary."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from mnistgui.core.data import MnistData
from mnistgui.core.preview import grid_picks
from mnistgui.core.train import predict_logits

TIMEOUT = 60000


@pytest.fixture
def tab(qtbot, tmp_path, mnist_small):
    from mnistgui.gui.train.tab import TrainingTab

    d = mnist_small
    t = TrainingTab(runs_root=tmp_path / "runs", cache_dir=tmp_path / "cache")
    qtbot.addWidget(t)
    t.resize(1280, 730)
    t.show()
    qtbot.waitExposed(t)
    t.set_data(MnistData(d.train_images[:800], d.train_labels[:800], d.test_images, d.test_labels, d.source))
    t.data_panel.train_limit.setValue(480)
    t.data_panel.val_size.setValue(160)
    t.settings.batch_size.setValue(64)
    t.settings.epochs.setValue(2)
    yield t
    assert t.shutdown(20000)


def test_the_grid_is_read_again_at_every_epoch_with_that_epochs_weights(qtbot, tab):
    seen = []
    tiles = tab.predictions.tiles
    orig = tiles.set_reading
    tiles.set_reading = lambda r: (seen.append(r), orig(r))  # noqa: E731 - a spy on the GUI thread
    assert tiles.reading is None and "Start a run" in tab.predictions.title.text()
    assert tab.start()
    picks = grid_picks(tab.data.test_labels.numpy())
    assert np.array_equal(tiles.labels, tab.data.test_labels[picks].numpy()) and len(picks) == 40
    qtbot.waitUntil(lambda: tab.state == "finished", timeout=TIMEOUT)
    assert [r.epoch for r in seen] == [1, 2]  # read in the training thread, painted here
    # the last reading is the last epoch's model's own
    last = tab._latest[1]
    model = tab.trainer.model
    with torch.no_grad():
        ref = predict_logits(model, tab.data.test_images[picks], tab.trainer.preprocess).argmax(1).numpy()
    assert all(torch.equal(v.cpu(), last[k].cpu()) for k, v in model.state_dict().items())
    assert np.array_equal(seen[-1].predictions, ref)
    assert tab.predictions.title.text() == f"Epoch 2: {seen[-1].right} of 40 read right"
    tab.new_run()
    assert tiles.reading is None and tiles.images is None


def test_the_model_page_summarises_the_next_runs_architecture_then_the_runs_model(qtbot, tab):
    s = tab.summary
    standard = s.summary.parameters
    assert s.summary.layers[0].output_shape == (32, 26, 26) and "Next run" in s.title.text()
    tab.settings.arch.setCurrentText("wide")
    assert s.summary.layers[0].output_shape == (32, 28, 28) and s.summary.parameters != standard
    assert tab.start()
    assert s.summary.parameters == sum(p.numel() for p in tab.trainer.model.parameters())
    assert tab.run_info.name in s.title.text()
    qtbot.waitUntil(lambda: tab.state == "finished", timeout=TIMEOUT)
