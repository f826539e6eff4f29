"""Calibrated probabilities and the unsure rule: fitted as stated, stored, and applied by the
one path every caller uses (Predictor)."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from mnistgui.core.calibration import (
    Calibration,
    calibrate,
    choose_threshold,
    expected_calibration_error,
    fit_temperature,
)
from mnistgui.core.checkpoint import Checkpoint, checkpoint_from_bytes, to_bytes
from mnistgui.core.errors import CheckpointError
from mnistgui.core.model import ModelConfig, build_model
from mnistgui.core.predict import Predictor


def _sampled(temperature: float, n: int = 20000, seed: int = 0):
    """Logits and labels drawn from softmax(logits / temperature): the true temperature is known."""
    g = torch.Generator().manual_seed(seed)
    logits = torch.randn(n, 10, generator=g) * 4
    labels = torch.multinomial(torch.softmax(logits / temperature, 1), 1, generator=g).squeeze(1)
    return logits, labels


@pytest.mark.parametrize("true_t", [0.5, 1.0, 2.5])
def test_fitted_temperature_recovers_the_true_one(true_t):
    logits, labels = _sampled(true_t)
    assert fit_temperature(logits, labels) == pytest.approx(true_t, rel=0.05)


def test_calibration_lowers_the_expected_calibration_error_of_an_overconfident_model():
    logits, labels = _sampled(3.0)  # the raw softmax is far too sure
    raw = torch.softmax(logits, 1).numpy()
    cal = calibrate(logits, labels)
    fitted = cal.probabilities(logits).numpy()
    assert expected_calibration_error(fitted, labels.numpy()) < 0.3 * expected_calibration_error(raw, labels.numpy())
    assert np.array_equal(fitted.argmax(1), raw.argmax(1))  # calibration changes no reading


def test_threshold_flags_at_most_the_allowed_share_of_correct_readings():
    logits, labels = _sampled(1.0)
    probs = torch.softmax(logits, 1).numpy()
    t = choose_threshold(probs, labels.numpy(), false_flag_rate=0.02)
    correct = probs.argmax(1) == labels.numpy()
    flagged_correct = (probs.max(1) < t)[correct].mean()
    assert 0.015 <= flagged_correct <= 0.02
    # and wrong readings, less sure on the whole, are flagged far more often
    assert (probs.max(1) < t)[~correct].mean() > 5 * flagged_correct


def test_unsure_rule_on_fixed_probabilities():
    cal = Calibration(temperature=1.0, unsure_below=0.7)
    probs = np.array([[0.69] + [0.31 / 9] * 9, [0.71] + [0.29 / 9] * 9])
    assert cal.unsure(probs).tolist() == [True, False]


@pytest.mark.parametrize("bad", [{"temperature": 0.0}, {"temperature": float("nan")},
                                 {"unsure_below": 1.5}, {"temperature": "x"}])
def test_a_damaged_calibration_section_is_refused_clearly(bad):
    model = build_model(ModelConfig(arch="standard"))
    ckpt = Checkpoint(model_config=model.config, state_dict=model.state_dict(), calibration=bad)
    with pytest.raises(CheckpointError, match="calibration"):  # refused when read
        checkpoint_from_bytes(to_bytes(ckpt))
    with pytest.raises(CheckpointError, match="calibration"):  # and by a predictor made without reading
        Predictor.from_checkpoint(ckpt)


def test_predictor_applies_the_checkpoint_temperature_and_rule():
    torch.manual_seed(0)
    model = build_model(ModelConfig(arch="standard")).eval()
    cal = Calibration(temperature=2.0, unsure_below=0.55)
    ckpt = checkpoint_from_bytes(to_bytes(Checkpoint(model_config=model.config, state_dict=model.state_dict(),
                                                     calibration=cal.to_dict())))
    pred = Predictor.from_checkpoint(ckpt)
    images = np.random.default_rng(0).random((4, 28, 28)).astype(np.float32)
    with torch.inference_mode():
        from mnistgui.core.preprocess import to_model_input

        logits = pred.model(to_model_input(images, pred.preprocess))
    expected = torch.softmax(logits / 2.0, 1).numpy()
    np.testing.assert_allclose(pred.probabilities(images), expected, rtol=1e-5, atol=1e-6)
    one = pred.predict_gray(np.pad(np.ones((10, 3), np.float32), 9))
    assert one.unsure_below == 0.55
    assert one.unsure == (one.confidence < 0.55)


def test_shipped_model_is_calibrated_sure_of_clear_drawings_and_unsure_of_a_doubtful_one():
    import math

    pred = Predictor.load()
    assert pred.checkpoint.calibration, "the shipped model carries a calibration section"
    assert 0.2 < pred.calibration.temperature < 5 and 0.3 < pred.calibration.unsure_below < 0.99
    one = [[(0.5, 0.15), (0.5, 0.85)]]
    zero = [[(0.5 + 0.25 * math.sin(t / 20 * 2 * math.pi), 0.5 - 0.35 * math.cos(t / 20 * 2 * math.pi))
             for t in range(21)]]
    for strokes, digit in ((one, 1), (zero, 0)):
        p = pred.predict_canvas(strokes)
        assert p.digit == digit and not p.unsure and p.confidence > 0.99
    # a 3 whose lower bowl closes back towards the middle: between a 2 and a 3
    doubtful = [[(0.3, 0.2), (0.6, 0.15), (0.65, 0.35), (0.45, 0.5), (0.7, 0.7), (0.5, 0.85), (0.3, 0.75),
                 (0.4, 0.55)]]
    p = pred.predict_canvas(doubtful)
    top_two = np.sort(p.probabilities)[-2:]
    assert p.unsure and top_two[0] > 0.2 and top_two[1] < pred.calibration.unsure_below
    assert p.probabilities.sum() == pytest.approx(1.0, abs=1e-5)
