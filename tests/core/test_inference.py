"""The predictor's lean forward pass (core/inference.py) reads exactly as the model does."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from mnistgui.core.inference import FastForward
from mnistgui.core.model import ARCHITECTURES, DigitCNN, ModelConfig
from mnistgui.core.predict import Predictor
from mnistgui.core.preprocess import PreprocessConfig


def _trained_looking(arch: str, seed: int) -> DigitCNN:
    """A model whose batch norms hold non-trivial statistics, in eval mode."""
    torch.manual_seed(seed)
    model = DigitCNN(ModelConfig(arch=arch))
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, torch.nn.BatchNorm2d):
                m.running_mean.uniform_(-0.5, 0.5)
                m.running_var.uniform_(0.2, 3.0)
                m.weight.uniform_(-1.5, 1.5)  # negative scales too
                m.bias.uniform_(-0.5, 0.5)
    return model.eval()


@pytest.mark.parametrize("arch", ARCHITECTURES)
@pytest.mark.parametrize("layout", [torch.contiguous_format, torch.channels_last])
def test_it_equals_the_model_in_eval_mode(arch, layout):
    model = _trained_looking(arch, seed=3).to(memory_format=layout)
    x = torch.randn(5, 1, 28, 28)
    with torch.inference_mode():
        ref = model(x)
        out = FastForward(model)(x.clone())
    assert out.shape == (5, 10)
    torch.testing.assert_close(out, ref, rtol=1e-5, atol=1e-5)


def test_new_weights_are_read_at_once_and_the_input_is_left_alone():
    model = _trained_looking("standard", seed=4)
    fast = FastForward(model)
    x = torch.randn(2, 1, 28, 28)
    before = x.clone()
    with torch.inference_mode():
        first = fast(x)
    other = _trained_looking("standard", seed=5)
    model.load_state_dict(other.state_dict())  # in place, as a training snapshot arrives
    with torch.inference_mode():
        second = fast(x)
        torch.testing.assert_close(second, other(x), rtol=1e-5, atol=1e-5)
    assert not torch.allclose(first, second)
    assert torch.equal(x, before)


def test_the_predictor_reads_through_it_and_follows_a_swapped_model():
    cfg = PreprocessConfig()
    pred = Predictor(_trained_looking("standard", seed=6), cfg)
    images = np.random.default_rng(0).random((3, 28, 28), dtype=np.float32)
    x = torch.from_numpy((images - np.float32(cfg.mean)) / np.float32(cfg.std))[:, None]
    with torch.inference_mode():
        expected = torch.softmax(pred.model(x), dim=1).numpy()
    np.testing.assert_allclose(pred.probabilities(images), expected, atol=1e-6)
    pred.model = _trained_looking("wide", seed=7)
    with torch.inference_mode():
        expected = torch.softmax(pred.model(x), dim=1).numpy()
    np.testing.assert_allclose(pred.probabilities(images), expected, atol=1e-6)
