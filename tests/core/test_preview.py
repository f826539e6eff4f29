"""The live prediction grid: fixed picks, and a reading that is the snapshot's own."""

from __future__ import annotations

import numpy as np
import torch

from mnistgui.core.model import ModelConfig, build_model
from mnistgui.core.preview import GridPredictor, grid_picks
from mnistgui.core.train import cpu_state_dict, predict_logits


def test_picks_are_rows_of_every_digit_and_the_same_each_time():
    labels = np.repeat(np.arange(10), 7)
    picks = grid_picks(labels, per_digit=3)
    assert len(picks) == 30 and labels[picks].tolist() == list(range(10)) * 3
    assert np.array_equal(picks, grid_picks(labels, per_digit=3))
    assert len(set(picks.tolist())) == 30
    few = np.array([0, 0, 1])  # digits missing or short of images: what there is
    assert sorted(few[grid_picks(few, per_digit=2)].tolist()) == [0, 0, 1]


def test_a_reading_uses_the_snapshots_weights_and_leaves_the_training_model_alone():
    torch.manual_seed(0)
    cfg = ModelConfig(arch="classic")
    trained = build_model(cfg)
    images = torch.randint(0, 256, (20, 28, 28), dtype=torch.uint8)
    labels = torch.arange(20) % 10
    grid = GridPredictor(cfg, images, labels)
    assert grid.model is not trained
    reading = grid.read(3, cpu_state_dict(trained))
    expect = predict_logits(trained, images).argmax(1).numpy()
    assert reading.epoch == 3 and np.array_equal(reading.predictions, expect)
    assert reading.right == int((expect == labels.numpy()).sum())
    assert np.all((reading.confidence > 0.0) & (reading.confidence <= 1.0))
    # other weights, another reading
    with torch.no_grad():
        for p in trained.parameters():
            p.add_(torch.randn_like(p))
    again = grid.read(4, cpu_state_dict(trained))
    assert np.array_equal(again.predictions, predict_logits(trained, images).argmax(1).numpy())


def test_the_readings_follow_each_snapshot_in_the_event_stream():
    from mnistgui.core.events import BatchMetrics, Snapshot
    from mnistgui.core.preview import GridReading, with_grid_readings

    cfg = ModelConfig(arch="classic")
    sd = cpu_state_dict(build_model(cfg))
    images = torch.zeros((10, 28, 28), dtype=torch.uint8)
    grid = GridPredictor(cfg, images, torch.arange(10))
    batch = BatchMetrics(1, 1, 1, 1, 0.5, 0.5, 0.1, 100.0, 0.1)
    events = [batch, Snapshot(1, sd, True), batch, Snapshot(2, sd, False)]
    out = list(with_grid_readings(lambda: iter(events), grid))
    kinds = [type(e).__name__ for e in out]
    assert kinds == ["BatchMetrics", "Snapshot", "GridReading", "BatchMetrics", "Snapshot", "GridReading"]
    assert [e.epoch for e in out if isinstance(e, GridReading)] == [1, 2]
